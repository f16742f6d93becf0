//! The gallery's scenarios tell their stories: each test runs one through the
//! simulator and checks its lesson at the times `gallery.rs`'s notes and the
//! files' comments give. Times that depend on the kubelet's jittered retries
//! are checked against the bounds the rules allow.
//!
//! Shared timeline: pods are created and first synced at 0 s, which starts
//! their probe workers' tickers; containers start 1 s after the start
//! decision, and the kubelet sees it at the next PLEG relist (x.5 s).

mod common;
use common::*;
use probe_playground::diagnostic::Severity;
use probe_playground::gallery::{Example, examples};
use probe_playground::history::*;
use probe_playground::scenario;
use probe_playground::sim::timings::KUBE_PROXY_DELAY;
use probe_playground::spec::ProbeKind::{Liveness, Readiness, Startup};

/// A scenario without its scripted actions (they come last in the lessons).
fn without_actions(text: &str) -> String {
    text.split("\nactions:\n").next().unwrap().to_string()
}

fn example(id: &str) -> &'static Example {
    examples().iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no example {id}"))
}

fn run_example(id: &str) -> History {
    run(example(id).text)
}

/// Pods of a workload, in creation order.
fn pods_of(h: &History, workload: &str) -> Vec<PodId> {
    let name = format!("Deployment/{workload}");
    (0..h.pods.len() as PodId).filter(|&p| h.pod(p).workload == name).collect()
}

fn service_index(h: &History, name: &str) -> u32 {
    h.services.iter().position(|s| s == name).unwrap_or_else(|| panic!("no service {name}")) as u32
}

/// Seconds of client traffic to a Service, grouped into runs:
/// `(first second, last second, None)` for runs where every request
/// succeeded, `Some(reason)` where requests failed (all of them, or, while
/// kube-proxy still sends some to a pod that has just gone, some).
fn traffic_runs(h: &History, service: &str) -> Vec<(Millis, Millis, Option<String>)> {
    let s = service_index(h, service);
    let mut runs: Vec<(Millis, Millis, Option<String>)> = Vec::new();
    for r in &h.records {
        let Record::Traffic(t) = r else { continue };
        if t.service != s {
            continue;
        }
        let outcome = if t.failed > 0 { t.failure.clone() } else { None };
        match runs.last_mut() {
            Some(last) if last.2 == outcome => last.1 = t.t,
            _ => runs.push((t.t, t.t, outcome)),
        }
    }
    runs
}

fn failed_requests(h: &History, service: &str) -> u32 {
    let s = service_index(h, service);
    h.records
        .iter()
        .filter_map(|r| if let Record::Traffic(t) = r { (t.service == s).then_some(t.failed) } else { None })
        .sum()
}

/// Every second of traffic fails when kube-proxy has no ready endpoint for
/// the Service (none serving while terminating either): when the slice had
/// none `KUBE_PROXY_DELAY` before. Requests fail otherwise only while
/// kube-proxy still points at a pod the slice has just dropped.
fn assert_clients_fail_only_without_ready_endpoints(h: &History, service: &str) {
    let s = service_index(h, service);
    let mut slices: Vec<(Millis, usize)> = vec![(0, 0)];
    for r in &h.records {
        match r {
            Record::Endpoints(e) if e.service == s => slices.push((e.t, e.ready.len() + e.serving_terminating.len())),
            Record::Traffic(t) if t.service == s => {
                let programmed = slices.iter().rev().find(|(at, _)| *at + KUBE_PROXY_DELAY <= t.t).map_or(0, |s| s.1);
                let changed_since = slices.last().is_some_and(|(at, _)| *at + KUBE_PROXY_DELAY > t.t);
                if programmed == 0 {
                    assert_eq!(t.ok, 0, "at {} ms: {t:?} with no programmed endpoint", t.t);
                } else if t.failed > 0 {
                    assert!(changed_since, "at {} ms: {t:?} with {programmed} programmed endpoints", t.t);
                }
            }
            _ => {}
        }
    }
}

/// `(time, ready endpoints)` at each change of a Service's ready endpoints.
fn ready_endpoints(h: &History, service: &str) -> Vec<(Millis, usize)> {
    let s = service_index(h, service);
    let mut out: Vec<(Millis, usize)> = Vec::new();
    for r in &h.records {
        if let Record::Endpoints(e) = r
            && e.service == s
            && out.last().map(|l| l.1) != Some(e.ready.len())
        {
            out.push((e.t, e.ready.len()));
        }
    }
    out
}

fn pod_events(h: &History, pod: PodId, reason: &str) -> Vec<(Millis, String)> {
    h.records
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) if e.pod == Some(pod) && e.reason.as_str() == reason => Some((e.t, e.message.clone())),
            _ => None,
        })
        .collect()
}

fn pod_event_times(h: &History, pod: PodId, reason: &str) -> Vec<Millis> {
    pod_events(h, pod, reason).into_iter().map(|e| e.0).collect()
}

fn last_restart_count(h: &History, pod: PodId, container: u16) -> u32 {
    container_records(h, pod, container).last().map_or(0, |c| c.restart_count)
}

