//! The cluster as the API server would show it at one simulated instant,
//! rebuilt from the history's records up to that instant. Every kubectl view
//! and the browser UI draw from this; nothing here is stored between calls.

use crate::history::ProbeResult;
pub use crate::history::Stopping;
use crate::history::{
    ContainerRecord, ContainerState, EndpointsRecord, History, Millis, PodId, PodRecord, ProbeExecution, ProbeRecord,
    Record, TrafficRecord,
};
use crate::spec::{Probe, ProbeKind};

/// The world at time `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterState {
    pub t: Millis,
    /// Pods created at or before `t` and not yet removed, in creation order.
    pub pods: Vec<PodState>,
    /// One per `History::services`, same order.
    pub services: Vec<ServiceState>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodState {
    pub id: PodId,
    /// The latest pod status; `None` until the kubelet first reports one.
    pub status: Option<PodRecord>,
    /// One per `template.spec.containers`, same order.
    pub containers: Vec<ContainerView>,
}

/// A container's latest status and, while it runs, the latest result of
/// each of its probes on this instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerView {
    /// `None` until the kubelet first reports the container.
    pub status: Option<ContainerRecord>,
    pub startup: Option<ProbeExecution>,
    pub liveness: Option<ProbeExecution>,
    pub readiness: Option<ProbeExecution>,
    /// Told to stop and still running: the status's `stopping`.
    pub stopping: Option<Stopping>,
    /// Per probe (`ProbeKind::index`), how many results in a row on this
    /// instance equal its latest: what the kubelet compares with the
    /// failure or success threshold.
    pub streaks: [u32; 3],
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceState {
    pub name: String,
    /// The latest EndpointSlice contents; `None` before the first.
    pub endpoints: Option<EndpointsRecord>,
    /// The latest second of client traffic; `None` before the first.
    pub traffic: Option<TrafficRecord>,
}

impl ClusterState {
    /// The names of the pods in the cluster, in its order: what a pod
    /// picker offers, and the first is the pod shown when none is picked.
    pub fn pod_names(&self, history: &History) -> Vec<String> {
        self.pods.iter().map(|p| history.pod(p.id).name.clone()).collect()
    }

    /// Replays the records at or before `t`.
    pub fn at(history: &History, t: Millis) -> ClusterState {
        let mut replay = Replay::new(history);
        for record in history.until(t) {
            replay.apply(record);
        }
        replay.snapshot(t)
    }

    pub fn pod(&self, id: PodId) -> Option<&PodState> {
        self.pods.iter().find(|p| p.id == id)
    }
}

impl PodState {
    /// `metadata.deletionTimestamp` is set.
    pub fn deleting(&self) -> bool {
        self.status.as_ref().is_some_and(|s| s.deletion.is_some())
    }
}

impl ContainerView {
    /// How many results of `kind` in a row equal the latest (0 before the first).
    pub fn streak(&self, kind: ProbeKind) -> u32 {
        self.streaks[kind.index()]
    }

    /// Where the probe stands toward the threshold the kubelet acts on,
    /// `(count, threshold)`: failures in a row toward `failureThreshold`,
    /// or successes toward a `successThreshold` above 1 not reached yet.
    /// `None` when there is nothing to count.
    pub fn toward_threshold(&self, kind: ProbeKind, probe: &Probe) -> Option<(u32, u32)> {
        let last = self.last_probe(kind)?;
        let streak = self.streak(kind);
        match last.result {
            ProbeResult::Failure => {
                let threshold = probe.failure_threshold.max(1) as u32;
                Some((streak.min(threshold), threshold))
            }
            ProbeResult::Success if probe.success_threshold > 1 && streak < probe.success_threshold as u32 => {
                Some((streak, probe.success_threshold as u32))
            }
            _ => None,
        }
    }

    pub fn last_probe(&self, kind: ProbeKind) -> Option<&ProbeExecution> {
        match kind {
            ProbeKind::Startup => self.startup.as_ref(),
            ProbeKind::Liveness => self.liveness.as_ref(),
            ProbeKind::Readiness => self.readiness.as_ref(),
        }
    }
}

/// Applies records one at a time, so that views which walk the history
/// (`kubectl get pods -w`) need not rebuild the state for every change. It
/// holds references and copies a record only when a state is asked for:
/// most records are probes, and most of them are superseded.
#[derive(Debug, Clone)]
pub(crate) struct Replay<'h> {
    history: &'h History,
    /// Indexed by `PodId`: every pod of the history, whether it exists yet or not.
    pods: Vec<PodSlots<'h>>,
    /// Indexed like `History::services`.
    services: Vec<(Option<&'h EndpointsRecord>, Option<&'h TrafficRecord>)>,
}

#[derive(Debug, Clone)]
struct PodSlots<'h> {
    status: Option<&'h PodRecord>,
    containers: Vec<ContainerSlots<'h>>,
}

#[derive(Debug, Clone, Default)]
struct ContainerSlots<'h> {
    status: Option<&'h ContainerRecord>,
    startup: Option<&'h ProbeRecord>,
    liveness: Option<&'h ProbeRecord>,
    readiness: Option<&'h ProbeRecord>,
    streaks: [u32; 3],
}

