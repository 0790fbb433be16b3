//! Routing: which body handles a complaint, with the embedded Shijiazhuang ruleset or one
//! loaded from a TOML file; decisions cross as the JSON `weiquan route` writes.

use std::ffi::c_char;
use std::sync::Arc;

use ::weiquan_routing::{RouteOptions, Router};
use weiquan_complaint::{Complaint, DivisionCode};

use crate::call::{
    StrOut, WEIQUAN_MAX_SHORT_LEN, WEIQUAN_MAX_TEXT_LEN, call, in_ptr, out_ptr, read_file, text,
    to_json,
};
use crate::error::FfiError;
use crate::handle;
use crate::status::weiquan_status;
use crate::types::weiquan_date;

/// A compiled routing ruleset with its division registry and bodies. Immutable; may be
/// shared between threads.
#[allow(non_camel_case_types, reason = "C naming")]
pub struct weiquan_router {
    _opaque: [u8; 0],
}

const KIND: &str = "weiquan_router";

fn get(r: *const weiquan_router) -> Result<Arc<Router>, FfiError> {
    handle::get::<Router>(KIND, r.addr())
}

unsafe fn check_out<'a>(
    out: *mut *mut weiquan_router,
) -> Result<&'a mut *mut weiquan_router, FfiError> {
    // SAFETY: forwarded contract.
    let out = unsafe { out_ptr(out, "out") }?;
    *out = std::ptr::null_mut();
    Ok(out)
}

fn put(out: &mut *mut weiquan_router, r: Router) -> Result<(), FfiError> {
    *out = handle::to_ptr(handle::insert(KIND, r)?);
    Ok(())
}

// Covers: weiquan_routing::Router::shijiazhuang
/// A router with the embedded Shijiazhuang (石家庄市, 130100) ruleset and the embedded
/// division registry. Free it with [`weiquan_router_free`].
///
/// # Safety
/// `out` must be valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_new(out: *mut *mut weiquan_router) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        let r = Router::shijiazhuang().map_err(|e| FfiError::diagnostic(&e))?;
        put(out, r)
    })
}

// Covers: weiquan_routing::Router::from_toml, weiquan_routing::RulesetFile::from_toml
/// A router with a ruleset given as TOML text (the format of the embedded Shijiazhuang
/// ruleset, `docs/routing.md`) and the embedded division registry.
///
/// Fails with `WEIQUAN_INVALID` (`routing.ruleset_invalid`), every problem in
/// `weiquan_last_error_details` with its path in the file (e.g. `rule[3].when.categories[1]`)
/// as the pointer and its line in the message.
///
/// # Safety
/// `toml` must be valid for reading `toml_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_from_toml(
    toml: *const c_char,
    toml_len: usize,
    out: *mut *mut weiquan_router,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let toml = unsafe { text(toml, toml_len, "toml", WEIQUAN_MAX_TEXT_LEN) }?;
        let r = Router::from_toml(toml).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, r)
    })
}

/// [`weiquan_router_from_toml`] with the ruleset read from the file at `path`.
///
/// Fails with `WEIQUAN_IO` when the file cannot be read, and as `weiquan_router_from_toml`.
///
/// # Safety
/// `path` must be valid for reading `path_len` bytes; `out` valid for writing a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_from_file(
    path: *const c_char,
    path_len: usize,
    out: *mut *mut weiquan_router,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { check_out(out) }?;
        // SAFETY: forwarded contract.
        let path = unsafe { text(path, path_len, "path", WEIQUAN_MAX_SHORT_LEN) }?;
        let toml = read_file(path)?;
        let r = Router::from_toml(&toml).map_err(|e| FfiError::diagnostic(&e))?;
        put(out, r)
    })
}

/// Frees a router. NULL is a no-op; a handle already freed fails with
/// `WEIQUAN_INVALID_HANDLE` and frees nothing.
///
/// # Safety
/// `router` is only compared, never dereferenced: any value is safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_free(router: *mut weiquan_router) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        if router.is_null() {
            return Ok(());
        }
        handle::remove(KIND, router.addr())
    })
}

