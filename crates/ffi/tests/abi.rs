//! The C ABI called from Rust: conventions that hold for every input (proptest) and the
//! library strings' registry.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    unsafe_code,
    reason = "tests of a C ABI call it through raw pointers and may fail loudly"
)]

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use proptest::prelude::*;
use weiquan::*;

fn last_code() -> String {
    let mut code: *const c_char = null();
    // SAFETY: valid out-pointer; the result is a borrowed NUL-terminated string.
    unsafe {
        assert_eq!(
            weiquan_last_error_code(&mut code, null_mut()),
            weiquan_status::WEIQUAN_OK
        );
        CStr::from_ptr(code).to_str().unwrap().to_owned()
    }
}

/// Calls a `(text, len, char **out, size_t *out_len)` function; the output or the status and
/// code, after checking the conventions.
fn json_call(
    f: unsafe extern "C" fn(*const c_char, usize, *mut *mut c_char, *mut usize) -> weiquan_status,
    input: &[u8],
) -> Result<String, (weiquan_status, String)> {
    // SAFETY: `input` is valid for its length; the out-pointers are valid.
    checked_out(|out, len| unsafe { f(input.as_ptr().cast(), input.len(), out, len) })
}

/// Runs a call with a string out-parameter (set to garbage first) and checks the conventions:
/// on success a NUL-terminated string of the length given, freed once; on failure NULL, 0 and
/// a last-error code.
fn checked_out(
    call: impl FnOnce(*mut *mut c_char, *mut usize) -> weiquan_status,
) -> Result<String, (weiquan_status, String)> {
    let mut out: *mut c_char = std::ptr::dangling_mut::<c_char>();
    let mut len = 99;
    let status = call(&mut out, &mut len);
    if status == weiquan_status::WEIQUAN_OK {
        // SAFETY: on success `out` is a NUL-terminated string of `len` bytes, freed once.
        let s = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
        assert_eq!(s.len(), len);
        assert_eq!(
            unsafe { weiquan_string_free(out) },
            weiquan_status::WEIQUAN_OK
        );
        Ok(s)
    } else {
        assert!(out.is_null(), "a failed call leaves NULL");
        assert_eq!(len, 0);
        let code = last_code();
        assert!(!code.is_empty());
        Err((status, code))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any bytes: a status of the enum, no panic, nothing to free on failure, and the same
    /// answer twice.
    #[test]
    fn any_bytes_give_a_status_and_the_same_answer_twice(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        for f in [weiquan_complaint_validate as _, weiquan_claim_from_complaint as _] {
            let a = json_call(f, &input);
            prop_assert_eq!(&a, &json_call(f, &input));
            if let Err((status, _)) = a {
                prop_assert!(weiquan_status::ALL.contains(&status));
                prop_assert_ne!(status, weiquan_status::WEIQUAN_INTERNAL);
            }
        }
    }

    /// Any text that is not a valid complaint is refused with a code that says why.
    #[test]
    fn text_that_is_not_utf8_is_refused_as_such(prefix in "[a-z{}\":]{0,20}", bad in 0x80u8..0xC0) {
        let mut input = prefix.into_bytes();
        input.push(bad);
        let r = json_call(weiquan_complaint_validate, &input);
        prop_assert_eq!(r, Err((weiquan_status::WEIQUAN_INVALID_UTF8, "ffi.invalid_utf8".to_owned())));
    }
}

/// An assessor entry point (`weiquan_assessor_assess` or `weiquan_assessor_assess_compact`).
type AssessFn = unsafe extern "C" fn(
    *const weiquan_assessor,
    *const c_char,
    usize,
    *mut *mut c_char,
    *mut usize,
) -> weiquan_status;

/// Calls an assessor entry point; the output or the status and code, after checking the
/// conventions as `json_call` does.
fn assess_call(
    f: AssessFn,
    assessor: *const weiquan_assessor,
    input: &[u8],
) -> Result<String, (weiquan_status, String)> {
    // SAFETY: `input` is valid for its length; the out-pointers are valid.
    checked_out(|out, len| unsafe { f(assessor, input.as_ptr().cast(), input.len(), out, len) })
}

fn with_assessor<T>(f: impl FnOnce(*const weiquan_assessor) -> T) -> T {
    let mut a: *mut weiquan_assessor = null_mut();
    // SAFETY: valid out-pointer; NULL policy and calendar are the defaults.
    assert_eq!(
        unsafe { weiquan_assessor_new(null(), 0, null(), &mut a) },
        weiquan_status::WEIQUAN_OK
    );
    let r = f(a);
    // SAFETY: freed once.
    assert_eq!(
        unsafe { weiquan_assessor_free(a) },
        weiquan_status::WEIQUAN_OK
    );
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Any bytes to both assessment calls: the same status and error code from both (the
    /// compact form fails exactly when the full one does), the same answer twice.
    #[test]
    fn both_assessment_forms_accept_and_refuse_alike(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        with_assessor(|a| -> Result<(), TestCaseError> {
            let full = assess_call(weiquan_assessor_assess, a, &input);
            let compact = assess_call(weiquan_assessor_assess_compact, a, &input);
            prop_assert_eq!(&compact, &assess_call(weiquan_assessor_assess_compact, a, &input));
            prop_assert_eq!(full.is_ok(), compact.is_ok());
            if let (Err(f), Err(c)) = (&full, &compact) {
                prop_assert_eq!(f, c);
                prop_assert_ne!(c.0, weiquan_status::WEIQUAN_INTERNAL);
            }
            Ok(())
        })?;
    }

    /// Claims from generated complaints: both forms give the same total.
    #[test]
    fn both_assessment_forms_give_the_same_total(seed: u64) {
        let complaint = weiquan_synth::generate::Generator::new(seed).next().unwrap();
        let claim = weiquan_compensation::ClaimDocument::from_complaint(&complaint).to_json();
        with_assessor(|a| -> Result<(), TestCaseError> {
            let full: serde_json::Value =
                serde_json::from_str(&assess_call(weiquan_assessor_assess, a, claim.as_bytes()).unwrap()).unwrap();
            let compact: serde_json::Value =
                serde_json::from_str(&assess_call(weiquan_assessor_assess_compact, a, claim.as_bytes()).unwrap()).unwrap();
            prop_assert_eq!(&compact["form"], "compact");
            prop_assert_eq!(&compact["total"], &full["total"]);
            prop_assert_eq!(&compact["missing_facts"], &full["missing_facts"]);
            Ok(())
        })?;
    }
}

#[test]
fn a_generated_complaint_validates_to_itself() {
    let text = weiquan_synth::generate::sample_json();
    assert_eq!(
        json_call(weiquan_complaint_validate, text.as_bytes()).unwrap(),
        text
    );
}

#[test]
fn library_strings_are_freed_once() {
    let mut out: *mut c_char = null_mut();
    // SAFETY: valid out-pointer.
    assert_eq!(
        unsafe { weiquan_complaint_schema(&mut out, null_mut()) },
        weiquan_status::WEIQUAN_OK
    );
    // SAFETY: freed once, then the second free is detected without touching the memory.
    unsafe {
        assert_eq!(weiquan_string_free(out), weiquan_status::WEIQUAN_OK);
        assert_eq!(
            weiquan_string_free(out),
            weiquan_status::WEIQUAN_INVALID_HANDLE
        );
    }
    assert_eq!(last_code(), "ffi.not_a_library_string");
}

#[test]
fn the_version_numbers_agree_with_the_crate() {
    let expected: Vec<u32> = env!("CARGO_PKG_VERSION")
        .split('.')
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(
        weiquan_abi_version(),
        expected[0] * 1_000_000 + expected[1] * 1_000 + expected[2]
    );
    assert_eq!(ABI_VERSION, weiquan_abi_version());
    let mut s: *const c_char = null();
    // SAFETY: valid out-pointer; a static string.
    unsafe {
        assert_eq!(
            weiquan_version_string(&mut s, null_mut()),
            weiquan_status::WEIQUAN_OK
        );
        assert_eq!(
            CStr::from_ptr(s).to_str().unwrap(),
            env!("CARGO_PKG_VERSION")
        );
    }
}

#[test]
fn every_status_has_its_header_name() {
    for s in weiquan_status::ALL {
        let mut name: *const c_char = null();
        // SAFETY: valid out-pointer; a static string.
        unsafe {
            assert_eq!(
                weiquan_status_name(s as i32, &mut name),
                weiquan_status::WEIQUAN_OK
            );
            assert_eq!(CStr::from_ptr(name), s.name());
        }
    }
    let header =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/weiquan.h")).unwrap();
    for s in weiquan_status::ALL {
        let line = format!("  {} = {},", s.name().to_str().unwrap(), s as i32);
        assert!(header.contains(&line), "{line} missing from the header");
    }
}

/// The last error's pointer and details (as JSON).
fn last_pointer_and_details() -> (String, serde_json::Value) {
    let (mut p, mut d): (*const c_char, *const c_char) = (null(), null());
    // SAFETY: valid out-pointers; the results are borrowed NUL-terminated strings.
    unsafe {
        assert_eq!(
            weiquan_last_error_pointer(&mut p, null_mut()),
            weiquan_status::WEIQUAN_OK
        );
        assert_eq!(
            weiquan_last_error_details(&mut d, null_mut()),
            weiquan_status::WEIQUAN_OK
        );
        (
            CStr::from_ptr(p).to_str().unwrap().to_owned(),
            serde_json::from_str(CStr::from_ptr(d).to_str().unwrap()).unwrap(),
        )
    }
}

/// Checks what the header promises for a document that breaks rules: `WEIQUAN_INVALID`, the
/// code and pointer of the first problem, every problem in the details — and never the domain
/// crate's summary code (`claim.invalid`...), which xtask's documentation check refuses in the
/// header and docs/ffi.md for that reason.
fn assert_first_problem(
    result: Result<String, (weiquan_status, String)>,
    summary: &str,
    first: (&str, &str),
) {
    let (status, code) = result.unwrap_err();
    assert_eq!(status, weiquan_status::WEIQUAN_INVALID);
    assert_ne!(code, summary);
    let (pointer, details) = last_pointer_and_details();
    assert_eq!((code.as_str(), pointer.as_str()), first);
    assert_eq!(details[0]["code"], first.0);
    assert_eq!(details[0]["pointer"], first.1);
    assert!(details.as_array().unwrap().len() >= 2, "{details}");
}

#[test]
fn an_invalid_claim_reports_its_first_problem_like_a_complaint() {
    // An unknown schema version and a request before the purchase: two problems.
    let claim = br#"{"schema_version":99,"purchase":{"kind":"food","price_paid":"180.00","purchase_date":"2025-04-10"},"request_date":"2025-04-01"}"#;
    with_assessor(|a| {
        for f in [
            weiquan_assessor_assess as AssessFn,
            weiquan_assessor_assess_compact,
        ] {
            let (status, code) = assess_call(f, a, claim).unwrap_err();
            // Read again for the pointer and details, which `assess_call` does not return.
            assert_first_problem(
                Err((status, code)),
                "claim.invalid",
                ("schema_version.unsupported", "/schema_version"),
            );
        }
    });
    let complaint = json_call(weiquan_complaint_validate, b"{\"schema_version\":1}");
    assert_first_problem(complaint, "complaint.invalid", ("field.required", "/id"));
}

#[test]
fn an_invalid_statistics_record_reports_its_first_problem() {
    let mut agg: *mut weiquan_aggregator = null_mut();
    let by = "category=top";
    // SAFETY: valid text and out-pointer.
    assert_eq!(
        unsafe { weiquan_aggregator_new(by.as_ptr().cast(), by.len(), &mut agg) },
        weiquan_status::WEIQUAN_OK
    );
    let line = b"{\"schema_version\":1}\n";
    let mut added = 7;
    // SAFETY: valid handle, text and out-pointer.
    let status =
        unsafe { weiquan_aggregator_add_jsonl(agg, line.as_ptr().cast(), line.len(), &mut added) };
    let code = last_code();
    assert_first_problem(
        Err((status, code)),
        "record.invalid",
        ("field.required", "/1/received_at"),
    );
    // SAFETY: freed once.
    assert_eq!(
        unsafe { weiquan_aggregator_free(agg) },
        weiquan_status::WEIQUAN_OK
    );
}

#[test]
fn a_case_opens_under_the_procedure_spelled_as_the_header_documented_it() {
    for (selection, at, procedure) in [
        (
            r#"{"exact":"samr_order_20"}"#,
            "2024-05-10T09:30:00+08:00",
            "samr_order_20",
        ),
        (
            r#"{"exact":"samr_order20"}"#,
            "2024-05-10T09:30:00+08:00",
            "samr_order_20",
        ),
        (
            r#"{"exact":"samr_order121"}"#,
            "2026-05-10T09:30:00+08:00",
            "samr_order_121",
        ),
    ] {
        let id = "C-1";
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
        assert_eq!(status, weiquan_status::WEIQUAN_OK, "{selection}");
        let as_of = weiquan_date {
            year: if procedure == "samr_order_20" {
                2024
            } else {
                2026
            },
            month: 5,
            day: 10,
        };
        // SAFETY: valid handle; NULL calendar is the default one.
        let report =
            checked_out(|out, len| unsafe { weiquan_case_report(case, null(), as_of, out, len) })
                .unwrap();
        let report: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert_eq!(report["procedure"], procedure, "{selection}");
        // SAFETY: freed once.
        assert_eq!(
            unsafe { weiquan_case_free(case) },
            weiquan_status::WEIQUAN_OK
        );
    }
}
