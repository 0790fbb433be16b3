//! Precision and recall of redaction, measured on generated and on hand-written narratives.
//!
//! `cargo test -p weiquan-redact --test measure -- --nocapture` prints the tables that
//! `docs/redaction.md` quotes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use weiquan_redact::measure::{Counts, Quality, parse_marked, score};
use weiquan_redact::{ALL_KINDS, PiiKind, PiiSpan, is_structured};
use weiquan_synth::generate::Generator;

/// The first `n` narratives of `Generator::new(seed)`, measured.
fn measure(seed: u64, n: usize) -> Quality {
    let mut generator = Generator::new(seed);
    let narratives = (0..n).map(|_| {
        let g = generator.next_generated();
        (g.complaint.description, g.pii)
    });
    score(&format!("Generator seed {seed}"), narratives)
}

fn corpus(text: &str) -> Vec<(String, Vec<PiiSpan>)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| parse_marked(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn check(
    q: &Quality,
    min_structured: f64,
    min_precision: &[(PiiKind, f64)],
    min_recall: &[(PiiKind, f64)],
) {
    println!("{}", q.to_markdown());
    for k in ALL_KINDS {
        let c: Counts = q.kind(k);
        assert!(c.planted > 0, "{k:?}: nothing planted in {}", q.source);
        let (p, r) = if is_structured(k) {
            (min_structured, min_structured)
        } else {
            let p = min_precision.iter().find(|x| x.0 == k).map_or(0.0, |x| x.1);
            let r = min_recall.iter().find(|x| x.0 == k).map_or(0.0, |x| x.1);
            (p, r)
        };
        assert!(
            c.precision() >= p,
            "{k:?} precision {} < {p} in {}",
            c.precision(),
            q.source
        );
        assert!(
            c.recall() >= r,
            "{k:?} recall {} < {r} in {}",
            c.recall(),
            q.source
        );
    }
}

#[test]
fn generated_narratives() {
    let q = measure(1, 20_000);
    assert_eq!(q.narratives, 20_000);
    // What the generator planted with seed 1 (pinned: a change here means the generator
    // changed, and the figures in docs/redaction.md need measuring again).
    let planted: Vec<u64> = ALL_KINDS.iter().map(|k| q.kind(*k).planted).collect();
    assert_eq!(planted, [12117, 4063, 7023, 2926, 2923, 2023, 5975, 13370]);
    check(
        &q,
        0.999,
        &[(PiiKind::Address, 0.99), (PiiKind::PersonName, 0.99)],
        &[(PiiKind::Address, 0.99), (PiiKind::PersonName, 0.99)],
    );
}

#[test]
fn hand_written_corpus() {
    let q = score(
        "redact_corpus.txt",
        corpus(include_str!("data/redact_corpus.txt")),
    );
    assert_eq!(q.narratives, 75);
    check(
        &q,
        1.0,
        &[(PiiKind::Address, 0.95), (PiiKind::PersonName, 0.95)],
        &[(PiiKind::Address, 0.95), (PiiKind::PersonName, 0.9)],
    );
}

#[test]
fn held_out_corpus() {
    let q = score(
        "redact_heldout.txt",
        corpus(include_str!("data/redact_heldout.txt")),
    );
    assert_eq!(q.narratives, 38);
    check(
        &q,
        1.0,
        &[(PiiKind::Address, 0.85), (PiiKind::PersonName, 0.85)],
        &[(PiiKind::Address, 0.85), (PiiKind::PersonName, 0.75)],
    );
}
