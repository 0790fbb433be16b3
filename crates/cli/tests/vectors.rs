//! The shared vectors of the WebAssembly API (`crates/wasm/tests/vectors/`), run through the
//! command line: the cases of issue #19 — the prepaid day count (SPC Fa Shi [2025] No. 4
//! Art. 22), the capped car coefficient (SAMR Order No. 43 Art. 27) and the termination
//! notice after a withdrawal or self-settlement (Order No. 20 Art. 21(1) and last paragraph,
//! Order No. 121 Art. 23(1)(1)) — give in `weiquan assess` and `weiquan case replay` the
//! figures the vectors expect from `assessCompensation` and `caseDeadlines`, so the CLI, the C
//! ABI and WebAssembly give one answer. The vectors' keys are camelCase (the JavaScript
//! API's); the command's are snake_case, and are compared after renaming.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use chrono::{DateTime, FixedOffset};
use common::{Value, assert_status, json, stderr, temp_dir, weiquan};
use serde_json::Map;
use weiquan_caseflow::{Actor, Case, Event, EventKind, ProcedureSelection};

/// `someKey` → `some_key`, in every object key of `v` (values are left alone).
fn snake_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let mut s = String::with_capacity(k.len() + 4);
                    for c in k.chars() {
                        if c.is_ascii_uppercase() {
                            s.push('_');
                            s.push(c.to_ascii_lowercase());
                        } else {
                            s.push(c);
                        }
                    }
                    (s, snake_keys(v))
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(snake_keys).collect()),
        other => other.clone(),
    }
}

/// The case of `file` whose name starts with `prefix` (exactly one).
fn vector(file: &str, prefix: &str) -> Value {
    let path = format!(
        "{}/../wasm/tests/vectors/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let found: Vec<&Value> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "{file}: {prefix}");
    found[0].clone()
}

/// What an assessment states about its money, from the command's or the vector's JSON
/// (snake_case): the total, and each item's kind, amount, computation and remarks.
fn money(a: &Value) -> Value {
    let items: Vec<Value> = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            serde_json::json!({
                "kind": i["kind"]["code"],
                "amount": i["amount"],
                "steps": i["steps"].as_array().unwrap().iter().map(|s| s["text"].clone()).collect::<Vec<_>>(),
                "notes": i.get("notes").map_or(Vec::new(), |n| n.as_array().unwrap().iter().map(|n| n["code"].clone()).collect()),
            })
        })
        .collect();
    serde_json::json!({"total": a["total"], "items": items, "summary_en": a["summary_en"]})
}

fn assess_like_the_vector(prefix: &str) -> Value {
    let case = vector("compensation.json", prefix);
    let claim = snake_keys(&case["args"][0]);
    let out = weiquan(&["assess", "-"], claim.to_string());
    assert_status(&out, 0);
    let got = money(&json(&out.stdout));
    assert_eq!(got, money(&snake_keys(&case["result"])), "{prefix}");
    got
}

#[test]
fn the_prepaid_day_count_is_the_vectors() {
    let got = assess_like_the_vector("prepaid unlimited-use card, 3,650 yuan");
    // The figures of the article's example, spelled out here as well.
    assert_eq!(got["total"], "2190.00");
    assert_eq!(
        got["items"][0]["steps"],
        serde_json::json!([
            "2025-05-01 – 2026-04-30 = 365",
            "2025-09-24 – 2026-04-30 = 219",
            "3,650.00 × 219 ÷ 365 = 2,190.00"
        ])
    );
}

#[test]
fn the_capped_car_coefficient_is_the_vectors() {
    let got =
        assess_like_the_vector("family car returned under Art. 24, certificate coefficient 0.8%");
    assert_eq!(
        got["items"][0]["notes"],
        serde_json::json!(["coefficient_capped"])
    );
    assert_eq!(got["items"][0]["steps"][0], "min(0.8%, 0.5%) = 0.5%");
}

/// Replays the vector's events through `weiquan case replay` (the log written by the library,
/// as a handler's system would) and compares the state and deadlines with the vector's.
fn replay_like_the_vector(prefix: &str) -> Value {
    let case = vector("deadlines.json", prefix);
    let args = snake_keys(&case["args"][0]);
    let received: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339(args["received_at"].as_str().unwrap()).unwrap();
    let mut c = Case::open("V-19", received, ProcedureSelection::MarketRegulation).unwrap();
    for e in args["events"].as_array().unwrap() {
        let at = DateTime::parse_from_rfc3339(e["at"].as_str().unwrap()).unwrap();
        let actor: Actor = serde_json::from_value(e["actor"].clone()).unwrap();
        let kind: EventKind = serde_json::from_value(e["event"].clone()).unwrap();
        c.apply(Event::new(at, actor, kind)).unwrap();
    }
    let dir = temp_dir();
    let log = common::write(dir.path(), "case.jsonl", c.to_jsonl().unwrap());
    let as_of = args["as_of"].as_str().unwrap();
    let out = weiquan(
        &["case", "replay", log.to_str().unwrap(), "--as-of", as_of],
        Vec::new(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = json(&out.stdout);
    let want = snake_keys(&case["result"]);
    assert_eq!(got["state"], want["state"], "{prefix}");
    assert_eq!(got["deadlines"], want["deadlines"], "{prefix}");
    got
}

#[test]
fn the_termination_notice_is_the_vectors_whichever_event_records_it() {
    let mut dues = Vec::new();
    for prefix in [
        "withdrawn in mediation (Order No. 20 Art. 21(1))",
        "self-settlement in mediation recorded as an agreement (Order No. 20",
        "mediation ended for withdrawal or self-settlement (Order No. 20",
        "self-settlement in mediation under Order No. 121",
    ] {
        let got = replay_like_the_vector(prefix);
        assert_eq!(got["state"], "mediation_ended", "{prefix}");
        let notice = got["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == "termination_notice")
            .unwrap();
        dues.push((notice["due"].clone(), notice["status"].clone()));
    }
    assert_eq!(
        dues,
        [
            ("2025-10-13".into(), "pending".into()),
            ("2025-10-13".into(), "pending".into()),
            ("2025-10-13".into(), "pending".into()),
            ("2026-05-12".into(), "missed".into()),
        ]
    );
}
