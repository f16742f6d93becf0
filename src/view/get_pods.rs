//! `kubectl get pods` and `kubectl get pods -w` at a simulated instant.
//!
//! The columns are computed exactly as the API server's table printer does,
//! `printPod` in `pkg/printers/internalversion/printers.go` (v1.29–v1.31),
//! and laid out by kubectl's tabwriter (minwidth 6, padding 3,
//! `RememberWidths`).

use super::state::{ClusterState, PodState, Replay};
use super::tabwriter::TabWriter;
use super::timestamp::api_time;
use crate::cluster::Kubectl;
use crate::go_duration::human_duration;
use crate::history::{
    ContainerRecord, ContainerState, History, Millis, PodId, PodPhase, Record, TerminatedReason, WaitingReason,
};
use std::fmt;

/// The STATUS column of `kubectl get pods`, as `printPod` decides it;
/// `Display` is the text kubectl prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodStatus {
    /// The pod's phase.
    Phase(PodPhase),
    /// A sidecar (init container) holds the pod back: `Init:<reason>` or
    /// `Init:<started>/<all>`.
    Init(InitStatus),
    /// A container waits, for this reason.
    Waiting(WaitingReason),
    /// A container has ended, for this reason.
    Terminated(TerminatedReason),
    /// A container finished beside one still running, and the pod is not ready.
    NotReady,
    /// The pod has a deletion timestamp.
    Terminating,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitStatus {
    Waiting(WaitingReason),
    Terminated(TerminatedReason),
    Progress { started: usize, of: usize },
}

impl PodStatus {
    /// `Completed`: the pod's containers ran to a successful end.
    pub fn completed(&self) -> bool {
        matches!(self, PodStatus::Phase(PodPhase::Succeeded))
            || matches!(self, PodStatus::Terminated(TerminatedReason::Completed))
    }
}

impl fmt::Display for PodStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PodStatus::Phase(phase) => f.write_str(phase.name()),
            PodStatus::Init(InitStatus::Waiting(reason)) => write!(f, "Init:{reason}"),
            PodStatus::Init(InitStatus::Terminated(reason)) => write!(f, "Init:{reason}"),
            PodStatus::Init(InitStatus::Progress { started, of }) => write!(f, "Init:{started}/{of}"),
            PodStatus::Waiting(reason) => write!(f, "{reason}"),
            PodStatus::Terminated(reason) => write!(f, "{reason}"),
            PodStatus::NotReady => f.write_str("NotReady"),
            PodStatus::Terminating => f.write_str("Terminating"),
        }
    }
}

/// One `kubectl get pods` row before rendering: what `printPod` computes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRow {
    pub namespace: String,
    pub name: String,
    pub ready_containers: usize,
    /// Regular containers plus restartable init containers (sidecars).
    pub total_containers: usize,
    /// The STATUS column.
    pub status: PodStatus,
    pub restarts: u32,
    /// The latest `lastState.terminated.finishedAt` among the counted containers.
    pub last_restart: Option<Millis>,
    pub created_ms: Millis,
}

