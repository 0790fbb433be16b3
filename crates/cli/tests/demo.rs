//! `weiquan demo`: the files, the counts, a self-contained report, and determinism.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::path::Path;

use common::{arg, cmd, run, stderr, temp_dir};

fn run_demo(dir: &Path, threads: &str) -> std::process::Output {
    let out = run(&[
        "demo",
        "--count",
        "2000",
        "--seed",
        "7",
        "--threads",
        threads,
        "--out",
        arg(dir),
    ]);
    assert!(
        out.status.success(),
        "demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn lines(dir: &Path, name: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join(name))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

fn without_timings(mut v: serde_json::Value) -> serde_json::Value {
    let o = v.as_object_mut().unwrap();
    assert!(o.remove("timings").is_some());
    assert!(o.remove("machine").is_some());
    v
}

#[test]
fn demo_writes_everything_counts_add_up_and_is_deterministic() {
    let tmp = temp_dir();
    let a = tmp.path().join("a");
    let out = run_demo(&a, "2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Not a terminal: no progress bars, but the summary table.
    assert!(stderr.contains("stage"), "{stderr}");
    assert!(stderr.contains("total (wall)"), "{stderr}");

    for f in [
        "complaints.jsonl",
        "rejects.jsonl",
        "routes.jsonl",
        "cases.jsonl",
        "case-logs.jsonl",
        "assessments.jsonl",
        "errors.jsonl",
        "statistics.json",
        "statistics.csv",
        "alerts.jsonl",
        "report.json",
        "report.csv",
        "report.html",
    ] {
        assert!(a.join(f).is_file(), "{f} missing");
    }

    let r = report(&a);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["kind"], "weiquan_demo_report");
    let read = r["records"]["read"].as_u64().unwrap();
    let valid = r["records"]["valid"].as_u64().unwrap();
    let rejected = r["records"]["rejected"].as_u64().unwrap();
    assert_eq!(read, 2000);
    assert_eq!(read, valid + rejected);
    // About 1% broken on purpose, each reported.
    assert!((5..=60).contains(&rejected), "{rejected} rejected");
    let complaints = lines(&a, "complaints.jsonl");
    let rejects = lines(&a, "rejects.jsonl");
    assert_eq!(complaints.len() as u64, valid);
    assert_eq!(rejects.len() as u64, rejected);
    for l in &rejects {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["line"].as_u64().unwrap() >= 1);
        assert!(!v["errors"].as_array().unwrap().is_empty(), "{l}");
    }
    // One decision and one case per valid complaint, no library errors.
    assert_eq!(lines(&a, "routes.jsonl").len() as u64, valid);
    assert_eq!(lines(&a, "cases.jsonl").len() as u64, valid);
    assert_eq!(r["cases"]["total"].as_u64().unwrap(), valid);
    assert!(lines(&a, "errors.jsonl").is_empty());
    let assessed = r["assessments"]["assessed"].as_u64().unwrap();
    assert_eq!(lines(&a, "assessments.jsonl").len() as u64, assessed);
    assert!(assessed > 0 && assessed <= valid);
    // Categories and districts add up to the valid complaints.
    let sum = |key: &str| -> u64 {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum("by_category"), valid);
    assert_eq!(sum("by_district"), valid);
    let outcomes: u64 = r["cases"]["by_outcome"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["count"].as_u64().unwrap())
        .sum();
    assert_eq!(outcomes, valid);
    // The lifecycle mix: overdue and paused cases occur.
    assert!(r["cases"]["deadlines"]["missed"].as_u64().unwrap() > 0);
    assert!(r["cases"]["paused"].as_u64().unwrap() > 0);
    assert!(r["cases"]["resolved"].as_u64().unwrap() > 0);
    // The sampled full logs are hash-chained case logs.
    let logs = lines(&a, "case-logs.jsonl");
    assert!(!logs.is_empty());
    assert!(logs[0].contains("SJZ"), "{}", logs[0]);

    // The published statistics passed the audit.
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("statistics.json")).unwrap()).unwrap();
    assert_eq!(stats["audit"]["verdict"], "pass");
    assert_eq!(r["statistics"]["cca"]["audit"]["verdict"], "pass");

    // The page is self-contained: inline SVG, no external references, Chinese first.
    let html = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script") && !html.contains("<link"));
    assert!(html.contains("按商品和服务类别 <span>Complaints by category"));
    assert!(html.trim_end().ends_with("</html>"));

    let csv = std::fs::read_to_string(a.join("report.csv")).unwrap();
    assert!(csv.starts_with("section,code,name_zh,name_en,value,share_pct\n"));
    assert!(csv.contains(&format!("records,read,读取,read,{read},\n")));

    // Same seed, same outputs — also with a different number of workers.
    let b = tmp.path().join("b");
    run_demo(&b, "1");
    assert_eq!(without_timings(report(&b)), without_timings(r));
    for f in [
        "complaints.jsonl",
        "rejects.jsonl",
        "routes.jsonl",
        "cases.jsonl",
        "case-logs.jsonl",
        "assessments.jsonl",
        "statistics.json",
        "alerts.jsonl",
    ] {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn the_complaints_are_those_of_weiquan_generate() {
    let tmp = temp_dir();
    let dir = tmp.path().join("gen");
    run(&[
        "demo",
        "--count",
        "300",
        "--seed",
        "3",
        "--quiet",
        "--out",
        arg(&dir),
    ]);
    let generated = run(&[
        "generate",
        "--count",
        "300",
        "--seed",
        "3",
        "--broken-per-mille",
        "10",
    ]);
    let all: Vec<&str> = std::str::from_utf8(&generated.stdout)
        .unwrap()
        .lines()
        .collect();
    let rejected: Vec<u64> = lines(&dir, "rejects.jsonl")
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let kept: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| !rejected.contains(&(*i as u64 + 1)))
        .map(|(_, l)| (*l).to_owned())
        .collect();
    assert_eq!(kept, lines(&dir, "complaints.jsonl"));
}

#[test]
fn a_bad_output_directory_is_a_usage_error() {
    let tmp = temp_dir();
    let file = common::write(tmp.path(), "file", "not a directory");
    let out = run(&["demo", "--count", "10", "--quiet", "--out", arg(&file)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("weiquan:"));
    // The path, and what is wrong with it; not the operating system's "File exists".
    assert!(
        err.contains(&format!(
            "--out {} is a file, not a directory",
            file.display()
        )),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
    // A directory under a file: the file is named.
    let under = file.join("out");
    let err = stderr(&run(&[
        "demo",
        "--count",
        "10",
        "--quiet",
        "--out",
        arg(&under),
    ]));
    assert!(
        err.contains(&format!("{} is a file", file.display())),
        "{err}"
    );

    let zero = cmd(&["demo", "--count", "0", "--quiet"]).output().unwrap();
    assert_eq!(zero.status.code(), Some(2));
    let err = stderr(&zero);
    assert!(err.contains("--count must be at least 1"), "{err}");
    assert!(!err.contains("18446744073709551615"), "{err}");
    let err = stderr(&run(&["demo", "--count", "many", "--quiet"]));
    assert!(err.contains("--count must be a whole number"), "{err}");
}
