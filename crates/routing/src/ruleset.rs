//! The ruleset file (TOML): a city's bodies, the instruments its rules cite, and the ordered
//! rules. This module is the document as written — codes, categories and references are
//! plain strings here, so that loading can check each one and report every problem with its
//! line ([`crate::Router::from_toml`]). `docs/routing.md` documents every key.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Problem, ProblemKind, Problems};

/// The version of the ruleset file format this crate reads and writes.
pub const RULESET_SCHEMA_VERSION: u32 = 1;

/// The embedded default: Shijiazhuang's bodies and rules.
pub const SHIJIAZHUANG_TOML: &str = include_str!("../data/ruleset_shijiazhuang.toml");

/// A ruleset file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "weiquan routing ruleset",
    description = "A city's bodies and ordered routing rules (TOML), schema_version 1. See docs/routing.md."
)]
pub struct RulesetFile {
    /// Always 1 for this version of the format.
    pub schema_version: u32,
    /// A short id, e.g. `shijiazhuang`.
    pub id: String,
    /// A name for people.
    pub name: String,
    /// The division whose bodies the file lists (a prefecture such as `130100`): a body
    /// generated for a division outside it is an external referral.
    pub city: String,
    /// What the ruleset is for, where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How candidates are ranked when several bodies have authority.
    pub ranking: RankingDoc,
    /// The instruments rules cite.
    #[serde(default, rename = "instrument", skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<InstrumentDoc>,
    /// The bodies rules can name.
    #[serde(default, rename = "body", skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<BodyDoc>,
    /// The rules, tried in order.
    #[serde(default, rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleDoc>,
}

/// The tie rule: when several bodies have authority, which handles the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RankingDoc {
    /// Why (Order No. 20 Art. 13: the body that received it first).
    pub basis: Vec<CitationDoc>,
    /// A note for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An instrument (law, regulation, rule) that citations name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDoc {
    /// The id citations use.
    pub id: String,
    /// The title in Chinese.
    pub name_zh: String,
    /// The name in English.
    pub name_en: String,
    /// First day in force (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last day in force (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// `V`, `S` or `U` (legal.md's reliability marks).
    pub reliability: String,
    /// A note for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A citation: an instrument and, optionally, article, paragraph and item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationDoc {
    /// The instrument's id.
    pub instrument: String,
    /// Article (条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    /// Paragraph (款).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Item (项).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
    /// `V`, `S` or `U` when this citation is less sure than its instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
    /// A note for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A body: a bureau, a consumer association, a sector regulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyDoc {
    /// The id rules and decisions use, e.g. `samr.130102`.
    pub id: String,
    /// The name in Chinese.
    pub name_zh: String,
    /// The name in English.
    pub name_en: String,
    /// `market_regulation`, `consumer_association`, `financial_regulator`, … (docs/routing.md).
    pub kind: String,
    /// The division it serves; absent for a national body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// The body above it (which can take over or designate in a dispute over authority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superior: Option<String>,
    /// How to reach it, where known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ChannelDoc>,
    /// A note for readers (e.g. what is unconfirmed about it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One way to reach a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelDoc {
    /// `hotline`, `web`, `app`, `window` or `mail`.
    pub kind: String,
    /// The number, address or name.
    pub value: String,
}

/// One rule: conditions, a result and its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// The id decisions name.
    pub id: String,
    /// What the rule says, in a line.
    pub title: String,
    /// `true`: the rule adds its body as a candidate and the search goes on (for rules that
    /// give a choice of bodies); `false` (default): the first matching rule ends the search.
    #[serde(default, rename = "continue", skip_serializing_if = "is_false")]
    pub continues: bool,
    /// A note for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The conditions; all must hold. No conditions: the rule matches every complaint.
    #[serde(default, skip_serializing_if = "ConditionsDoc::is_empty")]
    pub when: ConditionsDoc,
    /// The result.
    pub then: TargetDoc,
    /// The legal basis (at least one citation); a decision reports the citations whose
    /// instrument was in force on the received date.
    pub basis: Vec<CitationDoc>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A rule's conditions. Every key is optional; lists match when any entry matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionsDoc {
    /// Intake channels (`hotline_12315`, `association_app`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// The business's division lies within one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_within: Option<Vec<String>>,
    /// The business's division is known and lies within none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_outside: Option<Vec<String>>,
    /// Whether the business's division is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_division_known: Option<bool>,
    /// Whether the business sells online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// How it sells online: `in_platform`, `platform_operator`, `own_site`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_roles: Option<Vec<String>>,
    /// Whether the seller published its address on the platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_published: Option<bool>,
    /// Whether the seller can be reached at its published address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reachable_at_address: Option<bool>,
    /// Published an address and can be reached at it (`false`: either fails).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_contactable: Option<bool>,
    /// The platform operator's division lies within one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_operator_within: Option<Vec<String>>,
    /// The platform operator's division is known and lies within none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_operator_outside: Option<Vec<String>>,
    /// Whether the platform operator's division is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_operator_known: Option<bool>,
    /// CCA categories: a major category (`finance`) matches its items too; `major/minor`
    /// matches that item only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Top categories: `goods`, `services`, `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_categories: Option<Vec<String>>,
    /// The consumer's division lies within one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_within: Option<Vec<String>>,
    /// The consumer's division is known and lies within none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_outside: Option<Vec<String>>,
    /// The amount paid is at least this (yuan, e.g. `"10000.00"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_at_least: Option<String>,
    /// The amount paid is below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_below: Option<String>,
    /// Received on or after this date (China Standard Time), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_from: Option<String>,
    /// Received before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_before: Option<String>,
}

