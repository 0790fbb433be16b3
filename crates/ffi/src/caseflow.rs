//! The case-state machine: a case is a mutable handle; events, deadlines, reports and the log
//! cross as JSON in the formats of `weiquan case`.

use std::ffi::c_char;

use chrono::NaiveDate;
use std::sync::{Arc, Mutex};

use ::weiquan_caseflow::{Calendar, Case, Error, Event, ProcedureSelection};

use crate::calendar::{get_or as calendar_or, weiquan_calendar};
use crate::call::{
    StrOut, WEIQUAN_MAX_SHORT_LEN, WEIQUAN_MAX_TEXT_LEN, call, from_json, out_ptr, text, to_json,
};
use crate::error::FfiError;
use crate::handle;
use crate::status::weiquan_status;
use crate::types::weiquan_date;

/// One complaint's case: its state, history (a hash-chained event log) and deadlines.
/// Mutable; may be shared between threads (calls on one case are serialised).
#[allow(non_camel_case_types, reason = "C naming")]
pub struct weiquan_case {
    _opaque: [u8; 0],
}

const KIND: &str = "weiquan_case";

fn get(case: *const weiquan_case) -> Result<Arc<Mutex<Case>>, FfiError> {
    handle::get::<Mutex<Case>>(KIND, case.addr())
}

unsafe fn check_out<'a>(
    out: *mut *mut weiquan_case,
) -> Result<&'a mut *mut weiquan_case, FfiError> {
    // SAFETY: forwarded contract.
    let out = unsafe { out_ptr(out, "out") }?;
    *out = std::ptr::null_mut();
    Ok(out)
}

fn put(out: &mut *mut weiquan_case, case: Case) -> Result<(), FfiError> {
    *out = handle::to_ptr(handle::insert(KIND, Mutex::new(case))?);
    Ok(())
}

/// Other spellings of a procedure id that `selection_json` accepts in `{"exact": ...}`, with
/// the canonical id each stands for. The header of 0.1.0 documented `samr_order20`, which the
/// library refused: a program written from that header works, and the header now documents
/// the canonical id.
const PROCEDURE_ALIASES: &[(&str, &str)] = &[
    ("samr_order20", "samr_order_20"),
    ("samr_order121", "samr_order_121"),
];

/// Reads a procedure selection: `"market_regulation"`, `"consumer_association"` or
/// `{"exact": ID}`, where ID is a procedure id or one of [`PROCEDURE_ALIASES`].
fn selection(text: &str) -> Result<ProcedureSelection, FfiError> {
    let first = match from_json::<ProcedureSelection>(text, "selection_json") {
        Ok(s) => return Ok(s),
        Err(e) => e,
    };
    // Only a selection that names an alias is read again; any other keeps the first error,
    // whose line and column point into the caller's text.
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Err(first);
    };
    let canonical = value
        .get("exact")
        .and_then(serde_json::Value::as_str)
        .and_then(|id| PROCEDURE_ALIASES.iter().find(|(alias, _)| *alias == id))
        .map(|(_, canonical)| *canonical);
    match (canonical, value.get_mut("exact")) {
        (Some(canonical), Some(exact)) => {
            *exact = serde_json::Value::from(canonical);
            serde_json::from_value(value).map_err(|_| first)
        }
        _ => Err(first),
    }
}

fn default_calendar() -> &'static Calendar {
    ::weiquan_caseflow::default_calendar()
}

