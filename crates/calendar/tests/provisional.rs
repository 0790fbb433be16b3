//! The opt-in provisional calendar and the lunar table it rests on.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::{Datelike, NaiveDate};
use weiquan_calendar::lunar::{FIRST_LUNAR_YEAR, LAST_LUNAR_YEAR, LUNAR_YEARS, lunar_year};
use weiquan_calendar::{Calendar, DayKind, Error, Marked, OFFICIAL_CSV};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn provisional_years_follow_coverage() {
    let cal = Calendar::official().with_provisional();
    assert_eq!(cal.covered_years(), 2019..=2026);
    assert_eq!(cal.provisional_years(), Some(2027..=2100));
    assert!(!cal.is_provisional(d(2026, 12, 31)));
    assert!(cal.is_provisional(d(2027, 1, 1)));
    assert!(cal.is_provisional(d(2100, 12, 31)));
    assert!(!cal.is_provisional(d(2101, 1, 1)));
    let out = |date| Error::OutOfCoverage {
        date,
        first: 2019,
        last: 2100,
    };
    assert_eq!(
        cal.is_working_day(d(2101, 1, 1)).unwrap_err(),
        out(d(2101, 1, 1))
    );
    // Years before coverage are not guessed: a different statutory list applied then.
    assert_eq!(
        cal.is_working_day(d(2018, 6, 1)).unwrap_err(),
        out(d(2018, 6, 1))
    );
    // Official answers are unchanged and unmarked.
    assert_eq!(
        cal.is_working_day_marked(d(2025, 1, 26)).unwrap(),
        Marked {
            value: true,
            provisional: false
        }
    );
}

#[test]
fn provisional_2027() {
    let cal = Calendar::official().with_provisional();
    // Spring Festival: eve Friday 5 Feb, days 1–3 Saturday 6 to Monday 8; the weekend days
    // are made up on Tuesday 9 and Wednesday 10 (Art. 6).
    let kinds: Vec<(NaiveDate, DayKind, bool)> = d(2027, 2, 4)
        .iter_days()
        .take(8)
        .map(|x| {
            let info = cal.day(x).unwrap();
            assert!(info.provisional);
            (x, info.kind, info.working)
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (d(2027, 2, 4), DayKind::Workday, true),
            (d(2027, 2, 5), DayKind::Holiday, false),
            (d(2027, 2, 6), DayKind::Holiday, false),
            (d(2027, 2, 7), DayKind::Holiday, false),
            (d(2027, 2, 8), DayKind::Holiday, false),
            (d(2027, 2, 9), DayKind::MakeUpDay, false),
            (d(2027, 2, 10), DayKind::MakeUpDay, false),
            (d(2027, 2, 11), DayKind::Workday, true),
        ]
    );
    let makeup = cal.day(d(2027, 2, 9)).unwrap();
    assert_eq!(makeup.name.as_deref(), Some("春节"));
    assert_eq!(
        makeup.basis,
        "provisional: make-up day for 春节 on a weekend under 《全国年节及纪念日放假办法》第六条, no notice for 2027 loaded"
    );
    let eve = cal.day(d(2027, 2, 5)).unwrap();
    assert_eq!(
        eve.basis,
        "provisional: 春节, statutory day off under 《全国年节及纪念日放假办法》（2024年修正）第二条第（二）项, no notice for 2027 loaded"
    );
    // No adjusted working days: every Saturday and Sunday rests.
    let weekend_working = d(2027, 1, 1)
        .iter_days()
        .take_while(|x| x.year() == 2027)
        .filter(|x| x.weekday().number_from_monday() >= 6 && cal.is_working_day(*x).unwrap())
        .count();
    assert_eq!(weekend_working, 0);
    // 365 days − 104 weekend days − 9 weekday statutory days − 4 make-up days.
    assert_eq!(
        cal.working_days_between(d(2026, 12, 31), d(2027, 12, 31))
            .unwrap(),
        248
    );
}

