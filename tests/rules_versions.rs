//! The kubelet's rules that changed between Kubernetes versions
//! (k8s-versions.md §1, §2): each one on both sides of its version boundary,
//! with exact times.
//!
//! The shared timeline (see tests/kubelet_rules.rs): the pod's first sync at
//! t=0 starts its probe workers' tickers; the container starts at 1 s and the
//! kubelet sees it at the PLEG relist at 1.5 s; relists fall on every x.5 s.
//! Before 1.21 every new probe worker first sleeps a random part of its
//! period: with seed 1 the first worker created (startup, then readiness,
//! then liveness) draws 0.063 of it, the second 0.317. The jittered retries
//! of a sync refused by the back-off come from the same seed.
//!
//! Every version-dependent rule lives in `src/cluster` (api_server.rs,
//! kubelet.rs, kubectl.rs, gates.rs), and each has its boundary tested:
//!
//! | rule (`Cluster::...`) | boundary | test |
//! |---|---|---|
//! | `exec_probe_timeout` | 1.19/1.20; gate off 1.20-1.34 | `exec_probe_timeouts_are_enforced_from_1_20`, `with_exec_probe_timeout_off_...`, tests/cli.rs `compare_shows_what_an_upgrade_changes` |
//! | `first_probe_jitter`, `readiness_trigger` | 1.20/1.21 | `readiness_follows_startup_at_once_from_1_21` |
//! | `trigger_resets_ticker` | 1.30/1.31 | `a_triggered_readiness_probe_resets_the_ticker_from_1_31` |
//! | `liveness_stops_on_deletion` | 1.20/1.21 | `liveness_stops_while_terminating_from_1_21` |
//! | `readiness_stops_on_deletion` | 1.21/1.22, 1.24/1.25 | `readiness_during_termination_stopped_in_1_22_to_1_24` |
//! | `endpoints_keep_terminating` | 1.21/1.22 | `terminating_pods_stay_in_the_slice_from_1_22` |
//! | `proxy_uses_terminating_endpoints` | 1.25/1.26 | `traffic_falls_back_to_serving_terminating_endpoints_from_1_26` |
//! | `restart_at_backoff_expiry` | 1.34/1.35 | `back_off_restarts_at_expiry_from_1_35` |
//! | `backoff` (reduced curve, node maximum) | gate on/off; 1.34/1.35 | `the_reduced_back_off_curve_with_its_gate`, `the_nodes_maximum_back_off_from_1_35`; tests/cluster.rs (1.31/1.32) |
//! | `terminal_phase_on_deletion` | 1.26/1.27 | `a_deleted_pod_ends_in_a_terminal_phase_from_1_27` |
//! | `sandbox_condition` | 1.28/1.29, PodHasNetwork gate | `the_sandbox_condition_by_version` |
//! | `sidecars` | 1.28/1.29 | `sidecars_need_their_gate_on_1_28`, `a_sidecar_on_1_28_holds_the_pod_in_init` |
//! | `sidecars_stop_after_main` | 1.28/1.29 | tests/rules_termination.rs `sidecars_stop_after_the_main_containers_...` |
//! | `probe_user_agent`, `probe_sends_accept` | 1.19/1.20 | src/view/request.rs `the_kubelet_headers_follow_its_version` |
//! | `reports_observed_generation` | 1.33/1.34 | `observed_generation_is_reported_from_1_34` |
//! | `events()`: Created, Started, Pulled, BackOff | 1.25/1.26, 1.32/1.33, 1.34/1.35 | `event_texts_by_version` |
//! | `events().hook_failed` | 1.25/1.26 | `the_post_start_hook_failure_text_from_1_26`; tests/rules_hooks.rs (preStop) |
//! | `drops`: startupProbe, probe grace, gRPC, sidecar, restart rules, RestartAllContainers, sleep, sleep 0 | each gate's first default-on minor | the `..._from_1_NN` tests here; tests/rules_hooks.rs (sleep 1.29/1.30, 0 on 1.32/1.33); src/cluster/api_server.rs |
//! | `kubectl().restarts_with_age` | 1.21/1.22 | src/view/get_pods.rs `restarts_without_their_age_before_kubectl_1_22` |
//! | `kubectl().terminating_hides_terminal_phase` | 1.30/1.31 | src/view/get_pods.rs `a_terminal_pod_being_deleted` |
//! | `kubectl().describe_shows_field_path` | 1.34/1.35 | src/view/describe/tests.rs |
//! | gate lifetimes (settable, locked, removed) | per gate | tests/cluster.rs |

mod common;
use common::*;
use probe_playground::history::*;
use probe_playground::spec::ProbeKind::{Liveness, Readiness, Startup};

/// `kubernetes: "1.N"` and any other `simulation` fields, as a behaviour's first line.
fn on(minor: u8, simulation: &str) -> String {
    format!("simulation: {{kubernetes: \"1.{minor}\", {simulation}}}\n")
}

