//! The kubelet's pod sync and the container runtime under it: start, kill,
//! exit, PLEG relists, CrashLoopBackOff, graceful deletion (KRM
//! `computePodActions` / `doBackOff`, KRC `killContainer`, KL `SyncPod` /
//! `SyncTerminatingPod`; kubelet-semantics §4, §7, §8).

use super::app::AppModel;
use super::kubelet::*;
use super::pod::{BackOffWait, Instance, Seen};
use super::prober::Outcome;
use super::{Simulator, Wake};
use crate::behaviour::{Sigterm, Target};
use crate::go_duration::go_duration;
use crate::history::{EventType, Millis, PodId, Record, Stopping, Terminated};
use crate::spec::{ProbeKind, RestartPolicy};

impl Simulator {
    pub(super) fn queue_sync(&mut self, pod: PodId) {
        let p = &mut self.pods[pod as usize];
        if !p.sync_queued && !p.removed {
            p.sync_queued = true;
            self.schedule(self.now, Wake::Sync { pod });
        }
    }

    /// The kubelet learns of runtime changes at the next PLEG relist.
    fn queue_relist(&mut self, pod: PodId) {
        let p = &mut self.pods[pod as usize];
        if p.relist_queued {
            return;
        }
        p.relist_queued = true;
        let periods = (self.now - PLEG_RELIST_PHASE + PLEG_RELIST_PERIOD - 1).div_euclid(PLEG_RELIST_PERIOD);
        let at = periods * PLEG_RELIST_PERIOD + PLEG_RELIST_PHASE;
        self.schedule(at, Wake::Relist { pod });
    }

    pub(super) fn relist(&mut self, pod: PodId) {
        let p = &mut self.pods[pod as usize];
        p.relist_queued = false;
        let mut woken = false;
        for c in &mut p.containers {
            let Some(instance) = &c.current else { continue };
            let seen = match (&instance.exit, instance.started_at) {
                (Some(exit), _) => Seen::Exited { number: instance.number, exit: exit.clone() },
                (None, Some(started_at)) => Seen::Running { number: instance.number, started_at },
                // The replacement is still being created: the kubelet sees
                // the instance before it, which has exited.
                (None, None) => match &c.previous_exit {
                    Some(exit) if instance.number > 0 => {
                        Seen::Exited { number: instance.number - 1, exit: exit.clone() }
                    }
                    _ => continue,
                },
            };
            if matches!(seen, Seen::Exited { number, .. } if Some(number) != Some(instance.number)) {
                c.seen = seen;
                continue;
            }
            if c.seen_number() != Some(instance.number) {
                c.backoff_wait = None;
                woken = true;
            }
            c.seen = seen;
            c.seen_previous_exit = c.previous_exit.clone();
        }
        if woken {
            self.wake_dormant_workers(pod);
        }
        self.sync_pod(pod);
    }

    pub(super) fn on_resync(&mut self, pod: PodId) {
        if self.pods[pod as usize].removed {
            return;
        }
        let next = self.now + self.rng.jitter(POD_RESYNC_PERIOD, JITTER_FACTOR);
        self.schedule(next, Wake::Resync { pod });
        // A sync of a pod whose containers all run and are ready, with no
        // verdict pending, changes nothing: skip the work, not the wake-up.
        let p = &self.pods[pod as usize];
        let settled = p.deletion.is_none()
            && p.containers.iter().enumerate().all(|(ci, c)| {
                c.ready()
                    && c.seen_running().is_some()
                    && p.cached(ci, ProbeKind::Liveness) != Some(Outcome::Failure)
                    && p.cached(ci, ProbeKind::Startup) != Some(Outcome::Failure)
            });
        if !settled {
            self.sync_pod(pod);
        }
    }

