//! A decompression bomb (64 MiB of zeros in an 87,000-character link) is
//! refused as too large without ever holding more than the 256 KiB limit:
//! this test binary counts the bytes its allocator hands out.
#![cfg(not(target_arch = "wasm32"))]

use probe_playground::link::{self, LinkError};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_bomb_is_refused_without_unpacking_it() {
    let bomb = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/links/bomb-64mib.url")).unwrap();
    let fragment = link::fragment_of(bomb.trim_end());
    assert!(fragment.len() > 80_000 && fragment.len() < 90_000, "{}", fragment.len());
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    assert_eq!(link::decode(fragment), Err(LinkError::TooLarge));
    let peak = PEAK.load(Ordering::SeqCst) - before;
    // The base64-decoded payload (65 KB), the inflate state (~11 KB) and the
    // 256 KiB text buffer: well under 1 MiB, where 64 MiB would be unpacked.
    assert!(peak < 1 << 20, "decoding the bomb held {peak} bytes at once");
}
