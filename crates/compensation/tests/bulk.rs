//! Knowing buyers and repeat purchases (SPC Fa Shi [2024] No. 9 Arts. 12–14): bulk quantities
//! are flagged; purchases of the same goods from the same seller are assessed together.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{claim, d, y};
use weiquan_compensation::*;

fn oil(quantity: u32, price: &str, bought: &str) -> ClaimDocument {
    let mut c = claim(Kind::Food, price, bought);
    c.purchase.quantity = quantity;
    c.findings.food_standard_violated = Some(true);
    c.findings.respondent_produced_or_knew = Some(true);
    c.findings.food_defect = Some(FoodDefect::Substantive);
    c
}

fn run(c: &ClaimDocument, policy: &Policy) -> Assessment {
    assess_with(c, policy, &NoCalendar).unwrap()
}

#[test]
fn a_bulk_quantity_is_flagged_from_the_policys_threshold() {
    let p = Policy::default();
    assert_eq!(p.bulk_quantity, 10);
    assert!(
        run(&oil(10, "500.00", "2025-03-03"), &p)
            .flags
            .contains(Flag::BulkQuantity)
    );
    assert!(
        !run(&oil(9, "450.00", "2025-03-03"), &p)
            .flags
            .contains(Flag::BulkQuantity)
    );
    // The flag changes no amount.
    let a = run(&oil(50, "2500.00", "2025-03-03"), &p);
    assert_eq!(
        a.item(RuleId::FslFood).unwrap().amount,
        Amount::Exact(y("25000.00"))
    );
    // A reasonable quantity found: the limit applies instead, no flag.
    let mut c = oil(50, "2500.00", "2025-03-03");
    c.findings.buyer_knew = true;
    c.findings.reasonable_quantity = Some(4);
    let a = run(&c, &p);
    assert!(!a.flags.contains(Flag::BulkQuantity));
    // 2,500.00 × 4 ÷ 50 = 200.00; 10 × 200.00 = 2,000.00.
    assert_eq!(
        a.item(RuleId::FslFood).unwrap().amount,
        Amount::Exact(y("2000.00"))
    );
    // Off, and not for goods without a ten-fold regime.
    let off = Policy {
        bulk_quantity: 0,
        ..Policy::default()
    };
    assert!(
        !run(&oil(50, "2500.00", "2025-03-03"), &off)
            .flags
            .contains(Flag::BulkQuantity)
    );
    let mut g = claim(Kind::Goods, "2500.00", "2025-03-03");
    g.purchase.quantity = 50;
    g.findings.fraud = Some(true);
    assert!(!run(&g, &p).flags.contains(Flag::BulkQuantity));
}

#[test]
fn repeat_purchases_are_assessed_together() {
    let c = ClaimDocument::combine(&[
        oil(3, "150.00", "2025-03-05"),
        oil(4, "200.01", "2025-03-03"),
        oil(5, "250.00", "2025-03-07"),
    ])
    .unwrap();
    assert_eq!(c.purchase.price_paid, y("600.01"));
    assert_eq!(c.purchase.quantity, 12);
    assert_eq!(c.purchase.purchase_date, d("2025-03-03"));
    let a = run(&c, &Policy::default());
    assert_eq!(
        a.item(RuleId::FslFood).unwrap().amount,
        Amount::Exact(y("6000.10"))
    );
    assert!(a.flags.contains(Flag::BulkQuantity));
    // A knowing buyer's reasonable quantity applies to the purchases together (Art. 13).
    let mut k = c.clone();
    k.findings.buyer_knew = true;
    k.findings.reasonable_quantity = Some(3);
    // 600.01 × 3 ÷ 12 = 150.0025 → 150.00; 10 × 150.00 = 1,500.00.
    let a = run(&k, &Policy::default());
    assert_eq!(
        a.item(RuleId::FslFood).unwrap().amount,
        Amount::Exact(y("1500.00"))
    );
}

#[test]
fn only_purchases_that_can_be_combined_are() {
    let code = |r: Result<ClaimDocument, Error>| match r {
        Err(Error::Invalid(e)) => (e.0[0].pointer.clone(), e.0[0].code.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        code(ClaimDocument::combine(&[])),
        ("/0".to_owned(), "claims.combine".to_owned())
    );
    let goods = claim(Kind::Goods, "10.00", "2025-03-03");
    assert_eq!(
        code(ClaimDocument::combine(&[
            oil(1, "10.00", "2025-03-03"),
            goods
        ])),
        ("/1/purchase/kind".to_owned(), "claims.combine".to_owned())
    );
    // Either side of the 2015 Food Safety Law (in force 2015-10-01).
    assert_eq!(
        code(ClaimDocument::combine(&[
            oil(1, "10.00", "2015-09-30"),
            oil(1, "10.00", "2015-10-01")
        ])),
        (
            "/1/purchase/purchase_date".to_owned(),
            "claims.combine".to_owned()
        )
    );
    // One claim is itself.
    let one = oil(2, "10.00", "2025-03-03");
    let mut same = one.clone();
    same.purchase.receipt_date = None;
    assert_eq!(
        ClaimDocument::combine(std::slice::from_ref(&one)).unwrap(),
        same
    );
}
