//! The controllers that own pods: Deployment (rolling update over
//! ReplicaSets, `pkg/controller/deployment/rolling.go`), ReplicaSet and
//! ReplicationController, StatefulSet (OrderedReady), DaemonSet, Job and
//! CronJob (kubelet-semantics §12). They read the pods' published status
//! and create and delete pods; the kubelet (`Pod`) does the rest.

use super::pod::Pod;
use super::{Node, Wake};
use crate::history::{EventReason, EventType, Millis, PodId, PodInfo};
use crate::names::{Rng, fnv1a};
use crate::spec::{PodTemplate, Workload, WorkloadKind};
use std::sync::Arc;

/// A revision of a workload's pod template (a ReplicaSet, for a Deployment).
#[derive(Debug, Clone)]
pub struct Revision {
    pub name: String,
    pub template: Arc<PodTemplate>,
    /// Desired pods of this revision (`rs.spec.replicas`).
    pub replicas: i32,
}

#[derive(Debug, Clone)]
pub struct WorkloadState {
    pub spec: Workload,
    pub replicas: i32,
    /// Oldest first; the last is the current template.
    pub revisions: Vec<Revision>,
    pub pods: Vec<PodId>,
}

/// A stable pod-template-hash from the template's content.
fn template_hash(template: &PodTemplate, seed: u64) -> String {
    let content: String = template.spec.containers.iter().map(|c| format!("{}={};", c.name, c.image)).collect();
    Rng::new(fnv1a(content.as_bytes()) ^ seed).name_suffix(10)
}

impl Revision {
    /// A new revision of `spec` with `template`, no pods wanted yet. A
    /// Deployment's is a ReplicaSet named after the template's hash, which
    /// it also adds to its pods' labels as `pod-template-hash`.
    fn new(spec: &Workload, mut template: PodTemplate, rng: &mut Rng) -> Revision {
        let seed = rng.next_u64();
        let name = match spec.kind {
            WorkloadKind::Deployment => {
                let hash = template_hash(&template, seed);
                template.labels.insert("pod-template-hash".into(), hash.clone());
                format!("{}-{hash}", spec.name)
            }
            _ => spec.name.clone(),
        };
        Revision { name, template: Arc::new(template), replicas: 0 }
    }
}

impl WorkloadState {
    pub fn new(spec: Workload, rng: &mut Rng) -> WorkloadState {
        let revisions = vec![Revision::new(&spec, spec.template.clone(), rng)];
        WorkloadState { replicas: spec.replicas, spec, revisions, pods: Vec::new() }
    }

    fn current(&self) -> usize {
        self.revisions.len() - 1
    }

    /// The object events about this workload are attached to.
    fn object(&self) -> String {
        format!("{}/{}", self.spec.kind.name().to_ascii_lowercase(), self.spec.name)
    }
}

/// Every workload's controller, and the pod IPs they hand out.
pub struct Controllers {
    pub workloads: Vec<WorkloadState>,
    next_ip: u32,
    /// Nodes in the cluster (a DaemonSet runs one pod on each).
    nodes: u32,
}

impl Controllers {
    pub fn new(workloads: &[Workload], nodes: u32, rng: &mut Rng) -> Controllers {
        let next_ip = 2 + (rng.next_u64() % 200) as u32;
        let workloads = workloads.iter().map(|w| WorkloadState::new(w.clone(), rng)).collect();
        Controllers { workloads, next_ip, nodes }
    }

    pub fn index(&self, name: Option<&str>) -> Option<usize> {
        self.workloads.iter().position(|w| Some(w.spec.name.as_str()) == name)
    }

    pub(super) fn reconcile(&mut self, w: usize, pods: &mut Vec<Pod>, node: &mut Node) {
        match self.workloads[w].spec.kind {
            WorkloadKind::Pod | WorkloadKind::Job | WorkloadKind::CronJob => self.run_once(w, pods, node),
            WorkloadKind::StatefulSet => self.reconcile_statefulset(w, pods, node),
            WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController => {
                let current = self.workloads[w].current();
                self.workloads[w].revisions[current].replicas = self.workloads[w].replicas;
                self.sync_revision(w, current, pods, node);
            }
            WorkloadKind::DaemonSet => {
                self.workloads[w].replicas = self.nodes as i32;
                self.rolling_update(w, pods, node);
            }
            WorkloadKind::Deployment => self.rolling_update(w, pods, node),
        }
    }

