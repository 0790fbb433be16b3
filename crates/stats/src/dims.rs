//! Dimensions, their levels and values, group-by lists and packed cell keys.
//!
//! A cell key packs the value of every dimension into one `u64`, one slot per dimension,
//! where 0 means "all" (the dimension is not grouped, or this is a margin). Coarsening a key
//! (month → quarter, county → prefecture, item → major category, or dropping a dimension) is
//! arithmetic on the slots, so tables, margins and audits never look at strings.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use weiquan_complaint::{
    Category, Channel, DivisionCode, DivisionLevel, MajorCategory, MinorCategory, ProblemNature,
    TopCategory,
};

use crate::record::{GroupSet, OutcomeState, StatsRecord};
use crate::{Error, Text};

/// How finely time is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodGrain {
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
}

/// How finely categories are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryLevel {
    /// Goods, services, other.
    Top,
    /// The CCA major category (大类).
    Major,
    /// The specific item (小类) where known, else the major category.
    Minor,
}

/// The seven dimensions, without their level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DimKind {
    /// When the complaint was received.
    Period,
    /// Where the consumer lives.
    Region,
    /// The CCA category.
    Category,
    /// The nature of the problem.
    ProblemNature,
    /// How it was received.
    Channel,
    /// The consumer groups.
    ConsumerGroup,
    /// The case outcome.
    Outcome,
}

impl DimKind {
    /// Every dimension, in slot order.
    pub const ALL: [DimKind; 7] = [
        DimKind::Period,
        DimKind::Region,
        DimKind::Category,
        DimKind::ProblemNature,
        DimKind::Channel,
        DimKind::ConsumerGroup,
        DimKind::Outcome,
    ];

    /// The name used in group-by lists and output columns.
    pub fn name(self) -> &'static str {
        match self {
            DimKind::Period => "period",
            DimKind::Region => "region",
            DimKind::Category => "category",
            DimKind::ProblemNature => "problem_nature",
            DimKind::Channel => "channel",
            DimKind::ConsumerGroup => "consumer_group",
            DimKind::Outcome => "outcome",
        }
    }

    fn from_name(s: &str) -> Option<DimKind> {
        match s {
            "period" => Some(DimKind::Period),
            "region" => Some(DimKind::Region),
            "category" => Some(DimKind::Category),
            "problem_nature" | "nature" => Some(DimKind::ProblemNature),
            "channel" => Some(DimKind::Channel),
            "consumer_group" | "group" => Some(DimKind::ConsumerGroup),
            "outcome" => Some(DimKind::Outcome),
            _ => None,
        }
    }

    /// (shift, width) of the slot in a packed key.
    const fn slot(self) -> (u32, u32) {
        match self {
            DimKind::Period => (0, 16),
            DimKind::Region => (16, 20),
            DimKind::Category => (36, 8),
            DimKind::ProblemNature => (44, 4),
            DimKind::Channel => (48, 4),
            DimKind::ConsumerGroup => (52, 4),
            DimKind::Outcome => (56, 4),
        }
    }
}

/// A dimension with its level: what a table is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// The period of receipt at a grain.
    Period(PeriodGrain),
    /// The consumer's division at a level (`DivisionCode::at_level`).
    Region(DivisionLevel),
    /// The category at a level.
    Category(CategoryLevel),
    /// The problem nature.
    ProblemNature,
    /// The channel.
    Channel,
    /// The set of consumer groups (`none`, `elderly`, `elderly+rural`, ...).
    ConsumerGroup,
    /// The outcome state (`unknown` when no outcome was given).
    Outcome,
}

impl Dimension {
    /// Which dimension this is.
    pub fn kind(self) -> DimKind {
        match self {
            Dimension::Period(_) => DimKind::Period,
            Dimension::Region(_) => DimKind::Region,
            Dimension::Category(_) => DimKind::Category,
            Dimension::ProblemNature => DimKind::ProblemNature,
            Dimension::Channel => DimKind::Channel,
            Dimension::ConsumerGroup => DimKind::ConsumerGroup,
            Dimension::Outcome => DimKind::Outcome,
        }
    }

