//! kubelet-semantics §2 (worker lifecycle and timing) and §3 (counting,
//! thresholds, propagation): one test per rule, with exact simulated times.
//!
//! The shared timeline (see tests/kubelet_rules.rs): the pod's first sync at
//! t=0 starts its probe workers' tickers; the container starts at 1 s and the
//! kubelet sees it at the PLEG relist at 1.5 s; relists fall on every x.5 s.

mod common;
use common::*;
use probe_playground::history::*;
use probe_playground::spec::ProbeKind::{Liveness, Readiness, Startup};

fn http_probe(kind: &str, path: &str, fields: &str) -> String {
    format!("        {kind}:\n          httpGet: {{path: {path}, port: 8080}}\n{fields}")
}

/// §2.1 "workers live for the pod's lifetime, not recreated on restart" and
/// §2.3 step 8 "the initial delay is measured from the current instance's
/// start, so it applies again after every restart": initialDelaySeconds 15,
/// period 10, always 500. First instance (started 1 s): the tick at 10 s sees
/// 9 s of uptime and skips; 20, 30, 40 s fail; killed at 40 s. The second
/// instance starts at 41 s, yet the ticker keeps its phase (…, 50, 60 s): the
/// tick at 50 s sees 9 s of uptime and skips again; 60, 70, 80 s fail.
#[test]
fn initial_delay_applies_again_after_every_restart_on_the_same_ticker() {
    let spec = http_probe("livenessProbe", "/health", "          initialDelaySeconds: 15\n");
    let h = run(&format!(
        "{}simulation: {{duration: 85s}}\n",
        deployment(1, &spec, "apps:\n- http:\n  - {path: /health, status: 500}\n")
    ));
    assert_eq!(probe_times(&h, Liveness), vec![s(20.0), s(30.0), s(40.0), s(60.0), s(70.0), s(80.0)]);
    assert_eq!(event_times(&h, "Killing"), vec![s(40.0), s(80.0)]);
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(41.0), s(81.0)]);
}

/// §2.3 step 6 "no probe runs while the container is in back-off" (the
/// worker only re-asserts Failure) and step 4 "a new container ID resets
/// the result to the initial value": a container that crashes 5 s after
/// every start, readiness every 2 s. Exits at 6 s (seen 6.5 s, restarted at
/// once, started 7.5 s) and 12.5 s (back-off 10 s: no start before 22.5 s).
/// Readiness probes on the ticks while it runs, and on none of the five ticks
/// (13.5 … 21.5 s) of the back-off; the new instance is not Ready until its
/// own first probe.
#[test]
fn no_probe_while_the_container_is_not_running() {
    let spec = http_probe("readinessProbe", "/ready", "          periodSeconds: 2\n");
    let h = run(&format!(
        "{}simulation: {{duration: 22s}}\n",
        deployment(1, &spec, "apps:\n- crash:\n  - {after: 5s, exitCode: 1}\n")
    ));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(7.5)]);
    assert_eq!(probe_times(&h, Readiness), vec![s(1.5), s(3.5), s(5.5), s(7.5), s(9.5), s(11.5)]);
    assert_eq!(
        ready_changes(&h, 0),
        vec![(0, false), (s(1.5), true), (s(6.5), false), (s(7.5), true), (s(12.5), false)]
    );
    let waiting = container_at(&h, 0, 0, s(21.9));
    assert!(matches!(&waiting.state, ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff"));
}

/// §2.5 "right after readiness flips to Failure, the resulting pod sync
/// triggers one extra readiness probe straight away", which also resets the
/// ticker (§2.2 step 4). Period 10, failureThreshold 1, /ready 503 from 30 s
/// to 60 s: the tick at 31.5 s fails and flips the result; the sync it causes
/// probes again at 31.5 s; the ticks go on from there (41.5, 51.5 s); 61.5 s
/// passes and the pod is Ready again.
#[test]
fn readiness_probes_again_at_once_when_it_turns_to_failure() {
    let spec = http_probe("readinessProbe", "/ready", "          failureThreshold: 1\n");
    let behaviour =
        "simulation: {duration: 75s}\napps:\n- http:\n  - {path: /ready, status: 503, from: 30s, until: 60s}\n";
    let h = run(&deployment(1, &spec, behaviour));
    let results: Vec<(Millis, ProbeResult)> = probes(&h, Readiness);
    use ProbeResult::{Failure as F, Success as S};
    assert_eq!(
        results,
        vec![
            (s(1.5), S),
            (s(11.5), S),
            (s(21.5), S),
            (s(31.5), F),
            (s(31.5), F),
            (s(41.5), F),
            (s(51.5), F),
            (s(61.5), S),
            (s(71.5), S)
        ]
    );
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(1.5), true), (s(31.5), false), (s(61.5), true)]);
}

