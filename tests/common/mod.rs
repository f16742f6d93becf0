//! Helpers for tests that run a scenario and read its history.
#![allow(dead_code)]

use probe_playground::history::*;
use probe_playground::scenario;
use probe_playground::spec::ProbeKind;

/// Loads a scenario (failing the test on any error) and simulates it.
pub fn run(text: &str) -> History {
    let s = scenario::load(text);
    let errors: Vec<String> = s
        .diagnostics
        .iter()
        .filter(|d| d.severity == probe_playground::diagnostic::Severity::Error)
        .map(|d| d.render("scenario"))
        .collect();
    assert!(errors.is_empty(), "scenario has errors:\n{}", errors.join("\n"));
    s.simulate()
}

/// Seconds, for readable assertions (`s(30)` = 30 000 ms).
pub fn s(seconds: f64) -> Millis {
    (seconds * 1000.0) as Millis
}

/// (time, result) of every execution of one probe kind, all pods.
pub fn probes(h: &History, kind: ProbeKind) -> Vec<(Millis, ProbeResult)> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Probe(p) if p.probe == kind => Some((p.t(), h.answer(p).result)),
            _ => None,
        })
        .collect()
}

pub fn probe_times(h: &History, kind: ProbeKind) -> Vec<Millis> {
    probes(h, kind).into_iter().map(|p| p.0).collect()
}

/// (time, result) of one pod's executions of one probe kind.
pub fn pod_probes(h: &History, pod: PodId, kind: ProbeKind) -> Vec<(Millis, ProbeResult)> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Probe(p) if p.probe == kind && p.pod == pod => Some((p.t(), h.answer(p).result)),
            _ => None,
        })
        .collect()
}

/// Times of one pod's executions of one probe kind.
pub fn pod_probe_times(h: &History, pod: PodId, kind: ProbeKind) -> Vec<Millis> {
    pod_probes(h, pod, kind).into_iter().map(|p| p.0).collect()
}

/// (time, message) of every event with this reason.
pub fn events(h: &History, reason: &str) -> Vec<(Millis, String)> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) if e.reason.as_str() == reason => Some((e.t, e.message.clone())),
            _ => None,
        })
        .collect()
}

pub fn event_times(h: &History, reason: &str) -> Vec<Millis> {
    events(h, reason).into_iter().map(|e| e.0).collect()
}

/// Times the pod's Ready condition changed, with the new value.
pub fn ready_changes(h: &History, pod: PodId) -> Vec<(Millis, bool)> {
    let mut out: Vec<(Millis, bool)> = Vec::new();
    for r in &h.records {
        if let Record::Pod(p) = r
            && p.pod == pod
            && out.last().map(|l| l.1) != Some(p.ready)
        {
            out.push((p.t, p.ready));
        }
    }
    out
}

/// The container statuses recorded for a pod's container, in order.
pub fn container_records(h: &History, pod: PodId, container: u16) -> Vec<&ContainerRecord> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Container(c) if c.pod == pod && c.container == container => Some(&**c),
            _ => None,
        })
        .collect()
}

/// Times a new container instance was seen running (its restart count rose).
pub fn restarts(h: &History, pod: PodId, container: u16) -> Vec<(Millis, u32)> {
    let mut out = Vec::new();
    let mut last = 0;
    for c in container_records(h, pod, container) {
        if c.restart_count > last {
            last = c.restart_count;
            out.push((c.t, c.restart_count));
        }
    }
    out
}

/// A liveness probe of /health on port 8080 with the given fields (indented
/// for the probe), for `deployment`.
pub fn liveness(fields: &str) -> String {
    format!("        livenessProbe:\n          httpGet: {{path: /health, port: 8080}}\n{fields}")
}

/// A one-container Deployment named `web` (container `app`, port 8080) with
/// the given probe block (indented for `containers[0]`) and behaviour.
pub fn deployment(replicas: u32, probes: &str, behaviour: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: app
        image: example/web:1.0
        ports:
        - containerPort: 8080
{probes}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {{app: web}}
  ports:
  - port: 80
    targetPort: 8080
---
kind: Behaviour
{behaviour}
"
    )
}

/// A bare Pod named `p` with the given restart policy, containers (a YAML
/// list indented for `spec.containers`) and behaviour.
pub fn pod(restart_policy: &str, containers: &str, behaviour: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {{app: p}}
spec:
  restartPolicy: {restart_policy}
  containers:
{containers}
---
kind: Behaviour
{behaviour}
"
    )
}

/// Every execution of one probe kind, all pods.
pub fn probe_records(h: &History, kind: ProbeKind) -> Vec<ProbeExecution> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Probe(p) if p.probe == kind => Some(h.execution(p)),
            _ => None,
        })
        .collect()
}

/// The pod statuses recorded for a pod, in order.
pub fn pod_records(h: &History, pod: PodId) -> Vec<&PodRecord> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Pod(p) if p.pod == pod => Some(&**p),
            _ => None,
        })
        .collect()
}

/// Times the pod's phase changed, with the new phase.
pub fn phase_changes(h: &History, pod: PodId) -> Vec<(Millis, PodPhase)> {
    let mut out: Vec<(Millis, PodPhase)> = Vec::new();
    for p in pod_records(h, pod) {
        if out.last().map(|l| l.1) != Some(p.phase) {
            out.push((p.t, p.phase));
        }
    }
    out
}

/// The pod's status as recorded at time `t` (the last record at or before it).
pub fn pod_at(h: &History, pod: PodId, t: Millis) -> &PodRecord {
    pod_records(h, pod).into_iter().rev().find(|p| p.t <= t).expect("a pod status by then")
}

/// One condition of a pod status: (status, reason, message, lastTransitionTime).
pub fn condition<'a>(p: &'a PodRecord, kind: &str) -> (bool, &'a str, &'a str, Millis) {
    let c = p.conditions.iter().find(|c| c.kind == kind).unwrap_or_else(|| panic!("no {kind} condition"));
    (c.status, c.reason.as_str(), c.message.as_str(), c.last_transition)
}

/// A container's status as recorded at time `t`.
pub fn container_at(h: &History, pod: PodId, container: u16, t: Millis) -> &ContainerRecord {
    container_records(h, pod, container).into_iter().rev().find(|c| c.t <= t).expect("a container status by then")
}

/// The status of a container waiting out a CrashLoopBackOff (§7.5), in the
/// kubelet's words.
pub fn crash_loop_back_off(h: &History, pod: PodId, container: &str, back_off: &str) -> ContainerState {
    let info = h.pod(pod);
    ContainerState::Waiting {
        reason: "CrashLoopBackOff".into(),
        message: format!(
            "back-off {back_off} restarting failed container={container} pod={}_{}({})",
            info.name, info.namespace, info.uid
        ),
    }
}

/// Every Endpoints (EndpointSlice) record of one service.
pub fn endpoints(h: &History, service: u32) -> Vec<&EndpointsRecord> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Endpoints(e) if e.service == service => Some(&**e),
            _ => None,
        })
        .collect()
}

/// Every event record with this reason.
pub fn events_detail<'a>(h: &'a History, reason: &str) -> Vec<&'a EventRecord> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) if e.reason.as_str() == reason => Some(&**e),
            _ => None,
        })
        .collect()
}

/// A termination without its (random) container ID, to compare the rest.
pub fn without_id(t: &Terminated) -> Terminated {
    Terminated { container_id: String::new(), ..t.clone() }
}
