//! Any bytes through the loader: it must return diagnostics, never panic,
//! hang or exhaust memory (see docs/fuzzing.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = probe_playground::load::load_bytes(data);
});
