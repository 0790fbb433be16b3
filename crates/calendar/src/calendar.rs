//! The working-day calendar: declared days, the dense per-day table and the queries.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::sync::{Arc, LazyLock};

use chrono::{Datelike, NaiveDate};

use crate::csv::{self, Declared, Origin};
use crate::day::{AdjustedWorkdays, DayInfo, DayKind, Marked};
use crate::error::{Error, RowKind};
use crate::lunar::LAST_LUNAR_YEAR;
use crate::official;
use crate::statutory::{
    self, MAKE_UP_DAY, ProvisionalKind, StatutoryDay, WEEKLY_REST, holiday_list, is_weekend,
};

/// The official data: State Council General Office holiday notices for 2019–2026.
pub const OFFICIAL_CSV: &str = include_str!("../data/holidays_cn.csv");

static OFFICIAL: LazyLock<Calendar> = LazyLock::new(|| {
    // The embedded table is checked by the tests against the loader's reading of the file;
    // should it ever be wrong, the calendar covers nothing and every question is
    // `OutOfCoverage`, never a guess.
    match official::rows() {
        Some((rows, years)) => {
            Calendar::build(rows, Some(years), false, AdjustedWorkdays::default())
        }
        None => Calendar::empty(),
    }
});

/// Mainland China working days: the official calendar of public holidays and adjusted
/// working days, optionally extended with loaded years and a provisional calendar.
///
/// Immutable and cheap to clone (the data sits behind an `Arc`); `Send + Sync`.
#[derive(Clone)]
pub struct Calendar {
    inner: Arc<Inner>,
}

struct Inner {
    /// Declared days of every covered notice year (and December rows of a first year's notice).
    rows: BTreeMap<NaiveDate, Declared>,
    /// Covered notice years.
    years: Option<(i32, i32)>,
    provisional: bool,
    adjusted: AdjustedWorkdays,
    table: Table,
}

/// One code per day from `first` on, the running count of working days and the index of
/// every working day: `add_working_days` and `working_days_between` are array lookups.
struct Table {
    /// Days from the common era of the first day (1 January of the first covered year).
    first_ord: i32,
    kinds: Vec<DayKind>,
    /// `prefix[i]`: working days among the first `i` days.
    prefix: Vec<u32>,
    /// Day index of each working day, in order.
    working: Vec<u32>,
    /// Index of the first provisional day (`kinds.len()` when none).
    provisional_from: usize,
    /// Answerable years.
    first_year: i32,
    last_year: i32,
    /// Names of provisional holidays and make-up days.
    provisional_names: BTreeMap<NaiveDate, &'static StatutoryDay>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("covered_years", &self.covered_years())
            .field("provisional_years", &self.provisional_years())
            .field("adjusted_workdays", &self.inner.adjusted)
            .field("declared_days", &self.inner.rows.len())
            .finish()
    }
}

