//! Probe executions per second and the history's memory, natively, over
//! `benchmark::SCENARIO`: a 100-replica Deployment with startup, liveness
//! and readiness probes, simulated over 24 hours. A benchmark, not a test:
//! it prints figures and never fails on time. `e2e/bench.mjs` times the same
//! in Chromium.
//!
//! Run with `cargo bench --bench probes` (optionally `-- RUNS`, default 5).

use probe_playground::{benchmark, scenario};
use std::time::Instant;

/// The process's peak resident memory (`VmHWM`), in bytes, where Linux says.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Nanoseconds this thread has run on a CPU (`/proc/thread-self/schedstat`):
/// on a machine shared with other work, the time not spent waiting for a CPU.
fn on_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// Best, median and worst of `seconds`, as probe executions per second.
fn spread(label: &str, mut seconds: Vec<f64>, probes: u64) {
    seconds.sort_by(f64::total_cmp);
    let n = seconds.len();
    let rate = |s: f64| probes as f64 / s / 1e6;
    println!(
        "{label}, {n} runs: best {:.3} s = {:.2} M/s, median {:.3} s = {:.2} M/s, worst {:.3} s = {:.2} M/s",
        seconds[0],
        rate(seconds[0]),
        seconds[n / 2],
        rate(seconds[n / 2]),
        seconds[n - 1],
        rate(seconds[n - 1])
    );
}

fn main() {
    let runs: usize = std::env::args().filter_map(|a| a.parse().ok()).next().unwrap_or(5);
    let scenario = scenario::load(benchmark::SCENARIO);
    assert!(!scenario.has_errors(), "{:?}", scenario.diagnostics);
    let before = peak_rss();
    let (mut seconds, mut cpu_seconds) = (Vec::new(), Vec::new());
    let (mut probes, mut records, mut bytes) = (0, 0, 0);
    for _ in 0..runs {
        let (started, cpu) = (Instant::now(), on_cpu_ns());
        let sim = benchmark::run(&scenario);
        seconds.push(started.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu, on_cpu_ns()) {
            cpu_seconds.push((after - before) as f64 / 1e9);
        }
        probes = sim.probe_count();
        records = sim.history().records.len();
        bytes = sim.history().heap_bytes();
    }
    println!("100 replicas x 3 probes x 24 h: {probes} probe executions, {records} history records");
    spread("wall clock", seconds, probes);
    if !cpu_seconds.is_empty() {
        spread("on-CPU time", cpu_seconds, probes);
    }
    println!("history: {bytes} bytes on the heap = {:.1} bytes per probe execution", bytes as f64 / probes as f64);
    if let (Some(before), Some(peak)) = (before, peak_rss()) {
        println!(
            "peak resident memory: {:.1} MB ({:.1} MB before the runs: {:.1} bytes per probe execution above it)",
            peak as f64 / 1e6,
            before as f64 / 1e6,
            (peak - before) as f64 / probes as f64
        );
    }
}
