//! The cost of crossing the C ABI: one assessment as JSON in, JSON out, through
//! `weiquan_assessor_assess` (argument checks, handle lookup, panic guard, library-owned
//! string and its free) against the same work in Rust with serde_json (parse the claim,
//! assess, serialise). Target: within 1.5× and at least 200,000 calls/s.
#![allow(missing_docs)]
#![allow(unsafe_code, reason = "the benchmark calls the C ABI")]

use std::ffi::c_char;
use std::hint::black_box;
use std::ptr::{null, null_mut};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan::{
    weiquan_assessor, weiquan_assessor_assess, weiquan_assessor_free, weiquan_assessor_new,
    weiquan_mobile, weiquan_mobile_check, weiquan_status, weiquan_string_free,
};
use weiquan_compensation::{ClaimDocument, Findings, FoodDefect, NoCalendar, Policy, assess_with};
use weiquan_complaint::generate::Generator;

/// A thousand claim documents as JSON, from generated complaints with a mix of findings.
fn claims() -> Vec<String> {
    Generator::new(5)
        .take(1000)
        .enumerate()
        .map(|(i, complaint)| {
            ClaimDocument::from_complaint(&complaint)
                .with_findings(Findings {
                    fraud: Some(i % 3 == 0),
                    quality_defect: Some(i % 2 == 0),
                    food_standard_violated: Some(i % 4 == 0),
                    respondent_produced_or_knew: Some(true),
                    food_defect: Some(FoodDefect::Substantive),
                    ..Findings::default()
                })
                .to_json()
        })
        .collect()
}

/// Parse, assess, serialise: the same work in Rust. `None` on any error (none occurs).
fn rust(policy: &Policy, claim: &str) -> Option<String> {
    let doc = ClaimDocument::from_json(claim).ok()?;
    let a = assess_with(&doc, policy, &NoCalendar).ok()?;
    serde_json::to_string(&a).ok()
}

/// The same through the C ABI; the length of the assessment, `None` on a failed status.
fn c_abi(assessor: *const weiquan_assessor, claim: &str) -> Option<usize> {
    let mut out: *mut c_char = null_mut();
    let mut len = 0;
    // SAFETY: `claim` is valid for its length; the out-pointers are valid.
    let status = unsafe {
        weiquan_assessor_assess(
            assessor,
            claim.as_ptr().cast(),
            claim.len(),
            &mut out,
            &mut len,
        )
    };
    // SAFETY: `out` came from the library (or is NULL after a failure) and is freed once.
    unsafe { weiquan_string_free(out) };
    (status == weiquan_status::WEIQUAN_OK).then_some(len)
}

fn boundary(c: &mut Criterion) {
    let claims = claims();
    let policy = Policy::default();
    let mut assessor: *mut weiquan_assessor = null_mut();
    // SAFETY: valid out-pointer; NULL policy and calendar mean the defaults.
    let status = unsafe { weiquan_assessor_new(null(), 0, null(), &mut assessor) };
    assert_eq!(status, weiquan_status::WEIQUAN_OK);
    // Both sides produce the same document.
    for claim in claims.iter().take(50) {
        assert_eq!(
            rust(&policy, claim).map(|s| s.len()),
            c_abi(assessor, claim)
        );
    }

    let mut g = c.benchmark_group("ffi_assess");
    g.throughput(Throughput::Elements(1));
    let mut rust_claims = claims.iter().cycle();
    g.bench_function("rust_serde_json", |b| {
        b.iter(|| {
            rust_claims
                .next()
                .map(|c| black_box(rust(&policy, black_box(c))))
        })
    });
    let mut c_claims = claims.iter().cycle();
    g.bench_function("c_abi", |b| {
        b.iter(|| {
            c_claims
                .next()
                .map(|c| black_box(c_abi(assessor, black_box(c))))
        })
    });
    g.finish();
    // SAFETY: freed once.
    unsafe { weiquan_assessor_free(assessor) };

    // The boundary alone: a call whose work is tiny (a mobile number check, result in a C
    // struct), so that the difference is the cost of the frame around every export.
    let numbers: Vec<String> = (0..1000u64)
        .map(|i| format!("13{:09}", i * 7_919))
        .collect();
    let mut g = c.benchmark_group("ffi_boundary");
    g.throughput(Throughput::Elements(1));
    let mut rust_numbers = numbers.iter().cycle();
    g.bench_function("rust_mobile_parse", |b| {
        b.iter(|| {
            rust_numbers
                .next()
                .map(|n| black_box(n.parse::<weiquan_complaint::Mobile>().is_ok()))
        })
    });
    let mut c_numbers = numbers.iter().cycle();
    g.bench_function("c_abi_mobile_check", |b| {
        b.iter(|| {
            c_numbers.next().map(|n| {
                let mut out = weiquan_mobile {
                    normalized: [0; 12],
                };
                // SAFETY: `n` is valid for its length; `out` is writable.
                let status = unsafe { weiquan_mobile_check(n.as_ptr().cast(), n.len(), &mut out) };
                black_box(status == weiquan_status::WEIQUAN_OK)
            })
        })
    });
    g.finish();
}

criterion_group!(benches, boundary);
criterion_main!(benches);