impl Calendar {
    /// The embedded official calendar (State Council notices 2019–2026), built once.
    pub fn official() -> &'static Calendar {
        &OFFICIAL
    }

    /// A calendar of only the years in `csv` (same format as the embedded file), checked like
    /// [`Calendar::with_csv`]. Most users want [`Calendar::official`] and `with_csv` instead.
    pub fn from_csv(csv: &str) -> Result<Calendar, Error> {
        let loaded = csv::load(&BTreeMap::new(), None, csv, Origin::Loaded)?;
        Ok(Calendar::build(
            loaded.rows,
            Some(loaded.years),
            false,
            AdjustedWorkdays::default(),
        ))
    }

    fn empty() -> Calendar {
        Calendar::build(BTreeMap::new(), None, false, AdjustedWorkdays::default())
    }

    /// Years covered by official data, e.g. 2019..=2026 (plus any loaded years). Provisional
    /// years are not included (see [`Calendar::provisional_years`]).
    pub fn covered_years(&self) -> RangeInclusive<i32> {
        match self.inner.years {
            Some((first, last)) => first..=last,
            #[expect(
                clippy::reversed_empty_ranges,
                reason = "an empty calendar covers no year"
            )]
            None => 1..=0,
        }
    }

    /// Years answered from the provisional calendar, if opted in and any remain uncovered.
    pub fn provisional_years(&self) -> Option<RangeInclusive<i32>> {
        let table = &self.inner.table;
        if table.provisional_from >= table.kinds.len() {
            return None;
        }
        let start = self
            .inner
            .years
            .map_or(table.first_year, |(_, last)| last.saturating_add(1));
        Some(start..=table.last_year)
    }

    /// How adjusted working days (调休上班) are treated.
    pub fn adjusted_workdays(&self) -> AdjustedWorkdays {
        self.inner.adjusted
    }

    /// Load more years from CSV text in the same format as the embedded file
    /// (`date,kind,name`, kind ∈ holiday|workday), checked for overlaps and contradictions.
    ///
    /// The file must add whole notice years that are not covered yet and that join the
    /// covered range without a gap. Every problem is reported (in [`Error::Csv`]) with its
    /// line and field: malformed lines, a date listed twice (same or different kind), a date
    /// the calendar already declares, a `workday` on a Monday to Friday, a year already
    /// covered, a gap, and a statutory holiday of a loaded year that is not declared a
    /// holiday (an incomplete or contradictory year).
    pub fn with_csv(&self, csv: &str) -> Result<Calendar, Error> {
        let loaded = csv::load(&self.inner.rows, self.inner.years, csv, Origin::Loaded)?;
        Ok(Calendar::build(
            loaded.rows,
            Some(loaded.years),
            self.inner.provisional,
            self.inner.adjusted,
        ))
    }

    /// Opt-in: answer uncovered years from the statutory holiday list (no 调休), every such
    /// answer is marked provisional.
    ///
    /// The provisional years run from the year after the last covered year to 2100 (the end
    /// of the crate's lunar table). Their rest days are the weekends, the statutory days off of
    /// 全国年节及纪念日放假办法 Art. 2 in the revision governing the year, and an Art. 6 make-up
    /// day for each statutory day falling on a weekend (the next weekday that is neither a
    /// holiday nor already a make-up day). Years before the covered range stay out of
    /// coverage.
    pub fn with_provisional(&self) -> Calendar {
        Calendar::build(
            self.inner.rows.clone(),
            self.inner.years,
            true,
            self.inner.adjusted,
        )
    }

    /// The same calendar with adjusted working days (调休上班) treated as `adjusted`.
    pub fn with_adjusted_workdays(&self, adjusted: AdjustedWorkdays) -> Calendar {
        Calendar::build(
            self.inner.rows.clone(),
            self.inner.years,
            self.inner.provisional,
            adjusted,
        )
    }

    fn build(
        rows: BTreeMap<NaiveDate, Declared>,
        years: Option<(i32, i32)>,
        provisional: bool,
        adjusted: AdjustedWorkdays,
    ) -> Calendar {
        let table = Table::build(&rows, years, provisional, adjusted);
        Calendar {
            inner: Arc::new(Inner {
                rows,
                years,
                provisional,
                adjusted,
                table,
            }),
        }
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, Error> {
        let index = self.index(d).ok_or_else(|| self.out_of_coverage(d))?;
        Ok(self
            .inner
            .table
            .kinds
            .get(index)
            .is_some_and(|k| k.is_working(self.inner.adjusted)))
    }

    /// The n-th working day after `start` (the first counted day is the day after `start`).
    /// n = 0 returns `start` unchanged.
    ///
    /// `start` itself may be the day before the first covered day. The error names the first
    /// date the count needs that the calendar does not cover.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, Error> {
        if n == 0 {
            return Ok(start);
        }
        let table = &self.inner.table;
        let position = self.position(start)?;
        let before = table.prefix.get(position).copied().unwrap_or(0);
        let target = u64::from(before) + u64::from(n);
        let index = usize::try_from(target - 1)
            .ok()
            .and_then(|k| table.working.get(k))
            .ok_or_else(|| self.out_of_coverage(self.after_last()))?;
        Ok(self.date_at(*index as usize))
    }

    /// Working days in (a, b]; 0 when b <= a.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, Error> {
        if b <= a {
            return Ok(0);
        }
        let table = &self.inner.table;
        let from = self.position(a)?;
        // b > a >= the day before the first covered day, so b's offset is positive.
        let to = usize::try_from(self.offset(b))
            .ok()
            .filter(|&p| p <= table.kinds.len())
            .ok_or_else(|| self.out_of_coverage(self.after_last()))?;
        let count_to = table.prefix.get(to).copied().unwrap_or(0);
        let count_from = table.prefix.get(from).copied().unwrap_or(0);
        Ok(count_to.saturating_sub(count_from))
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, Error> {
        self.add_working_days(d, 1)
    }

    /// `d` itself if it is a working day, else the next one (Civil Code Art. 203 roll-forward).
    pub fn roll_to_working_day(&self, d: NaiveDate) -> Result<NaiveDate, Error> {
        if self.is_working_day(d)? {
            Ok(d)
        } else {
            self.next_working_day(d)
        }
    }

    /// Whether `d` is answered from provisional (statutory-list) rules rather than a notice.
    pub fn is_provisional(&self, d: NaiveDate) -> bool {
        self.index(d)
            .is_some_and(|i| i >= self.inner.table.provisional_from)
    }

    /// [`Calendar::is_working_day`], marked provisional when `d` is.
    pub fn is_working_day_marked(&self, d: NaiveDate) -> Result<Marked<bool>, Error> {
        let value = self.is_working_day(d)?;
        Ok(Marked {
            value,
            provisional: self.is_provisional(d),
        })
    }

    /// [`Calendar::add_working_days`], marked provisional when any counted day is.
    pub fn add_working_days_marked(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<Marked<NaiveDate>, Error> {
        let value = self.add_working_days(start, n)?;
        Ok(Marked {
            value,
            provisional: n > 0 && self.is_provisional(value),
        })
    }

    /// [`Calendar::working_days_between`], marked provisional when any day of (a, b] is.
    pub fn working_days_between_marked(
        &self,
        a: NaiveDate,
        b: NaiveDate,
    ) -> Result<Marked<u32>, Error> {
        let value = self.working_days_between(a, b)?;
        Ok(Marked {
            value,
            provisional: b > a && self.is_provisional(b),
        })
    }

    /// [`Calendar::next_working_day`], marked provisional when any day up to it is.
    pub fn next_working_day_marked(&self, d: NaiveDate) -> Result<Marked<NaiveDate>, Error> {
        self.add_working_days_marked(d, 1)
    }

    /// [`Calendar::roll_to_working_day`], marked provisional when `d` or any day up to the
    /// result is.
    pub fn roll_to_working_day_marked(&self, d: NaiveDate) -> Result<Marked<NaiveDate>, Error> {
        let value = self.roll_to_working_day(d)?;
        Ok(Marked {
            value,
            provisional: self.is_provisional(value),
        })
    }

    /// What kind of day `d` is (workday, weekend, holiday with its name, adjusted workday).
    pub fn day(&self, d: NaiveDate) -> Result<DayInfo, Error> {
        let index = self.index(d).ok_or_else(|| self.out_of_coverage(d))?;
        let table = &self.inner.table;
        let kind = table.kinds.get(index).copied().unwrap_or(DayKind::Workday);
        let provisional = index >= table.provisional_from;
        let (name, basis) = if provisional {
            let statutory = table.provisional_names.get(&d);
            let name = statutory.map(|s| s.holiday.to_owned());
            let basis = match (kind, statutory) {
                (DayKind::Holiday, Some(s)) => format!(
                    "provisional: {}, statutory day off under {}, no notice for {} loaded",
                    s.holiday,
                    statutory_day_citation(d.year(), s).text_zh(),
                    d.year()
                ),
                (DayKind::MakeUpDay, Some(s)) => format!(
                    "provisional: make-up day for {} on a weekend under {}, no notice for {} loaded",
                    s.holiday,
                    MAKE_UP_DAY.citation.text_zh(),
                    d.year()
                ),
                _ => format!(
                    "provisional: no statutory holiday, weekly rest per {}; no notice for {} loaded",
                    *WEEKLY_REST_ZH,
                    d.year()
                ),
            };
            (name, basis)
        } else if let Some(declared) = self.inner.rows.get(&d) {
            let source = match declared.origin {
                Origin::Embedded => "embedded official data",
                Origin::Loaded => "loaded calendar file",
            };
            let verb = match declared.kind {
                RowKind::Holiday => "rest day",
                RowKind::Workday => "working day (调休上班)",
            };
            (
                Some(declared.name.to_string()),
                format!(
                    "State Council General Office holiday notice for {}: {verb} ({source}, line {})",
                    declared.notice_year, declared.line
                ),
            )
        } else {
            (
                None,
                format!(
                    "no entry in the {} holiday notice; weekly rest days per {}",
                    d.year(),
                    *WEEKLY_REST_ZH
                ),
            )
        };
        Ok(DayInfo {
            date: d,
            kind,
            working: kind.is_working(self.inner.adjusted),
            name,
            provisional,
            basis,
        })
    }

    /// Day index of `d` within the table.
    fn index(&self, d: NaiveDate) -> Option<usize> {
        let offset = i64::from(d.num_days_from_ce()) - i64::from(self.inner.table.first_ord);
        usize::try_from(offset)
            .ok()
            .filter(|&i| i < self.inner.table.kinds.len())
    }

    /// Index of the day after `d` in `prefix` terms: days strictly before `d + 1`, i.e. `d`'s
    /// index + 1. Valid from the day before the first covered day to the last one.
    fn position(&self, d: NaiveDate) -> Result<usize, Error> {
        match usize::try_from(self.offset(d)) {
            Ok(p) if p <= self.inner.table.kinds.len() => Ok(p),
            // `d + 1` is the first day the answer needs.
            _ => Err(self.out_of_coverage(d.succ_opt().unwrap_or(d))),
        }
    }

    fn offset(&self, d: NaiveDate) -> i64 {
        i64::from(d.num_days_from_ce()) - i64::from(self.inner.table.first_ord) + 1
    }

    fn date_at(&self, index: usize) -> NaiveDate {
        let ord = i64::from(self.inner.table.first_ord) + index as i64;
        i32::try_from(ord)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or(NaiveDate::MAX)
    }

    /// The first day after the table.
    fn after_last(&self) -> NaiveDate {
        self.date_at(self.inner.table.kinds.len())
    }

    fn out_of_coverage(&self, date: NaiveDate) -> Error {
        Error::OutOfCoverage {
            date,
            first: self.inner.table.first_year,
            last: self.inner.table.last_year,
        }
    }
}