    /// A bare Pod, a Job or a CronJob's first Job: one pod, never replaced.
    fn run_once(&mut self, w: usize, pods: &mut Vec<Pod>, node: &mut Node) {
        if !self.workloads[w].pods.is_empty() {
            return;
        }
        let spec = &self.workloads[w].spec;
        let (kind, name) = (spec.kind, spec.name.clone());
        let pod_name = match kind {
            WorkloadKind::Pod => name,
            WorkloadKind::Job => format!("{name}-{}", node.rng.name_suffix(5)),
            _ => {
                // CronJob: a Job named after its scheduled minute.
                let job = format!("{name}-{}", crate::history::EPOCH_MINUTES);
                let object = self.workloads[w].object();
                node.event(
                    object,
                    None,
                    None,
                    EventType::Normal,
                    EventReason::SuccessfulCreate,
                    format!("Created job {job}"),
                    "cronjob-controller",
                );
                format!("{job}-{}", node.rng.name_suffix(5))
            }
        };
        self.create_pod(w, 0, pod_name, 0, pods, node);
    }

    /// Deployment `rolloutRolling` (and a DaemonSet's rolling update, as
    /// maxSurge 0 / maxUnavailable 1 over one node-pod per node).
    fn rolling_update(&mut self, w: usize, pods: &mut Vec<Pod>, node: &mut Node) {
        let ws = &self.workloads[w];
        let replicas = ws.replicas;
        let (mut surge, mut unavailable) = match ws.spec.kind {
            WorkloadKind::DaemonSet => (0, 1),
            _ => (ws.spec.max_surge.scaled(replicas, true), ws.spec.max_unavailable.scaled(replicas, false)),
        };
        if surge == 0 && unavailable == 0 {
            unavailable = 1;
        }
        surge = surge.max(0);
        let new = ws.current();
        let before: Vec<i32> = ws.revisions.iter().map(|r| r.replicas).collect();
        // reconcileNewReplicaSet
        let all: i32 = before.iter().sum();
        let mut scaled_up = false;
        if before[new] > replicas {
            self.workloads[w].revisions[new].replicas = replicas;
        } else if before[new] < replicas && all < replicas + surge {
            let up = (replicas + surge - all).min(replicas - before[new]);
            self.workloads[w].revisions[new].replicas += up;
            scaled_up = true;
        }
        // reconcileOldReplicaSets, once the new one has not just scaled up.
        let old_total: i32 = before.iter().take(new).sum();
        if !scaled_up && old_total > 0 {
            let available: Vec<i32> = (0..=new).map(|r| self.available(w, r, pods, node)).collect();
            let min_available = replicas - unavailable;
            let ws = &mut self.workloads[w];
            let all: i32 = ws.revisions.iter().map(|r| r.replicas).sum();
            let new_unavailable = ws.revisions[new].replicas - available[new];
            let max_scaled_down = all - min_available - new_unavailable;
            if max_scaled_down > 0 {
                // cleanupUnhealthyReplicas: unavailable old pods go first.
                let mut cleaned = 0;
                for (rev, &available) in ws.revisions[..new].iter_mut().zip(&available) {
                    if cleaned >= max_scaled_down || rev.replicas == available {
                        continue;
                    }
                    let down = (max_scaled_down - cleaned).min(rev.replicas - available);
                    rev.replicas -= down;
                    cleaned += down;
                }
                // scaleDownOldReplicaSetsForRollingUpdate
                let total_available: i32 = available.iter().sum();
                let mut excess = total_available - min_available;
                for rev in &mut ws.revisions[..new] {
                    if excess <= 0 {
                        break;
                    }
                    let down = rev.replicas.min(excess);
                    rev.replicas -= down;
                    excess -= down;
                }
            }
        }
        self.record_scaling(w, &before, node);
        for r in 0..self.workloads[w].revisions.len() {
            self.sync_revision(w, r, pods, node);
        }
        if scaled_up {
            node.schedule(node.now, Wake::Reconcile { workload: w as u32 });
        }
    }

    fn record_scaling(&self, w: usize, before: &[i32], node: &mut Node) {
        if self.workloads[w].spec.kind != WorkloadKind::Deployment {
            return;
        }
        for (r, &was) in before.iter().enumerate() {
            let rev = &self.workloads[w].revisions[r];
            let (name, now) = (rev.name.clone(), rev.replicas);
            let message = match now.cmp(&was) {
                std::cmp::Ordering::Greater => format!("Scaled up replica set {name} to {now}"),
                std::cmp::Ordering::Less => format!("Scaled down replica set {name} to {now} from {was}"),
                std::cmp::Ordering::Equal => continue,
            };
            let object = self.workloads[w].object();
            node.event(
                object,
                None,
                None,
                EventType::Normal,
                EventReason::ScalingReplicaSet,
                message,
                "deployment-controller",
            );
        }
    }

