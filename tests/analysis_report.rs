//! The probe report: every answer is read off what-if runs of the scenario
//! (the analysed app replaced by a stated assumption), so each test states
//! the kubelet rule that gives the time it asserts.
//!
//! The shared timeline: a pod's probe workers start with it at 0 s and tick
//! on whole periods from then (a readiness ticker restarts at its manual
//! trigger, when the kubelet first sees the container running); the
//! container starts a second later; the kubelet sees a change at the PLEG
//! relist, every x.5 s. The what-ifs move the container's start with an
//! image pull, so the phases of both against the start are swept.

use probe_playground::analysis::report::{Budget, ContainerReport, Gate, Range};
use probe_playground::analysis::{self};
use probe_playground::gallery;
use probe_playground::scenario;
use probe_playground::spec::ProbeKind;

fn reports(text: &str) -> Vec<ContainerReport> {
    let s = scenario::load(text);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    analysis::analyse(&s, text).reports
}

fn report<'a>(reports: &'a [ContainerReport], workload: &str, container: &str) -> &'a ContainerReport {
    reports.iter().find(|r| r.workload == workload && r.container == container).expect("a report")
}

fn range(earliest: i64, latest: i64) -> Range {
    Range { earliest, latest }
}

fn lesson(id: &str) -> &'static str {
    gallery::by_id(id).expect("a lesson").text
}

/// Readiness runs at once when the kubelet first sees the container (the
/// manual trigger, kubelet-semantics §2.5) and every period from then, so
/// with an app serving 8 s after its start and a readiness period of 5 s the
/// pod is ready at the first tick at or after 8 s: 10 s after the relist
/// that saw it, which comes 1 ms to 999 ms after the start.
#[test]
fn time_to_ready_behind_readiness_spans_the_relist_phase() {
    let all = reports(lesson("liveness-checks-the-database"));
    let r = report(&all, "Deployment/orders-deep-liveness", "orders");
    assert_eq!(r.startup, 8_000);
    let ready = r.ready.as_ref().expect("ready");
    assert_eq!((ready.after_start, ready.gate), (range(10_001, 10_999), Gate::Readiness));
    // The first what-if: created at 0, started at 1 s, seen at 1.5 s, ready at 11.5 s.
    assert_eq!((ready.created, ready.ready), (0, 11_500));
}

/// A startup probe ticks on its own ticker, started with the pod (§2.2),
/// and readiness runs at once after its first success (§2.5): with an app
/// serving 90 s after its start and a startup period of 10 s, ready 90 s
/// after the start when a tick lands exactly then, 99.999 s when one lands
/// a millisecond before.
#[test]
fn time_to_ready_behind_a_startup_probe_spans_its_period() {
    let all = reports(lesson("startup-probe-slow-start"));
    let r = report(&all, "Deployment/slow-with-startup", "app");
    let ready = r.ready.as_ref().expect("ready");
    assert_eq!((ready.after_start, ready.gate), (range(90_000, 99_999), Gate::Startup));
}

/// The start-up budget: liveness (delay 10 s, period 10 s, three failures)
/// kills at its third failing probe. The kubelet sees a new container only
/// at the next relist, so in the worst phase the first probe goes out
/// exactly 10 s after the start and the third at 30 s; in the luckiest the
/// first eligible tick comes just under a period later (39.999 s). Past
/// that, every start is killed: at 0:40, 1:20, 2:00, then held back in
/// CrashLoopBackOff from 4:00.5, and never Ready.
#[test]
fn the_start_up_budget_is_measured_in_every_phase_and_shown_at_its_edges() {
    let all = reports(lesson("startup-probe-slow-start"));
    let r = report(&all, "Deployment/slow-liveness-only", "app");
    assert!(r.ready.is_none(), "a 90 s start never gets ready");
    let Budget::Limited { least, most, proven, past, .. } = &r.budget else { panic!("{:?}", r.budget) };
    assert_eq!((*least, *most, *proven), (30_000, 39_999, true));
    assert_eq!(past.start, 40_000);
    assert_eq!(past.kills[..3], [40_000, 80_000, 120_000]);
    assert_eq!((past.crash_loop_from, past.ready), (Some(240_500), None));
    // With no initial delay the kubelet's first chance comes at the relist
    // that sees the container: half a second after a tick at the earliest.
    let all = reports(lesson("liveness-checks-the-database"));
    let Budget::Limited { least, most, .. } = report(&all, "Deployment/orders-shallow", "orders").budget else {
        panic!()
    };
    assert_eq!((least, most), (20_501, 30_499));
}

