//! The store's test suite, run against both backends: every scenario is a function of a
//! fresh store, and `suite!` makes one test per scenario and backend.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "the scenarios are test bodies, called from the #[test] functions `suite!` makes"
)]

mod support;

use std::sync::{Arc, Barrier};

use chrono::{DateTime, Duration, FixedOffset, Utc};
use support::{Backend as _, Fresh, PostgresBackend, SqliteBackend};
use weiquan_caseflow::{Actor, Event, EventKind, StateKind};
use weiquan_store::testing::{raw_execute, raw_query};
use weiquan_store::{Backend, Error, Reader, Recipient, Retention, Search, Store, StoreKey};

const STAFF: Reader<'static> = Reader {
    staff: "staff-7",
    purpose: "mediation",
};

fn count(store: &Store, table: &str) -> i64 {
    raw_query(store, &format!("SELECT COUNT(*) FROM {table}")).unwrap()[0][0]
        .parse()
        .unwrap()
}

fn later(at: DateTime<FixedOffset>, hours: i64) -> DateTime<FixedOffset> {
    at + Duration::hours(hours)
}

fn handler(at: DateTime<FixedOffset>, kind: EventKind) -> Event {
    Event::new(at, Actor::Handler, kind)
}

/// Files an intake and closes its case by withdrawal: received → withdrawn → closed.
fn closed_case(store: &Store) -> (String, DateTime<FixedOffset>) {
    let intake = support::planted_intake();
    let at = intake.complaint.received_at;
    let receipt = store.intake(&intake).unwrap();
    let id = receipt.case_id;
    store
        .append(
            &id,
            1,
            Event::new(later(at, 2), Actor::Consumer, EventKind::Withdrawn),
            "c",
        )
        .unwrap();
    let closed = store
        .append(&id, 2, handler(later(at, 3), EventKind::Closed), "staff-7")
        .unwrap();
    assert_eq!(closed.state, "closed");
    (id, later(at, 3))
}

mod scenarios {
    use super::*;

