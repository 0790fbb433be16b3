//! The rules, one by one, with exact values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{claim, d, y};
use rust_decimal::Decimal;
use weiquan_compensation::*;

/// The rules one by one, without a calendar: every window is the calendar-day count, so the
/// exact last days here do not depend on the year's holidays. `assess` with the official
/// calendar (the default) is tested by the shared vectors (`tests/vectors.rs`).
fn run(c: &ClaimDocument) -> Assessment {
    assess_with(c, &Policy::default(), &NoCalendar).unwrap()
}

fn texts(i: &Item) -> Vec<String> {
    i.steps.iter().map(|s| s.calc.to_string()).collect()
}

fn outcome(a: &Assessment, r: RuleId) -> (Outcome, Reason) {
    let c = a.consideration(r).unwrap();
    (c.outcome, c.reason)
}

fn missing(a: &Assessment, r: RuleId) -> Vec<&'static str> {
    a.consideration(r)
        .unwrap()
        .missing
        .iter()
        .map(|f| f.pointer())
        .collect()
}

// ---- CRPL fraud ---------------------------------------------------------------------------

#[test]
fn fraud_is_three_times_the_price_with_its_minimum() {
    let mut c = claim(Kind::Goods, "1299", "2025-03-02");
    c.findings.fraud = Some(true);
    let a = run(&c);
    let f = a.item(RuleId::CrplFraud).unwrap();
    assert_eq!(f.amount, Amount::Exact(y("3897")));
    assert_eq!(
        texts(f),
        [
            "3 × 1,299.00 = 3,897.00",
            "max(3,897.00, 500.00) = 3,897.00"
        ]
    );
    assert_eq!(f.steps[0].parameter, Some(ParamId::CrplFraudMultiplier));
    assert_eq!(a.total, Amount::Exact(y("5196")));
    assert_eq!(
        a.summary_en(),
        "Proposed total: 5,196.00 yuan (refund of the price paid 1,299.00; additional compensation for fraud 3,897.00)."
    );

    c.purchase.price_paid = y("99.90");
    let a = run(&c);
    let f = a.item(RuleId::CrplFraud).unwrap();
    assert_eq!(
        texts(f),
        ["3 × 99.90 = 299.70", "max(299.70, 500.00) = 500.00"]
    );
    assert_eq!(f.amount, Amount::Exact(y("500")));
}

#[test]
fn fraud_before_2014_03_15_is_one_times_the_price_without_minimum() {
    let mut c = claim(Kind::FamilyCar, "138000", "2014-03-14");
    c.findings.fraud = Some(true);
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::CrplFraud),
        (Outcome::NotInForce, Reason::NotInForce)
    );
    let f = a.item(RuleId::Crpl1993Fraud).unwrap();
    assert_eq!(texts(f), ["1 × 138,000.00 = 138,000.00"]);

    let mut small = claim(Kind::Goods, "20", "2007-02-28");
    small.findings.fraud = Some(true);
    let a = run(&small);
    assert_eq!(
        a.item(RuleId::Crpl1993Fraud).unwrap().amount,
        Amount::Exact(y("20"))
    );

    c.purchase.purchase_date = d("2014-03-15");
    let a = run(&c);
    assert_eq!(outcome(&a, RuleId::Crpl1993Fraud).0, Outcome::NotInForce);
    assert_eq!(
        a.item(RuleId::CrplFraud).unwrap().amount,
        Amount::Exact(y("414000"))
    );
}

#[test]
fn fraud_unknown_is_reported_missing_not_assumed_false() {
    let c = claim(Kind::Goods, "1299", "2025-03-02");
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::CrplFraud),
        (Outcome::MissingFacts, Reason::Missing)
    );
    assert_eq!(missing(&a, RuleId::CrplFraud), ["/findings/fraud"]);
    assert!(a.flags.contains(Flag::MissingFacts));
    let mut no = c.clone();
    no.findings.fraud = Some(false);
    assert_eq!(
        outcome(&run(&no), RuleId::CrplFraud),
        (Outcome::NotApplicable, Reason::NoFraud)
    );
}

#[test]
fn fabricated_claims_get_no_punitive_damages() {
    let mut c = claim(Kind::Goods, "1299", "2025-03-02");
    c.findings.fraud = Some(true);
    c.findings.claimant_fabricated = true;
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::CrplFraud),
        (Outcome::NotApplicable, Reason::Fabricated)
    );
    assert!(a.flags.contains(Flag::UnverifiedRule));
    let lenient = Policy {
        fabricated_claim_bars_fraud: false,
        ..Policy::default()
    };
    assert!(
        assess(&c, &lenient)
            .unwrap()
            .item(RuleId::CrplFraud)
            .is_some()
    );
}

// ---- CRPL Art. 55(2) ----------------------------------------------------------------------

#[test]
fn defect_harm_is_a_range_up_to_twice_the_losses() {
    let mut c = claim(Kind::Goods, "3000", "2024-05-01");
    c.findings.knowingly_defective_causing_harm = Some(true);
    let a = run(&c);
    assert_eq!(missing(&a, RuleId::CrplDefectHarm), ["/proven_losses"]);
    c.proven_losses = Some(y("52000.50"));
    let a = run(&c);
    let i = a.item(RuleId::CrplDefectHarm).unwrap();
    assert_eq!(
        i.amount,
        Amount::Range {
            min: y("0"),
            max: y("104001")
        }
    );
    assert_eq!(texts(i), ["2 × 52,000.50 = 104,001.00"]);
    assert!(i.notes.contains(Note::RangeForCourt));
    assert_eq!(
        a.total,
        Amount::Range {
            min: y("52000.50"),
            max: y("156001.50")
        }
    );
}

// ---- Food ---------------------------------------------------------------------------------