    /// `SyncPod`: publish the status (which triggers readiness probes of
    /// started, not-ready containers), then kill what failed liveness or
    /// startup and start what should run.
    pub(super) fn sync_pod(&mut self, pod: PodId) {
        let p = &self.pods[pod as usize];
        if p.removed {
            return;
        }
        if p.last_record.is_none() {
            self.add_workers(pod);
            let next = self.now + self.rng.jitter(POD_RESYNC_PERIOD, JITTER_FACTOR);
            self.schedule(next, Wake::Resync { pod });
        }
        if self.pods[pod as usize].deletion.is_some() {
            self.sync_terminating(pod);
            return;
        }
        self.publish_status(pod);
        // `UpdatePodStatus`: a manual readiness trigger for every started
        // container whose readiness result is not Success (§2.5).
        for ci in 0..self.pods[pod as usize].containers.len() {
            let p = &self.pods[pod as usize];
            if p.containers[ci].started() && p.cached(ci, ProbeKind::Readiness) != Some(Outcome::Success) {
                self.trigger_readiness(pod, ci);
            }
        }
        self.compute_pod_actions(pod);
        self.publish_status(pod);
    }

    fn compute_pod_actions(&mut self, pod: PodId) {
        let spec = self.pods[pod as usize].template.clone();
        // Sidecars (restartable init containers) start first, one at a time
        // in order: each once the one before it has started (runs, and its
        // startup probe has passed); the regular containers once the last
        // one has (KRC `computeInitContainerActions`).
        let mut first_start = vec![true; spec.spec.containers.len()];
        let mut before: Option<usize> = None;
        for (i, _) in spec.spec.containers.iter().enumerate().filter(|(_, s)| s.sidecar) {
            first_start[i] = before.is_none_or(|b| self.pods[pod as usize].containers[b].started());
            before = Some(i);
        }
        let initialised = before.is_none_or(|b| self.pods[pod as usize].containers[b].started());
        for (i, s) in spec.spec.containers.iter().enumerate() {
            if !s.sidecar {
                first_start[i] = initialised;
            }
        }
        let order = (0..spec.spec.containers.len())
            .filter(|&i| spec.spec.containers[i].sidecar)
            .chain((0..spec.spec.containers.len()).filter(|&i| !spec.spec.containers[i].sidecar));
        for ci in order.collect::<Vec<_>>() {
            let sidecar = spec.spec.containers[ci].sidecar;
            let p = &self.pods[pod as usize];
            let c = &p.containers[ci];
            if let Some(i) = &c.current {
                if i.started_at.is_none() || (i.kill_exit.is_some() && i.exit.is_none()) {
                    continue; // being created, or being killed
                }
            }
            match c.seen.clone() {
                Seen::Running { number, .. }
                    if c.current.as_ref().is_some_and(|i| i.number == number && i.exit.is_none()) =>
                {
                    if p.cached(ci, ProbeKind::Liveness) == Some(Outcome::Failure) {
                        self.kill_for_probe(pod, ci, ProbeKind::Liveness);
                    } else if p.cached(ci, ProbeKind::Startup) == Some(Outcome::Failure) {
                        self.kill_for_probe(pod, ci, ProbeKind::Startup);
                    }
                }
                Seen::Nothing if c.current.is_none() && first_start[ci] => self.start_container(pod, ci),
                Seen::Exited { number, exit } if c.current.as_ref().is_some_and(|i| i.number == number) => {
                    let restart = sidecar
                        || match p.restart_policy() {
                            RestartPolicy::Always => true,
                            RestartPolicy::OnFailure => exit.exit_code != 0,
                            RestartPolicy::Never => false,
                        };
                    if restart {
                        self.restart_with_backoff(pod, ci, exit.finished_at);
                    }
                }
                _ => {}
            }
        }
    }

