//! kubelet-semantics §4 (what a failure does), §6 (events), §7 (restart
//! back-off) and §8 (termination and exit codes), with exact times.
//!
//! Timeline: probe tickers start at t=0, the container starts at 1 s, the
//! kubelet sees runtime changes at the PLEG relists (every x.5 s).

mod common;
use common::*;
use probe_playground::history::*;

const ALWAYS_500: &str = "apps:\n- http:\n  - {path: /health, status: 500}\n";

fn exits(h: &History, pod: PodId, container: u16) -> Vec<Terminated> {
    let mut out: Vec<Terminated> = Vec::new();
    for c in container_records(h, pod, container) {
        let t = match &c.state {
            ContainerState::Terminated(t) => Some(t),
            _ => c.last_state.as_ref(),
        };
        if let Some(t) = t.map(without_id).filter(|t| out.last() != Some(t)) {
            out.push(t);
        }
    }
    out
}

/// §6, the table, for a liveness kill: each event's type, reason, message,
/// source and container, in order and at its time, in the words of the
/// default version, 1.37 (earlier ones: tests/rules_versions.rs). Liveness fails at 10, 20
/// and 30 s (one `Unhealthy` per failed probe, below the threshold too);
/// `Killing` at 30 s; the replacement is pulled and created at once and
/// started 1 s later.
#[test]
fn the_events_of_a_liveness_kill() {
    let containers = "  - name: app\n    image: web:1\n    ports: [{containerPort: 8080}]\n    livenessProbe:\n      httpGet: {path: /health, port: 8080}\n";
    let h = run(&pod("Always", containers, &format!("simulation: {{duration: 35s}}\n{ALWAYS_500}")));
    type Row<'a> = (Millis, &'a str, &'a str, &'a str, &'a str, Option<u16>);
    let got: Vec<Row> = h
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) => {
                Some((e.t, e.event_type.name(), e.reason.as_str(), e.message.as_str(), e.source.as_str(), e.container))
            }
            _ => None,
        })
        .collect();
    let unhealthy = "Liveness probe failed: HTTP probe failed with statuscode: 500";
    const PULLED: &str = "Container image \"web:1\" already present on machine and can be accessed by the pod";
    let kubelet = |t: f64, ty, reason, message| (s(t), ty, reason, message, "kubelet", Some(0));
    assert_eq!(
        got,
        vec![
            (0, "Normal", "Scheduled", "Successfully assigned default/p to node-1", "default-scheduler", None),
            kubelet(0.0, "Normal", "Pulled", PULLED),
            kubelet(0.0, "Normal", "Created", "Container created"),
            kubelet(1.0, "Normal", "Started", "Container started"),
            kubelet(10.0, "Warning", "Unhealthy", unhealthy),
            kubelet(20.0, "Warning", "Unhealthy", unhealthy),
            kubelet(30.0, "Warning", "Unhealthy", unhealthy),
            kubelet(30.0, "Normal", "Killing", "Container app failed liveness probe, will be restarted"),
            kubelet(30.0, "Normal", "Pulled", PULLED),
            kubelet(30.0, "Normal", "Created", "Container created"),
            kubelet(31.0, "Normal", "Started", "Container started"),
        ]
    );
    assert!(h.records.iter().all(|r| !matches!(r, Record::Event(e) if e.object != "pod/p")));
    // `kubectl describe` folds the repeats (§6 note): last seen 5 s ago, three
    // times since the first, 25 s ago; kubectl 1.37 names the container.
    let describe = probe_playground::view::describe_pod(&h, "p", s(35.0)).unwrap();
    assert!(
        describe.contains(&format!(
            "  Warning  Unhealthy  5s (x3 over 25s)  kubelet            spec.containers{{app}}: {unhealthy}\n"
        )),
        "{describe}"
    );
    assert!(
        describe.contains(
            "  Normal   Started    4s (x2 over 34s)  kubelet            spec.containers{app}: Container started\n"
        ),
        "{describe}"
    );
}

