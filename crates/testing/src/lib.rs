//! # weiquan-testing
//!
//! Comparative testing of consumer goods (比较试验), as consumer associations run it under
//! GB/T 40551-2021 (消费品和有关服务的比较试验 总则) and ISO/IEC Guide 46:2017: a test
//! programme as data (samples bought with evidence of purchase, a test plan of items against
//! standard clauses and declared values, the laboratory's results), a verdict engine with
//! exact units and GB/T 8170 rounding only where a standard asks for it, deterministic scoring
//! with devaluation rules as data and a full trace, rankings, the published tables, and the
//! choice of what to test from complaint counts.
//!
//! ```
//! use weiquan_testing::{Conformity, Outcome, Programme, report, score, verdict};
//!
//! let programme = Programme::from_json(r#"{
//!   "schema_version": 1, "id": "demo", "title": "Kettles", "product_type": "电水壶",
//!   "organiser": "Example association",
//!   "samples": [
//!     {"id": "S1", "brand": "A", "model": "K1", "maker": "A Co.", "channel": "shop",
//!      "way": "store", "price": "99.00", "purchased_on": "2026-03-02", "evidence": ["receipt 1"],
//!      "declared": {"noise": {"value": "60", "unit": "db_a"}}},
//!     {"id": "S2", "brand": "B", "model": "K2", "maker": "B Co.", "channel": "online",
//!      "way": "online", "price": "129.00", "purchased_on": "2026-03-02", "evidence": ["order 2"]}
//!   ],
//!   "items": [
//!     {"id": "noise", "name_zh": "噪声", "name_en": "Noise", "unit": "db_a", "better": "lower",
//!      "clause": {"standard": "GB 0000", "year": 2020, "clause": "1"},
//!      "requirement": {"op": "le", "limit": {"value": "62", "unit": "db_a"}},
//!      "declared_check": {"direction": "not_above", "tolerance": {"absolute": "2"}},
//!      "rounding": {"decimals": 0},
//!      "grading": {"kind": "bands", "bands": [{"bound": "55", "grade": "1"},
//!                  {"bound": "60", "grade": "2"}], "otherwise": "4"},
//!      "weight": "1"}
//!   ],
//!   "results": [
//!     {"sample": "S1", "item": "noise", "measured": {"value": "62.5", "unit": "db_a"}},
//!     {"sample": "S2", "item": "noise", "measured": {"value": "54.9", "unit": "db_a"}}
//!   ],
//!   "scoring": {"best": "1", "worst": "5"}
//! }"#)?;
//!
//! let verdicts = verdict::verdicts(&programme)?;
//! // 62.5 rounds (GB/T 8170, half to even) to 62: it meets "≤ 62" and "≤ 60 + 2".
//! assert_eq!(verdicts[0].items[0].compared.map(|q| q.value), Some("62".parse()?));
//! assert_eq!(verdicts[0].items[0].standard, Outcome::Conforms);
//! assert_eq!(verdicts[0].conformity, Conformity::Conforms);
//!
//! let scores = score::scores(&programme)?;
//! assert_eq!(scores[0].grade, "4".parse()?);
//! assert_eq!(scores[1].grade, "1".parse()?);
//!
//! let report = report::report(&programme)?;
//! assert_eq!(report.overall_ranking[0].sample, "S2");
//! assert_eq!(report.items[0].weakest, ["S1"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The programme format, the rules of each step and worked examples are in the [`docs`]
//! module (`docs/testing.md` in the repository).
//!
//! There is deliberately no C ABI or WebAssembly surface: comparative testing is the work of
//! an association's testing committee on its own machine (a programme file in, tables out,
//! through `weiquan testing`), not something a government system or the consumer app calls
//! per request; the published report is what consumers see. Every public operation is listed
//! with this reason in `crates/ffi/missing_apis.txt`.

mod diagnostic;
mod error;
pub mod programme;
pub mod report;
mod rounding;
pub mod score;
pub mod select;
mod unit;
pub mod verdict;

pub use error::Error;
pub use programme::{Programme, SCHEMA_VERSION};
pub use report::Report;
pub use rounding::Rounding;
pub use select::{ComplaintCounts, Selection};
pub use unit::{Dimension, Quantity, Unit};
pub use verdict::{Conformity, Outcome};

#[doc = include_str!("../../../docs/testing.md")]
pub mod docs {}
