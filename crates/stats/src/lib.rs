//! # weiquan-stats
//!
//! Anonymised complaint statistics that are safe to publish: a streaming, mergeable
//! aggregator; small-cell and secondary suppression with an audit (HiGHS, every interval
//! certified by an integer table checked exactly) and a release ledger; differential privacy with exact discrete noise and a
//! budget; k-anonymous microdata; the CCA's report tables; and surge alerts per business. The
//! protected unit is the consumer; businesses may be named. Redaction of personal data in
//! free text is its own crate, `weiquan-redact`.
//!
//! ```
//! use weiquan_stats::{Aggregator, GroupBy, RecordOptions, StatsRecord, SuppressionRules,
//!                     TableSpec, Verdict, protect};
//! use weiquan_synth::generate::Generator;
//!
//! // Aggregate at the finest grain needed (the audit works by month).
//! let table: GroupBy = "region=county,category=top".parse()?;
//! let mut data = Aggregator::new(table.with_month());
//! for c in Generator::new(1).take(3000) {
//!     data.add(&StatsRecord::from_complaint(&c, None, RecordOptions::default()))?;
//! }
//! // Withhold small cells and whatever would give them away; audit; write.
//! let release = protect(&data, &[TableSpec::new(table)], &SuppressionRules::new(10), None)?;
//! assert_eq!(release.audit.verdict, Verdict::Pass);
//! let json = release.to_json()?;
//! assert!(json.contains("\"status\": \"withheld\""));
//! assert!(!json.contains("primary") && !json.contains("secondary"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every method, what it guarantees and what it does not, with its parameters and defaults:
//! `docs/stats.md`.

mod aggregate;
pub mod alerts;
mod audit;
pub mod cca;
mod diagnostic;
mod dims;
pub mod dp;
mod error;
mod input;
pub mod kanon;
mod ledger;
mod ledger_file;
mod lp;
mod measures;
mod rational;
mod record;
mod release;
mod table;

pub use aggregate::{
    Aggregator, DEFAULT_CONSUMER_CAP, PARTIAL_SCHEMA_VERSION, Partial, PartialCell, PartialKind,
};
pub use audit::{AuditControl, AuditProgress, ProtectionRule, SuppressionRules};
pub use dims::{
    CategoryLevel, CategoryValue, CellKey, DimKind, DimValue, Dimension, GroupBy, Period,
    PeriodGrain,
};
pub use dp::{
    BUDGET_RANGE, DpAggregator, DpQuery, DpRelease, EPSILON_RANGE, EpsilonRange, OsRandom,
    PrivacyBudget, RandomSource, check_epsilon,
};
pub use error::{Error, Text};
pub use input::parse_line;
pub use ledger::{
    LEDGER_SCHEMA_VERSION, Ledger, LedgerCell, LedgerEntry, LedgerKind, LedgerTable, Method,
};
pub use ledger_file::{LedgerFile, lock_path};
pub use measures::{Consumers, DayHistogram, Distinct, Measures};
pub use rational::{Ratio, Rounding};
pub use record::{
    BusinessKey, CaseOutcome, ConsumerKey, GroupSet, Keyer, OutcomeState, RecordKey, RecordOptions,
    StatsRecord, age_on, normalise_business_name,
};
pub use release::{
    AuditReport, AuditReportCell, AuditReportTable, AuditSummary, CellOut, CellStatus, Interval,
    Labels, PriorTable, Release, ReleaseOut, ReleasedTable, TableOut, Verdict, WithheldReason,
    protect, protect_with, share_pct,
};
pub use table::{MonthSpan, Table, TableSpec};

/// The version of the documents this crate writes (partials, releases, ledgers).
pub const SCHEMA_VERSION: u32 = 1;
