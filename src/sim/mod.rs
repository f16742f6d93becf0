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
mod hooks;
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
use crate::cluster::Cluster;
use crate::history::{AnswerId, EventReason, EventRecord, EventType, History, Millis, PodId, ProbeAnswer, Record};
use crate::names::Rng;
use crate::probe_target::handler_port;
use crate::spec::{Container, Handler, Probe, ProbeKind, Service, Workload};
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
    /// The image of instance `number` of a container has been pulled.
    ImagePulled { pod: PodId, container: u16, number: u32 },
    /// The runtime has started instance `number` of a container.
    ContainerStarted { pod: PodId, container: u16, number: u32 },
    /// A moment instance `number` may exit: the end of its stop signal's
    /// wait, or a crash the behaviour describes.
    ContainerExited { pod: PodId, container: u16, number: u32 },
    /// A lifecycle hook of instance `number` returns.
    HookDone { pod: PodId, container: u16, number: u32 },
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
    /// The Kubernetes version and its gates: what every machine asks when a
    /// rule changed between versions.
    pub cluster: &'a Cluster,
    pub queue: &'a mut Queue<Wake>,
    pub rng: &'a mut Rng,
    pub history: &'a mut History,
    /// The EndpointSlice controller watches every published pod status.
    pub services: &'a mut Services,
    pub answers: &'a mut Answers,
    /// The behaviour's `apps` entries, shared by every instance they describe.
    pub apps: &'a [Arc<AppRules>],
    /// What answers on hosts other than the pods'.
    pub hosts: &'a [prober::OtherHost],
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
        reason: EventReason,
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
        reason: EventReason,
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
        reason: EventReason,
        message: String,
        source: &str,
    ) -> &mut EventRecord {
        let event = Box::new(EventRecord {
            t: self.now,
            object,
            pod,
            container,
            event_type,
            reason,
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
        let Ok(id) = AnswerId::try_from(history.answers.len()) else {
            // Every id is taken (no scenario comes near 65,536 distinct
            // answers): the answer shares the id of one with the same reply
            // and result, so the record's facts stay right and only the
            // quoted output may be another's; failing that, the last id.
            let same = self.ids.iter().find(|(a, _)| a.reply == answer.reply && a.result == answer.result);
            return same.map_or(AnswerId::MAX, |(_, &id)| id);
        };
        history.answers.push(answer.clone());
        self.ids.insert(answer, id);
        id
    }
}

/// The behaviour's `hosts`, each listening on its `ports`, else on every
/// port a probe that names it asks for.
fn other_hosts(workloads: &[Workload], behaviour: &Behaviour) -> Vec<prober::OtherHost> {
    let probes = || {
        let containers = workloads.iter().flat_map(|w| &w.template.spec.containers);
        containers.flat_map(|c| ProbeKind::ALL.into_iter().filter_map(move |k| c.probe(k).map(|p| (c, p))))
    };
    behaviour
        .hosts
        .iter()
        .map(|h| {
            let naming = || {
                probes().filter(|(_, p)| match &p.handler {
                    Handler::HttpGet { host, .. } | Handler::TcpSocket { host, .. } => {
                        host.as_deref() == Some(h.host.as_str())
                    }
                    Handler::Exec { .. } | Handler::Grpc { .. } => false,
                })
            };
            let port = |(c, p): (&Container, &Probe)| handler_port(&p.handler, c)?.ok();
            let mut ports: Vec<i32> = naming().filter_map(port).collect();
            crate::sort::sort(&mut ports);
            ports.dedup();
            let tls = naming().filter(|(_, p)| p.handler.is_https()).filter_map(port).collect();
            let app = app::AppModel::new(vec![Arc::new(h.app.clone())], ports, 0).with_default_tls(tls);
            prober::OtherHost { host: h.host.clone(), app }
        })
        .collect()
}

pub struct Simulator {
    now: Millis,
    /// Wake-ups run at `now` so far (see `MAX_WAKES_PER_INSTANT`).
    wakes_now: u32,
    queue: Queue<Wake>,
    rng: Rng,
    behaviour: Arc<Behaviour>,
    apps: Vec<Arc<AppRules>>,
    hosts: Vec<prober::OtherHost>,
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
        let cluster = behaviour.cluster;
        let controllers = Controllers::new(workloads, behaviour.nodes, &mut rng);
        let mut sim = Simulator {
            now: 0,
            wakes_now: 0,
            queue: Queue::new(),
            rng,
            apps: behaviour.apps.iter().cloned().map(Arc::new).collect(),
            hosts: other_hosts(workloads, &behaviour),
            behaviour: Arc::new(behaviour),
            controllers,
            services: Services::new(services, cluster),
            pods: Vec::new(),
            answers: Answers::default(),
            history: History {
                services: services.iter().map(|s| s.name.clone()).collect(),
                cluster,
                ..History::default()
            },
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
            hosts,
            probe_count,
            pods,
            controllers,
            behaviour,
            ..
        } = self;
        let behaviour: &Behaviour = behaviour;
        let cluster = &behaviour.cluster;
        let node = Node { now: *now, cluster, queue, rng, history, services, answers, apps, hosts, probe_count };
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
            Wake::ImagePulled { pod, container, number } => {
                pods[pod as usize].on_image_pulled(usize::from(container), number, node);
            }
            Wake::ContainerStarted { pod, container, number } => {
                pods[pod as usize].on_container_started(usize::from(container), number, node);
            }
            Wake::ContainerExited { pod, container, number } => {
                pods[pod as usize].on_container_exited(usize::from(container), number, node);
            }
            Wake::HookDone { pod, container, number } => {
                pods[pod as usize].on_hook_done(usize::from(container), number, node);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{ProbeResult, Reply};

    fn exec(code: i32, output: &str) -> ProbeAnswer {
        ProbeAnswer { reply: Reply::Exec { exit_code: code }, result: ProbeResult::Failure, output: output.into() }
    }

    /// A repeated answer keeps its id; once every id is taken, a new answer
    /// shares the id of one with the same reply and result.
    #[test]
    fn answers_are_kept_once_and_ids_never_change_meaning() {
        let (mut answers, mut history) = (Answers::default(), History::default());
        let first = answers.id(exec(1, "a"), None, &mut history);
        assert_eq!(answers.id(exec(1, "a"), Some(first), &mut history), first);
        assert_eq!(answers.id(exec(1, "a"), None, &mut history), first);
        for n in 1..=usize::from(AnswerId::MAX) {
            answers.id(exec(2, &n.to_string()), None, &mut history);
        }
        assert_eq!(history.answers.len(), usize::from(AnswerId::MAX) + 1);
        let shared = answers.id(exec(1, "b"), None, &mut history);
        assert_eq!((shared, history.answers.len()), (first, usize::from(AnswerId::MAX) + 1));
    }
}
