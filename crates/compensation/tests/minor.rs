//! A minor's payment claimed back by the guardian: Civil Code Arts. 17–20, 144–145, 157, the
//! boundary days of each age, and the complaint that carries the child's resident ID.
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
use weiquan_complaint::{OnBehalfOf, Relation, ResidentId};

fn run(c: &ClaimDocument) -> Assessment {
    assess_with(c, &Policy::default(), &NoCalendar).unwrap()
}

/// A top-up of 6,480.00 paid on `paid` by a child born on `born`.
fn topup(born: &str, paid: &str, appropriate: Option<bool>) -> ClaimDocument {
    let mut c = claim(Kind::Service, "6480.00", paid);
    c.minor = Some(MinorFacts {
        birth_date: Some(d(born)),
        appropriate_to_age: appropriate,
        ..MinorFacts::default()
    });
    c
}

fn outcome(a: &Assessment) -> (Outcome, Reason) {
    let c = a.consideration(RuleId::MinorPayment).unwrap();
    (c.outcome, c.reason)
}

fn missing(a: &Assessment) -> Vec<&'static str> {
    a.consideration(RuleId::MinorPayment)
        .unwrap()
        .missing
        .iter()
        .map(|f| f.pointer())
        .collect()
}

#[test]
fn an_unratified_payment_beyond_the_age_is_refunded_to_the_fen() {
    let mut c = topup("2016-03-10", "2025-03-11", Some(false));
    c.purchase.price_paid = y("6480.37");
    let a = run(&c);
    assert_eq!(outcome(&a), (Outcome::Applied, Reason::Applies));
    let item = a.item(RuleId::MinorPayment).unwrap();
    assert_eq!(item.kind, ItemKind::PriceRefund);
    assert_eq!(item.amount, Amount::Exact(y("6480.37")));
    assert!(item.proposed);
    assert_eq!(
        item.steps[0].calc.to_string(),
        "age(2016-03-10, 2025-03-11) = 9"
    );
    assert_eq!(item.steps[0].parameter, Some(ParamId::LimitedCapacityAge));
    assert_eq!(a.total, Amount::Exact(y("6480.37")));
    // Not a consumer-scope rule: no presumption flagged for it.
    let mut c = topup("2016-03-10", "2025-03-11", Some(false));
    c.purchase.purpose = None;
    c.purchase.seller_is_operator = None;
    let a = run(&c);
    assert!(
        a.consideration(RuleId::MinorPayment)
            .unwrap()
            .missing
            .is_empty()
    );
}

#[test]
fn under_eight_every_payment_is_void_and_the_eighth_birthday_is_the_boundary() {
    // Born 2017-03-10: 7 on 2025-03-10 (Art. 20: no capacity, void whatever it bought) …
    let a = run(&topup("2017-03-10", "2025-03-10", None));
    assert_eq!(outcome(&a), (Outcome::Applied, Reason::Applies));
    let step = &a.item(RuleId::MinorPayment).unwrap().steps[0];
    assert_eq!(step.calc.to_string(), "age(2017-03-10, 2025-03-10) = 7");
    assert_eq!(step.parameter, Some(ParamId::LimitedCapacityAge));
    // … 8 the next day (Art. 19): whether it suits the age is then needed.
    let a = run(&topup("2017-03-10", "2025-03-11", None));
    assert_eq!(outcome(&a), (Outcome::MissingFacts, Reason::Missing));
    assert_eq!(missing(&a), ["/minor/appropriate_to_age"]);
    let a = run(&topup("2017-03-10", "2025-03-11", Some(true)));
    assert_eq!(
        outcome(&a),
        (Outcome::NotApplicable, Reason::AppropriateToAge)
    );
    assert_eq!(a.total, Amount::Exact(y("0.00")));
}

