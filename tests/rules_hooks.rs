//! kubelet-semantics §8.2 and the lifecycle hooks (`postStart`, `preStop`)
//! as the kubelet runs them, with exact times, and what each version's API
//! server keeps of them.
//!
//! Timeline: the container starts at 1 s; the kubelet sees it at the PLEG
//! relist at x.5 s.

mod common;
use common::*;
use probe_playground::diagnostic::Severity;
use probe_playground::history::*;
use probe_playground::scenario;

/// A pod `p` whose container `app` (port 8080) has this `lifecycle` block
/// (indented for the container), deleted at 10 s with the default 30 s grace.
fn hooked(lifecycle: &str, simulation: &str, behaviour: &str) -> String {
    let containers =
        format!("  - name: app\n    image: web:1\n    ports: [{{containerPort: 8080}}]\n    lifecycle:\n{lifecycle}");
    pod(
        "Always",
        &containers,
        &format!(
            "simulation: {{duration: 50s{simulation}}}\n{behaviour}actions:\n- {{at: 10s, pod: p, delete: true}}\n"
        ),
    )
}

/// (finished at, exit code) of container 0's exits.
fn exits(h: &History) -> Vec<(Millis, i32)> {
    let mut out: Vec<(Millis, i32)> = Vec::new();
    for c in container_records(h, 0, 0) {
        let t = match &c.state {
            ContainerState::Terminated(t) => Some(t),
            _ => c.last_state.as_ref(),
        };
        if let Some(t) = t.filter(|t| out.last() != Some(&(t.finished_at, t.exit_code))) {
            out.push((t.finished_at, t.exit_code));
        }
    }
    out
}

/// When the kubelet began stopping the container and when SIGKILL is due.
fn stopping(h: &History) -> Vec<(Millis, Millis)> {
    let mut out: Vec<(Millis, Millis)> = Vec::new();
    for c in container_records(h, 0, 0) {
        if let Some(s) = c.stopping.filter(|s| out.last() != Some(&(s.since, s.kill_at))) {
            out.push((s.since, s.kill_at));
        }
    }
    out
}

/// §8.2: `Killing` is recorded, then the preStop hook runs (here `sleep 5`)
/// and only then the stop signal: the app, which exits at once on SIGTERM,
/// exits at 15 s (143). The hook's 5 s come off the grace: SIGKILL would be
/// due at 15 + 25 = 40 s.
#[test]
fn pre_stop_runs_before_the_stop_signal_within_the_grace() {
    let h = run(&hooked("      preStop:\n        sleep: {seconds: 5}\n", "", ""));
    assert_eq!(event_times(&h, "Killing"), vec![s(10.0)]);
    assert_eq!(exits(&h), vec![(s(15.0), 143)]);
    assert_eq!(stopping(&h), vec![(s(10.0), s(40.0))]);
}

/// §8.2: a preStop hook that outlives the grace period is abandoned when
/// the grace ends (40 s), and `StopContainer` still gets its 2 s minimum:
/// SIGTERM at 40 s, SIGKILL at 42 s for an app that ignores SIGTERM.
#[test]
fn a_pre_stop_longer_than_the_grace_gets_two_seconds_more() {
    let hook = "      preStop:\n        exec: {command: [sh, -c, sleep 45]}\n";
    let h = run(&hooked(hook, "", "apps:\n- onSigterm: ignore\n"));
    assert_eq!(exits(&h), vec![(s(42.0), 137)]);
    assert_eq!(stopping(&h), vec![(s(10.0), s(42.0))]);
}

/// A failing preStop hook is a `FailedPreStopHook` event when it returns,
/// and the stop goes on. From 1.26 the event hides the output
/// (`PreStopHook failed`); 1.25 says what failed and how.
#[test]
fn a_failing_pre_stop_hook_is_an_event_and_the_stop_goes_on() {
    let hook = "      preStop:\n        exec: {command: [/drain.sh]}\n";
    let behaviour = "apps:\n- exec:\n  - {command: drain, exitCode: 3, duration: 2s, output: queue busy}\n";
    let h = run(&hooked(hook, "", behaviour));
    assert_eq!(events(&h, "FailedPreStopHook"), vec![(s(12.0), "PreStopHook failed".to_string())]);
    assert_eq!(exits(&h), vec![(s(12.0), 143)]);
    let h = run(&hooked(hook, ", kubernetes: \"1.25\"", behaviour));
    let uid = h.pod(0).uid.clone();
    assert_eq!(
        events(&h, "FailedPreStopHook"),
        vec![(
            s(12.0),
            format!(
                "Exec lifecycle hook ([/drain.sh]) for Container \"app\" in Pod \"p_default({uid})\" failed - error: command '/drain.sh' exited with 3: queue busy, message: \"queue busy\""
            )
        )]
    );
}

