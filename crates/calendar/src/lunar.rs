//! Gregorian dates of the lunar and solar-term public holidays, 2019–2100.
//!
//! The provisional calendar needs, for years no State Council notice covers yet, the dates of
//! Spring Festival (正月初一; the eve is the day before), Qingming (the solar term 清明),
//! Dragon Boat (五月初五) and Mid-Autumn (八月十五). Rather than computing the Chinese
//! lunisolar calendar at run time, this table holds them.
//!
//! How the table was made and checked (reliability: **\[S\]**, computed, not an official
//! publication for future years):
//! - lunar dates: ICU4X `icu_calendar` 2.4.0 `ChineseTraditional` (GB/T 33661-2017 rules; its
//!   documentation states agreement with the Purple Mountain Observatory data for 1900–2025
//!   and the Hong Kong Observatory conversion tables for 1901–2100) and, independently,
//!   `tyme4rs` 1.5.0 (寿星 ShouXing algorithms): identical for every row;
//! - Qingming: `tyme4rs` 1.5.0 (寿星 ShouXing solar-term algorithm), and a low-precision solar
//!   longitude (Meeus ch. 25) with ΔT: identical for every row. The 清明 moment falls within
//!   an hour of midnight (China Standard Time) in 2038, 2042, 2067, 2071, 2075 and 2100, so
//!   the day in those years rests on the precise algorithm only;
//! - 2019–2026: every date equals the date in the State Council notices (test
//!   `lunar_table_matches_official_notices`); the crate's tests re-derive the whole table with
//!   `tyme4rs` (test `lunar_table_matches_tyme4rs`).
//!
//! ICU4X notes that lunar events very close to local midnight make single months of 2057,
//! 2089 and 2097 sensitive to future leap seconds; none of the four holidays here changed
//! between the two implementations for those years, but they stay estimates like every
//! provisional answer.

use chrono::NaiveDate;

/// The holiday dates of one Gregorian year, each as (month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarYear {
    /// The Gregorian year.
    pub year: i32,
    /// 春节, the first day of the first lunar month.
    pub spring_festival: (u32, u32),
    /// 清明, the day of the Qingming solar term (China Standard Time).
    pub qingming: (u32, u32),
    /// 端午节, the fifth day of the fifth lunar month.
    pub dragon_boat: (u32, u32),
    /// 中秋节, the fifteenth day of the eighth lunar month.
    pub mid_autumn: (u32, u32),
}

impl LunarYear {
    /// The date of a (month, day) pair of this year.
    pub fn date(&self, (month, day): (u32, u32)) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, month, day)
    }
}

/// First year of [`LUNAR_YEARS`].
pub const FIRST_LUNAR_YEAR: i32 = 2019;
/// Last year of [`LUNAR_YEARS`]: the provisional calendar ends here.
pub const LAST_LUNAR_YEAR: i32 = 2100;

