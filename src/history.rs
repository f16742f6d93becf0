//! The one simulated history every view is drawn from.
//!
//! The simulator appends records in time order and never rewrites one; the
//! timeline, the pods table, the events, `describe` and the traffic chart are
//! all functions of `(History, t)`. Records hold indexes (`PodId`, container
//! index) rather than names so that a 24-hour run stays small; `History::pods`
//! resolves them.

use crate::spec::{PodTemplate, ProbeKind};
use std::sync::Arc;

/// Milliseconds since the scenario started.
pub type Millis = i64;

/// The wall-clock moment the scenario starts, 2025-01-06T09:00:00Z, for the
/// dates kubectl prints (Start Time, Started, Finished) and CronJob names.
pub const EPOCH_UNIX_SECONDS: i64 = 1_736_154_000;
pub const EPOCH_MINUTES: i64 = EPOCH_UNIX_SECONDS / 60;

/// Index into `History::pods`.
pub type PodId = u32;

#[derive(Debug, Clone, PartialEq)]
pub struct PodInfo {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub ip: String,
    pub node: String,
    /// The controller that owns the pod, e.g. `ReplicaSet/web-7d9c5b6f4`, or empty.
    pub owner: String,
    /// The workload from the scenario this pod belongs to, e.g. `Deployment/web`.
    pub workload: String,
    pub template: Arc<PodTemplate>,
    pub created_ms: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeResult {
    Success,
    Failure,
    /// HTTP 3xx not followed: counted as a success, with a `ProbeWarning` event.
    Warning,
    /// The prober errored (e.g. a named port that does not exist): the result is
    /// discarded and no counter moves.
    Error,
}

impl ProbeResult {
    pub fn name(self) -> &'static str {
        match self {
            ProbeResult::Success => "success",
            ProbeResult::Failure => "failure",
            ProbeResult::Warning => "warning",
            ProbeResult::Error => "error",
        }
    }
}

/// One execution of a probe handler.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeRecord {
    /// When the result was known (the request's start plus its latency, at
    /// most the timeout).
    pub t: Millis,
    pub start: Millis,
    pub pod: PodId,
    pub container: u16,
    pub probe: ProbeKind,
    pub result: ProbeResult,
    pub output: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn name(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub t: Millis,
    /// The involved object, as `kubectl get events` prints it: `pod/web-0`,
    /// `deployment/web`, `replicaset/web-7d9c5b6f4`.
    pub object: String,
    /// Set when the involved object is a pod.
    pub pod: Option<PodId>,
    pub container: Option<u16>,
    pub event_type: EventType,
    pub reason: String,
    pub message: String,
    /// `kubelet`, `default-scheduler`, `deployment-controller`, ...
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminated {
    pub exit_code: i32,
    /// `Completed`, `Error`, `OOMKilled`, `StartError`.
    pub reason: String,
    pub signal: i32,
    pub started_at: Millis,
    pub finished_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    Waiting { reason: String, message: String },
    Running { started_at: Millis },
    Terminated(Terminated),
}

impl ContainerState {
    pub fn name(&self) -> &'static str {
        match self {
            ContainerState::Waiting { .. } => "waiting",
            ContainerState::Running { .. } => "running",
            ContainerState::Terminated(_) => "terminated",
        }
    }

    /// The reason field as the API shows it (none for running).
    pub fn reason(&self) -> Option<&str> {
        match self {
            ContainerState::Waiting { reason, .. } => Some(reason),
            ContainerState::Running { .. } => None,
            ContainerState::Terminated(t) => Some(&t.reason),
        }
    }
}

/// A container's status as the kubelet publishes it (`v1.ContainerStatus`),
/// recorded on every change.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerRecord {
    pub t: Millis,
    pub pod: PodId,
    pub container: u16,
    pub state: ContainerState,
    pub last_state: Option<Terminated>,
    pub restart_count: u32,
    pub ready: bool,
    pub started: bool,
    /// The runtime's container ID, `containerd://<64 hex>`; empty before the
    /// first start.
    pub container_id: String,
    /// In CrashLoopBackOff: when the back-off ends (the last exit plus the
    /// back-off), the earliest moment a sync may restart the container.
    pub backoff_until: Option<Millis>,
    /// While the container runs after the kubelet told it to stop: when the
    /// stop signal went out and when SIGKILL follows. Kept until the kubelet
    /// sees the process gone.
    pub stopping: Option<Stopping>,
}

