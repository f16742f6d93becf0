//! A pod on the node, as the kubelet holds it: its containers, its probe
//! workers and their results, the pod worker's timers, and the status it
//! publishes (`getPhase`, `generateAPIPodStatus`; kubelet-semantics §9).
//! Its transitions live beside it: `pod_sync` (SyncPod and termination),
//! `runtime` (the container runtime and PLEG) and `prober_manager` (the
//! probe workers).

use super::container::{ContainerSim, Seen};
use super::queue::Timer;
use super::results::{Outcome, Results};
use super::worker::{ContainerView, PodView, Worker};
use crate::cluster::Cluster;
use crate::history::{Condition, Millis, PodId, PodPhase, PodRecord};
use crate::spec::{Container, PodTemplate, ProbeKind, RestartPolicy};
use std::sync::Arc;

/// The pod worker's timers (one slot each; see `Wake` for when each fires).
#[derive(Debug, Clone, Default)]
pub struct PodTimers {
    /// A sync asked for by a probe result, a PLEG event or a controller.
    pub sync: Timer,
    /// The retry of a sync that failed with CrashLoopBackOff; the newest
    /// retry replaces any earlier one (the work queue keeps one per pod).
    pub requeue: Timer,
    /// The periodic resync (`syncFrequency`).
    pub resync: Timer,
    /// The next PLEG relist, once a container has started or exited.
    pub relist: Timer,
}

#[derive(Debug, Clone)]
pub struct Pod {
    pub id: PodId,
    pub workload: usize,
    /// The workload's name, for the behaviour's selectors.
    pub workload_name: String,
    pub revision: usize,
    pub ordinal: u32,
    /// A Job's pod: its regular containers run to completion.
    pub completes: bool,
    pub template: Arc<PodTemplate>,
    pub containers: Vec<ContainerSim>,
    /// Probe workers, created at the pod's first sync.
    pub workers: Vec<Worker>,
    /// Per container, its workers by probe type (`ProbeKind::index`).
    pub worker_of: Vec<[Option<u16>; 3]>,
    pub results: Results,
    pub deletion: Option<Millis>,
    /// Every container of the deleted pod has stopped and, from 1.27, the
    /// kubelet has written the pod's terminal phase.
    pub terminated: bool,
    pub removed: bool,
    pub last_record: Option<PodRecord>,
    pub timers: PodTimers,
}

impl Pod {
    pub fn new(
        id: PodId,
        workload: usize,
        workload_name: String,
        revision: usize,
        ordinal: u32,
        completes: bool,
        template: Arc<PodTemplate>,
    ) -> Pod {
        let containers = template.spec.containers.iter().map(|_| ContainerSim::new()).collect();
        Pod {
            id,
            workload,
            workload_name,
            revision,
            ordinal,
            completes,
            worker_of: vec![[None; 3]; template.spec.containers.len()],
            template,
            containers,
            workers: Vec::new(),
            results: Results::default(),
            deletion: None,
            terminated: false,
            removed: false,
            last_record: None,
            timers: PodTimers::default(),
        }
    }

    pub fn restart_policy(&self) -> RestartPolicy {
        self.template.spec.restart_policy
    }

    pub fn spec(&self, container: usize) -> &Container {
        &self.template.spec.containers[container]
    }

    /// The pod's `terminationGracePeriodSeconds`: what a deletion gives its
    /// containers, and a probe kill unless the probe sets its own (§8.1).
    pub fn grace_period(&self) -> Millis {
        self.template.spec.termination_grace_period_seconds * 1000
    }

    /// The results cache entry for a container's current (seen) instance.
    pub fn cached(&self, container: usize, kind: ProbeKind) -> Option<Outcome> {
        let instance = self.containers[container].seen_number()?;
        let worker = self.worker_of[container][kind.index()]?;
        self.results.get(usize::from(worker), instance)
    }

    /// What worker `w` reads of the pod. Before 1.21 the worker did not
    /// look at the deletion timestamp, and a sidecar's never sees it.
    pub fn view_for(&self, w: usize, cluster: &Cluster) -> PodView {
        let ci = usize::from(self.workers[w].container);
        let c = &self.containers[ci];
        PodView {
            has_status: self.last_record.is_some(),
            finished: self.removed || self.last_record.as_ref().is_some_and(|r| r.phase.is_terminal()),
            deleting: self.deletion.is_some() && cluster.liveness_stops_on_deletion() && !self.spec(ci).is_sidecar(),
            never_restarts: {
                let spec = self.spec(ci);
                let policy = spec.restart_policy.unwrap_or(self.restart_policy());
                !spec.is_sidecar() && policy == RestartPolicy::Never && spec.restart_rules.is_empty()
            },
            container: ContainerView {
                instance: c.seen_number(),
                running_since: c.seen_running().map(|(_, since)| since),
                exited: matches!(c.seen, Seen::Exited { .. }),
                started: c.started(),
            },
        }
    }