/// The table, one row per year from [`FIRST_LUNAR_YEAR`] to [`LAST_LUNAR_YEAR`].
pub static LUNAR_YEARS: &[LunarYear] = &[
    LunarYear {
        year: 2019,
        spring_festival: (2, 5),
        qingming: (4, 5),
        dragon_boat: (6, 7),
        mid_autumn: (9, 13),
    },
    LunarYear {
        year: 2020,
        spring_festival: (1, 25),
        qingming: (4, 4),
        dragon_boat: (6, 25),
        mid_autumn: (10, 1),
    },
    LunarYear {
        year: 2021,
        spring_festival: (2, 12),
        qingming: (4, 4),
        dragon_boat: (6, 14),
        mid_autumn: (9, 21),
    },
    LunarYear {
        year: 2022,
        spring_festival: (2, 1),
        qingming: (4, 5),
        dragon_boat: (6, 3),
        mid_autumn: (9, 10),
    },
    LunarYear {
        year: 2023,
        spring_festival: (1, 22),
        qingming: (4, 5),
        dragon_boat: (6, 22),
        mid_autumn: (9, 29),
    },
    LunarYear {
        year: 2024,
        spring_festival: (2, 10),
        qingming: (4, 4),
        dragon_boat: (6, 10),
        mid_autumn: (9, 17),
    },
    LunarYear {
        year: 2025,
        spring_festival: (1, 29),
        qingming: (4, 4),
        dragon_boat: (5, 31),
        mid_autumn: (10, 6),
    },
    LunarYear {
        year: 2026,
        spring_festival: (2, 17),
        qingming: (4, 5),
        dragon_boat: (6, 19),
        mid_autumn: (9, 25),
    },
    LunarYear {
        year: 2027,
        spring_festival: (2, 6),
        qingming: (4, 5),
        dragon_boat: (6, 9),
        mid_autumn: (9, 15),
    },
    LunarYear {
        year: 2028,
        spring_festival: (1, 26),
        qingming: (4, 4),
        dragon_boat: (5, 28),
        mid_autumn: (10, 3),
    },
    LunarYear {
        year: 2029,
        spring_festival: (2, 13),
        qingming: (4, 4),
        dragon_boat: (6, 16),
        mid_autumn: (9, 22),
    },
    LunarYear {
        year: 2030,
        spring_festival: (2, 3),
        qingming: (4, 5),
        dragon_boat: (6, 5),
        mid_autumn: (9, 12),
    },
    LunarYear {
        year: 2031,
        spring_festival: (1, 23),
        qingming: (4, 5),
        dragon_boat: (6, 24),
        mid_autumn: (10, 1),
    },
    LunarYear {
        year: 2032,
        spring_festival: (2, 11),
        qingming: (4, 4),
        dragon_boat: (6, 12),
        mid_autumn: (9, 19),
    },
    LunarYear {
        year: 2033,
        spring_festival: (1, 31),
        qingming: (4, 4),
        dragon_boat: (6, 1),
        mid_autumn: (9, 8),
    },
    LunarYear {
        year: 2034,
        spring_festival: (2, 19),
        qingming: (4, 5),
        dragon_boat: (6, 20),
        mid_autumn: (9, 27),
    },
    LunarYear {
        year: 2035,
        spring_festival: (2, 8),
        qingming: (4, 5),
        dragon_boat: (6, 10),
        mid_autumn: (9, 16),
    },
    LunarYear {
        year: 2036,
        spring_festival: (1, 28),
        qingming: (4, 4),
        dragon_boat: (5, 30),
        mid_autumn: (10, 4),
    },
    LunarYear {
        year: 2037,
        spring_festival: (2, 15),
        qingming: (4, 4),
        dragon_boat: (6, 18),
        mid_autumn: (9, 24),
    },
    LunarYear {
        year: 2038,
        spring_festival: (2, 4),
        qingming: (4, 5),
        dragon_boat: (6, 7),
        mid_autumn: (9, 13),
    },
    LunarYear {
        year: 2039,
        spring_festival: (1, 24),
        qingming: (4, 5),
        dragon_boat: (5, 27),
        mid_autumn: (10, 2),
    },
    LunarYear {
        year: 2040,
        spring_festival: (2, 12),
        qingming: (4, 4),
        dragon_boat: (6, 14),
        mid_autumn: (9, 20),
    },
    LunarYear {
        year: 2041,
        spring_festival: (2, 1),
        qingming: (4, 4),
        dragon_boat: (6, 3),
        mid_autumn: (9, 10),
    },
    LunarYear {
        year: 2042,
        spring_festival: (1, 22),
        qingming: (4, 4),
        dragon_boat: (6, 22),
        mid_autumn: (9, 28),
    },
    LunarYear {
        year: 2043,
        spring_festival: (2, 10),
        qingming: (4, 5),
        dragon_boat: (6, 11),
        mid_autumn: (9, 17),
    },
    LunarYear {
        year: 2044,
        spring_festival: (1, 30),
        qingming: (4, 4),
        dragon_boat: (5, 31),
        mid_autumn: (10, 5),
    },
    LunarYear {
        year: 2045,
        spring_festival: (2, 17),
        qingming: (4, 4),
        dragon_boat: (6, 19),
        mid_autumn: (9, 25),
    },
    LunarYear {
        year: 2046,
        spring_festival: (2, 6),
        qingming: (4, 4),
        dragon_boat: (6, 8),
        mid_autumn: (9, 15),
    },
    LunarYear {
        year: 2047,
        spring_festival: (1, 26),
        qingming: (4, 5),
        dragon_boat: (5, 29),
        mid_autumn: (10, 4),
    },
    LunarYear {
        year: 2048,
        spring_festival: (2, 14),
        qingming: (4, 4),
        dragon_boat: (6, 15),
        mid_autumn: (9, 22),
    },
    LunarYear {
        year: 2049,
        spring_festival: (2, 2),
        qingming: (4, 4),
        dragon_boat: (6, 4),
        mid_autumn: (9, 11),
    },
    LunarYear {
        year: 2050,
        spring_festival: (1, 23),
        qingming: (4, 4),
        dragon_boat: (6, 23),
        mid_autumn: (9, 30),
    },
    LunarYear {
        year: 2051,
        spring_festival: (2, 11),
        qingming: (4, 5),
        dragon_boat: (6, 13),
        mid_autumn: (9, 19),
    },
    LunarYear {
        year: 2052,
        spring_festival: (2, 1),
        qingming: (4, 4),
        dragon_boat: (6, 1),
        mid_autumn: (9, 7),
    },
    LunarYear {
        year: 2053,
        spring_festival: (2, 19),
        qingming: (4, 4),
        dragon_boat: (6, 20),
        mid_autumn: (9, 26),
    },
    LunarYear {
        year: 2054,
        spring_festival: (2, 8),
        qingming: (4, 4),
        dragon_boat: (6, 10),
        mid_autumn: (9, 16),
    },
    LunarYear {
        year: 2055,
        spring_festival: (1, 28),
        qingming: (4, 5),
        dragon_boat: (5, 30),
        mid_autumn: (10, 5),
    },
    LunarYear {
        year: 2056,
        spring_festival: (2, 15),
        qingming: (4, 4),
        dragon_boat: (6, 17),
        mid_autumn: (9, 24),
    },
    LunarYear {
        year: 2057,
        spring_festival: (2, 4),
        qingming: (4, 4),
        dragon_boat: (6, 6),
        mid_autumn: (9, 13),
    },
    LunarYear {
        year: 2058,
        spring_festival: (1, 24),
        qingming: (4, 4),
        dragon_boat: (6, 25),
        mid_autumn: (10, 2),
    },
    LunarYear {
        year: 2059,
        spring_festival: (2, 12),
        qingming: (4, 5),
        dragon_boat: (6, 14),
        mid_autumn: (9, 21),
    },
    LunarYear {
        year: 2060,
        spring_festival: (2, 2),
        qingming: (4, 4),
        dragon_boat: (6, 3),
        mid_autumn: (9, 9),
    },
    LunarYear {
        year: 2061,
        spring_festival: (1, 21),
        qingming: (4, 4),
        dragon_boat: (6, 22),
        mid_autumn: (9, 28),
    },
    LunarYear {
        year: 2062,
        spring_festival: (2, 9),
        qingming: (4, 4),
        dragon_boat: (6, 11),
        mid_autumn: (9, 17),
    },
    LunarYear {
        year: 2063,
        spring_festival: (1, 29),
        qingming: (4, 5),
        dragon_boat: (6, 1),
        mid_autumn: (10, 6),
    },
    LunarYear {
        year: 2064,
        spring_festival: (2, 17),
        qingming: (4, 4),
        dragon_boat: (6, 19),
        mid_autumn: (9, 25),
    },
    LunarYear {
        year: 2065,
        spring_festival: (2, 5),
        qingming: (4, 4),
        dragon_boat: (6, 8),
        mid_autumn: (9, 15),
    },
    LunarYear {
        year: 2066,
        spring_festival: (1, 26),
        qingming: (4, 4),
        dragon_boat: (5, 28),
        mid_autumn: (10, 3),
    },
    LunarYear {
        year: 2067,
        spring_festival: (2, 14),
        qingming: (4, 5),
        dragon_boat: (6, 16),
        mid_autumn: (9, 23),
    },
    LunarYear {
        year: 2068,
        spring_festival: (2, 3),
        qingming: (4, 4),
        dragon_boat: (6, 4),
        mid_autumn: (9, 11),
    },
    LunarYear {
        year: 2069,
        spring_festival: (1, 23),
        qingming: (4, 4),
        dragon_boat: (6, 23),
        mid_autumn: (9, 29),
    },
    LunarYear {
        year: 2070,
        spring_festival: (2, 11),
        qingming: (4, 4),
        dragon_boat: (6, 13),
        mid_autumn: (9, 19),
    },
    LunarYear {
        year: 2071,
        spring_festival: (1, 31),
        qingming: (4, 5),
        dragon_boat: (6, 2),
        mid_autumn: (9, 8),
    },
    LunarYear {
        year: 2072,
        spring_festival: (2, 19),
        qingming: (4, 4),
        dragon_boat: (6, 20),
        mid_autumn: (9, 26),
    },
    LunarYear {
        year: 2073,
        spring_festival: (2, 7),
        qingming: (4, 4),
        dragon_boat: (6, 10),
        mid_autumn: (9, 16),
    },
    LunarYear {
        year: 2074,
        spring_festival: (1, 27),
        qingming: (4, 4),
        dragon_boat: (5, 30),
        mid_autumn: (10, 5),
    },
    LunarYear {
        year: 2075,
        spring_festival: (2, 15),
        qingming: (4, 4),
        dragon_boat: (6, 17),
        mid_autumn: (9, 24),
    },
    LunarYear {
        year: 2076,
        spring_festival: (2, 5),
        qingming: (4, 4),
        dragon_boat: (6, 6),
        mid_autumn: (9, 12),
    },
    LunarYear {
        year: 2077,
        spring_festival: (1, 24),
        qingming: (4, 4),
        dragon_boat: (6, 24),
        mid_autumn: (10, 1),
    },
    LunarYear {
        year: 2078,
        spring_festival: (2, 12),
        qingming: (4, 4),
        dragon_boat: (6, 14),
        mid_autumn: (9, 20),
    },
    LunarYear {
        year: 2079,
        spring_festival: (2, 2),
        qingming: (4, 4),
        dragon_boat: (6, 4),
        mid_autumn: (9, 10),
    },
    LunarYear {
        year: 2080,
        spring_festival: (1, 22),
        qingming: (4, 4),
        dragon_boat: (6, 22),
        mid_autumn: (9, 28),
    },
    LunarYear {
        year: 2081,
        spring_festival: (2, 9),
        qingming: (4, 4),
        dragon_boat: (6, 11),
        mid_autumn: (9, 17),
    },
    LunarYear {
        year: 2082,
        spring_festival: (1, 29),
        qingming: (4, 4),
        dragon_boat: (6, 1),
        mid_autumn: (10, 6),
    },
    LunarYear {
        year: 2083,
        spring_festival: (2, 17),
        qingming: (4, 4),
        dragon_boat: (6, 19),
        mid_autumn: (9, 26),
    },
    LunarYear {
        year: 2084,
        spring_festival: (2, 6),
        qingming: (4, 4),
        dragon_boat: (6, 7),
        mid_autumn: (9, 14),
    },
    LunarYear {
        year: 2085,
        spring_festival: (1, 26),
        qingming: (4, 4),
        dragon_boat: (5, 27),
        mid_autumn: (10, 3),
    },
    LunarYear {
        year: 2086,
        spring_festival: (2, 14),
        qingming: (4, 4),
        dragon_boat: (6, 15),
        mid_autumn: (9, 22),
    },
    LunarYear {
        year: 2087,
        spring_festival: (2, 3),
        qingming: (4, 4),
        dragon_boat: (6, 5),
        mid_autumn: (9, 11),
    },
    LunarYear {
        year: 2088,
        spring_festival: (1, 24),
        qingming: (4, 4),
        dragon_boat: (6, 23),
        mid_autumn: (9, 29),
    },
    LunarYear {
        year: 2089,
        spring_festival: (2, 10),
        qingming: (4, 4),
        dragon_boat: (6, 13),
        mid_autumn: (9, 18),
    },
    LunarYear {
        year: 2090,
        spring_festival: (1, 30),
        qingming: (4, 4),
        dragon_boat: (6, 2),
        mid_autumn: (9, 8),
    },
    LunarYear {
        year: 2091,
        spring_festival: (2, 18),
        qingming: (4, 4),
        dragon_boat: (6, 21),
        mid_autumn: (9, 27),
    },
    LunarYear {
        year: 2092,
        spring_festival: (2, 7),
        qingming: (4, 4),
        dragon_boat: (6, 9),
        mid_autumn: (9, 16),
    },
    LunarYear {
        year: 2093,
        spring_festival: (1, 27),
        qingming: (4, 4),
        dragon_boat: (5, 29),
        mid_autumn: (10, 5),
    },
    LunarYear {
        year: 2094,
        spring_festival: (2, 15),
        qingming: (4, 4),
        dragon_boat: (6, 17),
        mid_autumn: (9, 24),
    },
    LunarYear {
        year: 2095,
        spring_festival: (2, 5),
        qingming: (4, 4),
        dragon_boat: (6, 6),
        mid_autumn: (9, 13),
    },
    LunarYear {
        year: 2096,
        spring_festival: (1, 25),
        qingming: (4, 4),
        dragon_boat: (6, 24),
        mid_autumn: (9, 30),
    },
    LunarYear {
        year: 2097,
        spring_festival: (2, 12),
        qingming: (4, 4),
        dragon_boat: (6, 14),
        mid_autumn: (9, 20),
    },
    LunarYear {
        year: 2098,
        spring_festival: (2, 1),
        qingming: (4, 4),
        dragon_boat: (6, 4),
        mid_autumn: (9, 9),
    },
    LunarYear {
        year: 2099,
        spring_festival: (1, 21),
        qingming: (4, 4),
        dragon_boat: (6, 23),
        mid_autumn: (9, 29),
    },
    LunarYear {
        year: 2100,
        spring_festival: (2, 9),
        qingming: (4, 5),
        dragon_boat: (6, 12),
        mid_autumn: (9, 18),
    },
];

/// The row of `year`, if the table has it.
pub fn lunar_year(year: i32) -> Option<&'static LunarYear> {
    let index = usize::try_from(year.checked_sub(FIRST_LUNAR_YEAR)?).ok()?;
    LUNAR_YEARS.get(index).filter(|row| row.year == year)
}