/// §4 "for sidecars … the texts are `Init container <name> failed liveness
/// probe` … and the sidecar is always restarted", even with restartPolicy
/// Never, which does not restart the regular container after the same
/// failure (`Container <name> failed liveness probe`, no `, will be
/// restarted`).
#[test]
fn sidecar_kill_messages_and_restart_under_restart_policy_never() {
    let text = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  initContainers:
  - name: proxy
    image: envoy:1
    restartPolicy: Always
    ports: [{containerPort: 9901}]
    livenessProbe:
      httpGet: {path: /health, port: 9901}
  containers:
  - name: app
    image: web:1
    ports: [{containerPort: 8080}]
---
kind: Behaviour
simulation: {duration: 40s}
apps:
- container: proxy
  http:
  - {path: /health, status: 500}
";
    let h = run(text);
    // The proxy starts at 1 s, the app once the proxy has started (seen at
    // 1.5 s): 2.5 s. Proxy liveness fails at 10, 20, 30 s.
    assert_eq!(events(&h, "Killing"), vec![(s(30.0), "Init container proxy failed liveness probe".to_string())]);
    let started: Vec<(Millis, Option<u16>)> =
        events_detail(&h, "Started").into_iter().map(|e| (e.t, e.container)).collect();
    // Containers are indexed regular first: app 0, proxy 1.
    assert_eq!(started, vec![(s(1.0), Some(1)), (s(2.5), Some(0)), (s(31.0), Some(1))]);

    let text = text.replace("  initContainers:\n  - name: proxy\n    image: envoy:1\n    restartPolicy: Always\n    ports: [{containerPort: 9901}]\n    livenessProbe:\n      httpGet: {path: /health, port: 9901}\n  containers:\n", "  containers:\n  - name: proxy\n    image: envoy:1\n    ports: [{containerPort: 9901}]\n    livenessProbe:\n      httpGet: {path: /health, port: 9901}\n");
    let h = run(&text);
    assert_eq!(events(&h, "Killing"), vec![(s(30.0), "Container proxy failed liveness probe".to_string())]);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(1.0)]);
}

/// §7.4 "first liveness kill: immediate restart, with no back-off entry
/// created; second kill: Next sets 10 s, immediate restart; later kills: the
/// back-off keeps doubling, and the restart is delayed only once `backoff`
/// is longer than now − FinishedAt of the previous instance". Each instance
/// is killed 29 s after it starts (period 10, threshold 3), and SIGTERM ends
/// it at once: kills at 30, 60, 90, 120 s restart at once (back-off 10, 20,
/// 40 s, each shorter than the 30 s since the previous exit); the kill at
/// 150 s finds 40 s > 30 s: BackOff, CrashLoopBackOff until 190 s.
#[test]
fn liveness_kills_restart_at_once_until_the_back_off_outgrows_them() {
    let h = run(&format!("{}simulation: {{duration: 160s}}\n", deployment(1, &liveness(""), ALWAYS_500)));
    assert_eq!(event_times(&h, "Killing"), vec![s(30.0), s(60.0), s(90.0), s(120.0), s(150.0)]);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(31.0), s(61.0), s(91.0), s(121.0)]);
    assert_eq!(event_times(&h, "BackOff")[0], s(150.0));
    // §7.5: the status during the back-off.
    let c = container_at(&h, 0, 0, s(160.0));
    assert_eq!(c.state, crash_loop_back_off(&h, 0, "app", "40s"));
    assert_eq!(
        c.last_state.as_ref().map(without_id),
        Some(Terminated {
            container_id: String::new(),
            exit_code: 143,
            reason: TerminatedReason::Error,
            signal: 0,
            started_at: s(121.0),
            finished_at: s(150.0)
        })
    );
    assert_eq!((c.ready, c.started, c.restart_count, c.backoff_until), (false, false, 4, Some(s(190.0))));
    let p = pod_at(&h, 0, s(160.0));
    assert_eq!((p.phase, p.ready), (PodPhase::Running, false));
}

/// §7.2 "Reset: if an instance runs for more than 10 min, the next crash is
/// treated like the first (immediate restart, then 10 s, …)". Crashes at
/// 10 s (restarted at once: started 11.5 s) and 20 s (back-off 10 s, retried
/// by the pod worker some 10-15 s later); that instance runs until 700 s,
/// more than 600 s after the restart decision, so the crash at 700 s
/// restarts at once (seen 700.5 s, started 701.5 s), and the crash at 710 s
/// waits a fresh 10 s, not 40 s.
#[test]
fn ten_minutes_of_running_reset_the_back_off() {
    let behaviour = "simulation: {duration: 715s}\nactions:\n- {at: 10s, workload: web, crash: {exitCode: 1}}\n- {at: 20s, workload: web, crash: {exitCode: 1}}\n- {at: 700s, workload: web, crash: {exitCode: 1}}\n- {at: 710s, workload: web, crash: {exitCode: 1}}\n";
    let h = run(&deployment(1, "", behaviour));
    let started = event_times(&h, "Started");
    assert_eq!(started.len(), 4, "{started:?}");
    assert_eq!(&started[..2], &[s(1.0), s(11.5)]);
    assert!(started[2] > s(30.0) && started[2] < s(40.0), "{started:?}");
    assert_eq!(started[3], s(701.5));
    let c = container_at(&h, 0, 0, s(715.0));
    assert_eq!(c.state, crash_loop_back_off(&h, 0, "app", "10s"));
    assert_eq!(c.backoff_until, Some(s(720.0)));
}

