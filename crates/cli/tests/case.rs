//! `weiquan case replay`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::path::PathBuf;
use std::process::Output;

use chrono::{DateTime, FixedOffset};
use common::{Value, stderr, temp_dir};
use tempfile::TempDir;
use weiquan_caseflow::{
    Actor, Case, ConsentSubject, Event, EventKind, Mediator, Party, ProcedureSelection, Settlement,
};
use weiquan_complaint::Yuan;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A case under Order No. 20: accepted, mediated, resolved, not yet closed.
fn log() -> String {
    let mut case = Case::open(
        "SJZ-2024-000123",
        at("2024-05-10T09:30:00+08:00"),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    let h = |t: &str, e| Event::new(at(t), Actor::Handler, e);
    case.apply(h("2024-05-14T10:00:00+08:00", EventKind::Accepted))
        .unwrap();
    for party in [Party::Consumer, Party::Business] {
        case.apply(h(
            "2024-05-15T10:00:00+08:00",
            EventKind::ConsentGiven {
                party,
                subject: ConsentSubject::Mediation,
            },
        ))
        .unwrap();
    }
    case.apply(h(
        "2024-05-16T14:00:00+08:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    ))
    .unwrap();
    for party in [Party::Consumer, Party::Business] {
        case.apply(h(
            "2024-05-20T10:00:00+08:00",
            EventKind::ConsentGiven {
                party,
                subject: ConsentSubject::Agreement,
            },
        ))
        .unwrap();
    }
    case.apply(h(
        "2024-05-21T15:00:00+08:00",
        EventKind::AgreementReached {
            amount_recovered: Yuan::from_yuan(1299),
            settlement: Settlement::Mediation,
        },
    ))
    .unwrap();
    case.to_jsonl().unwrap()
}

/// An events file in its own temporary directory (kept alive by the returned guard).
fn temp_file(content: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir();
    let path = common::write(dir.path(), "events.jsonl", content);
    (dir, path)
}

fn weiquan(args: &[&str]) -> Output {
    common::run(args)
}

#[test]
fn replay_prints_the_case_with_its_deadlines() {
    let (_dir, path) = temp_file(&log());
    let out = weiquan(&[
        "case",
        "replay",
        path.to_str().unwrap(),
        "--as-of",
        "2024-05-22",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["complaint_id"], "SJZ-2024-000123");
    assert_eq!(v["procedure"], "samr_order_20");
    assert_eq!(v["state"], "resolved");
    assert_eq!(v["state_zh"], "调解成功");
    assert_eq!(
        v["outcome"],
        serde_json::json!({"kind": "resolved", "amount_recovered": "1299.00", "settlement": "mediation"})
    );
    assert_eq!(v["as_of"], "2024-05-22");
    let history = v["history"].as_array().unwrap();
    assert_eq!(history.len(), 8);
    assert_eq!(history[1]["event"], "accepted");
    assert_eq!(history[1]["rule"], "received.accepted");
    assert_eq!(history[7]["to"], "resolved");
    let deadlines = v["deadlines"].as_array().unwrap();
    assert_eq!(deadlines.len(), 2);
    assert_eq!(deadlines[0]["kind"], "acceptance_decision");
    assert_eq!(deadlines[0]["due"], "2024-05-20");
    assert_eq!(deadlines[0]["status"], "met");
    // Citations are structured (#16): article, paragraph and item as numbers.
    assert_eq!(deadlines[0]["basis"]["instrument"], "samr_order_20");
    assert_eq!(deadlines[0]["basis"]["article"], 14);
    assert_eq!(
        deadlines[0]["basis"]["text_zh"],
        "《市场监督管理投诉举报处理暂行办法》第十四条"
    );
    let period = &deadlines[1]["basis"];
    assert_eq!(
        (&period["article"], &period["paragraph"], &period["item"]),
        (
            &serde_json::json!(21),
            &serde_json::json!(1),
            &serde_json::json!(5)
        )
    );
    assert_eq!(period["reliability"], "verified");
    assert_eq!(
        period["text_en"],
        "SAMR Order No. 20, Art. 21, para. 1, item (5)"
    );
    assert_eq!(v["procedure_basis"]["instrument"], "samr_order_20");
    assert_eq!(deadlines[1]["kind"], "mediation_period");
    assert_eq!(deadlines[1]["due"], "2024-07-17");
    assert_eq!(deadlines[1]["status"], "met");
    assert_eq!(v["summary"]["amount_recovered"], "1299.00");
    assert_eq!(v["summary"]["deadlines_met"], 2);
    assert_eq!(v["unrecorded_elapsed"], serde_json::json!([]));
    assert_eq!(v["log"]["entries"], 8);
    assert_eq!(v["log"]["head"].as_str().unwrap().len(), 64);
}

#[test]
fn replay_reads_standard_input_and_reports_unrecorded_elapses() {
    // Only the opening: by 2024-06-01 the acceptance decision is overdue.
    let first = log().lines().next().unwrap().to_owned();
    let out = common::weiquan(
        &["case", "replay", "-", "--as-of", "2024-06-01", "--pretty"],
        first,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "received");
    assert_eq!(v["deadlines"][0]["status"], "missed");
    assert_eq!(
        v["unrecorded_elapsed"],
        serde_json::json!([{"at": "2024-05-21T00:00:00+08:00", "actor": "system",
            "event": {"deadline_elapsed": {"deadline": "acceptance_decision", "due": "2024-05-20"}}}])
    );
}

#[test]
fn an_altered_line_is_named_and_exits_2() {
    let text = log().replace("\"1299.00\"", "\"12999.00\"");
    let (_dir, path) = temp_file(&text);
    let out = weiquan(&[
        "case",
        "replay",
        path.to_str().unwrap(),
        "--as-of",
        "2024-05-22",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("error[caseflow.log.altered]"), "{err}");
    assert!(
        err.contains("line 8: the entry does not match its hash (altered)"),
        "{err}"
    );
}

#[test]
fn a_gap_is_named_and_exits_2() {
    let text = log();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(1);
    let (_dir, path) = temp_file(&lines.join("\n"));
    let out = weiquan(&["case", "replay", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[caseflow.log.sequence]"), "{err}");
    assert!(
        err.contains("line 2: sequence number 3, expected 2"),
        "{err}"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = weiquan(&["case", "replay", "/nonexistent/events.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /nonexistent/events.jsonl"));
    let (_dir, path) = temp_file(&log());
    let out = weiquan(&[
        "case",
        "replay",
        path.to_str().unwrap(),
        "--as-of",
        "22/05/2024",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a date written YYYY-MM-DD"));
    let (_empty_dir, empty) = temp_file("");
    let out = weiquan(&["case", "replay", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error[caseflow.log.empty]"));
}

#[test]
fn strict_calendar_refuses_uncovered_years() {
    let (_dir, path) = temp_file(&log());
    let out = weiquan(&[
        "case",
        "replay",
        path.to_str().unwrap(),
        "--as-of",
        "2027-03-01",
        "--strict",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The case's own dates are all covered; the open case below is not.
    let mut case = Case::open(
        "X-1",
        at("2026-04-10T09:00:00+08:00"),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    case.apply(Event::new(
        at("2026-11-20T10:00:00+08:00"),
        Actor::Handler,
        EventKind::Accepted,
    ))
    .unwrap();
    let (_dir, path) = temp_file(&case.to_jsonl().unwrap());
    let out = weiquan(&[
        "case",
        "replay",
        path.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
        "--strict",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[caseflow.calendar]"),
        "{}",
        stderr(&out)
    );
    let out = weiquan(&[
        "case",
        "replay",
        path.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["deadlines"][1]["provisional"], true);
}
