//! The path-tracking JSON reader (`weiquan_support::json_pointer`) with the complaint model's
//! value types, whose own errors it reports in both languages.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking: unwrap and indexing are its assertions"
)]

use serde_json::json;
use weiquan_support::json_pointer::{Segment, from_value};

fn key(k: &str) -> Segment {
    Segment::Key(k.into())
}

#[test]
fn a_value_types_own_error_is_in_both_languages() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code, reason = "only read")]
    struct Paid {
        amount: weiquan_complaint::Yuan,
        mobile: weiquan_complaint::Mobile,
    }
    let e = from_value::<Paid>(&json!({"amount": "12.345", "mobile": "13800138000"}))
        .err()
        .unwrap();
    assert_eq!(e.path(), [key("amount")]);
    assert_eq!(e.code(), "field.invalid");
    assert_eq!(
        e.message(),
        weiquan_complaint::Error::AmountTooPrecise {
            value: "12.345".into()
        }
        .to_string()
    );
    assert_eq!(
        e.message_zh(),
        "取值无效：金额“12.345”最多保留两位小数（分）"
    );

    let e = from_value::<Paid>(&json!({"amount": "1", "mobile": "12345"}))
        .err()
        .unwrap();
    assert_eq!(e.path(), [key("mobile")]);
    assert!(
        // A mobile number is personal: the message shows it masked.
        e.message_zh().starts_with("取值无效：“1***5”"),
        "{}",
        e.message_zh()
    );
}
