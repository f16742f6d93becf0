//! The probe report: for each probed container, the answers to the
//! questions an SRE comes with, each read off what-if runs of the scenario
//! (`whatif`). Times in answers are lengths from a moment the answer names
//! (the container's start, the moment the app hangs), so they read the same
//! whatever the scenario clock; the what-ifs behind them are kept so that
//! any answer can be opened as a scenario.

use super::facts::{Target, empty_service, workload_pods};
use super::whatif::{App, Fault, Scope, WhatIf, clock, described_start, first_pod, secs};
use crate::history::{EventReason, History, Millis, PodId, ProbeResult, Record};
use crate::sim::timings::{PLEG_RELIST_PERIOD, PLEG_RELIST_PHASE};
use crate::spec::{Container, ProbeKind, Workload, WorkloadKind};
use std::collections::HashMap;

/// How long a what-if runs past the moment its question starts: long
/// enough for any probe this side of absurd to give its verdict, and for a
/// restart to come back.
const HORIZON: Millis = 10 * 60_000;
/// The outage the fleet what-if gives every replica at once.
pub const FLEET_OUTAGE: Millis = 60_000;
/// A start longer than any run: the app never serves.
const NEVER_SERVES: Millis = 7 * 24 * 3_600_000;

/// Which probe decides when the container turns ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The readiness probe's first success.
    Readiness,
    /// The startup probe's first success (readiness, if any, passes at once).
    Startup,
    /// No probe: ready as soon as the kubelet sees it running.
    Running,
}

impl Gate {
    pub fn name(self) -> &'static str {
        match self {
            Gate::Readiness => "readiness",
            Gate::Startup => "startup",
            Gate::Running => "running",
        }
    }
}

/// Earliest and latest of one answer over the what-ifs that asked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub earliest: Millis,
    pub latest: Millis,
}

impl Range {
    fn of(values: impl IntoIterator<Item = Millis>) -> Option<Range> {
        values.into_iter().fold(None, |r: Option<Range>, v| {
            Some(r.map_or(Range { earliest: v, latest: v }, |r| Range {
                earliest: r.earliest.min(v),
                latest: r.latest.max(v),
            }))
        })
    }

    /// `30 s`, or `30 to 40 s` when the runs differ.
    pub fn text(&self) -> String {
        if self.earliest == self.latest {
            secs(self.earliest)
        } else {
            format!("{} to {}", secs(self.earliest).trim_end_matches(" s"), secs(self.latest))
        }
    }
}

#[derive(Debug, Clone)]
pub struct TimeToReady {
    /// From the container's start, over the worker-tick phases.
    pub after_start: Range,
    pub gate: Gate,
    /// In the first what-if: when the pod was created and when it was Ready.
    pub created: Millis,
    pub ready: Millis,
}

#[derive(Debug, Clone)]
pub enum Budget {
    /// Nothing kills a slow start: an app that never serves is not killed
    /// in a run of `watched`.
    Unlimited { watched: Millis },
    /// Starts up to `least` survive in every phase of the probes' ticks,
    /// up to `most` in the luckiest; `past` is what a start past `most`
    /// gets.
    Limited {
        least: Millis,
        most: Millis,
        /// The image pull that gives the shortest budget (its phase).
        least_pull: Millis,
        /// Runs at both edges agree: the budget survives, a millisecond more
        /// is killed.
        proven: bool,
        past: Past,
    },
    /// Even an app that serves at once is killed before it is ready.
    None { past: Past },
}

/// What a start just past the budget gets.
#[derive(Debug, Clone)]
pub struct Past {
    pub start: Millis,
    /// When the container was killed (scenario clock).
    pub kills: Vec<Millis>,
    pub crash_loop_from: Option<Millis>,
    pub ready: Option<Millis>,
    /// A readiness or startup probe decides when it is ready.
    pub gated: bool,
    pub whatif: WhatIf,
    pub horizon: Millis,
}

/// What one fault does, over the phases tried; times from the fault.
#[derive(Debug, Clone)]
pub struct Outage {
    pub fault: &'static str,
    /// The runs (one per phase of the probes' ticks against the fault).
    pub runs: Vec<OutageRun>,
}

#[derive(Debug, Clone)]
pub struct OutageRun {
    pub whatif: WhatIf,
    pub history: History,
    /// When the fault begins (scenario clock).
    pub at: Millis,
    pub unready: Option<Millis>,
    pub out_of_service: Option<Millis>,
    pub killed: Option<Millis>,
    pub restarted: Option<Millis>,
    pub serving_again: Option<Millis>,
    /// When each probe reached its failure threshold.
    pub trips: Vec<(ProbeKind, Millis)>,
    pub horizon: Millis,
}

