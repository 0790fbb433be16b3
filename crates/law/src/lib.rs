//! # weiquan-law
//!
//! The one citation model of the workspace: a registry of the legal instruments weiquan's
//! rules rest on (Chinese and English names, document number, issuing body, adoption, dates
//! in force, versions and what replaced what), one structured [`Citation`] (instrument,
//! version, article, paragraph, item) rendered as Chinese legal texts and English write it,
//! and one [`Reliability`] mark. Every statutory table in the workspace cites through it, so
//! an instrument's dates are written once and every rule's dates can be checked against them.
//!
//! ```
//! use chrono::NaiveDate;
//! use weiquan_law::{Citation, instruments};
//!
//! // The fraud rule of the 2013 CRPL, as compensation's table cites it.
//! let fraud = Citation::of(&instruments::CRPL).in_version(2013).art(55).para(1);
//! assert_eq!(fraud.text_zh(), "《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款");
//! assert_eq!(fraud.to_string(), "CRPL (2013 amendment), Art. 55, para. 1 [V]");
//!
//! // Which complaint-handling rules applied on a day is a fact of the registry.
//! let day = NaiveDate::from_ymd_opt(2026, 4, 15).ok_or("date")?;
//! assert!(!instruments::SAMR_ORDER_20.in_force_on(day));
//! assert!(instruments::SAMR_ORDER_121.in_force_on(day));
//! assert_eq!(instruments::SAMR_ORDER_121.replaces.as_deref(), Some("samr_order_20"));
//!
//! // A rule's dates must fit the text it cites: the 3× rule cannot start in 1994.
//! let early = NaiveDate::from_ymd_opt(1994, 1, 1).ok_or("date")?;
//! assert!(fraud.check_dates(early, None).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The registry is [`instruments::ALL`]; `docs/law.md` is [`registry_markdown`], generated
//! by `cargo xtask gen` and checked for drift.

mod citation;
mod docs;
mod instrument;
pub mod instruments;
mod numerals;
mod reliability;

pub use citation::{Citation, DateMismatch};
pub use docs::registry_markdown;
pub use instrument::{Instrument, InstrumentKind, Version, VersionKind};
pub use numerals::chinese_number;
pub use reliability::{Reliability, UnknownReliability};
