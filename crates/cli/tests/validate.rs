//! `weiquan ids`, `weiquan generate` and `weiquan validate`, run as a user would; the help
//! and `--summary` that every batch command shares.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::*;

fn generated(count: &str, seed: &str) -> String {
    stdout(&run(&["generate", "--count", count, "--seed", seed]))
}

#[test]
fn ids_check_resident_ids() {
    let out = weiquan(
        &["ids", "check", "--kind", "resident-id"],
        "11010519491231002x\n130102199001011238\n\n１３０１０２１９９００１０１１２３７\n",
    );
    assert_eq!(out.status.code(), Some(3), "one invalid id, one blank line");
    let got = lines(&out.stdout);
    // One row per line, the blank one included (an empty value), each with its number.
    assert_eq!(got.len(), 4);
    let numbers: Vec<u64> = got.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(got[2]["input"], "");
    assert_eq!(got[2]["valid"], false);
    assert_eq!(got[2]["error"]["code"], "resident_id.length");
    let got = [got[0].clone(), got[1].clone(), got[3].clone()];
    assert_eq!(got[0]["valid"], true);
    assert_eq!(got[0]["normalized"], "11010519491231002X");
    assert_eq!(got[0]["birth_date"], "1949-12-31");
    assert_eq!(got[0]["sex"], "female");
    assert_eq!(got[0]["region"], "110105");
    assert_eq!(got[0]["error"], Value::Null);
    assert_eq!(got[1]["valid"], false);
    assert_eq!(got[1]["normalized"], Value::Null);
    assert_eq!(got[1]["error"]["code"], "resident_id.checksum");
    assert_eq!(got[2]["normalized"], "130102199001011237");
    assert_eq!(got[2]["sex"], "male");
    let err = stderr(&out);
    assert!(err.contains("4 read, 2 valid, 2 rejected"), "{err}");
}

#[test]
fn ids_check_errors_use_the_field_names_of_every_other_error() {
    let out = weiquan(&["ids", "check", "--kind", "mobile"], "12345\n");
    let got = lines(&out.stdout);
    let keys: Vec<&str> = got[0]["error"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "message_en", "message_zh"]);
    assert!(!got[0]["error"]["message_en"].as_str().unwrap().is_empty());
    assert!(!got[0]["error"]["message_zh"].as_str().unwrap().is_empty());
    // Its input is plain lines, and its help says so.
    let help = stdout(&run(&["ids", "check", "--help"]));
    assert!(
        help.contains("one per line (plain text lines, not JSON)"),
        "{help}"
    );
    assert!(!help.contains("JSON Lines"), "{help}");
}

#[test]
fn ids_check_uscc_and_mobile() {
    let out = weiquan(
        &["ids", "check", "--kind", "uscc"],
        "91110000600037341L\n91110000600037341M\n",
    );
    let got = lines(&out.stdout);
    assert_eq!(got[0]["valid"], true);
    assert_eq!(got[1]["error"]["code"], "uscc.checksum");
    assert!(got[0].get("birth_date").is_none());
    let out = weiquan(
        &["ids", "check", "--kind", "mobile", "-"],
        "+86 138-0013-8000\n12345\n",
    );
    let got = lines(&out.stdout);
    assert_eq!(got[0]["normalized"], "13800138000");
    assert_eq!(got[1]["error"]["code"], "mobile.format");
}

