//! Every committed file that is generated from the code, with the function that makes it.
//! `cargo xtask gen` writes them; `cargo xtask ci` fails when one differs.

/// (path relative to the workspace root, content).
pub fn files() -> Vec<(String, String)> {
    let mut files = vec![
        ("docs/law.md".to_owned(), weiquan_law::registry_markdown()),
        (
            "docs/schema/complaint.schema.json".to_owned(),
            weiquan_complaint::schema::complaint_schema_json(),
        ),
        (
            "examples/data/complaints.jsonl".to_owned(),
            weiquan_synth::generate::sample_jsonl(),
        ),
        (
            "docs/schema/claim.schema.json".to_owned(),
            weiquan_compensation::claim_schema_json(),
        ),
        (
            "docs/schema/case-log-entry.schema.json".to_owned(),
            weiquan_caseflow::log_entry_schema_json(),
        ),
        (
            "docs/schema/ruleset.schema.json".to_owned(),
            weiquan_routing::ruleset_schema_json(),
        ),
        (
            "crates/wasm/ts/weiquan.d.ts".to_owned(),
            // An error here shows up as a drifted file whose content is the error.
            weiquan_wasm::typescript::declarations()
                .unwrap_or_else(|e| format!("cannot generate the TypeScript declarations: {e}\n")),
        ),
    ];
    // The Mermaid diagrams, handler guides and time-limit table of each procedure.
    files.extend(weiquan_caseflow::docs::generated_files());
    files.push((crate::ffi::HEADER.to_owned(), crate::ffi::header()));
    files
}
