//! A pod's probe workers (`pkg/kubelet/prober/prober_manager.go`): created at
//! the pod's first sync (`AddPod`), driven by their ticker and the readiness
//! trigger, their decisions carried out (the handler run against the mock
//! app, the result recorded and written to the results cache), and the
//! kubelet's reaction to an update of the cache (kubelet-semantics §2, §3).

use super::pod::Pod;
use super::prober;
use super::queue::Deadline;
use super::results::{Outcome, Results};
use super::worker::{AnswerKey, Memo, Ran, Step, Worker};
use super::{Node, Wake};
use crate::cluster::Cluster;
use crate::history::{EventReason, EventType, Millis, ProbeRecord, ProbeResult, Record};
use crate::spec::ProbeKind;

impl Pod {
    /// `AddPod`: workers for every probe, in the order startup, readiness,
    /// liveness; each ticks from now. The kubelet has been up for longer
    /// than any period, so from 1.21 there is no start-up jitter (§2.2 step 1
    /// applies only just after a kubelet start); before, every new worker
    /// slept a random part of its period first.
    pub(super) fn add_workers(&mut self, node: &mut Node) {
        let template = self.template.clone();
        for (i, container) in template.spec.containers.iter().enumerate() {
            for kind in ProbeKind::ALL {
                if let Some(probe) = container.probe(kind) {
                    let index = self.workers.len() as u16;
                    let mut worker = Worker::new(kind, i as u16, probe.clone(), self.id, index);
                    // The worker probes once at once, then on every tick.
                    let mut first = node.now;
                    if node.cluster.first_probe_jitter() {
                        first += (node.rng.unit() * worker.period() as f64) as Millis;
                    }
                    worker.start(node.queue, first);
                    self.worker_of[i][kind.index()] = Some(index);
                    self.workers.push(worker);
                }
            }
        }
        self.results = Results::with_workers(self.workers.len());
    }

    pub(super) fn on_tick(&mut self, w: usize, due: Deadline, node: &mut Node) {
        let instance = self.containers[usize::from(self.workers[w].container)].seen_number();
        if self.workers[w].on_tick(due, node.queue, instance) {
            self.wake_worker(w, node);
        }
    }

    pub(super) fn on_trigger(&mut self, w: usize, due: Deadline, node: &mut Node) {
        if self.workers[w].on_trigger(due, node.queue, node.cluster.trigger_resets_ticker()) {
            self.wake_worker(w, node);
        }
    }

    /// A non-blocking send on container `ci`'s readiness trigger.
    pub(super) fn trigger_readiness(&mut self, ci: usize, node: &mut Node) {
        if let Some(w) = self.worker_of[ci][ProbeKind::Readiness.index()] {
            self.workers[usize::from(w)].send_trigger(node.queue, node.now);
        }
    }

    /// A new container instance was seen: sleeping workers tick again.
    pub(super) fn wake_sleeping_workers(&mut self, node: &mut Node) {
        for worker in &mut self.workers {
            worker.wake_on_phase(node.queue, node.now);
        }
    }

    fn wake_worker(&mut self, w: usize, node: &mut Node) {
        if self.workers[w].is_free() {
            self.do_probe(w, node);
        }
    }

    /// Carries out what the worker's `doProbe` decides.
    fn do_probe(&mut self, w: usize, node: &mut Node) {
        let view = self.view_for(w, node.cluster);
        let decision = self.workers[w].do_probe(&view, node.now);
        if let Some((instance, outcome)) = decision.reset {
            self.set_result(w, instance, outcome, node);
        }
        match decision.step {
            Step::Wait => {}
            Step::Set(instance, outcome) => self.set_result(w, instance, outcome, node),
            Step::Probe(instance) => {
                let Some(ran) = self.run_handler(w, instance, node) else { return };
                *node.probe_count += 1;
                let now = node.now;
                match self.workers[w].send(instance, now, ran) {
                    Some(done) => node.schedule(done, Wake::ProbeDone { pod: self.id, worker: w as u16 }),
                    None => self.finish_probe(w, instance, now, ran, node),
                }
            }
        }
    }

