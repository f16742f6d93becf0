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

#[derive(Debug, Clone, PartialEq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i32,
    pub protocol: String,
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
    /// A restartable init container (`restartPolicy: Always`): a native sidecar.
    pub sidecar: bool,
    pub span: Span,
}

impl Container {
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
            sidecar: false,
            span: Span::default(),
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
    /// Regular containers, then restartable init containers (sidecars) after
    /// them, each marked by `Container::sidecar`. Sidecars start first.
    pub containers: Vec<Container>,
    pub restart_policy: RestartPolicy,
    pub termination_grace_period_seconds: i64,
    pub readiness_gates: Vec<String>,
}

impl PodSpec {
    /// The order containers start in, as indexes into `containers`: the
    /// sidecars (restartable init containers) first, in their order, then
    /// the regular containers. It is also the order `kubectl` and the pod's
    /// condition messages list them in.
    pub fn start_order(&self) -> impl Iterator<Item = usize> + '_ {
        let sidecars = self.containers.iter().enumerate().filter(|(_, c)| c.sidecar);
        let regular = self.containers.iter().enumerate().filter(|(_, c)| !c.sidecar);
        sidecars.chain(regular).map(|(i, _)| i)
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