fn bad_food(price: &str, bought: &str) -> ClaimDocument {
    let mut c = claim(Kind::Food, price, bought);
    c.findings.food_standard_violated = Some(true);
    c.findings.respondent_produced_or_knew = Some(true);
    c.findings.food_defect = Some(FoodDefect::Substantive);
    c
}

#[test]
fn food_is_ten_times_the_price_or_three_times_the_losses_at_least_1000() {
    let mut c = bad_food("58", "2025-01-20");
    let a = run(&c);
    let f = a.item(RuleId::FslFood).unwrap();
    assert_eq!(
        texts(f),
        ["10 × 58.00 = 580.00", "max(580.00, 1,000.00) = 1,000.00"]
    );
    assert!(f.notes.contains(Note::LossOptionNotComputed));
    c.proven_losses = Some(y("2400"));
    let a = run(&c);
    let f = a.item(RuleId::FslFood).unwrap();
    assert_eq!(
        texts(f),
        [
            "10 × 58.00 = 580.00",
            "3 × 2,400.00 = 7,200.00",
            "max(580.00, 7,200.00) = 7,200.00",
            "max(7,200.00, 1,000.00) = 7,200.00"
        ]
    );
    assert!(a.flags.contains(Flag::ConsumerElects));
    assert_eq!(a.total, Amount::Exact(y("9658"))); // 58 refund + 7,200 + 2,400 losses
}

#[test]
fn food_label_safe_harbours_give_no_punitive_damages() {
    let mut c = bad_food("300", "2025-01-20");
    c.findings.food_defect = Some(FoodDefect::LabelOnly);
    let a = run(&c);
    assert_eq!(missing(&a, RuleId::FslFood), ["/findings/label_flaw"]);
    for flaw in [
        LabelFlaw::FontOrSize,
        LabelFlaw::TypoOrTranslation,
        LabelFlaw::FormatOrNutritionTable,
        LabelFlaw::StorageNotNeeded,
        LabelFlaw::OtherHarmless,
    ] {
        c.findings.label_flaw = Some(flaw);
        let a = run(&c);
        assert_eq!(
            outcome(&a, RuleId::FslFood),
            (Outcome::NotApplicable, Reason::LabelSafeHarbour)
        );
        assert!(a.flags.contains(Flag::SpcFoodInterpretation));
    }
    for flaw in [
        LabelFlaw::MandatoryItemMissing,
        LabelFlaw::DeliberateMislabel,
        LabelFlaw::MisleadingAboutSafety,
    ] {
        c.findings.label_flaw = Some(flaw);
        let a = run(&c);
        assert_eq!(
            a.item(RuleId::FslFood).unwrap().amount,
            Amount::Exact(y("3000"))
        );
    }
}

#[test]
fn a_knowing_buyer_is_limited_to_the_reasonable_quantity() {
    let mut c = bad_food("1000", "2025-01-20");
    c.purchase.quantity = 20;
    c.findings.buyer_knew = true;
    let a = run(&c);
    assert_eq!(
        missing(&a, RuleId::FslFood),
        ["/findings/reasonable_quantity"]
    );
    c.findings.reasonable_quantity = Some(3);
    let a = run(&c);
    let f = a.item(RuleId::FslFood).unwrap();
    assert_eq!(
        texts(f),
        [
            "1,000.00 × 3 ÷ 20 = 150.00",
            "10 × 150.00 = 1,500.00",
            "max(1,500.00, 1,000.00) = 1,500.00"
        ]
    );
    assert!(f.notes.contains(Note::ReasonableQuantity));
}

#[test]
fn food_versions_switch_on_2015_10_01() {
    let a = run(&bad_food("50", "2015-09-30"));
    assert_eq!(outcome(&a, RuleId::FslFood).0, Outcome::NotInForce);
    let f = a.item(RuleId::Fsl2009Food).unwrap();
    assert_eq!(texts(f), ["10 × 50.00 = 500.00"]);
    assert!(a.flags.contains(Flag::UnverifiedRule));
    let a = run(&bad_food("50", "2015-10-01"));
    assert_eq!(outcome(&a, RuleId::Fsl2009Food).0, Outcome::NotInForce);
    assert_eq!(
        a.item(RuleId::FslFood).unwrap().amount,
        Amount::Exact(y("1000"))
    );
    let off = Policy::default().without_rule(RuleId::Fsl2009Food);
    let a = assess(&bad_food("50", "2015-09-30"), &off).unwrap();
    assert_eq!(
        outcome(&a, RuleId::Fsl2009Food),
        (Outcome::Disabled, Reason::Disabled)
    );
}

#[test]
fn food_and_fraud_are_alternatives_and_the_larger_is_proposed() {
    let mut c = bad_food("400", "2025-01-20");
    c.findings.fraud = Some(true);
    let a = run(&c);
    let food = a.item(RuleId::FslFood).unwrap();
    let fraud = a.item(RuleId::CrplFraud).unwrap();
    assert!(food.proposed && !fraud.proposed);
    assert!(fraud.notes.contains(Note::Alternative));
    assert_eq!(
        outcome(&a, RuleId::CrplFraud),
        (Outcome::Offered, Reason::SmallerAlternative)
    );
    assert_eq!(a.total, Amount::Exact(y("4400")));

    // Fraud wins when the losses and price are such that 3 × price beats the food regime:
    // never, for food (10 × price ≥ 3 × price); but a lost food claim leaves fraud proposed.
    c.findings.food_standard_violated = Some(false);
    let a = run(&c);
    assert!(a.item(RuleId::CrplFraud).unwrap().proposed);
    assert_eq!(a.total, Amount::Exact(y("1600")));
}

// ---- Drugs --------------------------------------------------------------------------------

