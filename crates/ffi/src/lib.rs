//! # weiquan-ffi
//!
//! The C ABI of weiquan (`libweiquan.so`, `libweiquan.a`, header `include/weiquan.h`): the
//! one binding that Java, C#, C and Python systems load in-process. It translates types and
//! errors and holds no domain logic: every answer comes from the domain crates.
//!
//! The conventions (status codes, out-parameters, who frees what, handles and threads, the
//! last error) are written in `docs/ffi.md`; in short:
//!
//! - every function returns a [`weiquan_status`]; results come back through out-parameters,
//!   written only on success (string out-parameters are set to NULL first);
//! - text goes in as a pointer and a length in bytes, UTF-8, no NUL needed; complex values
//!   are JSON documents in the CLI's formats;
//! - `char *` results are the caller's, freed with [`weiquan_string_free`]; `const char *`
//!   results are borrowed;
//! - long-lived objects are opaque handles with a `_new`/`_free` pair; a freed handle is
//!   detected, not dereferenced;
//! - a failure leaves a thread-local last error: message (English and Chinese), stable code,
//!   JSON pointer, and every field problem as JSON.
//!
//! ```
//! use std::ffi::{CStr, c_char};
//! use weiquan::*;
//!
//! let text = weiquan_synth::generate::sample_json();
//! let mut out: *mut c_char = std::ptr::null_mut();
//! // SAFETY: the pointers are valid for the call.
//! let status = unsafe {
//!     weiquan_complaint_validate(text.as_ptr().cast(), text.len(), &mut out, std::ptr::null_mut())
//! };
//! assert_eq!(status, weiquan_status::WEIQUAN_OK);
//! // SAFETY: `out` is a NUL-terminated string the library returned.
//! let normalised = unsafe { CStr::from_ptr(out) }.to_str()?.to_owned();
//! assert!(normalised.starts_with("{\"schema_version\":1"));
//! // SAFETY: `out` came from the library and is freed once.
//! assert_eq!(unsafe { weiquan_string_free(out) }, weiquan_status::WEIQUAN_OK);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![allow(
    unsafe_code,
    reason = "a C ABI takes and returns raw pointers; every unsafe block is small and says why it is sound"
)]

mod calendar;
mod call;
mod caseflow;
mod compensation;
mod complaint;
mod error;
mod handle;
mod ids;
mod redact;
mod routing;
mod stats;
mod status;
mod strings;
mod types;
mod version;

pub use calendar::*;
pub use call::{WEIQUAN_MAX_SHORT_LEN, WEIQUAN_MAX_TEXT_LEN};
pub use caseflow::*;
pub use compensation::*;
pub use complaint::*;
pub use error::{
    weiquan_last_error_code, weiquan_last_error_details, weiquan_last_error_message,
    weiquan_last_error_message_zh, weiquan_last_error_pointer, weiquan_last_error_status,
    weiquan_status_name,
};
pub use handle::weiquan_handle_count;
pub use ids::*;
pub use redact::*;
pub use routing::*;
pub use stats::*;
pub use status::weiquan_status;
pub use strings::weiquan_string_free;
pub use types::weiquan_date;
pub use version::{
    ABI_VERSION, VERSION_MAJOR, VERSION_MINOR, VERSION_PATCH, weiquan_abi_version,
    weiquan_version_string,
};
