//! The aggregator's laws: merging is exact, associative and commutative, and partial state
//! survives JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{aggregate, generated};
use proptest::prelude::*;
use weiquan_stats::{Aggregator, CellKey, GroupBy, RecordOptions, Table, TableSpec};

const GROUPINGS: [&str; 5] = [
    "period=month,region=county,category=major",
    "period=quarter,problem_nature,outcome",
    "channel,consumer_group",
    "period=year,region=prefecture,category=minor,outcome",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Splitting the records any way, aggregating the parts and merging them in any order
    /// gives exactly the aggregate of the whole.
    #[test]
    fn merge_of_parts_is_the_whole(seed in 0u64..1000, g in 0usize..5,
                                   cuts in proptest::collection::vec(0usize..400, 1..5),
                                   order in any::<u64>()) {
        let records = generated(seed, 400, RecordOptions::default());
        let by = GROUPINGS[g];
        let whole = aggregate(by, &records);
        let mut cuts = cuts;
        cuts.push(0);
        cuts.push(records.len());
        cuts.sort_unstable();
        let mut parts: Vec<Aggregator> = cuts
            .windows(2)
            .map(|w| aggregate(by, &records[w[0]..w[1]]))
            .collect();
        // A deterministic shuffle of the parts.
        let n = parts.len();
        for i in 0..n {
            parts.swap(i, (order as usize).wrapping_add(i * 7) % n);
        }
        let mut merged = Aggregator::new(by.parse().unwrap());
        for p in parts {
            // Every other part crosses a process boundary as JSON.
            let p = Aggregator::from_partial_json(&p.to_partial_json()).unwrap();
            merged.merge(p).unwrap();
        }
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(merged.to_partial_json(), whole.to_partial_json());
    }

    /// (a ∪ b) ∪ c = a ∪ (b ∪ c) and a ∪ b = b ∪ a.
    #[test]
    fn merge_is_associative_and_commutative(seed in 0u64..1000) {
        let r = generated(seed, 300, RecordOptions::default());
        let by = GROUPINGS[0];
        let (a, b, c) = (aggregate(by, &r[..100]), aggregate(by, &r[100..200]), aggregate(by, &r[200..]));
        let mut ab = a.clone();
        ab.merge(b.clone()).unwrap();
        let mut ab_c = ab;
        ab_c.merge(c.clone()).unwrap();
        let mut bc = b.clone();
        bc.merge(c).unwrap();
        let mut a_bc = a.clone();
        a_bc.merge(bc).unwrap();
        prop_assert_eq!(&ab_c, &a_bc);
        let mut ba = b;
        ba.merge(a.clone()).unwrap();
        let mut ab2 = a;
        ab2.merge(aggregate(by, &r[100..200])).unwrap();
        prop_assert_eq!(ba, ab2);
    }

    /// Coarsening an aggregate equals aggregating at the coarse grouping.
    #[test]
    fn coarsening_commutes_with_aggregation(seed in 0u64..1000) {
        let r = generated(seed, 300, RecordOptions::default());
        let fine = aggregate("period=month,region=county,category=minor,outcome", &r);
        let coarse: GroupBy = "period=year,region=province,category=top".parse().unwrap();
        prop_assert_eq!(fine.coarsened(&coarse).unwrap(), aggregate(&coarse.to_string(), &r));
    }
}

#[test]
fn medians_and_percentiles_merge_exactly() {
    let r = generated(5, 2000, RecordOptions::default());
    let by = "category=top";
    let whole = aggregate(by, &r);
    let mut a = aggregate(by, &r[..700]);
    a.merge(aggregate(by, &r[700..])).unwrap();
    let t1 = Table::build(&whole, &TableSpec::new(by.parse().unwrap())).unwrap();
    let t2 = Table::build(&a, &TableSpec::new(by.parse().unwrap())).unwrap();
    let total = t1.get(CellKey::TOTAL).unwrap();
    assert_eq!(total.count, 2000);
    assert_eq!(
        total.median_days(),
        t2.get(CellKey::TOTAL).unwrap().median_days()
    );
    assert_eq!(total.p90_days(), t2.get(CellKey::TOTAL).unwrap().p90_days());
    // The median by nearest rank, recomputed from the records.
    let mut days: Vec<u16> = r
        .iter()
        .filter_map(|x| x.outcome.and_then(|o| o.handling_days))
        .collect();
    days.sort_unstable();
    let n = days.len();
    assert_eq!(total.median_days(), Some(days[n.div_ceil(2) - 1]));
    assert_eq!(total.p90_days(), Some(days[(9 * n).div_ceil(10) - 1]));
    let recovered: u64 = r
        .iter()
        .filter_map(|x| x.outcome.map(|o| o.recovered.to_fen().unwrap()))
        .sum();
    assert_eq!(total.recovered_fen, u128::from(recovered));
}

#[test]
fn partials_are_checked() {
    let a = aggregate("channel", &generated(1, 50, RecordOptions::default()));
    let good = a.to_partial_json();
    let bad_total = good.replace("\"records\":50", "\"records\":51");
    assert_eq!(
        Aggregator::from_partial_json(&bad_total)
            .unwrap_err()
            .code(),
        "stats.format"
    );
    let bad_value = good.replace("\"channel\":\"", "\"channel\":\"fax");
    assert_eq!(
        Aggregator::from_partial_json(&bad_value)
            .unwrap_err()
            .code(),
        "stats.format"
    );
    let other = aggregate(
        "problem_nature",
        &generated(1, 50, RecordOptions::default()),
    );
    let mut a2 = a.clone();
    assert_eq!(a2.merge(other).unwrap_err().code(), "stats.merge_mismatch");
    assert_eq!(
        Aggregator::from_partial_json(
            &good.replace("\"schema_version\":2", "\"schema_version\":3")
        )
        .unwrap_err()
        .code(),
        "stats.format"
    );
}
