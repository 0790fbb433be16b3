//! The complaint model's hot paths: parse-normalise-validate one complaint, serialise it, and
//! check identifiers.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan_complaint::{Complaint, Mobile, ResidentId, Uscc};
use weiquan_synth::generate::Generator;

fn validate(c: &mut Criterion) {
    let lines: Vec<String> = Generator::new(11).take(1000).map(|c| c.to_json()).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut g = c.benchmark_group("complaint");
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("from_json x1000", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(Complaint::from_json(black_box(l)).is_ok());
            }
        })
    });
    let parsed: Vec<Complaint> = lines
        .iter()
        .map(|l| Complaint::from_json(l).unwrap())
        .collect();
    g.bench_function("to_json x1000", |b| {
        b.iter(|| {
            for c in &parsed {
                black_box(c.to_json());
            }
        })
    });
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("from_json bytes", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(Complaint::from_json(black_box(l)).is_ok());
            }
        })
    });
    g.finish();
}

fn ids(c: &mut Criterion) {
    let sample: Vec<Complaint> = Generator::new(5).take(1000).collect();
    let rids: Vec<String> = sample
        .iter()
        .filter_map(|c| c.consumer.resident_id.map(|i| i.to_string()))
        .collect();
    let usccs: Vec<String> = sample
        .iter()
        .filter_map(|c| c.business.uscc.map(|u| u.to_string()))
        .collect();
    let mobiles: Vec<String> = sample
        .iter()
        .map(|c| c.consumer.mobile.to_string())
        .collect();
    let mut g = c.benchmark_group("ids");
    g.throughput(Throughput::Elements(rids.len() as u64));
    g.bench_function("resident_id", |b| {
        b.iter(|| {
            for s in &rids {
                black_box(ResidentId::parse_structure(black_box(s)).is_ok());
            }
        })
    });
    g.throughput(Throughput::Elements(usccs.len() as u64));
    g.bench_function("uscc", |b| {
        b.iter(|| {
            for s in &usccs {
                black_box(s.parse::<Uscc>().is_ok());
            }
        })
    });
    g.throughput(Throughput::Elements(mobiles.len() as u64));
    g.bench_function("mobile", |b| {
        b.iter(|| {
            for s in &mobiles {
                black_box(s.parse::<Mobile>().is_ok());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, validate, ids);
criterion_main!(benches);
