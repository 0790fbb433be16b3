//! # weiquan-store
//!
//! The case store: complaints, routing decisions, case event logs, compensation assessments,
//! business responses, ratings and an outbox of notifications, behind one API with two
//! backends — **SQLite** (embedded, one file, the default) and **PostgreSQL** (a bureau's
//! shared deployment) — and the same test suite run against both.
//!
//! - **Logs stay evidence.** Events are rows of an append-only table keyed by (case,
//!   sequence), each the canonical line of `weiquan-caseflow`'s keyed hash chain; every read
//!   replays and verifies the chain and compares the head kept with the case. The database
//!   itself refuses `UPDATE` and `DELETE` on it (triggers), and appends are optimistic: an
//!   append names the last sequence number its writer saw, so two staff members cannot
//!   interleave events.
//! - **One intake, one transaction**: the complaint, the decision, the opening events and the
//!   first notifications, with an idempotency key so that a retried submission never makes
//!   two cases.
//! - **Personal data apart**: the consumer's name, resident ID, mobile and address are taken
//!   out of the stored complaint, encrypted with AES-256-GCM under a key file, found by keyed
//!   hash, and every read is recorded (Personal Information Protection Law Arts. 51 and 55).
//!   A retention job erases a closed case's personal data after a set period; its log still
//!   verifies.
//!
//! ```
//! use weiquan_caseflow::{Actor, Case, Event, EventKind, ProcedureSelection};
//! use weiquan_complaint::Complaint;
//! use weiquan_routing::Router;
//! use weiquan_store::{Attribution, Intake, Reader, Store, StoreKey};
//!
//! let dir = tempfile::tempdir()?;
//! // `openssl rand -hex 32 > store.key; chmod 600 store.key`
//! std::fs::write(dir.path().join("store.key"), "8f".repeat(32))?;
//! let key = StoreKey::from_file(dir.path().join("store.key"))?;
//! let store = Store::open_sqlite(dir.path().join("cases.db"), key)?;
//!
//! let complaint = Complaint::from_json(&weiquan_synth::generate::sample_json())?;
//! let decision = Router::shijiazhuang()?.route(&complaint)?.report(&complaint.id);
//! let case = Case::open_complaint(&complaint, ProcedureSelection::MarketRegulation)?;
//! let intake = Intake {
//!     complaint: complaint.clone(),
//!     case,
//!     decision,
//!     idempotency_key: "app-7f3a".into(),
//!     attribution: Attribution::default(),
//!     recorded_by: "intake-service".into(),
//! };
//! let receipt = store.intake(&intake)?;
//! // A retry of the same submission returns the same case and query code.
//! assert_eq!(store.intake(&intake)?, weiquan_store::Receipt { created: false, ..receipt.clone() });
//!
//! // A handler accepts it; the append names the last event it saw.
//! let accepted = Event::new(complaint.received_at + chrono::Duration::days(1),
//!                           Actor::Handler, EventKind::Accepted);
//! let appended = store.append(&receipt.case_id, receipt.last_seq, accepted.clone(), "staff-12")?;
//! assert_eq!(appended.state, "accepted");
//! // Appending on a stale view is refused, not interleaved.
//! let err = store.append(&receipt.case_id, receipt.last_seq, accepted, "staff-13").unwrap_err();
//! assert_eq!(err.code(), "store.append.conflict");
//!
//! // The consumer follows the case with its query code; staff read personal data, recorded.
//! let record = store.case_for_consumer(&receipt.case_id, &receipt.query_code)?;
//! assert_eq!(record.case.state().as_str(), "accepted");
//! let who = store.personal(&receipt.case_id, Reader { staff: "staff-12", purpose: "mediation" })?;
//! assert_eq!(who.name, complaint.consumer.name);
//! assert_eq!(store.personal_reads(Some(&receipt.case_id))?.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Why the API is synchronous
//!
//! Every method blocks on its database; a server calls them inside
//! `tokio::task::spawn_blocking`. SQLite is a synchronous library in any case (an async SQLite
//! API is a thread pool underneath), so one synchronous API gives both backends one code
//! path: every query, transaction and check is written once, over a connection trait, and the
//! shared test suite exercises the same code for both. PostgreSQL is reached through
//! `postgres`, the blocking client built on `tokio-postgres`. [`Store`] is `Clone + Send +
//! Sync` (a pool of connections and the key), so a server moves a clone into each blocking
//! task. A store operation is a few milliseconds of database work; the blocking pool's
//! threads are the natural place for it, and no runtime is tied into the library.
//!
//! The schema, the guarantees and what they rest on, the key file, retention and backups are
//! in `docs/store.md`.

mod db;
mod error;
mod keys;
mod model;
mod schema;
mod store;

pub use db::Backend;
pub use error::{Error, Result};
pub use keys::{KEY_BYTES, StoreKey};
pub use model::{
    Appended, Attribution, AuditEntry, CaseRecord, CaseRow, Intake, Notification, PersonalData,
    Reader, Receipt, Recipient, Response, Retention, Search, StoredAssessment, Verification,
};
pub use schema::SCHEMA_VERSION;
pub use store::Store;

#[doc(hidden)]
/// For the crate's own tests: raw SQL against the store's database (the fault tests show the
/// database refuses what the API never does). Not part of the API.
pub mod testing {
    pub use crate::store::{raw_execute, raw_query};
}
