//! Exact answers of the embedded official calendar (State Council notices 2019–2026).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::{Datelike, NaiveDate};
use weiquan_calendar::statutory::statutory_days;
use weiquan_calendar::{AdjustedWorkdays, Calendar, DayKind, Error, OFFICIAL_CSV};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |x| *x <= to)
}

fn out(date: NaiveDate) -> Error {
    Error::OutOfCoverage {
        date,
        first: 2019,
        last: 2026,
    }
}

#[test]
fn official_data_loads_and_covers_2019_to_2026() {
    let parsed = Calendar::from_csv(OFFICIAL_CSV).unwrap();
    assert_eq!(parsed.covered_years(), 2019..=2026);
    let cal = Calendar::official();
    assert_eq!(cal.covered_years(), 2019..=2026);
    assert_eq!(cal.provisional_years(), None);
    assert_eq!(cal.adjusted_workdays(), AdjustedWorkdays::Count);
}

#[test]
fn spring_festival_2025() {
    let cal = Calendar::official();
    for day in days(d(2025, 1, 28), d(2025, 2, 4)) {
        assert!(!cal.is_working_day(day).unwrap(), "{day}");
        let info = cal.day(day).unwrap();
        assert_eq!(info.kind, DayKind::Holiday);
        assert_eq!(info.name.as_deref(), Some("春节"));
        assert!(!info.provisional);
    }
    // Adjusted working days: Sunday 26 January and Saturday 8 February.
    for day in [d(2025, 1, 26), d(2025, 2, 8)] {
        assert!(cal.is_working_day(day).unwrap(), "{day}");
        assert_eq!(cal.day(day).unwrap().kind, DayKind::AdjustedWorkday);
    }
    assert!(cal.is_working_day(d(2025, 1, 27)).unwrap());
    assert!(cal.is_working_day(d(2025, 2, 5)).unwrap());
    assert!(!cal.is_working_day(d(2025, 1, 25)).unwrap());
    assert!(!cal.is_working_day(d(2025, 2, 9)).unwrap());
    // Received Friday 24 January: 26 Jan, 27 Jan, 5–7 Feb, 8 Feb, 10 Feb.
    assert_eq!(
        cal.add_working_days(d(2025, 1, 24), 7).unwrap(),
        d(2025, 2, 10)
    );
    assert_eq!(
        cal.working_days_between(d(2025, 1, 24), d(2025, 2, 10))
            .unwrap(),
        7
    );
    assert_eq!(cal.next_working_day(d(2025, 1, 27)).unwrap(), d(2025, 2, 5));
}

#[test]
fn spring_festival_2020_extension() {
    let cal = Calendar::official();
    // Extended to 2 February by 国办发明电〔2020〕1号; Saturday 1 February no longer worked.
    for day in days(d(2020, 1, 24), d(2020, 2, 2)) {
        assert!(!cal.is_working_day(day).unwrap(), "{day}");
    }
    let first_feb = cal.day(d(2020, 2, 1)).unwrap();
    assert_eq!(first_feb.kind, DayKind::Holiday);
    assert!(!first_feb.working);
    assert!(cal.is_working_day(d(2020, 1, 19)).unwrap());
    assert_eq!(
        cal.roll_to_working_day(d(2020, 1, 24)).unwrap(),
        d(2020, 2, 3)
    );
    assert_eq!(
        cal.add_working_days(d(2020, 1, 23), 1).unwrap(),
        d(2020, 2, 3)
    );
}

#[test]
fn other_known_days() {
    let cal = Calendar::official();
    // 2024: New Year's Eve (Friday 9 February) was not part of the break.
    assert!(cal.is_working_day(d(2024, 2, 9)).unwrap());
    assert!(cal.is_working_day(d(2024, 2, 4)).unwrap());
    assert!(cal.is_working_day(d(2024, 2, 18)).unwrap());
    // National Day and Mid-Autumn 2025: 1–8 October off, Saturday 11 October worked.
    assert_eq!(
        cal.roll_to_working_day(d(2025, 10, 1)).unwrap(),
        d(2025, 10, 9)
    );
    assert_eq!(
        cal.next_working_day(d(2025, 9, 30)).unwrap(),
        d(2025, 10, 9)
    );
    assert_eq!(
        cal.roll_to_working_day(d(2025, 10, 9)).unwrap(),
        d(2025, 10, 9)
    );
    assert!(cal.is_working_day(d(2025, 10, 11)).unwrap());
    // New Year 2026: Sunday 4 January worked.
    assert!(cal.is_working_day(d(2026, 1, 4)).unwrap());
    assert!(!cal.is_working_day(d(2026, 1, 2)).unwrap());
    // 2019-01-01 is the first covered day and a holiday.
    assert_eq!(
        cal.add_working_days(d(2018, 12, 31), 1).unwrap(),
        d(2019, 1, 2)
    );
}

