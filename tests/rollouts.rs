//! Rollouts as actions (kubelet-semantics §12): a new pod template makes a
//! new ReplicaSet; the same template, written again, changes nothing.

mod common;
use common::*;
use probe_playground::history::*;

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: example/web:1.0
        ports: [{containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
          periodSeconds: 5
---
kind: Behaviour
simulation: {duration: 2m}
actions:
";

fn scaled_up(h: &History) -> Vec<(Millis, String)> {
    events(h, "ScalingReplicaSet").into_iter().filter(|e| e.1.starts_with("Scaled up")).collect()
}

/// Applying the manifest again (the same probe, written in the behaviour
/// document) is no new template: no new ReplicaSet, no pod replaced.
#[test]
fn a_rollout_of_the_running_template_changes_nothing() {
    let h = run(&format!(
        "{DEPLOYMENT}- at: 30s\n  workload: web\n  rollout:\n    readinessProbe:\n      httpGet: {{path: /ready, port: 8080}}\n      periodSeconds: 5\n"
    ));
    assert_eq!(scaled_up(&h).len(), 1, "only the first ReplicaSet: {:?}", scaled_up(&h));
    assert_eq!(h.pods.len(), 2);
}

/// A new probe is a new template: a second ReplicaSet, whose pods carry the
/// new probe (their readiness probe runs every 2 s, the old pods' every 5 s).
#[test]
fn a_probe_rollout_brings_pods_with_the_new_probe() {
    let h = run(&format!(
        "{DEPLOYMENT}- at: 30s\n  workload: web\n  rollout:\n    readinessProbe:\n      httpGet: {{path: /ready, port: 8080}}\n      periodSeconds: 2\n"
    ));
    let ups = scaled_up(&h);
    assert_eq!(ups.len(), 3, "{ups:?}");
    assert_eq!(ups[1].0, s(30.0));
    assert_ne!(h.pod(0).template, h.pod(2).template);
    assert_eq!(h.pod(2).template.spec.containers[0].readiness_probe.as_ref().map(|p| p.period_seconds), Some(2));
    let new_pod = pod_probe_times(&h, 2, probe_playground::spec::ProbeKind::Readiness);
    assert!(new_pod.windows(2).all(|w| w[1] - w[0] == s(2.0)), "{new_pod:?}");
}