impl PodRow {
    /// Computes the row as `printPod` does.
    pub fn of(history: &History, pod: &PodState) -> PodRow {
        let info = history.pod(pod.id);
        let spec = &info.template.spec;
        let phase = pod.status.as_ref().map_or(PodPhase::Pending, |s| s.phase);
        let condition = |kind: &str| pod.status.iter().flat_map(|s| &s.conditions).find(|c| c.kind == kind);

        // Scheduling gates are not simulated, so printPod's `SchedulingGated`
        // never applies.
        let mut status = PodStatus::Phase(phase);
        // With the container, whether it is a sidecar (a restartable init container).
        let statuses = |init: bool| {
            spec.containers
                .iter()
                .zip(&pod.containers)
                .filter(move |(c, _)| c.is_init() == init)
                .filter_map(|(c, v)| v.status.as_ref().map(|s| (c.is_sidecar(), s)))
        };
        let init_containers = spec.containers.iter().filter(|c| c.is_init()).count();

        let mut ready_containers = 0;
        let mut restarts = 0;
        let mut last_restart = None;
        let mut initializing = false;
        for (i, (sidecar, c)) in statuses(true).enumerate() {
            restarts += c.restart_count;
            last_restart = last_restart.max(finished_at(c));
            match &c.state {
                ContainerState::Terminated(t) if t.exit_code == 0 => continue,
                _ if sidecar && c.started => {
                    ready_containers += usize::from(c.ready);
                    continue;
                }
                ContainerState::Terminated(t) => status = PodStatus::Init(InitStatus::Terminated(t.reason)),
                ContainerState::Waiting { reason, .. }
                    if !reason.is_empty() && *reason != WaitingReason::PodInitializing =>
                {
                    status = PodStatus::Init(InitStatus::Waiting(reason.clone()));
                }
                _ => status = PodStatus::Init(InitStatus::Progress { started: i, of: init_containers }),
            }
            initializing = true;
            break;
        }

        if !initializing || condition("Initialized").is_some_and(|c| c.status) {
            let mut has_running = false;
            // Walked last to first, so the first container's reason wins.
            for (_, c) in statuses(false).collect::<Vec<_>>().into_iter().rev() {
                restarts += c.restart_count;
                last_restart = last_restart.max(finished_at(c));
                match &c.state {
                    ContainerState::Waiting { reason, .. } if !reason.is_empty() => {
                        status = PodStatus::Waiting(reason.clone());
                    }
                    ContainerState::Terminated(t) => status = PodStatus::Terminated(t.reason),
                    ContainerState::Running { .. } if c.ready => {
                        has_running = true;
                        ready_containers += 1;
                    }
                    _ => {}
                }
            }
            // A finished container next to a running one is not "Completed".
            if status == PodStatus::Terminated(TerminatedReason::Completed) && has_running {
                let pod_ready = pod.status.as_ref().is_some_and(|s| s.ready);
                status = if pod_ready { PodStatus::Phase(PodPhase::Running) } else { PodStatus::NotReady };
            }
        }

        if pod.deleting() && (!phase.is_terminal() || history.cluster.kubectl().terminating_hides_terminal_phase()) {
            status = PodStatus::Terminating;
        }
        PodRow {
            namespace: info.namespace.clone(),
            name: info.name.clone(),
            ready_containers,
            // Regular containers and sidecars: init containers that run to
            // completion do not count.
            total_containers: spec.containers.iter().filter(|c| !c.runs_to_completion()).count(),
            status,
            restarts,
            last_restart,
            created_ms: info.created_ms,
        }
    }

    /// The READY, STATUS, RESTARTS and AGE cells as seen at time `t` by
    /// `kubectl`.
    pub fn cells(&self, t: Millis, kubectl: Kubectl) -> [String; 4] {
        let restarts = match self.last_restart {
            Some(last) if self.restarts != 0 && kubectl.restarts_with_age() => {
                format!("{} ({} ago)", self.restarts, human_duration(t - api_time(last)))
            }
            _ => self.restarts.to_string(),
        };
        [
            format!("{}/{}", self.ready_containers, self.total_containers),
            self.status.to_string(),
            restarts,
            human_duration(t - api_time(self.created_ms)),
        ]
    }

    /// Whether a watch would show a different row (ages aside).
    fn same_columns(&self, other: &PodRow) -> bool {
        (self.ready_containers, &self.status, self.restarts) == (other.ready_containers, &other.status, other.restarts)
    }
}

fn finished_at(c: &ContainerRecord) -> Option<Millis> {
    c.last_state.as_ref().map(|t| t.finished_at)
}

