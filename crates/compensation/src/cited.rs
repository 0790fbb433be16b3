//! The citations and the number-stating texts of an assessment, fast. A full assessment names
//! every rule of the catalogue with its title and citations, and each citation's Chinese and
//! English texts are built from the registry (titles, version labels, Chinese numerals) —
//! several allocations each, for every assessment. They never change for the table's values,
//! so they are rendered once per process, in one slot per rule and per parameter, and the
//! JSON is written from them exactly as `weiquan-law` writes a citation (a test compares the
//! two for every citation of the table and the catalogue).

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use weiquan_law::Citation;

use crate::rules::RuleId;
use crate::table::ParamId;
use crate::text::{Values, render};

const RULES: usize = RuleId::ALL.len();
const PARAMS: usize = ParamId::ALL.len();

type Texts = Vec<(String, String)>;

static RULE_CITES: [OnceLock<Texts>; RULES] = [const { OnceLock::new() }; RULES];
static PARAM_CITES: [OnceLock<Texts>; PARAMS] = [const { OnceLock::new() }; PARAMS];
type Pair = (Cow<'static, str>, Cow<'static, str>);
static TITLES: [OnceLock<Pair>; RULES] = [const { OnceLock::new() }; RULES];
static MEANINGS: [OnceLock<Pair>; PARAMS] = [const { OnceLock::new() }; PARAMS];

fn texts(cites: &[Citation<'_>]) -> Texts {
    cites.iter().map(|c| (c.text_zh(), c.text_en())).collect()
}

/// Two texts from a slot filled once, borrowed.
fn borrowed(pair: &'static Pair) -> Pair {
    (
        Cow::Borrowed(pair.0.as_ref()),
        Cow::Borrowed(pair.1.as_ref()),
    )
}

/// A rule's title in English and Chinese under `values`.
pub(crate) fn title(id: RuleId, values: Values<'_>) -> Pair {
    let r = id.rule();
    let make = |v| {
        (
            render(r.title_en_template, v),
            render(r.title_zh_template, v),
        )
    };
    match TITLES.get(id as usize) {
        Some(slot) if values.0.is_empty() => borrowed(slot.get_or_init(|| make(Values::TABLE))),
        _ => make(values),
    }
}

/// A parameter's meaning in English and Chinese under `values`.
pub(crate) fn meaning(id: ParamId, values: Values<'_>) -> Pair {
    let p = id.parameter();
    let make = |v| {
        (
            render(p.meaning_en_template, v),
            render(p.meaning_zh_template, v),
        )
    };
    match MEANINGS.get(id as usize) {
        Some(slot) if values.0.is_empty() => borrowed(slot.get_or_init(|| make(Values::TABLE))),
        _ => make(values),
    }
}

/// The citations of a rule or of a parameter as a JSON array, each as `weiquan-law` writes a
/// citation.
#[derive(Clone, Copy)]
pub(crate) enum Cites {
    /// A rule's citations.
    Rule(RuleId),
    /// A parameter's sources.
    Param(ParamId),
}

impl Serialize for Cites {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cites, slot) = match *self {
            Cites::Rule(id) => (id.rule().citations, RULE_CITES.get(id as usize)),
            Cites::Param(id) => (id.parameter().sources, PARAM_CITES.get(id as usize)),
        };
        let owned;
        let texts: &[(String, String)] = match slot {
            Some(slot) => slot.get_or_init(|| texts(cites)),
            None => {
                owned = texts(cites);
                &owned
            }
        };
        s.collect_seq(cites.iter().zip(texts).map(|(c, (zh, en))| Cite(c, zh, en)))
    }
}

struct Cite<'a>(&'a Citation<'static>, &'a str, &'a str);

impl Serialize for Cite<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Cite(c, zh, en) = *self;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("instrument", &c.instrument.id)?;
        if let Some(v) = c.version {
            m.serialize_entry("version", &v)?;
        }
        if let Some(a) = c.article {
            m.serialize_entry("article", &a)?;
        }
        if let Some(p) = c.paragraph {
            m.serialize_entry("paragraph", &p)?;
        }
        if let Some(i) = c.item {
            m.serialize_entry("item", &i)?;
        }
        m.serialize_entry("reliability", &c.reliability())?;
        m.serialize_entry("text_zh", zh)?;
        m.serialize_entry("text_en", en)?;
        if let Some(n) = c.note_en {
            m.serialize_entry("note_en", n)?;
        }
        if let Some(n) = c.note_zh {
            m.serialize_entry("note_zh", n)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::policy::Override;

    /// The fast form is exactly weiquan-law's, text for text, for every built-in citation.
    #[test]
    fn written_as_weiquan_law_writes_them() {
        for &id in RuleId::ALL {
            for _ in 0..2 {
                assert_eq!(
                    serde_json::to_string(&Cites::Rule(id)).unwrap(),
                    serde_json::to_string(id.rule().citations).unwrap()
                );
            }
        }
        for &id in ParamId::ALL {
            assert_eq!(
                serde_json::to_string(&Cites::Param(id)).unwrap(),
                serde_json::to_string(id.parameter().sources).unwrap()
            );
        }
    }

    /// The texts kept for the table's values are those rendered on the spot; other values
    /// are rendered afresh.
    #[test]
    fn kept_texts_are_the_rendered_ones() {
        for &id in RuleId::ALL {
            let r = id.rule();
            let fresh = (
                render(r.title_en_template, Values::TABLE),
                render(r.title_zh_template, Values::TABLE),
            );
            assert_eq!(title(id, Values::TABLE), fresh);
            assert_eq!(title(id, Values::TABLE), fresh);
        }
        for &id in ParamId::ALL {
            let p = id.parameter();
            assert_eq!(meaning(id, Values::TABLE).0, p.meaning_en());
            assert_eq!(meaning(id, Values::TABLE).1, p.meaning_zh());
        }
        let o = [Override {
            parameter: ParamId::SanbaoReturnDays,
            value: Decimal::from(9),
        }];
        assert!(
            title(RuleId::Sanbao7, Values(&o))
                .0
                .contains("within 9 days")
        );
        assert!(
            title(RuleId::Sanbao7, Values::TABLE)
                .0
                .contains("within 7 days")
        );
        assert!(
            meaning(ParamId::SanbaoReturnDays, Values(&o))
                .0
                .contains("within 9 days")
        );
    }
}
