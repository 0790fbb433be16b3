//! The cost of crossing the C ABI: one assessment as JSON in, JSON out, through
//! `weiquan_assessor_assess` (argument checks, handle lookup, panic guard, library-owned
//! string and its free) against the same work in Rust with serde_json (parse the claim,
//! assess, serialise) — in the full form and in the compact form
//! (`weiquan_assessor_assess_compact`). Target: within 1.5× and at least 200,000 calls/s.
//! Before the criterion groups the bench prints the CPU time per call of each path and of
//! each part of a call (parse, assess, serialise), which a shared machine's load does not
//! inflate, and runs the compact call on two threads sharing one assessor: each thread's CPU
//! time per call, its time waiting for a core, and the calls/s of the pair.
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
#![allow(unsafe_code, reason = "the benchmark calls the C ABI")]

use std::ffi::c_char;
use std::hint::black_box;
use std::ptr::{null, null_mut};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use weiquan::{
    weiquan_assessor, weiquan_assessor_assess, weiquan_assessor_assess_compact,
    weiquan_assessor_free, weiquan_assessor_new, weiquan_mobile, weiquan_mobile_check,
    weiquan_status, weiquan_string_free,
};
use weiquan_compensation::{ClaimDocument, Findings, FoodDefect, NoCalendar, Policy, assess_with};
use weiquan_synth::generate::Generator;

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

/// The same in the compact form.
fn rust_compact(policy: &Policy, claim: &str) -> Option<String> {
    let doc = ClaimDocument::from_json(claim).ok()?;
    let a = assess_with(&doc, policy, &NoCalendar).ok()?;
    serde_json::to_string(&a.compact()).ok()
}

/// The signature of the two assessment entry points.
type AssessFn = unsafe extern "C" fn(
    *const weiquan_assessor,
    *const c_char,
    usize,
    *mut *mut c_char,
    *mut usize,
) -> weiquan_status;

/// The same through the C ABI; the length of the assessment, `None` on a failed status.
fn c_abi(assessor: *const weiquan_assessor, claim: &str) -> Option<usize> {
    c_call(weiquan_assessor_assess, assessor, claim)
}

/// The compact form through the C ABI.
fn c_abi_compact(assessor: *const weiquan_assessor, claim: &str) -> Option<usize> {
    c_call(weiquan_assessor_assess_compact, assessor, claim)
}

