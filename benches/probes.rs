//! Probe executions per second, natively, over `benchmark::SCENARIO`: a
//! 100-replica Deployment with startup, liveness and readiness probes,
//! simulated over 24 hours. A benchmark, not a test: it prints figures and
//! never fails on time. `e2e/bench.mjs` times the same in Chromium.
//!
//! Run with `cargo bench --bench probes`.

use probe_playground::{benchmark, scenario};
use std::time::Instant;

fn main() {
    let scenario = scenario::load(benchmark::SCENARIO);
    assert!(!scenario.has_errors(), "{:?}", scenario.diagnostics);
    let runs = 3;
    let mut best = f64::MAX;
    let mut probes = 0;
    let mut records = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let sim = benchmark::run(&scenario);
        let seconds = started.elapsed().as_secs_f64();
        probes = sim.probe_count();
        records = sim.history().records.len();
        best = best.min(seconds);
    }
    println!("100 replicas x 3 probes x 24 h: {probes} probe executions, {records} history records");
    println!("best of {runs}: {best:.3} s = {:.2} million probe executions per second", probes as f64 / best / 1e6);
}
