//! Errors: how a failure is described, and the thread-local last error with its accessors.
//!
//! Every exported function clears the calling thread's last error when it starts and sets it
//! when it fails, so the last error describes the last call made on this thread — except the
//! `weiquan_last_error_*` accessors and [`weiquan_status_name`], which never touch it, and
//! the free functions and `weiquan_handle_count`, which leave it alone unless they fail
//! themselves (so a program can release what it holds before it reports an error).

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};

use weiquan_support::{Diagnostic, FieldError, Kind};

use crate::call::{out_ptr, write_borrowed};
use crate::status::weiquan_status;

/// The codes of "this JSON document breaks rules" that the C ABI replaces by the first
/// problem's code (every problem is in the details).
pub(crate) const FIRST_PROBLEM: &[&str] = &["complaint.invalid", "claim.invalid", "record.invalid"];

/// One failure, as the C caller will see it through the last-error accessors (boxed: the
/// success path of every call carries only a pointer-sized error slot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FfiError(Box<ErrorData>);

impl std::ops::Deref for FfiError {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for FfiError {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

/// The fields of an [`FfiError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorData {
    /// The status the call returns.
    pub status: weiquan_status,
    /// A stable machine code: the domain crate's code (`resident_id.checksum`,
    /// `caseflow.illegal_transition`...) or one of this crate's (`ffi.null_pointer`...).
    pub code: String,
    /// What went wrong, in English, naming the argument or the value.
    pub message: String,
    /// What went wrong, in Chinese.
    pub message_zh: String,
    /// JSON pointer to the offending field for validation errors; empty otherwise.
    pub pointer: String,
    /// Every field problem, for validation errors (the first one is `pointer`/`code`).
    pub details: Vec<FieldError>,
}

impl FfiError {
    /// A failure without a field. The messages may quote a caller's argument or a parser's
    /// words about it: any resident ID, mobile or card number in them is masked and each
    /// quoted value cut to 200 characters (`weiquan_support::mask::parser_message`), as the
    /// domain crates' messages are.
    pub fn new(
        status: weiquan_status,
        code: impl Into<String>,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> FfiError {
        FfiError(Box::new(ErrorData {
            status,
            code: code.into(),
            message: weiquan_support::mask::parser_message(&message.into()),
            message_zh: weiquan_support::mask::parser_message(&message_zh.into()),
            pointer: String::new(),
            details: Vec::new(),
        }))
    }

    /// Any crate's error as the C caller sees it: the one mapping of every domain error.
    /// The status follows the diagnostic's [`Kind`]; the details are its field errors and the
    /// pointer the first one's; the code is the diagnostic's own, except for a JSON document
    /// that breaks rules (a complaint, a claim, a statistics record: [`FIRST_PROBLEM`]), whose
    /// code is its first problem's, as the header has documented since 0.1.
    pub fn diagnostic(d: &(impl Diagnostic + ?Sized)) -> FfiError {
        use weiquan_status as S;
        let status = match d.kind() {
            Kind::Malformed => S::WEIQUAN_MALFORMED_JSON,
            Kind::Argument => S::WEIQUAN_INVALID_ARGUMENT,
            Kind::Rejected => S::WEIQUAN_REJECTED,
            Kind::OutOfRange => S::WEIQUAN_OUT_OF_RANGE,
            Kind::Io => S::WEIQUAN_IO,
            Kind::Internal => S::WEIQUAN_INTERNAL,
            _ => S::WEIQUAN_INVALID,
        };
        let details = d.fields();
        let first = details.first();
        let code = match first {
            Some(f) if FIRST_PROBLEM.contains(&d.code()) => f.code.clone(),
            _ => d.code().to_owned(),
        };
        FfiError(Box::new(ErrorData {
            status,
            code,
            message: d.message_en(),
            message_zh: d.message_zh(),
            pointer: first.map(|f| f.pointer.clone()).unwrap_or_default(),
            details,
        }))
    }

    /// A required pointer argument was NULL.
    pub fn null(arg: &str) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_NULL_POINTER,
            "ffi.null_pointer",
            format!("argument `{arg}` is NULL"),
            format!("参数“{arg}”为空指针"),
        )
    }

