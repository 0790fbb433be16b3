//! Loading further years from CSV: accepted files and every kind of rejection, with lines.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::{NaiveDate, Weekday};
use weiquan_calendar::{
    Calendar, CsvField, CsvProblem, CsvProblemKind, DayKind, Error, OFFICIAL_CSV, RowKind,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An invented, plausible 2027 arrangement (test data, not a notice): the statutory days are
/// those of the 2024 list for 2027 (eve 5 Feb, Qingming 5 Apr, Dragon Boat 9 Jun,
/// Mid-Autumn 15 Sep).
fn year_2027() -> Vec<String> {
    let mut lines = vec!["date,kind,name".to_owned()];
    let mut add = |from: NaiveDate, to: NaiveDate, kind: &str, name: &str| {
        for day in from.iter_days().take_while(|x| *x <= to) {
            lines.push(format!("{day},{kind},{name}"));
        }
    };
    add(d(2027, 1, 1), d(2027, 1, 3), "holiday", "元旦"); // lines 2–4
    add(d(2027, 2, 5), d(2027, 2, 12), "holiday", "春节"); // 5–12
    add(d(2027, 2, 20), d(2027, 2, 20), "workday", "春节"); // 13
    add(d(2027, 4, 3), d(2027, 4, 5), "holiday", "清明节"); // 14–16
    add(d(2027, 4, 25), d(2027, 4, 25), "workday", "劳动节"); // 17
    add(d(2027, 5, 1), d(2027, 5, 5), "holiday", "劳动节"); // 18–22
    add(d(2027, 5, 8), d(2027, 5, 8), "workday", "劳动节"); // 23
    add(d(2027, 6, 9), d(2027, 6, 9), "holiday", "端午节"); // 24
    add(d(2027, 9, 15), d(2027, 9, 15), "holiday", "中秋节"); // 25
    add(d(2027, 9, 26), d(2027, 9, 26), "workday", "国庆节"); // 26
    add(d(2027, 10, 1), d(2027, 10, 7), "holiday", "国庆节"); // 27–33
    add(d(2027, 10, 9), d(2027, 10, 9), "workday", "国庆节"); // 34
    lines
}

fn text(lines: &[String]) -> String {
    let mut t = lines.join("\n");
    t.push('\n');
    t
}

fn problems(result: Result<Calendar, Error>) -> Vec<CsvProblem> {
    match result {
        Err(Error::Csv { problems }) => problems,
        other => panic!("expected a CSV error, got {other:?}"),
    }
}

fn p(line: usize, field: CsvField, kind: CsvProblemKind) -> CsvProblem {
    CsvProblem { line, field, kind }
}

#[test]
fn loads_a_whole_new_year() {
    let lines = year_2027();
    assert_eq!(lines.len(), 34);
    let cal = Calendar::official().with_csv(&text(&lines)).unwrap();
    assert_eq!(cal.covered_years(), 2019..=2027);
    assert!(!cal.is_working_day(d(2027, 2, 12)).unwrap());
    assert!(cal.is_working_day(d(2027, 2, 20)).unwrap());
    assert!(!cal.is_provisional(d(2027, 2, 20)));
    let info = cal.day(d(2027, 10, 9)).unwrap();
    assert_eq!(info.kind, DayKind::AdjustedWorkday);
    assert_eq!(
        info.basis,
        "State Council General Office holiday notice for 2027: working day (调休上班) (loaded calendar file, line 34)"
    );
    // The loaded year joins the counting: Thursday 30 December 2026 + 2 → Monday 4 January.
    assert_eq!(
        cal.add_working_days(d(2026, 12, 30), 2).unwrap(),
        d(2027, 1, 4)
    );
    assert_eq!(
        cal.is_working_day(d(2028, 1, 3)).unwrap_err(),
        Error::OutOfCoverage {
            date: d(2028, 1, 3),
            first: 2019,
            last: 2027
        }
    );
    // The original is unchanged.
    assert_eq!(Calendar::official().covered_years(), 2019..=2026);
}

#[test]
fn tolerates_bom_crlf_spaces_and_blank_lines() {
    let lines = year_2027();
    let mut t = String::from("\u{feff}");
    for line in &lines {
        t.push_str(&line.replace(',', " , "));
        t.push_str("\r\n\r\n");
    }
    let cal = Calendar::official().with_csv(&t).unwrap();
    assert_eq!(cal.covered_years(), 2019..=2027);
    // Line numbers count the blank lines: the last row is on line 67.
    assert!(cal.day(d(2027, 10, 9)).unwrap().basis.ends_with("line 67)"));
}

#[test]
fn syntax_problems_each_with_line_and_field() {
    let mut lines = year_2027();
    lines[2] = "2027-01-02,holiday".to_owned();
    lines[3] = "2027-02-30,holiday,元旦".to_owned();
    lines[5] = "2027-2-6,holiday,春节".to_owned();
    lines[6] = "2027-02-07,rest,春节".to_owned();
    lines[7] = "2027-02-08,holiday,".to_owned();
    lines.push("2027-10-10,holiday,国庆节,extra".to_owned());
    let got = problems(Calendar::official().with_csv(&text(&lines)));
    let syntax: Vec<CsvProblem> = got
        .iter()
        .filter(|x| !matches!(x.kind, CsvProblemKind::StatutoryHolidayMissing { .. }))
        .cloned()
        .collect();
    assert_eq!(
        syntax,
        vec![
            p(3, CsvField::Row, CsvProblemKind::FieldCount { found: 2 }),
            p(
                4,
                CsvField::Date,
                CsvProblemKind::BadDate {
                    value: "2027-02-30".into()
                }
            ),
            p(
                6,
                CsvField::Date,
                CsvProblemKind::BadDate {
                    value: "2027-2-6".into()
                }
            ),
            p(
                7,
                CsvField::Kind,
                CsvProblemKind::BadKind {
                    value: "rest".into()
                }
            ),
            p(8, CsvField::Name, CsvProblemKind::EmptyName),
            p(35, CsvField::Row, CsvProblemKind::FieldCount { found: 4 }),
        ]
    );
    // The rejected lines leave statutory days undeclared, reported on the year's first line.
    let missing: Vec<(usize, Option<NaiveDate>)> = got
        .iter()
        .filter_map(|x| match x.kind {
            CsvProblemKind::StatutoryHolidayMissing { date, .. } => Some((x.line, date)),
            _ => None,
        })
        .collect();
    assert_eq!(
        missing,
        vec![
            (2, Some(d(2027, 2, 6))),
            (2, Some(d(2027, 2, 7))),
            (2, Some(d(2027, 2, 8)))
        ]
    );
    assert_eq!(syntax[0].code(), "calendar.csv.field_count");
    assert_eq!(
        syntax[0].to_string(),
        "line 3, field row: expected 3 fields (date,kind,name), found 2"
    );
    // Problems come in line order.
    assert!(got.windows(2).all(|w| w[0].line <= w[1].line));
}

#[test]
fn header_and_empty_files() {
    let mut lines = year_2027();
    lines[0] = "day,kind,name".to_owned();
    assert_eq!(
        problems(Calendar::official().with_csv(&text(&lines))),
        vec![p(
            1,
            CsvField::Header,
            CsvProblemKind::BadHeader {
                found: "day,kind,name".into()
            }
        )]
    );
    let empty = vec![p(1, CsvField::Header, CsvProblemKind::Empty)];
    assert_eq!(problems(Calendar::official().with_csv("")), empty);
    assert_eq!(
        problems(Calendar::official().with_csv("date,kind,name\n\n")),
        empty
    );
    assert_eq!(problems(Calendar::from_csv("date,kind,name\n")), empty);
}

#[test]
fn duplicates_and_contradictions_within_the_file() {
    let mut lines = year_2027();
    lines.push("2027-02-06,holiday,春节".to_owned()); // line 35: same as line 6
    lines.push("2027-02-20,holiday,春节".to_owned()); // line 36: line 13 says workday
    assert_eq!(
        problems(Calendar::official().with_csv(&text(&lines))),
        vec![
            p(
                35,
                CsvField::Date,
                CsvProblemKind::DuplicateDate {
                    date: d(2027, 2, 6),
                    first_line: 6
                }
            ),
            p(
                36,
                CsvField::Date,
                CsvProblemKind::ContradictoryDate {
                    date: d(2027, 2, 20),
                    first_line: 13,
                    first_kind: RowKind::Workday,
                    kind: RowKind::Holiday,
                }
            ),
        ]
    );
}

#[test]
fn workday_on_a_weekday() {
    let mut lines = year_2027();
    lines.push("2027-02-17,workday,春节".to_owned());
    let got = problems(Calendar::official().with_csv(&text(&lines)));
    assert_eq!(
        got,
        vec![p(
            35,
            CsvField::Kind,
            CsvProblemKind::WorkdayOnWeekday {
                date: d(2027, 2, 17),
                weekday: Weekday::Wed
            }
        )]
    );
    assert_eq!(
        got[0].to_string(),
        "line 35, field kind: workday 2027-02-17 falls on a Wed; only a Saturday or Sunday can be declared a working day"
    );
    assert_eq!(
        got[0].message_zh(),
        "第35行，字段kind：调休上班日2027-02-17是星期三；只有星期六或星期日才能定为工作日"
    );
    let whole = Calendar::official().with_csv(&text(&lines)).unwrap_err();
    assert_eq!(
        whole.message_zh(),
        format!("日历CSV文件被拒绝：{}", got[0].message_zh())
    );
}

#[test]
fn every_problem_has_a_chinese_message_naming_its_values() {
    let mut lines = year_2027();
    lines[0] = "day,kind,name".to_owned();
    lines[2] = "2027-01-02,holiday".to_owned();
    lines[3] = "2027-13-01,holiday,元旦".to_owned();
    lines[5] = "2027-02-05,rest,春节".to_owned();
    lines[6] = "2027-02-06,holiday,".to_owned();
    lines.push("2027-02-17,workday,春节".to_owned());
    lines.push("2027-02-20,holiday,春节".to_owned());
    let Err(e) = Calendar::official().with_csv(&text(&lines)) else {
        panic!("expected problems")
    };
    let Error::Csv { problems } = &e else {
        panic!("expected a CSV error")
    };
    assert!(problems.len() >= 6, "{problems:?}");
    for p in problems {
        let zh = p.message_zh();
        assert!(
            zh.starts_with(&format!("第{}行，字段{}：", p.line, p.field)),
            "{zh}"
        );
        // Only the values quoted from the file and the field names are not Chinese.
        let words: Vec<&str> = zh
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1)
            .collect();
        for w in words {
            assert!(
                [
                    "header", "row", "date", "kind", "name", "day", "holiday", "workday", "rest",
                    "YYYY", "MM", "DD"
                ]
                .contains(&w),
                "{w} in {zh}"
            );
        }
    }
    assert!(
        e.message_zh()
            .starts_with(&format!("日历CSV文件被拒绝，共{}个问题", problems.len()))
    );
    let out = Calendar::official()
        .add_working_days(d(2100, 1, 1), 1)
        .unwrap_err();
    assert!(
        out.message_zh()
            .starts_with("日期2100-01-02超出本日历覆盖的年份（2019–2026年）"),
        "{}",
        out.message_zh()
    );
}

