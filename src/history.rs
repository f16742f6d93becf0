//! The one simulated history every view is drawn from.
//!
//! The simulator appends records in time order and never rewrites one; the
//! timeline, the pods table, the events, `describe` and the traffic chart are
//! all functions of `(History, t)`. Records hold indexes (`PodId`, container
//! index) rather than names so that a 24-hour run stays small; `History::pods`
//! resolves them.

use crate::cluster::Cluster;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// What a probe handler got back, as data. The kubelet's words for it (the
/// probe's output, quoted in `Unhealthy` events) are kept beside it in
/// `ProbeAnswer::output`, written once by the prober.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reply {
    /// A TCP connection was made (a TCP probe asks nothing more).
    Connected,
    /// Nothing listens on the port: the connection was refused.
    Refused,
    /// No answer within `timeoutSeconds` (for gRPC also a refused port,
    /// which its dial retries until the deadline).
    Timeout,
    /// An HTTPS probe got a plain HTTP answer: the port does not speak TLS.
    NotTls,
    /// An HTTP response, after following `redirects` same-host redirects.
    Http { status: u16, redirects: u8 },
    /// A redirect to another host, not followed: a success with a warning.
    Redirected { status: u16 },
    /// More same-host redirects than the prober follows.
    TooManyRedirects,
    /// The command of an exec probe exited with this code.
    Exec { exit_code: i32 },
    /// A gRPC health check's status.
    Grpc(GrpcStatus),
    /// The prober could not run the probe at all.
    Error(ProberError),
}

/// A gRPC health check's status (`grpc.health.v1.HealthCheckResponse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GrpcStatus {
    Serving,
    NotServing,
    /// The server does not implement `grpc.health.v1.Health`.
    Unimplemented,
}

/// Why the prober could not run a probe (`pkg/probe/util.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProberError {
    /// A named port the container does not declare, and not a number either.
    UnknownPortName,
    /// A port number outside 1-65535.
    InvalidPort,
}

/// One distinct answer of a probe handler: the reply, the result the kubelet
/// makes of it and the output it quotes. A run repeats few answers many
/// times, so probe records point into `History::answers`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProbeAnswer {
    pub reply: Reply,
    pub result: ProbeResult,
    pub output: Box<str>,
}

/// Index into `History::answers`.
pub type AnswerId = u16;

/// One execution of a probe handler. Written for every probe a run makes,
/// so it is kept to 16 bytes: times as milliseconds in `u32` (a run lasts at
/// most 7 days), the answer as an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeRecord {
    t: u32,
    latency: u32,
    pub pod: PodId,
    pub answer: AnswerId,
    container: u8,
    pub probe: ProbeKind,
}

impl ProbeRecord {
    /// `t`: when the result was known; `start`: when the request went out
    /// (`t - start` is the app's latency, at most the timeout).
    pub fn new(start: Millis, t: Millis, pod: PodId, container: u16, probe: ProbeKind, answer: AnswerId) -> Self {
        // The simulator runs at most 7 days (`Simulator::advance_to`), and the
        // loader simulates at most 255 containers in a pod (`MAX_CONTAINERS`).
        debug_assert!((0..=Millis::from(u32::MAX)).contains(&t) && start <= t && container <= 255);
        ProbeRecord { t: t as u32, latency: (t - start) as u32, pod, answer, container: container as u8, probe }
    }

    /// When the result was known.
    pub fn t(&self) -> Millis {
        Millis::from(self.t)
    }

    /// When the request went out.
    pub fn start(&self) -> Millis {
        Millis::from(self.t) - Millis::from(self.latency)
    }

    pub fn container(&self) -> u16 {
        u16::from(self.container)
    }
}

/// A probe record with its answer looked up (`History::execution`): what the
/// views read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeExecution {
    pub start: Millis,
    pub t: Millis,
    pub pod: PodId,
    pub container: u16,
    pub probe: ProbeKind,
    pub reply: Reply,
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
    pub reason: EventReason,
    pub message: String,
    /// `kubelet`, `default-scheduler`, `deployment-controller`, ...
    pub source: String,
    /// The probe the event is about: `Unhealthy`, `ProbeWarning`, and the
    /// `Killing` of a container that failed one.
    pub probe: Option<ProbeKind>,
}

