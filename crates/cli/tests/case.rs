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
use common::{Value, arg, assert_status, json, stderr, temp_dir};
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

/// A case closed on 2025-10-27 (#17: `--as-of` before it gave the closed state).
fn closed_log() -> String {
    let mut case = Case::open(
        "SJZ-2025-000042",
        at("2025-09-22T09:30:00+08:00"),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    let h = |t: &str, e| Event::new(at(t), Actor::Handler, e);
    case.apply(h("2025-09-24T10:00:00+08:00", EventKind::Accepted))
        .unwrap();
    let consents = |case: &mut Case, t: &str, subject| {
        for party in [Party::Consumer, Party::Business] {
            case.apply(h(t, EventKind::ConsentGiven { party, subject }))
                .unwrap();
        }
    };
    consents(
        &mut case,
        "2025-09-25T10:00:00+08:00",
        ConsentSubject::Mediation,
    );
    case.apply(h(
        "2025-09-25T14:00:00+08:00",
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    ))
    .unwrap();
    consents(
        &mut case,
        "2025-09-26T09:00:00+08:00",
        ConsentSubject::Agreement,
    );
    case.apply(h(
        "2025-09-26T10:00:00+08:00",
        EventKind::AgreementReached {
            amount_recovered: Yuan::from_fen(16_185),
            settlement: Settlement::Mediation,
        },
    ))
    .unwrap();
    case.apply(h("2025-10-27T09:00:00+08:00", EventKind::Closed))
        .unwrap();
    case.to_jsonl().unwrap()
}

#[test]
fn as_of_before_closing_gives_the_open_state_and_counts_what_was_left_out() {
    let (_dir, path) = temp_file(&closed_log());
    let out = weiquan(&["case", "replay", arg(&path), "--as-of", "2025-10-01"]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v["state"], "resolved");
    assert_eq!(v["log"]["entries"], 9);
    assert_eq!(v["log"]["later_events"], 1);
    assert_eq!(v["history"].as_array().unwrap().len(), 8);
    let out = weiquan(&["case", "replay", arg(&path), "--as-of", "2025-10-27"]);
    assert_eq!(json(&out.stdout)["state"], "closed");
    assert_eq!(json(&out.stdout)["log"]["later_events"], 0);
    let out = weiquan(&["case", "replay", arg(&path), "--as-of", "2025-09-01"]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("error[caseflow.as_of_before_receipt]"));
}

#[test]
fn a_torn_tail_has_its_own_code_and_recovers_the_prefix() {
    let log = closed_log();
    let cut = log.len() - 25;
    let (_dir, path) = temp_file(&log[..cut]);
    let out = weiquan(&["case", "replay", arg(&path), "--as-of", "2025-12-01"]);
    assert_status(&out, 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("error[caseflow.log.torn]"), "{err}");
    assert!(err.contains("line 9"), "{err}");
    let out = weiquan(&[
        "case",
        "replay",
        arg(&path),
        "--as-of",
        "2025-12-01",
        "--recover",
    ]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v["state"], "resolved");
    let valid = log[..log.len() - 1].rfind('\n').unwrap() + 1;
    assert_eq!(
        v["log"]["torn"],
        serde_json::json!({"line": 9, "valid_bytes": valid, "dropped_bytes": cut - valid})
    );
    // The file is not changed by recovering.
    assert_eq!(std::fs::read(&path).unwrap().len(), cut);
    // A NUL-filled tail, the same.
    let mut padded = log.clone().into_bytes();
    padded.extend_from_slice(&[0; 512]);
    let dir = temp_dir();
    let nul = common::write(dir.path(), "nul.jsonl", &padded);
    let out = weiquan(&["case", "replay", arg(&nul), "--as-of", "2025-12-01"]);
    assert!(stderr(&out).contains("error[caseflow.log.torn]"));
    let out = weiquan(&[
        "case",
        "replay",
        arg(&nul),
        "--as-of",
        "2025-12-01",
        "--recover",
    ]);
    assert_status(&out, 0);
    assert_eq!(json(&out.stdout)["state"], "closed");
    assert_eq!(json(&out.stdout)["log"]["torn"]["dropped_bytes"], 512);
}

#[test]
fn a_keyed_log_and_an_expected_head_catch_a_rewrite() {
    let dir = temp_dir();
    let key_hex = "5a".repeat(32);
    let key_file = common::write(dir.path(), "log.key", format!("{key_hex}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let key = weiquan_caseflow::ChainKey::from_hex(&key_hex).unwrap();
    let case = Case::replay(&closed_log()).unwrap();
    let keyed = common::write(
        dir.path(),
        "keyed.jsonl",
        case.to_jsonl_keyed(&key).unwrap(),
    );
    let out = weiquan(&[
        "case",
        "replay",
        arg(&keyed),
        "--key",
        arg(&key_file),
        "--as-of",
        "2025-12-01",
    ]);
    assert_status(&out, 0);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let v = json(&out.stdout);
    assert_eq!(v["log"]["chain"], "hmac-sha256");
    let head = v["log"]["head"].as_str().unwrap().to_owned();
    // Without the key: refused, not read unverified.
    let out = weiquan(&["case", "replay", arg(&keyed)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("error[caseflow.log.key_required]"));
    // Rewritten by someone without the key (amount changed, re-sealed with another key).
    let mut forged_case = Case::open(
        "SJZ-2025-000042",
        at("2025-09-22T09:30:00+08:00"),
        ProcedureSelection::MarketRegulation,
    )
    .unwrap();
    for r in &case.history()[1..] {
        let mut e = r.event.clone();
        if let EventKind::AgreementReached {
            amount_recovered, ..
        } = &mut e.event
        {
            *amount_recovered = Yuan::from_fen(185);
        }
        forged_case.apply(e).unwrap();
    }
    let other = weiquan_caseflow::ChainKey::from_hex(&"a5".repeat(32)).unwrap();
    let forged = common::write(
        dir.path(),
        "forged.jsonl",
        forged_case.to_jsonl_keyed(&other).unwrap(),
    );
    let out = weiquan(&["case", "replay", arg(&forged), "--key", arg(&key_file)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("error[caseflow.log.altered]"));
    // The plain chain re-hashed passes on its own; the head kept elsewhere does not.
    let plain_forged = common::write(dir.path(), "plain.jsonl", forged_case.to_jsonl().unwrap());
    let out = weiquan(&[
        "case",
        "replay",
        arg(&plain_forged),
        "--as-of",
        "2025-12-01",
    ]);
    assert_status(&out, 0);
    let plain_head = Case::replay(&closed_log()).unwrap();
    let good_head = {
        let mut j = weiquan_caseflow::Journal::new();
        for r in plain_head.history() {
            j.append(&r.event).unwrap();
        }
        j.head().to_string()
    };
    let out = weiquan(&[
        "case",
        "replay",
        arg(&plain_forged),
        "--expect-head",
        &good_head,
    ]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("error[caseflow.log.head_mismatch]"));
    let out = weiquan(&[
        "case",
        "replay",
        arg(&keyed),
        "--key",
        arg(&key_file),
        "--expect-head",
        &head,
        "--as-of",
        "2025-12-01",
    ]);
    assert_status(&out, 0);
    assert_eq!(json(&out.stdout)["log"]["head_checked"], true);
    // A bad key file is a usage error that does not echo the key.
    let short = common::write(dir.path(), "short.key", "abcd");
    let out = weiquan(&["case", "replay", arg(&keyed), "--key", arg(&short)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("error[caseflow.log.key]"));
    assert!(!stderr(&out).contains("abcd"));
}

#[test]
fn a_file_of_several_logs_replays_every_case() {
    let dir = temp_dir();
    let out = common::run(&[
        "demo",
        "--count",
        "3000",
        "--quiet",
        "--out",
        arg(dir.path()),
    ]);
    assert_status(&out, 0);
    let logs = dir.path().join("case-logs.jsonl");
    let text = std::fs::read_to_string(&logs).unwrap();
    let starts = text
        .lines()
        .filter(|l| l.starts_with("{\"seq\":1,"))
        .count();
    assert!(starts > 1, "the demo wrote {starts} logs");
    let out = weiquan(&["case", "replay", arg(&logs), "--as-of", "2026-12-01"]);
    assert_status(&out, 0);
    let docs = common::lines(&out.stdout);
    assert_eq!(docs.len(), starts);
    let total: u64 = docs
        .iter()
        .map(|d| d["log"]["entries"].as_u64().unwrap())
        .sum();
    assert_eq!(total, text.lines().count() as u64);
    // One log damaged: it is reported, the others printed, exit 3.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(1);
    let damaged = common::write(dir.path(), "damaged.jsonl", lines.join("\n") + "\n");
    let out = weiquan(&["case", "replay", arg(&damaged), "--as-of", "2026-12-01"]);
    assert_status(&out, 3);
    assert_eq!(common::lines(&out.stdout).len(), starts - 1);
    assert!(stderr(&out).contains("error[caseflow.log.sequence]"));
    // A bare --expect-head needs a file of one log.
    let out = weiquan(&[
        "case",
        "replay",
        arg(&logs),
        "--expect-head",
        &"0".repeat(64),
    ]);
    assert_status(&out, 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("holds several logs"));
    // Per case, a head expected for a case that is not in the file is reported.
    let id = docs[0]["complaint_id"].as_str().unwrap();
    let head = docs[0]["log"]["head"].as_str().unwrap();
    let out = weiquan(&[
        "case",
        "replay",
        arg(&logs),
        "--as-of",
        "2026-12-01",
        "--expect-head",
        &format!("{id}={head}"),
        "--expect-head",
        &format!("NOT-THERE={head}"),
    ]);
    assert_status(&out, 3);
    let printed = common::lines(&out.stdout);
    assert_eq!(printed.len(), starts);
    assert_eq!(printed[0]["log"]["head_checked"], true);
    assert!(stderr(&out).contains("no log for complaint \"NOT-THERE\""));
}
