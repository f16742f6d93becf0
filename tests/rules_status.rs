//! kubelet-semantics §9 (container `started`/`ready`, pod conditions, phase),
//! native sidecars (restartable init containers) and §10.2 (`kubectl get
//! pods` rows), from simulated histories with exact times.
//!
//! Timeline: the pod's first sync at t=0 starts its probe tickers and its
//! first container; a container starts 1 s after the sync that starts it and
//! is seen at the next PLEG relist (every x.5 s).

mod common;
use common::*;
use probe_playground::history::*;

/// (started, ready) of a container as recorded at `t`.
fn flags(h: &History, container: u16, t: f64) -> (bool, bool) {
    let c = container_at(h, 0, container, s(t));
    (c.started, c.ready)
}

/// §9.1 `started`: "false if the container is not running; otherwise, if
/// there is a cached startup result, started = (result == Success);
/// otherwise, if a startup worker exists, false; otherwise true", and
/// `ready`: "only computed when started … a container without a readiness
/// probe is Ready as soon as it is running and started; a container with one
/// is not Ready until the first successful threshold". Three containers:
/// `plain` (no probe), `gated` (a startup probe, first run on the 10 s tick),
/// `checked` (a readiness probe whose app answers 503 for its first 5 s).
#[test]
fn started_and_ready_flags() {
    let containers = "  - name: plain
    image: app:1
  - name: gated
    image: app:1
    ports: [{containerPort: 8081}]
    startupProbe:
      tcpSocket: {port: 8081}
  - name: checked
    image: app:1
    ports: [{containerPort: 8082}]
    readinessProbe:
      httpGet: {path: /ready, port: 8082}
";
    let behaviour = "simulation: {duration: 15s}\napps:\n- container: checked\n  http:\n  - {path: /ready, status: 503, before: 5s}\n";
    let h = run(&pod("Always", containers, behaviour));
    // Before the kubelet sees them running: neither.
    assert_eq!([flags(&h, 0, 1.0), flags(&h, 1, 1.0), flags(&h, 2, 1.0)], [(false, false); 3]);
    // Seen at 1.5 s; `checked` fails its two runs there (§2.4).
    assert_eq!(
        [flags(&h, 0, 1.5), flags(&h, 1, 1.5), flags(&h, 2, 1.5)],
        [(true, true), (false, false), (true, false)]
    );
    // Startup passes on the 10 s tick; the sync that follows triggers
    // readiness of `checked` (§2.5), which passes (9 s of uptime).
    assert_eq!([flags(&h, 0, 10.0), flags(&h, 1, 10.0), flags(&h, 2, 10.0)], [(true, true); 3]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(10.0), true)]);
}

