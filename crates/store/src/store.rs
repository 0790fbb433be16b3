//! The store's operations, written once over [`Conn`] for both databases.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde_json::json;
use weiquan_caseflow::{
    Case, ChainHash, Effect, Event, Journal, ReplayOptions, StateKind, default_calendar, legal_day,
};
use weiquan_compensation::Assessment;
use weiquan_complaint::{Complaint, Mobile, ResidentId};

use crate::db::{Backend, Conn, Pool, Postgres, Row, Sqlite, Value, snapshot, transaction};
use crate::error::{Error, Result};
use crate::keys::StoreKey;
use crate::model::*;
use crate::schema;

/// The case store. Cheap to clone (a pool of connections and the key); `Send + Sync`.
///
/// Every method is synchronous and blocks on the database: from async code, call it inside
/// `tokio::task::spawn_blocking` (see the crate docs for why).
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    key: Arc<StoreKey>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.pool.backend)
            .field("key", &self.key)
            .finish()
    }
}

/// The personal fields of the complaint document, split off before it is stored.
const PERSONAL_FIELDS: [&str; 4] = ["name", "resident_id", "mobile", "address"];

/// The default and largest page of a search.
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 10_000;

/// The alphabet of query codes: digits and capitals without 0/O and 1/I, which are confused
/// when read over the phone; 32 characters, so a byte modulo 32 picks one without bias.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Query-code length: 12 characters of 5 bits, 60 bits (an online guesser needs about 2^59
/// tries per case; the code is derived under the store's key, so a stolen database without
/// the key file gives no code).
const CODE_CHARS: usize = 12;

fn now() -> String {
    stamp(Utc::now())
}

fn utc(at: DateTime<FixedOffset>) -> String {
    stamp(at.with_timezone(&Utc))
}

fn to_u64(n: i64, what: &str) -> Result<u64> {
    u64::try_from(n).map_err(|_| Error::Corrupt {
        what: what.to_owned(),
        reason: format!("negative count {n}"),
    })
}

fn to_i64(n: u64) -> Result<i64> {
    i64::try_from(n).map_err(|_| Error::Argument {
        name: "sequence number",
        reason: format!("{n} is too large"),
    })
}

fn json_text<T: serde::Serialize>(what: &'static str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Serialize {
        what,
        reason: e.to_string(),
    })
}

fn parse_json(what: &str, text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt {
        what: what.to_owned(),
        reason: e.to_string(),
    })
}

fn nonempty(name: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::Argument {
            name,
            reason: "must not be empty".to_owned(),
        })
    } else {
        Ok(())
    }
}

/// Constant-time equality of two hex strings (hash comparisons).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The earliest pending deadline of a case on the day of its last event.
fn next_due(case: &Case) -> Option<NaiveDate> {
    // A year the calendar cannot count leaves the index empty rather than guessing a date.
    let deadlines = case.deadlines(legal_day(case.last_at())).ok()?;
    deadlines
        .iter()
        .filter(|d| d.status == weiquan_caseflow::DeadlineStatus::Pending)
        .map(|d| d.due)
        .min()
}

/// Who is told what when the machine returns an effect.
fn effect_recipients(effect: Effect) -> &'static [Recipient] {
    match effect {
        Effect::NotifyDecision => &[Recipient::Consumer],
        Effect::NotifyMediationArrangements | Effect::NotifyTermination => {
            &[Recipient::Consumer, Recipient::Business]
        }
        Effect::ForwardComplaint
        | Effect::IssueMediationDocument
        | Effect::IssueReferralLetter
        | Effect::Archive => &[Recipient::Staff],
    }
}

fn effect_code(effect: Effect) -> Result<String> {
    match serde_json::to_value(effect) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(Error::Serialize {
            what: "effect",
            reason: format!("{effect:?} has no code"),
        }),
    }
}

fn actor_code(event: &Event) -> Result<String> {
    match serde_json::to_value(event.actor) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(Error::Serialize {
            what: "actor",
            reason: "no code".to_owned(),
        }),
    }
}

fn insert_outbox(
    tx: &mut dyn Conn,
    case_id: &str,
    event_seq: Option<u64>,
    recipient: Recipient,
    kind: &str,
    payload: &serde_json::Value,
) -> Result<i64> {
    let rows = tx.query(
        "outbox",
        "INSERT INTO outbox (case_id, event_seq, recipient, kind, payload, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[
            Value::text(case_id),
            event_seq
                .map(to_i64)
                .transpose()?
                .map_or(Value::Null, Value::Int),
            Value::text(recipient.as_str()),
            Value::text(kind),
            Value::text(json_text("notification", payload)?),
            Value::text(now()),
        ],
    )?;
    rows.first()
        .ok_or_else(|| Error::Corrupt {
            what: "outbox".to_owned(),
            reason: "no id returned".to_owned(),
        })?
        .int(0)
}

/// The notifications for the effects of one transition.
fn insert_effects(
    tx: &mut dyn Conn,
    case_id: &str,
    seq: u64,
    state: StateKind,
    effects: &[Effect],
) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for &effect in effects {
        let code = effect_code(effect)?;
        let payload = json!({
            "case_id": case_id,
            "seq": seq,
            "state": state.as_str(),
            "effect": code,
            "instruction_zh": effect.describe_zh(),
        });
        for &recipient in effect_recipients(effect) {
            ids.push(insert_outbox(
                tx,
                case_id,
                Some(seq),
                recipient,
                &code,
                &payload,
            )?);
        }
    }
    Ok(ids)
}