    pub fn intake_round_trip(f: &Fresh) {
        let store = &f.store;
        let intake = support::planted_intake();
        let receipt = store.intake(&intake).unwrap();
        assert!(receipt.created);
        assert_eq!(receipt.case_id, intake.complaint.id);
        assert_eq!(receipt.last_seq, 1);
        assert_eq!(receipt.query_code.len(), 12);

        let record = store.case(&receipt.case_id).unwrap();
        assert_eq!(record.case, intake.case);
        assert_eq!(record.row.state, "received");
        assert_eq!(record.row.body_id, intake.decision.body.id);
        assert_eq!(record.row.last_seq, 1);
        assert_eq!(
            record.row.business_uscc.as_deref(),
            intake.complaint.business.uscc.as_ref().map(|u| u.as_str())
        );

        // The stored document has no personal data; its narrative is redacted.
        let doc = store.complaint(&receipt.case_id).unwrap();
        let consumer = doc["consumer"].as_object().unwrap();
        for field in ["name", "resident_id", "mobile", "address"] {
            assert!(
                !consumer.contains_key(field),
                "{field} stored in the document"
            );
        }
        let text = doc.to_string();
        assert!(!text.contains(support::PLANTED_NAME));
        assert!(!text.contains(intake.complaint.consumer.mobile.as_str()));
        assert_eq!(doc["id"], intake.complaint.id.as_str());

        // The whole complaint comes back only through an audited read.
        assert!(
            store
                .personal_reads(Some(&receipt.case_id))
                .unwrap()
                .is_empty()
        );
        let whole = store
            .complaint_with_personal(&receipt.case_id, STAFF)
            .unwrap();
        assert_eq!(whole, intake.complaint);
        let audit = store.personal_reads(Some(&receipt.case_id)).unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(
            (audit[0].staff.as_str(), audit[0].purpose.as_str()),
            ("staff-7", "mediation")
        );
        assert_eq!(audit[0].action, "read");

        let decision = store.decision(&receipt.case_id).unwrap();
        assert_eq!(decision["body"]["id"], intake.decision.body.id.as_str());

        // The consumer follows the case with the code; a wrong code looks like no case.
        let mine = store
            .case_for_consumer(&receipt.case_id, &receipt.query_code.to_lowercase())
            .unwrap();
        assert_eq!(mine.case, intake.case);
        for (id, code) in [
            (receipt.case_id.as_str(), "ZZZZZZZZZZZZ"),
            ("nope", receipt.query_code.as_str()),
        ] {
            let err = store.case_for_consumer(id, code).unwrap_err();
            assert_eq!(err.code(), "store.case.not_found");
        }
        // The code is not stored.
        let rows = raw_query(store, "SELECT * FROM cases").unwrap();
        assert!(!format!("{rows:?}").contains(&receipt.query_code));

        // The first notifications were written with the intake.
        let unsent = store.unsent(0).unwrap();
        let kinds: Vec<(Recipient, &str)> = unsent
            .iter()
            .map(|n| (n.recipient, n.kind.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Recipient::Consumer, "case_received"),
                (Recipient::Staff, "case_filed")
            ]
        );
        assert_eq!(
            unsent[1].payload["body_id"],
            intake.decision.body.id.as_str()
        );
    }

    pub fn idempotent_intake(f: &Fresh) {
        let store = &f.store;
        let intake = support::intake();
        let first = store.intake(&intake).unwrap();
        let again = store.intake(&intake).unwrap();
        assert!(!again.created);
        assert_eq!(
            (again.case_id.as_str(), again.query_code.as_str()),
            (first.case_id.as_str(), first.query_code.as_str())
        );
        assert_eq!(count(store, "cases"), 1);
        assert_eq!(count(store, "events"), 1);
        assert_eq!(count(store, "outbox"), 2);

        // The same key with another submission is refused, naming the first case.
        let mut other = support::intake();
        other.idempotency_key = intake.idempotency_key.clone();
        match store.intake(&other).unwrap_err() {
            Error::IdempotencyConflict { case_id, .. } => assert_eq!(case_id, first.case_id),
            e => panic!("{e}"),
        }
        // Another key for the same case id is a duplicate, not a second case.
        let mut dup = intake.clone();
        dup.idempotency_key = "another".into();
        assert_eq!(
            store.intake(&dup).unwrap_err().code(),
            "store.intake.duplicate_case"
        );
        assert_eq!(count(store, "cases"), 1);
    }

    pub fn intake_is_atomic(f: &Fresh) {
        let store = &f.store;
        // A decision made for another complaint: found after the case, complaint, personal
        // data and events were written in the transaction, so all of it must be undone.
        let mut intake = support::planted_intake();
        intake.decision.complaint_id = "SOMEONE-ELSE".into();
        let err = store.intake(&intake).unwrap_err();
        assert_eq!(err.code(), "store.intake.mismatch");
        for table in [
            "cases",
            "complaints",
            "personal",
            "events",
            "decisions",
            "outbox",
        ] {
            assert_eq!(
                count(store, table),
                0,
                "{table} kept a row of a failed intake"
            );
        }
        // The same intake, corrected, goes through.
        intake.decision.complaint_id = intake.complaint.id.clone();
        assert!(store.intake(&intake).unwrap().created);
        assert_eq!(count(store, "events"), 1);
    }

    pub fn events_refuse_update_and_delete(f: &Fresh) {
        let store = &f.store;
        let receipt = store.intake(&support::intake()).unwrap();
        let attempts = [
            "UPDATE events SET line = 'x'".to_owned(),
            "UPDATE events SET recorded_by = 'someone'".to_owned(),
            format!("DELETE FROM events WHERE case_id = '{}'", receipt.case_id),
            "DELETE FROM events".to_owned(),
            "UPDATE personal_reads SET staff = 'x'".to_owned(),
            "DELETE FROM personal_reads".to_owned(),
        ];
        // Something in the audit, so that its refusal is tested on a row.
        store.personal(&receipt.case_id, STAFF).unwrap();
        for sql in &attempts {
            let err = raw_execute(store, sql).unwrap_err();
            assert_eq!(err.code(), "store.database", "{sql}");
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        if store.backend() == Backend::Postgres {
            let err = raw_execute(store, "TRUNCATE events").unwrap_err();
            assert!(err.to_string().contains("append-only"), "{err}");
        }
        assert_eq!(count(store, "events"), 1);
        assert_eq!(count(store, "personal_reads"), 1);
        store.case(&receipt.case_id).unwrap();
    }

    pub fn concurrent_appends_one_wins(f: &Fresh) {
        let store = &f.store;
        for _ in 0..4 {
            let intake = support::intake();
            let at = later(intake.complaint.received_at, 1);
            let receipt = store.intake(&intake).unwrap();
            let barrier = Arc::new(Barrier::new(2));
            let results: Vec<_> = ["staff-a", "staff-b"]
                .map(|who| {
                    let store = store.clone();
                    let barrier = barrier.clone();
                    let id = receipt.case_id.clone();
                    std::thread::spawn(move || {
                        barrier.wait();
                        store.append(&id, 1, handler(at, EventKind::Accepted), who)
                    })
                })
                .into_iter()
                .map(|h| h.join().unwrap())
                .collect();
            let wins = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(wins, 1, "{results:?}");
            for r in &results {
                if let Err(e) = r {
                    match e {
                        Error::Conflict {
                            expected, found, ..
                        } => assert_eq!((*expected, *found), (1, 2)),
                        e => panic!("{e}"),
                    }
                }
            }
            let record = store.case(&receipt.case_id).unwrap();
            assert_eq!(record.row.last_seq, 2);
            assert_eq!(record.case.history().len(), 2);
        }
    }

    pub fn many_writers_at_once(f: &Fresh) {
        let store = &f.store;
        // More threads than the pool opens connections: the rest wait for one.
        let intakes: Vec<_> = (0..24).map(|_| support::intake()).collect();
        let retried = intakes[0].clone();
        let barrier = Arc::new(Barrier::new(intakes.len() + 3));
        let mut handles = Vec::new();
        for intake in intakes
            .into_iter()
            .chain(std::iter::repeat_n(retried.clone(), 3))
        {
            let store = store.clone();
            let barrier = barrier.clone();
            handles.push(std::thread::spawn(move || {
                barrier.wait();
                store.intake(&intake)
            }));
        }
        let receipts: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect();
        // The same submission sent four times at once made one case.
        let same: Vec<_> = receipts
            .iter()
            .filter(|r| r.case_id == retried.complaint.id)
            .collect();
        assert_eq!(same.len(), 4);
        assert_eq!(same.iter().filter(|r| r.created).count(), 1);
        assert!(same.iter().all(|r| r.query_code == same[0].query_code));
        assert_eq!(count(store, "cases"), 24);
        assert_eq!(count(store, "events"), 24);
        assert_eq!(count(store, "outbox"), 48);
        assert!(receipts.iter().all(|r| {
            r.query_code
                .bytes()
                .all(|b| b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ".contains(&b))
        }));
        assert!(store.verify_all().unwrap().failures.is_empty());
    }

    pub fn stale_and_refused_appends_write_nothing(f: &Fresh) {
        let store = &f.store;
        let intake = support::intake();
        let at = intake.complaint.received_at;
        let id = store.intake(&intake).unwrap().case_id;
        // An event the machine refuses: its code is the machine's; nothing written.
        let err = store
            .append(
                &id,
                1,
                handler(later(at, 1), EventKind::TerminationNotified),
                "s",
            )
            .unwrap_err();
        assert!(err.code().starts_with("caseflow."), "{}", err.code());
        let err = store
            .append(&id, 0, handler(later(at, 1), EventKind::Accepted), "s")
            .unwrap_err();
        assert_eq!(err.code(), "store.append.conflict");
        assert_eq!(count(store, "events"), 1);
        let ok = store
            .append(&id, 1, handler(later(at, 1), EventKind::Accepted), "s")
            .unwrap();
        assert_eq!(ok.seq, 2);
        let err = store
            .append(&id, 9, handler(later(at, 2), EventKind::Withdrawn), "s")
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Conflict {
                    expected: 9,
                    found: 2,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            store.case("missing").unwrap_err().code(),
            "store.case.not_found"
        );
    }

    pub fn effects_become_notifications(f: &Fresh) {
        let store = &f.store;
        let intake = support::intake();
        let at = intake.complaint.received_at;
        let id = store.intake(&intake).unwrap().case_id;
        for n in store.unsent(0).unwrap() {
            assert!(store.mark_sent(n.id, Utc::now()).unwrap());
            assert!(!store.mark_sent(n.id, Utc::now()).unwrap(), "sent twice");
        }
        assert!(store.unsent(0).unwrap().is_empty());
        let appended = store
            .append(&id, 1, handler(later(at, 1), EventKind::Accepted), "s")
            .unwrap();
        let unsent = store.unsent(0).unwrap();
        assert_eq!(
            unsent.iter().map(|n| n.id).collect::<Vec<_>>(),
            appended.notifications
        );
        assert_eq!(unsent.len(), 1);
        assert_eq!(unsent[0].recipient, Recipient::Consumer);
        assert_eq!(unsent[0].kind, "notify_decision");
        assert_eq!(unsent[0].event_seq, Some(2));
        assert_eq!(unsent[0].payload["state"], "accepted");
        // A business response notifies the consumer in the same transaction.
        let r = store
            .record_response(
                &id,
                "911301000000000001",
                "已联系消费者协商退货",
                Utc::now(),
            )
            .unwrap();
        let responses = store.responses(&id).unwrap();
        assert_eq!((responses.len(), responses[0].id), (1, r));
        assert_eq!(store.unsent(0).unwrap()[1].kind, "business_responded");
        assert_eq!(store.unsent(1).unwrap().len(), 1);
        assert_eq!(
            store
                .record_response("missing", "x", "y", Utc::now())
                .unwrap_err()
                .code(),
            "store.case.not_found"
        );
    }

    pub fn search_filters(f: &Fresh) {
        let store = &f.store;
        let mut intakes = Vec::new();
        for i in 0..5 {
            let mut intake = support::intake();
            if i == 2 {
                intake.attribution.volunteer = Some("vol-3".into());
                intake.attribution.station = Some("station-长安".into());
            }
            store.intake(&intake).unwrap();
            intakes.push(intake);
        }
        let all = store.search(&Search::default()).unwrap();
        assert_eq!(all.len(), 5);
        // Newest received first.
        let times: Vec<&str> = all.iter().map(|r| r.received_at.as_str()).collect();
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted);

        let one = &intakes[2];
        let by_body = store
            .search(&Search {
                body_id: Some(one.decision.body.id.clone()),
                ..Search::default()
            })
            .unwrap();
        let expected = intakes
            .iter()
            .filter(|i| i.decision.body.id == one.decision.body.id)
            .count();
        assert_eq!(by_body.len(), expected);
        assert!(by_body.iter().any(|r| r.case_id == one.complaint.id));
        let row = by_body
            .iter()
            .find(|r| r.case_id == one.complaint.id)
            .unwrap();
        assert_eq!(row.attribution.volunteer.as_deref(), Some("vol-3"));
        assert_eq!(row.attribution.station.as_deref(), Some("station-长安"));

        let category = one.complaint.purchase.category;
        let major = category.to_string().split('/').next().unwrap().to_owned();
        let by_major = store
            .search(&Search {
                category: Some(major.clone()),
                ..Search::default()
            })
            .unwrap();
        let expected = intakes
            .iter()
            .filter(|i| {
                i.complaint.purchase.category.to_string().split('/').next() == Some(major.as_str())
            })
            .count();
        assert_eq!(by_major.len(), expected);
        // A prefix that is not a whole category code matches nothing.
        let partial = &major[..major.len() - 1];
        let none = store
            .search(&Search {
                category: Some(partial.to_owned()),
                ..Search::default()
            })
            .unwrap();
        assert!(
            none.iter()
                .all(|r| r.category.starts_with(&format!("{partial}/")) || r.category == partial)
        );

        if let Some(uscc) = &one.complaint.business.uscc {
            let by_uscc = store
                .search(&Search {
                    business_uscc: Some(*uscc),
                    ..Search::default()
                })
                .unwrap();
            assert!(
                by_uscc
                    .iter()
                    .all(|r| r.business_uscc.as_deref() == Some(uscc.as_str()))
            );
            assert!(by_uscc.iter().any(|r| r.case_id == one.complaint.id));
        }

        // Accept one case: it leaves `received`.
        store
            .append(
                &one.complaint.id,
                1,
                handler(later(one.complaint.received_at, 1), EventKind::Accepted),
                "s",
            )
            .unwrap();
        let accepted = store
            .search(&Search {
                state: Some(StateKind::Accepted),
                ..Search::default()
            })
            .unwrap();
        assert_eq!(
            accepted
                .iter()
                .map(|r| r.case_id.as_str())
                .collect::<Vec<_>>(),
            [one.complaint.id.as_str()]
        );
        assert_eq!(
            store
                .search(&Search {
                    state: Some(StateKind::Received),
                    ..Search::default()
                })
                .unwrap()
                .len(),
            4
        );

        // Due dates: every case has a pending deadline; none is due before its receipt.
        let rows = store.search(&Search::default()).unwrap();
        let latest_due = rows.iter().filter_map(|r| r.next_due).max().unwrap();
        let earliest_due = rows.iter().filter_map(|r| r.next_due).min().unwrap();
        assert_eq!(
            store
                .search(&Search {
                    due_on_or_before: Some(latest_due),
                    ..Search::default()
                })
                .unwrap()
                .len(),
            rows.iter().filter(|r| r.next_due.is_some()).count()
        );
        let due_first = store
            .search(&Search {
                due_on_or_before: Some(earliest_due),
                ..Search::default()
            })
            .unwrap();
        assert!(!due_first.is_empty());
        assert!(due_first.iter().all(|r| r.next_due == Some(earliest_due)));
        assert!(
            store
                .search(&Search {
                    due_on_or_before: Some(earliest_due.pred_opt().unwrap()),
                    ..Search::default()
                })
                .unwrap()
                .is_empty()
        );

        // Paging.
        let all = store.search(&Search::default()).unwrap();
        let page = store
            .search(&Search {
                limit: 2,
                offset: 1,
                ..Search::default()
            })
            .unwrap();
        assert_eq!(page, all[1..3].to_vec());
    }

    pub fn personal_data_is_ciphertext(f: &Fresh) {
        let store = &f.store;
        let intake = support::planted_intake();
        let id = store.intake(&intake).unwrap().case_id;
        store.personal(&id, STAFF).unwrap();
        let consumer = &intake.complaint.consumer;
        let resident = consumer.resident_id.as_ref().map(|r| r.as_str().to_owned());
        let mut planted = vec![
            support::PLANTED_NAME.to_owned(),
            support::PLANTED_ADDRESS.to_owned(),
            consumer.mobile.as_str().to_owned(),
        ];
        planted.extend(resident.clone());
        let mut rows = String::new();
        for table in [
            "cases",
            "complaints",
            "decisions",
            "events",
            "personal",
            "personal_reads",
            "outbox",
            "store_meta",
        ] {
            rows.push_str(&format!(
                "{:?}",
                raw_query(store, &format!("SELECT * FROM {table}")).unwrap()
            ));
        }
        for p in &planted {
            assert!(
                !rows.contains(p.as_str()),
                "a row holds planted personal data"
            );
        }
        if let Some(path) = &f.path {
            // The file and its write-ahead log, byte for byte.
            let mut bytes = std::fs::read(path).unwrap();
            if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
                bytes.extend(wal);
            }
            assert!(bytes.len() > 4096);
            for p in &planted {
                assert!(
                    !bytes.windows(p.len()).any(|w| w == p.as_bytes()),
                    "the database file holds planted personal data"
                );
            }
        }
        // Found by keyed hash, and the lookup is recorded.
        assert_eq!(
            store.find_by_mobile(&consumer.mobile, STAFF).unwrap(),
            [id.as_str()]
        );
        if let Some(rid) = &consumer.resident_id {
            assert_eq!(
                store.find_by_resident_id(rid, STAFF).unwrap(),
                [id.as_str()]
            );
        }
        let actions: Vec<String> = store
            .personal_reads(Some(&id))
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(actions[..2], ["read".to_owned(), "lookup".to_owned()]);
        let other: weiquan_complaint::Mobile = "13912345678".parse().unwrap();
        assert!(store.find_by_mobile(&other, STAFF).unwrap().is_empty());
        assert!(
            store
                .personal_reads(None)
                .unwrap()
                .iter()
                .any(|a| a.case_id.is_none())
        );
        let err = store
            .personal(
                &id,
                Reader {
                    staff: " ",
                    purpose: "x",
                },
            )
            .unwrap_err();
        assert_eq!(err.code(), "store.argument");

        // A wrong key file is refused on open, naming fingerprints only.
        let wrong = StoreKey::from_hex(support::OTHER_KEY_HEX).unwrap();
        let err = f.reopen(wrong).unwrap_err();
        assert_eq!(err.code(), "store.key.mismatch");
        assert!(err.to_string().contains(store.key().fingerprint()));
        assert!(!err.to_string().contains(support::OTHER_KEY_HEX));
        // The right key still opens it.
        f.reopen(support::key()).unwrap().case(&id).unwrap();

        // A sealed row moved to another case does not decrypt there.
        let id2 = store.intake(&support::intake()).unwrap().case_id;
        let sql = match store.backend() {
            Backend::Sqlite => format!(
                "UPDATE personal SET sealed = (SELECT sealed FROM personal WHERE case_id = '{id}') WHERE case_id = '{id2}'"
            ),
            Backend::Postgres => format!(
                "UPDATE personal SET sealed = p.sealed FROM personal p WHERE p.case_id = '{id}' AND personal.case_id = '{id2}'"
            ),
        };
        assert_eq!(raw_execute(store, &sql).unwrap(), 1);
        assert_eq!(
            store.personal(&id2, STAFF).unwrap_err().code(),
            "store.personal.decrypt"
        );
    }

    pub fn retention_erases_personal_data_and_logs_still_verify(f: &Fresh) {
        let store = &f.store;
        let (closed, closed_at) = closed_case(store);
        let open = store.intake(&support::intake()).unwrap().case_id;
        let mobile = {
            let p = store.personal(&closed, STAFF).unwrap();
            p.mobile.parse::<weiquan_complaint::Mobile>().unwrap()
        };
        let policy = Retention {
            after_close: Duration::days(365),
        };
        let closed_utc = closed_at.with_timezone(&Utc);
        // Not yet: the period has not passed.
        assert!(
            store
                .erase_expired(closed_utc + Duration::days(364), policy)
                .unwrap()
                .is_empty()
        );
        let erased = store
            .erase_expired(closed_utc + Duration::days(366), policy)
            .unwrap();
        assert_eq!(erased, [closed.as_str()]);
        // Once only.
        assert!(
            store
                .erase_expired(closed_utc + Duration::days(400), policy)
                .unwrap()
                .is_empty()
        );

        let err = store.personal(&closed, STAFF).unwrap_err();
        assert_eq!(err.code(), "store.personal.erased");
        assert!(store.find_by_mobile(&mobile, STAFF).unwrap().is_empty());
        store.personal(&open, STAFF).unwrap();
        // The log, the complaint without personal data and the decision remain and verify.
        let record = store.case(&closed).unwrap();
        assert_eq!(record.case.state(), StateKind::Closed);
        store.complaint(&closed).unwrap();
        store.decision(&closed).unwrap();
        let check = store.verify_all().unwrap();
        assert!(check.failures.is_empty(), "{:?}", check.failures);
        assert_eq!((check.cases, check.events), (2, 4));
        let audit = store.personal_reads(Some(&closed)).unwrap();
        assert!(
            audit
                .iter()
                .any(|a| a.action == "erase" && a.staff == "retention")
        );
        let raw = raw_query(store, &format!("SELECT sealed, mobile_hash, resident_id_hash FROM personal WHERE case_id = '{closed}'")).unwrap();
        assert_eq!(raw, [vec![String::new(), String::new(), String::new()]]);
    }

    pub fn ratings_after_close(f: &Fresh) {
        let store = &f.store;
        let open = store.intake(&support::intake()).unwrap().case_id;
        assert_eq!(
            store.rate(&open, 5, Utc::now()).unwrap_err().code(),
            "store.rating.not_closed"
        );
        let (closed, _) = closed_case(store);
        for bad in [0, 6, -1] {
            assert_eq!(
                store.rate(&closed, bad, Utc::now()).unwrap_err().code(),
                "store.rating.range"
            );
        }
        store.rate(&closed, 4, Utc::now()).unwrap();
        assert_eq!(
            store.rate(&closed, 5, Utc::now()).unwrap_err().code(),
            "store.rating.duplicate"
        );
        assert_eq!(store.case(&closed).unwrap().row.rating, Some(4));
        assert_eq!(
            store.rate("missing", 3, Utc::now()).unwrap_err().code(),
            "store.case.not_found"
        );
        assert!(
            store
                .unsent(0)
                .unwrap()
                .iter()
                .any(|n| n.kind == "case_rated" && n.payload["rating"] == 4)
        );
    }

    pub fn assessments_are_kept(f: &Fresh) {
        let store = &f.store;
        let id = store.intake(&support::intake()).unwrap().case_id;
        let claim = weiquan_compensation::ClaimDocument::from_json(
            r#"{"schema_version": 1,
                "purchase": {"kind": "food", "price_paid": "180.00", "purchase_date": "2025-04-10",
                             "receipt_date": "2025-04-12", "distance_sale": true},
                "request_date": "2025-04-15",
                "findings": {"food_standard_violated": true, "respondent_produced_or_knew": true,
                             "food_defect": "substantive", "fraud": true},
                "returns": {"exclusion": "perishable"}}"#,
        )
        .unwrap();
        let a =
            weiquan_compensation::assess(&claim, &weiquan_compensation::Policy::default()).unwrap();
        let n = store.record_assessment(&id, &a, "staff-7").unwrap();
        let kept = store.assessments(&id).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].id, n);
        assert_eq!(kept[0].document, serde_json::to_value(&a).unwrap());
        assert_eq!(
            store.assessments("missing").unwrap_err().code(),
            "store.case.not_found"
        );
    }

    pub fn schema_versions(f: &Fresh) {
        let store = &f.store;
        assert_eq!(
            store.schema_version().unwrap(),
            weiquan_store::SCHEMA_VERSION
        );
        // Reopening applies nothing twice.
        assert_eq!(
            f.reopen(support::key()).unwrap().schema_version().unwrap(),
            weiquan_store::SCHEMA_VERSION
        );
        raw_execute(store, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 'x')").unwrap();
        match f.reopen(support::key()).unwrap_err() {
            Error::SchemaTooNew { found, supported } => {
                assert_eq!((found, supported), (99, weiquan_store::SCHEMA_VERSION))
            }
            e => panic!("{e}"),
        }
    }

    pub fn tampering_is_found_on_read(f: &Fresh) {
        let store = &f.store;
        let intake = support::intake();
        let at = intake.complaint.received_at;
        let id = store.intake(&intake).unwrap().case_id;
        store
            .append(&id, 1, handler(later(at, 1), EventKind::Accepted), "s")
            .unwrap();
        let log = store.export_log(&id).unwrap();
        // The export replays with the chain key, as an auditor would.
        let read = weiquan_caseflow::Case::replay_with(
            weiquan_caseflow::default_calendar(),
            log.as_bytes(),
            &weiquan_caseflow::ReplayOptions::new().key(store.key().chain_key()),
        )
        .unwrap();
        assert_eq!(read.entries, 2);

        // Someone with the database's owner rights lifts the protection and edits a line.
        let (off, on) = match store.backend() {
            Backend::Sqlite => ("DROP TRIGGER events_no_update", ""),
            Backend::Postgres => ("ALTER TABLE events DISABLE TRIGGER events_append_only", ""),
        };
        raw_execute(store, off).unwrap();
        let _ = on;
        raw_execute(
            store,
            &format!("UPDATE events SET line = replace(line, '\"handler\"', '\"consumer\"') WHERE case_id = '{id}' AND seq = 2"),
        )
        .unwrap();
        let err = store.case(&id).unwrap_err();
        assert_eq!(err.code(), "store.log.corrupt");
        assert!(
            matches!(
                err,
                Error::LogCorrupt {
                    code: "caseflow.log.altered",
                    ..
                }
            ),
            "{err}"
        );
        let check = store.verify_all().unwrap();
        assert_eq!(check.failures.len(), 1);

        // A log cut short is found against the head kept with the case.
        let id2 = store.intake(&support::intake()).unwrap().case_id;
        raw_execute(
            store,
            &format!("UPDATE cases SET last_seq = 2 WHERE case_id = '{id2}'"),
        )
        .unwrap();
        let err = store.case(&id2).unwrap_err();
        assert_eq!(err.code(), "store.log.corrupt");
    }
}

/// One test per scenario for a backend.
macro_rules! suite {
    ($module:ident, $backend:expr, [$($scenario:ident),* $(,)?]) => {
        mod $module {
            use super::*;
            $(
                #[test]
                fn $scenario() {
                    if let Some(fresh) = $backend.fresh() {
                        scenarios::$scenario(&fresh);
                    }
                }
            )*
        }
    };
}

macro_rules! both {
    ($($scenario:ident),* $(,)?) => {
        suite!(sqlite, SqliteBackend, [$($scenario),*]);
        suite!(postgres, PostgresBackend, [$($scenario),*]);
    };
}

both!(
    intake_round_trip,
    idempotent_intake,
    intake_is_atomic,
    events_refuse_update_and_delete,
    concurrent_appends_one_wins,
    many_writers_at_once,
    stale_and_refused_appends_write_nothing,
    effects_become_notifications,
    search_filters,
    personal_data_is_ciphertext,
    retention_erases_personal_data_and_logs_still_verify,
    ratings_after_close,
    assessments_are_kept,
    schema_versions,
    tampering_is_found_on_read,
);
