//! The library's version, as numbers the header and the running library both give.

use std::ffi::c_char;

use crate::call::{call, out_ptr, write_borrowed};
use crate::status::weiquan_status;

const fn parse(s: &str) -> u32 {
    let mut b = s.as_bytes();
    let mut n: u32 = 0;
    while let [d, rest @ ..] = b {
        if d.is_ascii_digit() {
            n = n * 10 + (*d - b'0') as u32;
        }
        b = rest;
    }
    n
}

/// Major version of the crate (the header's `WEIQUAN_VERSION_MAJOR`).
pub const VERSION_MAJOR: u32 = parse(env!("CARGO_PKG_VERSION_MAJOR"));
/// Minor version (`WEIQUAN_VERSION_MINOR`).
pub const VERSION_MINOR: u32 = parse(env!("CARGO_PKG_VERSION_MINOR"));
/// Patch version (`WEIQUAN_VERSION_PATCH`).
pub const VERSION_PATCH: u32 = parse(env!("CARGO_PKG_VERSION_PATCH"));
/// `MAJOR * 1_000_000 + MINOR * 1_000 + PATCH`, the header's `WEIQUAN_ABI_VERSION`.
pub const ABI_VERSION: u32 = VERSION_MAJOR * 1_000_000 + VERSION_MINOR * 1_000 + VERSION_PATCH;

/// The version of the running library as `MAJOR * 1000000 + MINOR * 1000 + PATCH`.
///
/// Compare it with `WEIQUAN_ABI_VERSION` from the header the program was compiled with: the
/// major numbers must be equal and the library's minor at least the header's. This is the one
/// function that returns its result directly rather than a status, because it cannot fail and
/// is what a loader calls before anything else.
#[unsafe(no_mangle)]
pub extern "C" fn weiquan_abi_version() -> u32 {
    ABI_VERSION
}

/// The version of the running library as text, e.g. `"0.1.0"`: a static string, never freed.
///
/// # Safety
/// `out` must be NULL or valid for writing a pointer; `out_len` NULL or valid for a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_version_string(
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let text = const {
            match std::ffi::CStr::from_bytes_with_nul(
                concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
            ) {
                Ok(c) => c,
                Err(_) => c"",
            }
        };
        // SAFETY: forwarded contract.
        unsafe { write_borrowed(out, out_len, text) };
        Ok(())
    })
}