impl ConditionsDoc {
    /// No condition at all: the rule matches every complaint.
    pub fn is_empty(&self) -> bool {
        *self == ConditionsDoc::default()
    }
}

/// A rule's result: a body by id, or a kind of body at the division of a party.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetDoc {
    /// A body by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// A kind of body (with `at`): the body of that kind serving the division.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whose division: `business`, `platform_operator` or `consumer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// A rule whose result to use when this one's cannot be found (the division it needs
    /// is unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

impl RulesetFile {
    /// Reads the TOML text. Only the shape is checked here (a TOML error or a wrong key is
    /// reported with its line); [`crate::Router::from_toml`] checks the content.
    pub fn from_toml(text: &str) -> Result<RulesetFile, Problems> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            Problems(vec![Problem {
                line,
                path: String::new(),
                kind: ProblemKind::Syntax,
                message: e.message().to_owned(),
            }])
        })
    }

    /// The file as TOML text; [`RulesetFile::from_toml`] reads it back to an equal value.
    pub fn to_toml(&self) -> Result<String, Problems> {
        toml::to_string(self).map_err(|e| {
            Problems(vec![Problem {
                line: None,
                path: String::new(),
                kind: ProblemKind::Syntax,
                message: e.to_string(),
            }])
        })
    }

    /// The embedded Shijiazhuang ruleset.
    pub fn shijiazhuang() -> Result<RulesetFile, Problems> {
        RulesetFile::from_toml(SHIJIAZHUANG_TOML)
    }
}

/// The JSON Schema (draft 2020-12) of the ruleset file (TOML editors such as taplo use it),
/// pretty-printed with a final newline, exactly as committed under
/// `docs/schema/ruleset.schema.json`.
pub fn ruleset_schema_json() -> String {
    let schema = schemars::schema_for!(RulesetFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A path into the document, e.g. `rule[3].when.categories[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Path(pub Vec<Seg>);

impl Path {
    pub fn with(&self, seg: Seg) -> Path {
        let mut p = self.clone();
        p.0.push(seg);
        p
    }

    pub fn key(&self, k: &'static str) -> Path {
        self.with(Seg::Key(k))
    }

    pub fn index(&self, i: usize) -> Path {
        self.with(Seg::Index(i))
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if n == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// Finds the line of a path in the TOML text (the value's line, or the nearest enclosing
/// one that exists).
pub(crate) struct Lines<'a> {
    text: &'a str,
    root: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            root: toml::de::DeTable::parse(text).ok(),
        }
    }

    pub fn line(&self, path: &Path) -> Option<usize> {
        let root = self.root.as_ref()?;
        let mut span = root.span();
        let mut table = Some(root.get_ref());
        let mut value: Option<&toml::de::DeValue<'a>> = None;
        for seg in &path.0 {
            let next = match (seg, table, value) {
                (Seg::Key(k), Some(t), _) => t
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == *k)
                    .map(|(_, v)| v),
                (Seg::Key(k), None, Some(v)) => v.get(*k),
                (Seg::Index(i), _, Some(v)) => v.get(*i),
                _ => None,
            };
            let Some(next) = next else { break };
            span = next.span();
            value = Some(next.get_ref());
            table = None;
        }
        Some(line_of(self.text, span.start))
    }
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_current() {
        let committed = include_str!("../../../docs/schema/ruleset.schema.json");
        assert_eq!(committed, ruleset_schema_json());
    }

    #[test]
    fn paths_print_like_the_file() {
        let p = Path::default()
            .key("rule")
            .index(3)
            .key("when")
            .key("categories")
            .index(1);
        assert_eq!(p.to_string(), "rule[3].when.categories[1]");
    }
}
