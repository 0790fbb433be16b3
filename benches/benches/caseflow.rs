//! The case-state machine's hot paths: applying events (target: at least 5,000,000 events/s),
//! replaying a 1,000,000-event log (target: under 1 s), writing the hash-chained log,
//! and computing deadlines. The realistic lifecycles come from `weiquan-synth`, whose own
//! benchmark (`benches/benches/synth.rs`) measures playing one.
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
#![allow(clippy::expect_used, reason = "benchmark setup on fixed, valid data")]

use std::hint::black_box;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use weiquan_caseflow::{
    Actor, Case, ConsentSubject, Event, EventKind, Mediator, Party, PauseReason,
    ProcedureSelection, default_calendar,
};
use weiquan_complaint::Yuan;
use weiquan_synth::simulate::Lifecycle;

fn received(i: u64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-07-01T09:00:00+08:00").expect("a valid instant")
        + Duration::minutes(i64::try_from(i * 97).unwrap_or(0))
}

/// The events of `n` realistic lifecycles (both SAMR procedures and the association's).
fn lifecycles(n: u64) -> Vec<Vec<Event>> {
    let mut life = Lifecycle::new(2024);
    (0..n)
        .map(|i| {
            let sel = if i % 5 == 0 {
                ProcedureSelection::ConsumerAssociation
            } else {
                ProcedureSelection::MarketRegulation
            };
            let case = life
                .play(
                    &format!("B-{i}"),
                    received(i),
                    sel,
                    Yuan::from_fen(10_000 + i),
                )
                .expect("a lifecycle");
            case.history().iter().map(|r| r.event.clone()).collect()
        })
        .collect()
}

/// A case in mediation followed by `pairs` suspensions and resumptions (1 + 4 + 2×pairs
/// events): the longest logs a real case could produce are of this shape.
fn long_case(pairs: i64) -> Case {
    let start = received(0);
    let mut case = Case::open("LONG", start, ProcedureSelection::MarketRegulation).expect("opens");
    let h = |m: i64, kind| Event::new(start + Duration::seconds(m), Actor::Handler, kind);
    case.apply(h(60, EventKind::Accepted)).expect("accepted");
    for party in [Party::Consumer, Party::Business] {
        case.apply(h(
            61,
            EventKind::ConsentGiven {
                party,
                subject: ConsentSubject::Mediation,
            },
        ))
        .expect("consent");
    }
    case.apply(h(
        62,
        EventKind::MediationStarted {
            mediator: Mediator::Own,
        },
    ))
    .expect("mediation");
    for i in 0..pairs {
        case.apply(h(
            100 + 2 * i,
            EventKind::ClockPaused {
                reason: PauseReason::Testing,
            },
        ))
        .expect("pause");
        case.apply(h(101 + 2 * i, EventKind::ClockResumed))
            .expect("resume");
    }
    case
}

fn apply(c: &mut Criterion) {
    let cal = default_calendar();
    let cases = lifecycles(2_000);
    let events: u64 = cases.iter().map(|c| c.len() as u64).sum();
    let mut g = c.benchmark_group("caseflow/apply");
    g.throughput(Throughput::Elements(events));
    // Open each case and apply its whole lifecycle (guards, deadlines for the guards that
    // need them, elapsed deadlines): the per-event cost of a service.
    g.bench_function("lifecycles", |b| {
        b.iter_batched(
            || cases.clone(),
            |cases| {
                for evs in cases {
                    let mut it = evs.into_iter();
                    let Some(first) = it.next() else { continue };
                    let mut case = Case::from_opening(first).expect("opening");
                    for e in it {
                        case.apply_on(cal, e).expect("a valid event");
                    }
                    black_box(&case);
                }
            },
            BatchSize::LargeInput,
        )
    });
    // The bare machine: suspensions and resumptions on one case.
    let base = long_case(0);
    let start = received(0);
    let steps: Vec<Event> = (0..100_000i64)
        .map(|i| {
            let kind = if i % 2 == 0 {
                EventKind::ClockPaused {
                    reason: PauseReason::Appraisal,
                }
            } else {
                EventKind::ClockResumed
            };
            Event::new(start + Duration::seconds(100 + i), Actor::Handler, kind)
        })
        .collect();
    g.throughput(Throughput::Elements(steps.len() as u64));
    g.bench_function("pause_resume", |b| {
        b.iter_batched(
            || (base.clone(), steps.clone()),
            |(mut case, steps)| {
                for e in steps {
                    case.apply_on(cal, e).expect("a valid event");
                }
                black_box(case)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn log(c: &mut Criterion) {
    let cal = default_calendar();
    let mut g = c.benchmark_group("caseflow/log");
    g.sample_size(10);
    let long = long_case(499_998);
    assert_eq!(long.len(), 1_000_001);
    let text = long.to_jsonl().expect("serialises");
    g.throughput(Throughput::Elements(long.len()));
    g.bench_function("replay_1m", |b| {
        b.iter(|| black_box(Case::replay_on(cal, black_box(&text)).expect("replays")))
    });
    g.bench_function("write_1m", |b| {
        b.iter(|| black_box(long.to_jsonl().expect("serialises")))
    });
    drop(text);
    drop(long);
    // Realistic logs, replayed one by one.
    let cases: Vec<String> = lifecycles(2_000)
        .into_iter()
        .map(|evs| {
            let mut it = evs.into_iter();
            let mut case = Case::from_opening(it.next().expect("opening")).expect("opens");
            for e in it {
                case.apply_on(cal, e).expect("valid");
            }
            case.to_jsonl().expect("serialises")
        })
        .collect();
    let lines: u64 = cases.iter().map(|t| t.lines().count() as u64).sum();
    g.throughput(Throughput::Elements(lines));
    g.bench_function("replay_lifecycles", |b| {
        b.iter(|| {
            for t in &cases {
                black_box(Case::replay_on(cal, t).expect("replays"));
            }
        })
    });
    g.finish();
}

fn deadlines(c: &mut Criterion) {
    let cal = default_calendar();
    let as_of = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or(NaiveDate::MIN);
    let cases: Vec<Case> = lifecycles(1_000)
        .into_iter()
        .map(|evs| {
            let mut it = evs.into_iter();
            let mut case = Case::from_opening(it.next().expect("opening")).expect("opens");
            for e in it {
                case.apply_on(cal, e).expect("valid");
            }
            case
        })
        .collect();
    let mut g = c.benchmark_group("caseflow/deadlines");
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function("deadlines", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(case.deadlines_on(cal, as_of).expect("deadlines"));
            }
        })
    });
    g.bench_function("summary", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(case.summary_on(cal, as_of).expect("summary"));
            }
        })
    });
    g.bench_function("elapsed_events", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(case.elapsed_events_on(cal, as_of).expect("elapsed"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, apply, log, deadlines);
criterion_main!(benches);