#[test]
fn drugs_from_2019_12_01() {
    let mut c = claim(Kind::Drug, "86", "2019-11-30");
    c.findings.drug_counterfeit_or_substandard = Some(true);
    c.findings.respondent_produced_or_knew = Some(true);
    let a = run(&c);
    assert_eq!(outcome(&a, RuleId::DalDrug).0, Outcome::NotInForce);
    c.purchase.purchase_date = d("2019-12-01");
    let a = run(&c);
    let i = a.item(RuleId::DalDrug).unwrap();
    assert_eq!(
        texts(i),
        ["10 × 86.00 = 860.00", "max(860.00, 1,000.00) = 1,000.00"]
    );
    c.findings.drug_defence = true;
    assert_eq!(
        outcome(&run(&c), RuleId::DalDrug),
        (Outcome::NotApplicable, Reason::DrugDefence)
    );
}

// ---- Tourism ------------------------------------------------------------------------------

#[test]
fn tourism_is_one_to_three_times_the_fee_when_all_three_conditions_hold() {
    let mut c = claim(Kind::PackageTour, "4580", "2025-02-01");
    c.findings.tour.able_to_perform = Some(true);
    let a = run(&c);
    assert_eq!(
        missing(&a, RuleId::Tourism),
        [
            "/findings/tour/refused_after_request",
            "/findings/tour/serious_consequence"
        ]
    );
    c.findings.tour.refused_after_request = Some(true);
    c.findings.tour.serious_consequence = Some(true);
    let a = run(&c);
    let t = a.item(RuleId::Tourism).unwrap();
    assert_eq!(
        t.amount,
        Amount::Range {
            min: y("4580"),
            max: y("13740")
        }
    );
    assert_eq!(
        texts(t),
        ["1 × 4,580.00 = 4,580.00", "3 × 4,580.00 = 13,740.00"]
    );
    c.findings.tour.serious_consequence = Some(false);
    assert_eq!(
        outcome(&run(&c), RuleId::Tourism),
        (Outcome::NotApplicable, Reason::TourConditions)
    );
}

// ---- CRPL Art. 24 and Art. 25 -------------------------------------------------------------

#[test]
fn quality_return_within_seven_days_of_receipt_then_replace_or_repair() {
    let mut c = claim(Kind::Goods, "680", "2025-06-01");
    c.findings.quality_defect = Some(true);
    c.request_date = Some(d("2025-06-08"));
    let a = run(&c);
    let ret = &a.remedies[0];
    assert_eq!(ret.kind, RemedyKind::Return);
    assert_eq!(ret.status, RemedyStatus::Available);
    assert_eq!(ret.window.unwrap().last_day, d("2025-06-08"));
    assert_eq!(a.remedies.len(), 3);
    assert_eq!(a.total, Amount::Exact(y("680")));

    c.request_date = Some(d("2025-06-09"));
    let a = run(&c);
    assert_eq!(a.remedies[0].status, RemedyStatus::Expired);
    assert_eq!(
        missing(&a, RuleId::CrplQuality),
        ["/findings/rescission_conditions_met"]
    );
    assert_eq!(a.total, Amount::Exact(y("0")));
    c.findings.rescission_conditions_met = Some(true);
    let a = run(&c);
    assert_eq!(a.remedies[0].status, RemedyStatus::Available);
    assert_eq!(a.total, Amount::Exact(y("680")));
}

#[test]
fn distance_sales_get_seven_days_from_the_day_after_receipt() {
    let mut c = claim(Kind::Goods, "259", "2025-06-01");
    c.purchase.distance_sale = true;
    let a = run(&c);
    assert_eq!(
        missing(&a, RuleId::CrplNoReason),
        ["/purchase/receipt_date", "/returns/exclusion"]
    );
    c.purchase.receipt_date = Some(d("2025-06-03"));
    c.returns.exclusion = Some(ReturnExclusion::None);
    c.returns.returned_goods_received_on = Some(d("2025-06-12"));
    c.request_date = Some(d("2025-06-10"));
    let a = run(&c);
    let r = a
        .remedies
        .iter()
        .find(|r| r.kind == RemedyKind::NoReasonReturn)
        .unwrap();
    let w = r.window.unwrap();
    assert_eq!((w.from, w.last_day), (d("2025-06-03"), d("2025-06-10")));
    assert_eq!(w.extension, Extension::NoCalendar);
    assert_eq!(r.status, RemedyStatus::Available);
    assert_eq!(r.operator_deadlines[0].unwrap().due, Some(d("2025-06-19")));
    assert!(a.flags.contains(Flag::NoCalendar));
    c.request_date = Some(d("2025-06-11"));
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::CrplNoReason),
        (Outcome::NotApplicable, Reason::WindowPassed)
    );

    c.returns.exclusion = Some(ReturnExclusion::Perishable);
    assert_eq!(
        outcome(&run(&c), RuleId::CrplNoReason),
        (Outcome::NotApplicable, Reason::Excluded)
    );
    c.returns.seller_promised_return = true;
    c.request_date = Some(d("2025-06-09"));
    assert_eq!(outcome(&run(&c), RuleId::CrplNoReason).0, Outcome::Applied);
    c.returns.exclusion = Some(ReturnExclusion::ByNatureNotConfirmed);
    c.returns.seller_promised_return = false;
    assert_eq!(outcome(&run(&c), RuleId::CrplNoReason).0, Outcome::Applied);
}