/// The narrative as stored in clear: the consumer's own name, resident ID, mobile and
/// address, which the store knows, replaced wherever they occur (the redactor cannot know
/// every name: a rare surname or a name without a cue such as 我叫 is missed); then the
/// redactor removes what else it finds (other people's names and numbers, addresses).
fn redact_narrative(complaint: &Complaint) -> String {
    let consumer = &complaint.consumer;
    let mut text = complaint.description.clone();
    let own = [
        (consumer.name.as_str(), "[姓名]"),
        (
            consumer.resident_id.as_ref().map_or("", |r| r.as_str()),
            "[身份证号]",
        ),
        (consumer.mobile.as_str(), "[手机号]"),
        (consumer.address.as_str(), "[地址]"),
    ];
    for (value, placeholder) in own {
        let value = value.trim();
        if !value.is_empty() {
            text = text.replace(value, placeholder);
        }
    }
    weiquan_redact::redact(&text).text
}

/// A case read back in one snapshot and verified.
struct Loaded {
    row: CaseRow,
    case: Case,
    head: String,
    log: String,
}

/// One stored event line.
struct EventRow {
    seq: i64,
    line: String,
    at: String,
    actor: String,
    kind: String,
    seal: String,
}

fn insert_event(tx: &mut dyn Conn, case_id: &str, row: &EventRow, by: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO events (case_id, seq, at, actor, kind, line, seal, recorded_at, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            Value::text(case_id),
            Value::Int(row.seq),
            Value::text(&row.at),
            Value::text(&row.actor),
            Value::text(&row.kind),
            Value::text(&row.line),
            Value::text(&row.seal),
            Value::text(now()),
            Value::text(by),
        ],
    )?;
    Ok(())
}

fn event_row(journal: &mut Journal, event: &Event) -> Result<EventRow> {
    let seq = to_i64(journal.next_seq())?;
    let line = journal.append(event).map_err(|e| Error::Serialize {
        what: "event",
        reason: e.to_string(),
    })?;
    Ok(EventRow {
        seq,
        line,
        at: utc(event.at),
        actor: actor_code(event)?,
        kind: event.tag().as_str().to_owned(),
        seal: journal.head().to_string(),
    })
}

const CASE_COLUMNS: &str = "c.case_id, c.procedure, c.state, c.body_id, c.business_uscc, \
    c.category, c.received_at, c.next_due, c.last_seq, c.closed_at, r.rating, c.volunteer, \
    c.station, c.head";

fn case_row(row: &Row) -> Result<(CaseRow, String)> {
    let next_due = row
        .opt_text(7)?
        .map(|d| {
            d.parse::<NaiveDate>().map_err(|e| Error::Corrupt {
                what: "cases.next_due".to_owned(),
                reason: e.to_string(),
            })
        })
        .transpose()?;
    let rating = row
        .opt_int(10)?
        .map(|r| {
            u8::try_from(r).map_err(|_| Error::Corrupt {
                what: "ratings.rating".to_owned(),
                reason: format!("{r} is not a rating"),
            })
        })
        .transpose()?;
    Ok((
        CaseRow {
            case_id: row.text(0)?,
            procedure: row.text(1)?,
            state: row.text(2)?,
            body_id: row.text(3)?,
            business_uscc: row.opt_text(4)?,
            category: row.text(5)?,
            received_at: row.text(6)?,
            next_due,
            last_seq: to_u64(row.int(8)?, "cases.last_seq")?,
            closed_at: row.opt_text(9)?,
            rating,
            attribution: Attribution {
                volunteer: row.opt_text(11)?,
                station: row.opt_text(12)?,
            },
        },
        row.text(13)?,
    ))
}

