//! The analysis's speed: the full report and findings of a scenario of ten
//! probed containers (ten Deployments of two replicas behind Services, each
//! with different probes, two with a behaviour that raises findings), timed
//! natively over several runs. A benchmark, not a test: it prints figures
//! with their spread and never fails on time.
//!
//! Then the same analysis a piece at a time, as the page does it between
//! frames (`Job::advance`), alone and with one workload at 100 replicas:
//! the longest piece is the longest task the analysis gives the page.
//!
//! Run with `cargo bench --bench analysis` (optionally `-- RUNS`, default 20;
//! `-- --scenario` prints the scenario instead, for `check`).

use probe_playground::analysis::{self, pane::Job};
use probe_playground::scenario;
use std::rc::Rc;
use std::time::Instant;

/// The probes of each of the ten containers, indented for the container.
const PROBES: [&str; 10] = [
    "readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}",
    "livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}",
    "livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n        readinessProbe: {httpGet: {path: /healthz, port: 8080}}",
    "startupProbe: {httpGet: {path: /healthz, port: 8080}, failureThreshold: 30}\n        livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n        readinessProbe: {httpGet: {path: /ready, port: 8080}}",
    "livenessProbe: {tcpSocket: {port: 8080}, initialDelaySeconds: 90}\n        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5}",
    "livenessProbe: {exec: {command: [cat, /tmp/healthy]}}\n        readinessProbe: {exec: {command: [sh, -c, 'curl -f localhost:8080/ready']}}",
    "livenessProbe: {grpc: {port: 8080}, periodSeconds: 15}\n        readinessProbe: {grpc: {port: 8080}, periodSeconds: 5}",
    "livenessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: 15}\n        readinessProbe: {httpGet: {path: /ready, port: 8080}}",
    "livenessProbe: {httpGet: {path: /healthz, port: 8080}, failureThreshold: 2}",
    "readinessProbe: {httpGet: {path: /ready, port: 8080}, successThreshold: 3}",
];

fn scenario_text() -> String {
    let mut text = String::new();
    for (i, probes) in PROBES.iter().enumerate() {
        text.push_str(&format!(
            "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web{i}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web{i}}}}}
  template:
    metadata: {{labels: {{app: web{i}}}}}
    spec:
      containers:
      - name: app
        image: example/web{i}:1.0
        ports: [{{containerPort: 8080}}]
        {probes}
---
apiVersion: v1
kind: Service
metadata: {{name: web{i}}}
spec:
  selector: {{app: web{i}}}
  ports: [{{port: 80, targetPort: 8080}}]
---
"
        ));
    }
    text.push_str(
        "kind: Behaviour
apps:
- startup: 15s
- workload: web3
  startup: 2m
- workload: web1
  http:
  - {path: /healthz, from: 3m, until: 4m, latency: 2s}
traffic:
- {service: web1, rps: 20}
",
    );
    text
}

fn main() {
    let text = scenario_text();
    if std::env::args().any(|a| a == "--scenario") {
        print!("{text}");
        return;
    }
    let runs: usize = std::env::args().filter_map(|a| a.parse().ok()).next().unwrap_or(20);
    let s = scenario::load(&text);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    let mut millis = Vec::new();
    let mut last = analysis::Analysis::default();
    for _ in 0..runs {
        let started = Instant::now();
        last = analysis::analyse(&s, &text);
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    millis.sort_by(f64::total_cmp);
    println!(
        "analysis of {} probed containers ({} findings): {runs} runs: best {:.1} ms, median {:.1} ms, worst {:.1} ms",
        last.reports.len(),
        last.findings.len(),
        millis[0],
        millis[runs / 2],
        millis[runs - 1]
    );
    pieces("the same", &text);
    pieces("web0 at 100 replicas", &text.replacen("replicas: 2", "replicas: 100", 1));
}

/// The analysis as the page does it, a piece (`Job::advance`) at a time:
/// how long the pieces take, the longest above all (a task of the page).
fn pieces(what: &str, text: &str) {
    let mut job = Job::new(text.to_string(), Rc::new(scenario::load(text))).expect("no errors");
    let mut millis = Vec::new();
    loop {
        let started = Instant::now();
        let more = job.advance();
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
        if !more {
            break;
        }
    }
    let total: f64 = millis.iter().sum();
    millis.sort_by(f64::total_cmp);
    let n = millis.len();
    println!(
        "{what}, in pieces as the page does it: {n} pieces, {total:.1} ms in all: p50 {:.3} ms, p99 {:.3} ms, longest {:.1} ms",
        millis[n / 2],
        millis[n * 99 / 100],
        millis[n - 1]
    );
}