/// §9.2 ContainersReady and Ready: "False with reason ContainersNotReady,
/// message `containers with unready status: [a b]`"; "if ContainersReady is
/// not True, Ready copies its status, reason and message"; "a condition's
/// lastTransitionTime changes only when its status changes". Two containers
/// whose readiness passes from 10 s (a) and 25 s (b) of uptime, then a fails
/// from 40 s (failureThreshold 1).
#[test]
fn ready_and_containers_ready_conditions() {
    let containers = "  - name: a
    image: app:1
    ports: [{containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
      failureThreshold: 1
  - name: b
    image: app:1
    ports: [{containerPort: 8081}]
    readinessProbe:
      httpGet: {path: /ready, port: 8081}
";
    let behaviour = "simulation: {duration: 50s}
apps:
- container: a
  http:
  - {path: /ready, status: 503, before: 10s}
  - {path: /ready, status: 503, from: 40s}
- container: b
  http:
  - {path: /ready, status: 503, before: 25s}
";
    let h = run(&pod("Always", containers, behaviour));
    let at = |t: f64| pod_at(&h, 0, s(t));
    let unready = |names: &str| ("ContainersNotReady", format!("containers with unready status: [{names}]"));
    // Ticks at 1.5 + 10k (the runs at 1.5 s reset both tickers).
    let (st, reason, message, since) = condition(at(5.0), "ContainersReady");
    assert_eq!((st, reason, message.to_string(), since), (false, unready("a b").0, unready("a b").1, 0));
    assert_eq!(condition(at(5.0), "Ready"), condition(at(5.0), "ContainersReady"));
    let (st, _, message, since) = condition(at(20.0), "Ready");
    assert_eq!((st, message, since), (false, "containers with unready status: [b]", 0));
    assert_eq!(condition(at(35.0), "Ready"), (true, "", "", s(31.5)));
    assert_eq!(condition(at(35.0), "ContainersReady"), (true, "", "", s(31.5)));
    assert_eq!(
        condition(at(45.0), "Ready"),
        (false, "ContainersNotReady", "containers with unready status: [a]", s(41.5))
    );
    // The conditions that did not change keep their first transition.
    for kind in ["PodReadyToStartContainers", "Initialized", "PodScheduled"] {
        assert_eq!(condition(at(45.0), kind), (true, "", "", 0), "{kind}");
    }
    let kinds: Vec<&str> = at(45.0).conditions.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
}

/// §9.2 readiness gates: "every spec.readinessGates[].conditionType must
/// have a pod condition with status True; if one does not, Ready is False
/// with reason ReadinessGatesNotReady and a message such as `corresponding
/// condition of pod readiness gate "X" does not exist.`" Nothing writes the
/// gate's condition here, so the pod is never Ready while ContainersReady is
/// True from 1.5 s.
#[test]
fn a_readiness_gate_nobody_sets_keeps_the_pod_unready() {
    let text = pod("Always", "  - {name: app, image: app:1}\n", "simulation: {duration: 10s}\n").replace(
        "  restartPolicy: Always\n",
        "  restartPolicy: Always\n  readinessGates:\n  - conditionType: example.com/load-balancer\n",
    );
    let h = run(&text);
    let p = pod_at(&h, 0, s(10.0));
    assert_eq!(condition(p, "ContainersReady"), (true, "", "", s(1.5)));
    assert_eq!(
        condition(p, "Ready"),
        (
            false,
            "ReadinessGatesNotReady",
            "corresponding condition of pod readiness gate \"example.com/load-balancer\" does not exist.",
            0
        )
    );
    assert!(!p.ready);
}

/// §9.2 "If the phase is Succeeded: False, reason PodCompleted", and §9.3
/// "Succeeded: all stopped and the pod will not restart them": restartPolicy
/// Never, the container exits 0 at 6 s (seen 6.5 s).
#[test]
fn a_completed_pod_is_succeeded_and_not_ready() {
    let h = run(&pod(
        "Never",
        "  - {name: app, image: app:1}\n",
        "simulation: {duration: 10s}\napps:\n- crash: [{after: 5s, exitCode: 0}]\n",
    ));
    assert_eq!(
        phase_changes(&h, 0),
        vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running), (s(6.5), PodPhase::Succeeded)]
    );
    let p = pod_at(&h, 0, s(10.0));
    assert_eq!(condition(p, "ContainersReady"), (false, "PodCompleted", "", s(6.5)));
    assert_eq!(condition(p, "Ready"), (false, "PodCompleted", "", s(6.5)));
}