    /// Fineness within its kind: larger is finer.
    fn fineness(self) -> u8 {
        match self {
            Dimension::Period(PeriodGrain::Year) => 0,
            Dimension::Period(PeriodGrain::Quarter) => 1,
            Dimension::Period(PeriodGrain::Month) => 2,
            Dimension::Region(DivisionLevel::Province) => 0,
            Dimension::Region(DivisionLevel::Prefecture) => 1,
            Dimension::Region(DivisionLevel::County) => 2,
            Dimension::Category(CategoryLevel::Top) => 0,
            Dimension::Category(CategoryLevel::Major) => 1,
            Dimension::Category(CategoryLevel::Minor) => 2,
            _ => 0,
        }
    }

    /// The slot value of a record at this level (never 0).
    fn encode(self, r: &StatsRecord) -> u64 {
        match self {
            Dimension::Period(g) => Period::of(r.received, g).encode(),
            Dimension::Region(l) => u64::from(r.region.at_level(l).as_u32()),
            Dimension::Category(l) => CategoryValue::of(r.category, l).encode(),
            Dimension::ProblemNature => 1 + index_of(ProblemNature::ALL, r.problem_nature),
            Dimension::Channel => 1 + index_of(Channel::ALL, r.channel),
            Dimension::ConsumerGroup => 1 + u64::from(r.groups.mask()),
            Dimension::Outcome => match r.outcome {
                None => 1,
                Some(o) => 2 + index_of(&OutcomeState::ALL, o.state),
            },
        }
    }

    /// A slot value coarsened from a finer level of the same kind to this level.
    fn coarsen(self, raw: u64) -> u64 {
        if raw == 0 {
            return 0;
        }
        match self {
            Dimension::Period(g) => Period::decode(raw).map_or(raw, |p| p.at(g).encode()),
            Dimension::Region(l) => match u32::try_from(raw).ok().and_then(DivisionCode::new) {
                Some(d) => u64::from(d.at_level(l).as_u32()),
                None => raw, // "other" stays "other"
            },
            Dimension::Category(l) => CategoryValue::decode(raw).map_or(raw, |c| c.at(l).encode()),
            _ => raw,
        }
    }

    /// The value in a slot, for output.
    pub fn decode(self, raw: u64) -> Option<DimValue> {
        if raw == 0 {
            return Some(DimValue::All);
        }
        Some(match self {
            Dimension::Period(_) => DimValue::Period(Period::decode(raw)?),
            Dimension::Region(_) => {
                if raw == REGION_OTHER {
                    DimValue::RegionOther
                } else {
                    DimValue::Region(DivisionCode::new(u32::try_from(raw).ok()?)?)
                }
            }
            Dimension::Category(_) => DimValue::Category(CategoryValue::decode(raw)?),
            Dimension::ProblemNature => {
                DimValue::ProblemNature(*ProblemNature::ALL.get(usize::try_from(raw - 1).ok()?)?)
            }
            Dimension::Channel => {
                DimValue::Channel(*Channel::ALL.get(usize::try_from(raw - 1).ok()?)?)
            }
            Dimension::ConsumerGroup => {
                DimValue::ConsumerGroup(GroupSet::from_mask(u8::try_from(raw - 1).ok()?))
            }
            Dimension::Outcome => match raw {
                1 => DimValue::OutcomeUnknown,
                _ => DimValue::Outcome(*OutcomeState::ALL.get(usize::try_from(raw - 2).ok()?)?),
            },
        })
    }

    /// Reads a value written by [`DimValue`]'s `Display` at this level.
    pub fn parse_value(self, s: &str) -> Option<u64> {
        if s == "all" {
            return Some(0);
        }
        match self {
            Dimension::Period(_) => s.parse::<Period>().ok().map(Period::encode),
            Dimension::Region(_) => {
                if s == "other" {
                    Some(REGION_OTHER)
                } else {
                    s.parse::<DivisionCode>()
                        .ok()
                        .map(|d| u64::from(d.as_u32()))
                }
            }
            Dimension::Category(l) => CategoryValue::parse(s, l).map(CategoryValue::encode),
            Dimension::ProblemNature => s
                .parse::<ProblemNature>()
                .ok()
                .map(|v| 1 + index_of(ProblemNature::ALL, v)),
            Dimension::Channel => s
                .parse::<Channel>()
                .ok()
                .map(|v| 1 + index_of(Channel::ALL, v)),
            Dimension::ConsumerGroup => GroupSet::from_code(s).map(|g| 1 + u64::from(g.mask())),
            Dimension::Outcome => {
                if s == "unknown" {
                    Some(1)
                } else {
                    OutcomeState::from_code(s).map(|o| 2 + index_of(&OutcomeState::ALL, o))
                }
            }
        }
    }
}

