//! `weiquan assess`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn weiquan(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_weiquan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails early may exit before reading its input: a broken pipe is then

    // expected, and the exit status and stderr are what the test checks.

    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

const FRAUD: &str = r#"{"schema_version":1,"id":"A1","purchase":{"kind":"goods","price_paid":"1299.00","purchase_date":"2025-03-02"},"findings":{"fraud":true}}"#;

#[test]
fn one_claim_prints_its_assessment() {
    let out = weiquan(&["assess", "-"], FRAUD);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claim_id"], "A1");
    assert_eq!(v["total"], "5196.00");
    assert_eq!(v["items"][1]["steps"][0]["text"], "3 × 1,299.00 = 3,897.00");
    assert_eq!(
        v["items"][1]["steps"][1]["text"],
        "max(3,897.00, 500.00) = 3,897.00"
    );
}

#[test]
fn the_official_calendar_extends_a_last_day_on_a_holiday() {
    // Received 2025-09-24: day 7 is 2025-10-01, National Day; the break ends 10-08.
    let claim = r#"{"schema_version":1,"purchase":{"kind":"goods","price_paid":"259","purchase_date":"2025-09-20","receipt_date":"2025-09-24","distance_sale":true},"request_date":"2025-10-09","returns":{"exclusion":"none"}}"#;
    let out = weiquan(&["assess", "-"], claim);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let w = &v["remedies"][0]["window"];
    assert_eq!(w["last_day"], "2025-10-01");
    assert_eq!(w["extended_to"], "2025-10-09");
    assert_eq!(v["remedies"][0]["status"]["code"], "available");
    let out = weiquan(&["assess", "--no-calendar", "-"], claim);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["remedies"][0]["window"]["extension"]["code"],
        "no_calendar"
    );
    assert_eq!(v["remedies"][0]["status"]["code"], "expired");
}

#[test]
fn an_invalid_claim_is_rejected_with_its_pointer() {
    let out = weiquan(&["assess", "-"], &FRAUD.replace("\"1299.00\"", "\"-3\""));
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    let first: serde_json::Value = serde_json::from_str(err.lines().next().unwrap()).unwrap();
    assert_eq!(first["errors"][0]["pointer"], "/purchase/price_paid");
}

#[test]
fn json_lines_with_rejects_and_exit_codes() {
    let dir = std::env::temp_dir().join(format!("weiquan-assess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rejects = dir.join("rejects.jsonl");
    let input = format!("{FRAUD}\nnot json\n{}\n", FRAUD.replace("A1", "A2"));
    let out = weiquan(
        &[
            "assess",
            "--lines",
            "--rejects",
            rejects.to_str().unwrap(),
            "-",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(3));
    let got: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["claim_id"], "A1");
    assert_eq!(got[1]["claim_id"], "A2");
    let rej: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&rejects).unwrap().trim()).unwrap();
    assert_eq!(rej["line"], 2);
    assert_eq!(rej["errors"][0]["code"], "json.syntax");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 read, 2 assessed, 1 rejected"), "{err}");

    let out = weiquan(
        &["assess", "--lines", "--quiet", "-"],
        &format!("{FRAUD}\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_policy_file_changes_unverified_choices_only() {
    let dir = std::env::temp_dir().join(format!("weiquan-assess-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, r#"{"disabled_rules":["crpl_2013_55_1"]}"#).unwrap();
    let out = weiquan(&["assess", "--policy", good.to_str().unwrap(), "-"], FRAUD);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["considered"][1]["outcome"]["code"], "disabled");
    assert_eq!(v["total"], "0.00");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"overrides":[{"parameter":"crpl_2013_55_1_minimum","value":"100"}]}"#,
    )
    .unwrap();
    let out = weiquan(&["assess", "--policy", bad.to_str().unwrap(), "-"], FRAUD);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be overridden"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What the shared vectors compare, from the full assessment the command prints (the same
/// projection as `crates/compensation/tests/vectors.rs` and the JavaScript test).
fn projection(a: &serde_json::Value) -> serde_json::Value {
    use serde_json::{Map, Value, json};
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
                win.insert("last_day".into(), w["last_day"].clone());
                win.insert("extension".into(), code(&w["extension"]));
                if let Some(d) = w.get("extended_to") {
                    win.insert("extended_to".into(), d.clone());
                }
                o.insert("window".into(), Value::Object(win));
            }
            if let Some(ds) = r.get("operator_deadlines") {
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

/// The shared vectors of holiday extensions and working-day deadlines: the command gives the
/// answers the library, the C ABI and WebAssembly give.
#[test]
fn the_shared_holiday_vectors() {
    let text = include_str!("../../compensation/tests/vectors/holidays.json");
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        let out = weiquan(&["assess", "-"], &case["claim"].to_string());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case["name"],
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(projection(&v), case["expect"], "{}", case["name"]);
    }
}