/// §9.3 phase with each restartPolicy, for a container that exits 5 s after
/// its 1 s start (seen at 6.5 s): Always and OnFailure with a failure keep
/// the pod Running (restarting); OnFailure with exit 0 and Never with exit 0
/// are Succeeded; Never with a failure is Failed.
#[test]
fn phase_by_restart_policy_and_exit_code() {
    let phase = |policy: &str, code: i32| {
        let h = run(&pod(
            policy,
            "  - {name: app, image: app:1}\n",
            &format!("simulation: {{duration: 10s}}\napps:\n- crash: [{{after: 5s, exitCode: {code}}}]\n"),
        ));
        phase_changes(&h, 0)
    };
    use PodPhase::*;
    let running = vec![(0, Pending), (s(1.5), Running)];
    assert_eq!(phase("Always", 0), running);
    assert_eq!(phase("Always", 1), running);
    assert_eq!(phase("OnFailure", 1), running);
    assert_eq!(phase("OnFailure", 0), vec![(0, Pending), (s(1.5), Running), (s(6.5), Succeeded)]);
    assert_eq!(phase("Never", 0), vec![(0, Pending), (s(1.5), Running), (s(6.5), Succeeded)]);
    assert_eq!(phase("Never", 1), vec![(0, Pending), (s(1.5), Running), (s(6.5), Failed)]);
}

/// §9.3 "Running: at least one container running"; "Succeeded / Failed: all
/// stopped and the pod will not restart them": restartPolicy Never, one
/// container fails at 6 s while the other runs until 11 s (exit 0): Running
/// until 11.5 s, then Failed (not every container succeeded).
#[test]
fn phase_waits_for_every_container() {
    let behaviour = "simulation: {duration: 15s}\napps:\n- container: a\n  crash: [{after: 5s, exitCode: 1}]\n- container: b\n  crash: [{after: 10s, exitCode: 0}]\n";
    let h = run(&pod("Never", "  - {name: a, image: app:1}\n  - {name: b, image: app:1}\n", behaviour));
    assert_eq!(
        phase_changes(&h, 0),
        vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running), (s(11.5), PodPhase::Failed)]
    );
}

/// §7.5 "Pod phase stays Running for restartPolicy: Always, and for
/// OnFailure with a non-zero exit", during CrashLoopBackOff: exits at 6 s
/// (restarted at once), 12.5 s (back-off): Running throughout.
#[test]
fn phase_stays_running_in_back_off() {
    for policy in ["Always", "OnFailure"] {
        let h = run(&pod(
            policy,
            "  - {name: app, image: app:1}\n",
            "simulation: {duration: 20s}\napps:\n- crash: [{after: 5s, exitCode: 1}]\n",
        ));
        assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running)], "{policy}");
        assert!(
            matches!(&container_at(&h, 0, 0, s(20.0)).state, ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff")
        );
    }
}

const SIDECARS: &str = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: mesh
    image: mesh:1
    restartPolicy: Always
    ports: [{containerPort: 15000}]
    startupProbe:
      tcpSocket: {port: 15000}
      periodSeconds: 5
  - name: logs
    image: logs:1
    restartPolicy: Always
  containers:
  - name: app
    image: app:1
---
kind: Behaviour
simulation: {duration: 20s}
apps:
- container: mesh
  startup: 7s
";

/// Native sidecars (KRC `computeInitContainerActions`): init containers
/// start one at a time, in order; a restartable one counts as initialised
/// once it runs and its startup probe (if any) has passed, and only then is
/// the next one started; the regular containers start once the last one is
/// initialised. `mesh` starts at 1 s and serves from 8 s: its startup probe
/// fails at 5 s and passes at 10 s; `logs` is started then (11 s, seen
/// 11.5 s) and `app` after it (12.5 s).
#[test]
fn sidecars_start_in_order_each_after_the_previous_has_started() {
    let h = run(SIDECARS);
    // Containers are indexed regular first: app 0, mesh 1, logs 2.
    let started: Vec<(Millis, Option<u16>)> =
        events_detail(&h, "Started").into_iter().map(|e| (e.t, e.container)).collect();
    assert_eq!(started, vec![(s(1.0), Some(1)), (s(11.0), Some(2)), (s(12.5), Some(0))]);
    // §9.3 "Pending: … init containers are still pending".
    assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending), (s(12.5), PodPhase::Running)]);
}

