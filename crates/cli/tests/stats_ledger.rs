//! The release ledger and partials under faults: two releases at once, a write that fails,
//! a tampered ledger, partials merged twice, duplicated input, extreme epsilons.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{assert_status, run, stderr, temp_dir};

fn generate(d: &Path, count: &str, seed: &str) -> PathBuf {
    let f = d.join(format!("c{count}-{seed}.jsonl"));
    let out = run(&[
        "generate",
        "--count",
        count,
        "--seed",
        seed,
        "--out",
        f.to_str().unwrap(),
    ]);
    assert_status(&out, 0);
    f
}

fn ledger_ids(path: &Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Whether a file holds no release: absent, or empty (the batch machinery may create the
/// output before the release is refused).
fn unpublished(p: &Path) -> bool {
    std::fs::read(p).map_or(true, |b| b.is_empty())
}

fn suppression(input: &Path, ledger: &Path, id: &str, out: &Path) -> Command {
    suppression_over(input, ledger, id, out, "2025-07..2025-12")
}

fn suppression_over(input: &Path, ledger: &Path, id: &str, out: &Path, span: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_weiquan"));
    c.args([
        "stats",
        input.to_str().unwrap(),
        "--by",
        "channel,consumer_group",
        "--span",
        span,
        "--ledger",
        ledger.to_str().unwrap(),
        "--release-id",
        id,
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    c
}

#[test]
fn two_releases_at_once_are_both_recorded_and_audited_one_after_the_other() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "3000", "21");
    for round in 0..4 {
        let ledger = d.join(format!("ledger{round}.json"));
        let (oa, ob) = (
            d.join(format!("a{round}.json")),
            d.join(format!("b{round}.json")),
        );
        let a = suppression(&f, &ledger, "A", &oa).spawn().unwrap();
        let b = suppression(&f, &ledger, "B", &ob).spawn().unwrap();
        let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert_status(&ra, 0);
        assert_status(&rb, 0);
        let mut ids = ledger_ids(&ledger);
        ids.sort();
        assert_eq!(ids, ["A", "B"], "round {round}");
        // Whichever came second was audited with the first.
        let audited = |p: &Path| -> Vec<String> {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            v["audit"]["audited_with"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_owned())
                .collect()
        };
        let (wa, wb) = (audited(&oa), audited(&ob));
        assert!(
            (wa.is_empty() && wb == ["A"]) || (wb.is_empty() && wa == ["B"]),
            "round {round}: {wa:?} {wb:?}"
        );
    }
}

/// Runs a release under a file-size limit of 512 bytes (sh's `ulimit -f 1`), so that
/// writing the ledger fails; with `ignore_signal` the write returns an error (EFBIG),
/// without it the process is killed by SIGXFSZ mid-write.
fn release_with_a_small_file_limit(
    input: &Path,
    ledger: &Path,
    out: &Path,
    ignore: bool,
) -> Output {
    let exe = env!("CARGO_BIN_EXE_weiquan");
    let trap = if ignore { "trap '' XFSZ; " } else { "" };
    let script = format!(
        "{trap}ulimit -f 1; exec \"{exe}\" stats \"{}\" --by channel,consumer_group --span 2025-07..2026-03 --ledger \"{}\" \
         --release-id late --quiet --out \"{}\"",
        input.display(),
        ledger.display(),
        out.display()
    );
    Command::new("sh").args(["-c", &script]).output().unwrap()
}

#[test]
fn a_ledger_that_cannot_be_written_publishes_nothing() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "3000", "22");
    let ledger = d.join("ledger.json");
    let first = suppression(&f, &ledger, "first", &d.join("first.json"))
        .output()
        .unwrap();
    assert_status(&first, 0);
    let before = std::fs::read(&ledger).unwrap();
    assert!(before.len() > 512, "the ledger must outgrow the limit");
    for ignore in [true, false] {
        let out = d.join(format!("late-{ignore}.json"));
        let r = release_with_a_small_file_limit(&f, &ledger, &out, ignore);
        assert!(!r.status.success(), "ignore={ignore}: {}", stderr(&r));
        if ignore {
            assert!(stderr(&r).contains("ledger.io"), "{}", stderr(&r));
        }
        // Not published, and the ledger is the one before, byte for byte.
        assert!(
            unpublished(&out),
            "ignore={ignore}: the release was published"
        );
        assert_eq!(std::fs::read(&ledger).unwrap(), before, "ignore={ignore}");
        assert_eq!(ledger_ids(&ledger), ["first"]);
    }
    // The next release still goes through (a left-over temporary file is harmless).
    let next = suppression_over(
        &f,
        &ledger,
        "next",
        &d.join("next.json"),
        "2025-07..2026-03",
    )
    .output()
    .unwrap();
    assert_status(&next, 0);
    assert_eq!(ledger_ids(&ledger), ["first", "next"]);
}