    /// `doBackOff` for a container whose newest exited instance finished at
    /// `finished_at`: refuse with CrashLoopBackOff, or start it now (§7.2).
    fn restart_with_backoff(&mut self, pod: PodId, ci: usize, finished_at: Millis) {
        let now = self.now;
        let c = &mut self.pods[pod as usize].containers[ci];
        if c.backoff.is_in_backoff_since(finished_at, now) {
            let info = &self.history.pods[pod as usize];
            let name = self.pods[pod as usize].template.spec.containers[ci].name.clone();
            let pod_ref = format!("{}_{}({})", info.name, info.namespace, info.uid);
            let c = &mut self.pods[pod as usize].containers[ci];
            let backoff = c.backoff.current();
            let message = format!("back-off {} restarting failed container={name} pod={pod_ref}", go_duration(backoff));
            c.backoff_wait = Some(BackOffWait { message, backoff });
            let message = format!("Back-off restarting failed container {name} in pod {pod_ref}");
            self.pod_event(pod, Some(ci as u16), EventType::Warning, "BackOff", message);
            // The pod worker retries the failed sync after a jittered 10 s
            // (§7.3). Its work queue keeps one time per pod, so this replaces
            // the retry an earlier failed sync asked for.
            let retry = now + self.rng.jitter(BACKOFF_RETRY_PERIOD, JITTER_FACTOR);
            let p = &mut self.pods[pod as usize];
            p.requeue += 1;
            let generation = p.requeue;
            self.schedule(retry, Wake::Requeue { pod, generation });
            return;
        }
        c.backoff.next(finished_at, now);
        self.start_container(pod, ci);
    }

    fn start_container(&mut self, pod: PodId, ci: usize) {
        let p = &self.pods[pod as usize];
        let spec = &p.template.spec.containers[ci];
        let (name, image) = (spec.name.clone(), spec.image.clone());
        let c = &p.containers[ci];
        let number = c.current.as_ref().map_or(0, |i| i.number + 1);
        let app = self.app_model(pod, ci, number);
        let container_id = format!("containerd://{}", self.rng.hex(64));
        let c = &mut self.pods[pod as usize].containers[ci];
        if let Some(old) = c.current.take() {
            c.previous_exit = old.exit;
        }
        c.current = Some(Instance { number, container_id, started_at: None, app, kill_exit: None, exit: None });
        let ci16 = ci as u16;
        // The 1.33 texts as kubelet-semantics §6 gives them; newer kubelets
        // add " and can be accessed by the pod" (release not pinned, §14.5).
        self.pod_event(
            pod,
            Some(ci16),
            EventType::Normal,
            "Pulled",
            format!("Container image \"{image}\" already present on machine"),
        );
        self.pod_event(pod, Some(ci16), EventType::Normal, "Created", format!("Created container: {name}"));
        self.schedule(self.now + CONTAINER_START_LATENCY, Wake::ContainerStarted { pod, container: ci16, number });
    }

    /// The behaviour rules that describe this container, and the ports it
    /// serves by default: its declared ports, else the ports its probes name.
    fn app_model(&self, pod: PodId, ci: usize, number: u32) -> AppModel {
        let p = &self.pods[pod as usize];
        let spec = &p.template.spec.containers[ci];
        let info = &self.history.pods[pod as usize];
        let workload = &self.workloads[p.workload].spec.name;
        let target =
            Target { workload, pod: &info.name, container: &spec.name, image: &spec.image, replica: p.ordinal };
        let rules = self.apps.iter().filter(|a| a.selector.matches(&target)).cloned().collect();
        let mut ports: Vec<i32> = spec.ports.iter().map(|p| p.container_port).collect();
        if ports.is_empty() {
            let probes = ProbeKind::ALL.iter().filter_map(|k| spec.probe(*k));
            ports.extend(probes.filter_map(|probe| super::handler_port(&probe.handler, spec)?.ok()));
        }
        AppModel::new(rules, ports, number)
    }

