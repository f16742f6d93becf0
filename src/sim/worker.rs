//! A probe worker: one per (pod, container, probe type), mirroring the
//! kubelet's `pkg/kubelet/prober/worker.go` (the legacy worker of 1.28-1.37):
//! a ticker whose phase is fixed when the worker is created, the readiness
//! manual trigger that runs at once and resets the ticker, and `doProbe` as
//! the same sequence of early returns (kubelet-semantics §2, §3).
//!
//! The worker owns its state and reads its pod only through a `PodView`
//! (what the status manager and PLEG say of the pod and the container). It
//! answers with what to do: nothing, set the results cache, or run the probe
//! handler; `prober_manager` carries that out.

use super::Wake;
use super::queue::{Deadline, Queue, Timer};
use super::results::Outcome;
use crate::history::{AnswerId, Millis, PodId, ProbeResult};
use crate::spec::{Probe, ProbeKind};

/// What a worker reads of its pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PodView {
    /// The status manager has a status for the pod (it has been synced).
    pub has_status: bool,
    /// The pod is Succeeded or Failed, or gone.
    pub finished: bool,
    /// The pod has a deletion timestamp.
    pub deleting: bool,
    /// `restartPolicy: Never`.
    pub never_restarts: bool,
    pub container: ContainerView,
}

/// What a worker reads of its container, as PLEG last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContainerView {
    /// The instance seen (its container ID), if any.
    pub instance: Option<u32>,
    /// When the instance started, if it was seen running.
    pub running_since: Option<Millis>,
    /// The instance was seen exited.
    pub exited: bool,
    /// Its published `started`.
    pub started: bool,
}

/// What `doProbe` decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// A new container instance: the results cache goes back to the
    /// probe's initial value for it.
    pub reset: Option<(u32, Outcome)>,
    pub step: Step,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing more until the next tick.
    Wait,
    /// Set the results cache for the instance to this value.
    Set(u32, Outcome),
    /// Run the probe handler against the instance.
    Probe(u32),
}

/// A run of the probe handler: its answer (kept in the history), the result
/// the kubelet makes of it, and how long it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub answer: AnswerId,
    pub result: ProbeResult,
    pub latency: Millis,
}

/// The last answer, and what it held for: the same container instance, app
/// rules, signal and exit, until `until` (the next edge of the app's rule
/// windows). Within those, the app answers the same again, so a steady
/// probe does not run the handler on every tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memo {
    pub key: AnswerKey,
    pub until: Millis,
    pub ran: Ran,
}

/// What a probe's answer depends on besides the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerKey {
    pub instance: u32,
    pub app_version: u32,
    pub signalled: bool,
    pub exited: bool,
}

/// A probe whose handler is still out (it returns at `Wake::ProbeDone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct InFlight {
    instance: u32,
    start: Millis,
    ran: Ran,
}

/// What the end of a probe asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    /// The threshold was reached: publish this result for the instance.
    pub publish: Option<Outcome>,
    /// A tick or trigger came while the probe was out: probe again now.
    pub again: bool,
}

#[derive(Debug, Clone)]
pub struct Worker {
    pub kind: ProbeKind,
    pub container: u16,
    pub probe: Probe,
    /// Who the worker's wake-ups are for.
    pod: PodId,
    index: u16,
    /// The ticker. Disarmed while the worker sleeps on hold (a tick could
    /// only find it on hold, so none is simulated) and once it has exited.
    ticker: Timer,
    /// When the ticker was started or last reset: ticks fall on
    /// `origin + k * period`.
    origin: Millis,
    /// The readiness manual trigger (`manualTriggerCh`, which buffers one).
    trigger: Timer,
    /// `lastResult` and `resultRun`: the run of identical results.
    last_result: Option<Outcome>,
    result_run: i32,
    /// After a liveness failure or any startup verdict: no probing until a
    /// new container instance (§3.2).
    on_hold: bool,
    /// The container instance the worker last saw (`containerID`).
    container_id: Option<u32>,
    in_flight: Option<InFlight>,
    /// A tick or trigger that arrived while a probe was in flight (Go's
    /// ticker and trigger channels each buffer one).
    pending: bool,
    /// The worker's goroutine has returned.
    stopped: bool,
    pub memo: Option<Memo>,
}

impl Worker {
    pub fn new(kind: ProbeKind, container: u16, probe: Probe, pod: PodId, index: u16) -> Worker {
        Worker {
            kind,
            container,
            probe,
            pod,
            index,
            ticker: Timer::default(),
            origin: 0,
            trigger: Timer::default(),
            last_result: None,
            result_run: 0,
            on_hold: false,
            container_id: None,
            in_flight: None,
            pending: false,
            stopped: false,
            memo: None,
        }
    }

