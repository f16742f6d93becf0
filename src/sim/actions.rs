//! Scripted and live actions: scale, roll out or back, delete a pod, crash
//! a container, and change what a running app does (`set`, `touch`,
//! `remove`). Each is what a user or an operator would do to the cluster,
//! applied through the controllers and the kubelet (kubelet-semantics §12).

use super::Node;
use super::controllers::Controllers;
use super::pod::Pod;
use crate::behaviour::{Action, Verb};
use crate::history::PodId;
use crate::spec::WorkloadKind;

/// Applies an action now.
pub(super) fn apply(action: &Action, controllers: &mut Controllers, pods: &mut Vec<Pod>, node: &mut Node) {
    let now = node.now;
    let workload = controllers.index(action.workload.as_deref());
    match &action.verb {
        Verb::Scale(n) => {
            if let Some(w) = workload {
                controllers.workloads[w].replicas = *n;
                controllers.reconcile(w, pods, node);
            }
        }
        Verb::Rollout(rollout) => {
            if let Some(w) = workload {
                let mut template =
                    (*controllers.workloads[w].revisions.last().map(|r| r.template.clone()).unwrap()).clone();
                let target = template
                    .spec
                    .containers
                    .iter_mut()
                    .find(|c| rollout.container.as_ref().map_or(c.is_regular(), |n| &c.name == n));
                if let Some(c) = target {
                    if let Some(image) = &rollout.image {
                        c.image = image.clone();
                    }
                    for (kind, probe) in &rollout.probes {
                        *c.probe_mut(*kind) = probe.clone();
                    }
                }
                controllers.roll_to(w, template, pods, node);
            }
        }
        Verb::Rollback => {
            let revisions = |w: usize| &controllers.workloads[w].revisions;
            if let Some(w) = workload.filter(|&w| revisions(w).len() > 1) {
                let previous = (*revisions(w)[revisions(w).len() - 2].template).clone();
                controllers.roll_to(w, previous, pods, node);
            }
        }
        verb => {
            for pod in action_pods(action, controllers, pods, node) {
                let p = &mut pods[pod as usize];
                if matches!(verb, Verb::Delete) {
                    p.delete(node);
                    continue;
                }
                for ci in action_containers(p, action) {
                    match verb {
                        Verb::Crash { exit_code, oom } => p.exit_container(ci, *exit_code, *oom, node),
                        _ => {
                            let Some(instance) = p.containers[ci].current.as_mut().filter(|i| i.exit.is_none()) else {
                                continue;
                            };
                            match verb {
                                Verb::Set(rules) => instance.app.add((**rules).clone(), now),
                                Verb::Touch(path) => instance.app.touch(path, true, now),
                                Verb::Remove(path) => instance.app.touch(path, false, now),
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The pods an action is about: a pod by name, or a workload's active
/// pods (one of them with `replica`).
fn action_pods(action: &Action, controllers: &Controllers, pods: &[Pod], node: &Node) -> Vec<PodId> {
    if let Some(name) = &action.pod {
        return node
            .history
            .pods
            .iter()
            .enumerate()
            .rev()
            .find(|(i, p)| &p.name == name && !pods[*i].removed)
            .map(|(i, _)| vec![i as PodId])
            .unwrap_or_default();
    }
    let Some(w) = controllers.index(action.workload.as_deref()) else { return vec![] };
    let ws = &controllers.workloads[w];
    let active: Vec<PodId> = ws.pods.iter().copied().filter(|&p| pods[p as usize].active()).collect();
    match action.replica {
        Some(r) if ws.spec.kind == WorkloadKind::StatefulSet => {
            active.into_iter().filter(|&p| pods[p as usize].ordinal == r).collect()
        }
        Some(r) => active.get(r as usize).map(|&p| vec![p]).unwrap_or_default(),
        None => active,
    }
}

/// The containers of a pod an action is about: the named one, else all
/// (a crash: the first regular one).
fn action_containers(pod: &Pod, action: &Action) -> Vec<usize> {
    let spec = &pod.template.spec.containers;
    match &action.container {
        Some(name) => spec.iter().position(|c| &c.name == name).into_iter().collect(),
        None if matches!(action.verb, Verb::Crash { .. }) => {
            spec.iter().position(|c| c.is_regular()).into_iter().collect()
        }
        None => (0..spec.len()).collect(),
    }
}