#[test]
fn year_already_covered_and_date_already_declared() {
    let covered = "date,kind,name\n2025-10-01,holiday,国庆节\n";
    assert_eq!(
        problems(Calendar::official().with_csv(covered)),
        vec![p(
            2,
            CsvField::Date,
            CsvProblemKind::YearAlreadyCovered {
                year: 2025,
                first: 2019,
                last: 2026
            }
        )]
    );
    // A December 元旦 row belongs to the next year's notice: 2018-12-31 is in the 2019 notice.
    let december = "date,kind,name\n2018-12-31,holiday,元旦\n";
    assert_eq!(
        problems(Calendar::official().with_csv(december)),
        vec![p(
            2,
            CsvField::Date,
            CsvProblemKind::YearAlreadyCovered {
                year: 2019,
                first: 2019,
                last: 2026
            }
        )]
    );
    // Under another name the row would belong to 2018, but the date is already declared.
    let got =
        problems(Calendar::official().with_csv("date,kind,name\n2018-12-31,holiday,New Year\n"));
    assert_eq!(
        got[0],
        p(
            2,
            CsvField::Date,
            CsvProblemKind::AlreadyDeclared {
                date: d(2018, 12, 31),
                existing: RowKind::Holiday,
                notice_year: 2019
            }
        )
    );
    // ... and 2018's statutory days are missing (5 fixed dates; the lunar ones by name).
    assert_eq!(got.len(), 1 + 5 + 4);
    assert!(
        got[1..]
            .iter()
            .all(|x| x.code() == "calendar.csv.statutory_holiday_missing")
    );
}

