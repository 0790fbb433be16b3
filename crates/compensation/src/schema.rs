//! The JSON Schema of the claim document, generated from the types.

use crate::ClaimDocument;

/// The JSON Schema (draft 2020-12) of the claim document, pretty-printed with a final
/// newline, exactly as committed under `docs/schema/claim.schema.json`.
pub fn claim_schema_json() -> String {
    let schema = schemars::schema_for!(ClaimDocument);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
