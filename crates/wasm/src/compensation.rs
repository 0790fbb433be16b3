//! Compensation assessment (`weiquan-compensation`): what a consumer may claim, every amount
//! with its computation, rule, citation and the statutory numbers used.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use weiquan_compensation::{Assessment, ClaimDocument, Policy, assess};

use crate::Error;

/// A claim as JavaScript writes it: the claim document (`docs/schema/claim.schema.json`)
/// with camelCase keys.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimInput(pub Value);

impl JsonSchema for ClaimInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ClaimInput".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let _ = generator.subschema_for::<ClaimDocument>();
        schemars::json_schema!({ "tsType": "ClaimDocument" })
    }
}

/// The assessment as the compensation crate serialises it (the edge writes its keys in
/// camelCase and rewrites the pointers of missing facts into the camelCase claim).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct AssessmentView(pub Assessment);

/// `assessCompensation`: assesses a claim under the default policy.
pub fn assess_claim(claim: ClaimInput) -> Result<AssessmentView, Error> {
    let snake = crate::edge::snake_keys(claim.0)?;
    let doc = ClaimDocument::from_value(&snake).map_err(|source| Error::Compensation { source })?;
    assess(&doc, &Policy::default())
        .map(AssessmentView)
        .map_err(|source| Error::Compensation { source })
}

impl JsonSchema for AssessmentView {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Assessment".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        AssessmentSchema::json_schema(generator)
    }
}

// The JSON Schema of weiquan-compensation's assessment (which has none), for the TypeScript
// declarations; the vector tests check every result against it.

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
    /// The article, in English.
    citation_en: String,
    /// The article, in Chinese.
    citation_zh: String,
    /// `verified`, `secondary` or `unverified`.
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
    /// The value, e.g. `3` or `500`.
    value: String,
    /// `times`, `yuan`...
    unit: String,
    /// The source in English.
    source_en: String,
    /// The source in Chinese.
    source_zh: String,
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

/// A fact a rule needs.
#[derive(JsonSchema)]
#[schemars(rename = "MissingFact")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
struct MissingFactSchema {
    /// The rule's id.
    rule: String,
    /// JSON pointer (camelCase) into the claim.
    fact: String,
}
