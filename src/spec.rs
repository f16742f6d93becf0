//! The Kubernetes objects the simulator runs, as the API server stores them
//! after defaulting (`pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`;
//! kubelet-semantics §1.1, §12). The loader builds these from YAML; the
//! simulator never sees YAML.

use crate::yaml::Span;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProbeKind {
    Startup,
    Liveness,
    Readiness,
}

impl ProbeKind {
    /// `ProbeType.String()`: the word that starts probe event messages.
    pub fn title(self) -> &'static str {
        match self {
            ProbeKind::Startup => "Startup",
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ProbeKind::Startup => "startup",
            ProbeKind::Liveness => "liveness",
            ProbeKind::Readiness => "readiness",
        }
    }

    /// Workers are created in this order (prober_manager `AddPod`).
    pub const ALL: [ProbeKind; 3] = [ProbeKind::Startup, ProbeKind::Readiness, ProbeKind::Liveness];

    /// A small index for tables kept per probe type.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A probe's port: `IntOrString`, resolved against the container's ports at
/// probe time (kubelet-semantics §1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortRef {
    Number(i32),
    Name(String),
}

impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Handler {
    Exec { command: Vec<String> },
    HttpGet { path: String, port: PortRef, host: Option<String>, scheme: Scheme, headers: Vec<(String, String)> },
    TcpSocket { port: PortRef, host: Option<String> },
    Grpc { port: i32, service: String },
}

impl Handler {
    /// Whether the two ask the app the same thing: headers aside, which
    /// name the prober to the app (a Cookie, a User-Agent) but do not
    /// choose what answers.
    pub fn same_endpoint(&self, other: &Handler) -> bool {
        match (self, other) {
            (
                Handler::HttpGet { path, port, host, scheme, .. },
                Handler::HttpGet { path: p, port: o, host: h, scheme: s, .. },
            ) => (path, port, host, scheme) == (p, o, h, s),
            _ => self == other,
        }
    }

    /// An HTTPS `httpGet`.
    pub fn is_https(&self) -> bool {
        matches!(self, Handler::HttpGet { scheme: Scheme::Https, .. })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub handler: Handler,
    pub initial_delay_seconds: i32,
    pub timeout_seconds: i32,
    pub period_seconds: i32,
    pub success_threshold: i32,
    pub failure_threshold: i32,
    /// Probe-level grace period (liveness and startup only; §8.1).
    pub termination_grace_period_seconds: Option<i64>,
    pub span: Span,
}

impl Probe {
    // The API server's defaults (`SetDefaults_Probe`), which also replace an
    // explicit 0. `initialDelaySeconds` has none: 0 is its own value.
    pub const DEFAULT_TIMEOUT_SECONDS: i32 = 1;
    pub const DEFAULT_PERIOD_SECONDS: i32 = 10;
    pub const DEFAULT_SUCCESS_THRESHOLD: i32 = 1;
    pub const DEFAULT_FAILURE_THRESHOLD: i32 = 3;

    /// A probe with the API server's defaults and the given handler.
    pub fn new(handler: Handler) -> Probe {
        Probe {
            handler,
            initial_delay_seconds: 0,
            timeout_seconds: Probe::DEFAULT_TIMEOUT_SECONDS,
            period_seconds: Probe::DEFAULT_PERIOD_SECONDS,
            success_threshold: Probe::DEFAULT_SUCCESS_THRESHOLD,
            failure_threshold: Probe::DEFAULT_FAILURE_THRESHOLD,
            termination_grace_period_seconds: None,
            span: Span::default(),
        }
    }
}

/// A container's `restartPolicyRules` entry (ContainerRestartRules): exit
/// codes that restart the container in place, whatever the policies say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestartRule {
    /// `operator: In` (true) or `NotIn`.
    pub exit_code_in: bool,
    pub values: Vec<i32>,
}

impl RestartRule {
    pub fn matches(&self, exit_code: i32) -> bool {
        self.values.contains(&exit_code) == self.exit_code_in
    }
}

/// What a lifecycle hook does (`LifecycleHandler`).
#[derive(Debug, Clone, PartialEq)]
pub enum HookAction {
    /// A command run in the container, as an exec probe's.
    Exec { command: Vec<String> },
    /// A GET to the container (or `host`); any answer is a success, only a
    /// failure to get one fails the hook.
    HttpGet { path: String, port: PortRef, host: Option<String>, scheme: Scheme },
    /// `sleep: {seconds: N}`, with no binary in the container.
    Sleep { seconds: i64 },
    /// `tcpSocket`, which the API accepts and the kubelet cannot run.
    TcpSocket,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    pub action: HookAction,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i32,
    pub protocol: String,
}

