//! The committed generated files under `docs/caseflow/` are exactly what the tables produce,
//! and `docs/caseflow.md` embeds the current diagrams and time-limit table. Run with
//! `WEIQUAN_BLESS=1` to rewrite the generated files (the lead's `cargo xtask gen` does the
//! same through `weiquan_caseflow::docs::generated_files`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::path::PathBuf;

use weiquan_caseflow::PROCEDURES;
use weiquan_caseflow::docs::{generated_files, mermaid, time_limits_markdown};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn generated_files_have_not_drifted() {
    let bless = std::env::var_os("WEIQUAN_BLESS").is_some();
    for (path, content) in generated_files() {
        let file = root().join(&path);
        if bless {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &content).unwrap();
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == content,
            "{path} is stale: run WEIQUAN_BLESS=1 cargo test -p weiquan-caseflow --test generated"
        );
    }
}

#[test]
fn the_design_page_embeds_the_current_diagrams_and_table() {
    let page = std::fs::read_to_string(root().join("docs/caseflow.md")).unwrap();
    for p in PROCEDURES {
        let block = format!("```mermaid\n{}```", mermaid(p));
        assert!(
            page.contains(&block),
            "docs/caseflow.md lacks the current diagram of {}",
            p.id()
        );
    }
    assert!(
        page.contains(&time_limits_markdown()),
        "docs/caseflow.md lacks the current time-limit table"
    );
}

#[test]
fn the_log_schema_names_every_event() {
    let schema = weiquan_caseflow::log_entry_schema_json();
    for tag in weiquan_caseflow::EVENT_TAGS {
        assert!(
            schema.contains(&format!("\"{}\"", tag.as_str())),
            "{tag:?} missing from the schema"
        );
    }
    assert!(schema.contains("\"pattern\": \"^[0-9a-f]{64}$\""));
}
