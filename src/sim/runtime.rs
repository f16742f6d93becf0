//! The container runtime under the kubelet, and the kubelet's view of it:
//! creating and starting a container instance, the stop signal and SIGKILL
//! (`StopContainer`, KRC `killContainer`), the process's exit, and the PLEG
//! relist that tells the kubelet what changed (kubelet-semantics §4, §7, §8).

use super::app::{AppModel, https_probe_ports, served_ports};
use super::container::{Instance, Seen};
use super::hooks;
use super::pod::Pod;
use super::queue::Deadline;
use super::timings::{
    CONTAINER_START_LATENCY, JOB_RUN_TIME, MINIMUM_GRACE_PERIOD, PLEG_RELIST_PERIOD, PLEG_RELIST_PHASE,
};
use super::{Node, Wake};
use crate::behaviour::{AppRules, CrashRule, Moment, Sigterm, Target};
use crate::history::{EventReason, EventType, Millis, Stopping, Terminated, TerminatedReason};
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
            // While its postStart hook runs the kubelet has not finished
            // starting it: the pod worker is still in that sync.
            let started_at = instance.started_at.filter(|_| instance.post_start.is_none());
            let seen = match (&instance.exit, started_at) {
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
            if matches!(seen, Seen::Running { .. }) {
                c.post_start_failed = false;
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
    /// `Created` now (after the pull, when the behaviour gives one),
    /// `Started` once the runtime has it running.
    pub(super) fn start_container(&mut self, ci: usize, node: &mut Node) {
        let image = self.spec(ci).image.clone();
        let number = self.containers[ci].current.as_ref().map_or(0, |i| i.number + 1);
        let app = self.app_model(ci, number, node);
        let container_id = format!("containerd://{}", node.rng.hex(64));
        let c = &mut self.containers[ci];
        if let Some(old) = c.current.take() {
            c.previous_exit = old.exit;
        }
        c.current = Some(Instance {
            number,
            container_id,
            started_at: None,
            app,
            post_start: None,
            signal_at: None,
            kill_exit: None,
            exit: None,
        });
        let ci16 = ci as u16;
        let pull = c.current.as_ref().map_or(0, |i| i.app.pull());
        if pull > 0 {
            let pulling = format!("Pulling image \"{image}\"");
            node.pod_event(self.id, Some(ci16), EventType::Normal, EventReason::Pulling, pulling);
            node.schedule(node.now + pull, Wake::ImagePulled { pod: self.id, container: ci16, number });
            return;
        }
        let pulled = node.cluster.events().pulled(&image);
        node.pod_event(self.id, Some(ci16), EventType::Normal, EventReason::Pulled, pulled);
        self.create_container(ci, number, node);
    }

    /// The image of instance `number` of container `ci` is on the node now
    /// (`pull` in the behaviour): the runtime creates and starts it.
    pub(super) fn on_image_pulled(&mut self, ci: usize, number: u32, node: &mut Node) {
        let Some(instance) = self.containers[ci].current.as_ref().filter(|i| i.number == number) else { return };
        let pull = instance.app.pull();
        let image = &self.spec(ci).image;
        let took = crate::go_duration::go_duration(pull);
        let pulled = format!("Successfully pulled image \"{image}\" in {took} ({took} including waiting)");
        node.pod_event(self.id, Some(ci as u16), EventType::Normal, EventReason::Pulled, pulled);
        self.create_container(ci, number, node);
    }

    /// `Created` now, `Started` once the runtime has the instance running.
    fn create_container(&mut self, ci: usize, number: u32, node: &mut Node) {
        let created = node.cluster.events().created(&self.spec(ci).name);
        node.pod_event(self.id, Some(ci as u16), EventType::Normal, EventReason::Created, created);
        let started = Wake::ContainerStarted { pod: self.id, container: ci as u16, number };
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
        if spec.runs_to_completion() && !spec.runs_until_stopped && rules.iter().all(|r| r.crash.is_empty()) {
            // An init container's command runs and exits: as the exec rules or
            // the interpreter say (`sleep 5`, `sleep infinity`), else like a
            // Job's task.
            let command: Vec<String> = spec.command.iter().chain(&spec.args).cloned().collect();
            let app = AppModel::new(rules.clone(), Vec::new(), number);
            let outcome = app.exec(&command, Moment { t: 0, uptime: 0, terminating: false }, true);
            let (after, exit_code) = if command.is_empty() || outcome.assumed {
                (JOB_RUN_TIME, 0)
            } else {
                (outcome.duration, outcome.exit_code)
            };
            // `sleep infinity` never ends.
            if after < crate::behaviour::MAX_DURATION {
                let done = CrashRule { at: None, after: Some(after), exit_code, oom: false };
                rules.insert(0, Arc::new(AppRules { crash: vec![done], ..AppRules::default() }));
            }
        } else if self.completes && spec.is_regular() && rules.iter().all(|r| r.crash.is_empty()) {
            // A Job's task runs briefly and succeeds, unless the behaviour says how it ends.
            let done = CrashRule { at: None, after: Some(JOB_RUN_TIME), exit_code: 0, oom: false };
            rules.insert(0, Arc::new(AppRules { crash: vec![done], ..AppRules::default() }));
        }
        if spec.pid1_ignores_sigterm() && rules.iter().all(|r| r.on_sigterm.is_none()) {
            // A shell or `sleep` as PID 1 has no SIGTERM handler (the scenario says so in a note).
            rules.insert(0, Arc::new(AppRules { on_sigterm: Some(Sigterm::Ignore), ..AppRules::default() }));
        }
        let services = node.services.target_ports(&info.namespace, &self.template.labels);
        let ports = served_ports(&self.template.spec.containers, ci, &services);
        AppModel::new(rules, ports, number).with_default_tls(https_probe_ports(spec))
    }

    pub(super) fn on_container_started(&mut self, ci: usize, number: u32, node: &mut Node) {
        let now = node.now;
        let Some(instance) = self.containers[ci].current.as_mut().filter(|i| i.number == number) else {
            return;
        };
        instance.started_at = Some(now);
        let crash = instance.app.crash_after(now);
        let spec = &self.template.spec.containers[ci];
        let started = node.cluster.events().started(&spec.name);
        node.pod_event(self.id, Some(ci as u16), EventType::Normal, EventReason::Started, started);
        if let Some((at, _, _)) = crash {
            node.schedule(at, Wake::ContainerExited { pod: self.id, container: ci as u16, number });
        }
        // `startContainer` step 4: the postStart hook, right after the start.
        if let Some(hook) = &spec.post_start {
            let ip = &node.history.pods[self.id as usize].ip;
            let run = hooks::run(&hook.action, spec, ip, &instance.app, instance.moment(now), instance.serving(now));
            instance.post_start = Some(run.duration.map_or(Millis::MAX, |d| now + d));
            self.containers[ci].hook_error = run.error;
            if let Some(done) = run.duration {
                node.schedule(now + done, Wake::HookDone { pod: self.id, container: ci as u16, number });
            }
        }
        self.queue_relist(node);
        if let Some(deletion) = self.deletion {
            // Started while the pod is being deleted: stop it with what is
            // left of the grace (`signal` allows the 2 s minimum).
            let left = deletion + self.grace_period() - now;
            self.signal(ci, left, node);
        }
    }

    /// A lifecycle hook of instance `number` returns: the postStart hook (the
    /// container now counts as started, or, if it failed, is killed), or a
    /// preStop hook that failed (an event; the stop goes on).
    pub(super) fn on_hook_done(&mut self, ci: usize, number: u32, node: &mut Node) {
        let now = node.now;
        let c = &mut self.containers[ci];
        let Some(instance) = c.current.as_mut().filter(|i| i.number == number && i.exit.is_none()) else { return };
        let spec = &self.template.spec.containers[ci];
        let info = &node.history.pods[self.id as usize];
        let pod_ref = format!("{}_{}({})", info.name, info.namespace, info.uid);
        let (hook, stage) = if instance.post_start == Some(now) {
            (spec.post_start.as_ref(), "PostStart")
        } else {
            (spec.pre_stop.as_ref(), "PreStop")
        };
        let Some(hook) = hook else { return };
        if stage == "PostStart" {
            instance.post_start = None;
        }
        let Some(error) = c.hook_error.take() else {
            self.queue_relist(node);
            return;
        };
        let message =
            node.cluster.events().hook_failed(stage, &hooks::describe(&hook.action), &spec.name, &pod_ref, &error);
        let reason =
            if stage == "PostStart" { EventReason::FailedPostStartHook } else { EventReason::FailedPreStopHook };
        node.pod_event(self.id, Some(ci as u16), EventType::Warning, reason, message);
        if stage == "PostStart" {
            // Killed, never counted as started; the next sync restarts it
            // (with back-off) if the restart policy says so.
            instance.post_start = Some(Millis::MAX);
            c.post_start_failed = true;
            node.pod_event(
                self.id,
                Some(ci as u16),
                EventType::Normal,
                EventReason::Killing,
                "FailedPostStartHook".into(),
            );
            self.signal(ci, self.grace_period(), node);
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
        instance.exit = Some(Terminated {
            container_id: instance.container_id.clone(),
            exit_code: code,
            reason: TerminatedReason::of_exit(code, oom),
            signal: 0,
            started_at: instance.started_at.unwrap_or(now),
            finished_at: now,
        });
        self.queue_relist(node);
        self.stop_next_sidecar(node);
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

    /// `killContainer` after its event: the preStop hook, if the container
    /// has one and there is grace left, for at most the grace period, its
    /// time in whole seconds taken off the grace; then `StopContainer`: the
    /// stop signal, and SIGKILL when what is left (at least 2 s) runs out. A
    /// preStop that outlives the grace so leaves 2 s more.
    pub(super) fn signal(&mut self, ci: usize, grace: Millis, node: &mut Node) {
        let now = node.now;
        let spec = &self.template.spec.containers[ci];
        let ip = &node.history.pods[self.id as usize].ip;
        let c = &mut self.containers[ci];
        let Some(instance) = c.current.as_mut() else { return };
        if instance.exit.is_some() || instance.kill_exit.is_some() {
            return;
        }
        let mut signal_at = now;
        let mut left = grace;
        if let Some(hook) = spec.pre_stop.as_ref().filter(|_| grace > 0) {
            let run = hooks::run(&hook.action, spec, ip, &instance.app, instance.moment(now), instance.serving(now));
            let took = run.duration.map_or(grace, |d| d.min(grace));
            (signal_at, left) = (now + took, grace - took / 1000 * 1000);
            // A failure is an event when the hook returns within the grace.
            if let Some(error) = run.error.filter(|_| run.duration.is_some_and(|d| d <= grace)) {
                c.hook_error = Some(error);
                node.schedule(
                    signal_at,
                    Wake::HookDone { pod: self.id, container: ci as u16, number: instance.number },
                );
            }
        }
        let left = left.max(MINIMUM_GRACE_PERIOD);
        instance.signal_at = Some(signal_at);
        c.stop = Some((instance.number, Stopping { since: now, kill_at: signal_at + left }));
        let (at, code) = match instance.app.sigterm() {
            Sigterm::Exit { after, code } if after < left => (signal_at + after, code),
            // Still running when the grace runs out: SIGKILL, 128 + 9.
            _ => (signal_at + left, 137),
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