#[test]
fn a_last_day_on_a_holiday_moves_to_the_next_working_day() {
    let mut c = claim(Kind::Goods, "259", "2025-09-20");
    c.purchase.distance_sale = true;
    c.purchase.receipt_date = Some(d("2025-09-24"));
    c.returns.exclusion = Some(ReturnExclusion::None);
    c.request_date = Some(d("2025-10-09"));
    // National Day 2025: 10-01 … 10-08 off, 10-11 (Saturday) a working day.
    let rest: Vec<_> = (1..=8)
        .map(|i| d(&format!("2025-10-{i:02}")))
        .chain([d("2025-09-27"), d("2025-09-28")])
        .collect();
    let cal = RestDayList::new(d("2025-09-01"), d("2025-10-31"), rest);
    let a = assess_with(&c, &Policy::default(), &cal).unwrap();
    let w = a.remedies[0].window.unwrap();
    assert_eq!(w.last_day, d("2025-10-01"));
    assert_eq!(w.extension, Extension::Extended);
    assert_eq!(w.extended_to, Some(d("2025-10-09")));
    assert_eq!(a.remedies[0].status, RemedyStatus::Available);
    let strict = Policy {
        holiday_extension: false,
        ..Policy::default()
    };
    let a = assess_with(&c, &strict, &cal).unwrap();
    assert_eq!(a.remedies[0].window.unwrap().extension, Extension::Disabled);
    assert_eq!(a.remedies[0].status, RemedyStatus::Expired);
}

// ---- 三包 ----------------------------------------------------------------------------------

#[test]
fn sanbao_seven_days_fifteen_days_and_two_repairs_with_depreciation() {
    let mut c = claim(Kind::WarrantyGoods, "2000", "2025-01-01");
    c.findings.quality_defect = Some(true);
    c.warranty.fault_date = Some(d("2025-01-08"));
    let a = run(&c);
    assert_eq!(outcome(&a, RuleId::Sanbao7).0, Outcome::Applied);
    assert_eq!(
        outcome(&a, RuleId::CrplQuality),
        (Outcome::NotApplicable, Reason::SpecialRegime)
    );
    assert!(a.flags.contains(Flag::SecondaryRule));
    assert_eq!(a.total, Amount::Exact(y("2000")));
    c.warranty.fault_date = Some(d("2025-01-09"));
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::Sanbao7),
        (Outcome::NotApplicable, Reason::WindowPassed)
    );
    assert_eq!(outcome(&a, RuleId::Sanbao15).0, Outcome::Applied);
    assert_eq!(a.total, Amount::Exact(y("0")));

    c.warranty.fault_date = Some(d("2025-02-20"));
    c.warranty.repairs = Some(2);
    c.warranty.still_faulty = Some(true);
    let a = run(&c);
    assert_eq!(
        missing(&a, RuleId::SanbaoTwoRepairs),
        [
            "/request_date",
            "/warranty/daily_depreciation_rate",
            "/warranty/repair_days"
        ]
    );
    c.request_date = Some(d("2025-03-02"));
    c.warranty.daily_depreciation_rate = Some("0.1%".parse().unwrap());
    c.warranty.repair_days = Some(10);
    let a = run(&c);
    let refund = a.proposed().next().unwrap();
    assert_eq!(refund.rule, RuleId::SanbaoTwoRepairs);
    assert_eq!(
        texts(refund),
        [
            "2,000.00 × 0.1% × 50 = 100.00",
            "2,000.00 − 100.00 = 1,900.00"
        ]
    );
    let custom = Policy::default()
        .with_override(ParamId::SanbaoReplaceDays, Decimal::from(60))
        .unwrap();
    let a = assess(&c, &custom).unwrap();
    assert_eq!(outcome(&a, RuleId::Sanbao15).0, Outcome::Applied);
    assert!(a.flags.contains(Flag::PolicyOverride));
}

// ---- Family cars --------------------------------------------------------------------------

fn car() -> ClaimDocument {
    let mut c = claim(Kind::FamilyCar, "150000", "2023-03-01");
    c.purchase.receipt_date = Some(d("2023-03-05"));
    c.findings.quality_defect = Some(true);
    c
}

#[test]
fn car_warranty_return_less_the_use_fee() {
    let mut c = car();
    c.car.fault_date = Some(d("2024-06-01"));
    c.car.odometer_km = Some(12000);
    c.car.total_repair_days = Some(35);
    c.car.use_coefficient = Some("0.5%".parse().unwrap());
    c.request_date = Some(d("2024-06-03"));
    let a = run(&c);
    let r = a.item(RuleId::CarWarranty).unwrap();
    assert_eq!(
        texts(r),
        [
            "150,000.00 × 12,000 ÷ 1,000 × 0.5% = 9,000.00",
            "150,000.00 − 9,000.00 = 141,000.00"
        ]
    );
    let rem = a
        .remedies
        .iter()
        .find(|r| r.rule == RuleId::CarWarranty)
        .unwrap();
    assert_eq!(rem.window.unwrap().last_day, d("2025-03-05"));
    assert_eq!(rem.operator_deadlines[0].unwrap().due, None);
    assert!(r.notes.is_empty());
    // Above the 0.5 % maximum the maximum is used; unknown gives a range.
    c.car.use_coefficient = Some("0.8%".parse().unwrap());
    assert_eq!(
        run(&c).item(RuleId::CarWarranty).unwrap().amount,
        Amount::Exact(y("141000"))
    );
    c.car.use_coefficient = None;
    let a = run(&c);
    assert_eq!(
        a.item(RuleId::CarWarranty).unwrap().amount,
        Amount::Range {
            min: y("141000"),
            max: y("150000")
        }
    );
    assert_eq!(missing(&a, RuleId::CarWarranty), ["/car/use_coefficient"]);
    // Beyond 50,000 km: repair only.
    c.car.odometer_km = Some(50001);
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::CarWarranty),
        (Outcome::NotApplicable, Reason::BeyondPeriod)
    );
    assert_eq!(outcome(&a, RuleId::CarFreeRepair).0, Outcome::Applied);
}

