//! The compact form of an assessment: exact documents for known claims, and the laws that tie
//! it to the full assessment over generated claims.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

mod common;

use common::{claim, d};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use weiquan_compensation::*;
use weiquan_synth::generate::Generator;

/// Non-compliant milk powder bought online for 180 yuan, for the family, from a shop; the
/// seller knew (the crate example).
const MILK: &str = r#"{
  "schema_version": 1,
  "purchase": {"kind": "food", "price_paid": "180.00", "purchase_date": "2025-04-10",
               "receipt_date": "2025-04-12", "distance_sale": true,
               "purpose": "living_consumption", "seller_is_operator": true},
  "request_date": "2025-04-15",
  "findings": {"food_standard_violated": true, "respondent_produced_or_knew": true,
               "food_defect": "substantive", "fraud": true},
  "returns": {"exclusion": "perishable"}
}"#;

fn compact(text: &str, policy: &Policy) -> Value {
    let a = assess(&ClaimDocument::from_json(text).unwrap(), policy).unwrap();
    serde_json::from_str(&a.compact().to_json()).unwrap()
}

#[test]
fn the_milk_powder_claim_in_full() {
    let a = assess(&ClaimDocument::from_json(MILK).unwrap(), &Policy::default()).unwrap();
    assert_eq!(
        a.compact().to_json(),
        concat!(
            r#"{"schema_version":1,"form":"compact","facts_date":"2025-04-10","total":"1980.00","#,
            r#""total_steps":[{"label":"total","calc":"180.00 + 1,800.00 = 1,980.00"}],"#,
            r#""items":["#,
            r#"{"kind":"price_refund","rule":"fsl_2015_148_2","reliability":"verified","amount":"180.00","proposed":true,"steps":[]},"#,
            r#"{"kind":"fraud_compensation","rule":"crpl_2013_55_1","reliability":"verified","amount":"540.00","proposed":false,"notes":["alternative"],"steps":["#,
            r#"{"label":"price_multiple","calc":"3 × 180.00 = 540.00","param":"crpl_2013_55_1_multiplier"},"#,
            r#"{"label":"minimum","calc":"max(540.00, 500.00) = 540.00","param":"crpl_2013_55_1_minimum"}]},"#,
            r#"{"kind":"food_punitive","rule":"fsl_2015_148_2","reliability":"verified","amount":"1800.00","proposed":true,"notes":["loss_option_not_computed"],"steps":["#,
            r#"{"label":"price_multiple","calc":"10 × 180.00 = 1,800.00","param":"fsl_2015_148_2_price_multiplier"},"#,
            r#"{"label":"minimum","calc":"max(1,800.00, 1,000.00) = 1,800.00","param":"fsl_2015_148_2_minimum"}]}],"#,
            r#""remedies":[],"#,
            r#""missing_facts":[{"rule":"crpl_2013_55_2","fact":"/proven_losses"},"#,
            r#"{"rule":"crpl_2013_55_2","fact":"/findings/knowingly_defective_causing_harm"},"#,
            r#"{"rule":"compensatory_losses","fact":"/proven_losses"},"#,
            r#"{"rule":"crpl_2013_24","fact":"/findings/quality_defect"}],"#,
            r#""flags":["missing_facts"],"applied":["fsl_2015_148_2"],"offered":["crpl_2013_55_1"],"#,
            r#""not_applied":{"crpl_1993_49":"not_in_force","crpl_2013_55_2":"missing","fsl_2009_96":"not_in_force","#,
            r#""dal_2019_144_3":"not_drug","tourism_70":"not_tour","compensatory_losses":"missing","#,
            r#""crpl_2013_24":"missing","crpl_2013_25":"excluded","sanbao_1995_9":"not_warranty_goods","#,
            r#""sanbao_1995_10":"not_warranty_goods","sanbao_1995_11":"not_warranty_goods","car_2021_22":"not_car","#,
            r#""car_2021_23":"not_car","car_2021_20":"not_car","car_2021_24":"not_car","car_2021_19":"not_car","#,
            r#""car_2021_21":"not_car","prepaid_2025_14":"not_prepaid","prepaid_2025_15":"not_prepaid","#,
            r#""prepaid_2025_22":"not_prepaid","prepaid_2025_16":"not_prepaid","civil_2020_145":"not_minor"}}"#
        )
    );
    // A tenth of the full document.
    let full = serde_json::to_string(&a).unwrap().len();
    let small = a.compact().to_json().len();
    assert!(small * 8 < full, "{small} vs {full}");
}

