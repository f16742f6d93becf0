//! The API server's value rules that several objects share, in its own words
//! (`k8s.io/apimachinery/pkg/util/validation`: `IsDNS1123Label`,
//! `IsDNS1123Subdomain`, `IsDNS1035Label`, `IsValidPortNum`,
//! `IsValidPortName`, `IsHTTPHeaderName`; `ValidatePortNumOrName` in
//! `pkg/apis/core/validation`), and the checks across containers that the API
//! server does not make but the kubelet trips over at probe time
//! (kubelet-semantics §1.3).

use super::fields::{Cx, Field, IntOrString, PLACEHOLDER_HINT, looks_like_placeholder, string, unsupported};
use crate::diagnostic::Diagnostic;
use crate::spec::{Container, PortRef, ProbeKind};
use crate::yaml::Span;

pub const PORT_RANGE_MESSAGE: &str = "must be between 1 and 65535, inclusive";

/// The DNS name forms the API server requires of names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DnsName {
    /// RFC 1123 label (container names, StatefulSet and Namespace names,
    /// Service port names): at most 63 characters, no dots.
    Label,
    /// RFC 1123 subdomain (most objects' names): dot-separated labels, at
    /// most 253 characters.
    Subdomain,
    /// RFC 1035 label (Service names): a label that starts with a letter.
    Dns1035Label,
}

impl DnsName {
    fn max_len(self) -> usize {
        match self {
            DnsName::Subdomain => 253,
            DnsName::Label | DnsName::Dns1035Label => 63,
        }
    }

    fn matches(self, name: &str) -> bool {
        match self {
            DnsName::Label => is_label(name),
            DnsName::Subdomain => name.split('.').all(is_label),
            DnsName::Dns1035Label => is_label(name) && name.starts_with(|c: char| c.is_ascii_lowercase()),
        }
    }

    /// The rules `name` breaks, one message each, as the API server words
    /// them (`MaxLenError`, `RegexError`).
    pub fn errors(self, name: &str) -> Vec<String> {
        let mut errors = Vec::new();
        if name.len() > self.max_len() {
            errors.push(format!("must be no more than {} characters", self.max_len()));
        }
        if !self.matches(name) {
            errors.push(match self {
                // A valid subdomain (the length was checked above) that is no label has dots.
                DnsName::Label if DnsName::Subdomain.matches(name) => "must not contain dots".to_string(),
                DnsName::Label => format!(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '{LABEL_REGEX}')"
                ),
                DnsName::Subdomain => format!(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '{LABEL_REGEX}(\\.{LABEL_REGEX})*')"
                ),
                DnsName::Dns1035Label => "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')".to_string(),
            });
        }
        errors
    }

    /// The valid name nearest to `name`, when the fix is plain: lower case,
    /// and `-` for other characters (`My_App` → `my-app`). A name that would
    /// need shortening, or a letter put in front, is left to the user.
    pub fn nearest_valid(self, name: &str) -> Option<String> {
        let label = |part: &str| -> String {
            let mapped: String =
                part.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
            mapped.trim_matches('-').to_string()
        };
        let fixed = match self {
            DnsName::Subdomain => name.split('.').map(label).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("."),
            DnsName::Label | DnsName::Dns1035Label => label(name),
        };
        (fixed != name && self.errors(&fixed).is_empty()).then_some(fixed)
    }
}

const LABEL_REGEX: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, of any length.
fn is_label(s: &str) -> bool {
    let alphanumeric = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => {
            alphanumeric(first) && alphanumeric(last) && bytes.iter().all(|&b| alphanumeric(b) || b == b'-')
        }
        _ => false,
    }
}

/// Checks a name against a DNS form: `field.Invalid` for each rule broken,
/// the first with the nearest valid name.
pub fn dns_name(cx: &mut Cx, span: Span, path: &str, form: DnsName, name: &str) {
    invalid_name(cx, span, path, name, &form.errors(name), form.nearest_valid(name));
}

