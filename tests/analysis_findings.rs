//! Findings: each rule is asserted on a manifest that should raise it, at
//! the line and column of its field, with its proof and the suggestion the
//! simulator verified, and its absence on one that should not.

use probe_playground::analysis::{self, edit, findings::Finding, steps};
use probe_playground::gallery;
use probe_playground::scenario;

fn findings(text: &str) -> Vec<Finding> {
    let s = scenario::load(text);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    analysis::analyse(&s, text).findings
}

fn ids(findings: &[Finding]) -> Vec<(&str, &str, u32, u32)> {
    findings.iter().map(|f| (f.id, f.container.as_str(), f.line, f.column)).collect()
}

fn lesson(id: &str) -> &'static str {
    gallery::by_id(id).expect("a lesson").text
}

/// A Deployment `web` of `replicas` with one container `app` (port 8080),
/// the probes and pod fields given (indented for the container), a Service
/// in front of it, and a behaviour document.
fn web(replicas: u32, container: &str, behaviour: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: app
        image: example/web:1.0
        ports: [{{containerPort: 8080, name: http}}]
{container}---
apiVersion: v1
kind: Service
metadata: {{name: web}}
spec:
  selector: {{app: web}}
  ports: [{{port: 80, targetPort: 8080}}]
---
kind: Behaviour
{behaviour}
"
    )
}

/// The suggestion, applied to the text, reads back and removes the finding.
fn fixed_by_suggestion(text: &str, finding: &Finding) -> String {
    let suggestion = finding.suggestion.as_ref().expect("a verified suggestion");
    edit::apply(text, &suggestion.edits)
}

/// Lesson 1: liveness fails twice 10 s apart (plus a 5 s timeout), readiness
/// five times: a hang at 1:00 is killed at 1:15 while the pod is still an
/// endpoint; readiness alone would take it out at 1:46.5. With liveness
/// failureThreshold 6 readiness takes it out first (1:46.5) and liveness
/// kills at 1:55.
#[test]
fn liveness_before_readiness_is_raised_where_liveness_trips_first() {
    let text = lesson("slow-start-readiness");
    let found = findings(text);
    assert_eq!(ids(&found), [("liveness-before-readiness", "hello-go", 63, 11)]);
    let f = &found[0];
    assert_eq!(f.path, "livenessProbe.failureThreshold");
    assert_eq!(f.proof.whatif.name, "hang-1m");
    let times: Vec<(&str, i64)> = f.proof.times.iter().map(|k| (k.label.as_str(), k.t)).collect();
    assert_eq!(times, [("hangs", 60_000), ("killed while in the Service", 75_000), ("out of the Service", 75_500)]);
    assert!(f.message.contains("readiness alone would take it out only 46.5 s after the hang"), "{}", f.message);
    let s = f.suggestion.as_ref().expect("a suggestion");
    assert_eq!(s.change, "livenessProbe.failureThreshold: 6");
    let verified: Vec<(&str, i64)> = s.verified.times.iter().map(|k| (k.label.as_str(), k.t)).collect();
    assert_eq!(verified, [("hangs", 60_000), ("out of the Service", 106_500), ("killed", 115_000)]);
    assert!(findings(&fixed_by_suggestion(text, f)).is_empty());
}

/// Lesson 2's probes have the same timing (every 5 s, three failures) on
/// different paths: which trips first depends on the phase, within half a
/// second, so neither is first by design and nothing is raised.
#[test]
fn equal_timing_on_different_endpoints_is_a_race_not_a_finding() {
    assert!(findings(lesson("wrong-liveness-path")).is_empty());
}

const SAME: &str = "        livenessProbe: {httpGet: {path: /healthz, port: 8080}}
        readinessProbe: {httpGet: {path: /healthz, port: 8080}}
";

/// The same endpoint with the same timing: killed 21 s after a hang while
/// still an endpoint. The Kubernetes docs' advice, the same endpoint with a
/// higher liveness failureThreshold, raises nothing.
#[test]
fn identical_liveness_and_readiness_are_raised_and_a_higher_threshold_is_fine() {
    let text = web(2, SAME, "");
    let found = findings(&text);
    assert_eq!(ids(&found), [("liveness-same-as-readiness", "app", 14, 9)]);
    assert!(found[0].message.contains("it is killed 21 s after while the Service still sends it clients"));
    assert_eq!(found[0].suggestion.as_ref().map(|s| s.change.as_str()), Some("livenessProbe.failureThreshold: 4"));
    let advised = SAME.replace("livenessProbe: {", "livenessProbe: {failureThreshold: 6, ");
    assert!(findings(&web(2, &advised, "")).is_empty());
}

