//! kubelet-semantics §1.3 (named ports at probe time) and §5 (handlers):
//! outcomes, messages word for word, and when each result is known.
//!
//! Timeline: probe tickers start at t=0, the container starts at 1 s; a
//! liveness probe with the default period runs at 10, 20, 30 s, ...

mod common;
use common::*;
use probe_playground::history::*;
use probe_playground::spec::ProbeKind::{Liveness, Readiness, Startup};

/// The probe's (start, result time, result, output), in order.
fn runs(h: &History, kind: probe_playground::spec::ProbeKind) -> Vec<(Millis, Millis, ProbeResult, String)> {
    probe_records(h, kind).into_iter().map(|p| (p.start, p.t, p.result, p.output.to_string())).collect()
}

fn unhealthy(h: &History) -> Vec<(Millis, String)> {
    events(h, "Unhealthy")
}

/// §1.3 "a startup probe stays Unknown, so the container never counts as
/// started and liveness/readiness never run", and "a string port is looked
/// up in the same container's ports": `admin` is declared by the other
/// container only. Every startup run errors (10, 20, 30 s, …) and is
/// discarded: no kill however long it goes, `started` stays false, the
/// liveness and readiness workers never probe.
#[test]
fn an_unresolvable_startup_port_means_never_started() {
    let containers = "  - name: app
    image: web:1
    ports: [{containerPort: 8080}]
    startupProbe:
      httpGet: {path: /, port: admin}
      failureThreshold: 2
    livenessProbe:
      httpGet: {path: /, port: 8080}
    readinessProbe:
      httpGet: {path: /, port: 8080}
  - name: admin
    image: admin:1
    ports: [{name: admin, containerPort: 9901}]
";
    let h = run(&pod("Always", containers, "simulation: {duration: 65s}\n"));
    let startup = probe_records(&h, Startup);
    assert_eq!(
        startup.iter().map(|p| (p.t, p.result)).collect::<Vec<_>>(),
        [10.0, 20.0, 30.0, 40.0, 50.0, 60.0].map(|t| (s(t), ProbeResult::Error)).to_vec()
    );
    assert_eq!(
        unhealthy(&h)[0],
        (
            s(10.0),
            "Startup probe errored and resulted in unknown state: strconv.Atoi: parsing \"admin\": invalid syntax"
                .to_string()
        )
    );
    assert!(probe_records(&h, Liveness).is_empty() && probe_records(&h, Readiness).is_empty());
    assert!(events(&h, "Killing").is_empty());
    let app = container_at(&h, 0, 0, s(65.0));
    assert!(matches!(app.state, ContainerState::Running { .. }) && !app.started && !app.ready);
}

/// §5.1 timeout and classification: "`http.Client{Timeout: timeoutSeconds}`
/// covers … waiting for headers"; a 2xx is Success, a code ≥ 400 is
/// `HTTP probe failed with statuscode: <code>`. A run's result is known when
/// the answer comes, or when the timeout expires: /health answers in 300 ms
/// (success at 10.3 s), then from 15 s in 2 s (past the 1 s timeout: failure
/// at 21 s, with Go's message), then from 25 s a 404 in 300 ms (30.3 s).
#[test]
fn http_results_are_known_at_the_answer_or_at_the_timeout() {
    let spec =
        "        livenessProbe:\n          httpGet: {path: /health, port: 8080}\n          failureThreshold: 5\n";
    let behaviour = "simulation: {duration: 35s}\napps:\n- http:\n  - {path: /health, latency: 300ms}\n  - {path: /health, latency: 2s, from: 15s}\n  - {path: /health, status: 404, latency: 300ms, from: 25s}\n";
    let h = run(&deployment(1, spec, behaviour));
    let ip = &h.pods[0].ip;
    assert_eq!(
        runs(&h, Liveness),
        vec![
            (s(10.0), s(10.3), ProbeResult::Success, String::new()),
            (
                s(20.0),
                s(21.0),
                ProbeResult::Failure,
                format!(
                    "Get \"http://{ip}:8080/health\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
                )
            ),
            (s(30.0), s(30.3), ProbeResult::Failure, "HTTP probe failed with statuscode: 404".to_string()),
        ]
    );
    assert_eq!(event_times(&h, "Unhealthy"), vec![s(21.0), s(30.3)]);
}

