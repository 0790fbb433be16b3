//! The compact form of an assessment: the decision without the whole working, for callers
//! that store or forward one result per claim (a case system, a batch, the C ABI at volume).
//!
//! It keeps every number the decision rests on — each item's amount with its computation
//! steps and the statutory parameter (table row id) each step used, the remedies with their
//! windows and the operator's deadlines, the total, the missing facts and the flags — and
//! drops the prose: codes instead of texts in two languages, parameter ids instead of table
//! rows, and the rules that did not apply listed by id with their reason code. A full
//! assessment is 18–24 kB of JSON (with every rule's structured citations); its compact form
//! about 1.5 kB.
//!
//! The view borrows the assessment and writes JSON straight from it: no copy is made.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::assessment::{
    Assessment, Item, OperatorDeadline, Outcome, Remedy, Set, Step, Vocabulary, Window,
};
use crate::rules::RuleId;

/// The version of the compact assessment document.
pub const COMPACT_ASSESSMENT_SCHEMA_VERSION: u32 = 1;

/// The compact form of an [`Assessment`]: a borrowed view that serialises to the document
/// described in `docs/compensation.md` ("The compact assessment").
///
/// ```
/// use weiquan_compensation::{assess, ClaimDocument, Policy};
///
/// let claim = ClaimDocument::from_json(r#"{"schema_version": 1,
///   "purchase": {"kind": "goods", "price_paid": "1299.00", "purchase_date": "2025-03-02"},
///   "findings": {"fraud": true}}"#)?;
/// let a = assess(&claim, &Policy::default())?;
/// let json = a.compact().to_json();
/// assert!(json.starts_with(r#"{"schema_version":1,"form":"compact","facts_date":"2025-03-02","total":"5196.00""#));
/// // The fraud item keeps its computation and the statutory numbers it used, by id.
/// assert!(json.contains(r#"{"label":"price_multiple","calc":"3 × 1,299.00 = 3,897.00","param":"crpl_2013_55_1_multiplier"}"#));
/// // A rule that did not apply is one code.
/// assert!(json.contains(r#""fsl_2015_148_2":"not_food""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CompactAssessment<'a> {
    a: &'a Assessment,
}

impl Assessment {
    /// The compact form of the assessment (see [`CompactAssessment`]).
    pub fn compact(&self) -> CompactAssessment<'_> {
        CompactAssessment { a: self }
    }
}

impl CompactAssessment<'_> {
    /// The compact document as JSON (one line).
    pub fn to_json(&self) -> String {
        // Most compact documents are 1–2 kB: one allocation instead of growing from 128 B.
        let mut buf = Vec::with_capacity(2048);
        // Serialising cannot fail: every key is a string and no Serialize impl here errors,
        // and serde_json writes only UTF-8.
        if serde_json::to_writer(&mut buf, self).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}

/// A set of vocabulary values as an array of codes.
struct Codes<T>(Set<T>);

impl<T: Vocabulary> Serialize for Codes<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Vocabulary::code))
    }
}

/// A computation step: its label, the computation in numbers, the parameter's id.
struct CompactStep<'a>(&'a Step);

impl Serialize for CompactStep<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("label", st.label.code())?;
        m.serialize_entry("calc", &Display(&st.calc))?;
        if let Some(p) = st.parameter {
            m.serialize_entry("param", p.code())?;
            if st.overridden {
                m.serialize_entry("overridden", &true)?;
            }
        }
        m.end()
    }
}

/// A `Display` value written as a JSON string without an intermediate `String`.
struct Display<'a, T>(&'a T);

impl<T: std::fmt::Display> Serialize for Display<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

struct Steps<'a>(&'a [Step]);

impl Serialize for Steps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(Some(self.0.len()))?;
        for st in self.0 {
            q.serialize_element(&CompactStep(st))?;
        }
        q.end()
    }
}

struct CompactItem<'a>(&'a Item);

impl Serialize for CompactItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", i.kind.code())?;
        m.serialize_entry("rule", &i.rule)?;
        m.serialize_entry("reliability", &i.rule.rule().reliability())?;
        m.serialize_entry("amount", &i.amount)?;
        m.serialize_entry("proposed", &i.proposed)?;
        if !i.notes.is_empty() {
            m.serialize_entry("notes", &Codes(i.notes))?;
        }
        m.serialize_entry("steps", &Steps(&i.steps))?;
        m.end()
    }
}

