//! Stable sorting with one compiled sort in the browser build.
//!
//! The standard library's sort is generic over the element and the
//! comparison, so each `sort_by_key` with its own closure compiles a copy of
//! it (about 4 KB of wasm each). In the browser build these functions sort a
//! list of positions instead, always with the same function, and then move
//! the elements into that order; natively they are the standard library's
//! sorts. Both orders are the same: a stable sort has exactly one result.

use std::cmp::Ordering;

/// `v.sort_by(compare)`.
pub fn sort_by<T>(v: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_positions(v, compare);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(compare);
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`; for values that are equal only when they are the same (such
/// as numbers), also `v.sort_unstable()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `v.sort_by_cached_key(key)`: `key` is called once for each element.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    #[cfg(target_arch = "wasm32")]
    by_cached_positions(v, key);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by_cached_key(key);
}

/// The browser build's `sort_by`: the positions of `v` sorted by what they
/// hold, then the elements moved there. Built natively too, for its tests.
pub fn by_positions<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&v[a], &v[b]));
    permute(&mut order, &mut |a, b| v.swap(a, b));
}

/// The browser build's `sort_by_cached_key`, as `by_positions`.
pub fn by_cached_positions<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &mut |a, b| keys[a].cmp(&keys[b]));
    permute(&mut order, &mut |a, b| v.swap(a, b));
}

/// The one sort: stable, over positions.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Moves each `order[i]`-th element to `i` by swaps, one cycle of the
/// permutation at a time; `order` is used up.
#[inline(never)]
fn permute(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != usize::MAX {
            let from = order[at];
            order[at] = usize::MAX;
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small generator, so that the test needs no dependency.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (x >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn sorting_by_positions_gives_the_standard_stable_order() {
        for n in [0, 1, 2, 3, 7, 20, 33, 100, 1000] {
            for (seed, modulo) in [(1, 5), (2, 1000), (3, 1), (4, 2)] {
                // Pairs whose second half tells equal keys apart: stability shows.
                let v: Vec<(u64, usize)> = numbers(seed, n, modulo).into_iter().zip(0..).collect();
                let mut want = v.clone();
                want.sort_by_key(|p| p.0);
                let mut got = v.clone();
                by_positions(&mut got, |a, b| a.0.cmp(&b.0));
                assert_eq!(got, want, "n={n} seed={seed}");
                let mut reversed = v.clone();
                reversed.sort_by_key(|p| std::cmp::Reverse(p.0));
                let mut got = v;
                by_positions(&mut got, |a, b| b.0.cmp(&a.0));
                assert_eq!(got, reversed, "n={n} seed={seed}");
            }
        }
    }

    #[test]
    fn the_helpers_give_the_standard_orders() {
        let v: Vec<String> = numbers(9, 200, 50).iter().map(|n| format!("x{n}")).collect();
        let mut want = v.clone();
        want.sort();
        let mut got = v.clone();
        sort(&mut got);
        assert_eq!(got, want);
        let mut want = v.clone();
        want.sort_by_key(|s| s.len());
        let mut got = v.clone();
        sort_by_key(&mut got, |s| s.len());
        assert_eq!(got, want);
        let mut got = v.clone();
        sort_by_cached_key(&mut got, |s| s.len());
        assert_eq!(got, want);
        let mut got = v.clone();
        by_cached_positions(&mut got, |s| s.len());
        assert_eq!(got, want);
    }
}
