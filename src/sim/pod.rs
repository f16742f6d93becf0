//! A pod on the node: its containers as the runtime has them, the kubelet's
//! last view of them (PLEG), and the status the kubelet publishes from that
//! view (`convertToAPIContainerStatuses`, `getPhase`, `generateAPIPodStatus`;
//! kubelet-semantics §7.5, §9).

use super::app::AppModel;
use super::backoff::BackOff;
use super::prober::{Outcome, Worker};
use crate::behaviour::Moment;
use crate::history::{
    Condition, ContainerRecord, ContainerState, Millis, PodId, PodPhase, PodRecord, Stopping, Terminated,
};
use crate::spec::{Container, PodTemplate, ProbeKind, RestartPolicy};
use std::sync::Arc;

/// A start refused by the back-off: the waiting message and the back-off.
#[derive(Debug, Clone)]
pub struct BackOffWait {
    pub message: String,
    pub backoff: Millis,
}

/// One run of a container: created, started, maybe signalled, exited.
#[derive(Debug, Clone)]
pub struct Instance {
    /// 0 for the first start; equals the restart count it brings.
    pub number: u32,
    pub container_id: String,
    /// `None` while the runtime is creating it.
    pub started_at: Option<Millis>,
    pub app: AppModel,
    /// Set by the stop signal: when and how the process will end.
    pub kill_exit: Option<(Millis, i32)>,
    pub exit: Option<Terminated>,
}

impl Instance {
    pub fn running(&self) -> bool {
        self.started_at.is_some() && self.exit.is_none()
    }

    /// Whether the app serves at `t` (its start-up time has passed).
    pub fn serving(&self, t: Millis) -> bool {
        self.started_at.is_some_and(|s| t - s >= self.app.startup()) && self.exit.is_none()
    }

    /// The moment the app is asked something at `t`.
    pub fn moment(&self, t: Millis) -> Moment {
        Moment { t, uptime: t - self.started_at.unwrap_or(t), terminating: self.kill_exit.is_some() }
    }
}

/// What the kubelet last saw of a container at a PLEG relist.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    Nothing,
    Running { number: u32, started_at: Millis },
    Exited { number: u32, exit: Terminated },
}

#[derive(Debug, Clone)]
pub struct ContainerSim {
    pub current: Option<Instance>,
    /// How the instance before `current` ended (`lastState.terminated`).
    pub previous_exit: Option<Terminated>,
    pub seen: Seen,
    /// `previous_exit` as of the last relist.
    pub seen_previous_exit: Option<Terminated>,
    pub backoff: BackOff,
    /// Set while the last start attempt was refused by the back-off.
    pub backoff_wait: Option<BackOffWait>,
    /// The last stop the kubelet started: the instance it stopped, and the
    /// signal and SIGKILL times. Published while the kubelet still sees
    /// that instance running.
    pub stop: Option<(u32, Stopping)>,
    /// A kill in progress should be followed by a start (liveness/startup
    /// failure with a restarting policy).
    pub restart_after_kill: bool,
    /// The status last published; what the prober and the pod sync read of
    /// `started` and `ready`.
    pub last_record: Option<ContainerRecord>,
}

impl ContainerSim {
    pub fn new() -> ContainerSim {
        ContainerSim {
            current: None,
            previous_exit: None,
            seen: Seen::Nothing,
            seen_previous_exit: None,
            backoff: BackOff::default(),
            backoff_wait: None,
            stop: None,
            restart_after_kill: false,
            last_record: None,
        }
    }

    /// Past its startup probe, as last published.
    pub fn started(&self) -> bool {
        self.last_record.as_ref().is_some_and(|r| r.started)
    }

    /// Ready, as last published.
    pub fn ready(&self) -> bool {
        self.last_record.as_ref().is_some_and(|r| r.ready)
    }

    pub fn seen_running(&self) -> Option<(u32, Millis)> {
        match self.seen {
            Seen::Running { number, started_at } => Some((number, started_at)),
            _ => None,
        }
    }

    pub fn seen_number(&self) -> Option<u32> {
        match &self.seen {
            Seen::Nothing => None,
            Seen::Running { number, .. } | Seen::Exited { number, .. } => Some(*number),
        }
    }

