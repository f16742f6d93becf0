//! The simulator: the kubelet's probe, restart and status machinery, the
//! workload controllers and the Services, in virtual time.
//!
//! Sans-IO: time is an input. `advance_to(t)` runs every wake-up due by `t`;
//! `next_deadline()` says when the next one is; `act(action)` applies a live
//! action. Everything that happens is appended to one `History`.
//!
//! One machine per kubelet concept, each in its own file and owning its
//! state and transitions:
//! - `worker`: a probe worker (`worker.go`); `results`: the results cache;
//!   `prober`: the probe handlers (`prober.go`, `pkg/probe`);
//!   `prober_manager`: a pod's workers (`prober_manager.go`);
//! - `container`: a container's instances and what PLEG saw of them;
//!   `runtime`: starting, signalling and reaping them, and the relist;
//!   `pod_sync`: `SyncPod`, back-off, termination and the published status;
//!   `pod`: the pod the kubelet holds and the status it generates;
//! - `controllers`: the workload controllers; `actions`: scripted and live
//!   actions; `service`: EndpointSlices and client traffic;
//! - `timings`, `backoff`, `app` (the mock app), `queue` (wake-ups and timers).
//!
//! `Simulator` is the composition root: it pops each due wake-up and hands it
//! to the machine that owns it, with a `Node`: the clock, the queue, the
//! seed's randomness, the history and the Services, which are all a machine
//! may touch besides its own state.
//!
//! Wake-ups at the same instant run in the order they were scheduled, which
//! stands in for the order the kubelet's goroutines would see them.

mod actions;
mod app;
mod backoff;
mod container;
mod controllers;
mod pod;
mod pod_sync;
mod prober;
mod prober_manager;
mod queue;
mod results;
mod runtime;
mod service;
pub mod timings;

pub use app::served_ports;
mod worker;

use crate::behaviour::{Action, AppRules, Behaviour, MAX_DURATION};
use crate::history::{AnswerId, EventRecord, EventType, History, Millis, PodId, ProbeAnswer, Record};
use crate::names::Rng;
use crate::spec::{ProbeKind, Service, Workload};
use controllers::Controllers;
use pod::Pod;
use queue::{Deadline, Queue};
use service::Services;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A scheduled wake-up, and who it is for. Those owned by a timer slot
/// (`Tick`, `Trigger`, `Sync`, `Requeue`, `Resync`, `Relist`) are stale when
/// the slot was re-armed or the machine stopped since; the owner drops them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// A probe worker's ticker: set when the worker starts, a period after
    /// each tick, reset by the readiness trigger; sleeps while on hold.
    Tick { pod: PodId, worker: u16 },
    /// A probe that was in flight returns (its latency has passed).
    ProbeDone { pod: PodId, worker: u16 },
    /// The readiness manual trigger (`manualTriggerCh`), sent by a pod sync
    /// for a started, not-ready container.
    Trigger { pod: PodId, worker: u16 },
    /// A pod sync asked for by a probe result, PLEG, a controller or a kill.
    Sync { pod: PodId },
    /// The retry of a sync that failed with CrashLoopBackOff.
    Requeue { pod: PodId },
    /// The periodic resync of a pod (`syncFrequency`, jittered).
    Resync { pod: PodId },
    /// A PLEG relist that will see a container's start or exit.
    Relist { pod: PodId },
    /// The runtime has started instance `number` of a container.
    ContainerStarted { pod: PodId, container: u16, number: u32 },
    /// A moment instance `number` may exit: the end of its stop signal's
    /// wait, or a crash the behaviour describes.
    ContainerExited { pod: PodId, container: u16, number: u32 },
    /// A workload's controller reacts to a change of its pods (a watch
    /// event, not a timer: every one runs).
    Reconcile { workload: u32 },
    /// One second of client traffic has passed.
    Traffic,
    /// A scripted action of the behaviour document is due.
    Action { index: u32 },
}

