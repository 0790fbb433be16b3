//! `Uscc`: the 18-character unified social credit code of GB 32100-2015.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::normalize::compact_identifier;
use crate::{DivisionCode, Error};

/// The 31-character alphabet of GB 32100-2015 (no I, O, Z, S, V), value = index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights Wi = 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// GB 11714 organisation-code weights for its first 8 characters.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn value_of(c: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|a| *a == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// The check character for the first 17 characters, if they are all in the alphabet.
fn check_char(body: &[u8]) -> Option<char> {
    let mut s = 0;
    for (c, w) in body.iter().zip(WEIGHTS) {
        s += value_of(*c)? * w;
    }
    ALPHABET
        .get(((31 - s % 31) % 31) as usize)
        .map(|c| char::from(*c))
}

/// The GB 11714 check character for an 8-character organisation-code body.
fn org_check_char(body: &[u8]) -> Option<char> {
    let mut s = 0;
    for (c, w) in body.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return None,
        };
        s += v * w;
    }
    match 11 - s % 11 {
        10 => Some('X'),
        11 => Some('0'),
        d => char::from_digit(d, 10),
    }
}

/// An 18-character unified social credit code (统一社会信用代码, GB 32100-2015): registration
/// authority, entity type, 6-digit division code, 9-character organisation code and a MOD 31
/// check character.
///
/// Parsing checks the length, the alphabet (no I, O, Z, S, V), the division segment and the
/// check character. Whether the embedded organisation code's own check character (GB 11714)
/// is right is reported by [`Uscc::org_code_check_ok`] rather than enforced, because codes in
/// use do not all satisfy it; [`Uscc::parse_strict`] enforces it too.
///
/// ```
/// use weiquan_complaint::Uscc;
/// let c: Uscc = "91110000600037341l".parse()?;
/// assert_eq!(c.as_str(), "91110000600037341L");
/// assert_eq!(c.registration_authority(), '9');
/// assert_eq!(c.division().map(|d| d.to_string()), Some("110000".to_string()));
/// assert!(c.org_code_check_ok());
/// # Ok::<(), weiquan_complaint::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc([u8; 18]);

