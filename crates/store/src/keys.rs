//! The store's key: one key file, from which every secret the store uses is derived.
//!
//! The file holds 32 random bytes as 64 hexadecimal digits (`openssl rand -hex 32 >
//! store.key; chmod 600 store.key`). HKDF-SHA-256 (RFC 5869) derives, each under its own
//! label, the AES-256-GCM key of the personal data, the HMAC key of its lookup hashes, the
//! HMAC key of query codes and idempotency digests, the key of the case logs' keyed chain,
//! and a check value kept in the database so that a wrong key file is refused on open
//! instead of failing later on one row. A sub-key reveals nothing of the others.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use weiquan_caseflow::ChainKey;

use crate::error::{Error, Result};

/// The length of the key in bytes.
pub const KEY_BYTES: usize = 32;
/// The AES-GCM nonce length (96 bits, NIST SP 800-38D §8.2 recommends it).
const NONCE_BYTES: usize = 12;

/// The store's key, read from its key file. `Debug` shows only the fingerprint.
#[derive(Clone)]
pub struct StoreKey {
    cipher: Aes256Gcm,
    lookup: Hmac<Sha256>,
    codes: Hmac<Sha256>,
    chain: ChainKey,
    check: String,
    fingerprint: String,
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoreKey({})", self.fingerprint)
    }
}

