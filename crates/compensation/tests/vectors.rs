//! The shared assessment vectors (`tests/vectors/holidays.json`): the library's `assess`,
//! with the official calendar it uses by default, gives the expected windows, deadlines,
//! totals and flags, in the compact form and in the full form alike. `weiquan assess`, the C
//! ABI (through the Python client) and WebAssembly check the same file.
// The vectors are those of the default calendar: without the feature there is none.
#![cfg(feature = "calendar")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use serde_json::{Map, Value, json};
use weiquan_compensation::{ClaimDocument, NoCalendar, Policy, assess, assess_with};

#[path = "vectors/projection.rs"]
mod projection;

fn from_full(a: &Value) -> Value {
    projection::project(a, false)
}

fn vectors() -> Vec<Value> {
    let text = include_str!("vectors/holidays.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

/// What the vectors compare, from the compact form.
fn from_compact(c: &Value) -> Value {
    let remedies: Vec<Value> = c["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut o = Map::new();
            for k in ["kind", "rule", "status"] {
                o.insert(k.into(), r[k].clone());
            }
            if let Some(w) = r.get("window") {
                let mut win = Map::new();
                for k in ["from", "last_day", "extension", "extended_to"] {
                    if let Some(v) = w.get(k) {
                        win.insert(k.into(), v.clone());
                    }
                }
                o.insert("window".into(), Value::Object(win));
            }
            if let Some(d) = r.get("operator_deadlines") {
                o.insert("operator_deadlines".into(), d.clone());
            }
            Value::Object(o)
        })
        .collect();
    json!({"total": c["total"], "flags": c["flags"], "remedies": remedies})
}

#[test]
fn the_library_gives_the_shared_answers() {
    let cases = vectors();
    assert!(cases.len() >= 5);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let claim = ClaimDocument::from_value(&case["claim"]).unwrap();
        let a = assess(&claim, &Policy::default()).unwrap();
        let compact: Value = serde_json::from_str(&a.compact().to_json()).unwrap();
        assert_eq!(from_compact(&compact), case["expect"], "{name} (compact)");
        let full = serde_json::to_value(&a).unwrap();
        assert_eq!(from_full(&full), case["expect"], "{name} (full)");
    }
}

/// The vectors are about the calendar: without one, each of them comes out otherwise (so
/// they cannot pass by accident of a calendar-free default), except where the calendar does
/// not cover the year, which must come out exactly as without a calendar.
#[test]
fn without_a_calendar_the_vectors_differ_except_beyond_the_calendar() {
    for case in vectors() {
        let claim = ClaimDocument::from_value(&case["claim"]).unwrap();
        let a = assess_with(&claim, &Policy::default(), &NoCalendar).unwrap();
        let compact: Value = serde_json::from_str(&a.compact().to_json()).unwrap();
        let uncovered = case["expect"]["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("no_calendar"));
        if uncovered {
            assert_eq!(from_compact(&compact), case["expect"], "{}", case["name"]);
        } else {
            assert_ne!(from_compact(&compact), case["expect"], "{}", case["name"]);
        }
    }
}