impl Uscc {
    /// Parses and also requires a valid embedded organisation code.
    pub fn parse_strict(s: &str) -> Result<Uscc, Error> {
        let c: Uscc = s.parse()?;
        let body = c.0.get(8..16).unwrap_or(&[]);
        let expected = org_check_char(body).unwrap_or('?');
        if !c.org_code_check_ok() {
            return Err(Error::UsccOrgChecksum {
                value: weiquan_support::mask::echo(s),
                expected,
            });
        }
        Ok(c)
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// Position 1: the registration authority (`1` 机构编制, `5` 民政, `9` 市场监管/工商, `Y` 其他 …).
    pub fn registration_authority(&self) -> char {
        char::from(self.0[0])
    }

    /// Position 2: the entity type within the authority (e.g. `1` enterprise, `2` individual business under `9`).
    pub fn entity_type(&self) -> char {
        char::from(self.0[1])
    }

    /// Positions 3-8: the division code of the registration authority, when it has the shape of one.
    pub fn division(&self) -> Option<DivisionCode> {
        std::str::from_utf8(self.0.get(2..8)?).ok()?.parse().ok()
    }

    /// Positions 9-17: the organisation code (GB 11714).
    pub fn org_code(&self) -> &str {
        std::str::from_utf8(self.0.get(8..17).unwrap_or(&[])).unwrap_or("")
    }

    /// Whether the embedded organisation code's check character (position 17) is right.
    pub fn org_code_check_ok(&self) -> bool {
        let body = self.0.get(8..16).unwrap_or(&[]);
        org_check_char(body).map(|c| c as u32 as u8) == self.0.get(16).copied()
    }

    /// The USCC check character for a 17-character body, for generators and tests.
    pub fn check_char_for(body17: &str) -> Option<char> {
        (body17.len() == 17)
            .then(|| check_char(body17.as_bytes()))
            .flatten()
    }

    /// The GB 11714 check character for an 8-character organisation-code body.
    pub fn org_check_char_for(body8: &str) -> Option<char> {
        (body8.len() == 8)
            .then(|| org_check_char(body8.as_bytes()))
            .flatten()
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Uscc {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = compact_identifier(s);
        let found = t.chars().count();
        if found != 18 {
            return Err(Error::UsccLength {
                value: weiquan_support::mask::echo(s),
                found,
            });
        }
        if t.len() != 18 {
            // 18 characters but not all ASCII: the first non-ASCII one is outside the alphabet.
            let position = t.chars().position(|c| !c.is_ascii()).map_or(1, |p| p + 1);
            return Err(Error::UsccCharset {
                value: weiquan_support::mask::echo(s),
                position,
            });
        }
        let mut b = [0u8; 18];
        for (o, c) in b.iter_mut().zip(t.bytes()) {
            *o = c.to_ascii_uppercase();
        }
        if let Some(pos) = b.iter().position(|c| value_of(*c).is_none()) {
            return Err(Error::UsccCharset {
                value: weiquan_support::mask::echo(s),
                position: pos + 1,
            });
        }
        if !b.get(2..8).unwrap_or(&[]).iter().all(u8::is_ascii_digit) {
            return Err(Error::UsccDivision {
                value: weiquan_support::mask::echo(s),
            });
        }
        let expected = check_char(b.get(..17).unwrap_or(&[])).unwrap_or('?');
        if b.get(17).map(|c| char::from(*c)) != Some(expected) {
            return Err(Error::UsccChecksum {
                value: weiquan_support::mask::echo(s),
                expected,
            });
        }
        Ok(Uscc(b))
    }
}

impl Serialize for Uscc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Uscc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::from_str_visitor(d, "an 18-character unified social credit code")
    }
}

crate::serde_util::string_schema!(
    Uscc,
    "An 18-character unified social credit code (GB 32100-2015).",
    "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_examples() {
        let a: Uscc = "91110000600037341L".parse().unwrap();
        assert!(a.org_code_check_ok());
        assert_eq!(a.org_code(), "600037341");
        let b: Uscc = "91130100MA0CABCD5U".parse().unwrap();
        assert_eq!(b.division().unwrap().to_string(), "130100");
        assert!(Uscc::parse_strict("91130100MA0CABCD5U").is_ok());
    }

    #[test]
    fn non_ascii_of_the_right_length_is_a_charset_error() {
        let v = "911100006000373４1L一"; // 18 characters, more than 18 bytes
        assert!(matches!(
            v.parse::<Uscc>(),
            Err(Error::UsccCharset { .. }) | Err(Error::UsccLength { .. })
        ));
        let w = "9111000060003734一L"; // exactly 18 characters, one of them CJK
        assert_eq!(
            w.parse::<Uscc>(),
            Err(Error::UsccCharset {
                value: w.into(),
                position: 17
            })
        );
    }

    #[test]
    fn each_rule_has_its_error() {
        assert_eq!(
            "9111000060003734".parse::<Uscc>(),
            Err(Error::UsccLength {
                value: "9111000060003734".into(),
                found: 16
            })
        );
        assert_eq!(
            "91110000600037341I".parse::<Uscc>(),
            Err(Error::UsccCharset {
                value: "91110000600037341I".into(),
                position: 18
            })
        );
        assert_eq!(
            "911A0000600037341L".parse::<Uscc>(),
            Err(Error::UsccDivision {
                value: "911A0000600037341L".into()
            })
        );
        assert_eq!(
            "91110000600037341M".parse::<Uscc>(),
            Err(Error::UsccChecksum {
                value: "91110000600037341M".into(),
                expected: 'L'
            })
        );
    }
}
