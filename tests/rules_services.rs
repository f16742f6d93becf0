//! kubelet-semantics §11 (Services: EndpointSlice conditions,
//! publishNotReadyAddresses) and §12 (Deployments: minReadySeconds,
//! maxSurge/maxUnavailable fenceposts), with exact times.
//!
//! Timeline: a pod created at t starts its container at t+1 s; the kubelet
//! sees it at the next PLEG relist (x.5 s) and a readiness probe runs at once.

mod common;
use common::*;
use probe_playground::history::*;

/// (t, ready, not ready, serving and terminating): one change of a Service's endpoints.
type Slice = (Millis, Vec<PodId>, Vec<PodId>, Vec<PodId>);

/// Every change of the first Service's endpoints.
fn slices(h: &History) -> Vec<Slice> {
    endpoints(h, 0)
        .into_iter()
        .map(|e| (e.t, e.ready.clone(), e.not_ready.clone(), e.serving_terminating.clone()))
        .collect()
}

/// Two replicas, readiness every 5 s with failureThreshold 1. Replica 1
/// fails readiness from 20 s to 30 s; replica 0 is deleted at 40 s, keeps
/// passing readiness while it drains until 50 s, and exits at 60 s.
fn two_replicas(publish_not_ready: bool) -> String {
    let probe = "        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          periodSeconds: 5\n          failureThreshold: 1\n";
    let behaviour = "simulation: {duration: 70s}
apps:
- replicas: [1]
  http:
  - {path: /ready, status: 503, from: 20s, until: 30s}
- replicas: [0]
  onSigterm: {exitAfter: 20s, exitCode: 0}
  http:
  - {path: /ready, status: 503, from: 50s}
actions:
- {at: 40s, workload: web, replica: 0, delete: true}
";
    let text = deployment(2, probe, behaviour);
    if publish_not_ready {
        text.replace("  selector: {app: web}\n", "  selector: {app: web}\n  publishNotReadyAddresses: true\n")
    } else {
        text
    }
}

/// §11 "serving = pod Ready; terminating = DeletionTimestamp != nil; ready
/// = publishNotReadyAddresses || (serving && !terminating). So a not-ready
/// pod stays in the slice with ready=false, serving=false. A terminating pod
/// that still passes readiness has ready=false, serving=true,
/// terminating=true." Pods 0 and 1, then 2 (the replacement of 0).
#[test]
fn endpoint_conditions_follow_readiness_and_deletion() {
    let h = run(&two_replicas(false));
    assert_eq!(
        slices(&h),
        vec![
            (0, vec![], vec![0], vec![]),
            (0, vec![], vec![0, 1], vec![]),
            (s(1.5), vec![0], vec![1], vec![]),
            (s(1.5), vec![0, 1], vec![], vec![]),
            // Replica 1 fails readiness: out of `ready`, still in the slice.
            (s(21.5), vec![0], vec![1], vec![]),
            (s(31.5), vec![0, 1], vec![], vec![]),
            // Deleted: terminating, still serving; the replacement appears.
            (s(40.0), vec![1], vec![0], vec![0]),
            (s(40.0), vec![1], vec![0, 2], vec![0]),
            (s(41.5), vec![1, 2], vec![0], vec![0]),
            // Its readiness fails while it drains: no longer serving.
            (s(51.5), vec![1, 2], vec![0], vec![]),
            // Gone once its container has stopped (60 s, seen 60.5 s).
            (s(60.5), vec![1, 2], vec![], vec![]),
        ]
    );
}

/// §11 "ready = service.spec.publishNotReadyAddresses || …": the same
/// history with publishNotReadyAddresses lists every pod in the slice as
/// ready, unready and terminating ones too.
#[test]
fn publish_not_ready_addresses_makes_every_endpoint_ready() {
    let h = run(&two_replicas(true));
    assert_eq!(
        slices(&h),
        vec![
            (0, vec![0], vec![], vec![]),
            (0, vec![0, 1], vec![], vec![]),
            (s(40.0), vec![0, 1, 2], vec![], vec![]),
            (s(60.5), vec![1, 2], vec![], vec![]),
        ]
    );
}

