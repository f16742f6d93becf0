//! Where a probe connects, as the prober resolves it (`pkg/probe/util.go`,
//! `pkg/kubelet/prober/prober.go`): the port, the host and the request path.
//! The simulator's prober, the mock app's default ports and the request view
//! all ask here, so they cannot disagree.

use crate::history::ProberError;
use crate::spec::{Container, Handler, PortRef};
use std::borrow::Cow;

/// A port the prober cannot use, with Go's words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortError {
    pub kind: ProberError,
    pub message: String,
}

/// `ResolveContainerPort`: a name is looked up in the container's ports, then
/// read as a number; failing both is a prober error.
pub fn resolve_port(port: &PortRef, container: &Container) -> Result<i32, PortError> {
    let n = match port {
        PortRef::Number(n) => *n,
        PortRef::Name(name) => match container.ports.iter().find(|p| p.name.as_deref() == Some(name)) {
            Some(p) => p.container_port,
            None => name.parse::<i32>().map_err(|_| PortError {
                kind: ProberError::UnknownPortName,
                message: format!("strconv.Atoi: parsing {name:?}: invalid syntax"),
            })?,
        },
    };
    if (1..=65535).contains(&n) {
        Ok(n)
    } else {
        Err(PortError { kind: ProberError::InvalidPort, message: format!("invalid port number: {n}") })
    }
}

/// The port a probe's handler connects to, resolved as the prober resolves
/// it; `None` for exec, which connects to nothing.
pub fn handler_port(handler: &Handler, container: &Container) -> Option<Result<i32, PortError>> {
    match handler {
        Handler::HttpGet { port, .. } | Handler::TcpSocket { port, .. } => Some(resolve_port(port, container)),
        Handler::Grpc { port, .. } => Some(resolve_port(&PortRef::Number(*port), container)),
        Handler::Exec { .. } => None,
    }
}

/// The host an HTTP or TCP probe connects to: its own, else the pod's IP.
pub fn probe_host<'a>(host: Option<&'a str>, pod_ip: &'a str) -> &'a str {
    host.filter(|h| !h.is_empty()).unwrap_or(pod_ip)
}

/// An HTTP probe's path as the request line carries it: with a leading slash.
pub fn request_path(path: &str) -> Cow<'_, str> {
    if path.starts_with('/') { Cow::Borrowed(path) } else { Cow::Owned(format!("/{path}")) }
}
