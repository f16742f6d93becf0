//! The mock app's behaviour: what each container answers to HTTP, TCP, gRPC
//! and exec probes over time, when it crashes, how it handles SIGTERM, what the
//! user does to it (scripted actions) and what clients send to the Services.
//!
//! It is written as one YAML document (`kind: Behaviour`) in the scenario
//! stream; `docs/scenario-format.md` is the user's guide. Rules are evaluated
//! in order and later rules override the fields they set, so a document reads
//! as "normally this; from minute 2, that".

mod action;
mod duration;
mod exec;
pub mod expect;
mod parse;
mod write;

pub use action::{Action, Rollout, Verb};
pub use duration::{format_duration, parse_duration};
pub use exec::{ExecOutcome, file_checked, interpret};
pub use parse::{Known, MAX_DURATION, parse, run_length};
pub use write::{probe_yaml, to_yaml};

use crate::cluster::{Cluster, Version};
use crate::history::Millis;
use crate::spec::ProbeKind;

/// When a rule applies. Every bound that is set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    /// Scenario clock: from this time on (`from: 2m`).
    pub from: Option<Millis>,
    /// Scenario clock: before this time (`until: 3m`).
    pub until: Option<Millis>,
    /// Container uptime: once the container has run this long (`after: 60s`).
    pub after: Option<Millis>,
    /// Container uptime: while the container has run less than this (`before: 30s`).
    pub before: Option<Millis>,
    /// Only once the container has received SIGTERM (`afterSigterm: true`).
    pub after_sigterm: bool,
}

/// The moment a rule is asked about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    pub t: Millis,
    pub uptime: Millis,
    pub terminating: bool,
}

