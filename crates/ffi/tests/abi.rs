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
    let mut out: *mut c_char = std::ptr::dangling_mut::<c_char>();
    let mut len = 99;
    // SAFETY: `input` is valid for its length; the out-pointers are valid.
    let status = unsafe { f(input.as_ptr().cast(), input.len(), &mut out, &mut len) };
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

#[test]
fn a_generated_complaint_validates_to_itself() {
    let text = weiquan_complaint::generate::sample_json();
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