fn c_call(f: AssessFn, assessor: *const weiquan_assessor, claim: &str) -> Option<usize> {
    let mut out: *mut c_char = null_mut();
    let mut len = 0;
    // SAFETY: `claim` is valid for its length; the out-pointers are valid.
    let status = unsafe {
        f(
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

/// The thread's CPU time in ns (`/proc/thread-self/schedstat`, Linux only).
fn cpu_ns() -> Option<u64> {
    schedstat(0)
}

/// The thread's time waiting for a core while runnable, in ns: what the other processes on a
/// shared machine took from it.
fn runqueue_ns() -> Option<u64> {
    schedstat(1)
}

fn schedstat(field: usize) -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .nth(field)?
        .parse()
        .ok()
}

/// CPU time per call of `f` over every claim, `rounds` times: on a shared machine the
/// wall-clock figures of criterion include the time other processes had the core, this
/// does not. Prints nothing where schedstat is missing.
fn cpu_per_call(label: &str, claims: &[String], rounds: usize, mut f: impl FnMut(&str)) {
    let Some(start) = cpu_ns() else { return };
    for _ in 0..rounds {
        for c in claims {
            f(black_box(c));
        }
    }
    let Some(end) = cpu_ns() else { return };
    let per_call = (end - start) as f64 / (rounds * claims.len()) as f64;
    eprintln!(
        "cpu time {label:<40} {:>8.2} µs/call  {:>9.0} calls/s per core",
        per_call / 1000.0,
        1e9 / per_call
    );
}

/// The compact call on two threads sharing one assessor: each thread's CPU time per call
/// (the same as on one thread when the threads do not contend for the library's locks) and
/// the wall-clock calls/s of the pair (which reaches twice the single-thread rate only when
/// the machine gives the process both cores).
fn two_threads_cpu(assessor: *const weiquan_assessor, claims: &[String], rounds: usize) {
    let shared = assessor.expose_provenance();
    let start = std::time::Instant::now();
    let cpu: Vec<Option<(u64, u64)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(move || {
                    let a: *const weiquan_assessor = std::ptr::with_exposed_provenance(shared);
                    let (begin, waited) = (cpu_ns()?, runqueue_ns()?);
                    for _ in 0..rounds {
                        for c in claims {
                            black_box(c_abi_compact(a, black_box(c)));
                        }
                    }
                    Some((cpu_ns()? - begin, runqueue_ns()? - waited))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().ok().flatten())
            .collect()
    });
    let wall = start.elapsed().as_secs_f64();
    let calls = (rounds * claims.len()) as f64;
    for (t, times) in cpu.iter().enumerate() {
        if let Some((ns, waited)) = times {
            eprintln!(
                "cpu time compact, C ABI, thread {t} of 2            {:>8.2} µs/call  \
                 (on a core {:.2} s, waiting for one {:.2} s)",
                *ns as f64 / calls / 1000.0,
                *ns as f64 / 1e9,
                *waited as f64 / 1e9
            );
        }
    }
    eprintln!(
        "wall      compact, C ABI, 2 threads: {:.0} calls/s together ({:.2} s for {:.0} calls)",
        2.0 * calls / wall,
        wall,
        2.0 * calls
    );
}

/// One criterion group: the same assessment in Rust (`rust_serde_json`) and through the C ABI
/// (`c_abi`), cycling through the claims.
fn rust_vs_c_abi(
    c: &mut Criterion,
    group: &str,
    claims: &[String],
    mut rust: impl FnMut(&str) -> Option<usize>,
    mut c_abi: impl FnMut(&str) -> Option<usize>,
) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(1));
    let mut rust_claims = claims.iter().cycle();
    g.bench_function("rust_serde_json", |b| {
        b.iter(|| rust_claims.next().map(|c| black_box(rust(black_box(c)))))
    });
    let mut c_claims = claims.iter().cycle();
    g.bench_function("c_abi", |b| {
        b.iter(|| c_claims.next().map(|c| black_box(c_abi(black_box(c)))))
    });
    g.finish();
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
        assert_eq!(
            rust_compact(&policy, claim).map(|s| s.len()),
            c_abi_compact(assessor, claim)
        );
    }
    let sizes = |f: fn(&Policy, &str) -> Option<String>| -> usize {
        claims
            .iter()
            .filter_map(|c| f(&policy, c))
            .map(|s| s.len())
            .sum::<usize>()
            / claims.len()
    };
    eprintln!(
        "mean sizes: claim {} B, full assessment {} B, compact assessment {} B",
        claims.iter().map(String::len).sum::<usize>() / claims.len(),
        sizes(rust),
        sizes(rust_compact)
    );

    let docs: Vec<ClaimDocument> = claims
        .iter()
        .filter_map(|c| ClaimDocument::from_json(c).ok())
        .collect();
    let assessments: Vec<_> = docs
        .iter()
        .filter_map(|d| assess_with(d, &policy, &NoCalendar).ok())
        .collect();
    let rounds = 50;
    cpu_per_call("full, Rust", &claims, rounds / 5, |c| {
        black_box(rust(&policy, c));
    });
    cpu_per_call("full, C ABI", &claims, rounds / 5, |c| {
        black_box(c_abi(assessor, c));
    });
    cpu_per_call("compact, Rust", &claims, rounds, |c| {
        black_box(rust_compact(&policy, c));
    });
    cpu_per_call("compact, C ABI", &claims, rounds, |c| {
        black_box(c_abi_compact(assessor, c));
    });
    two_threads_cpu(assessor, &claims, rounds);
    cpu_per_call("part: ClaimDocument::from_json", &claims, rounds, |c| {
        black_box(ClaimDocument::from_json(c).is_ok());
    });
    cpu_per_call(
        "part: serde_json::from_str::<ClaimDocument>",
        &claims,
        rounds,
        |c| {
            black_box(serde_json::from_str::<ClaimDocument>(c).is_ok());
        },
    );
    let mut i = 0;
    cpu_per_call("part: assess_with", &claims, rounds, |_| {
        i = (i + 1) % docs.len();
        black_box(
            docs.get(i)
                .map(|d| assess_with(d, &policy, &NoCalendar).is_ok()),
        );
    });
    cpu_per_call("part: compact().to_json()", &claims, rounds, |_| {
        i = (i + 1) % assessments.len();
        black_box(assessments.get(i).map(|a| a.compact().to_json()));
    });
    cpu_per_call(
        "part: serde_json::to_string(full)",
        &claims,
        rounds / 5,
        |_| {
            i = (i + 1) % assessments.len();
            black_box(assessments.get(i).map(|a| serde_json::to_string(a).ok()));
        },
    );

    rust_vs_c_abi(
        c,
        "ffi_assess",
        &claims,
        |claim| rust(&policy, claim).map(|s| s.len()),
        |claim| c_abi(assessor, claim),
    );
    rust_vs_c_abi(
        c,
        "ffi_assess_compact",
        &claims,
        |claim| rust_compact(&policy, claim).map(|s| s.len()),
        |claim| c_abi_compact(assessor, claim),
    );

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