/// §9.1 (`convertToAPIContainerStatuses`): in a pod with init containers a
/// container the runtime has not run yet waits as `PodInitializing`, not
/// `ContainerCreating`; `kubectl get pods` shows `Init:N/M` while the
/// sidecars start (none started, then `mesh`), then the app's wait.
#[test]
fn containers_wait_for_the_init_containers_as_pod_initializing() {
    let h = run(SIDECARS);
    let waiting = |c: u16, t: f64| container_at(&h, 0, c, s(t)).state.reason().map(str::to_string);
    assert_eq!(waiting(0, 5.0).as_deref(), Some("PodInitializing"));
    assert_eq!(waiting(2, 5.0).as_deref(), Some("PodInitializing"));
    let status = |t: f64| {
        let table = probe_playground::view::get_pods(&h, s(t));
        table.lines().nth(1).unwrap().split_whitespace().nth(2).unwrap().to_string()
    };
    assert_eq!([status(0.5), status(10.5), status(12.0)], ["Init:0/2", "Init:1/2", "PodInitializing"]);
}

/// §9.2 "Newer versions also count restartable init containers" in
/// ContainersReady (GEN 1.29+: by their `ready`, listed before the regular
/// containers), and Initialized (GEN `GeneratePodInitializedCondition`):
/// False with reason ContainersNotInitialized and `containers with
/// incomplete status: [...]` until every sidecar has started, or a regular
/// container has.
#[test]
fn sidecars_in_the_initialized_and_containers_ready_conditions() {
    let h = run(SIDECARS);
    let at = |t: f64| pod_at(&h, 0, s(t));
    assert_eq!(
        condition(at(5.0), "Initialized"),
        (false, "ContainersNotInitialized", "containers with incomplete status: [mesh logs]", 0)
    );
    assert_eq!(
        condition(at(11.0), "Initialized"),
        (false, "ContainersNotInitialized", "containers with incomplete status: [logs]", 0)
    );
    assert_eq!(condition(at(12.0), "Initialized"), (true, "", "", s(11.5)));
    assert_eq!(condition(at(5.0), "ContainersReady").2, "containers with unready status: [mesh logs app]");
    assert_eq!(condition(at(12.0), "ContainersReady").2, "containers with unready status: [app]");
    assert_eq!(condition(at(14.0), "ContainersReady"), (true, "", "", s(12.5)));

    // A sidecar whose readiness fails keeps the pod unready.
    let text = SIDECARS.replace("  - name: logs\n    image: logs:1\n    restartPolicy: Always\n", "  - name: logs\n    image: logs:1\n    restartPolicy: Always\n    ports: [{containerPort: 9000}]\n    readinessProbe:\n      httpGet: {path: /ready, port: 9000}\n")
        .replace("  startup: 7s\n", "  startup: 7s\n- container: logs\n  http:\n  - {path: /ready, status: 503}\n");
    let h = run(&text);
    let p = pod_at(&h, 0, s(20.0));
    assert_eq!(
        condition(p, "ContainersReady"),
        (false, "ContainersNotReady", "containers with unready status: [logs]", 0)
    );
    assert!(!p.ready);
}