/// The three pods of a fixed rollout started at `at` (maxSurge 1,
/// maxUnavailable 0): each is created when the one before is Ready, and is
/// Ready at its first readiness probe. The kubelet's relist and the probe
/// tick land 6.5 s after the first creation, 6 s after the half-second ones.
fn assert_rolled_out_one_at_a_time(h: &History, new: &[PodId], at: Millis) {
    let created = [at, at + s(6.5), at + s(12.5)];
    let ready = [at + s(6.5), at + s(12.5), at + s(18.5)];
    for (i, &pod) in new.iter().enumerate() {
        assert_eq!(h.pod(pod).created_ms, created[i]);
        assert_eq!(ready_changes(h, pod), vec![(created[i], false), (ready[i], true)]);
    }
}

fn removed_at(h: &History, pod: PodId) -> Option<Millis> {
    h.records
        .iter()
        .find_map(|r| if let Record::Pod(p) = r { (p.pod == pod && p.removed).then_some(p.t) } else { None })
}

/// Every example loads with no errors, has a unique id and a note, and runs.
#[test]
fn every_example_loads_without_errors() {
    let all = examples();
    assert_eq!(all.len(), 12);
    assert_eq!(all[0].id, "slow-start-readiness", "the playground opens with the first example");
    for (i, e) in all.iter().enumerate() {
        let loaded = scenario::load(e.text);
        let errors: Vec<String> =
            loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render(e.id)).collect();
        assert!(errors.is_empty(), "{}:\n{}", e.id, errors.join("\n"));
        assert!(!loaded.workloads.is_empty(), "{}", e.id);
        assert!(all[..i].iter().all(|other| other.id != e.id), "duplicate id {}", e.id);
        assert!(e.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", e.id);
        let sentences = e.watch.matches(". ").count() + 1;
        assert!((2..=4).contains(&sentences) && !e.title.is_empty(), "{}: {sentences} sentences", e.id);
        assert!(loaded.simulate().records.len() > 10, "{}", e.id);
    }
}

/// Warnings in the gallery are the lesson's own: a behaviour path that no
/// probe requests because the probe has the typo (lesson 2), and the named
/// port that the kubelet cannot resolve (lesson 9). The others load clean.
#[test]
fn only_the_typo_lessons_carry_warnings() {
    for e in examples() {
        let warnings: Vec<String> = scenario::load(e.text).diagnostics.iter().map(|d| d.message.clone()).collect();
        match e.id {
            "wrong-liveness-path" => assert_eq!(warnings, vec!["no probe requests the path \"/healthy/liveness\""]),
            "wrong-readiness-path" => assert_eq!(warnings, vec!["no probe requests the path \"/healthy/readiness\""]),
            "named-port-typo" => {
                assert_eq!(warnings.len(), 2);
                assert!(warnings.iter().all(|w| w.starts_with("port \"http-metrics\" is not declared")));
            }
            id => assert_eq!(warnings, Vec::<String>::new(), "{id}"),
        }
    }
}

/// Lesson 1: a slow start behind readiness. Clients fail while the Service
/// has no ready endpoint; the first probes wait out initialDelaySeconds (the
/// container starts at 1 s: readiness, whose ticker the 1.5 s trigger reset,
/// runs at 11.5 s; liveness on its own tick at 20 s); the pod is Ready at the
/// first readiness success; nothing restarts.
#[test]
fn slow_start_is_hidden_behind_readiness() {
    let h = run_example("slow-start-readiness");
    assert_eq!(probes(&h, Readiness)[0], (s(11.5), ProbeResult::Success));
    assert_eq!(&probe_times(&h, Readiness)[..3], &[s(11.5), s(21.5), s(31.5)]);
    assert_eq!(&probe_times(&h, Liveness)[..3], &[s(20.0), s(30.0), s(40.0)]);
    assert!(probes(&h, Liveness).iter().chain(&probes(&h, Readiness)).all(|p| p.1 == ProbeResult::Success));
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(11.5), true)]);
    assert_eq!(ready_endpoints(&h, "hello-go"), vec![(0, 0), (s(11.5), 1)]);
    assert_eq!(
        traffic_runs(&h, "hello-go"),
        vec![(0, s(13.0), Some("no ready endpoints".into())), (s(14.0), s(120.0), None)]
    );
    // kube-proxy programs the ready endpoint 2 s after it appears (13.5 s).
    assert_eq!(failed_requests(&h, "hello-go"), 14 * 5);
    assert!(events(&h, "Unhealthy").is_empty() && events(&h, "Killing").is_empty());
    assert_eq!(last_restart_count(&h, 0, 0), 0);
}

/// Lesson 1, what the history cannot show: the probes' X-Probe header is in
/// the scenario (and in `describe`), but probe records carry only the result
/// and output, not the request.
#[test]
fn slow_start_probes_carry_their_headers_in_the_spec() {
    let loaded = scenario::load(example("slow-start-readiness").text);
    let container = &loaded.workloads[0].template.spec.containers[0];
    for (kind, value) in [(Readiness, "readiness"), (Liveness, "liveness")] {
        match &container.probe(kind).unwrap().handler {
            probe_playground::spec::Handler::HttpGet { headers, .. } => {
                assert_eq!(headers, &vec![("X-Probe".to_string(), value.to_string())])
            }
            other => panic!("{other:?}"),
        }
    }
}

