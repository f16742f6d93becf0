//! The cluster at the current time, a section titled "Cluster": each Service
//! with its endpoints and the requests it receives, and each pod as a card
//! with its containers and their probes. Readiness connects a pod to its
//! Service; a liveness kill shows the container stopping (its grace period
//! counting down to SIGKILL) and its restart count rising; a
//! CrashLoopBackOff counts down its back-off. Everything is read from
//! `view::ClusterState` at `t`.
//!
//! A card is a function of its `Card`, so that a page draws a card again
//! only when its `Card` changes; a pod's name selects it
//! (`Control::SelectPod`).

use super::traffic::traffic_now;
use super::{Control, Element, Node, el};
use crate::history::{
    ContainerRecord, ContainerState, History, Millis, PodId, PodPhase, Record, TerminatedReason, WaitingReason,
};
use crate::playground::state::clock_text;
use crate::spec::{Container, ProbeKind};
use crate::view::timeline::result_class;
use crate::view::{self, ClusterState, ContainerView, InitStatus, PodRow, PodState, PodStatus, ServiceState};
use std::collections::HashSet;

/// Above this many pods the cards are compact: no clocks (age, uptime,
/// countdowns), no probe in flight, no pulse of a result just in, so that a
/// card changes only when its pod does and a hundred pods play smoothly.
const COMPACT_ABOVE: usize = 24;

/// What the view shows besides the cluster's state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Now<'a> {
    pub t: Millis,
    /// The pod selected, whose card stands out.
    pub selected: Option<&'a str>,
    /// Probe results pulse only while playing, for about 0.7 s of real time.
    pub playing: bool,
    pub speed: u32,
}

/// A pod's link to the Services: (class, requests flowing, what it means).
pub type Membership = (&'static str, bool, String);

/// What a pod's card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub pod: PodState,
    /// The time the clocks on the card show, to the second (0 when compact).
    pub t: Millis,
    pub compact: bool,
    pub membership: Option<Membership>,
    /// The probes in flight and with a result just in, by (container, probe).
    pub probing: Vec<(u16, ProbeKind)>,
    pub fresh: Vec<(u16, ProbeKind)>,
    pub selected: bool,
    pub recently_restarted: bool,
}

/// The whole view: the frame with a card per pod, each keyed by its pod.
pub fn cluster(history: &History, state: &ClusterState, now: &Now) -> Element {
    let mut view = frame(state, now.t);
    if let Some(Node::Element(pods)) = view.children.last_mut() {
        let cards = cards(history, state, now);
        pods.children = cards.iter().map(|card| pod_card(history, card).key(u64::from(card.pod.id)).into()).collect();
    }
    view
}

/// The section without its cards: its title, a note while there is nothing,
/// the Services and, last, the pods' box, empty.
pub fn frame(state: &ClusterState, t: Millis) -> Element {
    let compact = state.pods.len() > COMPACT_ABOVE;
    el("section")
        .class("cluster")
        .attr("aria-labelledby", "cluster-title")
        .child(el("h2").class("pane-title").attr("id", "cluster-title").child("Cluster"))
        .child(
            el("p")
                .class("empty")
                .flag("hidden", !(state.services.is_empty() && state.pods.is_empty()))
                .child("No pods yet."),
        )
        .child(el("div").class("services").children(state.services.iter().map(|s| service_box(s, t))))
        .child(el("div").class(if compact { "pods compact" } else { "pods" }))
}

