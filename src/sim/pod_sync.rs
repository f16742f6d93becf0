//! The kubelet's pod sync: `SyncPod` (publish the status, trigger readiness,
//! `computePodActions`: kill what failed liveness or startup, start what
//! should run), `doBackOff` and CrashLoopBackOff, graceful deletion and
//! `SyncTerminatingPod`, and the status it publishes (KRM
//! `computePodActions` / `doBackOff`, KL `SyncPod`; kubelet-semantics §4,
//! §7, §8).

use super::container::{BackOffWait, Seen};
use super::pod::Pod;
use super::queue::Deadline;
use super::results::Outcome;
use super::service::Member;
use super::timings::{BACKOFF_RETRY_PERIOD, JITTER_FACTOR, POD_RESYNC_PERIOD};
use super::{Node, Wake};
use crate::go_duration::go_duration;
use crate::history::{EventReason, EventType, Millis, PodRecord, Record};
use crate::spec::{ProbeKind, RestartPolicy};

impl Pod {
    /// Asks the pod worker for a sync now, unless one is already queued.
    pub(super) fn queue_sync(&mut self, node: &mut Node) {
        if !self.timers.sync.is_armed() && !self.removed {
            self.timers.sync.arm(node.queue, node.now, Wake::Sync { pod: self.id });
        }
    }

    pub(super) fn on_sync(&mut self, due: Deadline, node: &mut Node) {
        if self.timers.sync.expires(due) {
            self.sync(node);
        }
    }

    pub(super) fn on_requeue(&mut self, due: Deadline, node: &mut Node) {
        if self.timers.requeue.expires(due) {
            self.sync(node);
        }
    }

    fn arm_resync(&mut self, node: &mut Node) {
        let next = node.now + node.rng.jitter(POD_RESYNC_PERIOD, JITTER_FACTOR);
        self.timers.resync.arm(node.queue, next, Wake::Resync { pod: self.id });
    }

    pub(super) fn on_resync(&mut self, due: Deadline, node: &mut Node) {
        if !self.timers.resync.expires(due) || self.removed {
            return;
        }
        self.arm_resync(node);
        // A sync of a pod whose containers all run and are ready, with no
        // verdict pending, changes nothing: skip the work, not the wake-up.
        let settled = self.deletion.is_none()
            && self.containers.iter().enumerate().filter(|(ci, _)| !self.spec(*ci).runs_to_completion()).all(
                |(ci, c)| {
                    c.ready()
                        && c.seen_running().is_some()
                        && self.cached(ci, ProbeKind::Liveness) != Some(Outcome::Failure)
                        && self.cached(ci, ProbeKind::Startup) != Some(Outcome::Failure)
                },
            );
        if !settled {
            self.sync(node);
        }
    }

    /// `SyncPod`: publish the status (which triggers readiness probes of
    /// started, not-ready containers), then kill what failed liveness or
    /// startup and start what should run.
    pub(super) fn sync(&mut self, node: &mut Node) {
        if self.removed {
            return;
        }
        if self.last_record.is_none() {
            self.add_workers(node);
            self.arm_resync(node);
        }
        if self.deletion.is_some() {
            self.sync_terminating(node);
            return;
        }
        self.publish_status(node);
        // `UpdatePodStatus`: a manual readiness trigger for every started
        // container whose readiness result is not Success (§2.5), from 1.21.
        for ci in (0..self.containers.len()).filter(|_| node.cluster.readiness_trigger()) {
            if self.containers[ci].started() && self.cached(ci, ProbeKind::Readiness) != Some(Outcome::Success) {
                self.trigger_readiness(ci, node);
            }
        }
        self.compute_pod_actions(node);
        self.publish_status(node);
    }

    /// Whether container `ci` may start for the first time: an init
    /// container once every init container before it is done, the regular
    /// containers once all are (KRC `computeInitContainerActions`). A sidecar
    /// is done once it has started (runs, and its startup probe has passed);
    /// an init container that runs to completion once it has exited 0.
    fn may_start(&self, ci: usize) -> bool {
        let spec = &self.template.spec;
        let mut before = spec.start_order().take_while(|&i| i != ci).filter(|&i| spec.containers[i].is_init());
        before.all(|i| self.init_done(i))
    }

