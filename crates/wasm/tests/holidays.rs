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

use serde_json::Value;

#[path = "../../compensation/tests/vectors/projection.rs"]
mod projection;

/// A claim document's keys in camelCase, as JavaScript writes them.
fn camel(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let mut key = String::new();
                    let mut up = false;
                    for c in k.chars() {
                        if c == '_' {
                            up = true;
                        } else if up {
                            key.extend(c.to_uppercase());
                            up = false;
                        } else {
                            key.push(c);
                        }
                    }
                    (key, camel(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(camel).collect()),
        other => other.clone(),
    }
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
        assert_eq!(
            projection::project(&got, true),
            case["expect"],
            "{}",
            case["name"]
        );
    }
}
