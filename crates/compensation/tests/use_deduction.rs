//! The price refunded on rescission less the court's deduction for use (Civil Code Art. 566
//! para. 1), estimated for a family car by SAMR Order No. 43 Art. 27's formula at its maximum
//! coefficient.
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

/// A car sold by fraud (a repaired car sold as new) for 150,000.00, no 三包 fault.
fn car(km: Option<u32>) -> ClaimDocument {
    let mut c = claim(Kind::FamilyCar, "150000.00", "2025-03-03");
    c.findings.fraud = Some(true);
    c.car.odometer_km = km;
    c
}

fn refund(a: &Assessment) -> &Item {
    a.items
        .iter()
        .find(|i| i.kind == ItemKind::PriceRefund)
        .unwrap()
}

#[test]
fn a_car_refund_shows_the_courts_deduction_for_use() {
    let a = run(&car(Some(12_000)));
    let r = refund(&a);
    assert_eq!(r.rule, RuleId::CrplFraud);
    // 150,000.00 × 12,000 ÷ 1,000 × 0.5 % = 9,000.00; the refund 141,000.00 – 150,000.00.
    assert_eq!(
        r.amount,
        Amount::Range {
            min: y("141000.00"),
            max: y("150000.00")
        }
    );
    let calcs: Vec<String> = r.steps.iter().map(|s| s.calc.to_string()).collect();
    assert_eq!(
        calcs,
        [
            "150,000.00 × 12,000 ÷ 1,000 × 0.5% = 9,000.00",
            "150,000.00 − 9,000.00 = 141,000.00"
        ]
    );
    assert_eq!(r.steps[0].parameter, Some(ParamId::CarUseCoefficientMax));
    assert!(r.notes.contains(Note::UseDeduction));
    // The punitive part is still 3 × the whole price.
    assert_eq!(
        a.item(RuleId::CrplFraud).unwrap().amount,
        Amount::Exact(y("450000.00"))
    );
    assert_eq!(
        a.total,
        Amount::Range {
            min: y("591000.00"),
            max: y("600000.00")
        }
    );
}

#[test]
fn to_the_fen_and_at_zero_km() {
    // 99,999.99 × 1 ÷ 1,000 × 0.5 % = 0.4999… → 0.50.
    let mut c = car(Some(1));
    c.purchase.price_paid = y("99999.99");
    let r = refund(&run(&c)).clone();
    assert_eq!(
        r.amount,
        Amount::Range {
            min: y("99999.49"),
            max: y("99999.99")
        }
    );
    // Never driven: nothing to deduct.
    let r = refund(&run(&car(Some(0)))).clone();
    assert_eq!(r.amount, Amount::Exact(y("150000.00")));
}

#[test]
fn without_the_odometer_the_deduction_is_asked_for() {
    let a = run(&car(None));
    let r = refund(&a);
    assert_eq!(r.amount, Amount::Exact(y("150000.00")));
    assert!(r.notes.contains(Note::UseDeductionUnknown));
    assert!(
        a.consideration(RuleId::CrplFraud)
            .unwrap()
            .missing
            .contains(Fact::CarOdometer)
    );
}

#[test]
fn other_goods_are_refunded_whole() {
    let mut c = claim(Kind::Goods, "1299.00", "2025-03-03");
    c.findings.fraud = Some(true);
    let a = run(&c);
    let r = refund(&a);
    assert_eq!(r.amount, Amount::Exact(y("1299.00")));
    assert!(r.notes.is_empty());
}
