//! The ruleset document as written: a city's bodies, the instruments of its own its rules
//! cite (beside the built-in registry's, cited by id), and the ordered rules. Codes, categories and references are plain strings here, so that loading
//! can check each one and report every problem with its path (and its line, for a TOML file:
//! [`crate::Router::from_toml`]). `docs/routing.md` documents every key.
//!
//! The build script includes this file too: it reads the embedded Shijiazhuang ruleset into
//! these types at build time and stores them in a compact form (see `build.rs` and
//! `packed.rs`), so the crate does not need a TOML parser for its default ruleset.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the ruleset file format this crate reads and writes.
pub const RULESET_SCHEMA_VERSION: u32 = 2;

/// A ruleset file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "weiquan routing ruleset",
    description = "A city's bodies and ordered routing rules (TOML), schema_version 2. Citations name the instruments of weiquan-law's registry by id; a file declares only instruments the registry lacks. See docs/routing.md."
)]
pub struct RulesetFile {
    /// Always 2 for this version of the format (1: before the instrument registry).
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
    /// The file's own instruments: those the built-in registry lacks.
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

/// One of the file's own instruments: one the built-in registry (weiquan-law's
/// `instruments`) lacks, such as a city's local regulation. Instruments the registry has are
/// cited by their id and may not be declared here. The fields are those of
/// `weiquan_law::Instrument` that a citation and its dates need; a local instrument models one
/// text (no versions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDoc {
    /// The id citations use; not an id of the built-in registry.
    pub id: String,
    /// The full Chinese title without book-title marks, e.g. `河北省消费者权益保护条例`.
    pub name_zh: String,
    /// The name in English.
    pub name_en: String,
    /// The short English name citations are written with (`Hebei CRPL Regulations, Art. 12`);
    /// `name_en` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_en: Option<String>,
    /// The document number, e.g. `河北省人民代表大会常务委员会公告第12号`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The issuing body, in Chinese.
    pub issuer_zh: String,
    /// The issuing body, in English.
    pub issuer_en: String,
    /// `law`, `administrative_regulation`, `departmental_rule`, `judicial_interpretation`,
    /// `local_regulation`, `normative_document` or `association_rule`.
    pub kind: String,
    /// The day it was adopted or promulgated (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<String>,
    /// First day in force (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<String>,
    /// Last day in force (`YYYY-MM-DD`), when repealed or replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_to: Option<String>,
    /// How reliable the reference for its text is: `V`, `S`, `U` (or `verified`,
    /// `secondary`, `unverified`).
    pub reliability: String,
    /// A note for readers, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A citation: an instrument by id (the built-in registry's, or one of the file's own) and,
/// optionally, the version of its text, article, paragraph and item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationDoc {
    /// The instrument's id, e.g. `samr_order_20`, `crpl`.
    pub instrument: String,
    /// The version of the text, by the year that names it (`2013` for the CRPL as amended
    /// in 2013), when the article numbers depend on it: the citation is then in force from
    /// that version's first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u16>,
    /// Article (条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<u16>,
    /// Paragraph (款).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u16>,
    /// Item (项).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u16>,
    /// `V`, `S` or `U` (or `verified`, `secondary`, `unverified`) when this citation is less
    /// sure than its instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
    /// A note for readers, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The same note in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
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
    /// Received while this instrument (an id, as citations name it) was in force: its dates
    /// in the registry bound the received date, on top of `received_from` and
    /// `received_before`, so that a rule for the complaints an instrument governs need not
    /// repeat its dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_while_in_force: Option<String>,
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
