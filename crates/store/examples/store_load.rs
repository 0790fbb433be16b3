//! Measures the store: intakes and appends per second, one writer, on SQLite (a temporary
//! file) or PostgreSQL (`--postgres "host=… port=… user=… dbname=…"`).
//!
//! ```sh
//! cargo run --release -p weiquan-store --example store_load -- 2000
//! cargo run --release -p weiquan-store --example store_load -- 2000 --postgres "host=127.0.0.1 port=5432 user=postgres dbname=load"
//! ```

use std::time::Instant;

use weiquan_caseflow::{Actor, Case, ConsentSubject, Event, EventKind, Party, ProcedureSelection};
use weiquan_routing::Router;
use weiquan_store::{Attribution, Intake, Store, StoreKey};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.first().map_or(Ok(1000), |n| n.parse())?;
    let key = StoreKey::from_bytes(&[42; 32])?;
    let dir = tempfile::tempdir()?;
    let store = match args.iter().position(|a| a == "--postgres") {
        Some(i) => Store::open_postgres(args.get(i + 1).ok_or("--postgres URL")?, key)?,
        None => Store::open_sqlite(dir.path().join("load.db"), key)?,
    };
    // The complaints first, so that only the store is timed.
    let router = Router::shijiazhuang()?;
    let mut generator = weiquan_synth::generate::Generator::new(11);
    let mut intakes = Vec::with_capacity(count);
    let run = std::process::id();
    while intakes.len() < count {
        let mut complaint = generator.next_generated().complaint;
        complaint.id = format!("L{run}-{}", intakes.len());
        let Ok(case) = Case::open_complaint(&complaint, ProcedureSelection::MarketRegulation)
        else {
            continue;
        };
        let Ok(decision) = router.route(&complaint) else {
            continue;
        };
        let decision = decision.report(&complaint.id);
        intakes.push(Intake {
            idempotency_key: complaint.id.clone(),
            complaint,
            case,
            decision,
            attribution: Attribution::default(),
            recorded_by: "load".into(),
        });
    }
    let started = Instant::now();
    for intake in &intakes {
        store.intake(intake)?;
    }
    let intake_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for intake in &intakes {
        let at = intake.complaint.received_at;
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
            store.append(&intake.complaint.id, seq, event, "load")?;
        }
    }
    let append_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let check = store.verify_all()?;
    let verify_secs = started.elapsed().as_secs_f64();
    println!(
        "{}: {count} intakes in {intake_secs:.2} s ({:.0}/s); {} appends in {append_secs:.2} s ({:.0}/s); \
         verify_all of {} cases, {} events in {verify_secs:.2} s; {} failures",
        store.backend().name(),
        count as f64 / intake_secs,
        count * 3,
        (count * 3) as f64 / append_secs,
        check.cases,
        check.events,
        check.failures.len()
    );
    Ok(())
}
