//! `Sha256`: a SHA-256 digest written as 64 hexadecimal digits.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;
use crate::normalize::compact_identifier;

/// A SHA-256 digest as 64 lowercase hexadecimal digits (upper case is accepted and folded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256(pub(crate) [u8; 64]);

impl Sha256 {
    /// The digest of zero bytes (`e3b0c442…7852b855`): a valid value that needs no parsing,
    /// for code that must have a digest and cannot fail (the generator of `weiquan-synth`).
    pub const EMPTY: Sha256 =
        Sha256(*b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl FromStr for Sha256 {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = compact_identifier(s);
        let b = t.as_bytes();
        if b.len() != 64 || !b.iter().all(u8::is_ascii_hexdigit) {
            return Err(Error::Sha256Format {
                value: weiquan_support::mask::echo(s),
            });
        }
        let mut out = [0u8; 64];
        for (o, c) in out.iter_mut().zip(b) {
            *o = c.to_ascii_lowercase();
        }
        Ok(Sha256(out))
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Sha256 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Sha256 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::from_str_visitor(d, "a SHA-256 digest of 64 hex digits")
    }
}

crate::serde_util::string_schema!(
    Sha256,
    "A SHA-256 digest, 64 lowercase hex digits.",
    "^[0-9a-f]{64}$"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_digest_is_what_parsing_its_text_gives() {
        let parsed: Sha256 = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
            .parse()
            .unwrap();
        assert_eq!(parsed, Sha256::EMPTY);
    }
}
