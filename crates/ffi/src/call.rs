//! The frame of every exported function: catch panics, keep the last error, check arguments,
//! and write results only on success.

use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{self, FfiError};
use crate::status::weiquan_status;
use crate::strings;

/// The longest text or JSON argument accepted, in bytes (64 MiB).
pub const WEIQUAN_MAX_TEXT_LEN: usize = 64 * 1024 * 1024;
/// The longest short argument (identifier, file path, code) accepted, in bytes.
pub const WEIQUAN_MAX_SHORT_LEN: usize = 4096;

/// Runs `f` as one exported call: clears the last error, catches any panic, records the
/// failure. No panic crosses the boundary.
pub(crate) fn call(f: impl FnOnce() -> Result<(), FfiError>) -> weiquan_status {
    error::clear();
    guarded(f)
}

/// As [`call`], but the last error is left alone unless this call fails: for the free
/// functions, so that a program can release what it holds before it reports an error.
pub(crate) fn call_keeping_last_error(f: impl FnOnce() -> Result<(), FfiError>) -> weiquan_status {
    guarded(f)
}

fn guarded(f: impl FnOnce() -> Result<(), FfiError>) -> weiquan_status {
    // AssertUnwindSafe: on a panic nothing `f` touched is used again except handles, whose
    // locks are poisoned and then reported as WEIQUAN_INTERNAL.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => weiquan_status::WEIQUAN_OK,
        Ok(Err(e)) => {
            error::set(&e);
            e.status
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            let e = FfiError::internal(what);
            error::set(&e);
            e.status
        }
    }
}

/// A checked, writable out-parameter.
///
/// # Safety
/// `p` must be NULL or valid for writing a `T` for the duration of the call.
pub(crate) unsafe fn out_ptr<'a, T>(p: *mut T, arg: &str) -> Result<&'a mut T, FfiError> {
    // SAFETY: non-null is checked by `as_mut`; validity and alignment are the caller's contract.
    unsafe { p.as_mut() }.ok_or_else(|| FfiError::null(arg))
}

/// A checked, readable in-parameter.
///
/// # Safety
/// `p` must be NULL or valid for reading a `T` for the duration of the call.
pub(crate) unsafe fn in_ptr<'a, T>(p: *const T, arg: &str) -> Result<&'a T, FfiError> {
    // SAFETY: non-null is checked by `as_ref`; validity is the caller's contract.
    unsafe { p.as_ref() }.ok_or_else(|| FfiError::null(arg))
}

/// A checked text argument given as a pointer and a length in bytes (no NUL needed).
///
/// # Safety
/// `ptr` must be NULL or valid for reading `len` bytes for the duration of the call.
pub(crate) unsafe fn text<'a>(
    ptr: *const c_char,
    len: usize,
    arg: &str,
    limit: usize,
) -> Result<&'a str, FfiError> {
    if ptr.is_null() {
        return Err(FfiError::null(arg));
    }
    if len > limit {
        return Err(FfiError::too_long(arg, len, limit));
    }
    // SAFETY: non-null, and the caller guarantees `len` readable bytes; `len` is at most
    // 64 MiB, far below isize::MAX.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    let s = std::str::from_utf8(bytes).map_err(|e| FfiError::utf8(arg, &e))?;
    if let Some(at) = memchr_nul(bytes) {
        return Err(FfiError::nul(arg, at));
    }
    Ok(s)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == 0)
}

/// Writes a borrowed, NUL-terminated string and its length.
///
/// # Safety
/// `out_len` must be NULL or valid for writing a `usize`.
pub(crate) unsafe fn write_borrowed(out: &mut *const c_char, out_len: *mut usize, text: &CStr) {
    *out = text.as_ptr();
    // SAFETY: NULL is allowed and checked by `as_mut`; otherwise valid per the contract.
    if let Some(len) = unsafe { out_len.as_mut() } {
        *len = text.count_bytes();
    }
}

/// A checked string out-parameter (`char **out`, optional `size_t *out_len`), set to NULL/0
/// when checked so that a failed call leaves nothing to free.
pub(crate) struct StrOut<'a> {
    out: &'a mut *mut c_char,
    len: Option<&'a mut usize>,
}

