//! # weiquan-caseflow
//!
//! The case-state machine of consumer-complaint handling in mainland China: what may happen
//! to a complaint, in which order, by whom, and by when, under the procedure in force on
//! the day it was received — SAMR Order No. 20 (2020-01-01 to 2026-04-14), SAMR Order
//! No. 121 (from 2026-04-15), or a consumer association's own procedure.
//!
//! - The **transition table** ([`TRANSITIONS`]) is data: state × event → guards → target,
//!   with who may cause each event and what the body must then do. [`Case::apply`] reads it;
//!   so do the generated diagrams and handlers' guides in `docs/caseflow/`.
//! - **Deadlines** come from one cited table ([`TIME_LIMITS`]), counted with
//!   `weiquan-calendar` in working days, calendar days or months, with suspensions for
//!   testing, appraisal and recusal. Passing a deadline is an event too, produced by a pure
//!   function of the case and a date ([`Case::elapsed_events`]).
//! - Every rule is **cited** through `weiquan-law`: a [`weiquan_law::Citation`] of an
//!   instrument of its registry, with article, paragraph (款) and item (项) as numbers, its
//!   reliability mark and a note where the reference qualifies it. The procedures' receipt
//!   dates are their instruments' dates in force in that registry.
//! - The **log** is JSON Lines with sequence numbers and a SHA-256 hash chain, or a keyed
//!   HMAC-SHA-256 chain ([`ChainKey`]); [`Case::replay`] rebuilds the case and names the
//!   first bad line, byte-exact; [`Case::replay_with`] replays up to a day, recovers a torn
//!   tail; [`LogFile`] reads a file of several logs.
//!
//! ```
//! use weiquan_caseflow::{
//!     Actor, Case, ConsentSubject, DeadlineKind, DeadlineStatus, Event, EventKind, Party,
//!     ProcedureSelection, Settlement, StateKind,
//! };
//! use weiquan_complaint::Yuan;
//!
//! let at = |s: &str| s.parse::<chrono::DateTime<chrono::FixedOffset>>();
//! // A complaint received by a Shijiazhuang bureau on Friday 10 May 2024: Order No. 20.
//! let mut case = Case::open("SJZ-2024-000123", at("2024-05-10T09:30:00+08:00")?,
//!                           ProcedureSelection::MarketRegulation)?;
//! let handler = |when, event| Event::new(when, Actor::Handler, event);
//! case.apply(handler(at("2024-05-14T10:00:00+08:00")?, EventKind::Accepted))?;
//! for party in [Party::Consumer, Party::Business] {
//!     case.apply(handler(at("2024-05-15T10:00:00+08:00")?,
//!         EventKind::ConsentGiven { party, subject: ConsentSubject::Mediation }))?;
//! }
//! case.apply(handler(at("2024-05-16T14:00:00+08:00")?,
//!     EventKind::MediationStarted { mediator: weiquan_caseflow::Mediator::Own }))?;
//!
//! // An agreement needs both parties' consent to its terms first.
//! let agreement = EventKind::AgreementReached {
//!     amount_recovered: Yuan::from_yuan(1299), settlement: Settlement::Mediation };
//! let err = case.apply(handler(at("2024-05-20T16:00:00+08:00")?, agreement.clone()))
//!     .unwrap_err();
//! assert_eq!(err.code(), "caseflow.guard_failed");
//!
//! // The mediation period: 45 working days from acceptance (Order No. 20 Art. 21 para. 1
//! // item (5)).
//! let deadlines = case.deadlines("2024-05-20".parse()?)?;
//! let mediation = deadlines.iter().find(|d| d.kind == DeadlineKind::MediationPeriod)
//!     .ok_or("no mediation deadline")?;
//! assert_eq!(mediation.due.to_string(), "2024-07-17");
//! assert_eq!(mediation.status, DeadlineStatus::Pending);
//!
//! // The log replays to the same case.
//! let log = case.to_jsonl()?;
//! assert_eq!(Case::replay(&log)?, case);
//! assert_eq!(case.state(), StateKind::InMediation);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The design, the counting conventions and the time-limit table with its articles are in
//! `docs/caseflow.md`; each procedure's diagram and plain-Chinese description are in
//! `docs/caseflow/`.

mod cal;
mod case;
mod chain_key;
mod deadline;
mod diagnostic;
pub mod docs;
mod error;
mod event;
mod event_reader;
pub mod grounds;
pub mod limits;
mod log;
mod log_file;
mod policy;
mod procedure;
pub mod screening;
mod state;
mod submission;
mod summary;
pub mod table;

use std::sync::OnceLock;

pub use cal::{Calendar, CalendarError};
pub use case::{Case, Mark, Pause, Record, Transition};
pub use chain_key::{ChainKey, ChainKind, KeyProblem};
pub use deadline::{Deadline, DeadlineStatus, Period, start_of_day};
pub use error::Error;
pub use event::{
    Actor, ConsentSubject, EVENT_TAGS, Event, EventKind, EventTag, Mediator, Opening, Party,
    PauseReason, Satisfaction, Settlement, legal_day,
};
pub use grounds::{
    Conduct, NonAcceptanceGround, PartyConduct, TerminationGround, TestingDispute, TransferBasis,
};
pub use limits::{DeadlineKind, TIME_LIMITS, Unit};
pub use log::{ChainHash, Journal, Replayer, log_entry_schema_json};
pub use log_file::{LogFile, LogResult, ReplayOptions, Replayed, Torn};
pub use policy::Policy;
pub use procedure::{PROCEDURES, Procedure, ProcedureSelection};
pub use screening::{Screening, screen, screen_on};
pub use state::{Outcome, STATES, StateKind};
pub use submission::{Part, Split, Submission};
pub use summary::{CaseReport, CaseSummary, HistoryItem, REPORT_SCHEMA_VERSION};
pub use table::{Effect, Guard, TRANSITIONS, TransitionRule};

/// The calendar the plain methods use: the embedded official calendar, answering years it
/// does not cover from the statutory holiday list (every such answer is flagged
/// provisional in the deadlines).
pub fn default_calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::official().with_provisional())
}