/// Where a container sits in its pod's start-up, as the kubelet orders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerRole {
    /// A regular container (`containers`).
    App,
    /// An init container that runs to completion before the next one, and
    /// the regular containers, start.
    Init,
    /// A restartable init container (`restartPolicy: Always`): a native
    /// sidecar, started in the init order and running beside the regular
    /// containers.
    Sidecar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub ports: Vec<ContainerPort>,
    /// Static env values, used to expand `$(VAR)` in exec probe commands.
    pub env: Vec<(String, String)>,
    pub startup_probe: Option<Probe>,
    pub liveness_probe: Option<Probe>,
    pub readiness_probe: Option<Probe>,
    /// `lifecycle.postStart`: run once the container has started; the
    /// container counts as started only when it returns.
    pub post_start: Option<Hook>,
    /// `lifecycle.preStop`: run before the stop signal, within the grace period.
    pub pre_stop: Option<Hook>,
    /// Regular, init, or a native sidecar.
    pub role: ContainerRole,
    /// Its process is a server that runs until it is stopped: an init
    /// container written as a sidecar whose `restartPolicy: Always` the
    /// cluster dropped.
    pub runs_until_stopped: bool,
    /// A regular container's own `restartPolicy` (ContainerRestartRules),
    /// overriding the pod's.
    pub restart_policy: Option<RestartPolicy>,
    /// Its `restartPolicyRules`, in order: the first whose exit codes match
    /// restarts it.
    pub restart_rules: Vec<RestartRule>,
    pub span: Span,
    /// Where it is in its document, e.g. `spec.template.spec.containers[0]`.
    pub path: String,
}

impl Container {
    /// A native sidecar (`ContainerRole::Sidecar`).
    pub fn is_sidecar(&self) -> bool {
        self.role == ContainerRole::Sidecar
    }

    /// An init container that runs to completion (`ContainerRole::Init`).
    pub fn runs_to_completion(&self) -> bool {
        self.role == ContainerRole::Init
    }

    pub fn new(name: &str, image: &str) -> Container {
        Container {
            name: name.into(),
            image: image.into(),
            command: vec![],
            args: vec![],
            ports: vec![],
            env: vec![],
            startup_probe: None,
            liveness_probe: None,
            readiness_probe: None,
            post_start: None,
            pre_stop: None,
            role: ContainerRole::App,
            runs_until_stopped: false,
            restart_policy: None,
            restart_rules: Vec::new(),
            span: Span::default(),
            path: String::new(),
        }
    }

    /// An init container, restartable (a sidecar) or not.
    pub fn is_init(&self) -> bool {
        self.role != ContainerRole::App
    }

    /// One of the pod's `containers`.
    pub fn is_regular(&self) -> bool {
        !self.is_init()
    }

    /// Whether the kubelet restarts this container after it exited with
    /// `exit_code` in a pod with restart policy `pod`: a sidecar always; a
    /// matching `restartPolicyRules` entry; else the container's own
    /// `restartPolicy`, else the pod's.
    pub fn restarts_after(&self, exit_code: i32, pod: RestartPolicy) -> bool {
        if self.is_sidecar() || self.restart_rules.iter().any(|r| r.matches(exit_code)) {
            return true;
        }
        // An init container that completed is done; one that failed runs
        // again unless the pod never restarts.
        if self.runs_to_completion() {
            return exit_code != 0 && pod != RestartPolicy::Never;
        }
        match self.restart_policy.unwrap_or(pod) {
            RestartPolicy::Always => true,
            RestartPolicy::OnFailure => exit_code != 0,
            RestartPolicy::Never => false,
        }
    }

    /// The program the container runs as PID 1 ignores SIGTERM: a shell
    /// (unless its script traps the signal or `exec`s the real program) or
    /// `sleep`, which install no handler, and the kernel delivers no signal
    /// with its default action to PID 1. The image's entrypoint, when no
    /// command is given, is not known.
    pub fn pid1_ignores_sigterm(&self) -> bool {
        let words: Vec<&str> = self.command.iter().chain(&self.args).map(String::as_str).collect();
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        match name(words.first().copied().unwrap_or("")).as_str() {
            "sleep" => true,
            "sh" | "bash" | "ash" | "dash" => {
                let script = words[1..].join(" ");
                match script.split_once("exec ") {
                    _ if script.contains("trap ") => false,
                    // The shell becomes the program it execs.
                    Some((_, program)) => program.split_whitespace().next().is_some_and(|p| name(p) == "sleep"),
                    None => true,
                }
            }
            _ => false,
        }
    }

    pub fn probe(&self, kind: ProbeKind) -> Option<&Probe> {
        match kind {
            ProbeKind::Startup => self.startup_probe.as_ref(),
            ProbeKind::Liveness => self.liveness_probe.as_ref(),
            ProbeKind::Readiness => self.readiness_probe.as_ref(),
        }
    }

    pub fn probe_mut(&mut self, kind: ProbeKind) -> &mut Option<Probe> {
        match kind {
            ProbeKind::Startup => &mut self.startup_probe,
            ProbeKind::Liveness => &mut self.liveness_probe,
            ProbeKind::Readiness => &mut self.readiness_probe,
        }
    }