    /// `UpdatePodStatus` / `isContainerStarted`: container `i`'s `started`
    /// and `ready` from the seen state and the results caches (§9.1). A
    /// container without the probe counts as passing it.
    pub fn flags(&self, i: usize) -> (bool, bool) {
        let passing = |kind: ProbeKind| match self.cached(i, kind) {
            Some(result) => result == Outcome::Success,
            None => self.spec(i).probe(kind).is_none(),
        };
        let running = self.containers[i].seen_running().is_some();
        // An init container that runs to completion has no probes: started
        // while it runs, ready once it has exited 0.
        if self.spec(i).runs_to_completion() {
            let completed = self.containers[i].seen_exit_code() == Some(0);
            return (running, completed);
        }
        let started = running && passing(ProbeKind::Startup);
        let ready = started && passing(ProbeKind::Readiness);
        (started, ready)
    }

    /// Init container `i` has done what the pod waits for: a sidecar has
    /// started, another has completed (exited 0).
    pub fn init_done(&self, i: usize) -> bool {
        let c = &self.containers[i];
        if self.spec(i).is_sidecar() {
            return c.started();
        }
        c.seen_exit_code() == Some(0) && !c.replacing()
    }

    /// An init container that runs to completion failed and, the pod never
    /// restarting, will not run again: the pod has failed.
    pub(super) fn init_failed(&self) -> bool {
        let failed = |(s, c): (&Container, &ContainerSim)| {
            s.runs_to_completion() && c.seen_exit_code().is_some_and(|code| code != 0)
        };
        self.restart_policy() == RestartPolicy::Never
            && self.template.spec.containers.iter().zip(&self.containers).any(failed)
    }

    /// `getPhase` over the regular containers. For a deleted pod whose
    /// containers have all stopped (`podIsTerminal`), Succeeded if every one
    /// exited 0, else Failed, whatever the restart policy.
    pub fn phase(&self) -> PodPhase {
        if self.terminated {
            let regular = self.template.spec.containers.iter().zip(&self.containers).filter(|(s, _)| s.is_regular());
            let all_zero = regular.clone().all(|(_, c)| c.seen_exit_code() == Some(0));
            return if all_zero { PodPhase::Succeeded } else { PodPhase::Failed };
        }
        if self.init_failed() {
            return PodPhase::Failed;
        }
        let (mut running, mut stopped, mut succeeded, mut waiting) = (0, 0, 0, 0);
        for (spec, c) in self.template.spec.containers.iter().zip(&self.containers) {
            if spec.is_init() {
                continue;
            }
            match &c.seen {
                Seen::Running { .. } => running += 1,
                Seen::Exited { exit, .. } => {
                    stopped += 1;
                    // A container waiting to restart shows Waiting, which never counts as succeeded.
                    if exit.exit_code == 0 && c.backoff_wait.is_none() && !c.replacing() {
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
    pub fn status(&self, t: Millis, id: PodId, cluster: &Cluster) -> PodRecord {
        // Names as GEN lists them: the sidecars (init containers) first.
        let names = |pick: &dyn Fn(&Container, &ContainerSim) -> bool| -> Vec<&str> {
            let spec = &self.template.spec;
            spec.start_order()
                .filter(|&i| pick(&spec.containers[i], &self.containers[i]))
                .map(|i| spec.containers[i].name.as_str())
                .collect()
        };
        // A terminal phase is final (the status manager never moves a pod
        // out of Succeeded or Failed).
        let phase = match self.last_record.as_ref().map(|r| r.phase) {
            Some(terminal) if terminal.is_terminal() => terminal,
            _ => self.phase(),
        };
        // Sidecars count by their `ready`, as the regular containers do; init
        // containers that run to completion do not count.
        let unready = names(&|s, c| !s.runs_to_completion() && !c.ready());
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
        // `GeneratePodInitializedCondition`: every init container is done, or
        // a regular container shows running or terminated (initialised before).
        let spec = &self.template.spec;
        let incomplete: Vec<&str> = spec
            .start_order()
            .filter(|&i| spec.containers[i].is_init() && !self.init_done(i))
            .map(|i| spec.containers[i].name.as_str())
            .collect();
        let regular_started = self.template.spec.containers.iter().zip(&self.containers).any(|(s, c)| {
            s.is_regular()
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
        let mut conditions = Vec::with_capacity(5);
        if let Some(sandbox) = cluster.sandbox_condition() {
            conditions.push(condition(sandbox, true, String::new(), String::new()));
        }
        conditions.extend([
            initialized,
            condition("Ready", ready, ready_reason, ready_message),
            condition("ContainersReady", containers_ready, reason, message),
            condition("PodScheduled", true, String::new(), String::new()),
        ]);
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