    fn compute_pod_actions(&mut self, node: &mut Node) {
        // `computeInitContainerActions`: an init container failed and the pod
        // never restarts, so the pod is terminal (`KillPod`): the sidecars
        // started before it are stopped and nothing more starts.
        if self.init_failed() {
            let grace = self.grace_period();
            for ci in 0..self.containers.len() {
                let c = &mut self.containers[ci];
                c.restart_after_kill = false;
                if c.current.as_ref().is_some_and(|i| i.running() && i.kill_exit.is_none()) {
                    self.stop_for_deletion(ci, grace, node);
                }
            }
            return;
        }
        let template = self.template.clone();
        let first_start: Vec<bool> = (0..template.spec.containers.len()).map(|ci| self.may_start(ci)).collect();
        for ci in template.spec.start_order() {
            let c = &self.containers[ci];
            if let Some(i) = &c.current
                && (i.started_at.is_none() || (i.kill_exit.is_some() && i.exit.is_none()))
            {
                continue; // being created, or being killed
            }
            match c.seen.clone() {
                Seen::Running { number, .. }
                    if c.current.as_ref().is_some_and(|i| i.number == number && i.exit.is_none()) =>
                {
                    if self.cached(ci, ProbeKind::Liveness) == Some(Outcome::Failure) {
                        self.kill_for_probe(ci, ProbeKind::Liveness, node);
                    } else if self.cached(ci, ProbeKind::Startup) == Some(Outcome::Failure) {
                        self.kill_for_probe(ci, ProbeKind::Startup, node);
                    }
                }
                Seen::Nothing if c.current.is_none() && first_start[ci] => self.start_container(ci, node),
                // Restarted as the container's restart rules and policy say,
                // else the pod's.
                Seen::Exited { number, exit }
                    if c.current.as_ref().is_some_and(|i| i.number == number)
                        && template.spec.containers[ci].restarts_after(exit.exit_code, self.restart_policy()) =>
                {
                    self.restart_with_backoff(ci, exit.finished_at, node);
                }
                _ => {}
            }
        }
    }

    /// `doBackOff` for a container whose newest exited instance finished at
    /// `finished_at`: refuse with CrashLoopBackOff, or start it now (§7.2).
    pub(super) fn restart_with_backoff(&mut self, ci: usize, finished_at: Millis, node: &mut Node) {
        let now = node.now;
        if self.containers[ci].backoff.is_in_backoff_since(finished_at, now) {
            let info = &node.history.pods[self.id as usize];
            let name = self.spec(ci).name.clone();
            let pod_ref = format!("{}_{}({})", info.name, info.namespace, info.uid);
            let c = &mut self.containers[ci];
            let backoff = c.backoff.current();
            let message = format!("back-off {} restarting failed container={name} pod={pod_ref}", go_duration(backoff));
            c.backoff_wait = Some(BackOffWait { message, backoff });
            let message = node.cluster.events().backoff(&name, &pod_ref);
            node.pod_event(self.id, Some(ci as u16), EventType::Warning, EventReason::BackOff, message);
            // The pod worker retries the failed sync (§7.3): from 1.35 when
            // the back-off expires, jittered by up to half the wait and at
            // most a resync away; before, after a jittered 10 s. Its work
            // queue keeps one time per pod, so this replaces the retry an
            // earlier failed sync asked for.
            let wait = if node.cluster.restart_at_backoff_expiry() {
                node.rng.jitter(finished_at + backoff - now, JITTER_FACTOR).min(POD_RESYNC_PERIOD)
            } else {
                node.rng.jitter(BACKOFF_RETRY_PERIOD, JITTER_FACTOR)
            };
            self.timers.requeue.arm(node.queue, now + wait, Wake::Requeue { pod: self.id });
            return;
        }
        self.containers[ci].backoff.next(finished_at, now, node.cluster.backoff());
        self.start_container(ci, node);
    }

    /// A kill for a failed liveness or startup probe (§4, §8.1).
    fn kill_for_probe(&mut self, ci: usize, kind: ProbeKind, node: &mut Node) {
        let spec = self.spec(ci);
        let policy = spec.restart_policy.unwrap_or(self.restart_policy());
        let restart = (spec.is_sidecar() || policy != RestartPolicy::Never) && self.deletion.is_none();
        let subject = if spec.is_sidecar() { "Init container" } else { "Container" };
        let mut message = format!("{subject} {} failed {} probe", spec.name, kind.name());
        if restart && !spec.is_sidecar() {
            message.push_str(", will be restarted");
        }
        let probe_grace = spec.probe(kind).and_then(|p| p.termination_grace_period_seconds);
        let grace = probe_grace.map_or(self.grace_period(), |seconds| seconds * 1000);
        node.probe_event(self.id, ci as u16, kind, EventType::Normal, EventReason::Killing, message);
        self.containers[ci].restart_after_kill = restart;
        self.signal(ci, grace, node);
    }

    /// Graceful deletion: the pod gets its deletion timestamp, liveness and
    /// startup stop, every container gets the stop signal (§8.4).
    pub(super) fn delete(&mut self, node: &mut Node) {
        if self.deletion.is_some() || self.removed {
            return;
        }
        self.deletion = Some(node.now);
        let grace = self.grace_period();
        self.stop_workers_on_deletion(node.cluster);
        // From 1.29 the sidecars wait for the regular containers (§8).
        let ordered = node.cluster.sidecars_stop_after_main();
        for ci in 0..self.containers.len() {
            let c = &mut self.containers[ci];
            c.restart_after_kill = false;
            if c.current.as_ref().is_some_and(|i| i.running()) && !(ordered && self.spec(ci).is_sidecar()) {
                self.stop_for_deletion(ci, grace, node);
            }
        }
        self.stop_next_sidecar(node);
        self.sync_terminating(node);
    }

