//! Identifier checks: resident identity numbers, unified social credit codes, mobile numbers
//! and division codes, returned as plain C structs.

use std::ffi::c_char;

use weiquan_complaint::{DivisionCode, DivisionLevel, Mobile, ResidentId, Sex, Uscc};

use crate::call::{WEIQUAN_MAX_SHORT_LEN, call, out_ptr, text};
use crate::error::FfiError;
use crate::status::weiquan_status;
use crate::types::{fill, weiquan_date};

/// The sex a resident identity number encodes.
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum weiquan_sex {
    /// An odd sequence digit.
    WEIQUAN_SEX_MALE = 1,
    /// An even sequence digit.
    WEIQUAN_SEX_FEMALE = 2,
}

/// A checked resident identity number (GB 11643-1999).
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy)]
pub struct weiquan_resident_id {
    /// The normalised 18 characters (upper-case `X`), NUL-terminated.
    pub normalized: [c_char; 19],
    /// The birth date it encodes.
    pub birth_date: weiquan_date,
    /// The sex it encodes.
    pub sex: weiquan_sex,
    /// The 6-digit division code of the place of first registration, e.g. 130102.
    pub region: u32,
    /// Age in whole years on the reference date passed to the check.
    pub age: u32,
}

/// A checked unified social credit code (GB 32100-2015).
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy)]
pub struct weiquan_uscc {
    /// The normalised 18 characters, NUL-terminated.
    pub normalized: [c_char; 19],
    /// Position 1: the registration authority (`'9'` market regulation...).
    pub registration_authority: c_char,
    /// Position 2: the entity type within the authority.
    pub entity_type: c_char,
    /// Positions 3-8 as a division code, or 0 when they do not have the shape of one.
    pub division: u32,
    /// Positions 9-17: the organisation code (GB 11714), NUL-terminated.
    pub org_code: [c_char; 10],
    /// Whether the embedded organisation code's own check character is right (not enforced
    /// unless the strict check was asked for).
    pub org_code_check_ok: bool,
}

/// A checked mainland mobile number.
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy)]
pub struct weiquan_mobile {
    /// The normalised 11 digits, NUL-terminated.
    pub normalized: [c_char; 12],
}

/// The level of an administrative division.
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum weiquan_division_level {
    /// 省级 (code ends in 0000).
    WEIQUAN_DIVISION_PROVINCE = 1,
    /// 地级 (code ends in 00).
    WEIQUAN_DIVISION_PREFECTURE = 2,
    /// 县级.
    WEIQUAN_DIVISION_COUNTY = 3,
}

/// A checked 6-digit administrative division code (GB/T 2260) and its ancestors.
#[repr(C)]
#[allow(non_camel_case_types, reason = "C naming")]
#[derive(Debug, Clone, Copy)]
pub struct weiquan_division {
    /// The code, e.g. 130102.
    pub code: u32,
    /// Its level.
    pub level: weiquan_division_level,
    /// The province, e.g. 130000.
    pub province: u32,
    /// The prefecture (e.g. 130100), or 0 for a province.
    pub prefecture: u32,
    /// The parent division, or 0 for a province.
    pub parent: u32,
}

fn sex(s: Sex) -> weiquan_sex {
    match s {
        Sex::Male => weiquan_sex::WEIQUAN_SEX_MALE,
        Sex::Female => weiquan_sex::WEIQUAN_SEX_FEMALE,
    }
}

fn resident(id: &ResidentId, on: chrono::NaiveDate) -> weiquan_resident_id {
    let mut normalized = [0; 19];
    fill(&mut normalized, id.as_str());
    weiquan_resident_id {
        normalized,
        birth_date: weiquan_date::from_naive(id.birth_date()),
        sex: sex(id.sex()),
        region: id.region().as_u32(),
        age: id.age_on(on),
    }
}