impl Outage {
    /// An answer over the runs, as lengths from the fault; `None` when no
    /// run saw it, and the count of runs that did.
    pub fn range(&self, of: impl Fn(&OutageRun) -> Option<Millis>) -> (Option<Range>, usize) {
        let seen: Vec<Millis> = self.runs.iter().filter_map(|r| of(r).map(|t| t - r.at)).collect();
        (Range::of(seen.iter().copied()), seen.len())
    }

    /// Which probe reached its verdict first, in each run.
    pub fn first_trips(&self) -> Vec<ProbeKind> {
        let mut kinds: Vec<ProbeKind> = Vec::new();
        for run in &self.runs {
            let Some(first) = run.trips.iter().map(|(_, t)| *t).min() else { continue };
            for (kind, _) in run.trips.iter().filter(|(_, t)| *t == first) {
                if !kinds.contains(kind) {
                    kinds.push(*kind);
                }
            }
        }
        kinds
    }
}

#[derive(Debug, Clone)]
pub struct Fleet {
    pub replicas: usize,
    pub from: Millis,
    pub until: Millis,
    /// Replicas killed during the outage, with when.
    pub kills: Vec<Millis>,
    pub killed_replicas: usize,
    /// When the Services had no ready endpoint: `(from, until)`.
    pub empty: Vec<(Millis, Option<Millis>)>,
    pub whatif: WhatIf,
    pub history: History,
    pub horizon: Millis,
}

#[derive(Debug, Clone)]
pub struct Rollout {
    pub at: Millis,
    /// When every replica runs the new template and is ready; `None`: not
    /// within the run.
    pub done: Option<Millis>,
    /// The fewest replicas ready (and not terminating) during the rollout.
    pub fewest_serving: usize,
    pub replicas: usize,
    pub whatif: WhatIf,
    pub horizon: Millis,
}

#[derive(Debug, Clone)]
pub struct ContainerReport {
    /// `Deployment/web`.
    pub workload: String,
    pub container: String,
    pub sidecar: bool,
    pub replicas: usize,
    /// Where the container is written.
    pub line: u32,
    pub column: u32,
    /// The start assumed (the behaviour's `startup`, else 0).
    pub startup: Millis,
    pub ready: Option<TimeToReady>,
    pub budget: Budget,
    pub hang: Option<Outage>,
    pub fail_fast: Option<Outage>,
    pub crash: Option<Outage>,
    pub fleet: Option<Fleet>,
    pub rollout: Option<Rollout>,
    /// The healthy what-if the other answers start from.
    pub healthy: WhatIf,
}

/// Kinds whose pods run until stopped: the questions are about them.
pub fn long_running(w: &Workload) -> bool {
    !matches!(w.kind, WorkloadKind::Job | WorkloadKind::CronJob) && w.replicas > 0
}

/// The probe's period, for choosing phases.
fn period(c: &Container, kind: ProbeKind) -> Option<Millis> {
    c.probe(kind).map(|p| Millis::from(p.period_seconds) * 1000)
}

/// The container's place in its pod and its first pod in a run.
fn target(scope: &Scope, h: &History) -> Option<Target> {
    let pod = first_pod(h, scope.subject.workload(&scope.workloads))?;
    Some(Target { pod, container: scope.subject.container as u16 })
}

/// Runs a what-if until the analysed container is ready or killed.
async fn until_ready_or_killed(whatif: &WhatIf, scope: &Scope, horizon: Millis) -> History {
    let container = scope.subject.container as u16;
    let owner = owner(scope.subject.workload(&scope.workloads));
    whatif
        .run(horizon, |h, r| match r {
            Record::Container(c) => c.ready && c.container == container && h.pod(c.pod).workload == owner,
            Record::Event(e) => {
                e.reason == EventReason::Killing
                    && e.container == Some(container)
                    && e.pod.is_some_and(|p| h.pod(p).workload == owner)
            }
            _ => false,
        })
        .await
}

fn owner(w: &Workload) -> String {
    format!("{}/{}", w.kind.name(), w.name)
}

/// Time to Ready of the scope's container, with the app starting in
/// `startup`, and the healthy what-if it starts from.
pub async fn time_to_ready_of(scope: &Scope, startup: Millis) -> (Option<TimeToReady>, WhatIf) {
    let (_, pull) = described_start(scope);
    let healthy = WhatIf::healthy(scope, &App { startup, pull });
    let baseline = until_ready_or_killed(&healthy, scope, startup + HORIZON).await;
    (time_to_ready(scope, &baseline, startup, pull).await, healthy)
}