#[test]
fn a_remedy_keeps_its_window_conditions_and_operator_deadline() {
    let v = compact(
        r#"{"schema_version": 1, "id": "c-17",
            "purchase": {"kind": "goods", "price_paid": "259", "purchase_date": "2025-06-01",
                         "receipt_date": "2025-06-03", "distance_sale": true},
            "request_date": "2025-06-10",
            "returns": {"exclusion": "none", "returned_goods_received_on": "2025-06-12"}}"#,
        &Policy::default(),
    );
    assert_eq!(v["claim_id"], "c-17");
    // The official calendar (the default feature) knows 2025-06-10 is a working day. The
    // claim says neither the purpose nor whether the seller is an operator: the return is
    // assessed on the stated default, flagged.
    let (extension, flags) = if cfg!(feature = "calendar") {
        (
            "not_needed",
            json!(["missing_facts", "consumer_scope_presumed"]),
        )
    } else {
        (
            "no_calendar",
            json!(["no_calendar", "missing_facts", "consumer_scope_presumed"]),
        )
    };
    assert_eq!(
        v["remedies"][0],
        json!({
            "kind": "no_reason_return", "rule": "crpl_2013_25", "reliability": "verified",
            "status": "available",
            "window": {"kind": "request_by", "param": "crpl_2013_25_return_days", "from": "2025-06-03",
                       "last_day": "2025-06-10", "extension": extension},
            "refund": "259.00",
            "conditions": ["goods_intact", "consumer_pays_shipping", "return_gifts"],
            "operator_deadlines": [{"param": "crpl_2013_25_refund_days", "due": "2025-06-19"}]
        })
    );
    assert_eq!(v["flags"], flags);
}

#[test]
fn a_holiday_extension_shows_the_day_it_moved_to() {
    let c = ClaimDocument::from_json(
        r#"{"schema_version": 1,
            "purchase": {"kind": "goods", "price_paid": "259", "purchase_date": "2025-09-20",
                         "receipt_date": "2025-09-24", "distance_sale": true},
            "request_date": "2025-10-09", "returns": {"exclusion": "none"}}"#,
    )
    .unwrap();
    let rest: Vec<_> = (1..=8)
        .map(|i| d(&format!("2025-10-{i:02}")))
        .chain([d("2025-09-27"), d("2025-09-28")])
        .collect();
    let cal = RestDayList::new(d("2025-09-01"), d("2025-10-31"), rest);
    let a = assess_with(&c, &Policy::default(), &cal).unwrap();
    let v: Value = serde_json::from_str(&a.compact().to_json()).unwrap();
    assert_eq!(
        v["remedies"][0]["window"],
        json!({"kind": "request_by", "param": "crpl_2013_25_return_days", "from": "2025-09-24",
               "last_day": "2025-10-01", "extension": "extended", "extended_to": "2025-10-09"})
    );
}