/// §10.2 typical rows, from one simulated history: running before readiness
/// passed (`0/1 Running 0`), ready (`1/1`), just liveness-killed with the
/// replacement running and not ready (`0/1 Running 1 (5s ago)`), exited with
/// its replacement created but not started (`Running`: a created container
/// waits without a reason), waiting in back-off (`CrashLoopBackOff`),
/// being deleted (`Terminating`). Two replicas fail liveness from 20 s; the
/// second takes 10 s to exit on SIGTERM, and is deleted at 150 s.
#[test]
fn get_pods_rows_through_a_pods_life() {
    let spec = "        livenessProbe:\n          httpGet: {path: /health, port: 8080}\n        readinessProbe:\n          httpGet: {path: /health, port: 8080}\n          initialDelaySeconds: 5\n";
    let behaviour = "simulation: {duration: 170s}\napps:\n- http:\n  - {path: /health, status: 500, from: 20s}\n- replicas: [1]\n  onSigterm: {exitAfter: 10s, exitCode: 0}\nactions:\n- {at: 150s, workload: web, replica: 1, delete: true}\n";
    let h = run(&deployment(2, spec, behaviour));
    let row = |pod: usize, t: f64| {
        let name = &h.pods[pod].name;
        let table = probe_playground::view::get_pods(&h, s(t));
        let line = table.lines().find(|l| l.starts_with(name.as_str())).unwrap_or_default().to_string();
        line.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(row(0, 3.0), "0/1 Running 0 3s");
    assert_eq!(row(0, 15.0), "1/1 Running 0 15s");
    // Failures at 20, 30, 40 s: the first replica is killed at 40 s, exits
    // at once (143), and its replacement starts at 41 s.
    assert_eq!(row(0, 45.0), "0/1 Running 1 (5s ago) 45s");
    // The second exits 0 at 50 s (seen 50.5 s); its replacement, created
    // at 50 s, starts at 51 s.
    assert_eq!(row(1, 50.5), "0/1 Running 0 50s");
    // Kills of the first at 70, 100, 130 s restart at once; the one at 160 s waits.
    assert_eq!(row(0, 165.0), "0/1 CrashLoopBackOff 4 (5s ago) 2m45s");
    // The second's third restart ran from 131 s; deleted at 150 s, it exits at 160 s.
    assert_eq!(row(1, 155.0), "0/1 Terminating 3 (25s ago) 2m35s");
    assert_eq!(row(1, 160.5), "");
}

/// A Job's pod runs its task to completion. Unless the behaviour says how
/// the task ends, it runs `JOB_RUN_TIME` (5 s) and exits 0: started at 1 s,
/// exits at 6 s, seen at the 6.5 s relist; the pod is Succeeded and
/// `kubectl get pods` shows it Completed, 0/1, never restarted.
#[test]
fn a_jobs_task_completes_unless_the_behaviour_says_otherwise() {
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: task, image: example/migrate:1}\n---\nkind: Behaviour\nsimulation: {duration: 1m}\n";
    let h = run(job);
    let exited = container_at(&h, 0, 0, s(60.0));
    let ContainerState::Terminated(t) = &exited.state else { panic!("{:?}", exited.state) };
    assert_eq!((t.exit_code, t.reason.as_str(), t.started_at, t.finished_at), (0, "Completed", s(1.0), s(6.0)));
    let phases: Vec<(Millis, PodPhase)> = pod_records(&h, 0).iter().map(|p| (p.t, p.phase)).collect();
    assert_eq!(phases.last(), Some(&(s(6.5), PodPhase::Succeeded)));
    let table = probe_playground::view::get_pods(&h, s(60.0));
    assert_eq!(
        table.lines().nth(1).unwrap().split_whitespace().skip(1).collect::<Vec<_>>(),
        ["0/1", "Completed", "0", "60s"]
    );
    // A crash the behaviour describes is how the task ends instead.
    let failing = format!("{job}apps:\n- crash: [{{after: 20s, exitCode: 3}}]\n");
    let h = run(&failing);
    let ContainerState::Terminated(t) = &container_at(&h, 0, 0, s(60.0)).state else { panic!() };
    assert_eq!((t.exit_code, t.finished_at), (3, s(21.0)));
}

