//! The law behind the calendar, as one cited table: the statutory public holidays of
//! 全国年节及纪念日放假办法 by revision, the make-up rule (Art. 6), the weekly rest days and the
//! provisions the counting convention follows.
//!
//! Every provision cites through `weiquan-law`: a [`Citation`] of an instrument of its
//! registry with article, paragraph and item as numbers and a reliability mark ([`Reliability`]:
//! verified, secondary, unverified). Where a provision is established in part only (the text
//! verified, the reading of it not), the citation carries the weaker mark and its note says
//! which part is which.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use weiquan_law::{Citation, Reliability, instruments};

use crate::lunar::lunar_year;

/// A provision of law the calendar relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Provision {
    /// Where it is written: instrument, version, article, paragraph, with its reliability
    /// mark and, where the mark is split, a note saying which part is which.
    pub citation: Citation<'static>,
    /// What it says, in plain English.
    pub rule: &'static str,
}

impl Provision {
    /// How well the provision is established: its citation's mark (the weaker one where a
    /// text is verified and its reading is not).
    pub fn reliability(&self) -> Reliability {
        self.citation.reliability()
    }
}

/// State organs rest on Saturday and Sunday: the weekly rest days (周休息日).
pub const WEEKLY_REST: Provision = Provision {
    // The two-day weekend is the 1995 text (in force 1995-05-01).
    citation: Citation::of(&instruments::WORKING_HOURS)
        .in_version(1995)
        .art(7)
        .para(1),
    rule: "State organs and public institutions keep uniform working hours; Saturday and \
           Sunday are the weekly rest days",
};

/// Working-day periods exclude statutory holidays.
pub const WORKING_DAY_PERIODS: Provision = Provision {
    citation: Citation::of(&instruments::ADMINISTRATIVE_LICENSING_LAW).art(82),
    rule: "periods counted in working days do not include statutory holidays",
};

/// The start day is not counted.
pub const START_DAY_EXCLUDED: Provision = Provision {
    citation: Citation::of(&instruments::CIVIL_CODE).art(201).para(1),
    rule: "a period counted in years, months or days excludes the day it starts on; counting \
           begins the next day",
};

/// A period whose last day is a statutory rest day ends on the day after the rest ends.
pub const LAST_DAY_ROLL_FORWARD: Provision = Provision {
    citation: Citation::of(&instruments::CIVIL_CODE).art(203).para(1),
    rule: "if the last day of a period is a statutory rest day, the period ends on the day \
           after the rest ends",
};

/// The counting methods apply unless a law or the parties provide otherwise.
pub const OTHERWISE_PROVIDED: Provision = Provision {
    citation: Citation::of(&instruments::CIVIL_CODE).art(204),
    rule: "the Civil Code's counting methods apply unless a law provides otherwise or the \
           parties agree otherwise",
};

/// A holiday falling on a weekend is made up on a working day.
pub const MAKE_UP_DAY: Provision = Provision {
    citation: Citation::of(&instruments::HOLIDAY_MEASURES)
        .art(6)
        .marked(Reliability::Unverified)
        .noted(
            "the text is verified [V]; which working day makes up the holiday is unverified \
             [U]: the statute does not say",
            "条文已核对 [V]；在哪一个工作日补假未经核实 [U]，法规未作规定",
        ),
    rule: "a holiday for all citizens that falls on a Saturday or Sunday is made up on a \
           working day (this crate: the next Monday-to-Friday day that is neither a holiday \
           nor already a make-up day)",
};

/// Weekend days declared working days by the annual notice count as working days.
pub const ADJUSTED_WORKDAYS_COUNT: Provision = Provision {
    citation: Citation::of(&instruments::HOLIDAY_NOTICES)
        .marked(Reliability::Unverified)
        .noted(
            "an interpretation: no statement specific to complaint deadlines was found",
            "解释性立场：未见专门针对投诉处理期限的规定",
        ),
    rule: "a Saturday or Sunday the notice declares a working day (调休上班) counts as a working \
           day, since agencies are open; a weekday the notice declares a rest day does not \
           count. Configurable: see AdjustedWorkdays",
};

/// Every provision above, in the order the documentation lists them.
pub const PROVISIONS: [Provision; 7] = [
    WEEKLY_REST,
    WORKING_DAY_PERIODS,
    START_DAY_EXCLUDED,
    LAST_DAY_ROLL_FORWARD,
    OTHERWISE_PROVIDED,
    MAKE_UP_DAY,
    ADJUSTED_WORKDAYS_COUNT,
];

