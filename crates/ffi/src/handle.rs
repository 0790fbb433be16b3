//! Opaque handles: what C holds is not an address but a slot number and a generation, so that a
//! freed handle, a handle of another type, or a made-up value is detected and reported as
//! `WEIQUAN_INVALID_HANDLE` — never dereferenced.
//!
//! Every object sits behind an `Arc` (immutable objects) or an `Arc<Mutex<_>>` (objects that
//! change), so any handle may be used from several threads: calls on one mutable handle are
//! serialised, and a handle freed while another thread uses it lives until that call ends.

use std::any::Any;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::error::FfiError;
use crate::status::weiquan_status;

/// Bits of a handle value that hold the slot number (+1, so that no handle is 0); the rest hold
/// the generation.
const SHIFT: u32 = usize::BITS / 2;
const INDEX_MASK: usize = (1usize << SHIFT) - 1;

struct Slot {
    generation: usize,
    value: Option<(&'static str, Arc<dyn Any + Send + Sync>)>,
}

#[derive(Default)]
struct Registry {
    slots: Vec<Slot>,
    free: Vec<usize>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    slots: Vec::new(),
    free: Vec::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // Nothing panics while the registry is locked; recover the data if it ever did.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

fn invalid(kind: &str, raw: usize, why: &str) -> FfiError {
    FfiError::new(
        weiquan_status::WEIQUAN_INVALID_HANDLE,
        "ffi.invalid_handle",
        format!("{raw:#x} is not a live {kind} handle: {why}"),
        format!("{raw:#x}不是有效的{kind}句柄：{why}"),
    )
}

/// Registers `value` as a new handle of `kind`; returns the handle value.
pub(crate) fn insert<T: Send + Sync + 'static>(
    kind: &'static str,
    value: T,
) -> Result<usize, FfiError> {
    let value: Arc<dyn Any + Send + Sync> = Arc::new(value);
    let mut reg = registry();
    let index = match reg.free.pop() {
        Some(i) => i,
        None => {
            let i = reg.slots.len();
            if i >= INDEX_MASK - 1 {
                return Err(FfiError::new(
                    weiquan_status::WEIQUAN_OUT_OF_RANGE,
                    "ffi.too_many_handles",
                    format!("too many live handles ({i}); free some"),
                    format!("存活句柄过多（{i}个），请先释放"),
                ));
            }
            reg.slots.push(Slot {
                generation: 0,
                value: None,
            });
            i
        }
    };
    let slot = reg
        .slots
        .get_mut(index)
        .ok_or_else(|| FfiError::internal("handle slot out of range"))?;
    slot.generation = (slot.generation + 1) & INDEX_MASK;
    slot.value = Some((kind, value));
    Ok((slot.generation << SHIFT) | (index + 1))
}

fn split(raw: usize) -> Option<(usize, usize)> {
    let index = (raw & INDEX_MASK).checked_sub(1)?;
    Some((index, raw >> SHIFT))
}

fn not_made(raw: usize) -> &'static str {
    if raw == 0 {
        "NULL"
    } else {
        "never created by this library"
    }
}

/// Looks up a handle of `kind` holding a `T`.
pub(crate) fn get<T: Send + Sync + 'static>(kind: &str, raw: usize) -> Result<Arc<T>, FfiError> {
    let (index, generation) = split(raw).ok_or_else(|| invalid(kind, raw, not_made(raw)))?;
    let any = {
        let reg = registry();
        let slot = reg
            .slots
            .get(index)
            .ok_or_else(|| invalid(kind, raw, not_made(raw)))?;
        match &slot.value {
            Some((k, v)) if slot.generation == generation => {
                if *k != kind {
                    return Err(invalid(kind, raw, &format!("it is a {k} handle")));
                }
                Arc::clone(v)
            }
            _ => return Err(invalid(kind, raw, "already freed")),
        }
    };
    any.downcast::<T>()
        .map_err(|_| FfiError::internal(format!("handle {raw:#x} holds the wrong type")))
}

