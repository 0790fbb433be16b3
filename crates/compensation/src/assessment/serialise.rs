//! The assessment's JSON form: the rendered text next to the structured values, and each
//! rule's citation and reliability next to its id. (The vocabularies' `Serialize`, the same
//! for every vocabulary, is written with them by their macro.)

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::render::Plain;
use super::{
    ASSESSMENT_SCHEMA_VERSION, Amount, Assessment, Consideration, Item, OperatorDeadline, Remedy,
    Set, Step, Vocabulary, Window,
};
use crate::rules::RuleId;

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

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("label", &self.label)?;
        m.serialize_entry("text", &self.calc.to_string())?;
        if let Some(p) = self.parameter {
            m.serialize_entry("parameter", p.parameter())?;
            if self.overridden {
                m.serialize_entry("overridden_by_policy", &true)?;
            }
        }
        m.end()
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.rule.rule();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.kind)?;
        m.serialize_entry("amount", &self.amount)?;
        m.serialize_entry("proposed", &self.proposed)?;
        m.serialize_entry("rule", &self.rule)?;
        m.serialize_entry("citation_en", r.citation_en)?;
        m.serialize_entry("citation_zh", r.citation_zh)?;
        m.serialize_entry("reliability", &r.reliability)?;
        if !self.notes.is_empty() {
            m.serialize_entry("notes", &self.notes)?;
        }
        m.serialize_entry("steps", &self.steps)?;
        m.end()
    }
}

impl Serialize for Window {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.kind)?;
        m.serialize_entry("from", &self.from)?;
        m.serialize_entry("last_day", &self.last_day)?;
        m.serialize_entry("extension", &self.extension)?;
        if let Some(d) = self.extended_to {
            m.serialize_entry("extended_to", &d)?;
        }
        m.serialize_entry("parameter", self.parameter.parameter())?;
        if let Some(k) = self.km_parameter {
            m.serialize_entry("km_parameter", k.parameter())?;
        }
        m.end()
    }
}

impl Serialize for OperatorDeadline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.parameter.parameter();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("en", p.meaning_en)?;
        m.serialize_entry("zh", p.meaning_zh)?;
        if let Some(d) = self.due {
            m.serialize_entry("due", &d)?;
        }
        m.serialize_entry("parameter", p)?;
        m.end()
    }
}

impl Serialize for Remedy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.rule.rule();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.kind)?;
        m.serialize_entry("status", &self.status)?;
        m.serialize_entry("rule", &self.rule)?;
        m.serialize_entry("citation_en", r.citation_en)?;
        m.serialize_entry("citation_zh", r.citation_zh)?;
        m.serialize_entry("reliability", &r.reliability)?;
        if let Some(w) = &self.window {
            m.serialize_entry("window", w)?;
        }
        if let Some(a) = &self.refund {
            m.serialize_entry("refund", a)?;
        }
        if !self.conditions.is_empty() {
            m.serialize_entry("conditions", &self.conditions)?;
        }
        let deadlines: Vec<&OperatorDeadline> = self.operator_deadlines.iter().flatten().collect();
        if !deadlines.is_empty() {
            m.serialize_entry("operator_deadlines", &deadlines)?;
        }
        m.end()
    }
}

impl Serialize for Consideration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.rule.rule();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &self.rule)?;
        m.serialize_entry("title_en", r.title_en)?;
        m.serialize_entry("title_zh", r.title_zh)?;
        m.serialize_entry("citation_en", r.citation_en)?;
        m.serialize_entry("citation_zh", r.citation_zh)?;
        m.serialize_entry("reliability", &r.reliability)?;
        m.serialize_entry("outcome", &self.outcome)?;
        m.serialize_entry("reason", &self.reason)?;
        if !self.missing.is_empty() {
            m.serialize_entry("missing_facts", &self.missing)?;
        }
        m.end()
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
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema_version", &ASSESSMENT_SCHEMA_VERSION)?;
        if let Some(id) = &self.claim_id {
            m.serialize_entry("claim_id", id)?;
        }
        m.serialize_entry("facts_date", &self.facts_date)?;
        m.serialize_entry("total", &self.total)?;
        m.serialize_entry("summary_en", &self.summary_en())?;
        m.serialize_entry("summary_zh", &self.summary_zh())?;
        m.serialize_entry("total_steps", &self.total_steps)?;
        m.serialize_entry("items", &self.items)?;
        m.serialize_entry("remedies", &self.remedies)?;
        m.serialize_entry("missing_facts", &MissingList(self))?;
        m.serialize_entry("considered", &self.considered)?;
        m.serialize_entry("flags", &self.flags)?;
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
