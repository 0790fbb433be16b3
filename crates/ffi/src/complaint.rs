//! Complaint documents: parse-and-validate, field classes, the JSON Schema and synthetic
//! complaints.

use std::ffi::c_char;

use weiquan_complaint::{Complaint, FieldClass};
use weiquan_synth::generate;

use crate::call::{StrOut, WEIQUAN_MAX_SHORT_LEN, WEIQUAN_MAX_TEXT_LEN, call, out_ptr, text};
use crate::error::FfiError;
use crate::status::weiquan_status;
use crate::types::weiquan_date;

/// How a field of the complaint document may be used when data leaves the handling body.
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum weiquan_field_class {
    /// The pointer is not a field of the complaint document.
    WEIQUAN_FIELD_CLASS_NONE = 0,
    /// Identifies a person by itself: never published.
    WEIQUAN_FIELD_CLASS_DIRECT_IDENTIFIER = 1,
    /// Identifies a person in combination: published only generalised.
    WEIQUAN_FIELD_CLASS_QUASI_IDENTIFIER = 2,
    /// Confidential but not identifying by itself.
    WEIQUAN_FIELD_CLASS_SENSITIVE = 3,
    /// May be published.
    WEIQUAN_FIELD_CLASS_PUBLIC = 4,
}

// Covers: weiquan_complaint::Complaint::from_json, weiquan_complaint::Complaint::to_json, weiquan_complaint::Complaint::normalize, weiquan_complaint::Complaint::check
/// Parses, normalises and validates a complaint document (`schema_version` 1) and returns
/// it normalised, as compact JSON — the line `weiquan validate` writes.
///
/// Fails with `WEIQUAN_MALFORMED_JSON` (code `json.syntax`) when the text is not JSON, and
/// with `WEIQUAN_INVALID` when it broke rules: then `weiquan_last_error_details` lists every
/// problem with its JSON pointer, code and messages, and `weiquan_last_error_pointer`/`_code`
/// give the first.
///
/// # Safety
/// `json` must be valid for reading `json_len` bytes; `out_json` valid for writing a pointer;
/// `out_len` NULL or valid for writing a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_complaint_validate(
    json: *const c_char,
    json_len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { validate(json, json_len, None, out_json, out_len) }
}

// Covers: weiquan_complaint::Complaint::check_received_by, weiquan_complaint::Complaint::from_json_on
/// [`weiquan_complaint_validate`], and the complaint must not have been received after
/// `today` (China Standard Time): a received day in the future is a wrong clock or a typo,
/// `WEIQUAN_INVALID` with code `received_at.future` at `/received_at`, listed in the details
/// with every other problem of the document — as `weiquan validate` rejects it. The caller passes the day, so that the same call gives the same answer.
///
/// Fails as `weiquan_complaint_validate`, and with `WEIQUAN_INVALID_ARGUMENT` for an
/// impossible `today`.
///
/// # Safety
/// As `weiquan_complaint_validate`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_complaint_validate_on(
    json: *const c_char,
    json_len: usize,
    today: weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    // SAFETY: forwarded contract.
    unsafe { validate(json, json_len, Some(today), out_json, out_len) }
}

/// The body of both validations; `today`, when given, is checked against the received day.
///
/// # Safety
/// As `weiquan_complaint_validate`.
unsafe fn validate(
    json: *const c_char,
    json_len: usize,
    today: Option<weiquan_date>,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        let today = today.map(|d| d.to_naive("today")).transpose()?;
        // SAFETY: forwarded contract.
        let json = unsafe { text(json, json_len, "json", WEIQUAN_MAX_TEXT_LEN) }?;
        // With a day, a future received day is one problem among the others, reported
        // together with them (as `weiquan validate` does).
        let c = match today {
            Some(today) => Complaint::from_json_on(json, today),
            None => Complaint::from_json(json),
        }
        .map_err(|e| FfiError::diagnostic(&e))?;
        out.write(c.to_json());
        Ok(())
    })
}

// Covers: weiquan_complaint::field_class
/// The class of the complaint field at JSON pointer `pointer` (e.g. `/consumer/mobile`,
/// `/evidence/3/name`); `WEIQUAN_FIELD_CLASS_NONE` for a pointer outside the document.
///
/// # Safety
/// `pointer` must be valid for reading `pointer_len` bytes; `out` valid for writing a
/// `weiquan_field_class`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_complaint_field_class(
    pointer: *const c_char,
    pointer_len: usize,
    out: *mut weiquan_field_class,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let pointer = unsafe { text(pointer, pointer_len, "pointer", WEIQUAN_MAX_SHORT_LEN) }?;
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        *out = match weiquan_complaint::field_class(pointer) {
            None => weiquan_field_class::WEIQUAN_FIELD_CLASS_NONE,
            Some(FieldClass::DirectIdentifier) => {
                weiquan_field_class::WEIQUAN_FIELD_CLASS_DIRECT_IDENTIFIER
            }
            Some(FieldClass::QuasiIdentifier) => {
                weiquan_field_class::WEIQUAN_FIELD_CLASS_QUASI_IDENTIFIER
            }
            Some(FieldClass::Sensitive) => weiquan_field_class::WEIQUAN_FIELD_CLASS_SENSITIVE,
            Some(FieldClass::Public) => weiquan_field_class::WEIQUAN_FIELD_CLASS_PUBLIC,
        };
        Ok(())
    })
}

// Covers: weiquan_complaint::schema::complaint_schema_json
/// The JSON Schema of the complaint document (`docs/schema/complaint.schema.json`).
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid for a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_complaint_schema(
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        out.write(weiquan_complaint::schema::complaint_schema_json());
        Ok(())
    })
}

/// The most complaints one call of [`weiquan_complaint_generate`] makes.
pub const WEIQUAN_MAX_GENERATE: usize = 100_000;

// Covers: weiquan_synth::generate::write_jsonl, weiquan_synth::generate::Generator::new, weiquan_synth::generate::sample_json, weiquan_synth::generate::sample_jsonl
/// Synthetic complaints for test systems, as JSON Lines: `count` complaints of seed `seed`,
/// about `broken_per_mille` in a thousand of them deliberately broken — the bytes
/// `weiquan generate --count COUNT --seed SEED` writes. The same arguments always give the
/// same bytes.
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` when `count` exceeds `WEIQUAN_MAX_GENERATE` or
/// `broken_per_mille` exceeds 1000.
///
/// # Safety
/// `out_jsonl` must be valid for writing a pointer; `out_len` NULL or valid for a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_complaint_generate(
    seed: u64,
    count: usize,
    broken_per_mille: u32,
    out_jsonl: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_jsonl, out_len, "out_jsonl") }?;
        if count > WEIQUAN_MAX_GENERATE {
            return Err(FfiError::argument(
                "count",
                format!("{count} is more than {WEIQUAN_MAX_GENERATE}"),
            ));
        }
        if broken_per_mille > 1000 {
            return Err(FfiError::argument(
                "broken_per_mille",
                format!("{broken_per_mille} is more than 1000"),
            ));
        }
        let mut buf = Vec::new();
        generate::write_jsonl(&mut buf, count as u64, seed, broken_per_mille, |_| {})
            .map_err(|e| FfiError::internal(format!("generating: {e}")))?;
        let text = String::from_utf8(buf)
            .map_err(|e| FfiError::internal(format!("generated text: {e}")))?;
        out.write(text);
        Ok(())
    })
}
