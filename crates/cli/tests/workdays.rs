//! `weiquan workdays add|between|check`, run as a user would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::process::Output;

use common::{stderr, stdout, temp_dir};

fn weiquan(args: &[&str]) -> Output {
    let mut all = vec!["workdays"];
    all.extend_from_slice(args);
    common::run(&all)
}

/// An invented 2027 arrangement (test data, not a notice) with every statutory day declared.
fn year_2027() -> String {
    std::fs::read_to_string(common::fixture("calendar-2027.csv")).unwrap()
}

#[test]
fn add_between_check() {
    let out = weiquan(&["add", "2025-01-24", "7"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "2025-02-10\n");
    assert_eq!(stderr(&out), "");

    let out = weiquan(&["between", "2025-01-24", "2025-02-10"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "7\n");

    let out = weiquan(&["between", "2025-02-10", "2025-01-24"]);
    assert_eq!(stdout(&out), "0\n");

    let out = weiquan(&["check", "2025-01-26"]);
    assert_eq!(
        (out.status.code(), stdout(&out)),
        (Some(0), "working\n".to_owned())
    );
    let out = weiquan(&["check", "2025-01-28"]);
    assert_eq!(
        (out.status.code(), stdout(&out)),
        (Some(0), "rest\n".to_owned())
    );
    let out = weiquan(&["add", "2025-01-24", "0"]);
    assert_eq!(stdout(&out), "2025-01-24\n");
}

#[test]
fn adjusted_workdays_can_be_skipped() {
    let out = weiquan(&["check", "2025-01-26", "--adjusted-workdays", "skip"]);
    assert_eq!(
        (out.status.code(), stdout(&out)),
        (Some(0), "rest\n".to_owned())
    );
    let out = weiquan(&["--adjusted-workdays", "skip", "add", "2025-01-24", "7"]);
    assert_eq!(stdout(&out), "2025-02-12\n");
}

#[test]
fn out_of_coverage_is_an_error() {
    let out = weiquan(&["check", "2027-03-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "error[calendar.out_of_coverage]: date 2027-03-01 is outside the years this calendar \
         answers for (2019–2026); load that year's holiday notice or opt in to the provisional \
         calendar\n"
    );
    let out = weiquan(&["add", "2026-12-30", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("date 2027-01-01 is outside"));
}

#[test]
fn provisional_answers_are_marked() {
    let out = weiquan(&["check", "2027-02-09", "--provisional"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "rest\n");
    assert!(
        stderr(&out).starts_with("note: provisional answer"),
        "{}",
        stderr(&out)
    );
    let out = weiquan(&["add", "2026-12-30", "2", "--provisional"]);
    assert_eq!(stdout(&out), "2027-01-04\n");
    assert!(stderr(&out).starts_with("note: provisional answer"));
    // An answer from the notices is not marked, even with --provisional.
    let out = weiquan(&["add", "2026-12-30", "1", "--provisional"]);
    assert_eq!(
        (stdout(&out), stderr(&out)),
        ("2026-12-31\n".to_owned(), String::new())
    );
}

#[test]
fn extra_years_from_a_file() {
    let file = common::fixture("calendar-2027.csv");
    let path = file.to_str().unwrap();
    let out = weiquan(&["check", "2027-02-20", "--calendar", path]);
    assert_eq!(
        (out.status.code(), stdout(&out)),
        (Some(0), "working\n".to_owned())
    );
    assert_eq!(stderr(&out), "");
    let out = weiquan(&["--calendar", path, "between", "2027-02-04", "2027-02-12"]);
    // 9–12 February (5–8 are the break).
    assert_eq!(stdout(&out), "4\n");
}

#[test]
fn a_bad_calendar_file_lists_every_problem() {
    let bad = year_2027()
        .replace("2027-02-20,workday,春节", "2027-02-17,workday,春节")
        .replace("2027-06-09,holiday,端午节", "2027-06-09,holiday");
    let dir = temp_dir();
    let file = common::write(dir.path(), "bad.csv", &bad);
    let path = file.to_str().unwrap();
    let out = weiquan(&["check", "2027-02-20", "--calendar", path]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        format!(
            "error[calendar.invalid_csv]: {path} rejected:\n  \
             {path}: line 2, field date: 端午节 (2027-06-09) of 2027 is not declared a holiday \
             [calendar.csv.statutory_holiday_missing]\n  \
             {path}: line 7, field kind: workday 2027-02-17 falls on a Wed; only a Saturday or \
             Sunday can be declared a working day [calendar.csv.workday_on_weekday]\n  \
             {path}: line 11, field row: expected 3 fields (date,kind,name), found 2 \
             [calendar.csv.field_count]\n"
        )
    );
}

#[test]
fn usage_errors() {
    let out = weiquan(&["check", "2025-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a date written YYYY-MM-DD"),
        "{}",
        stderr(&out)
    );
    let out = weiquan(&["add", "2025-01-01", "-1"]);
    assert_eq!(out.status.code(), Some(2));
    let out = weiquan(&[
        "check",
        "2025-01-01",
        "--calendar",
        "/nonexistent/weiquan.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error[io]: cannot read /nonexistent/weiquan.csv"));
    let out = weiquan(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}