    pub(super) fn on_container_started(&mut self, pod: PodId, ci16: u16, number: u32) {
        let now = self.now;
        let ci = ci16 as usize;
        let Some(instance) = self.pods[pod as usize].containers[ci].current.as_mut().filter(|i| i.number == number)
        else {
            return;
        };
        instance.started_at = Some(now);
        let crash = instance.app.crash_after(now);
        let name = self.pods[pod as usize].template.spec.containers[ci].name.clone();
        self.pod_event(pod, Some(ci16), EventType::Normal, "Started", format!("Started container {name}"));
        if let Some((at, _, _)) = crash {
            self.schedule(at, Wake::ContainerExited { pod, container: ci16, number });
        }
        self.queue_relist(pod);
        let p = &self.pods[pod as usize];
        if let Some(deletion) = p.deletion {
            // Started while the pod is being deleted: stop it with what is
            // left of the grace (`signal` allows the 2 s minimum).
            let left = deletion + p.grace_period() - now;
            self.signal(pod, ci, left);
        }
    }

    /// A wake-up at a time the process may end: after the stop signal, or a
    /// crash the behaviour describes.
    pub(super) fn on_container_exited(&mut self, pod: PodId, ci16: u16, number: u32) {
        let now = self.now;
        let ci = ci16 as usize;
        let Some(instance) = self.pods[pod as usize].containers[ci].current.as_ref().filter(|i| i.number == number)
        else {
            return;
        };
        if instance.exit.is_some() || instance.started_at.is_none() {
            return;
        }
        let exit = match instance.kill_exit {
            Some((at, code)) if at == now => Some((code, false)),
            _ => {
                instance.app.crash_after(instance.started_at.unwrap_or(now)).filter(|c| c.0 == now).map(|c| (c.1, c.2))
            }
        };
        if let Some((code, oom)) = exit {
            self.exit_container(pod, ci, code, oom);
        }
    }

    /// The process ends: the runtime records it; the kubelet sees it at the
    /// next relist, or at once when it was waiting for a kill to finish.
    pub(super) fn exit_container(&mut self, pod: PodId, ci: usize, code: i32, oom: bool) {
        let now = self.now;
        let c = &mut self.pods[pod as usize].containers[ci];
        let Some(instance) = c.current.as_mut().filter(|i| i.exit.is_none() && i.started_at.is_some()) else { return };
        let reason = if oom {
            "OOMKilled"
        } else if code == 0 {
            "Completed"
        } else {
            "Error"
        };
        instance.exit = Some(Terminated {
            exit_code: code,
            reason: reason.into(),
            signal: 0,
            started_at: instance.started_at.unwrap_or(now),
            finished_at: now,
        });
        self.queue_relist(pod);
        let c = &mut self.pods[pod as usize].containers[ci];
        if std::mem::take(&mut c.restart_after_kill) {
            // The sync that killed it goes on to start the replacement. Its
            // back-off check looks only at an older exited instance (§7.4).
            match c.previous_exit.as_ref().map(|e| e.finished_at) {
                Some(finished_at) => self.restart_with_backoff(pod, ci, finished_at),
                None => self.start_container(pod, ci),
            }
        }
    }

    /// A kill for a failed liveness or startup probe (§4, §8.1).
    fn kill_for_probe(&mut self, pod: PodId, ci: usize, kind: ProbeKind) {
        let p = &self.pods[pod as usize];
        let spec = &p.template.spec.containers[ci];
        let restart = spec.sidecar || p.restart_policy() != RestartPolicy::Never;
        let subject = if spec.sidecar { "Init container" } else { "Container" };
        let mut message = format!("{subject} {} failed {} probe", spec.name, kind.name());
        if restart && !spec.sidecar {
            message.push_str(", will be restarted");
        }
        let probe_grace = spec.probe(kind).and_then(|p| p.termination_grace_period_seconds);
        let grace = probe_grace.map_or(p.grace_period(), |seconds| seconds * 1000);
        self.pod_event(pod, Some(ci as u16), EventType::Normal, "Killing", message);
        self.pods[pod as usize].containers[ci].restart_after_kill = restart;
        self.signal(pod, ci, grace);
    }