/// How a statutory holiday's date is found in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayDate {
    /// A fixed Gregorian month and day.
    Fixed {
        /// Month 1–12.
        month: u32,
        /// Day of the month.
        day: u32,
    },
    /// Lunar New Year's Eve (除夕), the day before the first day of the first lunar month.
    SpringFestivalEve,
    /// The n-th day of the first lunar month (正月初n).
    SpringFestival {
        /// 1, 2 or 3.
        day: u32,
    },
    /// The day of the Qingming solar term (清明当日).
    Qingming,
    /// The fifth day of the fifth lunar month (端午当日).
    DragonBoat,
    /// The fifteenth day of the eighth lunar month (中秋当日).
    MidAutumn,
}

impl HolidayDate {
    /// The date in `year`, or `None` when it depends on the lunar table and the table has no
    /// row for `year`.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            HolidayDate::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            HolidayDate::SpringFestivalEve => {
                let row = lunar_year(year)?;
                row.date(row.spring_festival)?.pred_opt()
            }
            HolidayDate::SpringFestival { day } => {
                let row = lunar_year(year)?;
                row.date(row.spring_festival)?
                    .checked_add_days(Days::new(u64::from(day.checked_sub(1)?)))
            }
            HolidayDate::Qingming => lunar_year(year).and_then(|r| r.date(r.qingming)),
            HolidayDate::DragonBoat => lunar_year(year).and_then(|r| r.date(r.dragon_boat)),
            HolidayDate::MidAutumn => lunar_year(year).and_then(|r| r.date(r.mid_autumn)),
        }
    }
}

/// One statutory day off (a list has one entry per day, so Spring Festival has several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatutoryDay {
    /// The holiday's Chinese name as the notices write it (元旦, 春节, ...).
    pub holiday: &'static str,
    /// English name.
    pub holiday_en: &'static str,
    /// Which day.
    pub date: HolidayDate,
    /// The item of Art. 2 that lists the holiday: （一）元旦 … （七）国庆节, the same in
    /// the 2013 and 2024 revisions ([`HolidayList::citation_of`] cites it).
    pub item: u16,
}

/// The list of public holidays for all citizens (全体公民放假的节日) of one revision of
/// 全国年节及纪念日放假办法.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HolidayList {
    /// Art. 2 of the revision (the version, by the year it was adopted), with the list's
    /// reliability mark: the weaker where the number of days and their split are established
    /// differently, the note saying which.
    pub citation: Citation<'static>,
    /// First year whose holidays follow this list.
    pub first_year: i32,
    /// Last year whose holidays follow this list (`None`: still in force).
    pub last_year: Option<i32>,
    /// Number of days off a year (the length of `days`).
    pub total_days: u32,
    /// The days.
    pub days: &'static [StatutoryDay],
}

impl HolidayList {
    /// The citation of the item of Art. 2 that lists `day`, in this revision:
    /// `《全国年节及纪念日放假办法》（2024年修正）第二条第（二）项`.
    pub fn citation_of(&self, day: &StatutoryDay) -> Citation<'static> {
        self.citation.item(day.item)
    }

    /// How well the list is established: its citation's mark.
    pub fn reliability(&self) -> Reliability {
        self.citation.reliability()
    }
}

const fn day(
    holiday: &'static str,
    holiday_en: &'static str,
    date: HolidayDate,
    item: u16,
) -> StatutoryDay {
    StatutoryDay {
        holiday,
        holiday_en,
        date,
        item,
    }
}