/// Why an event was recorded: the reasons the simulated kubelet, scheduler
/// and controllers give. `Display` is the text `kubectl get events` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventReason {
    Scheduled,
    Pulling,
    Pulled,
    Created,
    Started,
    /// The kubelet stops a container: a failed liveness or startup probe,
    /// a failed postStart hook, or the pod's deletion.
    Killing,
    /// A probe failed or errored.
    Unhealthy,
    /// A probe succeeded with a warning (an HTTP redirect to another host).
    ProbeWarning,
    /// A restart waits out the crash-loop back-off.
    BackOff,
    FailedPostStartHook,
    FailedPreStopHook,
    ScalingReplicaSet,
    SuccessfulCreate,
    SuccessfulDelete,
}

impl EventReason {
    pub const ALL: [EventReason; 14] = [
        EventReason::Scheduled,
        EventReason::Pulling,
        EventReason::Pulled,
        EventReason::Created,
        EventReason::Started,
        EventReason::Killing,
        EventReason::Unhealthy,
        EventReason::ProbeWarning,
        EventReason::BackOff,
        EventReason::FailedPostStartHook,
        EventReason::FailedPreStopHook,
        EventReason::ScalingReplicaSet,
        EventReason::SuccessfulCreate,
        EventReason::SuccessfulDelete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventReason::Scheduled => "Scheduled",
            EventReason::Pulling => "Pulling",
            EventReason::Pulled => "Pulled",
            EventReason::Created => "Created",
            EventReason::Started => "Started",
            EventReason::Killing => "Killing",
            EventReason::Unhealthy => "Unhealthy",
            EventReason::ProbeWarning => "ProbeWarning",
            EventReason::BackOff => "BackOff",
            EventReason::FailedPostStartHook => "FailedPostStartHook",
            EventReason::FailedPreStopHook => "FailedPreStopHook",
            EventReason::ScalingReplicaSet => "ScalingReplicaSet",
            EventReason::SuccessfulCreate => "SuccessfulCreate",
            EventReason::SuccessfulDelete => "SuccessfulDelete",
        }
    }
}

impl std::fmt::Display for EventReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a container's process ended (`state.terminated.reason`), as the
/// runtime reports it; `Display` is the API's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminatedReason {
    /// Exit code 0.
    Completed,
    /// Any other exit code.
    Error,
    /// The kernel's OOM killer ended it.
    OOMKilled,
}

impl TerminatedReason {
    /// The reason of a process that exited with `code`, killed for memory or not.
    pub fn of_exit(code: i32, oom: bool) -> TerminatedReason {
        match (oom, code) {
            (true, _) => TerminatedReason::OOMKilled,
            (false, 0) => TerminatedReason::Completed,
            (false, _) => TerminatedReason::Error,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TerminatedReason::Completed => "Completed",
            TerminatedReason::Error => "Error",
            TerminatedReason::OOMKilled => "OOMKilled",
        }
    }
}

impl std::fmt::Display for TerminatedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminated {
    /// The ID of the container instance that ended.
    pub container_id: String,
    pub exit_code: i32,
    pub reason: TerminatedReason,
    pub signal: i32,
    pub started_at: Millis,
    pub finished_at: Millis,
}

/// Why a container waits (`state.waiting.reason`); `Display` is the API's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitingReason {
    /// Not started yet: the runtime is creating it.
    ContainerCreating,
    /// Waiting for the init containers (or sidecars) before it.
    PodInitializing,
    /// Its restart waits out the back-off.
    CrashLoopBackOff,
    /// Any other reason the API may carry.
    Other(String),
}

impl WaitingReason {
    pub fn as_str(&self) -> &str {
        match self {
            WaitingReason::ContainerCreating => "ContainerCreating",
            WaitingReason::PodInitializing => "PodInitializing",
            WaitingReason::CrashLoopBackOff => "CrashLoopBackOff",
            WaitingReason::Other(reason) => reason,
        }
    }
}