impl<'a> StrOut<'a> {
    /// Checks `out` (required) and `out_len` (may be NULL) and clears them.
    ///
    /// # Safety
    /// `out` must be NULL or valid for writing a pointer; `out_len` NULL or valid for a `usize`.
    pub unsafe fn new(
        out: *mut *mut c_char,
        out_len: *mut usize,
        arg: &str,
    ) -> Result<StrOut<'a>, FfiError> {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, arg) }?;
        *out = std::ptr::null_mut();
        // SAFETY: NULL is allowed; otherwise valid per the contract.
        let mut len = unsafe { out_len.as_mut() };
        if let Some(l) = len.as_deref_mut() {
            *l = 0;
        }
        Ok(StrOut { out, len })
    }

    /// Hands `s` to the caller as a library-owned string (free with `weiquan_string_free`).
    pub fn write(self, s: String) {
        let (ptr, n) = strings::into_c(s);
        *self.out = ptr;
        if let Some(l) = self.len {
            *l = n;
        }
    }
}

/// Serialises `value` to compact JSON (the CLI's format).
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, FfiError> {
    serde_json::to_string(value)
        .map_err(|e| FfiError::internal(format!("serialising the result: {e}")))
}

/// Parses a JSON argument into `T`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    arg: &str,
) -> Result<T, FfiError> {
    serde_json::from_str(text).map_err(|e| FfiError::json(arg, &e))
}

/// Reads a UTF-8 file named by a C argument.
pub(crate) fn read_file(path: &str) -> Result<String, FfiError> {
    std::fs::read_to_string(path).map_err(|e| FfiError::io(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_and_reported_as_internal() {
        let status = call(|| panic!("boom"));
        assert_eq!(status, weiquan_status::WEIQUAN_INTERNAL);
        let mut code = std::ptr::null();
        // SAFETY: valid out-pointer.
        unsafe { crate::error::weiquan_last_error_code(&mut code, std::ptr::null_mut()) };
        // SAFETY: borrowed NUL-terminated string.
        assert_eq!(
            unsafe { CStr::from_ptr(code) }.to_str().unwrap(),
            "ffi.internal"
        );
        let mut message = std::ptr::null();
        // SAFETY: valid out-pointer.
        unsafe { crate::error::weiquan_last_error_message(&mut message, std::ptr::null_mut()) };
        // SAFETY: borrowed NUL-terminated string.
        let message = unsafe { CStr::from_ptr(message) }.to_str().unwrap();
        assert_eq!(
            message,
            "internal error in libweiquan (please report it): boom"
        );
    }

    #[test]
    fn text_arguments_are_checked_in_order() {
        // SAFETY: NULL is checked first.
        let e = unsafe { text(std::ptr::null(), 3, "s", 10) }.unwrap_err();
        assert_eq!(e.status, weiquan_status::WEIQUAN_NULL_POINTER);
        let bytes = b"abc\xff";
        // SAFETY: `bytes` is valid for its length.
        let e = unsafe { text(bytes.as_ptr().cast(), 4, "s", 3) }.unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (weiquan_status::WEIQUAN_TOO_LONG, "ffi.too_long")
        );
        // SAFETY: as above.
        let e = unsafe { text(bytes.as_ptr().cast(), 4, "s", 10) }.unwrap_err();
        assert_eq!(e.code, "ffi.invalid_utf8");
        assert_eq!(
            e.message,
            "argument `s` is not valid UTF-8: invalid utf-8 sequence of 1 bytes from index 3"
        );
        let nul = b"a\0b";
        // SAFETY: as above.
        let e = unsafe { text(nul.as_ptr().cast(), 3, "s", 10) }.unwrap_err();
        assert_eq!(e.message, "argument `s` contains a NUL byte at offset 1");
        // SAFETY: as above; an empty text is valid.
        assert_eq!(
            unsafe { text(nul.as_ptr().cast(), 0, "s", 10) }.unwrap(),
            ""
        );
    }
}