// Covers: weiquan_caseflow::Case::open, weiquan_caseflow::ProcedureSelection::resolve
/// Opens a case for complaint `complaint_id` received at `received_at` (RFC 3339, e.g.
/// `2024-05-10T09:30:00+08:00`), under the procedure `selection_json` chooses for that date:
/// `"market_regulation"` (SAMR Order No. 20 or No. 121 by date), `"consumer_association"`, or
/// one named procedure, `{"exact":"samr_order_20"}`, `{"exact":"samr_order_121"}` or
/// `{"exact":"consumer_association"}` (the ids of exported logs and reports). The spellings
/// `samr_order20` and `samr_order121`, which this header documented before, are accepted
/// too. The case is in state `received`. Free it with [`weiquan_case_free`].
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` for an unreadable instant, `WEIQUAN_MALFORMED_JSON`
/// (`json.syntax`) for an unknown selection, `WEIQUAN_INVALID` (`caseflow.complaint_id`) for
/// a bad id, `WEIQUAN_REJECTED` (`caseflow.no_procedure`, `caseflow.procedure_not_in_force`)
/// when no procedure applies on that date.
///
/// # Safety
/// Each text pointer must be valid for reading its length; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_open(
    complaint_id: *const c_char,
    complaint_id_len: usize,
    received_at: *const c_char,
    received_at_len: usize,
    selection_json: *const c_char,
    selection_json_len: usize,
    out: *mut *mut weiquan_case,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let id = unsafe {
            text(
                complaint_id,
                complaint_id_len,
                "complaint_id",
                WEIQUAN_MAX_SHORT_LEN,
            )
        }?;
        // SAFETY: forwarded contract.
        let at = unsafe {
            text(
                received_at,
                received_at_len,
                "received_at",
                WEIQUAN_MAX_SHORT_LEN,
            )
        }?;
        // SAFETY: forwarded contract.
        let sel = unsafe {
            text(
                selection_json,
                selection_json_len,
                "selection_json",
                WEIQUAN_MAX_SHORT_LEN,
            )
        }?;
        let at = chrono::DateTime::parse_from_rfc3339(at).map_err(|e| {
            FfiError::argument(
                "received_at",
                format!("{at:?} is not an RFC 3339 instant ({e})"),
            )
        })?;
        let selection = selection(sel)?;
        let case = Case::open(id, at, selection).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, case)
    })
}

// Covers: weiquan_caseflow::Case::open_complaint
/// Opens a case for a complaint document (validated as by `weiquan_complaint_validate`; its
/// `id` and `received_at` are used) under `selection_json` (as for [`weiquan_case_open`]).
///
/// Fails as `weiquan_complaint_validate` for the complaint, and as [`weiquan_case_open`].
///
/// # Safety
/// Each text pointer must be valid for reading its length; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_open_complaint(
    complaint_json: *const c_char,
    complaint_json_len: usize,
    selection_json: *const c_char,
    selection_json_len: usize,
    out: *mut *mut weiquan_case,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let json = unsafe {
            text(
                complaint_json,
                complaint_json_len,
                "complaint_json",
                WEIQUAN_MAX_TEXT_LEN,
            )
        }?;
        // SAFETY: forwarded contract.
        let sel = unsafe {
            text(
                selection_json,
                selection_json_len,
                "selection_json",
                WEIQUAN_MAX_SHORT_LEN,
            )
        }?;
        let complaint =
            weiquan_complaint::Complaint::from_json(json).map_err(|e| FfiError::diagnostic(&e))?;
        let selection = selection(sel)?;
        let case =
            Case::open_complaint(&complaint, selection).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, case)
    })
}

// Covers: weiquan_caseflow::Case::from_opening, weiquan_caseflow::Case::open_with
/// Opens a case from its opening event as JSON (`{"at","actor","event":{"received":{...}}}`,
/// the first line of an exported log without `seq`/`prev`/`hash`), with an explicit
/// procedure and policy.
///
/// Fails with `WEIQUAN_MALFORMED_JSON` for another shape, and as [`weiquan_case_open`].
///
/// # Safety
/// `event_json` must be valid for reading `event_json_len` bytes; `out` valid for writing a
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_open_event(
    event_json: *const c_char,
    event_json_len: usize,
    out: *mut *mut weiquan_case,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let json = unsafe {
            text(
                event_json,
                event_json_len,
                "event_json",
                WEIQUAN_MAX_TEXT_LEN,
            )
        }?;
        let event: Event = from_json(json, "event_json")?;
        let case = Case::from_opening(event).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, case)
    })
}

/// Frees a case handle. NULL is a no-op; a handle already freed fails with
/// `WEIQUAN_INVALID_HANDLE` and frees nothing.
///
/// # Safety
/// `case_` is only compared, never dereferenced: any value is safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_free(case_: *mut weiquan_case) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        if case_.is_null() {
            return Ok(());
        }
        handle::remove(KIND, case_.addr())
    })
}

// Covers: weiquan_caseflow::Case::apply, weiquan_caseflow::Case::apply_on
/// Applies one event (JSON `{"at","actor","event"}`, e.g.
/// `{"at":"2024-05-14T10:00:00+08:00","actor":"handler","event":"accepted"}`) and returns
/// the transition as JSON: `{"seq","from","to","rule","effects"}`. `cal` may be NULL for the
/// default calendar (official, provisional beyond it).
///
/// No partial success: on failure the case is unchanged. Fails with
/// `WEIQUAN_MALFORMED_JSON` for an event that does not parse, `WEIQUAN_REJECTED` for an event
/// the state machine refuses (`caseflow.illegal_transition`, `caseflow.guard_failed`,
/// `caseflow.actor_not_allowed`, `caseflow.time_went_backwards`), `WEIQUAN_OUT_OF_RANGE`
/// (`caseflow.calendar`) when a deadline falls outside the calendar.
///
/// # Safety
/// `event_json` must be valid for reading `event_json_len` bytes; `out_json` valid for
/// writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_apply(
    case_: *mut weiquan_case,
    cal: *const weiquan_calendar,
    event_json: *const c_char,
    event_json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        // SAFETY: forwarded contract.
        let json = unsafe {
            text(
                event_json,
                event_json_len,
                "event_json",
                WEIQUAN_MAX_TEXT_LEN,
            )
        }?;
        let event: Event = from_json(json, "event_json")?;
        let cal = calendar_or(cal, default_calendar())?;
        let case = get(case_)?;
        let mut case = handle::lock(&case, KIND)?;
        let t = case
            .apply_on(&cal, event)
            .map_err(|e| FfiError::diagnostic(&e))?;
        out.write(to_json(&t)?);
        Ok(())
    })
}

fn with_case<T>(
    case_: *const weiquan_case,
    f: impl FnOnce(&mut Case) -> Result<T, FfiError>,
) -> Result<T, FfiError> {
    let case = get(case_)?;
    let mut case = handle::lock(&case, KIND)?;
    f(&mut case)
}

/// The body the read-only as-of queries share: resolve the date and the calendar (NULL: the
/// default), run `query` on the locked case, write the JSON it makes.
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
unsafe fn as_of_query(
    case_: *const weiquan_case,
    cal: *const weiquan_calendar,
    as_of: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    query: impl FnOnce(&Case, &Calendar, NaiveDate) -> Result<String, FfiError>,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        let as_of = as_of.to_naive("as_of")?;
        let cal = calendar_or(cal, default_calendar())?;
        out.write(with_case(case_, |c| query(c, &cal, as_of))?);
        Ok(())
    })
}

/// A caseflow answer as JSON, or its error as the C caller sees it.
fn json_of<T: serde::Serialize>(answer: Result<T, Error>) -> Result<String, FfiError> {
    to_json(&answer.map_err(|e| FfiError::diagnostic(&e))?)
}

// Covers: weiquan_caseflow::Case::deadlines, weiquan_caseflow::Case::deadlines_on
/// Every started deadline with its status as of `as_of`, as a JSON array of
/// `{"kind","due",...,"status"}` (the `deadlines` of `weiquan case replay`). `cal` may be NULL.
///
/// Fails with `WEIQUAN_OUT_OF_RANGE` (`caseflow.calendar`) when a due date falls outside the
/// calendar, `WEIQUAN_INVALID_ARGUMENT` for an impossible date.
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_deadlines(
    case_: *const weiquan_case,
    cal: *const weiquan_calendar,
    as_of: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        as_of_query(case_, cal, as_of, out_json, out_len, |c, cal, as_of| {
            json_of(c.deadlines_on(cal, as_of))
        })
    }
}

// Covers: weiquan_caseflow::Case::elapsed_events, weiquan_caseflow::Case::elapsed_events_on
/// The `deadline_elapsed` events due by `as_of` that the log does not hold yet (what a
/// service appends next), as a JSON array of events. The case is not changed. `cal` may be
/// NULL.
///
/// Fails as [`weiquan_case_deadlines`].
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_elapsed_events(
    case_: *const weiquan_case,
    cal: *const weiquan_calendar,
    as_of: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        as_of_query(case_, cal, as_of, out_json, out_len, |c, cal, as_of| {
            json_of(c.elapsed_events_on(cal, as_of))
        })
    }
}

// Covers: weiquan_caseflow::Case::advance_to, weiquan_caseflow::Case::advance_to_on
/// Applies every deadline that elapsed by `as_of` and returns the transitions made as a JSON
/// array. `cal` may be NULL. On failure the case is unchanged.
///
/// Fails as [`weiquan_case_deadlines`].
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_advance_to(
    case_: *mut weiquan_case,
    cal: *const weiquan_calendar,
    as_of: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        let as_of = as_of.to_naive("as_of")?;
        let cal = calendar_or(cal, default_calendar())?;
        let t = with_case(case_, |c| {
            // No partial success: work on a copy, keep it only if every step succeeded.
            let mut copy = c.clone();
            let t = copy
                .advance_to_on(&cal, as_of)
                .map_err(|e| FfiError::diagnostic(&e))?;
            *c = copy;
            Ok(t)
        })?;
        out.write(to_json(&t)?);
        Ok(())
    })
}

// Covers: weiquan_caseflow::Case::report, weiquan_caseflow::Case::report_on, weiquan_caseflow::Case::complaint_id, weiquan_caseflow::Case::procedure, weiquan_caseflow::Case::policy, weiquan_caseflow::Case::outcome, weiquan_caseflow::Case::mediator, weiquan_caseflow::Case::satisfaction, weiquan_caseflow::Case::pauses, weiquan_caseflow::Case::extended, weiquan_caseflow::Case::history, weiquan_caseflow::Case::received_at, weiquan_caseflow::Case::last_at, weiquan_caseflow::Case::len, weiquan_caseflow::Case::is_empty
/// The whole case as of `as_of` as JSON — state, procedure with its citation, policy,
/// outcome, history, deadlines with their status and the summary: the document
/// `weiquan case replay` prints (without `unrecorded_elapsed`, which
/// [`weiquan_case_elapsed_events`] gives). `cal` may be NULL.
///
/// Fails as [`weiquan_case_deadlines`].
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_report(
    case_: *const weiquan_case,
    cal: *const weiquan_calendar,
    as_of: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        as_of_query(case_, cal, as_of, out_json, out_len, |c, cal, as_of| {
            json_of(c.report_on(cal, as_of))
        })
    }
}

// Covers: weiquan_caseflow::Case::summary, weiquan_caseflow::Case::summary_on
/// The case's figures for statistics as of `as_of` (JSON: state, outcome, handling and paused
/// working days, deadlines met/missed/pending...). `cal` may be NULL.
///
/// Fails as [`weiquan_case_deadlines`].
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_summary(
    case_: *const weiquan_case,
    cal: *const weiquan_calendar,
    as_of: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        as_of_query(case_, cal, as_of, out_json, out_len, |c, cal, as_of| {
            json_of(c.summary_on(cal, as_of))
        })
    }
}

// Covers: weiquan_caseflow::Case::state, weiquan_caseflow::StateKind::as_str
/// The case's current state as a static snake_case name (`received`, `accepted`,
/// `in_mediation`, `closed`...): borrowed, never freed.
///
/// # Safety
/// `out` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_state(
    case_: *const weiquan_case,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let state = with_case(case_, |c| Ok(c.state()))?;
        let name = crate::types::static_c(state.as_str());
        // SAFETY: forwarded contract.
        unsafe { crate::call::write_borrowed(out, out_len, name) };
        Ok(())
    })
}

// Covers: weiquan_caseflow::Case::to_jsonl
/// The case's event log as JSON Lines, each line with its sequence number and SHA-256 hash
/// chain — the file `weiquan case replay` reads.
///
/// # Safety
/// `out_jsonl` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_export_log(
    case_: *const weiquan_case,
    out_jsonl: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_jsonl, out_len, "out_jsonl") }?;
        let log = with_case(case_, |c| {
            c.to_jsonl().map_err(|e| FfiError::diagnostic(&e))
        })?;
        out.write(log);
        Ok(())
    })
}

// Covers: weiquan_caseflow::Case::replay, weiquan_caseflow::Case::replay_on
/// Rebuilds a case from its event log (JSON Lines as exported): every line is checked
/// (well-formed, numbered without gaps, chained to the line before, matching its hash, a
/// transition the machine allows). `cal` may be NULL. Free the case with
/// [`weiquan_case_free`].
///
/// Fails with `WEIQUAN_MALFORMED_JSON` (`caseflow.log.syntax`) or `WEIQUAN_REJECTED`
/// (`caseflow.log.chain`, `caseflow.log.altered`, `caseflow.log.sequence`,
/// `caseflow.log.transition`, `caseflow.log.empty`...), the message naming the first bad line.
///
/// # Safety
/// `jsonl` must be valid for reading `jsonl_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_replay(
    jsonl: *const c_char,
    jsonl_len: usize,
    cal: *const weiquan_calendar,
    out: *mut *mut weiquan_case,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let log = unsafe { text(jsonl, jsonl_len, "jsonl", WEIQUAN_MAX_TEXT_LEN) }?;
        let cal = calendar_or(cal, default_calendar())?;
        let case = Case::replay_on(&cal, log).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, case)
    })
}

