//! Small hand-built histories for the view tests.

use crate::history::*;
use crate::spec::*;
use std::sync::Arc;

pub fn history(pods: Vec<PodInfo>) -> History {
    // One plain answer per result, for `probe` (its id is the result's place).
    let answers = [
        (Reply::Connected, ProbeResult::Success),
        (Reply::Refused, ProbeResult::Failure),
        (Reply::Redirected { status: 302 }, ProbeResult::Warning),
        (Reply::Error(ProberError::UnknownPortName), ProbeResult::Error),
    ]
    .map(|(reply, result)| ProbeAnswer { reply, result, output: "".into() })
    .to_vec();
    History {
        pods,
        services: vec!["web".into()],
        records: vec![],
        answers,
        end: 3_600_000,
        cluster: Default::default(),
    }
}

/// Adds an answer to the history, for `answered`.
pub fn answer(h: &mut History, reply: Reply, result: ProbeResult, output: &str) -> AnswerId {
    h.answers.push(ProbeAnswer { reply, result, output: output.into() });
    (h.answers.len() - 1) as AnswerId
}

/// An execution that got `answer`, sent at `start`, known at `t`.
pub fn answered(pod: PodId, container: u16, probe: ProbeKind, start: Millis, t: Millis, answer: AnswerId) -> Record {
    Record::Probe(ProbeRecord::new(start, t, pod, container, probe, answer))
}

/// A pod of `Deployment/web` (ReplicaSet `web-7d9c5b6f4`) on node-1 whose
/// template holds `containers`.
pub fn pod_info(name: &str, created_ms: Millis, containers: Vec<Container>) -> PodInfo {
    let mut labels = Labels::new();
    labels.insert("app".into(), "web".into());
    labels.insert("pod-template-hash".into(), "7d9c5b6f4".into());
    let template = PodTemplate {
        labels,
        annotations: Labels::new(),
        spec: PodSpec {
            containers,
            restart_policy: RestartPolicy::Always,
            termination_grace_period_seconds: 30,
            readiness_gates: vec![],
            host_network: false,
            has_init_containers: false,
        },
    };
    PodInfo {
        name: name.into(),
        namespace: "default".into(),
        uid: format!("{name}-uid"),
        ip: "10.244.1.5".into(),
        node: "node-1".into(),
        owner: "ReplicaSet/web-7d9c5b6f4".into(),
        workload: "Deployment/web".into(),
        template: Arc::new(template),
        created_ms,
    }
}

/// `nginx:1.27` serving 8080/TCP, with no probes.
pub fn container(name: &str) -> Container {
    let mut c = Container::new(name, "nginx:1.27");
    c.ports.push(ContainerPort { name: None, container_port: 8080, protocol: "TCP".into() });
    c
}

pub fn http_get(path: &str, port: i32) -> Handler {
    Handler::HttpGet {
        path: path.into(),
        port: PortRef::Number(port),
        host: None,
        scheme: Scheme::Http,
        headers: vec![],
    }
}

pub fn pod_record(pod: PodId, t: Millis, phase: PodPhase, ready: bool) -> Record {
    Record::from(PodRecord { t, pod, phase, ready, conditions: vec![], deletion: None, removed: false })
}

pub fn container_record(
    pod: PodId,
    container: u16,
    t: Millis,
    state: ContainerState,
    restart_count: u32,
) -> ContainerRecord {
    let started = matches!(state, ContainerState::Running { .. });
    // Only a container still being created has no ID yet.
    let created = restart_count > 0 || !matches!(state, ContainerState::Waiting { .. });
    ContainerRecord {
        t,
        pod,
        container,
        state,
        last_state: None,
        backoff_until: None,
        stopping: None,
        restart_count,
        ready: false,
        started,
        container_id: if created { container_id(pod, container, restart_count) } else { String::new() },
    }
}

pub fn container_id(pod: PodId, container: u16, restart: u32) -> String {
    format!("containerd://{:064x}", (pod as u64 + 1) * 1_000_003 + container as u64 * 101 + restart as u64)
}

/// A running container, started at `t`.
pub fn running(pod: PodId, container: u16, t: Millis, restart_count: u32, ready: bool) -> Record {
    Record::from(running_status(pod, container, t, restart_count, ready))
}

/// `running`'s status, to adjust before it goes into a history.
pub fn running_status(pod: PodId, container: u16, t: Millis, restart_count: u32, ready: bool) -> ContainerRecord {
    let mut r = container_record(pod, container, t, ContainerState::Running { started_at: t }, restart_count);
    r.ready = ready;
    r
}

pub fn waiting(pod: PodId, container: u16, t: Millis, reason: &str, restart_count: u32) -> ContainerRecord {
    container_record(
        pod,
        container,
        t,
        ContainerState::Waiting { reason: WaitingReason::from(reason), message: String::new() },
        restart_count,
    )
}

/// A container whose process ended as `terminated` says.
pub fn exited(pod: PodId, container: u16, t: Millis, terminated: Terminated, restart_count: u32) -> ContainerRecord {
    container_record(pod, container, t, ContainerState::Terminated(terminated), restart_count)
}

pub fn terminated(exit_code: i32, reason: TerminatedReason, started_at: Millis, finished_at: Millis) -> Terminated {
    Terminated { container_id: String::new(), exit_code, reason, signal: 0, started_at, finished_at }
}

/// An execution with no output (see `history` for its answer).
pub fn probe(pod: PodId, container: u16, kind: ProbeKind, t: Millis, result: ProbeResult) -> Record {
    let answer = match result {
        ProbeResult::Success => 0,
        ProbeResult::Failure => 1,
        ProbeResult::Warning => 2,
        ProbeResult::Error => 3,
    };
    answered(pod, container, kind, t - 2, t, answer)
}

pub fn removed(pod: PodId, t: Millis) -> Record {
    Record::from(PodRecord {
        t,
        pod,
        phase: PodPhase::Running,
        ready: false,
        conditions: vec![],
        deletion: Some(t - 30_000),
        removed: true,
    })
}

pub fn event(
    t: Millis,
    pod: PodId,
    container: Option<u16>,
    event_type: EventType,
    reason: EventReason,
    message: &str,
) -> Record {
    Record::from(EventRecord {
        t,
        object: format!("pod/web-{pod}"),
        pod: Some(pod),
        container,
        event_type,
        reason,
        message: message.into(),
        source: "kubelet".into(),
        probe: None,
    })
}

pub fn condition(kind: &str, status: bool) -> Condition {
    Condition { kind: kind.into(), status, reason: String::new(), message: String::new(), last_transition: 0 }
}