/// Lesson 2a: liveness at a path the app does not serve. Every liveness
/// probe gets 404; the third failure kills, again and again: four immediate
/// restarts, then CrashLoopBackOff with a back-off that doubles (40 s, 80 s,
/// 160 s from each kill); while no pod is ready, clients fail.
#[test]
fn wrong_liveness_path_kills_into_crash_loop_back_off() {
    let h = run_example("wrong-liveness-path");
    let pods = pods_of(&h, "hello-express");
    assert_eq!(pods.len(), 6, "three pods, then three of the fixed rollout");
    for &pod in &pods[..3] {
        let kills = pod_event_times(&h, pod, "Killing");
        assert_eq!(&kills[..5], &[s(20.0), s(40.0), s(60.0), s(80.0), s(100.0)]);
        assert_eq!(kills.len(), 7, "the eighth kill would come after the fix replaced the pod");
        assert!(
            pod_events(&h, pod, "Killing")
                .iter()
                .all(|k| k.1 == "Container hello-express failed liveness probe, will be restarted")
        );
        let started = pod_event_times(&h, pod, "Started");
        assert_eq!(&started[..5], &[s(1.0), s(21.0), s(41.0), s(61.0), s(81.0)]);
        // From the fifth kill the restart waits out the back-off from the
        // kill (40 s, 80 s), plus the pod worker's 10-15 s retry; the pod is
        // deleted by the fixed rollout while it waits out the third (160 s).
        assert_eq!(started.len(), 7);
        for (k, backoff) in [(4, 40.0), (5, 80.0)] {
            let (kill, start) = (kills[k], started[k + 1]);
            assert!(
                start >= kill + s(backoff) + s(1.0) && start <= kill + s(backoff + 15.0 + 1.0),
                "kill {kill}, start {start}"
            );
        }
        assert_eq!(pod_event_times(&h, pod, "BackOff")[0], s(100.0));
        assert_eq!(last_restart_count(&h, pod, 0), 6);
        let unhealthy = pod_events(&h, pod, "Unhealthy");
        let liveness_404 =
            unhealthy.iter().filter(|e| e.1 == "Liveness probe failed: HTTP probe failed with statuscode: 404").count();
        assert_eq!(liveness_404, 21);
        let waiting = container_records(&h, pod, 0).into_iter().filter_map(|c| match &c.state {
            ContainerState::Waiting { reason, message } if reason == "CrashLoopBackOff" => Some(message.clone()),
            _ => None,
        });
        let messages: Vec<String> = waiting.map(|m| m.split(" restarting").next().unwrap().to_string()).collect();
        assert_eq!(messages, vec!["back-off 40s", "back-off 1m20s", "back-off 2m40s"]);
    }
    let old_probes = probes(&h, Liveness).into_iter().filter(|p| p.0 < s(360.0));
    assert!(old_probes.into_iter().all(|p| p.1 == ProbeResult::Failure));
    assert_clients_fail_only_without_ready_endpoints(&h, "hello-express");
    let runs = traffic_runs(&h, "hello-express");
    assert_eq!(
        &runs[..3],
        &[
            (0, s(8.0), Some("no ready endpoints".into())),
            (s(9.0), s(20.0), None),
            // The kill at 20 s: kube-proxy sends to the dead pods until 22.5 s.
            (s(21.0), s(22.0), Some("connection refused".into()))
        ]
    );
    assert!(failed_requests(&h, "hello-express") > 3600 / 2, "clients fail most of the time once in back-off");
}

/// Lesson 2a, the fix rolled out at 6:00 (maxSurge 1, maxUnavailable 0 of 3):
/// one new pod at a time, each Ready at its first readiness probe; only
/// then is a crash-looping pod deleted and the next new pod created. The new pods never fail liveness, and clients get
/// through from the first second with a ready endpoint.
#[test]
fn the_fixed_liveness_path_rolls_out_and_recovers() {
    let h = run_example("wrong-liveness-path");
    let pods = pods_of(&h, "hello-express");
    let (old, new) = pods.split_at(3);
    assert_rolled_out_one_at_a_time(&h, new, s(360.0));
    for &pod in new {
        assert!(pod_events(&h, pod, "Unhealthy").iter().all(|e| e.1.starts_with("Readiness")));
        assert!(pod_events(&h, pod, "Killing").is_empty());
        assert_eq!(last_restart_count(&h, pod, 0), 0);
    }
    let removed: Vec<Option<Millis>> = old.iter().map(|&p| removed_at(&h, p)).collect();
    assert_eq!(removed, vec![Some(s(378.5)), Some(s(372.5)), Some(s(366.5))]);
    assert_eq!(ready_endpoints(&h, "hello-express").last(), Some(&(s(378.5), 3)));
    let runs = traffic_runs(&h, "hello-express");
    assert_eq!(runs.last(), Some(&(s(369.0), s(600.0), None)));
}

/// Lesson 2a fixed: with the liveness path the app serves, the pods are
/// Ready at their first readiness probe and never restart.
#[test]
fn fixing_the_liveness_path_recovers() {
    let text = without_actions(example("wrong-liveness-path").text)
        .replace("path: /health/liveness", "path: /healthy/liveness");
    let fixed = scenario::load(&text);
    assert!(fixed.diagnostics.is_empty(), "{:?}", fixed.diagnostics);
    let h = fixed.simulate();
    assert!(events(&h, "Killing").is_empty() && events(&h, "Unhealthy").is_empty());
    for pod in pods_of(&h, "hello-express") {
        assert_eq!(ready_changes(&h, pod), vec![(0, false), (s(6.5), true)]);
    }
    assert_eq!(
        traffic_runs(&h, "hello-express"),
        vec![(0, s(8.0), Some("no ready endpoints".into())), (s(9.0), s(600.0), None)]
    );
}

