//! The cluster at the current time: each Service with its endpoints and the
//! requests it receives, and each pod as a card with its containers and
//! their probes. Readiness connects a pod to its Service; a liveness kill
//! shows the container stopping (its grace period counting down to SIGKILL)
//! and its restart count rising; a CrashLoopBackOff counts down its
//! back-off. Everything is read from `view::ClusterState` at `t`.

use crate::history::{
    ContainerRecord, ContainerState, History, Millis, PodId, PodPhase, Record, TerminatedReason, TrafficRecord,
    WaitingReason,
};
use crate::playground::state::{Shared, clock_text};
use crate::spec::Container;
use crate::spec::ProbeKind;
use crate::ui::hooks::use_stable_callback;
use crate::view::timeline::result_class;
use crate::view::{self, ClusterState, ContainerView, InitStatus, PodRow, PodState, PodStatus, ServiceState};
use std::collections::HashSet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub history: Shared<History>,
    /// `ClusterState::at(history, t)`, computed once per change for every view.
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
    pub pod: Option<String>,
    /// Probe results animate only while playing, for about 0.7 s of real time.
    pub playing: bool,
    pub speed: u32,
    /// Called with the name of the pod whose name is clicked.
    pub on_select: Callback<String>,
}

/// Probes started at or before `t` whose result comes after it.
fn in_flight(history: &History, t: Millis) -> HashSet<(PodId, u16, ProbeKind)> {
    let from = history.records.partition_point(|r| r.t() <= t);
    history.records[from..]
        .iter()
        .take_while(|r| r.t() <= t + 120_000)
        .take(20_000)
        .filter_map(|r| match r {
            Record::Probe(p) if p.start() <= t => Some((p.pod, p.container(), p.probe)),
            _ => None,
        })
        .collect()
}

/// A Service's requests in the current second. A traffic record covers one
/// second; an older one means no traffic now.
pub fn traffic_now(s: &ServiceState, t: Millis) -> Option<&TrafficRecord> {
    s.traffic.as_ref().filter(|r| t - r.t < 2000)
}

/// A CrashLoopBackOff's whole back-off and the time left of it, from the
/// back-off end the kubelet recorded.
fn back_off_left(c: &ContainerRecord, t: Millis) -> Option<(Millis, Millis)> {
    let until = c.backoff_until?;
    let finished = c.last_state.as_ref()?.finished_at;
    Some((until - finished, (until - t).max(0)))
}

fn seconds(ms: Millis) -> String {
    view::human_duration(ms.max(0))
}

#[function_component(ClusterView)]
pub fn cluster_view(props: &ClusterViewProps) -> Html {
    let history = &*props.history;
    let t = props.t;
    let state = &*props.cluster;
    let probing = in_flight(history, t);

    let services = state.services.iter().map(|s| service_box(s, t));
    let compact = state.pods.len() > COMPACT_ABOVE;
    let fresh_window = if props.playing { 700 * props.speed.max(1) as Millis } else { 0 };
    // The same callback every render, so a card is drawn only when its pod changes.
    let on_select = use_stable_callback(&props.on_select);
    let pods = state.pods.iter().map(|pod| {
        let name = &history.pod(pod.id).name;
        let keys = |pick: &dyn Fn(u16, ProbeKind) -> bool| -> Vec<(u16, ProbeKind)> {
            (0..pod.containers.len() as u16).flat_map(|c| ProbeKind::ALL.map(|k| (c, k))).filter(|&(c, k)| pick(c, k)).collect()
        };
        // Compact cards show results only: no probe in flight, no pulse of a
        // result just in, so a card changes once per result.
        let probing = keys(&|c, k| !compact && probing.contains(&(pod.id, c, k)));
        let fresh = keys(&|c, k| {
            !compact && pod.containers[c as usize].last_probe(k).is_some_and(|r| t - r.t < fresh_window)
        });
        let last_restart = PodRow::of(history, pod).last_restart;
        html! {
            <PodCard key={pod.id} history={props.history.clone()} pod={pod.clone()} t={if compact { 0 } else { t / 1000 * 1000 }} {compact}
                membership={membership(state, pod.id, t)} {probing} {fresh} selected={props.pod.as_deref() == Some(name.as_str())}
                recently_restarted={last_restart.is_some_and(|l| t - l < 3000 && t >= l)} on_select={on_select.clone()} />
        }
    });
    html! {
        <section class="cluster" aria-labelledby="cluster-title">
            <h2 class="pane-title" id="cluster-title">{ "Cluster" }</h2>
            <p class="empty" hidden={!(state.services.is_empty() && state.pods.is_empty())}>{ "No pods yet." }</p>
            <div class="services">{ for services }</div>
            <div class={classes!("pods", compact.then_some("compact"))}>{ for pods }</div>
        </section>
    }
}