/// Frees a handle of `kind`; the object is dropped when no running call uses it any more.
pub(crate) fn remove(kind: &str, raw: usize) -> Result<(), FfiError> {
    let (index, generation) = split(raw).ok_or_else(|| invalid(kind, raw, not_made(raw)))?;
    let dropped = {
        let mut reg = registry();
        let slot = reg
            .slots
            .get_mut(index)
            .ok_or_else(|| invalid(kind, raw, not_made(raw)))?;
        match &slot.value {
            Some((k, _)) if slot.generation == generation => {
                if *k != kind {
                    return Err(invalid(kind, raw, &format!("it is a {k} handle")));
                }
            }
            _ => return Err(invalid(kind, raw, "already freed")),
        }
        let dropped = slot.value.take();
        reg.free.push(index);
        dropped
    };
    // Dropped outside the registry lock: dropping a large object takes time.
    drop(dropped);
    Ok(())
}

/// Locks a mutable object; a lock poisoned by an earlier internal error is reported.
pub(crate) fn lock<'a, T>(m: &'a Mutex<T>, kind: &str) -> Result<MutexGuard<'a, T>, FfiError> {
    m.lock().map_err(|_| {
        FfiError::internal(format!(
            "this {kind} handle was left inconsistent by an earlier internal error; free it"
        ))
    })
}

/// The handle value as a C pointer of opaque type `T` (never dereferenced by anyone).
pub(crate) fn to_ptr<T>(raw: usize) -> *mut T {
    std::ptr::without_provenance_mut(raw)
}

/// How many handles are live (for the tests of leaks).
pub(crate) fn live_count() -> usize {
    registry()
        .slots
        .iter()
        .filter(|s| s.value.is_some())
        .count()
}

/// How many handles of any type are live (created and not yet freed). Meant for tests and
/// leak checks: a program that freed everything it created sees 0. Like the free functions,
/// it leaves the last error alone when it succeeds.
///
/// # Safety
/// `out` must be NULL or valid for writing a `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn weiquan_handle_count(out: *mut usize) -> weiquan_status {
    crate::call::call_keeping_last_error(|| {
        // SAFETY: forwarded contract.
        let out = unsafe { crate::call::out_ptr(out, "out") }?;
        *out = live_count();
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_and_foreign_handles_are_detected() {
        let a = insert("weiquan_test_a", 1u32).unwrap();
        assert_ne!(a, 0);
        assert_eq!(*get::<u32>("weiquan_test_a", a).unwrap(), 1);
        let e = get::<u32>("weiquan_test_b", a).unwrap_err();
        assert_eq!(e.status, weiquan_status::WEIQUAN_INVALID_HANDLE);
        assert!(
            e.message.ends_with("it is a weiquan_test_a handle"),
            "{}",
            e.message
        );
        remove("weiquan_test_a", a).unwrap();
        let e = get::<u32>("weiquan_test_a", a).unwrap_err();
        assert!(e.message.ends_with("already freed"), "{}", e.message);
        assert_eq!(
            remove("weiquan_test_a", a).unwrap_err().status,
            weiquan_status::WEIQUAN_INVALID_HANDLE
        );
        // The slot is reused with a new generation: the old value stays dead.
        let b = insert("weiquan_test_a", 2u32).unwrap();
        assert_ne!(a, b);
        assert!(get::<u32>("weiquan_test_a", a).is_err());
        assert_eq!(*get::<u32>("weiquan_test_a", b).unwrap(), 2);
        remove("weiquan_test_a", b).unwrap();
        assert!(get::<u32>("weiquan_test_a", 0).is_err());
        assert!(get::<u32>("weiquan_test_a", usize::MAX).is_err());
    }

    #[test]
    fn a_handle_freed_during_a_call_lives_until_the_call_ends() {
        let a = insert("weiquan_test_c", String::from("alive")).unwrap();
        let held = get::<String>("weiquan_test_c", a).unwrap();
        remove("weiquan_test_c", a).unwrap();
        assert_eq!(held.as_str(), "alive");
    }
}