const NEW_YEAR: StatutoryDay = day(
    "元旦",
    "New Year's Day",
    HolidayDate::Fixed { month: 1, day: 1 },
    1,
);
const QINGMING: StatutoryDay = day("清明节", "Qingming", HolidayDate::Qingming, 3);
const LABOUR_1: StatutoryDay = day(
    "劳动节",
    "Labour Day",
    HolidayDate::Fixed { month: 5, day: 1 },
    4,
);
const DRAGON_BOAT: StatutoryDay = day("端午节", "Dragon Boat Festival", HolidayDate::DragonBoat, 5);
const MID_AUTUMN: StatutoryDay = day("中秋节", "Mid-Autumn Festival", HolidayDate::MidAutumn, 6);
const NATIONAL: [StatutoryDay; 3] = [
    day(
        "国庆节",
        "National Day",
        HolidayDate::Fixed { month: 10, day: 1 },
        7,
    ),
    day(
        "国庆节",
        "National Day",
        HolidayDate::Fixed { month: 10, day: 2 },
        7,
    ),
    day(
        "国庆节",
        "National Day",
        HolidayDate::Fixed { month: 10, day: 3 },
        7,
    ),
];
const SPRING: [StatutoryDay; 4] = [
    day("春节", "Spring Festival", HolidayDate::SpringFestivalEve, 2),
    day(
        "春节",
        "Spring Festival",
        HolidayDate::SpringFestival { day: 1 },
        2,
    ),
    day(
        "春节",
        "Spring Festival",
        HolidayDate::SpringFestival { day: 2 },
        2,
    ),
    day(
        "春节",
        "Spring Festival",
        HolidayDate::SpringFestival { day: 3 },
        2,
    ),
];

/// The 2013 revision (11 days): Spring Festival 正月初一至初三, Labour Day 1 May only.
const DAYS_2013: [StatutoryDay; 11] = [
    NEW_YEAR,
    SPRING[1],
    SPRING[2],
    SPRING[3],
    QINGMING,
    LABOUR_1,
    DRAGON_BOAT,
    MID_AUTUMN,
    NATIONAL[0],
    NATIONAL[1],
    NATIONAL[2],
];

/// The 2024 revision (13 days): adds New Year's Eve (除夕) and 2 May.
const DAYS_2024: [StatutoryDay; 13] = [
    NEW_YEAR,
    SPRING[0],
    SPRING[1],
    SPRING[2],
    SPRING[3],
    QINGMING,
    LABOUR_1,
    day(
        "劳动节",
        "Labour Day",
        HolidayDate::Fixed { month: 5, day: 2 },
        4,
    ),
    DRAGON_BOAT,
    MID_AUTUMN,
    NATIONAL[0],
    NATIONAL[1],
    NATIONAL[2],
];

/// Every revision of the statutory holiday list this crate knows, oldest first. Selected by
/// the year of the date asked about, never by today's date.
pub static HOLIDAY_LISTS: &[HolidayList] = &[
    HolidayList {
        citation: Citation::of(&instruments::HOLIDAY_MEASURES)
            .in_version(2013)
            .art(2)
            .marked(Reliability::Secondary)
            .noted(
                "3rd revision: 11 days verified [V]; which eleven (Spring Festival days 1-3, \
                 Labour Day 1 May only) is inferred from the 2024 revision adding New Year's \
                 Eve and 2 May [S]",
                "第三次修改：共11天已核对 [V]；具体为春节正月初一至初三、劳动节5月1日，系由2024年修改\
                 增加除夕和5月2日推知 [S]",
            ),
        first_year: 2014,
        last_year: Some(2024),
        total_days: 11,
        days: &DAYS_2013,
    },
    HolidayList {
        citation: Citation::of(&instruments::HOLIDAY_MEASURES)
            .in_version(2024)
            .art(2)
            .marked(Reliability::Unverified)
            .noted(
                "4th revision: the text of Art. 2 is verified [V]; that its holidays apply from \
                 2025-01-01 is unverified [U]",
                "第四次修改：第二条条文已核对 [V]；自2025年1月1日起适用未经核实 [U]",
            ),
        first_year: 2025,
        last_year: None,
        total_days: 13,
        days: &DAYS_2024,
    },
];

/// The statutory list that governs `year`, if any revision this crate knows does.
pub fn holiday_list(year: i32) -> Option<&'static HolidayList> {
    HOLIDAY_LISTS
        .iter()
        .find(|list| year >= list.first_year && list.last_year.is_none_or(|last| year <= last))
}

/// The statutory days off of `year` with their dates, in date order; `None` when no known
/// revision governs the year or the lunar table lacks it.
pub fn statutory_days(year: i32) -> Option<Vec<(NaiveDate, &'static StatutoryDay)>> {
    let list = holiday_list(year)?;
    let mut days = Vec::with_capacity(list.days.len());
    for d in list.days {
        insert_by_date(&mut days, (d.date.in_year(year)?, d), |&(date, _)| date);
    }
    Some(days)
}