/// Lesson 2b: readiness at a path the app does not serve. Every readiness
/// probe gets 404, for ever; the pods run 0/1, never restart, and the
/// Service has no ready endpoint, so every client request fails.
#[test]
fn wrong_readiness_path_leaves_pods_running_unready() {
    let h = run_example("wrong-readiness-path");
    let fix = s(240.0);
    for &pod in &pods_of(&h, "hello-express")[..3] {
        assert_eq!(ready_changes(&h, pod), vec![(0, false)]);
        let readiness = pod_probes(&h, pod, Readiness);
        assert_eq!(readiness[0], (s(6.5), ProbeResult::Failure));
        assert!(readiness.iter().all(|p| p.1 == ProbeResult::Failure));
        assert!(
            pod_events(&h, pod, "Unhealthy")
                .iter()
                .all(|e| e.1 == "Readiness probe failed: HTTP probe failed with statuscode: 404")
        );
        let before_fix = container_records(&h, pod, 0).into_iter().rfind(|c| c.t < fix).unwrap();
        assert!(
            matches!(before_fix.state, ContainerState::Running { .. })
                && !before_fix.ready
                && before_fix.restart_count == 0
        );
        assert!(pod_event_times(&h, pod, "Killing").iter().all(|&t| t > fix), "only the rollout stops them");
    }
    assert!(probes(&h, Liveness).iter().all(|p| p.1 == ProbeResult::Success));
    assert_eq!(ready_endpoints(&h, "hello-express")[..2], [(0, 0), (s(246.5), 1)]);
    assert_eq!(traffic_runs(&h, "hello-express")[0], (0, s(248.0), Some("no ready endpoints".into())));
    let view = probe_playground::view::get_pods(&h, s(120.0));
    assert!(view.lines().skip(1).all(|l| l.contains(" 0/1 ") && l.contains("Running") && l.contains(" 0 ")), "{view}");
}

/// Lesson 2b, the fix rolled out at 4:00: each new pod is Ready at its first
/// readiness probe, and only then is an old pod stopped (maxUnavailable 0). The old pods, never ready, are stopped as
/// SIGTERM finds them: the app exits at once with 143.
#[test]
fn the_fixed_readiness_path_rolls_out_and_recovers() {
    let h = run_example("wrong-readiness-path");
    let pods = pods_of(&h, "hello-express");
    let (old, new) = pods.split_at(3);
    assert_rolled_out_one_at_a_time(&h, new, s(240.0));
    for &pod in new {
        assert!(pod_events(&h, pod, "Unhealthy").is_empty());
    }
    let stopped: Vec<Vec<Millis>> = old.iter().map(|&p| pod_event_times(&h, p, "Killing")).collect();
    assert_eq!(stopped, vec![vec![s(258.5)], vec![s(252.5)], vec![s(246.5)]]);
    for &pod in old {
        let last = container_records(&h, pod, 0).into_iter().last().unwrap();
        assert!(matches!(&last.state, ContainerState::Terminated(t) if t.exit_code == 143), "{last:?}");
    }
    assert_eq!(ready_endpoints(&h, "hello-express"), vec![(0, 0), (s(246.5), 1), (s(252.5), 2), (s(258.5), 3)]);
    assert_clients_fail_only_without_ready_endpoints(&h, "hello-express");
    assert_eq!(traffic_runs(&h, "hello-express").last(), Some(&(s(249.0), s(360.0), None)));
}

/// Lesson 2b fixed: with the readiness path the app serves, the pods are
/// Ready at their first probe and clients get through from then on.
#[test]
fn fixing_the_readiness_path_recovers() {
    let text =
        without_actions(example("wrong-readiness-path").text).replace("path: /readiness", "path: /healthy/readiness");
    let fixed = scenario::load(&text);
    assert!(fixed.diagnostics.is_empty(), "{:?}", fixed.diagnostics);
    let h = fixed.simulate();
    for pod in pods_of(&h, "hello-express") {
        assert_eq!(ready_changes(&h, pod), vec![(0, false), (s(6.5), true)]);
    }
    assert_eq!(
        traffic_runs(&h, "hello-express"),
        vec![(0, s(8.0), Some("no ready endpoints".into())), (s(9.0), s(360.0), None)]
    );
}

/// Lesson 3: an exec probe that checks the app's /health and the node's
/// load. Stopping the web server makes the next probe (2:00) exit 1: killed
/// and restarted, serving again. A load spike makes the 4:30 probe exit 1
/// and restarts a healthy server.
#[test]
fn exec_probe_fails_on_a_stopped_server_and_on_load() {
    let h = run_example("exec-probe-checks-more");
    let liveness = probes(&h, Liveness);
    let failures: Vec<Millis> = liveness.iter().filter(|p| p.1 == ProbeResult::Failure).map(|p| p.0).collect();
    // The script takes 0.2 s: results at x:00.2 and x:30.2.
    assert_eq!(liveness[0].0, s(30.2));
    assert_eq!(failures, vec![s(120.2), s(270.2)]);
    assert_eq!(
        events(&h, "Unhealthy"),
        vec![
            (
                s(120.2),
                "Liveness probe failed: GET http://localhost:80/health: [Errno 111] Connection refused".to_string()
            ),
            (s(270.2), "Liveness probe failed: load average 3.71 >= 90% of 4 CPUs".to_string()),
        ]
    );
    assert_eq!(event_times(&h, "Killing"), vec![s(120.2), s(270.2)]);
    assert_eq!(restarts(&h, 0, 0), vec![(s(121.5), 1), (s(271.5), 2)]);
    // The restarted server answers again: the probes after each restart pass.
    assert!(liveness.iter().filter(|p| p.0 > s(121.0) && p.0 < s(270.0)).all(|p| p.1 == ProbeResult::Success));
    assert!(liveness.iter().filter(|p| p.0 > s(271.0)).all(|p| p.1 == ProbeResult::Success));
    assert_eq!(
        traffic_runs(&h, "apache"),
        vec![
            (0, s(3.0), Some("no ready endpoints".into())),
            (s(4.0), s(104.0), None),
            // kube-proxy still sends to the killed pod until 2 s after it
            // leaves the slice (120.5 s), and to the new one 2 s after it
            // is Ready (121.5 s).
            (s(105.0), s(121.0), Some("connection refused".into())),
            (s(122.0), s(122.0), None),
            (s(123.0), s(123.0), Some("no ready endpoints".into())),
            (s(124.0), s(270.0), None),
            (s(271.0), s(271.0), Some("connection refused".into())),
            (s(272.0), s(272.0), None),
            (s(273.0), s(273.0), Some("no ready endpoints".into())),
            (s(274.0), s(360.0), None),
        ]
    );
}