/// The region slot value of records outside a declared domain (differential privacy).
pub(crate) const REGION_OTHER: u64 = 1;

fn index_of<T: PartialEq + Copy>(all: &[T], v: T) -> u64 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u64
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dimension::Period(g) => write!(
                f,
                "period={}",
                match g {
                    PeriodGrain::Month => "month",
                    PeriodGrain::Quarter => "quarter",
                    PeriodGrain::Year => "year",
                }
            ),
            Dimension::Region(l) => write!(
                f,
                "region={}",
                match l {
                    DivisionLevel::County => "county",
                    DivisionLevel::Prefecture => "prefecture",
                    DivisionLevel::Province => "province",
                }
            ),
            Dimension::Category(l) => write!(
                f,
                "category={}",
                match l {
                    CategoryLevel::Top => "top",
                    CategoryLevel::Major => "major",
                    CategoryLevel::Minor => "minor",
                }
            ),
            other => f.write_str(other.kind().name()),
        }
    }
}

impl FromStr for Dimension {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |en: &str, zh: &str| Error::GroupBy {
            // Echoed: identifiers masked, cut to 200 characters.
            value: weiquan_support::mask::echo(s),
            reason: Text::new(en, zh),
        };
        let (name, level) = match s.trim().split_once('=') {
            Some((n, l)) => (n.trim(), Some(l.trim())),
            None => (s.trim(), None),
        };
        let kind = DimKind::from_name(name).ok_or_else(|| {
            bad(
                "unknown dimension (period, region, category, problem_nature, channel, \
                 consumer_group, outcome)",
                "未知的维度（可用 period、region、category、problem_nature、channel、\
                 consumer_group、outcome）",
            )
        })?;
        Ok(match (kind, level) {
            (DimKind::Period, l) => Dimension::Period(match l.unwrap_or("month") {
                "month" => PeriodGrain::Month,
                "quarter" => PeriodGrain::Quarter,
                "year" => PeriodGrain::Year,
                _ => {
                    return Err(bad(
                        "period is month, quarter or year",
                        "period 的层级为 month、quarter 或 year",
                    ));
                }
            }),
            (DimKind::Region, l) => Dimension::Region(match l.unwrap_or("county") {
                "county" => DivisionLevel::County,
                "prefecture" => DivisionLevel::Prefecture,
                "province" => DivisionLevel::Province,
                _ => {
                    return Err(bad(
                        "region is county, prefecture or province",
                        "region 的层级为 county、prefecture 或 province",
                    ));
                }
            }),
            (DimKind::Category, l) => Dimension::Category(match l.unwrap_or("major") {
                "top" => CategoryLevel::Top,
                "major" => CategoryLevel::Major,
                "minor" => CategoryLevel::Minor,
                _ => {
                    return Err(bad(
                        "category is top, major or minor",
                        "category 的层级为 top、major 或 minor",
                    ));
                }
            }),
            (_, Some(_)) => {
                return Err(bad("this dimension has no levels", "该维度没有层级"));
            }
            (DimKind::ProblemNature, None) => Dimension::ProblemNature,
            (DimKind::Channel, None) => Dimension::Channel,
            (DimKind::ConsumerGroup, None) => Dimension::ConsumerGroup,
            (DimKind::Outcome, None) => Dimension::Outcome,
        })
    }
}

/// The last year a period can name (the slot holds `year × 32 + sub-period` in 16 bits).
const MAX_YEAR: i32 = 2047;

/// A period of receipt: a month, a quarter or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar month (year, 1..=12).
    Month(u16, u8),
    /// A calendar quarter (year, 1..=4).
    Quarter(u16, u8),
    /// A calendar year.
    Year(u16),
}

