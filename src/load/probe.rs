//! Probes: the API server's defaults (`SetDefaults_Probe`,
//! `SetDefaults_HTTPGetAction`, the `grpc.service` declarative default) and
//! its validation (`validateProbe`, `validateHandler`, `validateLivenessProbe`,
//! `validateReadinessProbe`, `validateStartupProbe` and the handler checks in
//! `pkg/apis/core/validation`), kubelet-semantics §1.1–1.2.
//!
//! A probe the API server would reject is left out of the simulation, with a
//! note saying so: the rest of the workload still runs.

use super::fields::{
    self, Cx, Field, Fields, IntOrString, expected, int_or_string, int32, int64, list, object, string, string_list,
};
use super::schema;
use super::validate::{self, PortUse, header_name_error, port_num_or_name, port_number};
use crate::cluster::PodField;
use crate::spec::{Handler, PortRef, Probe, ProbeKind, Scheme};

/// The container field that holds a probe of this kind.
pub fn field_name(kind: ProbeKind) -> &'static str {
    match kind {
        ProbeKind::Liveness => "livenessProbe",
        ProbeKind::Readiness => "readinessProbe",
        ProbeKind::Startup => "startupProbe",
    }
}

/// Reads, defaults and validates one probe. Returns `None` for a probe the
/// API server would reject; the port it targets is returned for the checks
/// against the container's ports.
pub fn probe(cx: &mut Cx, f: &Field, kind: ProbeKind) -> Option<(Probe, Option<PortUse>)> {
    // Dropped before validation, so an invalid one says nothing more.
    if kind == ProbeKind::Startup && !cx.keeps(f, PodField::StartupProbe) {
        return None;
    }
    let errors_before = cx.errors();
    let read = read_probe(cx, f, kind);
    if cx.errors() > errors_before {
        cx.note(
            f.key.span,
            &f.path,
            format!("this {} is left out of the simulation because the API server would reject it", field_name(kind)),
        );
        return None;
    }
    read
}

/// Reads a probe that stands alone, outside any container: the new probe a
/// rollout in the behaviour document brings. Same defaults and validation.
pub fn standalone(cx: &mut Cx, f: &Field, kind: ProbeKind) -> Option<Probe> {
    probe(cx, f, kind).map(|(probe, _)| probe)
}

/// The handler `validateHandler` finds among a probe's or a hook's fields.
pub enum Handlers<'a> {
    /// The first one set, in the order given, and its field.
    One(&'static str, Field<'a>),
    /// None is set (an error has been reported).
    None,
    /// The only one set is a field this Kubernetes version drops.
    Dropped,
}

/// `validateHandler`, for probes and lifecycle hooks alike: the first of
/// `names` set is the handler; any other one set is an error at its own
/// key, and none at all an error at `f` that lists the `required` ones.
/// The last name is the one that `gate` decides: where the version drops
/// it, it counts as not set.
pub fn one_handler<'a>(
    cx: &mut Cx,
    f: &Field,
    fields: &Fields<'a>,
    names: [&'static str; 4],
    gate: PodField,
    required: &str,
) -> Handlers<'a> {
    let mut chosen = None;
    let mut dropped = false;
    for (i, name) in names.into_iter().enumerate() {
        let Some(hf) = fields.get(name) else { continue };
        if i == names.len() - 1 && !cx.keeps(&hf, gate) {
            dropped = true;
        } else if chosen.is_some() {
            cx.error(hf.key.span, &hf.path, "Forbidden: may not specify more than 1 handler type");
        } else {
            chosen = Some((name, hf));
        }
    }
    match chosen {
        Some((name, hf)) => Handlers::One(name, hf),
        None if dropped => Handlers::Dropped,
        None => {
            cx.error(f.key.span, &f.path, format!("Required value: must specify a handler type ({required})"));
            Handlers::None
        }
    }
}

