//! Plain C value types shared by several functions, and the mapping of domain errors.

use chrono::{Datelike, NaiveDate};

use crate::error::FfiError;

/// A calendar date (proleptic Gregorian), passed by value.
#[repr(C)]
#[allow(
    non_camel_case_types,
    reason = "C naming: the type is `weiquan_date` in the header"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct weiquan_date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
}

impl weiquan_date {
    /// The date as chrono's, or an `WEIQUAN_INVALID_ARGUMENT` error for an impossible date.
    pub(crate) fn to_naive(self, arg: &str) -> Result<NaiveDate, FfiError> {
        NaiveDate::from_ymd_opt(self.year, self.month, self.day).ok_or_else(|| {
            FfiError::argument(
                arg,
                format!(
                    "{:04}-{:02}-{:02} is not a real date",
                    self.year, self.month, self.day
                ),
            )
        })
    }

    /// The C form of a date.
    pub(crate) fn from_naive(d: NaiveDate) -> weiquan_date {
        weiquan_date {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

/// Copies ASCII text into a fixed C array, NUL-terminated (the arrays are sized for it).
pub(crate) fn fill<const N: usize>(dst: &mut [std::ffi::c_char; N], text: &str) {
    *dst = [0; N];
    for (d, b) in dst.iter_mut().zip(text.bytes().take(N.saturating_sub(1))) {
        *d = b as std::ffi::c_char;
    }
}

/// A static, NUL-terminated copy of a static name (interned once per distinct name).
pub(crate) fn static_c(name: &'static str) -> &'static std::ffi::CStr {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, PoisonError};
    static NAMES: Mutex<Option<BTreeMap<&'static str, &'static std::ffi::CStr>>> = Mutex::new(None);
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    names
        .get_or_insert_with(BTreeMap::new)
        .entry(name)
        .or_insert_with(|| Box::leak(crate::error::c_text(name).into_boxed_c_str()))
}