/// The weekly-rest citation in Chinese, rendered once: most days' basis names it, and `day`
/// is on the hot path of a calendar view.
static WEEKLY_REST_ZH: LazyLock<String> = LazyLock::new(|| WEEKLY_REST.citation.text_zh());

/// The item of Art. 2 that lists `day` in the revision governing `year` (a provisional year
/// always has one; without it, the item of the measures as a whole).
fn statutory_day_citation(year: i32, day: &StatutoryDay) -> weiquan_law::Citation<'static> {
    holiday_list(year).map_or_else(
        || {
            weiquan_law::Citation::of(&weiquan_law::instruments::HOLIDAY_MEASURES)
                .art(2)
                .item(day.item)
        },
        |list| list.citation_of(day),
    )
}

impl Table {
    fn build(
        rows: &BTreeMap<NaiveDate, Declared>,
        years: Option<(i32, i32)>,
        provisional: bool,
        adjusted: AdjustedWorkdays,
    ) -> Table {
        let mut table = Table {
            first_ord: 0,
            kinds: Vec::new(),
            prefix: vec![0],
            working: Vec::new(),
            provisional_from: 0,
            first_year: 1,
            last_year: 0,
            provisional_names: BTreeMap::new(),
        };
        let Some((first_year, last_year)) = years else {
            return table;
        };
        let (Some(first), Some(end_of_covered)) = (
            NaiveDate::from_ymd_opt(first_year, 1, 1),
            NaiveDate::from_ymd_opt(last_year, 12, 31),
        ) else {
            return table;
        };
        table.first_ord = first.num_days_from_ce();
        table.first_year = first_year;
        table.last_year = last_year;

        // Covered years: weekday rule overlaid with the declared rows.
        let mut day = first;
        while day <= end_of_covered {
            let kind = match rows.get(&day).map(|d| d.kind) {
                Some(RowKind::Holiday) => DayKind::Holiday,
                Some(RowKind::Workday) => DayKind::AdjustedWorkday,
                None if is_weekend(day) => DayKind::Weekend,
                None => DayKind::Workday,
            };
            table.kinds.push(kind);
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        table.provisional_from = table.kinds.len();

        // Provisional years: as many consecutive years after coverage as can be computed.
        if provisional {
            let mut year = last_year.saturating_add(1);
            while year <= LAST_LUNAR_YEAR {
                let Some(rest) = statutory::provisional_rest_days(year) else {
                    break;
                };
                let (Some(start), Some(end)) = (
                    NaiveDate::from_ymd_opt(year, 1, 1),
                    NaiveDate::from_ymd_opt(year, 12, 31),
                ) else {
                    break;
                };
                let mut day = start;
                while day <= end {
                    let special = rest.iter().find(|(date, _, _)| *date == day);
                    let kind = match special {
                        Some((_, ProvisionalKind::Holiday, s)) => {
                            table.provisional_names.insert(day, s);
                            DayKind::Holiday
                        }
                        Some((_, ProvisionalKind::MakeUp, s)) => {
                            table.provisional_names.insert(day, s);
                            DayKind::MakeUpDay
                        }
                        None if is_weekend(day) => DayKind::Weekend,
                        None => DayKind::Workday,
                    };
                    table.kinds.push(kind);
                    let Some(next) = day.succ_opt() else { break };
                    day = next;
                }
                table.last_year = year;
                year = year.saturating_add(1);
            }
        }

        table.prefix = Vec::with_capacity(table.kinds.len() + 1);
        table.prefix.push(0);
        let mut count = 0u32;
        for (index, kind) in table.kinds.iter().enumerate() {
            if kind.is_working(adjusted) {
                table.working.push(u32::try_from(index).unwrap_or(u32::MAX));
                count = count.saturating_add(1);
            }
            table.prefix.push(count);
        }
        table
    }
}