/// SAMR Order No. 43 Art. 27: n is the certificate's and may not exceed 0.5 %. A lawyer
/// learns from the refund item that the certificate's number was overridden (both numbers
/// in the trace, the note on the item), and that an unknown n leaves the fee open.
#[test]
fn car_use_coefficient_capped_or_unknown_is_said() {
    let mut c = car();
    c.car.fault_date = Some(d("2024-06-01"));
    c.car.odometer_km = Some(12000);
    c.car.total_repair_days = Some(35);
    c.request_date = Some(d("2024-06-03"));
    c.car.use_coefficient = Some("0.8%".parse().unwrap());
    let a = run(&c);
    let r = a.item(RuleId::CarWarranty).unwrap();
    assert_eq!(
        texts(r),
        [
            "min(0.8%, 0.5%) = 0.5%",
            "150,000.00 × 12,000 ÷ 1,000 × 0.5% = 9,000.00",
            "150,000.00 − 9,000.00 = 141,000.00"
        ]
    );
    assert_eq!(r.steps[0].label, Label::UseCoefficient);
    assert_eq!(r.steps[0].parameter, Some(ParamId::CarUseCoefficientMax));
    assert_eq!(
        r.notes.iter().collect::<Vec<_>>(),
        [Note::CoefficientCapped]
    );
    assert!(missing(&a, RuleId::CarWarranty).is_empty());
    // Exactly the maximum is not capped.
    c.car.use_coefficient = Some("0.005".parse().unwrap());
    assert!(run(&c).item(RuleId::CarWarranty).unwrap().notes.is_empty());
    // Below it, the certificate's number is used as it is.
    c.car.use_coefficient = Some("0.3%".parse().unwrap());
    let a = run(&c);
    let r = a.item(RuleId::CarWarranty).unwrap();
    assert_eq!(
        texts(r),
        [
            "150,000.00 × 12,000 ÷ 1,000 × 0.3% = 5,400.00",
            "150,000.00 − 5,400.00 = 144,600.00"
        ]
    );
    assert!(r.notes.is_empty());
    // Unknown: the fee from nothing to the maximum, asked for, and said.
    c.car.use_coefficient = None;
    let a = run(&c);
    let r = a.item(RuleId::CarWarranty).unwrap();
    assert_eq!(
        r.notes.iter().collect::<Vec<_>>(),
        [Note::CoefficientUnknown]
    );
    assert_eq!(missing(&a, RuleId::CarWarranty), ["/car/use_coefficient"]);
    let json = serde_json::to_value(&a).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["notes"][0]["code"], "coefficient_unknown");
    assert_eq!(
        item["notes"][0]["en"],
        "the certificate's coefficient is not given: the fee ranges up to the 0.5 % maximum"
    );
}

#[test]
fn car_first_days_are_free_and_dated_from_delivery() {
    let mut c = car();
    c.car.fault_date = Some(d("2023-03-12"));
    c.car.major_assembly_replacement_needed = Some(true);
    c.car.serious_failure = Some(false);
    c.car.odometer_km = Some(400);
    let a = run(&c);
    assert_eq!(outcome(&a, RuleId::Car7Days).0, Outcome::Applied);
    assert_eq!(a.total, Amount::Exact(y("150000")));
    c.car.fault_date = Some(d("2023-03-13"));
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::Car7Days),
        (Outcome::NotApplicable, Reason::WindowPassed)
    );
    c.car.serious_failure = Some(true);
    c.car.odometer_km = Some(3000);
    let a = run(&c);
    assert_eq!(outcome(&a, RuleId::Car60Days).0, Outcome::Applied);
    c.car.odometer_km = Some(3001);
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::Car60Days),
        (Outcome::NotApplicable, Reason::BeyondPeriod)
    );
    c.purchase.purchase_date = d("2021-12-31");
    c.purchase.receipt_date = Some(d("2021-12-31"));
    c.car.fault_date = Some(d("2022-01-02"));
    let a = run(&c);
    assert_eq!(outcome(&a, RuleId::Car7Days).0, Outcome::NotInForce);
}

#[test]
fn car_deadlines_in_working_days_need_a_calendar() {
    let mut c = car();
    c.car.fault_date = Some(d("2023-03-08"));
    c.car.major_assembly_replacement_needed = Some(true);
    c.request_date = Some(d("2023-03-09"));
    let weekends: Vec<_> = (0..60)
        .map(|i| d("2023-03-01") + chrono::Days::new(i))
        .filter(|x| chrono::Datelike::weekday(x).number_from_monday() >= 6)
        .collect();
    let cal = RestDayList::new(d("2023-03-01"), d("2023-04-30"), weekends);
    let a = assess_with(&c, &Policy::default(), &cal).unwrap();
    let r = a
        .remedies
        .iter()
        .find(|r| r.rule == RuleId::Car7Days)
        .unwrap();
    assert_eq!(r.operator_deadlines[0].unwrap().due, Some(d("2023-03-23")));
    assert_eq!(r.operator_deadlines[1].unwrap().due, Some(d("2023-04-06")));
}

// ---- Prepaid ------------------------------------------------------------------------------

fn card(paid: &str, bought: &str) -> ClaimDocument {
    let mut c = claim(Kind::Service, paid, bought);
    c.prepaid = Some(PrepaidFacts::default());
    c
}

#[test]
fn prepaid_cooling_off_within_seven_days_of_payment() {
    let mut c = card("3000", "2025-05-10");
    c.request_date = Some(d("2025-05-17"));
    let a = run(&c);
    assert_eq!(
        missing(&a, RuleId::PrepaidCoolingOff),
        ["/prepaid/already_obtained_same"]
    );
    c.prepaid.as_mut().unwrap().already_obtained_same = Some(false);
    let a = run(&c);
    assert_eq!(a.total, Amount::Exact(y("3000")));
    assert_eq!(
        outcome(&a, RuleId::PrepaidBalance).1,
        Reason::CoolingOffInstead
    );
    c.request_date = Some(d("2025-05-18"));
    let a = run(&c);
    assert_eq!(
        outcome(&a, RuleId::PrepaidCoolingOff),
        (Outcome::NotApplicable, Reason::WindowPassed)
    );
    // Before the interpretation took effect.
    let mut old = card("3000", "2025-04-30");
    old.request_date = Some(d("2025-05-02"));
    assert_eq!(
        outcome(&run(&old), RuleId::PrepaidCoolingOff).0,
        Outcome::NotInForce
    );
}

