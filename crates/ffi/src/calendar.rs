//! The working-day calendar as an immutable handle.

use std::ffi::c_char;
use std::sync::Arc;

use chrono::NaiveDate;

use ::weiquan_calendar::{AdjustedWorkdays, Calendar, Error, Marked};

use crate::call::{
    StrOut, WEIQUAN_MAX_SHORT_LEN, WEIQUAN_MAX_TEXT_LEN, call, out_ptr, text, to_json,
};
use crate::error::FfiError;
use crate::handle;
use crate::status::weiquan_status;
use crate::types::weiquan_date;

/// A working-day calendar (official holidays and 调休, optionally with loaded years and the
/// provisional calendar). Immutable: every `weiquan_calendar_with_*` makes a new handle.
/// May be shared between threads.
#[allow(non_camel_case_types, reason = "C naming")]
pub struct weiquan_calendar {
    _opaque: [u8; 0],
}

pub(crate) const KIND: &str = "weiquan_calendar";

/// Adjusted working days (调休上班) count as working days (default; an interpretation, marked U).
pub const WEIQUAN_ADJUSTED_WORKDAYS_COUNT: u32 = 0;
/// Adjusted working days are treated as the weekend days they would otherwise be.
pub const WEIQUAN_ADJUSTED_WORKDAYS_SKIP: u32 = 1;

/// What a calendar covers.
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy, Default)]
pub struct weiquan_calendar_info {
    /// First year covered by official (or loaded) notices; greater than `last_year` when none.
    pub first_year: i32,
    /// Last year covered by notices.
    pub last_year: i32,
    /// Whether years no notice covers are answered provisionally.
    pub provisional: bool,
    /// First provisional year (when `provisional`).
    pub provisional_first_year: i32,
    /// Last provisional year (when `provisional`).
    pub provisional_last_year: i32,
    /// `WEIQUAN_ADJUSTED_WORKDAYS_COUNT` or `WEIQUAN_ADJUSTED_WORKDAYS_SKIP`.
    pub adjusted_workdays: u32,
}

pub(crate) fn get(cal: *const weiquan_calendar) -> Result<Arc<Calendar>, FfiError> {
    handle::get::<Calendar>(KIND, cal.addr())
}

/// The calendar of an optional handle: NULL means the default the crate would use.
pub(crate) fn get_or(
    cal: *const weiquan_calendar,
    default: &'static Calendar,
) -> Result<CalendarRef, FfiError> {
    if cal.is_null() {
        Ok(CalendarRef::Default(default))
    } else {
        get(cal).map(CalendarRef::Handle)
    }
}

/// A calendar for one call: the caller's handle, or the crate's default borrowed as it is
/// (not copied on every call that passes NULL).
pub(crate) enum CalendarRef {
    Default(&'static Calendar),
    Handle(Arc<Calendar>),
}

impl std::ops::Deref for CalendarRef {
    type Target = Calendar;

    fn deref(&self) -> &Calendar {
        match self {
            CalendarRef::Default(c) => c,
            CalendarRef::Handle(c) => c,
        }
    }
}

unsafe fn put(out: *mut *mut weiquan_calendar, c: Calendar) -> Result<(), FfiError> {
    // SAFETY: forwarded contract.
    let out = unsafe { out_ptr(out, "out") }?;
    *out = std::ptr::null_mut();
    *out = handle::to_ptr(handle::insert(KIND, c)?);
    Ok(())
}

/// Checks the out-handle before any work, so that a NULL `out` fails first.
unsafe fn check_out(out: *mut *mut weiquan_calendar) -> Result<(), FfiError> {
    // SAFETY: forwarded contract.
    let out = unsafe { out_ptr(out, "out") }?;
    *out = std::ptr::null_mut();
    Ok(())
}

// Covers: weiquan_calendar::Calendar::official
/// A new handle on the embedded official calendar (State Council notices 2019–2026).
/// Free it with [`weiquan_calendar_free`].
///
/// # Safety
/// `out` must be valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_new(out: *mut *mut weiquan_calendar) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        unsafe { put(out, Calendar::official().clone()) }
    })
}

