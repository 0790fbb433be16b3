//! The example programme of `examples/data` (invented numbers): every verdict, grade and rank
//! pinned, so a change in the rules shows here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use rust_decimal::Decimal;
use weiquan_support::Diagnostic;
use weiquan_testing::programme::EventKind;
use weiquan_testing::{Conformity, Error, Outcome, Programme, report, score, verdict};

const EXAMPLE: &str = include_str!("../../../examples/data/testing-range-hoods.json");

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn verdicts_round_by_gb_t_8170_and_compare_in_exact_units() {
    let p = Programme::from_json(EXAMPLE).unwrap();
    let v = verdict::verdicts(&p).unwrap();
    let item = |s: usize, i: &str| v[s].items.iter().find(|x| x.item == i).unwrap().clone();
    // S01: 55.5 dB(A) rounds half to even to 56; 1236 m³/h is exactly 20.6 m³/min.
    assert_eq!(item(0, "noise").compared.map(|q| q.value), Some(d("56")));
    assert_eq!(item(0, "air_flow").raw.map(|q| q.value), Some(d("20.6")));
    assert_eq!(v[0].conformity, Conformity::Conforms);
    // S02: 16.95 % rounds to 17.0, below 19 − 10 % = 17.1: fails its label, meets the limit.
    let e = item(1, "efficiency");
    assert_eq!(e.compared.map(|q| q.value), Some(d("17.0")));
    assert_eq!(e.standard, Outcome::Conforms);
    assert_eq!(e.declared_bound.as_deref(), Some("≥ 17.1 %"));
    assert_eq!(e.against_declared, Outcome::DoesNotConform);
    assert_eq!(item(1, "noise").compared.map(|q| q.value), Some(d("58")));
    assert_eq!(v[1].conformity, Conformity::DoesNotConform);
    // S03: 71.5 rounds to 72 > 71; its flow (16.2 m³/min = 972 m³/h) is below 1200 − 10 %.
    assert_eq!(item(2, "noise").standard, Outcome::DoesNotConform);
    assert_eq!(
        item(2, "air_flow").against_declared,
        Outcome::DoesNotConform
    );
    assert_eq!(
        item(2, "air_flow").declared_bound.as_deref(),
        Some("≥ 1080 m³/h")
    );
    // S04: 20.05 rounds to 20.0 (five to even), not 20.1.
    assert_eq!(
        item(3, "efficiency").compared.map(|q| q.value),
        Some(d("20.0"))
    );
    assert_eq!(v[3].conformity, Conformity::Conforms);
    assert_eq!(item(3, "safety").standard, Outcome::NotApplicable);
}

#[test]
fn scores_ranks_and_the_safety_cap_are_as_published() {
    let p = Programme::from_json(EXAMPLE).unwrap();
    let s = score::scores(&p).unwrap();
    let grades: Vec<Decimal> = s.iter().map(|x| x.grade).collect();
    assert_eq!(grades, [d("1.0"), d("1.9"), d("3.3"), d("4.5")]);
    // S03's noise fails its limit: grade 5.0 (its band and its fail grade).
    let noise = s[2].items.iter().find(|g| g.item == "noise").unwrap();
    assert_eq!(noise.grade, d("5.0"));
    // S04: mean 2.2, capped by its safety rating 4.5.
    assert_eq!(s[3].trace[0].grade, d("2.2"));
    assert_eq!(s[3].trace[1].grade, d("4.5"));
    assert!(s[3].trace[1].what.contains("safety-caps-overall"));
    assert_eq!(s[3].name_en.as_deref(), Some("poor"));
    assert_eq!(s[1].name_zh.as_deref(), Some("良"));
    // The published grade is reproduced from the published item grades alone.
    let again = score::overall(p.scoring.as_ref().unwrap(), "S04", s[3].items.clone()).unwrap();
    assert_eq!(again, s[3]);

    let r = report::report(&p).unwrap();
    let order: Vec<&str> = r
        .overall_ranking
        .iter()
        .map(|x| x.sample.as_str())
        .collect();
    assert_eq!(order, ["S01", "S02", "S03", "S04"]);
    let noise = r.items.iter().find(|i| i.item == "noise").unwrap();
    assert_eq!(noise.weakest, ["S03"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.notices.iter().all(|n| n.before_publication == Some(true)));
    let md = r.markdown(&p);
    assert!(md.contains("| 1 | S01 | 1.0 |"), "{md}");
    assert!(md.contains("INVENTED"));
    assert!(md.contains("本项最弱 / weakest in this item: S03"));
}

#[test]
fn a_sample_not_noticed_before_publication_is_a_warning() {
    let mut p = Programme::from_json(EXAMPLE).unwrap();
    p.events
        .retain(|e| !(e.kind == EventKind::NoticeSent && e.sample.as_deref() == Some("S02")));
    let r = report::report(&p).unwrap();
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].starts_with("sample S02: no notice"));
    assert_eq!(r.notices[1].before_publication, Some(false));
}