/// §3.1 "successThreshold: 2 on readiness needs S,S". /ready answers 503
/// for the first 5 s of the container. At the first sighting (1.5 s)
/// readiness runs twice: the sync after the PLEG relist triggers it (no
/// result yet, §2.5); that run writes the initial Failure, a result change
/// whose sync triggers it again (§2.4), and the trigger channel holds it
/// until the first run is done. Both fail. 11.5 s passes (run 1: still not
/// Ready, and no result change, so no sync and no extra probe); 21.5 s passes
/// (run 2): Ready.
#[test]
fn success_threshold_two_needs_two_consecutive_successes() {
    let spec = http_probe("readinessProbe", "/ready", "          successThreshold: 2\n");
    let behaviour = "simulation: {duration: 30s}\napps:\n- http:\n  - {path: /ready, status: 503, before: 5s}\n";
    let h = run(&deployment(1, &spec, behaviour));
    use ProbeResult::{Failure as F, Success as S};
    assert_eq!(probes(&h, Readiness), vec![(s(1.5), F), (s(1.5), F), (s(11.5), S), (s(21.5), S)]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(21.5), true)]);
}

/// §2.4 and §2.5 together, as above: the two runs at the first sighting
/// both count, so an app that passes at once is Ready at 1.5 s even with
/// successThreshold 2.
#[test]
fn readiness_runs_twice_at_the_first_sighting_of_a_container() {
    let spec = http_probe("readinessProbe", "/ready", "          successThreshold: 2\n");
    let h = run(&format!("{}simulation: {{duration: 15s}}\n", deployment(1, &spec, "")));
    assert_eq!(probe_times(&h, Readiness), vec![s(1.5), s(1.5), s(11.5)]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(1.5), true)]);
}

/// §3.2 "readiness: no hold; it keeps probing at every period in both
/// directions … readiness failure never restarts the container", with
/// failureThreshold 2 and successThreshold 2. Ready at 1.5 s (the double
/// run above). /ready 503 from 25 s to 50 s: 31.5 s fails (run 1), 41.5 s
/// fails (run 2: not Ready, plus the extra probe of §2.5 at 41.5 s); 51.5 s
/// passes (run 1), 61.5 s passes (run 2: Ready). No kill, no restart.
#[test]
fn readiness_goes_both_ways_on_its_thresholds_and_never_kills() {
    let spec = http_probe("readinessProbe", "/ready", "          failureThreshold: 2\n          successThreshold: 2\n");
    let behaviour =
        "simulation: {duration: 70s}\napps:\n- http:\n  - {path: /ready, status: 503, from: 25s, until: 50s}\n";
    let h = run(&deployment(1, &spec, behaviour));
    assert_eq!(
        probe_times(&h, Readiness),
        vec![s(1.5), s(1.5), s(11.5), s(21.5), s(31.5), s(41.5), s(41.5), s(51.5), s(61.5)]
    );
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(1.5), true), (s(41.5), false), (s(61.5), true)]);
    assert!(events(&h, "Killing").is_empty());
    assert_eq!(restarts(&h, 0, 0), vec![]);
}

/// §3.3 "readiness: if the previous instance ended with a run of successes,
/// the new instance's first success extends that run": successThreshold 3.
/// Ready at 11.5 s (two runs at 1.5 s, as above, then 11.5 s). A crash at
/// 25 s; the restart is immediate (seen 25.5 s, started 26.5 s, seen at
/// once). The new instance's first success, at 26.5 s, is the run's fifth:
/// Ready at once. Counted afresh it would be the first, and with the extra
/// run of the first sighting the pod would be Ready only at 36.5 s.
#[test]
fn a_readiness_success_run_carries_over_a_restart() {
    let spec = http_probe("readinessProbe", "/ready", "          successThreshold: 3\n");
    let behaviour = "simulation: {duration: 50s}\nactions:\n- {at: 25s, workload: web, crash: {exitCode: 1}}\n";
    let h = run(&deployment(1, &spec, behaviour));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(26.5)]);
    assert_eq!(probe_times(&h, Readiness), vec![s(1.5), s(1.5), s(11.5), s(21.5), s(26.5), s(36.5), s(46.5)]);
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(11.5), true), (s(25.5), false), (s(26.5), true)]);
}

/// §3.3 "liveness after a crash (a restart not caused by liveness): a
/// partial run of failures carries over": failureThreshold 3, /health 500
/// from 15 s. The tick at 20 s fails (run 1); the app crashes at 22 s and
/// restarts at once (started 23.5 s); 30 s fails (run 2), 40 s fails (run 3):
/// killed at 40 s, one tick before a fresh count would (50 s).
#[test]
fn a_liveness_failure_run_carries_over_a_crash() {
    let spec = http_probe("livenessProbe", "/health", "");
    let behaviour = "simulation: {duration: 45s}\napps:\n- http:\n  - {path: /health, status: 500, from: 15s}\nactions:\n- {at: 22s, workload: web, crash: {exitCode: 1}}\n";
    let h = run(&deployment(1, &spec, behaviour));
    assert_eq!(event_times(&h, "Started")[..2], [s(1.0), s(23.5)]);
    assert_eq!(probe_times(&h, Liveness), vec![s(10.0), s(20.0), s(30.0), s(40.0)]);
    assert_eq!(
        events(&h, "Killing"),
        vec![(s(40.0), "Container app failed liveness probe, will be restarted".to_string())]
    );
}