impl Period {
    /// The period of `day` at a grain.
    pub fn of(day: NaiveDate, grain: PeriodGrain) -> Period {
        let y = u16::try_from(day.year().clamp(1, MAX_YEAR)).unwrap_or(1);
        let m = day.month() as u8;
        Period::Month(y, m).at(grain)
    }

    /// This period at a coarser grain (a finer grain gives the period itself).
    pub fn at(self, grain: PeriodGrain) -> Period {
        match (self, grain) {
            (Period::Month(y, m), PeriodGrain::Quarter) => Period::Quarter(y, m.div_ceil(3)),
            (Period::Month(y, _) | Period::Quarter(y, _), PeriodGrain::Year) => Period::Year(y),
            (p, _) => p,
        }
    }

    /// The first and last months, as (year, month) numbers `year*12 + month-1`.
    pub fn month_range(self) -> (u32, u32) {
        let idx = |y: u16, m: u8| u32::from(y) * 12 + u32::from(m) - 1;
        match self {
            Period::Month(y, m) => (idx(y, m), idx(y, m)),
            Period::Quarter(y, q) => (idx(y, q * 3 - 2), idx(y, q * 3)),
            Period::Year(y) => (idx(y, 1), idx(y, 12)),
        }
    }

    /// The month with index `year*12 + month-1`.
    pub fn month_from_index(i: u32) -> Period {
        Period::Month(u16::try_from(i / 12).unwrap_or(0), (i % 12) as u8 + 1)
    }

    fn encode(self) -> u64 {
        let (y, sub) = match self {
            Period::Year(y) => (y, 0u8),
            Period::Month(y, m) => (y, m),
            Period::Quarter(y, q) => (y, 12 + q),
        };
        u64::from(y) * 32 + u64::from(sub)
    }

    fn decode(raw: u64) -> Option<Period> {
        let y = u16::try_from(raw / 32).ok().filter(|y| *y > 0)?;
        let sub = (raw % 32) as u8;
        match sub {
            0 => Some(Period::Year(y)),
            1..=12 => Some(Period::Month(y, sub)),
            13..=16 => Some(Period::Quarter(y, sub - 12)),
            _ => None,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            Error::parameter(
                "period",
                s,
                "expected 2025, 2025-Q3 or 2025-07",
                "应写作 2025、2025-Q3 或 2025-07",
            )
        };
        let year = |t: &str| -> Result<u16, Error> {
            if t.len() != 4 {
                return Err(bad());
            }
            t.parse::<u16>()
                .ok()
                .filter(|y| (1..=MAX_YEAR as u16).contains(y))
                .ok_or_else(bad)
        };
        match s.split_once('-') {
            None => Ok(Period::Year(year(s)?)),
            Some((y, rest)) => {
                let y = year(y)?;
                if let Some(q) = rest.strip_prefix('Q') {
                    let q: u8 = q.parse().map_err(|_| bad())?;
                    if (1..=4).contains(&q) && rest.len() == 2 {
                        return Ok(Period::Quarter(y, q));
                    }
                    return Err(bad());
                }
                let m: u8 = rest.parse().map_err(|_| bad())?;
                if (1..=12).contains(&m) && rest.len() == 2 {
                    Ok(Period::Month(y, m))
                } else {
                    Err(bad())
                }
            }
        }
    }
}

/// A category at a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CategoryValue {
    /// Goods, services or other.
    Top(TopCategory),
    /// A major category.
    Major(MajorCategory),
    /// A category at the item level: the item where known, else the major category alone.
    Item(Category),
}

impl CategoryValue {
    /// The value of `c` at a level.
    pub fn of(c: Category, level: CategoryLevel) -> CategoryValue {
        match level {
            CategoryLevel::Top => CategoryValue::Top(c.top()),
            CategoryLevel::Major => CategoryValue::Major(c.major()),
            CategoryLevel::Minor => CategoryValue::Item(c),
        }
    }

    /// This value at a coarser level.
    pub fn at(self, level: CategoryLevel) -> CategoryValue {
        match (self, level) {
            (CategoryValue::Item(c), l) => CategoryValue::of(c, l),
            (CategoryValue::Major(m), CategoryLevel::Top) => CategoryValue::Top(m.top()),
            (v, _) => v,
        }
    }

