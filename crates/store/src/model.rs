//! The documents the store takes and gives back.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use weiquan_caseflow::{Case, StateKind};
use weiquan_complaint::{Complaint, Uscc};
use weiquan_routing::DecisionReport;

/// Everything one intake commits in one transaction. `Debug` shows ids only (the complaint
/// holds personal data).
#[derive(Clone)]
pub struct Intake {
    /// The validated complaint (its personal data is split off and encrypted).
    pub complaint: Complaint,
    /// The case opened for it, with its opening event (and any events recorded with it).
    pub case: Case,
    /// The routing decision: the body that handles the case.
    pub decision: DecisionReport,
    /// The client's key for this submission: a retry with the same key and the same
    /// submission returns the first receipt instead of making a second case.
    pub idempotency_key: String,
    /// Who filed it on the consumer's behalf, if anyone.
    pub attribution: Attribution,
    /// The staff member or channel recording it (kept with each event row).
    pub recorded_by: String,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("complaint", &self.complaint.id)
            .field("case", &self.case.complaint_id())
            .field("body", &self.decision.body.id)
            .field("idempotency_key", &self.idempotency_key)
            .field("attribution", &self.attribution)
            .field("recorded_by", &self.recorded_by)
            .finish()
    }
}

/// A volunteer or service station that helped file a complaint (for their statistics).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The volunteer's id.
    pub volunteer: Option<String>,
    /// The service station's id (维权服务站).
    pub station: Option<String>,
}

/// What an intake returns.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The case id.
    pub case_id: String,
    /// The consumer's private query code: with the case id, it lets the consumer follow the
    /// case. The store keeps only its keyed hash; a retry returns the same code.
    pub query_code: String,
    /// False when the idempotency key had made this case already.
    pub created: bool,
    /// The sequence number of the case's last event.
    pub last_seq: u64,
}

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receipt")
            .field("case_id", &self.case_id)
            .field("query_code", &"…")
            .field("created", &self.created)
            .field("last_seq", &self.last_seq)
            .finish()
    }
}

/// One case as listed: the columns the store keeps for searching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    /// The case id.
    pub case_id: String,
    /// The procedure's id.
    pub procedure: String,
    /// The state (`StateKind::as_str`).
    pub state: String,
    /// The handling body's id (from the routing decision).
    pub body_id: String,
    /// The business's unified social credit code, when known.
    pub business_uscc: Option<String>,
    /// The CCA category code (`food/food_products`).
    pub category: String,
    /// When the complaint was received (UTC, RFC 3339).
    pub received_at: String,
    /// The earliest pending deadline's due date, when the calendar gives one.
    pub next_due: Option<NaiveDate>,
    /// The sequence number of the last event.
    pub last_seq: u64,
    /// When the case was closed (UTC, RFC 3339).
    pub closed_at: Option<String>,
    /// The consumer's rating (1–5), once given.
    pub rating: Option<u8>,
    /// Who helped file it.
    pub attribution: Attribution,
}

/// A case read back: its row and the case replayed from its verified log.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    /// The listed columns.
    pub row: CaseRow,
    /// The case rebuilt from its log (every seal checked, the head compared).
    pub case: Case,
    /// The seal of the last event (hex).
    pub head: String,
}

/// Which cases to list. Every field set narrows the list; the default lists every case.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The handling body's id.
    pub body_id: Option<String>,
    /// The state.
    pub state: Option<StateKind>,
    /// Cases with a pending deadline due on or before this day.
    pub due_on_or_before: Option<NaiveDate>,
    /// The business's credit code.
    pub business_uscc: Option<Uscc>,
    /// A CCA category code: a major category (`food`) also matches its items.
    pub category: Option<String>,
    /// At most this many (0: the default of 100).
    pub limit: u32,
    /// Skip this many (paging).
    pub offset: u32,
}

/// The consumer's personal data, kept apart from the logs and encrypted at rest. `Debug`
/// masks every field.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    /// Name.
    pub name: String,
    /// Resident identity card number (GB 11643), when given.
    pub resident_id: Option<String>,
    /// Mobile number.
    pub mobile: String,
    /// Address.
    pub address: String,
    /// The complaint's narrative as written: it names people, numbers and places, so the
    /// stored document holds it redacted (`weiquan-redact`) and this is the original.
    pub description: String,
}