/// The start-up budget of the scope's container.
pub async fn budget_of(scope: &Scope) -> Budget {
    budget(scope, described_start(scope).1).await
}

/// `fault` (a crash for `None`) meets the scope's container at `at`, its
/// app otherwise healthy as described.
pub async fn fault_run(scope: &Scope, fault: Fault, at: Millis) -> OutageRun {
    let (startup, pull) = described_start(scope);
    outage_run(scope, &WhatIf::healthy(scope, &App { startup, pull }), Some(fault), at).await
}

/// Everything the report says of one container.
pub async fn container_report(scope: &Scope) -> ContainerReport {
    let w = scope.subject.workload(&scope.workloads);
    let c = scope.subject.container(&scope.workloads);
    let (startup, base_pull) = described_start(scope);
    let healthy = WhatIf::healthy(scope, &App { startup, pull: base_pull });
    let baseline = until_ready_or_killed(&healthy, scope, startup + HORIZON).await;
    let ready = time_to_ready(scope, &baseline, startup, base_pull).await;
    let budget = budget(scope, base_pull).await;
    let steady_at = ready.as_ref().map(|r| r.ready);
    let (mut hang, mut fail_fast, mut crash, mut all_ready_at) = (None, None, None, None);
    if let Some(at) = steady_at {
        hang = Some(outage(scope, &healthy, at, Some(Fault::Hang)).await);
        fail_fast = Some(outage(scope, &healthy, at, Some(Fault::FailFast)).await);
        crash = Some(outage(scope, &healthy, at, None).await);
        all_ready_at = all_ready(scope, &healthy, startup).await;
    }
    let mut fleet_run = None;
    let mut rollout_run = None;
    if let Some(at) = all_ready_at {
        if w.replicas > 1 {
            fleet_run = Some(fleet(scope, &healthy, at).await);
        }
        if matches!(w.kind, WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet) {
            rollout_run = Some(rollout(scope, &healthy, at).await);
        }
    }
    let history_replicas = baseline.pods.iter().filter(|p| p.workload == owner(w)).count();
    ContainerReport {
        workload: owner(w),
        container: c.name.clone(),
        sidecar: c.is_sidecar(),
        replicas: if w.kind == WorkloadKind::DaemonSet { history_replicas } else { w.replicas as usize },
        line: c.span.line,
        column: c.span.col,
        startup,
        ready,
        budget,
        hang,
        fail_fast,
        crash,
        fleet: fleet_run,
        rollout: rollout_run,
        healthy,
    }
}

/// Time to Ready over the phases: the first run, then runs whose image pull
/// moves the container's start against the relist (1 ms before one, 1 ms
/// after) and, when the startup probe gates it, against the startup
/// probe's ticks (a tick exactly at the moment the app serves, and 1 ms
/// before it).
async fn time_to_ready(
    scope: &Scope,
    baseline: &History,
    startup: Millis,
    base_pull: Option<Millis>,
) -> Option<TimeToReady> {
    let c = scope.subject.container(&scope.workloads);
    let t = target(scope, baseline)?;
    let start = *t.events(baseline, "Started", 0).first()?;
    let ready = t.ready_at(baseline, 0)?;
    let killed_first = t.events(baseline, "Killing", 0).first().is_some_and(|k| *k < ready);
    if killed_first {
        return None;
    }
    let gate = match (c.readiness_probe.is_some(), t.first_success(baseline, ProbeKind::Startup)) {
        (_, Some(s)) if s == ready => Gate::Startup,
        (true, _) => Gate::Readiness,
        (false, _) if c.startup_probe.is_some() => Gate::Startup,
        _ => Gate::Running,
    };
    let base = base_pull.unwrap_or(0);
    // Shifts of the start: onto a relist instant's either side.
    let relist = |offset: Millis| {
        let next = (start - PLEG_RELIST_PHASE).div_euclid(PLEG_RELIST_PERIOD) * PLEG_RELIST_PERIOD
            + PLEG_RELIST_PHASE
            + PLEG_RELIST_PERIOD;
        (next + offset - start).rem_euclid(PLEG_RELIST_PERIOD)
    };
    let mut shifts = vec![relist(-1), relist(1)];
    if gate == Gate::Startup
        && let (Some(p), Some(tick)) =
            (period(c, ProbeKind::Startup), t.probe_starts(baseline, ProbeKind::Startup, 0).first())
    {
        let delay = c.startup_probe.as_ref().map_or(0, |p| Millis::from(p.initial_delay_seconds) * 1000);
        let serves = startup.max(delay);
        let aligned = (tick - start - serves).rem_euclid(p);
        shifts.push(aligned);
        shifts.push((aligned + 1) % p);
    }
    let mut after_start = vec![ready - start];
    for shift in shifts {
        let whatif = WhatIf::healthy(scope, &App { startup, pull: Some(base + shift) });
        let h = until_ready_or_killed(&whatif, scope, base + shift + startup + HORIZON).await;
        let Some(t) = target(scope, &h) else { continue };
        if let (Some(s), Some(r)) = (t.events(&h, "Started", 0).first(), t.ready_at(&h, 0)) {
            after_start.push(r - s);
        }
    }
    let created = baseline.pod(t.pod).created_ms;
    Some(TimeToReady { after_start: Range::of(after_start)?, gate, created, ready })
}