    /// Pods of a revision that are Ready for at least `minReadySeconds`.
    /// Schedules a reconcile for when the next one becomes available.
    fn available(&self, w: usize, revision: usize, pods: &[Pod], node: &mut Node) -> i32 {
        let min_ready = self.workloads[w].spec.min_ready_seconds as Millis * 1000;
        let mut count = 0;
        let mut next = None::<Millis>;
        for &pod in &self.workloads[w].pods {
            let p = &pods[pod as usize];
            if p.revision != revision || !p.active() {
                continue;
            }
            if let Some(since) = p.ready_since() {
                if since + min_ready <= node.now {
                    count += 1;
                } else {
                    next = Some(next.map_or(since + min_ready, |n: Millis| n.min(since + min_ready)));
                }
            }
        }
        if let Some(at) = next {
            node.schedule(at, Wake::Reconcile { workload: w as u32 });
        }
        count
    }

    /// The ReplicaSet controller: create or delete pods to match `replicas`.
    /// Deletion prefers unready pods, then the newest.
    fn sync_revision(&mut self, w: usize, r: usize, pods: &mut Vec<Pod>, node: &mut Node) {
        let want = self.workloads[w].revisions[r].replicas;
        let mut active: Vec<PodId> = self.workloads[w]
            .pods
            .iter()
            .copied()
            .filter(|&p| pods[p as usize].revision == r && pods[p as usize].active())
            .collect();
        let have = active.len() as i32;
        for _ in have..want {
            let name = self.pod_name(w, r, node);
            self.create_pod(w, r, name, 0, pods, node);
        }
        if have > want {
            crate::sort::sort_by_key(&mut active, |&p| {
                (pods[p as usize].last_record.as_ref().is_some_and(|r| r.ready), std::cmp::Reverse(p))
            });
            for &pod in active.iter().take((have - want) as usize) {
                self.controller_delete(w, r, pod, pods, node);
            }
        }
    }

    fn pod_name(&self, w: usize, r: usize, node: &mut Node) -> String {
        let base = match self.workloads[w].spec.kind {
            WorkloadKind::Deployment => self.workloads[w].revisions[r].name.clone(),
            _ => self.workloads[w].spec.name.clone(),
        };
        format!("{base}-{}", node.rng.name_suffix(5))
    }

    /// The object and controller name that create and delete a workload's pods.
    fn pod_owner(&self, w: usize, r: usize) -> (String, &'static str) {
        let ws = &self.workloads[w];
        match ws.spec.kind {
            WorkloadKind::Deployment | WorkloadKind::ReplicaSet => {
                (format!("replicaset/{}", ws.revisions[r].name), "replicaset-controller")
            }
            WorkloadKind::ReplicationController => (ws.object(), "replication-controller"),
            WorkloadKind::DaemonSet => (ws.object(), "daemonset-controller"),
            WorkloadKind::StatefulSet => (ws.object(), "statefulset-controller"),
            WorkloadKind::Job | WorkloadKind::CronJob => (ws.object(), "job-controller"),
            WorkloadKind::Pod => (ws.object(), ""),
        }
    }

    fn controller_delete(&self, w: usize, r: usize, pod: PodId, pods: &mut [Pod], node: &mut Node) {
        let name = node.history.pods[pod as usize].name.clone();
        let (object, source) = self.pod_owner(w, r);
        let message = if self.workloads[w].spec.kind == WorkloadKind::StatefulSet {
            format!("delete Pod {name} in StatefulSet {} successful", self.workloads[w].spec.name)
        } else {
            format!("Deleted pod: {name}")
        };
        node.event(object, None, None, EventType::Normal, EventReason::SuccessfulDelete, message, source);
        pods[pod as usize].delete(node);
    }

    /// StatefulSet, OrderedReady: pod `i` is created only once pods `0..i`
    /// are Running and Ready; scale-down and updates go from the highest
    /// ordinal, one pod at a time.
    fn reconcile_statefulset(&mut self, w: usize, pods: &mut Vec<Pod>, node: &mut Node) {
        let replicas = self.workloads[w].replicas;
        let current = self.workloads[w].current();
        let by_ordinal = |ws: &WorkloadState, pods: &[Pod], i: u32| {
            ws.pods.iter().copied().rfind(|&p| pods[p as usize].ordinal == i && !pods[p as usize].removed)
        };
        let ready = |p: &Pod| p.last_record.as_ref().is_some_and(|r| r.ready) && p.deletion.is_none();
        let mut all_ready = true;
        for i in 0..replicas.max(0) as u32 {
            match by_ordinal(&self.workloads[w], pods, i) {
                None => {
                    let name = format!("{}-{i}", self.workloads[w].spec.name);
                    self.create_pod(w, current, name, i, pods, node);
                    return;
                }
                Some(p) if !ready(&pods[p as usize]) => {
                    all_ready = false;
                    break;
                }
                Some(_) => {}
            }
        }
        if !all_ready {
            return;
        }
        let highest = self.workloads[w]
            .pods
            .iter()
            .filter_map(|&p| (!pods[p as usize].removed).then_some(pods[p as usize].ordinal))
            .max();
        if let Some(top) = highest.filter(|&top| top as i32 >= replicas) {
            if let Some(p) = by_ordinal(&self.workloads[w], pods, top).filter(|&p| pods[p as usize].deletion.is_none())
            {
                self.controller_delete(w, current, p, pods, node);
            }
            return;
        }
        for i in (0..replicas.max(0) as u32).rev() {
            if let Some(p) = by_ordinal(&self.workloads[w], pods, i).filter(|&p| pods[p as usize].revision != current) {
                self.controller_delete(w, current, p, pods, node);
                return;
            }
        }
    }

