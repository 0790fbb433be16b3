//! The working-day calendar's hot paths: `add_working_days` (target: under 100 ns for n up to
//! 60), `working_days_between` and `is_working_day`, on the official and the provisional
//! calendar, plus building a calendar from CSV.
#![allow(
    missing_docs,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use weiquan_calendar::{Calendar, OFFICIAL_CSV};

/// 1,000 start dates spread over 2019–2026 (deterministic).
fn starts() -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(NaiveDate::MIN);
    (0..1000u64)
        .map(|i| first + Days::new(i * 2797 % 2800))
        .collect()
}

/// Endless round over `dates` (so each iteration asks about a different date).
fn cycle(dates: &[NaiveDate]) -> impl FnMut() -> NaiveDate + '_ {
    let mut it = dates.iter().copied().cycle();
    move || it.next().unwrap_or(NaiveDate::MIN)
}

fn add_working_days(c: &mut Criterion) {
    let official = Calendar::official();
    let provisional = official.with_provisional();
    let starts = starts();
    let mut g = c.benchmark_group("calendar/add_working_days");
    for n in [1u32, 7, 15, 60] {
        g.bench_with_input(BenchmarkId::new("official", n), &n, |b, &n| {
            let mut next = cycle(&starts);
            b.iter(|| black_box(official.add_working_days(black_box(next()), black_box(n))))
        });
    }
    g.bench_function("provisional/60", |b| {
        let far: Vec<NaiveDate> = starts.iter().map(|d| *d + Days::new(20_000)).collect();
        let mut next = cycle(&far);
        b.iter(|| black_box(provisional.add_working_days(black_box(next()), black_box(60))))
    });
    g.finish();
}

fn queries(c: &mut Criterion) {
    let official = Calendar::official();
    let starts = starts();
    let mut g = c.benchmark_group("calendar");
    g.bench_function("working_days_between", |b| {
        let mut next = cycle(&starts);
        b.iter(|| {
            let a = next();
            black_box(official.working_days_between(black_box(a), black_box(a + Days::new(90))))
        })
    });
    g.bench_function("is_working_day", |b| {
        let mut next = cycle(&starts);
        b.iter(|| black_box(official.is_working_day(black_box(next()))))
    });
    g.bench_function("day", |b| {
        let mut next = cycle(&starts);
        b.iter(|| black_box(official.day(black_box(next()))))
    });
    g.bench_function("from_csv official", |b| {
        b.iter(|| black_box(Calendar::from_csv(black_box(OFFICIAL_CSV))))
    });
    g.bench_function("with_provisional", |b| {
        b.iter(|| black_box(official.with_provisional()))
    });
    g.finish();
}

criterion_group!(benches, add_working_days, queries);
criterion_main!(benches);
