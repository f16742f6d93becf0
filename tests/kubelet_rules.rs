//! One test per rule of the kubelet's probe and restart machinery
//! (kubelet-semantics.md), each with exact simulated times.
//!
//! Timeline shared by every test: the pod is created and first synced at
//! t=0, which starts its probe workers' tickers (ticks at 0, P, 2P, ...);
//! the container starts at 1 s (`CONTAINER_START_LATENCY`) and the kubelet
//! sees it at the PLEG relist at 1.5 s.
//!
//! More rules, by section, share this timeline and tests/common: probe
//! timing and counting (rules_probing.rs, §2-§3), handlers
//! (rules_handlers.rs, §1.3, §5), failures, events, back-off and termination
//! (rules_restarts.rs, §4, §6-§8), pod status and sidecars
//! (rules_status.rs, §9-§10), Services and Deployments (rules_services.rs,
//! §11-§12).

mod common;
use common::*;
use probe_playground::history::*;
use probe_playground::spec::ProbeKind::{Liveness, Readiness, Startup};

const LIVENESS_500: &str = "apps:\n- http:\n  - path: /health\n    status: 500\n";

/// §1.1 defaults and §3.1 thresholds: period 10 s, failureThreshold 3:
/// failures at 10, 20, 30 s; killed at the third consecutive failure, t=30s.
#[test]
fn defaults_kill_at_the_third_consecutive_failure() {
    let h = run(&deployment(1, &liveness(""), LIVENESS_500));
    assert_eq!(&probe_times(&h, Liveness)[..3], &[s(10.0), s(20.0), s(30.0)]);
    assert_eq!(
        events(&h, "Killing")[0],
        (s(30.0), "Container app failed liveness probe, will be restarted".to_string())
    );
    assert_eq!(events(&h, "Unhealthy")[0].1, "Liveness probe failed: HTTP probe failed with statuscode: 500");
    // SIGTERM's default action ends it at once: exit 143, and the first
    // restart is immediate (Started at 31 s, seen at the 31.5 s relist).
    assert_eq!(restarts(&h, 0, 0)[0], (s(31.5), 1));
    let after = container_records(&h, 0, 0).into_iter().find(|c| c.restart_count == 1).unwrap();
    assert_eq!(after.last_state.as_ref().map(|t| (t.exit_code, t.reason.as_str())), Some((143, "Error")));
}

/// §2.4: the first probe lands on the first tick at or after
/// initialDelaySeconds, counted in whole seconds from the container start:
/// with delay 10 and period 10 the tick at 10 s sees 9 s of uptime, so the
/// first probe is at 20 s, not 10 or 11.
#[test]
fn first_probe_is_on_a_tick_at_or_after_the_initial_delay() {
    let h = run(&deployment(1, &liveness("          initialDelaySeconds: 10\n"), ""));
    assert_eq!(&probe_times(&h, Liveness)[..2], &[s(20.0), s(30.0)]);
    let h = run(&deployment(1, &liveness("          initialDelaySeconds: 5\n"), ""));
    assert_eq!(probe_times(&h, Liveness)[0], s(10.0));
}

/// §2.5: readiness is triggered by the pod sync that follows the PLEG
/// relist, so it runs at 1.5 s; the manual run resets the ticker, so the next
/// probes are a full period after it.
#[test]
fn readiness_runs_at_once_on_the_manual_trigger_and_resets_its_ticker() {
    let probe =
        "        readinessProbe:\n          httpGet: {path: /health, port: 8080}\n          periodSeconds: 30\n";
    let h = run(&deployment(1, probe, ""));
    assert_eq!(&probe_times(&h, Readiness)[..3], &[s(1.5), s(31.5), s(61.5)]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(1.5), true)]);
}