    /// Runs worker `w`'s handler against instance `number` of its
    /// container, or reuses the answer it got last if that still holds.
    fn run_handler(&mut self, w: usize, number: u32, node: &mut Node) -> Option<Ran> {
        let worker = &self.workers[w];
        let ci = usize::from(worker.container);
        let instance = self.containers[ci].current.as_ref().filter(|i| i.number == number)?;
        let now = node.now;
        let key = AnswerKey {
            instance: number,
            app_version: instance.app.version(),
            signalled: instance.kill_exit.is_some(),
            exited: instance.exit.is_some(),
        };
        if let Some(ran) = worker.remembered(key, now) {
            return Some(ran);
        }
        let ip = &node.history.pods[self.id as usize].ip;
        let moment = instance.moment(now);
        let target = prober::Target {
            container: self.spec(ci),
            pod_ip: ip,
            app: &instance.app,
            moment,
            serving: instance.serving(now),
            hosts: node.hosts,
            host_network: self.template.spec.host_network,
            exec_timeout: node.cluster.exec_probe_timeout(),
        };
        let execution = prober::run(&worker.probe, &target);
        let mut until = instance.app.steady_until(moment);
        // The stop signal changes what an app answers (`afterSigterm`).
        if let Some(signal_at) = instance.signal_at.filter(|&s| s > now) {
            until = until.min(signal_at);
        }
        if let Some((_, Some(other))) = prober::other_host(&worker.probe, &target) {
            until = until.min(other.app.steady_until(prober::OtherHost::moment(now)));
        }
        let last = worker.memo.map(|memo| memo.ran.answer);
        let (result, latency) = (execution.result(), execution.latency);
        let answer = node.answers.id(execution.answer, last, node.history);
        let ran = Ran { answer, result, latency };
        self.workers[w].memo = Some(Memo { key, until, ran });
        Some(ran)
    }

    pub(super) fn on_probe_done(&mut self, w: usize, node: &mut Node) {
        if let Some((instance, start, ran)) = self.workers[w].receive() {
            self.finish_probe(w, instance, start, ran, node);
        }
    }

    /// Records the execution and its event, then counts it (§3.1-§3.4).
    fn finish_probe(&mut self, w: usize, instance: u32, start: Millis, ran: Ran, node: &mut Node) {
        let (kind, container) = (self.workers[w].kind, self.workers[w].container);
        if ran.result != ProbeResult::Success {
            let output = &node.history.answers[usize::from(ran.answer)].output;
            let title = kind.title();
            let (reason, message) = match ran.result {
                ProbeResult::Error => {
                    (EventReason::Unhealthy, format!("{title} probe errored and resulted in unknown state: {output}"))
                }
                ProbeResult::Warning => (EventReason::ProbeWarning, format!("{title} probe warning: {output}")),
                _ => (EventReason::Unhealthy, format!("{title} probe failed: {output}")),
            };
            node.probe_event(self.id, container, kind, EventType::Warning, reason, message);
        }
        let record = ProbeRecord::new(start, node.now, self.id, container, kind, ran.answer);
        node.history.records.push(Record::Probe(record));
        let finished = self.workers[w].finish(instance, ran.result);
        if let Some(outcome) = finished.publish
            && self.results.set(w, instance, outcome)
        {
            self.on_update(kind, outcome, node);
        }
        if finished.again {
            self.do_probe(w, node);
        }
    }

    /// `results.Manager.Set`, and the kubelet's reaction if it was an update.
    fn set_result(&mut self, w: usize, instance: u32, outcome: Outcome, node: &mut Node) {
        if self.results.set(w, instance, outcome) {
            self.on_update(self.workers[w].kind, outcome, node);
        }
    }

    /// The kubelet's reaction to an update of the results cache (§3.5):
    /// liveness acts only on Failure; readiness and startup rewrite the
    /// status; every acted-on update syncs the pod.
    fn on_update(&mut self, kind: ProbeKind, outcome: Outcome, node: &mut Node) {
        match kind {
            ProbeKind::Liveness if outcome != Outcome::Failure => {}
            ProbeKind::Liveness => self.queue_sync(node),
            // The status is rewritten by the sync this queues: other workers
            // whose ticks fall on this same instant read the status from
            // before, as the kubelet's do while this probe's request is out.
            ProbeKind::Readiness | ProbeKind::Startup => self.queue_sync(node),
        }
    }

    /// The workers that stop when the pod is being deleted: from 1.21
    /// liveness and startup (`StopLivenessAndStartup`), while readiness
    /// keeps probing (§8.4), except in 1.22-1.24 where it stopped too.
    /// `StopLivenessAndStartup` walks the regular containers only, so a
    /// sidecar's liveness and startup go on (until 1.38, #141766).
    pub(super) fn stop_workers_on_deletion(&mut self, cluster: &Cluster) {
        let spec = &self.template.spec;
        let stops = |w: &Worker| match w.kind {
            ProbeKind::Readiness => cluster.readiness_stops_on_deletion(),
            _ => cluster.liveness_stops_on_deletion() && !spec.containers[usize::from(w.container)].is_sidecar(),
        };
        for worker in self.workers.iter_mut().filter(|w| stops(w)) {
            worker.stop();
        }
    }

    pub(super) fn stop_workers(&mut self) {
        for worker in &mut self.workers {
            worker.stop();
        }
    }
}