/// The options of [`weiquan_case_replay_with`], as JSON.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplayOptionsJson {
    /// The state on this day: later events are checked, not applied.
    as_of: Option<NaiveDate>,
    /// Replay the valid prefix of a log whose last line was torn by a crash.
    #[serde(default)]
    recover: bool,
    /// The head (64 hexadecimal digits) kept elsewhere that the log must end on.
    expect_head: Option<String>,
}

/// What [`weiquan_case_replay_with`] reports beside the case.
#[derive(serde::Serialize)]
struct ReplayReport {
    entries: u64,
    later: u64,
    torn: Option<::weiquan_caseflow::Torn>,
    head: String,
}

/// Reads a key file's text (hexadecimal digits, at least 64) when one is given.
unsafe fn chain_key(
    key_hex: *const c_char,
    key_hex_len: usize,
) -> Result<Option<::weiquan_caseflow::ChainKey>, FfiError> {
    if key_hex.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    let hex = unsafe { text(key_hex, key_hex_len, "key_hex", WEIQUAN_MAX_SHORT_LEN) }?;
    ::weiquan_caseflow::ChainKey::from_hex(hex)
        .map(Some)
        .map_err(|e| FfiError::diagnostic(&e))
}

// Covers: weiquan_caseflow::Case::replay_with, weiquan_caseflow::ReplayOptions::new, weiquan_caseflow::ReplayOptions::key, weiquan_caseflow::ReplayOptions::as_of, weiquan_caseflow::ReplayOptions::recover, weiquan_caseflow::Replayed::check_head, weiquan_caseflow::ChainKey::from_hex
/// [`weiquan_case_replay`] with the options `weiquan case replay` has: a keyed log (the key
/// file's text, hexadecimal digits, in `key_hex`; NULL for a plain log, and then a keyed
/// line is refused), the state on a day, recovery of a torn tail, a head kept elsewhere.
/// `options_json` (NULL for none) is `{"as_of": "YYYY-MM-DD", "recover": true,
/// "expect_head": "64 hex digits"}`, every member optional. `out_report_json` receives
/// `{"entries", "later", "torn": null | {"line", "valid_bytes", "dropped_bytes"}, "head"}`:
/// the entries checked, those after `as_of` not applied, what a recovery dropped (truncate
/// the file to `valid_bytes` before appending again), the log's head to keep elsewhere.
///
/// Fails as [`weiquan_case_replay`] does, and with `caseflow.log.torn` (a torn tail without
/// `recover`), `caseflow.log.key` (a key that is not hexadecimal or too short), `caseflow.log.key_required`
/// (a keyed log without a key), `caseflow.log.unkeyed`, `caseflow.log.head_mismatch`.
///
/// # Safety
/// `jsonl` valid for `jsonl_len` bytes; `key_hex` and `options_json` NULL or valid for their
/// lengths; `out` and `out_report_json` valid for writing a pointer; `out_report_len` NULL or
/// valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_replay_with(
    jsonl: *const c_char,
    jsonl_len: usize,
    cal: *const weiquan_calendar,
    key_hex: *const c_char,
    key_hex_len: usize,
    options_json: *const c_char,
    options_len: usize,
    out: *mut *mut weiquan_case,
    out_report_json: *mut *mut c_char,
    out_report_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let report_out =
            unsafe { StrOut::new(out_report_json, out_report_len, "out_report_json") }?;
        // SAFETY: forwarded contract.
        let log = unsafe { text(jsonl, jsonl_len, "jsonl", WEIQUAN_MAX_TEXT_LEN) }?;
        // SAFETY: forwarded contract.
        let key = unsafe { chain_key(key_hex, key_hex_len) }?;
        let options: ReplayOptionsJson = if options_json.is_null() {
            ReplayOptionsJson {
                as_of: None,
                recover: false,
                expect_head: None,
            }
        } else {
            // SAFETY: forwarded contract.
            let t = unsafe {
                text(
                    options_json,
                    options_len,
                    "options_json",
                    WEIQUAN_MAX_SHORT_LEN,
                )
            }?;
            from_json(t, "options_json")?
        };
        let expected = match &options.expect_head {
            Some(hex) => Some(::weiquan_caseflow::ChainHash::from_hex(hex).ok_or_else(|| {
                FfiError::argument(
                    "options_json",
                    "expect_head is not 64 lowercase hexadecimal digits",
                )
            })?),
            None => None,
        };
        let mut with = ::weiquan_caseflow::ReplayOptions::new();
        if let Some(k) = &key {
            with = with.key(k);
        }
        if let Some(day) = options.as_of {
            with = with.as_of(day);
        }
        if options.recover {
            with = with.recover();
        }
        let cal = calendar_or(cal, default_calendar())?;
        let replayed =
            Case::replay_with(&cal, log.as_bytes(), &with).map_err(|e| FfiError::diagnostic(&e))?;
        if let Some(head) = expected {
            replayed
                .check_head(head)
                .map_err(|e| FfiError::diagnostic(&e))?;
        }
        let report = to_json(&ReplayReport {
            entries: replayed.entries,
            later: replayed.later,
            torn: replayed.torn,
            head: replayed.journal.head().to_string(),
        })?;
        put(out, replayed.case)?;
        report_out.write(report);
        Ok(())
    })
}