// Covers: weiquan_complaint::ResidentId::parse_on, weiquan_complaint::ResidentId::birth_date, weiquan_complaint::ResidentId::sex, weiquan_complaint::ResidentId::region, weiquan_complaint::ResidentId::age_on, weiquan_complaint::ResidentId::as_str
/// Checks an 18-character resident identity number with `today` as the latest possible birth
/// date (pass the date the complaint was received to get the same answer as the complaint
/// validation). Lower-case `x`, full-width digits and spaces are normalised.
///
/// Fails with `WEIQUAN_INVALID` and a last-error code such as `resident_id.checksum`,
/// `resident_id.length`, `resident_id.birth_date` or `resident_id.future_birth`.
///
/// # Safety
/// `id` must be valid for reading `id_len` bytes; `out` valid for writing a
/// `weiquan_resident_id`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_resident_id_check(
    id: *const c_char,
    id_len: usize,
    today: weiquan_date,
    out: *mut weiquan_resident_id,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let id = unsafe { text(id, id_len, "id", WEIQUAN_MAX_SHORT_LEN) }?;
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let today = today.to_naive("today")?;
        let parsed = ResidentId::parse_on(id, today).map_err(|e| FfiError::diagnostic(&e))?;
        *out = resident(&parsed, today);
        Ok(())
    })
}

// Covers: weiquan_complaint::ResidentId::from_legacy_15
/// Converts a 15-digit resident identity number of the first generation (birth year 19xx)
/// into the 18-character form and checks it; `today` is used for the age only.
///
/// Fails with `WEIQUAN_INVALID` (codes `resident_id.*`).
///
/// # Safety
/// As [`weiquan_resident_id_check`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_resident_id_from_legacy_15(
    id: *const c_char,
    id_len: usize,
    today: weiquan_date,
    out: *mut weiquan_resident_id,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let id = unsafe { text(id, id_len, "id", WEIQUAN_MAX_SHORT_LEN) }?;
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let today = today.to_naive("today")?;
        let parsed = ResidentId::from_legacy_15(id).map_err(|e| FfiError::diagnostic(&e))?;
        *out = resident(&parsed, today);
        Ok(())
    })
}

/// `flags` of [`weiquan_uscc_check`]: also enforce the embedded organisation code's check
/// character (GB 11714).
pub const WEIQUAN_USCC_STRICT: u32 = 1;

// Covers: weiquan_complaint::Uscc::parse_strict, weiquan_complaint::Uscc::as_str, weiquan_complaint::Uscc::registration_authority, weiquan_complaint::Uscc::entity_type, weiquan_complaint::Uscc::division, weiquan_complaint::Uscc::org_code, weiquan_complaint::Uscc::org_code_check_ok
/// Checks a unified social credit code: length, alphabet, division segment and check
/// character. With `flags` = `WEIQUAN_USCC_STRICT` (1) the embedded organisation code's
/// check character is enforced too; with 0 it is only reported in `org_code_check_ok`.
///
/// Fails with `WEIQUAN_INVALID` (codes `uscc.*`), or `WEIQUAN_INVALID_ARGUMENT` for unknown
/// flags.
///
/// # Safety
/// `code` must be valid for reading `code_len` bytes; `out` valid for writing a `weiquan_uscc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_uscc_check(
    code: *const c_char,
    code_len: usize,
    flags: u32,
    out: *mut weiquan_uscc,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let code = unsafe { text(code, code_len, "code", WEIQUAN_MAX_SHORT_LEN) }?;
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        if flags & !WEIQUAN_USCC_STRICT != 0 {
            return Err(FfiError::argument(
                "flags",
                format!("unknown flags {flags:#x}"),
            ));
        }
        let parsed = if flags & WEIQUAN_USCC_STRICT != 0 {
            Uscc::parse_strict(code)
        } else {
            code.parse::<Uscc>()
        }
        .map_err(|e| FfiError::diagnostic(&e))?;
        let mut normalized = [0; 19];
        fill(&mut normalized, parsed.as_str());
        let mut org_code = [0; 10];
        fill(&mut org_code, parsed.org_code());
        *out = weiquan_uscc {
            normalized,
            registration_authority: ascii(parsed.registration_authority()),
            entity_type: ascii(parsed.entity_type()),
            division: parsed.division().map_or(0, DivisionCode::as_u32),
            org_code,
            org_code_check_ok: parsed.org_code_check_ok(),
        };
        Ok(())
    })
}

