//! The container runtime under the kubelet, and the kubelet's view of it:
//! creating and starting a container instance, the stop signal and SIGKILL
//! (`StopContainer`, KRC `killContainer`), the process's exit, and the PLEG
//! relist that tells the kubelet what changed (kubelet-semantics §4, §7, §8).

use super::app::{AppModel, served_ports};
use super::container::{Instance, Seen};
use super::pod::Pod;
use super::queue::Deadline;
use super::timings::{
    CONTAINER_START_LATENCY, JOB_RUN_TIME, MINIMUM_GRACE_PERIOD, PLEG_RELIST_PERIOD, PLEG_RELIST_PHASE,
};
use super::{Node, Wake};
use crate::behaviour::{AppRules, CrashRule, Sigterm, Target};
use crate::history::{EventType, Millis, Stopping, Terminated};
use std::sync::Arc;

impl Pod {
    /// The kubelet learns of runtime changes at the next PLEG relist.
    pub(super) fn queue_relist(&mut self, node: &mut Node) {
        if self.timers.relist.is_armed() {
            return;
        }
        let periods = (node.now - PLEG_RELIST_PHASE + PLEG_RELIST_PERIOD - 1).div_euclid(PLEG_RELIST_PERIOD);
        let at = periods * PLEG_RELIST_PERIOD + PLEG_RELIST_PHASE;
        self.timers.relist.arm(node.queue, at.max(node.now), Wake::Relist { pod: self.id });
    }

    /// The relist: what the kubelet sees of each container now, then a sync.
    pub(super) fn on_relist(&mut self, due: Deadline, node: &mut Node) {
        if !self.timers.relist.expires(due) {
            return;
        }
        let mut new_instance = false;
        for c in &mut self.containers {
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
            if matches!(seen, Seen::Exited { number, .. } if number != instance.number) {
                c.seen = seen;
                continue;
            }
            if c.seen_number() != Some(instance.number) {
                c.backoff_wait = None;
                new_instance = true;
            }
            c.seen = seen;
            c.seen_previous_exit = c.previous_exit.clone();
        }
        if new_instance {
            self.wake_sleeping_workers(node);
        }
        self.sync(node);
    }

    /// Creates and starts the next instance of container `ci`: `Pulled` and
    /// `Created` now, `Started` once the runtime has it running.
    pub(super) fn start_container(&mut self, ci: usize, node: &mut Node) {
        let spec = self.spec(ci);
        let (name, image) = (spec.name.clone(), spec.image.clone());
        let number = self.containers[ci].current.as_ref().map_or(0, |i| i.number + 1);
        let app = self.app_model(ci, number, node);
        let container_id = format!("containerd://{}", node.rng.hex(64));
        let c = &mut self.containers[ci];
        if let Some(old) = c.current.take() {
            c.previous_exit = old.exit;
        }
        c.current = Some(Instance { number, container_id, started_at: None, app, kill_exit: None, exit: None });
        let ci16 = ci as u16;
        // The 1.33 texts as kubelet-semantics §6 gives them; newer kubelets
        // add " and can be accessed by the pod" (release not pinned, §14.5).
        let pulled = format!("Container image \"{image}\" already present on machine");
        node.pod_event(self.id, Some(ci16), EventType::Normal, "Pulled", pulled);
        node.pod_event(self.id, Some(ci16), EventType::Normal, "Created", format!("Created container: {name}"));
        let started = Wake::ContainerStarted { pod: self.id, container: ci16, number };
        node.schedule(node.now + CONTAINER_START_LATENCY, started);
    }

    /// The behaviour rules that describe this container, and the ports it
    /// serves by default: a healthy app serves every port it is asked on.
    /// Declaring a port is informational in Kubernetes, so that is the
    /// ports it declares, the ports its probes name, and, for the first
    /// regular container, the numbered target ports of the Services that
    /// select the pod and that no container declares. A Job's container
    /// completes after `JOB_RUN_TIME` unless the behaviour says how it ends.
    fn app_model(&self, ci: usize, number: u32, node: &Node) -> AppModel {
        let spec = self.spec(ci);
        let info = &node.history.pods[self.id as usize];
        let target = Target {
            workload: &self.workload_name,
            pod: &info.name,
            container: &spec.name,
            image: &spec.image,
            replica: self.ordinal,
        };
        let mut rules: Vec<Arc<AppRules>> = node.apps.iter().filter(|a| a.selector.matches(&target)).cloned().collect();
        if self.completes && !spec.sidecar && rules.iter().all(|r| r.crash.is_empty()) {
            // A Job's task runs briefly and succeeds, unless the behaviour says how it ends.
            let done = CrashRule { at: None, after: Some(JOB_RUN_TIME), exit_code: 0, oom: false };
            rules.insert(0, Arc::new(AppRules { crash: vec![done], ..AppRules::default() }));
        }
        let services = node.services.target_ports(&info.namespace, &self.template.labels);
        AppModel::new(rules, served_ports(&self.template.spec.containers, ci, &services), number)
    }

    pub(super) fn on_container_started(&mut self, ci: usize, number: u32, node: &mut Node) {
        let now = node.now;
        let Some(instance) = self.containers[ci].current.as_mut().filter(|i| i.number == number) else {
            return;
        };
        instance.started_at = Some(now);
        let crash = instance.app.crash_after(now);
        let name = self.spec(ci).name.clone();
        node.pod_event(self.id, Some(ci as u16), EventType::Normal, "Started", format!("Started container {name}"));
        if let Some((at, _, _)) = crash {
            node.schedule(at, Wake::ContainerExited { pod: self.id, container: ci as u16, number });
        }
        self.queue_relist(node);
        if let Some(deletion) = self.deletion {
            // Started while the pod is being deleted: stop it with what is
            // left of the grace (`signal` allows the 2 s minimum).
            let left = deletion + self.grace_period() - now;
            self.signal(ci, left, node);
        }
    }

    /// A wake-up at a time the process may end: after the stop signal, or a
    /// crash the behaviour describes.
    pub(super) fn on_container_exited(&mut self, ci: usize, number: u32, node: &mut Node) {
        let now = node.now;
        let Some(instance) = self.containers[ci].current.as_ref().filter(|i| i.number == number) else {
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
            self.exit_container(ci, code, oom, node);
        }
    }

    /// The process ends: the runtime records it; the kubelet sees it at the
    /// next relist, or at once when it was waiting for a kill to finish.
    pub(super) fn exit_container(&mut self, ci: usize, code: i32, oom: bool, node: &mut Node) {
        let now = node.now;
        let c = &mut self.containers[ci];
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
        self.queue_relist(node);
        let c = &mut self.containers[ci];
        if std::mem::take(&mut c.restart_after_kill) {
            // The sync that killed it goes on to start the replacement. Its
            // back-off check looks only at an older exited instance (§7.4).
            match c.previous_exit.as_ref().map(|e| e.finished_at) {
                Some(finished_at) => self.restart_with_backoff(ci, finished_at, node),
                None => self.start_container(ci, node),
            }
        }
    }

    /// `StopContainer(id, grace)`: the stop signal, then SIGKILL when the
    /// grace (at least 2 s) runs out.
    pub(super) fn signal(&mut self, ci: usize, grace: Millis, node: &mut Node) {
        let now = node.now;
        let grace = grace.max(MINIMUM_GRACE_PERIOD);
        let c = &mut self.containers[ci];
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
            self.exit_container(ci, code, false, node);
        } else {
            node.schedule(at, Wake::ContainerExited { pod: self.id, container: ci as u16, number });
        }
    }
}