impl Window {
    pub fn contains(&self, m: Moment) -> bool {
        self.from.is_none_or(|f| m.t >= f)
            && self.until.is_none_or(|u| m.t < u)
            && self.after.is_none_or(|a| m.uptime >= a)
            && self.before.is_none_or(|b| m.uptime < b)
            && (!self.after_sigterm || m.terminating)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpRule {
    pub window: Window,
    /// The path the rule answers; `None` answers every path.
    pub path: Option<String>,
    pub port: Option<i32>,
    pub status: Option<u16>,
    pub latency: Option<Millis>,
    /// Never answers.
    pub hang: Option<bool>,
    /// `Location` of a redirect: a path (same host) or an absolute URL.
    pub redirect: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TcpRule {
    pub window: Window,
    pub port: Option<i32>,
    pub listening: bool,
}

/// What a gRPC health check answers; the history records it as it is.
pub use crate::history::GrpcStatus;

#[derive(Debug, Clone, PartialEq)]
pub struct GrpcRule {
    pub window: Window,
    pub service: Option<String>,
    pub port: Option<i32>,
    pub status: Option<GrpcStatus>,
    pub latency: Option<Millis>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExecRule {
    pub window: Window,
    /// Matches when the probe's command line contains this text.
    pub command: Option<String>,
    pub exit_code: Option<i32>,
    pub output: Option<String>,
    pub duration: Option<Millis>,
    /// The command checks the app's own HTTP endpoint (`curl -f`, a health
    /// script): it exits 0 when the app answers 2xx/3xx there, 1 otherwise.
    pub checks_http: Option<(String, Option<i32>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileRule {
    pub window: Window,
    pub path: String,
    pub exists: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CrashRule {
    /// Scenario clock time of a one-off crash (`at: 2m`).
    pub at: Option<Millis>,
    /// Uptime at which every run crashes (`after: 60s`).
    pub after: Option<Millis>,
    pub exit_code: i32,
    pub oom: bool,
}

/// What the process does on SIGTERM.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sigterm {
    /// Exits after a delay with this code.
    Exit { after: Millis, code: i32 },
    /// Ignores it until SIGKILL (exit 137).
    Ignore,
}

impl Default for Sigterm {
    fn default() -> Sigterm {
        // The default action for SIGTERM: die at once, 128 + 15.
        Sigterm::Exit { after: 0, code: 143 }
    }
}

/// Which containers an `apps` entry describes. Unset fields match everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selector {
    pub container: Option<String>,
    pub workload: Option<String>,
    pub image: Option<String>,
    /// Replica ordinals (StatefulSet ordinal, or the pod's index among its
    /// workload's pods in creation order).
    pub replicas: Option<Vec<u32>>,
    pub pod: Option<String>,
}

/// Where the selector is asked about.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub workload: &'a str,
    pub pod: &'a str,
    pub container: &'a str,
    pub image: &'a str,
    pub replica: u32,
}

impl Selector {
    pub fn matches(&self, t: &Target) -> bool {
        self.container.as_deref().is_none_or(|c| c == t.container)
            && self.workload.as_deref().is_none_or(|w| w == t.workload)
            && self.image.as_deref().is_none_or(|i| i == t.image)
            && self.pod.as_deref().is_none_or(|p| p == t.pod)
            && self.replicas.as_ref().is_none_or(|r| r.contains(&t.replica))
    }
}

/// One `apps` entry: a description of the containers its selector matches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppRules {
    pub selector: Selector,
    /// Time from container start until the app serves (first start).
    pub startup: Option<Millis>,
    /// The same on every later start; defaults to `startup`.
    pub startup_on_restart: Option<Millis>,
    /// How long pulling the image takes before the first start (restarts
    /// find it on the node). It moves the container's start against the
    /// probe workers' tickers, which start with the pod.
    pub pull: Option<Millis>,
    /// Ports the app listens on (default: the declared containerPorts, else
    /// the ports its probes name).
    pub ports: Option<Vec<i32>>,
    /// Of its ports, those that speak TLS.
    pub tls: Option<Vec<i32>>,
    pub http: Vec<HttpRule>,
    pub tcp: Vec<TcpRule>,
    pub grpc: Vec<GrpcRule>,
    pub exec: Vec<ExecRule>,
    pub files: Vec<FileRule>,
    pub crash: Vec<CrashRule>,
    pub on_sigterm: Option<Sigterm>,
}

impl AppRules {
    /// The windows of every rule that answers a request, a connection, a
    /// command or a file check (crashes and SIGTERM have their own times).
    pub fn windows(&self) -> impl Iterator<Item = &Window> {
        let http = self.http.iter().map(|r| &r.window);
        let tcp = self.tcp.iter().map(|r| &r.window);
        let grpc = self.grpc.iter().map(|r| &r.window);
        let exec = self.exec.iter().map(|r| &r.window);
        let files = self.files.iter().map(|r| &r.window);
        http.chain(tcp).chain(grpc).chain(exec).chain(files)
    }

    pub fn windows_mut(&mut self) -> impl Iterator<Item = &mut Window> {
        let http = self.http.iter_mut().map(|r| &mut r.window);
        let tcp = self.tcp.iter_mut().map(|r| &mut r.window);
        let grpc = self.grpc.iter_mut().map(|r| &mut r.window);
        let exec = self.exec.iter_mut().map(|r| &mut r.window);
        let files = self.files.iter_mut().map(|r| &mut r.window);
        http.chain(tcp).chain(grpc).chain(exec).chain(files)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Traffic {
    pub service: String,
    pub rps: u32,
    pub path: String,
    pub window: Window,
    /// How long these clients wait for an answer (`timeout: 1s`); unset, the
    /// simulator's default client timeout.
    pub timeout: Option<Millis>,
}

pub const DEFAULT_DURATION: Millis = 10 * 60 * 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    pub duration: Millis,
    pub seed: u64,
    pub nodes: u32,
    /// The Kubernetes version, feature gates and kubelet settings.
    pub cluster: Cluster,
    pub apps: Vec<AppRules>,
    /// What answers on hosts other than the pods' (a probe's `host`).
    pub hosts: Vec<HostRules>,
    pub actions: Vec<Action>,
    pub traffic: Vec<Traffic>,
    /// What the run should show (`expect:`), checked by the `test` command.
    pub expect: Vec<expect::Expectation>,
}

/// A `hosts` entry: what listens on a host a probe names instead of the pod
/// (its `host` field): the node, another machine. It runs from the start
/// and is never restarted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostRules {
    /// An IP address or a name, as the probe writes it.
    pub host: String,
    pub app: AppRules,
}

impl Default for Behaviour {
    fn default() -> Behaviour {
        Behaviour {
            duration: DEFAULT_DURATION,
            seed: 1,
            nodes: 1,
            cluster: Cluster::default(),
            apps: vec![],
            hosts: vec![],
            actions: vec![],
            traffic: vec![],
            expect: vec![],
        }
    }
}
