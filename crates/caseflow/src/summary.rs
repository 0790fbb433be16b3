//! What other crates read from a case: a flat summary for statistics, and the full report the
//! CLI prints.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use weiquan_complaint::Yuan;
use weiquan_law::Citation;

use crate::Error;
use crate::cal::Calendar;
use crate::case::{Case, Pause, Record};
use crate::deadline::{Deadline, DeadlineStatus};
use crate::event::{Actor, EventKind, Mediator, Satisfaction, legal_day};
use crate::policy::Policy;
use crate::procedure::Procedure;
use crate::state::{Outcome, StateKind};

/// The version of the [`CaseReport`] document.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// One case in the figures the statistics need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    /// The complaint's reference.
    pub complaint_id: String,
    /// The procedure.
    pub procedure: Procedure,
    /// The current state.
    pub state: StateKind,
    /// How it ended, if it has.
    pub outcome: Option<Outcome>,
    /// Whether it was resolved by agreement.
    pub resolved: bool,
    /// What the consumer recovered, for a resolution.
    pub amount_recovered: Option<Yuan>,
    /// The legal day it was received.
    pub received_on: NaiveDate,
    /// The legal day the outcome was reached.
    pub outcome_on: Option<NaiveDate>,
    /// The legal day it was closed.
    pub closed_on: Option<NaiveDate>,
    /// Working days from receipt to closure (or to the outcome if not yet closed, or to
    /// `as_of` if still open).
    pub handling_working_days: u32,
    /// Working days mediation was suspended.
    pub paused_working_days: u32,
    /// Deadlines met.
    pub deadlines_met: u32,
    /// Deadlines missed.
    pub deadlines_missed: u32,
    /// Deadlines still pending.
    pub deadlines_pending: u32,
    /// The consumer's rating.
    pub satisfaction: Option<Satisfaction>,
    /// The body mediation was delegated to.
    pub delegated_to: Option<String>,
    /// Events recorded.
    pub events: u64,
}

/// One history entry as printed.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryItem<'a> {
    /// Sequence number.
    pub seq: u64,
    /// The instant.
    pub at: DateTime<FixedOffset>,
    /// Its legal day (CST).
    pub legal_day: NaiveDate,
    /// Who.
    pub actor: Actor,
    /// What, with its payload.
    pub event: &'a EventKind,
    /// State before.
    pub from: StateKind,
    /// State after.
    pub to: StateKind,
    /// The transition-table row (absent for the opening event).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
}

/// The case as the CLI prints it: state, history, deadlines with status, summary.
#[derive(Debug, Clone, Serialize)]
pub struct CaseReport<'a> {
    /// Always [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The complaint's reference.
    pub complaint_id: &'a str,
    /// The procedure.
    pub procedure: Procedure,
    /// Its Chinese name.
    pub procedure_zh: &'static str,
    /// Its citation and reliability.
    pub procedure_basis: Citation<'static>,
    /// The policy in force.
    pub policy: &'a Policy,
    /// The date the deadlines' status is given for.
    pub as_of: NaiveDate,
    /// Current state.
    pub state: StateKind,
    /// Its Chinese name.
    pub state_zh: &'static str,
    /// How it ended.
    pub outcome: Option<&'a Outcome>,
    /// Who mediates.
    pub mediator: Option<&'a Mediator>,
    /// Whether the association's mediation period was extended.
    pub extended: bool,
    /// Suspensions.
    pub pauses: &'a [Pause],
    /// The consumer's rating.
    pub satisfaction: Option<Satisfaction>,
    /// Every event.
    pub history: Vec<HistoryItem<'a>>,
    /// Every started deadline with its status.
    pub deadlines: Vec<Deadline>,
    /// The summary.
    pub summary: CaseSummary,
}

