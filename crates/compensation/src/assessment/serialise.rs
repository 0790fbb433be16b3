//! The assessment's JSON form: the rendered text next to the structured values, and each
//! rule's citations (structured, with their Chinese and English texts and marks) and
//! reliability next to its id. Texts that state statutory numbers say the values in force
//! under the assessment's policy. (The vocabularies' `Serialize`, the same
//! for every vocabulary, is written with them by their macro.)

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::render::Plain;
use super::vocabulary::{SetTexts, Texts};
use super::{
    ASSESSMENT_SCHEMA_VERSION, Amount, Assessment, Consideration, Item, OperatorDeadline, Remedy,
    Set, Step, Vocabulary, Window,
};
use crate::cited::{self, Cites};
use crate::rules::RuleId;
use crate::table::ParamId;
use crate::text::Values;

impl<T: Vocabulary + Serialize> Serialize for Set<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl Serialize for Amount {
    /// An exact amount is a string (`"3897.00"`); a range is `{"min": ..., "max": ...}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Amount::Exact(a) => Plain(*a).serialize(s),
            Amount::Range { min, max } => {
                let mut m = s.serialize_struct("Range", 2)?;
                m.serialize_field("min", &Plain(*min))?;
                m.serialize_field("max", &Plain(*max))?;
                m.end()
            }
        }
    }
}

impl Serialize for Plain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A part of an assessment serialised with the numbers in force: the table's, with the
/// policy's overrides (the assessment's `overrides`). Each part's own `Serialize` uses the
/// table's numbers; the assessment's passes its overrides down.
pub(crate) struct With<'a, T: ?Sized>(pub(crate) &'a T, pub(crate) Values<'a>);

/// A parameter of the table, serialised with the value applied.
struct Param<'a>(ParamId, Values<'a>);

impl Serialize for Param<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.parameter().serialize_with(self.1, s)
    }
}

/// A rule's citations, and its reliability (the weakest of them), as every part that names a
/// rule writes them.
fn cite_rule<M: SerializeMap>(m: &mut M, rule: RuleId) -> Result<(), M::Error> {
    let r = rule.rule();
    m.serialize_entry("rule", &rule)?;
    m.serialize_entry("citations", &Cites::Rule(rule))?;
    m.serialize_entry("reliability", &r.reliability())
}

impl Serialize for With<'_, Step> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, v) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("label", &Texts(st.label, v))?;
        m.serialize_entry("text", &st.calc.to_string())?;
        if let Some(p) = st.parameter {
            m.serialize_entry("parameter", &Param(p, v))?;
            if st.overridden {
                m.serialize_entry("overridden_by_policy", &true)?;
            }
        }
        m.end()
    }
}

struct StepsWith<'a>(&'a [Step], Values<'a>);

impl Serialize for StepsWith<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|st| With(st, self.1)))
    }
}

impl Serialize for With<'_, Item> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (i, v) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &Texts(i.kind, v))?;
        m.serialize_entry("amount", &i.amount)?;
        m.serialize_entry("proposed", &i.proposed)?;
        cite_rule(&mut m, i.rule)?;
        if !i.notes.is_empty() {
            m.serialize_entry("notes", &SetTexts(i.notes, v))?;
        }
        m.serialize_entry("steps", &StepsWith(&i.steps, v))?;
        m.end()
    }
}

impl Serialize for With<'_, Window> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (w, v) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &Texts(w.kind, v))?;
        m.serialize_entry("from", &w.from)?;
        m.serialize_entry("last_day", &w.last_day)?;
        m.serialize_entry("extension", &Texts(w.extension, v))?;
        if let Some(d) = w.extended_to {
            m.serialize_entry("extended_to", &d)?;
        }
        m.serialize_entry("parameter", &Param(w.parameter, v))?;
        if let Some(k) = w.km_parameter {
            m.serialize_entry("km_parameter", &Param(k, v))?;
        }
        m.end()
    }
}