/// §2.3 step 4, §2.2 and §9.1: readiness starts as Failure. With
/// initialDelaySeconds 20, the trigger at 1.5 s finds the delay not passed,
/// but still resets the ticker (ticks at 11.5 s, 21.5 s): the first probe is
/// at 21.5 s (20.5 s of uptime), and the pod is not Ready before it.
#[test]
fn readiness_starts_as_failure_until_its_first_success() {
    let spec =
        "        readinessProbe:\n          httpGet: {path: /health, port: 8080}\n          initialDelaySeconds: 20\n";
    let h = run(&deployment(1, spec, ""));
    assert_eq!(probe_times(&h, Readiness)[0], s(21.5));
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(21.5), true)]);
    let running_not_ready =
        container_records(&h, 0, 0).into_iter().find(|c| matches!(c.state, ContainerState::Running { .. })).unwrap();
    assert!(!running_not_ready.ready);
}

const SLOW_START: &str = "apps:\n- startup: 90s\n";

/// §2.3 step 9, §2.4, §4: a startup probe holds liveness and readiness back;
/// on its success readiness runs at once, liveness waits for its own tick.
/// The app serves 90 s after its 1 s start: startup fails on the ticks up to
/// 90 s and succeeds at 100 s.
#[test]
fn startup_probe_gates_liveness_and_readiness() {
    let spec = "        startupProbe:\n          httpGet: {path: /health, port: 8080}\n          periodSeconds: 10\n          failureThreshold: 30\n        livenessProbe:\n          httpGet: {path: /health, port: 8080}\n          initialDelaySeconds: 10\n        readinessProbe:\n          httpGet: {path: /health, port: 8080}\n";
    let h = run(&deployment(1, spec, SLOW_START));
    let startup = probes(&h, Startup);
    assert_eq!(startup.len(), 10);
    assert_eq!(startup.last(), Some(&(s(100.0), ProbeResult::Success)));
    assert_eq!(probe_times(&h, Readiness)[0], s(100.0));
    assert_eq!(probe_times(&h, Liveness)[0], s(110.0));
    assert_eq!(ready_changes(&h, 0).last(), Some(&(s(100.0), true)));
    assert!(events(&h, "Killing").is_empty());
}