// Covers: weiquan_caseflow::Case::to_jsonl_keyed
/// The case's event log sealed with a key (HMAC-SHA-256: each line's `hmac` instead of
/// `hash`), the key file's text (hexadecimal digits, at least 64) in `key_hex`. Only a holder
/// of the key can re-seal a changed line; read it back with [`weiquan_case_replay_with`].
///
/// # Safety
/// `key_hex` valid for `key_hex_len` bytes; `out_jsonl` valid for writing a pointer;
/// `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_export_log_keyed(
    case_: *const weiquan_case,
    key_hex: *const c_char,
    key_hex_len: usize,
    out_jsonl: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_jsonl, out_len, "out_jsonl") }?;
        // SAFETY: forwarded contract.
        let key =
            unsafe { chain_key(key_hex, key_hex_len) }?.ok_or_else(|| FfiError::null("key_hex"))?;
        let log = with_case(case_, |c| {
            c.to_jsonl_keyed(&key).map_err(|e| FfiError::diagnostic(&e))
        })?;
        out.write(log);
        Ok(())
    })
}

// Covers: weiquan_caseflow::log_entry_schema_json
/// The JSON Schema of one line of the case event log (what [`weiquan_case_export_log`]
/// writes and [`weiquan_case_replay`] reads), for systems that store or check logs.
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_case_log_schema(
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        out.write(::weiquan_caseflow::log_entry_schema_json());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::weiquan_caseflow::Procedure;

    #[test]
    fn a_selection_names_a_procedure_by_its_id_or_by_the_spelling_documented_before() {
        let exact = |p| Ok(ProcedureSelection::Exact(p));
        assert_eq!(
            selection(r#"{"exact":"samr_order_20"}"#),
            exact(Procedure::SamrOrder20)
        );
        assert_eq!(
            selection(r#"{"exact":"samr_order20"}"#),
            exact(Procedure::SamrOrder20)
        );
        assert_eq!(
            selection(r#" { "exact" : "samr_order121" } "#),
            exact(Procedure::SamrOrder121)
        );
        assert_eq!(
            selection(r#""market_regulation""#),
            Ok(ProcedureSelection::MarketRegulation)
        );
    }

    #[test]
    fn an_unknown_selection_keeps_the_error_of_the_callers_text() {
        for text in [
            r#"{"exact":"samr_order_2"}"#,
            r#""samr_order20""#,
            r#"{"exact":"samr_order20","extra":1}"#,
            r#"{"exact":"samr_order20""#,
        ] {
            let e = selection(text).unwrap_err();
            assert_eq!(
                (e.status, e.code.as_str()),
                (weiquan_status::WEIQUAN_MALFORMED_JSON, "json.syntax"),
                "{text}"
            );
            let direct = from_json::<ProcedureSelection>(text, "selection_json").unwrap_err();
            assert_eq!(e.message, direct.message, "{text}");
        }
    }
}