impl Serialize for With<'_, OperatorDeadline> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, v) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        let (en, zh) = cited::meaning(d.parameter, v);
        m.serialize_entry("en", &en)?;
        m.serialize_entry("zh", &zh)?;
        if let Some(due) = d.due {
            m.serialize_entry("due", &due)?;
        }
        m.serialize_entry("parameter", &Param(d.parameter, v))?;
        m.end()
    }
}

impl Serialize for With<'_, Remedy> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, v) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &Texts(r.kind, v))?;
        m.serialize_entry("status", &Texts(r.status, v))?;
        cite_rule(&mut m, r.rule)?;
        if let Some(w) = &r.window {
            m.serialize_entry("window", &With(w, v))?;
        }
        if let Some(a) = &r.refund {
            m.serialize_entry("refund", a)?;
        }
        if !r.conditions.is_empty() {
            m.serialize_entry("conditions", &SetTexts(r.conditions, v))?;
        }
        let deadlines: Vec<With<'_, OperatorDeadline>> = r
            .operator_deadlines
            .iter()
            .flatten()
            .map(|d| With(d, v))
            .collect();
        if !deadlines.is_empty() {
            m.serialize_entry("operator_deadlines", &deadlines)?;
        }
        m.end()
    }
}

impl Serialize for With<'_, Consideration> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, v) = (self.0, self.1);
        let r = c.rule.rule();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &c.rule)?;
        let (title_en, title_zh) = cited::title(c.rule, v);
        m.serialize_entry("title_en", &title_en)?;
        m.serialize_entry("title_zh", &title_zh)?;
        m.serialize_entry("citations", &Cites::Rule(c.rule))?;
        m.serialize_entry("reliability", &r.reliability())?;
        m.serialize_entry("outcome", &Texts(c.outcome, v))?;
        m.serialize_entry("reason", &Texts(c.reason, v))?;
        if !c.missing.is_empty() {
            m.serialize_entry("missing_facts", &c.missing)?;
        }
        m.end()
    }
}

/// The plain `Serialize` of each part: with the table's numbers.
macro_rules! with_table_values {
    ($($t:ty),+) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                With(self, Values::TABLE).serialize(s)
            }
        }
    )+};
}

with_table_values!(Step, Item, Window, OperatorDeadline, Remedy, Consideration);

struct Seq<'a, T>(&'a [T], Values<'a>);

impl<'a, T> Serialize for Seq<'a, T>
where
    With<'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|x| With(x, self.1)))
    }
}

struct MissingList<'a>(&'a Assessment);

impl Serialize for MissingList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row {
            rule: RuleId,
            fact: &'static str,
        }
        s.collect_seq(
            self.0
                .missing_facts()
                .map(|(rule, fact)| Row { rule, fact }),
        )
    }
}

impl Serialize for Assessment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = Values(&self.overrides);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &ASSESSMENT_SCHEMA_VERSION)?;
        if let Some(id) = &self.claim_id {
            m.serialize_entry("claim_id", id)?;
        }
        m.serialize_entry("facts_date", &self.facts_date)?;
        m.serialize_entry("total", &self.total)?;
        m.serialize_entry("summary_en", &self.summary_en())?;
        m.serialize_entry("summary_zh", &self.summary_zh())?;
        m.serialize_entry("total_steps", &Seq(&self.total_steps, v))?;
        m.serialize_entry("items", &Seq(&self.items, v))?;
        m.serialize_entry("remedies", &Seq(&self.remedies, v))?;
        m.serialize_entry("missing_facts", &MissingList(self))?;
        m.serialize_entry("considered", &Seq(&self.considered, v))?;
        m.serialize_entry("flags", &SetTexts(self.flags, v))?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use weiquan_complaint::Yuan;

    use super::*;

    fn y(s: &str) -> Yuan {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_serialise_as_string_or_range() {
        assert_eq!(
            serde_json::to_string(&Amount::Exact(y("5"))).unwrap(),
            "\"5.00\""
        );
        assert_eq!(
            serde_json::to_string(&Amount::between(y("1"), y("3"))).unwrap(),
            r#"{"min":"1.00","max":"3.00"}"#
        );
        assert_eq!(Amount::between(y("2"), y("2")), Amount::Exact(y("2")));
    }
}