    fn create_pod(&mut self, w: usize, r: usize, name: String, ordinal: u32, pods: &mut Vec<Pod>, node: &mut Node) {
        let id = pods.len() as PodId;
        let template = self.workloads[w].revisions[r].template.clone();
        let uid = node.rng.uuid();
        let host = format!("node-{}", id % self.nodes + 1);
        // A pod on the host's network has the node's address.
        let ip = if template.spec.host_network {
            crate::names::node_ip(&host)
        } else {
            let n = self.next_ip;
            self.next_ip += 1;
            format!("10.244.{}.{}", n / 254 % 256, n % 254 + 1)
        };
        let (owner_object, source) = self.pod_owner(w, r);
        let ws = &self.workloads[w];
        let owner = match ws.spec.kind {
            WorkloadKind::Pod => String::new(),
            WorkloadKind::Deployment | WorkloadKind::ReplicaSet => format!("ReplicaSet/{}", ws.revisions[r].name),
            kind => format!("{}/{}", kind.name(), ws.spec.name),
        };
        node.history.pods.push(PodInfo {
            name: name.clone(),
            namespace: ws.spec.namespace.clone(),
            uid,
            ip,
            node: host.clone(),
            owner,
            workload: format!("{}/{}", ws.spec.kind.name(), ws.spec.name),
            template: template.clone(),
            created_ms: node.now,
        });
        let ordinal = if ws.spec.kind == WorkloadKind::StatefulSet { ordinal } else { ws.pods.len() as u32 };
        let completes = matches!(ws.spec.kind, WorkloadKind::Job | WorkloadKind::CronJob);
        pods.push(Pod::new(id, w, ws.spec.name.clone(), r, ordinal, completes, template));
        let statefulset = (ws.spec.kind == WorkloadKind::StatefulSet).then(|| ws.spec.name.clone());
        self.workloads[w].pods.push(id);
        if !source.is_empty() {
            let message = if let Some(set) = statefulset {
                format!("create Pod {name} in StatefulSet {set} successful")
            } else {
                format!("Created pod: {name}")
            };
            node.event(owner_object, None, None, EventType::Normal, EventReason::SuccessfulCreate, message, source);
        }
        let namespace = node.history.pods[id as usize].namespace.clone();
        let object = format!("pod/{name}");
        node.event(
            object,
            Some(id),
            None,
            EventType::Normal,
            EventReason::Scheduled,
            format!("Successfully assigned {namespace}/{name} to {host}"),
            "default-scheduler",
        );
        pods[id as usize].queue_sync(node);
    }

    /// A new template becomes current: an existing revision with the same
    /// content is reused (a rollback), otherwise a new one is made.
    pub(super) fn roll_to(&mut self, w: usize, template: PodTemplate, pods: &mut Vec<Pod>, node: &mut Node) {
        let ws = &mut self.workloads[w];
        let same = |r: &Revision| {
            let (a, b) = (&r.template.spec.containers, &template.spec.containers);
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.same_spec(b))
        };
        if let Some(pos) = ws.revisions.iter().position(same) {
            let rev = ws.revisions.remove(pos);
            ws.revisions.push(rev);
            // Pods keep pointing at their revision by index; renumber them.
            let moved = |r: usize| {
                if r == pos {
                    ws.revisions.len() - 1
                } else if r > pos {
                    r - 1
                } else {
                    r
                }
            };
            for &p in &ws.pods {
                let pod = &mut pods[p as usize];
                pod.revision = moved(pod.revision);
            }
        } else {
            let revision = Revision::new(&ws.spec, template, node.rng);
            ws.revisions.push(revision);
        }
        if matches!(self.workloads[w].spec.kind, WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController) {
            // A ReplicaSet does not replace running pods when its template changes.
            let current = self.workloads[w].current();
            let replicas = self.workloads[w].replicas;
            for r in &mut self.workloads[w].revisions {
                r.replicas = 0;
            }
            self.workloads[w].revisions[current].replicas = replicas;
            for &p in &self.workloads[w].pods.clone() {
                pods[p as usize].revision = current;
            }
        }
        self.reconcile(w, pods, node);
    }
}