/// What each pod's card shows at `now`.
pub fn cards(history: &History, state: &ClusterState, now: &Now) -> Vec<Card> {
    let t = now.t;
    let compact = state.pods.len() > COMPACT_ABOVE;
    // Compact cards show results only, so no probe is looked for in flight.
    let probing = if compact { HashSet::new() } else { in_flight(history, t) };
    let fresh_window = if now.playing { 700 * now.speed.max(1) as Millis } else { 0 };
    let cards = state.pods.iter().map(|pod| {
        let keys = |pick: &dyn Fn(u16, ProbeKind) -> bool| -> Vec<(u16, ProbeKind)> {
            (0..pod.containers.len() as u16)
                .flat_map(|c| ProbeKind::ALL.map(|k| (c, k)))
                .filter(|&(c, k)| pick(c, k))
                .collect()
        };
        let fresh =
            keys(&|c, k| !compact && pod.containers[c as usize].last_probe(k).is_some_and(|r| t - r.t < fresh_window));
        let last_restart = PodRow::of(history, pod).last_restart;
        Card {
            pod: pod.clone(),
            t: if compact { 0 } else { t / 1000 * 1000 },
            compact,
            membership: membership(state, pod.id, t),
            probing: keys(&|c, k| probing.contains(&(pod.id, c, k))),
            fresh,
            selected: now.selected == Some(history.pod(pod.id).name.as_str()),
            recently_restarted: last_restart.is_some_and(|l| t - l < 3000 && t >= l),
        }
    });
    cards.collect()
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

/// The classes that are some, as one `class` attribute.
fn classes<const N: usize>(names: [Option<&str>; N]) -> String {
    names.into_iter().flatten().collect::<Vec<_>>().join(" ")
}

/// A Service, named "Service NAME": its endpoints and its requests now.
fn service_box(s: &ServiceState, t: Millis) -> Element {
    let (ready, not_ready) = s.endpoints.as_ref().map_or((0, 0), |e| (e.ready.len(), e.not_ready.len()));
    let total = ready + not_ready;
    let traffic = traffic_now(s, t);
    let (ok, failed) = traffic.map_or((0, 0), |r| (r.ok, r.failed));
    let failure = traffic.and_then(|r| r.failure.clone()).filter(|_| failed > 0);
    let failing = (failed > 0).then(|| el("span").class("failed").child(format!("{failed} failed/s")));
    el("div")
        .class(classes([Some("service"), (failed > 0).then_some("failing"), (ready == 0).then_some("no-endpoints")]))
        .attr("aria-label", format!("Service {}", s.name))
        .child(el("div").class("service-name").child(el("span").class("kind").child("svc/")).child(s.name.as_str()))
        .child(el("div").class("service-endpoints").child(format!("{ready}/{total} endpoints ready")))
        .child(
            el("div")
                .class("service-traffic")
                .child(el("span").class("ok").child(format!("{ok} ok/s")))
                .children(failing)
                .children(failure.map(|f| el("span").class("failure-reason").child(f))),
        )
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
fn chip(
    spec: &Container,
    view: &ContainerView,
    kind: ProbeKind,
    (flying, fresh, compact): (bool, bool, bool),
) -> Element {
    let last = view.last_probe(kind);
    // Each new result is a new dot, so its pulse plays again (compact cards
    // have no pulse, and keep their dot).
    let dot_key = if compact { 0 } else { last.map_or(0, |r| r.t as u64 + 1) };
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
    let count = count.map(|(n, of)| {
        el("span")
            .class("probe-count")
            .attr("title", format!("{n} in a row of the {of} that make the kubelet act"))
            .child(format!("{n}/{of}"))
    });
    el("span")
        .class(classes([
            Some("probe-chip"),
            Some(kind.name()),
            Some(result),
            flying.then_some("probing"),
            fresh.then_some("fresh"),
        ]))
        .attr("title", title)
        .child(el("span").class("probe-name").child(kind.name()))
        .children(count)
        .child(
            el("span")
                .class("probe-dot-wrap")
                .attr("aria-hidden", "true")
                .child(el("span").class("probe-dot").key(dot_key)),
        )
        .child(el("span").class("visually-hidden").child(format!(" {}", if flying { "probing" } else { result })))
}

/// One container of a card.
fn container_box(card: &Card, i: usize, spec: &Container, view: &ContainerView) -> Element {
    let status = view.status.as_ref();
    let (state_class, state_text) = state_words(view, card.t);
    let restarts = status.map_or(0, |c| c.restart_count);
    let container_ready = status.is_some_and(|c| c.ready);
    let chips = ProbeKind::ALL.iter().filter(|k| spec.probe(**k).is_some()).map(|&kind| {
        let key = (i as u16, kind);
        chip(spec, view, kind, (card.probing.contains(&key), card.fresh.contains(&key), card.compact))
    });
    let role = if spec.is_sidecar() {
        " (sidecar)"
    } else if spec.runs_to_completion() {
        " (init)"
    } else {
        ""
    };
    let head = el("div")
        .class("container-head")
        .child(el("span").class("container-name").child(spec.name.as_str()).child(role))
        .child(
            el("span")
                .class(classes([Some("restarts"), card.recently_restarted.then_some("bump")]))
                .attr("title", "Restart count")
                .child(format!("↻ {restarts}")),
        );
    el("div")
        .class(classes([Some("container"), Some(state_class), container_ready.then_some("ready")]))
        .child(head)
        .children((!card.compact).then(|| el("div").class("container-state").child(state_text)))
        .child(el("div").class("probes").children(chips))
}

/// A pod's card, named "Pod NAME": its link to the Services, its name (which
/// selects it) and status, its clocks unless compact, and its containers.
pub fn pod_card(history: &History, card: &Card) -> Element {
    let (pod, t) = (&card.pod, card.t);
    let info = history.pod(pod.id);
    let row = PodRow::of(history, pod);
    let status_class = status_class(&row, pod.status.as_ref().is_some_and(|s| s.ready));
    let name = &info.name;
    let containers = info
        .template
        .spec
        .containers
        .iter()
        .zip(&pod.containers)
        .enumerate()
        .map(|(i, (spec, view))| container_box(card, i, spec, view));
    let (link_class, flowing, link_title) =
        card.membership.clone().unwrap_or(("none", false, "Not selected by any Service".to_string()));
    let meta = (!card.compact).then(|| {
        el("div")
            .class("pod-meta")
            .child(el("span").child(format!("READY {}/{}", row.ready_containers, row.total_containers)))
            .child(el("span").child(format!("RESTARTS {}", row.restarts)))
            .child(el("span").child(format!("AGE {}", seconds(t - row.created_ms))))
    });
    el("article")
        .class(classes([
            Some("pod-card"),
            Some(status_class),
            card.compact.then_some("compact"),
            card.selected.then_some("selected"),
            card.recently_restarted.then_some("restarted"),
        ]))
        .attr("aria-label", format!("Pod {name}"))
        .child(
            el("div")
                .class(classes([Some("link"), Some(link_class), flowing.then_some("flowing")]))
                .attr("title", link_title.as_str())
                .child(el("span").class("visually-hidden").child(link_title)),
        )
        .child(
            el("header")
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("pod-name")
                        .control(Control::SelectPod(Some(name.clone())))
                        .attr("title", "Describe this pod and aim live actions at it")
                        .child(name.as_str()),
                )
                .child(
                    el("span").class(classes([Some("pod-status"), Some(status_class)])).child(row.status.to_string()),
                ),
        )
        .children(meta)
        .children(containers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::state::Action;

    /// A lesson simulated: 0 a slow start behind readiness, 1 a liveness
    /// probe on the wrong path, 3 an exec probe that takes its time.
    fn lesson(i: usize) -> History {
        crate::scenario::load(crate::gallery::examples()[i].text).simulate()
    }

    fn shown(history: &History, now: &Now) -> Node {
        cluster(history, &ClusterState::at(history, now.t), now).into()
    }

    fn paused(t: Millis) -> Now<'static> {
        Now { t, selected: None, playing: false, speed: 1 }
    }

    /// The elements whose class list starts with `class`.
    fn classed<'a>(tree: &'a Node, class: &str) -> Vec<&'a Element> {
        tree.find_all(&|e| e.get("class").is_some_and(|c| c == class || c.starts_with(&format!("{class} "))))
    }

    fn text_of(tree: &Node, class: &str) -> String {
        classed(tree, class).first().map_or_else(|| panic!("no .{class} in {}", tree.html()), |e| e.text())
    }

    /// The card named "Pod NAME".
    fn card(tree: &Node, name: &str) -> Node {
        let label = format!("Pod {name}");
        let found = tree.find_all(&|e| e.tag == "article" && e.get("aria-label") == Some(label.as_str()));
        found.first().map(|e| Node::from((*e).clone())).unwrap_or_else(|| panic!("no card {label}"))
    }

    #[test]
    fn a_pod_not_ready_yet_is_cut_off_from_its_service() {
        let h = lesson(0);
        let tree = shown(&h, &paused(5_000));
        let title = tree.find_all(&|e| e.tag == "h2")[0];
        assert_eq!((title.get("id"), title.text().as_str()), (Some("cluster-title"), "Cluster"));
        let service = tree.find_all(&|e| e.get("aria-label") == Some("Service hello-go"))[0];
        assert_eq!(service.get("class"), Some("service failing no-endpoints"));
        assert_eq!(service.text(), "svc/hello-go0/1 endpoints ready0 ok/s5 failed/sno ready endpoints");
        let card = card(&tree, &h.pods[0].name);
        assert_eq!(classed(&card, "pod-card")[0].get("class"), Some("pod-card not-ready"));
        assert_eq!(classed(&card, "link")[0].get("title"), Some("Not ready: svc/hello-go sends it no requests"));
        assert_eq!(text_of(&card, "pod-status"), "Running");
        assert_eq!(text_of(&card, "pod-meta"), "READY 0/1RESTARTS 0AGE 5s");
        assert_eq!(text_of(&card, "container-state"), "Running · up 4s");
        let chip = classed(&card, "probe-chip readiness")[0];
        assert_eq!(chip.get("title"), Some("readiness probe: not run yet"));
        assert_eq!(chip.text(), "readiness none");
        assert_eq!(tree.find_all(&|e| e.get("class") == Some("empty"))[0].get("hidden"), Some(""));
    }

    #[test]
    fn a_ready_pod_receives_requests_and_its_chips_show_the_results() {
        let h = lesson(0);
        let tree = shown(&h, &paused(30_000));
        let card = card(&tree, &h.pods[0].name);
        assert_eq!(classed(&card, "pod-card")[0].get("class"), Some("pod-card running"));
        assert_eq!(classed(&card, "link")[0].get("class"), Some("link connected flowing"));
        assert_eq!(text_of(&card, "pod-meta"), "READY 1/1RESTARTS 0AGE 30s");
        assert_eq!(classed(&card, "container")[0].get("class"), Some("container running ready"));
        let liveness = classed(&card, "probe-chip liveness")[0];
        assert_eq!(liveness.get("class"), Some("probe-chip liveness success"));
        assert_eq!(liveness.get("title"), Some("liveness probe: success at 00:30.0 — (no output)"));
        assert_eq!(liveness.text(), "liveness success");
        assert_eq!(text_of(&tree, "service-traffic"), "5 ok/s");
    }

    #[test]
    fn a_failing_liveness_probe_counts_toward_its_threshold_and_a_back_off_shows() {
        let h = lesson(1);
        let tree = shown(&h, &paused(150_000));
        let [crashing, serving] = [0, 1].map(|i| card(&tree, &h.pods[i].name));
        assert_eq!(text_of(&crashing, "pod-status"), "CrashLoopBackOff");
        assert_eq!(classed(&crashing, "pod-card")[0].get("class"), Some("pod-card failing"));
        assert_eq!(
            text_of(&crashing, "container-state"),
            "CrashLoopBackOff · back-off 40s over · restart at the next sync"
        );
        assert_eq!(text_of(&crashing, "restarts"), "↻ 4");
        let count = classed(&serving, "probe-count")[0];
        assert_eq!(count.text(), "1/3");
        assert_eq!(count.get("title"), Some("1 in a row of the 3 that make the kubelet act"));
        assert_eq!(
            classed(&serving, "probe-chip liveness")[0].get("title"),
            Some("liveness probe: failure at 02:30.0 — HTTP probe failed with statuscode: 404")
        );
    }

    #[test]
    fn a_pods_name_selects_it_and_the_selected_card_stands_out() {
        let h = lesson(0);
        let name = h.pods[0].name.as_str();
        let tree = shown(&h, &Now { selected: Some(name), ..paused(30_000) });
        let card = card(&tree, name);
        assert_eq!(classed(&card, "pod-card")[0].get("class"), Some("pod-card running selected"));
        let button = card.find_all(&|e| e.tag == "button")[0];
        assert_eq!(button.text(), name);
        assert_eq!(button.get("title"), Some("Describe this pod and aim live actions at it"));
        let control = Control::decode(button.get("data-action").unwrap(), button.get("data-arg")).unwrap();
        assert!(matches!(control.action(None), Some(Action::SelectPod(Some(p))) if p == name));
    }

    #[test]
    fn a_probe_in_flight_pulses_and_a_new_result_is_a_new_dot() {
        let h = lesson(3);
        let flying = h
            .records
            .iter()
            .find_map(|r| match r {
                Record::Probe(p) if p.start() < p.t() => Some(p),
                _ => None,
            })
            .expect("a probe that takes time");
        let tree = shown(&h, &paused(flying.start()));
        let chip = &classed(&tree, &format!("probe-chip {}", flying.probe.name()))[0];
        assert!(chip.get("class").unwrap().ends_with(" probing"), "{:?}", chip.get("class"));
        assert!(chip.text().ends_with(" probing"));
        let h = lesson(0);
        // Half a second after the readiness result at 11.5 s, playing, the
        // chip pulses; paused, it does not.
        let playing = Now { playing: true, ..paused(12_000) };
        let fresh = |now: &Now| classed(&shown(&h, now), "probe-chip readiness")[0].get("class").unwrap().to_string();
        assert_eq!(fresh(&playing), "probe-chip readiness success fresh");
        assert_eq!(fresh(&paused(12_000)), "probe-chip readiness success");
        let dot = |t| classed(&shown(&h, &paused(t)), "probe-dot")[0].key;
        assert_eq!(dot(12_000), dot(15_000));
        assert_ne!(dot(12_000), dot(22_000));
    }

    #[test]
    fn many_pods_make_compact_cards_without_clocks() {
        let text = crate::gallery::examples()[0].text.replace("replicas: 1\n", "replicas: 30\n");
        let h = crate::scenario::load(&text).simulate();
        let tree = shown(&h, &Now { playing: true, ..paused(30_000) });
        assert_eq!(classed(&tree, "pods")[0].get("class"), Some("pods compact"));
        let cards = tree.find_all(&|e| e.tag == "article");
        assert_eq!(cards.len(), 30);
        assert!(cards.iter().all(|c| c.get("class").is_some_and(|c| c.contains(" compact"))));
        assert_eq!(cards.iter().map(|c| c.key).collect::<HashSet<_>>().len(), 30, "each card keyed by its pod");
        assert!(classed(&tree, "pod-meta").is_empty() && classed(&tree, "container-state").is_empty());
        assert!(classed(&tree, "probe-dot").iter().all(|d| d.key == Some(0)));
        let chips = classed(&tree, "probe-chip");
        assert!(chips.iter().all(|c| !c.get("class").unwrap().contains("fresh")));
    }

    #[test]
    fn an_empty_cluster_says_so() {
        let mut h = crate::view::testing::history(vec![]);
        h.services.clear();
        let tree = shown(&h, &paused(0));
        let note = tree.find_all(&|e| e.get("class") == Some("empty"))[0];
        assert_eq!((note.get("hidden"), note.text().as_str()), (None, "No pods yet."));
    }
}
