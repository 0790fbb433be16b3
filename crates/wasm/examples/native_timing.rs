//! The native side of the JS-vs-native timing that `cargo xtask ci` prints: times the
//! shared-vector calls listed in `js/timing-cases.json` natively, through
//! [`weiquan_wasm::call`] (the binding's whole path: JSON value in, domain call, JSON value
//! out) and, for the assessment, the domain function alone; writes the figures as JSON to
//! the path given (or stdout). `js/timing.mjs` times the same calls in WebAssembly and
//! compares.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("js/timing-cases.json"))?)?;
    let mut out = Vec::new();
    for case in cases
        .get("cases")
        .and_then(Value::as_array)
        .ok_or("cases")?
    {
        let (function, args) = find(&dir, case)?;
        let iterations = case["iterations"].as_u64().unwrap_or(2000);
        let ns = time(iterations, || {
            let r = weiquan_wasm::call(&function, args.clone());
            std::hint::black_box(r);
        });
        eprintln!(
            "native {function} ({}): {:.1} µs",
            case["name"],
            ns / 1000.0
        );
        out.push(json!({"function": function, "name": case["name"], "nativeCallNs": ns}));
    }
    let text = serde_json::to_string_pretty(&json!({ "cases": out }))?;
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(path, text)?,
        None => println!("{text}"),
    }
    Ok(())
}

/// The case's function and arguments, from the vector file it names.
fn find(
    dir: &std::path::Path,
    case: &Value,
) -> Result<(String, Vec<Value>), Box<dyn std::error::Error>> {
    let file = case["file"].as_str().ok_or("file")?;
    let name = case["name"].as_str().ok_or("name")?;
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(
        dir.join("tests/vectors").join(file),
    )?)?;
    let found = doc
        .get("cases")
        .and_then(Value::as_array)
        .ok_or("cases")?
        .iter()
        .find(|c| c["name"] == name)
        .ok_or_else(|| format!("{file}: no case {name:?}"))?;
    Ok((
        found["function"].as_str().ok_or("function")?.to_owned(),
        found["args"].as_array().cloned().unwrap_or_default(),
    ))
}

/// The median over 7 batches of the mean time per iteration, in nanoseconds.
fn time(iterations: u64, mut f: impl FnMut()) -> f64 {
    for _ in 0..iterations / 4 {
        f();
    }
    let mut batches: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iterations {
                f();
            }
            t.elapsed().as_nanos() as f64 / iterations as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches.get(3).copied().unwrap_or(f64::NAN)
}