/// Whether a start of `startup` is tolerated in one phase (`pull`): the
/// probe that kills a slow start passes before it reaches its failure
/// threshold, so the container is not killed.
async fn tolerated(scope: &Scope, startup: Millis, pull: Option<Millis>, killer: ProbeKind) -> bool {
    let whatif = WhatIf::healthy(scope, &App { startup, pull });
    let container = scope.subject.container as u16;
    let mut killed = false;
    whatif
        .run(pull.unwrap_or(0) + startup + HORIZON, |h, r| match r {
            Record::Event(e) if e.reason == EventReason::Killing && e.container == Some(container) => {
                killed = true;
                true
            }
            Record::Probe(p) => {
                p.container() == container
                    && p.probe == killer
                    && matches!(h.answer(p).result, ProbeResult::Success | ProbeResult::Warning)
            }
            _ => false,
        })
        .await;
    !killed
}

/// The start-up budget, measured with the simulator in each phase of the
/// probe that kills a slow start (the startup probe, else liveness) against
/// the container's start: an app that never serves is run until its first
/// kill, and the budget is how long after the start the probe that reached
/// the failure threshold went out (an app serving by then passes it). The
/// phases move the start with the image pull to either side of every PLEG
/// relist within one period of that probe (the kubelet sees a new container
/// at a relist) and onto the probe's initial delay. The shortest and the
/// longest budget are then checked by runs at the edge: a start of exactly
/// the budget survives, one a millisecond longer is killed.
async fn budget(scope: &Scope, pull: Option<Millis>) -> Budget {
    let c = scope.subject.container(&scope.workloads);
    let base = pull.unwrap_or(0);
    // Without either probe nothing should kill a slow start: the run shows it.
    let killer = [ProbeKind::Startup, ProbeKind::Liveness].into_iter().find(|k| c.probe(*k).is_some());
    let Some((first, h)) = measure_budget(scope, base, killer.unwrap_or(ProbeKind::Liveness)).await else {
        return Budget::Unlimited { watched: HORIZON };
    };
    let Some(killer) = killer else { return Budget::None { past: past(scope, 0, pull).await } };
    let mut pulls = vec![];
    if let Some(t) = target(scope, &h)
        && let Some(&start) = t.events(&h, "Started", 0).first()
        && let Some(&tick) = t.probe_starts(&h, killer, 0).first()
        && let Some(p) = period(c, killer)
    {
        let delay = c.probe(killer).map_or(0, |p| Millis::from(p.initial_delay_seconds) * 1000);
        let aligned = (tick - start - delay).rem_euclid(p);
        let mut shifts = vec![aligned, (aligned + 1) % p];
        let relists = (p / PLEG_RELIST_PERIOD).clamp(1, 10);
        for j in 0..relists {
            let from = start + j * p / relists;
            let next = (from - PLEG_RELIST_PHASE).div_euclid(PLEG_RELIST_PERIOD) * PLEG_RELIST_PERIOD
                + PLEG_RELIST_PHASE
                + PLEG_RELIST_PERIOD;
            shifts.extend([(next - 1 - start).rem_euclid(p), (next + 1 - start).rem_euclid(p)]);
        }
        for shift in shifts {
            if shift != 0 && !pulls.contains(&(base + shift)) {
                pulls.push(base + shift);
            }
        }
    }
    let mut measured = vec![(first, base)];
    for &pull in &pulls {
        if let Some((b, _)) = measure_budget(scope, pull, killer).await {
            measured.push((b, pull));
        }
    }
    let (least, least_pull) = *measured.iter().min_by_key(|m| m.0).expect("the first phase");
    let (most, most_pull) = *measured.iter().max_by_key(|m| m.0).expect("the first phase");
    if least < 0 || !tolerated(scope, 0, Some(least_pull), killer).await {
        return Budget::None { past: past(scope, 0, pull).await };
    }
    let edges = [(least, least_pull), (most, most_pull)];
    let mut proven = true;
    for (b, pull) in edges {
        proven = tolerated(scope, b, Some(pull), killer).await && !tolerated(scope, b + 1, Some(pull), killer).await;
        if !proven {
            break;
        }
    }
    // Past the longest budget a start is killed in every phase: the next
    // whole second shows what it gets.
    let beyond = (most / 1000 + 1) * 1000;
    Budget::Limited { least, most, least_pull, proven, past: past(scope, beyond, pull).await }
}