fn ascii(c: char) -> c_char {
    u8::try_from(c).map_or(b'?', |b| b) as c_char
}

// Covers: weiquan_complaint::Mobile::as_str
/// Checks a mainland mobile number (11 digits starting 13-19; spaces, dashes, full-width
/// digits and a `+86` prefix are normalised).
///
/// Fails with `WEIQUAN_INVALID` (code `mobile.format`).
///
/// # Safety
/// `number` must be valid for reading `number_len` bytes; `out` valid for writing a
/// `weiquan_mobile`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_mobile_check(
    number: *const c_char,
    number_len: usize,
    out: *mut weiquan_mobile,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let number = unsafe { text(number, number_len, "number", WEIQUAN_MAX_SHORT_LEN) }?;
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let parsed = number
            .parse::<Mobile>()
            .map_err(|e| FfiError::diagnostic(&e))?;
        let mut normalized = [0; 12];
        fill(&mut normalized, parsed.as_str());
        *out = weiquan_mobile { normalized };
        Ok(())
    })
}

fn level(l: DivisionLevel) -> weiquan_division_level {
    match l {
        DivisionLevel::Province => weiquan_division_level::WEIQUAN_DIVISION_PROVINCE,
        DivisionLevel::Prefecture => weiquan_division_level::WEIQUAN_DIVISION_PREFECTURE,
        DivisionLevel::County => weiquan_division_level::WEIQUAN_DIVISION_COUNTY,
    }
}

fn division_arg(code: u32, arg: &str) -> Result<DivisionCode, FfiError> {
    DivisionCode::new(code).ok_or_else(|| {
        let e = weiquan_complaint::Error::DivisionCodeFormat {
            value: code.to_string(),
        };
        let mut f = FfiError::diagnostic(&e);
        f.message = format!("argument `{arg}`: {}", f.message);
        f
    })
}

// Covers: weiquan_complaint::DivisionCode::new, weiquan_complaint::DivisionCode::as_u32, weiquan_complaint::DivisionCode::level, weiquan_complaint::DivisionCode::province, weiquan_complaint::DivisionCode::prefecture, weiquan_complaint::DivisionCode::parent
/// Checks a 6-digit administrative division code's shape (a real province prefix) and gives
/// its level and ancestors. Whether the code exists in the division registry, and what
/// replaced it if it was abolished, is a routing question: `weiquan_router_resolve_division`.
///
/// Fails with `WEIQUAN_INVALID` (code `division.format`).
///
/// # Safety
/// `out` must be valid for writing a `weiquan_division`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_division_check(
    code: u32,
    out: *mut weiquan_division,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let d = division_arg(code, "code")?;
        *out = weiquan_division {
            code: d.as_u32(),
            level: level(d.level()),
            province: d.province().as_u32(),
            prefecture: d.prefecture().map_or(0, DivisionCode::as_u32),
            parent: d.parent().map_or(0, DivisionCode::as_u32),
        };
        Ok(())
    })
}

// Covers: weiquan_complaint::DivisionCode::is_within, weiquan_complaint::DivisionCode::at_level
/// Whether division `code` lies within division `area` (or is it), e.g. 130102 within 130100.
///
/// Fails with `WEIQUAN_INVALID` (code `division.format`) when either is not a division code.
///
/// # Safety
/// `out` must be valid for writing a `bool`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_division_is_within(
    code: u32,
    area: u32,
    out: *mut bool,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { out_ptr(out, "out") }?;
        let code = division_arg(code, "code")?;
        let area = division_arg(area, "area")?;
        *out = code.is_within(area);
        Ok(())
    })
}
