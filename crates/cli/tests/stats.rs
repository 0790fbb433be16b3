//! `weiquan stats`, `weiquan stats merge` and `weiquan alerts`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::temp_dir;

fn weiquan(args: &[&str]) -> Output {
    common::run(args)
}

fn generate(d: &Path, count: &str, seed: &str) -> PathBuf {
    let f = d.join(format!("c{count}-{seed}.jsonl"));
    let out = weiquan(&[
        "generate",
        "--count",
        count,
        "--seed",
        seed,
        "--out",
        f.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    f
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_release_with_rejects() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "3000", "5");
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push_str("{\"schema_version\":1,\"channel\":\"fax\"}\nnot json\n");
    std::fs::write(&f, text).unwrap();
    let rejects = d.join("rejects.jsonl");
    let audit = d.join("audit.json");
    let out = weiquan(&[
        "stats",
        f.to_str().unwrap(),
        "--by",
        "region=county,category=top",
        "--rejects",
        rejects.to_str().unwrap(),
        "--audit-out",
        audit.to_str().unwrap(),
        "--audit-time-limit",
        "600",
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rej = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<serde_json::Value> = rej
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["line"], 3001);
    assert_eq!(lines[1]["errors"][0]["code"], "json.syntax");
    let doc = json(&out);
    assert_eq!(doc["kind"], "weiquan_stats_release");
    assert_eq!(doc["audit"]["verdict"], "pass");
    let cells = doc["tables"][0]["cells"].as_array().unwrap();
    let total = cells.last().unwrap();
    assert_eq!(total["region"], "all");
    assert_eq!(total["count"], 3000);
    let mut withheld = 0;
    for c in cells {
        match c["status"].as_str().unwrap() {
            "published" => {
                let n = c["count"].as_u64().unwrap();
                assert!(n == 0 || n >= 10);
                assert!(c.get("interval").is_none());
            }
            status => {
                // One status for every withheld cell, and nothing but its labels.
                assert_eq!(status, "withheld");
                withheld += 1;
                assert!(c.get("count").is_none() && c.get("interval").is_none());
            }
        }
    }
    assert!(withheld > 0);
    assert_eq!(doc["audit"]["withheld"], withheld);
    let published = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!published.contains("primary") && !published.contains("secondary"));
    // The audit report, apart: reasons, true counts and certified intervals.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&audit).unwrap()).unwrap();
    assert_eq!(report["kind"], "weiquan_stats_audit");
    assert!(
        report["notice"]
            .as_str()
            .unwrap()
            .contains("NOT FOR PUBLICATION")
    );
    let cells_out = report["tables"][0]["withheld"].as_array().unwrap();
    assert_eq!(cells_out.len(), withheld);
    for c in cells_out {
        let i = &c["interval"];
        let width = i["upper"].as_u64().unwrap_or(u64::MAX) - i["lower"].as_u64().unwrap();
        assert!(width >= 10);
        assert!(["primary", "secondary"].contains(&c["reason"].as_str().unwrap()));
    }
    // Column order follows the grouping.
    let first = cells[0].as_object().unwrap();
    let keys: Vec<&String> = first.keys().take(2).collect();
    assert_eq!(keys, ["region", "category"]);
    let csv = weiquan(&[
        "stats",
        f.to_str().unwrap(),
        "--by",
        "region=county,category=top",
        "--format",
        "csv",
        "--quiet",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("table,region,category,status,count,"));
    assert_eq!(csv.lines().count(), 1 + cells.len());
}

#[test]
fn partials_merge_to_the_single_run() {
    let tmp = temp_dir();
    let d = tmp.path();
    let a = generate(d, "1500", "6");
    let b = generate(d, "1500", "7");
    // Two seeds number their complaints alike: give the second its own ids, as two real
    // inputs have.
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(&b, text.replace("\"id\":\"SJZ", "\"id\":\"SJB")).unwrap();
    let both = d.join("both.jsonl");
    let text = std::fs::read_to_string(&a).unwrap() + &std::fs::read_to_string(&b).unwrap();
    std::fs::write(&both, text).unwrap();
    let by = "period=quarter,region=prefecture,category=major";
    let mut parts = Vec::new();
    let key = d.join("consumer.key");
    for (i, f) in [&a, &b].iter().enumerate() {
        let p = d.join(format!("p{i}.json"));
        let out = weiquan(&[
            "stats",
            f.to_str().unwrap(),
            "--by",
            by,
            "--partial",
            "--quiet",
            "--consumer-key",
            key.to_str().unwrap(),
            "--out",
            p.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        parts.push(p);
    }
    let merged = weiquan(&[
        "stats",
        "merge",
        parts[1].to_str().unwrap(),
        parts[0].to_str().unwrap(),
        "--by",
        by,
    ]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let single = weiquan(&["stats", both.to_str().unwrap(), "--by", by, "--quiet"]);
    assert!(single.status.success());
    assert_eq!(json(&merged), json(&single));
    // The CCA report needs its dimensions in the partial.
    let cca = weiquan(&["stats", "merge", parts[0].to_str().unwrap(), "--cca-report"]);
    assert_eq!(cca.status.code(), Some(2));
}

#[test]
fn the_cca_report() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "4000", "8");
    let out = weiquan(&["stats", f.to_str().unwrap(), "--cca-report", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    assert_eq!(doc["kind"], "weiquan_cca_report");
    assert_eq!(doc["by_problem_nature"]["total"]["count"], 4000);
    assert_eq!(doc["by_problem_nature"]["total"]["share_pct"], "100.00");
    assert_eq!(doc["goods"]["total"]["share_pct"], "100.00");
    assert_eq!(doc["by_problem_nature"]["rows"][0]["name_zh"], "质量");
}

#[test]
fn differential_privacy_needs_a_span_and_spends_the_ledger() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "2000", "9");
    let path = f.to_str().unwrap();
    let out = weiquan(&["stats", path, "--epsilon", "1", "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--span"));
    let ledger = d.join("ledger.json");
    let l = ledger.to_str().unwrap();
    std::fs::write(
        &ledger,
        r#"{"schema_version":1,"kind":"weiquan_stats_ledger","epsilon_limit":"3/2","releases":[]}"#,
    )
    .unwrap();
    let args = |id: &'static str| {
        vec![
            "stats",
            path,
            "--by",
            "period=quarter,region=county",
            "--span",
            "2025-07..2026-06",
            "--epsilon",
            "1",
            "--quiet",
            "--ledger",
            l,
            "--release-id",
            id,
        ]
    };
    let out = weiquan(&args("dp1"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    assert_eq!(doc["kind"], "weiquan_stats_dp_release");
    assert_eq!(doc["epsilon"], "1");
    // 4 quarters × 23 regions, plus the margins.
    assert_eq!(doc["cells"].as_array().unwrap().len(), 4 * 23 + 4 + 23 + 1);
    let again = weiquan(&args("dp2"));
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("budget"));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ledger).unwrap()).unwrap();
    assert_eq!(saved["releases"].as_array().unwrap().len(), 1);
}

#[test]
fn a_ledger_of_suppressed_releases() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "3000", "10");
    let ledger = d.join("ledger.json");
    let run = |span: &str, id: &str| {
        weiquan(&[
            "stats",
            f.to_str().unwrap(),
            "--by",
            "consumer_group,channel",
            "--span",
            span,
            "--ledger",
            ledger.to_str().unwrap(),
            "--release-id",
            id,
            "--quiet",
        ])
    };
    assert!(run("2025-07..2025-12", "H2").status.success());
    let second = run("2025-07..2026-03", "YTD");
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(json(&second)["audit"]["audited_with"][0], "H2");
    assert_eq!(run("2025-07..2026-06", "H2").status.code(), Some(2));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ledger).unwrap()).unwrap();
    assert_eq!(saved["releases"].as_array().unwrap().len(), 2);
}