#[test]
fn a_gap_between_covered_years() {
    let got = problems(Calendar::official().with_csv("date,kind,name\n2028-01-01,holiday,元旦\n"));
    assert_eq!(
        got[0],
        p(
            2,
            CsvField::Date,
            CsvProblemKind::CoverageGap { missing: 2027 }
        )
    );
    assert_eq!(
        got[0].to_string(),
        "line 2, field date: year 2027 would be missing between covered years; load it as well"
    );
}

#[test]
fn a_partial_year() {
    // Only the New Year rows of 2027: the other 12 statutory days are missing.
    let lines: Vec<String> = year_2027().into_iter().take(4).collect();
    let got = problems(Calendar::official().with_csv(&text(&lines)));
    let missing: Vec<(usize, &str, Option<NaiveDate>)> = got
        .iter()
        .map(|x| match x.kind {
            CsvProblemKind::StatutoryHolidayMissing {
                year: 2027,
                holiday,
                date,
                found: None,
            } => (x.line, holiday, date),
            _ => panic!("unexpected {x}"),
        })
        .collect();
    assert_eq!(
        missing,
        vec![
            (2, "春节", Some(d(2027, 2, 5))),
            (2, "春节", Some(d(2027, 2, 6))),
            (2, "春节", Some(d(2027, 2, 7))),
            (2, "春节", Some(d(2027, 2, 8))),
            (2, "清明节", Some(d(2027, 4, 5))),
            (2, "劳动节", Some(d(2027, 5, 1))),
            (2, "劳动节", Some(d(2027, 5, 2))),
            (2, "端午节", Some(d(2027, 6, 9))),
            (2, "中秋节", Some(d(2027, 9, 15))),
            (2, "国庆节", Some(d(2027, 10, 1))),
            (2, "国庆节", Some(d(2027, 10, 2))),
            (2, "国庆节", Some(d(2027, 10, 3))),
        ]
    );
    assert_eq!(
        got[0].to_string(),
        "line 2, field date: 春节 (2027-02-05) of 2027 is not declared a holiday"
    );
    let err = Calendar::official().with_csv(&text(&lines)).unwrap_err();
    assert_eq!(err.code(), "calendar.invalid_csv");
    assert_eq!(
        err.to_string(),
        "calendar CSV rejected with 12 problems; first: line 2, field date: 春节 (2027-02-05) of 2027 is not declared a holiday"
    );
}