/// A bare pod `p` with one container `app` on port 8080 and these probes
/// (indented for the container), on Kubernetes 1.`minor`.
fn pod_on(minor: u8, probes: &str, simulation: &str, behaviour: &str) -> History {
    let containers = format!("  - name: app\n    image: web:1\n    ports: [{{containerPort: 8080}}]\n{probes}");
    run(&pod("Always", &containers, &format!("{}{behaviour}", on(minor, simulation))))
}

const EXEC_SLEEP_5: &str = "    livenessProbe:\n      exec: {command: [sh, -c, sleep 5]}\n";

/// §A ExecProbeTimeout: from 1.20 an exec probe that outlives
/// `timeoutSeconds` (1 s) fails with `command "..." timed out` one second
/// after it started, and three failures kill the container. In 1.19 the
/// timeout is not enforced: the probe waits the command's 5 s and passes,
/// nothing restarts. (Both jitter the first tick by 0.63 s.)
#[test]
fn exec_probe_timeouts_are_enforced_from_1_20() {
    let h = pod_on(20, EXEC_SLEEP_5, "duration: 40s", "");
    let timed_out = "Liveness probe failed: command \"sh -c sleep 5\" timed out".to_string();
    assert_eq!(
        events(&h, "Unhealthy"),
        vec![(s(11.63), timed_out.clone()), (s(21.63), timed_out.clone()), (s(31.63), timed_out)]
    );
    assert_eq!(event_times(&h, "Killing"), vec![s(31.63)]);

    let h = pod_on(19, EXEC_SLEEP_5, "duration: 40s", "");
    let runs: Vec<(Millis, Millis, ProbeResult)> =
        probe_records(&h, Liveness).iter().map(|p| (p.start, p.t, p.result)).collect();
    assert_eq!(
        runs,
        vec![
            (s(10.63), s(15.63), ProbeResult::Success),
            (s(20.63), s(25.63), ProbeResult::Success),
            (s(30.63), s(35.63), ProbeResult::Success)
        ]
    );
    assert!(events(&h, "Unhealthy").is_empty() && events(&h, "Killing").is_empty());
}

/// §A, gate off (1.20-1.34): the timeout is a probe error, its result
/// thrown away: an `Unhealthy` event per probe, never a kill.
#[test]
fn with_exec_probe_timeout_off_a_timeout_is_a_discarded_error() {
    let h = pod_on(34, EXEC_SLEEP_5, "duration: 40s, featureGates: {ExecProbeTimeout: false}", "");
    let errored = "Liveness probe errored and resulted in unknown state: command \"sh -c sleep 5\" timed out";
    assert_eq!(events(&h, "Unhealthy"), [11.0, 21.0, 31.0].map(|t| (s(t), errored.to_string())).to_vec());
    assert!(events(&h, "Killing").is_empty());
    let h = pod_on(34, EXEC_SLEEP_5, "duration: 40s", "");
    assert_eq!(event_times(&h, "Killing"), vec![s(31.0)]);
}

const SLOW_START: &str = "    startupProbe:\n      httpGet: {path: /health, port: 8080}\n      periodSeconds: 5\n      failureThreshold: 10\n    readinessProbe:\n      httpGet: {path: /health, port: 8080}\n      periodSeconds: 60\n";

/// §B first-probe delay and readiness after startup: the app answers 12 s
/// after its start (13 s). From 1.21 the startup probe passes on its tick
/// at 15 s and the pod sync's readiness trigger probes at once: Ready at 15 s.
/// In 1.20 each worker first sleeps a random part of its period (startup
/// 0.32 s of 5 s, readiness 19.03 s of 60 s) and there is no trigger:
/// startup passes at 15.32 s, but Ready waits for readiness's own tick at
/// 19.03 s (its next is a period later, 79.03 s).
#[test]
fn readiness_follows_startup_at_once_from_1_21() {
    let behaviour = "apps:\n- startup: 12s\n";
    let h = pod_on(21, SLOW_START, "duration: 90s", behaviour);
    assert_eq!(probe_times(&h, Startup), vec![s(5.0), s(10.0), s(15.0)]);
    assert_eq!(probe_times(&h, Readiness), vec![s(15.0), s(60.0)]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(15.0), true)]);

    let h = pod_on(20, SLOW_START, "duration: 90s", behaviour);
    assert_eq!(probe_times(&h, Startup), vec![s(5.315), s(10.315), s(15.315)]);
    assert_eq!(probe_times(&h, Readiness), vec![s(19.027), s(79.027)]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(19.027), true)]);
}