/// The same app with liveness alone is killed before it ever serves:
/// 20, 30, 40 s fail, killed at 40 s; the next instance (started 41 s) is
/// killed at 80 s; and so on into CrashLoopBackOff.
#[test]
fn liveness_alone_kills_a_slow_starter_forever() {
    let h = run(&deployment(1, &liveness("          initialDelaySeconds: 10\n"), SLOW_START));
    assert_eq!(&event_times(&h, "Killing")[..2], &[s(40.0), s(80.0)]);
    assert!(probes(&h, Liveness).iter().all(|p| p.1 == ProbeResult::Failure));
    assert!(!events(&h, "BackOff").is_empty());
    let waiting = container_records(&h, 0, 0)
        .into_iter()
        .any(|c| matches!(&c.state, ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff"));
    assert!(waiting);
}

/// §4 startup budget: failureThreshold 3, period 10, never serving: killed
/// at the third failure with the startup message.
#[test]
fn startup_failure_kills_with_its_own_message() {
    let spec = "        startupProbe:\n          tcpSocket: {port: 8080}\n          failureThreshold: 3\n";
    let h = run(&deployment(1, spec, "apps:\n- startup: 1h\n"));
    assert_eq!(
        events(&h, "Killing")[0],
        (s(30.0), "Container app failed startup probe, will be restarted".to_string())
    );
    assert_eq!(
        events(&h, "Unhealthy")[0].1,
        "Startup probe failed: dial tcp 10.244.0.74:8080: connect: connection refused"
            .replace("10.244.0.74", &h.pods[0].ip)
    );
}

/// §3.1: thresholds count consecutive results: F,F,S,F,F never kills.
#[test]
fn a_success_restarts_the_failure_run() {
    let behaviour = "apps:\n- http:\n  - {path: /health, status: 500, from: 5s, until: 25s}\n  - {path: /health, status: 500, from: 35s, until: 55s}\n";
    let h = run(&deployment(1, &liveness(""), behaviour));
    assert_eq!(event_times(&h, "Unhealthy"), vec![s(10.0), s(20.0), s(40.0), s(50.0)]);
    assert!(events(&h, "Killing").is_empty());
}

/// §3.2 on hold, §8.1 and §8.2: an app that ignores SIGTERM is SIGKILLed
/// when the 30 s grace runs out (exit 137); the replacement starts only
/// then, and liveness does not probe the dying container meanwhile.
#[test]
fn liveness_holds_while_the_killed_container_uses_its_grace() {
    let h = run(&deployment(
        1,
        &liveness(""),
        "apps:\n- http:\n  - {path: /health, status: 500, before: 40s}\n  onSigterm: ignore\n",
    ));
    assert_eq!(&probe_times(&h, Liveness)[..4], &[s(10.0), s(20.0), s(30.0), s(70.0)]);
    assert_eq!(event_times(&h, "Started")[1], s(61.0));
    let after = container_records(&h, 0, 0).into_iter().find(|c| c.restart_count == 1).unwrap();
    assert_eq!(after.last_state.as_ref().map(|t| (t.exit_code, t.finished_at)), Some((137, s(60.0))));
}

/// §8.1: the probe-level terminationGracePeriodSeconds replaces the pod's.
#[test]
fn probe_level_grace_period_applies_to_its_kill() {
    let h = run(&deployment(
        1,
        &liveness("          terminationGracePeriodSeconds: 5\n"),
        "apps:\n- http:\n  - {path: /health, status: 500}\n  onSigterm: ignore\n",
    ));
    assert_eq!(event_times(&h, "Started")[1], s(36.0));
}

/// §1.3, §3.4: a named port the container does not declare is a probe
/// error: discarded every time, so liveness never kills and readiness never
/// passes.
#[test]
fn probe_errors_are_discarded() {
    let spec = "        livenessProbe:\n          httpGet: {path: /metrics, port: http-metrics}\n        readinessProbe:\n          httpGet: {path: /metrics, port: http-metrics}\n";
    let h = run(&deployment(1, spec, ""));
    assert!(events(&h, "Killing").is_empty());
    assert_eq!(ready_changes(&h, 0), vec![(0, false)]);
    let unhealthy = events(&h, "Unhealthy");
    assert_eq!(
        unhealthy[0].1,
        "Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing \"http-metrics\": invalid syntax"
    );
    assert!(probes(&h, Liveness).iter().all(|p| p.1 == ProbeResult::Error));
}

/// §5.1: a redirect to another host is not followed: a warning that counts
/// as success.
#[test]
fn redirect_to_another_host_is_a_warning_and_a_success() {
    let probe = "        readinessProbe:\n          httpGet: {path: /health, port: 8080}\n";
    let h = run(&deployment(
        1,
        probe,
        "apps:\n- http:\n  - {path: /health, redirect: 'http://login.example.com/', body: moved}\n",
    ));
    assert_eq!(
        events(&h, "ProbeWarning")[0],
        (s(1.5), "Readiness probe warning: Probe terminated redirects, Response body: moved".to_string())
    );
    assert_eq!(ready_changes(&h, 0).last(), Some(&(s(1.5), true)));
}

/// §5.3: an exec probe that outlives timeoutSeconds fails when the timeout
/// expires, with `command "..." timed out`.
#[test]
fn exec_timeout_is_a_failure_at_the_timeout() {
    let probe = "        livenessProbe:\n          exec: {command: [sh, -c, sleep 5]}\n          failureThreshold: 1\n";
    let h = run(&deployment(1, probe, ""));
    assert_eq!(
        events(&h, "Unhealthy")[0],
        (s(11.0), "Liveness probe failed: command \"sh -c sleep 5\" timed out".to_string())
    );
    assert_eq!(event_times(&h, "Killing")[0], s(11.0));
}

/// §4, §9.3: with restartPolicy Never the container is killed but not
/// restarted, and the pod fails.
#[test]
fn restart_policy_never_kills_without_restart() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: once}}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: app\n    image: busybox\n    ports: [{{containerPort: 8080}}]\n{}---\nkind: Behaviour\n{LIVENESS_500}",
        liveness("").replace("        ", "    ")
    );
    let h = run(&text);
    assert_eq!(events(&h, "Killing")[0], (s(30.0), "Container app failed liveness probe".to_string()));
    assert_eq!(event_times(&h, "Started").len(), 1);
    let last = h.records.iter().rev().find_map(|r| if let Record::Pod(p) = r { Some(p.phase) } else { None });
    assert_eq!(last, Some(PodPhase::Failed));
}