/// In one phase (`pull`): how long after the container's start the probe
/// that killed an app that never serves went out, and the run. `None`: no
/// kill.
async fn measure_budget(scope: &Scope, pull: Millis, killer: ProbeKind) -> Option<(Millis, History)> {
    let whatif = WhatIf::healthy(scope, &App { startup: NEVER_SERVES, pull: Some(pull) });
    let container = scope.subject.container as u16;
    let h = whatif
        .run(
            pull + HORIZON,
            |_, r| matches!(r, Record::Event(e) if e.reason == EventReason::Killing && e.container == Some(container)),
        )
        .await;
    let t = target(scope, &h)?;
    let start = *t.events(&h, "Started", 0).first()?;
    let kill = *t.events(&h, "Killing", 0).first()?;
    let last = h.records.iter().rev().find_map(|r| match r {
        Record::Probe(p) if p.pod == t.pod && p.container() == container && p.probe == killer && p.t() <= kill => {
            Some(p.start())
        }
        _ => None,
    })?;
    Some((last - start, h))
}

/// What a start of `start` gets over the whole horizon.
async fn past(scope: &Scope, start: Millis, pull: Option<Millis>) -> Past {
    let c = scope.subject.container(&scope.workloads);
    let gated = c.readiness_probe.is_some() || c.startup_probe.is_some();
    let whatif = WhatIf::healthy(scope, &App { startup: start, pull });
    let horizon = start + HORIZON;
    let h = whatif.run(horizon, |_, _| false).await;
    let t = target(scope, &h);
    Past {
        start,
        kills: t.map(|t| t.events(&h, "Killing", 0)).unwrap_or_default(),
        crash_loop_from: t.and_then(|t| t.crash_loop_from(&h)),
        // Without a readiness or startup probe, ready says nothing of serving.
        ready: t.filter(|_| gated).and_then(|t| t.ready_at(&h, 0)),
        gated,
        whatif,
        horizon,
    }
}

/// One fault at phases that bound each probe's verdict: at the instant a
/// probe goes out (it meets the fault at once) and a millisecond later (it
/// passed, the next one meets it), for readiness and liveness. A crash
/// does not wait for a probe: one run.
async fn outage(scope: &Scope, healthy: &WhatIf, ready: Millis, fault: Option<Fault>) -> Outage {
    let c = scope.subject.container(&scope.workloads);
    // A steady moment: the app has been ready for a while and every probe
    // has had its first run.
    let settle = ready + 30_000 + c.liveness_probe.as_ref().map_or(0, |p| Millis::from(p.initial_delay_seconds) * 1000);
    let settle = (settle + 999) / 1000 * 1000;
    let mut moments = vec![settle];
    if fault.is_some() {
        let longest = ProbeKind::ALL.iter().filter_map(|k| period(c, *k)).max().unwrap_or(10_000);
        let steady = healthy.run(settle + longest + 1_000, |_, _| false).await;
        if let Some(t) = target(scope, &steady) {
            moments.clear();
            for kind in [ProbeKind::Readiness, ProbeKind::Liveness] {
                if let Some(&s) = t.probe_starts(&steady, kind, settle).first() {
                    moments.extend([s, s + 1]);
                }
            }
            if moments.is_empty() {
                moments.push(settle);
            }
        }
    }
    let mut runs = Vec::with_capacity(moments.len());
    for at in moments {
        runs.push(outage_run(scope, healthy, fault, at).await);
    }
    let fault = fault.map_or("crash", Fault::name);
    Outage { fault, runs }
}

