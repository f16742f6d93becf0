//! Lifecycle hooks as the kubelet runs them (`pkg/kubelet/lifecycle/handlers.go`,
//! KRC `startContainer` and `killContainer`; kubelet-semantics §8.2): what a
//! hook's handler gets from the mock app and how long it takes. An exec hook
//! is the app's answer to its command, as an exec probe's is; an HTTP hook
//! fails only when it gets no answer (the kubelet ignores the status); a
//! `sleep` sleeps.

use super::app::{AppModel, HttpAnswer};
use crate::behaviour::Moment;
use crate::history::Millis;
use crate::probe_target::{request_path, resolve_port};
use crate::spec::{Container, HookAction, Scheme};

/// A run of a hook's handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookRun {
    /// How long it takes; `None` when it never returns (an HTTP request
    /// the app never answers).
    pub duration: Option<Millis>,
    /// Why it failed, in the handler's words, when it did.
    pub error: Option<String>,
}

/// Runs `action` against the app of `container` (pod IP `pod_ip`) at `m`.
pub fn run(
    action: &HookAction,
    container: &Container,
    pod_ip: &str,
    app: &AppModel,
    m: Moment,
    serving: bool,
) -> HookRun {
    match action {
        HookAction::Sleep { seconds } => HookRun { duration: Some(seconds * 1000), error: None },
        HookAction::Exec { command } => {
            let command: Vec<String> = command.iter().map(|a| container.expand_env(a)).collect();
            let outcome = app.exec(&command, m, serving);
            let error = (outcome.exit_code != 0).then(|| {
                format!(
                    "command '{}' exited with {}: {}, message: {:?}",
                    command.join(" "),
                    outcome.exit_code,
                    outcome.output,
                    outcome.output
                )
            });
            HookRun { duration: Some(outcome.duration), error }
        }
        HookAction::HttpGet { path, port, host, scheme } => {
            let Ok(port) = resolve_port(port, container) else {
                return HookRun { duration: Some(0), error: Some(format!("invalid port {port}")) };
            };
            let host = host.as_deref().filter(|h| !h.is_empty()).unwrap_or(pod_ip);
            let scheme = if *scheme == Scheme::Https { "https" } else { "http" };
            let url = format!("{scheme}://{host}:{port}{}", request_path(path));
            match app.http(&request_path(path), port, m, serving) {
                HttpAnswer::Refused => HookRun {
                    duration: Some(0),
                    error: Some(format!("Get {url:?}: dial tcp {host}:{port}: connect: connection refused")),
                },
                HttpAnswer::Hang => HookRun { duration: None, error: None },
                HttpAnswer::Response { latency, .. } => HookRun { duration: Some(latency), error: None },
            }
        }
        HookAction::TcpSocket => HookRun { duration: Some(0), error: Some("invalid handler: tcpSocket".into()) },
    }
}

/// The handler as the detailed failure message (to 1.25) names it:
/// `Exec lifecycle hook ([sh -c x])`, `HTTP lifecycle hook (/path)`.
pub fn describe(action: &HookAction) -> String {
    match action {
        HookAction::Exec { command } => format!("Exec lifecycle hook ([{}])", command.join(" ")),
        HookAction::HttpGet { path, .. } => format!("HTTP lifecycle hook ({path})"),
        HookAction::Sleep { .. } => "Sleep lifecycle hook".into(),
        HookAction::TcpSocket => "TCPSocket lifecycle hook".into(),
    }
}