/// §11 "a pod is included if … it is not Succeeded or Failed": a Job-like
/// Pod (restartPolicy Never) that exits 0 at 6 s leaves the slice when its
/// phase turns Succeeded (seen 6.5 s); one that fails leaves it as Failed.
#[test]
fn finished_pods_leave_the_slice() {
    for code in [0, 1] {
        let text = format!(
            "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: p}}\nspec:\n  selector: {{app: p}}\n  ports: [{{port: 80}}]\n",
            pod(
                "Never",
                "  - {name: app, image: app:1}\n",
                &format!("simulation: {{duration: 10s}}\napps:\n- crash: [{{after: 5s, exitCode: {code}}}]\n")
            )
        );
        let h = run(&text);
        assert_eq!(
            slices(&h),
            vec![(0, vec![], vec![0], vec![]), (s(1.5), vec![0], vec![], vec![]), (s(6.5), vec![], vec![], vec![])],
            "exit {code}"
        );
    }
}

/// §11 "kube-proxy sends traffic to ready endpoints, and may fall back to
/// serving && terminating when no endpoint is ready": the only replica is
/// deleted at 39.5 s and drains for 20 s; its replacement is Ready at
/// 40.5 s. The second starting at 40 s has no ready endpoint, yet every
/// request succeeds on the terminating pod.
#[test]
fn traffic_falls_back_to_serving_terminating_endpoints() {
    let probe = "        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n";
    let behaviour = "simulation: {duration: 42s}\napps:\n- onSigterm: {exitAfter: 20s, exitCode: 0}\nactions:\n- {at: 39.5s, workload: web, replica: 0, delete: true}\ntraffic:\n- {service: web, rps: 10, from: 38s}\n";
    let h = run(&deployment(1, probe, behaviour));
    let at_40 = endpoints(&h, 0).into_iter().rev().find(|e| e.t <= s(40.0)).unwrap();
    assert_eq!((at_40.ready.clone(), at_40.serving_terminating.clone()), (vec![], vec![0]));
    let seconds: Vec<(Millis, u32, u32)> = h
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Traffic(t) => Some((t.t, t.ok, t.failed)),
            _ => None,
        })
        .collect();
    assert_eq!(seconds, vec![(s(38.0), 10, 0), (s(39.0), 10, 0), (s(40.0), 10, 0), (s(41.0), 10, 0), (s(42.0), 10, 0)]);
}

/// The ReplicaSet names of a rollout: (old, new).
fn replica_sets(h: &History) -> (String, String) {
    let name = |p: &PodInfo| p.owner.trim_start_matches("ReplicaSet/").to_string();
    let old = name(&h.pods[0]);
    let new = h.pods.iter().map(name).find(|n| *n != old).expect("a new ReplicaSet");
    (old, new)
}

fn scaling(h: &History) -> Vec<(Millis, String)> {
    events(h, "ScalingReplicaSet").into_iter().filter(|e| e.0 > 0).collect()
}

fn rollout(replicas: u32, strategy: &str, probe: &str, behaviour: &str) -> String {
    deployment(
        replicas,
        probe,
        &format!("{behaviour}actions:\n- {{at: 60s, workload: web, rollout: {{image: example/web:2.0}}}}\n"),
    )
    .replace("  replicas: ", &format!("{strategy}  replicas: "))
}

