//! What a probe execution sent, and the app's request log.
//!
//! Probe records keep the result, not the request; the request follows from
//! the pod's template and IP alone. An HTTP probe is built as the kubelet's
//! `pkg/probe/http/request.go` builds it (`NewRequestForHTTPGetAction`,
//! `newProbeRequest`; kubelet-semantics §5.1) and written in the order Go's
//! `net/http` puts it on the wire (`Request.write`): the request line, `Host`,
//! `User-Agent`, the other headers sorted by name, then the `Connection:
//! close` the transport adds because the prober disables keep-alives.

use super::timestamp::sim_clock;
use crate::cluster::Cluster;
use crate::history::{History, Millis, PodId, PodInfo, ProbeAnswer, ProbeRecord, ProbeResult, Record, Reply};
use crate::probe_target::{handler_port, probe_host, request_path};
use crate::spec::{Container, Handler, ProbeKind, Scheme};
use std::fmt;

/// One probe execution's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeRequest {
    Http(HttpRequest),
    /// A TCP connect to `host:port`; no data is sent.
    Tcp {
        address: String,
    },
    /// `grpc.health.v1.Health/Check` on `podIP:port`.
    Grpc {
        service: String,
        address: String,
    },
    /// The command the runtime executes in the container, `$(VAR)` expanded.
    Exec {
        command: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub https: bool,
    /// The path (with any query) as the request line carries it.
    pub target: String,
    /// In wire order.
    pub headers: Vec<Header>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Canonical (`x-probe` is sent as `X-Probe`).
    pub name: String,
    pub value: String,
    /// Set by the probe's `httpHeaders`, not by the kubelet or Go.
    pub custom: bool,
}

impl ProbeRequest {
    /// The request `record`'s probe sent. An error when none was sent: the
    /// port did not resolve, so the probe errored before connecting.
    pub fn of(history: &History, record: &ProbeRecord) -> Result<ProbeRequest, String> {
        let info = history.pod(record.pod);
        let container = &info.template.spec.containers[record.container() as usize];
        let probe = container.probe(record.probe).ok_or("the container has no such probe")?;
        ProbeRequest::build(&probe.handler, container, info, &history.cluster)
    }

    fn build(
        handler: &Handler,
        container: &Container,
        info: &PodInfo,
        cluster: &Cluster,
    ) -> Result<ProbeRequest, String> {
        let port = handler_port(handler, container).transpose().map_err(|e| e.message)?.unwrap_or_default();
        let address = |host: &Option<String>| format!("{}:{port}", probe_host(host.as_deref(), &info.ip));
        Ok(match handler {
            Handler::HttpGet { path, host, scheme, headers, .. } => {
                ProbeRequest::Http(HttpRequest::new(path, &address(host), *scheme == Scheme::Https, headers, cluster))
            }
            Handler::TcpSocket { host, .. } => ProbeRequest::Tcp { address: address(host) },
            Handler::Grpc { service, .. } => ProbeRequest::Grpc { service: service.clone(), address: address(&None) },
            Handler::Exec { command } => {
                ProbeRequest::Exec { command: command.iter().map(|arg| container.expand_env(arg)).collect() }
            }
        })
    }
}

impl HttpRequest {
    /// `newProbeRequest` and `Request.write`: `authority` is the URL's
    /// `host:port`, the `Host` header unless the probe sets its own.
    fn new(
        path: &str,
        authority: &str,
        https: bool,
        probe_headers: &[(String, String)],
        cluster: &Cluster,
    ) -> HttpRequest {
        // `http.Header.Add`: canonical names; repeated names accumulate.
        let custom: Vec<Header> = probe_headers
            .iter()
            .map(|(name, value)| Header { name: canonical(name), value: value.clone(), custom: true })
            .collect();
        let first = |name: &str| custom.iter().find(|h| h.name == name);
        let kubelet = |name: &str, value: &str| Header { name: name.into(), value: value.into(), custom: false };

        // `req.Host = headers.Get("Host")`; Go falls back to the URL's host.
        let host = first("Host").filter(|h| !h.value.is_empty());
        let mut headers = vec![host.cloned().unwrap_or_else(|| kubelet("Host", authority))];
        // Go writes the first User-Agent only, and none when it is empty.
        let user_agent =
            first("User-Agent").cloned().unwrap_or_else(|| kubelet("User-Agent", &cluster.probe_user_agent()));
        headers.extend((!user_agent.value.is_empty()).then_some(user_agent));

        // `reqWriteExcludeHeader`: these are written apart, or (for a GET
        // without a body) not at all.
        let excluded = ["Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer"];
        let mut rest: Vec<Header> = custom.iter().filter(|h| !excluded.contains(&h.name.as_str())).cloned().collect();
        // The kubelet's `Accept: */*` came in 1.20 (#95641).
        match first("Accept") {
            None if cluster.probe_sends_accept() => rest.push(kubelet("Accept", "*/*")),
            None => {}
            // An empty Accept removes the header.
            Some(accept) if accept.value.is_empty() => rest.retain(|h| h.name != "Accept"),
            Some(_) => {}
        }
        // `Header.writeSubset` sorts by name; the stable sort keeps repeats in order.
        crate::sort::sort_by(&mut rest, |a, b| a.name.cmp(&b.name));
        headers.extend(rest);
        // `DisableKeepAlives` adds `Connection: close` unless the request already asks for it.
        let wants_close = first("Connection")
            .is_some_and(|c| c.value.split(',').any(|token| token.trim().eq_ignore_ascii_case("close")));
        if !wants_close {
            headers.push(kubelet("Connection", "close"));
        }
        for h in &mut headers {
            h.value = clean(&h.value);
        }
        HttpRequest { https, target: request_path(path).into_owned(), headers }
    }