#[test]
fn car_deadlines_in_working_days() {
    let mut c = claim(Kind::FamilyCar, "150000", "2023-03-01");
    c.purchase.receipt_date = Some(d("2023-03-05"));
    c.car.fault_date = Some(d("2023-03-08"));
    c.car.major_assembly_replacement_needed = Some(true);
    c.request_date = Some(d("2023-03-09"));
    let weekends: Vec<_> = (0..60)
        .map(|i| d("2023-03-01") + chrono::Days::new(i))
        .filter(|x| chrono::Datelike::weekday(x).number_from_monday() >= 6)
        .collect();
    let cal = RestDayList::new(d("2023-03-01"), d("2023-04-30"), weekends);
    let a = assess_with(&c, &Policy::default(), &cal).unwrap();
    let v: Value = serde_json::from_str(&a.compact().to_json()).unwrap();
    let car = v["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == RuleId::Car7Days.code())
        .unwrap();
    assert_eq!(
        car["operator_deadlines"],
        json!([{"param": "car_2021_28_answer_days", "due": "2023-03-23"},
               {"param": "car_2021_28_complete_days", "due": "2023-04-06"}])
    );
}

/// A prepaid card whose operator stopped supplying, refunded with interest.
fn prepaid_with_interest() -> ClaimDocument {
    let mut c = claim(Kind::Service, "1000", "2025-05-01");
    c.request_date = Some(d("2025-11-01"));
    c.prepaid = Some(PrepaidFacts {
        already_obtained_same: Some(false),
        cause: Some(RefundCause::Operator),
        unlimited: Some(UnlimitedTerm {
            term_start: d("2025-05-01"),
            term_end: d("2026-04-30"),
            supply_stopped_on: Some(d("2025-10-01")),
        }),
        rescinded_on: Some(d("2025-11-01")),
        interest: Some(InterestFacts {
            annual_rate: "3.1%".parse().unwrap(),
            basis: RateBasis::LprOneYear,
            until: d("2026-01-30"),
        }),
        ..PrepaidFacts::default()
    });
    c
}

fn item(v: &Value, rule: RuleId) -> &Value {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|i| i["rule"] == rule.code())
        .unwrap()
}