    pub fn period(&self) -> Millis {
        Millis::from(self.probe.period_seconds) * 1000
    }

    #[cfg(test)]
    fn stopped(&self) -> bool {
        self.stopped
    }

    /// The goroutine returns: no more ticks, no more results.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Starts the ticker at `now`: the first probe at once, then every period.
    pub fn start(&mut self, queue: &mut Queue<Wake>, now: Millis) {
        self.origin = now;
        self.ticker.arm(queue, now, self.tick());
    }

    fn tick(&self) -> Wake {
        Wake::Tick { pod: self.pod, worker: self.index }
    }

    /// A tick came due. True when the worker should probe: the ticker then
    /// runs on. A worker on hold whose container has not changed sleeps
    /// instead, its ticker disarmed until `wake_on_phase`.
    pub fn on_tick(&mut self, due: Deadline, queue: &mut Queue<Wake>, instance: Option<u32>) -> bool {
        if !self.ticker.expires(due) || self.stopped {
            return false;
        }
        if self.on_hold && self.in_flight.is_none() && self.container_id == instance {
            return false;
        }
        self.ticker.arm(queue, due.at + self.period(), self.tick());
        true
    }

    /// A non-blocking send on the trigger channel.
    pub fn send_trigger(&mut self, queue: &mut Queue<Wake>, now: Millis) {
        if !self.trigger.is_armed() {
            self.trigger.arm(queue, now, Wake::Trigger { pod: self.pod, worker: self.index });
        }
    }

    /// The manual trigger is received: probe at once, and restart the ticker
    /// one period from now (#119089). True when the worker should probe.
    pub fn on_trigger(&mut self, due: Deadline, queue: &mut Queue<Wake>) -> bool {
        if !self.trigger.expires(due) || self.stopped {
            return false;
        }
        self.origin = due.at;
        self.ticker.arm(queue, due.at + self.period(), self.tick());
        true
    }

    /// A new container instance was seen: a sleeping worker ticks again, on
    /// the phase its ticker always had.
    pub fn wake_on_phase(&mut self, queue: &mut Queue<Wake>, now: Millis) {
        if self.ticker.is_armed() || self.stopped {
            return;
        }
        let period = self.period();
        let next = self.origin + (now - self.origin + period - 1).div_euclid(period) * period;
        self.ticker.arm(queue, next, self.tick());
    }

    /// A tick or trigger while a probe is out waits for it to return.
    /// True when the worker may probe now.
    pub fn is_free(&mut self) -> bool {
        if self.in_flight.is_some() {
            self.pending = true;
            return false;
        }
        true
    }

    /// `doProbe`, step by step (§2.3).
    pub fn do_probe(&mut self, pod: &PodView, now: Millis) -> Decision {
        let wait = Decision { reset: None, step: Step::Wait };
        // 1. The pod has no status yet: wait.
        if !pod.has_status {
            return wait;
        }
        // 2. The pod is finished: the worker exits.
        if pod.finished {
            self.stopped = true;
            return wait;
        }
        // 3. No container ID yet: wait.
        let c = &pod.container;
        let Some(instance) = c.instance else { return wait };
        // 4. A new container ID: reset to the initial value, clear the hold.
        // `lastResult` and `resultRun` carry over (§3.3, read from the code).
        let mut reset = None;
        if self.container_id != Some(instance) {
            self.container_id = Some(instance);
            self.on_hold = false;
            reset = Some((instance, Outcome::initial(self.kind)));
        }
        let decide = |step| Decision { reset, step };
        // 5. On hold after a liveness or startup verdict: wait for a new container.
        if self.on_hold {
            return decide(Step::Wait);
        }
        // 6. Not running: Failure, and exit if it will never run again.
        let Some(started_at) = c.running_since else {
            if c.exited && pod.never_restarts {
                self.stopped = true;
            }
            return decide(Step::Set(instance, Outcome::Failure));
        };
        // 7. The pod is being deleted: liveness and startup go quiet and exit.
        if pod.deleting && self.kind != ProbeKind::Readiness {
            self.stopped = true;
            return decide(Step::Set(instance, Outcome::Success));
        }
        // 8. The initial delay, in whole seconds since this instance started.
        if now - started_at < Millis::from(self.probe.initial_delay_seconds) * 1000 {
            return decide(Step::Wait);
        }
        // 9. Startup gating: startup runs until the container has started;
        // liveness and readiness only after.
        if (self.kind == ProbeKind::Startup) == c.started {
            return decide(Step::Wait);
        }
        // 10. Run the probe. A prober error is retried at once
        // (`maxProbeRetries`); the mock app answers the same at the same
        // moment, so one attempt stands for all.
        decide(Step::Probe(instance))
    }