/// A bound on the wake-ups of one instant: no scenario comes near it, so
/// reaching it means machines keep waking each other without time passing
/// (a livelock), which fails loudly instead of hanging.
const MAX_WAKES_PER_INSTANT: u32 = 1_000_000;

/// What a machine may touch besides its own state.
pub(crate) struct Node<'a> {
    pub now: Millis,
    pub queue: &'a mut Queue<Wake>,
    pub rng: &'a mut Rng,
    pub history: &'a mut History,
    /// The EndpointSlice controller watches every published pod status.
    pub services: &'a mut Services,
    pub answers: &'a mut Answers,
    /// The behaviour's `apps` entries, shared by every instance they describe.
    pub apps: &'a [Arc<AppRules>],
    /// Probe executions so far.
    pub probe_count: &'a mut u64,
}

impl Node<'_> {
    fn schedule(&mut self, t: Millis, wake: Wake) {
        self.queue.push(t.max(self.now), wake);
    }

    /// Records a kubelet event about a pod (or one of its containers).
    fn pod_event(
        &mut self,
        pod: PodId,
        container: Option<u16>,
        event_type: EventType,
        reason: &str,
        message: String,
    ) -> &mut EventRecord {
        let object = format!("pod/{}", self.history.pods[pod as usize].name);
        self.event(object, Some(pod), container, event_type, reason, message, "kubelet")
    }

    /// Records a kubelet event about one of a container's probes.
    fn probe_event(
        &mut self,
        pod: PodId,
        container: u16,
        probe: ProbeKind,
        event_type: EventType,
        reason: &str,
        message: String,
    ) {
        self.pod_event(pod, Some(container), event_type, reason, message).probe = Some(probe);
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
    ) -> &mut EventRecord {
        let event = Box::new(EventRecord {
            t: self.now,
            object,
            pod,
            container,
            event_type,
            reason: reason.into(),
            message,
            source: source.into(),
            probe: None,
        });
        self.history.records.push(Record::Event(event));
        match self.history.records.last_mut() {
            Some(Record::Event(event)) => event,
            _ => unreachable!("the event was just recorded"),
        }
    }
}

/// The distinct probe answers of a run (`History::answers`), so that each
/// is kept once however often a probe gets it.
#[derive(Debug, Default)]
pub(crate) struct Answers {
    ids: BTreeMap<ProbeAnswer, AnswerId>,
}

impl Answers {
    /// The id of `answer`, adding it to the history if it is new. `last` is
    /// the id the same probe got last time: usually the same answer.
    fn id(&mut self, answer: ProbeAnswer, last: Option<AnswerId>, history: &mut History) -> AnswerId {
        if let Some(id) = last.filter(|&id| history.answers[usize::from(id)] == answer) {
            return id;
        }
        if let Some(&id) = self.ids.get(&answer) {
            return id;
        }
        let id = AnswerId::try_from(history.answers.len()).unwrap_or_else(|_| {
            // More distinct answers than an id can name: the newest is kept in
            // the last slot, so its result and output stay right while it lasts.
            let last = AnswerId::MAX;
            self.ids.retain(|_, id| *id != last);
            history.answers.truncate(usize::from(last));
            last
        });
        history.answers.push(answer.clone());
        self.ids.insert(answer, id);
        id
    }
}

pub struct Simulator {
    now: Millis,
    /// Wake-ups run at `now` so far (see `MAX_WAKES_PER_INSTANT`).
    wakes_now: u32,
    queue: Queue<Wake>,
    rng: Rng,
    behaviour: Arc<Behaviour>,
    apps: Vec<Arc<AppRules>>,
    controllers: Controllers,
    services: Services,
    pods: Vec<Pod>,
    answers: Answers,
    history: History,
    probe_count: u64,
}

