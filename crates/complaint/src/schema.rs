//! The JSON Schema of the complaint document, generated from the types.

use crate::Complaint;

/// The JSON Schema (draft 2020-12) of the complaint document, pretty-printed with a final
/// newline, exactly as committed under `docs/schema/complaint.schema.json`.
pub fn complaint_schema_json() -> String {
    let schema = schemars::schema_for!(Complaint);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
