//! CPU throughput of redaction, for machines too loaded for criterion's wall-clock figures:
//! `cargo run --release -p weiquan-redact --example throughput -- PASSES` redacts the first
//! 2,000 narratives of `Generator::new(5)` (the criterion bench's input) PASSES times, line by
//! line with one reused `Redactor`, and prints the bytes redacted. Time it with
//! `/usr/bin/time -f %U` at PASSES and at 0, and divide the bytes by the difference of user
//! times: the set-up (generating the narratives) cancels out.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    reason = "an example: a failure to parse the argument should stop it"
)]

use std::hint::black_box;

use weiquan_redact::Redactor;
use weiquan_synth::generate::Generator;

fn main() {
    let passes: usize = std::env::args().nth(1).map_or(100, |a| a.parse().unwrap());
    let mut g = Generator::new(5);
    let lines: Vec<String> = (0..2000)
        .map(|_| g.next_generated().complaint.description)
        .collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut r = Redactor::default();
    let mut out = String::with_capacity(bytes * 2);
    let mut spans = Vec::new();
    for _ in 0..passes {
        out.clear();
        spans.clear();
        for l in &lines {
            r.redact_into(black_box(l), 0, &mut out, &mut spans);
        }
        black_box(out.len());
    }
    println!("{}", bytes * passes);
}