/// §B (#119089): from 1.31 a triggered readiness probe restarts the ticker,
/// so after the probe at 15 s the next comes a period later, at 75 s; in
/// 1.30 the ticker keeps the phase it had since the worker started (60 s).
#[test]
fn a_triggered_readiness_probe_resets_the_ticker_from_1_31() {
    let behaviour = "apps:\n- startup: 12s\n";
    let h = pod_on(31, SLOW_START, "duration: 130s", behaviour);
    assert_eq!(probe_times(&h, Readiness), vec![s(15.0), s(75.0)]);
    let h = pod_on(30, SLOW_START, "duration: 130s", behaviour);
    assert_eq!(probe_times(&h, Readiness), vec![s(15.0), s(60.0), s(120.0)]);
}

/// A pod whose app fails liveness (500) and readiness (503) once it has
/// SIGTERM and exits 20 s after it; liveness every 5 s with 10 failures,
/// readiness every 5 s with 1; deleted at 30 s, so it exits at 50 s (seen
/// at 50.5 s).
fn draining(minor: u8) -> History {
    let probes = "    livenessProbe:\n      httpGet: {path: /health, port: 8080}\n      periodSeconds: 5\n      failureThreshold: 10\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n      periodSeconds: 5\n      failureThreshold: 1\n";
    let behaviour = "apps:\n- onSigterm: {exitAfter: 20s, exitCode: 0}\n  http:\n  - {path: /ready, afterSigterm: true, status: 503}\n  - {path: /health, afterSigterm: true, status: 500}\nactions:\n- {at: 30s, pod: p, delete: true}\n";
    pod_on(minor, probes, "duration: 60s", behaviour)
}

/// §B (#98571): from 1.21 liveness stops once the pod is being deleted, so
/// no liveness probe runs in its 20 s of draining; in 1.20 it keeps
/// probing, and its failures show (on the jittered phase, x.585 s).
#[test]
fn liveness_stops_while_terminating_from_1_21() {
    let h = draining(21);
    assert!(probe_times(&h, Liveness).iter().all(|&t| t < s(30.0)));
    assert!(events(&h, "Unhealthy").iter().all(|(_, m)| m.starts_with("Readiness")));
    let h = draining(20);
    let failures: Vec<Millis> =
        probes(&h, Liveness).into_iter().filter(|p| p.1 == ProbeResult::Failure).map(|p| p.0).collect();
    assert_eq!(failures, vec![s(31.585), s(36.585), s(41.585), s(46.585)]);
}

/// §B (#102537, #110191): readiness keeps probing while the pod terminates,
/// so the pod turns unready at 30 s (the tick at the deletion fails); in
/// 1.22-1.24 the readiness worker stopped too and the pod stayed Ready until
/// its container was seen gone (50.5 s); 1.25 probes again.
#[test]
fn readiness_during_termination_stopped_in_1_22_to_1_24() {
    assert_eq!(ready_changes(&draining(21), 0), vec![(0, false), (s(1.5), true), (s(30.0), false)]);
    for minor in [22, 24] {
        assert_eq!(ready_changes(&draining(minor), 0), vec![(0, false), (s(1.5), true), (s(50.5), false)], "1.{minor}");
        assert!(probe_times(&draining(minor), Readiness).iter().all(|&t| t < s(30.0)));
    }
    assert_eq!(ready_changes(&draining(25), 0), vec![(0, false), (s(1.5), true), (s(30.0), false)]);
}

/// §F EndpointSliceTerminatingCondition (beta from 1.22): the deleted pod
/// stays in the slice, not ready but serving while it is Ready; in 1.21 it
/// leaves the slice at the deletion. (In 1.22-1.24 readiness stops at the
/// deletion, so it serves until it is gone; from 1.25 until its readiness
/// fails, on the tick at 35 s, /ready answering 503 from 32 s.)
#[test]
fn terminating_pods_stay_in_the_slice_from_1_22() {
    let slices = |h: &History| -> Vec<(Millis, usize, usize, usize)> {
        endpoints(h, 0).iter().map(|e| (e.t, e.ready.len(), e.not_ready.len(), e.serving_terminating.len())).collect()
    };
    let with_service = |minor: u8| {
        let text = format!(
            "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: p}}\nspec:\n  selector: {{app: p}}\n  ports: [{{port: 80, targetPort: 8080}}]\n",
            draining_text(minor)
        );
        run(&text)
    };
    assert_eq!(slices(&with_service(22)), vec![(0, 0, 1, 0), (s(1.5), 1, 0, 0), (s(30.0), 0, 1, 1)]);
    assert_eq!(
        slices(&with_service(25)),
        vec![(0, 0, 1, 0), (s(1.5), 1, 0, 0), (s(30.0), 0, 1, 1), (s(35.0), 0, 1, 0)]
    );
    assert_eq!(slices(&with_service(21)), vec![(0, 0, 1, 0), (s(1.5), 1, 0, 0), (s(30.0), 0, 0, 0)]);
}

