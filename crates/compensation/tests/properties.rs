//! The rules stated as laws.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use chrono::{Days, NaiveDate};
use common::{claim, d};
use proptest::prelude::*;
use weiquan_compensation::*;
use weiquan_complaint::Yuan;

fn fen() -> impl Strategy<Value = Yuan> {
    (1u64..100_000_000).prop_map(Yuan::from_fen)
}

fn date_between(a: &str, b: &str) -> impl Strategy<Value = NaiveDate> {
    let (a, b) = (d(a), d(b));
    let n = (b - a).num_days() as u64;
    (0..=n).prop_map(move |k| a + Days::new(k))
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Goods),
        Just(Kind::Food),
        Just(Kind::Drug),
        Just(Kind::WarrantyGoods),
        Just(Kind::FamilyCar),
        Just(Kind::Service),
        Just(Kind::PackageTour),
    ]
}

fn tri() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), Just(Some(true)), Just(Some(false))]
}

/// Any claim with random findings, for laws that hold whatever the facts.
fn any_claim() -> impl Strategy<Value = ClaimDocument> {
    (
        kind(),
        fen(),
        date_between("2008-01-01", "2026-12-31"),
        proptest::option::of(fen()),
        proptest::option::of(fen()),
        (tri(), tri(), tri(), tri(), tri(), tri()),
        (0u64..40, any::<bool>(), proptest::option::of(0u64..20)),
    )
        .prop_map(
            |(kind, price, bought, losses, claimed, (fr, fs, rk, dc, dh, qd), (rd, dist, req))| {
                let mut c = claim(kind, "1", "2020-01-01");
                c.purchase.price_paid = price;
                c.purchase.purchase_date = bought;
                c.purchase.distance_sale = dist;
                c.purchase.receipt_date = Some(bought + Days::new(rd % 5));
                c.request_date = req.map(|r| bought + Days::new(rd + r));
                c.proven_losses = losses;
                c.amount_claimed = claimed;
                c.findings.fraud = fr;
                c.findings.food_standard_violated = fs;
                c.findings.respondent_produced_or_knew = rk;
                c.findings.food_defect = Some(FoodDefect::Substantive);
                c.findings.drug_counterfeit_or_substandard = dc;
                c.findings.knowingly_defective_causing_harm = dh;
                c.findings.quality_defect = qd;
                c.returns.exclusion = Some(ReturnExclusion::None);
                c
            },
        )
}