#[test]
fn an_unverified_number_is_named_and_flagged() {
    // Interest pro-rated by days ÷ 365: a [U] number of the reference.
    let a = assess(&prepaid_with_interest(), &Policy::default()).unwrap();
    let v: Value = serde_json::from_str(&a.compact().to_json()).unwrap();
    assert_eq!(
        item(&v, RuleId::PrepaidInterest)["steps"],
        json!([{"label": "interest", "calc": "580.82 × 3.1% × 90 ÷ 365 = 4.44",
                "param": "prepaid_2025_16_day_basis"}])
    );
    assert_eq!(v["total"], "585.26");
    assert!(
        v["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("unverified_rule"))
    );
}

#[test]
fn a_policy_override_is_marked_on_the_step_that_used_it() {
    let policy = Policy::default()
        .with_override(ParamId::InterestDayBasis, Decimal::from(360))
        .unwrap();
    let a = assess(&prepaid_with_interest(), &policy).unwrap();
    let v: Value = serde_json::from_str(&a.compact().to_json()).unwrap();
    assert_eq!(
        item(&v, RuleId::PrepaidInterest)["steps"],
        json!([{"label": "interest", "calc": "580.82 × 3.1% × 90 ÷ 360 = 4.50",
                "param": "prepaid_2025_16_day_basis", "overridden": true}])
    );
    assert!(
        v["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("policy_override"))
    );
}

/// The full assessment and its compact form, as JSON values.
fn both(a: &Assessment) -> (Value, Value) {
    (
        serde_json::to_value(a).unwrap(),
        serde_json::from_str(&a.compact().to_json()).unwrap(),
    )
}

fn codes(v: &Value) -> Vec<Value> {
    v.as_array()
        .map(|a| a.iter().map(|x| x["code"].clone()).collect())
        .unwrap_or_default()
}

fn claims() -> impl Strategy<Value = ClaimDocument> {
    (any::<u64>(), any::<u16>(), 0usize..40).prop_map(|(seed, bits, skip)| {
        let complaint = Generator::new(seed).nth(skip).unwrap();
        let b = |i: u16| Some(bits & (1 << i) != 0);
        ClaimDocument::from_complaint(&complaint).with_findings(Findings {
            fraud: b(0),
            quality_defect: b(1),
            food_standard_violated: b(2),
            respondent_produced_or_knew: b(3),
            food_defect: Some(if bits & 16 != 0 {
                FoodDefect::Substantive
            } else {
                FoodDefect::LabelOnly
            }),
            drug_counterfeit_or_substandard: b(5),
            knowingly_defective_causing_harm: b(6),
            ..Findings::default()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The compact form is the full assessment with the prose taken out: the same items,
    /// amounts, computations and parameters, remedies, total, missing facts and flags, and
    /// every rule of the catalogue accounted for exactly once.
    #[test]
    fn compact_is_the_full_assessment_without_prose(c in claims()) {
        let a = assess(&c, &Policy::default()).unwrap();
        let (full, small) = both(&a);
        prop_assert_eq!(&small["schema_version"], &json!(COMPACT_ASSESSMENT_SCHEMA_VERSION));
        prop_assert_eq!(&small["total"], &full["total"]);
        prop_assert_eq!(&small["facts_date"], &full["facts_date"]);
        prop_assert_eq!(&small["missing_facts"], &full["missing_facts"]);
        prop_assert_eq!(small["flags"].as_array().unwrap(), &codes(&full["flags"]));

        let (fi, si) = (full["items"].as_array().unwrap(), small["items"].as_array().unwrap());
        prop_assert_eq!(fi.len(), si.len());
        for (f, s) in fi.iter().zip(si) {
            prop_assert_eq!(&s["kind"], &f["kind"]["code"]);
            prop_assert_eq!(&s["rule"], &f["rule"]);
            prop_assert_eq!(&s["amount"], &f["amount"]);
            prop_assert_eq!(&s["proposed"], &f["proposed"]);
            prop_assert_eq!(&s["reliability"], &f["reliability"]);
            let (fs, ss) = (f["steps"].as_array().unwrap(), s["steps"].as_array().unwrap());
            prop_assert_eq!(fs.len(), ss.len());
            for (fst, sst) in fs.iter().zip(ss) {
                prop_assert_eq!(&sst["calc"], &fst["text"]);
                prop_assert_eq!(&sst["label"], &fst["label"]["code"]);
                // Every statutory number used is named by its table id.
                prop_assert_eq!(&sst["param"], &fst["parameter"]["id"]);
            }
        }
        let (fr, sr) = (full["remedies"].as_array().unwrap(), small["remedies"].as_array().unwrap());
        prop_assert_eq!(fr.len(), sr.len());
        for (f, s) in fr.iter().zip(sr) {
            prop_assert_eq!(&s["kind"], &f["kind"]["code"]);
            prop_assert_eq!(&s["status"], &f["status"]["code"]);
            prop_assert_eq!(&s["refund"], &f["refund"]);
            prop_assert_eq!(&s["window"]["last_day"], &f["window"]["last_day"]);
            prop_assert_eq!(&s["window"]["param"], &f["window"]["parameter"]["id"]);
            prop_assert_eq!(
                s["operator_deadlines"].as_array().map_or(0, Vec::len),
                f["operator_deadlines"].as_array().map_or(0, Vec::len)
            );
        }

        let mut seen: Vec<String> = Vec::new();
        for list in ["applied", "offered"] {
            for r in small[list].as_array().unwrap() {
                seen.push(r.as_str().unwrap().to_owned());
            }
        }
        for (rule, reason) in small["not_applied"].as_object().unwrap() {
            let c = a.considered.iter().find(|c| c.rule.code() == rule).unwrap();
            prop_assert_eq!(reason.as_str().unwrap(), c.reason.code());
            seen.push(rule.clone());
        }
        seen.sort();
        let mut all: Vec<String> = RuleId::ALL.iter().map(|r| r.code().to_owned()).collect();
        all.sort();
        prop_assert_eq!(seen, all);

        prop_assert!(a.compact().to_json().len() * 4 < serde_json::to_string(&a).unwrap().len());
    }
}