    fn encode(self) -> u64 {
        match self {
            CategoryValue::Top(t) => 1 + index_of(TopCategory::ALL, t),
            CategoryValue::Major(m) => 16 + index_of(MajorCategory::ALL, m),
            CategoryValue::Item(c) => match c.minor() {
                Some(m) => 64 + index_of(MinorCategory::ALL, m),
                None => 128 + index_of(MajorCategory::ALL, c.major()),
            },
        }
    }

    fn decode(raw: u64) -> Option<CategoryValue> {
        let i = |base: u64| usize::try_from(raw.checked_sub(base)?).ok();
        match raw {
            1..=15 => Some(CategoryValue::Top(*TopCategory::ALL.get(i(1)?)?)),
            16..=63 => Some(CategoryValue::Major(*MajorCategory::ALL.get(i(16)?)?)),
            64..=127 => Some(CategoryValue::Item(Category::item(
                *MinorCategory::ALL.get(i(64)?)?,
            ))),
            128..=255 => Some(CategoryValue::Item(Category::major_only(
                *MajorCategory::ALL.get(i(128)?)?,
            ))),
            _ => None,
        }
    }

    fn parse(s: &str, level: CategoryLevel) -> Option<CategoryValue> {
        match level {
            CategoryLevel::Top => s.parse::<TopCategory>().ok().map(CategoryValue::Top),
            CategoryLevel::Major => s.parse::<MajorCategory>().ok().map(CategoryValue::Major),
            CategoryLevel::Minor => s.parse::<Category>().ok().map(CategoryValue::Item),
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> String {
        match self {
            CategoryValue::Top(t) => t.name_zh().to_owned(),
            CategoryValue::Major(m) => m.name_zh().to_owned(),
            CategoryValue::Item(c) => c.name_zh(),
        }
    }
}

impl fmt::Display for CategoryValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CategoryValue::Top(t) => f.write_str(t.code()),
            CategoryValue::Major(m) => f.write_str(m.code()),
            CategoryValue::Item(c) => write!(f, "{c}"),
        }
    }
}

/// The value of one dimension in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DimValue {
    /// A margin: all values.
    All,
    /// A period.
    Period(Period),
    /// A division.
    Region(DivisionCode),
    /// Divisions outside the declared domain.
    RegionOther,
    /// A category.
    Category(CategoryValue),
    /// A problem nature.
    ProblemNature(ProblemNature),
    /// A channel.
    Channel(Channel),
    /// A set of consumer groups.
    ConsumerGroup(GroupSet),
    /// No outcome recorded.
    OutcomeUnknown,
    /// An outcome state.
    Outcome(OutcomeState),
}

impl fmt::Display for DimValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DimValue::All => f.write_str("all"),
            DimValue::Period(p) => write!(f, "{p}"),
            DimValue::Region(d) => write!(f, "{d}"),
            DimValue::RegionOther => f.write_str("other"),
            DimValue::Category(c) => write!(f, "{c}"),
            DimValue::ProblemNature(n) => f.write_str(n.code()),
            DimValue::Channel(c) => f.write_str(c.code()),
            DimValue::ConsumerGroup(g) => f.write_str(&g.code()),
            DimValue::OutcomeUnknown => f.write_str("unknown"),
            DimValue::Outcome(o) => f.write_str(o.code()),
        }
    }
}

/// A packed cell key: the value of every dimension in its slot, 0 for "all".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct CellKey(pub(crate) u64);

impl CellKey {
    /// The key of the grand total (every slot "all").
    pub const TOTAL: CellKey = CellKey(0);

    /// The raw value of a slot.
    pub fn slot(self, kind: DimKind) -> u64 {
        let (shift, width) = kind.slot();
        (self.0 >> shift) & ((1u64 << width) - 1)
    }

    /// This key with a slot replaced (the value is masked to the slot's width).
    pub fn with_slot(self, kind: DimKind, raw: u64) -> CellKey {
        let (shift, width) = kind.slot();
        let mask = ((1u64 << width) - 1) << shift;
        CellKey((self.0 & !mask) | ((raw << shift) & mask))
    }

    /// Whether every grouped slot is a value (not "all").
    pub fn is_inner(self, by: &GroupBy) -> bool {
        by.dims().iter().all(|d| self.slot(d.kind()) != 0)
    }

