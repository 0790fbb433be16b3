//! Differential privacy and k-anonymous microdata, as guarantees.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::collections::{BTreeMap, HashSet};

use common::{Seeded, generated, keyer};
use weiquan_complaint::DivisionCode;
use weiquan_stats::kanon::{KAnonymityConfig, anonymise};
use weiquan_stats::{
    DpAggregator, DpQuery, Ledger, PrivacyBudget, Ratio, RecordOptions, StatsRecord,
};
use weiquan_synth::generate::{CONSUMER_DIVISIONS, Generator, Rng};

fn regions() -> Vec<DivisionCode> {
    CONSUMER_DIVISIONS
        .iter()
        .map(|d| DivisionCode::new(d.0).unwrap())
        .collect()
}

fn query(epsilon: &str) -> DpQuery {
    DpQuery::new(
        "period=quarter,region=county".parse().unwrap(),
        "2025-07..2026-06".parse().unwrap(),
        regions(),
        epsilon.parse().unwrap(),
    )
    .unwrap()
}

#[test]
fn the_domain_is_fixed_in_advance() {
    // 4 quarters × (22 counties + other): the same cells whatever the data.
    let q = query("1");
    assert_eq!(q.domain().unwrap().len(), 4 * 23);
    let k = keyer();
    let opts = RecordOptions {
        keyer: Some(&k),
        ..Default::default()
    };
    let mut few = DpAggregator::new(q.clone()).unwrap();
    for r in generated(1, 10, opts) {
        few.add(&r).unwrap();
    }
    let rel = few
        .release(
            &mut PrivacyBudget::new(Ratio::ONE).unwrap(),
            &mut Seeded(Rng::new(1)),
        )
        .unwrap();
    assert_eq!(rel.cells.len(), 4 * 23);
    assert_eq!(rel.epsilon_spent, Ratio::ONE);
}

#[test]
fn noisy_counts_are_unbiased_and_spread_as_the_scale_says() {
    let k = keyer();
    let opts = RecordOptions {
        keyer: Some(&k),
        ..Default::default()
    };
    let records = generated(2, 3000, opts);
    let q = DpQuery {
        epsilon_resolved: None,
        epsilon_recovered: None,
        epsilon_count: Ratio::ONE,
        ..query("1")
    };
    let mut agg = DpAggregator::new(q.clone()).unwrap();
    for r in &records {
        agg.add(r).unwrap();
    }
    // Exact counts per cell, from the records (one per consumer: generated consumers are
    // distinct people).
    let mut exact: BTreeMap<u64, i64> = BTreeMap::new();
    for r in &records {
        let key = q.group_by.key_of(r);
        *exact.entry(key.bits()).or_default() += 1;
    }
    let mut rng = Seeded(Rng::new(9));
    let mut sum_err = 0i64;
    let mut sum_sq = 0i64;
    let mut n = 0i64;
    for _ in 0..40 {
        let rel = agg
            .release(&mut PrivacyBudget::new(Ratio::ONE).unwrap(), &mut rng)
            .unwrap();
        for c in &rel.cells {
            let e = c.count - exact.get(&c.key.bits()).copied().unwrap_or(0);
            sum_err += e;
            sum_sq += e * e;
            n += 1;
        }
    }
    // Discrete Laplace of scale 1: mean 0, variance 2a/(1-a)^2 with a = e^-1 ≈ 1.84.
    let mean = sum_err as f64 / n as f64;
    let var = sum_sq as f64 / n as f64;
    assert!(mean.abs() < 0.15, "mean {mean}");
    assert!((var - 1.84).abs() < 0.3, "variance {var}");
}

#[test]
fn each_consumer_counts_at_most_max_contributions() {
    let k = keyer();
    let opts = RecordOptions {
        keyer: Some(&k),
        ..Default::default()
    };
    // One consumer (same mobile, no ID) complains 50 times.
    let base = Generator::new(3).next().unwrap();
    let mut records = Vec::new();
    for i in 0..50 {
        let mut c = base.clone();
        c.id = format!("X{i}");
        c.consumer.resident_id = None;
        records.push(StatsRecord::from_complaint(&c, None, opts));
    }
    let q = DpQuery {
        max_contributions: 2,
        epsilon_resolved: None,
        epsilon_recovered: None,
        epsilon_count: Ratio::from_int(1000),
        ..query("1")
    };
    let mut a = DpAggregator::new(q.clone()).unwrap();
    let mut b = DpAggregator::new(q).unwrap();
    for (i, r) in records.iter().enumerate() {
        if i % 3 == 0 { a.add(r) } else { b.add(r) }.unwrap();
    }
    a.merge(b).unwrap();
    assert_eq!(a.consumers(), 1);
    // With epsilon 1000 the noise is almost surely 0: the total is the 2 records kept.
    let rel = a
        .release(
            &mut PrivacyBudget::new(Ratio::from_int(1000)).unwrap(),
            &mut Seeded(Rng::new(4)),
        )
        .unwrap();
    assert_eq!(rel.cells.iter().map(|c| c.count).sum::<i64>(), 2);
    let out = rel.to_out();
    let total = out.cells.last().unwrap();
    assert_eq!(total.count, 2);
    assert!(total.key.0.iter().all(|(_, v)| v == "all"));
}

