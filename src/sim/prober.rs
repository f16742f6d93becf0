//! Probe workers: one per (pod, container, probe type), mirroring the
//! kubelet's `pkg/kubelet/prober/worker.go` (the legacy worker of 1.28-1.37):
//! a ticker whose phase is fixed when the worker is created, the readiness
//! manual trigger that runs at once and resets the ticker, and `doProbe` as the
//! same sequence of early returns (kubelet-semantics §2, §3).

use super::pod::Seen;
use super::{Simulator, Wake, probe};
use crate::history::{EventType, Millis, PodId, ProbeRecord, ProbeResult, Record};
use crate::spec::{Probe, ProbeKind, RestartPolicy};

/// A value of the results cache (`results.Result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Unknown,
}

impl Outcome {
    /// `newWorker`'s initial values: readiness starts as Failure, liveness as
    /// Success, startup as Unknown.
    fn initial(kind: ProbeKind) -> Outcome {
        match kind {
            ProbeKind::Readiness => Outcome::Failure,
            ProbeKind::Liveness => Outcome::Success,
            ProbeKind::Startup => Outcome::Unknown,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Worker {
    pub kind: ProbeKind,
    pub container: u16,
    pub probe: Probe,
    /// Bumped when the ticker is reset, so ticks of the old phase are dropped.
    generation: u32,
    /// `lastResult` and `resultRun`: the run of identical results.
    last_result: Option<Outcome>,
    result_run: i32,
    on_hold: bool,
    /// The container instance the worker last saw (`containerID`).
    seen: Option<u32>,
    /// The results cache entry: (instance, result).
    cached: Option<(u32, Outcome)>,
    /// A probe in flight: the instance it probes, when it started, and what
    /// it will return.
    in_flight: Option<(u32, Millis, probe::Execution)>,
    /// A tick or trigger that arrived while a probe was in flight (Go's
    /// ticker and trigger channels each buffer one).
    pending: bool,
    /// A manual trigger is waiting in the channel (it buffers one).
    trigger_queued: bool,
    /// When the ticker was started or last reset: ticks fall on
    /// `origin + k * period`.
    origin: Millis,
    /// On hold with no tick scheduled: ticks that could only find the
    /// worker on hold are not simulated; a new container wakes it on phase.
    dormant: bool,
    stopped: bool,
}

impl Worker {
    pub fn new(kind: ProbeKind, container: u16, probe: Probe) -> Worker {
        Worker {
            kind,
            container,
            probe,
            generation: 0,
            last_result: None,
            result_run: 0,
            on_hold: false,
            seen: None,
            cached: None,
            in_flight: None,
            pending: false,
            trigger_queued: false,
            origin: 0,
            dormant: false,
            stopped: false,
        }
    }

    pub fn period(&self) -> Millis {
        self.probe.period_seconds as Millis * 1000
    }

    pub fn cached_for(&self, number: u32) -> Option<Outcome> {
        self.cached.filter(|(n, _)| *n == number).map(|(_, o)| o)
    }

    /// The results cache's `Set`: stores the result for the instance and
    /// says whether it changed (only a change is an update).
    fn cache(&mut self, number: u32, outcome: Outcome) -> bool {
        let changed = self.cached_for(number) != Some(outcome);
        self.cached = Some((number, outcome));
        changed
    }

    /// Counts a result (§3.1) and says whether it is published.
    fn count(&mut self, result: Outcome) -> bool {
        if self.last_result == Some(result) {
            self.result_run += 1;
        } else {
            self.last_result = Some(result);
            self.result_run = 1;
        }
        let threshold = match result {
            Outcome::Failure => self.probe.failure_threshold,
            _ => self.probe.success_threshold,
        };
        self.result_run >= threshold
    }
}

impl Simulator {
    /// `AddPod`: workers for every probe, created at the pod's first sync, in
    /// the order startup, readiness, liveness; each ticks from now. The
    /// kubelet has been up for longer than any period, so there is no start-up
    /// jitter (§2.2 step 1 applies only just after a kubelet start).
    pub(super) fn add_workers(&mut self, pod: PodId) {
        let template = self.pods[pod as usize].template.clone();
        for (i, container) in template.spec.containers.iter().enumerate() {
            for kind in ProbeKind::ALL {
                if let Some(probe) = container.probe(kind) {
                    let index = self.pods[pod as usize].workers.len() as u16;
                    let mut worker = Worker::new(kind, i as u16, probe.clone());
                    worker.origin = self.now;
                    self.pods[pod as usize].workers.push(worker);
                    // The worker probes once at once, then on every tick.
                    self.schedule(self.now, Wake::Tick { pod, worker: index, generation: 0 });
                }
            }
        }
    }

    pub(super) fn on_tick(&mut self, pod: PodId, worker: u16, generation: u32) {
        let p = &mut self.pods[pod as usize];
        let w = &p.workers[worker as usize];
        if w.stopped || w.generation != generation {
            return;
        }
        if w.on_hold && w.in_flight.is_none() && w.seen == p.containers[w.container as usize].seen_number() {
            p.workers[worker as usize].dormant = true;
            return;
        }
        let next = self.now + w.period();
        self.schedule(next, Wake::Tick { pod, worker, generation });
        self.wake_worker(pod, worker);
    }

    /// The readiness manual trigger: probe at once, and restart the ticker
    /// one period from now (#119089).
    pub(super) fn on_trigger(&mut self, pod: PodId, worker: u16) {
        let w = &mut self.pods[pod as usize].workers[worker as usize];
        w.trigger_queued = false;
        if w.stopped {
            return;
        }
        w.generation += 1;
        w.origin = self.now;
        w.dormant = false;
        let (generation, next) = (w.generation, self.now + w.period());
        self.schedule(next, Wake::Tick { pod, worker, generation });
        self.wake_worker(pod, worker);
    }

    /// A non-blocking send on the trigger channel.
    pub(super) fn trigger_readiness(&mut self, pod: PodId, container: usize) {
        let index = self.pods[pod as usize]
            .workers
            .iter()
            .position(|w| w.kind == ProbeKind::Readiness && w.container as usize == container);
        if let Some(worker) = index {
            let w = &mut self.pods[pod as usize].workers[worker];
            if !std::mem::replace(&mut w.trigger_queued, true) {
                self.schedule(self.now, Wake::Trigger { pod, worker: worker as u16 });
            }
        }
    }

    /// A new container instance was seen: dormant workers tick again, on
    /// the phase their ticker always had.
    pub(super) fn wake_dormant_workers(&mut self, pod: PodId) {
        let now = self.now;
        for index in 0..self.pods[pod as usize].workers.len() {
            let w = &mut self.pods[pod as usize].workers[index];
            if !std::mem::take(&mut w.dormant) || w.stopped {
                continue;
            }
            let period = w.period();
            let next = w.origin + (now - w.origin + period - 1).div_euclid(period) * period;
            let generation = w.generation;
            self.schedule(next, Wake::Tick { pod, worker: index as u16, generation });
        }
    }

    fn wake_worker(&mut self, pod: PodId, worker: u16) {
        let w = &mut self.pods[pod as usize].workers[worker as usize];
        if w.in_flight.is_some() {
            w.pending = true;
            return;
        }
        self.do_probe(pod, worker);
    }

    /// `doProbe`, step by step (§2.3).
    fn do_probe(&mut self, pod: PodId, worker: u16) {
        let p = &self.pods[pod as usize];
        let w = &p.workers[worker as usize];
        let (kind, ci) = (w.kind, w.container as usize);
        // 1-2. The pod has no status yet, or is finished: the worker exits.
        let Some(record) = &p.last_record else { return };
        if record.phase.is_terminal() || p.removed {
            self.pods[pod as usize].workers[worker as usize].stopped = true;
            return;
        }
        // 3. No container ID yet: wait.
        let c = &p.containers[ci];
        let Some(number) = c.seen_number() else { return };
        // 4. A new container ID: reset to the initial value, clear the hold.
        // `lastResult` and `resultRun` carry over (§3.3, read from the code).
        if w.seen != Some(number) {
            let w = &mut self.pods[pod as usize].workers[worker as usize];
            w.seen = Some(number);
            w.on_hold = false;
            self.set_result(pod, worker, number, Outcome::initial(kind));
        }
        let p = &self.pods[pod as usize];
        let w = &p.workers[worker as usize];
        let c = &p.containers[ci];
        // 5. On hold after a liveness or startup verdict: wait for a new container.
        if w.on_hold {
            return;
        }
        // 6. Not running: Failure, and exit if it will never run again.
        let Some((_, started_at)) = c.seen_running() else {
            let never = matches!(c.seen, Seen::Exited { .. }) && p.restart_policy() == RestartPolicy::Never;
            self.set_result(pod, worker, number, Outcome::Failure);
            if never {
                self.pods[pod as usize].workers[worker as usize].stopped = true;
            }
            return;
        };
        // 7. The pod is being deleted: liveness and startup go quiet and exit.
        if p.deletion.is_some() && kind != ProbeKind::Readiness {
            self.set_result(pod, worker, number, Outcome::Success);
            self.pods[pod as usize].workers[worker as usize].stopped = true;
            return;
        }
        // 8. The initial delay, in whole seconds since this instance started.
        if (self.now - started_at) / 1000 < w.probe.initial_delay_seconds as Millis {
            return;
        }
        // 9. Startup gating: startup runs until the container has started;
        // liveness and readiness only after.
        if (kind == ProbeKind::Startup) == c.started() {
            return;
        }
        // 10. Run the probe. A prober error is retried at once
        // (`maxProbeRetries`); the mock app answers the same at the same
        // moment, so one attempt stands for all.
        let now = self.now;
        let Some(instance) = c.current.as_ref().filter(|i| i.number == number) else { return };
        let container = &p.template.spec.containers[ci];
        let ip = &self.history.pods[pod as usize].ip;
        let execution = probe::run(&w.probe, container, ip, &instance.app, instance.moment(now), instance.serving(now));
        self.probe_count += 1;
        if execution.latency == 0 {
            self.finish_probe(pod, worker, number, now, execution);
            return;
        }
        let done = now + execution.latency;
        self.pods[pod as usize].workers[worker as usize].in_flight = Some((number, now, execution));
        self.schedule(done, Wake::ProbeDone { pod, worker });
    }

    pub(super) fn on_probe_done(&mut self, pod: PodId, worker: u16) {
        let Some((number, start, execution)) = self.pods[pod as usize].workers[worker as usize].in_flight.take() else {
            return;
        };
        self.finish_probe(pod, worker, number, start, execution);
    }

    /// Records the execution and its event, then counts it (§3.1-§3.4).
    fn finish_probe(&mut self, pod: PodId, worker: u16, number: u32, start: Millis, execution: probe::Execution) {
        let w = &self.pods[pod as usize].workers[worker as usize];
        let (kind, container) = (w.kind, w.container);
        let title = kind.title();
        match execution.result {
            ProbeResult::Failure => {
                let message = format!("{title} probe failed: {}", execution.output);
                self.pod_event(pod, Some(container), EventType::Warning, "Unhealthy", message);
            }
            ProbeResult::Error => {
                let message = format!("{title} probe errored and resulted in unknown state: {}", execution.output);
                self.pod_event(pod, Some(container), EventType::Warning, "Unhealthy", message);
            }
            ProbeResult::Warning => {
                let message = format!("{title} probe warning: {}", execution.output);
                self.pod_event(pod, Some(container), EventType::Warning, "ProbeWarning", message);
            }
            ProbeResult::Success => {}
        }
        let result = execution.result;
        self.history.records.push(Record::Probe(ProbeRecord {
            t: self.now,
            start,
            pod,
            container,
            probe: kind,
            result,
            output: execution.output,
        }));
        let w = &mut self.pods[pod as usize].workers[worker as usize];
        let outcome = match result {
            // A prober error is discarded: no counter moves.
            ProbeResult::Error => None,
            ProbeResult::Failure => Some(Outcome::Failure),
            ProbeResult::Success | ProbeResult::Warning => Some(Outcome::Success),
        };
        let mut update = None;
        if let Some(outcome) = outcome.filter(|_| w.seen == Some(number) && !w.stopped) {
            if w.count(outcome) {
                // Liveness failure and any startup verdict put the worker on
                // hold until the next container instance (§3.2).
                if (kind == ProbeKind::Liveness && outcome == Outcome::Failure) || kind == ProbeKind::Startup {
                    w.on_hold = true;
                    w.result_run = 0;
                }
                if w.cache(number, outcome) {
                    update = Some(outcome);
                }
            }
        }
        // A tick or trigger that came while the probe was out.
        let again = std::mem::take(&mut w.pending) && !w.stopped;
        if let Some(outcome) = update {
            self.on_update(pod, kind, outcome);
        }
        if again {
            self.do_probe(pod, worker);
        }
    }

    /// `results.Manager.Set`, and the kubelet's reaction if it was an update.
    pub(super) fn set_result(&mut self, pod: PodId, worker: u16, number: u32, outcome: Outcome) {
        let w = &mut self.pods[pod as usize].workers[worker as usize];
        if w.cache(number, outcome) {
            let kind = w.kind;
            self.on_update(pod, kind, outcome);
        }
    }

    /// The kubelet's reaction to an update of the results cache (§3.5):
    /// liveness acts only on Failure; readiness and startup rewrite the
    /// status; every acted-on update syncs the pod.
    fn on_update(&mut self, pod: PodId, kind: ProbeKind, outcome: Outcome) {
        match kind {
            ProbeKind::Liveness if outcome != Outcome::Failure => {}
            ProbeKind::Liveness => self.queue_sync(pod),
            // The status is rewritten by the sync this queues: other workers
            // whose ticks fall on this same instant read the status from
            // before, as the kubelet's do while this probe's request is out.
            ProbeKind::Readiness | ProbeKind::Startup => self.queue_sync(pod),
        }
    }

    /// Liveness and startup workers stop when the pod is being deleted
    /// (`StopLivenessAndStartup`); readiness keeps probing (§8.4).
    pub(super) fn stop_liveness_and_startup(&mut self, pod: PodId) {
        for w in &mut self.pods[pod as usize].workers {
            if w.kind != ProbeKind::Readiness {
                w.stopped = true;
            }
        }
    }

    pub(super) fn stop_workers(&mut self, pod: PodId) {
        for w in &mut self.pods[pod as usize].workers {
            w.stopped = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn worker(success: i32, failure: i32) -> Worker {
        let mut probe =
            Probe::new(crate::spec::Handler::TcpSocket { port: crate::spec::PortRef::Number(80), host: None });
        probe.success_threshold = success;
        probe.failure_threshold = failure;
        Worker::new(ProbeKind::Readiness, 0, probe)
    }

    /// §3.1: thresholds count consecutive results; F,F,S,F,F never reaches 3.
    #[test]
    fn thresholds_count_consecutive_results() {
        let mut w = worker(1, 3);
        let published: Vec<bool> =
            [Outcome::Failure, Outcome::Failure, Outcome::Success, Outcome::Failure, Outcome::Failure]
                .into_iter()
                .map(|o| w.count(o) && o == Outcome::Failure)
                .collect();
        assert_eq!(published, vec![false, false, false, false, false]);
        assert!(w.count(Outcome::Failure));
        let mut w = worker(2, 3);
        assert!(!w.count(Outcome::Success));
        assert!(w.count(Outcome::Success));
    }
}
