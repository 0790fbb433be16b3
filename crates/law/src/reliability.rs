//! How well a rule or a number is established: one mark for the whole workspace.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How well the project's legal reference established a rule, an article number or a value.
///
/// The wire form (JSON, TOML) is the snake_case word: `"verified"`, `"secondary"`,
/// `"unverified"`. [`FromStr`] also accepts the one-letter marks `V`, `S` and `U` that data
/// files and the reference use.
///
/// ```
/// use weiquan_law::Reliability;
///
/// let r: Reliability = "S".parse()?;
/// assert_eq!(r, Reliability::Secondary);
/// assert_eq!(r.bracketed(), "[S]");
/// assert!(r.needs_review());
/// assert_eq!(serde_json::to_string(&r)?, "\"secondary\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// `[V]`: checked against a full text of the instrument.
    Verified,
    /// `[S]`: checked only against third-party reproductions or news summaries; probable.
    Secondary,
    /// `[U]`: from one weak source, recollection or an interpretation; needs legal review.
    Unverified,
}

impl Reliability {
    /// Every mark, strongest first.
    pub const ALL: [Reliability; 3] = [
        Reliability::Verified,
        Reliability::Secondary,
        Reliability::Unverified,
    ];

    /// The one-letter mark: `V`, `S` or `U`.
    pub fn mark(self) -> &'static str {
        match self {
            Reliability::Verified => "V",
            Reliability::Secondary => "S",
            Reliability::Unverified => "U",
        }
    }

    /// The mark in brackets, as traces print it: `[V]`, `[S]` or `[U]`.
    pub fn bracketed(self) -> &'static str {
        match self {
            Reliability::Verified => "[V]",
            Reliability::Secondary => "[S]",
            Reliability::Unverified => "[U]",
        }
    }

    /// The wire word: `verified`, `secondary` or `unverified`.
    pub fn code(self) -> &'static str {
        match self {
            Reliability::Verified => "verified",
            Reliability::Secondary => "secondary",
            Reliability::Unverified => "unverified",
        }
    }

    /// What the mark means, in English, for people (not machines).
    pub fn label_en(self) -> &'static str {
        match self {
            Reliability::Verified => "checked against the full text",
            Reliability::Secondary => "checked against secondary sources only",
            Reliability::Unverified => "unverified: needs legal review",
        }
    }

    /// What the mark means, in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Reliability::Verified => "已核对法规原文",
            Reliability::Secondary => "仅核对转载或报道",
            Reliability::Unverified => "未经核实，需法律审核",
        }
    }

    /// Whether output built on it must be flagged for legal review (`S` or `U`).
    pub fn needs_review(self) -> bool {
        self != Reliability::Verified
    }

    /// The weaker of two marks: a result is only as reliable as its weakest source.
    pub fn weakest(self, other: Reliability) -> Reliability {
        self.max(other)
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.bracketed())
    }
}

/// A reliability mark that is none of `V`, `S`, `U`, `verified`, `secondary`, `unverified`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownReliability;

impl fmt::Display for UnknownReliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a reliability mark is one of V, S, U (or verified, secondary, unverified)")
    }
}

impl std::error::Error for UnknownReliability {}

impl FromStr for Reliability {
    type Err = UnknownReliability;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "V" | "[V]" | "verified" => Ok(Reliability::Verified),
            "S" | "[S]" | "secondary" => Ok(Reliability::Secondary),
            "U" | "[U]" | "unverified" => Ok(Reliability::Unverified),
            _ => Err(UnknownReliability),
        }
    }
}
