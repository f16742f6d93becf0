//! The probe handlers against the mock app, with the kubelet's outcomes and
//! messages word for word: `pkg/probe/http`, `pkg/probe/tcp`, `pkg/probe/exec`,
//! `pkg/probe/grpc`, and named-port resolution in `pkg/probe/util.go`
//! (kubelet-semantics §1.3, §3.4, §5).

use super::app::{AppModel, HttpAnswer};
use super::timings::{MAX_PROBE_OUTPUT, MAX_REDIRECTS};
use crate::behaviour::Moment;
use crate::cluster::ExecTimeout;
use crate::history::{GrpcStatus, Millis, ProbeAnswer, ProbeResult, Reply};
use crate::probe_target::{handler_port, probe_host, request_path};
use crate::spec::{Container, Handler, Probe, Scheme};
use std::borrow::Cow;

/// One run of a probe handler: what it got back and how long it took (the
/// app's latency, at most the timeout).
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    pub answer: ProbeAnswer,
    pub latency: Millis,
}

impl Execution {
    fn new(reply: Reply, result: ProbeResult, output: impl Into<String>, latency: Millis) -> Execution {
        Execution { answer: ProbeAnswer { reply, result, output: output.into().into_boxed_str() }, latency }
    }

    pub fn result(&self) -> ProbeResult {
        self.answer.result
    }

    #[cfg(test)]
    fn output(&self) -> &str {
        &self.answer.output
    }
}

/// What the prober reads of a body or an output: the first 10 KB, cut here
/// at a character boundary.
fn read_at_most(mut text: String) -> String {
    if text.len() > MAX_PROBE_OUTPUT {
        text.truncate(text.floor_char_boundary(MAX_PROBE_OUTPUT));
    }
    text
}

/// The situation a probe runs in: the app it reaches, when, what answers
/// on other hosts, and how the kubelet treats an exec command that outlives
/// its timeout.
pub struct Target<'a> {
    pub container: &'a Container,
    pub pod_ip: &'a str,
    pub app: &'a AppModel,
    pub moment: Moment,
    pub serving: bool,
    pub hosts: &'a [OtherHost],
    /// The pod is on the node's network: the node's loopback reaches it.
    pub host_network: bool,
    pub exec_timeout: ExecTimeout,
}

/// What listens on a host other than a pod's, from the start of the run
/// (the behaviour's `hosts`).
#[derive(Debug, Clone)]
pub struct OtherHost {
    pub host: String,
    pub app: AppModel,
}

impl OtherHost {
    /// The moment a request reaches it at `t`.
    pub fn moment(t: Millis) -> Moment {
        Moment { t, uptime: t, terminating: false }
    }
}

/// The host a probe dials when it is not the pod (its `host` field), and
/// what listens there, if anything does.
pub fn other_host<'a>(probe: &'a Probe, target: &Target<'a>) -> Option<(&'a str, Option<&'a OtherHost>)> {
    let host = match &probe.handler {
        Handler::HttpGet { host, .. } | Handler::TcpSocket { host, .. } => host.as_deref(),
        Handler::Exec { .. } | Handler::Grpc { .. } => None,
    };
    let loopback = |h: &str| h == "localhost" || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let host = host.filter(|h| !h.is_empty() && *h != target.pod_ip && !(target.host_network && loopback(h)))?;
    Some((host, target.hosts.iter().find(|h| h.host == host)))
}