#[test]
fn working_days_per_year() {
    let cal = Calendar::official();
    let expected = [
        (2019, 250),
        (2020, 249),
        (2021, 250),
        (2022, 249),
        (2023, 249),
        (2024, 251),
        (2025, 248),
        (2026, 248),
    ];
    for (year, count) in expected {
        assert_eq!(
            cal.working_days_between(d(year - 1, 12, 31), d(year, 12, 31))
                .unwrap(),
            count,
            "{year}"
        );
    }
    assert_eq!(
        cal.working_days_between(d(2018, 12, 31), d(2026, 12, 31))
            .unwrap(),
        1994
    );
}

#[test]
fn adjusted_workdays_can_be_skipped() {
    let skip = Calendar::official().with_adjusted_workdays(AdjustedWorkdays::Skip);
    assert_eq!(skip.adjusted_workdays(), AdjustedWorkdays::Skip);
    let sunday = d(2025, 1, 26);
    assert!(!skip.is_working_day(sunday).unwrap());
    let info = skip.day(sunday).unwrap();
    assert_eq!(info.kind, DayKind::AdjustedWorkday);
    assert!(!info.working);
    // 27 Jan, 5, 6, 7, 10, 11, 12 Feb.
    assert_eq!(
        skip.add_working_days(d(2025, 1, 24), 7).unwrap(),
        d(2025, 2, 12)
    );
    assert_eq!(
        skip.working_days_between(d(2024, 12, 31), d(2025, 12, 31))
            .unwrap(),
        243
    );
    // Back to the default.
    let count = skip.with_adjusted_workdays(AdjustedWorkdays::Count);
    assert_eq!(
        count.add_working_days(d(2025, 1, 24), 7).unwrap(),
        d(2025, 2, 10)
    );
}

#[test]
fn out_of_coverage() {
    let cal = Calendar::official();
    assert_eq!(
        cal.is_working_day(d(2027, 1, 1)).unwrap_err(),
        out(d(2027, 1, 1))
    );
    // December rows of the 2019 notice do not make 2018 covered.
    assert_eq!(
        cal.is_working_day(d(2018, 12, 31)).unwrap_err(),
        out(d(2018, 12, 31))
    );
    assert_eq!(cal.day(d(2018, 12, 29)).unwrap_err(), out(d(2018, 12, 29)));
    // The count needs 31 December 2018.
    assert_eq!(
        cal.add_working_days(d(2018, 12, 30), 1).unwrap_err(),
        out(d(2018, 12, 31))
    );
    assert_eq!(
        cal.add_working_days(d(2010, 5, 5), 3).unwrap_err(),
        out(d(2010, 5, 6))
    );
    // Wednesday 30 December 2026: the 1st is the 31st, the 2nd would be in 2027.
    assert_eq!(
        cal.add_working_days(d(2026, 12, 30), 1).unwrap(),
        d(2026, 12, 31)
    );
    assert_eq!(
        cal.add_working_days(d(2026, 12, 30), 2).unwrap_err(),
        out(d(2027, 1, 1))
    );
    assert_eq!(
        cal.add_working_days(d(2026, 12, 30), u32::MAX).unwrap_err(),
        out(d(2027, 1, 1))
    );
    assert_eq!(
        cal.add_working_days(d(2030, 1, 1), 5).unwrap_err(),
        out(d(2030, 1, 2))
    );
    assert_eq!(
        cal.next_working_day(d(2026, 12, 31)).unwrap_err(),
        out(d(2027, 1, 1))
    );
    assert_eq!(
        cal.roll_to_working_day(d(2027, 1, 1)).unwrap_err(),
        out(d(2027, 1, 1))
    );
    assert_eq!(
        cal.working_days_between(d(2026, 12, 1), d(2027, 1, 5))
            .unwrap_err(),
        out(d(2027, 1, 1))
    );
    assert_eq!(
        cal.working_days_between(d(2018, 12, 1), d(2019, 1, 5))
            .unwrap_err(),
        out(d(2018, 12, 2))
    );
    assert_eq!(
        cal.working_days_between(d(2027, 1, 1), d(2027, 1, 5))
            .unwrap_err(),
        out(d(2027, 1, 2))
    );
    // Answers that need no calendar.
    assert_eq!(
        cal.add_working_days(d(2040, 1, 1), 0).unwrap(),
        d(2040, 1, 1)
    );
    assert_eq!(
        cal.working_days_between(d(2040, 1, 5), d(2040, 1, 1))
            .unwrap(),
        0
    );
    assert_eq!(
        cal.working_days_between(d(2040, 1, 5), d(2040, 1, 5))
            .unwrap(),
        0
    );
    // Extreme dates never panic.
    assert_eq!(
        cal.is_working_day(NaiveDate::MAX).unwrap_err(),
        out(NaiveDate::MAX)
    );
    assert_eq!(
        cal.add_working_days(NaiveDate::MIN, 1).unwrap_err(),
        out(NaiveDate::MIN.succ_opt().unwrap())
    );
    assert_eq!(
        cal.add_working_days(NaiveDate::MAX, 1).unwrap_err(),
        out(NaiveDate::MAX)
    );
    assert!(!cal.is_provisional(d(2027, 1, 1)));
}

