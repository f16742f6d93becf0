//! Any bytes through the loader and the behaviour document's reader, as
//! `check` and the playground take a scenario: they must return diagnostics,
//! never panic, hang or exhaust memory (see docs/fuzzing.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = probe_playground::scenario::load_bytes(data);
});