#[test]
fn at_eighteen_an_adult_and_from_sixteen_self_support_counts() {
    // Born 2007-06-01: 17 on 2025-06-01, 18 on 2025-06-02 (Art. 17).
    let a = run(&topup("2007-06-01", "2025-06-01", Some(false)));
    assert_eq!(outcome(&a), (Outcome::MissingFacts, Reason::Missing));
    assert_eq!(missing(&a), ["/minor/self_supporting"]);
    let a = run(&topup("2007-06-01", "2025-06-02", Some(false)));
    assert_eq!(outcome(&a), (Outcome::NotApplicable, Reason::Adult));
    // 16 and living on their own wages (Art. 18 para. 2): full capacity.
    let mut c = topup("2009-01-15", "2025-06-01", Some(false));
    c.minor.as_mut().unwrap().self_supporting = Some(true);
    assert_eq!(
        outcome(&run(&c)),
        (Outcome::NotApplicable, Reason::SelfSupporting)
    );
    c.minor.as_mut().unwrap().self_supporting = Some(false);
    assert_eq!(outcome(&run(&c)), (Outcome::Applied, Reason::Applies));
    // 15: self-support does not matter.
    let a = run(&topup("2010-01-15", "2025-06-01", Some(false)));
    assert_eq!(outcome(&a), (Outcome::Applied, Reason::Applies));
}

#[test]
fn consent_or_ratification_keeps_the_payment() {
    let mut c = topup("2016-03-10", "2025-03-11", Some(false));
    c.minor.as_mut().unwrap().guardian_consented = true;
    assert_eq!(
        outcome(&run(&c)),
        (Outcome::NotApplicable, Reason::GuardianConsented)
    );
}

#[test]
fn unknown_birth_date_is_a_missing_fact_and_no_minor_no_rule() {
    let mut c = topup("2016-03-10", "2025-03-11", Some(false));
    c.minor.as_mut().unwrap().birth_date = None;
    let a = run(&c);
    assert_eq!(missing(&a), ["/minor/birth_date"]);
    let a = run(&claim(Kind::Service, "10.00", "2025-03-11"));
    assert_eq!(outcome(&a), (Outcome::NotApplicable, Reason::NotMinor));
    // Before the Civil Code, the rule is not in force (facts dated 2020-12-31).
    let a = run(&topup("2012-03-10", "2020-12-31", Some(false)));
    assert_eq!(outcome(&a), (Outcome::NotInForce, Reason::NotInForce));
}

#[test]
fn a_birth_date_after_the_payment_is_refused() {
    let err = ClaimDocument::from_json(
        r#"{"schema_version": 1,
            "purchase": {"kind": "service", "price_paid": "1", "purchase_date": "2025-03-11"},
            "minor": {"birth_date": "2025-03-12"}}"#,
    )
    .unwrap_err();
    let Error::Invalid(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.0[0].pointer, "/minor/birth_date");
    assert_eq!(e.0[0].code, "minor.born_after_payment");
}

#[test]
fn a_guardians_complaint_gives_the_childs_birth_date() {
    let mut complaint = weiquan_synth::generate::Generator::new(5).next().unwrap();
    assert_eq!(ClaimDocument::from_complaint(&complaint).minor, None);
    // A valid resident ID of a child born 2016-03-10 (check character computed).
    let base = "11010520160310123";
    let id: ResidentId = format!("{base}{}", ResidentId::check_char_for(base).unwrap())
        .parse()
        .unwrap();
    complaint.consumer.on_behalf_of = Some(OnBehalfOf {
        relation: Relation::Guardian,
        name: "王小明".into(),
        resident_id: Some(id),
    });
    let claim = ClaimDocument::from_complaint(&complaint);
    assert_eq!(claim.minor.unwrap().birth_date, Some(d("2016-03-10")));
    complaint
        .consumer
        .on_behalf_of
        .as_mut()
        .unwrap()
        .resident_id = None;
    let claim = ClaimDocument::from_complaint(&complaint);
    assert_eq!(claim.minor.unwrap().birth_date, None);
}