fn draining_text(minor: u8) -> String {
    let containers = "  - name: app\n    image: web:1\n    ports: [{containerPort: 8080}]\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n      periodSeconds: 5\n      failureThreshold: 1\n";
    let behaviour = format!(
        "{}apps:\n- onSigterm: {{exitAfter: 20s, exitCode: 0}}\n  http:\n  - {{path: /ready, afterSigterm: true, status: 503, from: 32s}}\nactions:\n- {{at: 30s, pod: p, delete: true}}\ntraffic:\n- {{service: p, rps: 10}}\n",
        on(minor, "duration: 40s")
    );
    pod("Always", containers, &behaviour)
}

/// §F ProxyTerminatingEndpoints (beta from 1.26): with no ready endpoint,
/// kube-proxy sends traffic to the serving, terminating one, so clients of
/// the deleted pod are served until kube-proxy has its readiness failure
/// (the tick at 35 s, programmed 2 s later); in 1.25 every request fails
/// from the moment kube-proxy has the deletion (32 s). (Kube-proxy has the
/// pod's first readiness, at 1.5 s, at 3.5 s.)
#[test]
fn traffic_falls_back_to_serving_terminating_endpoints_from_1_26() {
    let with_service = |minor: u8| {
        run(&format!(
            "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: p}}\nspec:\n  selector: {{app: p}}\n  ports: [{{port: 80, targetPort: 8080}}]\n",
            draining_text(minor)
        ))
    };
    let failing = |h: &History| -> Vec<Millis> {
        h.records
            .iter()
            .filter_map(|r| match r {
                Record::Traffic(t) if t.failed > 0 && t.t >= s(4.0) => Some(t.t),
                _ => None,
            })
            .collect()
    };
    assert_eq!(failing(&with_service(26)), [37.0, 38.0, 39.0, 40.0].map(s).to_vec());
    assert_eq!(failing(&with_service(25)), (32..=40).map(|t| s(t as f64)).collect::<Vec<_>>());
}

/// A container that exits with 1 five seconds after every start.
const CRASHING: &str = "apps:\n- crash:\n  - {after: 5s, exitCode: 1}\n";

/// Each sync refused by the back-off, with the back-off's expiry and the
/// start that followed: `(refused at, expires at, started at)`, the start
/// being the decision (the `Started` event comes a second later).
fn refusals(h: &History) -> Vec<(Millis, Millis, Millis)> {
    let starts = event_times(h, "Started");
    events_detail(h, "BackOff")
        .into_iter()
        .map(|e| {
            let expiry = container_at(h, 0, 0, e.t).backoff_until.expect("in back-off");
            let start = starts.iter().copied().find(|&t| t > e.t).map_or(Millis::MAX, |t| t - 1_000);
            (e.t, expiry, start)
        })
        .collect()
}

/// §C restart at back-off expiry (#133066): the container crashes at 6 s
/// (restarted at once, as the first restart always is) and at 12.5 s
/// (back-off 10 s, expiring at 22.5 s), then 20 s, 40 s ... From 1.35 the
/// refused sync is retried when the back-off expires, jittered by at most
/// half the remaining wait: one `BackOff` per crash, and the restart between
/// the expiry and half the wait after it. In 1.34 the retry comes a
/// jittered 10-15 s after each refused sync whatever the back-off, so a
/// 20 s back-off is refused twice and the restart lands 0-15 s after expiry.
#[test]
fn back_off_restarts_at_expiry_from_1_35() {
    let h = pod_on(35, "", "duration: 110s", CRASHING);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(7.5), s(26.376), s(61.012)]);
    for (refused, expiry, start) in refusals(&h).into_iter().filter(|r| r.2 != Millis::MAX) {
        assert!((expiry..=expiry + (expiry - refused) / 2).contains(&start), "{refused} {expiry} {start}");
    }
    assert_eq!(event_times(&h, "BackOff"), vec![s(12.5), s(31.5), s(66.5)]);

    let h = pod_on(34, "", "duration: 110s", CRASHING);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(7.5), s(26.376), s(57.883)]);
    assert_eq!(
        event_times(&h, "BackOff"),
        vec![s(12.5), s(31.5), s(45.845), s(63.5), s(74.046), s(86.090), s(100.040)]
    );
    // Refusals with no start between them are the pod worker's retries.
    let starts = event_times(&h, "Started");
    let retries: Vec<Millis> = event_times(&h, "BackOff")
        .windows(2)
        .filter(|w| !starts.iter().any(|&t| w[0] < t && t < w[1]))
        .map(|w| w[1] - w[0])
        .collect();
    assert_eq!(retries.len(), 4);
    assert!(retries.iter().all(|g| (s(10.0)..=s(15.0)).contains(g)), "{retries:?}");
}

