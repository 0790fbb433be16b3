//! The configurable choices: everything the reference marks `[S]`/`[U]` that a body may need to
//! set differently. The policy in force is recorded in the case's first event, so a replay
//! always uses the choices the case was handled under.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::limits::{self, DeadlineKind};
use crate::procedure::Procedure;

/// Largest period a policy may set, in the rule's unit.
pub const MAX_OVERRIDE: u32 = 1000;

/// Configurable rules for one case. `Policy::default()` is the reference's position.
///
/// ```
/// use weiquan_caseflow::{Policy, Procedure};
/// let mut policy = Policy::default();
/// // A bureau's own return-visit practice: within 10 working days of closing.
/// policy.limits.insert("samr121.return_visit".into(), 10);
/// policy.check(Procedure::SamrOrder121)?;
/// // A verified statutory period cannot be changed.
/// policy.limits.insert("samr20.mediation_period".into(), 30);
/// assert_eq!(policy.check(Procedure::SamrOrder20).unwrap_err().code(), "caseflow.policy");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Civil Code Art. 203: a calendar-day or month period whose last day is not a working
    /// day ends on the next working day. Whether it applies to these periods is unresolved
    /// `[U]`; it is applied by default, as an interpretation of Civil Code Art. 203.
    #[serde(default = "yes")]
    pub civil_code_art_203: bool,
    /// Whether testing, inspection and appraisal stop the clock where the table marks that
    /// rule `[S]`/`[U]` (Order No. 121, consumer associations). A `[V]` rule (Order No. 20 Art. 20)
    /// always applies.
    #[serde(default = "yes")]
    pub testing_stops_clock: bool,
    /// Whether a recusal application stops the clock (an inference from Order No. 20
    /// Art. 19's suspension, `[U]`).
    #[serde(default = "yes")]
    pub recusal_stops_clock: bool,
    /// Periods set differently from the table, by rule id (e.g. `cca.mediation_period`), in
    /// the rule's unit. Only rules marked `[S]`/`[U]` may be set.
    #[serde(default)]
    pub limits: BTreeMap<String, u32>,
}

fn yes() -> bool {
    true
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            civil_code_art_203: true,
            testing_stops_clock: true,
            recusal_stops_clock: true,
            limits: BTreeMap::new(),
        }
    }
}

impl Policy {
    /// Checks that every override names an `[S]`/`[U]` rule of `procedure` whose period is a
    /// number of units (not a date set case by case), with a value in `1..=1000`.
    pub fn check(&self, procedure: Procedure) -> Result<(), Error> {
        for (id, &value) in &self.limits {
            let bad = |reason: &'static str| Error::InvalidPolicy {
                // The id as given, echoed (cut, identifiers masked).
                field: format!("limits.{}", weiquan_support::mask::echo(id)),
                value: value.to_string(),
                reason,
            };
            let rule = limits::by_id(id).ok_or_else(|| bad("no time limit has this id"))?;
            if rule.procedure != procedure {
                return Err(bad("the time limit belongs to another procedure"));
            }
            if !rule.flagged() {
                return Err(bad("a verified statutory time limit cannot be changed"));
            }
            if rule.kind == DeadlineKind::IdentityDocuments {
                return Err(bad("this period is set case by case in the request"));
            }
            if !rule.configurable() {
                // A transfer is due only when the body lacks authority, which the case does
                // not know until the transfer itself; no period can be run for it.
                return Err(bad("the transfer has no period the case could run"));
            }
            if value == 0 || value > MAX_OVERRIDE {
                return Err(bad("the period must be between 1 and 1000 units"));
            }
        }
        Ok(())
    }

    /// The period in force for a rule: the override if any, else the table's number.
    pub fn amount(&self, rule: &limits::LimitRule) -> Option<u32> {
        self.limits.get(rule.id).copied().or(rule.amount)
    }
}
