//! The laws of comparative testing, as property tests:
//! - a sample that meets every limit and every declared value conforms, whatever units the
//!   limit and the result are written in;
//! - a worse item grade never gives a better overall grade, and adding an item graded no
//!   better than the overall never improves it (devaluations included);
//! - weights are normalised: scaling them all leaves every grade as it was, and the overall
//!   stays on the scale.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use weiquan_testing::programme::{
    Better, DeclaredCheck, Devaluation, Direction, Effect, PlanItem, Requirement, Scoring,
    Selector, Tolerance,
};
use weiquan_testing::score::{ItemGrade, overall};
use weiquan_testing::verdict::item_verdict;
use weiquan_testing::{Outcome, Quantity, Rounding, Unit, verdict};

fn plan_item(unit: Unit, requirement: Requirement, check: Option<DeclaredCheck>) -> PlanItem {
    PlanItem {
        id: "x".into(),
        name_zh: "x".into(),
        name_en: "x".into(),
        group: None,
        unit,
        better: Better::Lower,
        clause: None,
        requirement: Some(requirement),
        declared_check: check,
        rounding: None,
        grading: None,
        weight: None,
        fail_grade: None,
    }
}

/// Pairs of units of one dimension: (a unit with factor 1, another).
const PAIRS: [(Unit, Unit); 5] = [
    (Unit::M3PerH, Unit::M3PerMin),
    (Unit::W, Unit::Kw),
    (Unit::Pa, Unit::KPa),
    (Unit::Mm, Unit::M),
    (Unit::Percent, Unit::One),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_sample_that_meets_every_limit_conforms(
        pair in 0usize..PAIRS.len(),
        limit_in_other in any::<bool>(),
        limit in 1i64..1_000_000,
        margin in 0i64..100_000,
        op in 0u8..5,
        tol in 0i64..1000,
        percent in any::<bool>(),
    ) {
        let (base, other) = PAIRS[pair % PAIRS.len()];
        // The limit, written in either unit; the measured value in the base unit.
        let limit_unit = if limit_in_other { other } else { base };
        let limit_q = Quantity { value: Decimal::new(limit, 3), unit: limit_unit };
        let limit_base = limit_unit.to_base(limit_q.value).unwrap();
        let m = Decimal::new(margin, 3);
        let (req, measured) = match op {
            0 => (Requirement::Le { limit: limit_q }, limit_base - m),
            1 => (Requirement::Lt { limit: limit_q }, limit_base - m - Decimal::new(1, 6)),
            2 => (Requirement::Ge { limit: limit_q }, limit_base + m),
            3 => (Requirement::Gt { limit: limit_q }, limit_base + m + Decimal::new(1, 6)),
            _ => {
                let high = Quantity { value: limit_q.value + Decimal::new(margin, 2), unit: limit_unit };
                (Requirement::Within { low: limit_q, high }, limit_base + m / Decimal::TEN)
            }
        };
        // The product declares exactly what was measured, with some tolerance either way.
        let declared = Quantity { value: measured, unit: base };
        let tolerance = if percent { Tolerance::Percent(Decimal::new(tol, 2)) } else { Tolerance::Absolute(Decimal::new(tol, 3)) };
        let check = DeclaredCheck { direction: Direction::Either, tolerance, clause: None };
        let item = plan_item(other, req, Some(check));
        let v = item_verdict(&item, Some(Quantity { value: measured, unit: base }), Some(declared), "/r").unwrap();
        prop_assert_eq!(v.standard, Outcome::Conforms, "{:?}", v);
        prop_assert_eq!(v.against_declared, Outcome::Conforms, "{:?}", v);
        prop_assert_eq!(verdict::conformity(&[v]), weiquan_testing::Conformity::Conforms);
    }

    #[test]
    fn a_value_past_the_limit_fails_in_any_unit(
        pair in 0usize..PAIRS.len(),
        limit in 1i64..1_000_000,
        over in 1i64..100_000,
    ) {
        let (base, other) = PAIRS[pair % PAIRS.len()];
        let limit_q = Quantity { value: Decimal::new(limit, 3), unit: other };
        let measured = other.to_base(limit_q.value).unwrap() + Decimal::new(over, 6);
        let item = plan_item(other, Requirement::Le { limit: limit_q }, None);
        let v = item_verdict(&item, Some(Quantity { value: measured, unit: base }), None, "/r").unwrap();
        prop_assert_eq!(v.standard, Outcome::DoesNotConform);
    }
}

