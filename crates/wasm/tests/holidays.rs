//! The shared assessment vectors of weiquan-compensation (`holidays.json`: holiday
//! extensions, working-day deadlines, a year beyond the calendar) through
//! `assessCompensation`, natively. `js/test/holidays.test.mjs` checks the same file against the
//! built module; the library, `weiquan assess` and the C ABI check it too, so every edge gives
//! the same last days.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use serde_json::{Map, Value, json};

/// A claim document's keys in camelCase, as JavaScript writes them.
fn camel(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let mut out = String::new();
                    let mut up = false;
                    for c in k.chars() {
                        if c == '_' {
                            up = true;
                        } else if up {
                            out.extend(c.to_uppercase());
                            up = false;
                        } else {
                            out.push(c);
                        }
                    }
                    (out, camel(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(camel).collect()),
        other => other.clone(),
    }
}

/// What the vectors compare, from the camelCase assessment.
fn projection(a: &Value) -> Value {
    let code = |v: &Value| v["code"].clone();
    let remedies: Vec<Value> = a["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut o = Map::new();
            o.insert("kind".into(), code(&r["kind"]));
            o.insert("rule".into(), r["rule"].clone());
            o.insert("status".into(), code(&r["status"]));
            if let Some(w) = r.get("window") {
                let mut win = Map::new();
                win.insert("from".into(), w["from"].clone());
                win.insert("last_day".into(), w["lastDay"].clone());
                win.insert("extension".into(), code(&w["extension"]));
                if let Some(d) = w.get("extendedTo") {
                    win.insert("extended_to".into(), d.clone());
                }
                o.insert("window".into(), Value::Object(win));
            }
            if let Some(ds) = r.get("operatorDeadlines") {
                let ds: Vec<Value> = ds
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        let mut x = Map::new();
                        x.insert("param".into(), d["parameter"]["id"].clone());
                        if let Some(due) = d.get("due") {
                            x.insert("due".into(), due.clone());
                        }
                        Value::Object(x)
                    })
                    .collect();
                o.insert("operator_deadlines".into(), Value::Array(ds));
            }
            Value::Object(o)
        })
        .collect();
    let flags: Vec<Value> = a["flags"].as_array().unwrap().iter().map(code).collect();
    json!({"total": a["total"], "flags": flags, "remedies": remedies})
}

#[test]
fn assess_compensation_gives_the_shared_answers() {
    let text = include_str!("../../compensation/tests/vectors/holidays.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        let got = match weiquan_wasm::call("assessCompensation", vec![camel(&case["claim"])]) {
            Some(Ok(v)) => v,
            Some(Err(e)) => panic!("{}: {}", case["name"], e.to_js_json()),
            None => panic!("no assessCompensation"),
        };
        assert_eq!(projection(&got), case["expect"], "{}", case["name"]);
    }
}
