//! The shared test vectors: `tests/vectors/*.json` hold calls by JavaScript name with their
//! exact results or errors. This test runs them natively; `js/test/vectors.test.mjs` runs
//! the same files against the built WebAssembly module, so both sides are proven to agree.
//!
//! `WEIQUAN_BLESS=1` rewrites the expected values from what the code returns (review the
//! diff before committing it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn outcome(case: &Value) -> (&'static str, Value) {
    let function = case["function"].as_str().unwrap();
    let args = case["args"].as_array().cloned().unwrap_or_default();
    match weiquan_wasm::call(function, args) {
        None => panic!("no exported function {function}"),
        Some(Ok(v)) => ("result", v),
        Some(Err(e)) => ("error", e.to_js_json()),
    }
}

#[test]
fn native_calls_match_the_shared_vectors() {
    let bless = std::env::var_os("WEIQUAN_BLESS").is_some();
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in vector_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        for case in doc["cases"].as_array_mut().unwrap() {
            count += 1;
            covered.insert(case["function"].as_str().unwrap().to_owned());
            let (kind, got) = outcome(case);
            let function = case["function"].as_str().unwrap();
            if kind == "result"
                && let Err(e) = weiquan_wasm::typescript::check_result(function, &got)
            {
                failures.push(format!(
                    "{} / {}: the result does not fit its TypeScript declaration: {e}",
                    file.file_name().unwrap().to_string_lossy(),
                    case["name"]
                ));
            }
            if bless {
                let obj = case.as_object_mut().unwrap();
                obj.remove("result");
                obj.remove("error");
                obj.insert(kind.to_owned(), got);
                continue;
            }
            let other = if kind == "result" { "error" } else { "result" };
            if case.get(kind) != Some(&got) || case.get(other).is_some() {
                failures.push(format!(
                    "{} / {}: expected {}, got {kind} {}",
                    file.file_name().unwrap().to_string_lossy(),
                    case["name"],
                    case.get("result")
                        .or(case.get("error"))
                        .unwrap_or(&json!(null)),
                    got
                ));
            }
        }
        if bless {
            let mut out = serde_json::to_string_pretty(&doc).unwrap();
            out.push('\n');
            std::fs::write(&file, out).unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let missing: Vec<&&str> = weiquan_wasm::FUNCTIONS
        .iter()
        .filter(|f| !covered.contains(**f))
        .collect();
    assert!(
        missing.is_empty(),
        "functions without a vector: {missing:?}"
    );
}