    /// `StopContainer(id, grace)`: the stop signal, then SIGKILL when the
    /// grace (at least 2 s) runs out.
    fn signal(&mut self, pod: PodId, ci: usize, grace: Millis) {
        let now = self.now;
        let grace = grace.max(MINIMUM_GRACE_PERIOD);
        let c = &mut self.pods[pod as usize].containers[ci];
        let Some(instance) = c.current.as_mut() else { return };
        if instance.exit.is_some() || instance.kill_exit.is_some() {
            return;
        }
        c.stop = Some((instance.number, Stopping { since: now, kill_at: now + grace }));
        let (at, code) = match instance.app.sigterm() {
            Sigterm::Exit { after, code } if after < grace => (now + after, code),
            // Still running when the grace runs out: SIGKILL, 128 + 9.
            _ => (now + grace, 137),
        };
        instance.kill_exit = Some((at, code));
        let number = instance.number;
        if at == now {
            self.exit_container(pod, ci, code, false);
        } else {
            self.schedule(at, Wake::ContainerExited { pod, container: ci as u16, number });
        }
    }

    /// Graceful deletion: the pod gets its deletion timestamp, liveness and
    /// startup stop, every container gets the stop signal (§8.4).
    pub(super) fn delete_pod(&mut self, pod: PodId) {
        let p = &mut self.pods[pod as usize];
        if p.deletion.is_some() || p.removed {
            return;
        }
        p.deletion = Some(self.now);
        let grace = p.grace_period();
        self.stop_liveness_and_startup(pod);
        for ci in 0..self.pods[pod as usize].containers.len() {
            let c = &mut self.pods[pod as usize].containers[ci];
            c.restart_after_kill = false;
            let running = c.current.as_ref().is_some_and(|i| i.running());
            if running {
                let name = self.pods[pod as usize].template.spec.containers[ci].name.clone();
                self.pod_event(
                    pod,
                    Some(ci as u16),
                    EventType::Normal,
                    "Killing",
                    format!("Stopping container {name}"),
                );
                self.signal(pod, ci, grace);
            }
        }
        self.sync_terminating(pod);
    }

    /// While terminating: publish the status, and remove the pod once no
    /// container runs.
    fn sync_terminating(&mut self, pod: PodId) {
        self.publish_status(pod);
        let p = &self.pods[pod as usize];
        let all_stopped = p
            .containers
            .iter()
            .all(|c| !matches!(c.seen, Seen::Running { .. }) && c.current.as_ref().is_none_or(|i| i.exit.is_some()));
        if all_stopped {
            self.pods[pod as usize].removed = true;
            self.stop_workers(pod);
            self.publish_status(pod);
        }
    }

    /// Recomputes the published status; records what changed, and tells the
    /// Services and the workload's controller when readiness or presence did.
    pub(super) fn publish_status(&mut self, pod: PodId) {
        let now = self.now;
        let p = &mut self.pods[pod as usize];
        for ci in 0..p.containers.len() {
            let record = p.containers[ci].status(now, pod, ci as u16, p.flags(ci));
            let changed = p.containers[ci].last_record.as_ref().is_none_or(|last| {
                let mut same_time = last.clone();
                same_time.t = now;
                same_time != record
            });
            if changed {
                p.containers[ci].last_record = Some(record.clone());
                self.history.records.push(Record::Container(Box::new(record)));
            }
        }
        let p = &mut self.pods[pod as usize];
        let record = p.status(now, pod);
        let changed = p.last_record.as_ref().is_none_or(|last| {
            let mut same_time = last.clone();
            same_time.t = now;
            same_time != record
        });
        if !changed {
            return;
        }
        let visible = |r: &crate::history::PodRecord| (r.ready, r.deletion, r.removed, r.phase);
        let moved = p.last_record.as_ref().is_none_or(|last| visible(last) != visible(&record));
        p.last_record = Some(record.clone());
        let workload = p.workload;
        self.history.records.push(Record::Pod(Box::new(record)));
        if moved {
            self.update_endpoints();
            self.schedule(now, Wake::Reconcile { workload: workload as u32 });
        }
    }
}