fn grade() -> impl Strategy<Value = Decimal> {
    (10i64..=50).prop_map(|g| Decimal::new(g, 1))
}

fn items() -> impl Strategy<Value = Vec<ItemGrade>> {
    prop::collection::vec((grade(), 1i64..1000, 0usize..3), 1..8).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (g, w, group))| ItemGrade {
                item: format!("i{i}"),
                group: Some(["safety", "claims", "other"][group].into()),
                weight: Decimal::new(w, 1),
                basis: String::new(),
                graded: g,
                grade: g,
            })
            .collect()
    })
}

fn scoring() -> impl Strategy<Value = Scoring> {
    let rule = (0usize..3, grade(), 0u8..3, grade(), 0i64..20).prop_map(
        |(group, worse_than, e, cap, by)| Devaluation {
            id: "r".into(),
            when: Selector::Group(["safety", "claims", "other"][group].into()),
            worse_than,
            effect: match e {
                0 => Effect::Cap(cap),
                1 => Effect::CapAtTrigger,
                _ => Effect::Lower(Decimal::new(by, 1)),
            },
        },
    );
    (prop::collection::vec(rule, 0..4), prop::option::of(0u32..3)).prop_map(|(devaluations, r)| {
        Scoring {
            best: Decimal::ONE,
            worst: Decimal::from(5),
            rounding: r.map(|decimals| Rounding { decimals }),
            devaluations,
            verdict_names: Vec::new(),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn adding_a_weak_grade_never_improves_the_overall(
        s in scoring(),
        items in items(),
        extra in 0i64..=40,
        w in 1i64..1000,
        group in 0usize..3,
    ) {
        let before = overall(&s, "S", items.clone()).unwrap();
        // "Weak": no better than the overall before rounding.
        let g = (before.raw + Decimal::new(extra, 1)).min(Decimal::from(5));
        let mut more = items;
        more.push(ItemGrade {
            item: "new".into(),
            group: Some(["safety", "claims", "other"][group].into()),
            weight: Decimal::new(w, 1),
            basis: String::new(),
            graded: g,
            grade: g,
        });
        let after = overall(&s, "S", more).unwrap();
        prop_assert!(after.raw >= before.raw, "{} < {}", after.raw, before.raw);
        prop_assert!(after.grade >= before.grade);
    }

    #[test]
    fn a_worse_item_grade_never_gives_a_better_overall(
        s in scoring(),
        items in items(),
        which in any::<prop::sample::Index>(),
        worse in 0i64..=40,
    ) {
        let before = overall(&s, "S", items.clone()).unwrap();
        let mut changed = items;
        let i = which.index(changed.len());
        changed[i].grade = (changed[i].grade + Decimal::new(worse, 1)).min(Decimal::from(5));
        let after = overall(&s, "S", changed).unwrap();
        prop_assert!(after.raw >= before.raw);
        prop_assert!(after.grade >= before.grade);
    }

    #[test]
    fn weights_are_normalised(s in scoring(), items in items(), k in 1i64..10_000) {
        let a = overall(&s, "S", items.clone()).unwrap();
        let scaled: Vec<ItemGrade> = items
            .into_iter()
            .map(|mut g| { g.weight *= Decimal::new(k, 2); g })
            .collect();
        let b = overall(&s, "S", scaled).unwrap();
        prop_assert_eq!(a.raw, b.raw);
        prop_assert_eq!(a.grade, b.grade);
        prop_assert!(a.raw >= s.best && a.raw <= s.worst);
        prop_assert!(a.grade >= s.best && a.grade <= s.worst);
    }
}
