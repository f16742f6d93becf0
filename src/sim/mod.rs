//! The simulator: the kubelet's probe, restart and status machinery, the
//! workload controllers and the Services, in virtual time.
//!
//! Sans-IO: time is an input. `advance_to(t)` runs every wake-up due by `t`;
//! `next_deadline()` says when the next one is; `act(action)` applies a live
//! action. Everything that happens is appended to one `History`.
//!
//! Wake-ups at the same instant run in the order they were scheduled, which
//! stands in for the order the kubelet's goroutines would see them.

mod app;
mod backoff;
mod controller;
pub mod kubelet;
mod pod;
mod probe;
mod prober;
mod queue;
pub(crate) mod rng;
mod service;
mod sync;

pub use probe::{handler_port, probe_host, request_path, resolve_port};

use crate::behaviour::{Action, AppRules, Behaviour};
use crate::history::{EventRecord, EventType, History, Millis, PodId, Record};
use crate::spec::{Service, Workload};
use controller::WorkloadState;
use pod::Pod;
use queue::Queue;
use rng::Rng;
use std::sync::Arc;

/// A scheduled wake-up. Stale ones (for an instance or ticker generation that
/// has moved on) are recognised and dropped when they fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// A probe worker's ticker fires.
    Tick {
        pod: PodId,
        worker: u16,
        generation: u32,
    },
    /// A probe that was in flight returns.
    ProbeDone {
        pod: PodId,
        worker: u16,
    },
    /// The readiness manual trigger (`manualTriggerCh`).
    Trigger {
        pod: PodId,
        worker: u16,
    },
    Sync {
        pod: PodId,
    },
    /// The pod worker retries a sync that failed with CrashLoopBackOff; only
    /// the newest requeue of a pod counts.
    Requeue {
        pod: PodId,
        generation: u32,
    },
    /// The periodic resync of a pod (`syncFrequency`).
    Resync {
        pod: PodId,
    },
    Relist {
        pod: PodId,
    },
    ContainerStarted {
        pod: PodId,
        container: u16,
        number: u32,
    },
    ContainerExited {
        pod: PodId,
        container: u16,
        number: u32,
    },
    Reconcile {
        workload: u32,
    },
    Traffic,
    Action {
        index: u32,
    },
}

pub struct Simulator {
    now: Millis,
    queue: Queue<Wake>,
    rng: Rng,
    behaviour: Arc<Behaviour>,
    /// The behaviour's `apps` entries, shared by every instance they describe.
    apps: Vec<Arc<AppRules>>,
    workloads: Vec<WorkloadState>,
    services: Vec<Service>,
    pods: Vec<Pod>,
    history: History,
    /// Last published endpoints per service, to record only changes.
    endpoints: Vec<Option<(Vec<PodId>, Vec<PodId>, Vec<PodId>)>>,
    next_ip: u32,
    probe_count: u64,
}

impl Simulator {
    pub fn new(workloads: &[Workload], services: &[Service], behaviour: Behaviour) -> Simulator {
        let mut rng = Rng::new(behaviour.seed);
        let next_ip = 2 + (rng.next_u64() % 200) as u32;
        let mut sim = Simulator {
            now: 0,
            queue: Queue::new(),
            rng,
            apps: behaviour.apps.iter().cloned().map(Arc::new).collect(),
            behaviour: Arc::new(behaviour),
            workloads: Vec::new(),
            services: services.to_vec(),
            pods: Vec::new(),
            history: History { services: services.iter().map(|s| s.name.clone()).collect(), ..History::default() },
            endpoints: vec![None; services.len()],
            next_ip,
            probe_count: 0,
        };
        for (i, w) in workloads.iter().enumerate() {
            let state = WorkloadState::new(w.clone(), &mut sim.rng);
            sim.workloads.push(state);
            sim.schedule(0, Wake::Reconcile { workload: i as u32 });
        }
        for i in 0..sim.behaviour.actions.len() {
            let at = sim.behaviour.actions[i].at;
            sim.schedule(at, Wake::Action { index: i as u32 });
        }
        if !sim.behaviour.traffic.is_empty() {
            sim.schedule(0, Wake::Traffic);
        }
        sim
    }

    /// Runs a whole scenario: the history of `[0, until]`.
    pub fn run(workloads: &[Workload], services: &[Service], behaviour: Behaviour, until: Millis) -> History {
        let mut sim = Simulator::new(workloads, services, behaviour);
        sim.advance_to(until);
        sim.into_history()
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn into_history(self) -> History {
        self.history
    }

    /// Probe executions so far (the benchmark's figure).
    pub fn probe_count(&self) -> u64 {
        self.probe_count
    }

    /// When the next wake-up is due, if anything is scheduled.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.queue.next_time()
    }

    /// Runs every wake-up due at or before `t`, then sets the clock to `t`.
    pub fn advance_to(&mut self, t: Millis) {
        while let Some((at, wake)) = self.queue.pop_due(t) {
            self.now = at;
            self.wake(wake);
        }
        self.now = self.now.max(t);
        self.history.end = self.history.end.max(t);
    }

    /// Applies an action now, after every wake-up due by now. A scripted
    /// action runs before the other wake-ups of its instant, so the two agree
    /// unless something else falls on that very millisecond; drivers that
    /// must match a scripted run re-simulate with the action appended, as
    /// `Scenario::simulate_with` does.
    pub fn act(&mut self, action: &Action) {
        self.apply_action(action);
    }

    fn schedule(&mut self, t: Millis, wake: Wake) {
        self.queue.push(t.max(self.now), wake);
    }

    fn wake(&mut self, wake: Wake) {
        match wake {
            Wake::Tick { pod, worker, generation } => self.on_tick(pod, worker, generation),
            Wake::ProbeDone { pod, worker } => self.on_probe_done(pod, worker),
            Wake::Trigger { pod, worker } => self.on_trigger(pod, worker),
            Wake::Sync { pod } => {
                self.pods[pod as usize].sync_queued = false;
                self.sync_pod(pod);
            }
            Wake::Requeue { pod, generation } => {
                if self.pods[pod as usize].requeue == generation {
                    self.sync_pod(pod);
                }
            }
            Wake::Resync { pod } => self.on_resync(pod),
            Wake::Relist { pod } => self.relist(pod),
            Wake::ContainerStarted { pod, container, number } => self.on_container_started(pod, container, number),
            Wake::ContainerExited { pod, container, number } => self.on_container_exited(pod, container, number),
            Wake::Reconcile { workload } => self.reconcile(workload as usize),
            Wake::Traffic => self.on_traffic_second(),
            Wake::Action { index } => {
                let behaviour = Arc::clone(&self.behaviour);
                self.apply_action(&behaviour.actions[index as usize]);
            }
        }
    }

    /// Records a kubelet event about a pod (or one of its containers).
    fn pod_event(&mut self, pod: PodId, container: Option<u16>, event_type: EventType, reason: &str, message: String) {
        let object = format!("pod/{}", self.history.pods[pod as usize].name);
        self.event(object, Some(pod), container, event_type, reason, message, "kubelet");
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        object: String,
        pod: Option<PodId>,
        container: Option<u16>,
        event_type: EventType,
        reason: &str,
        message: String,
        source: &str,
    ) {
        self.history.records.push(Record::Event(Box::new(EventRecord {
            t: self.now,
            object,
            pod,
            container,
            event_type,
            reason: reason.into(),
            message,
            source: source.into(),
        })));
    }
}