struct CompactWindow<'a>(&'a Window);

impl Serialize for CompactWindow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let w = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", w.kind.code())?;
        m.serialize_entry("param", w.parameter.code())?;
        if let Some(k) = w.km_parameter {
            m.serialize_entry("km_param", k.code())?;
        }
        m.serialize_entry("from", &w.from)?;
        m.serialize_entry("last_day", &w.last_day)?;
        m.serialize_entry("extension", w.extension.code())?;
        if let Some(d) = w.extended_to {
            m.serialize_entry("extended_to", &d)?;
        }
        m.end()
    }
}

struct CompactDeadline<'a>(&'a OperatorDeadline);

impl Serialize for CompactDeadline<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("param", d.parameter.code())?;
        if let Some(due) = d.due {
            m.serialize_entry("due", &due)?;
        }
        m.end()
    }
}

struct Deadlines<'a>(&'a [Option<OperatorDeadline>; 2]);

impl Serialize for Deadlines<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().flatten().map(CompactDeadline))
    }
}

struct CompactRemedy<'a>(&'a Remedy);

impl Serialize for CompactRemedy<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", r.kind.code())?;
        m.serialize_entry("rule", &r.rule)?;
        m.serialize_entry("reliability", &r.rule.rule().reliability())?;
        m.serialize_entry("status", r.status.code())?;
        if let Some(w) = &r.window {
            m.serialize_entry("window", &CompactWindow(w))?;
        }
        if let Some(a) = &r.refund {
            m.serialize_entry("refund", a)?;
        }
        if !r.conditions.is_empty() {
            m.serialize_entry("conditions", &Codes(r.conditions))?;
        }
        if r.operator_deadlines.iter().any(Option::is_some) {
            m.serialize_entry("operator_deadlines", &Deadlines(&r.operator_deadlines))?;
        }
        m.end()
    }
}

struct Items<'a>(&'a [Item]);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(CompactItem))
    }
}

struct Remedies<'a>(&'a [Remedy]);

impl Serialize for Remedies<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(CompactRemedy))
    }
}

struct Missing<'a>(&'a Assessment);

impl Serialize for Missing<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Row(RuleId, &'static str);
        impl Serialize for Row {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("rule", &self.0)?;
                m.serialize_entry("fact", self.1)?;
                m.end()
            }
        }
        s.collect_seq(self.0.missing_facts().map(|(r, f)| Row(r, f)))
    }
}

/// The rules with one outcome, in catalogue order.
struct RulesWith<'a>(&'a Assessment, Outcome);

impl Serialize for RulesWith<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .considered
                .iter()
                .filter(|c| c.outcome == self.1)
                .map(|c| c.rule),
        )
    }
}

/// The rules that neither applied nor were offered, each with its reason code.
struct NotApplied<'a>(&'a Assessment);

impl Serialize for NotApplied<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for c in self
            .0
            .considered
            .iter()
            .filter(|c| !gave_something(c.outcome))
        {
            m.serialize_entry(c.rule.code(), c.reason.code())?;
        }
        m.end()
    }
}

fn gave_something(o: Outcome) -> bool {
    matches!(o, Outcome::Applied | Outcome::Offered)
}

impl Serialize for CompactAssessment<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.a;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &COMPACT_ASSESSMENT_SCHEMA_VERSION)?;
        m.serialize_entry("form", "compact")?;
        if let Some(id) = &a.claim_id {
            m.serialize_entry("claim_id", id)?;
        }
        m.serialize_entry("facts_date", &a.facts_date)?;
        m.serialize_entry("total", &a.total)?;
        m.serialize_entry("total_steps", &Steps(&a.total_steps))?;
        m.serialize_entry("items", &Items(&a.items))?;
        m.serialize_entry("remedies", &Remedies(&a.remedies))?;
        m.serialize_entry("missing_facts", &Missing(a))?;
        m.serialize_entry("flags", &Codes(a.flags))?;
        m.serialize_entry("applied", &RulesWith(a, Outcome::Applied))?;
        m.serialize_entry("offered", &RulesWith(a, Outcome::Offered))?;
        m.serialize_entry("not_applied", &NotApplied(a))?;
        m.end()
    }
}