/// Headers do not make another endpoint: microservices-demo's frontend asks
/// `/_healthz` for both probes with only a different Cookie (to tell them
/// apart in its logs), and is killed while still an endpoint as surely as
/// with the very same request.
#[test]
fn probes_that_differ_only_in_headers_ask_the_same_endpoint() {
    let headers =
        "        livenessProbe: {httpGet: {path: /healthz, port: 8080, httpHeaders: [{name: Cookie, value: live}]}}
        readinessProbe: {httpGet: {path: /healthz, port: 8080, httpHeaders: [{name: Cookie, value: ready}]}}
";
    let found = findings(&web(2, headers, ""));
    assert_eq!(ids(&found), [("liveness-same-as-readiness", "app", 14, 9)]);
    assert!(found[0].message.contains("it is killed 21 s after while the Service still sends it clients"));
}

/// Lesson 6: liveness (10 s delay, every 10 s, three failures) kills a start
/// longer than 30 s, and the app needs 90 s: killed at 0:40, CrashLoopBackOff
/// from 4:00.5. The Deployment with a startup probe is not raised.
#[test]
fn a_start_longer_than_the_budget_is_raised_with_a_startup_probe_that_tolerates_it() {
    let found = findings(lesson("startup-probe-slow-start"));
    assert_eq!(ids(&found), [("startup-budget-short", "app", 52, 9)]);
    let f = &found[0];
    assert_eq!(f.workload, "Deployment/slow-liveness-only");
    let times: Vec<(&str, i64)> = f.proof.times.iter().map(|k| (k.label.as_str(), k.t)).collect();
    assert_eq!(times, [("killed", 40_000), ("CrashLoopBackOff", 240_500)]);
    let s = f.suggestion.as_ref().expect("a suggestion");
    assert!(s.change.starts_with("startupProbe: {httpGet: {path: \"/healthz\", port: \"http\"}"), "{}", s.change);
    assert!(s.change.contains("failureThreshold: 15}"), "{}", s.change);
    assert_eq!(s.verified.times[0].t, 100_000, "Ready at 1:40, as the lesson's startup probe gives");
}

/// Liveness waits 120 s after every start: a hang at 0:11 is found at 2:35;
/// with a startup probe of the same budget, at 0:45. A 10 s delay, or a
/// startup probe already there, raises nothing.
#[test]
fn a_long_liveness_delay_without_a_startup_probe_is_raised() {
    let probes =
        "        livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 120, timeoutSeconds: 5}
        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
";
    let found = findings(&web(1, probes, ""));
    assert_eq!(ids(&found), [("liveness-delay-without-startup", "app", 14, 64)]);
    let times: Vec<i64> = found[0].proof.times.iter().map(|k| k.t).collect();
    assert_eq!(times, [11_000, 155_000]);
    let s = found[0].suggestion.as_ref().expect("a suggestion");
    assert_eq!(s.verified.times[1].t, 45_000);
    assert!(findings(&web(1, &probes.replace("initialDelaySeconds: 120", "initialDelaySeconds: 10"), "")).is_empty());
}

/// timeoutSeconds 15 on a 10 s period: a hung app fails liveness every 15 s,
/// so three failures take 44.999 s instead of 28.999 s. A timeout equal to
/// the period stretches nothing (the next probe goes out as the last one
/// times out): not raised.
#[test]
fn a_timeout_longer_than_the_period_is_raised_and_an_equal_one_is_not() {
    let probes =
        "        livenessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: 15, failureThreshold: 6}
        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
";
    let found = findings(&web(1, probes, ""));
    assert_eq!(ids(&found), [("timeout-not-below-period", "app", 14, 64)]);
    assert!(found[0].message.contains("reaches its 6 failures"), "{}", found[0].message);
    assert_eq!(found[0].suggestion.as_ref().map(|s| s.change.as_str()), Some("livenessProbe.timeoutSeconds: 9"));
    assert!(findings(&web(1, &probes.replace("timeoutSeconds: 15", "timeoutSeconds: 10"), "")).is_empty());
}

/// Lesson 9: both probes name a port the container does not declare; the
/// finding points at each `port` and the suggestion is the declared one.
/// Fixed, the two probes ask the same endpoint with the same timing, which
/// the errors hid: that is what is raised then.
#[test]
fn an_undeclared_port_name_is_raised_at_the_port() {
    let found = findings(lesson("named-port-typo"));
    assert_eq!(
        ids(&found),
        [("probe-port-undeclared", "exporter", 45, 19), ("probe-port-undeclared", "exporter", 50, 19)]
    );
    assert_eq!(found[0].path, "readinessProbe.httpGet.port");
    assert_eq!(found[0].suggestion.as_ref().map(|s| s.change.as_str()), Some("readinessProbe.httpGet.port: 9100"));
    assert_eq!(found[1].suggestion.as_ref().map(|s| s.change.as_str()), Some("livenessProbe.httpGet.port: 9100"));
    let fixed = lesson("named-port-typo").replace("port: http-metrics", "port: 9100");
    assert_eq!(ids(&findings(&fixed)), [("liveness-same-as-readiness", "exporter", 47, 9)]);
}