    /// The number of dimensions of `by` set to "all" in this key.
    pub fn margin_depth(self, by: &GroupBy) -> usize {
        by.dims()
            .iter()
            .filter(|d| self.slot(d.kind()) == 0)
            .count()
    }

    /// The raw bits (stable within one version of this crate; use the labelled form in files).
    pub fn bits(self) -> u64 {
        self.0
    }
}

/// An ordered list of dimensions with levels, at most one per kind: what a table or an
/// aggregate is grouped by. Written `period=quarter,region=county,category=major`.
///
/// ```
/// use weiquan_stats::GroupBy;
/// let by: GroupBy = "period=quarter,region=county,category=major".parse()?;
/// assert_eq!(by.to_string(), "period=quarter,region=county,category=major");
/// let coarser: GroupBy = "period=year,category=top".parse()?;
/// assert!(coarser.is_coarsening_of(&by));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct GroupBy(Vec<Dimension>);

impl GroupBy {
    /// A group-by from dimensions; rejects a kind given twice.
    pub fn new(dims: Vec<Dimension>) -> Result<GroupBy, Error> {
        for (i, d) in dims.iter().enumerate() {
            if dims.iter().skip(i + 1).any(|e| e.kind() == d.kind()) {
                return Err(Error::GroupBy {
                    value: dims
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                    reason: Text::new(
                        format!("{} is given twice", d.kind().name()),
                        format!("{} 重复出现", d.kind().name()),
                    ),
                });
            }
        }
        Ok(GroupBy(dims))
    }

    /// The dimensions, in order.
    pub fn dims(&self) -> &[Dimension] {
        &self.0
    }

    /// The dimension of a kind, if grouped.
    pub fn get(&self, kind: DimKind) -> Option<Dimension> {
        self.0.iter().copied().find(|d| d.kind() == kind)
    }

    /// The key of a record.
    pub fn key_of(&self, r: &StatsRecord) -> CellKey {
        self.0.iter().fold(CellKey(0), |k, d| {
            let (shift, _) = d.kind().slot();
            CellKey(k.0 | (d.encode(r) << shift))
        })
    }

    /// Whether every dimension of `self` is in `finer` at the same or a finer level.
    pub fn is_coarsening_of(&self, finer: &GroupBy) -> bool {
        self.0.iter().all(|d| {
            finer
                .get(d.kind())
                .is_some_and(|f| f.fineness() >= d.fineness())
        })
    }

    /// A key of a finer grouping coarsened to this one (dimensions not in `self` become "all").
    pub fn coarsen(&self, key: CellKey) -> CellKey {
        self.0.iter().fold(CellKey(0), |k, d| {
            k.with_slot(d.kind(), d.coarsen(key.slot(d.kind())))
        })
    }

    /// The union: every dimension of either, at the finer level of the two, in `self`'s order
    /// then `other`'s.
    pub fn union(&self, other: &GroupBy) -> GroupBy {
        let mut dims = self.0.clone();
        for d in &other.0 {
            match dims.iter_mut().find(|e| e.kind() == d.kind()) {
                Some(e) => {
                    if d.fineness() > e.fineness() {
                        *e = *d;
                    }
                }
                None => dims.push(*d),
            }
        }
        GroupBy(dims)
    }

    /// This grouping with the period at month grain (added when absent): the grain at which
    /// the audit keeps its atoms, so that releases over different spans can be compared.
    pub fn with_month(&self) -> GroupBy {
        self.union(&GroupBy(vec![Dimension::Period(PeriodGrain::Month)]))
    }

    /// The values of a key as `(dimension name, value)` pairs, in this group-by's order.
    pub fn labels(&self, key: CellKey) -> Vec<(&'static str, String)> {
        self.0
            .iter()
            .map(|d| {
                let raw = key.slot(d.kind());
                let v = d
                    .decode(raw)
                    .map_or_else(|| format!("?{raw}"), |v| v.to_string());
                (d.kind().name(), v)
            })
            .collect()
    }