async fn outage_run(scope: &Scope, healthy: &WhatIf, fault: Option<Fault>, at: Millis) -> OutageRun {
    let c = scope.subject.container(&scope.workloads);
    let whatif = match fault {
        Some(fault) => healthy.clone().with_fault(scope.subject, fault, at),
        None => healthy.clone().with_crash(scope.subject, at),
    };
    let horizon = at + HORIZON;
    let container = scope.subject.container as u16;
    let owner = owner(scope.subject.workload(&scope.workloads));
    // Done once the container is ready again after the fault took it out.
    let mut out = false;
    let history = whatif
        .run(horizon, |h, r| match r {
            Record::Container(s) if s.t >= at && s.container == container && h.pod(s.pod).workload == owner => {
                if !s.ready {
                    out = true;
                }
                out && s.ready && s.t > at
            }
            _ => false,
        })
        .await;
    let t = target(scope, &history);
    let unready = t.and_then(|t| t.unready_at(&history, at));
    let trips = t
        .map(|t| {
            ProbeKind::ALL
                .iter()
                .filter_map(|&kind| {
                    let threshold = c.probe(kind)?.failure_threshold;
                    Some((kind, *t.trips(&history, kind, threshold, at).first()?))
                })
                .collect()
        })
        .unwrap_or_default();
    OutageRun {
        at,
        unready,
        out_of_service: t.and_then(|t| t.out_of_service(&history, at)),
        killed: t.and_then(|t| t.events(&history, "Killing", at).first().copied()),
        restarted: t.and_then(|t| t.events(&history, "Started", at + 1).first().copied()),
        serving_again: unready.and_then(|u| t.and_then(|t| t.ready_at(&history, u + 1))),
        trips,
        whatif,
        history,
        horizon,
    }
}

/// When every replica of the workload is first ready at once, in the
/// healthy what-if.
async fn all_ready(scope: &Scope, healthy: &WhatIf, startup: Millis) -> Option<Millis> {
    let w = scope.subject.workload(&scope.workloads);
    let mut pods = StepPods::new(owner(w));
    let mut all = false;
    let mut when = None;
    healthy
        .run(startup + 3 * HORIZON, |h, r| {
            if let Record::Pod(_) = r
                && when.is_none()
            {
                if pods.update(h) {
                    let ready = pods.serving();
                    all = ready > 0 && ready >= expected_replicas(w, pods.pods.len());
                }
                if all {
                    when = Some(r.t());
                }
            }
            when.is_some()
        })
        .await;
    when
}

/// The replicas a workload wants (a DaemonSet: one per node, as many as it
/// made).
fn expected_replicas(w: &Workload, made: usize) -> usize {
    if w.kind == WorkloadKind::DaemonSet { made } else { w.replicas as usize }
}

/// A workload's pods as each step of a run leaves them, for the `done`
/// of a run that asks about all of them. `done` sees every record of a
/// step with the history at the step's end, so the answer is the same for
/// each: it is worked out once per step, from each pod's last state kept
/// up to date with the records added since. (Asking the whole history for
/// each pod at each record took a quarter of a second at 100 replicas.)
struct StepPods {
    owner: String,
    /// The workload's pods, of the first `listed` of the run's pods.
    pods: Vec<PodId>,
    listed: usize,
    /// Each pod's last recorded state, of the first `read` records.
    last: HashMap<PodId, PodLast>,
    read: usize,
}

#[derive(Clone, Copy)]
struct PodLast {
    /// Ready, and not being deleted.
    serving: bool,
    removed: bool,
}

impl StepPods {
    fn new(owner: String) -> StepPods {
        StepPods { owner, pods: Vec::new(), listed: 0, last: HashMap::new(), read: 0 }
    }

    /// Reads what `h` added since the last call; false when it added
    /// nothing (the same step).
    fn update(&mut self, h: &History) -> bool {
        if self.read == h.records.len() {
            return false;
        }
        for r in &h.records[self.read..] {
            if let Record::Pod(p) = r {
                let last = PodLast { serving: p.ready && p.deletion.is_none() && !p.removed, removed: p.removed };
                self.last.insert(p.pod, last);
            }
        }
        self.read = h.records.len();
        let new = h.pods.iter().enumerate().skip(self.listed).filter(|(_, p)| p.workload == self.owner);
        self.pods.extend(new.map(|(i, _)| i as PodId));
        self.listed = h.pods.len();
        true
    }

    /// The pod's last recorded Ready condition, and it is not being deleted.
    fn is_serving(&self, pod: PodId) -> bool {
        self.last.get(&pod).is_some_and(|l| l.serving)
    }

    fn is_removed(&self, pod: PodId) -> bool {
        self.last.get(&pod).is_some_and(|l| l.removed)
    }