/// `startContainer` step 4: the postStart hook runs right after the
/// `Started` event, and the kubelet counts the container as started only
/// when it returns: `sleep 3` from 1 s, seen running at the 4.5 s relist,
/// readiness probing from then.
#[test]
fn post_start_holds_the_start_until_it_returns() {
    let text = hooked(
        "      postStart:\n        exec: {command: [sh, -c, sleep 3]}\n    readinessProbe:\n      httpGet: {path: /, port: 8080}\n",
        ", duration: 8s",
        "",
    );
    let h = run(&text);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0)]);
    let running = container_records(&h, 0, 0).into_iter().find(|c| matches!(c.state, ContainerState::Running { .. }));
    assert_eq!(running.map(|c| c.t), Some(s(4.5)));
    assert_eq!(probe_times(&h, probe_playground::spec::ProbeKind::Readiness), vec![s(4.5)]);
}

/// A failing postStart hook: `FailedPostStartHook` when it returns, the
/// container is killed (`Killing FailedPostStartHook`) and waits as
/// `PostStartHookError`, then the pod sync restarts it, as a crash would be
/// (at once the first time: started 3.5 s, failing again at 4.5 s).
#[test]
fn a_failing_post_start_kills_the_container() {
    let hook = "      postStart:\n        exec: {command: [/register.sh]}\n";
    let behaviour = "apps:\n- exec:\n  - {command: register, exitCode: 1, duration: 1s}\n";
    let h = run(&hooked(hook, ", duration: 9s", behaviour));
    let failed = "PostStartHook failed".to_string();
    assert_eq!(events(&h, "FailedPostStartHook"), vec![(s(2.0), failed.clone()), (s(4.5), failed)]);
    assert_eq!(events(&h, "Killing")[0], (s(2.0), "FailedPostStartHook".to_string()));
    assert_eq!(exits(&h)[0], (s(2.0), 143));
    let waiting = container_at(&h, 0, 0, s(2.5));
    assert_eq!(waiting.state.reason(), Some("PostStartHookError"));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(3.5)]);
}

/// The warnings of a scenario: (line, message with its path).
fn warnings(text: &str) -> Vec<(u32, String)> {
    let s = scenario::load(text);
    s.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| (d.span.line, d.text())).collect()
}

/// The `sleep` action (PodLifecycleSleepAction, beta from 1.30): kept, it
/// delays SIGTERM; on 1.29 the API server drops it and the preStop hook with
/// it (a warning at the field), so SIGTERM comes at the deletion.
#[test]
fn the_sleep_action_is_kept_from_1_30() {
    let hook = "      preStop:\n        sleep: {seconds: 5}\n";
    assert_eq!(exits(&run(&hooked(hook, ", kubernetes: \"1.30\"", ""))), vec![(s(15.0), 143)]);
    let text = hooked(hook, ", kubernetes: \"1.29\"", "");
    assert_eq!(
        warnings(&text),
        vec![(14, "spec.containers[0].lifecycle.preStop.sleep: Kubernetes 1.29 drops this field when the pod is created (PodLifecycleSleepAction is off); simulated without it: the hook is not run".to_string())]
    );
    assert_eq!(exits(&run(&text)), vec![(s(10.0), 143)]);
}

/// `sleep: {seconds: 0}` (PodLifecycleSleepActionAllowZero, beta from 1.33)
/// is a no-op hook; 1.32 rejects it. A sleep longer than the grace period
/// is an error at its value whatever the version.
#[test]
fn sleep_zero_is_allowed_from_1_33() {
    let hook = "      preStop:\n        sleep: {seconds: 0}\n";
    assert!(warnings(&hooked(hook, ", kubernetes: \"1.33\"", "")).is_empty());
    assert_eq!(
        warnings(&hooked(hook, ", kubernetes: \"1.32\"", ""))[0].1,
        "spec.containers[0].lifecycle.preStop.sleep.seconds: Kubernetes 1.32 rejects sleep.seconds 0 (PodLifecycleSleepActionAllowZero is off): must be greater than 0 and less than terminationGracePeriodSeconds; simulated without the hook"
    );
    let long = scenario::load(&hooked("      preStop:\n        sleep: {seconds: 40}\n", "", ""));
    let errors: Vec<String> =
        long.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.text()).collect();
    assert_eq!(
        errors,
        [
            "spec.containers[0].lifecycle.preStop.sleep.seconds: Invalid value: 40: must be non-negative and less than terminationGracePeriodSeconds (30)"
        ]
    );
}