const READINESS_ONLY: &str = "\
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
      - name: app
        image: example/web:1.0
        ports: [{containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
          periodSeconds: 5
          failureThreshold: 2
      - name: proxy
        image: example/proxy:1.0
        livenessProbe:
          tcpSocket: {port: 15001}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
";

/// No liveness or startup probe: an app that never serves is never killed
/// (§2.3: only liveness and startup failures restart a container), and a
/// hung app leaves the Service at its second failed readiness probe (5 s
/// period, 1 s timeout: 6 s when the hang meets a probe as it goes out,
/// 10.999 s when it comes a millisecond after one passed) and never comes
/// back: nothing restarts it.
#[test]
fn readiness_alone_takes_a_hung_app_out_for_good() {
    let all = reports(READINESS_ONLY);
    let r = report(&all, "Deployment/web", "app");
    assert!(matches!(r.budget, Budget::Unlimited { watched: 600_000 }), "{:?}", r.budget);
    let hang = r.hang.as_ref().expect("a hang");
    assert_eq!(hang.range(|run| run.out_of_service).0, Some(range(6_000, 10_999)));
    assert_eq!(hang.range(|run| run.killed), (None, 0));
    assert_eq!(hang.range(|run| run.serving_again), (None, 0));
    assert_eq!(hang.first_trips(), [ProbeKind::Readiness]);
}

/// A TCP probe connects to a hung process (the kernel accepts), so a hang
/// trips nothing; an app that stops listening fails liveness three times,
/// 10 s apart (20 to 29.999 s after it stops), and is restarted.
#[test]
fn a_tcp_liveness_probe_misses_a_hang_and_catches_a_closed_port() {
    let all = reports(READINESS_ONLY);
    let r = report(&all, "Deployment/web", "proxy");
    let hang = r.hang.as_ref().expect("a hang");
    assert!(hang.runs.iter().all(|run| run.unready.is_none() && run.killed.is_none()));
    let fail = r.fail_fast.as_ref().expect("a failure");
    assert_eq!(fail.range(|run| run.killed).0, Some(range(20_000, 29_999)));
    assert_eq!(fail.first_trips(), [ProbeKind::Liveness]);
    assert_eq!(r.ready.as_ref().map(|t| t.gate), Some(Gate::Running));
}

/// The fleet what-if: every replica of orders-deep-liveness hangs from 0:42
/// to 1:42. Readiness (5 s, two failures) empties the Service at 0:52.5;
/// liveness (10 s, three failures, 1 s timeout) kills all three at 1:11 and
/// again at 1:41 (the outage outlives a restart); the Service is back when
/// the restarted pods pass readiness, at 1:52.5.
#[test]
fn the_fleet_what_if_restarts_every_replica_together() {
    let all = reports(lesson("liveness-checks-the-database"));
    let fleet = report(&all, "Deployment/orders-deep-liveness", "orders").fleet.as_ref().expect("a fleet");
    assert_eq!((fleet.from, fleet.until, fleet.replicas, fleet.killed_replicas), (42_000, 102_000, 3, 3));
    assert_eq!(fleet.kills, [71_000, 71_000, 71_000, 101_000, 101_000, 101_000]);
    assert_eq!(fleet.empty, [(52_500, Some(112_500))]);
}

/// A rolling update of three replicas (maxSurge 25% rounds up to 1,
/// maxUnavailable 25% down to 0): one new pod at a time, each ready 10.5 s
/// after it is created (8 s start, readiness every 5 s from the relist), so
/// all three in 33.5 s and never fewer than three serving.
#[test]
fn a_rollout_replaces_one_pod_at_a_time_and_keeps_every_replica_serving() {
    let all = reports(lesson("liveness-checks-the-database"));
    let rollout = report(&all, "Deployment/orders-shallow", "orders").rollout.as_ref().expect("a rollout");
    assert_eq!((rollout.at, rollout.done, rollout.fewest_serving, rollout.replicas), (42_000, Some(75_500), 3, 3));
}
