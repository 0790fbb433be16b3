//! The compensation engine: assess parsed claims (the per-core throughput the issue asks for,
//! at least 1,000,000 assessments/s), and JSON in → assess → JSON out, the path a C ABI or
//! wasm caller takes.
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan_compensation::{
    ClaimDocument, Findings, FoodDefect, Kind, Policy, PrepaidFacts, RefundCause, ReturnExclusion,
    assess,
};
use weiquan_synth::generate::Generator;

/// A thousand claims from generated complaints, with a mix of findings: fraud, food and
/// drug violations, quality defects, distance-sale returns and prepaid cards.
fn claims() -> Vec<ClaimDocument> {
    Generator::new(5)
        .take(1000)
        .enumerate()
        .map(|(i, complaint)| {
            let mut c = ClaimDocument::from_complaint(&complaint).with_findings(Findings {
                fraud: Some(i % 3 == 0),
                quality_defect: Some(i % 2 == 0),
                food_standard_violated: Some(i % 4 == 0),
                respondent_produced_or_knew: Some(true),
                food_defect: Some(FoodDefect::Substantive),
                drug_counterfeit_or_substandard: Some(i % 5 == 0),
                ..Findings::default()
            });
            c.returns.exclusion = Some(ReturnExclusion::None);
            if i % 7 == 0 {
                c.proven_losses = Some(c.purchase.price_paid);
            }
            if i % 10 == 0 && c.purchase.kind == Kind::Service {
                c.prepaid = Some(PrepaidFacts {
                    already_obtained_same: Some(false),
                    cause: Some(RefundCause::Operator),
                    redeemed_discounted_value: Some(weiquan_complaint::Yuan::from_yuan(100)),
                    ..PrepaidFacts::default()
                });
            }
            c
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let claims = claims();
    let policy = Policy::default();
    let lines: Vec<String> = claims.iter().map(ClaimDocument::to_json).collect();
    let mut g = c.benchmark_group("compensation");
    g.throughput(Throughput::Elements(claims.len() as u64));
    g.bench_function("assess x1000", |b| {
        b.iter(|| {
            for claim in &claims {
                black_box(assess(black_box(claim), &policy).is_ok());
            }
        })
    });
    g.bench_function("json parse-assess-serialise x1000", |b| {
        b.iter(|| {
            for l in &lines {
                let claim = ClaimDocument::from_json(black_box(l)).ok();
                let out = claim
                    .and_then(|c| assess(&c, &policy).ok())
                    .and_then(|a| serde_json::to_string(&a).ok());
                black_box(out);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
