//! `weiquan assess`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;
#[path = "../../compensation/tests/vectors/projection.rs"]
mod projection;

use common::*;

/// A 1,299-yuan purchase sold by fraud, as one line.
fn fraud() -> String {
    fixture_text("claim-a1.json")
}

#[test]
fn one_claim_prints_its_assessment() {
    let out = weiquan(&["assess", "-"], fraud());
    assert_status(&out, 0);
    let v = json(&out.stdout);
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
    let v = json(&out.stdout);
    let w = &v["remedies"][0]["window"];
    assert_eq!(w["last_day"], "2025-10-01");
    assert_eq!(w["extended_to"], "2025-10-09");
    assert_eq!(v["remedies"][0]["status"]["code"], "available");
    let out = weiquan(&["assess", "--no-calendar", "-"], claim);
    let v = json(&out.stdout);
    assert_eq!(
        v["remedies"][0]["window"]["extension"]["code"],
        "no_calendar"
    );
    assert_eq!(v["remedies"][0]["status"]["code"], "expired");
}

#[test]
fn an_invalid_claim_is_rejected_with_its_pointer() {
    let out = weiquan(&["assess", "-"], fraud().replace("\"1299.00\"", "\"-3\""));
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    // Without --rejects, standard error names the code and the field, never the value.
    let err = stderr(&out);
    assert_eq!(
        err.lines().next().unwrap(),
        "weiquan assess: field.invalid at /purchase/price_paid"
    );
    assert!(!err.contains("-3"), "{err}");
}