    /// A key written as `period=2025-Q3 region=130102` (for messages).
    pub fn describe(&self, key: CellKey) -> String {
        let l = self.labels(key);
        if l.is_empty() {
            return "total".to_owned();
        }
        l.iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A cell for an error message: [`GroupBy::describe`], in Chinese `单元格“...”` or
    /// `合计单元格`.
    pub(crate) fn describe_text(&self, key: CellKey) -> Text {
        let en = self.describe(key);
        let zh = if self.labels(key).is_empty() {
            "合计单元格".to_owned()
        } else {
            format!("单元格“{en}”")
        };
        Text::new(en, zh)
    }

    /// Reads labels written by [`GroupBy::labels`] back into a key.
    pub fn parse_labels<'a>(
        &self,
        labels: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<CellKey, Error> {
        let mut key = CellKey(0);
        for (name, value) in labels {
            let kind = DimKind::from_name(name).ok_or_else(|| Error::Format {
                what: "cell key",
                reason: Text::new(
                    format!("unknown dimension {name:?}"),
                    format!("未知的维度“{name}”"),
                ),
            })?;
            let dim = self.get(kind).ok_or_else(|| Error::Format {
                what: "cell key",
                reason: Text::new(
                    format!("dimension {name:?} is not grouped"),
                    format!("未按维度“{name}”分组"),
                ),
            })?;
            let raw = dim.parse_value(value).ok_or_else(|| Error::Format {
                what: "cell key",
                reason: Text::new(
                    format!("{value:?} is not a value of {dim}"),
                    format!("“{value}”不是维度 {dim} 的取值"),
                ),
            })?;
            key = key.with_slot(kind, raw);
        }
        Ok(key)
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

impl FromStr for GroupBy {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() {
            return Ok(GroupBy::default());
        }
        let dims = s
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<Dimension>, Error>>()?;
        GroupBy::new(dims)
    }
}

impl Serialize for GroupBy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for GroupBy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 31).unwrap();
        assert_eq!(Period::of(d, PeriodGrain::Month).to_string(), "2025-08");
        assert_eq!(Period::of(d, PeriodGrain::Quarter).to_string(), "2025-Q3");
        assert_eq!(Period::of(d, PeriodGrain::Year).to_string(), "2025");
        for s in ["2025", "2025-Q3", "2025-08", "2026-12"] {
            let p: Period = s.parse().unwrap();
            assert_eq!(p.to_string(), s);
            assert_eq!(Period::decode(p.encode()), Some(p));
        }
        for bad in ["2025-13", "2025-Q5", "25", "2025-Q", "2025-8", "x"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert_eq!(
            "2025-Q3".parse::<Period>().unwrap().month_range(),
            (2025 * 12 + 6, 2025 * 12 + 8)
        );
    }

    #[test]
    fn group_by_parses_and_rejects() {
        let by: GroupBy = "period=quarter, region=prefecture,nature,group"
            .parse()
            .unwrap();
        assert_eq!(
            by.to_string(),
            "period=quarter,region=prefecture,problem_nature,consumer_group"
        );
        assert!("period=week".parse::<GroupBy>().is_err());
        assert!("channel=x".parse::<GroupBy>().is_err());
        assert!("region,region=province".parse::<GroupBy>().is_err());
        assert!("colour".parse::<GroupBy>().is_err());
        assert_eq!("".parse::<GroupBy>().unwrap().dims().len(), 0);
    }

    #[test]
    fn coarsening_keys() {
        let fine: GroupBy = "period=month,region=county,category=minor".parse().unwrap();
        let coarse: GroupBy = "period=quarter,category=top".parse().unwrap();
        assert!(coarse.is_coarsening_of(&fine));
        assert!(!fine.is_coarsening_of(&coarse));
        let key = fine
            .parse_labels([
                ("period", "2025-08"),
                ("region", "130102"),
                ("category", "internet/commercial_internet"),
            ])
            .unwrap();
        assert_eq!(
            fine.describe(key),
            "period=2025-08 region=130102 category=internet/commercial_internet"
        );
        let c = coarse.coarsen(key);
        assert_eq!(coarse.describe(c), "period=2025-Q3 category=services");
        assert_eq!(c.slot(DimKind::Region), 0);
        let major: GroupBy = "category=minor".parse().unwrap();
        let k2 = major.parse_labels([("category", "food")]).unwrap();
        assert_eq!(major.describe(k2), "category=food");
        let u = coarse.union(&fine);
        assert_eq!(u.to_string(), "period=month,category=minor,region=county");
    }
}
