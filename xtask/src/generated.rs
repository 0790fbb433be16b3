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
    files.extend(compensation_docs());
    files.push((crate::ffi::HEADER.to_owned(), crate::ffi::header()));
    files
}

/// The generated sections of compensation's hand-written pages: the statutory table in
/// docs/compensation.md, the rule catalogue in docs/rules/README.md, and each rule page's
/// citations and numbers. Each file is the committed text with the section between its
/// markers replaced.
fn compensation_docs() -> Vec<(String, String)> {
    let mut out = vec![
        spliced(
            "docs/compensation.md",
            "statutory-table",
            &weiquan_compensation::table_markdown(),
        ),
        spliced(
            "docs/rules/README.md",
            "catalogue",
            &weiquan_compensation::catalogue_markdown(),
        ),
    ];
    let mut pages: Vec<&str> = weiquan_compensation::CATALOGUE
        .iter()
        .map(|r| r.page)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    for page in pages {
        out.push(spliced(
            &format!("docs/rules/{page}"),
            "citations",
            &weiquan_compensation::rule_page_markdown(page),
        ));
    }
    out
}

/// The committed file `path` with the text between `<!-- marker -->` and `<!-- /marker -->`
/// (each on its own line) replaced by `section`. When the file or a marker is missing, the
/// content says so, and the drift check fails on it.
fn spliced(path: &str, marker: &str, section: &str) -> (String, String) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let open = format!("<!-- {marker} -->\n");
    let close = format!("<!-- /{marker} -->");
    let content = match std::fs::read_to_string(root.join(path)) {
        Err(e) => format!("cannot read {path}: {e}\n"),
        Ok(text) => match text.split_once(&open) {
            Some((before, rest)) => match rest.split_once(&close) {
                Some((_, after)) => format!("{before}{open}{section}{close}{after}"),
                None => format!("{path} has no {close} marker\n"),
            },
            None => format!("{path} has no <!-- {marker} --> marker\n"),
        },
    };
    (path.to_owned(), content)
}