/// §5.1 "the host is the pod IP if empty; a refused connection is Failure
/// (no error) with Go's transport message", and "redirects to the same
/// hostname are followed". The port opens when the app serves, 15 s after
/// its start: the runs at 1.5 s (twice, see rules_probing.rs) and 11.5 s are
/// refused; at 21.5 s /old redirects to /health, which answers 200: a plain
/// success, no ProbeWarning.
#[test]
fn http_refused_before_the_app_serves_then_a_followed_redirect() {
    let spec = "        readinessProbe:\n          httpGet: {path: /old, port: 8080}\n";
    let behaviour = "simulation: {duration: 25s}\napps:\n- startup: 15s\n  http:\n  - {path: /old, status: 301, redirect: /health}\n";
    let h = run(&deployment(1, spec, behaviour));
    let ip = &h.pods[0].ip;
    let refused = format!("Get \"http://{ip}:8080/old\": dial tcp {ip}:8080: connect: connection refused");
    assert_eq!(
        probes(&h, Readiness),
        vec![
            (s(1.5), ProbeResult::Failure),
            (s(1.5), ProbeResult::Failure),
            (s(11.5), ProbeResult::Failure),
            (s(21.5), ProbeResult::Success)
        ]
    );
    assert_eq!(unhealthy(&h)[0], (s(1.5), format!("Readiness probe failed: {refused}")));
    assert!(events(&h, "ProbeWarning").is_empty());
    assert_eq!(ready_changes(&h, 0), vec![(0, false), (s(21.5), true)]);
}

/// §5.2 "if the connection is established … the result is Success. No data
/// is exchanged, so an HTTP server that returns 500 still passes", and "any
/// dial error is Failure with `dial tcp <ip>:<port>: connect: connection
/// refused`". Every HTTP path answers 500 for the whole run, yet TCP passes
/// while the port is open; the port closes from 15 s to 45 s: 20, 30, 40 s
/// fail, killed at 40 s; the new instance (41 s) passes again from 50 s.
#[test]
fn tcp_only_connects() {
    let spec = "        livenessProbe:\n          tcpSocket: {port: 8080}\n";
    let behaviour = "simulation: {duration: 60s}\napps:\n- http:\n  - {status: 500}\n  tcp:\n  - {port: 8080, listening: false, from: 15s, until: 45s}\n";
    let h = run(&deployment(1, spec, behaviour));
    let ip = &h.pods[0].ip;
    use ProbeResult::{Failure as F, Success as S};
    assert_eq!(
        probes(&h, Liveness),
        vec![(s(10.0), S), (s(20.0), F), (s(30.0), F), (s(40.0), F), (s(50.0), S), (s(60.0), S)]
    );
    assert_eq!(
        unhealthy(&h)[0],
        (s(20.0), format!("Liveness probe failed: dial tcp {ip}:8080: connect: connection refused"))
    );
    assert_eq!(event_times(&h, "Killing"), vec![s(40.0)]);
}