fn read_probe(cx: &mut Cx, f: &Field, kind: ProbeKind) -> Option<(Probe, Option<PortUse>)> {
    let errors_before = cx.errors();
    let fields = object(cx, f.value, &f.path, &schema::PROBE)?;

    let names = ["exec", "httpGet", "tcpSocket", "grpc"];
    let handler = match one_handler(cx, f, &fields, names, PodField::GrpcProbe, "exec, httpGet, tcpSocket or grpc") {
        Handlers::Dropped => return None,
        Handlers::None => None,
        Handlers::One("exec", hf) => exec(cx, &hf),
        Handlers::One("httpGet", hf) => http_get(cx, &hf, kind),
        Handlers::One("tcpSocket", hf) => tcp_socket(cx, &hf, kind),
        Handlers::One(_, hf) => grpc(cx, &hf, kind),
    };

    let initial_delay = non_negative(cx, &fields, "initialDelaySeconds").unwrap_or(0);
    // Defaulting turns an absent or explicit 0 into the default.
    let defaulted = |v: Option<i32>, default: i32| v.filter(|&v| v != 0).unwrap_or(default);
    let timeout = defaulted(non_negative(cx, &fields, "timeoutSeconds"), Probe::DEFAULT_TIMEOUT_SECONDS);
    let period = defaulted(non_negative(cx, &fields, "periodSeconds"), Probe::DEFAULT_PERIOD_SECONDS);
    let success = defaulted(non_negative(cx, &fields, "successThreshold"), Probe::DEFAULT_SUCCESS_THRESHOLD);
    let failure = defaulted(non_negative(cx, &fields, "failureThreshold"), Probe::DEFAULT_FAILURE_THRESHOLD);

    if kind != ProbeKind::Readiness
        && success != 1
        && let Some(sf) = fields.get("successThreshold")
    {
        cx.error(sf.value.span, &sf.path, format!("Invalid value: {success}: must be 1"));
    }

    let grace = fields.get("terminationGracePeriodSeconds").and_then(|gf| {
        if !cx.keeps(&gf, PodField::ProbeTerminationGracePeriod) {
            return None;
        }
        let n = int64(cx, &gf)?;
        if kind == ProbeKind::Readiness {
            cx.error(gf.value.span, &gf.path, format!("Invalid value: {n}: must not be set for readinessProbes"));
        }
        if n <= 0 {
            cx.error(gf.value.span, &gf.path, format!("Invalid value: {n}: must be greater than 0"));
        }
        Some(n)
    });

    let (handler, port_use) = handler?;
    // Only a probe the API server accepts is worth a warning.
    if timeout > period && cx.errors() == errors_before {
        let (span, path) = match fields.get("timeoutSeconds") {
            Some(tf) => (tf.value.span, tf.path),
            None => (f.key.span, f.path.clone()),
        };
        cx.warning(
            span,
            &path,
            format!(
                "timeoutSeconds ({timeout}) is greater than periodSeconds ({period}): the API server accepts it, but the prober runs one probe at a time, so a probe that times out delays the next and failures come every {timeout}s, not every {period}s"
            ),
        );
    }

    let probe = Probe {
        handler,
        initial_delay_seconds: initial_delay,
        timeout_seconds: timeout,
        period_seconds: period,
        success_threshold: success,
        failure_threshold: failure,
        termination_grace_period_seconds: grace,
        span: f.key.span,
    };
    Some((probe, port_use))
}

/// A probe's count or time: a negative one is reported and kept, so that
/// the probe's other rules (`successThreshold` must be 1) report too, as the
/// API server's do; the error leaves the probe out anyway.
fn non_negative(cx: &mut Cx, fields: &fields::Fields, name: &str) -> Option<i32> {
    let f = fields.get(name)?;
    let n = int32(cx, &f)?;
    validate::non_negative(cx, &f, n.into());
    Some(n)
}

pub(super) type Read = Option<(Handler, Option<PortUse>)>;

pub(super) fn exec(cx: &mut Cx, f: &Field) -> Read {
    let fields = object(cx, f.value, &f.path, &schema::EXEC)?;
    let command = fields.get("command").map(|cf| string_list(cx, &cf)).unwrap_or_default();
    if command.is_empty() {
        let span = fields.get("command").map_or(f.key.span, |cf| cf.key.span);
        cx.error(span, &fields.path_of("command"), "Required value: exec needs a command to run");
        return None;
    }
    Some((Handler::Exec { command }, None))
}

/// A handler's `port`, which every handler needs: a missing one is the
/// zero value, out of range.
fn required_port<'a>(cx: &mut Cx, fields: &fields::Fields<'a>, handler: &Field) -> Option<Field<'a>> {
    let port = fields.get("port");
    if port.is_none() {
        cx.error(
            handler.key.span,
            &fields.path_of("port"),
            format!("Invalid value: 0: {} (the port is missing)", validate::PORT_RANGE_MESSAGE),
        );
    }
    port
}

