//! The probe benchmark, exported for `e2e/bench.mjs` to time in the browser
//! (`window.wasmBindings.bench_probe_executions()` in the page Trunk builds).

use crate::{benchmark, scenario};
use wasm_bindgen::prelude::*;

/// Loads and simulates `benchmark::SCENARIO`; returns the number of probe
/// executions. The caller times the call: the core has no clock.
#[wasm_bindgen]
pub fn bench_probe_executions() -> f64 {
    let scenario = scenario::load(benchmark::SCENARIO);
    benchmark::run(&scenario).probe_count() as f64
}
