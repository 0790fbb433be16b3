//! Compensation assessment: claim documents in, assessments out, as JSON in the formats of
//! `weiquan assess`.

use std::ffi::c_char;
use std::sync::Arc;

use ::weiquan_calendar::Calendar;
use ::weiquan_compensation::{Assessment, ClaimDocument, Policy, assess, assess_with};

use crate::calendar::weiquan_calendar;
use crate::call::{StrOut, WEIQUAN_MAX_TEXT_LEN, call, from_json, out_ptr, text, to_json};
use crate::error::FfiError;
use crate::handle;
use crate::status::weiquan_status;

/// An assessor: a compensation policy (disabled rules, overrides of numbers marked S or U) and the
/// calendar of rest days it counts deadlines with. Immutable; may be shared between threads.
#[allow(non_camel_case_types, reason = "C naming")]
pub struct weiquan_assessor {
    _opaque: [u8; 0],
}

const KIND: &str = "weiquan_assessor";

/// What an assessor holds: its policy, and the caller's calendar (`None`: the library's
/// default, the official calendar, as `weiquan assess` and WebAssembly use it).
pub(crate) struct Assessor {
    policy: Policy,
    calendar: Option<Calendar>,
}

impl Assessor {
    /// Parses, checks and assesses one claim document.
    fn assess(&self, claim: &str) -> Result<Assessment, FfiError> {
        let claim = ClaimDocument::from_json(claim).map_err(|e| FfiError::diagnostic(&e))?;
        // weiquan-compensation reads a calendar's rest days itself (years it does not cover
        // are unknown), so every edge counts deadlines alike.
        match &self.calendar {
            Some(c) => assess_with(&claim, &self.policy, c),
            None => assess(&claim, &self.policy),
        }
        .map_err(|e| FfiError::diagnostic(&e))
    }

    /// Parses, checks and assesses one claim document; the assessment as JSON.
    pub(crate) fn assess_json(&self, claim: &str) -> Result<String, FfiError> {
        to_json(&self.assess(claim)?)
    }

    /// As [`Assessor::assess_json`], in the compact form.
    pub(crate) fn assess_compact_json(&self, claim: &str) -> Result<String, FfiError> {
        Ok(self.assess(claim)?.compact().to_json())
    }
}

fn get(a: *const weiquan_assessor) -> Result<Arc<Assessor>, FfiError> {
    handle::get::<Assessor>(KIND, a.addr())
}

// Covers: weiquan_compensation::Policy::check
/// A new assessor. `policy_json` may be NULL for the default policy, otherwise a policy
/// document (the file `weiquan assess --policy` reads). `cal` may be NULL for the default,
/// the embedded official calendar, with which `weiquan assess` and WebAssembly's
/// `assessCompensation` count deadlines (the holiday extension of Civil Code Art. 203 and
/// working-day deadlines; a year it does not cover leaves them uncomputed and the assessment
/// says so); pass another calendar (one with a later notice loaded) to count with it. The
/// assessor keeps its own reference to the calendar: `cal` may be freed afterwards. (NULL
/// used to mean no calendar at all; a policy with `"holiday_extension": false` still turns
/// the extension off.)
///
/// Fails with `WEIQUAN_MALFORMED_JSON` for a policy that does not parse, `WEIQUAN_INVALID`
/// (`policy.verified_parameter`, `policy.override_out_of_range`) for one that breaks a rule.
///
/// # Safety
/// `policy_json` must be NULL or valid for reading `policy_json_len` bytes; `out` valid for
/// writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_assessor_new(
    policy_json: *const c_char,
    policy_json_len: usize,
    cal: *const weiquan_calendar,
    out: *mut *mut weiquan_assessor,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        *out = std::ptr::null_mut();
        let policy = if policy_json.is_null() {
            Policy::default()
        } else {
            // SAFETY: forwarded contract.
            let json = unsafe {
                text(
                    policy_json,
                    policy_json_len,
                    "policy_json",
                    WEIQUAN_MAX_TEXT_LEN,
                )
            }?;
            let p: Policy = from_json(json, "policy_json")?;
            p.check().map_err(|e| FfiError::diagnostic(&e))?;
            p
        };
        let calendar = if cal.is_null() {
            None
        } else {
            Some(Calendar::clone(&*crate::calendar::get(cal)?))
        };
        *out = handle::to_ptr(handle::insert(KIND, Assessor { policy, calendar })?);
        Ok(())
    })
}

/// Frees an assessor. NULL is a no-op; a handle already freed fails with
/// `WEIQUAN_INVALID_HANDLE` and frees nothing.
///
/// # Safety
/// `assessor` is only compared, never dereferenced: any value is safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_assessor_free(assessor: *mut weiquan_assessor) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        if assessor.is_null() {
            return Ok(());
        }
        handle::remove(KIND, assessor.addr())
    })
}

