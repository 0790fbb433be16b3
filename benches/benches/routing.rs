//! Jurisdiction routing: decisions per second on in-memory complaints with the default
//! Shijiazhuang ruleset (target: 5,000,000/s per core), and loading the embedded data
//! (target: under 5 ms).
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
#![allow(
    clippy::unwrap_used,
    reason = "a benchmark fails loudly on a bad setup"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use weiquan_complaint::Complaint;
use weiquan_routing::{Registry, Router};
use weiquan_synth::generate::Generator;

fn route(c: &mut Criterion) {
    let router = Router::shijiazhuang().unwrap();
    // The generator's mix: 30% online, 5% outside the city, development zones, 1% abolished
    // codes, every category and channel.
    let complaints: Vec<Complaint> = Generator::new(42).take(10_000).collect();
    let mut g = c.benchmark_group("routing");
    g.throughput(Throughput::Elements(complaints.len() as u64));
    g.bench_function("route x10000", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for c in &complaints {
                if let Ok(d) = router.route(black_box(c)) {
                    n += d.candidate_count();
                }
            }
            black_box(n)
        })
    });
    g.bench_function("route+body name x10000", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for c in &complaints {
                if let Ok(d) = router.route(black_box(c)) {
                    n += d.body().name_zh().len();
                }
            }
            black_box(n)
        })
    });
    let sample: Vec<&Complaint> = complaints.iter().take(1000).collect();
    g.throughput(Throughput::Elements(sample.len() as u64));
    g.bench_function("route+report x1000", |b| {
        b.iter(|| {
            for c in &sample {
                if let Ok(d) = router.route(black_box(c)) {
                    black_box(d.report(&c.id));
                }
            }
        })
    });
    g.finish();
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("routing_load");
    g.bench_function("registry embedded", |b| {
        b.iter(|| black_box(Registry::embedded().unwrap()))
    });
    g.bench_function("router shijiazhuang (registry + ruleset)", |b| {
        b.iter(|| black_box(Router::shijiazhuang().unwrap()))
    });
    g.finish();
}

/// Criterion measures wall time, which on a shared machine counts other processes' time too.
/// This prints the same workloads per second of this thread's CPU time (from
/// `/proc/thread-self/schedstat`, Linux only; nothing is printed elsewhere).
fn cpu_time_report() {
    fn cpu_ns() -> Option<u64> {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }
    let Some(start) = cpu_ns() else { return };
    let router = Router::shijiazhuang().unwrap();
    let complaints: Vec<Complaint> = Generator::new(42).take(10_000).collect();
    let rounds = 100;
    let start_route = cpu_ns().unwrap_or(start);
    let mut n = 0usize;
    for _ in 0..rounds {
        for c in &complaints {
            if let Ok(d) = router.route(black_box(c)) {
                n += d.candidate_count();
            }
        }
    }
    black_box(n);
    let route_s = (cpu_ns().unwrap_or(0).saturating_sub(start_route)) as f64 / 1e9;
    let loads = 200;
    let start_load = cpu_ns().unwrap_or(0);
    for _ in 0..loads {
        black_box(Router::shijiazhuang().unwrap());
    }
    let load_s = (cpu_ns().unwrap_or(0).saturating_sub(start_load)) as f64 / 1e9;
    println!(
        "routing (CPU time): {:.2} M decisions/s per core; router shijiazhuang (registry + ruleset) loads in {:.3} ms",
        (rounds * complaints.len()) as f64 / route_s.max(1e-9) / 1e6,
        load_s / loads as f64 * 1e3,
    );
}

criterion_group!(benches, route, load);

fn main() {
    benches();
    cpu_time_report();
    Criterion::default().configure_from_args().final_summary();
}
