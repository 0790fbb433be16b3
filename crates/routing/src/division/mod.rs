//! The registry of administrative divisions (GB/T 2260): every province, prefecture and
//! county-level unit of the country, plus the detail of Hebei and Shijiazhuang with validity
//! dates and the successors of abolished and renamed codes.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use smallvec::SmallVec;
use weiquan_complaint::DivisionCode;
use weiquan_law::Reliability;

mod address;
mod loading;
mod resolution;

pub use loading::Sources;
pub(crate) use loading::parse_date;

/// The kind of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionKind {
    /// 省、自治区、直辖市、特别行政区.
    Province,
    /// 地级市、地区、自治州、盟 (and the "directly administered" groupings).
    Prefecture,
    /// 市辖区.
    District,
    /// 县、自治县、旗.
    County,
    /// 县级市.
    CountyCity,
    /// A county-level unit whose kind the national list does not say and its name does not
    /// show (e.g. 林区, 特区).
    CountyLevel,
    /// A development zone with a statistical code only (fifth digit 7); not a GB/T 2260 code
    /// and never part of an identity number.
    DevZone,
}

impl DivisionKind {
    /// The code used in the data files, e.g. `county_city`.
    pub fn code(self) -> &'static str {
        match self {
            DivisionKind::Province => "province",
            DivisionKind::Prefecture => "prefecture",
            DivisionKind::District => "district",
            DivisionKind::County => "county",
            DivisionKind::CountyCity => "county_city",
            DivisionKind::CountyLevel => "county_level",
            DivisionKind::DevZone => "dev_zone",
        }
    }

    /// Whether the kind is at county level (development zones included).
    pub fn is_county_level(self) -> bool {
        !matches!(self, DivisionKind::Province | DivisionKind::Prefecture)
    }
}

impl fmt::Display for DivisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A date from the division data: exact where the approval date is known, otherwise only
/// the year the code entered or left the code list (then `date` is 1 January of that year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateBound {
    /// The date (1 January for a year-only bound).
    pub date: NaiveDate,
    /// Only the year is known.
    pub year_only: bool,
}

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `NaiveDate`'s own Display is `%Y-%m-%d`.
        if self.year_only {
            write!(f, "{:04}", self.date.year())
        } else {
            write!(f, "{}", self.date)
        }
    }
}

impl Serialize for DateBound {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A note on one code, with how reliable its source is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DivisionNote {
    /// How reliable the fact noted is.
    pub reliability: Reliability,
    /// The note in English.
    pub en: String,
    /// The note in Chinese.
    pub zh: String,
}

/// One division code with its name, kind, parent and validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    /// The code.
    pub code: DivisionCode,
    /// The name, e.g. `长安区`.
    pub name: String,
    /// The kind.
    pub kind: DivisionKind,
    /// The division one level up (a province for a municipality's districts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<DivisionCode>,
    /// When the code came into use, where the detail data says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<DateBound>,
    /// When the code was abolished; `None` while it is in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<DateBound>,
    /// The codes that took over its territory, for an abolished code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<DivisionCode>,
    /// A note on the code, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<DivisionNote>,
}

impl Division {
    /// Whether the code has been abolished (at any date).
    pub fn is_abolished(&self) -> bool {
        self.valid_to.is_some()
    }

    /// Whether the code was still in use on `date` (it may not have been created yet: see
    /// [`Division::is_valid_on`]).
    pub fn is_unabolished_on(&self, date: NaiveDate) -> bool {
        self.valid_to.is_none_or(|t| date < t.date)
    }

    /// Whether the code was in use on `date`: created on or before it and not yet abolished.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f.date <= date) && self.is_unabolished_on(date)
    }

    /// Whether it is at county level (development zones included).
    pub fn is_county_level(&self) -> bool {
        self.kind.is_county_level()
    }
}

/// Where an abolished code's territory went, for one code and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The code asked about.
    pub code: DivisionCode,
    /// The codes in use on the date (the code itself when it was not abolished), in the
    /// order the data lists them.
    pub live: Vec<DivisionCode>,
    /// The chain of codes followed, from `code` to the first live one (`[code]` for a live
    /// code).
    pub path: Vec<DivisionCode>,
}

impl Resolution {
    /// Whether the code was abolished and replaced.
    pub fn changed(&self) -> bool {
        self.live.as_slice() != [self.code]
    }

    /// Whether its territory went to more than one code (a split).
    pub fn is_split(&self) -> bool {
        self.live.len() > 1
    }
}

/// Which successor of a split code was chosen, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessorChoice<'r> {
    /// The code was not split: its only successor (or itself, when live).
    Only,
    /// The address's administrative part names this successor itself (`桥西区`).
    Division(&'r str),
    /// The address names a subdistrict that went to this successor: the place name and the
    /// word after it (`东华` and `街道`; `桃园` and `镇`).
    Subdistrict(&'r str, &'static str),
    /// The address contains a place name that went to this successor, but not followed by
    /// 街道, 镇 or 乡: it may be a road named after the place (`中山东路`).
    Keyword(&'r str),
    /// No place name decides: the first successor listed was taken.
    FirstListed,
}

/// A successor of a split code with the place names (streets, towns) that went to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Split {
    successor: u32,
    keywords: Vec<String>,
}

/// The division registry. Build it once ([`Registry::embedded`]) and share it.
///
/// ```
/// use weiquan_routing::Registry;
/// let reg = Registry::embedded()?;
/// let d = reg.get("130182".parse()?).ok_or("missing")?;
/// assert_eq!(d.name, "藁城市");
/// assert!(d.is_abolished());
/// let r = reg.resolve("130182".parse()?, None)?;
/// assert_eq!(r.live, vec!["130109".parse()?]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Registry {
    /// Sorted by code.
    divisions: Vec<Division>,
    /// Code → index, an open-addressing hash table (the lookup every routing does).
    index: CodeIndex,
    /// Exact names to indices, built on first use.
    names: OnceLock<HashMap<String, SmallVec<[u32; 2]>>>,
    /// The live codes at the end of each abolished code's successor chain (empty when live).
    terminal: Vec<SmallVec<[u32; 2]>>,
    /// Keyword tables of split codes, by index.
    splits: HashMap<u32, Vec<Split>>,
    /// The names addresses are read with, built on first use.
    address_index: OnceLock<address::AddressIndex>,
}

/// Division code → index: open addressing with linear probing in a power-of-two table at
/// most half full, so a lookup is a multiply, a shift and one or two probes.
#[derive(Debug, Clone)]
struct CodeIndex {
    /// `(code, index)`; code 0 marks an empty slot (no division code is 0).
    slots: Vec<(u32, u32)>,
    shift: u32,
}

impl CodeIndex {
    fn new(codes: impl ExactSizeIterator<Item = u32>) -> CodeIndex {
        let bits = (codes.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut index = CodeIndex {
            slots: vec![(0, 0); 1usize << bits],
            shift: 32 - bits,
        };
        let mask = index.slots.len() - 1;
        for (i, code) in codes.enumerate() {
            let mut h = index.home(code);
            while let Some(slot) = index.slots.get_mut(h) {
                if slot.0 == 0 || slot.0 == code {
                    *slot = (code, i as u32);
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        index
    }

    #[inline]
    fn home(&self, code: u32) -> usize {
        (code.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, code: u32) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut h = self.home(code);
        loop {
            let (c, i) = *self.slots.get(h)?;
            if c == code {
                return Some(i);
            }
            if c == 0 {
                return None;
            }
            h = (h + 1) & mask;
        }
    }
}