/// An init container that runs to completion (`computeInitContainerActions`):
/// `migrate` runs `sleep 5` from 1 s and exits 0 at 6 s, seen at 6.5 s; only
/// then is `app` started (7.5 s). Meanwhile `kubectl get pods` shows
/// `Init:0/1`, then, the init done and the app not yet created,
/// `PodInitializing`; READY counts the app only.
#[test]
fn an_init_container_runs_to_completion_before_the_app_starts() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - {name: migrate, image: busybox:1.36, command: [sh, -c, sleep 5]}\n  containers:\n  - {name: app, image: web:1}\n---\nkind: Behaviour\nsimulation: {duration: 10s}\n";
    let h = run(text);
    let started: Vec<(Millis, Option<u16>)> =
        events_detail(&h, "Started").into_iter().map(|e| (e.t, e.container)).collect();
    // Containers are indexed regular first: app 0, migrate 1.
    assert_eq!(started, vec![(s(1.0), Some(1)), (s(7.5), Some(0))]);
    let row = |t: f64| {
        let table = probe_playground::view::get_pods(&h, s(t));
        table.lines().nth(1).unwrap().split_whitespace().skip(1).take(2).collect::<Vec<_>>().join(" ")
    };
    assert_eq!([row(3.0), row(7.0), row(8.0)], ["0/1 Init:0/1", "0/1 PodInitializing", "1/1 Running"]);
    assert_eq!(condition(pod_at(&h, 0, s(5.0)), "Initialized").2, "containers with incomplete status: [migrate]");
    assert!(condition(pod_at(&h, 0, s(7.0)), "Initialized").0);
    assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending), (s(7.5), PodPhase::Running)]);
}

/// `computeInitContainerActions` on a failed init container: under
/// `restartPolicy: Always` or `OnFailure` it is restarted with the back-off
/// (the first restart at once, at the 1.5 s relist that sees `exit 3`; the
/// second waits 10 s from its 2.5 s exit, and from 1.35 the retry comes at
/// the expiry plus the jitter, 15.376 s with this seed), and kubectl shows
/// `Init:CrashLoopBackOff` with the restarts; the app never starts. Under
/// `Never` the pod fails at the relist that sees the exit (`Init:Error`)
/// and nothing is restarted.
#[test]
fn a_failing_init_container() {
    let text = |policy: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  restartPolicy: {policy}\n  initContainers:\n  - {{name: migrate, image: busybox:1.36, command: [sh, -c, exit 3]}}\n  containers:\n  - {{name: app, image: web:1}}\n---\nkind: Behaviour\nsimulation: {{duration: 20s}}\n"
        )
    };
    let row = |h: &History, t: f64| {
        let table = probe_playground::view::get_pods(h, s(t));
        table.lines().nth(1).unwrap().split_whitespace().skip(1).take(3).collect::<Vec<_>>().join(" ")
    };
    for policy in ["Always", "OnFailure"] {
        let h = run(&text(policy));
        let started: Vec<(Millis, Option<u16>)> =
            events_detail(&h, "Started").into_iter().map(|e| (e.t, e.container)).collect();
        // Containers are indexed regular first: app 0, migrate 1.
        assert_eq!(started, vec![(s(1.0), Some(1)), (s(2.5), Some(1)), (16_376, Some(1))], "{policy}");
        assert_eq!(event_times(&h, "BackOff"), vec![s(2.5), s(16.5)], "{policy}");
        assert_eq!([row(&h, 1.0), row(&h, 10.0)], ["0/1 Init:0/1 0", "0/1 Init:CrashLoopBackOff 1"], "{policy}");
        assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending)], "{policy}");
    }
    let h = run(&text("Never"));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0)]);
    assert_eq!(row(&h, 10.0), "0/1 Init:Error 0");
    assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Failed)]);
}

