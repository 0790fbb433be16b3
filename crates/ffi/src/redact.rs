//! Redaction of personal data in free text.

use std::ffi::c_char;

use ::weiquan_redact::{KindSet, PiiKind, RedactConfig, Redacted, Redactor, Replacement};

use crate::call::{StrOut, WEIQUAN_MAX_TEXT_LEN, call, text, to_json};
use crate::error::FfiError;
use crate::status::weiquan_status;

/// `replacement`: a label naming the kind, `[手机号]`, `[姓名]` (removes everything).
pub const WEIQUAN_REDACT_LABEL: u32 = 0;
/// `replacement`: one `*` per character (keeps length and position).
pub const WEIQUAN_REDACT_MASK: u32 = 1;
/// `replacement`: keeps what receipts show (`138****8000`, `张*`); not for publication.
pub const WEIQUAN_REDACT_PARTIAL: u32 = 2;

/// `kinds` bit: mobile numbers.
pub const WEIQUAN_PII_MOBILE: u32 = 1 << 0;
/// `kinds` bit: landline numbers.
pub const WEIQUAN_PII_LANDLINE: u32 = 1 << 1;
/// `kinds` bit: resident identity numbers.
pub const WEIQUAN_PII_RESIDENT_ID: u32 = 1 << 2;
/// `kinds` bit: bank card numbers.
pub const WEIQUAN_PII_BANK_CARD: u32 = 1 << 3;
/// `kinds` bit: e-mail addresses.
pub const WEIQUAN_PII_EMAIL: u32 = 1 << 4;
/// `kinds` bit: licence plates.
pub const WEIQUAN_PII_LICENCE_PLATE: u32 = 1 << 5;
/// `kinds` bit: street addresses.
pub const WEIQUAN_PII_ADDRESS: u32 = 1 << 6;
/// `kinds` bit: personal names.
pub const WEIQUAN_PII_PERSON_NAME: u32 = 1 << 7;
/// `kinds` bit: WeChat IDs and QQ numbers after their labels.
pub const WEIQUAN_PII_IM_ACCOUNT: u32 = 1 << 8;
/// `kinds`: every kind.
pub const WEIQUAN_PII_ALL: u32 = 0x1FF;

const KINDS: [(u32, PiiKind); 9] = [
    (WEIQUAN_PII_MOBILE, PiiKind::Mobile),
    (WEIQUAN_PII_LANDLINE, PiiKind::Landline),
    (WEIQUAN_PII_RESIDENT_ID, PiiKind::ResidentId),
    (WEIQUAN_PII_BANK_CARD, PiiKind::BankCard),
    (WEIQUAN_PII_EMAIL, PiiKind::Email),
    (WEIQUAN_PII_LICENCE_PLATE, PiiKind::LicencePlate),
    (WEIQUAN_PII_ADDRESS, PiiKind::Address),
    (WEIQUAN_PII_PERSON_NAME, PiiKind::PersonName),
    (WEIQUAN_PII_IM_ACCOUNT, PiiKind::ImAccount),
];

fn config(replacement: u32, kinds: u32) -> Result<RedactConfig, FfiError> {
    let replacement = match replacement {
        WEIQUAN_REDACT_LABEL => Replacement::Label,
        WEIQUAN_REDACT_MASK => Replacement::Mask,
        WEIQUAN_REDACT_PARTIAL => Replacement::Partial,
        other => {
            return Err(FfiError::argument(
                "replacement",
                format!("{other} is not a WEIQUAN_REDACT_* value"),
            ));
        }
    };
    if kinds & !WEIQUAN_PII_ALL != 0 {
        return Err(FfiError::argument(
            "kinds",
            format!("{kinds:#x} has bits that are no WEIQUAN_PII_* kind"),
        ));
    }
    let set = KINDS
        .iter()
        .filter(|(bit, _)| kinds & bit != 0)
        .fold(KindSet::NONE, |s, (_, k)| s.with(*k));
    Ok(RedactConfig {
        replacement,
        kinds: set,
    })
}

unsafe fn run(
    text_ptr: *const c_char,
    text_len: usize,
    replacement: u32,
    kinds: u32,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> Result<(StrOut<'static>, Redacted), FfiError> {
    // SAFETY: forwarded contract.
    let out = unsafe { StrOut::new(out, out_len, "out") }?;
    // SAFETY: forwarded contract.
    let input = unsafe { text(text_ptr, text_len, "text", WEIQUAN_MAX_TEXT_LEN) }?;
    let mut redactor = Redactor::new(config(replacement, kinds)?);
    Ok((out, redactor.redact(input)))
}

// Covers: weiquan_redact::Redactor::new, weiquan_redact::Redactor::redact, weiquan_redact::redact
/// `text` with the personal data of the `kinds` (a mask of `WEIQUAN_PII_*`, e.g.
/// `WEIQUAN_PII_ALL`) replaced as `replacement` says (`WEIQUAN_REDACT_LABEL`, `_MASK` or
/// `_PARTIAL`): what `weiquan redact` writes. Every byte that is not part of a detected item
/// comes out unchanged.
///
/// Fails with `WEIQUAN_INVALID_ARGUMENT` for an unknown `replacement` or `kinds` bit.
///
/// # Safety
/// `text` must be valid for reading `text_len` bytes; `out_text` valid for writing a pointer;
/// `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_redact_text(
    text: *const c_char,
    text_len: usize,
    replacement: u32,
    kinds: u32,
    out_text: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let (out, r) = unsafe { run(text, text_len, replacement, kinds, out_text, out_len) }?;
        out.write(r.text);
        Ok(())
    })
}

// Covers: weiquan_redact::Redactor::find, weiquan_redact::find, weiquan_redact::Redactor::redact_into
/// As [`weiquan_redact_text`], returning JSON with where every item was:
/// `{"schema_version":1,"text":"…","spans":[{"start","end","kind"}]}`, offsets in characters
/// of the input (what `weiquan redact --spans` writes).
///
/// # Safety
/// As [`weiquan_redact_text`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_redact_spans(
    text: *const c_char,
    text_len: usize,
    replacement: u32,
    kinds: u32,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let (out, r) = unsafe { run(text, text_len, replacement, kinds, out_json, out_len) }?;
        #[derive(serde::Serialize)]
        struct Doc {
            schema_version: u32,
            #[serde(flatten)]
            redacted: Redacted,
        }
        out.write(to_json(&Doc {
            schema_version: 1,
            redacted: r,
        })?);
        Ok(())
    })
}