/// Reports `Invalid value: "name": message` for each of `errors`, the first
/// with `nearest`. Text a template tool was meant to replace gets one error
/// that says so.
pub fn invalid_name(
    cx: &mut Cx,
    span: Span,
    path: &str,
    name: &str,
    errors: &[impl AsRef<str>],
    nearest: Option<String>,
) {
    if let (Some(first), true) = (errors.first(), looks_like_placeholder(name)) {
        cx.error(span, path, format!("Invalid value: {name:?}: {}; {PLACEHOLDER_HINT}", first.as_ref()));
        return;
    }
    for (i, message) in errors.iter().enumerate() {
        let mut d = Diagnostic::error(span, path, format!("Invalid value: {name:?}: {}", message.as_ref()));
        if let (0, Some(nearest)) = (i, &nearest) {
            d = d.with_suggestion(nearest.as_str());
        }
        cx.push(d);
    }
}

/// `IsValidPortName`: an IANA_SVC_NAME. One message per rule broken, as the
/// API server reports them.
pub fn port_name_errors(name: &str) -> Vec<&'static str> {
    let mut errors = Vec::new();
    if name.len() > 15 {
        errors.push("must be no more than 15 characters");
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        errors.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        errors.push("must contain at least one letter (a-z)");
    }
    if name.contains("--") {
        errors.push("must not contain consecutive hyphens");
    }
    if name.starts_with('-') || name.ends_with('-') {
        errors.push("must not begin or end with a hyphen");
    }
    errors
}

/// The valid port name nearest to `name`, when the fix is plain: lower
/// case, and single `-` for other characters (`http_metrics` →
/// `http-metrics`). A name that would need shortening is left to the user.
pub fn nearest_port_name(name: &str) -> Option<String> {
    let mut fixed = String::new();
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' };
        if !(c == '-' && fixed.ends_with('-')) {
            fixed.push(c);
        }
    }
    let fixed = fixed.trim_matches('-');
    (fixed != name && port_name_errors(fixed).is_empty()).then(|| fixed.to_string())
}

/// `IsHTTPHeaderName`.
pub fn header_name_error(name: &str) -> Option<&'static str> {
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (!valid).then_some(
        "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
    )
}

/// `IsValidPortNum` for a port that must be a number (`containerPort`,
/// `grpc.port`, a Service's `port`). Reports and returns false when out of range.
pub fn port_number(cx: &mut Cx, f: &Field, n: i32) -> bool {
    let valid = (1..=65535).contains(&n);
    if !valid {
        cx.error(f.value.span, &f.path, format!("Invalid value: {n}: {PORT_RANGE_MESSAGE}"));
    }
    valid
}

/// A port's `protocol` (`validateContainerPorts`, `validateServicePort`);
/// any other value is reported.
pub fn protocol<'a>(cx: &mut Cx, f: &Field<'a>) -> Option<&'a str> {
    const SUPPORTED: [&str; 3] = ["SCTP", "TCP", "UDP"];
    let value = string(cx, f)?;
    if !SUPPORTED.contains(&value) {
        unsupported(cx, f, value, &SUPPORTED);
        return None;
    }
    Some(value)
}

/// `ValidateNonnegativeField`. Reports and returns false when negative.
pub fn non_negative(cx: &mut Cx, f: &Field, n: i64) -> bool {
    let valid = n >= 0;
    if !valid {
        cx.error(f.value.span, &f.path, format!("Invalid value: {n}: must be greater than or equal to 0"));
    }
    valid
}

/// `ValidatePortNumOrName`: a number in range, or a valid IANA service name.
/// A string is not checked against the container's ports here; the API
/// server does not either (see `check_probe_ports`).
pub fn port_num_or_name(cx: &mut Cx, f: &Field, port: IntOrString) -> Option<PortRef> {
    match port {
        IntOrString::Int(n) => port_number(cx, f, n).then_some(PortRef::Number(n)),
        IntOrString::Str(name) => {
            let errors = port_name_errors(name);
            if let (Some(first), true) = (errors.first(), looks_like_placeholder(name)) {
                // One error is enough for text that was never meant to be a name.
                cx.error(f.value.span, &f.path, format!("Invalid value: {name:?}: {first}; {PLACEHOLDER_HINT}"));
                return None;
            }
            for message in &errors {
                let mut message = format!("Invalid value: {name:?}: {message}");
                if name.parse::<i32>().is_ok() {
                    message.push_str(" (a quoted number is a port name, not a number: remove the quotes)");
                }
                cx.error(f.value.span, &f.path, message);
            }
            errors.is_empty().then(|| PortRef::Name(name.to_string()))
        }
    }
}