fn dp(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "stats",
        input.to_str().unwrap(),
        "--by",
        "period=quarter,region=county",
        "--span",
        "2025-07..2026-06",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn a_tampered_ledger_is_refused_and_the_budget_holds() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "1500", "23");
    let ledger = d.join("l.json");
    let l = ledger.to_str().unwrap();
    // A negative entry would make room for three releases of 1 under a limit of 1.
    let tampered = r#"{"schema_version":2,"kind":"weiquan_stats_ledger","epsilon_limit":"1","epsilon_spent":"-1","releases":[{"id":"x","method":{"kind":"differential_privacy","max_contributions":1},"epsilon":"-1","tables":[]}]}"#;
    std::fs::write(&ledger, tampered).unwrap();
    let out = d.join("o.json");
    let r = dp(&f, &out, &["--epsilon", "1", "--ledger", l]);
    assert_status(&r, 2);
    assert!(stderr(&r).contains("ledger.invalid"), "{}", stderr(&r));
    assert!(stderr(&r).contains("release 1 (\"x\")"), "{}", stderr(&r));
    assert!(unpublished(&out));
    assert_eq!(std::fs::read_to_string(&ledger).unwrap(), tampered);
    // A total that does not add up is refused too.
    let wrong_total = tampered
        .replace("\"epsilon\":\"-1\"", "\"epsilon\":\"1/2\"")
        .replace("\"epsilon_spent\":\"-1\"", "\"epsilon_spent\":\"0\"");
    std::fs::write(&ledger, &wrong_total).unwrap();
    let r = dp(&f, &out, &["--epsilon", "1/4", "--ledger", l]);
    assert_status(&r, 2);
    assert!(stderr(&r).contains("epsilon_spent"), "{}", stderr(&r));
    // The honest ledger: 1/2 spent of 1; 1/2 more passes, then nothing.
    std::fs::write(
        &ledger,
        wrong_total.replace("\"epsilon_spent\":\"0\"", "\"epsilon_spent\":\"1/2\""),
    )
    .unwrap();
    assert_status(&dp(&f, &out, &["--epsilon", "1/2", "--ledger", l]), 0);
    let r = dp(
        &f,
        &d.join("o2.json"),
        &["--epsilon", "1/1000", "--ledger", l],
    );
    assert_status(&r, 2);
    assert!(stderr(&r).contains("dp.budget_exceeded"), "{}", stderr(&r));
    assert!(unpublished(&d.join("o2.json")));
    assert_eq!(ledger_ids(&ledger), ["x", "dp-2"]);
}

#[test]
fn a_private_release_needs_a_budget_and_gets_a_default_ledger() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "1500", "24");
    let out_dir = d.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("dp.json");
    let r = dp(&f, &out, &["--epsilon", "1/2"]);
    assert_status(&r, 2);
    assert!(stderr(&r).contains("--epsilon-budget"), "{}", stderr(&r));
    assert!(stderr(&r).contains("dp.budget_missing"), "{}", stderr(&r));
    assert!(unpublished(&out));
    assert!(!out_dir.join("weiquan-stats-ledger.json").exists());
    // Extreme epsilons are refused with the range, not clamped.
    for e in [
        "0.000000000000000000000000000001",
        "100000000000000000000000000000000",
        "0",
        "-1",
    ] {
        let flag = format!("--epsilon={e}");
        let r = dp(&f, &out, &[&flag, "--epsilon-budget", "2"]);
        assert_status(&r, 2);
        assert!(stderr(&r).contains("1/1000..=10"), "{e}: {}", stderr(&r));
    }
    let r = dp(&f, &out, &["--epsilon", "1/2", "--epsilon-budget", "1e32"]);
    assert_status(&r, 2);
    // First use: the budget is recorded in the default ledger beside the output.
    assert_status(
        &dp(&f, &out, &["--epsilon", "1/2", "--epsilon-budget", "1"]),
        0,
    );
    let ledger = out_dir.join("weiquan-stats-ledger.json");
    assert_eq!(ledger_ids(&ledger), ["dp-1"]);
    // Later releases spend from it without the flag; a different budget is refused.
    assert_status(&dp(&f, &out, &["--epsilon", "1/2"]), 0);
    let r = dp(&f, &out, &["--epsilon", "1/2", "--epsilon-budget", "5"]);
    assert_status(&r, 2);
    assert!(stderr(&r).contains("not changed"), "{}", stderr(&r));
    let r = dp(&f, &out, &["--epsilon", "1/2"]);
    assert_status(&r, 2);
    assert_eq!(ledger_ids(&ledger), ["dp-1", "dp-2"]);
}

