//! The facts a decision turns on, carried by the complaint: the purpose of the purchase
//! (CRPL Art. 2), the respondent's operator status, the day the consumer knew of the
//! infringement and earlier handling of the dispute (SAMR Order No. 20 Art. 15 items (2)–(4),
//! Order No. 121 Art. 16 items (2)–(4)). All optional: a complaint without them is as valid as
//! before.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use serde_json::{Value, json};
use weiquan_complaint::{Complaint, EarlierHandler, Error, FieldClass, Purpose, field_class};

fn sample() -> Value {
    serde_json::from_str(&weiquan_synth::generate::sample_json()).unwrap()
}

fn errors(v: &Value) -> Vec<(String, String)> {
    match Complaint::from_json(&v.to_string()) {
        Err(Error::Invalid(e)) => e.0.into_iter().map(|f| (f.pointer, f.code)).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_facts_are_optional_and_read_when_given() {
    let v = sample();
    let c = Complaint::from_json(&v.to_string()).unwrap();
    assert_eq!(c.purchase.purpose, None);
    assert_eq!(c.business.is_operator, None);
    assert_eq!(c.dispute, None);
    assert!(!c.to_json().contains("dispute"));

    let mut v = sample();
    v["purchase"]["purpose"] = json!("not_living_consumption");
    v["business"]["is_operator"] = json!(false);
    let received = v["received_at"].as_str().unwrap()[..10].to_owned();
    v["dispute"] =
        json!({"known_on": received, "earlier_handled_by": "other_mediation_organisation"});
    let c = Complaint::from_json(&v.to_string()).unwrap();
    assert_eq!(c.purchase.purpose, Some(Purpose::NotLivingConsumption));
    assert_eq!(c.business.is_operator, Some(false));
    let d = c.dispute.as_ref().unwrap();
    assert_eq!(
        d.earlier_handled_by,
        Some(EarlierHandler::OtherMediationOrganisation)
    );
    // Round trip.
    assert_eq!(Complaint::from_json(&c.to_json()).unwrap(), c);
    // Chinese names are accepted for the codes, as for every vocabulary.
    v["purchase"]["purpose"] = json!("生活消费");
    let c = Complaint::from_json(&v.to_string()).unwrap();
    assert_eq!(c.purchase.purpose, Some(Purpose::LivingConsumption));
}

#[test]
fn a_day_of_knowledge_after_receipt_is_refused() {
    let mut v = sample();
    let c = Complaint::from_json(&v.to_string()).unwrap();
    let after = weiquan_complaint::cst();
    let day = c
        .received_at
        .with_timezone(&after)
        .date_naive()
        .succ_opt()
        .unwrap();
    v["dispute"] = json!({"known_on": day.to_string()});
    assert_eq!(
        errors(&v),
        [(
            "/dispute/known_on".to_owned(),
            "known_on.after_received".to_owned()
        )]
    );
}

#[test]
fn bad_codes_and_types_are_reported_with_their_pointers() {
    let mut v = sample();
    v["purchase"]["purpose"] = json!("restaurant");
    v["business"]["is_operator"] = json!("yes");
    v["dispute"] = json!({"known_on": "2024-02-30", "earlier_handled_by": "mediator", "extra": 1});
    let errs = errors(&v);
    for (ptr, code) in [
        ("/purchase/purpose", "code.unknown"),
        ("/business/is_operator", "field.type"),
        ("/dispute/known_on", "field.type"),
        ("/dispute/earlier_handled_by", "code.unknown"),
        ("/dispute/extra", "field.unknown"),
    ] {
        assert!(
            errs.iter().any(|(p, c)| p == ptr && c == code),
            "{ptr} {code}: {errs:?}"
        );
    }
}

#[test]
fn the_day_of_knowledge_is_a_quasi_identifier() {
    assert_eq!(
        field_class("/dispute/known_on"),
        Some(FieldClass::QuasiIdentifier)
    );
    assert_eq!(
        field_class("/dispute/earlier_handled_by"),
        Some(FieldClass::Sensitive)
    );
    assert_eq!(field_class("/purchase/purpose"), Some(FieldClass::Public));
}

#[test]
fn a_complaint_says_who_files_for_whom() {
    let mut v = sample();
    // A parent files for a child born 2016-03-10 (check character computed).
    let base = "11010520160310123";
    let id = format!(
        "{base}{}",
        weiquan_complaint::ResidentId::check_char_for(base).unwrap()
    );
    v["consumer"]["on_behalf_of"] =
        json!({"relation": "guardian", "name": " 王小明 ", "resident_id": id});
    let c = Complaint::from_json(&v.to_string()).unwrap();
    let o = c.consumer.on_behalf_of.as_ref().unwrap();
    assert_eq!(o.relation, weiquan_complaint::Relation::Guardian);
    assert_eq!(o.name, "王小明");
    assert_eq!(
        o.resident_id.as_ref().unwrap().birth_date().to_string(),
        "2016-03-10"
    );
    assert_eq!(
        field_class("/consumer/on_behalf_of/resident_id"),
        Some(FieldClass::DirectIdentifier)
    );
    // The relation and the name are required; a bad ID is reported where it is.
    v["consumer"]["on_behalf_of"] = json!({"resident_id": "110105201603101230"});
    let errs = errors(&v);
    assert!(
        errs.contains(&(
            "/consumer/on_behalf_of/relation".into(),
            "field.required".into()
        )),
        "{errs:?}"
    );
    assert!(
        errs.contains(&(
            "/consumer/on_behalf_of/name".into(),
            "field.required".into()
        )),
        "{errs:?}"
    );
}