fn amount_of(a: &Assessment, r: RuleId) -> Option<Amount> {
    a.item(r).map(|i| i.amount)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_below_the_statutory_minimum(price in fen(), losses in proptest::option::of(fen()),
                                         bought in date_between("2019-12-01", "2026-12-31")) {
        let mut c = claim(Kind::Food, "1", "2020-01-01");
        c.purchase.price_paid = price;
        c.purchase.purchase_date = bought;
        c.proven_losses = losses;
        c.findings.fraud = Some(true);
        c.findings.food_standard_violated = Some(true);
        c.findings.respondent_produced_or_knew = Some(true);
        c.findings.food_defect = Some(FoodDefect::Substantive);
        let a = assess(&c, &Policy::default()).unwrap();
        prop_assert!(amount_of(&a, RuleId::CrplFraud).unwrap().min() >= Yuan::from_yuan(500));
        prop_assert!(amount_of(&a, RuleId::FslFood).unwrap().min() >= Yuan::from_yuan(1000));
        c.purchase.kind = Kind::Drug;
        c.findings.drug_counterfeit_or_substandard = Some(true);
        let a = assess(&c, &Policy::default()).unwrap();
        prop_assert!(amount_of(&a, RuleId::DalDrug).unwrap().min() >= Yuan::from_yuan(1000));
    }

    #[test]
    fn ten_times_price_against_three_times_losses_picks_the_larger(price in fen(), losses in fen()) {
        let mut c = claim(Kind::Food, "1", "2025-01-01");
        c.purchase.price_paid = price;
        c.proven_losses = Some(losses);
        c.findings.food_standard_violated = Some(true);
        c.findings.respondent_produced_or_knew = Some(true);
        c.findings.food_defect = Some(FoodDefect::Substantive);
        let a = assess(&c, &Policy::default()).unwrap();
        let expected = price.checked_mul_int(10).unwrap()
            .max(losses.checked_mul_int(3).unwrap())
            .max(Yuan::from_yuan(1000));
        prop_assert_eq!(amount_of(&a, RuleId::FslFood), Some(Amount::Exact(expected)));
    }

    #[test]
    fn monotone_in_the_price(c in any_claim(), extra in fen()) {
        let mut dearer = c.clone();
        dearer.purchase.price_paid = c.purchase.price_paid.checked_add(extra).unwrap();
        let p = Policy::default();
        let (a, b) = (assess(&c, &p).unwrap(), assess(&dearer, &p).unwrap());
        for r in RuleId::ALL {
            if let (Some(x), Some(y)) = (amount_of(&a, *r), amount_of(&b, *r)) {
                if r.rule().citations.iter().any(|c| c.article == Some(13)) || *r == RuleId::PrepaidBalance {
                    continue;
                }
                prop_assert!(x.min() <= y.min() && x.max() <= y.max(), "{:?}: {} > {}", r, x, y);
            }
        }
        prop_assert!(a.total.max() <= b.total.max());
    }

    #[test]
    fn punitive_regimes_are_never_both_proposed(c in any_claim()) {
        let a = assess(&c, &Policy::default()).unwrap();
        prop_assert!(a.proposed().filter(|i| i.kind.is_punitive()).count() <= 1);
        // And the one proposed is the largest offered.
        if let Some(best) = a.proposed().find(|i| i.kind.is_punitive()) {
            for i in a.items.iter().filter(|i| i.kind.is_punitive()) {
                prop_assert!(i.amount.max() <= best.amount.max());
            }
        }
    }

    #[test]
    fn the_claimed_amount_is_respected(c in any_claim()) {
        let a = assess(&c, &Policy::default()).unwrap();
        if let Some(cap) = c.amount_claimed {
            prop_assert!(a.total.max() <= cap);
        }
        prop_assert!(a.total.min() <= a.total.max());
    }

    #[test]
    fn the_version_follows_the_date_of_the_facts(c in any_claim()) {
        let a = assess(&c, &Policy::default()).unwrap();
        let date = c.purchase.purchase_date;
        for r in RuleId::ALL {
            let outcome = a.consideration(*r).unwrap().outcome;
            if !r.rule().in_force_on(date) {
                prop_assert!(matches!(outcome, Outcome::NotInForce | Outcome::NotApplicable),
                    "{:?} on {}: {:?}", r, date, outcome);
            }
            if matches!(outcome, Outcome::Applied | Outcome::Offered) {
                prop_assert!(r.rule().in_force_on(date));
            }
        }
        prop_assert!(!(a.item(RuleId::CrplFraud).is_some() && a.item(RuleId::Crpl1993Fraud).is_some()));
        prop_assert!(!(a.item(RuleId::FslFood).is_some() && a.item(RuleId::Fsl2009Food).is_some()));
    }

    #[test]
    fn seven_day_window_last_day_in_next_day_out(receipt in date_between("2014-03-15", "2026-12-31"),
                                                 extension in any::<bool>()) {
        let mut c = claim(Kind::Goods, "259", "2014-03-15");
        c.purchase.purchase_date = receipt;
        c.purchase.receipt_date = Some(receipt);
        c.purchase.distance_sale = true;
        c.returns.exclusion = Some(ReturnExclusion::None);
        let policy = Policy { holiday_extension: extension, ..Policy::default() };
        c.request_date = Some(receipt + Days::new(7));
        let a = assess(&c, &policy).unwrap();
        prop_assert_eq!(a.remedies[0].status, RemedyStatus::Available);
        let w = a.remedies[0].window.unwrap();
        prop_assert_eq!(w.last_day, receipt + Days::new(7));
        // The official calendar (the default) may move the last day past a rest day; only
        // later, and only when the policy applies Civil Code Art. 203.
        let last = w.effective_last_day();
        prop_assert!(last >= w.last_day);
        if !extension {
            prop_assert_eq!(last, w.last_day);
        }
        c.request_date = Some(last);
        prop_assert_eq!(assess(&c, &policy).unwrap().remedies[0].status, RemedyStatus::Available);
        c.request_date = last.succ_opt();
        let a = assess(&c, &policy).unwrap();
        prop_assert_eq!(a.remedies[0].status, RemedyStatus::Expired);
    }

    #[test]
    fn json_round_trip_and_no_panic(c in any_claim()) {
        let back = ClaimDocument::from_json(&c.to_json()).unwrap();
        prop_assert_eq!(&back, &c);
        let a = assess(&back, &Policy::default()).unwrap();
        let v = serde_json::to_value(&a).unwrap();
        prop_assert_eq!(v["schema_version"].as_u64(), Some(1));
    }

    #[test]
    fn parsing_never_panics(s in "\\PC*") {
        let _ = ClaimDocument::from_json(&s);
    }

    /// Past the JSON parser: a real claim with any one field replaced by an odd value is
    /// either assessed or refused as invalid, every problem at a JSON pointer whose parent is
    /// in the document; valid JSON is never called a syntax error, and nothing panics.
    #[test]
    fn a_claim_with_one_field_replaced_is_assessed_or_refused_at_its_fields(
        c in any_claim(), which in any::<prop::sample::Index>(), odd in 0usize..ODD.len()
    ) {
        let mut doc: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
        let mut leaves = Vec::new();
        leaf_pointers(&doc, String::new(), &mut leaves);
        let target = which.get(&leaves).clone();
        *doc.pointer_mut(&target).unwrap() = serde_json::from_str(ODD[odd]).unwrap();
        match ClaimDocument::from_json(&doc.to_string()) {
            Ok(claim) => {
                let _ = assess(&claim, &Policy::default());
            }
            Err(Error::Invalid(errors)) => {
                prop_assert!(!errors.is_empty());
                for e in &errors.0 {
                    let parent = e.pointer.rsplit_once('/').map_or("", |(p, _)| p);
                    prop_assert!(
                        e.pointer.is_empty() || doc.pointer(parent).is_some(),
                        "{} at {} (replaced {})", e.code, e.pointer, target
                    );
                }
            }
            Err(other) => prop_assert!(false, "replacing {} gave {:?}", target, other),
        }
    }
}