/// Lesson 4: readiness by file, then a rollout that cannot finish. The pods
/// are 0/1 until /tmp/ready is created at 1:00 and Ready at the next
/// readiness probe (1:01.5, within one 5 s period). The v1.1 pod never gets
/// the file: with maxSurge 1 and maxUnavailable 0 the rollout stalls with
/// the three old pods serving. The rollback removes the new pod.
#[test]
fn ready_file_then_a_stalled_rollout_and_a_rollback() {
    let h = run_example("ready-file-then-rollout");
    let pods = pods_of(&h, "django");
    assert_eq!(pods.len(), 4);
    for &pod in &pods[..3] {
        assert_eq!(ready_changes(&h, pod), vec![(0, false), (s(61.5), true)]);
        let readiness = pod_probes(&h, pod, Readiness);
        assert!(readiness.iter().filter(|p| p.0 < s(60.0)).all(|p| p.1 == ProbeResult::Failure));
        assert!(readiness.iter().filter(|p| p.0 > s(60.0)).all(|p| p.1 == ProbeResult::Success));
        assert_eq!(last_restart_count(&h, pod, 0), 0);
        assert_eq!(removed_at(&h, pod), None);
    }
    assert_eq!(events(&h, "Unhealthy")[0].1, "Readiness probe failed: cat: /tmp/ready: No such file or directory\n");
    // The rollout: one new pod (surge 1), never Ready; no old pod scaled down.
    let new = pods[3];
    assert_eq!(h.pod(new).created_ms, s(120.0));
    assert_ne!(h.pod(new).owner, h.pod(pods[0]).owner);
    assert_eq!(ready_changes(&h, new), vec![(s(120.0), false)]);
    assert!(pod_probes(&h, new, Readiness).iter().all(|p| p.1 == ProbeResult::Failure));
    let scaling: Vec<(Millis, String)> = events(&h, "ScalingReplicaSet");
    assert_eq!(scaling.len(), 3, "{scaling:?}");
    assert!(scaling[1].0 == s(120.0) && scaling[1].1.ends_with(" to 1"));
    assert!(scaling[2].0 == s(300.0) && scaling[2].1.ends_with(" to 0 from 1"));
    assert_eq!(pod_event_times(&h, new, "Killing"), vec![s(300.0)]);
    assert_eq!(removed_at(&h, new), Some(s(300.5)));
    assert_eq!(ready_endpoints(&h, "django"), vec![(0, 0), (s(61.5), 1), (s(61.5), 2), (s(61.5), 3)]);
    assert_eq!(
        traffic_runs(&h, "django"),
        vec![(0, s(63.0), Some("no ready endpoints".into())), (s(64.0), s(360.0), None)]
    );
}

/// Lesson 5: a sidecar's liveness probe on its admin port. /ready fails from
/// 1:02; three failures (1:05, 1:10, 1:15) kill only envoy, which exits 0
/// (Completed); the pod goes 1/2 and back to 2/2; one restart, on envoy.
/// A drain undone after two failures restarts nothing.
#[test]
fn sidecar_admin_endpoint_restarts_only_the_proxy() {
    let h = run_example("sidecar-admin-endpoint");
    let envoy_failures: Vec<Millis> = h
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Probe(p) if p.container() == 1 && h.answer(p).result == ProbeResult::Failure => Some(p.t()),
            _ => None,
        })
        .collect();
    assert_eq!(envoy_failures, vec![s(65.0), s(70.0), s(75.0), s(185.0), s(190.0)]);
    assert_eq!(events(&h, "Unhealthy")[0].1, "Liveness probe failed: HTTP probe failed with statuscode: 503");
    assert_eq!(
        events(&h, "Killing"),
        vec![(s(75.0), "Container envoy failed liveness probe, will be restarted".to_string())]
    );
    assert_eq!(restarts(&h, 0, 1), vec![(s(76.5), 1)]);
    assert_eq!(last_restart_count(&h, 0, 0), 0, "the app container is never restarted");
    let back = container_records(&h, 0, 1).into_iter().find(|c| c.restart_count == 1).unwrap();
    let last = back.last_state.as_ref().unwrap();
    assert_eq!((last.reason.as_str(), last.exit_code, last.finished_at), ("Completed", 0, s(75.0)));
    let pods = |t: f64| probe_playground::view::get_pods(&h, s(t));
    assert!(pods(76.0).contains(" 1/2 "), "{}", pods(76.0));
    assert!(pods(80.0).contains(" 2/2 ") && pods(80.0).contains("1 (5s ago)"), "{}", pods(80.0));
    assert!(pods(239.0).contains(" 2/2 ") && pods(239.0).contains("1 (2m44s ago)"), "{}", pods(239.0));
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(1.5), true), (s(75.5), false), (s(76.5), true)]);
}