/// §8.1 "for a startup kill with startupProbe.terminationGracePeriodSeconds
/// set, use the probe value … a probe value larger than the pod value is
/// allowed", §8.2 "the runtime … waits up to grace seconds, then sends
/// SIGKILL" and "SyncPod waits for killContainer to return before starting
/// the replacement", §8.3 "SIGKILL gives 137". Pod grace 10 s, startup probe
/// grace 45 s, an app that ignores SIGTERM: startup fails at 10 and 20 s,
/// killed at 20 s, SIGKILL at 65 s, the replacement starts at 66 s.
#[test]
fn a_startup_kill_uses_the_startup_probes_grace_even_above_the_pods() {
    let text = deployment(1, "        startupProbe:\n          tcpSocket: {port: 8080}\n          failureThreshold: 2\n          terminationGracePeriodSeconds: 45\n", "simulation: {duration: 70s}\napps:\n- startup: 1h\n  onSigterm: ignore\n")
        .replace("    spec:\n      containers:", "    spec:\n      terminationGracePeriodSeconds: 10\n      containers:");
    let h = run(&text);
    assert_eq!(
        events(&h, "Killing"),
        vec![(s(20.0), "Container app failed startup probe, will be restarted".to_string())]
    );
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(66.0)]);
    assert_eq!(
        exits(&h, 0, 0),
        vec![Terminated {
            container_id: String::new(),
            exit_code: 137,
            reason: TerminatedReason::Error,
            signal: 0,
            started_at: s(1.0),
            finished_at: s(65.0)
        }]
    );
}

/// §8.2 "the remaining grace is raised to at least
/// minimumGracePeriodInSeconds = 2": a liveness probe grace of 1 s still
/// gives an app that ignores SIGTERM 2 s: killed at 30 s, SIGKILL (137) at
/// 32 s, the replacement starts at 33 s.
#[test]
fn a_kill_allows_at_least_two_seconds() {
    let behaviour =
        "simulation: {duration: 40s}\napps:\n- onSigterm: ignore\n  http:\n  - {path: /health, status: 500}\n";
    let h = run(&deployment(1, &liveness("          terminationGracePeriodSeconds: 1\n"), behaviour));
    assert_eq!(event_times(&h, "Killing"), vec![s(30.0)]);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(33.0)]);
    assert_eq!(exits(&h, 0, 0).iter().map(|t| (t.exit_code, t.finished_at)).collect::<Vec<_>>(), vec![(137, s(32.0))]);
}

/// §8.3 "if the runtime gave no reason, exit 0 is `Completed` and any other
/// exit is `Error`; an OOM kill is `OOMKilled`"; "if the process traps
/// SIGTERM and exits itself, its own code is used"; SIGTERM's default
/// action gives 143. Crashes 5 s after the 1 s start, in one pod; then a
/// deletion at 4 s of a pod whose two containers trap SIGTERM (exit 0 two
/// seconds later) or not (143 at once).
#[test]
fn exit_codes_and_reasons() {
    let containers = "  - {name: done, image: app:1}\n  - {name: fails, image: app:1}\n  - {name: oom, image: app:1}\n";
    let behaviour = "simulation: {duration: 8s}
apps:
- container: done
  crash: [{after: 5s, exitCode: 0}]
- container: fails
  crash: [{after: 5s, exitCode: 3}]
- container: oom
  crash: [{after: 5s, oom: true}]
";
    let h = run(&pod("Always", containers, behaviour));
    let last = |c: u16| {
        exits(&h, 0, c).into_iter().map(|t| (t.exit_code, t.reason.to_string(), t.finished_at)).collect::<Vec<_>>()
    };
    assert_eq!(last(0), vec![(0, "Completed".to_string(), s(6.0))]);
    assert_eq!(last(1), vec![(3, "Error".to_string(), s(6.0))]);
    assert_eq!(last(2), vec![(137, "OOMKilled".to_string(), s(6.0))]);

    let containers = "  - {name: trap, image: app:1}\n  - {name: plain, image: app:1}\n";
    let behaviour = "simulation: {duration: 8s}\napps:\n- container: trap\n  onSigterm: {exitAfter: 2s, exitCode: 0}\nactions:\n- {at: 4s, pod: p, delete: true}\n";
    let h = run(&pod("Always", containers, behaviour));
    let last = |c: u16| {
        exits(&h, 0, c).into_iter().map(|t| (t.exit_code, t.reason.to_string(), t.finished_at)).collect::<Vec<_>>()
    };
    assert_eq!(last(0), vec![(0, "Completed".to_string(), s(6.0))]);
    assert_eq!(last(1), vec![(143, "Error".to_string(), s(4.0))]);
    assert_eq!(
        events(&h, "Killing"),
        vec![(s(4.0), "Stopping container trap".to_string()), (s(4.0), "Stopping container plain".to_string())]
    );
}

