//! The audit against independent oracles, from what is published only (the attacker's view):
//!
//! - small tables: every table of non-negative integers consistent with everything published
//!   — the published cells of this release and of the earlier one, and that a withheld cell
//!   is at least 1 when zeros are published — is enumerated; each withheld cell's true
//!   interval must satisfy the protection rule and contain the interval the audit certified;
//! - larger tables (two and three dimensions): each withheld cell's interval is found by an
//!   integer program (HiGHS with integrality) over the published cells; it must satisfy the
//!   rule and contain the audit's certified interval.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use std::collections::BTreeMap;

use common::{aggregate, day, generated, record};
use highs::{HighsModelStatus, RowProblem, Sense};
use proptest::prelude::*;
use weiquan_stats::{
    CellKey, GroupBy, Ledger, ProtectionRule, RecordOptions, Release, ReleasedTable,
    SuppressionRules, TableSpec, protect,
};

/// What one release published of a table: every cell's published count (`None`: withheld)
/// and the floor of its withheld cells.
struct View {
    cells: BTreeMap<CellKey, Option<u64>>,
    floor: u64,
}

fn view(t: &ReleasedTable, rules: &SuppressionRules) -> View {
    View {
        cells: t
            .statuses()
            .map(|(k, _)| (k, t.published_count(k)))
            .collect(),
        floor: rules.withheld_floor(),
    }
}

/// What a view's pattern alone says of a cell's smallest value: its published inner cells
/// plus the floor for each withheld one.
fn pattern_floor(by: &GroupBy, v: &View, c: CellKey) -> u64 {
    v.cells
        .iter()
        .filter(|(i, _)| i.is_inner(by) && contains(by, c, **i))
        .map(|(_, n)| n.unwrap_or(v.floor))
        .sum()
}

/// Whether `outer` (a cell or margin) contains the inner cell `inner`.
fn contains(by: &GroupBy, outer: CellKey, inner: CellKey) -> bool {
    by.dims()
        .iter()
        .all(|d| outer.slot(d.kind()) == 0 || outer.slot(d.kind()) == inner.slot(d.kind()))
}