/// §5.3 "exit code 0 is Success; a non-zero exit is Failure, with the output
/// as the message. If there is no output, the event reads `Liveness probe
/// failed: ` with nothing after the colon", and the result is known when the
/// command ends. `cat /tmp/healthy` fails once the file is gone (from 15 s);
/// `false` fails silently; a 400 ms check passes at 10.4 s.
#[test]
fn exec_exit_codes_and_output() {
    let containers = "  - name: cat
    image: busybox
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      failureThreshold: 10
  - name: silent
    image: busybox
    livenessProbe:
      exec: {command: [\"false\"]}
      failureThreshold: 10
  - name: slow
    image: busybox
    livenessProbe:
      exec: {command: [/check.sh]}
";
    let behaviour = "simulation: {duration: 25s}\napps:\n- container: cat\n  files:\n  - {path: /tmp/healthy, exists: true, until: 15s}\n- container: slow\n  exec:\n  - {command: check.sh, duration: 400ms, exitCode: 0}\n";
    let h = run(&pod("Always", containers, behaviour));
    let of = |c: u16| {
        probe_records(&h, Liveness)
            .into_iter()
            .filter(|p| p.container == c)
            .map(|p| (p.t, p.result, p.output.to_string()))
            .collect::<Vec<_>>()
    };
    use ProbeResult::{Failure as F, Success as S};
    assert_eq!(
        of(0),
        vec![(s(10.0), S, String::new()), (s(20.0), F, "cat: /tmp/healthy: No such file or directory\n".to_string())]
    );
    assert_eq!(of(1), vec![(s(10.0), F, String::new()), (s(20.0), F, String::new())]);
    assert_eq!(of(2), vec![(s(10.4), S, String::new()), (s(20.4), S, String::new())]);
    let messages: Vec<(Millis, Option<u16>, String)> =
        events_detail(&h, "Unhealthy").into_iter().map(|e| (e.t, e.container, e.message.clone())).collect();
    assert_eq!(
        messages,
        vec![
            (s(10.0), Some(1), "Liveness probe failed: ".to_string()),
            (s(20.0), Some(0), "Liveness probe failed: cat: /tmp/healthy: No such file or directory\n".to_string()),
            (s(20.0), Some(1), "Liveness probe failed: ".to_string()),
        ]
    );
}

/// §5.3 "`$(VAR)` references are expanded using only static env values of
/// the container": `$(READY_FILE)` (a `value`) becomes /tmp/ready, which is
/// missing until 5 s; `$(POD_NAME)` (a `valueFrom`) stays as written. Once
/// the file is there the command sleeps past the 1 s timeout, and the
/// timeout message quotes the command as expanded (§5.3 timeout: Failure at
/// start + timeoutSeconds).
#[test]
fn exec_commands_expand_only_static_env() {
    let containers = "  - name: app
    image: busybox
    env:
    - {name: READY_FILE, value: /tmp/ready}
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    readinessProbe:
      exec: {command: [sh, -c, \"cat $(READY_FILE) $(POD_NAME) && sleep 5\"]}
";
    let behaviour = "simulation: {duration: 15s}\napps:\n- files:\n  - {path: /tmp/ready, exists: true, from: 5s}\n";
    let h = run(&pod("Always", containers, behaviour));
    let runs = runs(&h, Readiness);
    assert_eq!(
        runs[0],
        (s(1.5), s(1.5), ProbeResult::Failure, "cat: /tmp/ready: No such file or directory\n".to_string())
    );
    assert_eq!(
        runs.last().unwrap(),
        &(
            s(11.5),
            s(12.5),
            ProbeResult::Failure,
            "command \"sh -c cat /tmp/ready $(POD_NAME) && sleep 5\" timed out".to_string()
        )
    );
}

/// §5.4 gRPC: "every outcome is Success or Failure; the error is always
/// nil", with the messages word for word, known at the answer or at the
/// timeout. The health service answers by service name: "" is SERVING, then
/// NOT_SERVING from 15 s, UNIMPLEMENTED from 25 s, slow (2 s, past the 1 s
/// timeout) from 35 s; the port is closed from 45 s.
#[test]
fn grpc_health_outcomes_and_messages() {
    let spec = "        livenessProbe:\n          grpc: {port: 8080}\n          failureThreshold: 10\n        readinessProbe:\n          grpc: {port: 8080, service: ready}\n          periodSeconds: 10\n";
    let behaviour = "simulation: {duration: 55s}
apps:
- grpc:
  - {service: '', status: NOT_SERVING, from: 15s}
  - {service: '', status: UNIMPLEMENTED, from: 25s}
  - {service: '', status: SERVING, latency: 2s, from: 35s}
  tcp:
  - {port: 8080, listening: false, from: 45s}
";
    let h = run(&deployment(1, spec, behaviour));
    let ip = &h.pods[0].ip;
    use ProbeResult::{Failure as F, Success as S};
    assert_eq!(
        runs(&h, Liveness),
        vec![
            (s(10.0), s(10.0), S, "service healthy".to_string()),
            (s(20.0), s(20.0), F, "service unhealthy (responded with \"NOT_SERVING\")".to_string()),
            (s(30.0), s(30.0), F, "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health".to_string()),
            (s(40.0), s(41.0), F, "timeout: health rpc did not complete within 1s".to_string()),
            (s(50.0), s(51.0), F, format!("timeout: failed to connect service \"{ip}:8080\" within 1s: context deadline exceeded")),
        ]
    );
    // The `ready` service keeps serving: only the closed port fails it.
    let readiness: Vec<(Millis, ProbeResult)> = probes(&h, Readiness);
    assert_eq!(readiness.iter().filter(|r| r.1 == F).map(|r| r.0).collect::<Vec<_>>(), vec![s(52.5)]);
    assert_eq!(
        events(&h, "Unhealthy")[0],
        (s(20.0), "Liveness probe failed: service unhealthy (responded with \"NOT_SERVING\")".to_string())
    );
}

/// §5.1 "redirects to the same hostname are followed, up to 10 (`stopped
/// after 10 redirects` error after that)", which the HTTP prober reports
/// as a Failure with Go's `url.Error` text. Go puts the redirect's
/// `Location`, as the server sent it, in that error (`client.go`: `ue.URL =
/// loc`), so a relative loop reads `Get "/loop": …`.
#[test]
fn a_redirect_loop_fails_after_ten_redirects() {
    let spec = "        livenessProbe:\n          httpGet: {path: /loop, port: 8080}\n          failureThreshold: 5\n";
    let behaviour = "simulation: {duration: 12s}\napps:\n- http:\n  - {path: /loop, status: 302, redirect: /loop}\n";
    let h = run(&deployment(1, spec, behaviour));
    assert_eq!(
        runs(&h, Liveness),
        vec![(s(10.0), s(10.0), ProbeResult::Failure, "Get \"/loop\": stopped after 10 redirects".to_string())]
    );
}

/// §5.1 "the body is read up to maxRespBodyLength = 10 KB; anything longer
/// is truncated silently" and §5.3 "output is stdout and stderr combined,
/// capped at 10 KB (maxReadLength)": the texts quoted in the events stop at
/// 10 240 bytes.
#[test]
fn bodies_and_exec_output_are_read_up_to_10_kb() {
    let long = "x".repeat(11_000);
    let containers = "  - name: web
    image: web:1
    ports: [{containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /, port: 8080}
  - name: exec
    image: app:1
    livenessProbe:
      exec: {command: [/check.sh]}
      failureThreshold: 5
";
    let behaviour = format!(
        "simulation: {{duration: 12s}}\napps:\n- container: web\n  http:\n  - {{status: 302, redirect: 'http://elsewhere/', body: {long}}}\n- container: exec\n  exec:\n  - {{command: check.sh, exitCode: 1, output: {long}}}\n"
    );
    let h = run(&pod("Always", containers, &behaviour));
    let kb = &long[..10_240];
    assert_eq!(
        events(&h, "ProbeWarning")[0],
        (s(1.5), format!("Readiness probe warning: Probe terminated redirects, Response body: {kb}"))
    );
    assert_eq!(events(&h, "Unhealthy")[0], (s(10.0), format!("Liveness probe failed: {kb}")));
}

/// A pod `p` whose container `app` listens on 8080 and has this readiness
/// probe (the lines under `readinessProbe:`), for 12 s, with `behaviour`.
fn readiness_only(probe: &str, spec: &str, behaviour: &str) -> History {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{spec}  containers:\n  - name: app\n    image: web:1\n    ports: [{{containerPort: 8080}}]\n    readinessProbe:\n{probe}---\nkind: Behaviour\nsimulation: {{duration: 12s}}\n{behaviour}"
    );
    run(&text)
}

/// §5.1, §5.2 the probe's `host`: the kubelet dials that host, not the pod.
/// `127.0.0.1` is the node's loopback, where nothing listens unless the
/// behaviour's `hosts` says what does; a name the node cannot resolve fails
/// its lookup. On a `hostNetwork` pod the node's loopback is the pod's.
#[test]
fn the_probe_dials_its_host_not_the_pod() {
    let http = "      httpGet: {path: /ready, port: 8080, host: 127.0.0.1}\n";
    assert_eq!(
        runs(&readiness_only(http, "", ""), Readiness)[0],
        (
            s(1.5),
            s(1.5),
            ProbeResult::Failure,
            "Get \"http://127.0.0.1:8080/ready\": dial tcp 127.0.0.1:8080: connect: connection refused".into()
        )
    );
    let tcp = "      tcpSocket: {port: 8080, host: db.internal}\n";
    assert_eq!(
        runs(&readiness_only(tcp, "", ""), Readiness)[0].3,
        "dial tcp: lookup db.internal on 127.0.0.53:53: no such host"
    );
    let answered =
        readiness_only(http, "", "hosts:\n- host: 127.0.0.1\n  http:\n  - {path: /ready, status: 503, until: 5s}\n");
    let results: Vec<(Millis, ProbeResult)> = probes(&answered, Readiness);
    // Failing at 1.5 s (and again at once, the failure's sync triggering
    // readiness), then a period after the triggered probe.
    assert_eq!(
        results,
        vec![(s(1.5), ProbeResult::Failure), (s(1.5), ProbeResult::Failure), (s(11.5), ProbeResult::Success)]
    );
    let on_the_node = readiness_only(http, "  hostNetwork: true\n", "");
    assert_eq!(probes(&on_the_node, Readiness), vec![(s(1.5), ProbeResult::Success), (s(11.5), ProbeResult::Success)]);
    assert_eq!(on_the_node.pod(0).ip, "10.0.0.11", "the node's address");
}

/// §5.1 TLS: a port speaks TLS when the behaviour's `tls` lists it, and by
/// default when an HTTPS probe asks for it. `scheme: HTTPS` against a plain
/// port fails as Go's client does; `scheme: HTTP` against a TLS port gets
/// the TLS server's 400.
#[test]
fn https_and_http_against_the_other_kind_of_port() {
    let https = "      httpGet: {path: /ready, port: 8080, scheme: HTTPS}\n";
    assert_eq!(probes(&readiness_only(https, "", ""), Readiness)[0], (s(1.5), ProbeResult::Success));
    assert_eq!(
        runs(&readiness_only(https, "", "apps:\n- tls: []\n"), Readiness)[0].3,
        "Get \"https://10.244.0.198:8080/ready\": http: server gave HTTP response to HTTPS client"
    );
    let http = "      httpGet: {path: /ready, port: 8080}\n";
    assert_eq!(
        runs(&readiness_only(http, "", "apps:\n- tls: [8080]\n"), Readiness)[0].3,
        "HTTP probe failed with statuscode: 400"
    );
}