pub fn run(probe: &Probe, target: &Target) -> Execution {
    let &Target { container, pod_ip, mut app, moment: mut m, mut serving, exec_timeout, .. } = target;
    let timeout = probe.timeout_seconds as Millis * 1000;
    let port = match handler_port(&probe.handler, container) {
        Some(Err(e)) => return Execution::new(Reply::Error(e.kind), ProbeResult::Error, e.message, 0),
        Some(Ok(port)) => port,
        None => 0,
    };
    // The kubelet dials the probe's `host`, not the pod: what listens
    // there answers, or the dial fails.
    match other_host(probe, target) {
        Some((_, Some(other))) => (app, m, serving) = (&other.app, OtherHost::moment(m.t), true),
        Some((host, None)) => return unreachable(probe, host, port),
        None => {}
    }
    match &probe.handler {
        Handler::HttpGet { path, host, scheme, .. } => {
            let host = probe_host(host.as_deref(), pod_ip);
            let path = request_path(path);
            let https = *scheme == Scheme::Https;
            let url = || format!("{}://{host}:{port}{path}", if https { "https" } else { "http" });
            // Go's client against a port that speaks the other protocol.
            if app.listening(port, m, serving) && https != app.speaks_tls(port) {
                return if https {
                    let message = format!("Get {:?}: http: server gave HTTP response to HTTPS client", url());
                    Execution::new(Reply::NotTls, ProbeResult::Failure, message, 0)
                } else {
                    // A TLS server answers plain HTTP with 400.
                    let message = "HTTP probe failed with statuscode: 400";
                    Execution::new(Reply::Http { status: 400, redirects: 0 }, ProbeResult::Failure, message, 0)
                };
            }
            http(app, if https { "https" } else { "http" }, host, port, path, timeout, m, serving)
        }
        Handler::TcpSocket { host, .. } => {
            let host = probe_host(host.as_deref(), pod_ip);
            if app.listening(port, m, serving) {
                Execution::new(Reply::Connected, ProbeResult::Success, String::new(), 0)
            } else {
                let message = format!("dial tcp {host}:{port}: connect: connection refused");
                Execution::new(Reply::Refused, ProbeResult::Failure, message, 0)
            }
        }
        Handler::Grpc { service, .. } => grpc(app, pod_ip, port, service, timeout, m, serving),
        Handler::Exec { command } => {
            let command: Vec<String> = command.iter().map(|a| container.expand_env(a)).collect();
            let outcome = app.exec(&command, m, serving);
            if outcome.duration >= timeout && exec_timeout != ExecTimeout::Ignored {
                // The CRI's deadline: a failure with ExecProbeTimeout on, a
                // discarded error with it off (§5.3). Before 1.20 the probe
                // waits for the command and it counts as it ends.
                let message = format!("command {:?} timed out", command.join(" "));
                let result =
                    if exec_timeout == ExecTimeout::Failure { ProbeResult::Failure } else { ProbeResult::Error };
                return Execution::new(Reply::Timeout, result, message, timeout);
            }
            let result = if outcome.exit_code == 0 { ProbeResult::Success } else { ProbeResult::Failure };
            let reply = Reply::Exec { exit_code: outcome.exit_code };
            Execution::new(reply, result, read_at_most(outcome.output), outcome.duration)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn http(
    app: &AppModel,
    scheme: &str,
    host: &str,
    port: i32,
    mut path: Cow<str>,
    timeout: Millis,
    m: Moment,
    serving: bool,
) -> Execution {
    let mut elapsed = 0;
    // The last `Location` followed, as the server sent it.
    let mut location = String::new();
    for redirects in 0..=MAX_REDIRECTS as u8 {
        // Built only for the messages that quote it: the success path stays allocation-free.
        let url = || format!("{scheme}://{host}:{port}{path}");
        match app.http(&path, port, m, serving) {
            HttpAnswer::Refused => {
                let message = format!("Get {:?}: dial tcp {host}:{port}: connect: connection refused", url());
                return Execution::new(Reply::Refused, ProbeResult::Failure, message, elapsed);
            }
            HttpAnswer::Hang => return deadline(&url(), timeout),
            HttpAnswer::Response { latency, .. } if elapsed + latency >= timeout => return deadline(&url(), timeout),
            HttpAnswer::Response { status, latency, redirect, body } => {
                elapsed += latency;
                let body = read_at_most(body);
                match status {
                    200..=299 => {
                        return Execution::new(Reply::Http { status, redirects }, ProbeResult::Success, body, elapsed);
                    }
                    300..=399 => match redirect.as_deref().map(|l| (l, same_host(l, host))) {
                        // Redirects on the same host are followed (the port is not compared).
                        Some((l, Some(next))) => {
                            path = Cow::Owned(next);
                            location = l.to_string();
                        }
                        _ => {
                            let message = format!("Probe terminated redirects, Response body: {body}");
                            return Execution::new(
                                Reply::Redirected { status },
                                ProbeResult::Warning,
                                message,
                                elapsed,
                            );
                        }
                    },
                    _ => {
                        let message = format!("HTTP probe failed with statuscode: {status}");
                        let reply = Reply::Http { status, redirects };
                        return Execution::new(reply, ProbeResult::Failure, message, elapsed);
                    }
                }
            }
        }
    }
    // Go's client puts the refused redirect's `Location` in the error, not the full URL.
    let message = format!("Get {location:?}: stopped after {MAX_REDIRECTS} redirects");
    Execution::new(Reply::TooManyRedirects, ProbeResult::Failure, message, elapsed)
}

/// The path of a redirect `Location` that stays on `host`, if it does.
fn same_host(location: &str, host: &str) -> Option<String> {
    if location.starts_with('/') {
        return Some(location.to_string());
    }
    let rest = location.split_once("://").map(|(_, r)| r)?;
    let (authority, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
    let hostname = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    (hostname == host).then_some(path)
}

/// A probe of a host where nothing listens: refused at an address, or a
/// name the node cannot resolve (its resolver is systemd-resolved's).
fn unreachable(probe: &Probe, host: &str, port: i32) -> Execution {
    let dial = if host.parse::<std::net::IpAddr>().is_ok() {
        format!("dial tcp {host}:{port}: connect: connection refused")
    } else {
        format!("dial tcp: lookup {host} on 127.0.0.53:53: no such host")
    };
    let message = match &probe.handler {
        Handler::HttpGet { path, scheme, .. } => {
            let scheme = if *scheme == Scheme::Https { "https" } else { "http" };
            format!("Get \"{scheme}://{host}:{port}{}\": {dial}", request_path(path))
        }
        _ => dial,
    };
    Execution::new(Reply::Refused, ProbeResult::Failure, message, 0)
}

fn deadline(url: &str, timeout: Millis) -> Execution {
    let message = format!("Get {url:?}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    Execution::new(Reply::Timeout, ProbeResult::Failure, message, timeout)
}

/// Go's `time.Duration` string for whole seconds, as the gRPC prober prints it.
fn seconds(ms: Millis) -> String {
    format!("{}s", ms / 1000)
}

fn grpc(app: &AppModel, ip: &str, port: i32, service: &str, timeout: Millis, m: Moment, serving: bool) -> Execution {
    let target = format!("{ip}:{port}");
    match app.grpc(service, port, m, serving) {
        // `WithBlock` keeps retrying a refused port until the deadline: the
        // prober reports a timeout.
        None => Execution::new(
            Reply::Timeout,
            ProbeResult::Failure,
            format!(
                "timeout: failed to connect service {target:?} within {}: context deadline exceeded",
                seconds(timeout)
            ),
            timeout,
        ),
        Some((_, latency)) if latency >= timeout => Execution::new(
            Reply::Timeout,
            ProbeResult::Failure,
            format!("timeout: health rpc did not complete within {}", seconds(timeout)),
            timeout,
        ),
        Some((status @ GrpcStatus::Serving, latency)) => {
            Execution::new(Reply::Grpc(status), ProbeResult::Success, "service healthy", latency)
        }
        Some((status @ GrpcStatus::NotServing, latency)) => Execution::new(
            Reply::Grpc(status),
            ProbeResult::Failure,
            "service unhealthy (responded with \"NOT_SERVING\")",
            latency,
        ),
        Some((status @ GrpcStatus::Unimplemented, latency)) => Execution::new(
            Reply::Grpc(status),
            ProbeResult::Failure,
            "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health",
            latency,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an execution says, as the kubelet reads it.
    fn said(e: &Execution) -> (ProbeResult, &str, Millis) {
        (e.result(), e.output(), e.latency)
    }
    use crate::behaviour::{AppRules, HttpRule};
    use crate::probe_target::resolve_port;
    use crate::spec::{ContainerPort, PortRef, Probe};
    use std::sync::Arc;

    const IP: &str = "10.244.0.5";

    /// Runs `probe` against `app` in `container()` at time 0.
    fn run(probe: &Probe, app: &AppModel, serving: bool) -> Execution {
        run_on(probe, app, serving, ExecTimeout::Failure)
    }

    fn run_on(probe: &Probe, app: &AppModel, serving: bool, exec_timeout: ExecTimeout) -> Execution {
        let container = container();
        let target = Target {
            container: &container,
            pod_ip: IP,
            app,
            moment: now(),
            serving,
            hosts: &[],
            host_network: false,
            exec_timeout,
        };
        super::run(probe, &target)
    }

    fn now() -> Moment {
        Moment { t: 0, uptime: 0, terminating: false }
    }

    fn app(http: Vec<HttpRule>) -> AppModel {
        AppModel::new(vec![Arc::new(AppRules { http, ..AppRules::default() })], vec![8080], 0)
    }

    fn http_probe(path: &str, port: PortRef) -> Probe {
        Probe::new(Handler::HttpGet { path: path.into(), port, host: None, scheme: Scheme::Http, headers: vec![] })
    }

    fn container() -> Container {
        let mut c = Container::new("app", "app:1");
        c.ports.push(ContainerPort { name: Some("http".into()), container_port: 8080, protocol: "TCP".into() });
        c
    }

    fn status(code: u16) -> HttpRule {
        HttpRule { status: Some(code), ..HttpRule::default() }
    }

    /// §5.1: 200-399 succeed (3xx as a warning), anything else fails with the status code.
    #[test]
    fn http_status_classes() {
        let run_with = |code| run(&http_probe("/healthz", PortRef::Number(8080)), &app(vec![status(code)]), true);
        assert_eq!(run_with(200).result(), ProbeResult::Success);
        assert_eq!(said(&run_with(404)), (ProbeResult::Failure, "HTTP probe failed with statuscode: 404", 0));
        assert_eq!(run_with(302).result(), ProbeResult::Warning);
    }

    /// §5.1: a closed port and a hang produce Go's transport error texts.
    #[test]
    fn http_transport_errors_are_failures_with_go_messages() {
        let probe = http_probe("/healthz", PortRef::Number(8080));
        let refused = run(&probe, &app(vec![]), false);
        assert_eq!(
            refused.output(),
            "Get \"http://10.244.0.5:8080/healthz\": dial tcp 10.244.0.5:8080: connect: connection refused"
        );
        let hang = run(&probe, &app(vec![HttpRule { hang: Some(true), ..HttpRule::default() }]), true);
        assert_eq!(
            said(&hang),
            (
                ProbeResult::Failure,
                "Get \"http://10.244.0.5:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                1000
            )
        );
    }

    /// §5.1: same-host redirects are followed; another host's is a warning.
    #[test]
    fn redirects() {
        let probe = http_probe("/old", PortRef::Number(8080));
        let local = app(vec![
            HttpRule {
                path: Some("/old".into()),
                status: Some(301),
                redirect: Some("/new".into()),
                ..HttpRule::default()
            },
            HttpRule { path: Some("/new".into()), status: Some(503), ..HttpRule::default() },
        ]);
        assert_eq!(run(&probe, &local, true).output(), "HTTP probe failed with statuscode: 503");
        let away = app(vec![HttpRule {
            status: Some(302),
            redirect: Some("http://0.0.0.0/".into()),
            body: Some("<a href=\"http://0.0.0.0/\">Found</a>.".into()),
            ..HttpRule::default()
        }]);
        let e = run(&probe, &away, true);
        assert_eq!(e.result(), ProbeResult::Warning);
        assert_eq!(e.output(), "Probe terminated redirects, Response body: <a href=\"http://0.0.0.0/\">Found</a>.");
    }

    /// §1.3: a named port the container does not declare is a prober error.
    #[test]
    fn unknown_named_port_is_an_error() {
        let probe = http_probe("/", PortRef::Name("metrics".into()));
        let e = run(&probe, &app(vec![]), true);
        assert_eq!(said(&e), (ProbeResult::Error, "strconv.Atoi: parsing \"metrics\": invalid syntax", 0));
        assert_eq!(resolve_port(&PortRef::Name("http".into()), &container()), Ok(8080));
        let invalid = resolve_port(&PortRef::Number(70000), &container()).map_err(|e| e.message);
        assert_eq!(invalid, Err("invalid port number: 70000".into()));
    }

    /// §5.2: TCP only connects.
    #[test]
    fn tcp_connect_only() {
        let probe = Probe::new(Handler::TcpSocket { port: PortRef::Number(8080), host: None });
        assert_eq!(run(&probe, &app(vec![status(500)]), true).result(), ProbeResult::Success);
        assert_eq!(run(&probe, &app(vec![]), false).output(), "dial tcp 10.244.0.5:8080: connect: connection refused");
    }

    /// §5.3: exec timeouts fail with `command "..." timed out` (1.20+); with
    /// `ExecProbeTimeout` off the same is a discarded error; before 1.20 the
    /// probe waits for the command, which passes after its 10 s.
    #[test]
    fn exec_timeout() {
        let probe = Probe::new(Handler::Exec { command: vec!["/bin/sh".into(), "-c".into(), "sleep 10".into()] });
        let e = run(&probe, &app(vec![]), true);
        assert_eq!(said(&e), (ProbeResult::Failure, "command \"/bin/sh -c sleep 10\" timed out", 1000));
        let e = run_on(&probe, &app(vec![]), true, ExecTimeout::Error);
        assert_eq!(said(&e), (ProbeResult::Error, "command \"/bin/sh -c sleep 10\" timed out", 1000));
        let e = run_on(&probe, &app(vec![]), true, ExecTimeout::Ignored);
        assert_eq!(said(&e), (ProbeResult::Success, "", 10_000));
    }

    /// §5.4: gRPC messages.
    #[test]
    fn grpc_messages() {
        let probe = Probe::new(Handler::Grpc { port: 8080, service: String::new() });
        let ok = run(&probe, &app(vec![]), true);
        assert_eq!((ok.result(), ok.output()), (ProbeResult::Success, "service healthy"));
        let closed = run(&probe, &app(vec![]), false);
        assert_eq!(
            closed.output(),
            "timeout: failed to connect service \"10.244.0.5:8080\" within 1s: context deadline exceeded"
        );
    }
}