    /// How many of the workload's pods serve.
    fn serving(&self) -> usize {
        self.pods.iter().filter(|&&p| self.is_serving(p)).count()
    }
}

async fn fleet(scope: &Scope, healthy: &WhatIf, all_ready: Millis) -> Fleet {
    let w = scope.subject.workload(&scope.workloads);
    let from = (all_ready + 30_000 + 999) / 1000 * 1000;
    let until = from + FLEET_OUTAGE;
    let whatif = healthy.clone().with_shared_outage(scope.subject, from, until);
    let horizon = until + HORIZON;
    let owner = owner(w);
    let mut pods = StepPods::new(owner.clone());
    let mut all = false;
    let history = whatif
        .run(horizon, |h, r| {
            if pods.update(h) {
                all = pods.serving() == pods.pods.len();
            }
            r.t() > until + 1_000 && all
        })
        .await;
    let pods = workload_pods(&history, &owner);
    let container = scope.subject.container as u16;
    let mut kills = Vec::new();
    let mut killed_replicas = 0;
    for &pod in &pods {
        let k = Target { pod, container }.events(&history, "Killing", from);
        let k: Vec<Millis> = k.into_iter().filter(|t| *t < until).collect();
        if !k.is_empty() {
            killed_replicas += 1;
        }
        kills.extend(k);
    }
    crate::sort::sort(&mut kills);
    let empty = (0..history.services.len() as u32).flat_map(|s| empty_service(&history, s, from)).collect();
    Fleet { replicas: pods.len(), from, until, kills, killed_replicas, empty, whatif, history, horizon }
}

async fn rollout(scope: &Scope, healthy: &WhatIf, all_ready: Millis) -> Rollout {
    let w = scope.subject.workload(&scope.workloads);
    let at = (all_ready + 30_000 + 999) / 1000 * 1000;
    let whatif = healthy.clone().with_rollout(scope.subject, at);
    let new_image = match whatif.behaviour.actions.last().map(|a| &a.verb) {
        Some(crate::behaviour::Verb::Rollout(r)) => r.image.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let c = scope.subject.container;
    let horizon = at + 3 * HORIZON;
    let replicas = expected_replicas(w, 0);
    let mut fewest = usize::MAX;
    let mut done = None;
    let mut pods = StepPods::new(owner(w));
    // Of the step: how many pods serve, and whether only new ones are left
    // and enough of them serve.
    let (mut serving, mut rolled_out) = (0, false);
    whatif
        .run(horizon, |h, r| {
            if r.t() < at || !matches!(r, Record::Pod(_)) {
                return false;
            }
            if pods.update(h) {
                let is_new = |p: PodId| h.pod(p).template.spec.containers.get(c).is_some_and(|c| c.image == new_image);
                serving = pods.serving();
                let old_left = pods.pods.iter().any(|&p| !is_new(p) && !pods.is_removed(p));
                let new_ready = pods.pods.iter().filter(|&&p| is_new(p) && pods.is_serving(p)).count();
                rolled_out = !old_left && new_ready >= replicas.max(1);
            }
            fewest = fewest.min(serving);
            if rolled_out {
                done = Some(r.t());
            }
            done.is_some()
        })
        .await;
    let replicas = if w.kind == WorkloadKind::DaemonSet { fewest.max(1) } else { replicas };
    Rollout { at, done, fewest_serving: if fewest == usize::MAX { 0 } else { fewest }, replicas, whatif, horizon }
}

impl ContainerReport {
    /// The report as lines of text, for `check`.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let sidecar = if self.sidecar { " (sidecar)" } else { "" };
        out.push(format!("{} container {}{sidecar}:", self.workload, self.container));
        let start = if self.startup == 0 { "at once".to_string() } else { format!("in {}", secs(self.startup)) };
        match &self.ready {
            Some(r) => out.push(format!(
                "  time to Ready (app serving {start}): {} after the container starts, gated by {}",
                r.after_start.text(),
                r.gate.name()
            )),
            None => out.push(format!("  time to Ready (app serving {start}): never (see the start-up budget)")),
        }
        out.push(format!("  start-up budget: {}", self.budget_text()));
        for outage in [&self.hang, &self.fail_fast, &self.crash].into_iter().flatten() {
            out.push(format!("  if it {}: {}", outage_title(outage.fault), outage_text(outage)));
        }
        if let Some(f) = &self.fleet {
            out.push(format!("  fleet: {}", fleet_text(f)));
        }
        if let Some(r) = &self.rollout {
            out.push(format!("  rollout: {}", rollout_text(r)));
        }
        out
    }

    pub fn budget_text(&self) -> String {
        match &self.budget {
            Budget::Unlimited { watched } => {
                format!("no probe kills a slow start (an app that never serves is not killed in {})", secs(*watched))
            }
            Budget::Limited { least, most, past, .. } if least == most => {
                format!("starts up to {} survive; {}", secs(*least), past_text(past))
            }
            Budget::Limited { least, most, past, .. } => format!(
                "starts up to {} survive whatever the phase of the probe's ticks, up to {} in the luckiest; {}",
                secs(*least),
                secs(*most),
                past_text(past)
            ),
            Budget::None { past } => format!("none: {}", past_text(past)),
        }
    }
}