#[test]
fn prepaid_balance_depends_on_who_caused_the_refund() {
    let mut c = card("1000", "2025-06-01");
    c.request_date = Some(d("2025-09-01"));
    {
        let p = c.prepaid.as_mut().unwrap();
        p.already_obtained_same = Some(false);
        p.bonus = y("200");
        p.redeemed_list_value = Some(y("600"));
        p.cause = Some(RefundCause::Operator);
    }
    let a = run(&c);
    let i = a.item(RuleId::PrepaidBalance).unwrap();
    assert_eq!(
        texts(i),
        [
            "600.00 × 1,000.00 ÷ 1,200.00 = 500.00",
            "1,000.00 − 500.00 = 500.00"
        ]
    );
    c.prepaid.as_mut().unwrap().cause = Some(RefundCause::Consumer);
    c.prepaid.as_mut().unwrap().operator_costs = Some(y("50"));
    let a = run(&c);
    assert_eq!(
        texts(a.item(RuleId::PrepaidBalance).unwrap()),
        ["1,000.00 − 600.00 = 400.00", "400.00 − 50.00 = 350.00"]
    );
    // Art. 20: never below zero.
    c.prepaid.as_mut().unwrap().redeemed_list_value = Some(y("1100"));
    let a = run(&c);
    let i = a.item(RuleId::PrepaidBalance).unwrap();
    assert_eq!(i.amount, Amount::Exact(y("0")));
    assert_eq!(i.notes.iter().collect::<Vec<_>>(), [Note::NeverNegative]);
    // Discount contracts without bonus use the discounted value when not the consumer's fault.
    let p = c.prepaid.as_mut().unwrap();
    p.bonus = y("0");
    p.cause = Some(RefundCause::Operator);
    let a = run(&c);
    assert_eq!(
        missing(&a, RuleId::PrepaidBalance),
        ["/prepaid/redeemed_discounted_value"]
    );
    c.prepaid.as_mut().unwrap().redeemed_discounted_value = Some(y("320"));
    assert_eq!(
        run(&c).item(RuleId::PrepaidBalance).unwrap().amount,
        Amount::Exact(y("680"))
    );
}

#[test]
fn prepaid_unlimited_use_and_interest() {
    let mut c = card("1000", "2025-05-01");
    c.request_date = Some(d("2025-11-01"));
    {
        let p = c.prepaid.as_mut().unwrap();
        p.already_obtained_same = Some(false);
        p.cause = Some(RefundCause::Operator);
        p.unlimited = Some(UnlimitedTerm {
            term_start: d("2025-05-01"),
            term_end: d("2026-04-30"),
            supply_stopped_on: Some(d("2025-10-01")),
        });
        p.rescinded_on = Some(d("2025-11-01"));
        p.interest = Some(InterestFacts {
            annual_rate: "3.1%".parse().unwrap(),
            basis: RateBasis::LprOneYear,
            until: d("2026-01-30"),
        });
    }
    let a = run(&c);
    let i = a.item(RuleId::PrepaidUnlimited).unwrap();
    // Supply stopped on 1 October: 1 October to 30 April, both included, is 212 days of 365.
    assert_eq!(
        texts(i),
        [
            "2025-05-01 – 2026-04-30 = 365",
            "2025-10-01 – 2026-04-30 = 212",
            "1,000.00 × 212 ÷ 365 = 580.82"
        ]
    );
    let int = a.item(RuleId::PrepaidInterest).unwrap();
    assert_eq!(texts(int), ["580.82 × 3.1% × 90 ÷ 365 = 4.44"]);
    assert_eq!(a.total, Amount::Exact(y("585.26")));
    c.prepaid.as_mut().unwrap().interest.as_mut().unwrap().basis = RateBasis::DepositOneYear;
    assert_eq!(
        outcome(&run(&c), RuleId::PrepaidInterest),
        (Outcome::NotApplicable, Reason::RateBasisMismatch)
    );
}

/// An unlimited-use card (SPC Fa Shi [2025] No. 4 Art. 22) paid for on `start` (or, given
/// as `paid_on@start`, on another day) whose term is `start..=end`, ended (rescinded) on
/// `ended` and claimed that day.
fn unlimited_card(paid: &str, start: &str, end: &str, ended: &str) -> ClaimDocument {
    let (paid_on, start) = start.split_once('@').unwrap_or((start, start));
    let mut c = card(paid, paid_on);
    c.request_date = Some(d(ended));
    let p = c.prepaid.as_mut().unwrap();
    p.already_obtained_same = Some(false);
    p.cause = Some(RefundCause::Operator);
    p.rescinded_on = Some(d(ended));
    p.unlimited = Some(UnlimitedTerm {
        term_start: d(start),
        term_end: d(end),
        supply_stopped_on: None,
    });
    c
}

fn unlimited_refund(c: &ClaimDocument) -> (Amount, Vec<String>) {
    let a = run(c);
    let i = a.item(RuleId::PrepaidUnlimited).unwrap();
    (i.amount, texts(i))
}