/// Lesson 3: Apache with an exec liveness probe every 30 s and no readiness
/// probe: an app that fails stays an endpoint until liveness restarts it.
/// A Service that only exposes metrics is scraped pod by pod: not raised.
#[test]
fn a_container_behind_a_service_without_readiness_is_raised() {
    let found = findings(lesson("exec-probe-checks-more"));
    assert_eq!(ids(&found), [("readiness-missing", "httpd", 39, 9)]);
    assert!(found[0].message.contains("until liveness restarts it"), "{}", found[0].message);
    let probes = "        livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n";
    assert_eq!(ids(&findings(&web(1, probes, ""))), [("readiness-missing", "app", 11, 9)]);
    let metrics = web(1, probes, "")
        .replace("ports: [{port: 80, targetPort: 8080}]", "ports: [{name: metrics, port: 80, targetPort: 8080}]");
    assert!(findings(&metrics).is_empty());
}

/// Lesson 7: only the Deployment whose liveness asks the deep /healthz is
/// raised: the database outage (2:00 to 3:00) kills all three replicas at
/// 2:21 and again at 2:51; failureThreshold 7 outlasts it.
#[test]
fn a_liveness_probe_failing_with_a_shared_dependency_is_raised_only_there() {
    let found = findings(lesson("liveness-checks-the-database"));
    assert_eq!(ids(&found), [("liveness-shared-dependency", "orders", 51, 9)]);
    let f = &found[0];
    assert_eq!(f.workload, "Deployment/orders-deep-liveness");
    let times: Vec<i64> = f.proof.times.iter().map(|k| k.t).collect();
    assert_eq!(times, [120_000, 141_000, 182_500]);
    assert!(f.suggestion.as_ref().is_some_and(|s| s.change.starts_with("livenessProbe.failureThreshold: 7")));
}

/// successThreshold 10 on a 10 s period keeps the pod out for 80 s more
/// than 1 would (the first two successes come together: the pod sync after
/// the first triggers readiness again at once, §2.5); 8 is a minute more,
/// 3 (20 s more) is within a minute.
#[test]
fn a_success_threshold_that_delays_ready_by_minutes_is_raised() {
    let probes = "        readinessProbe: {httpGet: {path: /ready, port: 8080}, successThreshold: 10}\n";
    let found = findings(&web(1, probes, ""));
    assert_eq!(ids(&found), [("success-threshold-slow", "app", 14, 63)]);
    assert!(found[0].message.starts_with("successThreshold 10 delays Ready by 80 s"), "{}", found[0].message);
    assert_eq!(found[0].suggestion.as_ref().map(|s| s.change.as_str()), Some("readinessProbe.successThreshold: 8"));
    assert!(findings(&web(1, &probes.replace("successThreshold: 10", "successThreshold: 3"), "")).is_empty());
}

/// The app drains for 45 s after SIGTERM; the default grace is 30 s:
/// deleted, it is SIGKILLed 30 s later. terminationGracePeriodSeconds 50
/// lets it exit 0 after its drain; 60 written raises nothing.
#[test]
fn a_grace_period_shorter_than_the_drain_is_raised() {
    let probes = "        readinessProbe: {httpGet: {path: /ready, port: 8080}}\n";
    let behaviour = "apps:\n- onSigterm: {exitAfter: 45s, exitCode: 0}\n";
    let found = findings(&web(1, probes, behaviour));
    assert_eq!(ids(&found), [("grace-shorter-than-drain", "app", 11, 9)]);
    let times: Vec<i64> = found[0].proof.times.iter().map(|k| k.t).collect();
    assert_eq!(times[1] - times[0], 30_000);
    let s = found[0].suggestion.as_ref().expect("a suggestion");
    assert_eq!(s.change, "terminationGracePeriodSeconds: 50");
    assert_eq!(s.verified.times[1].t - s.verified.times[0].t, 45_000);
    let graceful = web(1, probes, behaviour).replace(
        "    spec:\n      containers:",
        "    spec:\n      terminationGracePeriodSeconds: 60\n      containers:",
    );
    assert!(findings(&graceful).is_empty());
}

/// A what-if opened as a scenario is the run that proved the finding: its
/// text reads back without error and its run shows the same key times.
#[test]
fn a_proof_opened_as_a_scenario_shows_the_same_times() {
    for id in ["slow-start-readiness", "liveness-checks-the-database", "startup-probe-slow-start"] {
        for f in findings(lesson(id)) {
            let proof = &f.proof;
            let text = proof.whatif.text(proof.horizon);
            let s = scenario::load(&text);
            assert!(!s.has_errors(), "{id}: {:?}\n{text}", s.diagnostics);
            let h = s.simulate();
            for k in &proof.times {
                assert!(
                    h.records.iter().any(|r| r.t() == k.t) || h.end >= k.t,
                    "{id}: {} at {} not in the opened run",
                    k.label,
                    k.t
                );
            }
            assert_eq!(h, steps::finish(proof.whatif.run(proof.horizon, |_, _| false)), "{id}: {}", proof.whatif.name);
        }
    }
}