impl Simulator {
    pub fn new(workloads: &[Workload], services: &[Service], behaviour: Behaviour) -> Simulator {
        let mut rng = Rng::new(behaviour.seed);
        let controllers = Controllers::new(workloads, behaviour.nodes, &mut rng);
        let mut sim = Simulator {
            now: 0,
            wakes_now: 0,
            queue: Queue::new(),
            rng,
            apps: behaviour.apps.iter().cloned().map(Arc::new).collect(),
            behaviour: Arc::new(behaviour),
            controllers,
            services: Services::new(services),
            pods: Vec::new(),
            answers: Answers::default(),
            history: History { services: services.iter().map(|s| s.name.clone()).collect(), ..History::default() },
            probe_count: 0,
        };
        for workload in 0..workloads.len() {
            sim.queue.push(0, Wake::Reconcile { workload: workload as u32 });
        }
        for (index, action) in sim.behaviour.actions.iter().enumerate() {
            sim.queue.push(action.at, Wake::Action { index: index as u32 });
        }
        if !sim.behaviour.traffic.is_empty() {
            sim.queue.push(0, Wake::Traffic);
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

    /// When the next wake-up is due, if anything is scheduled. It moves
    /// only when `advance_to` or `act` runs.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.queue.next_time()
    }

    /// Runs every wake-up due at or before `t`, then sets the clock to `t`.
    /// A run lasts at most `MAX_DURATION` (7 days): the history keeps its
    /// times in 32 bits.
    pub fn advance_to(&mut self, t: Millis) {
        assert!(t <= MAX_DURATION, "a run lasts at most 7 days, not {t} ms");
        while let Some((due, wake)) = self.queue.pop_due(t) {
            if due.at == self.now {
                self.wakes_now += 1;
                assert!(
                    self.wakes_now < MAX_WAKES_PER_INSTANT,
                    "more than {MAX_WAKES_PER_INSTANT} wake-ups at {} ms without time passing",
                    self.now
                );
            } else {
                self.now = due.at;
                self.wakes_now = 0;
            }
            self.wake(due, wake);
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
        let (mut node, pods, controllers, _) = self.parts();
        actions::apply(action, controllers, pods, &mut node);
    }

    /// The machines, the node they share, and the behaviour document.
    fn parts(&mut self) -> (Node<'_>, &mut Vec<Pod>, &mut Controllers, &Behaviour) {
        let Simulator {
            now,
            queue,
            rng,
            history,
            services,
            answers,
            apps,
            probe_count,
            pods,
            controllers,
            behaviour,
            ..
        } = self;
        let node = Node { now: *now, queue, rng, history, services, answers, apps, probe_count };
        (node, pods, controllers, behaviour)
    }

    /// Hands a due wake-up to the machine that owns it.
    fn wake(&mut self, due: Deadline, wake: Wake) {
        let (mut node, pods, controllers, behaviour) = self.parts();
        let node = &mut node;
        match wake {
            Wake::Tick { pod, worker } => pods[pod as usize].on_tick(usize::from(worker), due, node),
            Wake::ProbeDone { pod, worker } => pods[pod as usize].on_probe_done(usize::from(worker), node),
            Wake::Trigger { pod, worker } => pods[pod as usize].on_trigger(usize::from(worker), due, node),
            Wake::Sync { pod } => pods[pod as usize].on_sync(due, node),
            Wake::Requeue { pod } => pods[pod as usize].on_requeue(due, node),
            Wake::Resync { pod } => pods[pod as usize].on_resync(due, node),
            Wake::Relist { pod } => pods[pod as usize].on_relist(due, node),
            Wake::ContainerStarted { pod, container, number } => {
                pods[pod as usize].on_container_started(usize::from(container), number, node);
            }
            Wake::ContainerExited { pod, container, number } => {
                pods[pod as usize].on_container_exited(usize::from(container), number, node);
            }
            Wake::Reconcile { workload } => controllers.reconcile(workload as usize, pods, node),
            Wake::Traffic => {
                let services: &Services = node.services;
                services.traffic_second(&behaviour.traffic, pods, node.now, node.history);
                node.schedule(node.now + 1000, Wake::Traffic);
            }
            Wake::Action { index } => actions::apply(&behaviour.actions[index as usize], controllers, pods, node),
        }
    }
}
