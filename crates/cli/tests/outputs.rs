//! Outputs are all-or-nothing and never clobber an input, under the faults a nightly job
//! meets: an output that is an input, two outputs that are one file, two writers at once, a
//! process killed mid-run, a full disk or a file-size limit, a full standard error. Each test
//! injects the fault and asserts the property (what is on disk), not only a message.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn generated(count: &str, seed: &str) -> String {
    let out = run(&["generate", "--count", count, "--seed", seed]);
    assert_status(&out, 0);
    stdout(&out)
}

/// `weiquan` as a child process with piped standard input, so a test decides when it ends.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_weiquan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The temporary files left beside outputs in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".weiquan-tmp"))
        .collect()
}

/// Waits (up to 60 s) until `cond` holds.
fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_output_that_is_the_input_is_refused_and_the_input_kept() {
    let dir = temp_dir();
    let text = generated("50", "3");
    let x = write(dir.path(), "x.jsonl", &text);
    // The same file by another name: `./x`, a hard link.
    let link = dir.path().join("link.jsonl");
    std::fs::hard_link(&x, &link).unwrap();
    let dotted = format!("{}/./x.jsonl", dir.path().display());
    for out_path in [arg(&x), arg(&link), dotted.as_str()] {
        for command in ["validate", "route", "stats", "alerts"] {
            let out = run(&[command, arg(&x), "--out", out_path]);
            assert_status(&out, 2);
            assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
            assert!(std::fs::read_to_string(&x).unwrap() == text, "{command}");
        }
        // As rejects or summary too.
        for option in ["--rejects", "--summary"] {
            let out = run(&["validate", arg(&x), option, out_path]);
            assert_status(&out, 2);
            assert!(std::fs::read_to_string(&x).unwrap() == text, "{option}");
        }
    }
    // redact's input and output, assess's policy as its output.
    let out = run(&["redact", arg(&x), "--out", arg(&link)]);
    assert_status(&out, 2);
    assert!(std::fs::read_to_string(&x).unwrap() == text, "redact");
    let policy = write(dir.path(), "policy.json", "{}");
    let out = run(&[
        "assess",
        arg(&fixture("claim-a1.json")),
        "--policy",
        arg(&policy),
        "--out",
        arg(&policy),
    ]);
    assert_status(&out, 2);
    assert_eq!(std::fs::read_to_string(&policy).unwrap(), "{}");
}

#[test]
fn an_audit_report_is_checked_and_locked_like_any_output() {
    let dir = temp_dir();
    let text = generated("50", "7");
    let x = write(dir.path(), "x.jsonl", &text);
    let link = dir.path().join("link.jsonl");
    std::fs::hard_link(&x, &link).unwrap();
    // The input under another name as the audit report: refused, the input kept.
    let out = run(&["stats", arg(&x), "--audit-out", arg(&link)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&x).unwrap(), text);
    // --out and --audit-out one existing file by two names: refused, the file kept.
    let release = write(dir.path(), "release.json", "before\n");
    let dotted = format!("{}/./release.json", dir.path().display());
    let out = run(&[
        "stats",
        arg(&x),
        "--out",
        arg(&release),
        "--audit-out",
        dotted.as_str(),
    ]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&release).unwrap(), "before\n");
    // The merge command's audit report against one of its partials.
    let key = dir.path().join("consumer.key");
    let partial = dir.path().join("p.json");
    let out = run(&[
        "stats",
        arg(&x),
        "--partial",
        "--consumer-key",
        arg(&key),
        "--out",
        arg(&partial),
    ]);
    assert_status(&out, 0);
    let before = std::fs::read(&partial).unwrap();
    let out = run(&[
        "stats",
        "merge",
        arg(&partial),
        "--audit-out",
        arg(&partial),
    ]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&partial).unwrap(), before);
}

