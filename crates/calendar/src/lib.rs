//! # weiquan-calendar
//!
//! Mainland China working days for statutory time limits: the official public holidays and
//! adjusted working days (调休) of the State Council notices 2019–2026, embedded as data;
//! counting in working days the way the Civil Code counts periods (the start day is not
//! counted); further years loaded from a file and checked; and an opt-in, clearly marked
//! provisional calendar for years no notice covers yet. A date the calendar has no data for is
//! an error, never a guess.
//!
//! ```
//! use chrono::NaiveDate;
//! use weiquan_calendar::{Calendar, Error};
//!
//! let cal = Calendar::official();
//! let received = NaiveDate::from_ymd_opt(2025, 1, 24).ok_or("date")?; // a Friday
//!
//! // "Within 7 working days of receipt": 2025-01-26 (a Sunday) is a working day by notice,
//! // 2025-01-28..02-04 is the Spring Festival break.
//! let due = cal.add_working_days(received, 7)?;
//! assert_eq!(due, NaiveDate::from_ymd_opt(2025, 2, 10).ok_or("date")?);
//! assert_eq!(cal.working_days_between(received, due)?, 7);
//! assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2025, 1, 28).ok_or("date")?)?);
//!
//! // No notice for 2027 is embedded: an error, unless the provisional calendar is opted in.
//! let next_year = NaiveDate::from_ymd_opt(2027, 3, 1).ok_or("date")?;
//! assert!(matches!(cal.is_working_day(next_year),
//!                  Err(Error::OutOfCoverage { first: 2019, last: 2026, .. })));
//! let provisional = cal.with_provisional();
//! let answer = provisional.is_working_day_marked(next_year)?;
//! assert!(answer.value && answer.provisional);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Counting convention
//!
//! - [`Calendar::add_working_days`]`(start, n)`: the first counted day is the day after
//!   `start` (民法典 Art. 201); the result is the n-th working day after `start`.
//! - [`Calendar::working_days_between`]`(a, b)`: the working days in `(a, b]`.
//! - A working day is a Monday to Friday that the notice does not declare a rest day, plus a
//!   Saturday or Sunday the notice declares a working day (调休上班) — the latter configurable
//!   with [`AdjustedWorkdays`] (an interpretation, marked \[U\]).
//! - [`Calendar::roll_to_working_day`] moves a last day that is a rest day to the next
//!   working day (民法典 Art. 203).
//!
//! The long-form notes, with the legal text, the data format, how to load a new year and the
//! provisional calendar, are in `docs/calendar.md`. The law the crate relies on is one cited
//! table: [`statutory`].

mod calendar;
mod csv;
mod day;
mod diagnostic;
mod error;
pub mod lunar;
mod official;
pub mod statutory;

pub use calendar::{Calendar, OFFICIAL_CSV};
pub use csv::HEADER;
pub use day::{AdjustedWorkdays, DayInfo, DayKind, Marked};
pub use error::{CsvField, CsvProblem, CsvProblemKind, Error, MAX_CSV_PROBLEMS, RowKind};
