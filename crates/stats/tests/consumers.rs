//! k counts distinct consumers; duplicates count once; partials merge exactly and never twice.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{day, generated, keyer, record};
use proptest::prelude::*;
use weiquan_stats::{
    Aggregator, Distinct, GroupBy, RecordOptions, StatsRecord, SuppressionRules, TableSpec, protect,
};

/// A record of consumer `person` with complaint id `id`, on channel `channel`.
fn of(person: u32, id: u32, channel: usize) -> StatsRecord {
    let k = keyer();
    StatsRecord {
        consumer: Some(k.consumer(&format!("person-{person}"))),
        record_hash: Some(k.record(&format!("complaint-{id}"))),
        ..record(channel, 0, day(2025, 8, 1))
    }
}

fn channel_aggregate(records: &[StatsRecord], cap: u64) -> Aggregator {
    let mut a = Aggregator::new("channel".parse::<GroupBy>().unwrap())
        .with_consumer_cap(cap)
        .with_key(&keyer());
    for r in records {
        a.add(r).unwrap();
    }
    a
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A cell of k − 1 consumers stays withheld however many more complaints one of them
    /// files; one more consumer makes it publishable.
    #[test]
    fn a_consumer_with_n_complaints_counts_once(k in 2u64..12, n in 1u32..9, who in 0u32..11) {
        let who = who % (k as u32 - 1);
        let mut recs: Vec<StatsRecord> = (0..k as u32 - 1).map(|p| of(p, p, 0)).collect();
        // n − 1 more complaints of one of them.
        recs.extend((0..n - 1).map(|i| of(who, 1000 + i, 0)));
        // A large cell beside it, so that the table can be protected.
        recs.extend((0..3 * k as u32).map(|p| of(500 + p, 500 + p, 1)));
        let a = channel_aggregate(&recs, k);
        let key = a.group_by().key_of(&recs[0]);
        let m = a.get(key).unwrap();
        prop_assert_eq!(m.count, k - 1 + u64::from(n - 1));
        prop_assert_eq!(m.consumers.count(), Distinct::Exactly(k - 1));
        let rules = SuppressionRules::new(k);
        prop_assert!(m.is_primary(&rules));
        let rel = protect(&a, &[TableSpec::new("channel".parse().unwrap())], &rules, None).unwrap();
        let status = rel.tables[0].status(key).unwrap();
        prop_assert!(status.is_withheld(), "{:?}", status);
        prop_assert_eq!(rel.tables[0].published_count(key), None);
        // One more person: k consumers, published.
        recs.push(of(99, 99, 0));
        let a = channel_aggregate(&recs, k);
        let m = a.get(key).unwrap();
        prop_assert!(!m.is_primary(&rules));
        prop_assert_eq!(m.consumers.count(), Distinct::AtLeast(k));
    }

    /// Any split of the input (copies of a complaint kept in one part) aggregated apart,
    /// written as partials, read back and merged gives the one-pass aggregate; merging the
    /// parts in process gives it for any split at all (copies in different parts too).
    #[test]
    fn merging_any_split_equals_one_pass(
        seed in 0u64..1000,
        parts in 1usize..5,
        assign in proptest::collection::vec(0usize..4, 300),
        dup_every in 3usize..20,
        k in 2u64..15,
    ) {
        let keyer = keyer();
        let options = RecordOptions { keyer: Some(&keyer), ..RecordOptions::default() };
        let base = generated(seed, 300, options);
        // Exact duplicates: every dup_every-th record again.
        let mut input: Vec<(usize, StatsRecord)> = base.iter().cloned().enumerate().collect();
        input.extend(base.iter().cloned().enumerate().filter(|(i, _)| i % dup_every == 0));
        let by: GroupBy = "period=quarter,region=county,category=top".parse().unwrap();
        let fresh = || Aggregator::new(by.clone()).with_consumer_cap(k).with_key(&keyer);
        let mut whole = fresh();
        for (_, r) in &input {
            whole.add(r).unwrap();
        }
        prop_assert_eq!(whole.records(), 300);
        prop_assert_eq!(whole.duplicates(), input.len() as u64 - 300);
        // By complaint: through partials.
        let mut split: Vec<Aggregator> = (0..parts).map(|_| fresh()).collect();
        for (i, r) in &input {
            split[assign[*i] % parts].add(r).unwrap();
        }
        let mut merged: Option<Aggregator> = None;
        for a in split {
            let back = Aggregator::from_partial_json(&a.to_partial_json()).unwrap();
            prop_assert_eq!(&back, &a);
            match &mut merged {
                None => merged = Some(back),
                Some(m) => m.merge(back).unwrap(),
            }
        }
        prop_assert_eq!(merged.unwrap(), whole.clone());
        // By line, copies anywhere: in process.
        let mut split: Vec<Aggregator> = (0..parts).map(|_| fresh()).collect();
        for (j, (_, r)) in input.iter().enumerate() {
            split[assign[j % assign.len()] % parts].add(r).unwrap();
        }
        let mut merged = fresh();
        for a in split {
            merged.merge(a).unwrap();
        }
        prop_assert_eq!(merged, whole);
    }
}