/// §7.2, §7.3: a container that crashes 5 s after every start restarts at
/// once the first time, then waits 10 s, 20 s, ... from each crash (plus the
/// pod worker's 10-15 s retry), showing CrashLoopBackOff meanwhile.
#[test]
fn crash_loop_back_off_doubles() {
    let h = run(&deployment(1, "", "apps:\n- crash:\n  - {after: 5s, exitCode: 1}\n"));
    let started = event_times(&h, "Started");
    assert_eq!(&started[..2], &[s(1.0), s(7.5)]);
    // Crash at 12.5 s; back-off 10 s: not before 22.5 s, and within the retry.
    let third = started[2];
    assert!(third >= s(23.5) && third <= s(12.5 + 25.0 + 1.0), "third start at {third}");
    let message = events(&h, "BackOff")[0].1.clone();
    assert_eq!(
        message,
        format!("Back-off restarting failed container app in pod {}_default({})", h.pods[0].name, h.pods[0].uid)
    );
    let waiting = container_records(&h, 0, 0)
        .into_iter()
        .find(|c| matches!(&c.state, ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff"));
    assert_eq!(waiting.map(|c| c.state.clone()), Some(crash_loop_back_off(&h, 0, "app", "10s")));
}

/// §8.4, §11: on deletion the endpoint drops out at once (terminating),
/// readiness keeps probing, liveness stops, nothing restarts, the container
/// exits when its SIGTERM handler is done.
#[test]
fn readiness_during_deletion() {
    let spec = "        livenessProbe:\n          httpGet: {path: /health, port: 8080}\n          periodSeconds: 5\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          periodSeconds: 5\n";
    let behaviour = "apps:\n- onSigterm: {exitAfter: 20s, exitCode: 0}\n  http:\n  - {path: /ready, status: 503, afterSigterm: true}\nactions:\n- {at: 60s, workload: web, replica: 0, delete: true}\n";
    let h = run(&deployment(1, spec, behaviour));
    let endpoints: Vec<&EndpointsRecord> =
        h.records.iter().filter_map(|r| if let Record::Endpoints(e) = r { Some(&**e) } else { None }).collect();
    let at_delete = endpoints.iter().find(|e| e.t == s(60.0)).expect("endpoints change at the deletion");
    assert!(!at_delete.ready.contains(&0) && at_delete.not_ready.contains(&0));
    let readiness_after: Vec<Millis> = pod_probe_times(&h, 0, Readiness).into_iter().filter(|&t| t > s(60.0)).collect();
    assert_eq!(readiness_after, vec![s(61.5), s(66.5), s(71.5), s(76.5)]);
    assert!(pod_probe_times(&h, 0, Liveness).iter().all(|&t| t < s(60.0)));
    assert_eq!(event_times(&h, "Killing"), vec![s(60.0)]);
    // The ReplicaSet replaces the pod at once; the old one is gone at the
    // relist after its container exits.
    assert_eq!(h.pods[1].created_ms, s(60.0));
    let removed = h
        .records
        .iter()
        .find_map(|r| if let Record::Pod(p) = r { (p.pod == 0 && p.removed).then_some(p.t) } else { None });
    assert_eq!(removed, Some(s(80.5)));
    let exit = container_records(&h, 0, 0).into_iter().find_map(|c| {
        if let ContainerState::Terminated(t) = &c.state { Some((t.exit_code, t.finished_at)) } else { None }
    });
    assert_eq!(exit, Some((0, s(80.0))));
}

/// §12: a rollout whose new pods never pass readiness stalls: 3 replicas,
/// maxSurge 25% → 1, maxUnavailable 25% → 0: one new pod, the three old ones
/// keep serving.
#[test]
fn rolling_update_stalls_on_unready_pods() {
    let probe = "        readinessProbe:\n          httpGet: {path: /health, port: 8080}\n";
    let behaviour = "apps:\n- image: example/web:2.0\n  http:\n  - {path: /health, status: 503}\nactions:\n- {at: 60s, workload: web, rollout: {image: example/web:2.0}}\n";
    let h = run(&deployment(3, probe, behaviour));
    let scaled: Vec<String> = events(&h, "ScalingReplicaSet").into_iter().map(|e| e.1).collect();
    assert_eq!(scaled.len(), 2, "{scaled:?}");
    assert!(scaled[1].starts_with("Scaled up replica set web-") && scaled[1].ends_with(" to 1"));
    assert_eq!(h.pods.len(), 4);
    let last = h.records.iter().rev().find_map(|r| if let Record::Endpoints(e) = r { Some(e) } else { None }).unwrap();
    assert_eq!((last.ready.len(), last.not_ready.len()), (3, 1));
}

/// Client traffic: a request counts as failed when the app answers later than
/// the client waits: 2 s answers are fine for the default clients, timeouts
/// for clients that wait 1 s.
#[test]
fn clients_time_out_after_their_own_timeout() {
    let traffic = "apps:\n- http:\n  - {path: /orders, latency: 2s}\ntraffic:\n- {service: web, rps: 4, path: /orders, from: 10s, until: 12s}\n- {service: web, rps: 4, path: /orders, timeout: 1s, from: 10s, until: 12s}\n";
    let h = run(&deployment(1, "", traffic));
    let seconds: Vec<(Millis, u32, u32, Option<String>)> = h
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Traffic(t) => Some((t.t, t.ok, t.failed, t.failure.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        seconds,
        vec![
            (s(10.0), 4, 0, None),
            (s(10.0), 0, 4, Some("timeout".into())),
            (s(11.0), 4, 0, None),
            (s(11.0), 0, 4, Some("timeout".into())),
        ]
    );
}

/// §7.3: before 1.35 a sync that fails with CrashLoopBackOff requeues the
/// pod 10-15 s later, and the pod workers' queue holds one time per pod: the
/// kill at 150 s and the relist at 150.5 s both fail, but only the newest
/// requeue runs. So after the burst, each retry comes 10-15 s after the
/// failed sync before it (one extra BackOff is the periodic resync), not one
/// chain of retries per failed sync. (From 1.35 the retry waits for the
/// back-off's expiry: tests/rules_versions.rs.)
#[test]
fn a_pod_in_back_off_has_one_retry_pending() {
    let simulation = "simulation: {duration: 200s, kubernetes: \"1.34\"}\n";
    let h = run(&format!("{}{simulation}", deployment(1, &liveness(""), LIVENESS_500)));
    let restart = event_times(&h, "Started")[5];
    let backoffs: Vec<Millis> = event_times(&h, "BackOff").into_iter().filter(|&t| t < restart).collect();
    assert_eq!(&backoffs[..2], &[s(150.0), s(150.5)]);
    assert_eq!(backoffs.len(), 5, "{backoffs:?}");
    let retries = backoffs.windows(2).filter(|w| w[1] - w[0] >= s(10.0) && w[1] - w[0] <= s(15.0)).count();
    assert_eq!(retries, 2, "{backoffs:?}");
}