    /// The remembered answer, if it still holds for `key` at `now`.
    pub fn remembered(&self, key: AnswerKey, now: Millis) -> Option<Ran> {
        self.memo.filter(|memo| memo.key == key && now < memo.until).map(|memo| memo.ran)
    }

    /// The handler was started at `now` against `instance`. A probe that
    /// takes time is held until `Wake::ProbeDone`, which is due at the time
    /// returned; an instant one (`None`) finishes at once.
    pub fn send(&mut self, instance: u32, now: Millis, ran: Ran) -> Option<Millis> {
        if ran.latency == 0 {
            return None;
        }
        self.in_flight = Some(InFlight { instance, start: now, ran });
        Some(now + ran.latency)
    }

    /// The probe in flight returns: its instance, start and run.
    pub fn receive(&mut self) -> Option<(u32, Millis, Ran)> {
        self.in_flight.take().map(|f| (f.instance, f.start, f.ran))
    }

    /// Counts the result of a probe of `instance` (§3.1-§3.4).
    pub fn finish(&mut self, instance: u32, result: ProbeResult) -> Finished {
        let outcome = match result {
            // A prober error is discarded: no counter moves.
            ProbeResult::Error => None,
            ProbeResult::Failure => Some(Outcome::Failure),
            ProbeResult::Success | ProbeResult::Warning => Some(Outcome::Success),
        };
        let mut publish = None;
        if let Some(outcome) = outcome.filter(|_| self.container_id == Some(instance) && !self.stopped)
            && self.count(outcome)
        {
            // Liveness failure and any startup verdict put the worker on
            // hold until the next container instance (§3.2).
            if (self.kind == ProbeKind::Liveness && outcome == Outcome::Failure) || self.kind == ProbeKind::Startup {
                self.on_hold = true;
                self.result_run = 0;
            }
            publish = Some(outcome);
        }
        let again = std::mem::take(&mut self.pending) && !self.stopped;
        Finished { publish, again }
    }

    /// Counts a result (§3.1) and says whether it reaches its threshold.
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

#[cfg(test)]
mod tests {
    //! The worker alone, in the shape of the kubelet's `worker_test.go`: a
    //! worker, a pod view, no YAML and no simulator.

    use super::*;
    use crate::spec::{Handler, PortRef};

    fn worker(kind: ProbeKind) -> Worker {
        let probe = Probe::new(Handler::TcpSocket { port: PortRef::Number(80), host: None });
        Worker::new(kind, 0, probe, 0, 0)
    }

    fn running(since: Millis, started: bool) -> PodView {
        PodView {
            has_status: true,
            container: ContainerView { instance: Some(0), running_since: Some(since), exited: false, started },
            ..PodView::default()
        }
    }

    /// `TestDoProbe`: each step of the ladder, for each probe type, on a
    /// fresh worker at 10 s into a container that started at 0.
    #[test]
    fn do_probe_ladder() {
        use Outcome::*;
        let none = PodView::default();
        let finished = PodView { finished: true, ..running(0, true) };
        let waiting = PodView { container: ContainerView::default(), ..running(0, true) };
        let exited = |never| PodView {
            never_restarts: never,
            container: ContainerView { instance: Some(0), running_since: None, exited: true, started: false },
            ..running(0, false)
        };
        let deleting = PodView { deleting: true, ..running(0, true) };
        // (pod, kind, reset, step, stopped after)
        let table = [
            (none, ProbeKind::Readiness, None, Step::Wait, false),
            (finished, ProbeKind::Liveness, None, Step::Wait, true),
            (waiting, ProbeKind::Readiness, None, Step::Wait, false),
            (exited(false), ProbeKind::Readiness, Some((0, Failure)), Step::Set(0, Failure), false),
            (exited(true), ProbeKind::Liveness, Some((0, Success)), Step::Set(0, Failure), true),
            (deleting, ProbeKind::Liveness, Some((0, Success)), Step::Set(0, Success), true),
            (deleting, ProbeKind::Readiness, Some((0, Failure)), Step::Probe(0), false),
            (running(0, false), ProbeKind::Startup, Some((0, Unknown)), Step::Probe(0), false),
            (running(0, false), ProbeKind::Liveness, Some((0, Success)), Step::Wait, false),
            (running(0, true), ProbeKind::Startup, Some((0, Unknown)), Step::Wait, false),
            (running(0, true), ProbeKind::Readiness, Some((0, Failure)), Step::Probe(0), false),
        ];
        for (i, (pod, kind, reset, step, stopped)) in table.into_iter().enumerate() {
            let mut w = worker(kind);
            assert_eq!(w.do_probe(&pod, 10_000), Decision { reset, step }, "case {i}");
            assert_eq!(w.stopped(), stopped, "case {i}");
        }
    }

