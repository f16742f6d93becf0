//! Probe executions per second: a 100-replica Deployment with startup,
//! liveness and readiness probes, simulated over 24 hours. A benchmark, not a
//! test: it prints figures and never fails on time.
//!
//! Run with `cargo bench --bench probes`.

use probe_playground::scenario;
use probe_playground::sim::Simulator;
use std::time::Instant;

const SCENARIO: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 100
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: example/api:1.0
        ports: [{containerPort: 8080}]
        startupProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10, failureThreshold: 30}
        livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10}
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 10}
---
kind: Behaviour
simulation: {duration: 24h}
apps:
- startup: 20s
  http:
  - {path: /healthz, status: 503, from: 6h, until: 6h1m}
";

fn main() {
    let scenario = scenario::load(SCENARIO);
    assert!(!scenario.has_errors(), "{:?}", scenario.diagnostics);
    let runs = 3;
    let mut best = f64::MAX;
    let mut probes = 0;
    let mut records = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let mut sim = Simulator::new(&scenario.workloads, &scenario.services, scenario.behaviour.clone());
        sim.advance_to(scenario.behaviour.duration);
        let seconds = started.elapsed().as_secs_f64();
        probes = sim.probe_count();
        records = sim.history().records.len();
        best = best.min(seconds);
    }
    println!("100 replicas x 3 probes x 24 h: {probes} probe executions, {records} history records");
    println!("best of {runs}: {best:.3} s = {:.2} million probe executions per second", probes as f64 / best / 1e6);
}