#[test]
fn error_codes_and_messages() {
    let err = out(d(2027, 1, 1));
    assert_eq!(err.code(), "calendar.out_of_coverage");
    assert_eq!(
        err.to_string(),
        "date 2027-01-01 is outside the years this calendar answers for (2019–2026); load that \
         year's holiday notice or opt in to the provisional calendar"
    );
}

#[test]
fn day_info_names_its_basis() {
    let cal = Calendar::official();
    let sat = cal.day(d(2025, 2, 8)).unwrap();
    assert_eq!(sat.kind, DayKind::AdjustedWorkday);
    assert!(sat.working);
    assert_eq!(sat.name.as_deref(), Some("春节"));
    let line = OFFICIAL_CSV
        .lines()
        .position(|l| l.starts_with("2025-02-08"))
        .unwrap()
        + 1;
    assert_eq!(
        sat.basis,
        format!(
            "State Council General Office holiday notice for 2025: working day (调休上班) \
             (embedded official data, line {line})"
        )
    );
    let ordinary = cal.day(d(2025, 3, 3)).unwrap();
    assert_eq!(ordinary.kind, DayKind::Workday);
    assert_eq!(ordinary.name, None);
    assert_eq!(
        ordinary.basis,
        "no entry in the 2025 holiday notice; weekly rest days per 《国务院关于职工工作时间的规定》（1995年修正）第七条第一款"
    );
    assert_eq!(cal.day(d(2025, 3, 1)).unwrap().kind, DayKind::Weekend);
    // December rows belong to the next year's notice.
    let eve = cal.day(d(2023, 12, 30)).unwrap();
    assert!(
        eve.basis
            .starts_with("State Council General Office holiday notice for 2024")
    );
    let json = serde_json::to_value(&sat).unwrap();
    assert_eq!(json["kind"], "adjusted_workday");
    assert_eq!(json["date"], "2025-02-08");
}

#[test]
fn statutory_days_are_official_holidays() {
    // Every statutory day off of the revision in force (2013 list to 2024, 2024 list from
    // 2025) is a rest day in the notices.
    let cal = Calendar::official();
    for year in 2019..=2026 {
        let statutory = statutory_days(year).unwrap();
        assert_eq!(statutory.len(), if year >= 2025 { 13 } else { 11 });
        for (date, holiday) in statutory {
            let info = cal.day(date).unwrap();
            assert_eq!(info.kind, DayKind::Holiday, "{date}");
            assert!(info.name.unwrap().contains(holiday.holiday), "{date}");
            assert_eq!(date.year(), year);
        }
    }
}

#[test]
fn calendar_is_send_sync_clone() {
    fn assert_traits<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_traits::<Calendar>();
    let debug = format!("{:?}", Calendar::official());
    assert!(debug.contains("covered_years: 2019..=2026"), "{debug}");
}
