//! The JavaScript API's errors carry no personal data: what JavaScript receives (`code`,
//! `pointer`, `message`, `messageZh`, `value`, `errors`) passes through the crates' masked
//! values and messages (`crates/cli/tests/no_leaks_all_codes.rs` sweeps every code), for
//! identifiers in personal fields and pasted into others alike.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking: unwrap and panic are its assertions"
)]

use serde_json::{Value, json};

const MOBILE: &str = "13912345678";
/// A resident ID with its valid check character.
const ID: &str = "130102198503124210";
/// A card number that passes the Luhn check.
const CARD: &str = "6222021234567890128";
const NAME: &str = "欧阳娜娜";

/// The error JavaScript receives for a call that must fail, as JSON text.
fn error_of(function: &str, args: Vec<Value>) -> String {
    match weiquan_wasm::call(function, args) {
        None => panic!("no exported function {function}"),
        Some(Ok(v)) => panic!("{function}: accepted: {v}"),
        Some(Err(e)) => e.to_js_json().to_string(),
    }
}

/// What a call returns, a result or an error, as JSON text (`validateComplaint` reports the
/// problems of an invalid document as its result).
fn outcome_of(function: &str, args: Vec<Value>) -> String {
    match weiquan_wasm::call(function, args) {
        None => panic!("no exported function {function}"),
        Some(Ok(v)) => v.to_string(),
        Some(Err(e)) => e.to_js_json().to_string(),
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [MOBILE, ID, CARD, NAME] {
        assert!(
            !text.contains(secret),
            "{what}: {secret} unmasked in {text}"
        );
    }
    assert!(
        !text.contains(&"曦".repeat(201)),
        "{what}: a long value echoed"
    );
}

#[test]
fn identifier_checks_echo_masked_values() {
    let wrong_check = format!("{}1", &ID[..17]);
    for (function, arg, shown) in [
        ("checkMobile", format!("{MOBILE}9"), "139*****6789"),
        ("checkResidentId", wrong_check, "1301**********4211"),
        ("checkAmount", format!("{CARD}x"), "6222***********0128x"),
        ("checkDivisionCode", MOBILE.to_owned(), "139****5678"),
        (
            "checkUscc",
            format!("{ID}{}", "曦".repeat(5000)),
            "1301**********4210",
        ),
    ] {
        let text = error_of(function, vec![json!(arg)]);
        assert_clean(function, &text);
        assert!(text.contains(shown), "{function}: {text}");
    }
}

#[test]
fn documents_with_planted_data_are_refused_without_echoing_it() {
    let complaint = json!({
        "schemaVersion": 1,
        "id": format!("WQ-{MOBILE}"),
        "receivedAt": "2025-12-24T13:22:54+08:00",
        "channel": CARD,
        "consumer": {
            "name": NAME,
            "residentId": format!("{}X", &ID[..17]),
            "mobile": format!("{MOBILE}9"),
            "division": MOBILE,
            "address": ["石家庄市长安区建设北大街88号"],
        },
        "description": format!("我叫{NAME}，电话{MOBILE}，身份证{ID}，卡号{CARD}"),
    });
    for function in ["validateComplaint", "parseComplaint"] {
        let text = outcome_of(function, vec![complaint.clone()]);
        assert_clean(function, &text);
        // The errors are reported, masked.
        assert!(text.contains("139*****6789"), "{function}: {text}");
        assert!(text.contains("6222***********0128"), "{function}: {text}");
    }
    let claim = json!({
        "schemaVersion": 1,
        "id": format!("{MOBILE} {ID}"),
        "purchase": {"kind": format!("{ID}{}", "曦".repeat(5000)), "pricePaid": format!("{CARD}x"), "purchaseDate": MOBILE},
    });
    let text = error_of("assessCompensation", vec![claim]);
    assert_clean("assessCompensation", &text);
}