#[test]
fn statutory_day_declared_a_workday_or_misnamed() {
    let mut lines = year_2027();
    // Sunday 2 May is a statutory Labour Day; Dragon Boat 9 June misnamed.
    lines[18] = "2027-05-02,workday,劳动节".to_owned();
    lines[23] = "2027-06-09,holiday,中秋节".to_owned();
    assert_eq!(
        problems(Calendar::official().with_csv(&text(&lines))),
        vec![
            p(
                19,
                CsvField::Date,
                CsvProblemKind::StatutoryHolidayMissing {
                    year: 2027,
                    holiday: "劳动节",
                    date: Some(d(2027, 5, 2)),
                    found: Some(RowKind::Workday),
                }
            ),
            p(
                24,
                CsvField::Name,
                CsvProblemKind::HolidayNameMismatch {
                    date: d(2027, 6, 9),
                    expected: "端午节",
                    found: "中秋节".into(),
                }
            ),
        ]
    );
}

#[test]
fn loading_twice_is_an_overlap() {
    let lines = year_2027();
    let once = Calendar::official().with_csv(&text(&lines)).unwrap();
    let got = problems(once.with_csv(&text(&lines)));
    assert_eq!(got.len(), 33);
    assert!(got.iter().all(|x| matches!(
        x.kind,
        CsvProblemKind::YearAlreadyCovered {
            year: 2027,
            first: 2019,
            last: 2027
        }
    )));
}