/// A stop the kubelet started (`killContainer`): the stop signal at `since`,
/// SIGKILL at `kill_at` if the process still runs, `kill_at - since` being
/// the grace period the kill was given (§8.1, at least 2 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopping {
    /// When the stop signal was sent.
    pub since: Millis,
    /// When SIGKILL follows if the process is still running.
    pub kill_at: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl PodPhase {
    /// Succeeded or Failed: the pod's containers will not run again.
    pub fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }

    pub fn name(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// `PodReadyToStartContainers`, `Initialized`, `Ready`, `ContainersReady`, `PodScheduled`.
    pub kind: String,
    pub status: bool,
    pub reason: String,
    pub message: String,
    pub last_transition: Millis,
}

/// The pod's status, recorded on every change.
#[derive(Debug, Clone, PartialEq)]
pub struct PodRecord {
    pub t: Millis,
    pub pod: PodId,
    pub phase: PodPhase,
    /// The Ready condition.
    pub ready: bool,
    pub conditions: Vec<Condition>,
    /// `metadata.deletionTimestamp`, once the pod is being deleted.
    pub deletion: Option<Millis>,
    /// The pod object is gone from the API (its containers have stopped).
    pub removed: bool,
}

/// A Service's endpoints (its EndpointSlice), recorded on every change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointsRecord {
    pub t: Millis,
    pub service: u32,
    /// `ready` endpoints: kube-proxy sends traffic here.
    pub ready: Vec<PodId>,
    /// In the slice but not ready (not serving, or terminating).
    pub not_ready: Vec<PodId>,
    /// Of `not_ready`: still passing readiness while terminating
    /// (`serving=true, terminating=true`).
    pub serving_terminating: Vec<PodId>,
}

/// Client requests to a Service during one second `[t, t+1000)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafficRecord {
    pub t: Millis,
    pub service: u32,
    pub ok: u32,
    pub failed: u32,
    /// Why requests failed in this second, most common first, e.g.
    /// `503 no endpoints`, `HTTP 500`, `timeout`.
    pub failure: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Probe(ProbeRecord),
    // The rarer, larger records are boxed: a record is written for every
    // probe, and keeping `Record` the size of a probe record halves the
    // memory a long run writes.
    Event(Box<EventRecord>),
    Container(Box<ContainerRecord>),
    Pod(Box<PodRecord>),
    Endpoints(Box<EndpointsRecord>),
    Traffic(TrafficRecord),
}

/// `Record::from(record)` boxes the records that are boxed.
macro_rules! boxed_record {
    ($($variant:ident($record:ty)),*) => {$(
        impl From<$record> for Record {
            fn from(record: $record) -> Record {
                Record::$variant(Box::new(record))
            }
        }
    )*};
}
boxed_record!(Event(EventRecord), Container(ContainerRecord), Pod(PodRecord), Endpoints(EndpointsRecord));

impl Record {
    pub fn t(&self) -> Millis {
        match self {
            Record::Probe(r) => r.t,
            Record::Event(r) => r.t,
            Record::Container(r) => r.t,
            Record::Pod(r) => r.t,
            Record::Endpoints(r) => r.t,
            Record::Traffic(r) => r.t,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub pods: Vec<PodInfo>,
    /// Service names (`namespace/name` is not needed: indexes match the
    /// scenario's services).
    pub services: Vec<String>,
    pub records: Vec<Record>,
    /// The simulated time the history covers: `[0, end]`.
    pub end: Millis,
}

impl History {
    pub fn pod(&self, id: PodId) -> &PodInfo {
        &self.pods[id as usize]
    }

    pub fn pod_by_name(&self, name: &str) -> Option<PodId> {
        self.pods.iter().position(|p| p.name == name).map(|i| i as PodId)
    }

    pub fn container_name(&self, pod: PodId, container: u16) -> &str {
        &self.pod(pod).template.spec.containers[container as usize].name
    }

    /// The records up to and including time `t` (records are in time order).
    pub fn until(&self, t: Millis) -> &[Record] {
        let end = self.records.partition_point(|r| r.t() <= t);
        &self.records[..end]
    }
}
