//! Disclosure control, each rule as a guarantee: no published count below k; every withheld
//! cell's interval as wide as required (checked against a brute-force oracle and an integer
//! program in `audit_oracle.rs`); the pattern is deterministic; differencing releases reveals nothing; direct
//! identifiers never reach an output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{aggregate, day, generated, keyer, record};
use proptest::prelude::*;
use weiquan_stats::cca::cca_report;
use weiquan_stats::kanon::{KAnonymityConfig, anonymise};
use weiquan_stats::{
    CellStatus, GroupBy, Ledger, ProtectionRule, RecordOptions, Release, StatsRecord,
    SuppressionRules, TableSpec, Verdict, WithheldReason, protect,
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
                CellStatus::Withheld => match t.reason(key).unwrap() {
                    // Small, or one consumer's money dominates (the p% rule).
                    WithheldReason::Primary => assert!(n < k || m.money_sensitive(10)),
                    WithheldReason::Secondary => {}
                },
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
        // Every withheld cell's interval is at least k wide and, for a small cell, reaches its
        // pattern floor (zeros are published: every withheld inner cell is at least 1).
        for t in &rel.tables {
            for (key, s) in t.statuses() {
                if s.is_withheld() {
                    let i = t.interval(key).unwrap();
                    let v = t.table().get(key).unwrap().count;
                    prop_assert!(i.upper.is_none_or(|u| u - i.lower >= k));
                    prop_assert!(v >= k || i.lower <= t.pattern_floor(key));
                }
            }
        }
    }
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
    // Everything but the audit's running time.
    assert_eq!((&a.tables, &a.audit), (&b.tables, &b.audit));
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    let report = a.audit_report();
    assert!(report.primary > 0 && report.secondary > 0);
    assert_eq!(a.audit.withheld, report.primary + report.secondary);
    // The published document says nothing of the reasons.
    let json = a.to_json().unwrap();
    let csv = a.to_csv().unwrap();
    for text in [&json, &csv] {
        assert!(!text.contains("primary") && !text.contains("secondary"));
        assert!(!text.contains("interval") && !text.contains("small_groups"));
    }
    assert!(
        a.audit_report_json()
            .unwrap()
            .contains("NOT FOR PUBLICATION")
    );
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
    let mut withheld: Vec<(String, WithheldReason)> = t
        .statuses()
        .filter(|(_, s)| s.is_withheld())
        .map(|(k, _)| (t.table().group_by().describe(k), t.reason(k).unwrap()))
        .collect();
    withheld.sort();
    // The whole 2×2 is needed: the rows and columns each have two cells.
    assert_eq!(
        withheld,
        vec![
            (
                "channel=hotline_12315 problem_nature=quality".to_owned(),
                WithheldReason::Secondary
            ),
            (
                "channel=hotline_12315 problem_nature=safety".to_owned(),
                WithheldReason::Primary
            ),
            (
                "channel=web_12315 problem_nature=quality".to_owned(),
                WithheldReason::Secondary
            ),
            (
                "channel=web_12315 problem_nature=safety".to_owned(),
                WithheldReason::Secondary
            ),
        ]
    );
    let key = t
        .table()
        .group_by()
        .parse_labels([("channel", "hotline_12315"), ("problem_nature", "safety")])
        .unwrap();
    let i = t.interval(key).unwrap();
    // x(0,1) = 3 - t for a shift t, every withheld cell at least 1 (zeros are published):
    // from 3 - min(3 - 1, 30 - 1) = 1 to 3 + min(40 - 1, 25 - 1) = 27.
    assert_eq!((i.lower, i.upper), (1, Some(27)));
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
                let floor = t.pattern_floor(key);
                assert!(
                    rule.holds(10, v, i.lower, i.upper, floor),
                    "{rule:?} {v} {i:?}"
                );
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
    assert_eq!(t.status(zero), Some(CellStatus::Withheld));
    assert_eq!(t.reason(zero), Some(WithheldReason::Primary));
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
    assert_eq!(t.status(a), Some(CellStatus::Withheld));
    assert_eq!(t.reason(a), Some(WithheldReason::Secondary));
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
