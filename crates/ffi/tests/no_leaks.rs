//! The C ABI's last error carries no personal data: a domain error passes through the
//! crate's masked messages and field errors, and the ABI's own messages (an argument that is
//! not an instant, a JSON argument that does not parse) mask the identifiers they quote and
//! cut them, as every crate's do (`crates/cli/tests/no_leaks_all_codes.rs` sweeps the
//! crates' codes).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    unsafe_code,
    reason = "tests of a C ABI call it through raw pointers and may fail loudly"
)]

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use weiquan::*;

const MOBILE: &str = "13912345678";
/// A resident ID with its valid check character.
const ID: &str = "130102198503124210";
/// A card number that passes the Luhn check.
const CARD: &str = "6222021234567890128";

/// Every text of the last error: messages, pointer, details.
fn last_error_texts() -> Vec<String> {
    type Read = unsafe extern "C" fn(*mut *const c_char, *mut usize) -> weiquan_status;
    let readers: [Read; 5] = [
        weiquan_last_error_code,
        weiquan_last_error_message,
        weiquan_last_error_message_zh,
        weiquan_last_error_pointer,
        weiquan_last_error_details,
    ];
    readers
        .iter()
        .map(|read| {
            let mut p: *const c_char = null();
            // SAFETY: a valid out-pointer; the result is a borrowed NUL-terminated string.
            unsafe {
                assert_eq!(read(&mut p, null_mut()), weiquan_status::WEIQUAN_OK);
                CStr::from_ptr(p).to_str().unwrap().to_owned()
            }
        })
        .collect()
}

fn assert_clean(what: &str) -> Vec<String> {
    let texts = last_error_texts();
    for t in &texts {
        for secret in [MOBILE, ID, CARD] {
            assert!(!t.contains(secret), "{what}: {secret} unmasked in {t}");
        }
        assert!(
            !t.contains(&"曦".repeat(201)),
            "{what}: a long value echoed"
        );
    }
    texts
}

fn open_case(id: &str, at: &str, selection: &str) -> weiquan_status {
    let mut case: *mut weiquan_case = null_mut();
    // SAFETY: valid texts and out-pointer.
    let status = unsafe {
        weiquan_case_open(
            id.as_ptr().cast(),
            id.len(),
            at.as_ptr().cast(),
            at.len(),
            selection.as_ptr().cast(),
            selection.len(),
            &mut case,
        )
    };
    assert!(case.is_null());
    status
}

#[test]
fn argument_errors_mask_what_they_quote() {
    // An instant that is not one, holding identifiers: quoted, masked.
    let at = format!("{MOBILE} {ID} {CARD}");
    let status = open_case("C-1", &at, "\"market_regulation\"");
    assert_eq!(status, weiquan_status::WEIQUAN_INVALID_ARGUMENT);
    let texts = assert_clean("received_at");
    assert!(texts[1].contains("139****5678"), "{}", texts[1]);
    // A selection naming an unknown procedure: serde_json quotes it.
    // 1,000 characters: within the limit of a short argument (4,096 bytes), past the cut.
    let selection = format!("{{\"exact\":\"{ID}{}\"}}", "曦".repeat(1000));
    let status = open_case("C-1", "2024-05-10T09:30:00+08:00", &selection);
    assert_eq!(status, weiquan_status::WEIQUAN_MALFORMED_JSON);
    let texts = assert_clean("selection");
    assert!(texts[1].contains("1301**********4210"), "{}", texts[1]);
    // A complaint reference too long, holding identifiers: the domain error, echoed cut.
    let id = format!("{CARD}-{MOBILE}-{}", "曦".repeat(1000));
    let status = open_case(&id, "2024-05-10T09:30:00+08:00", "\"market_regulation\"");
    assert_eq!(status, weiquan_status::WEIQUAN_INVALID);
    assert_clean("complaint_id");
}

#[test]
fn domain_errors_pass_their_masked_values_through() {
    let number = format!("{MOBILE}9");
    let mut out = weiquan_mobile {
        normalized: [0; 12],
    };
    // SAFETY: valid text and out-pointer.
    let status = unsafe { weiquan_mobile_check(number.as_ptr().cast(), number.len(), &mut out) };
    assert_eq!(status, weiquan_status::WEIQUAN_INVALID);
    let texts = assert_clean("mobile");
    assert!(texts[4].contains("139*****6789"), "{}", texts[4]);
    // A complaint whose consumer's mobile and ID are wrong, and whose description quotes
    // them: no text of the error holds them.
    let complaint = format!(
        r#"{{"schema_version":1,"consumer":{{"mobile":"{MOBILE}9","resident_id":"{}","name":"欧阳娜娜"}},"description":"电话{MOBILE}，身份证{ID}"}}"#,
        &ID[..17]
    );
    let mut o: *mut c_char = null_mut();
    let mut len = 0;
    // SAFETY: valid text and out-pointers.
    let status = unsafe {
        weiquan_complaint_validate(complaint.as_ptr().cast(), complaint.len(), &mut o, &mut len)
    };
    assert_eq!(status, weiquan_status::WEIQUAN_INVALID);
    let texts = assert_clean("complaint");
    assert!(!texts.iter().any(|t| t.contains("欧阳娜娜")), "{texts:?}");
}