/// Art. 22 to the fen: the term's days count from its first to its last day, and the days
/// left from the day the contract ended to the last day, both included.
#[test]
fn prepaid_unlimited_counts_whole_days_of_the_term() {
    // A 3,650-yuan one-year card, 219 of its 365 days left: 10 yuan a day.
    let c = unlimited_card("3650", "2025-05-01", "2026-04-30", "2025-09-24");
    assert_eq!(
        unlimited_refund(&c),
        (
            Amount::Exact(y("2190.00")),
            vec![
                "2025-05-01 – 2026-04-30 = 365".to_owned(),
                "2025-09-24 – 2026-04-30 = 219".to_owned(),
                "3,650.00 × 219 ÷ 365 = 2,190.00".to_owned()
            ]
        )
    );
    // The earlier of the rescission and the end of supply decides.
    let mut early = c.clone();
    early.prepaid.as_mut().unwrap().rescinded_on = Some(d("2025-10-10"));
    early.request_date = Some(d("2025-10-10"));
    early
        .prepaid
        .as_mut()
        .unwrap()
        .unlimited
        .as_mut()
        .unwrap()
        .supply_stopped_on = Some(d("2025-09-24"));
    assert_eq!(unlimited_refund(&early).0, Amount::Exact(y("2190.00")));
    // Ended on the last day of the term: that day was not performed, one day is left.
    let last = unlimited_card("3650", "2025-05-01", "2026-04-30", "2026-04-30");
    assert_eq!(
        unlimited_refund(&last),
        (
            Amount::Exact(y("10.00")),
            vec![
                "2025-05-01 – 2026-04-30 = 365".to_owned(),
                "2026-04-30 – 2026-04-30 = 1".to_owned(),
                "3,650.00 × 1 ÷ 365 = 10.00".to_owned()
            ]
        )
    );
    // Ended the day after: nothing is left.
    let after = unlimited_card("3650", "2025-05-01", "2026-04-30", "2026-05-01");
    assert_eq!(unlimited_refund(&after).1[1], "2026-05-01 > 2026-04-30: 0");
    assert_eq!(unlimited_refund(&after).0, Amount::Exact(y("0.00")));
    // Ended on the first day: all of it (paid a month before, past the 7-day cooling-off of
    // Art. 14, which would otherwise give the principal back).
    let first = unlimited_card("3650", "2025-05-01@2025-06-01", "2026-05-31", "2025-06-01");
    assert_eq!(unlimited_refund(&first).0, Amount::Exact(y("3650.00")));
    // A term holding 29 February: 366 days; 100 of them left.
    let leap = unlimited_card("3660", "2027-05-01", "2028-04-30", "2028-01-22");
    assert_eq!(
        unlimited_refund(&leap),
        (
            Amount::Exact(y("1000.00")),
            vec![
                "2027-05-01 – 2028-04-30 = 366".to_owned(),
                "2028-01-22 – 2028-04-30 = 100".to_owned(),
                "3,660.00 × 100 ÷ 366 = 1,000.00".to_owned()
            ]
        )
    );
    // A one-day pass, ended that day: the whole price back.
    let day = unlimited_card("58", "2025-06-01@2025-07-01", "2025-07-01", "2025-07-01");
    assert_eq!(
        unlimited_refund(&day),
        (
            Amount::Exact(y("58.00")),
            vec![
                "2025-07-01 – 2025-07-01 = 1".to_owned(),
                "2025-07-01 – 2025-07-01 = 1".to_owned(),
                "58.00 × 1 ÷ 1 = 58.00".to_owned()
            ]
        )
    );
    // A term cannot end before it starts.
    let mut bad = day.clone();
    bad.prepaid
        .as_mut()
        .unwrap()
        .unlimited
        .as_mut()
        .unwrap()
        .term_end = d("2025-06-30");
    assert!(day.check().is_ok());
    let errs = bad.check().unwrap_err().0;
    assert_eq!(
        errs.iter()
            .map(|f| (f.pointer.as_str(), f.code.as_str()))
            .collect::<Vec<_>>(),
        [("/prepaid/unlimited/term_end", "date.order")]
    );
}

// ---- The claim, the total, the catalogue --------------------------------------------------

#[test]
fn the_claimed_amount_caps_the_proposal() {
    let mut c = claim(Kind::Goods, "1299", "2025-03-02");
    c.findings.fraud = Some(true);
    c.amount_claimed = Some(y("2000"));
    let a = run(&c);
    assert_eq!(a.total, Amount::Exact(y("2000")));
    assert_eq!(
        a.total_steps[1].calc.to_string(),
        "min(5,196.00, 2,000.00) = 2,000.00"
    );
    assert!(a.flags.contains(Flag::ClaimCap));
}

#[test]
fn every_rule_is_considered_once_in_catalogue_order() {
    let a = run(&claim(Kind::Goods, "10", "2025-01-01"));
    let rules: Vec<RuleId> = a.considered.iter().map(|c| c.rule).collect();
    assert_eq!(rules, RuleId::ALL);
}

#[test]
fn a_claim_from_a_complaint() {
    let mut g = weiquan_synth::generate::Generator::new(11);
    for _ in 0..200 {
        let complaint = g.next().unwrap();
        let c = ClaimDocument::from_complaint(&complaint);
        assert_eq!(c.purchase.price_paid, complaint.purchase.amount_paid);
        assert_eq!(c.id.as_deref(), Some(complaint.id.as_str()));
        assert!(c.check().is_ok(), "{:?}", c.check());
        let c = c.with_findings(Findings {
            fraud: Some(true),
            ..Findings::default()
        });
        let a = run(&c);
        assert!(a.proposed().filter(|i| i.kind.is_punitive()).count() == 1);
        if let Some(cap) = c.amount_claimed {
            assert!(a.total.max() <= cap);
        }
    }
}