    /// The container status as the API shows it, given its `started` and
    /// `ready` flags (`Pod::flags`).
    pub fn status(&self, t: Millis, pod: PodId, index: u16, (started, ready): (bool, bool)) -> ContainerRecord {
        let (state, last_state, restart_count) = match &self.seen {
            Seen::Nothing => {
                (ContainerState::Waiting { reason: "ContainerCreating".into(), message: String::new() }, None, 0)
            }
            Seen::Running { number, started_at } => {
                (ContainerState::Running { started_at: *started_at }, self.seen_previous_exit.clone(), *number)
            }
            Seen::Exited { number, exit } => match &self.backoff_wait {
                Some(wait) => (
                    ContainerState::Waiting { reason: "CrashLoopBackOff".into(), message: wait.message.clone() },
                    Some(exit.clone()),
                    *number,
                ),
                None => (ContainerState::Terminated(exit.clone()), self.seen_previous_exit.clone(), *number),
            },
        };
        let container_id = match (&self.seen, &self.current) {
            (Seen::Nothing, _) => String::new(),
            (_, Some(i)) if Some(i.number) == self.seen_number() => i.container_id.clone(),
            _ => self.last_record.as_ref().map(|r| r.container_id.clone()).unwrap_or_default(),
        };
        let stopping = match (&self.seen, self.stop) {
            (Seen::Running { number, .. }, Some((stopped, stop))) if stopped == *number => Some(stop),
            _ => None,
        };
        ContainerRecord {
            t,
            pod,
            container: index,
            state,
            last_state,
            restart_count,
            ready,
            started,
            container_id,
            // Counted from the exit the status shows, as the retries judge it.
            backoff_until: match (&self.seen, &self.backoff_wait) {
                (Seen::Exited { exit, .. }, Some(wait)) => Some(exit.finished_at + wait.backoff),
                _ => None,
            },
            stopping,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Pod {
    pub workload: usize,
    pub revision: usize,
    pub ordinal: u32,
    pub template: Arc<PodTemplate>,
    pub containers: Vec<ContainerSim>,
    pub workers: Vec<Worker>,
    pub deletion: Option<Millis>,
    pub removed: bool,
    pub last_record: Option<PodRecord>,
    pub sync_queued: bool,
    pub relist_queued: bool,
    /// Bumped whenever a sync that failed with CrashLoopBackOff requeues the
    /// pod: the pod workers' queue holds one entry per pod, and the newest
    /// requeue replaces any earlier one.
    pub requeue: u32,
}

impl Pod {
    pub fn restart_policy(&self) -> RestartPolicy {
        self.template.spec.restart_policy
    }

    /// The pod's `terminationGracePeriodSeconds`: what a deletion gives its
    /// containers, and a probe kill unless the probe sets its own (§8.1).
    pub fn grace_period(&self) -> Millis {
        self.template.spec.termination_grace_period_seconds * 1000
    }

    pub fn worker(&self, container: usize, kind: ProbeKind) -> Option<&Worker> {
        self.workers.iter().find(|w| w.container as usize == container && w.kind == kind)
    }

    /// The results cache entry for a container's current (seen) instance.
    pub fn cached(&self, container: usize, kind: ProbeKind) -> Option<Outcome> {
        let number = self.containers[container].seen_number()?;
        self.worker(container, kind)?.cached_for(number)
    }

    /// `UpdatePodStatus` / `isContainerStarted`: container `i`'s `started`
    /// and `ready` from the seen state and the results caches (§9.1).
    pub fn flags(&self, i: usize) -> (bool, bool) {
        let running = self.containers[i].seen_running().is_some();
        let started = running
            && match self.cached(i, ProbeKind::Startup) {
                Some(result) => result == Outcome::Success,
                None => self.worker(i, ProbeKind::Startup).is_none(),
            };
        let ready = started
            && match self.cached(i, ProbeKind::Readiness) {
                Some(result) => result == Outcome::Success,
                None => self.worker(i, ProbeKind::Readiness).is_none(),
            };
        (started, ready)
    }

    /// `getPhase` over the regular containers.
    pub fn phase(&self) -> PodPhase {
        let (mut running, mut stopped, mut succeeded, mut waiting) = (0, 0, 0, 0);
        for (spec, c) in self.template.spec.containers.iter().zip(&self.containers) {
            if spec.sidecar {
                continue;
            }
            match &c.seen {
                Seen::Running { .. } => running += 1,
                Seen::Exited { exit, .. } => {
                    stopped += 1;
                    // A container waiting to restart shows Waiting, which never counts as succeeded.
                    if exit.exit_code == 0 && c.backoff_wait.is_none() {
                        succeeded += 1;
                    }
                }
                Seen::Nothing => waiting += 1,
            }
        }
        if waiting > 0 {
            return PodPhase::Pending;
        }
        if running > 0 {
            return PodPhase::Running;
        }
        if stopped == 0 {
            return PodPhase::Pending;
        }
        match self.restart_policy() {
            RestartPolicy::Always => PodPhase::Running,
            _ if stopped == succeeded => PodPhase::Succeeded,
            RestartPolicy::Never => PodPhase::Failed,
            RestartPolicy::OnFailure => PodPhase::Running,
        }
    }

    /// The pod status: phase and conditions (§9.2), keeping each condition's
    /// `lastTransitionTime` until its status changes.
    pub fn status(&self, t: Millis, id: PodId) -> PodRecord {
        // Names as GEN lists them: the sidecars (init containers) first.
        let names = |pick: &dyn Fn(&Container, &ContainerSim) -> bool| -> Vec<&str> {
            let all = || self.template.spec.containers.iter().zip(&self.containers);
            all()
                .filter(|(s, _)| s.sidecar)
                .chain(all().filter(|(s, _)| !s.sidecar))
                .filter(|(s, c)| pick(s, c))
                .map(|(s, _)| s.name.as_str())
                .collect()
        };
        let phase = self.phase();
        // Sidecars count by their `ready`, as the regular containers do.
        let unready = names(&|_, c| !c.ready());
        let containers_ready = unready.is_empty();
        let (reason, message) = if phase == PodPhase::Succeeded {
            ("PodCompleted".to_string(), String::new())
        } else if containers_ready {
            (String::new(), String::new())
        } else {
            ("ContainersNotReady".to_string(), format!("containers with unready status: [{}]", unready.join(" ")))
        };
        let gates_ok = self.template.spec.readiness_gates.is_empty();
        let ready = containers_ready && gates_ok;
        let (ready_reason, ready_message) = if !containers_ready {
            (reason.clone(), message.clone())
        } else if !gates_ok {
            let gate = &self.template.spec.readiness_gates[0];
            (
                "ReadinessGatesNotReady".to_string(),
                format!("corresponding condition of pod readiness gate \"{gate}\" does not exist."),
            )
        } else {
            (String::new(), String::new())
        };
        let previous = self.last_record.as_ref();
        let condition = |kind: &str, status: bool, reason: String, message: String| {
            let last_transition = previous
                .and_then(|p| p.conditions.iter().find(|c| c.kind == kind))
                .filter(|c| c.status == status)
                .map_or(t, |c| c.last_transition);
            Condition { kind: kind.into(), status, reason, message, last_transition }
        };
        // `GeneratePodInitializedCondition`: every sidecar has started, or a
        // regular container shows running or terminated (initialised before).
        let incomplete = names(&|s, c| s.sidecar && !c.started());
        let regular_started = self.template.spec.containers.iter().zip(&self.containers).any(|(s, c)| {
            !s.sidecar
                && (matches!(c.seen, Seen::Running { .. })
                    || matches!(c.seen, Seen::Exited { .. }) && c.backoff_wait.is_none())
        });
        let initialized = if phase == PodPhase::Succeeded {
            condition("Initialized", true, "PodCompleted".into(), String::new())
        } else if incomplete.is_empty() || regular_started {
            condition("Initialized", true, String::new(), String::new())
        } else {
            let message = format!("containers with incomplete status: [{}]", incomplete.join(" "));
            condition("Initialized", false, "ContainersNotInitialized".into(), message)
        };
        let conditions = vec![
            condition("PodReadyToStartContainers", true, String::new(), String::new()),
            initialized,
            condition("Ready", ready, ready_reason, ready_message),
            condition("ContainersReady", containers_ready, reason, message),
            condition("PodScheduled", true, String::new(), String::new()),
        ];
        // `deletionTimestamp` is the moment the grace period ends.
        let deletion = self.deletion.map(|d| d + self.grace_period());
        PodRecord { t, pod: id, phase, ready, conditions, deletion, removed: self.removed }
    }

    /// When the Ready condition last turned True, if it is True.
    pub fn ready_since(&self) -> Option<Millis> {
        let record = self.last_record.as_ref()?;
        record.conditions.iter().find(|c| c.kind == "Ready" && c.status).map(|c| c.last_transition)
    }

    /// Active for controllers: not being deleted, not gone, not finished.
    pub fn active(&self) -> bool {
        self.deletion.is_none() && !self.removed && !self.last_record.as_ref().is_some_and(|r| r.phase.is_terminal())
    }
}
