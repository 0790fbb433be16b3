//! The whole pipeline per complaint, as `weiquan demo` runs it: parse and validate the JSON
//! line → route → open a case and play its lifecycle → assess the money claimed → count it
//! for the statistics and the surge alerts; and each stage alone on the same complaints.
//! Generating the complaint (the demo's first stage) is measured too.
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
#![allow(clippy::expect_used, reason = "benchmark setup on fixed, valid data")]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan_caseflow::{Case, legal_day};
use weiquan_compensation::{ClaimDocument, Findings, Policy, assess};
use weiquan_complaint::{ClaimKind, Complaint, ProblemNature};
use weiquan_routing::{BodyKind, Router};
use weiquan_stats::alerts::WeeklyCounts;
use weiquan_stats::cca::cca_group_by;
use weiquan_stats::{Aggregator, CaseOutcome, RecordOptions, StatsRecord};
use weiquan_synth::generate::Generator;
use weiquan_synth::simulate::Lifecycle;

const N: u64 = 1000;

fn lines() -> Vec<String> {
    Generator::new(2026)
        .take(N as usize)
        .map(|c| c.to_json())
        .collect()
}

fn findings(c: &Complaint) -> Findings {
    match c.problem_nature {
        ProblemNature::Counterfeit | ProblemNature::FalseAdvertising => Findings {
            fraud: Some(true),
            ..Findings::default()
        },
        ProblemNature::Quality | ProblemNature::Safety => Findings {
            quality_defect: Some(true),
            ..Findings::default()
        },
        _ => Findings::default(),
    }
}

fn case_of(life: &mut Lifecycle, c: &Complaint, kind: BodyKind) -> Case {
    life.play(
        &c.id,
        c.received_at,
        kind.procedure_selection(),
        c.purchase.amount_paid,
    )
    .expect("a lifecycle")
}

fn outcome(case: &Case) -> Option<CaseOutcome> {
    let s = case.summary(legal_day(case.last_at())).expect("a summary");
    Some(CaseOutcome::from(&s))
}

fn bench(c: &mut Criterion) {
    let lines = lines();
    let router = Router::shijiazhuang().expect("the embedded ruleset");
    let policy = Policy::default();
    let complaints: Vec<Complaint> = lines
        .iter()
        .map(|l| Complaint::from_json(l).expect("valid"))
        .collect();
    let kinds: Vec<BodyKind> = complaints
        .iter()
        .map(|c| router.route(c).expect("routed").body().kind())
        .collect();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(N));
    g.sample_size(10);

    g.bench_function("whole_per_complaint", |b| {
        b.iter(|| {
            let mut life = Lifecycle::new(7);
            let mut agg = Aggregator::new(cca_group_by().with_month());
            let mut weekly = WeeklyCounts::new();
            for line in &lines {
                let c = Complaint::from_json(line).expect("valid");
                let kind = router.route(&c).expect("routed").body().kind();
                let case = case_of(&mut life, &c, kind);
                let out = outcome(&case);
                if c.claims
                    .iter()
                    .any(|k| matches!(k.kind, ClaimKind::Refund | ClaimKind::Compensation))
                {
                    let claim = ClaimDocument::from_complaint(&c).with_findings(findings(&c));
                    black_box(assess(&claim, &policy).expect("assessed"));
                }
                let options = RecordOptions {
                    business: true,
                    ..RecordOptions::default()
                };
                let r = StatsRecord::from_complaint(&c, out, options);
                agg.add(&r).expect("counted");
                weekly.add(&r);
            }
            black_box((agg.records(), weekly))
        });
    });

    g.bench_function("generate", |b| {
        b.iter(|| {
            let mut g = Generator::new(2026);
            for _ in 0..N {
                black_box(g.next_generated().complaint.to_json());
            }
        });
    });
    g.bench_function("parse_validate", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(Complaint::from_json(line).expect("valid"));
            }
        });
    });
    g.bench_function("route", |b| {
        b.iter(|| {
            for c in &complaints {
                black_box(router.route(c).expect("routed").body().kind());
            }
        });
    });
    g.bench_function("case_lifecycle_and_summary", |b| {
        b.iter(|| {
            let mut life = Lifecycle::new(7);
            for (c, k) in complaints.iter().zip(&kinds) {
                black_box(outcome(&case_of(&mut life, c, *k)));
            }
        });
    });
    g.bench_function("assess", |b| {
        b.iter(|| {
            for c in &complaints {
                let claim = ClaimDocument::from_complaint(c).with_findings(findings(c));
                black_box(assess(&claim, &policy).expect("assessed"));
            }
        });
    });
    g.bench_function("aggregate", |b| {
        b.iter(|| {
            let mut agg = Aggregator::new(cca_group_by().with_month());
            let mut weekly = WeeklyCounts::new();
            let options = RecordOptions {
                business: true,
                ..RecordOptions::default()
            };
            for c in &complaints {
                let r = StatsRecord::from_complaint(c, None, options);
                agg.add(&r).expect("counted");
                weekly.add(&r);
            }
            black_box((agg.records(), weekly))
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