// Covers: weiquan_calendar::Calendar::from_csv
/// A calendar of only the years in `csv` (the format of the embedded data:
/// `date,kind,name`). Most callers want [`weiquan_calendar_with_csv`] instead.
///
/// Fails with `WEIQUAN_INVALID` (code `calendar.invalid_csv`) and every problem in
/// `weiquan_last_error_details`, each with the pointer `/LINE/FIELD`.
///
/// # Safety
/// `csv` must be valid for reading `csv_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_from_csv(
    csv: *const c_char,
    csv_len: usize,
    out: *mut *mut weiquan_calendar,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let csv = unsafe { text(csv, csv_len, "csv", WEIQUAN_MAX_TEXT_LEN) }?;
        let c = Calendar::from_csv(csv).map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { put(out, c) }
    })
}

// Covers: weiquan_calendar::Calendar::with_csv
/// A new calendar: `cal` with the years of `csv` added (a later State Council notice), checked
/// like the embedded data. `cal` is unchanged.
///
/// Fails with `WEIQUAN_INVALID` (code `calendar.invalid_csv`, details as for
/// [`weiquan_calendar_from_csv`]).
///
/// # Safety
/// `csv` must be valid for reading `csv_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_with_csv(
    cal: *const weiquan_calendar,
    csv: *const c_char,
    csv_len: usize,
    out: *mut *mut weiquan_calendar,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let csv = unsafe { text(csv, csv_len, "csv", WEIQUAN_MAX_TEXT_LEN) }?;
        let c = get(cal)?
            .with_csv(csv)
            .map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { put(out, c) }
    })
}

/// [`weiquan_calendar_with_csv`] with the CSV read from the file at `path` (UTF-8 path bytes).
///
/// Fails with `WEIQUAN_IO` when the file cannot be read, and as `weiquan_calendar_with_csv`.
///
/// # Safety
/// `path` must be valid for reading `path_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_with_csv_file(
    cal: *const weiquan_calendar,
    path: *const c_char,
    path_len: usize,
    out: *mut *mut weiquan_calendar,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let path = unsafe { text(path, path_len, "path", WEIQUAN_MAX_SHORT_LEN) }?;
        let base = get(cal)?;
        let csv = crate::call::read_file(path)?;
        let c = base.with_csv(&csv).map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { put(out, c) }
    })
}

// Covers: weiquan_calendar::Calendar::with_provisional
/// A new calendar: `cal` answering years no notice covers from the statutory holiday list,
/// every such answer flagged provisional.
///
/// # Safety
/// `out` must be valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_with_provisional(
    cal: *const weiquan_calendar,
    out: *mut *mut weiquan_calendar,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        unsafe { check_out(out) }?;
        let c = get(cal)?.with_provisional();
        // SAFETY: forwarded contract.
        unsafe { put(out, c) }
    })
}

