//! kubelet-semantics §8 (termination): who gets the stop signal when, and
//! what a process does with it, with exact times.
//!
//! The shared timeline (see tests/kubelet_rules.rs): the pod's first sync at
//! t=0, the container starts at 1 s and is seen at the PLEG relist at 1.5 s;
//! relists fall on every x.5 s.

mod common;
use common::*;
use probe_playground::diagnostic::Severity;
use probe_playground::history::*;
use probe_playground::scenario;

/// A pod `p` running `command` (a YAML list), deleted at 10 s with the
/// default 30 s grace, and this behaviour.
fn deleted_running(command: &str, behaviour: &str) -> String {
    let containers = format!("  - name: app\n    image: busybox:1.36\n    command: {command}\n");
    pod(
        "Always",
        &containers,
        &format!("simulation: {{duration: 45s}}\n{behaviour}actions:\n- {{at: 10s, pod: p, delete: true}}\n"),
    )
}

/// The exits of container 0: (finished at, exit code).
fn exit_codes(h: &History) -> Vec<(Millis, i32)> {
    let mut out: Vec<(Millis, i32)> = Vec::new();
    for c in container_records(h, 0, 0) {
        if let ContainerState::Terminated(t) = &c.state
            && out.last() != Some(&(t.finished_at, t.exit_code))
        {
            out.push((t.finished_at, t.exit_code));
        }
    }
    out
}

/// §8.3: a shell or `sleep` as PID 1 installs no SIGTERM handler, and the
/// kernel does not apply a signal's default action to PID 1, so SIGTERM is
/// ignored: the container runs until SIGKILL when the grace ends (10 s +
/// 30 s), exit 137. A note says it was assumed; an `onSigterm` in the
/// behaviour overrides it. A script that traps TERM, or a program that is
/// neither, is not assumed to ignore it: it gets the mock app's default
/// (exit at once, 143) unless the behaviour says how it exits.
#[test]
fn a_shell_or_sleep_as_pid_1_ignores_sigterm() {
    for command in ["[sh, -c, 'sleep 3600']", "[sleep, infinity]", "[/bin/sh, -c, 'exec sleep 3600']"] {
        let text = deleted_running(command, "");
        assert_eq!(exit_codes(&run(&text)), vec![(s(40.0), 137)], "{command}");
        let notes: Vec<String> = scenario::load(&text)
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .map(|d| format!("{}:{} {}", d.span.line, d.span.col, d.text()))
            .collect();
        let program = if command.contains("sleep, ") || command.contains("exec") { "sleep" } else { "sh" };
        let program = if command.starts_with("[/bin/sh") { "sh" } else { program };
        assert_eq!(
            notes,
            [format!(
                "9:5 spec.containers[0].command: PID 1 is `{program}`, which has no SIGTERM handler: the container is assumed to ignore SIGTERM and to run until SIGKILL when it is stopped (an `onSigterm` for it in the behaviour says otherwise)"
            )],
            "{command}"
        );
    }
    let said = deleted_running("[sh, -c, 'sleep 3600']", "apps:\n- onSigterm: {exitAfter: 2s, exitCode: 0}\n");
    assert_eq!(exit_codes(&run(&said)), vec![(s(12.0), 0)]);
    assert!(scenario::load(&said).diagnostics.is_empty());
    let trapped = deleted_running("[sh, -c, \"trap 'exit 0' TERM; sleep 3600 & wait\"]", "");
    assert_eq!(exit_codes(&run(&trapped)), vec![(s(10.0), 143)]);
    assert_eq!(exit_codes(&run(&deleted_running("[nginx, -g, 'daemon off;']", ""))), vec![(s(10.0), 143)]);
}

/// §4, §9.3: with `restartPolicy: OnFailure` a liveness failure kills the
/// container and restarts it in the same sync whatever its exit code: an app
/// that exits 0 on SIGTERM is killed at 30 s and started again at 31 s, and
/// the pod is Running throughout (the replacement waits with the exit as its
/// last state, which getPhase counts as stopped, not succeeded).
#[test]
fn on_failure_restarts_a_liveness_kill_whatever_the_exit_code() {
    let containers = "  - name: app\n    image: web:1\n    ports: [{containerPort: 8080}]\n    livenessProbe:\n      httpGet: {path: /health, port: 8080}\n";
    let behaviour = "simulation: {duration: 40s}\napps:\n- onSigterm: {exitAfter: 0s, exitCode: 0}\n  http:\n  - {path: /health, status: 500}\n";
    let h = run(&pod("OnFailure", containers, behaviour));
    assert_eq!(event_times(&h, "Killing"), vec![s(30.0)]);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(31.0)]);
    assert_eq!(phase_changes(&h, 0), vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running)]);
}