    /// A string argument that is not UTF-8.
    pub fn utf8(arg: &str, e: &std::str::Utf8Error) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_INVALID_UTF8,
            "ffi.invalid_utf8",
            format!("argument `{arg}` is not valid UTF-8: {e}"),
            format!(
                "参数“{arg}”不是有效的UTF-8文本（第{}字节起）",
                e.valid_up_to()
            ),
        )
    }

    /// A string argument with a NUL byte.
    pub fn nul(arg: &str, at: usize) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_INVALID_UTF8,
            "ffi.nul_byte",
            format!("argument `{arg}` contains a NUL byte at offset {at}"),
            format!("参数“{arg}”在第{at}字节处含有NUL字符"),
        )
    }

    /// A string argument over its length limit.
    pub fn too_long(arg: &str, len: usize, limit: usize) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_TOO_LONG,
            "ffi.too_long",
            format!("argument `{arg}` is {len} bytes long; the limit is {limit}"),
            format!("参数“{arg}”长{len}字节，超过上限{limit}字节"),
        )
    }

    /// A plain argument outside its domain.
    pub fn argument(arg: &str, what: impl std::fmt::Display) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_INVALID_ARGUMENT,
            "ffi.invalid_argument",
            format!("argument `{arg}`: {what}"),
            format!("参数“{arg}”无效：{what}"),
        )
    }

    /// A JSON argument that does not parse into the expected document.
    pub fn json(arg: &str, e: &serde_json::Error) -> FfiError {
        // serde_json quotes the offending value without knowing its field: `new` masks the
        // identifiers in it and cuts it, as every crate's messages are.
        let said = e.to_string();
        FfiError::new(
            weiquan_status::WEIQUAN_MALFORMED_JSON,
            "json.syntax",
            format!(
                "argument `{arg}` is not a valid document at line {}, column {}: {said}",
                e.line(),
                e.column()
            ),
            format!(
                "参数“{arg}”不是有效的JSON文档（第{}行第{}列）：{said}",
                e.line(),
                e.column()
            ),
        )
    }

    /// A file that could not be read.
    pub fn io(path: &str, e: &std::io::Error) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_IO,
            "io.read",
            format!("cannot read {path:?}: {e}"),
            format!("无法读取文件“{path}”：{e}"),
        )
    }

    /// A bug: a caught panic or an impossible state.
    pub fn internal(what: impl std::fmt::Display) -> FfiError {
        FfiError::new(
            weiquan_status::WEIQUAN_INTERNAL,
            "ffi.internal",
            format!("internal error in libweiquan (please report it): {what}"),
            format!("libweiquan内部错误（请报告）：{what}"),
        )
    }
}

/// Text for C: NUL bytes (which only a caller's own input can bring in) become U+FFFD.
pub(crate) fn c_text(s: &str) -> CString {
    CString::new(s).unwrap_or_else(|_| {
        let cleaned = s.replace('\0', "\u{FFFD}");
        CString::new(cleaned).unwrap_or_default()
    })
}

/// The last error as stored for C: NUL-terminated copies of every field.
struct Stored {
    status: weiquan_status,
    message: CString,
    message_zh: CString,
    code: CString,
    pointer: CString,
    details: CString,
}

thread_local! {
    static LAST: RefCell<Option<Stored>> = const { RefCell::new(None) };
}

/// Forgets the last error (at the start of every call).
pub(crate) fn clear() {
    LAST.with(|last| {
        if let Ok(mut slot) = last.try_borrow_mut()
            && slot.is_some()
        {
            *slot = None;
        }
    });
}

/// Records `e` as the calling thread's last error.
pub(crate) fn set(e: &FfiError) {
    let details = serde_json::to_string(&e.details).unwrap_or_else(|_| "[]".to_owned());
    let stored = Stored {
        status: e.status,
        message: c_text(&e.message),
        message_zh: c_text(&e.message_zh),
        code: c_text(&e.code),
        pointer: c_text(&e.pointer),
        details: c_text(&details),
    };
    LAST.with(|last| {
        if let Ok(mut slot) = last.try_borrow_mut() {
            *slot = Some(stored);
        }
    });
}

/// Which field of the last error an accessor reads.
#[derive(Clone, Copy)]
enum Field {
    Message,
    MessageZh,
    Code,
    Pointer,
    Details,
}