/// §C ReduceDefaultCrashLoopBackOffDecay (alpha from 1.33): delays of 1, 2,
/// 4 s ... capped at 60 s instead of 10, 20, 40 s ...; the waiting message
/// names the current delay. Off (its default), the 10 s curve.
#[test]
fn the_reduced_back_off_curve_with_its_gate() {
    let h = pod_on(35, "", "duration: 60s, featureGates: {ReduceDefaultCrashLoopBackOffDecay: true}", CRASHING);
    let delays: Vec<Millis> =
        refusals(&h).iter().map(|(_, expiry, _)| expiry).zip(exits(&h)).map(|(e, x)| e - x).collect();
    assert_eq!(delays, [1.0, 2.0, 4.0, 8.0, 16.0].map(s).to_vec());
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(7.5), s(14.787), s(23.346), s(33.478), s(48.791)]);
    let backoff = container_at(&h, 0, 0, s(45.0));
    assert_eq!(backoff.state, crash_loop_back_off(&h, 0, "app", "8s"));
    let h = pod_on(35, "", "duration: 60s", CRASHING);
    let delays: Vec<Millis> =
        refusals(&h).iter().map(|(_, expiry, _)| expiry).zip(exits(&h)).map(|(e, x)| e - x).collect();
    assert_eq!(delays, [10.0, 20.0].map(s).to_vec());
}

/// §C KubeletCrashLoopBackOffMax (beta from 1.35): the node's
/// `maxContainerRestartPeriod: 4s` caps every delay and, being below the
/// 10 s initial delay, is the initial delay too: 0, 4, 4, 4 s. In 1.34 the
/// gate is alpha and off, so the setting is ignored (with a warning).
#[test]
fn the_nodes_maximum_back_off_from_1_35() {
    let h = pod_on(35, "", "duration: 40s, kubelet: {maxContainerRestartPeriod: 4s}", CRASHING);
    let delays: Vec<Millis> =
        refusals(&h).iter().map(|(_, expiry, _)| expiry).zip(exits(&h)).map(|(e, x)| e - x).collect();
    assert_eq!(delays, [4.0, 4.0, 4.0].map(s).to_vec());
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(7.5), s(18.65), s(30.018)]);
    let h = pod_on(34, "", "duration: 40s, kubelet: {maxContainerRestartPeriod: 4s}", CRASHING);
    let delays: Vec<Millis> =
        refusals(&h).iter().map(|(_, expiry, _)| expiry).zip(exits(&h)).map(|(e, x)| e - x).collect();
    assert_eq!(delays[0], s(10.0));
}

/// The times the container was seen exited after its first restart (the
/// exits the back-off holds up), in order.
fn exits(h: &History) -> Vec<Millis> {
    let mut out: Vec<Millis> = Vec::new();
    for c in container_records(h, 0, 0) {
        if let Some(t) = c.last_state.as_ref().map(|t| t.finished_at).filter(|_| c.restart_count >= 1)
            && matches!(c.state, ContainerState::Waiting { .. })
            && out.last() != Some(&t)
        {
            out.push(t);
        }
    }
    out
}

/// §G the kubelet's container event texts: `Created container app` to 1.32,
/// `Created container: app` in 1.33-1.34, `Container created` and
/// `Container started` from 1.35; `Pulled` adds "and can be accessed by the
/// pod" with KubeletEnsureSecretPulledImages (on from 1.35); `BackOff`
/// names the container and pod from 1.26.
#[test]
fn event_texts_by_version() {
    let texts = |minor: u8| {
        let h = pod_on(minor, "", "duration: 20s", CRASHING);
        let first = |reason: &str| events(&h, reason).first().map(|e| e.1.clone()).unwrap_or_default();
        [first("Pulled"), first("Created"), first("Started"), first("BackOff")]
    };
    let uid = |minor: u8| pod_on(minor, "", "duration: 1s", "").pod(0).uid.clone();
    assert_eq!(
        texts(25),
        [
            "Container image \"web:1\" already present on machine".to_string(),
            "Created container app".into(),
            "Started container app".into(),
            "Back-off restarting failed container".into(),
        ]
    );
    assert_eq!(texts(26)[3], format!("Back-off restarting failed container app in pod p_default({})", uid(26)));
    assert_eq!(texts(32)[1..3], ["Created container app".to_string(), "Started container app".into()]);
    assert_eq!(texts(33)[1..3], ["Created container: app".to_string(), "Started container app".into()]);
    assert_eq!(
        texts(34)[0..3],
        [
            "Container image \"web:1\" already present on machine".to_string(),
            "Created container: app".into(),
            "Started container app".into()
        ]
    );
    assert_eq!(
        texts(35)[0..3],
        [
            "Container image \"web:1\" already present on machine and can be accessed by the pod".to_string(),
            "Container created".into(),
            "Container started".into()
        ]
    );
}