impl Case {
    /// The summary for statistics, as of `as_of`.
    ///
    /// ```
    /// use weiquan_caseflow::{Case, ProcedureSelection};
    /// let case = Case::open("C-1", "2024-05-10T09:30:00+08:00".parse()?,
    ///                       ProcedureSelection::MarketRegulation)?;
    /// let s = case.summary("2024-05-20".parse()?)?;
    /// assert_eq!(s.handling_working_days, 7); // Saturday 11 May (a working day), 13–17 and 20 May
    /// assert_eq!((s.deadlines_met, s.deadlines_missed, s.deadlines_pending), (0, 0, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary(&self, as_of: NaiveDate) -> Result<CaseSummary, Error> {
        self.summary_on(crate::default_calendar(), as_of)
    }

    /// [`Case::summary`] with an explicit calendar.
    pub fn summary_on(&self, cal: &Calendar, as_of: NaiveDate) -> Result<CaseSummary, Error> {
        let deadlines = self.deadlines_on(cal, as_of)?;
        self.summary_from(cal, as_of, &deadlines)
    }

    fn summary_from(
        &self,
        cal: &Calendar,
        as_of: NaiveDate,
        deadlines: &[Deadline],
    ) -> Result<CaseSummary, Error> {
        let received_on = legal_day(self.received_at());
        let end = self.closed_on.or(self.outcome_day).unwrap_or(as_of);
        let mut paused = 0u32;
        for p in &self.pauses {
            let to = p.to.unwrap_or(as_of);
            paused = paused.saturating_add(cal.working_days_between(p.from, to)?);
        }
        let count = |s| deadlines.iter().filter(|d| d.status == s).count() as u32;
        Ok(CaseSummary {
            complaint_id: self.complaint_id.clone(),
            procedure: self.procedure,
            state: self.state,
            outcome: self.outcome.clone(),
            resolved: matches!(self.outcome, Some(Outcome::Resolved { .. })),
            amount_recovered: self.outcome.as_ref().and_then(Outcome::amount_recovered),
            received_on,
            outcome_on: self.outcome_day,
            closed_on: self.closed_on,
            handling_working_days: cal.working_days_between(received_on, end)?,
            paused_working_days: paused,
            deadlines_met: count(DeadlineStatus::Met),
            deadlines_missed: count(DeadlineStatus::Missed),
            deadlines_pending: count(DeadlineStatus::Pending),
            satisfaction: self.satisfaction,
            delegated_to: match &self.mediator {
                Some(Mediator::Delegated { body }) => Some(body.clone()),
                _ => None,
            },
            events: self.len(),
        })
    }

    /// The full report as of `as_of`.
    pub fn report(&self, as_of: NaiveDate) -> Result<CaseReport<'_>, Error> {
        self.report_on(crate::default_calendar(), as_of)
    }

    /// [`Case::report`] with an explicit calendar.
    pub fn report_on(&self, cal: &Calendar, as_of: NaiveDate) -> Result<CaseReport<'_>, Error> {
        let deadlines = self.deadlines_on(cal, as_of)?;
        let summary = self.summary_from(cal, as_of, &deadlines)?;
        Ok(CaseReport {
            schema_version: REPORT_SCHEMA_VERSION,
            complaint_id: &self.complaint_id,
            procedure: self.procedure,
            procedure_zh: self.procedure.name_zh(),
            procedure_basis: self.procedure.citation(),
            policy: &self.policy,
            as_of,
            state: self.state,
            state_zh: self.state.name_zh(),
            outcome: self.outcome.as_ref(),
            mediator: self.mediator.as_ref(),
            extended: self.extended,
            pauses: &self.pauses,
            satisfaction: self.satisfaction,
            history: self
                .history
                .iter()
                .enumerate()
                .map(|(i, r): (usize, &Record)| HistoryItem {
                    seq: i as u64 + 1,
                    at: r.event.at,
                    legal_day: r.event.legal_day(),
                    actor: r.event.actor,
                    event: &r.event.event,
                    from: r.from,
                    to: r.to,
                    rule: r.rule().map(|x| x.id),
                })
                .collect(),
            deadlines,
            summary,
        })
    }
}