impl std::fmt::Debug for PersonalData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use weiquan_support::mask;
        f.debug_struct("PersonalData")
            .field("name", &mask::personal(&self.name))
            .field(
                "resident_id",
                &self.resident_id.as_deref().map(mask::resident_id),
            )
            .field("mobile", &mask::mobile(&self.mobile))
            .field("address", &mask::personal(&self.address))
            .field(
                "description",
                &format_args!("<{} characters>", self.description.chars().count()),
            )
            .finish()
    }
}

/// Who reads personal data and why: every read and lookup is recorded with both (the
/// Personal Information Protection Law asks for operating permissions, Art. 51 item (4), and
/// a record of the processing of sensitive personal information, Art. 55 para. 1 item (1);
/// see `docs/store.md` for the reliability of these citations).
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The staff member's id.
    pub staff: &'a str,
    /// Why (`mediation`, `notify_consumer`, …).
    pub purpose: &'a str,
}

/// One row of the personal-data audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Its number.
    pub id: i64,
    /// The case (none for a lookup that found nothing).
    pub case_id: Option<String>,
    /// The staff member (or `retention` for the retention job).
    pub staff: String,
    /// Why.
    pub purpose: String,
    /// `read`, `lookup` or `erase`.
    pub action: String,
    /// When (UTC, RFC 3339).
    pub at: String,
}

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The complainant.
    Consumer,
    /// The business complained about.
    Business,
    /// The handling body's staff.
    Staff,
}

impl Recipient {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Consumer => "consumer",
            Recipient::Business => "business",
            Recipient::Staff => "staff",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Recipient> {
        match s {
            "consumer" => Some(Recipient::Consumer),
            "business" => Some(Recipient::Business),
            "staff" => Some(Recipient::Staff),
            _ => None,
        }
    }
}

/// A notification of the outbox: written in the same transaction as what caused it, sent
/// later by a worker, which marks it sent. Payloads carry ids and codes, never personal
/// data: the sender reads the contact details through [`crate::Store::personal`], audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Its number (the order of writing).
    pub id: i64,
    /// The case.
    pub case_id: String,
    /// The event that caused it, if an event did.
    pub event_seq: Option<u64>,
    /// Who it is for.
    pub recipient: Recipient,
    /// What it is (`case_received`, `notify_decision`, `business_responded`, …).
    pub kind: String,
    /// The details (ids and codes).
    pub payload: serde_json::Value,
    /// When it was written (UTC, RFC 3339).
    pub created_at: String,
}

/// What an append did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appended {
    /// The new event's sequence number (pass it as the next append's `expected_seq`).
    pub seq: u64,
    /// The state after it.
    pub state: String,
    /// The new head of the log (hex).
    pub head: String,
    /// The notifications written with it.
    pub notifications: Vec<i64>,
}

/// A business's response to a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    /// Its number.
    pub id: i64,
    /// Who answered (the business's credit code or account id).
    pub responder: String,
    /// The text.
    pub text: String,
    /// When (UTC, RFC 3339).
    pub at: String,
}

/// An assessment kept with a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAssessment {
    /// Its number.
    pub id: i64,
    /// The claim it assessed.
    pub claim_id: Option<String>,
    /// The assessment as `weiquan-compensation` serialises it.
    pub document: serde_json::Value,
    /// When (UTC, RFC 3339).
    pub recorded_at: String,
    /// By whom.
    pub recorded_by: String,
}

/// How long personal data is kept after a case is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// The period after closing.
    pub after_close: chrono::Duration,
}

/// The result of checking every stored log.
#[derive(Debug, Default)]
pub struct Verification {
    /// Cases checked.
    pub cases: u64,
    /// Events checked.
    pub events: u64,
    /// The cases whose log does not verify, with why.
    pub failures: Vec<crate::Error>,
}

/// A timestamp as stored: UTC, microseconds, `Z` (sorts as text).
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}