fn partial(input: &Path, key: &Path, out: &Path) -> Output {
    run(&[
        "stats",
        input.to_str().unwrap(),
        "--by",
        "period=quarter,region=county",
        "--partial",
        "--quiet",
        "--consumer-key",
        key.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn partials_merged_twice_or_overlapping_are_refused() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "2000", "25");
    let text = std::fs::read_to_string(&f).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (one, two, three) = (d.join("1.jsonl"), d.join("2.jsonl"), d.join("3.jsonl"));
    std::fs::write(&one, lines[..1000].join("\n") + "\n").unwrap();
    std::fs::write(&two, lines[1000..].join("\n") + "\n").unwrap();
    // Overlaps the first part by one complaint.
    std::fs::write(&three, lines[999..].join("\n") + "\n").unwrap();
    let key = d.join("consumer.key");
    let no_key = run(&["stats", f.to_str().unwrap(), "--partial", "--quiet"]);
    assert_status(&no_key, 2);
    assert!(stderr(&no_key).contains("--consumer-key"));
    let ps: Vec<PathBuf> = [&one, &two, &three]
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = d.join(format!("p{i}.json"));
            assert_status(&partial(f, &key, &p), 0);
            p
        })
        .collect();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let merge = |ps: &[&PathBuf]| {
        let mut args = vec!["stats", "merge"];
        args.extend(ps.iter().map(|p| p.to_str().unwrap()));
        args.extend(["--by", "period=quarter,region=county"]);
        run(&args)
    };
    let twice = merge(&[&ps[0], &ps[0]]);
    assert_status(&twice, 2);
    assert!(
        stderr(&twice).contains("partial.overlap"),
        "{}",
        stderr(&twice)
    );
    let overlapping = merge(&[&ps[0], &ps[2]]);
    assert_status(&overlapping, 2);
    assert!(
        stderr(&overlapping).contains("1 complaint(s)"),
        "{}",
        stderr(&overlapping)
    );
    // A copy under another name is the same input.
    let copy = d.join("copy.json");
    std::fs::copy(&ps[1], &copy).unwrap();
    assert_status(&merge(&[&ps[1], &copy]), 2);
    // The disjoint split merges to the single run.
    let merged = merge(&[&ps[0], &ps[1]]);
    assert_status(&merged, 0);
    let single = run(&[
        "stats",
        f.to_str().unwrap(),
        "--by",
        "period=quarter,region=county",
        "--quiet",
    ]);
    assert_status(&single, 0);
    assert_eq!(merged.stdout, single.stdout);
    // A partial made with another key does not merge.
    let other = d.join("other.json");
    assert_status(&partial(&two, &d.join("other.key"), &other), 0);
    let r = merge(&[&ps[0], &other]);
    assert_status(&r, 2);
    assert!(
        stderr(&r).contains("partial.key_mismatch"),
        "{}",
        stderr(&r)
    );
}

#[test]
fn duplicated_lines_count_once_and_conflicting_ones_are_refused() {
    let tmp = temp_dir();
    let d = tmp.path();
    let f = generate(d, "3000", "26");
    let text = std::fs::read_to_string(&f).unwrap();
    let doubled = d.join("doubled.jsonl");
    std::fs::write(&doubled, text.clone() + &text).unwrap();
    let release = |p: &Path| {
        run(&[
            "stats",
            p.to_str().unwrap(),
            "--by",
            "region=county,category=top",
            "--quiet",
            "--threads",
            "2",
        ])
    };
    let once = release(&f);
    let twice = release(&doubled);
    assert_status(&once, 0);
    assert_status(&twice, 0);
    assert_eq!(once.stdout, twice.stdout);
    // The same complaint id with another category is not a duplicate: refused.
    let first = text.lines().next().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(first).unwrap();
    let region = v["consumer"]["division"].as_str().unwrap().to_owned();
    v["consumer"]["division"] = if region == "130102" {
        "130104"
    } else {
        "130102"
    }
    .into();
    let conflict = d.join("conflict.jsonl");
    std::fs::write(&conflict, format!("{text}{v}\n")).unwrap();
    let r = release(&conflict);
    assert_status(&r, 2);
    assert!(
        stderr(&r).contains("record.duplicate_conflict"),
        "{}",
        stderr(&r)
    );
}
