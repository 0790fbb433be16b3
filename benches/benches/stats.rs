//! weiquan-stats hot paths: reading a complaint line, aggregating, protecting a table
//! (suppression and the exact audit), a differentially private release.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use weiquan_stats::{
    Aggregator, DpAggregator, DpQuery, GroupBy, Keyer, PrivacyBudget, RandomSource, Ratio,
    RecordOptions, StatsRecord, SuppressionRules, TableSpec, parse_line, protect,
};
use weiquan_synth::generate::{Generator, Rng};

struct Seeded(Rng);
impl RandomSource for Seeded {
    fn next_u64(&mut self) -> Result<u64, weiquan_stats::Error> {
        Ok(self.0.next_u64())
    }
}

fn lines(n: usize) -> Vec<String> {
    Generator::new(1).take(n).map(|c| c.to_json()).collect()
}

fn bench(c: &mut Criterion) {
    let lines = lines(2000);
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut g = c.benchmark_group("stats");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse_line x2000", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(parse_line(l, RecordOptions::default()).unwrap());
            }
        })
    });
    let records: Vec<StatsRecord> = lines
        .iter()
        .map(|l| parse_line(l, RecordOptions::default()).unwrap())
        .collect();
    g.throughput(Throughput::Elements(records.len() as u64));
    let by: GroupBy = "period=month,region=county,category=major".parse().unwrap();
    g.bench_function("aggregate x2000", |b| {
        b.iter(|| {
            let mut a = Aggregator::new(by.clone());
            for r in &records {
                a.add(r).unwrap();
            }
            black_box(a)
        })
    });
    g.finish();

    // Protecting a quarter × county × category table of 300,000 complaints.
    let mut data = Aggregator::new(by.clone());
    for c in Generator::new(2).take(300_000) {
        data.add(&StatsRecord::from_complaint(
            &c,
            None,
            RecordOptions::default(),
        ))
        .unwrap();
    }
    let spec = TableSpec::new(
        "period=quarter,region=county,category=major"
            .parse()
            .unwrap(),
    );
    let mut g = c.benchmark_group("stats");
    g.sample_size(10);
    g.bench_function("protect 3-way table (300k complaints)", |b| {
        b.iter(|| {
            black_box(
                protect(
                    &data,
                    std::slice::from_ref(&spec),
                    &SuppressionRules::new(10),
                    None,
                )
                .unwrap(),
            )
        })
    });
    // A city's year (issue 18: 100,000 complaints, the size where the former exact simplex
    // took 20 s): many small cells tied together, the audit's hardest regime.
    let mut city = Aggregator::new(
        "period=month,region=county,category=major"
            .parse::<GroupBy>()
            .unwrap(),
    );
    for c in Generator::new(1).take(100_000) {
        city.add(&StatsRecord::from_complaint(
            &c,
            None,
            RecordOptions::default(),
        ))
        .unwrap();
    }
    g.bench_function("protect 3-way table (100k complaints)", |b| {
        b.iter(|| {
            black_box(
                protect(
                    &city,
                    std::slice::from_ref(&spec),
                    &SuppressionRules::new(10),
                    None,
                )
                .unwrap(),
            )
        })
    });
    let two = TableSpec::new("region=county,category=major".parse().unwrap());
    g.bench_function("protect 2-way table (300k complaints)", |b| {
        b.iter(|| {
            black_box(
                protect(
                    &data,
                    std::slice::from_ref(&two),
                    &SuppressionRules::new(10),
                    None,
                )
                .unwrap(),
            )
        })
    });

    let keyer = Keyer::with_secret(b"bench");
    let opts = RecordOptions {
        keyer: Some(&keyer),
        ..RecordOptions::default()
    };
    let keyed: Vec<StatsRecord> = Generator::new(3)
        .take(20_000)
        .map(|c| StatsRecord::from_complaint(&c, None, opts))
        .collect();
    let regions = weiquan_synth::generate::CONSUMER_DIVISIONS
        .iter()
        .filter_map(|d| weiquan_complaint::DivisionCode::new(d.0))
        .collect();
    let q = DpQuery::new(
        "period=quarter,region=county,category=major"
            .parse()
            .unwrap(),
        "2025-07..2026-06".parse().unwrap(),
        regions,
        Ratio::ONE,
    )
    .unwrap();
    let mut dp = DpAggregator::new(q).unwrap();
    for r in &keyed {
        dp.add(r).unwrap();
    }
    g.bench_function("dp release 2,300 cells x3 measures", |b| {
        let mut rng = Seeded(Rng::new(1));
        b.iter(|| {
            let mut budget = PrivacyBudget::new(Ratio::ONE).unwrap();
            black_box(dp.release(&mut budget, &mut rng).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
