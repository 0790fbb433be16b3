//! `weiquan testing`, run as a user would, on the example programme (invented numbers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{arg, assert_status, example, json, run, stderr, stdout, temp_dir, write};

#[test]
fn verdicts_score_and_report_of_the_example_programme() {
    let programme = example("testing-range-hoods.json");
    let out = run(&["testing", "verdicts", arg(&programme)]);
    assert_status(&out, 0);
    let v = json(&out.stdout);
    assert_eq!(v[1]["conformity"], "does_not_conform");
    assert_eq!(v[1]["items"][0]["compared"]["value"], "17.0");

    let dir = temp_dir();
    let scores = dir.path().join("scores.json");
    let out = run(&["testing", "score", arg(&programme), "--out", arg(&scores)]);
    assert_status(&out, 0);
    let s = json(&std::fs::read(&scores).unwrap());
    let grades: Vec<&str> = (0..4).map(|i| s[i]["grade"].as_str().unwrap()).collect();
    assert_eq!(grades, ["1.0", "1.9", "3.3", "4.5"]);

    let out = run(&["testing", "report", arg(&programme)]);
    assert_status(&out, 0);
    let md = stdout(&out);
    assert!(md.contains("## 综合评价 / Overall"), "{md}");
    assert!(md.contains("| 4 | S04 | 4.5 |"), "{md}");
}

#[test]
fn a_bad_programme_lists_every_problem_and_writes_nothing() {
    let dir = temp_dir();
    let bad = write(
        dir.path(),
        "bad.json",
        r#"{"schema_version": 1, "id": "x"}"#,
    );
    let out_file = dir.path().join("out.json");
    let out = run(&["testing", "score", arg(&bad), "--out", arg(&out_file)]);
    assert_status(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("[testing.invalid]"), "{err}");
    assert!(
        err.contains("/title: is required / 必填 [field.required]"),
        "{err}"
    );
    assert!(!out_file.exists());
    let out = run(&["testing", "report", arg(&bad), "--out", arg(&bad)]);
    assert_status(&out, 2);
}
