//! The synthetic data's hot paths (`weiquan-synth`): generating one complaint with its planted
//! personal data, and playing one whole case lifecycle. Both are per-item costs of
//! `weiquan demo` (`pipeline/generate` measures the generator together with `to_json`, as the
//! demo's first stage).
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
#![allow(clippy::expect_used, reason = "benchmark setup on fixed, valid data")]

use std::hint::black_box;

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan_caseflow::ProcedureSelection;
use weiquan_complaint::Yuan;
use weiquan_synth::generate::Generator;
use weiquan_synth::simulate::Lifecycle;

fn received(i: u64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-07-01T09:00:00+08:00").expect("a valid instant")
        + Duration::minutes(i64::try_from(i * 97).unwrap_or(0))
}

fn synth(c: &mut Criterion) {
    let mut g = c.benchmark_group("synth");
    g.throughput(Throughput::Elements(1));
    // One complaint and the spans of its narrative (the business pool is built once, outside).
    g.bench_function("next_generated", |b| {
        let mut generator = Generator::new(2026);
        b.iter(|| black_box(generator.next_generated()))
    });
    // A whole synthetic lifecycle per complaint, as the demo plays it (until #16
    // `caseflow/deadlines/lifecycle_play`).
    g.bench_function("lifecycle_play", |b| {
        let mut life = Lifecycle::new(1);
        let mut i = 0u64;
        b.iter(|| {
            i += 1;
            black_box(
                life.play(
                    "DEMO",
                    received(i % 50_000),
                    ProcedureSelection::MarketRegulation,
                    Yuan::from_yuan(299),
                )
                .expect("plays"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, synth);
criterion_main!(benches);