#[test]
fn official_file_cannot_be_loaded_onto_itself_but_can_be_rebuilt() {
    // 295 problems: the first 100 listed, then one counting the other 195.
    let got = problems(Calendar::official().with_csv(OFFICIAL_CSV));
    assert_eq!(got.len(), 101);
    assert_eq!(got[100].kind, CsvProblemKind::TooMany { more: 195 });
    // Loading the notice years one by one gives the same calendar.
    let header = "date,kind,name";
    let mut cal: Option<Calendar> = None;
    for year in 2019..=2026 {
        let mut t = format!("{header}\n");
        for line in OFFICIAL_CSV.lines().skip(1) {
            let date = NaiveDate::parse_from_str(&line[..10], "%Y-%m-%d").unwrap();
            let notice = if line.contains("元旦") && line[5..7] == *"12" {
                1
            } else {
                0
            };
            if date.format("%Y").to_string().parse::<i32>().unwrap() + notice == year {
                t.push_str(line);
                t.push('\n');
            }
        }
        cal = Some(match cal {
            None => Calendar::from_csv(&t).unwrap(),
            Some(c) => c.with_csv(&t).unwrap(),
        });
    }
    let cal = cal.unwrap();
    let official = Calendar::official();
    for day in d(2019, 1, 1)
        .iter_days()
        .take_while(|x| *x <= d(2026, 12, 31))
    {
        assert_eq!(
            cal.is_working_day(day).unwrap(),
            official.is_working_day(day).unwrap()
        );
    }
    // Years may also be loaded backwards: 2019 onto 2020–2026 is adjacent.
    let first = OFFICIAL_CSV
        .lines()
        .take_while(|l| !l.starts_with("2020"))
        .collect::<Vec<_>>()
        .join("\n");
    let rest = std::iter::once(header)
        .chain(OFFICIAL_CSV.lines().skip_while(|l| !l.starts_with("2020")))
        .collect::<Vec<_>>()
        .join("\n");
    let backwards = Calendar::from_csv(&rest).unwrap().with_csv(&first).unwrap();
    assert_eq!(backwards.covered_years(), 2019..=2026);
}

/// Ten megabytes of bad lines: the problem list is capped (the first 100 and a count of the
/// rest) and quoted values are cut, so the report stays small; the memory this takes is
/// measured in `tests/memory.rs`.
#[test]
fn ten_megabytes_of_bad_lines_give_a_capped_report() {
    let mut text = String::from("date,kind,name\n");
    let bad = format!("{},{},x\n", "9".repeat(300), "k".repeat(300));
    while text.len() < 10 << 20 {
        text.push_str(&bad);
    }
    let lines = text.lines().count();
    let got = problems(Calendar::official().with_csv(&text));
    assert_eq!(got.len(), 101);
    assert_eq!(
        got[100].kind,
        CsvProblemKind::TooMany {
            more: 2 * (lines - 1) - 100
        }
    );
    assert_eq!(got[100].line, 52);
    for p in &got[..100] {
        let msg = p.to_string();
        assert!(msg.chars().count() < 300, "{msg}");
    }
    let e = Calendar::official().with_csv(&text).unwrap_err();
    assert!(e.to_string().len() < 1000);
}