    /// `TestInitialDelay`: no probe before `initialDelaySeconds` have passed
    /// since the container started, counted in whole seconds.
    #[test]
    fn initial_delay() {
        let mut w = worker(ProbeKind::Readiness);
        w.probe.initial_delay_seconds = 10;
        assert_eq!(w.do_probe(&running(0, true), 9_999).step, Step::Wait);
        assert_eq!(w.do_probe(&running(0, true), 10_000).step, Step::Probe(0));
        // The start moved 100 s into the past: probing at once.
        assert_eq!(w.do_probe(&running(-100_000, true), 0).step, Step::Probe(0));
    }

    /// §3.1: thresholds count consecutive results; F,F,S,F,F never reaches 3.
    #[test]
    fn thresholds_count_consecutive_results() {
        let mut w = worker(ProbeKind::Readiness);
        w.probe.success_threshold = 1;
        w.probe.failure_threshold = 3;
        let published: Vec<bool> =
            [Outcome::Failure, Outcome::Failure, Outcome::Success, Outcome::Failure, Outcome::Failure]
                .into_iter()
                .map(|o| w.count(o) && o == Outcome::Failure)
                .collect();
        assert_eq!(published, vec![false, false, false, false, false]);
        assert!(w.count(Outcome::Failure));
        let mut w = worker(ProbeKind::Readiness);
        w.probe.success_threshold = 2;
        assert!(!w.count(Outcome::Success));
        assert!(w.count(Outcome::Success));
    }

    /// §3.2: a liveness failure puts the worker on hold, so it waits until
    /// it sees a new container instance, which resets its result.
    #[test]
    fn liveness_failure_holds_until_a_new_container() {
        let mut w = worker(ProbeKind::Liveness);
        w.probe.failure_threshold = 1;
        assert_eq!(w.do_probe(&running(0, true), 10_000).step, Step::Probe(0));
        assert_eq!(w.finish(0, ProbeResult::Failure).publish, Some(Outcome::Failure));
        assert_eq!(w.do_probe(&running(0, true), 20_000), Decision { reset: None, step: Step::Wait });
        let next = PodView {
            container: ContainerView { instance: Some(1), ..running(30_000, true).container },
            ..running(30_000, true)
        };
        assert_eq!(w.do_probe(&next, 30_000), Decision { reset: Some((1, Outcome::Success)), step: Step::Probe(1) });
    }

    /// A prober error is thrown away: no counter moves, nothing is published.
    #[test]
    fn a_prober_error_moves_no_counter() {
        let mut w = worker(ProbeKind::Readiness);
        w.do_probe(&running(0, true), 10_000);
        assert_eq!(w.finish(0, ProbeResult::Error), Finished { publish: None, again: false });
        assert_eq!(w.result_run, 0);
    }

    /// The readiness trigger resets the ticker's phase: the next tick is a
    /// period after the trigger, and the tick of the old phase is stale.
    #[test]
    fn the_trigger_resets_the_ticker() {
        let mut q = Queue::new();
        let mut w = worker(ProbeKind::Readiness);
        w.start(&mut q, 0);
        let (due, _) = q.pop_due(0).unwrap();
        assert!(w.on_tick(due, &mut q, None));
        w.send_trigger(&mut q, 3_000);
        w.send_trigger(&mut q, 3_000); // the channel buffers one
        let (due, wake) = q.pop_due(3_000).unwrap();
        assert_eq!(wake, Wake::Trigger { pod: 0, worker: 0 });
        assert!(w.on_trigger(due, &mut q));
        let (old, _) = q.pop_due(10_000).unwrap();
        assert_eq!(old.at, 10_000);
        assert!(!w.on_tick(old, &mut q, None));
        assert_eq!(q.pop_due(12_999), None);
        let (due, _) = q.pop_due(13_000).unwrap();
        assert!(w.on_tick(due, &mut q, None));
    }
}
