//! Arbitrary bytes into every JSON (and text) entry point of the C ABI: no panic crosses the
//! boundary, every call returns a status of the enum, a failure leaves no string to free and
//! sets a last-error code, and the same input gives the same output.
#![no_main]

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use weiquan::*;

/// Checks one string-returning call and frees what it returned; returns the output.
fn check(status: weiquan_status, out: *mut c_char, len: usize) -> Option<Vec<u8>> {
    assert!(weiquan_status::ALL.contains(&status));
    if status == weiquan_status::WEIQUAN_OK {
        assert!(!out.is_null());
        // SAFETY: on success `out` is a NUL-terminated string of `len` bytes from the library.
        let bytes = unsafe { CStr::from_ptr(out) }.to_bytes().to_vec();
        assert_eq!(bytes.len(), len);
        assert!(std::str::from_utf8(&bytes).is_ok());
        // SAFETY: freed once.
        assert_eq!(
            unsafe { weiquan_string_free(out) },
            weiquan_status::WEIQUAN_OK
        );
        Some(bytes)
    } else {
        assert!(out.is_null());
        assert_eq!(len, 0);
        let mut code: *const c_char = null();
        // SAFETY: valid out-pointer.
        assert_eq!(
            unsafe { weiquan_last_error_code(&mut code, null_mut()) },
            weiquan_status::WEIQUAN_OK
        );
        // SAFETY: borrowed NUL-terminated string.
        assert!(!unsafe { CStr::from_ptr(code) }.to_bytes().is_empty());
        None
    }
}

/// Runs a `(text, len, char **out, size_t *out_len)` call twice and compares.
fn twice(f: impl Fn(*mut *mut c_char, *mut usize) -> weiquan_status) {
    let run = || {
        let mut out = null_mut();
        let mut len = 0;
        let status = f(&mut out, &mut len);
        (status, check(status, out, len))
    };
    assert_eq!(run(), run());
}

fuzz_target!(|data: &[u8]| {
    let p = data.as_ptr().cast::<c_char>();
    let n = data.len();
    thread_local! {
        static HANDLES: (usize, usize, usize, usize) = {
            let mut router = null_mut();
            let mut assessor = null_mut();
            let mut calendar = null_mut();
            let mut agg = null_mut();
            // SAFETY: valid out-pointers; the handles live for the whole run.
            unsafe {
                weiquan_router_new(&mut router);
                weiquan_assessor_new(null(), 0, null(), &mut assessor);
                weiquan_calendar_new(&mut calendar);
                weiquan_aggregator_new(c"region=county,category=top".as_ptr(), 26, &mut agg);
            }
            (router.addr(), assessor.addr(), calendar.addr(), agg.addr())
        };
    }
    let (router, assessor, calendar, agg) = HANDLES.with(|h| *h);
    let router = std::ptr::without_provenance::<weiquan_router>(router);
    let assessor = std::ptr::without_provenance::<weiquan_assessor>(assessor);
    let calendar = std::ptr::without_provenance::<weiquan_calendar>(calendar);
    let agg = std::ptr::without_provenance_mut::<weiquan_aggregator>(agg);
    // SAFETY (every call below): `p` is valid for `n` bytes; out-pointers are valid.
    twice(|o, l| unsafe { weiquan_complaint_validate(p, n, o, l) });
    twice(|o, l| unsafe { weiquan_router_route(router, p, n, null(), 0, o, l) });
    twice(|o, l| unsafe { weiquan_assessor_assess(assessor, p, n, o, l) });
    twice(|o, l| unsafe { weiquan_assessor_assess_compact(assessor, p, n, o, l) });
    twice(|o, l| unsafe { weiquan_claim_from_complaint(p, n, o, l) });
    twice(|o, l| unsafe {
        weiquan_redact_spans(p, n, WEIQUAN_REDACT_LABEL, WEIQUAN_PII_ALL, o, l)
    });
    // Handle-making entry points: a success is freed at once.
    let mut case = null_mut();
    let s = unsafe { weiquan_case_replay(p, n, calendar, &mut case) };
    assert!(weiquan_status::ALL.contains(&s));
    if s == weiquan_status::WEIQUAN_OK {
        let mut log = null_mut();
        let mut len = 0;
        let st = unsafe { weiquan_case_export_log(case, &mut log, &mut len) };
        check(st, log, len);
        assert_eq!(
            unsafe { weiquan_case_free(case) },
            weiquan_status::WEIQUAN_OK
        );
    }
    let mut case = null_mut();
    let s = unsafe { weiquan_case_open_event(p, n, &mut case) };
    if s == weiquan_status::WEIQUAN_OK {
        let mut t = null_mut();
        let mut len = 0;
        let st = unsafe { weiquan_case_apply(case, calendar, p, n, &mut t, &mut len) };
        check(st, t, len);
        assert_eq!(
            unsafe { weiquan_case_free(case) },
            weiquan_status::WEIQUAN_OK
        );
    }
    let mut r = null_mut();
    if unsafe { weiquan_router_from_toml(p, n, &mut r) } == weiquan_status::WEIQUAN_OK {
        assert_eq!(
            unsafe { weiquan_router_free(r) },
            weiquan_status::WEIQUAN_OK
        );
    }
    let mut c = null_mut();
    if unsafe { weiquan_calendar_with_csv(calendar, p, n, &mut c) } == weiquan_status::WEIQUAN_OK {
        assert_eq!(
            unsafe { weiquan_calendar_free(c) },
            weiquan_status::WEIQUAN_OK
        );
    }
    let mut a = null_mut();
    if unsafe { weiquan_aggregator_from_partial(p, n, &mut a) } == weiquan_status::WEIQUAN_OK {
        assert_eq!(
            unsafe { weiquan_aggregator_free(a) },
            weiquan_status::WEIQUAN_OK
        );
    }
    let mut added = 0;
    let s = unsafe { weiquan_aggregator_add_jsonl(agg, p, n, &mut added) };
    assert!(weiquan_status::ALL.contains(&s));
    twice(|o, l| unsafe { weiquan_aggregator_release(agg, p, n, o, l) });
});