/// Values a form or a careless integration might put anywhere.
const ODD: &[&str] = &[
    "null",
    "-1",
    "0",
    "1e308",
    "\"\"",
    "\"-0.001\"",
    "\"2025-02-30\"",
    "\"９９.５\"",
    "[]",
    "{}",
    "true",
    "\"\\u0000\"",
    "[1, 2]",
    "{\"x\": 1}",
    "12345678901234567890",
];

/// The JSON pointer of every leaf (and of every empty array or object) of a document.
fn leaf_pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                leaf_pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        serde_json::Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaf_pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

#[test]
fn boundary_dates_select_the_versions() {
    let fraud = |date: &str| {
        let mut c = claim(Kind::Goods, "100", date);
        c.findings.fraud = Some(true);
        let a = assess(&c, &Policy::default()).unwrap();
        a.item(RuleId::CrplFraud)
            .or(a.item(RuleId::Crpl1993Fraud))
            .map(|i| (i.rule, i.amount.max()))
    };
    assert_eq!(
        fraud("2014-03-14"),
        Some((RuleId::Crpl1993Fraud, Yuan::from_yuan(100)))
    );
    assert_eq!(
        fraud("2014-03-15"),
        Some((RuleId::CrplFraud, Yuan::from_yuan(500)))
    );
    let food = |date: &str| {
        let mut c = claim(Kind::Food, "10", date);
        c.findings.food_standard_violated = Some(true);
        c.findings.respondent_produced_or_knew = Some(true);
        c.findings.food_defect = Some(FoodDefect::Substantive);
        let a = assess(&c, &Policy::default()).unwrap();
        a.item(RuleId::FslFood)
            .or(a.item(RuleId::Fsl2009Food))
            .map(|i| (i.rule, i.amount.max()))
    };
    assert_eq!(
        food("2015-09-30"),
        Some((RuleId::Fsl2009Food, Yuan::from_yuan(100)))
    );
    assert_eq!(
        food("2015-10-01"),
        Some((RuleId::FslFood, Yuan::from_yuan(1000)))
    );
    let car = |date: &str| {
        let mut c = claim(Kind::FamilyCar, "100000", date);
        c.car.fault_date = Some(d(date));
        c.car.major_assembly_replacement_needed = Some(true);
        let a = assess(&c, &Policy::default()).unwrap();
        a.consideration(RuleId::Car7Days).unwrap().outcome
    };
    assert_eq!(car("2021-12-31"), Outcome::NotInForce);
    assert_eq!(car("2022-01-01"), Outcome::Applied);
    let prepaid = |date: &str| {
        let mut c = claim(Kind::Service, "100", date);
        c.prepaid = Some(PrepaidFacts {
            already_obtained_same: Some(false),
            ..PrepaidFacts::default()
        });
        let a = assess(&c, &Policy::default()).unwrap();
        a.consideration(RuleId::PrepaidCoolingOff).unwrap().outcome
    };
    assert_eq!(prepaid("2025-04-30"), Outcome::NotInForce);
    assert_eq!(prepaid("2025-05-01"), Outcome::Applied);
}

/// Found by the property above: serde_json calls a number where an enum's string is expected
/// a syntax error; the reader must report the field instead.
#[test]
fn a_number_for_an_enum_is_a_field_error_not_a_syntax_error() {
    let text = include_str!("../../../examples/data/claim-food-safety.json")
        .replace("\"food_defect\": \"substantive\"", "\"food_defect\": -1");
    match ClaimDocument::from_json(&text) {
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors.0[0].pointer, "/findings/food_defect", "{errors:?}");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(matches!(
        ClaimDocument::from_json("{\"schema_version\": 1,"),
        Err(Error::Json { .. })
    ));
}
