//! The JSON Schema of an [`Assessment`]: what its hand-written `Serialize` writes
//! (`serialise.rs`), described by mirror types that are never built, so that every edge takes
//! the schema of the domain's own output (the WebAssembly API's TypeScript declarations are
//! generated from it, and its vector tests check every result against it).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde_json::Value;

use super::Assessment;

impl JsonSchema for Assessment {
    fn schema_name() -> Cow<'static, str> {
        "Assessment".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        AssessmentSchema::json_schema(generator)
    }
}

/// What a consumer may claim, with every computation.
#[derive(JsonSchema)]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct AssessmentSchema {
    /// The assessment's version (1).
    schema_version: u32,
    /// The date of the facts that selected the rules in force.
    facts_date: chrono::NaiveDate,
    /// The proposed total in yuan, e.g. `3596.00`.
    total: String,
    /// One sentence in English.
    summary_en: String,
    /// One sentence in Chinese.
    summary_zh: String,
    /// How the total was added up.
    total_steps: Vec<StepSchema>,
    /// Every amount: the proposed ones and their alternatives.
    items: Vec<ItemSchema>,
    /// Return, replacement and repair, with their deadlines.
    remedies: Vec<Value>,
    /// Facts a rule needs that the claim does not establish (pointers into the claim).
    missing_facts: Vec<MissingFactSchema>,
    /// Every rule considered, and what came of it.
    considered: Vec<Value>,
    /// What a reviewer should know (e.g. an unverified basis).
    flags: Vec<LabelSchema>,
}

/// One amount.
#[derive(JsonSchema)]
#[schemars(rename = "AssessmentItem")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct ItemSchema {
    /// What it is, e.g. `fraud_compensation`.
    kind: LabelSchema,
    /// The amount in yuan.
    amount: String,
    /// Whether it counts in the total (an alternative does not).
    proposed: bool,
    /// The rule's id.
    rule: String,
    /// What the rule rests on, its basis first.
    citations: Vec<LawCitationSchema>,
    /// `verified`, `secondary` or `unverified`: the weakest of its citations.
    reliability: String,
    /// How the amount was computed.
    steps: Vec<StepSchema>,
    /// What else to know about the amount (e.g. that it is an alternative).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Value>,
}

/// A code with its names.
#[derive(JsonSchema)]
#[schemars(rename = "Label")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct LabelSchema {
    /// The stable code.
    code: String,
    /// In English.
    en: String,
    /// In Chinese.
    zh: String,
}

/// One step of a computation.
#[derive(JsonSchema)]
#[schemars(rename = "Step")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct StepSchema {
    /// What the step does.
    label: LabelSchema,
    /// The computation, e.g. `3 × 899.00 = 2,697.00`.
    text: String,
    /// The statutory number used, with its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<ParameterSchema>,
}

/// A statutory number from the table, with its source.
#[derive(JsonSchema)]
#[schemars(rename = "Parameter")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct ParameterSchema {
    /// The table row, e.g. `crpl_2013_55_1_multiplier`.
    id: String,
    /// The value applied, e.g. `3` or `500`.
    value: String,
    /// `times`, `yuan`...
    unit: String,
    /// The table's value, when the assessment's policy replaced it (`value` is then the
    /// policy's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    statutory_value: Option<String>,
    /// The articles that state it.
    sources: Vec<LawCitationSchema>,
    /// In force from.
    valid_from: chrono::NaiveDate,
    /// In force until (`null`: still in force).
    valid_to: Option<chrono::NaiveDate>,
    /// `verified`, `secondary` or `unverified`.
    reliability: String,
    /// What it means, in English.
    meaning_en: String,
    /// What it means, in Chinese.
    meaning_zh: String,
}

/// A citation of a legal instrument (`weiquan-law`): the structure, the mark and both texts.
#[derive(JsonSchema)]
#[schemars(rename = "LawCitation")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct LawCitationSchema {
    /// The instrument's id in the registry, e.g. `crpl`.
    instrument: String,
    /// The version (year) cited, e.g. `2013`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u16>,
    /// Article (条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    article: Option<u16>,
    /// Paragraph (款).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paragraph: Option<u16>,
    /// Item (项).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    item: Option<u16>,
    /// `verified`, `secondary` or `unverified`.
    reliability: String,
    /// The citation in Chinese, e.g. `《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款`.
    text_zh: String,
    /// The citation in English, e.g. `CRPL (2013 amendment), Art. 55, para. 1`.
    text_en: String,
    /// A note, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note_en: Option<String>,
    /// A note, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note_zh: Option<String>,
}

/// A fact a rule needs.
#[derive(JsonSchema)]
#[schemars(rename = "MissingFact")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct MissingFactSchema {
    /// The rule's id.
    rule: String,
    /// JSON pointer into the claim (an edge that writes camelCase keys, like the
    /// WebAssembly API, writes the pointer in camelCase too).
    fact: String,
}
