//! The native side of the JS-vs-native timing that `cargo xtask ci` prints: times the
//! shared-vector calls listed in `js/timing-cases.json` natively, through
//! [`weiquan_wasm::call_json`] with each argument read from its JSON text (the binding's
//! whole path between `JSON.stringify` and `JSON.parse`: text in, domain call, camelCase
//! text out) and, for an assessment, the domain function alone
//! (`weiquan_compensation::assess` on a claim already read); writes the figures as JSON to
//! the path given (or stdout). `js/timing.mjs` times the same calls in WebAssembly and
//! compares.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Value, json};
use weiquan_compensation::{ClaimDocument, Policy, assess};

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
        let texts: Vec<String> = args.iter().map(Value::to_string).collect();
        let iterations = case["iterations"].as_u64().unwrap_or(2000);
        let ns = time(iterations, || {
            let args = texts
                .iter()
                .map(|t| serde_json::from_str(t).unwrap_or(Value::Null))
                .collect();
            std::hint::black_box(weiquan_wasm::call_json(&function, args));
        });
        let mut row = json!({"function": function, "name": case["name"], "nativeCallNs": ns});
        let mut line = format!(
            "native {function} ({}): {:.1} µs",
            case["name"],
            ns / 1000.0
        );
        if function == "assessCompensation" {
            let claim = snake_keys(args.first().cloned().unwrap_or(Value::Null));
            let doc = ClaimDocument::from_value(&claim)?;
            let policy = Policy::default();
            let domain = time(iterations, || {
                std::hint::black_box(assess(&doc, &policy).ok());
            });
            if let Some(row) = row.as_object_mut() {
                row.insert("domainNs".to_owned(), json!(domain));
            }
            line.push_str(&format!(
                ", the domain function alone {:.1} µs",
                domain / 1000.0
            ));
        }
        eprintln!("{line}");
        out.push(row);
    }
    let text = serde_json::to_string_pretty(&json!({ "cases": out }))?;
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(path, text)?,
        None => println!("{text}"),
    }
    Ok(())
}

/// A camelCase argument as the snake_case document the domain crates read.
fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (weiquan_wasm::camel_to_snake(&k), snake_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
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