#[test]
fn generate_is_deterministic_and_validates_clean() {
    let a = run(&["generate", "--count", "50", "--seed", "9"]);
    let b = run(&["generate", "--count", "50", "--seed", "9"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert_eq!(text.lines().count(), 50);
    let v = weiquan(&["validate", "-"], text.clone());
    assert_status(&v, 0);
    assert_eq!(
        String::from_utf8(v.stdout.clone()).unwrap(),
        text,
        "generated complaints are already normalised"
    );
    assert!(stderr(&v).contains("50 read, 50 valid, 0 rejected"));
}

#[test]
fn validate_writes_rejects_with_line_numbers_and_keeps_order() {
    let dir = temp_dir();
    let good = generated("3", "4");
    let good: Vec<&str> = good.lines().collect();
    let input = format!(
        "{}\nnot json\n{}\n\n{}\n",
        good[0],
        good[1].replace("\"problem_nature\":\"", "\"problem_nature\":\"x"),
        good[2]
    );
    let input_path = write(dir.path(), "in.jsonl", &input);
    let out_path = dir.path().join("out.jsonl");
    let rejects_path = dir.path().join("rejects.jsonl");
    let out = run(&[
        "validate",
        arg(&input_path),
        "--out",
        arg(&out_path),
        "--rejects",
        arg(&rejects_path),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("4 read, 2 valid, 2 rejected"), "{err}");
    let valid = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(valid.lines().collect::<Vec<_>>(), vec![good[0], good[2]]);
    let rejects = lines(std::fs::read_to_string(&rejects_path).unwrap().as_bytes());
    assert_eq!(rejects.len(), 2);
    assert_eq!(rejects[0]["line"], 2);
    assert_eq!(rejects[0]["errors"][0]["code"], "json.syntax");
    assert_eq!(rejects[0]["raw"], "not json");
    assert_eq!(rejects[1]["line"], 3);
    assert_eq!(rejects[1]["errors"][0]["pointer"], "/problem_nature");
    assert_eq!(rejects[1]["errors"][0]["code"], "code.unknown");
}

/// The first generated complaint, the day it was received, and that instant as text.
fn one_complaint() -> (String, chrono::NaiveDate, String) {
    let one = generated("1", "9");
    let received = lines(one.as_bytes())[0]["received_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let day: chrono::NaiveDate = received[..10].parse().unwrap();
    (one, day, received)
}

#[test]
fn validate_rejects_complaints_received_after_today() {
    let dir = temp_dir();
    let (one, day, received) = one_complaint();
    let rejects_path = dir.path().join("rejects.jsonl");
    let run = |today: chrono::NaiveDate| {
        let today = today.to_string();
        let args = [
            "validate",
            "--today",
            &today,
            "--rejects",
            arg(&rejects_path),
        ];
        weiquan(&args, one.clone())
    };

    let out = run(day);
    assert_status(&out, 0);
    assert_eq!(lines(&out.stdout).len(), 1);

    let before = day.pred_opt().unwrap();
    let out = run(before);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let rejects = lines(std::fs::read_to_string(&rejects_path).unwrap().as_bytes());
    let error = &rejects[0]["errors"][0];
    assert_eq!(error["pointer"], "/received_at");
    assert_eq!(error["code"], "received_at.future");
    assert_eq!(
        error["message_zh"],
        format!("投诉受理时间{received}晚于今天（{before}）")
    );
}

#[test]
fn a_future_date_is_reported_with_the_other_problems_at_once() {
    let (one, day, _) = one_complaint();
    let mut v: Value = serde_json::from_str(one.trim()).unwrap();
    v["consumer"]["mobile"] = "12345".into();
    let before = day.pred_opt().unwrap().to_string();
    let (out, rejects) = with_rejects(&["validate", "--today", &before, "-"], v.to_string());
    assert_status(&out, 3);
    let codes: Vec<&str> = rejects[0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["received_at.future", "mobile.format"]);
}

#[test]
fn a_misspelt_field_is_named_with_the_field_meant() {
    let (one, _, _) = one_complaint();
    let misspelt = one.replace("\"problem_nature\":", "\"problem_natur\":");
    let (out, rejects) = with_rejects(&["validate", "-"], misspelt);
    assert_status(&out, 3);
    let reject = &rejects[0];
    let unknown = reject["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "field.unknown")
        .unwrap()
        .clone();
    assert_eq!(unknown["pointer"], "/problem_natur");
    assert_eq!(
        unknown["message_en"],
        "unknown field \"problem_natur\"; did you mean \"problem_nature\"?"
    );
    assert_eq!(
        unknown["message_zh"],
        "未知字段“problem_natur”，是否应为“problem_nature”？"
    );
}

#[test]
fn validate_rejects_bad_utf8_and_overlong_lines_without_losing_them() {
    let good = generated("1", "4");
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe{}\n");
    input.extend_from_slice(&vec![b'x'; 1024 * 1024 + 10]);
    input.push(b'\n');
    input.extend_from_slice(good.as_bytes());
    let (out, rejects) = with_rejects(&["validate", "-"], input);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), good);
    let err = stderr(&out);
    assert_eq!(rejects.len(), 2, "{err}");
    assert_eq!(rejects[0]["line"], 1);
    assert_eq!(rejects[0]["errors"][0]["code"], "line.utf8");
    assert_eq!(rejects[1]["line"], 2);
    assert_eq!(rejects[1]["errors"][0]["code"], "line.too_long");
    assert_eq!(rejects[1]["truncated"], true);
    assert!(err.contains("3 read, 1 valid, 2 rejected"), "{err}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = run(&["validate", "/nonexistent/file.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /nonexistent/file.jsonl"));
    let out = run(&["ids", "check", "--kind", "passport"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_exit_statuses_are_in_the_help() {
    let top = stdout(&run(&["--help"]));
    for command in [
        vec!["ids", "check"],
        vec!["validate"],
        vec!["assess"],
        vec!["route"],
        vec!["stats"],
        vec!["alerts"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let out = run(&args);
        assert_status(&out, 0);
        let help = stdout(&out);
        for status in [
            "0  every record was accepted",
            "3  some records were rejected",
            "2  usage or I/O error",
            "--summary",
        ] {
            assert!(help.contains(status), "{command:?} --help lacks {status:?}");
        }
    }
    for status in [
        "Exit status:",
        "0  success",
        "3  a batch command",
        "2  usage or I/O error",
    ] {
        assert!(
            top.contains(status),
            "weiquan --help lacks {status:?}:\n{top}"
        );
    }
}

#[test]
fn the_summary_is_one_json_document_whatever_the_outcome() {
    let dir = temp_dir();
    let summary = dir.path().join("summary.json");
    let good = generated("3", "4");
    let input = format!("{good}not json\n");

    // Some rejected: the counts and status 3; the records still on standard output.
    let out = weiquan(
        &["validate", "--quiet", "--summary", arg(&summary), "-"],
        input.clone(),
    );
    assert_status(&out, 3);
    assert_eq!(lines(&out.stdout).len(), 3);
    let s = json(&std::fs::read(&summary).unwrap());
    assert_eq!(s["schema_version"], 1);
    assert_eq!(s["kind"], "weiquan_batch_summary");
    assert_eq!(s["command"], "validate");
    assert_eq!(s["exit_code"], 3);
    assert_eq!(s["read"], 4);
    assert_eq!(s["accepted"], 3);
    assert_eq!(s["rejected"], 1);
    assert_eq!(s["accepted_as"], "valid");
    assert_eq!(s["bytes"], input.len());
    assert!(s["seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(s["error"], Value::Null);

    // An I/O error: status 2 and the error, no counts; the previous summary replaced.
    let out = run(&[
        "validate",
        "/nonexistent/in.jsonl",
        "--summary",
        arg(&summary),
    ]);
    assert_status(&out, 2);
    let s = json(&std::fs::read(&summary).unwrap());
    assert_eq!(s["exit_code"], 2);
    assert_eq!(s["read"], Value::Null);
    assert_eq!(s["error"]["code"], "io.read");
    assert!(
        s["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/in.jsonl")
    );
    // Nothing but the summary (and its lock, see docs/reliability.md) is left in the
    // directory: no temporary file.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, [".summary.json.lock", "summary.json"]);

    // `--summary -` puts it on standard output, which then must not carry the records.
    let records = dir.path().join("out.jsonl");
    let out = weiquan(
        &[
            "validate",
            "--quiet",
            "--summary",
            "-",
            "--out",
            arg(&records),
            "-",
        ],
        good.clone(),
    );
    assert_status(&out, 0);
    let s = json(&out.stdout);
    assert_eq!(
        (s["read"].clone(), s["exit_code"].clone()),
        (3.into(), 0.into())
    );
    assert_eq!(std::fs::read_to_string(&records).unwrap(), good);
    let out = weiquan(&["validate", "--summary", "-", "-"], good);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("--summary - writes the summary to standard output"));

    // The other batch commands write it too.
    let ids = dir.path().join("ids.json");
    let out = weiquan(
        &["ids", "check", "--kind", "mobile", "--summary", arg(&ids)],
        "13800138000\n12345\n",
    );
    assert_status(&out, 3);
    let s = json(&std::fs::read(&ids).unwrap());
    assert_eq!(s["command"], "ids check");
    assert_eq!(
        (s["accepted"].clone(), s["rejected"].clone()),
        (1.into(), 1.into())
    );
}
