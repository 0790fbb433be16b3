//! A process killed with SIGKILL while it writes to an SQLite store leaves a database that
//! opens, and every log in it verifies: each intake is there whole or not at all, and each
//! case row agrees with its events.
//!
//! The test re-invokes its own binary as the writer: with `WEIQUAN_STORE_CRASH_DB` set, the
//! same test function writes in a loop until killed.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use weiquan_caseflow::{Actor, ConsentSubject, Event, EventKind, Party};
use weiquan_store::testing::raw_query;
use weiquan_store::{Search, Store};

const CHILD_ENV: &str = "WEIQUAN_STORE_CRASH_DB";
const TEST_NAME: &str = "kill_9_during_writes_leaves_a_consistent_database";

/// The writer: intakes and appends until killed.
fn write_forever(path: &str) -> ! {
    let store = Store::open_sqlite(path, support::key()).unwrap();
    loop {
        let intake = support::planted_intake();
        let at = intake.complaint.received_at;
        let receipt = store.intake(&intake).unwrap();
        let id = receipt.case_id;
        let h = |hours, actor, kind| Event::new(at + chrono::Duration::hours(hours), actor, kind);
        let events = [
            h(1, Actor::Handler, EventKind::Accepted),
            h(
                2,
                Actor::Consumer,
                EventKind::ConsentGiven {
                    party: Party::Consumer,
                    subject: ConsentSubject::Mediation,
                },
            ),
            h(
                3,
                Actor::Business,
                EventKind::ConsentGiven {
                    party: Party::Business,
                    subject: ConsentSubject::Mediation,
                },
            ),
        ];
        for (seq, event) in (1u64..).zip(events) {
            store.append(&id, seq, event, "writer").unwrap();
        }
    }
}

fn count(store: &Store, sql: &str) -> i64 {
    raw_query(store, sql).unwrap()[0][0].parse().unwrap()
}

#[test]
fn kill_9_during_writes_leaves_a_consistent_database() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        write_forever(&path);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.db");
    Store::open_sqlite(&path, support::key()).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut kills = 0;
    for round in 0..10u64 {
        let before = count(
            &Store::open_sqlite(&path, support::key()).unwrap(),
            "SELECT COUNT(*) FROM events",
        );
        let mut child = Command::new(&exe)
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the writer is writing, then let it run a little more (a different
        // time each round, so the kill lands at different points of a transaction).
        let started = Instant::now();
        let reader = Store::open_sqlite(&path, support::key()).unwrap();
        while count(&reader, "SELECT COUNT(*) FROM events") <= before {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the writer stopped by itself"
            );
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the writer wrote nothing"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(20 + 37 * round));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
    }
    assert_eq!(kills, 10);

    let store = Store::open_sqlite(&path, support::key()).unwrap();
    let check = store.verify_all().unwrap();
    assert!(check.failures.is_empty(), "{:?}", check.failures);
    eprintln!(
        "after {kills} kills: {} cases, {} events verified",
        check.cases, check.events
    );
    assert!(check.cases >= 10, "only {} cases written", check.cases);
    // Every intake whole: each case has its complaint, personal data and decision.
    let cases = count(&store, "SELECT COUNT(*) FROM cases");
    for table in ["complaints", "personal", "decisions"] {
        assert_eq!(
            count(&store, &format!("SELECT COUNT(*) FROM {table}")),
            cases,
            "{table}"
        );
    }
    // Each case row agrees with its events (verify_all compared heads and counts).
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM events"),
        count(&store, "SELECT COALESCE(SUM(last_seq), 0) FROM cases")
    );
    assert_eq!(
        check.events as i64,
        count(&store, "SELECT COUNT(*) FROM events")
    );
    // And the store goes on: the next append to any case continues its chain.
    let row = store.search(&Search::default()).unwrap().remove(0);
    let record = store.case(&row.case_id).unwrap();
    assert_eq!(record.row.last_seq, record.case.len());
}