/// Inserts `item` into `v`, kept in date order, after the items of the same date. The lists
/// are a year's statutory days, a dozen or two: insertion keeps the WebAssembly module free of
/// a standard-library sort per call site (about 3.5 KB each).
fn insert_by_date<T>(v: &mut Vec<T>, item: T, date: impl Fn(&T) -> NaiveDate) {
    let at = date(&item);
    let position = v.partition_point(|x| date(x) <= at);
    v.insert(position, item);
}

/// Whether `date` is a weekly rest day ([`WEEKLY_REST`]).
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// What the provisional calendar says about a day that is not an ordinary one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProvisionalKind {
    /// A statutory day off.
    Holiday,
    /// A make-up day for a statutory day off that fell on a weekend (Art. 6).
    MakeUp,
}

/// The provisional rest days of `year`: the statutory days and their Art. 6 make-up days, no
/// adjusted working days. `None` when the year cannot be computed.
pub(crate) fn provisional_rest_days(
    year: i32,
) -> Option<Vec<(NaiveDate, ProvisionalKind, &'static StatutoryDay)>> {
    let days = statutory_days(year)?;
    let mut out: Vec<(NaiveDate, ProvisionalKind, &'static StatutoryDay)> = days
        .iter()
        .map(|&(date, d)| (date, ProvisionalKind::Holiday, d))
        .collect();
    for &(date, d) in &days {
        if !is_weekend(date) {
            continue;
        }
        let mut candidate = date.succ_opt()?;
        while is_weekend(candidate) || out.iter().any(|(taken, _, _)| *taken == candidate) {
            candidate = candidate.succ_opt()?;
        }
        insert_by_date(
            &mut out,
            (candidate, ProvisionalKind::MakeUp, d),
            |&(date, _, _)| date,
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Every computable year: the days in date order, as a stable sort of the list would put
    /// them (2020-10-01 was both National Day and the Mid-Autumn Festival: list order); the
    /// provisional days are the statutory ones in that order plus one make-up day per
    /// statutory day on a weekend, all in date order.
    #[test]
    fn days_are_in_date_order_and_complete() {
        let years = crate::lunar::FIRST_LUNAR_YEAR..=crate::lunar::LAST_LUNAR_YEAR;
        for year in years {
            let list = holiday_list(year).unwrap().days;
            let mut expected: Vec<(NaiveDate, *const StatutoryDay)> = list
                .iter()
                .map(|d| (d.date.in_year(year).unwrap(), std::ptr::from_ref(d)))
                .collect();
            expected.sort_by_key(|&(date, _)| date);
            let days = statutory_days(year).unwrap();
            let got: Vec<(NaiveDate, *const StatutoryDay)> = days
                .iter()
                .map(|&(date, d)| (date, std::ptr::from_ref(d)))
                .collect();
            assert_eq!(got, expected, "{year}");

            let rest = provisional_rest_days(year).unwrap();
            let weekend = days.iter().filter(|(date, _)| is_weekend(*date)).count();
            assert_eq!(rest.len(), days.len() + weekend, "{year}");
            assert!(rest.windows(2).all(|w| w[0].0 <= w[1].0), "{year}");
            let holidays: Vec<(NaiveDate, *const StatutoryDay)> = rest
                .iter()
                .filter(|r| r.1 == ProvisionalKind::Holiday)
                .map(|&(date, _, d)| (date, std::ptr::from_ref(d)))
                .collect();
            assert_eq!(holidays, expected, "{year}");
        }
    }

    #[test]
    fn list_lengths_match_their_totals() {
        for list in HOLIDAY_LISTS {
            assert_eq!(
                list.days.len(),
                list.total_days as usize,
                "{}",
                list.citation.text_en()
            );
        }
        assert_eq!(holiday_list(2024).unwrap().total_days, 11);
        assert_eq!(holiday_list(2025).unwrap().total_days, 13);
        assert_eq!(holiday_list(2013), None);
    }

    #[test]
    fn statutory_days_2025() {
        let days: Vec<NaiveDate> = statutory_days(2025)
            .unwrap()
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(
            days,
            vec![
                d(2025, 1, 1),
                d(2025, 1, 28),
                d(2025, 1, 29),
                d(2025, 1, 30),
                d(2025, 1, 31),
                d(2025, 4, 4),
                d(2025, 5, 1),
                d(2025, 5, 2),
                d(2025, 5, 31),
                d(2025, 10, 1),
                d(2025, 10, 2),
                d(2025, 10, 3),
                d(2025, 10, 6),
            ]
        );
    }

    #[test]
    fn make_up_days_follow_the_block() {
        // 2027: National Day 1–3 Oct is Friday to Sunday; Sat and Sun are made up Mon 4, Tue 5.
        let rest = provisional_rest_days(2027).unwrap();
        let makeups: Vec<NaiveDate> = rest
            .iter()
            .filter(|(_, k, _)| *k == ProvisionalKind::MakeUp)
            .map(|(date, _, _)| *date)
            .collect();
        assert!(makeups.contains(&d(2027, 10, 4)));
        assert!(makeups.contains(&d(2027, 10, 5)));
        // 2027 Spring Festival: eve Fri 5 Feb, days 1–3 Sat 6 to Mon 8: Sat → Tue 9, Sun → Wed 10.
        assert!(makeups.contains(&d(2027, 2, 9)));
        assert!(makeups.contains(&d(2027, 2, 10)));
        assert!(!makeups.contains(&d(2027, 2, 8)));
    }

    /// Each list cites Art. 2 of the version whose dates it follows: the first year is the
    /// year the version came into force, a list ends the year before the next begins, and
    /// every provision and list fits its instrument's dates.
    #[test]
    fn lists_follow_the_registrys_versions() {
        for (i, list) in HOLIDAY_LISTS.iter().enumerate() {
            let c = list.citation;
            assert_eq!(c.article, Some(2));
            assert_eq!(
                c.in_force_from().map(|d| d.year()),
                Some(list.first_year),
                "{}",
                c.text_en()
            );
            let from = d(list.first_year, 1, 1);
            let to = list.last_year.map(|y| d(y, 12, 31));
            c.check_dates(from, to).unwrap();
            if let Some(next) = HOLIDAY_LISTS.get(i + 1) {
                assert_eq!(list.last_year, Some(next.first_year - 1));
            }
        }
        for p in PROVISIONS {
            let from = p.citation.in_force_from().unwrap_or(NaiveDate::MIN);
            p.citation.check_dates(from, None).unwrap();
        }
    }

    /// Where a provision's text and its reading are established differently, the citation
    /// carries the weaker mark and the note names both.
    #[test]
    fn split_reliabilities_keep_the_weaker_mark_and_say_so() {
        assert_eq!(MAKE_UP_DAY.reliability(), Reliability::Unverified);
        let note = MAKE_UP_DAY.citation.note_en.unwrap();
        assert!(note.contains("[V]") && note.contains("[U]"), "{note}");
        assert_eq!(WEEKLY_REST.reliability(), Reliability::Verified);
        assert!(WEEKLY_REST.citation.note_en.is_none());
        for list in HOLIDAY_LISTS {
            let note = list.citation.note_en.unwrap();
            assert!(note.contains("[V]"), "{note}");
            assert!(note.contains(list.reliability().bracketed()), "{note}");
            assert!(list.reliability().needs_review());
        }
    }

    #[test]
    fn citations_render_as_the_statutes_are_cited() {
        assert_eq!(
            WEEKLY_REST.citation.text_zh(),
            "《国务院关于职工工作时间的规定》（1995年修正）第七条第一款"
        );
        assert_eq!(
            MAKE_UP_DAY.citation.text_zh(),
            "《全国年节及纪念日放假办法》第六条"
        );
        let list = holiday_list(2025).unwrap();
        let spring = list.days.iter().find(|d| d.holiday == "春节").unwrap();
        assert_eq!(
            list.citation_of(spring).text_zh(),
            "《全国年节及纪念日放假办法》（2024年修正）第二条第（二）项"
        );
        assert_eq!(
            holiday_list(2020).unwrap().citation_of(spring).text_en(),
            "National holiday measures (2013 amendment), Art. 2, item (2)"
        );
        let json = serde_json::to_value(WEEKLY_REST).unwrap();
        assert_eq!(json["citation"]["instrument"], "working_hours");
        assert_eq!(json["citation"]["article"], 7);
        assert_eq!(json["citation"]["paragraph"], 1);
        assert_eq!(json["citation"]["reliability"], "verified");
    }
}
