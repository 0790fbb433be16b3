//! Every committed file that is generated from the code, with the function that makes it.
//! `cargo xtask gen` writes them; `cargo xtask ci` fails when one differs.

/// (path relative to the workspace root, content).
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "docs/schema/complaint.schema.json",
            weiquan_complaint::schema::complaint_schema_json(),
        ),
        (
            "examples/data/complaints.jsonl",
            weiquan_complaint::generate::sample_jsonl(),
        ),
        (
            "docs/schema/claim.schema.json",
            weiquan_compensation::claim_schema_json(),
        ),
    ]
}
