//! `ResidentId`: the 18-character resident identity number of GB 11643-1999.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::division::is_province_prefix;
use crate::normalize::compact_identifier;
use crate::{DivisionCode, Error};

/// ISO 7064 MOD 11-2 weights, Wi = 2^(17-i) mod 11 for i = 1..17 (GB 11643-1999 §6.2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for S mod 11 = 0..10.
const CHECK: [u8; 11] = *b"10X98765432";

/// The sex encoded by the sequence code's last digit (odd: male, even: female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// An odd sequence digit.
    Male,
    /// An even sequence digit.
    Female,
}

/// An 18-character mainland resident identity number (公民身份号码, GB 11643-1999).
///
/// Parsing normalises a lowercase `x`, full-width digits and spaces, and checks the region
/// prefix, a real birth date (leap years included) not after the reference date, and the
/// ISO 7064 MOD 11-2 check character. [`FromStr`] uses today's date in China Standard Time as
/// the reference; [`ResidentId::parse_on`] takes it explicitly (the complaint validator uses
/// the date the complaint was received). The 15-digit legacy form is accepted only through
/// [`ResidentId::from_legacy_15`].
///
/// ```
/// use weiquan_complaint::{ResidentId, Sex};
/// let id: ResidentId = "11010519491231002x".parse()?;
/// assert_eq!(id.to_string(), "11010519491231002X");
/// assert_eq!(id.birth_date().to_string(), "1949-12-31");
/// assert_eq!(id.sex(), Sex::Female);
/// assert_eq!(id.region().to_string(), "110105");
/// # Ok::<(), weiquan_complaint::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId(pub(crate) [u8; 18]);

/// The check character (`0`-`9` or `X`) for the first 17 digits.
fn check_char(body: &[u8]) -> char {
    let s: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK.get((s % 11) as usize).map_or('?', |c| char::from(*c))
}

impl ResidentId {
    /// `11010519491231002X`, the example of GB 11643-1999 (Beijing Chaoyang, born 1949-12-31,
    /// female): a valid value that needs no parsing, for code that must have a number and
    /// cannot fail (the generator of `weiquan-synth`).
    pub const EXAMPLE: ResidentId = ResidentId(*b"11010519491231002X");

    /// Parses with `today` as the latest possible birth date.
    pub fn parse_on(s: &str, today: NaiveDate) -> Result<ResidentId, Error> {
        let id = Self::parse_structure(s)?;
        if id.birth_date() > today {
            return Err(Error::ResidentIdFutureBirth {
                value: weiquan_support::mask::resident_id(s),
                birth: id.birth_date(),
            });
        }
        Ok(id)
    }

    /// Parses and checks everything but the future-birth rule.
    pub fn parse_structure(s: &str) -> Result<ResidentId, Error> {
        let t = compact_identifier(s);
        let chars = t.chars().count();
        if chars == 18 && t.len() != 18 {
            return Err(Error::ResidentIdCharset {
                value: weiquan_support::mask::resident_id(s),
            });
        }
        if chars != 18 {
            return Err(Error::ResidentIdLength {
                value: weiquan_support::mask::resident_id(s),
                found: chars,
            });
        }
        let mut b = [0u8; 18];
        for (o, c) in b.iter_mut().zip(t.bytes()) {
            *o = c.to_ascii_uppercase();
        }
        let (body, last) = b.split_at(17);
        if !body.iter().all(u8::is_ascii_digit)
            || !last.iter().all(|c| c.is_ascii_digit() || *c == b'X')
        {
            return Err(Error::ResidentIdCharset {
                value: weiquan_support::mask::resident_id(s),
            });
        }
        if !is_province_prefix(digits(&b, 0, 2)) {
            return Err(Error::ResidentIdRegion {
                value: weiquan_support::mask::resident_id(s),
            });
        }
        if birth_from(&b).is_none() {
            return Err(Error::ResidentIdBirthDate {
                value: weiquan_support::mask::resident_id(s),
            });
        }
        let expected = check_char(body);
        if last.first().map(|c| char::from(*c)) != Some(expected) {
            return Err(Error::ResidentIdChecksum {
                value: weiquan_support::mask::resident_id(s),
                expected,
            });
        }
        Ok(ResidentId(b))
    }

    /// Converts a 15-digit first-generation number (region, YYMMDD in the 1900s, sequence)
    /// to the 18-character form by inserting `19` and computing the check character.
    pub fn from_legacy_15(s: &str) -> Result<ResidentId, Error> {
        let t = compact_identifier(s);
        if t.len() != 15 {
            return Err(Error::ResidentIdLength {
                value: weiquan_support::mask::resident_id(s),
                found: t.chars().count(),
            });
        }
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return Err(Error::ResidentIdCharset {
                value: weiquan_support::mask::resident_id(s),
            });
        }
        let (region, rest) = t.split_at(6);
        let body = format!("{region}19{rest}");
        let check = check_char(body.as_bytes());
        Self::parse_structure(&format!("{body}{check}")).map_err(|e| match e {
            Error::ResidentIdLength { .. } => Error::ResidentIdLength {
                value: weiquan_support::mask::resident_id(s),
                found: 15,
            },
            Error::ResidentIdRegion { .. } => Error::ResidentIdRegion {
                value: weiquan_support::mask::resident_id(s),
            },
            Error::ResidentIdBirthDate { .. } => Error::ResidentIdBirthDate {
                value: weiquan_support::mask::resident_id(s),
            },
            other => other,
        })
    }

    /// The date of birth.
    pub fn birth_date(&self) -> NaiveDate {
        birth_from(&self.0).unwrap_or_default()
    }

    /// The sex from the sequence code.
    pub fn sex(&self) -> Sex {
        if digits(&self.0, 16, 17) % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The region (address) code where the number was first issued.
    pub fn region(&self) -> DivisionCode {
        DivisionCode::new(digits(&self.0, 0, 6)).unwrap_or_else(|| self.region_province_fallback())
    }

    fn region_province_fallback(&self) -> DivisionCode {
        // The prefix was checked at parse time, so the province code always exists.
        DivisionCode::new(digits(&self.0, 0, 2) * 10_000).unwrap_or(DivisionCode::MIN)
    }

    /// The age in whole years on `on`.
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        let b = self.birth_date();
        let mut age = on.year() - b.year();
        if (on.month(), on.day()) < (b.month(), b.day()) {
            age -= 1;
        }
        u32::try_from(age).unwrap_or(0)
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The check character the first 17 digits of `body17` call for, for generators.
    pub fn check_char_for(body17: &str) -> Option<char> {
        (body17.len() == 17 && body17.bytes().all(|c| c.is_ascii_digit()))
            .then(|| check_char(body17.as_bytes()))
    }
}