#[test]
fn json_lines_with_rejects_and_exit_codes() {
    let dir = temp_dir();
    let rejects = dir.path().join("rejects.jsonl");
    let input = format!("{}\nnot json\n{}\n", fraud(), fraud().replace("A1", "A2"));
    let out = weiquan(
        &["assess", "--lines", "--rejects", arg(&rejects), "-"],
        input,
    );
    assert_eq!(out.status.code(), Some(3));
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["claim_id"], "A1");
    assert_eq!(got[1]["claim_id"], "A2");
    let rej: Value =
        serde_json::from_str(std::fs::read_to_string(&rejects).unwrap().trim()).unwrap();
    assert_eq!(rej["line"], 2);
    assert_eq!(rej["errors"][0]["code"], "claim.syntax");
    let err = stderr(&out);
    assert!(err.contains("3 read, 2 assessed, 1 rejected"), "{err}");

    let out = weiquan(
        &["assess", "--lines", "--quiet", "-"],
        format!("{}\n", fraud()),
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_policy_file_changes_unverified_choices_only() {
    let dir = temp_dir();
    let good = write(
        dir.path(),
        "good.json",
        r#"{"disabled_rules":["crpl_2013_55_1"]}"#,
    );
    let out = weiquan(&["assess", "--policy", arg(&good), "-"], fraud());
    let v = json(&out.stdout);
    assert_eq!(v["considered"][1]["outcome"]["code"], "disabled");
    assert_eq!(v["total"], "0.00");
    let bad = write(
        dir.path(),
        "bad.json",
        r#"{"overrides":[{"parameter":"crpl_2013_55_1_minimum","value":"100"}]}"#,
    );
    let out = weiquan(&["assess", "--policy", arg(&bad), "-"], fraud());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot be overridden"));
}

#[test]
fn the_example_claims_assess_as_the_docs_say() {
    // A refurbished phone sold as new for 3,899 yuan (CRPL Art. 55(1)).
    let out = run(&["assess", arg(&example("claim-fraud.json"))]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v["claim_id"], "SJZ-2025-004211");
    assert_eq!(v["total"], "15596.00");
    assert_eq!(v["items"][1]["rule"], "crpl_2013_55_1");
    assert_eq!(v["items"][1]["amount"], "11697.00");
    // Two boxes of expired milk for 59.80 yuan: ten times the price is less than the
    // 1,000-yuan minimum of Food Safety Law Art. 148(2).
    let out = run(&["assess", arg(&example("claim-food-safety.json"))]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v["claim_id"], "SJZ-2025-005873");
    assert_eq!(v["total"], "1059.80");
    assert_eq!(v["items"][1]["rule"], "fsl_2015_148_2");
    assert_eq!(
        v["items"][1]["steps"][1]["text"],
        "max(598.00, 1,000.00) = 1,000.00"
    );
}

#[test]
fn a_complaint_is_assessed_with_the_findings_given() {
    let dir = temp_dir();
    let complaint = fixture("complaint-shop.json");
    // Without findings: the refund claimed, no punitive damages.
    let out = run(&["assess", "--from", "complaints", arg(&complaint)]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v["claim_id"], "T1");
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["rule"] != "crpl_2013_55_1"),
        "{v}"
    );
    // The handler found fraud: three times the 1,299 yuan paid, as for the claim document.
    let findings = write(dir.path(), "findings.json", r#"{"fraud": true}"#);
    let out = run(&[
        "assess",
        "--from",
        "complaints",
        "--findings",
        arg(&findings),
        arg(&complaint),
    ]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v["items"][1]["rule"], "crpl_2013_55_1");
    assert_eq!(v["items"][1]["steps"][0]["text"], "3 × 1,299.00 = 3,897.00");
    // The date of the facts is the complaint's purchase date.
    assert_eq!(v["facts_date"], "2025-11-12");

    // JSON Lines of complaints (what `weiquan validate` writes), an invalid one rejected
    // with the complaint's own pointer.
    let shop = fixture_text("complaint-shop.json");
    let input = format!("{shop}\n{}\n", shop.replace("\"1299.00\"", "\"-1\""));
    let summary = dir.path().join("summary.json");
    let out = weiquan(
        &[
            "assess",
            "--from",
            "complaints",
            "--lines",
            "--summary",
            arg(&summary),
            "-",
        ],
        input,
    );
    assert_status(&out, 3);
    assert_eq!(lines(&out.stdout).len(), 1);
    assert!(
        stderr(&out).contains("weiquan: line 2 rejected: amount.negative at /purchase/amount_paid"),
        "{}",
        stderr(&out)
    );
    let s = json(&std::fs::read(&summary).unwrap());
    assert_eq!(
        (s["read"].clone(), s["rejected"].clone()),
        (2.into(), 1.into())
    );

    // A claim document read as a complaint is rejected, not mistaken.
    let out = run(&[
        "assess",
        "--from",
        "complaints",
        arg(&fixture("claim-a1.json")),
    ]);
    assert_status(&out, 3);
    assert!(
        stderr(&out).contains("the complaint was rejected"),
        "{}",
        stderr(&out)
    );
    // And the other way round, with a hint.
    let out = run(&["assess", arg(&complaint)]);
    assert_status(&out, 3);
    assert!(
        stderr(&out).contains("this looks like a complaint document: add --from complaints"),
        "{}",
        stderr(&out)
    );
    // Findings belong to complaints: a claim document has its own.
    let out = run(&[
        "assess",
        "--findings",
        arg(&findings),
        arg(&fixture("claim-a1.json")),
    ]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("--findings is for --from complaints"));
}

#[test]
fn a_single_claim_writes_its_summary_too() {
    let dir = temp_dir();
    let summary = dir.path().join("s.json");
    let out = weiquan(&["assess", "--summary", arg(&summary), "-"], fraud());
    assert_status(&out, 0);
    let s = json(&std::fs::read(&summary).unwrap());
    assert_eq!(s["command"], "assess");
    assert_eq!(s["exit_code"], 0);
    assert_eq!(s["read"], 1);
    assert_eq!(s["accepted"], 1);
    assert_eq!(s["rejected"], 0);
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
        let out = weiquan(&["assess", "-"], case["claim"].to_string());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case["name"],
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            projection::project(&v, false),
            case["expect"],
            "{}",
            case["name"]
        );
    }
}
