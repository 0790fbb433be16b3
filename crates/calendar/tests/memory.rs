//! The memory a rejected calendar file costs: 10 MB of bad lines once took 4.6 GB (and a
//! SIGABRT under a 2 GiB limit through the C ABI). A counting allocator measures the peak of
//! the heap while the file is checked; it must stay a small fraction of the file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking: unwrap, expect, indexing and panic are its assertions"
)]
#![allow(
    unsafe_code,
    reason = "a global allocator is unsafe to implement; this one only counts and forwards to the system allocator"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use weiquan_calendar::{Calendar, Error};

/// Forwards to [`System`], counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call forwards to the system allocator with the same layout and pointer; the
// counters have no bearing on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Ten megabytes of bad lines of every syntax kind (bad dates, kinds, field counts, empty
/// names, a long header) are checked with less than 2 MB of heap beyond the text itself.
#[test]
fn ten_megabytes_of_bad_lines_in_bounded_memory() {
    let official = Calendar::official();
    let mut text = format!("{}\n", "date,kind,name,".repeat(1000));
    let lines = [
        "2024-13-01,holiday,x\n",
        "2024-01-01,rest,元旦\n",
        "not,a,date,at,all\n",
        "2024-01-02,workday,\n",
        "x\n",
    ];
    let mut k = 0;
    while text.len() < 10 << 20 {
        text.push_str(lines[k % lines.len()]);
        k += 1;
    }
    let base = IN_USE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let result = official.with_csv(&text);
    let peak = PEAK.load(Ordering::SeqCst) - base;
    let Err(Error::Csv { problems }) = result else {
        panic!("the file is rejected");
    };
    assert_eq!(problems.len(), 101);
    println!("10 MB of bad lines: {peak} bytes of heap at peak");
    assert!(peak < 2 << 20, "{peak} bytes at peak");
}
