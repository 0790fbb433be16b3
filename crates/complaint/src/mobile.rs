//! `Mobile`: a mainland China mobile number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;
use crate::normalize::compact_identifier;

/// A mainland mobile number: 11 digits starting `13`-`19`.
///
/// Parsing strips `+86`, `0086` or `86` in front, spaces, dashes and parentheses, and folds
/// full-width digits.
///
/// ```
/// use weiquan_complaint::Mobile;
/// let m: Mobile = "+86 138-0013-8000".parse()?;
/// assert_eq!(m.to_string(), "13800138000");
/// # Ok::<(), weiquan_complaint::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mobile(pub(crate) [u8; 11]);

impl Mobile {
    /// `13800138000`, the number examples use: a valid value that needs no parsing, for code
    /// that must have a number and cannot fail (the generator of `weiquan-synth`).
    pub const EXAMPLE: Mobile = Mobile(*b"13800138000");

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl FromStr for Mobile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || Error::MobileFormat {
            value: weiquan_support::mask::mobile(s),
        };
        let compact = compact_identifier(s);
        let t: std::borrow::Cow<'_, str> = if compact.contains(['(', ')']) {
            compact
                .chars()
                .filter(|c| !matches!(c, '(' | ')'))
                .collect::<String>()
                .into()
        } else {
            compact
        };
        let digits = t
            .strip_prefix("+86")
            .or_else(|| t.strip_prefix("0086"))
            .or_else(|| {
                if t.len() == 13 {
                    t.strip_prefix("86")
                } else {
                    None
                }
            })
            .unwrap_or(&t);
        let b = digits.as_bytes();
        if b.len() != 11 || !b.iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        if b.first() != Some(&b'1') || !matches!(b.get(1), Some(b'3'..=b'9')) {
            return Err(err());
        }
        let mut out = [0u8; 11];
        out.copy_from_slice(b);
        Ok(Mobile(out))
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Mobile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Mobile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::from_str_visitor(d, "an 11-digit mainland mobile number")
    }
}

crate::serde_util::string_schema!(
    Mobile,
    "A mainland mobile number, 11 digits.",
    "^1[3-9][0-9]{9}$"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_what_parsing_its_text_gives() {
        assert_eq!("138 0013 8000".parse::<Mobile>().unwrap(), Mobile::EXAMPLE);
    }

    #[test]
    fn strips_prefixes_and_separators() {
        for ok in [
            "13800138000",
            "+8613800138000",
            "008613800138000",
            "8613800138000",
            "138 0013 8000",
            "(+86) 138-0013-8000",
            "１３８００１３８０００",
        ] {
            assert_eq!(
                ok.parse::<Mobile>().unwrap().as_str(),
                "13800138000",
                "{ok}"
            );
        }
    }

    #[test]
    fn rejects_non_mobiles() {
        for bad in [
            "12800138000",
            "1380013800",
            "138001380001",
            "0311-86001234",
            "1380013800a",
            "",
        ] {
            assert_eq!(
                bad.parse::<Mobile>(),
                // The error carries the number masked (it is personal data).
                Err(Error::MobileFormat {
                    value: weiquan_support::mask::mobile(bad)
                }),
                "{bad}"
            );
        }
    }
}