#[test]
fn merging_a_partial_twice_is_refused() {
    let keyer = keyer();
    let options = RecordOptions {
        keyer: Some(&keyer),
        ..RecordOptions::default()
    };
    let by: GroupBy = "region=county".parse().unwrap();
    let mut a = Aggregator::new(by).with_consumer_cap(10).with_key(&keyer);
    for r in generated(5, 200, options) {
        a.add(&r).unwrap();
    }
    a.add_input(Aggregator::digest(b"the input"));
    let json = a.to_partial_json();
    let mut m = Aggregator::from_partial_json(&json).unwrap();
    let before = m.clone();
    let e = m
        .merge(Aggregator::from_partial_json(&json).unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "partial.overlap");
    assert_eq!(m, before, "a refused merge changes nothing");
    // Even with the input digest removed, the complaint keys refuse it.
    let mut p: serde_json::Value = serde_json::from_str(&json).unwrap();
    p["inputs"] = serde_json::json!([]);
    let e = m
        .merge(Aggregator::from_partial_json(&p.to_string()).unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "partial.overlap");
    // And a record of a merged partial cannot be added again.
    let r = generated(5, 1, options).pop().unwrap();
    assert_eq!(m.add(&r).unwrap_err().code(), "partial.overlap");
}

#[test]
fn the_same_complaint_counted_differently_is_a_conflict() {
    let a = of(1, 7, 0);
    let b = of(1, 7, 1); // same id, another channel
    let mut agg = channel_aggregate(&[a.clone(), b], 10);
    assert_eq!(agg.conflicts(), 1);
    assert_eq!(
        agg.check_release(10).unwrap_err().code(),
        "record.duplicate_conflict"
    );
    // In process, across two aggregators, too.
    let mut other = channel_aggregate(&[of(1, 7, 2)], 10);
    other.merge(channel_aggregate(&[a], 10)).unwrap();
    assert_eq!(other.conflicts(), 1);
    // A threshold above the cap cannot be decided.
    agg = channel_aggregate(&[of(1, 1, 0)], 5);
    assert_eq!(
        agg.check_release(6).unwrap_err().code(),
        "stats.consumer_cap"
    );
    assert!(agg.check_release(5).is_ok());
}

/// The p% rule: a cell whose money is mostly one consumer's settlement is withheld, however
/// many consumers it has; spreading the money makes it publishable; margins are exact.
#[test]
fn one_large_settlement_withholds_its_cell() {
    use weiquan_complaint::Yuan;
    use weiquan_stats::{CaseOutcome, OutcomeState};
    let paid = |r: StatsRecord, yuan: u64| StatsRecord {
        outcome: Some(
            CaseOutcome::new(OutcomeState::Resolved, Yuan::from_yuan(yuan), Some(3)).unwrap(),
        ),
        ..r
    };
    // 12 consumers: one recovered 50,000 yuan, the others 100 each (1,000 in all besides
    // the two largest: 2% of the largest, below p = 10%).
    let mut recs: Vec<StatsRecord> = (0..12u32)
        .map(|p| paid(of(p, p, 0), if p == 0 { 50_000 } else { 100 }))
        .collect();
    recs.extend((0..30u32).map(|p| paid(of(100 + p, 100 + p, 1), 100)));
    let a = channel_aggregate(&recs, 10);
    let key = a.group_by().key_of(&recs[0]);
    let m = a.get(key).unwrap();
    assert_eq!(m.contributors.top_two(), (5_000_000, 10_000));
    assert!(m.money_sensitive(10));
    assert!(!m.money_sensitive(1)); // 1,000 ≥ 1% of 50,000
    let rules = SuppressionRules::new(10);
    assert!(m.is_primary(&rules));
    assert!(!m.is_primary(&SuppressionRules {
        money_p: 0,
        ..rules
    }));
    let rel = protect(
        &a,
        &[TableSpec::new("channel".parse().unwrap())],
        &rules,
        None,
    )
    .unwrap();
    assert!(rel.tables[0].status(key).unwrap().is_withheld());
    // The same consumer's settlements in two cells add up in the margin.
    let two = vec![
        paid(of(7, 1, 0), 30_000),
        paid(of(7, 2, 1), 30_000),
        paid(of(8, 3, 1), 1_000),
    ];
    let t = weiquan_stats::Table::build(
        &channel_aggregate(&two, 10),
        &TableSpec::new("channel".parse().unwrap()),
    )
    .unwrap();
    let total = t.get(weiquan_stats::CellKey::TOTAL).unwrap();
    assert_eq!(total.contributors.top_two(), (6_000_000, 100_000));
    // Through a partial, the amounts per consumer survive.
    let agg = channel_aggregate(&recs, 10);
    let back = Aggregator::from_partial_json(&agg.to_partial_json()).unwrap();
    assert_eq!(back, agg);
    assert!(back.get(key).unwrap().money_sensitive(10));
}
