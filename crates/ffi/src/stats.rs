//! Anonymised statistics: a mergeable aggregator fed with complaint records, and releases
//! protected by small-cell and secondary suppression, as JSON.

use std::ffi::c_char;
use std::sync::{Arc, Mutex};

use ::weiquan_stats::{
    Aggregator, GroupBy, RecordOptions, SuppressionRules, TableSpec, parse_line, protect,
};
use serde::Deserialize;

use crate::call::{
    StrOut, WEIQUAN_MAX_SHORT_LEN, WEIQUAN_MAX_TEXT_LEN, call, from_json, out_ptr, text,
};
use crate::error::FfiError;
use crate::handle;
use crate::status::weiquan_status;

/// Statistics being gathered: counts and measures per cell of a grouping (e.g.
/// `region=county,category=top`), mergeable with another aggregator of the same grouping.
/// Mutable; may be shared between threads (calls on one aggregator are serialised).
#[allow(non_camel_case_types, reason = "C naming")]
pub struct weiquan_aggregator {
    _opaque: [u8; 0],
}

const KIND: &str = "weiquan_aggregator";

fn get(a: *const weiquan_aggregator) -> Result<Arc<Mutex<Aggregator>>, FfiError> {
    handle::get::<Mutex<Aggregator>>(KIND, a.addr())
}

unsafe fn check_out<'a>(
    out: *mut *mut weiquan_aggregator,
) -> Result<&'a mut *mut weiquan_aggregator, FfiError> {
    // SAFETY: forwarded contract.
    let out = unsafe { out_ptr(out, "out") }?;
    *out = std::ptr::null_mut();
    Ok(out)
}

fn put(out: &mut *mut weiquan_aggregator, a: Aggregator) -> Result<(), FfiError> {
    *out = handle::to_ptr(handle::insert(KIND, Mutex::new(a))?);
    Ok(())
}

fn group_by(text: &str) -> Result<GroupBy, FfiError> {
    text.parse::<GroupBy>()
        .map_err(|e| FfiError::diagnostic(&e))
}