fn digits(b: &[u8], from: usize, to: usize) -> u32 {
    b.get(from..to)
        .unwrap_or(&[])
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d.wrapping_sub(b'0')))
}

fn birth_from(b: &[u8]) -> Option<NaiveDate> {
    let year = i32::try_from(digits(b, 6, 10)).ok()?;
    if year < 1850 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, digits(b, 10, 12), digits(b, 12, 14))
}

/// Today's date in China Standard Time (UTC+8), the legal day in mainland China.
///
/// Not built for `wasm32-unknown-unknown`: the standard library has no clock there and reading
/// it panics, so a WebAssembly build that reached this would fail at run time; without it, such
/// a build does not compile. Pass the date instead ([`ResidentId::parse_on`]), from
/// JavaScript's clock as `weiquan-wasm` does.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn today_cst() -> NaiveDate {
    (chrono::Utc::now() + chrono::TimeDelta::hours(8)).date_naive()
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses with the future-birth rule checked against [`today_cst`] (not on
/// `wasm32-unknown-unknown`, which has no clock: use [`ResidentId::parse_on`]).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
impl FromStr for ResidentId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResidentId::parse_on(s, today_cst())
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Deserialisation checks the structure only; the complaint validator checks the birth date
/// against the date the complaint was received, so that validation is deterministic.
impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Structural(ResidentId);
        impl FromStr for Structural {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                ResidentId::parse_structure(s).map(Structural)
            }
        }
        crate::serde_util::from_str_visitor::<D, Structural>(d, "an 18-character resident ID")
            .map(|s| s.0)
    }
}

crate::serde_util::string_schema!(
    ResidentId,
    "An 18-character resident identity number (GB 11643-1999).",
    "^[0-9]{17}[0-9X]$"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn reference_examples() {
        let a = ResidentId::parse_on("11010519491231002X", day("2026-01-01")).unwrap();
        assert_eq!(a.sex(), Sex::Female);
        assert_eq!(a, ResidentId::EXAMPLE);
        let b = ResidentId::parse_on("130102199001011237", day("2026-01-01")).unwrap();
        assert_eq!(b.birth_date(), day("1990-01-01"));
        assert_eq!(b.sex(), Sex::Male);
        assert_eq!(b.age_on(day("2025-12-31")), 35);
        assert_eq!(b.age_on(day("2026-01-01")), 36);
    }

    #[test]
    fn normalises_case_width_and_spaces() {
        let id = ResidentId::parse_on(" １１０１０５ 19491231 002x ", day("2026-01-01")).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn each_rule_has_its_error() {
        let t = day("2026-01-01");
        assert_eq!(
            ResidentId::parse_on("1301021990010112", t),
            Err(Error::ResidentIdLength {
                value: "1301********0112".into(),
                found: 16
            })
        );
        assert_eq!(
            ResidentId::parse_on("13010219900101123A", t),
            Err(Error::ResidentIdCharset {
                value: "1301**********123A".into()
            })
        );
        assert_eq!(
            ResidentId::parse_on("990102199001011237", t),
            Err(Error::ResidentIdRegion {
                value: "9901**********1237".into()
            })
        );
        // 1900 was not a leap year; 2000 was.
        assert!(matches!(
            ResidentId::parse_on("130102190002291230", t),
            Err(Error::ResidentIdBirthDate { .. })
        ));
        let leap = format!(
            "13010220000229123{}",
            ResidentId::check_char_for("13010220000229123").unwrap()
        );
        assert!(ResidentId::parse_on(&leap, t).is_ok());
        assert_eq!(
            ResidentId::parse_on("130102199001011238", t),
            Err(Error::ResidentIdChecksum {
                value: "1301**********1238".into(),
                expected: '7'
            })
        );
        let future = format!(
            "13010220300101123{}",
            ResidentId::check_char_for("13010220300101123").unwrap()
        );
        assert!(matches!(
            ResidentId::parse_on(&future, t),
            Err(Error::ResidentIdFutureBirth { .. })
        ));
    }

    #[test]
    fn non_ascii_of_the_right_length_is_an_error_not_a_panic() {
        let v = "13010219900101123一"; // 18 characters, 20 bytes
        assert_eq!(
            ResidentId::parse_structure(v),
            Err(Error::ResidentIdCharset {
                value: "1301**********123一".into()
            })
        );
    }

    #[test]
    fn legacy_15_converts_only_explicitly() {
        let t = day("2026-01-01");
        assert!(matches!(
            ResidentId::parse_on("130102900101123", t),
            Err(Error::ResidentIdLength { .. })
        ));
        let id = ResidentId::from_legacy_15("130102900101123").unwrap();
        assert_eq!(id.as_str(), "130102199001011237");
    }
}
