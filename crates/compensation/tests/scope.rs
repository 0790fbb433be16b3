//! The scope of the consumer-protection regime: purchases for living consumption (CRPL
//! Art. 2; SPC Fa Shi [2024] No. 9 Art. 1) from a business operator (SPC Fa Shi [2022] No. 8
//! Art. 7). Stated, each fact decides; unknown, the default is stated in the result.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{claim, y};
use weiquan_compensation::*;
use weiquan_complaint::Purpose;

fn run(c: &ClaimDocument) -> Assessment {
    assess_with(c, &Policy::default(), &NoCalendar).unwrap()
}

/// A restaurant's 50 bottles of cooking oil that breach a food safety standard, bought from
/// a producer that knew, for 2,500.00; 300.00 of losses proven.
fn oil() -> ClaimDocument {
    let mut c = claim(Kind::Food, "2500.00", "2025-03-03");
    c.purchase.quantity = 50;
    c.proven_losses = Some(y("300.00"));
    c.findings = Findings {
        food_standard_violated: Some(true),
        respondent_produced_or_knew: Some(true),
        food_defect: Some(FoodDefect::Substantive),
        fraud: Some(true),
        ..Findings::default()
    };
    c
}

#[test]
fn for_living_consumption_the_food_rule_gives_ten_fold() {
    let a = run(&oil());
    let food = a.item(RuleId::FslFood).unwrap();
    assert_eq!(food.amount, Amount::Exact(y("25000.00")));
    assert!(!a.flags.contains(Flag::ContractRemediesOnly));
    assert!(!a.flags.contains(Flag::ConsumerScopePresumed));
    assert!(a.missing_facts().all(|(_, f)| f != "/purchase/purpose"));
}

#[test]
fn not_for_living_consumption_only_contract_remedies_remain() {
    let mut c = oil();
    c.purchase.purpose = Some(Purpose::NotLivingConsumption);
    let a = run(&c);
    // No consumer-law damages or refund: the losses alone, as a contract remedy.
    assert!(a.item(RuleId::FslFood).is_none());
    assert!(a.item(RuleId::CrplFraud).is_none());
    assert_eq!(a.items.len(), 1);
    assert_eq!(a.items[0].kind, ItemKind::Losses);
    assert_eq!(a.total, Amount::Exact(y("300.00")));
    for rule in [RuleId::FslFood, RuleId::CrplFraud, RuleId::CrplQuality] {
        let c = a.consideration(rule).unwrap();
        assert_eq!(
            (c.outcome, c.reason),
            (Outcome::NotApplicable, Reason::NotLivingConsumption),
            "{rule:?}"
        );
    }
    assert!(a.flags.contains(Flag::ContractRemediesOnly));
    assert!(!a.flags.contains(Flag::ConsumerScopePresumed));
    let v = serde_json::to_value(&a).unwrap();
    let flags = v["flags"].as_array().unwrap();
    let flag = flags
        .iter()
        .find(|f| f["code"] == "contract_remedies_only")
        .unwrap();
    // The flag's text names the contract remedies' articles.
    assert!(
        flag["en"]
            .as_str()
            .unwrap()
            .contains("Civil Code Art. 577, Art. 582"),
        "{flag}"
    );
}

#[test]
fn a_seller_who_is_not_an_operator_owes_no_consumer_remedy() {
    let mut c = claim(Kind::Goods, "800.00", "2025-03-03");
    c.purchase.distance_sale = true;
    c.purchase.receipt_date = Some(common::d("2025-03-05"));
    c.returns.exclusion = Some(ReturnExclusion::None);
    c.findings.fraud = Some(true);
    let a = run(&c);
    assert_eq!(a.total, Amount::Exact(y("3200.00"))); // 800.00 + 3 × 800.00
    c.purchase.seller_is_operator = Some(false);
    let a = run(&c);
    assert!(a.remedies.is_empty());
    assert!(a.items.is_empty());
    assert_eq!(a.total, Amount::Exact(y("0.00")));
    assert_eq!(
        a.consideration(RuleId::CrplNoReason).unwrap().reason,
        Reason::NotOperator
    );
    assert!(a.flags.contains(Flag::ContractRemediesOnly));
}

#[test]
fn unknown_scope_is_assessed_on_the_stated_default_and_reported_missing() {
    let mut c = oil();
    c.purchase.purpose = None;
    c.purchase.seller_is_operator = None;
    let a = run(&c);
    // The food rule still computes, but says it rests on two facts nobody stated.
    assert_eq!(
        a.item(RuleId::FslFood).unwrap().amount,
        Amount::Exact(y("25000.00"))
    );
    let food = a.consideration(RuleId::FslFood).unwrap();
    assert_eq!(food.outcome, Outcome::Applied);
    assert_eq!(
        food.missing.iter().map(|f| f.pointer()).collect::<Vec<_>>(),
        ["/purchase/purpose", "/purchase/seller_is_operator"]
    );
    // The offered alternative too; the losses (no consumer-law rule) do not.
    assert!(
        a.consideration(RuleId::CrplFraud)
            .unwrap()
            .missing
            .contains(Fact::Purpose)
    );
    let losses = a.consideration(RuleId::Losses).unwrap().missing;
    assert!(!losses.contains(Fact::Purpose) && !losses.contains(Fact::SellerIsOperator));
    assert!(a.flags.contains(Flag::ConsumerScopePresumed));
    assert!(a.flags.contains(Flag::MissingFacts));
    // Only one of the two unknown: only that one is listed.
    c.purchase.seller_is_operator = Some(true);
    let a = run(&c);
    assert_eq!(
        a.consideration(RuleId::FslFood)
            .unwrap()
            .missing
            .iter()
            .map(|f| f.pointer())
            .collect::<Vec<_>>(),
        ["/purchase/purpose"]
    );
}

#[test]
fn the_claim_reads_and_writes_both_facts() {
    let c = ClaimDocument::from_json(
        r#"{"schema_version": 1, "purchase": {"kind": "food", "price_paid": "2500.00",
            "quantity": 50, "purchase_date": "2025-03-03",
            "purpose": "not_living_consumption", "seller_is_operator": true}}"#,
    )
    .unwrap();
    assert_eq!(c.purchase.purpose, Some(Purpose::NotLivingConsumption));
    assert_eq!(c.purchase.seller_is_operator, Some(true));
    assert!(
        c.to_json()
            .contains(r#""purpose":"not_living_consumption""#)
    );
    let err = ClaimDocument::from_json(
        r#"{"schema_version": 1, "purchase": {"kind": "food", "price_paid": "1",
            "purchase_date": "2025-03-03", "purpose": "restaurant"}}"#,
    )
    .unwrap_err();
    let Error::Invalid(errs) = err else {
        panic!("{err:?}")
    };
    assert_eq!(errs.0[0].pointer, "/purchase/purpose");
    assert_eq!(errs.0[0].code, "field.invalid");
}

#[test]
fn a_complaint_carries_both_facts_into_the_claim() {
    let mut complaint = weiquan_synth::generate::Generator::new(7).next().unwrap();
    assert_eq!(
        ClaimDocument::from_complaint(&complaint).purchase.purpose,
        None
    );
    complaint.purchase.purpose = Some(Purpose::NotLivingConsumption);
    complaint.business.is_operator = Some(false);
    let claim = ClaimDocument::from_complaint(&complaint);
    assert_eq!(claim.purchase.purpose, Some(Purpose::NotLivingConsumption));
    assert_eq!(claim.purchase.seller_is_operator, Some(false));
}
