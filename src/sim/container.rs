//! A container of a pod: its instances as the runtime runs them, what the
//! kubelet last saw of them at a PLEG relist, its back-off, and the status
//! the kubelet publishes from that view (`convertToAPIContainerStatuses`;
//! kubelet-semantics §7.5, §9.1).

use super::app::AppModel;
use super::backoff::BackOff;
use crate::behaviour::Moment;
use crate::history::{ContainerRecord, ContainerState, Millis, PodId, Stopping, Terminated, WaitingReason};

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
    /// While its postStart hook runs: when it returns (`Millis::MAX`: never).
    /// The kubelet does not count the container as started before.
    pub post_start: Option<Millis>,
    /// When the stop signal reaches the process (after any preStop hook).
    pub signal_at: Option<Millis>,
    /// Set by a stop: when and how the process will end.
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
        Moment { t, uptime: t - self.started_at.unwrap_or(t), terminating: self.signal_at.is_some_and(|s| t >= s) }
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
    /// The last start failed in its postStart hook: until the next instance
    /// the container waits as `PostStartHookError`.
    pub post_start_failed: bool,
    /// The error of a hook that is running and will fail, for its event.
    pub hook_error: Option<String>,
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
            post_start_failed: false,
            hook_error: None,
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

    /// The exit code of the exited instance the kubelet sees, if it sees one.
    pub fn seen_exit_code(&self) -> Option<i32> {
        match &self.seen {
            Seen::Exited { exit, .. } => Some(exit.exit_code),
            _ => None,
        }
    }

    /// The kubelet has started a newer instance than the exited one it
    /// sees: the runtime is creating the replacement.
    pub fn replacing(&self) -> bool {
        matches!(&self.seen, Seen::Exited { number, .. } if self.current.as_ref().is_some_and(|i| i.number > *number))
    }

    pub fn seen_number(&self) -> Option<u32> {
        match &self.seen {
            Seen::Nothing => None,
            Seen::Running { number, .. } | Seen::Exited { number, .. } => Some(*number),
        }
    }

    /// The container status as the API shows it, given its `started` and
    /// `ready` flags (`Pod::flags`). A container the runtime has not run yet
    /// waits as `ContainerCreating`, or `PodInitializing` in a pod with init
    /// containers (`convertToAPIContainerStatuses`' default state).
    pub fn status(
        &self,
        t: Millis,
        pod: PodId,
        index: u16,
        (started, ready): (bool, bool),
        has_init_containers: bool,
    ) -> ContainerRecord {
        let (state, last_state, restart_count) = match &self.seen {
            Seen::Nothing => {
                let reason =
                    if has_init_containers { WaitingReason::PodInitializing } else { WaitingReason::ContainerCreating };
                (ContainerState::Waiting { reason, message: String::new() }, None, 0)
            }
            Seen::Running { number, started_at } => {
                (ContainerState::Running { started_at: *started_at }, self.seen_previous_exit.clone(), *number)
            }
            Seen::Exited { number, exit } => match &self.backoff_wait {
                Some(wait) => (
                    ContainerState::Waiting { reason: WaitingReason::CrashLoopBackOff, message: wait.message.clone() },
                    Some(exit.clone()),
                    *number,
                ),
                None if self.post_start_failed => (
                    ContainerState::Waiting { reason: "PostStartHookError".into(), message: String::new() },
                    Some(exit.clone()),
                    *number,
                ),
                // The replacement has been created and not started: it waits
                // without a reason (a created container's status), the exit
                // as its last state.
                None if self.replacing() => (
                    ContainerState::Waiting { reason: WaitingReason::Other(String::new()), message: String::new() },
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