/// §8.1 "if pod.DeletionGracePeriodSeconds is set (the pod is being
/// deleted), use it" (the pod's 30 s by default) and §8.2 "the runtime sends
/// the stop signal, waits up to grace seconds, then sends SIGKILL": an app
/// that ignores SIGTERM, deleted at 10 s, is killed at 40 s with 137, and
/// the pod is gone at the next relist; nothing restarts it.
#[test]
fn a_deleted_pod_that_ignores_sigterm_is_killed_when_its_grace_ends() {
    let h = run(&pod(
        "Always",
        "  - {name: app, image: app:1}\n",
        "simulation: {duration: 60s}\napps:\n- onSigterm: ignore\nactions:\n- {at: 10s, pod: p, delete: true}\n",
    ));
    assert_eq!(events(&h, "Killing"), vec![(s(10.0), "Stopping container app".to_string())]);
    assert_eq!(
        exits(&h, 0, 0),
        vec![Terminated {
            container_id: String::new(),
            exit_code: 137,
            reason: TerminatedReason::Error,
            signal: 0,
            started_at: s(1.0),
            finished_at: s(40.0)
        }]
    );
    assert_eq!(pod_records(&h, 0).into_iter().find(|p| p.removed).map(|p| p.t), Some(s(40.5)));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0)]);
    // The deletion timestamp is the end of the grace period.
    assert_eq!(pod_at(&h, 0, s(20.0)).deletion, Some(s(40.0)));
}

/// The stops of a container as its status records carry them: (first
/// record with it, stop signal sent, SIGKILL due).
fn stops(h: &History, pod: PodId, container: u16) -> Vec<(Millis, Millis, Millis)> {
    let mut out: Vec<(Millis, Millis, Millis)> = vec![];
    for c in container_records(h, pod, container) {
        if let Some(stop) =
            c.stopping.filter(|stop| out.last().is_none_or(|l| (l.1, l.2) != (stop.since, stop.kill_at)))
        {
            out.push((c.t, stop.since, stop.kill_at));
        }
    }
    out
}

/// §8.1 and §8.2 as the container status tells them: from the kill on it
/// says when the stop signal went out and when SIGKILL is due, the probe's
/// grace for a probe kill (at least 2 s), the pod's for a deletion; a
/// deletion during a probe kill leaves that kill's SIGKILL as it was, and a
/// container that starts in a pod being deleted is stopped with what is
/// left of the pod's grace.
#[test]
fn the_status_says_when_sigkill_is_due() {
    let ignore = "apps:\n- onSigterm: ignore\n  http:\n  - {path: /health, status: 500}\n";
    let h = run(&deployment(
        1,
        &liveness("          terminationGracePeriodSeconds: 5\n"),
        &format!("simulation: {{duration: 40s}}\n{ignore}"),
    ));
    assert_eq!(stops(&h, 0, 0), vec![(s(30.0), s(30.0), s(35.0))]);
    let h = run(&deployment(
        1,
        &liveness("          terminationGracePeriodSeconds: 1\n"),
        &format!("simulation: {{duration: 40s}}\n{ignore}"),
    ));
    assert_eq!(stops(&h, 0, 0), vec![(s(30.0), s(30.0), s(32.0))]);

    let h = run(&pod(
        "Always",
        "  - {name: app, image: app:1}\n",
        "simulation: {duration: 60s}\napps:\n- onSigterm: ignore\nactions:\n- {at: 10s, pod: p, delete: true}\n",
    ));
    assert_eq!(stops(&h, 0, 0), vec![(s(10.0), s(10.0), s(40.0))]);

    let behaviour =
        format!("simulation: {{duration: 60s}}\n{ignore}actions:\n- {{at: 35s, workload: web, scale: 0}}\n");
    let h = run(&deployment(1, &liveness("          terminationGracePeriodSeconds: 20\n"), &behaviour));
    assert_eq!(events(&h, "Killing").iter().map(|e| e.0).collect::<Vec<_>>(), vec![s(30.0), s(35.0)]);
    assert_eq!(stops(&h, 0, 0), vec![(s(30.0), s(30.0), s(50.0))]);

    let h = run(&pod(
        "Always",
        "  - {name: app, image: app:1}\n",
        "simulation: {duration: 60s}\napps:\n- onSigterm: ignore\nactions:\n- {at: 0.5s, pod: p, delete: true}\n",
    ));
    assert_eq!(stops(&h, 0, 0), vec![(s(1.5), s(1.0), s(30.5))]);
}
