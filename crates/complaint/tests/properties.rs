//! The complaint model's laws, stated as property tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]

use chrono::NaiveDate;
use proptest::prelude::*;
use weiquan_complaint::{Complaint, DivisionCode, Error, ResidentId, Uscc};
use weiquan_synth::generate::{Generator, GeneratorConfig, Rng, uscc_for};

/// A valid resident ID built from arbitrary parts.
fn resident_id() -> impl Strategy<Value = String> {
    (0usize..22, 1900i32..2020, 1u32..=12, 1u32..=31, 0u32..1000).prop_filter_map(
        "real dates only",
        |(r, y, m, d, seq)| {
            let region = weiquan_synth::generate::CONSUMER_DIVISIONS[r].0;
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            let body = format!("{region}{}{seq:03}", date.format("%Y%m%d"));
            Some(format!("{body}{}", ResidentId::check_char_for(&body)?))
        },
    )
}

fn uscc() -> impl Strategy<Value = String> {
    (any::<u64>(), 0usize..22).prop_map(|(seed, r)| {
        let d = DivisionCode::new(weiquan_synth::generate::CONSUMER_DIVISIONS[r].0).unwrap();
        uscc_for(&mut Rng::new(seed), d).unwrap().to_string()
    })
}

/// A generator with a small business pool: cheap to create once per test case.
fn small_gen(seed: u64) -> Generator {
    Generator::with_config(GeneratorConfig {
        businesses: 20,
        ..GeneratorConfig::new(seed)
    })
}

const ID_CHARS: &[u8] = b"0123456789X";
const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn every_generated_resident_id_passes(id in resident_id()) {
        let parsed = ResidentId::parse_on(&id, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
        prop_assert_eq!(parsed.as_str(), id.as_str());
    }

    /// MOD 11-2 detects every single-character substitution.
    #[test]
    fn every_single_substitution_of_a_resident_id_fails(id in resident_id(), pos in 0usize..18, k in 1usize..11) {
        let mut b = id.clone().into_bytes();
        let old = ID_CHARS.iter().position(|c| *c == b[pos]).unwrap();
        let new = ID_CHARS[(old + k) % ID_CHARS.len()];
        prop_assume!(pos == 17 || new != b'X');
        b[pos] = new;
        let changed = String::from_utf8(b).unwrap();
        prop_assert!(ResidentId::parse_structure(&changed).is_err(), "{} accepted", changed);
    }

    #[test]
    fn every_generated_uscc_passes(code in uscc()) {
        let parsed: Uscc = code.parse().unwrap();
        prop_assert_eq!(parsed.as_str(), code.as_str());
        prop_assert!(parsed.org_code_check_ok());
    }

    /// MOD 31 detects every single-character substitution within the alphabet.
    #[test]
    fn every_single_substitution_of_a_uscc_fails(code in uscc(), pos in 0usize..18, k in 1usize..31) {
        let mut b = code.clone().into_bytes();
        let old = USCC_CHARS.iter().position(|c| *c == b[pos]).unwrap();
        b[pos] = USCC_CHARS[(old + k) % USCC_CHARS.len()];
        let changed = String::from_utf8(b).unwrap();
        prop_assert!(changed.parse::<Uscc>().is_err(), "{} accepted", changed);
    }

    #[test]
    fn complaints_round_trip_through_json(seed in any::<u64>()) {
        for c in small_gen(seed).take(3) {
            let json = c.to_json();
            let back = Complaint::from_json(&json).unwrap();
            prop_assert_eq!(&back, &c);
            prop_assert_eq!(back.to_json(), json);
        }
    }

    /// Normalising a normalised complaint changes nothing, even from messy input.
    #[test]
    fn normalisation_is_idempotent(seed in any::<u64>(), pad in "[ \u{3000}\t]{0,3}") {
        let mut c = small_gen(seed).next().unwrap();
        c.consumer.name = format!("{pad}{}{pad}{pad}", c.consumer.name);
        c.consumer.address = c.consumer.address.replace('号', &format!("{pad}号"));
        c.description = format!("{pad}\n{}\n\n{pad}", c.description);
        let mut once = c.clone();
        once.normalize();
        let mut twice = once.clone();
        twice.normalize();
        prop_assert_eq!(&once, &twice);
        let reparsed = Complaint::from_json(&once.to_json()).unwrap();
        prop_assert_eq!(reparsed, once);
    }

    /// The validator never panics, whatever the bytes.
    #[test]
    fn validator_never_panics_on_text(s in "\\PC{0,400}") {
        let _ = Complaint::from_json(&s);
    }

    /// Nor on arbitrary JSON, nor on a real complaint with one field replaced by anything.
    #[test]
    fn validator_never_panics_on_json(v in arb_json(), seed in any::<u64>(), field in 0usize..40) {
        let _ = Complaint::from_json(&v.to_string());
        let c = small_gen(seed).next().unwrap();
        let mut doc: serde_json::Value = serde_json::to_value(&c).unwrap();
        replace_nth_leaf(&mut doc, field, v);
        let from_text = Complaint::from_json(&doc.to_string());
        match &from_text {
            Ok(parsed) => prop_assert!(parsed.check().is_ok()),
            Err(Error::Invalid(errors)) => prop_assert!(!errors.is_empty()),
            Err(Error::Json { .. }) => prop_assert!(false, "valid JSON reported as a syntax error"),
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
        // The reader of parsed values (the WebAssembly API's) agrees with the reader of text,
        // given the same value (floats need not survive a trip through text unchanged).
        let reparsed: serde_json::Value = serde_json::from_str(&doc.to_string()).unwrap();
        prop_assert_eq!(Complaint::from_json_value(&reparsed), from_text);
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,30}".prop_map(Value::String),
        "[0-9]{6,18}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the n-th leaf (in a depth-first walk, modulo the number of leaves) with `v`.
fn replace_nth_leaf(doc: &mut serde_json::Value, n: usize, v: serde_json::Value) {
    fn count(d: &serde_json::Value) -> usize {
        match d {
            serde_json::Value::Object(m) => m.values().map(count).sum(),
            serde_json::Value::Array(a) => a.iter().map(count).sum(),
            _ => 1,
        }
    }
    fn walk(d: &mut serde_json::Value, n: &mut usize, v: &mut Option<serde_json::Value>) {
        match d {
            serde_json::Value::Object(m) => m.values_mut().for_each(|x| walk(x, n, v)),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, n, v)),
            leaf => {
                if *n == 0
                    && let Some(new) = v.take()
                {
                    *leaf = new;
                }
                *n = n.wrapping_sub(1);
            }
        }
    }
    let total = count(doc).max(1);
    let mut k = n % total;
    walk(doc, &mut k, &mut Some(v));
}