/// §9.3: a pod's phase never goes back from Succeeded or Failed. An
/// OnFailure pod whose container exits 0 at 6 s is Succeeded from 6.5 s;
/// its workers stop, and nothing restarts it.
#[test]
fn a_terminal_phase_is_final() {
    let containers = "  - name: app\n    image: web:1\n    ports: [{containerPort: 8080}]\n    readinessProbe:\n      httpGet: {path: /health, port: 8080}\n";
    let behaviour = "simulation: {duration: 60s}\napps:\n- crash:\n  - {after: 5s, exitCode: 0}\n";
    let h = run(&pod("OnFailure", containers, behaviour));
    assert_eq!(
        phase_changes(&h, 0),
        vec![(0, PodPhase::Pending), (s(1.5), PodPhase::Running), (s(6.5), PodPhase::Succeeded)]
    );
    assert_eq!(event_times(&h, "Started"), vec![s(1.0)]);
}

/// Two native sidecars (`proxy`, then `logs`) and `app`, each leaving 5 s
/// (app) or 2 s (sidecars) after SIGTERM; deleted at 20 s.
fn with_sidecars(simulation: &str) -> History {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  initContainers:\n  - {{name: proxy, image: envoy:1, restartPolicy: Always}}\n  - {{name: logs, image: fluent:1, restartPolicy: Always}}\n  containers:\n  - {{name: app, image: web:1}}\n---\nkind: Behaviour\nsimulation: {{duration: 40s, {simulation}}}\napps:\n- onSigterm: {{exitAfter: 2s, exitCode: 0}}\n- container: app\n  onSigterm: {{exitAfter: 5s, exitCode: 0}}\nactions:\n- {{at: 20s, pod: p, delete: true}}\n"
    );
    run(&text)
}

/// The `Stopping container` events: (time, container).
fn stops(h: &History) -> Vec<(Millis, String)> {
    events_detail(h, "Killing").iter().map(|e| (e.t, h.container_name(0, e.container.unwrap()).to_string())).collect()
}

/// §8, KEP-753: from 1.29 a deleted pod's sidecars stop only after every
/// regular container has exited, one at a time in reverse order of their
/// start: app at 20 s (exits 25 s), then logs (exits 27 s), then proxy. In
/// 1.28 (SidecarContainers on) every container got SIGTERM at once.
#[test]
fn sidecars_stop_after_the_main_containers_in_reverse_order_from_1_29() {
    let ordered = [(s(20.0), "app".to_string()), (s(25.0), "logs".into()), (s(27.0), "proxy".into())];
    assert_eq!(stops(&with_sidecars("kubernetes: \"1.29\"")), ordered);
    assert_eq!(stops(&with_sidecars("")), ordered);
    let together = stops(&with_sidecars("kubernetes: \"1.28\", featureGates: {SidecarContainers: true}"));
    assert_eq!(together.iter().map(|s| s.0).collect::<Vec<_>>(), [s(20.0); 3]);
}

/// §8.4, #141766: `StopLivenessAndStartup` walks the regular containers, so
/// until 1.38 a sidecar's liveness probe goes on while the pod terminates,
/// and can kill it: the proxy's /health answers 500 from 22 s, its probe
/// (every 5 s, one failure) fails at 25 s and the proxy is killed then,
/// before the app has exited (at 30 s); it is not restarted.
#[test]
fn a_sidecars_liveness_goes_on_while_the_pod_terminates() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: proxy\n    image: envoy:1\n    restartPolicy: Always\n    ports: [{containerPort: 9901}]\n    livenessProbe:\n      httpGet: {path: /health, port: 9901}\n      periodSeconds: 5\n      failureThreshold: 1\n  containers:\n  - {name: app, image: web:1}\n---\nkind: Behaviour\nsimulation: {duration: 40s}\napps:\n- container: app\n  onSigterm: {exitAfter: 10s, exitCode: 0}\n- container: proxy\n  http:\n  - {path: /health, status: 500, from: 22s}\nactions:\n- {at: 20s, pod: p, delete: true}\n";
    let h = run(text);
    let killings: Vec<(Millis, String)> = events(&h, "Killing");
    assert_eq!(
        killings,
        vec![
            (s(20.0), "Stopping container app".into()),
            (s(25.0), "Init container proxy failed liveness probe".into())
        ]
    );
    assert_eq!(event_times(&h, "Started").len(), 2, "nothing restarts");
}