/// The handler's `port`: required, a number in range or an IANA service name.
fn port(cx: &mut Cx, fields: &fields::Fields, handler: &Field, kind: ProbeKind, has_host: bool) -> Option<PortUse> {
    let pf = required_port(cx, fields, handler)?;
    let value = int_or_string(cx, &pf)?;
    let port = port_num_or_name(cx, &pf, value)?;
    Some(PortUse { kind, port, span: pf.value.span, path: pf.path, has_host })
}

/// The host the kubelet dials instead of the pod. A template placeholder
/// left in it is not a host the node can resolve: a warning says so.
fn host(cx: &mut Cx, fields: &fields::Fields) -> Option<String> {
    let hf = fields.get("host")?;
    let host = string(cx, &hf).filter(|h| !h.is_empty())?;
    if fields::looks_like_placeholder(host) {
        cx.warning(
            hf.value.span,
            &hf.path,
            format!("{host:?}: {}; as it is, the node cannot resolve it and the probe fails", fields::PLACEHOLDER_HINT),
        );
    }
    Some(host.to_string())
}

pub(super) fn http_get(cx: &mut Cx, f: &Field, kind: ProbeKind) -> Read {
    let fields = object(cx, f.value, &f.path, &schema::HTTP_GET)?;
    let path = fields.get("path").and_then(|pf| string(cx, &pf)).filter(|p| !p.is_empty()).unwrap_or("/").to_string();
    let host = host(cx, &fields);
    let port_use = port(cx, &fields, f, kind, host.is_some());
    let scheme = match fields.get("scheme") {
        None => Some(Scheme::Http),
        Some(sf) => match string(cx, &sf) {
            None | Some("") | Some("HTTP") => Some(Scheme::Http),
            Some("HTTPS") => Some(Scheme::Https),
            Some(other) => {
                fields::unsupported(cx, &sf, other, &["HTTP", "HTTPS"]);
                None
            }
        },
    };
    let mut headers = Vec::new();
    if let Some(hf) = fields.get("httpHeaders") {
        for (i, item) in list(cx, &hf).iter().enumerate() {
            let item_path = fields::index(&hf.path, i);
            let Some(header) = object(cx, item, &item_path, &schema::HTTP_HEADER) else { continue };
            let name = header.get("name").and_then(|nf| string(cx, &nf)).unwrap_or("");
            let value = header.get("value").and_then(|vf| string(cx, &vf)).unwrap_or("");
            if let Some(message) = header_name_error(name) {
                let span = header.get("name").map_or(fields::start(item), |nf| nf.value.span);
                cx.error(span, &header.path_of("name"), format!("Invalid value: {name:?}: {message}"));
            }
            headers.push((name.to_string(), value.to_string()));
        }
    }
    let port_use = port_use?;
    let handler = Handler::HttpGet { path, port: port_use.port.clone(), host, scheme: scheme?, headers };
    Some((handler, Some(port_use)))
}

fn tcp_socket(cx: &mut Cx, f: &Field, kind: ProbeKind) -> Read {
    let fields = object(cx, f.value, &f.path, &schema::TCP_SOCKET)?;
    let host = host(cx, &fields);
    let port_use = port(cx, &fields, f, kind, host.is_some())?;
    Some((Handler::TcpSocket { port: port_use.port.clone(), host }, Some(port_use)))
}

/// `validateGRPCAction`: a port number only; gRPC probes have no named ports.
fn grpc(cx: &mut Cx, f: &Field, kind: ProbeKind) -> Read {
    let fields = object(cx, f.value, &f.path, &schema::GRPC)?;
    let service = fields.get("service").and_then(|sf| string(cx, &sf)).unwrap_or("").to_string();
    let pf = required_port(cx, &fields, f)?;
    let port = match int_or_string(cx, &pf)? {
        IntOrString::Int(n) => n,
        IntOrString::Str(name) if !fields::looks_like_placeholder(name) => {
            cx.error(
                pf.value.span,
                &pf.path,
                format!(
                    "expected an integer, found a string {name:?}: gRPC probes take a port number, not a port name"
                ),
            );
            return None;
        }
        IntOrString::Str(_) => {
            expected(cx, pf.value, &pf.path, "an integer");
            return None;
        }
    };
    if !port_number(cx, &pf, port) {
        return None;
    }
    let port_use = PortUse { kind, port: PortRef::Number(port), span: pf.value.span, path: pf.path, has_host: false };
    Some((Handler::Grpc { port, service }, Some(port_use)))
}