#[test]
fn two_outputs_that_are_one_file_are_refused_before_anything_is_written() {
    let dir = temp_dir();
    let input = write(dir.path(), "in.jsonl", generated("20", "5"));
    let f = dir.path().join("f.jsonl");
    for (a, b) in [
        ("--out", "--rejects"),
        ("--out", "--summary"),
        ("--rejects", "--summary"),
    ] {
        let out = run(&["validate", arg(&input), a, arg(&f), b, arg(&f)]);
        assert_status(&out, 2);
        assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
        assert!(!f.exists(), "{a} {b}");
    }
    // The same with an existing file: it keeps its content.
    std::fs::write(&f, "before\n").unwrap();
    let out = run(&[
        "validate",
        arg(&input),
        "--out",
        arg(&f),
        "--rejects",
        arg(&f),
    ]);
    assert_status(&out, 2);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "before\n");
    // /dev/null twice is not a clash: both are discarded.
    let out = run(&[
        "validate",
        arg(&input),
        "--out",
        "/dev/null",
        "--rejects",
        "/dev/null",
    ]);
    assert_status(&out, 0);
}

#[test]
fn a_second_writer_fails_clearly_and_the_file_is_the_first_runs_whole_output() {
    let dir = temp_dir();
    let f = dir.path().join("out.jsonl");
    let input = generated("400", "7");
    let (head, tail) = input.split_at(input.len() / 2);
    let mut first = spawn(&["validate", "--quiet", "-", "--out", arg(&f)]);
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(head.as_bytes()).unwrap();
    // The first writer holds the lock once its temporary file exists.
    wait_for("the first writer's temporary file", || {
        !temps(dir.path()).is_empty()
    });
    let second = weiquan(&["validate", "-", "--out", arg(&f)], generated("10", "8"));
    assert_status(&second, 2);
    let err = stderr(&second);
    assert!(err.contains(arg(&f)), "{err}");
    assert!(err.contains("another weiquan process"), "{err}");
    stdin.write_all(tail.as_bytes()).unwrap();
    drop(stdin);
    let status = first.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let expected = stdout(&weiquan(&["validate", "--quiet", "-"], input));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), expected);
    assert!(temps(dir.path()).is_empty());
}

#[test]
fn writers_started_together_leave_exactly_one_runs_output() {
    let dir = temp_dir();
    let f = dir.path().join("out.jsonl");
    let a = generated("20000", "1");
    let b = generated("20000", "2");
    for round in 0..4 {
        let start = |seed: &str| {
            Command::new(env!("CARGO_BIN_EXE_weiquan"))
                .args(["generate", "--count", "20000", "--seed", seed])
                .args(["--out", arg(&f)])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (start("1"), start("2"));
        let outs = [
            one.wait_with_output().unwrap(),
            two.wait_with_output().unwrap(),
        ];
        for o in &outs {
            if !o.status.success() {
                assert_eq!(o.status.code(), Some(2));
                let err = String::from_utf8_lossy(&o.stderr);
                assert!(err.contains(arg(&f)), "{err}");
            }
        }
        assert!(outs.iter().any(|o| o.status.success()), "round {round}");
        let got = std::fs::read_to_string(&f).unwrap();
        assert!(got == a || got == b, "round {round}: a torn or mixed file");
        assert!(temps(dir.path()).is_empty());
    }
}

#[test]
fn a_killed_run_leaves_the_previous_output_and_the_next_run_cleans_up() {
    let dir = temp_dir();
    let f = dir.path().join("out.jsonl");
    let rejects = dir.path().join("rejects.jsonl");
    let previous = generated("30", "4");
    std::fs::write(&f, &previous).unwrap();
    std::fs::write(&rejects, "old rejects\n").unwrap();
    let input = generated("3000", "5");
    let mut child = spawn(&[
        "validate",
        "--quiet",
        "-",
        "--out",
        arg(&f),
        "--rejects",
        arg(&rejects),
    ]);
    let mut stdin = child.stdin.take().unwrap();
    // More than the writer's buffer, so that part of the output has reached the temporary
    // file when the process dies.
    stdin.write_all(input.as_bytes()).unwrap();
    stdin.write_all(b"not json\n").unwrap();
    wait_for("the temporary files", || temps(dir.path()).len() == 2);
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(stdin);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), previous);
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), "old rejects\n");
    assert_eq!(
        temps(dir.path()).len(),
        2,
        "the killed run's temporary files"
    );

    // The next run takes the lock, removes them and writes its output whole.
    let out = weiquan(
        &[
            "validate",
            "--quiet",
            "-",
            "--out",
            arg(&f),
            "--rejects",
            arg(&rejects),
        ],
        input.clone(),
    );
    assert_status(&out, 0);
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        stdout(&weiquan(&["validate", "--quiet", "-"], input))
    );
}