/// Lesson 5 variants: failureThreshold 1 and a 2 s period leave no margin.
/// One refused connection (1:02) restarts the TCP proxy; a 10 s slowdown of
/// the exec healthcheck (timeouts at 2:01, 2:05, 2:09) restarts the exec
/// proxy three times, into CrashLoopBackOff.
#[test]
fn sidecar_probes_with_threshold_one_restart_on_any_blip() {
    let h = run_example("sidecar-probe-variants");
    let tcp = pods_of(&h, "proxy-tcp")[0];
    let exec = pods_of(&h, "proxy-exec")[0];
    assert_eq!(
        pod_events(&h, tcp, "Killing"),
        vec![(s(62.0), "Container tcp-proxy failed liveness probe, will be restarted".to_string())]
    );
    let refused = format!("Liveness probe failed: dial tcp {}:1234: connect: connection refused", h.pod(tcp).ip);
    assert_eq!(pod_events(&h, tcp, "Unhealthy"), vec![(s(62.0), refused)]);
    assert_eq!(restarts(&h, tcp, 1), vec![(s(63.5), 1)]);
    assert_eq!(last_restart_count(&h, tcp, 0), 0);

    assert_eq!(pod_event_times(&h, exec, "Killing"), vec![s(121.0), s(125.0), s(129.0)]);
    let timed_out = "Liveness probe failed: command \"/usr/bin/healthcheck\" timed out";
    assert!(pod_events(&h, exec, "Unhealthy").iter().all(|e| e.1 == timed_out));
    assert_eq!(pod_event_times(&h, exec, "BackOff")[0], s(129.0));
    let starts = restarts(&h, exec, 1);
    assert_eq!(&starts[..2], &[(s(122.5), 1), (s(126.5), 2)]);
    // The third kill is in back-off (10 s from the instance that ended at
    // 2:05). The restart waits 10 s from the kill at 2:09, then for the pod
    // worker's retry (10-15 s after the failed sync at the 2:09.5 relist),
    // the 1 s start and the next relist.
    assert!(starts[2].0 >= s(139.0 + 1.5) && starts[2].0 <= s(129.5 + 15.0 + 1.0 + 1.0), "{starts:?}");
    assert_eq!(starts.len(), 3);
    assert_eq!(last_restart_count(&h, exec, 0), 0);
}

/// Lesson 6: a startup probe rescues a slow starter. The app needs 90 s.
/// With liveness alone it is killed at 40 s, 80 s, ... before it ever
/// answers, never Ready, into CrashLoopBackOff. With the startup probe it
/// fails nine startup probes, passes at 1:40, is Ready at once, and liveness
/// takes over at 1:50; no restart.
#[test]
fn startup_probe_rescues_a_slow_starter() {
    let h = run_example("startup-probe-slow-start");
    let alone = pods_of(&h, "slow-liveness-only")[0];
    let rescued = pods_of(&h, "slow-with-startup")[0];

    let kills = pod_event_times(&h, alone, "Killing");
    assert_eq!(&kills[..6], &[s(40.0), s(80.0), s(120.0), s(160.0), s(200.0), s(240.0)]);
    assert_eq!(kills.len(), 8);
    assert_eq!(pod_event_times(&h, alone, "BackOff")[0], s(240.0));
    assert_eq!(ready_changes(&h, alone), vec![(0, false)]);
    assert!(pod_probes(&h, alone, Liveness).iter().all(|p| p.1 == ProbeResult::Failure));
    assert!(pod_probes(&h, alone, Readiness).iter().all(|p| p.1 == ProbeResult::Failure));
    assert!(container_records(&h, alone, 0).iter().any(|c| c.state.reason() == Some("CrashLoopBackOff")));

    let startup = pod_probes(&h, rescued, Startup);
    assert_eq!(startup.len(), 10);
    assert!(startup[..9].iter().all(|p| p.1 == ProbeResult::Failure));
    assert_eq!(startup[9], (s(100.0), ProbeResult::Success));
    assert_eq!(pod_probes(&h, rescued, Readiness)[0], (s(100.0), ProbeResult::Success));
    assert_eq!(pod_probes(&h, rescued, Liveness)[0], (s(110.0), ProbeResult::Success));
    assert_eq!(ready_changes(&h, rescued), vec![(0, false), (s(100.0), true)]);
    assert!(pod_events(&h, rescued, "Killing").is_empty());
    assert_eq!(last_restart_count(&h, rescued, 0), 0);
}