/// Writes a borrowed pointer to one field of the last error ("" or "[]" when there is none).
///
/// # Safety
/// `out` and `out_len` as in the accessors' contracts.
unsafe fn read(field: Field, out: *mut *const c_char, out_len: *mut usize) -> weiquan_status {
    // Accessors do not clear the last error and cannot panic: no catch_unwind needed, but keep
    // the contract of "no partial success" and of checking the pointers.
    let result = std::panic::catch_unwind(|| {
        // SAFETY: the caller passes a valid, writable pointer or NULL (checked).
        let out = unsafe { out_ptr(out, "out") }?;
        LAST.with(|last| {
            let guard = last.try_borrow().ok();
            let stored = guard.as_ref().and_then(|g| g.as_ref());
            let text: &CStr = match (stored, field) {
                (None, Field::Details) => c"[]",
                (None, _) => c"",
                (Some(s), Field::Message) => &s.message,
                (Some(s), Field::MessageZh) => &s.message_zh,
                (Some(s), Field::Code) => &s.code,
                (Some(s), Field::Pointer) => &s.pointer,
                (Some(s), Field::Details) => &s.details,
            };
            // The pointer stays valid after the borrow ends: the CString lives in the
            // thread-local until the next call that clears or replaces it.
            // SAFETY: `out_len` is NULL or valid per the contract.
            unsafe { write_borrowed(out, out_len, text) };
        });
        Ok::<(), FfiError>(())
    });
    match result {
        Ok(Ok(())) => weiquan_status::WEIQUAN_OK,
        Ok(Err(e)) => e.status,
        Err(_) => weiquan_status::WEIQUAN_INTERNAL,
    }
}

/// The English message of the last failed call on this thread ("" after a success).
///
/// `*out` is borrowed: valid until the last error changes (the next call on this thread that
/// clears or sets it); do not free it. `out_len` may be NULL;
/// otherwise it receives the length in bytes without the NUL.
///
/// # Safety
/// `out` must be NULL or valid for writing a pointer; `out_len` NULL or valid for a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_last_error_message(
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { read(Field::Message, out, out_len) }
}

// Covers: weiquan_complaint::Error::message_zh, weiquan_calendar::Error::message_zh, weiquan_calendar::CsvProblem::message_zh, weiquan_calendar::CsvProblemKind::message_zh, weiquan_caseflow::Error::message_zh, weiquan_caseflow::Error::line, weiquan_routing::Error::message_zh, weiquan_compensation::Error::message_zh, weiquan_stats::Error::message_zh
/// The Chinese message of the last failed call on this thread ("" after a success).
/// Borrowed like [`weiquan_last_error_message`].
///
/// # Safety
/// As [`weiquan_last_error_message`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_last_error_message_zh(
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { read(Field::MessageZh, out, out_len) }
}

// Covers: weiquan_complaint::Error::code, weiquan_calendar::Error::code, weiquan_calendar::CsvProblem::code, weiquan_calendar::CsvProblemKind::code, weiquan_caseflow::Error::code, weiquan_routing::Error::code, weiquan_routing::ProblemKind::code, weiquan_compensation::Error::code, weiquan_stats::Error::code
/// The stable machine code of the last failure, e.g. `resident_id.checksum`,
/// `caseflow.illegal_transition` or `ffi.null_pointer` ("" after a success). For a document
/// that breaks rules (a complaint, a claim, a statistics record) it is the first problem's
/// code, as the pointer is the first problem's pointer. Borrowed like
/// [`weiquan_last_error_message`].
///
/// # Safety
/// As [`weiquan_last_error_message`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_last_error_code(
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { read(Field::Code, out, out_len) }
}

/// The JSON pointer (RFC 6901) of the field the last failure is about, e.g.
/// `/consumer/mobile`; "" when it is not about a field or after a success. Borrowed like
/// [`weiquan_last_error_message`].
///
/// # Safety
/// As [`weiquan_last_error_message`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_last_error_pointer(
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { read(Field::Pointer, out, out_len) }
}