impl WaitingReason {
    /// No reason given (the API's empty string).
    pub fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl From<&str> for WaitingReason {
    fn from(reason: &str) -> WaitingReason {
        match reason {
            "ContainerCreating" => WaitingReason::ContainerCreating,
            "PodInitializing" => WaitingReason::PodInitializing,
            "CrashLoopBackOff" => WaitingReason::CrashLoopBackOff,
            other => WaitingReason::Other(other.into()),
        }
    }
}

impl PartialEq<str> for WaitingReason {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl std::fmt::Display for WaitingReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    Waiting { reason: WaitingReason, message: String },
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

    /// The reason field as the API shows it (none for running, or for a
    /// created container that waits without one).
    pub fn reason(&self) -> Option<&str> {
        match self {
            ContainerState::Waiting { reason, .. } => Some(reason.as_str()).filter(|r| !r.is_empty()),
            ContainerState::Running { .. } => None,
            ContainerState::Terminated(t) => Some(t.reason.as_str()),
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
    // probe, and keeping `Record` the size of a probe record (16 bytes, the
    // enum's tag in the niche of `ProbeKind`) keeps a long run small.
    Event(Box<EventRecord>),
    Container(Box<ContainerRecord>),
    Pod(Box<PodRecord>),
    Endpoints(Box<EndpointsRecord>),
    Traffic(Box<TrafficRecord>),
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
boxed_record!(
    Event(EventRecord),
    Container(ContainerRecord),
    Pod(PodRecord),
    Endpoints(EndpointsRecord),
    Traffic(TrafficRecord)
);

impl Record {
    pub fn t(&self) -> Millis {
        match self {
            Record::Probe(r) => r.t(),
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
    /// The distinct answers probe records point to.
    pub answers: Vec<ProbeAnswer>,
    /// The simulated time the history covers: `[0, end]`.
    pub end: Millis,
    /// The cluster it happened on: kubectl prints as its version does.
    pub cluster: Cluster,
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

    pub fn answer(&self, probe: &ProbeRecord) -> &ProbeAnswer {
        &self.answers[usize::from(probe.answer)]
    }

    /// The bytes the history holds on the heap: the records (with the
    /// capacity their vector has reserved), the boxed records and their
    /// texts, the answers and the pods. What a long run costs in memory.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let boxed: usize = self
            .records
            .iter()
            .map(|r| match r {
                Record::Probe(_) => 0,
                Record::Event(e) => {
                    size_of::<EventRecord>() + e.object.capacity() + e.message.capacity() + e.source.capacity()
                }
                Record::Container(c) => size_of::<ContainerRecord>() + c.container_id.capacity(),
                Record::Pod(p) => size_of::<PodRecord>() + p.conditions.capacity() * size_of::<Condition>(),
                Record::Endpoints(e) => {
                    size_of::<EndpointsRecord>()
                        + (e.ready.capacity() + e.not_ready.capacity() + e.serving_terminating.capacity())
                            * size_of::<PodId>()
                }
                Record::Traffic(_) => size_of::<TrafficRecord>(),
            })
            .sum();
        let answers: usize = self.answers.iter().map(|a| size_of::<ProbeAnswer>() + a.output.len()).sum();
        let pods = self.pods.capacity() * size_of::<PodInfo>();
        self.records.capacity() * size_of::<Record>() + boxed + answers + pods
    }

    /// A probe record with its answer.
    pub fn execution(&self, probe: &ProbeRecord) -> ProbeExecution {
        let answer = self.answer(probe);
        ProbeExecution {
            start: probe.start(),
            t: probe.t(),
            pod: probe.pod,
            container: probe.container(),
            probe: probe.probe,
            reply: answer.reply,
            result: answer.result,
            output: answer.output.to_string(),
        }
    }

    /// The records up to and including time `t` (records are in time order).
    pub fn until(&self, t: Millis) -> &[Record] {
        let end = self.records.partition_point(|r| r.t() <= t);
        &self.records[..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long run writes one record per probe: the probe record and the
    /// record enum stay 16 bytes.
    #[test]
    fn a_record_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<ProbeRecord>(), 16);
        assert_eq!(std::mem::size_of::<Record>(), 16);
    }
}
