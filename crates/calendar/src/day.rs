//! What the calendar says about one day, and results marked provisional.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DayKind {
    /// An ordinary Monday to Friday.
    Workday,
    /// An ordinary Saturday or Sunday (weekly rest day).
    Weekend,
    /// A rest day of a public-holiday break: a row `holiday` of a notice, or (provisional
    /// calendar) a statutory day off.
    Holiday,
    /// A Saturday or Sunday a notice declares a working day (调休上班).
    AdjustedWorkday,
    /// Provisional calendar only: a weekday given off because a statutory day off fell on a
    /// weekend (全国年节及纪念日放假办法 Art. 6, 补假).
    MakeUpDay,
}

impl DayKind {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Workday => "workday",
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "holiday",
            DayKind::AdjustedWorkday => "adjusted_workday",
            DayKind::MakeUpDay => "make_up_day",
        }
    }

    /// Whether a day of this kind is a working day under `adjusted`.
    pub fn is_working(self, adjusted: AdjustedWorkdays) -> bool {
        match self {
            DayKind::Workday => true,
            DayKind::AdjustedWorkday => adjusted == AdjustedWorkdays::Count,
            DayKind::Weekend | DayKind::Holiday | DayKind::MakeUpDay => false,
        }
    }
}

/// How a weekend day declared a working day (调休上班) is treated.
///
/// weiquan takes the position that it counts (agencies are open), marks the position
/// \[U\] and asks for it to be configurable; [`AdjustedWorkdays::Count`] is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustedWorkdays {
    /// It is a working day (default).
    #[default]
    Count,
    /// It is treated as the weekend day it would otherwise be.
    Skip,
}

/// Everything the calendar knows about one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    /// The date.
    pub date: NaiveDate,
    /// Its kind.
    pub kind: DayKind,
    /// Whether it is a working day under the calendar's [`AdjustedWorkdays`] setting.
    pub working: bool,
    /// The holiday's Chinese name for holidays, adjusted working days and make-up days.
    pub name: Option<String>,
    /// Whether the answer comes from the provisional calendar rather than a notice.
    pub provisional: bool,
    /// The source of the answer: the notice (with its line in the data), or the article.
    pub basis: String,
}

/// A result together with whether any date it depends on was answered provisionally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Marked<T> {
    /// The answer.
    pub value: T,
    /// `true` when the answer depends on at least one provisional day.
    pub provisional: bool,
}
