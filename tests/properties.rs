//! Invariants over random scenarios: determinism, monotonic restart
//! counts, readiness only while running, liveness only after startup,
//! back-off within its cap, traffic only to ready endpoints.
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency

mod common;
use probe_playground::history::*;
use probe_playground::scenario;
use probe_playground::sim::timings::{
    BACKOFF_RETRY_PERIOD, CONTAINER_START_LATENCY, JITTER_FACTOR, MAX_BACKOFF, PLEG_RELIST_PERIOD,
};
use probe_playground::spec::ProbeKind;
use proptest::prelude::*;
use std::collections::HashMap;

/// What varies between the random scenarios.
struct Shape {
    replicas: u32,
    period: u32,
    threshold: u32,
    startup: u32,
    fail_from: u32,
    fail_for: u32,
    crash_after: Option<u32>,
    with_startup: bool,
    seed: u64,
}

/// A random but valid scenario: probes with random timings, an app that
/// starts slowly, fails for a while, maybe crashes.
fn scenario_text(shape: Shape) -> String {
    let Shape { replicas, period, threshold, startup, fail_from, fail_for, crash_after, with_startup, seed } = shape;
    let startup_probe = if with_startup {
        format!(
            "        startupProbe: {{httpGet: {{path: /health, port: 8080}}, periodSeconds: {period}, failureThreshold: 30}}\n"
        )
    } else {
        String::new()
    };
    let crash = crash_after.map(|c| format!("  crash:\n  - {{after: {c}s, exitCode: 2}}\n")).unwrap_or_default();
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: app
        image: web:1
        ports: [{{containerPort: 8080}}]
{startup_probe}        livenessProbe: {{httpGet: {{path: /health, port: 8080}}, periodSeconds: {period}, failureThreshold: {threshold}}}
        readinessProbe: {{httpGet: {{path: /health, port: 8080}}, periodSeconds: {period}}}
---
apiVersion: v1
kind: Service
metadata: {{name: web}}
spec:
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: 8080}}]
---
kind: Behaviour
simulation: {{duration: 15m, seed: {seed}}}
apps:
- startup: {startup}s
  http:
  - {{path: /health, status: 503, from: {fail_from}s, until: {}s}}
{crash}traffic:
- {{service: web, rps: 5}}
",
        fail_from + fail_for
    )
}

fn arb_scenario() -> impl Strategy<Value = String> {
    (
        1u32..4,
        1u32..15,
        1u32..5,
        0u32..60,
        0u32..300,
        0u32..200,
        proptest::option::of(5u32..200),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(
            |(replicas, period, threshold, startup, fail_from, fail_for, crash_after, with_startup, seed)| {
                scenario_text(Shape {
                    replicas,
                    period,
                    threshold,
                    startup,
                    fail_from,
                    fail_for,
                    crash_after,
                    with_startup,
                    seed,
                })
            },
        )
}

fn simulate(text: &str) -> History {
    let s = scenario::load(text);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    s.simulate()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    #[test]
    fn same_seed_same_history(text in arb_scenario()) {
        prop_assert_eq!(simulate(&text), simulate(&text));
    }

    #[test]
    fn invariants_hold(text in arb_scenario()) {
        let h = simulate(&text);
        let mut restarts: HashMap<(PodId, u16), u32> = HashMap::new();
        let mut started: HashMap<(PodId, u16), bool> = HashMap::new();
        let mut pod_ready: HashMap<PodId, bool> = HashMap::new();
        let mut waiting_since: HashMap<(PodId, u16), Millis> = HashMap::new();
        let cap = MAX_BACKOFF + (BACKOFF_RETRY_PERIOD as f64 * (1.0 + JITTER_FACTOR)) as Millis + CONTAINER_START_LATENCY + 2 * PLEG_RELIST_PERIOD;
        for r in &h.records {
            match r {
                Record::Container(c) => {
                    let key = (c.pod, c.container);
                    let before = restarts.insert(key, c.restart_count).unwrap_or(0);
                    prop_assert!(c.restart_count >= before, "restart count went down at {}", c.t);
                    prop_assert!(!c.ready || matches!(c.state, ContainerState::Running { .. }), "ready while not running at {}", c.t);
                    started.insert(key, c.started);
                    match &c.state {
                        ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff" => { waiting_since.entry(key).or_insert(c.t); }
                        ContainerState::Running { started_at } => {
                            if let Some(since) = waiting_since.remove(&key) {
                                prop_assert!(*started_at - since <= cap, "back-off wait {} ms exceeds the cap", started_at - since);
                            }
                        }
                        _ => {}
                    }
                }
                Record::Pod(p) => { pod_ready.insert(p.pod, p.ready && p.deletion.is_none()); }
                Record::Probe(p) if p.probe == ProbeKind::Liveness => {
                    prop_assert!(started.get(&(p.pod, p.container())).copied().unwrap_or(false), "liveness before startup at {}", p.t());
                }
                Record::Endpoints(e) => {
                    for pod in &e.ready {
                        prop_assert!(pod_ready.get(pod).copied().unwrap_or(false), "unready pod {} is a ready endpoint at {}", pod, e.t);
                    }
                }
                _ => {}
            }
        }
    }
}