#[test]
fn the_budget_refuses_a_query_beyond_it() {
    let k = keyer();
    let opts = RecordOptions {
        keyer: Some(&k),
        ..Default::default()
    };
    let mut agg = DpAggregator::new(query("3/4")).unwrap();
    for r in generated(5, 100, opts) {
        agg.add(&r).unwrap();
    }
    let mut budget = PrivacyBudget::new(Ratio::ONE).unwrap();
    let mut rng = Seeded(Rng::new(5));
    let first = agg.release(&mut budget, &mut rng).unwrap();
    assert_eq!(budget.remaining(), "1/4".parse().unwrap());
    let err = agg.release(&mut budget, &mut rng).unwrap_err();
    assert_eq!(err.code(), "dp.budget_exceeded");
    assert_eq!(budget.spent(), "3/4".parse().unwrap());
    // The ledger's lifetime budget composes releases too.
    let mut ledger = Ledger::new();
    ledger.epsilon_limit = Some(Ratio::ONE);
    ledger.record_dp("m1", &first).unwrap();
    assert_eq!(
        ledger.record_dp("m2", &first).unwrap_err().code(),
        "dp.budget_exceeded"
    );
    assert_eq!(ledger.epsilon_spent().unwrap(), "3/4".parse().unwrap());
    // A record without a pseudonym cannot be bounded.
    let plain = generated(5, 1, RecordOptions::default());
    assert_eq!(agg.add(&plain[0]).unwrap_err().code(), "stats.parameter");
}

#[test]
fn microdata_classes_hold_k_distinct_consumers() {
    let k = keyer();
    let opts = RecordOptions {
        keyer: Some(&k),
        age: true,
        ..Default::default()
    };
    let mut records = generated(6, 4000, opts);
    // One consumer with 30 complaints must not make a class look larger than it is.
    let base = Generator::new(99).next().unwrap();
    for i in 0..30 {
        let mut c = base.clone();
        c.id = format!("Y{i}");
        records.push(StatsRecord::from_complaint(&c, None, opts));
    }
    let config = KAnonymityConfig::default();
    let m = anonymise(&records, &config).unwrap();
    assert!(m.loss.smallest_class_consumers >= 10);
    assert!(m.loss.suppressed_records * 20 <= records.len() as u64);
    assert_eq!(
        m.rows.len() as u64 + m.loss.suppressed_records,
        records.len() as u64
    );
    // Recount the classes from the rows and the records they came from.
    let mut by_class: BTreeMap<[String; 5], HashSet<weiquan_stats::ConsumerKey>> = BTreeMap::new();
    let mut rows_by_class: BTreeMap<[String; 5], usize> = BTreeMap::new();
    for row in &m.rows {
        *rows_by_class
            .entry([
                row.age.clone(),
                row.region.clone(),
                row.period.clone(),
                row.category.clone(),
                row.consumer_groups.clone(),
            ])
            .or_default() += 1;
    }
    for r in &records {
        let one = anonymise_key(r, &m.loss.levels);
        if rows_by_class.contains_key(&one) {
            by_class.entry(one).or_default().insert(r.consumer.unwrap());
        }
    }
    for (class, consumers) in &by_class {
        assert!(consumers.len() >= 10, "{class:?} has {}", consumers.len());
    }
    assert_eq!(by_class.len(), rows_by_class.len());
    // The precision loss is the mean of level / highest level.
    let l = m.loss.levels;
    let expected = Ratio::new(
        i128::from(l.age) * 5
            + i128::from(l.region) * 5
            + i128::from(l.period) * 5
            + i128::from(l.category) * 5
            + i128::from(l.groups) * 15,
        75,
    )
    .unwrap();
    assert_eq!(m.loss.precision_loss, expected);
}

/// The quasi-identifiers of a record at the chosen levels, as the rows write them.
fn anonymise_key(r: &StatsRecord, l: &weiquan_stats::kanon::Levels) -> [String; 5] {
    let single = anonymise(
        &[r.clone(); 1],
        &KAnonymityConfig {
            k: 1,
            max_suppressed: Ratio::ZERO,
        },
    )
    .unwrap();
    let row = &single.rows[0];
    // Re-generalise the exact row to the levels chosen (single records stay at level 0).
    let age = match (r.age, l.age) {
        (_, 3) => "*".to_owned(),
        (None, _) => "unknown".to_owned(),
        (Some(a), lvl) => {
            let w = [5u16, 10, 20][usize::from(lvl)];
            let lo = u16::from(a) / w * w;
            format!("{lo}-{}", lo + w - 1)
        }
    };
    let region = match l.region {
        0 => row.region.clone(),
        1 => r
            .region
            .at_level(weiquan_complaint::DivisionLevel::Prefecture)
            .to_string(),
        2 => r.region.province().to_string(),
        _ => "*".to_owned(),
    };
    let period = match l.period {
        0 => row.period.clone(),
        1 => weiquan_stats::Period::of(r.received, weiquan_stats::PeriodGrain::Quarter).to_string(),
        2 => weiquan_stats::Period::of(r.received, weiquan_stats::PeriodGrain::Year).to_string(),
        _ => "*".to_owned(),
    };
    let category = match l.category {
        0 => row.category.clone(),
        1 => r.category.major().code().to_owned(),
        2 => r.category.top().code().to_owned(),
        _ => "*".to_owned(),
    };
    let groups = if l.groups == 0 {
        row.consumer_groups.clone()
    } else {
        "*".to_owned()
    };
    [age, region, period, category, groups]
}

#[test]
fn microdata_needs_pseudonyms() {
    let records = generated(7, 20, RecordOptions::default());
    assert_eq!(
        anonymise(&records, &KAnonymityConfig::default())
            .unwrap_err()
            .code(),
        "stats.parameter"
    );
}