    /// The probe's own headers, as sent.
    pub fn custom_headers(&self) -> impl Iterator<Item = &Header> {
        self.headers.iter().filter(|h| h.custom)
    }
}

/// `textproto.CanonicalMIMEHeaderKey` for names the loader accepted (`[-A-Za-z0-9]+`).
fn canonical(name: &str) -> String {
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            upper = c == '-';
            out
        })
        .collect()
}

/// Go writes a header value with newlines as spaces, trimmed.
fn clean(value: &str) -> String {
    value.replace(['\r', '\n'], " ").trim().to_string()
}

/// An argument as a shell would need it to read it back as one word.
fn quoted(arg: &str) -> String {
    let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain { arg.to_string() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
}

impl fmt::Display for ProbeRequest {
    /// HTTP as on the wire (one header a line); the others on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeRequest::Http(r) => {
                write!(f, "GET {} HTTP/1.1", r.target)?;
                r.headers.iter().try_for_each(|h| write!(f, "\n{}: {}", h.name, h.value))
            }
            ProbeRequest::Tcp { address } => write!(f, "connect {address}"),
            ProbeRequest::Grpc { service, address } => {
                let service = if service.is_empty() { "\"\"" } else { service };
                write!(f, "grpc.health.v1.Health/Check service={service} {address}")
            }
            ProbeRequest::Exec { command } => {
                f.write_str(&command.iter().map(|a| quoted(a)).collect::<Vec<_>>().join(" "))
            }
        }
    }
}

/// The status an access log would show for a probe request that reached the
/// app: the code of a failing response, else the class the result implies
/// (`2xx` for a success, `3xx` for an unfollowed or endless redirect), and
/// `-` when the app did not answer before the timeout.
fn status(answer: &ProbeAnswer) -> String {
    match (answer.reply, answer.result) {
        (Reply::Http { status, .. }, ProbeResult::Failure) => status.to_string(),
        (_, ProbeResult::Success) => "2xx".into(),
        (_, ProbeResult::Warning) | (Reply::TooManyRedirects, _) => "3xx".into(),
        _ => "-".into(),
    }
}

/// Whether the probe's connection reached the app (refused and errored
/// probes never did).
fn reached_app(answer: &ProbeAnswer) -> bool {
    !matches!(answer.reply, Reply::Refused | Reply::Error(_))
}

