//! `weiquan ids`, `weiquan generate` and `weiquan validate`, run as a user would.
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

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ids_check_resident_ids() {
    let out = weiquan(
        &["ids", "check", "--kind", "resident-id"],
        "11010519491231002x\n130102199001011238\n\n１３０１０２１９９００１０１１２３７\n",
    );
    assert_eq!(out.status.code(), Some(3), "one invalid id");
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0]["valid"], true);
    assert_eq!(got[0]["normalized"], "11010519491231002X");
    assert_eq!(got[0]["birth_date"], "1949-12-31");
    assert_eq!(got[0]["sex"], "female");
    assert_eq!(got[0]["region"], "110105");
    assert_eq!(got[0]["error"], serde_json::Value::Null);
    assert_eq!(got[1]["valid"], false);
    assert_eq!(got[1]["normalized"], serde_json::Value::Null);
    assert_eq!(got[1]["error"]["code"], "resident_id.checksum");
    assert_eq!(got[2]["normalized"], "130102199001011237");
    assert_eq!(got[2]["sex"], "male");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 read, 2 valid, 1 rejected"), "{err}");
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
    let a = weiquan(&["generate", "--count", "50", "--seed", "9"], "");
    let b = weiquan(&["generate", "--count", "50", "--seed", "9"], "");
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert_eq!(text.lines().count(), 50);
    let v = weiquan(&["validate", "-"], &text);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stderr)
    );
    assert_eq!(
        String::from_utf8(v.stdout).unwrap(),
        text,
        "generated complaints are already normalised"
    );
    assert!(String::from_utf8_lossy(&v.stderr).contains("50 read, 50 valid, 0 rejected"));
}

#[test]
fn validate_writes_rejects_with_line_numbers_and_keeps_order() {
    let dir = std::env::temp_dir().join(format!("weiquan-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = String::from_utf8(weiquan(&["generate", "--count", "3", "--seed", "4"], "").stdout)
        .unwrap();
    let good: Vec<&str> = good.lines().collect();
    let input = format!(
        "{}\nnot json\n{}\n\n{}\n",
        good[0],
        good[1].replace("\"problem_nature\":\"", "\"problem_nature\":\"x"),
        good[2]
    );
    let input_path = dir.join("in.jsonl");
    std::fs::write(&input_path, &input).unwrap();
    let out_path = dir.join("out.jsonl");
    let rejects_path = dir.join("rejects.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_weiquan"))
        .args([
            "validate",
            input_path.to_str().unwrap(),
            "--out",
            out_path.to_str().unwrap(),
            "--rejects",
            rejects_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("4 read, 2 valid, 2 rejected"), "{stderr}");
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
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_rejects_complaints_received_after_today() {
    let dir = std::env::temp_dir().join(format!("weiquan-today-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let one = String::from_utf8(weiquan(&["generate", "--count", "1", "--seed", "9"], "").stdout)
        .unwrap();
    let received = lines(one.as_bytes())[0]["received_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let day: chrono::NaiveDate = received[..10].parse().unwrap();
    let rejects_path = dir.join("rejects.jsonl");
    let run = |today: chrono::NaiveDate| {
        let today = today.to_string();
        let args = [
            "validate",
            "--today",
            &today,
            "--rejects",
            rejects_path.to_str().unwrap(),
        ];
        weiquan(&args, &one)
    };

    let out = run(day);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_rejects_bad_utf8_and_overlong_lines_without_losing_them() {
    let good = String::from_utf8(weiquan(&["generate", "--count", "1", "--seed", "4"], "").stdout)
        .unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe{}\n");
    input.extend_from_slice(&vec![b'x'; 1024 * 1024 + 10]);
    input.push(b'\n');
    input.extend_from_slice(good.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_weiquan"))
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), good);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rejects: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rejects.len(), 2, "{stderr}");
    assert_eq!(rejects[0]["line"], 1);
    assert_eq!(rejects[0]["errors"][0]["code"], "line.utf8");
    assert_eq!(rejects[1]["line"], 2);
    assert_eq!(rejects[1]["errors"][0]["code"], "line.too_long");
    assert_eq!(rejects[1]["truncated"], true);
    assert!(stderr.contains("3 read, 1 valid, 2 rejected"), "{stderr}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = weiquan(&["validate", "/nonexistent/file.jsonl"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/file.jsonl"));
    let out = weiquan(&["ids", "check", "--kind", "passport"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = weiquan(&["no-such-command"], "");
    assert_eq!(out.status.code(), Some(2));
}