#[test]
fn assessment_json_has_the_documented_shape() {
    let mut c = claim(Kind::Goods, "1299", "2025-03-02");
    c.id = Some("SJZ-1".into());
    c.findings.fraud = Some(true);
    let v: serde_json::Value = serde_json::to_value(run(&c)).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["claim_id"], "SJZ-1");
    assert_eq!(v["total"], "5196.00");
    assert_eq!(v["items"][1]["steps"][0]["text"], "3 × 1,299.00 = 3,897.00");
    let parameter = &v["items"][1]["steps"][0]["parameter"];
    assert_eq!(parameter["id"], "crpl_2013_55_1_multiplier");
    assert_eq!(parameter["value"], "3");
    assert_eq!(
        parameter["sources"],
        serde_json::json!([{
            "instrument": "crpl", "version": 2013, "article": 55, "paragraph": 1,
            "reliability": "verified",
            "text_zh": "《中华人民共和国消费者权益保护法》（2013年修正）第五十五条第一款",
            "text_en": "CRPL (2013 amendment), Art. 55, para. 1"
        }])
    );
    assert_eq!(parameter["reliability"], "verified");
    assert_eq!(
        parameter["meaning_zh"],
        "欺诈：增加赔偿额为商品价款或服务费用的三倍"
    );
    assert_eq!(
        v["items"][1]["citations"][0]["text_en"],
        "CRPL (2013 amendment), Art. 55, para. 1"
    );
    assert_eq!(v["items"][1]["reliability"], "verified");
    assert!(v["items"][1].get("citation_en").is_none());
    assert_eq!(
        v["considered"][1]["title_en"],
        "Fraud: additional compensation of 3 × the price or fee, at least 500 yuan"
    );
    assert_eq!(v["considered"][1]["citations"][0]["article"], 55);
    assert_eq!(v["considered"][0]["outcome"]["code"], "not_in_force");
    assert_eq!(v["missing_facts"][0]["rule"], "crpl_2013_55_2");
    assert!(
        v["summary_zh"]
            .as_str()
            .unwrap()
            .starts_with("建议合计：5,196.00元")
    );
}

#[test]
fn the_committed_schema_is_current() {
    let committed = include_str!("../../../docs/schema/claim.schema.json");
    assert_eq!(committed, claim_schema_json());
}

#[test]
fn the_committed_tables_are_current() {
    let section = |path: &str, marker: &str, content: &str| {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(path),
        )
        .unwrap();
        assert!(
            text.contains(&format!("<!-- {marker} -->\n{content}<!-- /{marker} -->")),
            "{path}'s {marker} section is stale: run `cargo xtask gen`"
        );
        text
    };
    section("docs/compensation.md", "statutory-table", &table_markdown());
    section("docs/rules/README.md", "catalogue", &catalogue_markdown());
    for rule in CATALOGUE {
        let page = format!("docs/rules/{}", rule.page);
        let text = section(&page, "citations", &rule_page_markdown(rule.page));
        assert!(
            text.contains(rule.id.code()),
            "{} does not name {}",
            rule.page,
            rule.id.code()
        );
    }
    assert_eq!(rule_page_markdown("no-such-page.md"), "");
}

/// A text that states a statutory number says the value in force: when a policy replaces a
/// [S] number, the rule's title, the parameter's meaning and value in the trace, and the
/// remarks say the new one (and the trace keeps the table's as `statutory_value`).
#[test]
fn texts_state_the_overridden_numbers() {
    let mut c = claim(Kind::WarrantyGoods, "2000", "2025-01-01");
    c.findings.quality_defect = Some(true);
    c.warranty.fault_date = Some(d("2025-01-09"));
    c.warranty.repairs = Some(2);
    c.warranty.still_faulty = Some(true);
    let default = serde_json::to_value(run(&c)).unwrap();
    let policy = Policy::default()
        .with_override(ParamId::SanbaoReturnDays, Decimal::from(10))
        .unwrap()
        .with_override(ParamId::SanbaoRepairsBeforeReplacement, Decimal::from(3))
        .unwrap();
    let a = assess_with(&c, &policy, &NoCalendar).unwrap();
    let v = serde_json::to_value(&a).unwrap();
    let title = |v: &serde_json::Value, rule: &str, key: &str| {
        v["considered"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == rule)
            .unwrap()[key]
            .clone()
    };
    assert_eq!(
        title(&default, "sanbao_1995_9", "title_en"),
        "三包: performance fault within 7 days of sale: return, replacement or repair"
    );
    assert_eq!(
        title(&v, "sanbao_1995_9", "title_en"),
        "三包: performance fault within 10 days of sale: return, replacement or repair"
    );
    assert_eq!(
        title(&v, "sanbao_1995_9", "title_zh"),
        "三包：售出10日内性能故障，退货、换货或修理"
    );
    // Fault on day 8: inside the 10 days of the policy, outside the table's 7.
    assert_eq!(
        title(&default, "sanbao_1995_9", "outcome")["code"],
        "not_applicable"
    );
    assert_eq!(title(&v, "sanbao_1995_9", "outcome")["code"], "applied");
    let window = &v["remedies"][0]["window"];
    assert_eq!(window["last_day"], "2025-01-11");
    assert_eq!(window["parameter"]["value"], "10");
    assert_eq!(window["parameter"]["statutory_value"], "7");
    assert_eq!(
        window["parameter"]["meaning_en"],
        "performance fault within 10 days of sale: return, replacement or repair"
    );
    // Two repairs no longer meet the policy's three: the reason says three.
    assert_eq!(
        title(&v, "sanbao_1995_11", "reason")["en"],
        "not repaired 3 times in the warranty period and still faulty"
    );
    assert_eq!(
        title(&v, "sanbao_1995_11", "title_en"),
        "三包: repaired 3 times in the warranty period and still faulty: replacement, or return less depreciation"
    );
    // The public renderers say the same.
    assert!(
        RuleId::Sanbao7
            .rule()
            .title_en(&policy)
            .contains("within 10 days")
    );
    assert_eq!(
        Reason::RepairsNotMet.zh_under(&policy),
        "三包有效期内未修理3次或修理后已能正常使用"
    );
    assert_eq!(a.overrides, policy.overrides);
}