/// Lesson 7: a liveness probe that checks the database. The database is slow
/// from 2:00 to 3:00. Deep liveness: every replica fails liveness together
/// and restarts in lockstep (2:21, 2:51), the Service is empty until 3:02.5
/// (kube-proxy has it 2 s later). Deep readiness only: every replica goes
/// unready together, nothing restarts, the Service is back within 2 s of 3:00. Shallow probes: the
/// pods stay Ready and the clients see the database's slowness as timeouts.
#[test]
fn a_database_check_in_liveness_restarts_every_replica() {
    let h = run_example("liveness-checks-the-database");
    let slow = "no ready endpoints".to_string();

    let deep = pods_of(&h, "orders-deep-liveness");
    for &pod in &deep {
        assert_eq!(pod_event_times(&h, pod, "Killing"), vec![s(141.0), s(171.0)]);
        assert_eq!(restarts(&h, pod, 0), vec![(s(142.5), 1), (s(172.5), 2)]);
        assert_eq!(ready_changes(&h, pod), vec![(0, false), (s(11.5), true), (s(127.5), false), (s(182.5), true)]);
        let timeouts = pod_events(&h, pod, "Unhealthy")
            .into_iter()
            .filter(|e| {
                e.1.starts_with("Liveness")
                    && e.1.ends_with("context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
            })
            .count();
        assert_eq!(timeouts, 6);
    }
    assert_eq!(
        ready_endpoints(&h, "orders-deep-liveness"),
        vec![
            (0, 0),
            (s(11.5), 1),
            (s(11.5), 2),
            (s(11.5), 3),
            (s(127.5), 2),
            (s(127.5), 1),
            (s(127.5), 0),
            (s(182.5), 1),
            (s(182.5), 2),
            (s(182.5), 3)
        ]
    );
    assert_eq!(
        traffic_runs(&h, "orders-deep-liveness"),
        vec![
            (0, s(13.0), Some(slow.clone())),
            (s(14.0), s(119.0), None),
            (s(120.0), s(129.0), Some("timeout".into())),
            (s(130.0), s(184.0), Some(slow.clone())),
            (s(185.0), s(360.0), None)
        ]
    );

    let readiness_only = pods_of(&h, "orders-deep-readiness");
    for &pod in &readiness_only {
        assert!(pod_events(&h, pod, "Killing").is_empty());
        assert_eq!(last_restart_count(&h, pod, 0), 0);
        let changes = ready_changes(&h, pod);
        assert_eq!(&changes[..3], &[(0, false), (s(11.5), true), (s(127.5), false)]);
        assert_eq!(changes.len(), 4);
        assert!(changes[3].1 && changes[3].0 > s(180.0) && changes[3].0 <= s(182.0), "{changes:?}");
    }
    let runs = traffic_runs(&h, "orders-deep-readiness");
    assert_eq!(
        &runs[..4],
        &[
            (0, s(13.0), Some(slow.clone())),
            (s(14.0), s(119.0), None),
            (s(120.0), s(129.0), Some("timeout".into())),
            (s(130.0), runs[3].1, Some(slow.clone()))
        ]
    );
    assert!(runs[3].1 >= s(182.0) && runs[3].1 <= s(183.0), "{runs:?}");
    assert_eq!(runs.len(), 5);

    for pod in pods_of(&h, "orders-shallow") {
        assert_eq!(ready_changes(&h, pod), vec![(0, false), (s(11.5), true)]);
        assert!(pod_events(&h, pod, "Killing").is_empty());
    }
    assert_eq!(
        traffic_runs(&h, "orders-shallow"),
        vec![
            (0, s(13.0), Some(slow)),
            (s(14.0), s(119.0), None),
            (s(120.0), s(179.0), Some("timeout".into())),
            (s(180.0), s(360.0), None)
        ]
    );
}

/// Lesson 8: readiness during shutdown. The deleted pod's endpoint is
/// terminating at once (no longer ready, still serving until readiness
/// fails at 1:01.5); readiness keeps probing, liveness stops; nothing
/// restarts; the app exits 0 at 1:20, within the 30 s grace; no client
/// request fails after the start.
#[test]
fn readiness_keeps_probing_while_the_pod_drains() {
    let h = run_example("readiness-during-shutdown");
    let pods = pods_of(&h, "web");
    let (gone, other, replacement) = (pods[0], pods[1], pods[2]);
    assert_eq!(h.pod(replacement).created_ms, s(60.0));
    assert_eq!(pod_events(&h, gone, "Killing"), vec![(s(60.0), "Stopping container web".to_string())]);
    let at_delete = h.records.iter().find_map(|r| match r {
        Record::Endpoints(e) if e.t == s(60.0) => Some(e.clone()),
        _ => None,
    });
    let at_delete = at_delete.expect("the endpoints change at the deletion");
    assert_eq!((at_delete.ready.clone(), at_delete.serving_terminating.clone()), (vec![other], vec![gone]));
    let readiness_after: Vec<(Millis, ProbeResult)> =
        pod_probes(&h, gone, Readiness).into_iter().filter(|p| p.0 >= s(60.0)).collect();
    assert_eq!(
        readiness_after,
        vec![
            (s(61.5), ProbeResult::Failure),
            (s(66.5), ProbeResult::Failure),
            (s(71.5), ProbeResult::Failure),
            (s(76.5), ProbeResult::Failure)
        ]
    );
    assert!(pod_probes(&h, gone, Liveness).iter().all(|p| p.0 < s(60.0)));
    assert_eq!(ready_changes(&h, gone), vec![(0, false), (s(1.5), true), (s(61.5), false)]);
    let exit = container_records(&h, gone, 0).into_iter().find_map(|c| match &c.state {
        ContainerState::Terminated(t) => Some((t.exit_code, t.reason.to_string(), t.finished_at)),
        _ => None,
    });
    assert_eq!(exit, Some((0, "Completed".to_string(), s(80.0))));
    assert_eq!(removed_at(&h, gone), Some(s(80.5)));
    assert!(pods.iter().all(|&p| last_restart_count(&h, p, 0) == 0));
    assert_eq!(ready_changes(&h, replacement), vec![(s(60.0), false), (s(61.5), true)]);
    assert_eq!(traffic_runs(&h, "web"), vec![(0, s(3.0), Some("no ready endpoints".into())), (s(4.0), s(120.0), None)]);
}

/// Lesson 9: a named port typo. Every probe errors and is discarded:
/// readiness never passes, liveness never kills; the pod runs un-ready for
/// ever with no restart.
#[test]
fn a_named_port_typo_leaves_the_pod_unready_for_ever() {
    let h = run_example("named-port-typo");
    let all: Vec<ProbeResult> = h
        .records
        .iter()
        .filter_map(|r| if let Record::Probe(p) = r { Some(h.answer(p).result) } else { None })
        .collect();
    assert!(all.len() > 50 && all.iter().all(|&r| r == ProbeResult::Error));
    let unhealthy = events(&h, "Unhealthy");
    assert_eq!(unhealthy.len(), all.len());
    let error = "probe errored and resulted in unknown state: strconv.Atoi: parsing \"http-metrics\": invalid syntax";
    assert_eq!(unhealthy[0], (s(1.5), format!("Readiness {error}")));
    assert!(unhealthy.iter().any(|e| e.1 == format!("Liveness {error}")));
    assert_eq!(probe_times(&h, Liveness)[0], s(10.0));
    assert!(events(&h, "Killing").is_empty());
    assert_eq!(ready_changes(&h, 0), vec![(0, false)]);
    assert_eq!(last_restart_count(&h, 0, 0), 0);
    assert_eq!(ready_endpoints(&h, "node-metrics"), vec![(0, 0)]);
    assert_eq!(traffic_runs(&h, "node-metrics"), vec![(0, s(300.0), Some("no ready endpoints".into()))]);
}

// ---------- Lesson 1: the app's request log ----------

/// Lesson 1, what the app sees: its request log shows the first readiness
/// probe arriving at 11.5 s and the first liveness probe at 20 s, each with
/// its X-Probe header, and nothing before (the server was not listening and
/// the kubelet waited out initialDelaySeconds). The readiness request is
/// the kubelet's own, header for header.
#[test]
fn slow_start_app_log_shows_the_probes_with_their_headers() {
    use probe_playground::view::{ProbeRequest, app_log};
    let h = run_example("slow-start-readiness");
    assert_eq!(app_log(&h, 0, 0, s(11.4), None), "");
    assert_eq!(
        app_log(&h, 0, 0, s(20.0), None),
        "00:11.5 GET /health 2xx X-Probe: readiness\n\
         00:20.0 GET /health 2xx X-Probe: liveness\n"
    );
    let first = h.records.iter().find_map(|r| match r {
        Record::Probe(p) if p.probe == Readiness => Some(p),
        _ => None,
    });
    let ip = &h.pod(0).ip;
    assert_eq!(
        ProbeRequest::of(&h, first.unwrap()).unwrap().to_string(),
        format!(
            "GET /health HTTP/1.1\nHost: {ip}:3000\nUser-Agent: kube-probe/1.37\nAccept: */*\nX-Probe: readiness\nConnection: close"
        )
    );
}

/// Lesson 10: a rollout of an app that closes its listener on SIGTERM. The
/// old pods are deleted at 2:01.5, 2:02.5 and 2:03.5, when a new one is
/// Ready. Without preStop they get SIGTERM then, while kube-proxy still sends
/// them requests for 2 s: connection refused from 2:02 to 2:05. With
/// `preStop: sleep 5` SIGTERM comes 5 s later, when kube-proxy has long
/// dropped them: no client request fails; they exit at deletion + 8 s.
#[test]
fn pre_stop_lets_the_endpoints_drain_before_sigterm() {
    let h = run_example("graceful-shutdown-prestop");
    let deletions = [s(121.5), s(122.5), s(123.5)];
    for workload in ["shop", "shop-no-prestop"] {
        let old: Vec<PodId> = pods_of(&h, workload).into_iter().take(3).collect();
        // The newest old pod goes first.
        let old: Vec<PodId> = old.into_iter().rev().collect();
        let killed: Vec<Millis> = old.iter().flat_map(|&p| pod_event_times(&h, p, "Killing")).collect();
        assert_eq!(killed, deletions, "{workload}");
        let delay = if workload == "shop" { s(8.0) } else { s(3.0) };
        for (&pod, deleted) in old.iter().zip(deletions) {
            let exit = container_records(&h, pod, 0).into_iter().find_map(|c| match &c.state {
                ContainerState::Terminated(t) => Some((t.exit_code, t.finished_at)),
                _ => None,
            });
            assert_eq!(exit, Some((0, deleted + delay)), "{workload}");
        }
    }
    assert_eq!(
        traffic_runs(&h, "shop"),
        vec![(0, s(3.0), Some("no ready endpoints".into())), (s(4.0), s(240.0), None)]
    );
    assert_eq!(
        traffic_runs(&h, "shop-no-prestop"),
        vec![
            (0, s(3.0), Some("no ready endpoints".into())),
            (s(4.0), s(121.0), None),
            (s(122.0), s(125.0), Some("connection refused".into())),
            (s(126.0), s(240.0), None)
        ]
    );
    assert_eq!(failed_requests(&h, "shop"), 4 * 50, "only before the first pod is Ready");
}