/// The true integer interval `(lo, hi, bounded)` of every cell withheld in some view, by
/// enumerating every inner table consistent with all the views.
fn brute_force(by: &GroupBy, views: &[View]) -> Option<BTreeMap<CellKey, (u64, u64, bool)>> {
    let all: Vec<CellKey> = views[0].cells.keys().copied().collect();
    let inner: Vec<CellKey> = all.iter().copied().filter(|c| c.is_inner(by)).collect();
    // An inner cell published by any view is known; the others are unknowns.
    let known: BTreeMap<CellKey, u64> = inner
        .iter()
        .filter_map(|c| views.iter().find_map(|v| v.cells[c]).map(|n| (*c, n)))
        .collect();
    let unknown: Vec<CellKey> = inner
        .iter()
        .copied()
        .filter(|c| !known.contains_key(c))
        .collect();
    let members = |c: CellKey| -> (Vec<usize>, u64) {
        let m = (0..unknown.len())
            .filter(|u| contains(by, c, unknown[*u]))
            .collect();
        let fixed = known
            .iter()
            .filter(|(i, _)| contains(by, c, **i))
            .map(|(_, n)| *n)
            .sum();
        (m, fixed)
    };
    // Equations (published cells) and lower bounds (withheld cells) over the unknowns.
    let mut eqs: Vec<(Vec<usize>, u64)> = Vec::new();
    let mut geqs: Vec<(Vec<usize>, u64)> = Vec::new();
    for v in views {
        for (c, n) in &v.cells {
            let (m, fixed) = members(*c);
            match n {
                Some(n) => eqs.push((m, n - fixed)),
                None => geqs.push((m, v.floor.saturating_sub(fixed))),
            }
        }
    }
    let cap: Vec<Option<u64>> = (0..unknown.len())
        .map(|u| {
            eqs.iter()
                .filter(|(m, _)| m.contains(&u))
                .map(|(_, v)| *v)
                .min()
        })
        .collect();
    // Keep the enumeration small: a case whose search space is too large is skipped.
    let space: f64 = cap.iter().map(|c| c.unwrap_or(40) as f64 + 1.0).product();
    if space > 2e7 {
        return None;
    }
    let withheld: Vec<CellKey> = all
        .iter()
        .copied()
        .filter(|c| views.iter().any(|v| v.cells[c].is_none()))
        .collect();
    let mut ranges: BTreeMap<CellKey, (u64, u64, bool)> = BTreeMap::new();
    let mut x = vec![0u64; unknown.len()];
    #[allow(clippy::too_many_arguments, reason = "a recursive enumeration's state")]
    fn dfs(
        u: usize,
        x: &mut Vec<u64>,
        cap: &[Option<u64>],
        eqs: &[(Vec<usize>, u64)],
        geqs: &[(Vec<usize>, u64)],
        found: &mut dyn FnMut(&[u64]),
    ) {
        if u == x.len() {
            let sum = |m: &[usize]| m.iter().map(|i| x[*i]).sum::<u64>();
            if eqs.iter().all(|(m, v)| sum(m) == *v) && geqs.iter().all(|(m, v)| sum(m) >= *v) {
                found(x);
            }
            return;
        }
        // An unknown in no equation is tried up to 40; reaching it marks it unbounded.
        for value in 0..=cap[u].unwrap_or(40) {
            x[u] = value;
            let ok = eqs.iter().all(|(m, v)| {
                let partial: u64 = m.iter().filter(|i| **i <= u).map(|i| x[*i]).sum();
                if m.iter().all(|i| *i <= u) {
                    partial == *v
                } else {
                    partial <= *v
                }
            });
            if ok {
                dfs(u + 1, x, cap, eqs, geqs, found);
            }
        }
        x[u] = 0;
    }
    let targets: Vec<(CellKey, Vec<usize>, u64, bool)> = withheld
        .iter()
        .map(|c| {
            let (m, fixed) = members(*c);
            let bounded = m.iter().all(|u| cap[*u].is_some());
            (*c, m, fixed, bounded)
        })
        .collect();
    let mut found = |a: &[u64]| {
        for (c, m, fixed, bounded) in &targets {
            let value = fixed + m.iter().map(|i| a[*i]).sum::<u64>();
            let e = ranges.entry(*c).or_insert((value, value, *bounded));
            e.0 = e.0.min(value);
            e.1 = e.1.max(value);
        }
    };
    dfs(0, &mut x, &cap, &eqs, &geqs, &mut found);
    Some(ranges)
}

fn grid_records(counts: &[u64], cols: usize) -> Vec<weiquan_stats::StatsRecord> {
    let mut records = Vec::new();
    for (i, n) in counts.iter().enumerate() {
        for _ in 0..*n {
            records.push(record(i / cols, i % cols, day(2025, 7, 1)));
        }
    }
    records
}

fn rules_of(k: u64, zeros: bool, covers: bool) -> SuppressionRules {
    SuppressionRules {
        protect_zeros: zeros,
        protection: if covers {
            ProtectionRule::CoversSmall
        } else {
            ProtectionRule::Width {
                min_width: k,
                percent: 0,
            }
        },
        ..SuppressionRules::new(k)
    }
}