/// §D (#115331): from 1.27 the kubelet writes a deleted pod's terminal phase
/// before it is removed: Succeeded here, the app exiting 0 on SIGTERM. In
/// 1.26 its last phase is Running.
#[test]
fn a_deleted_pod_ends_in_a_terminal_phase_from_1_27() {
    assert_eq!(
        phase_changes(&draining(27), 0),
        vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running), (s(50.5), PodPhase::Succeeded)]
    );
    assert_eq!(phase_changes(&draining(26), 0), vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running)]);
    assert!(pod_records(&draining(26), 0).last().unwrap().removed);
}

/// §H: the sandbox condition, `PodReadyToStartContainers`, is reported from
/// 1.29 (beta; alpha off in 1.28), and as `PodHasNetwork` where that alpha
/// gate is set (1.25-1.27).
#[test]
fn the_sandbox_condition_by_version() {
    let kinds = |minor: u8, gates: &str| -> Vec<String> {
        let h = pod_on(minor, "", &format!("duration: 5s{gates}"), "");
        pod_records(&h, 0).last().unwrap().conditions.iter().map(|c| c.kind.clone()).collect()
    };
    assert_eq!(kinds(29, ""), ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
    assert_eq!(kinds(28, ""), ["Initialized", "Ready", "ContainersReady", "PodScheduled"]);
    assert_eq!(kinds(28, ", featureGates: {PodReadyToStartContainersCondition: true}")[0], "PodReadyToStartContainers");
    assert_eq!(kinds(25, ", featureGates: {PodHasNetworkCondition: true}")[0], "PodHasNetwork");
}

/// The warnings of a scenario: (line, column, message with its path).
fn warnings(text: &str) -> Vec<(u32, u32, String)> {
    let s = probe_playground::scenario::load(text);
    s.diagnostics
        .iter()
        .filter(|d| d.severity == probe_playground::diagnostic::Severity::Warning)
        .map(|d| (d.span.line, d.span.col, d.text()))
        .collect()
}

const GRACE_5: &str =
    "    livenessProbe:\n      httpGet: {path: /health, port: 8080}\n      terminationGracePeriodSeconds: 5\n";

/// §D API server: a probe's `terminationGracePeriodSeconds` is kept from
/// 1.25 (ProbeTerminationGracePeriod on), so a liveness kill of an app that
/// ignores SIGTERM gives 5 s before SIGKILL (30 s to 35 s); in 1.24 the gate
/// is off, the API server drops the field (a warning at it) and the kill
/// gives the pod's 30 s.
#[test]
fn a_probes_grace_period_is_kept_from_1_25() {
    let behaviour = "apps:\n- onSigterm: ignore\n  http:\n  - {path: /health, status: 500}\n";
    let text = |minor| {
        let containers = format!("  - name: app\n    image: web:1\n    ports: [{{containerPort: 8080}}]\n{GRACE_5}");
        pod("Always", &containers, &format!("{}{behaviour}", on(minor, "duration: 70s")))
    };
    let stops = |h: &History| -> Vec<(Millis, Millis)> {
        let mut out: Vec<(Millis, Millis)> = Vec::new();
        for c in container_records(h, 0, 0) {
            if let Some(s) = c.stopping.filter(|s| out.last() != Some(&(s.since, s.kill_at))) {
                out.push((s.since, s.kill_at));
            }
        }
        out
    };
    assert!(warnings(&text(25)).is_empty());
    assert_eq!(stops(&run(&text(25)))[0], (s(30.0), s(35.0)));
    assert_eq!(
        warnings(&text(24)),
        vec![(
            14,
            7,
            "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Kubernetes 1.24 drops this field when the pod is created (ProbeTerminationGracePeriod is off); simulated without it: a kill for this probe gives the pod's terminationGracePeriodSeconds".to_string()
        )]
    );
    assert_eq!(stops(&run(&text(24)))[0], (s(30.0), s(60.0)));
}

/// §B API server: on 1.19 with StartupProbe off the API server drops
/// `startupProbe`, so the slow starter of lesson 6 is probed by liveness
/// from its start and killed; with the gate at its default (beta, on) the
/// startup probe holds liveness back.
#[test]
fn startup_probes_need_their_gate_on_1_19() {
    let probes = "    startupProbe:\n      httpGet: {path: /health, port: 8080}\n      failureThreshold: 30\n    livenessProbe:\n      httpGet: {path: /health, port: 8080}\n";
    let text = |gates: &str| {
        let containers = format!("  - name: app\n    image: web:1\n    ports: [{{containerPort: 8080}}]\n{probes}");
        pod("Always", &containers, &format!("{}apps:\n- startup: 90s\n", on(19, &format!("duration: 60s{gates}"))))
    };
    let dropped = text(", featureGates: {StartupProbe: false}");
    assert_eq!(
        warnings(&dropped),
        vec![(
            12,
            5,
            "spec.containers[0].startupProbe: Kubernetes 1.19 drops this field when the pod is created (StartupProbe is off); simulated without it: liveness and readiness probe the container from its start".to_string()
        )]
    );
    assert_eq!(event_times(&run(&dropped), "Killing").len(), 1);
    assert!(event_times(&run(&text("")), "Killing").is_empty());
}

/// §A API server: gRPC probes are kept from 1.24 (GRPCContainerProbe beta);
/// in 1.23 the handler is dropped, the probe with it; before 1.23 the
/// field is unknown, so kubectl rejects the manifest.
#[test]
fn grpc_probes_are_kept_from_1_24() {
    let probes = "    readinessProbe:\n      grpc: {port: 8080}\n";
    let text = |minor| {
        let containers = format!("  - name: app\n    image: web:1\n    ports: [{{containerPort: 8080}}]\n{probes}");
        pod("Always", &containers, &on(minor, "duration: 20s"))
    };
    assert!(warnings(&text(24)).is_empty());
    assert_eq!(probe_times(&run(&text(24)), Readiness), vec![s(1.5), s(10.0), s(20.0)]);
    assert_eq!(
        warnings(&text(23))[0].2,
        "spec.containers[0].readinessProbe.grpc: Kubernetes 1.23 drops this field when the pod is created (GRPCContainerProbe is off); simulated without it: the probe has no handler left and is not run"
    );
    assert!(probe_times(&run(&text(23)), Readiness).is_empty());
    assert!(
        warnings(&text(22))[0]
            .2
            .contains("Kubernetes 1.22 does not know this field (it came in 1.23): kubectl rejects the manifest")
    );
}

/// §C ContainerRestartRules (beta from 1.35): a regular container's own
/// `restartPolicy` and `restartPolicyRules` decide whether it restarts in a
/// `restartPolicy: Never` pod. The app exits 42 five seconds after each
/// start; the rule restarts it on 42 (at once, then after the back-off:
/// started at 1, 7.5 s ...). In 1.34 the gate is off: the API server drops
/// both fields (warnings at them) and the pod's Never applies: the pod ends
/// Failed.
#[test]
fn container_restart_rules_from_1_35() {
    let containers = "  - name: app\n    image: batch:1\n    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n      exitCodes: {operator: In, values: [42]}\n";
    let text = |minor: u8| {
        pod(
            "Never",
            containers,
            &format!("{}apps:\n- crash:\n  - {{after: 5s, exitCode: 42}}\n", on(minor, "duration: 20s")),
        )
    };
    let h = run(&text(35));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(7.5)]);
    assert!(warnings(&text(35)).is_empty());
    let h = run(&text(34));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0)]);
    assert_eq!(phase_changes(&h, 0).last().map(|p| p.1), Some(PodPhase::Failed));
    let dropped: Vec<u32> = warnings(&text(34)).into_iter().map(|w| w.0).collect();
    assert_eq!(dropped, vec![11, 12], "restartPolicy and restartPolicyRules");
    // A code no rule names: the container's Never.
    let other = text(35).replace("values: [42]", "values: [3]");
    assert_eq!(event_times(&run(&other), "Started"), vec![s(1.0)]);
}

