//! `expect:` entries: how each kind reads, what it checks against the run
//! (pass or fail, with the simulated value it saw), what bad input says, and
//! `probe-playground test` with its JUnit report.
#![cfg(not(target_arch = "wasm32"))] // `test` is a command-line command

mod common;
use common::*;
use probe_playground::analysis::expect::{Outcome, check_all};
use probe_playground::cli::run_with;
use probe_playground::scenario;

/// One replica of `web` whose liveness (every 10 s, three failures) asks a
/// path that answers 500 from 30 s: killed at 50 s (the ticks at 30, 40 and
/// 50 s fail), restarted at once, its restart published at 51.5 s. Clients
/// send 10 requests a second to the Service.
fn scenario_with(expect: &str) -> String {
    let probes = "        livenessProbe:\n          httpGet: {path: /health, port: 8080}\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          periodSeconds: 5\n";
    deployment(
        1,
        probes,
        &format!(
            "simulation: {{duration: 70s}}\napps:\n- http:\n  - {{path: /health, status: 500, from: 30s}}\ntraffic:\n- {{service: web, rps: 10}}\nexpect:\n{expect}"
        ),
    )
}

fn outcomes(text: &str) -> Vec<Outcome> {
    let s = scenario::load(text);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    check_all(&s.behaviour.expect, &s.simulate())
}

fn results(text: &str) -> Vec<(bool, String)> {
    outcomes(text).into_iter().map(|o| (o.pass, o.saw)).collect()
}

/// A pod's Ready condition at a moment. The kill at 50 s is seen by the
/// relist at 50.5 s, which makes the pod not ready; the new instance passes
/// readiness at once when the kubelet sees it (51.5 s). What it saw names
/// the pod, since when it was so, and when it next changed.
#[test]
fn ready_at_a_moment_passes_or_says_what_it_was() {
    let got = results(&scenario_with(
        "- {at: 40s, workload: web, replica: 0, ready: true}\n- {at: 51s, workload: web, ready: true}\n- {at: 40s, pod: nosuch, ready: true}\n",
    ));
    assert_eq!(
        got,
        [
            (true, "web-r47vqz5ghz-mmmm2 ready since 0:01.5, not ready from 0:50.5".into()),
            (false, "web-r47vqz5ghz-mmmm2 not ready since 0:50.5, ready from 0:51.5".into()),
            (false, "no such pod at 0:40".into()),
        ]
    );
}

/// Restarts of a container by a time or by the end, as a number or a
/// bound: the one kill at 50 s is a restart at 51.5 s.
#[test]
fn restarts_count_the_most_restarted_container_of_that_name() {
    let got = results(&scenario_with(
        "- {container: app, restarts: 1}\n- {container: app, restarts: {max: 0}}\n- {container: app, at: 45s, restarts: 0}\n",
    ));
    assert_eq!(
        got,
        [
            (true, "1 (pod web-r47vqz5ghz-mmmm2, the last at 0:51.5)".into()),
            (false, "1 (pod web-r47vqz5ghz-mmmm2, the last at 0:51.5)".into()),
            (true, "0 (pod web-r47vqz5ghz-mmmm2)".into()),
        ]
    );
}

/// Events counted within a window, both ends included (at least one by
/// default), with the times seen: inside the window or, if none, outside.
#[test]
fn events_are_counted_within_their_window() {
    let got = results(&scenario_with(
        "- {event: {reason: Killing, between: [50s, 50s]}}\n- {event: {reason: Killing, between: [0s, 40s]}}\n- {event: {reason: Unhealthy, message: \"statuscode: 500\", between: [0s, 50s], count: 3}}\n- {event: {reason: Unhealthy, count: {max: 4}}}\n",
    ));
    assert_eq!(
        got,
        [
            (true, "1, at 0:50".into()),
            (false, "none in the window (at 0:50)".into()),
            (true, "3, at 0:30, 0:40, 0:50".into()),
            (false, "5, at 0:30, 0:40, 0:50, 1:00, 1:10".into()),
        ]
    );
}

/// A Service's ready endpoints throughout a window, `from` included and
/// `until` not: the first moment they differ is what it saw.
#[test]
fn endpoints_hold_throughout_their_window() {
    let got = results(&scenario_with(
        "- {service: web, endpoints: {ready: 1, from: 2s, until: 50.5s}}\n- {service: web, endpoints: {ready: 1, from: 2s}}\n",
    ));
    assert_eq!(got, [(true, "1 throughout".into()), (false, "0 at 0:50.5".into())]);
}

/// Client requests within a window, both ends included: the totals, and
/// the first failure. 10 a second fail until kube-proxy has the endpoint
/// (2 s after it is ready at 0.5 s) and again after the kill.
#[test]
fn traffic_counts_failed_and_ok_requests() {
    let got = results(&scenario_with(
        "- {traffic: {service: web, failed: 0, between: [4s, 50s]}}\n- {traffic: {service: web, failed: 0}}\n",
    ));
    assert_eq!(
        got,
        [(true, "0 failed, 470 ok".into()), (false, "60 failed, 650 ok (the first failure at 0:00)".into())]
    );
}