#[test]
fn a_missing_result_is_reported_never_presumed() {
    let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    value["results"].as_array_mut().unwrap().remove(5); // S02 noise
    let p = Programme::from_value(&value).unwrap();
    let v = verdict::verdicts(&p).unwrap();
    assert_eq!(v[1].conformity, Conformity::DoesNotConform); // its label failure stands
    value["results"].as_array_mut().unwrap().remove(0); // S01 efficiency
    let p = Programme::from_value(&value).unwrap();
    let v = verdict::verdicts(&p).unwrap();
    assert_eq!(v[0].conformity, Conformity::Undetermined);
    let missing = verdict::missing_results(&p, &v);
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0].pointer, "/samples/0");
    match score::scores(&p).unwrap_err() {
        Error::Incomplete(e) => {
            assert_eq!(e.len(), 2);
            assert_eq!(e[0].code, "testing.result_missing");
            assert_eq!(e[0].value.as_deref(), Some("efficiency"));
        }
        e => panic!("{e}"),
    }
    let e = report::report(&p).unwrap_err();
    assert_eq!(e.code(), "testing.incomplete");
    assert_eq!(Diagnostic::kind(&e), weiquan_support::Kind::Rejected);
}

#[test]
fn every_problem_of_a_programme_is_reported_with_its_pointer() {
    let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    value["schema_version"] = 2.into();
    value["samples"][1]["id"] = "S01".into();
    value["items"][1]["requirement"]["limit"]["unit"] = "w".into();
    value["items"][2]["weight"] = "0".into();
    value["items"][0]["grading"]["bands"][1]["bound"] = "25".into();
    value["results"][3]["rating"] = "7".into();
    value["results"][4]["item"] = "price".into();
    value["samples"][2]["evidence"] = serde_json::json!([]);
    let e = Programme::from_value(&value).unwrap_err();
    let Error::Invalid(problems) = e else {
        panic!()
    };
    let got: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("/schema_version", "testing.schema_version"),
            ("/samples/1/id", "testing.duplicate_id"),
            ("/samples/2/evidence", "testing.evidence_missing"),
            ("/items/0/grading/bands", "testing.bands_order"),
            ("/items/1/requirement/limit/unit", "testing.unit_mismatch"),
            ("/items/2/weight", "testing.weight"),
            ("/results/3/rating", "testing.grade_range"),
            // Renaming S02 to S01 leaves S02's results and notice pointing at nothing.
            ("/results/4/sample", "testing.unknown_sample"),
            ("/results/4/item", "testing.unknown_item"),
            ("/results/5/sample", "testing.unknown_sample"),
            ("/results/6/sample", "testing.unknown_sample"),
            ("/results/7/sample", "testing.unknown_sample"),
            ("/events/1/sample", "testing.unknown_sample"),
        ]
    );
    assert!(problems.iter().all(|p| !p.message_zh.is_empty()));
}

#[test]
fn shape_errors_point_at_the_field_and_numbers_must_be_strings() {
    let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    value["results"][0]["measured"]["value"] = serde_json::json!(21.34);
    let Error::Invalid(p) = Programme::from_value(&value).unwrap_err() else {
        panic!()
    };
    assert_eq!(p[0].pointer, "/results/0/measured/value");
    let mut value: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    value["items"][0]["colour"] = "red".into();
    let Error::Invalid(p) = Programme::from_value(&value).unwrap_err() else {
        panic!()
    };
    assert_eq!(p[0].pointer, "/items/0/colour");
    assert_eq!(p[0].code, "field.unknown");
    let e = Programme::from_json("{\n  \"id\": ").unwrap_err();
    assert_eq!(e.code(), "testing.json_syntax");
}