/// §E SidecarContainers (beta from 1.29): on 1.28, with the gate at its
/// default (off), the API server drops an init container's `restartPolicy:
/// Always` (a warning at it), so it is no sidecar any more.
#[test]
fn sidecars_need_their_gate_on_1_28() {
    let text = |minor: u8| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  initContainers:\n  - {{name: proxy, image: envoy:1, restartPolicy: Always}}\n  containers:\n  - {{name: app, image: web:1}}\n---\nkind: Behaviour\n{}",
            on(minor, "duration: 5s")
        )
    };
    assert!(warnings(&text(29)).is_empty());
    assert_eq!(run(&text(29)).pod(0).template.spec.containers.len(), 2);
    let warned = warnings(&text(28));
    assert_eq!(warned.len(), 1);
    assert!(warned[0].2.starts_with("spec.initContainers[0].restartPolicy: Kubernetes 1.28 drops this field when the pod is created (SidecarContainers is off)"), "{warned:?}");
    assert!(run(&text(28)).pod(0).template.spec.containers.iter().all(|c| !c.is_sidecar()));
}

/// §E on 1.28 (SidecarContainers off): the proxy written as a sidecar is an
/// ordinary init container, and its server never exits, so the app never
/// starts: `Init:0/1` for ever. On 1.29 it is a sidecar and the app starts
/// once it has (2.5 s).
#[test]
fn a_sidecar_on_1_28_holds_the_pod_in_init() {
    let text = |minor: u8| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  initContainers:\n  - {{name: proxy, image: envoy:1, restartPolicy: Always}}\n  containers:\n  - {{name: app, image: web:1}}\n---\nkind: Behaviour\n{}",
            on(minor, "duration: 60s")
        )
    };
    let h = run(&text(28));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0)]);
    let table = probe_playground::view::get_pods(&h, s(60.0));
    assert!(table.contains("p      0/1     Init:0/1   0          60s"), "{table}");
    let h = run(&text(29));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(2.5)]);
}

