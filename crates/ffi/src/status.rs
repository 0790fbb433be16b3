//! The one status enum every function returns.

/// What happened in a call. `WEIQUAN_OK` is 0; every other value is a failure, and the
/// thread's last error (`weiquan_last_error_*`) says more.
///
/// Never pass a `weiquan_status` *into* the library: the one function that takes a status,
/// `weiquan_status_name`, takes it as `int32_t` so that an
/// out-of-range number is an error rather than undefined behaviour.
#[repr(C)]
#[allow(
    non_camel_case_types,
    reason = "C naming: the type is `weiquan_status` in the header"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum weiquan_status {
    /// Success: every out-parameter has been written.
    WEIQUAN_OK = 0,
    /// A required pointer argument was NULL.
    WEIQUAN_NULL_POINTER = 1,
    /// A string argument was not valid UTF-8, or contained a NUL byte.
    WEIQUAN_INVALID_UTF8 = 2,
    /// A string argument was longer than its limit (`WEIQUAN_MAX_TEXT_LEN` or
    /// `WEIQUAN_MAX_SHORT_LEN`).
    WEIQUAN_TOO_LONG = 3,
    /// A JSON argument was not JSON, or not a document of the expected shape.
    WEIQUAN_MALFORMED_JSON = 4,
    /// The input was well-formed but broke a rule (an identifier's check character, a
    /// complaint field, a claim field): the last error has the code and the JSON pointer, and
    /// `weiquan_last_error_details` lists every problem.
    WEIQUAN_INVALID = 5,
    /// The domain refused the operation: an event not allowed in the case's state, a replayed
    /// log whose hash chain is broken, a privacy budget that is spent, no routing rule matched.
    WEIQUAN_REJECTED = 6,
    /// A date outside the years the calendar has data for, or a number out of range.
    WEIQUAN_OUT_OF_RANGE = 7,
    /// A handle that was freed, never created by this library, or of another type.
    WEIQUAN_INVALID_HANDLE = 8,
    /// A plain argument outside its domain: an impossible date, an unknown enum number.
    WEIQUAN_INVALID_ARGUMENT = 9,
    /// A file could not be read.
    WEIQUAN_IO = 10,
    /// A bug inside the library (a caught panic, a handle poisoned by one): please report it.
    WEIQUAN_INTERNAL = 11,
}

impl weiquan_status {
    /// Every status, in numeric order.
    pub const ALL: [weiquan_status; 12] = [
        weiquan_status::WEIQUAN_OK,
        weiquan_status::WEIQUAN_NULL_POINTER,
        weiquan_status::WEIQUAN_INVALID_UTF8,
        weiquan_status::WEIQUAN_TOO_LONG,
        weiquan_status::WEIQUAN_MALFORMED_JSON,
        weiquan_status::WEIQUAN_INVALID,
        weiquan_status::WEIQUAN_REJECTED,
        weiquan_status::WEIQUAN_OUT_OF_RANGE,
        weiquan_status::WEIQUAN_INVALID_HANDLE,
        weiquan_status::WEIQUAN_INVALID_ARGUMENT,
        weiquan_status::WEIQUAN_IO,
        weiquan_status::WEIQUAN_INTERNAL,
    ];

    /// The status's name as written in the header, NUL-terminated.
    pub fn name(self) -> &'static std::ffi::CStr {
        match self {
            weiquan_status::WEIQUAN_OK => c"WEIQUAN_OK",
            weiquan_status::WEIQUAN_NULL_POINTER => c"WEIQUAN_NULL_POINTER",
            weiquan_status::WEIQUAN_INVALID_UTF8 => c"WEIQUAN_INVALID_UTF8",
            weiquan_status::WEIQUAN_TOO_LONG => c"WEIQUAN_TOO_LONG",
            weiquan_status::WEIQUAN_MALFORMED_JSON => c"WEIQUAN_MALFORMED_JSON",
            weiquan_status::WEIQUAN_INVALID => c"WEIQUAN_INVALID",
            weiquan_status::WEIQUAN_REJECTED => c"WEIQUAN_REJECTED",
            weiquan_status::WEIQUAN_OUT_OF_RANGE => c"WEIQUAN_OUT_OF_RANGE",
            weiquan_status::WEIQUAN_INVALID_HANDLE => c"WEIQUAN_INVALID_HANDLE",
            weiquan_status::WEIQUAN_INVALID_ARGUMENT => c"WEIQUAN_INVALID_ARGUMENT",
            weiquan_status::WEIQUAN_IO => c"WEIQUAN_IO",
            weiquan_status::WEIQUAN_INTERNAL => c"WEIQUAN_INTERNAL",
        }
    }

    /// The status with this number, if there is one.
    pub fn from_i32(n: i32) -> Option<weiquan_status> {
        weiquan_status::ALL.into_iter().find(|s| *s as i32 == n)
    }
}
