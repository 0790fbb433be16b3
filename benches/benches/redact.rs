//! Redaction of free text (`weiquan_redact`): throughput in bytes of Chinese text.
//!
//! Two inputs: the generator's narratives (dense with personal data: about 2.4 items per 100
//! characters, the worst case for the scanners' slow paths), and the same narratives with the
//! items cut out (plain complaint prose). The issue asks for at least 50 MB/s.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan_redact::Redactor;
use weiquan_synth::generate::Generator;

fn narratives() -> (Vec<String>, Vec<String>) {
    let mut g = Generator::new(5);
    let mut dense = Vec::new();
    let mut plain = Vec::new();
    for _ in 0..2000 {
        let x = g.next_generated();
        let chars: Vec<char> = x.complaint.description.chars().collect();
        let mut cut = String::new();
        let mut at = 0;
        for p in &x.pii {
            cut.extend(chars.get(at..p.start).unwrap_or(&[]));
            at = p.end;
        }
        cut.extend(chars.get(at..).unwrap_or(&[]));
        dense.push(x.complaint.description);
        plain.push(cut);
    }
    (dense, plain)
}

fn redact(c: &mut Criterion) {
    let (dense, plain) = narratives();
    let mut g = c.benchmark_group("redact");
    for (name, lines) in [("narratives", &dense), ("plain prose", &plain)] {
        let bytes: usize = lines.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        let mut r = Redactor::default();
        let mut out = String::with_capacity(bytes * 2);
        let mut spans = Vec::new();
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                spans.clear();
                for l in lines {
                    r.redact_into(black_box(l), 0, &mut out, &mut spans);
                }
                black_box(out.len())
            })
        });
    }
    let whole = dense.join("\n");
    g.throughput(Throughput::Bytes(whole.len() as u64));
    g.bench_function("one text", |b| {
        let mut r = Redactor::default();
        b.iter(|| black_box(r.redact(black_box(&whole)).spans.len()))
    });
    g.finish();
}

criterion_group!(benches, redact);
criterion_main!(benches);