    /// `$(VAR)` in an exec probe's command, expanded from the container's
    /// static env only (`ExpandContainerCommandOnlyStatic`).
    pub fn expand_env(&self, arg: &str) -> String {
        self.env.iter().fold(arg.to_string(), |out, (name, value)| out.replace(&format!("$({name})"), value))
    }

    pub fn has_probe(&self) -> bool {
        ProbeKind::ALL.iter().any(|k| self.probe(*k).is_some())
    }

    /// The same container as far as the API server is concerned: equal but
    /// for where in the text it (and its probes) were written. A rollout that
    /// brings back what is running changes nothing.
    pub fn same_spec(&self, other: &Container) -> bool {
        let unplaced = |c: &Container| {
            let mut c = c.clone();
            c.span = Span::default();
            c.path = String::new();
            for hook in [&mut c.post_start, &mut c.pre_stop].into_iter().flatten() {
                hook.span = Span::default();
            }
            for kind in ProbeKind::ALL {
                if let Some(p) = c.probe_mut(kind) {
                    p.span = Span::default();
                }
            }
            c
        };
        unplaced(self) == unplaced(other)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartPolicy {
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    pub fn name(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodSpec {
    /// Regular containers, then init containers (sidecars and those that run
    /// to completion) after them, each marked by `Container::sidecar` or
    /// `Container::run_to_completion`. Init containers start first.
    pub containers: Vec<Container>,
    pub restart_policy: RestartPolicy,
    pub termination_grace_period_seconds: i64,
    pub readiness_gates: Vec<String>,
    /// `hostNetwork: true`: the pod has the node's address, and the node's
    /// localhost is the pod's.
    pub host_network: bool,
    /// The manifest has init containers (sidecars or not): containers not
    /// yet created wait as `PodInitializing`, not `ContainerCreating`.
    pub has_init_containers: bool,
}

impl PodSpec {
    /// The order containers start in, as indexes into `containers`: the
    /// init containers (sidecars and those that run to completion) first,
    /// in their order, then the regular containers. It is also the order
    /// `kubectl` and the pod's condition messages list them in.
    pub fn start_order(&self) -> impl Iterator<Item = usize> + '_ {
        let inits = self.containers.iter().enumerate().filter(|(_, c)| c.is_init());
        let regular = self.containers.iter().enumerate().filter(|(_, c)| c.is_regular());
        inits.chain(regular).map(|(i, _)| i)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodTemplate {
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: PodSpec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Pod,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    ReplicationController,
    Job,
    CronJob,
}

impl WorkloadKind {
    pub fn name(self) -> &'static str {
        match self {
            WorkloadKind::Pod => "Pod",
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::ReplicaSet => "ReplicaSet",
            WorkloadKind::StatefulSet => "StatefulSet",
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::ReplicationController => "ReplicationController",
            WorkloadKind::Job => "Job",
            WorkloadKind::CronJob => "CronJob",
        }
    }
}

/// A Deployment's rolling-update knobs, as written (`IntOrString`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i32),
    Percent(i32),
}

impl IntOrPercent {
    /// `intstr.GetScaledValueFromIntOrPercent`.
    pub fn scaled(&self, total: i32, round_up: bool) -> i32 {
        match *self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let v = (p as i64) * (total as i64);
                (if round_up { (v + 99) / 100 } else { v / 100 }) as i32
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub name: String,
    pub namespace: String,
    pub replicas: i32,
    pub template: PodTemplate,
    /// Deployment `strategy.rollingUpdate` (defaults 25% / 25%).
    pub max_surge: IntOrPercent,
    pub max_unavailable: IntOrPercent,
    pub min_ready_seconds: i32,
    pub progress_deadline_seconds: i32,
    /// The span of the document, for diagnostics about the workload as a whole.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: i32,
    pub target_port: PortRef,
    pub node_port: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    pub selector: Labels,
    pub ports: Vec<ServicePort>,
    /// ClusterIP, NodePort, LoadBalancer, ExternalName.
    pub service_type: String,
    pub publish_not_ready_addresses: bool,
    pub span: Span,
}

impl Service {
    /// A Service selects a pod when every selector label matches; an empty
    /// selector selects nothing (the Service's endpoints are managed by hand).
    pub fn selects(&self, namespace: &str, labels: &Labels) -> bool {
        !self.selector.is_empty()
            && self.namespace == namespace
            && self.selector.iter().all(|(k, v)| labels.get(k) == Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_probe_has_the_api_servers_defaults() {
        let p = Probe::new(Handler::Grpc { port: 9000, service: String::new() });
        assert_eq!(p.initial_delay_seconds, 0);
        assert_eq!((p.timeout_seconds, p.period_seconds, p.success_threshold, p.failure_threshold), (1, 10, 1, 3));
        assert_eq!(p.termination_grace_period_seconds, None);
    }
}