// Covers: weiquan_complaint::Error::at, weiquan_complaint::Error::value, weiquan_calendar::CsvField::as_str, weiquan_routing::Problems::iter, weiquan_routing::Problem::message_zh, weiquan_routing::ProblemKind::name_zh
/// Every field problem of the last failure as a JSON array of
/// `{"pointer","code","value","message_en","message_zh"}` (the format of the CLI's rejects);
/// `[]` when the failure is not about fields or after a success. Borrowed like
/// [`weiquan_last_error_message`].
///
/// # Safety
/// As [`weiquan_last_error_message`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_last_error_details(
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { read(Field::Details, out, out_len) }
}

/// The status the last call on this thread returned (`WEIQUAN_OK` after a success).
///
/// # Safety
/// `out` must be NULL or valid for writing a `weiquan_status`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_last_error_status(out: *mut weiquan_status) -> weiquan_status {
    let result = std::panic::catch_unwind(|| {
        // SAFETY: the caller passes a valid, writable pointer or NULL (checked).
        let out = unsafe { out_ptr(out, "out") }?;
        let status = LAST.with(|last| {
            last.try_borrow()
                .ok()
                .and_then(|g| g.as_ref().map(|s| s.status))
                .unwrap_or(weiquan_status::WEIQUAN_OK)
        });
        *out = status;
        Ok::<(), FfiError>(())
    });
    match result {
        Ok(Ok(())) => weiquan_status::WEIQUAN_OK,
        Ok(Err(e)) => e.status,
        Err(_) => weiquan_status::WEIQUAN_INTERNAL,
    }
}

/// The name of status number `status` as written in the header (e.g. `"WEIQUAN_IO"`), a
/// static string: never freed. Does not touch the last error.
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` for a number that is no status.
///
/// # Safety
/// `out` must be NULL or valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_status_name(
    status: i32,
    out: *mut *const c_char,
) -> weiquan_status {
    let result = std::panic::catch_unwind(|| {
        // SAFETY: the caller passes a valid, writable pointer or NULL (checked).
        let out = unsafe { out_ptr(out, "out") }.map_err(|e| e.status)?;
        match weiquan_status::from_i32(status) {
            Some(s) => {
                *out = s.name().as_ptr();
                Ok(())
            }
            None => Err(weiquan_status::WEIQUAN_INVALID_ARGUMENT),
        }
    });
    match result {
        Ok(Ok(())) => weiquan_status::WEIQUAN_OK,
        Ok(Err(s)) => s,
        Err(_) => weiquan_status::WEIQUAN_INTERNAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_from_a_callers_input_never_cut_a_message() {
        assert_eq!(c_text("a\0b").to_str().unwrap(), "a\u{FFFD}b");
        assert_eq!(c_text("plain").to_str().unwrap(), "plain");
    }

    #[test]
    fn the_last_error_is_set_cleared_and_listed() {
        // A complaint with two problems: the code and pointer are the first one's.
        let e = FfiError::diagnostic(&weiquan_complaint::Error::Invalid(
            weiquan_complaint::ValidationErrors(vec![
                FieldError::new("/a", "x.y", Some("v".into()), "bad a", "a错"),
                FieldError::new("/b", "x.z", None, "bad b", "b错"),
            ]),
        ));
        assert_eq!(e.status, weiquan_status::WEIQUAN_INVALID);
        assert_eq!((e.code.as_str(), e.pointer.as_str()), ("x.y", "/a"));
        set(&e);
        let mut out = std::ptr::null();
        // SAFETY: valid out-pointer; the result is a borrowed NUL-terminated string.
        let details = unsafe {
            assert_eq!(
                weiquan_last_error_details(&mut out, std::ptr::null_mut()),
                weiquan_status::WEIQUAN_OK
            );
            CStr::from_ptr(out).to_str().unwrap().to_owned()
        };
        assert_eq!(
            details,
            r#"[{"pointer":"/a","code":"x.y","value":"v","message_en":"bad a","message_zh":"a错"},{"pointer":"/b","code":"x.z","message_en":"bad b","message_zh":"b错"}]"#
        );
        clear();
        // SAFETY: as above.
        let details = unsafe {
            weiquan_last_error_details(&mut out, std::ptr::null_mut());
            CStr::from_ptr(out).to_str().unwrap().to_owned()
        };
        assert_eq!(details, "[]");
    }
}