/// Every withheld cell of `rel` (and of the earlier views) is protected on its true interval,
/// and the audit's certified interval lies inside it.
fn check_against_oracle(
    rel: &Release,
    rules: &SuppressionRules,
    earlier: Vec<View>,
) -> Result<(), TestCaseError> {
    let t = &rel.tables[0];
    let by = t.table().group_by().clone();
    let mut views = earlier;
    views.push(view(t, rules));
    let Some(ranges) = brute_force(&by, &views) else {
        return Err(TestCaseError::reject("search space too large"));
    };
    for (c, (lo, hi, bounded)) in &ranges {
        let truth = t.table().get(*c).unwrap().count;
        let upper = bounded.then_some(*hi);
        // The pattern floor of the latest view that withheld it.
        let v = views.iter().rev().find(|v| v.cells[c].is_none()).unwrap();
        prop_assert!(
            rules
                .protection
                .holds(rules.k, truth, *lo, upper, pattern_floor(&by, v, *c)),
            "cell {} = {truth} deducible to [{lo}, {upper:?}] under {rules:?}",
            by.describe(*c)
        );
        if t.published_count(*c).is_none() {
            // The audit's certified interval lies inside the true one (it stops searching
            // once certified tables show the rule holds), and itself satisfies the rule.
            let a = t.interval(*c).unwrap();
            prop_assert!(
                *lo <= a.lower && a.lower <= truth && truth <= a.upper.unwrap_or(u64::MAX),
                "cell {}: audit [{}, {:?}] outside [{lo}, {upper:?}]",
                by.describe(*c),
                a.lower,
                a.upper
            );
            prop_assert!(upper.is_none_or(|h| a.upper.is_some_and(|u| u <= h)));
            prop_assert!(rules.protection.holds(
                rules.k,
                truth,
                a.lower,
                a.upper,
                pattern_floor(&by, v, *c)
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// One release of a small table: the true intervals satisfy the rule and are what the
    /// audit certified, with zeros published or protected, under either rule.
    #[test]
    fn one_release_matches_the_oracle(
        rows in 2usize..4,
        counts in proptest::collection::vec(0u64..7, 9),
        k in 3u64..8,
        zeros: bool,
        covers: bool,
    ) {
        let counts = &counts[..rows * 3];
        let records = grid_records(counts, 3);
        prop_assume!(!records.is_empty());
        let data = aggregate("channel,problem_nature", &records);
        let rules = rules_of(k, zeros, covers);
        let spec = TableSpec::new("channel,problem_nature".parse().unwrap());
        let rel = protect(&data, &[spec], &rules, None).unwrap();
        check_against_oracle(&rel, &rules, Vec::new())?;
    }

    /// The same table published twice with different thresholds (the second audited with
    /// the first through the ledger): the two suppression patterns together disclose
    /// nothing, or the second release is refused.
    #[test]
    fn two_releases_of_the_same_table_are_audited_together(
        counts in proptest::collection::vec(0u64..10, 6),
        k1 in 3u64..8,
        k2 in 3u64..8,
        zeros: bool,
    ) {
        let records = grid_records(&counts, 3);
        prop_assume!(!records.is_empty());
        // A ledger needs the data by month (all of it in one month here).
        let data = aggregate("period=month,channel,problem_nature", &records);
        let spec = TableSpec::new("channel,problem_nature".parse().unwrap());
        let (r1, r2) = (rules_of(k1, zeros, false), rules_of(k2, zeros, false));
        let first = protect(&data, std::slice::from_ref(&spec), &r1, None).unwrap();
        let mut ledger = Ledger::new();
        ledger.record("first", &first).unwrap();
        match protect(&data, &[spec], &r2, Some(&ledger)) {
            Ok(second) => {
                let earlier = vec![view(&first.tables[0], &r1)];
                // Under the stricter of the two rules (the first's cells keep their own k).
                check_against_oracle(&second, &r2, earlier)?;
            }
            Err(e) => prop_assert_eq!(e.code(), "suppress.unprotectable"),
        }
    }
}

/// The attacker's integer interval of every withheld cell, from the published table only
/// (HiGHS with integrality): unknowns are the withheld inner cells.
fn mip_intervals(t: &ReleasedTable, floor: u64) -> BTreeMap<CellKey, (u64, Option<u64>)> {
    let by = t.table().group_by().clone();
    let cells: Vec<(CellKey, Option<u64>)> = t
        .statuses()
        .map(|(k, _)| (k, t.published_count(k)))
        .collect();
    let unknown: Vec<CellKey> = cells
        .iter()
        .filter(|(k, n)| n.is_none() && k.is_inner(&by))
        .map(|(k, _)| *k)
        .collect();
    let solve = |target: CellKey, sense: Sense| -> Option<f64> {
        let mut p = RowProblem::default();
        let cols: Vec<_> = unknown
            .iter()
            .map(|u| p.add_integer_column(if contains(&by, target, *u) { 1.0 } else { 0.0 }, 0.0..))
            .collect();
        for (c, n) in &cells {
            let (m, fixed): (Vec<_>, u64) = {
                let m = unknown
                    .iter()
                    .zip(&cols)
                    .filter(|(u, _)| contains(&by, *c, **u))
                    .map(|(_, col)| (*col, 1.0))
                    .collect();
                let fixed = cells
                    .iter()
                    .filter(|(i, v)| i.is_inner(&by) && v.is_some() && contains(&by, *c, *i))
                    .map(|(_, v)| v.unwrap())
                    .sum();
                (m, fixed)
            };
            match n {
                Some(n) => {
                    let r = (n - fixed) as f64;
                    p.add_row(r..=r, m);
                }
                None => {
                    let r = floor.saturating_sub(fixed) as f64;
                    p.add_row(r.., m);
                }
            }
        }
        let mut model = p.optimise(sense);
        model.make_quiet();
        model.set_option("mip_rel_gap", 0.0);
        let solved = model.solve();
        match solved.status() {
            HighsModelStatus::Optimal => Some(solved.objective_value()),
            HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => None,
            s => panic!("integer program: {s:?}"),
        }
    };
    let fixed_of = |c: CellKey| -> u64 {
        cells
            .iter()
            .filter(|(i, v)| i.is_inner(&by) && v.is_some() && contains(&by, c, *i))
            .map(|(_, v)| v.unwrap())
            .sum()
    };
    cells
        .iter()
        .filter(|(_, n)| n.is_none())
        .map(|(c, _)| {
            let f = fixed_of(*c);
            let lo = solve(*c, Sense::Minimise).unwrap().round() as u64 + f;
            let hi = solve(*c, Sense::Maximise).map(|v| v.round() as u64 + f);
            (*c, (lo, hi))
        })
        .collect()
}

fn check_with_mip(by: &str, seed: u64, n: usize, rules: SuppressionRules) {
    let records = generated(seed, n, RecordOptions::default());
    let data = aggregate(by, &records);
    let rel = protect(&data, &[TableSpec::new(by.parse().unwrap())], &rules, None).unwrap();
    let t = &rel.tables[0];
    let intervals = mip_intervals(t, rules.withheld_floor());
    let v = view(t, &rules);
    let by_ = t.table().group_by().clone();
    assert!(!intervals.is_empty(), "nothing withheld in {by}");
    for (c, (lo, hi)) in intervals {
        let truth = t.table().get(c).unwrap().count;
        assert!(
            rules
                .protection
                .holds(rules.k, truth, lo, hi, pattern_floor(&by_, &v, c)),
            "{by}: cell {} = {truth} deducible to [{lo}, {hi:?}]",
            t.table().group_by().describe(c)
        );
        // The audit's certified interval lies inside the attacker's.
        let a = t.interval(c).unwrap();
        assert!(lo <= a.lower && a.upper.is_none_or(|u| hi.is_none_or(|h| u <= h)));
        if let (Some(h), Some(u)) = (hi, a.upper) {
            assert!(lo <= truth && truth <= h && a.lower <= truth && truth <= u);
        }
    }
}

#[test]
fn two_way_tables_hold_under_the_integer_program() {
    check_with_mip(
        "region=county,category=top",
        3,
        3000,
        SuppressionRules::new(10),
    );
    check_with_mip(
        "channel,category=major",
        4,
        2500,
        SuppressionRules {
            protect_zeros: true,
            ..SuppressionRules::new(10)
        },
    );
}

#[test]
fn three_way_tables_hold_under_the_integer_program() {
    // Three dimensions: the constraint matrix is not totally unimodular, so the integer
    // interval can be narrower than the LP's; the audit certifies integer tables.
    check_with_mip(
        "channel,problem_nature,category=top",
        5,
        2500,
        SuppressionRules::new(5),
    );
}