// Covers: weiquan_stats::Aggregator::new
/// A new, empty aggregator grouping by `group_by`, e.g. `region=county,category=top`
/// (dimensions and levels as in `docs/stats.md`). Free it with [`weiquan_aggregator_free`].
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` (`stats.group_by`) for a grouping that does not parse.
///
/// # Safety
/// `group_by` must be valid for reading `group_by_len` bytes; `out` valid for writing a
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_new(
    group_by: *const c_char,
    group_by_len: usize,
    out: *mut *mut weiquan_aggregator,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let g = unsafe { text(group_by, group_by_len, "group_by", WEIQUAN_MAX_SHORT_LEN) }?;
        put(out, Aggregator::new(self::group_by(g)?))
    })
}

/// Frees an aggregator. NULL is a no-op; a handle already freed fails with
/// `WEIQUAN_INVALID_HANDLE` and frees nothing.
///
/// # Safety
/// `aggregator` is only compared, never dereferenced: any value is safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_free(
    aggregator: *mut weiquan_aggregator,
) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        if aggregator.is_null() {
            return Ok(());
        }
        handle::remove(KIND, aggregator.addr())
    })
}

// Covers: weiquan_stats::parse_line, weiquan_stats::Aggregator::add
/// Feeds records, given as JSON Lines: each line a complaint document, or
/// `{"schema_version":1,"complaint":{...},"outcome":{...}}` with the case's outcome. Blank
/// lines are skipped. All or nothing: when a line is bad, nothing is added and the error
/// names the line (1-based) in its message and pointer (`/LINE` followed by the field).
/// `out_added` (may be NULL) receives the number of records added.
///
/// Fails with `WEIQUAN_INVALID` for a line that breaks a rule — the last error's code and
/// pointer are its first problem's (`field.required`, `mobile.format`...), every problem is
/// in `weiquan_last_error_details` — or `WEIQUAN_MALFORMED_JSON` (`json.syntax`) for a line
/// that is not JSON.
///
/// # Safety
/// `jsonl` must be valid for reading `jsonl_len` bytes; `out_added` NULL or valid for writing
/// a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_add_jsonl(
    aggregator: *mut weiquan_aggregator,
    jsonl: *const c_char,
    jsonl_len: usize,
    out_added: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: NULL is allowed; otherwise valid per the contract.
        let mut added = unsafe { out_added.as_mut() };
        if let Some(n) = added.as_deref_mut() {
            *n = 0;
        }
        // SAFETY: forwarded contract.
        let lines = unsafe { text(jsonl, jsonl_len, "jsonl", WEIQUAN_MAX_TEXT_LEN) }?;
        let agg = get(aggregator)?;
        let mut records = Vec::new();
        for (i, line) in lines.split('\n').enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let r = parse_line(line, RecordOptions::default()).map_err(|e| {
                let mut f = FfiError::diagnostic(&e);
                let n = i + 1;
                f.message = format!("line {n}: {}", f.message);
                f.message_zh = format!("第{n}行：{}", f.message_zh);
                for d in &mut f.details {
                    d.pointer = format!("/{n}{}", d.pointer);
                }
                f.pointer = format!("/{n}{}", f.pointer);
                f
            })?;
            records.push(r);
        }
        let mut agg = handle::lock(&agg, KIND)?;
        // No partial success: add to a copy, keep it only when every record went in.
        let mut copy = agg.clone();
        for r in &records {
            copy.add(r).map_err(|e| FfiError::diagnostic(&e))?;
        }
        *agg = copy;
        if let Some(n) = added {
            *n = records.len();
        }
        Ok(())
    })
}

// Covers: weiquan_stats::Aggregator::merge
/// Adds everything `from` holds to `into` (the statistics of the union of their records).
/// `from` is unchanged. All or nothing.
///
/// Fails with `WEIQUAN_REJECTED` (`stats.merge_mismatch`) when the groupings differ,
/// `WEIQUAN_OUT_OF_RANGE` (`stats.overflow`).
///
/// # Safety
/// Handles are only looked up, never dereferenced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_merge(
    into: *mut weiquan_aggregator,
    from: *const weiquan_aggregator,
) -> weiquan_status {
    call(|| {
        let target = get(into)?;
        let source = get(from)?;
        // The source is copied (and its lock released) before the target is locked, so that
        // merging an aggregator into itself does not deadlock.
        let other = handle::lock(&source, KIND)?.clone();
        let mut target = handle::lock(&target, KIND)?;
        let mut copy = target.clone();
        copy.merge(other).map_err(|e| FfiError::diagnostic(&e))?;
        *target = copy;
        Ok(())
    })
}

// Covers: weiquan_stats::Aggregator::records, weiquan_stats::Aggregator::cell_count
/// How many records were fed (`out_records`) and how many cells they fill (`out_cells`, may
/// be NULL).
///
/// # Safety
/// `out_records` must be valid for writing a `uint64_t`; `out_cells` NULL or valid for a
/// `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_counts(
    aggregator: *const weiquan_aggregator,
    out_records: *mut u64,
    out_cells: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let records = unsafe { out_ptr(out_records, "out_records") }?;
        let agg = get(aggregator)?;
        let agg = handle::lock(&agg, KIND)?;
        *records = agg.records();
        // SAFETY: NULL is allowed; otherwise valid per the contract.
        if let Some(c) = unsafe { out_cells.as_mut() } {
            *c = agg.cell_count();
        }
        Ok(())
    })
}

// Covers: weiquan_stats::Aggregator::to_partial_json, weiquan_stats::Aggregator::to_partial
/// The aggregator as a partial aggregate (JSON, `schema_version` 1): what a worker, a
/// district or a month hands on to be merged. Exact: merging partials equals aggregating the
/// union. Not for publication (small cells are in it).
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_to_partial(
    aggregator: *const weiquan_aggregator,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        let agg = get(aggregator)?;
        let json = handle::lock(&agg, KIND)?.to_partial_json();
        out.write(json);
        Ok(())
    })
}