fn service_box(s: &ServiceState, t: Millis) -> Html {
    let (ready, not_ready) = s.endpoints.as_ref().map_or((0, 0), |e| (e.ready.len(), e.not_ready.len()));
    let total = ready + not_ready;
    let traffic = traffic_now(s, t);
    let (ok, failed) = traffic.map_or((0, 0), |r| (r.ok, r.failed));
    let failure = traffic.and_then(|r| r.failure.clone());
    html! {
        <div class={classes!("service", (failed > 0).then_some("failing"), (ready == 0).then_some("no-endpoints"))} aria-label={format!("Service {}", s.name)}>
            <div class="service-name"><span class="kind">{ "svc/" }</span>{ s.name.clone() }</div>
            <div class="service-endpoints">{ format!("{ready}/{total} endpoints ready") }</div>
            <div class="service-traffic">
                <span class="ok">{ format!("{ok} ok/s") }</span>
                if failed > 0 {
                    <span class="failed">{ format!("{failed} failed/s") }</span>
                    if let Some(f) = failure { <span class="failure-reason">{ f }</span> }
                }
            </div>
        </div>
    }
}

/// Above this many pods the cards are compact: no clocks (age, uptime,
/// countdowns), so that a card is drawn again only when its pod changes and
/// a hundred pods play smoothly.
const COMPACT_ABOVE: usize = 24;

/// A pod's link to the Services: (class, requests flowing, what it means).
type Membership = (&'static str, bool, String);

#[derive(Properties, PartialEq)]
struct PodCardProps {
    history: Shared<History>,
    pod: PodState,
    /// The time the clocks on the card show, to the second (0 when compact).
    t: Millis,
    compact: bool,
    membership: Option<Membership>,
    /// This pod's probes in flight and with a result just in, by (container, probe).
    probing: Vec<(u16, ProbeKind)>,
    fresh: Vec<(u16, ProbeKind)>,
    selected: bool,
    recently_restarted: bool,
    on_select: Callback<String>,
}

/// The card's status class, from the STATUS kubectl prints.
fn status_class(row: &PodRow, ready: bool) -> &'static str {
    match &row.status {
        _ if row.status.completed() => "completed",
        PodStatus::Phase(PodPhase::Running) if ready => "running",
        PodStatus::Phase(PodPhase::Running) | PodStatus::NotReady => "not-ready",
        PodStatus::Terminating => "terminating",
        // Init containers at work (`Init:0/1`) are a pod on its way, as is
        // one being created; an init container's error or back-off is not.
        PodStatus::Phase(PodPhase::Pending)
        | PodStatus::Init(InitStatus::Progress { .. })
        | PodStatus::Waiting(WaitingReason::ContainerCreating | WaitingReason::PodInitializing)
        | PodStatus::Init(InitStatus::Waiting(WaitingReason::ContainerCreating | WaitingReason::PodInitializing)) => {
            "pending"
        }
        _ => "failing",
    }
}

/// A pod's membership in the Services' endpoints at `t`: ready, serving
/// while terminating, not ready.
fn membership(state: &ClusterState, id: PodId, t: Millis) -> Option<Membership> {
    state.services.iter().filter_map(|s| s.endpoints.as_ref().map(|e| (s, e))).find_map(|(s, e)| {
        if e.ready.contains(&id) {
            let flowing = traffic_now(s, t).is_some_and(|r| r.ok > 0);
            Some(("connected", flowing, format!("Ready endpoint of svc/{}: receives requests", s.name)))
        } else if e.serving_terminating.contains(&id) {
            Some(("serving-terminating", false, format!("Terminating but still serving in svc/{}", s.name)))
        } else if e.not_ready.contains(&id) {
            Some(("disconnected", false, format!("Not ready: svc/{} sends it no requests", s.name)))
        } else {
            None
        }
    })
}

/// A container's state in words, with its clocks at `t`.
fn state_words(view: &ContainerView, t: Millis) -> (&'static str, String) {
    let status = view.status.as_ref();
    match status.map(|c| &c.state) {
        None => ("waiting", "Waiting".to_string()),
        // Told to stop: the grace period counts down to SIGKILL.
        Some(ContainerState::Running { .. }) if let Some(stop) = view.stopping => {
            let signal = if t < stop.kill_at {
                format!("SIGKILL in {}", seconds(stop.kill_at - t))
            } else {
                "SIGKILL sent".to_string()
            };
            (
                "stopping",
                format!(
                    "Stopping · SIGTERM at {} · grace {} · {signal}",
                    clock_text(stop.since),
                    seconds(stop.kill_at - stop.since)
                ),
            )
        }
        Some(ContainerState::Running { started_at }) => {
            ("running", format!("Running · up {}", seconds(t - started_at)))
        }
        Some(ContainerState::Waiting { reason, .. }) => match status.and_then(|c| back_off_left(c, t)) {
            // Once the back-off is over, the restart waits for the pod
            // worker's next retry of the sync.
            Some((total, 0)) => {
                ("backoff", format!("CrashLoopBackOff · back-off {} over · restart at the next sync", seconds(total)))
            }
            Some((total, left)) => {
                ("backoff", format!("CrashLoopBackOff · back-off {} · restart in {}", seconds(total), seconds(left)))
            }
            None => ("waiting", if reason.is_empty() { "Waiting".to_string() } else { reason.to_string() }),
        },
        // A container that ran to completion (an init container, a Job's)
        // is done, not failed.
        Some(ContainerState::Terminated(term)) => {
            let class = if term.reason == TerminatedReason::Completed { "completed" } else { "stopping" };
            (class, format!("Terminated: {} (exit code {})", term.reason, term.exit_code))
        }
    }
}

