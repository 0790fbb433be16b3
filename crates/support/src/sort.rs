//! A stable sort that is small in code, for the workspace's crates that are built into the
//! WebAssembly module.
//!
//! The standard library's sorts are fast but large: every call site instantiates the whole
//! of driftsort (or ipnsort) for its element type and comparison, about 3.5 KB of
//! WebAssembly each, 40 KB over the module's dozen call sites. The lists sorted here are
//! short (a complaint's errors, a case's deadlines, redaction's candidates) or sorted once
//! (the division registry, loaded at start), so a plain merge sort of the positions does: its
//! generic part is a few hundred bytes per call site. It is stable and O(n log n), allocates
//! two vectors of positions (and, for [`by_key`], the keys) and never panics.
//!
//! ```
//! use weiquan_support::sort;
//!
//! let mut v = vec![("b", 2), ("a", 1), ("c", 2), ("d", 1)];
//! sort::by_key(&mut v, |&(_, n)| n);
//! assert_eq!(v, [("a", 1), ("d", 1), ("b", 2), ("c", 2)]);
//! sort::by(&mut v, |x, y| y.0.cmp(x.0));
//! assert_eq!(v, [("d", 1), ("c", 2), ("b", 2), ("a", 1)]);
//! ```

use std::cmp::Ordering;

/// Sorts `v` by the key of each element, keeping equal elements in their order. The key is
/// computed once per element.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = order_by(keys.len(), |a, b| match (keys.get(a), keys.get(b)) {
        (Some(x), Some(y)) => x.cmp(y),
        _ => Ordering::Equal,
    });
    permute(v, order);
}

/// Sorts `v` with a comparison, keeping equal elements in their order.
pub fn by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = order_by(v.len(), |a, b| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => compare(x, y),
        _ => Ordering::Equal,
    });
    permute(v, order);
}

/// Sorts `v` by the elements' own order, keeping equal elements in their order.
pub fn sort<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The positions `0..n` in the stable order of `compare`: a bottom-up merge sort of the
/// positions, so that only the comparison is generic.
fn order_by(n: usize, mut compare: impl FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to: Vec<usize> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        to.clear();
        for run in from.chunks(2 * width) {
            let (left, right) = run.split_at(width.min(run.len()));
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            loop {
                // Take from the right only when it is strictly smaller: that keeps equal
                // elements in their order.
                let take_right = match (l.peek(), r.peek()) {
                    (Some(&&a), Some(&&b)) => compare(b, a) == Ordering::Less,
                    (None, Some(_)) => true,
                    (_, None) => false,
                };
                match if take_right { r.next() } else { l.next() } {
                    Some(&p) => to.push(p),
                    None => break,
                }
            }
        }
        std::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    from
}

/// Moves the element at `order[i]` to position `i`, in place, by following each cycle of the
/// permutation with swaps. `order` must be a permutation of `0..v.len()`.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(slot) = order.get_mut(at) {
            let next = std::mem::replace(slot, at);
            if next == start || next == at {
                break;
            }
            v.swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, equal keys included.
        #[test]
        fn by_key_is_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            by_key(&mut ours, |&(k, _)| k);
            let mut std = v.clone();
            std.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std);
        }

        #[test]
        #[allow(clippy::unnecessary_sort_by, reason = "the comparison form is what is tested")]
        fn by_is_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            by(&mut ours, |a, b| b.0.cmp(&a.0));
            let mut std = v.clone();
            std.sort_by(|a, b| b.0.cmp(&a.0));
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_is_the_standard_sort(v in proptest::collection::vec(any::<i32>(), 0..300)) {
            let mut ours = v.clone();
            sort(&mut ours);
            let mut std = v;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn short_and_sorted_inputs() {
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, [7]);
        let mut rev: Vec<u32> = (0..1000).rev().collect();
        sort(&mut rev);
        assert_eq!(rev, (0..1000).collect::<Vec<_>>());
    }
}
