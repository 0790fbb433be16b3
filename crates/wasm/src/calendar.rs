//! Working days (`weiquan-calendar`): adding and counting them, and what a day is.

use std::borrow::Cow;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use weiquan_calendar::{AdjustedWorkdays, Calendar};

use crate::Error;

/// How to answer: the embedded official calendar (State Council notices), optionally with
/// more years, the provisional calendar, or adjusted working days not counted.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarOptions {
    /// Answer years no notice covers from the statutory holiday list, every such answer
    /// marked `provisional` (default: such years are an error `calendar.out_of_coverage`).
    #[serde(default)]
    pub provisional: bool,
    /// Whether a weekend day declared a working day (调休上班) counts: `count` (default) or
    /// `skip`.
    #[serde(default)]
    #[schemars(with = "Option<AdjustedWorkdaysSchema>")]
    pub adjusted_workdays: Option<AdjustedWorkdays>,
    /// Further years of holiday notices, as CSV text in the embedded file's format
    /// (`date,kind,name`).
    #[serde(default)]
    pub holidays_csv: Option<String>,
}

/// Whether adjusted working days (调休上班) count as working days.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "AdjustedWorkdays")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum AdjustedWorkdaysSchema {
    /// They count (the default; an interpretation, marked U).
    Count,
    /// They are treated as the weekend days they would otherwise be.
    Skip,
}

fn calendar(options: Option<CalendarOptions>) -> Result<Cow<'static, Calendar>, Error> {
    let options = options.unwrap_or_default();
    let mut cal = Cow::Borrowed(Calendar::official());
    if let Some(csv) = &options.holidays_csv {
        cal = Cow::Owned(
            cal.with_csv(csv)
                .map_err(|source| Error::at("/holidaysCsv", source))?,
        );
    }
    if options.provisional {
        cal = Cow::Owned(cal.with_provisional());
    }
    if let Some(adjusted) = options.adjusted_workdays {
        cal = Cow::Owned(cal.with_adjusted_workdays(adjusted));
    }
    Ok(cal)
}

fn wrong(source: weiquan_calendar::Error) -> Error {
    Error::at("", source)
}

/// A date reached by counting working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WorkingDate {
    /// The date.
    pub date: NaiveDate,
    /// Whether it depends on a year answered provisionally (no official notice).
    pub provisional: bool,
}

/// A number of working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WorkingDayCount {
    /// Working days in `(from, to]`.
    pub days: u32,
    /// Whether it depends on a year answered provisionally.
    pub provisional: bool,
}

/// `addWorkingDays`: the `days`-th working day after `start` (the start day is not counted,
/// Civil Code Art. 201).
pub fn add(
    start: NaiveDate,
    days: u32,
    options: Option<CalendarOptions>,
) -> Result<WorkingDate, Error> {
    let m = calendar(options)?
        .add_working_days_marked(start, days)
        .map_err(wrong)?;
    Ok(WorkingDate {
        date: m.value,
        provisional: m.provisional,
    })
}

/// `workingDaysBetween`: the working days in `(from, to]`.
pub fn between(
    from: NaiveDate,
    to: NaiveDate,
    options: Option<CalendarOptions>,
) -> Result<WorkingDayCount, Error> {
    let m = calendar(options)?
        .working_days_between_marked(from, to)
        .map_err(wrong)?;
    Ok(WorkingDayCount {
        days: m.value,
        provisional: m.provisional,
    })
}

/// What the calendar says about one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CalendarDay {
    /// The date.
    pub date: NaiveDate,
    /// `workday`, `weekend`, `holiday`, `adjusted_workday` (调休上班) or `make_up_day`.
    #[schemars(with = "DayKindSchema")]
    pub kind: String,
    /// Whether it is a working day.
    pub working: bool,
    /// The holiday's Chinese name, for holidays and the days around them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the answer comes from the provisional calendar rather than a notice.
    pub provisional: bool,
    /// The source of the answer: the notice, or the article.
    pub basis: String,
}

/// The kind of a day.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "DayKind")]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum DayKindSchema {
    /// An ordinary Monday to Friday.
    Workday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A rest day of a public-holiday break.
    Holiday,
    /// A Saturday or Sunday declared a working day (调休上班).
    AdjustedWorkday,
    /// Provisional calendar: a weekday off for a statutory day on a weekend (补假).
    MakeUpDay,
}

/// `calendarDay`: what kind of day `date` is.
pub fn day(date: NaiveDate, options: Option<CalendarOptions>) -> Result<CalendarDay, Error> {
    let d = calendar(options)?.day(date).map_err(wrong)?;
    Ok(CalendarDay {
        date: d.date,
        kind: d.kind.as_str().to_owned(),
        working: d.working,
        name: d.name,
        provisional: d.provisional,
        basis: d.basis,
    })
}