/// The app's request log for one container up to `t`: a line per HTTP probe
/// request that reached it, stamped with its arrival and written once the
/// kubelet had the answer (a hung request shows when the kubelet gives up):
///
/// `00:11.5 GET /health 2xx X-Probe: readiness`
///
/// The probe's own headers close the line. A followed redirect is one line.
/// `tail` keeps the last lines only, like `kubectl logs --tail`.
pub fn app_log(history: &History, pod: PodId, container: u16, t: Millis, tail: Option<usize>) -> String {
    let info = history.pod(pod);
    let spec = &info.template.spec.containers[container as usize];
    // The request each HTTP probe of the container sends, with its timeout.
    let http: Vec<(ProbeKind, HttpRequest, i32)> = ProbeKind::ALL
        .iter()
        .filter_map(|&kind| {
            let probe = spec.probe(kind)?;
            match ProbeRequest::build(&probe.handler, spec, info, &history.cluster) {
                Ok(ProbeRequest::Http(request)) => Some((kind, request, probe.timeout_seconds)),
                _ => None,
            }
        })
        .collect();
    let lines: Vec<(&ProbeRecord, &HttpRequest, i32)> = history
        .until(t)
        .iter()
        .filter_map(|r| match r {
            Record::Probe(p) if p.pod == pod && p.container() == container && reached_app(history.answer(p)) => {
                let (_, request, timeout) = http.iter().find(|(kind, _, _)| *kind == p.probe)?;
                Some((p, request, *timeout))
            }
            _ => None,
        })
        .collect();
    let from = tail.map_or(0, |n| lines.len().saturating_sub(n));
    let mut out = String::new();
    for (record, request, timeout) in &lines[from..] {
        let status = status(history.answer(record));
        out.push_str(&format!("{} GET {} {status}", sim_clock(record.start()), request.target));
        for h in request.custom_headers() {
            out.push_str(&format!(" {}: {}", h.name, h.value));
        }
        if status == "-" {
            out.push_str(&format!(" (no answer within {timeout}s)"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{ContainerPort, PortRef, Probe};
    use crate::view::testing::*;

    fn pod_with(handler: Handler) -> History {
        let mut c = container("app");
        c.ports.push(ContainerPort { name: Some("http".into()), container_port: 3000, protocol: "TCP".into() });
        c.env.push(("FILE".into(), "/tmp/ready".into()));
        let mut probe = Probe::new(handler);
        probe.timeout_seconds = 5;
        c.readiness_probe = Some(probe);
        history(vec![pod_info("web-0", 0, vec![c])])
    }

    fn record(h: &mut History, start: Millis, t: Millis, reply: Reply, result: ProbeResult, output: &str) -> Record {
        let answer = answer(h, reply, result, output);
        answered(0, 0, ProbeKind::Readiness, start, t, answer)
    }

    fn request_of(handler: Handler) -> String {
        let h = pod_with(handler);
        ProbeRequest::of(&h, &ProbeRecord::new(1_000, 1_000, 0, 0, ProbeKind::Readiness, 0)).unwrap().to_string()
    }

    fn http(path: &str, port: PortRef, headers: &[(&str, &str)]) -> Handler {
        let headers = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        Handler::HttpGet { path: path.into(), port, host: None, scheme: Scheme::Http, headers }
    }

    /// The kubelet's defaults, then the probe's headers sorted in, then the
    /// transport's `Connection: close`; a named port resolves to its number.
    #[test]
    fn http_request_as_written_on_the_wire() {
        assert_eq!(
            request_of(http("/health", PortRef::Name("http".into()), &[("X-Probe", "readiness")])),
            "GET /health HTTP/1.1\n\
             Host: 10.244.1.5:3000\n\
             User-Agent: kube-probe/1.37\n\
             Accept: */*\n\
             X-Probe: readiness\n\
             Connection: close"
        );
    }

    /// The kubelet's User-Agent names its own version; before 1.20 it sent
    /// no `Accept` (#95641).
    #[test]
    fn the_kubelet_headers_follow_its_version() {
        let mut h = pod_with(http("/health", PortRef::Number(8080), &[]));
        h.cluster = crate::cluster::Cluster::new(crate::cluster::Version::new(19).unwrap());
        let request = ProbeRequest::of(&h, &ProbeRecord::new(1_000, 1_000, 0, 0, ProbeKind::Readiness, 0));
        assert_eq!(
            request.unwrap().to_string(),
            "GET /health HTTP/1.1\n\
             Host: 10.244.1.5:8080\n\
             User-Agent: kube-probe/1.19\n\
             Connection: close"
        );
        h.cluster = crate::cluster::Cluster::new(crate::cluster::Version::new(20).unwrap());
        let request = ProbeRequest::of(&h, &ProbeRecord::new(1_000, 1_000, 0, 0, ProbeKind::Readiness, 0));
        assert!(request.unwrap().to_string().contains("User-Agent: kube-probe/1.20\nAccept: */*\n"));
    }

    /// `http.Header.Add` canonicalises names and keeps repeats; a probe's
    /// Host, User-Agent and Accept replace the kubelet's, an empty Accept
    /// removes it; the other headers are sorted by name; a Content-Length
    /// is not sent on a GET without a body.
    #[test]
    fn probe_headers_override_and_sort() {
        let headers = [
            ("content-length", "5"),
            ("x-probe", " liveness "),
            ("host", "app.example"),
            ("USER-AGENT", "probe/2"),
            ("b-tag", "1"),
            ("b-tag", "2"),
            ("accept", ""),
        ];
        assert_eq!(
            request_of(http("healthz?deep=1", PortRef::Number(8080), &headers)),
            "GET /healthz?deep=1 HTTP/1.1\n\
             Host: app.example\n\
             User-Agent: probe/2\n\
             B-Tag: 1\n\
             B-Tag: 2\n\
             X-Probe: liveness\n\
             Connection: close"
        );
        let mut h = pod_with(Handler::HttpGet {
            path: "/".into(),
            port: PortRef::Number(80),
            host: Some("10.0.0.9".into()),
            scheme: Scheme::Https,
            headers: vec![("Connection".into(), "Close".into())],
        });
        let ProbeRequest::Http(r) =
            ProbeRequest::of(&h, &ProbeRecord::new(1_000, 1_000, 0, 0, ProbeKind::Readiness, 0)).unwrap()
        else {
            panic!()
        };
        assert!(r.https);
        let names: Vec<String> = r.headers.iter().map(|h| format!("{}: {}", h.name, h.value)).collect();
        assert_eq!(names, ["Host: 10.0.0.9:80", "User-Agent: kube-probe/1.37", "Accept: */*", "Connection: Close"]);
        // A named port that the container does not declare: no request at all.
        h = pod_with(http("/", PortRef::Name("metrics".into()), &[]));
        assert_eq!(
            ProbeRequest::of(&h, &ProbeRecord::new(1_000, 1_000, 0, 0, ProbeKind::Readiness, 3)),
            Err("strconv.Atoi: parsing \"metrics\": invalid syntax".to_string())
        );
    }

    #[test]
    fn tcp_grpc_and_exec_requests() {
        assert_eq!(
            request_of(Handler::TcpSocket { port: PortRef::Name("http".into()), host: None }),
            "connect 10.244.1.5:3000"
        );
        assert_eq!(
            request_of(Handler::TcpSocket { port: PortRef::Number(5432), host: Some("db".into()) }),
            "connect db:5432"
        );
        assert_eq!(
            request_of(Handler::Grpc { port: 9090, service: String::new() }),
            "grpc.health.v1.Health/Check service=\"\" 10.244.1.5:9090"
        );
        assert_eq!(
            request_of(Handler::Grpc { port: 9090, service: "ledger".into() }),
            "grpc.health.v1.Health/Check service=ledger 10.244.1.5:9090"
        );
        let command = ["sh", "-c", "test -f $(FILE) && echo 'ok'"].map(String::from).to_vec();
        assert_eq!(request_of(Handler::Exec { command }), r"sh -c 'test -f /tmp/ready && echo '\''ok'\'''");
    }

    /// Refused and errored probes never reached the app; a hung one shows
    /// when the kubelet gave up, with no status; the status comes from the
    /// output or the result; `tail` keeps the newest lines.
    #[test]
    fn app_log_lists_the_requests_that_reached_the_app() {
        let mut h = pod_with(http("/health", PortRef::Number(3000), &[("X-Probe", "readiness")]));
        let refused = "Get \"http://10.244.1.5:3000/health\": dial tcp 10.244.1.5:3000: connect: connection refused";
        let hung = "Get \"http://10.244.1.5:3000/health\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        let http = |status| Reply::Http { status, redirects: 0 };
        h.records = vec![
            record(&mut h, 1_500, 1_500, Reply::Refused, ProbeResult::Failure, refused),
            record(&mut h, 11_500, 11_500, http(200), ProbeResult::Success, ""),
            record(&mut h, 15_000, 20_000, Reply::Timeout, ProbeResult::Failure, hung),
            record(&mut h, 21_500, 21_500, http(503), ProbeResult::Failure, "HTTP probe failed with statuscode: 503"),
            record(
                &mut h,
                31_500,
                31_500,
                Reply::Redirected { status: 302 },
                ProbeResult::Warning,
                "Probe terminated redirects, Response body: ",
            ),
        ];
        assert_eq!(app_log(&h, 0, 0, 11_499, None), "");
        assert_eq!(
            app_log(&h, 0, 0, 40_000, None),
            "00:11.5 GET /health 2xx X-Probe: readiness\n\
             00:15.0 GET /health - X-Probe: readiness (no answer within 5s)\n\
             00:21.5 GET /health 503 X-Probe: readiness\n\
             00:31.5 GET /health 3xx X-Probe: readiness\n"
        );
        assert_eq!(app_log(&h, 0, 0, 21_500, Some(1)), "00:21.5 GET /health 503 X-Probe: readiness\n");
    }

    /// Only HTTP probes write to the app's request log.
    #[test]
    fn app_log_skips_other_probes() {
        let mut h = pod_with(Handler::TcpSocket { port: PortRef::Number(3000), host: None });
        h.records = vec![record(&mut h, 1_000, 1_000, Reply::Connected, ProbeResult::Success, "")];
        assert_eq!(app_log(&h, 0, 0, 5_000, None), "");
    }
}