/// §2.6 "StopLivenessAndStartup is called at the start of
/// SyncTerminatingPod" and §2.3 step 7: a startup probe still failing when
/// the pod is deleted stops at once, so its budget can no longer kill the
/// container. Startup period 10, failureThreshold 5, the app never serves:
/// 10, 20, 30 s fail; deleted at 35 s; no startup probe after, no startup
/// kill, only `Stopping container app`; the app exits 20 s after SIGTERM and
/// the pod is gone at the next relist.
#[test]
fn deletion_stops_the_startup_probe() {
    let spec = "        startupProbe:\n          tcpSocket: {port: 8080}\n          failureThreshold: 5\n        readinessProbe:\n          tcpSocket: {port: 8080}\n";
    let behaviour = "simulation: {duration: 90s}\napps:\n- startup: 1h\n  onSigterm: {exitAfter: 20s, exitCode: 0}\nactions:\n- {at: 35s, workload: web, replica: 0, delete: true}\n";
    let h = run(&deployment(1, spec, behaviour));
    assert_eq!(pod_probe_times(&h, 0, Startup), vec![s(10.0), s(20.0), s(30.0)]);
    assert_eq!(pod_probe_times(&h, 0, Readiness), Vec::<Millis>::new());
    assert_eq!(
        events_detail(&h, "Killing")
            .iter()
            .filter(|e| e.pod == Some(0))
            .map(|e| (e.t, e.message.as_str()))
            .collect::<Vec<_>>(),
        vec![(s(35.0), "Stopping container app")]
    );
    let removed = pod_records(&h, 0).into_iter().find(|p| p.removed).map(|p| p.t);
    assert_eq!(removed, Some(s(55.5)));
}

/// §2.5 "while a container is not Ready, readiness may run more often than
/// periodSeconds: once per pod sync. Pod syncs come from PLEG events, …":
/// `app` never passes readiness (period 60 s); the pod's other container,
/// `worker`, exits 20 s after its 1 s start. The relist that sees the exit
/// (21.5 s) and the one that sees the restart (22.5 s) each sync the pod,
/// and each sync runs `app`'s readiness again, resetting its ticker.
#[test]
fn readiness_runs_at_every_pod_sync_while_not_ready() {
    let containers = "  - name: app
    image: app:1
    ports: [{containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
      periodSeconds: 60
  - name: worker
    image: worker:1
";
    let behaviour = "simulation: {duration: 40s}\napps:\n- container: app\n  http:\n  - {path: /ready, status: 503}\n- container: worker\n  crash: [{after: 20s, exitCode: 1}]\n";
    let h = run(&pod("Always", containers, behaviour));
    assert_eq!(event_times(&h, "Started"), vec![s(1.0), s(1.0), s(22.5)]);
    assert_eq!(probe_times(&h, Readiness), vec![s(1.5), s(1.5), s(21.5), s(22.5)]);
}

/// kubelet-semantics §1.3: `ports` are informational; the kubelet dials the
/// probe's port whether or not the container declares it. A healthy app
/// serves every port it is asked on: a liveness probe on the undeclared
/// port 10254 (ingress-nginx's health port) succeeds, so nothing restarts.
#[test]
fn a_probe_on_an_undeclared_port_reaches_a_healthy_app() {
    let spec = "        livenessProbe:\n          httpGet: {path: /healthz, port: 10254}\n";
    let h = run(&format!("{}simulation: {{duration: 2m}}\n", deployment(1, spec, "")));
    let results: Vec<ProbeResult> = probes(&h, Liveness).into_iter().map(|(_, r)| r).collect();
    assert_eq!(results, vec![ProbeResult::Success; 12]);
    assert!(event_times(&h, "Killing").is_empty());
}

/// The same for a Service's numbered `targetPort` no container declares:
/// client traffic to it (5 s to 10 s, both included) reaches the app.
#[test]
fn a_service_target_port_reaches_a_healthy_app() {
    let text = format!(
        "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: 80, targetPort: 9090}}]\n---\n{}",
        deployment(1, "", "").split("---").next().unwrap(),
        "kind: Behaviour\nsimulation: {duration: 10s}\ntraffic:\n- {service: web, rps: 10, from: 5s}\n"
    );
    let h = run(&text);
    let traffic: Vec<(u32, u32)> = h
        .records
        .iter()
        .filter_map(|r| if let Record::Traffic(t) = r { Some((t.ok, t.failed)) } else { None })
        .collect();
    assert_eq!(traffic, vec![(10, 0); 6]);
}