// Covers: weiquan_stats::Aggregator::from_partial_json, weiquan_stats::Aggregator::from_partial
/// An aggregator rebuilt from a partial aggregate (as [`weiquan_aggregator_to_partial`]
/// writes it), checked. Free it with [`weiquan_aggregator_free`].
///
/// Fails with `WEIQUAN_MALFORMED_JSON` (`stats.format`) for a document that is not a partial.
///
/// # Safety
/// `json` must be valid for reading `json_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_from_partial(
    json: *const c_char,
    json_len: usize,
    out: *mut *mut weiquan_aggregator,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let json = unsafe { text(json, json_len, "json", WEIQUAN_MAX_TEXT_LEN) }?;
        let a = Aggregator::from_partial_json(json).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, a)
    })
}

// Covers: weiquan_stats::Aggregator::coarsened
/// A new aggregator: `aggregator` summed up to a coarser grouping (e.g. county to
/// prefecture, or a dimension dropped).
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` (`stats.group_by`) or `WEIQUAN_REJECTED`
/// (`stats.not_a_coarsening`).
///
/// # Safety
/// `group_by` must be valid for reading `group_by_len` bytes; `out` valid for writing a
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_coarsen(
    aggregator: *const weiquan_aggregator,
    group_by: *const c_char,
    group_by_len: usize,
    out: *mut *mut weiquan_aggregator,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let g = unsafe { text(group_by, group_by_len, "group_by", WEIQUAN_MAX_SHORT_LEN) }?;
        let by = self::group_by(g)?;
        let agg = get(aggregator)?;
        let coarse = handle::lock(&agg, KIND)?
            .coarsened(&by)
            .map_err(|e| FfiError::diagnostic(&e))?;
        put(out, coarse)
    })
}

/// A disclosure policy: which tables to publish and how small cells are protected.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosurePolicy {
    /// The tables, each a grouping such as `region=county,category=top`.
    tables: Vec<TablePolicy>,
    /// Threshold, interval protection and zeros (default: k = 10).
    #[serde(default)]
    suppression: SuppressionRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TablePolicy {
    by: String,
    #[serde(default)]
    max_cells: Option<u64>,
}

// Covers: weiquan_stats::protect, weiquan_stats::Release::to_json, weiquan_stats::Release::to_out
/// Tables safe to publish from the aggregator, under a disclosure policy (JSON):
/// `{"tables":[{"by":"region=county,category=top","max_cells":100000}],
///   "suppression":{"k":10,"protection":{"kind":"width","min_width":10,"percent":0},"protect_zeros":false}}`
/// (`suppression` may be left out for k = 10). Every count below k is withheld, and enough
/// others (secondary suppression) that no withheld count can be worked out from the margins;
/// the audit's verdict is in the release. The release as JSON (`schema_version` 1).
///
/// Fails with `WEIQUAN_MALFORMED_JSON` for a policy of another shape,
/// `WEIQUAN_INVALID_ARGUMENT` (`stats.group_by`, `stats.parameter`),
/// `WEIQUAN_OUT_OF_RANGE` (`stats.table_too_large`), `WEIQUAN_REJECTED`
/// (`suppress.unprotectable`).
///
/// # Safety
/// `policy_json` must be valid for reading `policy_json_len` bytes; `out_json` valid for
/// writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_aggregator_release(
    aggregator: *const weiquan_aggregator,
    policy_json: *const c_char,
    policy_json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        // SAFETY: forwarded contract.
        let policy = unsafe {
            text(
                policy_json,
                policy_json_len,
                "policy_json",
                WEIQUAN_MAX_TEXT_LEN,
            )
        }?;
        let policy: DisclosurePolicy = from_json(policy, "policy_json")?;
        let mut specs = Vec::with_capacity(policy.tables.len());
        for t in &policy.tables {
            let mut spec = TableSpec::new(group_by(&t.by)?);
            if let Some(m) = t.max_cells {
                spec.max_cells = m;
            }
            specs.push(spec);
        }
        let agg = get(aggregator)?;
        let agg = handle::lock(&agg, KIND)?;
        let release = protect(&agg, &specs, &policy.suppression, None)
            .map_err(|e| FfiError::diagnostic(&e))?;
        out.write(release.to_json().map_err(|e| FfiError::diagnostic(&e))?);
        Ok(())
    })
}