/// `kubectl get pods` at `t`: the pods that exist, sorted by name as the API
/// server lists them. With pods in several namespaces it is `-A` output.
pub fn get_pods(history: &History, t: Millis) -> String {
    let state = ClusterState::at(history, t);
    let mut rows: Vec<PodRow> = state.pods.iter().map(|p| PodRow::of(history, p)).collect();
    if rows.is_empty() {
        return NO_PODS.into();
    }
    crate::sort::sort_by(&mut rows, |a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let table = Table::new(history);
    let mut w = TabWriter::get();
    for cells in std::iter::once(table.header()).chain(rows.iter().map(|row| table.cells(row, t))) {
        w.write(&(cells.join("\t") + "\n"));
    }
    w.flush()
}

/// `kubectl get pods -w` started before the scenario, stopped at `t`: a row
/// whenever a pod appears, its READY, STATUS or RESTARTS change, or it is
/// deleted. Each row is flushed on its own, so columns only ever widen.
pub fn get_pods_watch(history: &History, t: Millis) -> String {
    let rows = get_pods_watch_cells(history, t);
    if rows.is_empty() {
        return NO_PODS.into();
    }
    let mut w = TabWriter::get();
    let mut out = String::new();
    // The header goes out with the first row.
    for (i, cells) in rows.iter().enumerate() {
        w.write(&(cells.join("\t") + "\n"));
        if i > 0 {
            out.push_str(&w.flush());
        }
    }
    out
}

/// The cells of `get_pods_watch`: the header, then each row as it would be
/// printed; empty when no pod ever existed. A terminal lays them out with
/// the tabwriter, the page as a table.
pub fn get_pods_watch_cells(history: &History, t: Millis) -> Vec<Vec<String>> {
    let table = Table::new(history);
    let mut rows = Vec::new();
    let mut shown: Vec<Option<PodRow>> = vec![None; history.pods.len()];
    let mut replay = Replay::new(history);
    let records = history.until(t);
    let mut next = 0;
    for now in change_times(history, t) {
        let mut touched: Vec<PodId> = vec![];
        while next < records.len() && records[next].t() <= now {
            replay.apply(&records[next]);
            touched.extend(changed_pod(&records[next]));
            next += 1;
        }
        let created = history.pods.iter().enumerate().filter(|(_, p)| p.created_ms == now).map(|(id, _)| id as PodId);
        touched.splice(0..0, created);
        for id in dedup(touched) {
            let exists = replay.exists(id, now);
            let row = PodRow::of(history, &replay.pod_state(id));
            let previous = &mut shown[id as usize];
            // A deleted pod gets a last row; otherwise only changes show.
            let deleted = !exists && previous.is_some();
            let changed = exists && previous.as_ref().is_none_or(|p| !p.same_columns(&row));
            if deleted || changed {
                if rows.is_empty() {
                    rows.push(table.header());
                }
                rows.push(table.cells(&row, now));
                *previous = if deleted { None } else { Some(row) };
            }
        }
    }
    rows
}

/// kubectl's answer (on stderr) to an empty list.
pub const NO_PODS: &str = "No resources found in default namespace.\n";

/// The instants at which some pod may have changed: creations and pod or
/// container status records, in time order.
fn change_times(history: &History, t: Millis) -> Vec<Millis> {
    let creations = history.pods.iter().map(|p| p.created_ms).filter(|&c| c <= t);
    let statuses = history.until(t).iter().filter(|r| changed_pod(r).is_some()).map(Record::t);
    let mut times: Vec<Millis> = creations.chain(statuses).collect();
    crate::sort::sort(&mut times);
    times.dedup();
    times
}

/// The pod whose `kubectl get` row a record can change.
fn changed_pod(record: &Record) -> Option<PodId> {
    match record {
        Record::Pod(r) => Some(r.pod),
        Record::Container(r) => Some(r.pod),
        _ => None,
    }
}

fn dedup(ids: Vec<PodId>) -> Vec<PodId> {
    let mut seen = vec![];
    for id in ids {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    seen
}

/// The header and row layout, with a NAMESPACE column when pods span
/// several namespaces (as `kubectl get pods -A` prints).
struct Table {
    namespaced: bool,
    kubectl: Kubectl,
}

impl Table {
    fn new(history: &History) -> Table {
        let first = history.pods.first().map(|p| &p.namespace);
        Table {
            namespaced: history.pods.iter().any(|p| Some(&p.namespace) != first),
            kubectl: history.cluster.kubectl(),
        }
    }

    fn header(&self) -> Vec<String> {
        let ns = self.namespaced.then_some("NAMESPACE");
        ns.into_iter().chain(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]).map(String::from).collect()
    }

    fn cells(&self, row: &PodRow, t: Millis) -> Vec<String> {
        let ns = self.namespaced.then(|| row.namespace.clone());
        ns.into_iter().chain([row.name.clone()]).chain(row.cells(t, self.kubectl)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{Cluster, Version};
    use crate::history::{PodRecord, Record};
    use crate::view::testing::*;

    fn one_pod(containers: Vec<crate::spec::Container>, records: Vec<Record>) -> History {
        let mut h = history(vec![pod_info("web-0", 0, containers)]);
        h.records = records;
        h
    }

    /// printPod: a container waiting in back-off shows its waiting reason,
    /// and RESTARTS carries the age of the latest lastState finishedAt.
    #[test]
    fn crash_loop_back_off_with_restart_age() {
        let mut c = waiting(0, 0, 110_000, "CrashLoopBackOff", 3);
        c.last_state = Some(terminated(1, TerminatedReason::Error, 95_000, 110_000));
        let h = one_pod(vec![container("app")], vec![pod_record(0, 1_000, PodPhase::Running, false), Record::from(c)]);
        assert_eq!(
            get_pods(&h, 130_000),
            "NAME    READY   STATUS             RESTARTS      AGE\n\
             web-0   0/1     CrashLoopBackOff   3 (20s ago)   2m10s\n"
        );
    }

    /// Ages count from whole-second API times: a restart that finished at
    /// 95.6 s is 20 s old at 115.4 s (115.4 - 95), not 19 s; a pod created at
    /// 30.9 s is 85 s old, not 84 s.
    #[test]
    fn ages_count_from_whole_seconds() {
        let mut c = running_status(0, 0, 96_000, 3, true);
        c.last_state = Some(terminated(1, TerminatedReason::Error, 90_000, 95_600));
        let mut h =
            one_pod(vec![container("app")], vec![pod_record(0, 31_000, PodPhase::Running, true), Record::from(c)]);
        h.pods[0].created_ms = 30_900;
        assert_eq!(
            get_pods(&h, 115_400),
            "NAME    READY   STATUS    RESTARTS      AGE\n\
             web-0   1/1     Running   3 (20s ago)   85s\n"
        );
    }

    /// kubectl before 1.22 printed the restart count alone (#100142).
    #[test]
    fn restarts_without_their_age_before_kubectl_1_22() {
        let mut c = waiting(0, 0, 110_000, "CrashLoopBackOff", 3);
        c.last_state = Some(terminated(1, TerminatedReason::Error, 95_000, 110_000));
        let mut h =
            one_pod(vec![container("app")], vec![pod_record(0, 1_000, PodPhase::Running, false), Record::from(c)]);
        h.cluster = Cluster::new(Version::new(21).unwrap());
        assert_eq!(
            get_pods(&h, 130_000),
            "NAME    READY   STATUS             RESTARTS   AGE\n\
             web-0   0/1     CrashLoopBackOff   3          2m10s\n"
        );
        h.cluster = Cluster::new(Version::new(22).unwrap());
        assert!(get_pods(&h, 130_000).contains("3 (20s ago)"));
    }

    /// A deleted pod whose phase is already terminal: kubectl 1.31 prints the
    /// phase's reason (`Completed`), older kubectl `Terminating` (#122038).
    #[test]
    fn a_terminal_pod_being_deleted() {
        let done = exited(0, 0, 9_000, terminated(0, TerminatedReason::Completed, 1_000, 9_000), 0);
        let finished = Record::from(PodRecord { deletion: Some(40_000), ..pod_status(PodPhase::Succeeded, 9_500) });
        let mut h = one_pod(
            vec![container("app")],
            vec![pod_record(0, 1_000, PodPhase::Running, true), Record::from(done), finished],
        );
        h.cluster = Cluster::new(Version::new(31).unwrap());
        assert!(get_pods(&h, 10_000).contains("web-0   0/1     Completed   0 "), "{}", get_pods(&h, 10_000));
        h.cluster = Cluster::new(Version::new(30).unwrap());
        assert!(get_pods(&h, 10_000).contains("web-0   0/1     Terminating   0 "), "{}", get_pods(&h, 10_000));
    }

    /// printPod: readiness shows only in READY; a running container that is
    /// not ready still reads `Running`.
    #[test]
    fn running_but_not_ready() {
        let h = one_pod(
            vec![container("app")],
            vec![pod_record(0, 1_000, PodPhase::Running, false), running(0, 0, 2_000, 0, false)],
        );
        assert_eq!(
            get_pods(&h, 5_000),
            "NAME    READY   STATUS    RESTARTS   AGE\nweb-0   0/1     Running   0          5s\n"
        );
    }

    /// printPod: a terminated reason (here `Error`) shows until the
    /// container waits again; `ContainerCreating` is a waiting reason.
    #[test]
    fn terminated_and_creating_reasons() {
        let c = exited(0, 0, 9_000, terminated(137, TerminatedReason::Error, 1_000, 9_000), 0);
        let h = one_pod(
            vec![container("app")],
            vec![
                pod_record(0, 0, PodPhase::Pending, false),
                Record::from(waiting(0, 0, 0, "ContainerCreating", 0)),
                Record::from(c),
            ],
        );
        assert!(get_pods(&h, 500).contains("web-0   0/1     ContainerCreating   0          0s\n"));
        assert!(get_pods(&h, 9_000).contains("web-0   0/1     Error    0          9s\n"));
    }

    /// printPod: `Completed` beside a running ready container becomes
    /// `NotReady` (pod Ready condition false) or `Running` (true).
    #[test]
    fn completed_beside_running_is_not_ready_or_running() {
        let done = exited(0, 0, 5_000, terminated(0, TerminatedReason::Completed, 1_000, 5_000), 0);
        let records =
            vec![pod_record(0, 1_000, PodPhase::Running, false), Record::from(done), running(0, 1, 1_000, 0, true)];
        let mut h = one_pod(vec![container("a"), container("b")], records);
        assert!(get_pods(&h, 6_000).contains("1/2     NotReady"));
        h.records.push(pod_record(0, 7_000, PodPhase::Running, true));
        assert!(get_pods(&h, 7_000).contains("1/2     Running"));
    }

    /// printPod: a deletion timestamp on a non-terminal pod reads
    /// `Terminating`; restarts of every container add up.
    #[test]
    fn terminating_pod() {
        let deleting = Record::from(PodRecord { deletion: Some(60_000), ..pod_status(PodPhase::Running, 50_000) });
        let h = one_pod(
            vec![container("app")],
            vec![pod_record(0, 1_000, PodPhase::Running, true), running(0, 0, 2_000, 2, true), deleting],
        );
        assert_eq!(
            get_pods(&h, 50_000),
            "NAME    READY   STATUS        RESTARTS   AGE\nweb-0   1/1     Terminating   2          50s\n"
        );
    }

    fn pod_status(phase: PodPhase, t: Millis) -> PodRecord {
        match pod_record(0, t, phase, true) {
            Record::Pod(p) => *p,
            _ => unreachable!(),
        }
    }

    /// printPod: READY counts started sidecars; an unstarted sidecar keeps
    /// the pod in `Init:0/1` and its containers are not counted.
    #[test]
    fn sidecars_count_in_ready_and_block_init() {
        let mut sidecar = container("proxy");
        sidecar.role = crate::spec::ContainerRole::Sidecar;
        let mut unstarted = running_status(0, 1, 1_000, 0, false);
        unstarted.started = false;
        let records = vec![
            pod_record(0, 1_000, PodPhase::Pending, false),
            Record::from(unstarted),
            running(0, 1, 4_000, 1, true),
            running(0, 0, 5_000, 0, true),
        ];
        let h = one_pod(vec![container("app"), sidecar], records);
        assert!(get_pods(&h, 2_000).contains("web-0   0/2     Init:0/1   0          2s\n"));
        assert!(get_pods(&h, 5_000).contains("web-0   2/2     Pending   1          5s\n"));
    }

    #[test]
    fn no_pods() {
        assert_eq!(get_pods(&history(vec![]), 0), "No resources found in default namespace.\n");
    }

    /// `kubectl get pods -w`: one row per visible change, each flushed alone
    /// so a wider STATUS widens only the rows after it; a deleted pod gets a
    /// last row.
    #[test]
    fn watch_prints_a_row_per_change() {
        let mut back_off = waiting(0, 0, 40_000, "CrashLoopBackOff", 1);
        back_off.last_state = Some(terminated(137, TerminatedReason::Error, 2_000, 40_000));
        let records = vec![
            pod_record(0, 1_000, PodPhase::Pending, false),
            Record::from(waiting(0, 0, 1_000, "ContainerCreating", 0)),
            pod_record(0, 2_000, PodPhase::Running, false),
            running(0, 0, 2_000, 0, false),
            // A probe does not change the row; a status re-sent unchanged neither.
            probe(0, 0, crate::spec::ProbeKind::Readiness, 3_000, crate::history::ProbeResult::Success),
            pod_record(0, 4_000, PodPhase::Running, false),
            Record::from(back_off),
            removed(0, 90_000),
        ];
        let h = one_pod(vec![container("app")], records);
        assert_eq!(
            get_pods_watch(&h, 100_000),
            "NAME    READY   STATUS    RESTARTS   AGE\n\
             web-0   0/1     Pending   0          0s\n\
             web-0   0/1     ContainerCreating   0          1s\n\
             web-0   0/1     Running             0          2s\n\
             web-0   0/1     CrashLoopBackOff    1 (0s ago)   40s\n\
             web-0   0/1     Terminating         1 (50s ago)   90s\n"
        );
    }
}