#[test]
fn a_big_generate_killed_mid_run_leaves_the_previous_file() {
    let dir = temp_dir();
    let f = dir.path().join("big.jsonl");
    std::fs::write(&f, "previous\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_weiquan"))
        .args(["generate", "--count", "200000", "--out", arg(&f)])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once the temporary file has grown past a megabyte: well into the run.
    wait_for("the temporary file to grow", || {
        std::fs::read_dir(dir.path()).unwrap().any(|e| {
            let e = e.unwrap();
            e.file_name().to_string_lossy().ends_with(".weiquan-tmp")
                && e.metadata().is_ok_and(|m| m.len() > 1 << 20)
        })
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "previous\n");
}

#[test]
fn a_file_size_limit_names_the_path_and_keeps_the_previous_output() {
    let dir = temp_dir();
    let f = dir.path().join("out.jsonl");
    std::fs::write(&f, "previous\n").unwrap();
    // 64 blocks of 512 bytes: far less than 5000 complaints. SIGXFSZ is ignored so that the
    // write fails with EFBIG instead of killing the process.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec '{}' generate --count 5000 --out '{}'",
        env!("CARGO_BIN_EXE_weiquan"),
        f.display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert_status(&out, 2);
    let err = stderr(&out);
    assert!(err.contains(arg(&f)), "{err}");
    assert!(err.contains("file-size limit"), "{err}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "previous\n");
    assert!(
        temps(dir.path()).is_empty(),
        "a failed run removes its temporary file"
    );
}

#[test]
fn a_full_disk_names_the_path() {
    let dir = temp_dir();
    // A symbolic link to /dev/full: the output is a device, written directly.
    let full = dir.path().join("full.jsonl");
    std::os::unix::fs::symlink("/dev/full", &full).unwrap();
    let out = run(&["generate", "--count", "100", "--out", arg(&full)]);
    assert_status(&out, 2);
    let err = stderr(&out);
    assert!(err.contains(arg(&full)), "{err}");
    assert!(err.contains("disk is full"), "{err}");
    let input = write(dir.path(), "in.jsonl", generated("10", "1") + "not json\n");
    let out = run(&["validate", arg(&input), "--rejects", arg(&full)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains(arg(&full)), "{}", stderr(&out));
}

#[test]
fn a_refused_release_leaves_an_existing_out_untouched() {
    let dir = temp_dir();
    let input = write(dir.path(), "in.jsonl", generated("500", "9"));
    let ledger = write(
        dir.path(),
        "ledger.json",
        r#"{"schema_version":1,"kind":"weiquan_stats_ledger","epsilon_limit":"1/2","releases":[]}"#,
    );
    let f = write(dir.path(), "release.json", "the previous release\n");
    let out = run(&[
        "stats",
        arg(&input),
        "--by",
        "period=quarter,region=county",
        "--span",
        "2025-07..2026-06",
        "--epsilon",
        "1",
        "--ledger",
        arg(&ledger),
        "--release-id",
        "q",
        "--out",
        arg(&f),
    ]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        "the previous release\n"
    );
}

#[test]
fn rejects_files_are_private_and_keep_the_record() {
    let dir = temp_dir();
    let rejects = dir.path().join("rejects.jsonl");
    let bad = "{\"consumer\":{\"mobile\":\"13912345678\"}}\n";
    let out = weiquan(&["validate", "-", "--rejects", arg(&rejects)], bad);
    assert_status(&out, 3);
    let mode = std::fs::metadata(&rejects).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(
        lines(&std::fs::read(&rejects).unwrap())[0]["raw"],
        bad.trim()
    );
    // Other outputs get the usual permissions.
    let f = dir.path().join("out.jsonl");
    let out = run(&["generate", "--count", "1", "--out", arg(&f)]);
    assert_status(&out, 0);
    let mode = std::fs::metadata(&f).unwrap().permissions().mode();
    assert_ne!(mode & 0o077, 0, "{mode:o}");
}

#[test]
fn without_rejects_stderr_shows_codes_and_fields_never_values() {
    let synthetic = generated("12", "6");
    // Break the mobile number of every record: each becomes a reject carrying a real-looking
    // number, a name and a resident ID.
    let mut input = String::new();
    let mut secrets = Vec::new();
    for line in synthetic.lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        let mobile = v["consumer"]["mobile"].as_str().unwrap().to_owned();
        secrets.push(mobile.clone());
        secrets.push(v["consumer"]["name"].as_str().unwrap().to_owned());
        if let Some(id) = v["consumer"]["resident_id"].as_str() {
            secrets.push(id.to_owned());
        }
        v["consumer"]["mobile"] = format!("{mobile}9").into();
        input.push_str(&v.to_string());
        input.push('\n');
    }
    let out = weiquan(&["validate", "-"], input);
    assert_status(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("weiquan: line 1 rejected: mobile.format at /consumer/mobile"),
        "{err}"
    );
    assert!(err.contains("12 line(s) rejected (7 not shown)"), "{err}");
    assert_eq!(err.matches("rejected: ").count(), 5, "{err}");
    for s in &secrets {
        assert!(!err.contains(s.as_str()), "{s} leaked: {err}");
    }
}

#[test]
fn a_full_standard_error_does_not_panic() {
    let dir = temp_dir();
    let input = write(dir.path(), "in.jsonl", generated("5", "1") + "not json\n");
    for args in [
        vec!["validate", arg(&input)],
        vec!["workdays", "check", "2026-10-01"],
        vec!["alerts", arg(&input)],
        vec!["validate", "/nonexistent"],
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_weiquan"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create("/dev/full").unwrap())
            .status()
            .unwrap();
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
        assert!(status.code().is_some(), "{args:?} died of a signal");
    }
}

#[test]
fn a_byte_order_mark_is_accepted_and_compressed_or_csv_input_is_named() {
    let dir = temp_dir();
    let one = generated("2", "3");
    let with_bom = write(dir.path(), "bom.jsonl", format!("\u{feff}{one}"));
    let out = run(&["validate", arg(&with_bom)]);
    assert_status(&out, 0);
    assert_eq!(stdout(&out), one);

    let gz = write(
        dir.path(),
        "in.jsonl.gz",
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3],
    );
    let out = run(&["validate", arg(&gz)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("gzip-compressed"), "{}", stderr(&out));
    let out = run(&["assess", arg(&gz)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("gzip-compressed"), "{}", stderr(&out));

    let csv = write(dir.path(), "in.csv", "id,name,mobile\n1,张三,13800138000\n");
    let out = run(&["validate", arg(&csv)]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("looks like CSV"), "{}", stderr(&out));
    // ids check reads plain lines: a comma is just a bad value there.
    let out = weiquan(&["ids", "check", "--kind", "mobile"], "138,00138000\n");
    assert_status(&out, 3);
}

#[test]
fn syntax_errors_give_the_files_line_and_assess_suggests_lines() {
    let (out, rejects) = with_rejects(&["validate", "-"], "\n\n{\"a\": }\n");
    assert_status(&out, 3);
    assert_eq!(rejects[0]["line"], 3);
    let message = rejects[0]["errors"][0]["message_en"].as_str().unwrap();
    assert!(message.contains("at line 3, column"), "{message}");
    let zh = rejects[0]["errors"][0]["message_zh"].as_str().unwrap();
    assert!(zh.contains("第3行"), "{zh}");

    let claim = fixture_text("claim-a1.json");
    let compact: Value = serde_json::from_str(&claim).unwrap();
    let two = format!("{compact}\n{compact}\n");
    let out = weiquan(&["assess", "-"], two);
    assert_status(&out, 3);
    assert!(stderr(&out).contains("add --lines"), "{}", stderr(&out));
}

#[test]
fn alerts_on_a_short_history_say_so_and_exit_0() {
    for count in ["1", "3"] {
        let dir = temp_dir();
        // Two complaints received days apart: far less than nine weeks.
        let text: String = generated(count, "2")
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                v["received_at"] = "2026-03-04T10:00:00+08:00".into();
                v.to_string() + "\n"
            })
            .collect();
        let input = write(dir.path(), "in.jsonl", text);
        let out = run(&["alerts", arg(&input)]);
        assert_status(&out, 0);
        assert!(
            stderr(&out).contains("too little history"),
            "{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty());
    }
}