/// Where a probe points its handler: what `ResolveContainerPort` will look up.
#[derive(Debug, Clone)]
pub struct PortUse {
    pub kind: ProbeKind,
    pub port: PortRef,
    pub span: Span,
    pub path: String,
    /// A probe with its own `host` goes elsewhere than the pod IP, so the
    /// pod's declared ports say nothing about it.
    pub has_host: bool,
}

/// What the kubelet does with a probe that errors on every attempt (§1.3).
fn never_succeeds(kind: ProbeKind) -> &'static str {
    match kind {
        ProbeKind::Liveness => "so it never restarts the container",
        ProbeKind::Readiness => "so the container never becomes ready",
        ProbeKind::Startup => {
            "so the container never counts as started and its liveness and readiness probes never run"
        }
    }
}

/// Warnings for probe ports that the API server accepts but that cannot work
/// as written. `containers` are the pod's simulated containers, each with the
/// ports its probes use.
pub fn check_probe_ports(cx: &mut Cx, containers: &[(&Container, &[PortUse])]) {
    for (container, uses) in containers {
        for port_use in uses.iter() {
            match &port_use.port {
                PortRef::Name(name) => {
                    if container.ports.iter().any(|p| p.name.as_deref() == Some(name.as_str())) {
                        continue;
                    }
                    let mut message = format!(
                        "port \"{name}\" is not declared in the ports of container \"{}\": the kubelet cannot resolve it, so the {} probe errors on every attempt (strconv.Atoi: parsing \"{name}\": invalid syntax), {}",
                        container.name,
                        port_use.kind.name(),
                        never_succeeds(port_use.kind)
                    );
                    let owner =
                        containers.iter().find(|(c, _)| c.ports.iter().any(|p| p.name.as_deref() == Some(name)));
                    if let Some((other, _)) = owner {
                        message.push_str(&format!(
                            " (container \"{}\" declares it, but a probe's named port resolves only against its own container)",
                            other.name
                        ));
                    }
                    cx.warning(port_use.span, &port_use.path, message);
                }
                PortRef::Number(n) => {
                    if port_use.has_host || container.ports.is_empty() {
                        continue;
                    }
                    // Containers share the pod's network, so a port declared by
                    // a sibling (an injected proxy, say) is reachable too.
                    let declared = containers.iter().flat_map(|(c, _)| &c.ports).any(|p| p.container_port == *n);
                    if !declared {
                        let ports: Vec<String> = container.ports.iter().map(|p| p.container_port.to_string()).collect();
                        cx.warning(
                            port_use.span,
                            &port_use.path,
                            format!(
                                "port {n} is not declared by any container of the pod (container \"{}\" declares {}); declaring ports is optional, but if nothing listens on {n}, every {} probe fails (connection refused)",
                                container.name,
                                ports.join(", "),
                                port_use.kind.name()
                            ),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_names_follow_iana_svc_name() {
        assert!(port_name_errors("http").is_empty());
        assert!(port_name_errors("tcp-health-port").is_empty());
        assert_eq!(port_name_errors("8080"), vec!["must contain at least one letter (a-z)"]);
        assert_eq!(
            port_name_errors("portValue"),
            vec!["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]
        );
        assert_eq!(port_name_errors("a--b"), vec!["must not contain consecutive hyphens"]);
        assert_eq!(port_name_errors("-ab"), vec!["must not begin or end with a hyphen"]);
        assert_eq!(port_name_errors("abcdefghijklmnop"), vec!["must be no more than 15 characters"]);
    }

    #[test]
    fn header_names_are_tokens() {
        assert_eq!(header_name_error("X-Custom-Header"), None);
        assert!(header_name_error("X Custom").is_some());
        assert!(header_name_error("").is_some());
    }
}
