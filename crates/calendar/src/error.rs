//! The crate's one error type, and the problems a calendar CSV file can have.

use std::fmt;

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Every way a calendar question or a calendar file can fail.
///
/// [`Error::code`] is a stable machine code (what the C ABI and the wasm API pass through);
/// `Display` names the offending value in English, [`Error::message_zh`] in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The answer depends on a date in a year the calendar has no data for. The calendar never
    /// guesses: load the year's notice ([`crate::Calendar::with_csv`]) or opt in to the
    /// provisional calendar ([`crate::Calendar::with_provisional`]).
    #[error(
        "date {date} is outside the years this calendar answers for ({}); load that year's \
         holiday notice or opt in to the provisional calendar",
        years_text(*first, *last)
    )]
    OutOfCoverage {
        /// The first date the answer depends on that the calendar does not cover.
        date: NaiveDate,
        /// First year the calendar answers for.
        first: i32,
        /// Last year the calendar answers for (provisional years included when opted in).
        last: i32,
    },
    /// A calendar CSV file was rejected; every problem is listed with its line and field.
    #[error("{}", csv_summary(problems))]
    Csv {
        /// The problems, in line order.
        problems: Vec<CsvProblem>,
    },
}

impl Error {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::OutOfCoverage { .. } => "calendar.out_of_coverage",
            Error::Csv { .. } => "calendar.invalid_csv",
        }
    }

    /// The message in Chinese, naming the same values as `Display`.
    pub fn message_zh(&self) -> String {
        match self {
            Error::OutOfCoverage { date, first, last } => format!(
                "日期{date}超出本日历覆盖的年份（{}）；请加载该年的放假通知，或启用临时日历",
                years_text_zh(*first, *last)
            ),
            Error::Csv { problems } => match problems.as_slice() {
                [] => "日历CSV文件被拒绝".to_owned(),
                [only] => format!("日历CSV文件被拒绝：{}", only.message_zh()),
                [first, rest @ ..] => format!(
                    "日历CSV文件被拒绝，共{}个问题；第一个：{}",
                    rest.len() + 1,
                    first.message_zh()
                ),
            },
        }
    }
}

fn years_text_zh(first: i32, last: i32) -> String {
    if first > last {
        "未覆盖任何年份".to_owned()
    } else if first == last {
        format!("{first}年")
    } else {
        format!("{first}–{last}年")
    }
}

fn years_text(first: i32, last: i32) -> String {
    if first > last {
        "it covers no year".to_owned()
    } else if first == last {
        format!("{first}")
    } else {
        format!("{first}–{last}")
    }
}

fn csv_summary(problems: &[CsvProblem]) -> String {
    match problems {
        [] => "calendar CSV rejected".to_owned(),
        [only] => format!("calendar CSV rejected: {only}"),
        [first, rest @ ..] => {
            format!(
                "calendar CSV rejected with {} problems; first: {first}",
                rest.len() + 1
            )
        }
    }
}

/// The two kinds of row in a calendar CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A rest day of a declared break (放假), weekend days of the break included.
    Holiday,
    /// A Saturday or Sunday declared a working day (调休上班).
    Workday,
}

impl RowKind {
    /// The word used in the CSV file.
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Holiday => "holiday",
            RowKind::Workday => "workday",
        }
    }

    /// The Chinese term: 放假 or 调休上班.
    pub fn name_zh(self) -> &'static str {
        match self {
            RowKind::Holiday => "放假",
            RowKind::Workday => "调休上班",
        }
    }
}

