//! The consumer's own share of fault in the losses (Civil Code Art. 1173): asked for where
//! losses are claimed, applied to the fen.
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

fn losses(amount: &str, share: Option<&str>) -> Assessment {
    let mut c = claim(Kind::Goods, "100.00", "2025-03-03");
    c.proven_losses = Some(y(amount));
    c.findings.consumer_fault_share = share.map(|s| s.parse().unwrap());
    assess_with(&c, &Policy::default(), &NoCalendar).unwrap()
}

#[test]
fn the_consumers_share_reduces_the_losses() {
    let a = losses("300.00", Some("20%"));
    let item = a.item(RuleId::Losses).unwrap();
    assert_eq!(item.amount, Amount::Exact(y("240.00")));
    assert_eq!(item.steps[0].label, Label::FaultShare);
    assert_eq!(item.steps[0].calc.to_string(), "0.8 × 300.00 = 240.00");
    assert!(a.consideration(RuleId::Losses).unwrap().missing.is_empty());
}

#[test]
fn to_the_fen_half_away_from_zero() {
    // 0.05 × 0.5 = 0.025 → 0.03.
    let a = losses("0.05", Some("0.5"));
    assert_eq!(
        a.item(RuleId::Losses).unwrap().amount,
        Amount::Exact(y("0.03"))
    );
    // 100.00 × (1 − 33.33 %) = 66.67.
    let a = losses("100.00", Some("33.33%"));
    assert_eq!(
        a.item(RuleId::Losses).unwrap().amount,
        Amount::Exact(y("66.67"))
    );
    // The whole fault the consumer's: nothing.
    let a = losses("100.00", Some("100%"));
    assert_eq!(
        a.item(RuleId::Losses).unwrap().amount,
        Amount::Exact(y("0.00"))
    );
}

#[test]
fn unknown_share_is_asked_for_and_none_is_no_reduction() {
    let a = losses("300.00", None);
    assert_eq!(
        a.item(RuleId::Losses).unwrap().amount,
        Amount::Exact(y("300.00"))
    );
    assert_eq!(
        a.consideration(RuleId::Losses)
            .unwrap()
            .missing
            .iter()
            .map(|f| f.pointer())
            .collect::<Vec<_>>(),
        ["/findings/consumer_fault_share"]
    );
    let a = losses("300.00", Some("0%"));
    let item = a.item(RuleId::Losses).unwrap();
    assert_eq!(item.amount, Amount::Exact(y("300.00")));
    assert!(item.steps.is_empty());
    assert!(a.consideration(RuleId::Losses).unwrap().missing.is_empty());
}

#[test]
fn a_share_above_the_whole_is_refused() {
    let err = ClaimDocument::from_json(
        r#"{"schema_version": 1,
            "purchase": {"kind": "goods", "price_paid": "1", "purchase_date": "2025-03-03"},
            "proven_losses": "10", "findings": {"consumer_fault_share": "120%"}}"#,
    )
    .unwrap_err();
    let Error::Invalid(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.0[0].pointer, "/findings/consumer_fault_share");
}
