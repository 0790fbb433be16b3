//! The ruleset document as written: a city's bodies, the instruments its rules cite, and the
//! ordered rules. Codes, categories and references are plain strings here, so that loading
//! can check each one and report every problem with its path (and its line, for a TOML file:
//! [`crate::Router::from_toml`]). `docs/routing.md` documents every key.
//!
//! The build script includes this file too: it reads the embedded Shijiazhuang ruleset into
//! these types at build time and stores them in a compact form (see `build.rs` and
//! `packed.rs`), so the crate does not need a TOML parser for its default ruleset.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the ruleset file format this crate reads and writes.
pub const RULESET_SCHEMA_VERSION: u32 = 1;

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