impl Store {
    /// Opens (creating) an SQLite store in one file, in WAL mode, applying the migrations.
    /// The key must be the database's (a new database takes the key it is first opened with).
    pub fn open_sqlite(path: impl AsRef<Path>, key: StoreKey) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let pool = Pool::new(
            Backend::Sqlite,
            Arc::new(move || {
                let mut conn = Sqlite::open(&path)?;
                // Erased personal data is overwritten in the file, not only unlinked.
                conn.batch("PRAGMA secure_delete = ON")?;
                Ok(Box::new(conn) as Box<dyn Conn>)
            }),
        );
        Store::start(pool, key)
    }

    /// Opens a PostgreSQL store (`host=… port=… user=… dbname=…` or a `postgresql://` URL),
    /// applying the migrations. The key must be the database's.
    pub fn open_postgres(url: &str, key: StoreKey) -> Result<Store> {
        let url = url.to_owned();
        let pool = Pool::new(
            Backend::Postgres,
            Arc::new(move || Ok(Box::new(Postgres::open(&url)?) as Box<dyn Conn>)),
        );
        Store::start(pool, key)
    }

    fn start(pool: Pool, key: StoreKey) -> Result<Store> {
        let store = Store {
            pool,
            key: Arc::new(key),
        };
        store.pool.with(|conn| {
            schema::migrate(conn, &now())?;
            transaction(conn, |tx| {
                let rows = tx.query(
                    "store_meta",
                    "SELECT name, value FROM store_meta WHERE name IN ('key_check', 'key_fingerprint')",
                    &[],
                )?;
                let mut check = None;
                let mut fingerprint = String::new();
                for r in &rows {
                    match r.text(0)?.as_str() {
                        "key_check" => check = Some(r.text(1)?),
                        _ => fingerprint = r.text(1)?,
                    }
                }
                match check {
                    None => {
                        for (name, value) in [
                            ("key_check", store.key.check_value()),
                            ("key_fingerprint", store.key.fingerprint()),
                        ] {
                            tx.execute(
                                "INSERT INTO store_meta (name, value) VALUES ($1, $2)",
                                &[Value::text(name), Value::text(value)],
                            )?;
                        }
                        Ok(())
                    }
                    Some(check) if same(&check, store.key.check_value()) => Ok(()),
                    Some(_) => Err(Error::KeyMismatch {
                        expected: fingerprint,
                        given: store.key.fingerprint().to_owned(),
                    }),
                }
            })
        })?;
        Ok(store)
    }

    /// Which database this store uses.
    pub fn backend(&self) -> Backend {
        self.pool.backend
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        self.pool.with(schema::version)
    }

    /// The store's key (its fingerprint, the chain key for auditors).
    pub fn key(&self) -> &StoreKey {
        &self.key
    }

    /// The query code of a case: derived from the case id under the store's key, so that a
    /// retried intake returns the same code, and only its keyed hash is stored.
    fn query_code(&self, case_id: &str) -> String {
        let digest = self.key.code_hash("query code", &[case_id.as_bytes()]);
        digest
            .as_bytes()
            .chunks_exact(2)
            .take(CODE_CHARS)
            .map(|pair| {
                let byte = pair.iter().fold(0usize, |acc, &c| {
                    acc * 16 + char::from(c).to_digit(16).map_or(0, |d| d as usize)
                });
                CODE_ALPHABET.get(byte % 32).map_or('2', |&b| char::from(b))
            })
            .collect()
    }

    fn query_code_hash(&self, code: &str) -> String {
        self.key.code_hash("query code hash", &[code.as_bytes()])
    }

    /// Commits an intake — the case row, the complaint (without its personal data), the
    /// encrypted personal data with its lookup hashes, the case's events in the keyed hash
    /// chain, the routing decision and the first notifications — in one transaction: all of
    /// it or nothing. A retry with the same idempotency key and the same submission returns
    /// the first receipt (`created: false`); the same key with another submission is
    /// `store.intake.idempotency_conflict`.
    pub fn intake(&self, intake: &Intake) -> Result<Receipt> {
        let case_id = intake.case.complaint_id().to_owned();
        let complaint = &intake.complaint;
        nonempty("idempotency_key", &intake.idempotency_key)?;
        nonempty("recorded_by", &intake.recorded_by)?;
        if case_id != complaint.id && case_id != format!("{}-C", complaint.id) {
            return Err(Error::IntakeMismatch {
                case_id,
                reason: format!("the case was opened for complaint {}", complaint.id),
            });
        }
        // The document without the consumer's personal data: what staff and statistics read.
        let mut document = serde_json::to_value(complaint).map_err(|e| Error::Serialize {
            what: "complaint",
            reason: e.to_string(),
        })?;
        if let Some(consumer) = document
            .get_mut("consumer")
            .and_then(serde_json::Value::as_object_mut)
        {
            for field in PERSONAL_FIELDS {
                consumer.remove(field);
            }
        }
        if let Some(description) = document.get_mut("description") {
            *description = json!(redact_narrative(complaint));
        }
        let personal = PersonalData {
            name: complaint.consumer.name.clone(),
            resident_id: complaint
                .consumer
                .resident_id
                .as_ref()
                .map(|r| r.as_str().to_owned()),
            mobile: complaint.consumer.mobile.as_str().to_owned(),
            address: complaint.consumer.address.clone(),
            description: complaint.description.clone(),
        };
        let complaint_json = json_text("complaint", complaint)?;
        let decision_json = json_text("decision", &intake.decision)?;
        let plain_log = intake.case.to_jsonl().map_err(|e| Error::Serialize {
            what: "case log",
            reason: e.to_string(),
        })?;
        let digest = self.key.code_hash(
            "intake",
            &[
                complaint_json.as_bytes(),
                plain_log.as_bytes(),
                decision_json.as_bytes(),
            ],
        );
        let sealed = self
            .key
            .seal(&case_id, json_text("personal data", &personal)?.as_bytes())?;
        let mobile_hash = self.key.lookup_hash("mobile", &personal.mobile);
        let resident_hash = personal
            .resident_id
            .as_deref()
            .map(|r| self.key.lookup_hash("resident_id", r));
        let mut journal = Journal::keyed(self.key.chain_key().clone());
        let mut events = Vec::new();
        for record in intake.case.history() {
            events.push(event_row(&mut journal, &record.event)?);
        }
        let head = journal.head().to_string();
        let last_seq = intake.case.len();
        let query_code = self.query_code(&case_id);
        let state = intake.case.state();

        let existing = |conn: &mut dyn Conn| -> Result<Option<Receipt>> {
            let rows = conn.query(
                "cases",
                "SELECT case_id, intake_digest, last_seq FROM cases WHERE idempotency_key = $1",
                &[Value::text(&intake.idempotency_key)],
            )?;
            let Some(row) = rows.first() else {
                return Ok(None);
            };
            let first = row.text(0)?;
            if !same(&row.text(1)?, &digest) {
                return Err(Error::IdempotencyConflict {
                    key: intake.idempotency_key.clone(),
                    case_id: first,
                });
            }
            Ok(Some(Receipt {
                query_code: self.query_code(&first),
                case_id: first,
                created: false,
                last_seq: to_u64(row.int(2)?, "cases.last_seq")?,
            }))
        };

        self.pool.with(|conn| {
            let written = transaction(conn, |tx| {
                if let Some(receipt) = existing(tx)? {
                    return Ok(receipt);
                }
                let taken = tx.query(
                    "cases",
                    "SELECT 1 FROM cases WHERE case_id = $1",
                    &[Value::text(&case_id)],
                )?;
                if !taken.is_empty() {
                    return Err(Error::DuplicateCase {
                        case_id: case_id.clone(),
                    });
                }
                let stamp_now = now();
                tx.execute(
                    "INSERT INTO cases (case_id, idempotency_key, intake_digest, query_code_hash, \
                     procedure, state, body_id, business_uscc, category, received_at, next_due, \
                     last_seq, head, closed_at, volunteer, station, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                     $16, $17, $17)",
                    &[
                        Value::text(&case_id),
                        Value::text(&intake.idempotency_key),
                        Value::text(&digest),
                        Value::text(self.query_code_hash(&query_code)),
                        Value::text(intake.case.procedure().id()),
                        Value::text(state.as_str()),
                        Value::text(&intake.decision.body.id),
                        Value::opt_text(complaint.business.uscc.as_ref().map(|u| u.as_str())),
                        Value::text(complaint.purchase.category.to_string()),
                        Value::text(utc(complaint.received_at)),
                        Value::opt_text(next_due(&intake.case).map(|d| d.to_string())),
                        Value::Int(to_i64(last_seq)?),
                        Value::text(&head),
                        Value::opt_text(
                            (state == StateKind::Closed).then(|| utc(intake.case.last_at())),
                        ),
                        Value::opt_text(intake.attribution.volunteer.as_deref()),
                        Value::opt_text(intake.attribution.station.as_deref()),
                        Value::text(&stamp_now),
                    ],
                )?;
                tx.execute(
                    "INSERT INTO complaints (case_id, document) VALUES ($1, $2)",
                    &[
                        Value::text(&case_id),
                        Value::text(json_text("complaint", &document)?),
                    ],
                )?;
                tx.execute(
                    "INSERT INTO personal (case_id, sealed, mobile_hash, resident_id_hash) \
                     VALUES ($1, $2, $3, $4)",
                    &[
                        Value::text(&case_id),
                        Value::Blob(sealed.clone()),
                        Value::text(&mobile_hash),
                        Value::opt_text(resident_hash.as_deref()),
                    ],
                )?;
                for row in &events {
                    insert_event(tx, &case_id, row, &intake.recorded_by)?;
                }
                // The decision is checked as its row is written: a decision made for another
                // complaint undoes everything above.
                if intake.decision.complaint_id != complaint.id {
                    return Err(Error::IntakeMismatch {
                        case_id: case_id.clone(),
                        reason: format!(
                            "the routing decision is for complaint {}",
                            intake.decision.complaint_id
                        ),
                    });
                }
                if intake.decision.body.id.trim().is_empty() {
                    return Err(Error::IntakeMismatch {
                        case_id: case_id.clone(),
                        reason: "the routing decision names no body".to_owned(),
                    });
                }
                tx.execute(
                    "INSERT INTO decisions (case_id, body_id, rule, document) VALUES ($1, $2, $3, $4)",
                    &[
                        Value::text(&case_id),
                        Value::text(&intake.decision.body.id),
                        Value::text(&intake.decision.rule),
                        Value::text(&decision_json),
                    ],
                )?;
                insert_outbox(
                    tx,
                    &case_id,
                    Some(1),
                    Recipient::Consumer,
                    "case_received",
                    &json!({ "case_id": case_id, "state": state.as_str() }),
                )?;
                insert_outbox(
                    tx,
                    &case_id,
                    Some(1),
                    Recipient::Staff,
                    "case_filed",
                    &json!({ "case_id": case_id, "body_id": intake.decision.body.id }),
                )?;
                for (seq, record) in (1u64..).zip(intake.case.history()) {
                    if let Some(rule) = record.rule() {
                        insert_effects(tx, &case_id, seq, rule.to, rule.effects)?;
                    }
                }
                Ok(Receipt {
                    case_id: case_id.clone(),
                    query_code: query_code.clone(),
                    created: true,
                    last_seq,
                })
            });
            match written {
                // Two submissions racing: the loser's insert broke a unique key, or (read
                // committed) it found the case id taken by a commit made after its own key
                // check. The same submission's retry gets the winner's receipt; another
                // submission of the same case id is a duplicate.
                Err(Error::Database { .. } | Error::DuplicateCase { .. }) => match existing(conn)? {
                    Some(receipt) => Ok(receipt),
                    None => {
                        let taken = conn.query(
                            "cases",
                            "SELECT 1 FROM cases WHERE case_id = $1",
                            &[Value::text(&case_id)],
                        )?;
                        if taken.is_empty() {
                            written
                        } else {
                            Err(Error::DuplicateCase {
                                case_id: case_id.clone(),
                            })
                        }
                    }
                },
                other => other,
            }
        })
    }

    /// Reads a case's events in order and replays them, checking every seal of the keyed
    /// chain and the head kept in the case row.
    fn load(&self, conn: &mut dyn Conn, case_id: &str) -> Result<Loaded> {
        let (rows, lines) = snapshot(conn, |conn| {
            let rows = conn.query(
                "cases",
                &format!(
                    "SELECT {CASE_COLUMNS} FROM cases c LEFT JOIN ratings r ON r.case_id = c.case_id \
                     WHERE c.case_id = $1"
                ),
                &[Value::text(case_id)],
            )?;
            let lines = conn.query(
                "events",
                "SELECT seq, line FROM events WHERE case_id = $1 ORDER BY seq",
                &[Value::text(case_id)],
            )?;
            Ok((rows, lines))
        })?;
        let (row, head) = case_row(rows.first().ok_or_else(|| Error::CaseNotFound {
            case_id: case_id.to_owned(),
        })?)?;
        let mut log = String::new();
        for line in &lines {
            log.push_str(&line.text(1)?);
            log.push('\n');
        }
        let corrupt = |e: weiquan_caseflow::Error| Error::LogCorrupt {
            case_id: case_id.to_owned(),
            code: e.code(),
            message: e.to_string(),
        };
        let options = ReplayOptions::new().key(self.key.chain_key());
        let replayed =
            Case::replay_with(default_calendar(), log.as_bytes(), &options).map_err(corrupt)?;
        let expected = ChainHash::from_hex(&head).ok_or_else(|| Error::Corrupt {
            what: "cases.head".to_owned(),
            reason: "not a seal".to_owned(),
        })?;
        replayed.check_head(expected).map_err(corrupt)?;
        if replayed.entries != row.last_seq || replayed.case.complaint_id() != case_id {
            return Err(Error::LogCorrupt {
                case_id: case_id.to_owned(),
                code: "caseflow.log.head_mismatch",
                message: format!(
                    "{} events for {}, the case row says {}",
                    replayed.entries,
                    replayed.case.complaint_id(),
                    row.last_seq
                ),
            });
        }
        Ok(Loaded {
            row,
            case: replayed.case,
            head,
            log,
        })
    }

    /// A case, for staff: its row and the case replayed from its verified log.
    pub fn case(&self, case_id: &str) -> Result<CaseRecord> {
        self.pool.with(|conn| {
            let Loaded {
                row, case, head, ..
            } = self.load(conn, case_id)?;
            Ok(CaseRecord { row, case, head })
        })
    }

    /// A case, for the consumer who holds its query code. A wrong code and an unknown case
    /// give the same error, so codes cannot be tested against case ids.
    pub fn case_for_consumer(&self, case_id: &str, query_code: &str) -> Result<CaseRecord> {
        let not_found = || Error::CaseNotFound {
            case_id: case_id.to_owned(),
        };
        let given = self.query_code_hash(&query_code.trim().to_uppercase());
        self.pool.with(|conn| {
            let rows = conn.query(
                "cases",
                "SELECT query_code_hash FROM cases WHERE case_id = $1",
                &[Value::text(case_id)],
            )?;
            let stored = rows.first().ok_or_else(not_found)?.text(0)?;
            if !same(&stored, &given) {
                return Err(not_found());
            }
            let Loaded {
                row, case, head, ..
            } = self.load(conn, case_id)?;
            Ok(CaseRecord { row, case, head })
        })
    }

    /// The case's log as JSON Lines in the keyed chain, verified: what an auditor replays with
    /// `weiquan case replay --key` (the chain key: [`StoreKey::chain_key`]).
    pub fn export_log(&self, case_id: &str) -> Result<String> {
        self.pool.with(|conn| Ok(self.load(conn, case_id)?.log))
    }

    /// Appends one event to a case. `expected_seq` is the sequence number of the last event
    /// the caller saw: if another event was recorded since, the append is refused with
    /// `store.append.conflict` and nothing is written, so two staff members never interleave
    /// events. The case-state machine checks the event first (its error code is the
    /// machine's, `caseflow.*`). The notifications for the transition's effects are written
    /// in the same transaction.
    pub fn append(
        &self,
        case_id: &str,
        expected_seq: u64,
        event: Event,
        recorded_by: &str,
    ) -> Result<Appended> {
        nonempty("recorded_by", recorded_by)?;
        self.pool.with(|conn| {
            let Loaded {
                row,
                mut case,
                head,
                ..
            } = self.load(conn, case_id)?;
            if row.last_seq != expected_seq {
                return Err(Error::Conflict {
                    case_id: case_id.to_owned(),
                    expected: expected_seq,
                    found: row.last_seq,
                });
            }
            let head = ChainHash::from_hex(&head).ok_or_else(|| Error::Corrupt {
                what: "cases.head".to_owned(),
                reason: "not a seal".to_owned(),
            })?;
            let transition = case.apply(event.clone()).map_err(|source| Error::Refused {
                case_id: case_id.to_owned(),
                source,
            })?;
            let mut journal =
                Journal::resume_keyed(self.key.chain_key().clone(), row.last_seq, head);
            let new = event_row(&mut journal, &event)?;
            let state = case.state();
            let closed_at = (state == StateKind::Closed).then(|| utc(event.at));
            transaction(conn, |tx| {
                let changed = tx.execute(
                    "UPDATE cases SET last_seq = $1, head = $2, state = $3, next_due = $4, \
                     closed_at = COALESCE(closed_at, $5), updated_at = $6 \
                     WHERE case_id = $7 AND last_seq = $8",
                    &[
                        Value::Int(new.seq),
                        Value::text(&new.seal),
                        Value::text(state.as_str()),
                        Value::opt_text(next_due(&case).map(|d| d.to_string())),
                        Value::opt_text(closed_at.as_deref()),
                        Value::text(now()),
                        Value::text(case_id),
                        Value::Int(to_i64(expected_seq)?),
                    ],
                )?;
                if changed != 1 {
                    let rows = tx.query(
                        "cases",
                        "SELECT last_seq FROM cases WHERE case_id = $1",
                        &[Value::text(case_id)],
                    )?;
                    let found = match rows.first() {
                        Some(r) => to_u64(r.int(0)?, "cases.last_seq")?,
                        None => 0,
                    };
                    return Err(Error::Conflict {
                        case_id: case_id.to_owned(),
                        expected: expected_seq,
                        found,
                    });
                }
                insert_event(tx, case_id, &new, recorded_by)?;
                let notifications =
                    insert_effects(tx, case_id, transition.seq, state, transition.effects)?;
                Ok(Appended {
                    seq: transition.seq,
                    state: state.as_str().to_owned(),
                    head: new.seal.clone(),
                    notifications,
                })
            })
        })
    }

    /// Lists cases, newest received first.
    pub fn search(&self, search: &Search) -> Result<Vec<CaseRow>> {
        let limit = match search.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let mut sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c LEFT JOIN ratings r ON r.case_id = c.case_id WHERE 1 = 1"
        );
        let mut params = Vec::new();
        let mut bind = |sql: &mut String, clause: &str, value: Value| {
            params.push(value);
            sql.push_str(&clause.replace("$?", &format!("${}", params.len())));
        };
        if let Some(body) = &search.body_id {
            bind(&mut sql, " AND c.body_id = $?", Value::text(body));
        }
        if let Some(state) = search.state {
            bind(&mut sql, " AND c.state = $?", Value::text(state.as_str()));
        }
        if let Some(day) = search.due_on_or_before {
            bind(
                &mut sql,
                " AND c.next_due IS NOT NULL AND c.next_due <= $?",
                Value::text(day.to_string()),
            );
        }
        if let Some(uscc) = &search.business_uscc {
            bind(
                &mut sql,
                " AND c.business_uscc = $?",
                Value::text(uscc.as_str()),
            );
        }
        if let Some(category) = &search.category {
            // A major category matches its items (`food` matches `food/food_products`);
            // compared by prefix, not LIKE, whose `_` would match any character.
            bind(
                &mut sql,
                " AND (c.category = $? OR substr(c.category, 1, length($?) + 1) = $? || '/')",
                Value::text(category),
            );
        }
        bind(
            &mut sql,
            " ORDER BY c.received_at DESC, c.case_id LIMIT $?",
            Value::Int(i64::from(limit)),
        );
        bind(&mut sql, " OFFSET $?", Value::Int(i64::from(search.offset)));
        self.pool.with(|conn| {
            conn.query("cases", &sql, &params)?
                .iter()
                .map(|r| case_row(r).map(|(row, _)| row))
                .collect()
        })
    }

    fn require_case(conn: &mut dyn Conn, case_id: &str) -> Result<String> {
        let rows = conn.query(
            "cases",
            "SELECT state FROM cases WHERE case_id = $1",
            &[Value::text(case_id)],
        )?;
        rows.first()
            .ok_or_else(|| Error::CaseNotFound {
                case_id: case_id.to_owned(),
            })?
            .text(0)
    }

    /// The complaint document without the consumer's personal data (no audit entry): the
    /// consumer's name, resident ID, mobile and address left out, the narrative redacted.
    pub fn complaint(&self, case_id: &str) -> Result<serde_json::Value> {
        self.pool.with(|conn| {
            let rows = conn.query(
                "complaints",
                "SELECT document FROM complaints WHERE case_id = $1",
                &[Value::text(case_id)],
            )?;
            let row = rows.first().ok_or_else(|| Error::CaseNotFound {
                case_id: case_id.to_owned(),
            })?;
            parse_json("complaints.document", &row.text(0)?)
        })
    }

    /// The whole complaint, personal data included: a read of personal data, recorded.
    pub fn complaint_with_personal(&self, case_id: &str, reader: Reader<'_>) -> Result<Complaint> {
        let mut document = self.complaint(case_id)?;
        let personal = self.personal(case_id, reader)?;
        let received = document
            .get("received_at")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| s.parse::<DateTime<FixedOffset>>().ok())
            .map(legal_day)
            .ok_or_else(|| Error::Corrupt {
                what: "complaints.document".to_owned(),
                reason: "no received_at".to_owned(),
            })?;
        if let Some(consumer) = document
            .get_mut("consumer")
            .and_then(serde_json::Value::as_object_mut)
        {
            consumer.insert("name".to_owned(), json!(personal.name));
            if let Some(id) = &personal.resident_id {
                consumer.insert("resident_id".to_owned(), json!(id));
            }
            consumer.insert("mobile".to_owned(), json!(personal.mobile));
            consumer.insert("address".to_owned(), json!(personal.address));
        }
        if let Some(description) = document.get_mut("description") {
            *description = json!(personal.description);
        }
        // Validated as of the day it was received, as it was at intake.
        Complaint::from_json_value_on(&document, received).map_err(|e| Error::Corrupt {
            what: "complaints.document".to_owned(),
            reason: weiquan_support::Diagnostic::code(&e).to_owned(),
        })
    }

    /// The routing decision document.
    pub fn decision(&self, case_id: &str) -> Result<serde_json::Value> {
        self.pool.with(|conn| {
            let rows = conn.query(
                "decisions",
                "SELECT document FROM decisions WHERE case_id = $1",
                &[Value::text(case_id)],
            )?;
            let row = rows.first().ok_or_else(|| Error::CaseNotFound {
                case_id: case_id.to_owned(),
            })?;
            parse_json("decisions.document", &row.text(0)?)
        })
    }

    fn audit(
        tx: &mut dyn Conn,
        case_id: Option<&str>,
        reader: Reader<'_>,
        action: &str,
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO personal_reads (case_id, staff, purpose, action, at) VALUES ($1, $2, $3, $4, $5)",
            &[
                Value::opt_text(case_id),
                Value::text(reader.staff),
                Value::text(reader.purpose),
                Value::text(action),
                Value::text(now()),
            ],
        )?;
        Ok(())
    }

    /// The consumer's personal data, decrypted. The read is recorded (staff, purpose, time)
    /// in the same transaction that fetches it: no read without its record.
    pub fn personal(&self, case_id: &str, reader: Reader<'_>) -> Result<PersonalData> {
        nonempty("reader.staff", reader.staff)?;
        nonempty("reader.purpose", reader.purpose)?;
        let (sealed, erased_at) = self.pool.with(|conn| {
            transaction(conn, |tx| {
                let rows = tx.query(
                    "personal",
                    "SELECT sealed, erased_at FROM personal WHERE case_id = $1",
                    &[Value::text(case_id)],
                )?;
                let row = rows.first().ok_or_else(|| Error::CaseNotFound {
                    case_id: case_id.to_owned(),
                })?;
                Store::audit(tx, Some(case_id), reader, "read")?;
                Ok((row.opt_blob(0)?, row.opt_text(1)?))
            })
        })?;
        let Some(sealed) = sealed else {
            return Err(Error::PersonalErased {
                case_id: case_id.to_owned(),
                erased_at: erased_at.unwrap_or_default(),
            });
        };
        let plain = self.key.open(case_id, &sealed)?;
        serde_json::from_slice(&plain).map_err(|_| Error::Decrypt {
            case_id: case_id.to_owned(),
        })
    }

    fn lookup(&self, column: &str, hash: String, reader: Reader<'_>) -> Result<Vec<String>> {
        nonempty("reader.staff", reader.staff)?;
        nonempty("reader.purpose", reader.purpose)?;
        self.pool.with(|conn| {
            transaction(conn, |tx| {
                let rows = tx.query(
                    "personal",
                    &format!("SELECT case_id FROM personal WHERE {column} = $1 ORDER BY case_id"),
                    &[Value::text(&hash)],
                )?;
                let ids = rows.iter().map(|r| r.text(0)).collect::<Result<Vec<_>>>()?;
                if ids.is_empty() {
                    Store::audit(tx, None, reader, "lookup")?;
                }
                for id in &ids {
                    Store::audit(tx, Some(id), reader, "lookup")?;
                }
                Ok(ids)
            })
        })
    }

    /// The cases of a mobile number, found by its keyed hash (the number is not stored in
    /// clear). Recorded in the audit, one entry per case found (one without a case if none).
    pub fn find_by_mobile(&self, mobile: &Mobile, reader: Reader<'_>) -> Result<Vec<String>> {
        self.lookup(
            "mobile_hash",
            self.key.lookup_hash("mobile", mobile.as_str()),
            reader,
        )
    }

    /// The cases of a resident ID, found by its keyed hash; recorded as
    /// [`find_by_mobile`](Self::find_by_mobile) is.
    pub fn find_by_resident_id(&self, id: &ResidentId, reader: Reader<'_>) -> Result<Vec<String>> {
        self.lookup(
            "resident_id_hash",
            self.key.lookup_hash("resident_id", id.as_str()),
            reader,
        )
    }

    /// The audit of personal-data reads, oldest first (of one case, or all).
    pub fn personal_reads(&self, case_id: Option<&str>) -> Result<Vec<AuditEntry>> {
        self.pool.with(|conn| {
            let rows = match case_id {
                Some(id) => conn.query(
                    "personal_reads",
                    "SELECT id, case_id, staff, purpose, action, at FROM personal_reads \
                     WHERE case_id = $1 ORDER BY id",
                    &[Value::text(id)],
                )?,
                None => conn.query(
                    "personal_reads",
                    "SELECT id, case_id, staff, purpose, action, at FROM personal_reads ORDER BY id",
                    &[],
                )?,
            };
            rows.iter()
                .map(|r| {
                    Ok(AuditEntry {
                        id: r.int(0)?,
                        case_id: r.opt_text(1)?,
                        staff: r.text(2)?,
                        purpose: r.text(3)?,
                        action: r.text(4)?,
                        at: r.text(5)?,
                    })
                })
                .collect()
        })
    }

    /// The retention job: erases the personal data of every case closed more than
    /// `retention.after_close` before `now`, and its lookup hashes; the log, the complaint
    /// without personal data and the decision stay, and the log still verifies. Each erasure
    /// is recorded in the audit (staff `retention`). Returns the cases erased.
    pub fn erase_expired(
        &self,
        now_at: DateTime<Utc>,
        retention: Retention,
    ) -> Result<Vec<String>> {
        let cutoff = now_at
            .checked_sub_signed(retention.after_close)
            .ok_or_else(|| Error::Argument {
                name: "retention.after_close",
                reason: "the period reaches before the calendar".to_owned(),
            })?;
        let reader = Reader {
            staff: "retention",
            purpose: "retention period elapsed",
        };
        let erased = self.pool.with(|conn| {
            transaction(conn, |tx| {
                let rows = tx.query(
                    "cases",
                    "SELECT c.case_id FROM cases c JOIN personal p ON p.case_id = c.case_id \
                     WHERE c.closed_at IS NOT NULL AND c.closed_at <= $1 AND p.erased_at IS NULL \
                     ORDER BY c.case_id",
                    &[Value::text(stamp(cutoff))],
                )?;
                let ids = rows.iter().map(|r| r.text(0)).collect::<Result<Vec<_>>>()?;
                for id in &ids {
                    tx.execute(
                        "UPDATE personal SET sealed = NULL, mobile_hash = NULL, \
                         resident_id_hash = NULL, erased_at = $1 WHERE case_id = $2",
                        &[Value::text(stamp(now_at)), Value::text(id)],
                    )?;
                    Store::audit(tx, Some(id), reader, "erase")?;
                }
                Ok(ids)
            })
        })?;
        if !erased.is_empty() {
            // The erased rows' old versions: SQLite's WAL pages are folded into the file
            // (secure_delete zeroes the freed space); PostgreSQL's dead tuples are vacuumed.
            self.pool.with(|conn| match conn.backend() {
                Backend::Sqlite => conn.batch("PRAGMA wal_checkpoint(TRUNCATE)"),
                Backend::Postgres => conn.batch("VACUUM personal"),
            })?;
        }
        Ok(erased)
    }

    /// Keeps a compensation assessment with the case.
    pub fn record_assessment(
        &self,
        case_id: &str,
        assessment: &Assessment,
        recorded_by: &str,
    ) -> Result<i64> {
        nonempty("recorded_by", recorded_by)?;
        let document = json_text("assessment", assessment)?;
        self.pool.with(|conn| {
            transaction(conn, |tx| {
                Store::require_case(tx, case_id)?;
                let rows = tx.query(
                    "assessments",
                    "INSERT INTO assessments (case_id, claim_id, document, recorded_at, recorded_by) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[
                        Value::text(case_id),
                        Value::opt_text(assessment.claim_id.as_deref()),
                        Value::text(&document),
                        Value::text(now()),
                        Value::text(recorded_by),
                    ],
                )?;
                rows.first()
                    .ok_or_else(|| Error::Corrupt {
                        what: "assessments".to_owned(),
                        reason: "no id returned".to_owned(),
                    })?
                    .int(0)
            })
        })
    }

    /// The assessments kept with a case, oldest first.
    pub fn assessments(&self, case_id: &str) -> Result<Vec<StoredAssessment>> {
        self.pool.with(|conn| {
            Store::require_case(conn, case_id)?;
            conn.query(
                "assessments",
                "SELECT id, claim_id, document, recorded_at, recorded_by FROM assessments \
                 WHERE case_id = $1 ORDER BY id",
                &[Value::text(case_id)],
            )?
            .iter()
            .map(|r| {
                Ok(StoredAssessment {
                    id: r.int(0)?,
                    claim_id: r.opt_text(1)?,
                    document: parse_json("assessments.document", &r.text(2)?)?,
                    recorded_at: r.text(3)?,
                    recorded_by: r.text(4)?,
                })
            })
            .collect()
        })
    }

    /// Records a business's response, and a notification to the consumer, in one transaction.
    pub fn record_response(
        &self,
        case_id: &str,
        responder: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        nonempty("responder", responder)?;
        nonempty("text", text)?;
        self.pool.with(|conn| {
            transaction(conn, |tx| {
                Store::require_case(tx, case_id)?;
                let rows = tx.query(
                    "responses",
                    "INSERT INTO responses (case_id, responder, text, at) VALUES ($1, $2, $3, $4) \
                     RETURNING id",
                    &[
                        Value::text(case_id),
                        Value::text(responder),
                        Value::text(text),
                        Value::text(stamp(at)),
                    ],
                )?;
                let id = rows
                    .first()
                    .ok_or_else(|| Error::Corrupt {
                        what: "responses".to_owned(),
                        reason: "no id returned".to_owned(),
                    })?
                    .int(0)?;
                insert_outbox(
                    tx,
                    case_id,
                    None,
                    Recipient::Consumer,
                    "business_responded",
                    &json!({ "case_id": case_id, "response_id": id }),
                )?;
                Ok(id)
            })
        })
    }

    /// A case's business responses, oldest first.
    pub fn responses(&self, case_id: &str) -> Result<Vec<Response>> {
        self.pool.with(|conn| {
            Store::require_case(conn, case_id)?;
            conn.query(
                "responses",
                "SELECT id, responder, text, at FROM responses WHERE case_id = $1 ORDER BY id",
                &[Value::text(case_id)],
            )?
            .iter()
            .map(|r| {
                Ok(Response {
                    id: r.int(0)?,
                    responder: r.text(1)?,
                    text: r.text(2)?,
                    at: r.text(3)?,
                })
            })
            .collect()
        })
    }

    /// Records the consumer's rating (1–5) of a closed case, once, and tells staff.
    pub fn rate(&self, case_id: &str, rating: i64, at: DateTime<Utc>) -> Result<()> {
        if !(1..=5).contains(&rating) {
            return Err(Error::RatingRange { value: rating });
        }
        self.pool.with(|conn| {
            transaction(conn, |tx| {
                let state = Store::require_case(tx, case_id)?;
                if state != StateKind::Closed.as_str() {
                    return Err(Error::NotClosed {
                        case_id: case_id.to_owned(),
                        state,
                    });
                }
                let rated = tx.query(
                    "ratings",
                    "SELECT 1 FROM ratings WHERE case_id = $1",
                    &[Value::text(case_id)],
                )?;
                if !rated.is_empty() {
                    return Err(Error::AlreadyRated {
                        case_id: case_id.to_owned(),
                    });
                }
                tx.execute(
                    "INSERT INTO ratings (case_id, rating, at) VALUES ($1, $2, $3)",
                    &[
                        Value::text(case_id),
                        Value::Int(rating),
                        Value::text(stamp(at)),
                    ],
                )?;
                insert_outbox(
                    tx,
                    case_id,
                    None,
                    Recipient::Staff,
                    "case_rated",
                    &json!({ "case_id": case_id, "rating": rating }),
                )?;
                Ok(())
            })
        })
    }

    /// The notifications not yet sent, oldest first.
    pub fn unsent(&self, limit: u32) -> Result<Vec<Notification>> {
        let limit = match limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        self.pool.with(|conn| {
            conn.query(
                "outbox",
                "SELECT id, case_id, event_seq, recipient, kind, payload, created_at FROM outbox \
                 WHERE sent_at IS NULL ORDER BY id LIMIT $1",
                &[Value::Int(i64::from(limit))],
            )?
            .iter()
            .map(|r| {
                let recipient = r.text(3)?;
                Ok(Notification {
                    id: r.int(0)?,
                    case_id: r.text(1)?,
                    event_seq: r
                        .opt_int(2)?
                        .map(|n| to_u64(n, "outbox.event_seq"))
                        .transpose()?,
                    recipient: Recipient::parse(&recipient).ok_or_else(|| Error::Corrupt {
                        what: "outbox.recipient".to_owned(),
                        reason: format!("unknown recipient {recipient}"),
                    })?,
                    kind: r.text(4)?,
                    payload: parse_json("outbox.payload", &r.text(5)?)?,
                    created_at: r.text(6)?,
                })
            })
            .collect()
        })
    }

    /// Marks a notification sent. False when it was sent already (a second worker): the
    /// caller that gets `true` is the one that sent it.
    pub fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> Result<bool> {
        self.pool.with(|conn| {
            let changed = conn.execute(
                "UPDATE outbox SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL",
                &[Value::text(stamp(at)), Value::Int(id)],
            )?;
            Ok(changed == 1)
        })
    }

    /// Replays every stored log, checking every seal and head: what a backup check or an
    /// audit runs. A log that fails is listed, not fatal.
    pub fn verify_all(&self) -> Result<Verification> {
        let ids = self.pool.with(|conn| {
            conn.query("cases", "SELECT case_id FROM cases ORDER BY case_id", &[])?
                .iter()
                .map(|r| r.text(0))
                .collect::<Result<Vec<_>>>()
        })?;
        let mut report = Verification::default();
        for id in ids {
            report.cases += 1;
            match self.pool.with(|conn| self.load(conn, &id)) {
                Ok(loaded) => report.events += loaded.row.last_seq,
                Err(e) => report.failures.push(e),
            }
        }
        Ok(report)
    }
}

/// Runs one raw statement on the store's database (tests only: see [`crate::testing`]).
pub fn raw_execute(store: &Store, sql: &str) -> Result<u64> {
    store.pool.with(|conn| conn.execute(sql, &[]))
}

/// Runs one raw query on the store's database and returns each row's values as text
/// (tests only: see [`crate::testing`]).
pub fn raw_query(store: &Store, sql: &str) -> Result<Vec<Vec<String>>> {
    store.pool.with(|conn| {
        Ok(conn
            .query("raw", sql, &[])?
            .iter()
            .map(Row::as_strings)
            .collect())
    })
}