#[test]
fn marked_results() {
    let cal = Calendar::official().with_provisional();
    assert_eq!(
        cal.add_working_days_marked(d(2026, 12, 30), 1).unwrap(),
        Marked {
            value: d(2026, 12, 31),
            provisional: false
        }
    );
    assert_eq!(
        cal.add_working_days_marked(d(2026, 12, 30), 2).unwrap(),
        Marked {
            value: d(2027, 1, 4),
            provisional: true
        }
    );
    assert_eq!(
        cal.add_working_days_marked(d(2040, 1, 1), 0).unwrap(),
        Marked {
            value: d(2040, 1, 1),
            provisional: false
        }
    );
    assert_eq!(
        cal.working_days_between_marked(d(2026, 12, 1), d(2027, 1, 5))
            .unwrap(),
        Marked {
            value: 22 + 2,
            provisional: true
        }
    );
    assert_eq!(
        cal.working_days_between_marked(d(2026, 12, 1), d(2026, 12, 31))
            .unwrap(),
        Marked {
            value: 22,
            provisional: false
        }
    );
    assert_eq!(
        cal.next_working_day_marked(d(2026, 12, 31)).unwrap(),
        Marked {
            value: d(2027, 1, 4),
            provisional: true
        }
    );
    assert_eq!(
        cal.roll_to_working_day_marked(d(2027, 10, 1)).unwrap(),
        Marked {
            value: d(2027, 10, 6),
            provisional: true
        }
    );
    let json =
        serde_json::to_string(&cal.add_working_days_marked(d(2026, 12, 30), 2).unwrap()).unwrap();
    assert_eq!(json, r#"{"value":"2027-01-04","provisional":true}"#);
}

#[test]
fn loading_a_year_replaces_its_provisional_answers() {
    let header = "date,kind,name\n";
    let rows = [
        "2027-01-01,holiday,元旦",
        "2027-02-05,holiday,春节",
        "2027-02-06,holiday,春节",
        "2027-02-07,holiday,春节",
        "2027-02-08,holiday,春节",
        "2027-04-05,holiday,清明节",
        "2027-05-01,holiday,劳动节",
        "2027-05-02,holiday,劳动节",
        "2027-06-09,holiday,端午节",
        "2027-09-15,holiday,中秋节",
        "2027-10-01,holiday,国庆节",
        "2027-10-02,holiday,国庆节",
        "2027-10-03,holiday,国庆节",
        "2027-02-20,workday,春节",
    ];
    let csv = format!("{header}{}\n", rows.join("\n"));
    let cal = Calendar::official()
        .with_provisional()
        .with_csv(&csv)
        .unwrap();
    assert_eq!(cal.covered_years(), 2019..=2027);
    assert_eq!(cal.provisional_years(), Some(2028..=2100));
    assert!(!cal.is_provisional(d(2027, 2, 9)));
    // This invented notice has no make-up day on 9 February but a working Saturday on the 20th.
    assert!(cal.is_working_day(d(2027, 2, 9)).unwrap());
    assert!(cal.is_working_day(d(2027, 2, 20)).unwrap());
    assert!(cal.is_provisional(d(2028, 1, 1)));
}

/// The provisional calendar for 2025–2026, made from the notices up to 2024 only, compared
/// with the notices for 2025–2026: it never calls a weekday off that the notice makes a
/// working day; it misses the bridge days and the adjusted working weekends.
#[test]
fn provisional_against_the_2025_and_2026_notices() {
    let up_to_2024: String = OFFICIAL_CSV
        .lines()
        .filter(|l| l.starts_with("date") || l[..10] < *"2025-01-01")
        .map(|l| format!("{l}\n"))
        .collect();
    let early = Calendar::from_csv(&up_to_2024).unwrap();
    assert_eq!(early.covered_years(), 2019..=2024);
    let provisional = early.with_provisional();
    let official = Calendar::official();
    let mut differences = Vec::new();
    for day in d(2025, 1, 1).iter_days().take_while(|x| x.year() <= 2026) {
        let p = provisional.is_working_day_marked(day).unwrap();
        assert!(p.provisional);
        let o = official.is_working_day(day).unwrap();
        if p.value != o {
            differences.push((day, o));
        }
    }
    assert_eq!(
        differences,
        vec![
            (d(2025, 1, 26), true),
            (d(2025, 2, 3), false),
            (d(2025, 2, 4), false),
            (d(2025, 2, 8), true),
            (d(2025, 4, 27), true),
            (d(2025, 5, 5), false),
            (d(2025, 9, 28), true),
            (d(2025, 10, 7), false),
            (d(2025, 10, 8), false),
            (d(2025, 10, 11), true),
            (d(2026, 1, 2), false),
            (d(2026, 1, 4), true),
            (d(2026, 2, 14), true),
            (d(2026, 2, 20), false),
            (d(2026, 2, 23), false),
            (d(2026, 2, 28), true),
            (d(2026, 5, 5), false),
            (d(2026, 5, 9), true),
            (d(2026, 9, 20), true),
            (d(2026, 10, 6), false),
            (d(2026, 10, 7), false),
            (d(2026, 10, 10), true),
        ]
    );
    // Every provisional make-up day of 2025–2026 is an official rest day.
    for day in d(2025, 1, 1).iter_days().take_while(|x| x.year() <= 2026) {
        if provisional.day(day).unwrap().kind == DayKind::MakeUpDay {
            assert!(!official.is_working_day(day).unwrap(), "{day}");
        }
    }
}

#[test]
fn lunar_table_matches_official_notices() {
    let cal = Calendar::official();
    for year in 2019..=2026 {
        let row = lunar_year(year).unwrap();
        for (date, name) in [
            (row.spring_festival, "春节"),
            (row.qingming, "清明节"),
            (row.dragon_boat, "端午节"),
            (row.mid_autumn, "中秋节"),
        ] {
            let date = row.date(date).unwrap();
            let info = cal.day(date).unwrap();
            assert_eq!(info.kind, DayKind::Holiday, "{date}");
            assert!(info.name.unwrap().contains(name), "{date} {name}");
        }
    }
}

#[test]
fn lunar_table_matches_tyme4rs() {
    use tyme4rs::tyme::lunar::LunarDay;
    use tyme4rs::tyme::solar::{SolarDay, SolarTerm};
    let pair = |s: SolarDay| (s.get_month() as u32, s.get_day() as u32);
    assert_eq!(
        LUNAR_YEARS.len(),
        (LAST_LUNAR_YEAR - FIRST_LUNAR_YEAR + 1) as usize
    );
    for (i, row) in LUNAR_YEARS.iter().enumerate() {
        let year = FIRST_LUNAR_YEAR + i as i32;
        assert_eq!(row.year, year);
        let y = year as isize;
        assert_eq!(
            row.spring_festival,
            pair(LunarDay::from_ymd(y, 1, 1).get_solar_day()),
            "{year}"
        );
        assert_eq!(
            row.dragon_boat,
            pair(LunarDay::from_ymd(y, 5, 5).get_solar_day()),
            "{year}"
        );
        assert_eq!(
            row.mid_autumn,
            pair(LunarDay::from_ymd(y, 8, 15).get_solar_day()),
            "{year}"
        );
        let qingming = SolarTerm::from_name(y, "清明").get_solar_day();
        assert_eq!(qingming.get_year(), y);
        assert_eq!(row.qingming, pair(qingming), "{year}");
    }
    assert_eq!(lunar_year(2018), None);
    assert_eq!(lunar_year(2101), None);
    assert_eq!(lunar_year(i32::MIN), None);
}