// Covers: weiquan_routing::Router::route, weiquan_routing::Router::route_with, weiquan_routing::RoutingDecision::report, weiquan_routing::RoutingDecision::body, weiquan_routing::RoutingDecision::rule, weiquan_routing::RoutingDecision::basis, weiquan_routing::RoutingDecision::candidates, weiquan_routing::RoutingDecision::candidate_count, weiquan_routing::RoutingDecision::ranking, weiquan_routing::RoutingDecision::ranking_basis, weiquan_routing::RoutingDecision::received_date, weiquan_routing::RoutingDecision::trail, weiquan_routing::RoutingDecision::warnings
/// Routes a complaint document (validated as by `weiquan_complaint_validate`) and returns the
/// decision as JSON — the body, every candidate ranked with the rule that named it, the
/// legal basis in force on the received date, warnings and the trail of rules tried: what
/// `weiquan route` writes. `received_by` (may be NULL) is the id of the body that received
/// the complaint; when it is one of several competent bodies it handles the complaint
/// (Order No. 20 Art. 13).
///
/// Fails as `weiquan_complaint_validate` for the complaint, with `WEIQUAN_INVALID`
/// (`routing.unknown_division`, pointer to the field) for a division code the registry does
/// not know, `WEIQUAN_REJECTED` (`routing.no_rule`) when no rule covers the complaint,
/// `WEIQUAN_INVALID_ARGUMENT` (`routing.unknown_body`) for an unknown `received_by`.
///
/// # Safety
/// `complaint_json` must be valid for reading `complaint_json_len` bytes; `received_by` NULL
/// or valid for reading `received_by_len` bytes; `out_json` valid for writing a pointer;
/// `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_route(
    router: *const weiquan_router,
    complaint_json: *const c_char,
    complaint_json_len: usize,
    received_by: *const c_char,
    received_by_len: usize,
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
        let received_by = if received_by.is_null() {
            None
        } else {
            // SAFETY: forwarded contract.
            Some(unsafe {
                text(
                    received_by,
                    received_by_len,
                    "received_by",
                    WEIQUAN_MAX_SHORT_LEN,
                )
            }?)
        };
        let router = get(router)?;
        let complaint = Complaint::from_json(json).map_err(|e| FfiError::diagnostic(&e))?;
        let opts = RouteOptions { received_by };
        let decision = router
            .route_with(&complaint, &opts)
            .map_err(|e| FfiError::diagnostic(&e))?;
        out.write(to_json(&decision.report(&complaint.id))?);
        Ok(())
    })
}

// Covers: weiquan_routing::Registry::resolve, weiquan_routing::Router::registry
/// What the router's division registry says about `code` as of `on` (may be NULL: as of
/// now, i.e. abolished codes are resolved to their successors), as JSON: the code, whether it
/// changed, its successor(s) and the note that explains it.
///
/// Fails with `WEIQUAN_INVALID` (`division.format`, `routing.unknown_division`).
///
/// # Safety
/// `on` must be NULL or valid for reading a `weiquan_date`; `out_json` valid for writing a
/// pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_resolve_division(
    router: *const weiquan_router,
    code: u32,
    on: *const weiquan_date,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        let on = if on.is_null() {
            None
        } else {
            // SAFETY: non-null checked above; valid per the contract.
            Some(unsafe { in_ptr(on, "on") }?.to_naive("on")?)
        };
        let router = get(router)?;
        let code = DivisionCode::new(code).ok_or_else(|| {
            FfiError::diagnostic(&weiquan_complaint::Error::DivisionCodeFormat {
                value: code.to_string(),
            })
        })?;
        let r = router
            .registry()
            .resolve(code, on)
            .map_err(|e| FfiError::diagnostic(&e))?;
        out.write(to_json(&r)?);
        Ok(())
    })
}

// Covers: weiquan_routing::ruleset_schema_json
/// The JSON Schema of the ruleset file (`docs/schema/ruleset.schema.json`), for editors of
/// ruleset TOML files.
///
/// # Safety
/// `out_json` must be valid for writing a pointer; `out_len` NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_router_ruleset_schema(
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> weiquan_status {
    call(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { StrOut::new(out_json, out_len, "out_json") }?;
        out.write(::weiquan_routing::ruleset_schema_json());
        Ok(())
    })
}