fn past_text(p: &Past) -> String {
    let mut text = format!("a start of {} is killed", secs(p.start));
    match p.kills.len() {
        0 => text = format!("a start of {} is not killed", secs(p.start)),
        n => {
            let first: Vec<String> = p.kills.iter().take(3).map(|&k| clock(k)).collect();
            text.push_str(&format!(" at {}{}", first.join(", "), if n > 3 { ", ..." } else { "" }));
        }
    }
    if let Some(t) = p.crash_loop_from {
        text.push_str(&format!(", CrashLoopBackOff from {}", clock(t)));
    }
    match p.ready {
        Some(t) => text.push_str(&format!(", Ready at {}", clock(t))),
        None if !p.gated => {}
        None => text.push_str(&format!(", never Ready in {} after the start", secs(p.horizon - p.start))),
    }
    format!("{text} ({})", p.whatif.name)
}

fn outage_title(fault: &str) -> &'static str {
    match fault {
        "hang" => "hangs",
        "fail-fast" => "fails fast",
        _ => "crashes",
    }
}

fn outage_text(o: &Outage) -> String {
    let runs = o.runs.len();
    let part = |label: &str, (range, seen): (Option<Range>, usize)| match range {
        Some(r) if seen == runs => format!("{label} after {}", r.text()),
        Some(r) => format!("{label} after {} in {seen} of {runs} runs", r.text()),
        None => format!("never {label}"),
    };
    let mut parts = Vec::new();
    let noticed = o.runs.iter().any(|r| r.unready.is_some() || r.killed.is_some() || r.restarted.is_some());
    if !noticed {
        return format!("no probe notices: it stays ready and is never restarted ({} runs)", runs);
    }
    let out = o.range(|r| r.out_of_service);
    if out.0.is_some() {
        parts.push(part("out of the Service", out));
    } else {
        parts.push(part("unready", o.range(|r| r.unready)));
    }
    if o.fault == "crash" {
        parts.push(part("restarted", o.range(|r| r.restarted)));
    } else {
        parts.push(part("killed", o.range(|r| r.killed)));
    }
    parts.push(part("serving again", o.range(|r| r.serving_again)));
    let first: Vec<&str> = o.first_trips().iter().map(|k| k.name()).collect();
    if !first.is_empty() && o.fault != "crash" {
        parts.push(match first.len() {
            1 => format!("{} trips first", first[0]),
            _ => format!("{} trips first, depending on the phase (or both at once)", first.join(" or ")),
        });
    }
    format!("{} ({} run{})", parts.join(", "), runs, if runs == 1 { "" } else { "s" })
}

fn fleet_text(f: &Fleet) -> String {
    let mut text = format!(
        "every replica hanging {}-{}: {} of {} restarted",
        clock(f.from),
        clock(f.until),
        f.killed_replicas,
        f.replicas
    );
    if let (Some(first), Some(last)) = (f.kills.first(), f.kills.last()) {
        let kills = f.kills.len();
        text.push_str(&format!(
            ", {kills} kill{} from {} to {}",
            if kills == 1 { "" } else { "s" },
            clock(*first),
            clock(*last)
        ));
    }
    match f.empty.first() {
        Some((from, Some(until))) => text.push_str(&format!(", Service empty {} to {}", clock(*from), clock(*until))),
        Some((from, None)) => text.push_str(&format!(", Service empty from {}", clock(*from))),
        None => {}
    }
    format!("{text} ({})", f.whatif.name)
}

fn rollout_text(r: &Rollout) -> String {
    match r.done {
        Some(done) => format!(
            "a new image at {} is rolled out in {}, at worst {} of {} serving ({})",
            clock(r.at),
            secs(done - r.at),
            r.fewest_serving,
            r.replicas,
            r.whatif.name
        ),
        None => format!(
            "a new image at {} is not rolled out within {} ({})",
            clock(r.at),
            secs(r.horizon - r.at),
            r.whatif.name
        ),
    }
}
