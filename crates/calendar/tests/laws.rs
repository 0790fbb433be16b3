//! The counting rules stated as laws, over the official calendar, the provisional one, and
//! both with adjusted working days skipped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use weiquan_calendar::{AdjustedWorkdays, Calendar, Error};

struct Setup {
    cal: Calendar,
    /// The day before the first covered day: the earliest valid start.
    before_first: NaiveDate,
    last: NaiveDate,
    provisional_from: Option<NaiveDate>,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

static SETUPS: LazyLock<Vec<Setup>> = LazyLock::new(|| {
    let official = Calendar::official();
    let provisional = official.with_provisional();
    vec![
        Setup {
            cal: official.clone(),
            before_first: d(2018, 12, 31),
            last: d(2026, 12, 31),
            provisional_from: None,
        },
        Setup {
            cal: official.with_adjusted_workdays(AdjustedWorkdays::Skip),
            before_first: d(2018, 12, 31),
            last: d(2026, 12, 31),
            provisional_from: None,
        },
        Setup {
            cal: provisional.clone(),
            before_first: d(2018, 12, 31),
            last: d(2100, 12, 31),
            provisional_from: Some(d(2027, 1, 1)),
        },
        Setup {
            cal: provisional.with_adjusted_workdays(AdjustedWorkdays::Skip),
            before_first: d(2018, 12, 31),
            last: d(2100, 12, 31),
            provisional_from: Some(d(2027, 1, 1)),
        },
    ]
});

/// A setup and a day from its earliest valid start to its last day.
fn setup_and_day() -> impl Strategy<Value = (usize, NaiveDate)> {
    (0usize..4, 0.0f64..1.0).prop_map(|(i, fraction)| {
        let s = &SETUPS[i];
        let span = (s.last - s.before_first).num_days();
        let offset = (fraction * (span + 1) as f64) as u64;
        (
            i,
            s.before_first
                .checked_add_days(Days::new(offset))
                .unwrap()
                .min(s.last),
        )
    })
}

fn counts() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..=60, 0u32..=30_000]
}

/// Day by day, with nothing but `is_working_day`.
fn naive_add(cal: &Calendar, start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = start;
    let mut counted = 0;
    while counted < n {
        day = day.succ_opt()?;
        if cal.is_working_day(day).ok()? {
            counted += 1;
        }
    }
    Some(day)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The n-th working day after `start` is a working day, after `start`, and exactly n
    /// working days lie in (start, result].
    #[test]
    fn add_working_days_laws((i, start) in setup_and_day(), n in counts()) {
        let s = &SETUPS[i];
        match s.cal.add_working_days(start, n) {
            Ok(result) if n == 0 => prop_assert_eq!(result, start),
            Ok(result) => {
                prop_assert!(result > start);
                prop_assert!(s.cal.is_working_day(result).unwrap());
                prop_assert_eq!(s.cal.working_days_between(start, result).unwrap(), n);
                // Nothing earlier would do: one day less holds only n − 1.
                prop_assert_eq!(s.cal.working_days_between(start, result.pred_opt().unwrap()).unwrap(), n - 1);
                let marked = s.cal.add_working_days_marked(start, n).unwrap();
                prop_assert_eq!(marked.value, result);
                prop_assert_eq!(marked.provisional, s.provisional_from.is_some_and(|p| result >= p));
            }
            Err(e) => {
                // Only when the count runs past the last day.
                prop_assert_eq!(e, Error::OutOfCoverage {
                    date: s.last.succ_opt().unwrap(),
                    first: 2019,
                    last: if s.provisional_from.is_some() { 2100 } else { 2026 },
                });
                prop_assert!(s.cal.working_days_between(start, s.last).unwrap() < n);
            }
        }
    }

    /// The result grows strictly with n.
    #[test]
    fn add_working_days_grows_with_n((i, start) in setup_and_day(), n in counts()) {
        let cal = &SETUPS[i].cal;
        if let (Ok(a), Ok(b)) = (cal.add_working_days(start, n), cal.add_working_days(start, n + 1)) {
            prop_assert!(a < b);
        }
    }

    /// The prefix-sum lookup agrees with counting day by day.
    #[test]
    fn add_working_days_equals_day_by_day((i, start) in setup_and_day(), n in 0u32..=60) {
        let cal = &SETUPS[i].cal;
        prop_assert_eq!(cal.add_working_days(start, n).ok(), naive_add(cal, start, n));
    }

    /// Counting over (a, c] is counting over (a, b] and then (b, c].
    #[test]
    fn between_is_additive((i, a) in setup_and_day(), x in 0u64..800, y in 0u64..800) {
        let s = &SETUPS[i];
        let b = a.checked_add_days(Days::new(x)).unwrap().min(s.last);
        let c = b.checked_add_days(Days::new(y)).unwrap().min(s.last);
        let ab = s.cal.working_days_between(a, b).unwrap();
        let bc = s.cal.working_days_between(b, c).unwrap();
        prop_assert_eq!(s.cal.working_days_between(a, c).unwrap(), ab + bc);
        prop_assert_eq!(s.cal.working_days_between(c, a).unwrap(), if c > a { 0 } else { ab + bc });
        prop_assert!(u64::from(ab) <= x);
    }

    /// `next_working_day` is `add_working_days(d, 1)`; `roll_to_working_day` is `d` itself on a
    /// working day, otherwise the next one.
    #[test]
    fn next_and_roll((i, day) in setup_and_day()) {
        let s = &SETUPS[i];
        let next = s.cal.next_working_day(day);
        prop_assert_eq!(next.clone(), s.cal.add_working_days(day, 1));
        if let Ok(next) = next {
            prop_assert!(next > day);
            prop_assert_eq!(s.cal.working_days_between(day, next).unwrap(), 1);
        }
        if day > s.before_first {
            let rolled = s.cal.roll_to_working_day(day);
            if s.cal.is_working_day(day).unwrap() {
                prop_assert_eq!(rolled.unwrap(), day);
            } else if let Ok(rolled) = rolled {
                prop_assert!(rolled > day);
                prop_assert_eq!(Ok(rolled), s.cal.next_working_day(day));
            }
            // `day()` agrees with `is_working_day` and the provisional mark.
            let info = s.cal.day(day).unwrap();
            prop_assert_eq!(info.working, s.cal.is_working_day(day).unwrap());
            prop_assert_eq!(info.provisional, s.cal.is_provisional(day));
            prop_assert_eq!(info.provisional, s.provisional_from.is_some_and(|p| day >= p));
        }
    }
}
