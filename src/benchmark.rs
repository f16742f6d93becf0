//! The probe benchmark: a 100-replica Deployment with startup, liveness and
//! readiness probes, simulated over 24 hours (1,727,500 probe executions,
//! with the history recorded). `benches/probes.rs` times it natively; the
//! browser build exports it (`ui::bench`) for `e2e/bench.mjs` to time in
//! Chromium. Like the rest of the core it reads no clock: callers time it.

use crate::scenario::Scenario;
use crate::sim::Simulator;

pub const SCENARIO: &str = "\
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

/// Simulates a loaded scenario to its end.
pub fn run(scenario: &Scenario) -> Simulator {
    let mut sim = Simulator::new(&scenario.workloads, &scenario.services, scenario.behaviour.clone());
    sim.advance_to(scenario.behaviour.duration);
    sim
}