/// A failed init container in a `restartPolicy: Never` pod makes the pod
/// terminal (`computeInitContainerActions` sets `KillPod`): the sidecar
/// started before it is stopped with the pod's grace period (`Killing`
/// "Stopping container proxy" at the 4.5 s relist that sees `migrate` exit
/// 3 at 4.5 s) and is not restarted; the app never starts.
#[test]
fn a_failed_init_container_under_never_stops_the_sidecars() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  initContainers:\n  - {name: proxy, image: envoy:1, restartPolicy: Always}\n  - {name: migrate, image: busybox:1.36, command: [sh, -c, sleep 2; exit 3]}\n  containers:\n  - {name: app, image: web:1}\n---\nkind: Behaviour\nsimulation: {duration: 60s}\n";
    let h = run(text);
    // app 0, proxy 1, migrate 2.
    let started: Vec<(Millis, Option<u16>)> =
        events_detail(&h, "Started").into_iter().map(|e| (e.t, e.container)).collect();
    assert_eq!(started, vec![(s(1.0), Some(1)), (s(2.5), Some(2))]);
    let killing: Vec<(Millis, Option<u16>, &str)> =
        events_detail(&h, "Killing").into_iter().map(|e| (e.t, e.container, e.message.as_str())).collect();
    assert_eq!(killing, vec![(s(4.5), Some(1), "Stopping container proxy")]);
    let ContainerState::Terminated(t) = &container_at(&h, 0, 1, s(60.0)).state else { panic!() };
    assert_eq!((t.exit_code, t.finished_at), (143, s(4.5)));
    assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending), (s(4.5), PodPhase::Failed)]);
}

/// Init containers run in their order whatever their kind, as
/// `computeInitContainerActions` walks them: `fetch` (`sleep 2`, started at
/// 1 s, exits at 3 s, seen at 3.5 s), then the sidecar `proxy` (created at
/// 3.5 s, started at 4.5 s, its startup probe passing on the 5 s tick), then
/// `migrate` (created at 5 s, `sleep 3` from 6 s, seen exited at 9.5 s), and
/// only then `app` (started 10.5 s). kubectl counts the init containers
/// done (`Init:0/3`, `Init:1/3`, `Init:2/3` with the sidecar READY), then
/// `PodInitializing`. A completed init container is `ready` (and no longer
/// `started`), and the app's readiness worker, ticking every 10 s from the
/// pod's first sync, probes nothing before the app runs: its first probe is
/// the sync's trigger at 10.5 s.
#[test]
fn init_containers_and_sidecars_start_in_their_order() {
    let text = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: fetch, image: busybox:1.36, command: [sh, -c, sleep 2]}
  - name: proxy
    image: envoy:1
    restartPolicy: Always
    ports: [{containerPort: 9901}]
    startupProbe:
      httpGet: {path: /ready, port: 9901}
      periodSeconds: 1
  - {name: migrate, image: busybox:1.36, command: [sh, -c, sleep 3]}
  containers:
  - name: app
    image: web:1
    ports: [{containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /, port: 8080}
---
kind: Behaviour
simulation: {duration: 30s}
";
    let h = run(text);
    // app 0, fetch 1, proxy 2, migrate 3.
    let started: Vec<(Millis, Option<u16>)> =
        events_detail(&h, "Started").into_iter().map(|e| (e.t, e.container)).collect();
    assert_eq!(started, vec![(s(1.0), Some(1)), (s(4.5), Some(2)), (s(6.0), Some(3)), (s(10.5), Some(0))]);
    let created: Vec<Millis> = event_times(&h, "Created");
    assert_eq!(created, vec![0, s(3.5), s(5.0), s(9.5)]);
    let rows: Vec<String> = [2.0, 4.0, 6.0, 10.0, 12.0]
        .iter()
        .map(|&t| {
            let table = probe_playground::view::get_pods(&h, s(t));
            table.lines().nth(1).unwrap().split_whitespace().skip(1).take(2).collect::<Vec<_>>().join(" ")
        })
        .collect();
    assert_eq!(rows, ["0/2 Init:0/3", "0/2 Init:1/3", "1/2 Init:2/3", "1/2 PodInitializing", "2/2 Running"]);
    assert_eq!(flags(&h, 1, 2.0), (true, false));
    assert_eq!(flags(&h, 1, 4.0), (false, true));
    assert_eq!(probe_times(&h, probe_playground::spec::ProbeKind::Readiness), vec![s(10.5), s(20.5)]);
}