#[test]
fn reports_every_problem_at_once_with_pointers() {
    let c = small_gen(1).next().unwrap();
    let mut doc: serde_json::Value = serde_json::to_value(&c).unwrap();
    doc["consumer"]["mobile"] = "12345".into();
    doc["purchase"]["amount_paid"] = "1.234".into();
    doc["purchase"]["quantity"] = (-1).into();
    doc["channel"] = "fax".into();
    doc["unexpected"] = true.into();
    doc.as_object_mut().unwrap().remove("description");
    let Err(Error::Invalid(errors)) = Complaint::from_json(&doc.to_string()) else {
        panic!("expected invalid")
    };
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.pointer.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("/channel", "code.unknown"),
            ("/consumer/mobile", "mobile.format"),
            ("/purchase/amount_paid", "amount.too_precise"),
            ("/purchase/quantity", "field.type"),
            ("/description", "field.required"),
            ("/unexpected", "field.unknown"),
        ]
    );
    for e in errors.iter() {
        assert!(!e.message_en.is_empty() && !e.message_zh.is_empty());
    }
    let quantity = errors.iter().find(|e| e.code == "field.type").unwrap();
    assert_eq!(quantity.message_en, "expected a whole number of units");
    assert_eq!(quantity.message_zh, "类型错误，应为非负整数（件数）");
}

#[test]
fn reports_rule_violations_together() {
    let mut c = small_gen(2).next().unwrap();
    c.consumer.name = "x".repeat(101);
    c.description = String::new();
    c.purchase.purchase_date = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    c.purchase.receipt_date = None;
    c.claims = vec![];
    let Err(Error::Invalid(errors)) = Complaint::from_json(&c.to_json()) else {
        panic!("expected invalid")
    };
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.pointer.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("/consumer/name", "text.too_long"),
            ("/purchase/purchase_date", "purchase.after_received"),
            ("/description", "field.empty"),
            ("/claims", "list.count"),
        ]
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    let err = Complaint::from_json("{\n  \"id\": 1,,\n}").unwrap_err();
    assert_eq!(err.code(), "json.syntax");
    let Error::Json { line, column, .. } = err else {
        panic!()
    };
    assert_eq!((line, column), (2, 11));
}

/// Inputs the fuzzer once crashed on (`fuzz/artifacts`), kept so they stay fixed.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(Complaint::from_json(&text).is_err());
        n += 1;
    }
    assert!(n >= 1);
}

#[test]
fn null_is_not_a_value_of_a_field_with_a_default() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&weiquan_synth::generate::sample_json()).unwrap();
    doc["consent_to_publication"] = serde_json::Value::Null;
    doc["consumer"]["resident_id"] = serde_json::Value::Null;
    for result in [
        Complaint::from_json(&doc.to_string()),
        Complaint::from_json_value(&doc),
    ] {
        match result {
            Err(Error::Invalid(errors)) => {
                let found: Vec<(&str, &str)> = errors
                    .0
                    .iter()
                    .map(|e| (e.pointer.as_str(), e.code.as_str()))
                    .collect();
                // `resident_id` is optional: `null` is its absence.
                assert_eq!(found, [("/consent_to_publication", "field.type")]);
                assert_eq!(errors.0[0].message_zh, "类型错误，应为true 或 false");
            }
            other => panic!("expected a type error, got {other:?}"),
        }
    }
}