impl StoreKey {
    /// Reads a key file: 64 hexadecimal digits (surrounding whitespace ignored).
    pub fn from_file(path: impl AsRef<Path>) -> Result<StoreKey> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::KeyFile {
            path: shown.clone(),
            reason: e.kind().to_string(),
        })?;
        StoreKey::from_hex(&text).map_err(|e| match e {
            Error::KeyFile { reason, .. } => Error::KeyFile {
                path: shown,
                reason,
            },
            other => other,
        })
    }

    /// A key from its 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Result<StoreKey> {
        let bad = |reason: &str| Error::KeyFile {
            path: "(text)".to_owned(),
            reason: reason.to_owned(),
        };
        let text = text.trim();
        if text.len() != KEY_BYTES * 2 {
            return Err(bad("a key is 64 hexadecimal digits (openssl rand -hex 32)"));
        }
        let mut key = [0u8; KEY_BYTES];
        for (slot, pair) in key.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
            let digit = |c: u8| char::from(c).to_digit(16);
            let (Some(hi), Some(lo)) = (
                pair.first().copied().and_then(digit),
                pair.get(1).copied().and_then(digit),
            ) else {
                return Err(bad("a key is 64 hexadecimal digits (openssl rand -hex 32)"));
            };
            // Both digits are below 16, so the byte fits.
            *slot = u8::try_from(hi * 16 + lo).map_err(|_| bad("not hexadecimal"))?;
        }
        StoreKey::from_bytes(&key)
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(key: &[u8; KEY_BYTES]) -> Result<StoreKey> {
        let hk = Hkdf::<Sha256>::new(Some(b"weiquan-store v1"), key);
        let derive = |label: &str| -> Result<[u8; 32]> {
            let mut out = [0u8; 32];
            hk.expand(label.as_bytes(), &mut out)
                .map_err(|_| Error::KeyFile {
                    path: "(key)".to_owned(),
                    reason: "key derivation failed".to_owned(),
                })?;
            Ok(out)
        };
        let internal = |e: String| Error::KeyFile {
            path: "(key)".to_owned(),
            reason: e,
        };
        let cipher = Aes256Gcm::new_from_slice(&derive("personal data aes-256-gcm")?)
            .map_err(|e| internal(e.to_string()))?;
        let lookup = <Hmac<Sha256> as Mac>::new_from_slice(&derive("personal data lookup hmac")?)
            .map_err(|e| internal(e.to_string()))?;
        let codes = <Hmac<Sha256> as Mac>::new_from_slice(&derive("query codes and digests hmac")?)
            .map_err(|e| internal(e.to_string()))?;
        let chain = ChainKey::from_bytes(&derive("case log chain hmac")?)
            .map_err(|e| internal(e.to_string()))?;
        let check = hex(&derive("key check")?);
        let fingerprint = hex(&Sha256::digest(key)).chars().take(8).collect();
        Ok(StoreKey {
            cipher,
            lookup,
            codes,
            chain,
            check,
            fingerprint,
        })
    }

    /// Eight hex digits naming the key (of its SHA-256): safe to show and log.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The key of the case logs' keyed chain (HMAC-SHA-256): what an auditor needs to verify
    /// an exported log with `weiquan case replay --key`.
    pub fn chain_key(&self) -> &ChainKey {
        &self.chain
    }

    /// The value kept in the database to recognise this key (a derived value: it reveals
    /// neither the key nor another sub-key).
    pub(crate) fn check_value(&self) -> &str {
        &self.check
    }

    /// The lookup hash of a personal value (normalised by the caller): HMAC-SHA-256 under
    /// the lookup key, hex. Equal values give equal hashes; without the key a hash cannot be
    /// tested against guesses (an 18-character resident ID has far too little entropy for a
    /// plain hash).
    pub(crate) fn lookup_hash(&self, kind: &str, value: &str) -> String {
        let mut mac = self.lookup.clone();
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// HMAC-SHA-256 under the codes key, hex: query-code hashes and intake digests.
    pub(crate) fn code_hash(&self, kind: &str, parts: &[&[u8]]) -> String {
        let mut mac = self.codes.clone();
        mac.update(kind.as_bytes());
        for p in parts {
            mac.update(&[0]);
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p);
        }
        hex(&mac.finalize().into_bytes())
    }

    /// Encrypts `plain` for `case_id`: nonce ‖ ciphertext ‖ tag. The case id is the
    /// associated data, so a row copied to another case does not decrypt there.
    pub(crate) fn seal(&self, case_id: &str, plain: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|e| Error::Serialize {
            what: "personal data",
            reason: format!("no random nonce: {e}"),
        })?;
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: case_id.as_bytes(),
                },
            )
            .map_err(|_| Error::Serialize {
                what: "personal data",
                reason: "encryption failed".to_owned(),
            })?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts what [`seal`](Self::seal) wrote for `case_id`.
    pub(crate) fn open(&self, case_id: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        let refused = || Error::Decrypt {
            case_id: case_id.to_owned(),
        };
        let (nonce, body) = sealed.split_at_checked(NONCE_BYTES).ok_or_else(refused)?;
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: case_id.as_bytes(),
                },
            )
            .map_err(|_| refused())
    }
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn sealed_data_opens_only_for_its_case_and_key() {
        let key = StoreKey::from_hex(KEY).unwrap();
        let sealed = key.seal("C-1", b"secret").unwrap();
        assert_eq!(key.open("C-1", &sealed).unwrap(), b"secret");
        assert_eq!(
            key.open("C-2", &sealed).unwrap_err().code(),
            "store.personal.decrypt"
        );
        let other = StoreKey::from_bytes(&[7; 32]).unwrap();
        assert_eq!(
            other.open("C-1", &sealed).unwrap_err().code(),
            "store.personal.decrypt"
        );
        assert_ne!(key.check_value(), other.check_value());
        // Two seals of the same text differ (fresh nonces).
        assert_ne!(key.seal("C-1", b"secret").unwrap(), sealed);
    }

    #[test]
    fn malformed_keys_are_refused_without_echoing_them() {
        for text in ["", "00", &KEY[..62], &format!("{}zz", &KEY[..62])] {
            let err = StoreKey::from_hex(text).unwrap_err();
            assert_eq!(err.code(), "store.key.file");
            assert!(text.is_empty() || !err.to_string().contains(text));
        }
        assert!(format!("{:?}", StoreKey::from_hex(KEY).unwrap()).starts_with("StoreKey("));
    }
}