/// §12 "Available = pod Ready and the Ready condition's
/// lastTransitionTime + minReadySeconds <= now", and the fenceposts:
/// 4 replicas, maxSurge and maxUnavailable 25% → 1 and 1. At 60 s: one new
/// pod (5 in all), one old one down (3 available left), a second new one.
/// They are Ready at 61.5 s and available 10 s later, at 71.5 s: two old
/// ones down, two new ones up; those are Ready at 72.5 s, available at
/// 82.5 s: the last old one down.
#[test]
fn min_ready_seconds_paces_a_rolling_update() {
    let probe = "        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n";
    let h = run(&rollout(4, "  minReadySeconds: 10\n", probe, "simulation: {duration: 100s}\n"));
    let (old, new) = replica_sets(&h);
    assert_eq!(
        scaling(&h),
        vec![
            (s(60.0), format!("Scaled up replica set {new} to 1")),
            (s(60.0), format!("Scaled down replica set {old} to 3 from 4")),
            (s(60.0), format!("Scaled up replica set {new} to 2")),
            (s(71.5), format!("Scaled down replica set {old} to 1 from 3")),
            (s(71.5), format!("Scaled up replica set {new} to 4")),
            (s(82.5), format!("Scaled down replica set {old} to 0 from 1")),
        ]
    );
}

/// §12 "If a pod goes not-ready, the clock restarts": 1 replica, maxSurge
/// 1, maxUnavailable 0, minReadySeconds 10, readiness every second. The new
/// pod is Ready at 61.5 s, fails readiness between 3 s and 5 s of uptime
/// (64.5, 65.5 s) and is Ready again at 66.5 s: available at 76.5 s, not
/// 71.5 s, and only then is the old pod scaled down.
#[test]
fn min_ready_seconds_restarts_when_a_pod_goes_unready() {
    let probe = "        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          periodSeconds: 1\n          failureThreshold: 1\n";
    let behaviour = "simulation: {duration: 90s}\napps:\n- image: example/web:2.0\n  http:\n  - {path: /ready, status: 503, after: 3s, before: 5s}\n";
    let h = run(&rollout(
        1,
        "  minReadySeconds: 10\n  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n",
        probe,
        behaviour,
    ));
    assert_eq!(ready_changes(&h, 1), vec![(s(60.0), false), (s(61.5), true), (s(64.5), false), (s(66.5), true)]);
    let (old, new) = replica_sets(&h);
    assert_eq!(
        scaling(&h),
        vec![
            (s(60.0), format!("Scaled up replica set {new} to 1")),
            (s(76.5), format!("Scaled down replica set {old} to 0 from 1"))
        ]
    );
}

/// §12 fenceposts: "surge is the percentage of replicas rounded up;
/// maxUnavailable is rounded down". 3 replicas, maxSurge 34% → 2 (1.02 up),
/// maxUnavailable 66% → 1 (1.98 down): two new pods at once, one old one
/// down, a third new one; nothing else until a new pod is available.
#[test]
fn surge_rounds_up_and_unavailable_rounds_down() {
    let h = run(&rollout(
        3,
        "  strategy:\n    rollingUpdate: {maxSurge: 34%, maxUnavailable: 66%}\n",
        "",
        "simulation: {duration: 61s}\n",
    ));
    let (old, new) = replica_sets(&h);
    assert_eq!(
        scaling(&h),
        vec![
            (s(60.0), format!("Scaled up replica set {new} to 2")),
            (s(60.0), format!("Scaled down replica set {old} to 2 from 3")),
            (s(60.0), format!("Scaled up replica set {new} to 3")),
        ]
    );
}

/// §12 "if both come out 0, maxUnavailable = 1": 3 replicas, maxSurge 0,
/// maxUnavailable 10% (0.3 → 0): one old pod goes first, then one new pod.
#[test]
fn when_both_fenceposts_are_zero_one_pod_may_be_unavailable() {
    let h = run(&rollout(
        3,
        "  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 10%}\n",
        "",
        "simulation: {duration: 61s}\n",
    ));
    let (old, new) = replica_sets(&h);
    assert_eq!(
        scaling(&h),
        vec![
            (s(60.0), format!("Scaled down replica set {old} to 2 from 3")),
            (s(60.0), format!("Scaled up replica set {new} to 1"))
        ]
    );
}
