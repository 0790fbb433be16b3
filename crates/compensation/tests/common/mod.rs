//! Builders shared by the integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::NaiveDate;
use weiquan_compensation::{ClaimDocument, Kind, Purchase};
use weiquan_complaint::Yuan;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn y(s: &str) -> Yuan {
    s.parse().unwrap()
}

/// A claim for living consumption from an operator: the scope of the consumer regime is
/// stated, so that the tests of each rule see only that rule's missing facts (the tests of
/// the scope itself clear these two).
pub fn claim(kind: Kind, price: &str, bought: &str) -> ClaimDocument {
    ClaimDocument::new(Purchase {
        kind,
        category: None,
        price_paid: y(price),
        quantity: 1,
        purchase_date: d(bought),
        receipt_date: None,
        distance_sale: false,
        purpose: Some(weiquan_complaint::Purpose::LivingConsumption),
        seller_is_operator: Some(true),
    })
}