impl fmt::Display for RowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which part of a CSV line a [`CsvProblem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CsvField {
    /// The header line `date,kind,name`.
    Header,
    /// The line as a whole (e.g. its number of fields).
    Row,
    /// The `date` column.
    Date,
    /// The `kind` column.
    Kind,
    /// The `name` column.
    Name,
}

impl CsvField {
    /// The field's name as written in the header.
    pub fn as_str(self) -> &'static str {
        match self {
            CsvField::Header => "header",
            CsvField::Row => "row",
            CsvField::Date => "date",
            CsvField::Kind => "kind",
            CsvField::Name => "name",
        }
    }
}

impl fmt::Display for CsvField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a calendar CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    /// The field the problem is about.
    pub field: CsvField,
    /// What is wrong.
    pub kind: CsvProblemKind,
}

impl CsvProblem {
    /// The stable machine code of the problem, e.g. `calendar.csv.workday_on_weekday`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The problem in Chinese, with its line and field.
    pub fn message_zh(&self) -> String {
        format!(
            "第{}行，字段{}：{}",
            self.line,
            self.field,
            self.kind.message_zh()
        )
    }
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, field {}: {}", self.line, self.field, self.kind)
    }
}

/// What is wrong with a line (or a year) of a calendar CSV file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvProblemKind {
    /// The file has no data rows.
    #[error("the file has no rows after the header")]
    Empty,
    /// The first line is not `date,kind,name`.
    #[error("header {found:?} should be \"date,kind,name\"")]
    BadHeader {
        /// The line as found.
        found: String,
    },
    /// A line without exactly three comma-separated fields.
    #[error("expected 3 fields (date,kind,name), found {found}")]
    FieldCount {
        /// How many fields the line had.
        found: usize,
    },
    /// Not a date written YYYY-MM-DD.
    #[error("date {value:?} is not a calendar date written YYYY-MM-DD")]
    BadDate {
        /// The text as given.
        value: String,
    },
    /// A kind other than `holiday` or `workday`.
    #[error("kind {value:?} should be \"holiday\" or \"workday\"")]
    BadKind {
        /// The text as given.
        value: String,
    },
    /// An empty holiday name.
    #[error("the holiday name is empty")]
    EmptyName,
    /// The same date twice with the same kind.
    #[error("date {date} is listed twice (first on line {first_line})")]
    DuplicateDate {
        /// The date.
        date: NaiveDate,
        /// Where it was first listed.
        first_line: usize,
    },
    /// The same date twice with different kinds.
    #[error("date {date} is {kind} here but {first_kind} on line {first_line}")]
    ContradictoryDate {
        /// The date.
        date: NaiveDate,
        /// Where it was first listed.
        first_line: usize,
        /// Its kind there.
        first_kind: RowKind,
        /// Its kind on this line.
        kind: RowKind,
    },
    /// The date is already declared by the calendar being extended.
    #[error("date {date} is already declared ({existing}) by the {notice_year} notice")]
    AlreadyDeclared {
        /// The date.
        date: NaiveDate,
        /// How the existing calendar declares it.
        existing: RowKind,
        /// The notice year of the existing declaration.
        notice_year: i32,
    },
    /// A `workday` row on a Monday to Friday: only weekend days can be moved to work.
    #[error(
        "workday {date} falls on a {weekday}; only a Saturday or Sunday can be declared a working day"
    )]
    WorkdayOnWeekday {
        /// The date.
        date: NaiveDate,
        /// Its day of the week.
        weekday: Weekday,
    },
    /// The row's notice year is already covered by the calendar being extended.
    #[error(
        "year {year} is already covered (the calendar covers {first}–{last}); a year is loaded whole, once"
    )]
    YearAlreadyCovered {
        /// The notice year of the row.
        year: i32,
        /// First covered year.
        first: i32,
        /// Last covered year.
        last: i32,
    },
    /// Loading the file would leave a year without data between covered years.
    #[error("year {missing} would be missing between covered years; load it as well")]
    CoverageGap {
        /// The year that would be missing.
        missing: i32,
    },
    /// A statutory public holiday of the year is not declared a holiday: the year is
    /// incomplete or contradicts 全国年节及纪念日放假办法 Art. 2.
    #[error("{holiday} {} of {year} is not declared a holiday{}", date_text(*date), found_text(*found))]
    StatutoryHolidayMissing {
        /// The notice year.
        year: i32,
        /// The statutory holiday (Chinese name).
        holiday: &'static str,
        /// Its date, where the crate can compute it.
        date: Option<NaiveDate>,
        /// How the file declares that date instead, if at all.
        found: Option<RowKind>,
    },
    /// A statutory holiday's date is declared a holiday under another holiday's name.
    #[error("{date} is {expected} but the row names it {found:?}")]
    HolidayNameMismatch {
        /// The date.
        date: NaiveDate,
        /// The statutory holiday falling on it.
        expected: &'static str,
        /// The name in the file.
        found: String,
    },
    /// More problems than are listed: only the first [`MAX_CSV_PROBLEMS`] (in line order)
    /// are kept, so that a file of bad lines cannot make the report larger than the file.
    /// Always the last problem of the list; its line is the first line of those left out.
    #[error("{more} more problems not listed (only the first {MAX_CSV_PROBLEMS} are)")]
    TooMany {
        /// How many problems are not listed.
        more: usize,
    },
}

/// The most problems a rejected calendar file lists (then [`CsvProblemKind::TooMany`]).
pub const MAX_CSV_PROBLEMS: usize = 100;

/// `text` as a problem quotes it (a header, date, kind or name as found): cut to 200
/// characters ([`weiquan_support::mask::MAX_ECHO_CHARS`]) ending with `…`, with any resident ID, mobile or bank card
/// number in it masked: a calendar file holds no personal data, but a value pasted into the
/// wrong file or column must not be echoed whole ([`weiquan_support::mask::echo`]).
pub(crate) fn quoted(text: &str) -> String {
    weiquan_support::mask::echo(text)
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or_else(String::new, |d| format!("({d})"))
}

fn found_text(found: Option<RowKind>) -> String {
    match found {
        None => String::new(),
        Some(kind) => format!(" (declared {kind})"),
    }
}

impl CsvProblemKind {
    /// The problem in Chinese, naming the same values as `Display`.
    pub fn message_zh(&self) -> String {
        match self {
            CsvProblemKind::Empty => "表头之后没有数据行".to_owned(),
            CsvProblemKind::BadHeader { found } => {
                format!("表头{found:?}应为\"date,kind,name\"")
            }
            CsvProblemKind::FieldCount { found } => {
                format!("应有3个字段（date,kind,name），实有{found}个")
            }
            CsvProblemKind::BadDate { value } => {
                format!("日期{value:?}不是YYYY-MM-DD格式的有效日期")
            }
            CsvProblemKind::BadKind { value } => {
                format!("类型{value:?}应为\"holiday\"（放假）或\"workday\"（调休上班）")
            }
            CsvProblemKind::EmptyName => "节日名称为空".to_owned(),
            CsvProblemKind::DuplicateDate { date, first_line } => {
                format!("日期{date}重复列出（首次见于第{first_line}行）")
            }
            CsvProblemKind::ContradictoryDate {
                date,
                first_line,
                first_kind,
                kind,
            } => format!(
                "日期{date}在此为{}，但第{first_line}行为{}",
                kind.name_zh(),
                first_kind.name_zh()
            ),
            CsvProblemKind::AlreadyDeclared {
                date,
                existing,
                notice_year,
            } => format!(
                "日期{date}已由{notice_year}年的放假通知定为{}",
                existing.name_zh()
            ),
            CsvProblemKind::WorkdayOnWeekday { date, weekday } => format!(
                "调休上班日{date}是{}；只有星期六或星期日才能定为工作日",
                weekday_zh(*weekday)
            ),
            CsvProblemKind::YearAlreadyCovered { year, first, last } => {
                format!("{year}年已在日历中（日历覆盖{first}–{last}年）；每年只能整年加载一次")
            }
            CsvProblemKind::CoverageGap { missing } => {
                format!("加载后{missing}年将成为已覆盖年份之间的空缺；请一并加载")
            }
            CsvProblemKind::StatutoryHolidayMissing {
                year,
                holiday,
                date,
                found,
            } => {
                let date = date.map_or_else(String::new, |d| format!("（{d}）"));
                let found =
                    found.map_or_else(String::new, |k| format!("（被定为{}）", k.name_zh()));
                format!("{year}年的{holiday}{date}未被定为放假{found}")
            }
            CsvProblemKind::HolidayNameMismatch {
                date,
                expected,
                found,
            } => format!("{date}是{expected}，但该行写作{found:?}"),
            CsvProblemKind::TooMany { more } => {
                format!("另有{more}个问题未列出（只列出前{MAX_CSV_PROBLEMS}个）")
            }
        }
    }

    /// The stable machine code of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            CsvProblemKind::Empty => "calendar.csv.empty",
            CsvProblemKind::BadHeader { .. } => "calendar.csv.bad_header",
            CsvProblemKind::FieldCount { .. } => "calendar.csv.field_count",
            CsvProblemKind::BadDate { .. } => "calendar.csv.bad_date",
            CsvProblemKind::BadKind { .. } => "calendar.csv.bad_kind",
            CsvProblemKind::EmptyName => "calendar.csv.empty_name",
            CsvProblemKind::DuplicateDate { .. } => "calendar.csv.duplicate_date",
            CsvProblemKind::ContradictoryDate { .. } => "calendar.csv.contradictory_date",
            CsvProblemKind::AlreadyDeclared { .. } => "calendar.csv.already_declared",
            CsvProblemKind::WorkdayOnWeekday { .. } => "calendar.csv.workday_on_weekday",
            CsvProblemKind::YearAlreadyCovered { .. } => "calendar.csv.year_already_covered",
            CsvProblemKind::CoverageGap { .. } => "calendar.csv.coverage_gap",
            CsvProblemKind::StatutoryHolidayMissing { .. } => {
                "calendar.csv.statutory_holiday_missing"
            }
            CsvProblemKind::HolidayNameMismatch { .. } => "calendar.csv.holiday_name_mismatch",
            CsvProblemKind::TooMany { .. } => "calendar.csv.too_many_problems",
        }
    }
}

fn weekday_zh(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}
