//! The two ways a log line is sealed: the plain SHA-256 chain (`hash`) that anyone can
//! recompute, and the keyed chain (`hmac`, HMAC-SHA-256) that only a holder of the key can.
//!
//! The plain chain finds accidental damage and any edit made without re-hashing; someone who
//! can write the file can also re-hash every line after an edit, and the chain then proves
//! nothing. The keyed chain closes that gap for anyone without the key. The threat model is
//! in `docs/caseflow.md` ("What the chain proves").

use std::fmt;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Error;
use crate::log::ChainHash;

/// Which chain a log is written in: the member that seals each line says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ChainKind {
    /// `"hash"`: the SHA-256 of the line, recomputable by anyone.
    #[serde(rename = "sha256")]
    Sha256,
    /// `"hmac"`: the HMAC-SHA-256 of the line under a secret key.
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
}

impl ChainKind {
    /// The member that holds the seal: `hash` or `hmac`.
    pub fn member(self) -> &'static str {
        match self {
            ChainKind::Sha256 => "hash",
            ChainKind::HmacSha256 => "hmac",
        }
    }

    /// The name used in reports: `sha256` or `hmac-sha256`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChainKind::Sha256 => "sha256",
            ChainKind::HmacSha256 => "hmac-sha256",
        }
    }
}

/// The secret key of a keyed chain (HMAC-SHA-256), at least 32 bytes.
///
/// It is never printed: `Debug` shows only a fingerprint (the first 8 hex digits of the
/// key's SHA-256), which is enough to tell two keys apart and useless to an attacker.
///
/// ```
/// use weiquan_caseflow::{Case, ChainKey, ProcedureSelection, ReplayOptions, default_calendar};
/// let key = ChainKey::from_hex(&"6b".repeat(32))?;
/// let case = Case::open("C-1", "2024-05-10T09:30:00+08:00".parse()?,
///                       ProcedureSelection::MarketRegulation)?;
/// let log = case.to_jsonl_keyed(&key)?;
/// assert!(log.contains(r#","hmac":""#));
/// let read = Case::replay_with(default_calendar(), log.as_bytes(),
///                              &ReplayOptions::new().key(&key))?;
/// assert_eq!(read.case, case);
/// // Without the key, a keyed log is refused rather than read unverified.
/// let err = Case::replay(&log).unwrap_err();
/// assert_eq!(err.code(), "caseflow.log.key_required");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ChainKey {
    /// The HMAC with the key already absorbed; cloned for each line.
    mac: Hmac<Sha256>,
    /// SHA-256 of the key: equality and the fingerprint, without keeping the key twice.
    id: [u8; 32],
}

impl ChainKey {
    /// The shortest key accepted, in bytes: HMAC-SHA-256's output length (RFC 2104 §3
    /// advises against keys shorter than the hash output).
    pub const MIN_BYTES: usize = 32;