// Covers: weiquan_calendar::Calendar::with_adjusted_workdays
/// A new calendar: `cal` with adjusted working days (调休上班) counted
/// (`WEIQUAN_ADJUSTED_WORKDAYS_COUNT`) or skipped (`WEIQUAN_ADJUSTED_WORKDAYS_SKIP`).
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` for another `policy`.
///
/// # Safety
/// `out` must be valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_with_adjusted_workdays(
    cal: *const weiquan_calendar,
    policy: u32,
    out: *mut *mut weiquan_calendar,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        unsafe { check_out(out) }?;
        let adjusted = match policy {
            WEIQUAN_ADJUSTED_WORKDAYS_COUNT => AdjustedWorkdays::Count,
            WEIQUAN_ADJUSTED_WORKDAYS_SKIP => AdjustedWorkdays::Skip,
            other => {
                return Err(FfiError::argument(
                    "policy",
                    format!("{other} is neither WEIQUAN_ADJUSTED_WORKDAYS_COUNT nor _SKIP"),
                ));
            }
        };
        let c = get(cal)?.with_adjusted_workdays(adjusted);
        // SAFETY: forwarded contract.
        unsafe { put(out, c) }
    })
}

/// Frees a calendar handle. NULL is a no-op; a handle already freed fails with
/// `WEIQUAN_INVALID_HANDLE` and frees nothing.
///
/// # Safety
/// `cal` is only compared, never dereferenced: any value is safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_free(cal: *mut weiquan_calendar) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        if cal.is_null() {
            return Ok(());
        }
        handle::remove(KIND, cal.addr())
    })
}

// Covers: weiquan_calendar::Calendar::covered_years, weiquan_calendar::Calendar::provisional_years, weiquan_calendar::Calendar::adjusted_workdays
/// What `cal` covers and how it counts.
///
/// # Safety
/// `out` must be valid for writing a `weiquan_calendar_info`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_info_get(
    cal: *const weiquan_calendar,
    out: *mut weiquan_calendar_info,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let c = get(cal)?;
        let covered = c.covered_years();
        let provisional = c.provisional_years();
        *out = weiquan_calendar_info {
            first_year: *covered.start(),
            last_year: *covered.end(),
            provisional: provisional.is_some(),
            provisional_first_year: provisional.as_ref().map_or(0, |r| *r.start()),
            provisional_last_year: provisional.as_ref().map_or(0, |r| *r.end()),
            adjusted_workdays: match c.adjusted_workdays() {
                AdjustedWorkdays::Count => WEIQUAN_ADJUSTED_WORKDAYS_COUNT,
                AdjustedWorkdays::Skip => WEIQUAN_ADJUSTED_WORKDAYS_SKIP,
            },
        };
        Ok(())
    })
}

/// Writes a marked answer: the value, and whether it is provisional (when asked for).
unsafe fn marked<T, U>(
    m: Marked<T>,
    out: &mut U,
    conv: impl FnOnce(T) -> U,
    out_provisional: *mut bool,
) {
    *out = conv(m.value);
    // SAFETY: NULL is allowed; otherwise valid per the contract.
    if let Some(p) = unsafe { out_provisional.as_mut() } {
        *p = m.provisional;
    }
}

unsafe fn clear_provisional(out_provisional: *mut bool) {
    // SAFETY: NULL is allowed; otherwise valid per the contract.
    if let Some(p) = unsafe { out_provisional.as_mut() } {
        *p = false;
    }
}

// Covers: weiquan_calendar::Calendar::is_working_day, weiquan_calendar::Calendar::is_working_day_marked, weiquan_calendar::Calendar::is_provisional
/// Whether `date` is a working day. `out_provisional` (may be NULL) receives whether the
/// answer comes from the provisional calendar.
///
/// Fails with `WEIQUAN_OUT_OF_RANGE` (code `calendar.out_of_coverage`) for a year the calendar
/// has no data for, `WEIQUAN_INVALID_ARGUMENT` for an impossible date.
///
/// # Safety
/// `out_working` must be valid for writing a `bool`; `out_provisional` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_is_working_day(
    cal: *const weiquan_calendar,
    date: weiquan_date,
    out_working: *mut bool,
    out_provisional: *mut bool,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out_working, "out_working") }?;
        // SAFETY: forwarded contract.
        unsafe { clear_provisional(out_provisional) };
        let d = date.to_naive("date")?;
        let m = get(cal)?
            .is_working_day_marked(d)
            .map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { marked(m, out, |v| v, out_provisional) };
        Ok(())
    })
}

// Covers: weiquan_calendar::Calendar::add_working_days, weiquan_calendar::Calendar::add_working_days_marked
/// The `n`-th working day after `start` (`start` itself is not counted: Civil Code Art. 201).
///
/// Fails as [`weiquan_calendar_is_working_day`].
///
/// # Safety
/// `out` must be valid for writing a `weiquan_date`; `out_provisional` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_add_working_days(
    cal: *const weiquan_calendar,
    start: weiquan_date,
    n: u32,
    out: *mut weiquan_date,
    out_provisional: *mut bool,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: forwarded contract.
        unsafe { clear_provisional(out_provisional) };
        let d = start.to_naive("start")?;
        let m = get(cal)?
            .add_working_days_marked(d, n)
            .map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { marked(m, out, weiquan_date::from_naive, out_provisional) };
        Ok(())
    })
}

// Covers: weiquan_calendar::Calendar::working_days_between, weiquan_calendar::Calendar::working_days_between_marked
/// The number of working days in (`a`, `b`] (0 when `b` is not after `a`).
///
/// Fails as [`weiquan_calendar_is_working_day`].
///
/// # Safety
/// `out` must be valid for writing a `uint32_t`; `out_provisional` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_working_days_between(
    cal: *const weiquan_calendar,
    a: weiquan_date,
    b: weiquan_date,
    out: *mut u32,
    out_provisional: *mut bool,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: forwarded contract.
        unsafe { clear_provisional(out_provisional) };
        let a = a.to_naive("a")?;
        let b = b.to_naive("b")?;
        let m = get(cal)?
            .working_days_between_marked(a, b)
            .map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { marked(m, out, |v| v, out_provisional) };
        Ok(())
    })
}

/// The body the day-to-day questions share (next working day, roll to a working day).
///
/// # Safety
/// `out` must be valid for writing a `weiquan_date`; `out_provisional` NULL or valid.
unsafe fn day_to_day(
    cal: *const weiquan_calendar,
    date: weiquan_date,
    out: *mut weiquan_date,
    out_provisional: *mut bool,
    question: fn(&Calendar, NaiveDate) -> Result<Marked<NaiveDate>, Error>,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        // SAFETY: forwarded contract.
        unsafe { clear_provisional(out_provisional) };
        let d = date.to_naive("date")?;
        let cal = get(cal)?;
        let m = question(&cal, d).map_err(|e| FfiError::diagnostic(&e))?;
        // SAFETY: forwarded contract.
        unsafe { marked(m, out, weiquan_date::from_naive, out_provisional) };
        Ok(())
    })
}

// Covers: weiquan_calendar::Calendar::next_working_day, weiquan_calendar::Calendar::next_working_day_marked
/// The first working day after `date`.
///
/// Fails as [`weiquan_calendar_is_working_day`].
///
/// # Safety
/// `out` must be valid for writing a `weiquan_date`; `out_provisional` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_next_working_day(
    cal: *const weiquan_calendar,
    date: weiquan_date,
    out: *mut weiquan_date,
    out_provisional: *mut bool,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        day_to_day(
            cal,
            date,
            out,
            out_provisional,
            Calendar::next_working_day_marked,
        )
    }
}

// Covers: weiquan_calendar::Calendar::roll_to_working_day, weiquan_calendar::Calendar::roll_to_working_day_marked
/// `date` if it is a working day, otherwise the next working day (a last day that falls on
/// a rest day moves: Civil Code Art. 203).
///
/// Fails as [`weiquan_calendar_is_working_day`].
///
/// # Safety
/// `out` must be valid for writing a `weiquan_date`; `out_provisional` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_roll_to_working_day(
    cal: *const weiquan_calendar,
    date: weiquan_date,
    out: *mut weiquan_date,
    out_provisional: *mut bool,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        day_to_day(
            cal,
            date,
            out,
            out_provisional,
            Calendar::roll_to_working_day_marked,
        )
    }
}

// Covers: weiquan_calendar::Calendar::day, weiquan_calendar::DayKind::as_str, weiquan_calendar::DayKind::is_working
/// Everything the calendar knows about `date`, as JSON:
/// `{"date","kind","working","name","provisional","basis"}` with `kind` one of `workday`,
/// `weekend`, `holiday`, `adjusted_workday`, `make_up_day`.
///
/// Fails as [`weiquan_calendar_is_working_day`].
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid for a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_calendar_day(
    cal: *const weiquan_calendar,
    date: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        let d = date.to_naive("date")?;
        let info = get(cal)?.day(d).map_err(|e| FfiError::diagnostic(&e))?;
        out.write(to_json(&info)?);
        Ok(())
    })
}