/// Bad input: each message at its line and column, with the nearest valid
/// name for a misspelt one; the errors first, then the warning (an event
/// reason no run has may be one a cluster gives).
#[test]
fn bad_expectations_say_what_is_wrong_where() {
    let text = scenario_with(
        "- {at: 40s, pod: web-0, redy: true}\n- {container: app}\n- {event: {reason: Kiling}}\n- {service: wbe, endpoints: {ready: 1}}\n- {at: 1m, workload: web, ready: true, restarts: 0, container: app}\n- {container: app, restarts: {min: 3, max: 1}}\n",
    );
    let s = scenario::load(&text);
    let got: Vec<(u32, u32, String, Option<String>)> = s
        .diagnostics
        .iter()
        .filter(|d| d.path.starts_with("expect"))
        .map(|d| (d.span.line, d.span.col, d.message.clone(), d.suggestion.clone()))
        .collect();
    let line = text.lines().position(|l| l == "expect:").unwrap() as u32 + 2;
    assert_eq!(
        got,
        [
            (line, 3, "an expectation needs one of: ready, restarts, event, endpoints, traffic".into(), None),
            (line, 25, "unknown field \"redy\"".into(), Some("ready".into())),
            (line + 1, 3, "an expectation needs one of: ready, restarts, event, endpoints, traffic".into(), None),
            (line + 3, 13, "the scenario has no Service named \"wbe\"".into(), Some("web".into())),
            (line + 4, 50, "an expectation checks one thing; split this into two entries".into(), None),
            (line + 5, 30, "`min` is more than `max`: nothing can hold".into(), None),
            (line + 2, 20, "no event of a simulated run has the reason \"Kiling\"".into(), Some("Killing".into())),
        ]
    );
}

fn test_command(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = run_with(std::iter::once(&"test").chain(args), &mut out, &mut err);
    (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// A scenario file in a fresh directory of its own.
fn scenario_file(name: &str, text: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("probe-playground-expect-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("web.yaml");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap().to_string();
    (dir, file)
}

/// `test` prints each expectation as PASS or FAIL at its line, with what it
/// expected and what the run showed, then the totals; one failure makes
/// the status 1.
#[test]
fn the_test_command_prints_each_result_and_exits_1_on_a_failure() {
    let (dir, file) = scenario_file(
        "print",
        &scenario_with(
            "- {container: app, restarts: 1}\n- {event: {reason: Killing, count: 0}, note: nothing is killed}\n",
        ),
    );
    let (status, out, err) = test_command(&[&file]);
    assert_eq!((status, err.as_str()), (1, ""));
    assert_eq!(
        out,
        format!(
            "PASS {file}:43: container app restarts 1 time: saw 1 (pod web-r47vqz5ghz-mmmm2, the last at 0:51.5)\n\
             FAIL {file}:44: 0 Killing events (nothing is killed): saw 1, at 0:50\n\
             1 passed, 1 failed\n"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The JUnit report: a test suite per file, a test case per expectation
/// named by its line and sentence, a failure with what the run showed; the
/// author's text is escaped, so the report stays well-formed XML.
#[test]
fn the_junit_report_has_a_case_per_expectation_and_escapes_text() {
    let (dir, file) = scenario_file(
        "junit",
        &scenario_with(
            "- {container: app, restarts: 1}\n- {event: {reason: Killing, count: 0}, note: \"<kill> & \\\"restart\\\"\"}\n",
        ),
    );
    let junit = dir.join("report.xml");
    let (status, _, err) = test_command(&[&file, "--junit", junit.to_str().unwrap()]);
    assert_eq!((status, err.as_str()), (1, ""));
    assert_eq!(
        std::fs::read_to_string(&junit).unwrap(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites name=\"probe-playground test\" tests=\"2\" failures=\"1\">
  <testsuite name=\"{file}\" tests=\"2\" failures=\"1\">
    <testcase classname=\"{file}\" name=\"line 43: container app restarts 1 time\" />
    <testcase classname=\"{file}\" name=\"line 44: 0 Killing events (&lt;kill&gt; &amp; &quot;restart&quot;)\">
      <failure message=\"saw 1, at 0:50\">saw 1, at 0:50</failure>
    </testcase>
  </testsuite>
</testsuites>
"
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every expectation of a lesson holds: status 0. A scenario with errors is
/// not run (status 1); a file that cannot be read, or no FILE at all, is a
/// usage error (status 2).
#[test]
fn the_test_command_exits_0_when_all_hold_and_2_on_usage_errors() {
    let lesson = format!("{}/gallery/01-slow-start-readiness.yaml", env!("CARGO_MANIFEST_DIR"));
    let (status, out, _) = test_command(&[&lesson]);
    assert_eq!((status, out.lines().last()), (0, Some("7 passed, 0 failed")));
    let (dir, file) = scenario_file("errors", &scenario_with("- {at: 1m, pod: web-0, ready: maybe}\n"));
    let (status, out, _) = test_command(&[&file]);
    assert_eq!(
        (status, out),
        (
            1,
            format!(
                "{file}:43:31: error: expect[0].ready: expected true or false, found a string\n{file}: not run: the scenario has errors\n0 passed, 0 failed\n"
            )
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let (status, out, err) = test_command(&["/nonexistent.yaml"]);
    assert_eq!((status, out.as_str()), (2, "0 passed, 0 failed\n"));
    assert_eq!(err, "probe-playground test: cannot read /nonexistent.yaml: No such file or directory (os error 2)\n");
    let (status, _, err) = test_command(&[]);
    assert_eq!(status, 2);
    assert!(err.starts_with("error: the following required arguments were not provided:\n  <FILE>...\n"), "{err}");
}