/// One probe's chip: its last result, in flight or just in, and its count
/// toward the threshold.
fn chip(spec: &Container, view: &ContainerView, kind: ProbeKind, (flying, fresh, compact): (bool, bool, bool)) -> Html {
    let last = view.last_probe(kind);
    // Each new result is a new dot, so its pulse plays again (compact cards
    // have no pulse, and keep their dot).
    let dot_key = if compact { -1 } else { last.map_or(-1, |r| r.t) };
    let result = last.map_or("none", |r| result_class(r.reply, r.result));
    let count = spec.probe(kind).and_then(|p| view.toward_threshold(kind, p));
    let running = matches!(view.status.as_ref().map(|c| &c.state), Some(ContainerState::Running { .. }));
    let title = match last {
        Some(r) => format!(
            "{} probe: {} at {} — {}",
            kind.name(),
            result,
            view::sim_clock(r.t),
            if r.output.is_empty() { "(no output)" } else { r.output.trim() }
        ),
        None if !running => format!("{} probe: none while the container is not running", kind.name()),
        None => format!("{} probe: not run yet", kind.name()),
    };
    html! {
        <span class={classes!("probe-chip", kind.name(), result, flying.then_some("probing"), fresh.then_some("fresh"))} title={title}>
            <span class="probe-name">{ kind.name() }</span>
            if let Some((n, of)) = count {
                <span class="probe-count" title={format!("{n} in a row of the {of} that make the kubelet act")}>{ format!("{n}/{of}") }</span>
            }
            <span class="probe-dot-wrap" aria-hidden="true">
                <span key={dot_key.to_string()} class="probe-dot"></span>
            </span>
            <span class="visually-hidden">{ format!(" {}", if flying { "probing" } else { result }) }</span>
        </span>
    }
}

/// One container of a card.
fn container_box(props: &PodCardProps, i: usize, spec: &Container, view: &ContainerView) -> Html {
    let status = view.status.as_ref();
    let (state_class, state_text) = state_words(view, props.t);
    let restarts = status.map_or(0, |c| c.restart_count);
    let container_ready = status.is_some_and(|c| c.ready);
    let chips = ProbeKind::ALL.iter().filter(|k| spec.probe(**k).is_some()).map(|&kind| {
        let key = (i as u16, kind);
        chip(spec, view, kind, (props.probing.contains(&key), props.fresh.contains(&key), props.compact))
    });
    html! {
        <div class={classes!("container", state_class, container_ready.then_some("ready"))}>
            <div class="container-head">
                <span class="container-name">{ spec.name.clone() }{ if spec.is_sidecar() { " (sidecar)" } else if spec.runs_to_completion() { " (init)" } else { "" } }</span>
                <span class={classes!("restarts", props.recently_restarted.then_some("bump"))} title="Restart count">{ format!("↻ {restarts}") }</span>
            </div>
            if !props.compact { <div class="container-state">{ state_text }</div> }
            <div class="probes">{ for chips }</div>
        </div>
    }
}

/// A pod as a card; drawn again only when what it shows changes.
#[function_component(PodCard)]
fn pod_card(props: &PodCardProps) -> Html {
    let (history, pod, t) = (&*props.history, &props.pod, props.t);
    let info = history.pod(pod.id);
    let row = PodRow::of(history, pod);
    let status_class = status_class(&row, pod.status.as_ref().is_some_and(|s| s.ready));
    let name = info.name.clone();
    let onclick = props.on_select.reform({
        let name = name.clone();
        move |_: MouseEvent| name.clone()
    });
    let containers = info
        .template
        .spec
        .containers
        .iter()
        .zip(&pod.containers)
        .enumerate()
        .map(|(i, (spec, view))| container_box(props, i, spec, view));
    let (link_class, flowing, link_title) =
        props.membership.clone().unwrap_or(("none", false, "Not selected by any Service".to_string()));
    html! {
        <article class={classes!("pod-card", status_class, props.compact.then_some("compact"), props.selected.then_some("selected"), props.recently_restarted.then_some("restarted"))} aria-label={format!("Pod {name}")}>
            <div class={classes!("link", link_class, flowing.then_some("flowing"))} title={link_title.clone()}>
                <span class="visually-hidden">{ link_title }</span>
            </div>
            <header>
                <button type="button" class="pod-name" {onclick} title="Describe this pod and aim live actions at it">{ name.clone() }</button>
                <span class={classes!("pod-status", status_class)}>{ row.status.to_string() }</span>
            </header>
            if !props.compact {
                <div class="pod-meta">
                    <span>{ format!("READY {}/{}", row.ready_containers, row.total_containers) }</span>
                    <span>{ format!("RESTARTS {}", row.restarts) }</span>
                    <span>{ format!("AGE {}", seconds(t - row.created_ms)) }</span>
                </div>
            }
            { for containers }
        </article>
    }
}