/// The body both assessment calls share: read the claim, assess it, write the JSON `form` makes.
///
/// # Safety
/// As [`weiquan_assessor_assess`].
unsafe fn assess_to(
    assessor: *const weiquan_assessor,
    claim_json: *const c_char,
    claim_json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    form: fn(&Assessor, &str) -> Result<String, FfiError>,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        // SAFETY: forwarded contract.
        let claim = unsafe {
            text(
                claim_json,
                claim_json_len,
                "claim_json",
                WEIQUAN_MAX_TEXT_LEN,
            )
        }?;
        let assessor: Arc<Assessor> = get(assessor)?;
        out.write(form(&assessor, claim)?);
        Ok(())
    })
}

// Covers: weiquan_compensation::assess, weiquan_compensation::assess_with, weiquan_compensation::ClaimDocument::from_json, weiquan_compensation::ClaimDocument::check, weiquan_compensation::Assessment::item, weiquan_compensation::Assessment::missing_facts, weiquan_compensation::Assessment::proposed, weiquan_compensation::Assessment::refund, weiquan_compensation::Assessment::summary_en, weiquan_compensation::Assessment::summary_zh, weiquan_compensation::Assessment::consideration
/// Assesses one claim document (JSON, `schema_version` 1; `docs/schema/claim.schema.json`)
/// and returns the assessment as JSON — every remedy and amount with its step-by-step trace,
/// citations, flags and missing facts: what `weiquan assess` prints.
///
/// Fails with `WEIQUAN_MALFORMED_JSON` (`claim.syntax`) for text that is not JSON,
/// `WEIQUAN_INVALID` for a claim that breaks the document's rules — as for a complaint, the
/// last error's code and pointer are the first problem's (`field.required`, `date.order`,
/// `schema_version.unsupported`...) and `weiquan_last_error_details` lists every problem with
/// its pointer — and `WEIQUAN_OUT_OF_RANGE` (`compensation.overflow`).
///
/// # Safety
/// `claim_json` must be valid for reading `claim_json_len` bytes; `out_json` valid for
/// writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_assessor_assess(
    assessor: *const weiquan_assessor,
    claim_json: *const c_char,
    claim_json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        assess_to(
            assessor,
            claim_json,
            claim_json_len,
            out_json,
            out_len,
            Assessor::assess_json,
        )
    }
}

// Covers: weiquan_compensation::Assessment::compact, weiquan_compensation::CompactAssessment::to_json
/// Assesses one claim document as `weiquan_assessor_assess` does and returns the assessment
/// in its compact form (`docs/compensation.md`, "The compact assessment"): the items with
/// their computation steps and the id of each statutory number used, the remedies with their
/// windows and the operator's deadlines, the total, the missing facts and the flags, as codes
/// without the prose; the rules that did not apply by id with a reason code. About a tenth
/// of the size, for callers that need the decision and not the whole working.
///
/// Fails as `weiquan_assessor_assess`.
///
/// # Safety
/// `claim_json` must be valid for reading `claim_json_len` bytes; `out_json` valid for
/// writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_assessor_assess_compact(
    assessor: *const weiquan_assessor,
    claim_json: *const c_char,
    claim_json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe {
        assess_to(
            assessor,
            claim_json,
            claim_json_len,
            out_json,
            out_len,
            Assessor::assess_compact_json,
        )
    }
}

// Covers: weiquan_compensation::ClaimDocument::from_complaint, weiquan_compensation::ClaimDocument::to_json
/// The claim document a complaint implies (kind of goods or service, price, dates, distance
/// sale, what the consumer asked for), with no findings yet: validate the complaint, add
/// the handler's findings to the JSON, then assess it.
///
/// Fails as `weiquan_complaint_validate`.
///
/// # Safety
/// `complaint_json` must be valid for reading `complaint_json_len` bytes; `out_json` valid
/// for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_claim_from_complaint(
    complaint_json: *const c_char,
    complaint_json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        // SAFETY: forwarded contract.
        let json = unsafe {
            text(
                complaint_json,
                complaint_json_len,
                "complaint_json",
                WEIQUAN_MAX_TEXT_LEN,
            )
        }?;
        let c =
            weiquan_complaint::Complaint::from_json(json).map_err(|e| FfiError::diagnostic(&e))?;
        out.write(ClaimDocument::from_complaint(&c).to_json());
        Ok(())
    })
}

// Covers: weiquan_compensation::claim_schema_json
/// The JSON Schema of the claim document (`docs/schema/claim.schema.json`).
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_claim_schema(
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        out.write(::weiquan_compensation::claim_schema_json());
        Ok(())
    })
}