/// §C RestartAllContainersOnContainerExits (beta from 1.36): on 1.35 the
/// gate is alpha and off, so the API server drops a rule's
/// `RestartAllContainers` action (a warning at the action says so); from 1.36
/// the cluster keeps it, and the simulator, which does not model that
/// action, leaves the rule out with a note instead. Either way the other
/// rule still restarts the app on 42.
#[test]
fn a_restart_all_containers_rule_is_kept_from_1_36() {
    let containers = "  - name: app\n    image: batch:1\n    restartPolicy: Never\n    restartPolicyRules:\n    - action: RestartAllContainers\n      exitCodes: {operator: In, values: [7]}\n    - action: Restart\n      exitCodes: {operator: In, values: [42]}\n";
    let text = |minor: u8| {
        pod(
            "Never",
            containers,
            &format!("{}apps:\n- crash:\n  - {{after: 5s, exitCode: 42}}\n", on(minor, "duration: 20s")),
        )
    };
    let notes = |text: &str| -> Vec<(u32, String)> {
        probe_playground::scenario::load(text)
            .diagnostics
            .iter()
            .filter(|d| d.severity == probe_playground::diagnostic::Severity::Note)
            .map(|d| (d.span.line, d.text()))
            .collect()
    };
    assert_eq!(
        warnings(&text(35)),
        vec![(
            13,
            7,
            "spec.containers[0].restartPolicyRules[0].action: Kubernetes 1.35 drops this field when the pod is created (RestartAllContainersOnContainerExits is off); simulated without it: the rule is not applied".to_string()
        )]
    );
    assert!(notes(&text(35)).iter().all(|n| n.0 != 13));
    assert!(warnings(&text(36)).is_empty());
    assert_eq!(
        notes(&text(36)),
        vec![(
            13,
            "spec.containers[0].restartPolicyRules[0].action: the RestartAllContainers action is not simulated: this rule is left out".to_string()
        )]
    );
    for minor in [35, 36] {
        assert_eq!(event_times(&run(&text(minor)), "Started"), vec![s(1.0), s(7.5)], "1.{minor}");
    }
}

/// §G hook-failure text (#119541): 1.25 is the last release whose
/// `FailedPostStartHook` names the handler, container, pod and error; 1.26
/// says only `PostStartHook failed`. The postStart `exit 1` fails at the
/// container's start (1 s); the first of its failures is the one shown.
#[test]
fn the_post_start_hook_failure_text_from_1_26() {
    let containers = "  - name: app\n    image: web:1\n    lifecycle:\n      postStart:\n        exec: {command: [sh, -c, exit 1]}\n";
    let failed = |minor: u8| {
        let h = run(&pod("Always", containers, &on(minor, "duration: 3s")));
        let uid = h.pod(0).uid.clone();
        (events(&h, "FailedPostStartHook").into_iter().take(1).collect::<Vec<_>>(), uid)
    };
    let (events26, _) = failed(26);
    assert_eq!(events26, vec![(s(1.0), "PostStartHook failed".to_string())]);
    let (events25, uid) = failed(25);
    assert_eq!(
        events25,
        vec![(
            s(1.0),
            format!(
                "Exec lifecycle hook ([sh -c exit 1]) for Container \"app\" in Pod \"p_default({uid})\" failed - error: command 'sh -c exit 1' exited with 1: , message: \"\""
            )
        )]
    );
}

/// §H PodObservedGenerationTracking (beta, on from 1.34): the pod's status
/// and each condition carry `observedGeneration` (1, the pod never being
/// edited) from 1.34; 1.33 has neither.
#[test]
fn observed_generation_is_reported_from_1_34() {
    let object = |minor: u8| -> serde_json::Value {
        let h = pod_on(minor, "", "duration: 5s", "");
        let text = probe_playground::view::get_pod_object(&h, "p", s(5.0), probe_playground::view::ObjectFormat::Json);
        serde_json::from_str(&text.unwrap()).unwrap()
    };
    let on34 = object(34);
    assert_eq!(on34["status"]["observedGeneration"], 1);
    assert_eq!(on34["status"]["conditions"][0]["observedGeneration"], 1);
    let on33 = object(33);
    assert_eq!(on33["status"].get("observedGeneration"), None);
    assert_eq!(on33["status"]["conditions"][0].get("observedGeneration"), None);
}
