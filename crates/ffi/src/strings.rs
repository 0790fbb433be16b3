//! Strings the library allocates: handed out as `char *`, freed by `weiquan_string_free`.
//!
//! Every live string's address is registered, so that freeing a pointer twice, or freeing a
//! pointer the library did not hand out (a borrowed last-error message, a caller's buffer), is
//! reported as `WEIQUAN_INVALID_HANDLE` instead of corrupting the heap. The registry is a
//! B-tree keyed by the address as a number: valgrind sees its nodes as reachable (a hash
//! table's interior pointer would look "possibly lost"), and a string the caller never frees
//! is still reported as definitely lost.

use std::collections::BTreeMap;
use std::ffi::c_char;
use std::mem::ManuallyDrop;
use std::sync::{Mutex, PoisonError};

use crate::error::{FfiError, c_text};
use crate::status::weiquan_status;

/// Live strings: address -> (length with the NUL, capacity) of the `Vec<u8>` behind it.
static LIVE: Mutex<BTreeMap<usize, (usize, usize)>> = Mutex::new(BTreeMap::new());

/// Moves `s` to C; returns the pointer and the length in bytes (without the NUL).
///
/// The string's own buffer is handed out with a NUL appended (no copy, no shrinking), so a
/// 15 KB assessment costs no more than the serialiser's allocation; only a string with a NUL
/// byte (which only a caller's own input can bring in) is cleaned first.
pub(crate) fn into_c(s: String) -> (*mut c_char, usize) {
    let mut bytes = if s.as_bytes().contains(&0) {
        c_text(&s).into_bytes()
    } else {
        s.into_bytes()
    };
    let len = bytes.len();
    bytes.push(0);
    let mut bytes = ManuallyDrop::new(bytes);
    let ptr = bytes.as_mut_ptr();
    let mut live = LIVE.lock().unwrap_or_else(PoisonError::into_inner);
    live.insert(ptr.addr(), (len + 1, bytes.capacity()));
    (ptr.cast::<c_char>(), len)
}

/// Frees a string the library returned (`char *` out-parameters). NULL is a no-op. A
/// successful free leaves the thread's last error as it was.
///
/// Fails with `WEIQUAN_INVALID_HANDLE`, freeing nothing, for a pointer that is not a live
/// string of this library — one already freed, or one that was only borrowed (the
/// `const char *` results of `weiquan_last_error_*`).
///
/// # Safety
/// `s` must be NULL or a pointer value; it is only compared, never read, unless the library
/// handed it out and has not freed it yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_string_free(s: *mut c_char) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        if s.is_null() {
            return Ok(());
        }
        let registered = {
            let mut live = LIVE.lock().unwrap_or_else(PoisonError::into_inner);
            live.remove(&s.addr())
        };
        let Some((len, capacity)) = registered else {
            return Err(FfiError::new(
                weiquan_status::WEIQUAN_INVALID_HANDLE,
                "ffi.not_a_library_string",
                format!("{s:p} is not a string allocated by libweiquan, or was already freed"),
                format!("{s:p}不是libweiquan分配的字符串，或已被释放"),
            ));
        };
        // SAFETY: the address, length and capacity were registered by `into_c` from a
        // `Vec<u8>` it leaked, and have just been unregistered, so the vector is rebuilt and
        // freed exactly once.
        drop(unsafe { Vec::from_raw_parts(s.cast::<u8>(), len, capacity) });
        Ok(())
    })
}
