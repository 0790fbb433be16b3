//! CRPL Art. 24 for services: redo, or rescission and refund of the part not yet performed
//! (Civil Code Art. 566 para. 1), to the fen.
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

fn run(c: &ClaimDocument) -> Assessment {
    assess_with(c, &Policy::default(), &NoCalendar).unwrap()
}

/// Ten lessons for 3,999.99, poorly taught.
fn lessons(rescission: Option<bool>, unperformed: Option<&str>) -> ClaimDocument {
    let mut c = claim(Kind::Service, "3999.99", "2025-03-03");
    c.findings.quality_defect = Some(true);
    c.findings.rescission_conditions_met = rescission;
    c.service.unperformed_share = unperformed.map(|s| s.parse().unwrap());
    c
}

#[test]
fn the_unperformed_part_is_refunded_to_the_fen() {
    // 3,999.99 × 60 % = 2,399.994 → 2,399.99.
    let a = run(&lessons(Some(true), Some("60%")));
    let kinds: Vec<RemedyKind> = a.remedies.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [RemedyKind::Redo, RemedyKind::EndService]);
    assert_eq!(a.remedies[1].refund, Some(Amount::Exact(y("2399.99"))));
    let item = a
        .items
        .iter()
        .find(|i| i.kind == ItemKind::PriceRefund)
        .unwrap();
    assert_eq!(item.rule, RuleId::CrplQuality);
    assert_eq!(item.amount, Amount::Exact(y("2399.99")));
    assert_eq!(item.steps[0].calc.to_string(), "0.6 × 3,999.99 = 2,399.99");
    assert_eq!(item.steps[0].label, Label::Unperformed);
    assert_eq!(
        a.consideration(RuleId::CrplQuality).unwrap().outcome,
        Outcome::Applied
    );
}

#[test]
fn unknown_facts_are_asked_for_and_without_rescission_only_redo() {
    let a = run(&lessons(None, None));
    let missing: Vec<_> = a
        .consideration(RuleId::CrplQuality)
        .unwrap()
        .missing
        .iter()
        .map(|f| f.pointer())
        .collect();
    assert_eq!(
        missing,
        [
            "/findings/rescission_conditions_met",
            "/service/unperformed_share"
        ]
    );
    assert!(a.items.iter().all(|i| i.kind != ItemKind::PriceRefund));
    assert_eq!(a.remedies[1].status, RemedyStatus::Open);
    let a = run(&lessons(Some(false), Some("60%")));
    assert_eq!(
        a.remedies.iter().map(|r| r.kind).collect::<Vec<_>>(),
        [RemedyKind::Redo]
    );
    // No quality defect: nothing.
    let mut c = lessons(Some(true), Some("60%"));
    c.findings.quality_defect = Some(false);
    let a = run(&c);
    assert_eq!(
        a.consideration(RuleId::CrplQuality).unwrap().reason,
        Reason::NoQualityDefect
    );
}

#[test]
fn a_prepaid_service_has_its_own_rules() {
    let mut c = lessons(Some(true), Some("60%"));
    c.prepaid = Some(PrepaidFacts::default());
    let a = run(&c);
    assert_eq!(
        a.consideration(RuleId::CrplQuality).unwrap().reason,
        Reason::SpecialRegime
    );
}