impl<'h> Replay<'h> {
    pub(crate) fn new(history: &'h History) -> Replay<'h> {
        let pods = history
            .pods
            .iter()
            .map(|info| PodSlots {
                status: None,
                containers: vec![ContainerSlots::default(); info.template.spec.containers.len()],
            })
            .collect();
        Replay { history, pods, services: vec![(None, None); history.services.len()] }
    }

    pub(crate) fn apply(&mut self, record: &'h Record) {
        match record {
            Record::Probe(r) => {
                let slots = &mut self.pods[r.pod as usize].containers[r.container() as usize];
                let slot = match r.probe {
                    ProbeKind::Startup => &mut slots.startup,
                    ProbeKind::Liveness => &mut slots.liveness,
                    ProbeKind::Readiness => &mut slots.readiness,
                };
                let result = |p: &ProbeRecord| self.history.answer(p).result;
                let same = slot.is_some_and(|last| result(last) == result(r));
                let streak = &mut slots.streaks[r.probe.index()];
                *streak = if same { *streak + 1 } else { 1 };
                *slot = Some(r);
            }
            Record::Container(r) => {
                let slots = &mut self.pods[r.pod as usize].containers[r.container as usize];
                // Probe results belong to the running instance: one
                // that has exited, or waits in back-off, keeps its ID but has
                // none, and a new instance has not been probed yet.
                let new_instance =
                    slots.status.is_some_and(|old| old.container_id != r.container_id) && !r.container_id.is_empty();
                if new_instance || !matches!(r.state, ContainerState::Running { .. }) {
                    *slots = ContainerSlots::default();
                }
                slots.status = Some(r);
            }
            Record::Pod(r) => self.pods[r.pod as usize].status = Some(r),
            Record::Endpoints(r) => self.services[r.service as usize].0 = Some(r),
            Record::Traffic(r) => self.services[r.service as usize].1 = Some(&**r),
            Record::Event(_) => {}
        }
    }

    /// Created at or before `t` and not yet removed from the API.
    pub(crate) fn exists(&self, id: PodId, t: Millis) -> bool {
        let removed = self.pods[id as usize].status.is_some_and(|s| s.removed);
        self.history.pod(id).created_ms <= t && !removed
    }

    /// The pod as last replayed, whether or not it exists.
    pub(crate) fn pod_state(&self, id: PodId) -> PodState {
        let slots = &self.pods[id as usize];
        let containers = slots
            .containers
            .iter()
            .map(|c| ContainerView {
                status: c.status.cloned(),
                startup: c.startup.map(|p| self.history.execution(p)),
                liveness: c.liveness.map(|p| self.history.execution(p)),
                readiness: c.readiness.map(|p| self.history.execution(p)),
                stopping: c.status.and_then(|s| s.stopping),
                streaks: c.streaks,
            })
            .collect();
        PodState { id, status: slots.status.cloned(), containers }
    }

    fn snapshot(&self, t: Millis) -> ClusterState {
        let mut ids: Vec<PodId> = (0..self.pods.len() as PodId).filter(|&id| self.exists(id, t)).collect();
        crate::sort::sort_by_key(&mut ids, |&id| (self.history.pod(id).created_ms, id));
        let services = self
            .history
            .services
            .iter()
            .zip(&self.services)
            .map(|(name, (endpoints, traffic))| ServiceState {
                name: name.clone(),
                endpoints: endpoints.cloned(),
                traffic: traffic.cloned(),
            })
            .collect();
        ClusterState { t, pods: ids.into_iter().map(|id| self.pod_state(id)).collect(), services }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::EventType::Normal;
    use crate::history::{EventReason, PodPhase, ProbeResult, TerminatedReason};
    use crate::view::testing::*;

    /// A pod exists from its creation until a record marks it removed; its
    /// containers carry their latest status and latest probe per kind.
    #[test]
    fn pods_exist_between_creation_and_removal() {
        let mut h = history(vec![
            pod_info("web-0", 0, vec![container("app")]),
            pod_info("web-1", 5_000, vec![container("app")]),
        ]);
        h.records = vec![
            pod_record(0, 1_000, PodPhase::Running, false),
            running(0, 0, 1_500, 0, false),
            probe(0, 0, ProbeKind::Readiness, 3_000, ProbeResult::Failure),
            probe(0, 0, ProbeKind::Readiness, 6_000, ProbeResult::Success),
            running(0, 0, 6_000, 0, true),
            removed(0, 9_000),
        ];

        let at = |t| ClusterState::at(&h, t);
        assert!(at(0).pods.iter().map(|p| p.id).eq([0]));
        assert!(at(5_000).pods.iter().map(|p| p.id).eq([0, 1]));
        assert!(at(9_000).pods.iter().map(|p| p.id).eq([1]));

        let s = at(6_000);
        let app = &s.pod(0).unwrap().containers[0];
        assert_eq!(app.last_probe(ProbeKind::Readiness).unwrap().result, ProbeResult::Success);
        assert!(app.status.as_ref().unwrap().ready);
        assert!(app.last_probe(ProbeKind::Liveness).is_none());
        assert!(matches!(
            at(2_000).pod(0).unwrap().containers[0].status.as_ref().unwrap().state,
            ContainerState::Running { .. }
        ));
        assert!(at(500).pod(0).unwrap().status.is_none());
    }

    /// CrashLoopBackOff: the dead instance keeps its container ID in the
    /// status, but its probe results are not the container's any more. The
    /// card shows no result until the next instance is probed.
    #[test]
    fn a_container_in_back_off_has_no_probe_results() {
        let mut h = history(vec![pod_info("web-0", 0, vec![container("app")])]);
        let mut back_off = waiting(0, 0, 40_500, "CrashLoopBackOff", 1);
        back_off.last_state = Some(terminated(137, TerminatedReason::Error, 21_000, 40_000));
        back_off.backoff_until = Some(60_000);
        let exited = exited(0, 0, 40_000, terminated(137, TerminatedReason::Error, 21_000, 40_000), 1);
        h.records = vec![
            running(0, 0, 21_000, 1, false),
            probe(0, 0, ProbeKind::Readiness, 26_000, ProbeResult::Success),
            running(0, 0, 26_000, 1, true),
            probe(0, 0, ProbeKind::Liveness, 35_000, ProbeResult::Failure),
            Record::from(exited),
            Record::from(back_off),
            running(0, 0, 61_000, 2, false),
            probe(0, 0, ProbeKind::Readiness, 66_000, ProbeResult::Success),
        ];
        let app = |t| ClusterState::at(&h, t).pods[0].containers[0].clone();
        assert_eq!(app(35_000).last_probe(ProbeKind::Readiness).map(|p| p.result), Some(ProbeResult::Success));
        assert_eq!(app(35_000).last_probe(ProbeKind::Liveness).map(|p| p.result), Some(ProbeResult::Failure));
        for t in [40_000, 50_000, 65_999] {
            let c = app(t);
            assert!(
                c.last_probe(ProbeKind::Readiness).is_none() && c.last_probe(ProbeKind::Liveness).is_none(),
                "at {t}: {c:?}"
            );
            assert!(!c.status.unwrap().ready);
        }
        assert_eq!(app(66_000).last_probe(ProbeKind::Readiness).map(|p| p.t), Some(66_000));
    }

    /// A liveness kill: from the kill until the container is seen exited, it
    /// is stopping, as its status records say (the simulator decides the
    /// grace period, the view only reads it); a deletion likewise.
    #[test]
    fn a_killed_container_is_stopping_until_it_exits() {
        let mut h = history(vec![pod_info("web-0", 0, vec![container("app"), container("sidecar")])]);
        let exited = exited(0, 0, 46_500, terminated(137, TerminatedReason::Error, 1_000, 46_000), 0);
        // Still running, told to stop at `t`, SIGKILL due at `kill_at`.
        let told_to_stop = |container, t, ready, kill_at| {
            let mut r = running_status(0, container, 1_000, 0, ready);
            r.t = t;
            r.stopping = Some(Stopping { since: t, kill_at });
            Record::from(r)
        };
        h.records = vec![
            running(0, 0, 1_000, 0, true),
            running(0, 1, 1_000, 0, true),
            event(
                41_000,
                0,
                Some(0),
                Normal,
                EventReason::Killing,
                "Container app failed liveness probe, will be restarted",
            ),
            told_to_stop(0, 41_000, false, 46_000),
            Record::from(exited),
            event(50_000, 0, Some(1), Normal, EventReason::Killing, "Stopping container sidecar"),
            told_to_stop(1, 50_000, true, 80_000),
        ];
        let stopping = |t, c: usize| ClusterState::at(&h, t).pods[0].containers[c].stopping;
        assert_eq!(stopping(40_999, 0), None);
        assert_eq!(stopping(41_000, 0), Some(Stopping { since: 41_000, kill_at: 46_000 }));
        assert_eq!(stopping(46_499, 0), Some(Stopping { since: 41_000, kill_at: 46_000 }));
        assert_eq!(stopping(46_500, 0), None);
        assert_eq!(stopping(50_000, 1), Some(Stopping { since: 50_000, kill_at: 80_000 }));
    }

    #[test]
    fn a_probe_counts_its_failures_in_a_row_toward_the_threshold() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: i\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n      periodSeconds: 5\n      failureThreshold: 3\n---\nkind: Behaviour\napps:\n- http:\n  - {path: /healthz, after: 30s, status: 500}\n";
        let s = crate::scenario::load(text);
        let h = s.simulate();
        let probe = s.workloads[0].template.spec.containers[0].liveness_probe.clone().unwrap();
        let counts: Vec<Option<(u32, u32)>> = (0..60)
            .map(|sec| {
                ClusterState::at(&h, sec * 1000).pods[0].containers[0].toward_threshold(ProbeKind::Liveness, &probe)
            })
            .collect();
        for expected in [Some((1, 3)), Some((2, 3))] {
            assert!(counts.contains(&expected), "{counts:?}");
        }
        // Successes with a threshold of 1 count nothing.
        assert_eq!(counts[25], None);
    }
}