    /// A key from its bytes.
    pub fn from_bytes(key: &[u8]) -> Result<ChainKey, Error> {
        if key.len() < ChainKey::MIN_BYTES {
            return Err(Error::LogKey {
                reason: KeyProblem::TooShort,
            });
        }
        let mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| Error::LogKey {
            reason: KeyProblem::TooShort,
        })?;
        Ok(ChainKey {
            mac,
            id: Sha256::digest(key).into(),
        })
    }

    /// A key written as hexadecimal digits (upper or lower case), as a key file holds it:
    /// at least 64 digits, surrounding whitespace ignored. `openssl rand -hex 32` makes one.
    pub fn from_hex(text: &str) -> Result<ChainKey, Error> {
        let text = text.trim();
        let bad = || Error::LogKey {
            reason: KeyProblem::NotHex,
        };
        if !text.len().is_multiple_of(2) {
            return Err(bad());
        }
        let digit = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
        let mut key = Vec::with_capacity(text.len() / 2);
        for pair in text.as_bytes().chunks_exact(2) {
            let [hi, lo] = pair else { return Err(bad()) };
            key.push((digit(*hi).ok_or_else(bad)? << 4) | digit(*lo).ok_or_else(bad)?);
        }
        ChainKey::from_bytes(&key)
    }

    /// The first 8 hex digits of the key's SHA-256: names the key in messages.
    pub fn fingerprint(&self) -> String {
        ChainHash(self.id).to_string().chars().take(8).collect()
    }

    /// The seal of `parts` (concatenated) under this key.
    pub(crate) fn seal(&self, parts: &[&[u8]]) -> ChainHash {
        let mut mac = self.mac.clone();
        for p in parts {
            mac.update(p);
        }
        ChainHash(mac.finalize().into_bytes().into())
    }

    /// Whether `tag` is the seal of `parts`, compared in constant time.
    pub(crate) fn verify(&self, parts: &[&[u8]], tag: &ChainHash) -> bool {
        let mut mac = self.mac.clone();
        for p in parts {
            mac.update(p);
        }
        mac.verify_slice(&tag.0).is_ok()
    }
}

impl PartialEq for ChainKey {
    fn eq(&self, other: &ChainKey) -> bool {
        self.id == other.id
    }
}

impl Eq for ChainKey {}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChainKey({}…)", self.fingerprint())
    }
}

/// What is wrong with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    /// Fewer than [`ChainKey::MIN_BYTES`] bytes.
    TooShort,
    /// Not an even number of hexadecimal digits.
    NotHex,
}

/// The seal of a line's hashed bytes (`parts`, concatenated): SHA-256, or HMAC-SHA-256
/// under `key`.
pub(crate) fn seal(key: Option<&ChainKey>, parts: &[&[u8]]) -> ChainHash {
    match key {
        Some(k) => k.seal(parts),
        None => {
            let mut h = Sha256::new();
            for p in parts {
                h.update(p);
            }
            ChainHash(h.finalize().into())
        }
    }
}

/// Whether `tag` seals `parts`.
pub(crate) fn verify(key: Option<&ChainKey>, parts: &[&[u8]], tag: &ChainHash) -> bool {
    match key {
        Some(k) => k.verify(parts, tag),
        None => seal(None, parts) == *tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked_and_never_shown() {
        assert_eq!(
            ChainKey::from_hex("abcd").unwrap_err().code(),
            "caseflow.log.key"
        );
        assert_eq!(
            ChainKey::from_hex(&"zz".repeat(32)).unwrap_err().code(),
            "caseflow.log.key"
        );
        assert_eq!(
            ChainKey::from_hex(&"a".repeat(65)).unwrap_err().code(),
            "caseflow.log.key"
        );
        let key = ChainKey::from_hex(&format!("  {}\n", "Ab".repeat(32))).unwrap();
        assert_eq!(key, ChainKey::from_bytes(&[0xab; 32]).unwrap());
        let shown = format!("{key:?}");
        assert!(!shown.to_lowercase().contains("abab"), "{shown}");
        assert_eq!(shown.len(), "ChainKey(…)".len() + 8);
    }

    /// RFC 4231 test case 2 ("Jefe") is too short a key for a log; case 6's 131-byte key
    /// checks that the HMAC is the standard one.
    #[test]
    fn the_mac_is_rfc_4231_hmac_sha256() {
        let key = ChainKey::from_bytes(&[0xaa; 131]).unwrap();
        let tag = key.seal(&[
            b"Test Using Larger Than Block-Size Key - ",
            b"Hash Key First",
        ]);
        assert_eq!(
            tag.to_string(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert!(key.verify(
            &[b"Test Using Larger Than Block-Size Key - Hash Key First"],
            &tag
        ));
        assert!(!key.verify(
            &[b"Test Using Larger Than Block-Size Key - Hash Key Firsu"],
            &tag
        ));
    }
}
