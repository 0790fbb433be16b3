//! Compensation assessment (`weiquan-compensation`): what a consumer may claim, every amount
//! with its computation, rule, citations and the statutory numbers used. Deadlines are
//! counted with the official calendar, as `weiquan assess` and the C ABI count them.

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

/// `assessCompensation`: assesses a claim under the default policy with the library's
/// default calendar (the official one: the holiday extension of Civil Code Art. 203 and
/// working-day deadlines), so the last days are those of `weiquan assess` and the C ABI.
pub fn assess_claim(claim: ClaimInput) -> Result<AssessmentView, Error> {
    let snake = crate::edge::snake_keys(claim.0)?;
    let doc = ClaimDocument::from_value(&snake).map_err(Error::camel)?;
    assess(&doc, &Policy::default())
        .map(AssessmentView)
        .map_err(Error::camel)
}

impl JsonSchema for AssessmentView {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Assessment".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Assessment::json_schema(generator)
    }
}