#[test]
fn surge_alerts_name_the_business() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "3000", "11");
    let text = std::fs::read_to_string(&f).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let uscc = first["business"]["uscc"].as_str().unwrap().to_owned();
    let mut extra = String::new();
    for i in 0..25 {
        let mut c = first.clone();
        c["id"] = format!("SURGE{i}").into();
        c["received_at"] = format!("2026-05-{:02}T10:00:00+08:00", 18 + i % 5).into();
        extra.push_str(&c.to_string());
        extra.push('\n');
    }
    std::fs::write(&f, text + &extra).unwrap();
    let out = weiquan(&["alerts", f.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let alerts: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let surge = alerts
        .iter()
        .find(|a| a["series"]["business"]["uscc"] == uscc.as_str())
        .expect("the planted surge");
    assert_eq!(surge["week"], "2026-W21");
    assert!(surge["count"].as_u64().unwrap() >= 25);
    assert!(String::from_utf8_lossy(&out.stderr).contains("tests"));
    for a in &alerts {
        assert_eq!(a["kind"], "surge_alert");
        assert!(a.get("consumer").is_none());
    }
}

#[test]
fn an_audit_out_of_time_refuses_the_release() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "2000", "9");
    let out_file = d.join("release.json");
    let out = weiquan(&[
        "stats",
        f.to_str().unwrap(),
        "--by",
        "region=county,category=top",
        "--audit-time-limit",
        "0.000001",
        "--out",
        out_file.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did not finish"), "{err}");
    // Never published unaudited.
    assert!(!out_file.exists() || std::fs::read_to_string(&out_file).unwrap().is_empty());
}
