//! # weiquan-routing
//!
//! Jurisdiction for consumer complaints: which body handles a complaint, and why. It holds
//! the registry of administrative divisions (GB/T 2260, the whole country, with Shijiazhuang's
//! abolished and renamed codes and their successors), the bodies that handle complaints
//! (market-regulation bureaus, consumer associations, sector regulators), and an ordered,
//! data-driven ruleset — Shijiazhuang's is embedded; another city is another TOML file — that
//! [`Router::route`] applies to a [`weiquan_complaint::Complaint`]: the body and every
//! candidate, ranked, each with the rule that named it, the legal basis in force on the
//! received date, warnings and the trail of rules tried.
//!
//! ```
//! use weiquan_complaint::Complaint;
//! use weiquan_routing::Router;
//!
//! let router = Router::shijiazhuang()?;
//! let mut complaint = Complaint::from_json(&weiquan_synth::generate::sample_json())?;
//!
//! // An offline shop in 长安区 (130102): the district's market-regulation bureau.
//! complaint.business.online = None;
//! complaint.business.division = Some("130102".parse()?);
//! complaint.purchase.category = "household_appliances".parse()?;
//! complaint.channel = "hotline_12315".parse()?;
//! let decision = router.route(&complaint)?;
//! assert_eq!(decision.body().id(), "samr.130102");
//! assert_eq!(decision.body().name_zh(), "石家庄市长安区市场监督管理局");
//! assert_eq!(decision.rule().id(), "business_local");
//!
//! // Old records carry 藁城市 (130182), a county-level city that became 藁城区 in 2014.
//! complaint.business.division = Some("130182".parse()?);
//! let decision = router.route(&complaint)?;
//! assert_eq!(decision.body().id(), "samr.130109");
//! assert_eq!(decision.warnings()[0].code(), "abolished_code");
//!
//! // The report is what `weiquan route` writes as JSON.
//! let report = decision.report(&complaint.id);
//! assert_eq!(report.body.division.map(|d| d.to_string()), Some("130109".to_owned()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The ruleset format, every condition and result field, the default Shijiazhuang ruleset
//! rule by rule with its legal basis, and the checks done when a file is loaded are in
//! `docs/routing.md`.
//!
//! Design notes:
//! - Law as data: every rule cites its basis as a [`Citation`] of weiquan-law's registry
//!   (the ruleset names instruments by id, `samr_order_20`, and may declare only the
//!   instruments the registry lacks, such as a local regulation), so the dates an
//!   instrument was in force are written once for the whole workspace. A decision reports
//!   the citations in force on the received date (Order No. 20 until 2026-04-14, Order
//!   No. 121 from 2026-04-15), with a warning when they rest on an \[S\] or \[U\] source.
//! - Speed: a ruleset is compiled into bit sets and per-division lookup tables; a decision
//!   borrows from the router, and its trail is rebuilt only when asked for.
//! - No defaults: an unknown business or platform operator division code, or a complaint
//!   no rule covers, is an [`Error`]; what the data cannot settle — a division code and an
//!   address naming different places, a division taken from a USCC, an unknown consumer
//!   division — is a [`Warning`], with both readings where there are two.
//! - The embedded ruleset is read from its TOML text at build time (`build.rs`) and checked
//!   and compiled when the router is built; reading TOML files at run time
//!   (`Router::from_toml`, `RulesetFile::from_toml`) is the `toml` feature, on by default and
//!   off in the WebAssembly package, which then carries no TOML parser.

mod body;
mod compile;
mod csv;
mod diagnostic;
mod division;
mod doc;
mod error;
mod law;
mod matcher;
mod national;
mod packed;
mod report;
mod router;
mod ruleset;

pub use body::{Body, BodyKind, BodyRef, BodyView, ContactChannel, ContactKind};
pub use division::{
    DateBound, Division, DivisionKind, DivisionNote, Registry, Resolution, Sources, SuccessorChoice,
};
pub use doc::{
    BodyDoc, ChannelDoc, CitationDoc, ConditionsDoc, InstrumentDoc, RULESET_SCHEMA_VERSION,
    RankingDoc, RuleDoc, RulesetFile, TargetDoc,
};
pub use error::{Error, Problem, ProblemKind, Problems};
// weiquan-law's types, re-exported because routing's API returns them: a decision's basis is
// a `Citation` borrowing its `Instrument` from the registry (or from the ruleset's own
// instruments), and warnings carry a `Reliability`. They are the very types caseflow and
// compensation cite with, not copies; the registry itself is `weiquan_law::instruments`.
pub use matcher::{Mismatch, Party};
pub use report::{
    BodyReport, CandidateReport, CitationReport, DECISION_SCHEMA_VERSION, DecisionReport,
    RankingReport, TrailReport, WarningReport,
};
pub use router::{
    Candidate, Outcome, Ranking, RouteOptions, Router, RoutingDecision, Rule, TrailStep,
    Unresolved, Warning,
};
pub use ruleset::{SHIJIAZHUANG_TOML, ruleset_schema_json};
pub use weiquan_law::{Citation, Instrument, InstrumentKind, Reliability};
