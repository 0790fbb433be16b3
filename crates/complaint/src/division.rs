//! `DivisionCode`: a six-digit GB/T 2260 administrative division code.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;
use crate::normalize::compact_identifier;

/// The two-digit province-level prefixes of GB/T 2260, plus 71 (Taiwan) and 81/82/83 (the
/// Hong Kong, Macao and Taiwan residence-permit prefixes that appear in identity numbers).
const PROVINCE_PREFIXES: [u32; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// Whether `prefix` (the first two digits of a code) is a province-level prefix.
pub(crate) fn is_province_prefix(prefix: u32) -> bool {
    PROVINCE_PREFIXES.contains(&prefix)
}

/// The level of a division code, read from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionLevel {
    /// `PP0000`: a province, autonomous region or municipality.
    Province,
    /// `PPCC00`: a prefecture-level city, league or the like.
    Prefecture,
    /// `PPCCXX`: a county-level division (district, county, county-level city, or zone).
    County,
}

/// A six-digit GB/T 2260 administrative division code, e.g. `130102` (石家庄市长安区).
///
/// This type knows the shape of a code — its level and its parents — not whether the code
/// exists; the registry of existing, abolished and renamed codes belongs to `weiquan-routing`.
///
/// ```
/// use weiquan_complaint::{DivisionCode, DivisionLevel};
/// let d: DivisionCode = "130102".parse()?;
/// assert_eq!(d.level(), DivisionLevel::County);
/// assert_eq!(d.prefecture().map(|p| p.to_string()), Some("130100".to_string()));
/// assert_eq!(d.province().to_string(), "130000");
/// # Ok::<(), weiquan_complaint::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DivisionCode(u32);

impl DivisionCode {
    /// The smallest valid code (110000, Beijing): a valid value that needs no parsing, for
    /// fallbacks that are never reached (a province read from a parsed identity number, the
    /// generator of `weiquan-synth` reading its constant tables).
    pub const MIN: DivisionCode = DivisionCode(110_000);

    /// A code from its number, if it has the shape of a division code.
    pub fn new(code: u32) -> Option<DivisionCode> {
        (100_000..=999_999)
            .contains(&code)
            .then_some(())
            .filter(|_| is_province_prefix(code / 10_000))
            .map(|_| DivisionCode(code))
    }

    /// The code as a number.
    pub fn as_u32(self) -> u32 {
        self.0
    }

    /// Province, prefecture or county, from the zeros at the end.
    pub fn level(self) -> DivisionLevel {
        if self.0.is_multiple_of(10_000) {
            DivisionLevel::Province
        } else if self.0.is_multiple_of(100) {
            DivisionLevel::Prefecture
        } else {
            DivisionLevel::County
        }
    }

    /// The province-level code (`PP0000`).
    pub fn province(self) -> DivisionCode {
        DivisionCode(self.0 / 10_000 * 10_000)
    }

    /// The prefecture-level code (`PPCC00`), or `None` for a province.
    pub fn prefecture(self) -> Option<DivisionCode> {
        match self.level() {
            DivisionLevel::Province => None,
            _ => Some(DivisionCode(self.0 / 100 * 100)),
        }
    }

    /// The code one level up, or `None` for a province.
    pub fn parent(self) -> Option<DivisionCode> {
        match self.level() {
            DivisionLevel::Province => None,
            DivisionLevel::Prefecture => Some(self.province()),
            DivisionLevel::County => self.prefecture(),
        }
    }

    /// This code generalised to `level` (itself when it is already at or above it).
    pub fn at_level(self, level: DivisionLevel) -> DivisionCode {
        match (level, self.level()) {
            (DivisionLevel::Province, _) => self.province(),
            (DivisionLevel::Prefecture, DivisionLevel::County) => DivisionCode(self.0 / 100 * 100),
            _ => self,
        }
    }

    /// Whether `self` lies within `other` (or is it).
    pub fn is_within(self, other: DivisionCode) -> bool {
        self == other || self.at_level(other.level()) == other && self.level() > other.level()
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl FromStr for DivisionCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || Error::DivisionCodeFormat {
            value: weiquan_support::mask::echo(s),
        };
        let t = compact_identifier(s);
        if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let n: u32 = t.parse().map_err(|_| err())?;
        DivisionCode::new(n).ok_or_else(err)
    }
}

impl Serialize for DivisionCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DivisionCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::from_str_visitor(d, "a 6-digit division code such as \"130102\"")
    }
}

crate::serde_util::string_schema!(
    DivisionCode,
    "A six-digit GB/T 2260 division code.",
    "^[0-9]{6}$"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_parents() {
        let c: DivisionCode = "130102".parse().unwrap();
        assert_eq!(c.level(), DivisionLevel::County);
        assert_eq!(c.parent().unwrap().to_string(), "130100");
        assert_eq!(c.parent().unwrap().parent().unwrap().to_string(), "130000");
        assert_eq!(c.province().parent(), None);
        assert!(c.is_within("130100".parse().unwrap()));
        assert!(c.is_within("130000".parse().unwrap()));
        assert!(!c.is_within("130200".parse().unwrap()));
        assert_eq!(c.at_level(DivisionLevel::Prefecture).to_string(), "130100");
        assert_eq!(
            "１３０１００".parse::<DivisionCode>().unwrap().level(),
            DivisionLevel::Prefecture
        );
    }

    #[test]
    fn the_smallest_code_is_valid_and_smallest() {
        assert_eq!(DivisionCode::new(110_000), Some(DivisionCode::MIN));
        assert_eq!(DivisionCode::new(109_999), None);
        assert_eq!(DivisionCode::MIN.level(), DivisionLevel::Province);
    }

    #[test]
    fn rejects_bad_shapes() {
        for bad in ["13010", "1301020", "abcdef", "000000", "990000", ""] {
            assert_eq!(
                bad.parse::<DivisionCode>(),
                Err(Error::DivisionCodeFormat { value: bad.into() })
            );
        }
    }
}
