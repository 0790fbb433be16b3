//! Surge alerts: a planted surge is found with its evidence; steady series rarely alarm.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use chrono::Duration;
use common::{day, record};
use weiquan_complaint::{MajorCategory, Uscc};
use weiquan_stats::alerts::{AlertConfig, Series, WeeklyCounts};
use weiquan_stats::{BusinessKey, Ratio, StatsRecord};
use weiquan_synth::generate::Rng;

fn business(i: u32) -> BusinessKey {
    BusinessKey::Name(format!("商户{i}"))
}

/// `weeks` weeks from Monday 2025-06-02 with `per_week(week)` complaints each about `b`.
fn series(b: &BusinessKey, weeks: i64, mut per_week: impl FnMut(i64) -> u64) -> Vec<StatsRecord> {
    let start = day(2025, 6, 2);
    let mut out = Vec::new();
    for w in 0..weeks {
        for i in 0..per_week(w) {
            let mut r = record(0, 0, start + Duration::days(w * 7 + (i % 7) as i64));
            r.business = Some(b.clone());
            out.push(r);
        }
    }
    out
}

#[test]
fn a_planted_surge_is_flagged_with_its_evidence() {
    let b = business(1);
    let records = series(&b, 14, |w| if w == 11 { 12 } else { 2 });
    let mut counts = WeeklyCounts::new();
    for r in &records {
        counts.add(r);
    }
    let report = counts.alerts(&AlertConfig::default()).unwrap();
    let mine: Vec<_> = report
        .alerts
        .iter()
        .filter(|a| a.series == Series::Business(b.clone()))
        .collect();
    assert_eq!(mine.len(), 1);
    let a = mine[0];
    assert_eq!(a.week_start, day(2025, 6, 2) + Duration::days(77));
    assert_eq!(a.week, "2025-W34");
    assert_eq!(a.count, 12);
    assert_eq!(a.baseline, vec![2; 8]);
    assert_eq!(a.baseline_mean, Ratio::from_int(2));
    // P[Binomial(28, 1/9) >= 12], computed independently.
    let exact: f64 = (12..=28u64)
        .map(|i| {
            let c: f64 = (1..=i).map(|j| (28 - i + j) as f64 / j as f64).product();
            c * (1.0f64 / 9.0).powi(i as i32) * (8.0f64 / 9.0).powi(28 - i as i32)
        })
        .sum();
    assert!(
        (a.p_value / exact - 1.0).abs() < 1e-9,
        "{} vs {exact}",
        a.p_value
    );
    assert!(a.p_value <= 0.001);
    // The category's series (food) carries the same surge.
    assert!(
        report
            .alerts
            .iter()
            .any(|a| a.series == Series::Category(MajorCategory::Food))
    );
    // Merging per-worker counts gives the same alerts.
    let (mut x, mut y) = (WeeklyCounts::new(), WeeklyCounts::new());
    for (i, r) in records.iter().enumerate() {
        if i % 2 == 0 { x.add(r) } else { y.add(r) }
    }
    x.merge(y);
    assert_eq!(x.alerts(&AlertConfig::default()).unwrap(), report);
}

#[test]
fn below_the_minimum_count_nothing_is_flagged() {
    let b = business(2);
    let mut records = series(&b, 12, |w| if w == 10 { 4 } else { 0 });
    // Another business, one complaint a week, sets the weeks covered.
    records.extend(series(&business(3), 12, |_| 1));
    let mut counts = WeeklyCounts::new();
    for r in &records {
        counts.add(r);
    }
    let report = counts.alerts(&AlertConfig::default()).unwrap();
    // 4 after nothing is not enough for a business; the category's 5 against a baseline of
    // 1 a week is tested once and is not improbable enough (p ≈ 0.01).
    assert!(report.alerts.is_empty());
    assert_eq!(report.tests, 1);
}

#[test]
fn steady_series_rarely_alarm() {
    // 300 businesses with a steady rate of about 6 a week for 30 weeks: every count is a
    // sum of Bernoulli trials, so the null hypothesis (a common rate) holds.
    let mut rng = Rng::new(17);
    let mut counts = WeeklyCounts::new();
    for i in 0..300 {
        let b = business(100 + i);
        for r in series(&b, 30, |_| {
            (0..60).filter(|_| rng.below(10) == 0).count() as u64
        }) {
            counts.add(&r);
        }
    }
    let config = AlertConfig {
        alpha: Ratio::new(1, 100).unwrap(),
        ..AlertConfig::default()
    };
    let report = counts.alerts(&config).unwrap();
    let business_alerts = report
        .alerts
        .iter()
        .filter(|a| matches!(a.series, Series::Business(_)))
        .count() as f64;
    // At most alpha per test on average (binomial counts are less dispersed than Poisson).
    assert!(report.tests > 4000, "{} tests", report.tests);
    assert!(
        business_alerts <= 0.01 * report.tests as f64,
        "{business_alerts} of {}",
        report.tests
    );
}

#[test]
fn businesses_are_named_by_credit_code_or_normalised_name() {
    let u: Uscc = "91110000600037341L".parse().unwrap();
    assert_eq!(BusinessKey::new(Some(u), "x"), BusinessKey::Uscc(u));
    assert_eq!(
        BusinessKey::new(None, " 石家庄　某某 超市 "),
        BusinessKey::Name("石家庄某某超市".into())
    );
    let json = serde_json::to_string(&Series::Business(BusinessKey::Uscc(u))).unwrap();
    assert_eq!(json, r#"{"business":{"uscc":"91110000600037341L"}}"#);
    assert!(
        WeeklyCounts::new()
            .alerts(&AlertConfig {
                baseline_weeks: 0,
                ..AlertConfig::default()
            })
            .is_err()
    );
}