    fn stop_for_deletion(&mut self, ci: usize, grace: Millis, node: &mut Node) {
        let message = format!("Stopping container {}", self.spec(ci).name);
        node.pod_event(self.id, Some(ci as u16), EventType::Normal, EventReason::Killing, message);
        self.signal(ci, grace, node);
    }

    /// The sidecars' turn while the pod terminates (1.29+, KEP-753): once
    /// every regular container has exited, the sidecar that started last is
    /// stopped, and when it has exited the one before it, each with what is
    /// left of the grace period (at least 2 s).
    pub(super) fn stop_next_sidecar(&mut self, node: &mut Node) {
        let Some(deletion) = self.deletion.filter(|_| node.cluster.sidecars_stop_after_main()) else { return };
        let spec = &self.template.spec;
        let running = |ci: usize| self.containers[ci].current.as_ref().is_some_and(|i| i.running());
        let stopping =
            |ci: usize| self.containers[ci].current.as_ref().is_some_and(|i| i.running() && i.kill_exit.is_some());
        let order: Vec<usize> = spec.start_order().collect();
        if order.iter().any(|&ci| !spec.containers[ci].is_sidecar() && running(ci))
            || order.iter().any(|&ci| spec.containers[ci].is_sidecar() && stopping(ci))
        {
            return;
        }
        if let Some(ci) = order.into_iter().rfind(|&ci| spec.containers[ci].is_sidecar() && running(ci)) {
            let left = deletion + self.grace_period() - node.now;
            self.stop_for_deletion(ci, left, node);
        }
    }

    /// While terminating: publish the status, kill a sidecar that failed its
    /// liveness probe (it is not restarted), and remove the pod once no
    /// container runs, from 1.27 after writing its terminal phase.
    fn sync_terminating(&mut self, node: &mut Node) {
        self.publish_status(node);
        for ci in 0..self.containers.len() {
            let failed = self.cached(ci, ProbeKind::Liveness) == Some(Outcome::Failure);
            let running = self.containers[ci].current.as_ref().is_some_and(|i| i.running() && i.kill_exit.is_none());
            if self.spec(ci).is_sidecar() && failed && running {
                self.kill_for_probe(ci, ProbeKind::Liveness, node);
            }
        }
        let all_stopped = self
            .containers
            .iter()
            .all(|c| !matches!(c.seen, Seen::Running { .. }) && c.current.as_ref().is_none_or(|i| i.exit.is_some()));
        if all_stopped {
            if node.cluster.terminal_phase_on_deletion() {
                self.terminated = true;
                self.publish_status(node);
            }
            self.removed = true;
            self.stop_workers();
            self.publish_status(node);
        }
    }

    /// Recomputes the published status; records what changed, and tells the
    /// Services and the workload's controller when readiness or presence did.
    pub(super) fn publish_status(&mut self, node: &mut Node) {
        let now = node.now;
        for ci in 0..self.containers.len() {
            let has_init = self.template.spec.has_init_containers;
            let record = self.containers[ci].status(now, self.id, ci as u16, self.flags(ci), has_init);
            if self.containers[ci].last_record.as_ref().is_none_or(|last| changed(last, &record)) {
                self.containers[ci].last_record = Some(record.clone());
                node.history.records.push(Record::Container(Box::new(record)));
            }
        }
        let record = self.status(now, self.id, node.cluster);
        if self.last_record.as_ref().is_some_and(|last| !changed(last, &record)) {
            return;
        }
        let visible = |r: &PodRecord| (r.ready, r.deletion, r.removed, r.phase);
        let moved = self.last_record.as_ref().is_none_or(|last| visible(last) != visible(&record));
        let member = Member::of(&record, &self.template);
        self.last_record = Some(record.clone());
        node.history.records.push(Record::Pod(Box::new(record)));
        if moved {
            node.services.update(self.id, member, now, node.history);
            node.schedule(now, Wake::Reconcile { workload: self.workload as u32 });
        }
    }
}

/// Whether a status differs from the last one published, other than in the
/// time it was computed.
fn changed<R: Clone + PartialEq + Timed>(last: &R, new: &R) -> bool {
    let mut same_time = last.clone();
    same_time.set_t(new.t());
    same_time != *new
}

/// A record stamped with the time it was computed.
trait Timed {
    fn t(&self) -> Millis;
    fn set_t(&mut self, t: Millis);
}

macro_rules! timed {
    ($($record:ty),*) => {$(
        impl Timed for $record {
            fn t(&self) -> Millis {
                self.t
            }
            fn set_t(&mut self, t: Millis) {
                self.t = t;
            }
        }
    )*};
}
timed!(PodRecord, crate::history::ContainerRecord);
