//! Disclosure control, each rule as a guarantee: no published count below k; every withheld
//! cell's interval is what an attacker can really deduce (checked by brute force) and as wide
//! as required; the pattern is deterministic; differencing releases reveals nothing; direct
//! identifiers never reach an output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::collections::BTreeMap;

use common::{aggregate, day, generated, keyer, record};
use proptest::prelude::*;
use weiquan_stats::cca::cca_report;
use weiquan_stats::kanon::{KAnonymityConfig, anonymise};
use weiquan_stats::{
    CellKey, CellStatus, DimKind, GroupBy, Ledger, ProtectionRule, RecordOptions, Release,
    StatsRecord, SuppressionRules, TableSpec, Verdict, protect,
};
use weiquan_synth::generate::Generator;

fn spec(by: &str) -> TableSpec {
    TableSpec::new(by.parse().unwrap())
}

fn published_counts_respect_k(release: &Release, k: u64) {
    for t in &release.tables {
        for (key, status) in t.statuses() {
            let m = t.table().get(key).unwrap();
            let n = m.count;
            match status {
                CellStatus::Published => assert!(n == 0 || n >= k, "published {n} < {k}"),
                // Small, or one consumer's money dominates (the p% rule).
                CellStatus::Primary => assert!(n < k || m.money_sensitive(10)),
                CellStatus::Secondary => {}
                CellStatus::Noisy => panic!("no noise here"),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// No published cell — inner or margin — counts fewer than k consumers, and the audit
    /// passes, for random data, groupings and thresholds.
    #[test]
    fn no_published_cell_below_k(seed in 0u64..500, g in 0usize..4, k in 3u64..15) {
        let by = ["region=county,category=top", "channel,problem_nature",
                  "period=quarter,outcome", "category=major"][g];
        let records = generated(seed, 1500, RecordOptions::default());
        let data = aggregate(&GroupBy::with_month(&by.parse().unwrap()).to_string(), &records);
        let rel = protect(&data, &[spec(by)], &SuppressionRules::new(k), None).unwrap();
        published_counts_respect_k(&rel, k);
        prop_assert_eq!(rel.audit.verdict, Verdict::Pass);
        // Every withheld cell's interval is at least k wide.
        for t in &rel.tables {
            for (key, s) in t.statuses() {
                if s.is_withheld() {
                    let i = t.interval(key).unwrap();
                    prop_assert!(i.upper.is_none_or(|u| u - i.lower >= k));
                }
            }
        }
    }

    /// The audit's intervals are exactly the values an attacker can deduce: enumerate every
    /// table of non-negative integers consistent with what is published.
    #[test]
    fn intervals_match_brute_force(counts in proptest::collection::vec(0u64..12, 6), k in 3u64..8) {
        let mut records = Vec::new();
        for (i, n) in counts.iter().enumerate() {
            for _ in 0..*n {
                records.push(record(i / 3, i % 3, day(2025, 7, 1)));
            }
        }
        prop_assume!(!records.is_empty());
        let data = aggregate("channel,problem_nature", &records);
        let rel = protect(&data, &[spec("channel,problem_nature")], &SuppressionRules::new(k), None)
            .unwrap();
        let t = &rel.tables[0];
        let by = t.table().group_by().clone();
        let ranges = brute_force(t);
        for (c, s) in t.statuses() {
            if s.is_withheld() {
                let (lo, hi, bounded) = ranges[&c];
                let audited = t.interval(c).unwrap();
                prop_assert_eq!(audited.lower, lo, "cell {}", by.describe(c));
                if bounded {
                    prop_assert_eq!(audited.upper, Some(hi), "cell {}", by.describe(c));
                    prop_assert!(hi - lo >= k, "cell {} deducible to [{lo}, {hi}]", by.describe(c));
                } else {
                    prop_assert_eq!(audited.upper, None);
                }
            }
        }
    }
}

/// For every withheld cell of a two-way table: the smallest and largest value over all
/// tables of non-negative integers that agree with every published cell, and whether the
/// value is bounded at all.
fn brute_force(t: &weiquan_stats::ReleasedTable) -> BTreeMap<CellKey, (u64, u64, bool)> {
    let by = t.table().group_by().clone();
    let cells: Vec<(CellKey, CellStatus)> = t.statuses().collect();
    let inner: Vec<CellKey> = cells
        .iter()
        .map(|c| c.0)
        .filter(|c| c.is_inner(&by))
        .collect();
    let contains = |outer: CellKey, cell: CellKey| {
        [DimKind::Channel, DimKind::ProblemNature]
            .iter()
            .all(|d| outer.slot(*d) == 0 || outer.slot(*d) == cell.slot(*d))
    };
    let count = |c: CellKey| t.table().get(c).unwrap().count;
    let unknown: Vec<CellKey> = inner
        .iter()
        .copied()
        .filter(|c| t.status(*c).unwrap().is_withheld())
        .collect();
    // Published equations over the unknowns: (members, value minus the published inner cells).
    let eqs: Vec<(Vec<usize>, u64)> = cells
        .iter()
        .filter(|(c, s)| !s.is_withheld() && !c.is_inner(&by))
        .map(|(c, _)| {
            let members: Vec<usize> = (0..unknown.len())
                .filter(|u| contains(*c, unknown[*u]))
                .collect();
            let known: u64 = inner
                .iter()
                .filter(|i| contains(*c, **i) && !t.status(**i).unwrap().is_withheld())
                .map(|i| count(*i))
                .sum();
            (members, count(*c) - known)
        })
        .collect();
    let bound: Vec<Option<u64>> = (0..unknown.len())
        .map(|u| {
            eqs.iter()
                .filter(|(m, _)| m.contains(&u))
                .map(|(_, v)| *v)
                .min()
        })
        .collect();
    let mut ranges: BTreeMap<CellKey, (u64, u64, bool)> = BTreeMap::new();
    let mut assign = vec![0u64; unknown.len()];
    fn dfs(
        u: usize,
        assign: &mut Vec<u64>,
        bound: &[Option<u64>],
        eqs: &[(Vec<usize>, u64)],
        found: &mut dyn FnMut(&[u64]),
    ) {
        if u == assign.len() {
            if eqs
                .iter()
                .all(|(m, v)| m.iter().map(|i| assign[*i]).sum::<u64>() == *v)
            {
                found(assign);
            }
            return;
        }
        // Unbounded cells are tried up to a cap; the check below marks them unbounded.
        let cap = bound[u].unwrap_or(40);
        for x in 0..=cap {
            assign[u] = x;
            let ok = eqs.iter().all(|(m, v)| {
                let partial: u64 = m.iter().filter(|i| **i <= u).map(|i| assign[*i]).sum();
                let last = m.iter().all(|i| *i <= u);
                if last { partial == *v } else { partial <= *v }
            });
            if ok {
                dfs(u + 1, assign, bound, eqs, found);
            }
        }
        assign[u] = 0;
    }
    let mut found = |a: &[u64]| {
        for (c, s) in &cells {
            if s.is_withheld() {
                let v: u64 = inner
                    .iter()
                    .filter(|i| contains(*c, **i))
                    .map(|i| match unknown.iter().position(|x| x == i) {
                        Some(u) => a[u],
                        None => count(*i),
                    })
                    .sum();
                let bounded = unknown
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| contains(*c, **x))
                    .all(|(u, _)| bound[u].is_some());
                let e = ranges.entry(*c).or_insert((v, v, bounded));
                e.0 = e.0.min(v);
                e.1 = e.1.max(v);
            }
        }
    };
    dfs(0, &mut assign, &bound, &eqs, &mut found);
    ranges
}

#[test]
fn the_pattern_is_deterministic_and_independent_of_order() {
    let mut records = generated(21, 3000, RecordOptions::default());
    let by = "region=county,category=top";
    let data = aggregate(
        &GroupBy::with_month(&by.parse().unwrap()).to_string(),
        &records,
    );
    let a = protect(&data, &[spec(by)], &SuppressionRules::new(10), None).unwrap();
    records.reverse();
    let data2 = aggregate(
        &GroupBy::with_month(&by.parse().unwrap()).to_string(),
        &records,
    );
    let b = protect(&data2, &[spec(by)], &SuppressionRules::new(10), None).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    assert!(a.audit.primary > 0 && a.audit.secondary > 0);
}

#[test]
fn a_lone_small_cell_gets_a_partner() {
    // channel 0: 40 and 3, channel 1: 30 and 25: the 3 alone would be total minus the rest.
    let mut records = Vec::new();
    for (c, n, count) in [(0, 0, 40), (0, 1, 3), (1, 0, 30), (1, 1, 25)] {
        for _ in 0..count {
            records.push(record(c, n, day(2025, 7, 1)));
        }
    }
    let data = aggregate("channel,problem_nature", &records);
    let rel = protect(
        &data,
        &[spec("channel,problem_nature")],
        &SuppressionRules::new(10),
        None,
    )
    .unwrap();
    let t = &rel.tables[0];
    let mut withheld: Vec<(String, CellStatus)> = t
        .statuses()
        .filter(|(_, s)| s.is_withheld())
        .map(|(k, s)| (t.table().group_by().describe(k), s))
        .collect();
    withheld.sort();
    // The whole 2×2 is needed: the rows and columns each have two cells.
    assert_eq!(
        withheld,
        vec![
            (
                "channel=hotline_12315 problem_nature=quality".to_owned(),
                CellStatus::Secondary
            ),
            (
                "channel=hotline_12315 problem_nature=safety".to_owned(),
                CellStatus::Primary
            ),
            (
                "channel=web_12315 problem_nature=quality".to_owned(),
                CellStatus::Secondary
            ),
            (
                "channel=web_12315 problem_nature=safety".to_owned(),
                CellStatus::Secondary
            ),
        ]
    );
    let key = t
        .table()
        .group_by()
        .parse_labels([("channel", "hotline_12315"), ("problem_nature", "safety")])
        .unwrap();
    let i = t.interval(key).unwrap();
    // x(0,1) = 3 - t for a shift t: from 3 - min(3, 30) = 0 to 3 + min(40, 25) = 28.
    assert_eq!((i.lower, i.upper), (0, Some(28)));
}

#[test]
fn the_percent_and_covers_small_rules() {
    let records = generated(3, 2000, RecordOptions::default());
    let by = "region=county,category=top";
    let data = aggregate(
        &GroupBy::with_month(&by.parse().unwrap()).to_string(),
        &records,
    );
    for rule in [
        ProtectionRule::CoversSmall,
        ProtectionRule::Width {
            min_width: 12,
            percent: 30,
        },
    ] {
        let rules = SuppressionRules {
            protection: rule,
            ..SuppressionRules::new(10)
        };
        let rel = protect(&data, &[spec(by)], &rules, None).unwrap();
        let t = &rel.tables[0];
        for (key, s) in t.statuses() {
            if s.is_withheld() {
                let i = t.interval(key).unwrap();
                let v = t.table().get(key).unwrap().count;
                assert!(rule.holds(10, v, i.lower, i.upper), "{rule:?} {v} {i:?}");
            }
        }
    }
}

#[test]
fn zeros_can_be_protected() {
    let mut records = Vec::new();
    for (c, n, count) in [
        (0, 0, 40),
        (0, 1, 0),
        (1, 0, 30),
        (1, 1, 25),
        (2, 0, 20),
        (2, 1, 22),
    ] {
        for _ in 0..count {
            records.push(record(c, n, day(2025, 7, 1)));
        }
    }
    let data = aggregate("channel,problem_nature", &records);
    let rules = SuppressionRules {
        protect_zeros: true,
        ..SuppressionRules::new(10)
    };
    let rel = protect(&data, &[spec("channel,problem_nature")], &rules, None).unwrap();
    let t = &rel.tables[0];
    let zero = t
        .table()
        .group_by()
        .parse_labels([("channel", "hotline_12315"), ("problem_nature", "safety")])
        .unwrap();
    assert_eq!(t.status(zero), Some(CellStatus::Primary));
    let i = t.interval(zero).unwrap();
    assert!(i.upper.unwrap() - i.lower >= 10);
    // By default a zero is published.
    let rel = protect(
        &data,
        &[spec("channel,problem_nature")],
        &SuppressionRules::new(10),
        None,
    )
    .unwrap();
    assert_eq!(rel.tables[0].status(zero), Some(CellStatus::Published));
}

/// Channel A has 12 complaints in January–March and 2 in April; B and C are large.
fn differencing_data() -> Vec<StatsRecord> {
    let mut r = Vec::new();
    for (channel, month, n) in [
        (0, 1, 5),
        (0, 2, 4),
        (0, 3, 3),
        (0, 4, 2),
        (1, 1, 20),
        (1, 2, 15),
        (1, 3, 15),
        (1, 4, 40),
        (2, 2, 30),
        (2, 4, 30),
    ] {
        for i in 0..n {
            r.push(record(channel, 0, day(2025, month, 1 + (i % 28))));
        }
    }
    r
}

#[test]
fn differencing_two_releases_is_caught_by_the_ledger() {
    let data = aggregate("period=month,channel", &differencing_data());
    let q1 = TableSpec {
        span: Some("2025-01..2025-03".parse().unwrap()),
        ..spec("channel")
    };
    let ytd = TableSpec {
        span: Some("2025-01..2025-04".parse().unwrap()),
        ..spec("channel")
    };
    let rules = SuppressionRules::new(10);
    let first = protect(&data, &[q1], &rules, None).unwrap();
    let a = first.tables[0]
        .table()
        .group_by()
        .parse_labels([("channel", "hotline_12315")])
        .unwrap();
    assert_eq!(first.tables[0].published_count(a), Some(12));

    // Alone, the year-to-date table publishes 14 for channel A: 14 − 12 = 2 in April.
    let naive = protect(&data, std::slice::from_ref(&ytd), &rules, None).unwrap();
    assert_eq!(naive.tables[0].published_count(a), Some(14));

    // With the ledger, the April group of 2 must stay hidden.
    let mut ledger = Ledger::new();
    ledger.record("2025-Q1", &first).unwrap();
    let ledger = Ledger::from_json(&ledger.to_json().unwrap()).unwrap();
    let second = protect(&data, &[ytd], &rules, Some(&ledger)).unwrap();
    let t = &second.tables[0];
    assert_eq!(t.status(a), Some(CellStatus::Secondary));
    assert_eq!(second.audit.audited_with, vec!["2025-Q1".to_owned()]);
    assert_eq!(second.audit.verdict, Verdict::Pass);
    // What an attacker knows: A(Q1) = 12, C(Q1) = 30, A(YTD) + C(YTD) = 74 → A(April) +
    // C(April) = 32, so A(April) is anywhere from 0 to 32.
    let c = t
        .table()
        .group_by()
        .parse_labels([("channel", "web_12315")])
        .unwrap();
    assert_eq!(t.status(c), Some(CellStatus::Published));
    let withheld: Vec<u64> = t
        .statuses()
        .filter(|(_, s)| s.is_withheld())
        .map(|(k, _)| t.table().get(k).unwrap().count)
        .collect();
    assert_eq!(withheld.iter().sum::<u64>(), 74);
}

#[test]
fn revised_data_is_refused() {
    let data = aggregate("period=month,channel", &differencing_data());
    let q1 = TableSpec {
        span: Some("2025-01..2025-03".parse().unwrap()),
        ..spec("channel")
    };
    let first = protect(
        &data,
        std::slice::from_ref(&q1),
        &SuppressionRules::new(10),
        None,
    )
    .unwrap();
    let mut ledger = Ledger::new();
    ledger.record("2025-Q1", &first).unwrap();
    assert_eq!(
        ledger.record("2025-Q1", &first).unwrap_err().code(),
        "stats.parameter"
    );
    let mut changed = differencing_data();
    changed.push(record(1, 0, day(2025, 2, 3)));
    let data2 = aggregate("period=month,channel", &changed);
    let err = protect(&data2, &[q1], &SuppressionRules::new(10), Some(&ledger)).unwrap_err();
    assert_eq!(err.code(), "ledger.revised");
}

#[test]
fn the_cca_report_adds_up() {
    let records = generated(12, 4000, RecordOptions::default());
    let data = aggregate("period=month,problem_nature,category=major", &records);
    let report = cca_report(&data, None, &SuppressionRules::new(10), None).unwrap();
    assert_eq!(report.by_problem_nature.total.count, Some(4000));
    let goods = report.goods.total.count.unwrap();
    let services = report.services.total.count.unwrap();
    let other = report.other.count.unwrap();
    assert_eq!(goods + services + other, 4000);
    let published: u64 = report.goods.rows.iter().filter_map(|r| r.count).sum();
    assert!(published <= goods);
    for r in &report.goods.rows {
        if let Some(n) = r.count {
            let share = weiquan_stats::share_pct(n, goods, 2).unwrap();
            assert_eq!(r.share_pct.as_deref(), Some(share.as_str()));
            assert!(n == 0 || n >= 10);
        } else {
            assert!(r.status.is_withheld() && r.share_pct.is_none());
        }
    }
    let resolved: u64 = records
        .iter()
        .filter(|r| {
            r.outcome
                .is_some_and(|o| o.state == weiquan_stats::OutcomeState::Resolved)
        })
        .count() as u64;
    assert_eq!(report.by_problem_nature.total.resolved, Some(resolved));
    assert!(report.to_csv().starts_with("section,code,name_zh,"));
}

#[test]
fn direct_identifiers_never_reach_an_output() {
    let complaints: Vec<_> = Generator::new(31).take(600).collect();
    let k = keyer();
    let opts = RecordOptions {
        business: true,
        keyer: Some(&k),
        age: true,
    };
    let records: Vec<StatsRecord> = complaints
        .iter()
        .map(|c| StatsRecord::from_complaint(c, None, opts))
        .collect();
    let mut outputs = Vec::new();
    let data = aggregate(
        "period=month,region=county,category=major,problem_nature",
        &records,
    );
    outputs.push(data.to_partial_json());
    let rel = protect(
        &data,
        &[spec("region=county,category=top"), spec("problem_nature")],
        &SuppressionRules::new(5),
        None,
    )
    .unwrap();
    outputs.push(rel.to_json().unwrap());
    outputs.push(rel.to_csv().unwrap());
    let mut ledger = Ledger::new();
    ledger.record("r1", &rel).unwrap();
    outputs.push(ledger.to_json().unwrap());
    let cca = cca_report(&data, None, &SuppressionRules::new(5), None).unwrap();
    outputs.push(serde_json::to_string(&cca).unwrap());
    let micro = anonymise(&records, &KAnonymityConfig::default()).unwrap();
    outputs.push(serde_json::to_string(&micro).unwrap());
    let mut weekly = weiquan_stats::alerts::WeeklyCounts::new();
    for r in &records {
        weekly.add(r);
    }
    let alerts = weekly
        .alerts(&weiquan_stats::alerts::AlertConfig::default())
        .unwrap();
    outputs.push(serde_json::to_string(&alerts.alerts).unwrap());
    let all = outputs.join("\n");
    for c in &complaints {
        let mut secrets = vec![
            c.id.clone(),
            c.consumer.name.clone(),
            c.consumer.mobile.to_string(),
            c.consumer.address.clone(),
        ];
        if let Some(id) = &c.consumer.resident_id {
            secrets.push(id.to_string());
            // Not even the birth date.
            secrets.push(id.birth_date().format("%Y%m%d").to_string());
        }
        for s in secrets {
            assert!(!all.contains(&s), "{s:?} leaked");
        }
    }
    // No output has a field for a consumer's identifier.
    for key in [
        "\"consumer\"",
        "\"resident_id\"",
        "\"mobile\"",
        "\"address\"",
        "\"description\"",
    ] {
        assert!(!all.contains(key), "{key} in an output");
    }
    for (pointer, class) in weiquan_complaint::FIELD_CLASSES {
        if *class == weiquan_complaint::FieldClass::DirectIdentifier {
            let field = pointer.rsplit('/').next().unwrap();
            if field != "name" && field != "id" {
                assert!(!all.contains(&format!("\"{field}\"")), "{field}");
            }
        }
    }
}
