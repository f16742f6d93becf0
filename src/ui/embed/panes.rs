//! The embed's panes: each built from the state when what it shows changed
//! (a memo per pane, keyed as the playground's components are), and the
//! frame around them.

use crate::history::{History, Millis, PodId};
use crate::link;
use crate::link::presentation::{Pane, standalone_query};
use crate::markup::cluster::{self, Now};
use crate::markup::control::Copied;
use crate::markup::editor::{self, Placements, Window};
use crate::markup::embed::{self, Facts, Frame};
use crate::markup::timeline;
use crate::markup::traffic::{self, Plot};
use crate::markup::transport::{self, Transport};
use crate::markup::{Element, kubectl};
use crate::playground::state::{Action, Shared, State};
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use crate::ui::dom::at_newest;
use crate::ui::refresh::{Refresh, app_log_key, cluster_key, describe_key, events_key, pods_watch_key};
use crate::ui::{page, refresh_ms};
use crate::view::timeline::Lane;
use crate::view::{self, ClusterState};
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// A memo key of a view of the history: the history, and when the view changes.
type Key<K> = (Shared<History>, K);
/// A pane of the history, kept while its key is the same.
type PaneMemo<K> = Memo<Key<K>, Element>;
/// The pod picker's names and the pod shown.
type Picked = (Vec<String>, Option<String>);
/// A text pane's text, diagnostics, lines in view and whether it is read-only.
type TextKey = (Text, Rc<Vec<Placed>>, Window, bool);

/// A value kept while its key stays the same.
struct Memo<K, V> {
    kept: Option<(K, V)>,
    /// Whether the last `get` made the value anew.
    fresh: bool,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { kept: None, fresh: false }
    }
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    fn get(&mut self, key: K, make: impl FnOnce() -> V) -> V {
        self.fresh = !matches!(&self.kept, Some((k, _)) if *k == key);
        if self.fresh {
            self.kept = Some((key, make()));
        }
        self.kept.as_ref().map(|(_, v)| v.clone()).expect("kept")
    }
}

/// The log panes' terminals, which follow their newest line.
const PODS_LOG: &str = ".embed section[aria-labelledby=pods-title] .terminal";
const EVENTS_LOG: &str = ".embed .terminal[aria-label=Events]";
const APP_LOG: &str = ".embed .terminal[aria-label='App log']";

#[derive(Default)]
pub struct Panes {
    /// The lines of each text in view, and each text pane.
    windows: [Option<Window>; 2],
    texts: [Memo<TextKey, Element>; 2],
    /// The pane whose text was copied last, for a moment, and which copy it was.
    copied: Option<(Copied, u64)>,
    copies: u64,
    /// The log panes made anew for this frame.
    grown: Vec<&'static str>,
    /// The "Open in probe-playground" address.
    open: Memo<(u64, Option<String>), String>,
    /// The world at `t`, made again only when a record or a pod appears.
    cluster: Memo<Key<(usize, usize)>, Shared<ClusterState>>,
    pods: PaneMemo<((Option<usize>, usize), bool)>,
    events: PaneMemo<(Refresh, bool)>,
    describe: PaneMemo<(Picked, (Refresh, Millis), bool)>,
    log: PaneMemo<(Picked, Option<Refresh>)>,
    plot: Memo<Shared<History>, Rc<Option<Plot>>>,
    /// The timeline's lanes of the history, then drawn in a window with a mark picked.
    lanes: Memo<Shared<History>, Rc<Vec<Lane>>>,
    drawn_lanes: PaneMemo<((Millis, Millis), Option<usize>)>,
    details: PaneMemo<Option<usize>>,
    /// The scrubber's marks, once per history.
    marks: Memo<Shared<History>, Element>,
}

fn doc_index(doc: Doc) -> usize {
    match doc {
        Doc::Kubernetes => 0,
        Doc::Behaviour => 1,
    }
}

impl Panes {
    /// The scenario in the playground (this address without `embed` and
    /// the embed's own parameters), made again only when its text or title
    /// changes.
    fn open(&mut self, state: &State) -> String {
        self.open.get((state.edits, state.title.clone()), || {
            link::url(&page::base(), &standalone_query(&page::query()), &state.fragment())
        })
    }

    /// A pane's text was copied: it says so until `copy_done` with the
    /// number this gives.
    pub fn copied(&mut self, pane: Copied) -> u64 {
        self.copies += 1;
        self.copied = Some((pane, self.copies));
        self.copies
    }

    /// The moment of copy `copy` is over, unless another copy came since;
    /// whether the page changes.
    pub fn copy_done(&mut self, copy: u64) -> bool {
        let done = self.copied.is_some_and(|(_, c)| c == copy);
        if done {
            self.copied = None;
        }
        done
    }

    fn is_copied(&self, pane: Copied) -> bool {
        self.copied.is_some_and(|(p, _)| p == pane)
    }

    /// The text a pane's Copy button puts on the clipboard: as kubectl prints it.
    pub fn copy_text(&mut self, pane: Copied, state: &State) -> String {
        let (history, t) = (&state.history, state.t());
        match pane {
            Copied::Pods => view::get_pods_watch(history, t),
            Copied::Events => view::joined(&kubectl::event_lines(history, t)),
            Copied::Describe => {
                let names = self.cluster(state).pod_names(history);
                kubectl::describe_text(history, kubectl::shown_pod(&names, state.pod.as_deref()), t)
            }
        }
    }

    fn cluster(&mut self, state: &State) -> Shared<ClusterState> {
        let (history, t) = (&state.history, state.t());
        self.cluster.get((history.clone(), cluster_key(history, t)), || Shared::new(ClusterState::at(history, t)))
    }

    /// Follows a scroll in the embed; whether the page must be drawn again.
    pub fn scrolled(&mut self, element: &web_sys::Element) -> bool {
        let doc = match element.get_attribute("data-doc").as_deref() {
            Some(id) if id == editor::element_id(Doc::Kubernetes) => Doc::Kubernetes,
            Some(id) if id == editor::element_id(Doc::Behaviour) => Doc::Behaviour,
            _ => return false,
        };
        let Some(scroll) = element.dyn_ref::<web_sys::HtmlElement>() else { return false };
        let window = Window::at(scroll.scroll_top() as f64, scroll.client_height() as f64);
        let slot = &mut self.windows[doc_index(doc)];
        slot.replace(window) != Some(window)
    }

    /// The terminals of the log panes made anew for this frame, and whether
    /// each shows its newest line before it is drawn.
    pub fn follow_before(&self) -> Vec<(web_sys::HtmlElement, bool)> {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return vec![] };
        let found = self.grown.iter().filter_map(|selector| document.query_selector(selector).ok().flatten());
        found
            .filter_map(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|el| {
                let pinned = at_newest(&el);
                (el, pinned)
            })
            .collect()
    }

    /// A log pane shows its newest line after each change while playing,
    /// and while paused unless the reader scrolled up.
    pub fn follow_after(&self, before: Vec<(web_sys::HtmlElement, bool)>, playing: bool) {
        for (el, pinned) in before {
            if playing || pinned {
                el.set_scroll_top(el.scroll_height());
            }
        }
    }

    /// The embed at the state's moment.
    pub fn frame(&mut self, state: &State) -> Element {
        self.grown.clear();
        let p = &state.presentation;
        let panes = p.panes.iter().map(|&pane| self.pane(pane, state)).collect();
        let title = p.title.clone().or_else(|| state.display_title()).unwrap_or_else(|| "probe-playground".to_string());
        let frame = Frame {
            title,
            open: self.open(state),
            controls: p.controls.then(|| self.controls(state)),
            link_error: state.link_error.as_ref().map(embed::link_error),
            autoresize: p.autoresize,
        };
        let facts = Facts {
            t: state.t(),
            playing: state.playing,
            runs: state.runs,
            edits: state.edits,
            checked: state.checked,
        };
        embed::frame(frame, &facts, panes)
    }

    fn pane(&mut self, pane: Pane, state: &State) -> Element {
        match pane {
            Pane::Kubernetes => self.text(Doc::Kubernetes, state),
            Pane::Behaviour => self.text(Doc::Behaviour, state),
            Pane::Cluster => self.cluster_view(state),
            Pane::Timeline => self.timeline(state),
            Pane::Pods => self.pods(state),
            Pane::Events => self.events(state),
            Pane::Describe => self.describe(state),
            Pane::Log => self.log(state),
            Pane::Traffic => self.traffic(state),
        }
    }

    /// A scenario text, drawn again when it, its diagnostics or the lines
    /// in view change.
    fn text(&mut self, doc: Doc, state: &State) -> Element {
        let text = state.text_of(doc);
        let window = self.windows[doc_index(doc)].unwrap_or(Window::at(0.0, 800.0));
        let read_only = state.presentation.read_only;
        let key = (text.clone(), state.diagnostics.clone(), window, read_only);
        self.texts[doc_index(doc)].get(key, || {
            let placed: Placements = Rc::new(editor::placements(&state.diagnostics, doc));
            embed::text_pane(doc, text, &placed, window, read_only)
        })
    }

    /// Play/pause, speed and the time; the scrubber with its marks.
    fn controls(&mut self, state: &State) -> (Element, Element) {
        let (t, end) = (state.t(), state.end());
        let playback =
            transport::playback(&Transport { playing: state.playing, speed: state.speed, t, end, compact: true });
        let history = &state.history;
        let marks = self.marks.get(history.clone(), || transport::event_marks(history));
        (playback, transport::scrubber(end, t).child(marks))
    }

    fn cluster_view(&mut self, state: &State) -> Element {
        let world = self.cluster(state);
        let now = Now { t: state.t(), selected: state.pod.as_deref(), playing: state.playing, speed: state.speed };
        cluster::cluster(&state.history, &world, &now)
    }

    /// The whole run's timeline (an embed has no zoom), its lanes drawn
    /// again only for a new history or a picked mark.
    fn timeline(&mut self, state: &State) -> Element {
        let (history, t) = (state.history.clone(), state.t());
        let window = timeline::window(None, t, history.end, state.playing);
        let all = self.lanes.get(history.clone(), || Rc::new(view::timeline::lanes(&history)));
        let lanes = self
            .drawn_lanes
            .get((history.clone(), (window, state.probe)), || timeline::lanes(&all, window, state.probe));
        let details = self.details.get((history.clone(), state.probe), || timeline::details(&history, state.probe));
        timeline::timeline(lanes, details, window, t)
    }

    /// What a click on a timeline's track picks: a mark near it, else the moment.
    pub fn pick(&mut self, state: &State, lane: usize, window: (Millis, Millis), at: &str) -> Option<Action> {
        let history = &state.history;
        let all = self.lanes.get(history.clone(), || Rc::new(view::timeline::lanes(history)));
        timeline::pick(&all, lane, window, at)
    }

    /// `kubectl get pods -w`: changes with a pod or container status, or a new pod.
    fn pods(&mut self, state: &State) -> Element {
        let (history, t) = (&state.history, state.t());
        let copied = self.is_copied(Copied::Pods);
        let key = (history.clone(), (pods_watch_key(history, t), copied));
        let pane = self.pods.get(key, || kubectl::pods_pane(&view::get_pods_watch_cells(history, t), copied));
        self.grown.extend(self.pods.fresh.then_some(PODS_LOG));
        pane
    }

    /// `kubectl get events -w`: grows with event records.
    fn events(&mut self, state: &State) -> Element {
        let (history, t) = (&state.history, state.t());
        let shown = events_key(history, t, state.playing, refresh_ms(state));
        let copied = self.is_copied(Copied::Events);
        let pane = self.events.get((history.clone(), (shown, copied)), || {
            kubectl::events_pane(&kubectl::event_lines(history, t), copied)
        });
        self.grown.extend(self.events.fresh.then_some(EVENTS_LOG));
        pane
    }

    /// The pod picker's names, and the pod the pod panes show: the picked
    /// one, else the first.
    fn picked(&mut self, state: &State) -> (Vec<String>, Option<String>, Option<PodId>) {
        let names = self.cluster(state).pod_names(&state.history);
        let shown = kubectl::shown_pod(&names, state.pod.as_deref()).map(str::to_string);
        let pod = shown.as_deref().and_then(|n| state.history.pod_by_name(n));
        (names, shown, pod)
    }

    /// `kubectl describe pod` of the picked pod, else the first.
    fn describe(&mut self, state: &State) -> Element {
        let (history, t) = (state.history.clone(), state.t());
        let (names, shown, pod) = self.picked(state);
        let changes = describe_key(&history, t, state.playing, refresh_ms(state), pod);
        let copied = self.is_copied(Copied::Describe);
        let key = (history.clone(), ((names.clone(), shown.clone()), changes, copied));
        self.describe.get(key, || {
            let text = kubectl::describe_text(&history, shown.as_deref(), t);
            kubectl::describe_pane(&names, shown.as_deref(), &text, copied)
        })
    }

    /// The app's request log of the picked pod, else the first.
    fn log(&mut self, state: &State) -> Element {
        let (history, t) = (state.history.clone(), state.t());
        let (names, shown, pod) = self.picked(state);
        let changes = pod.map(|pod| app_log_key(&history, t, state.playing, refresh_ms(state), pod));
        let key = (history.clone(), ((names.clone(), shown.clone()), changes));
        let pane = self.log.get(key, || {
            let logs = pod.map(|pod| kubectl::app_logs(&history, pod, t));
            kubectl::app_log_pane(&names, shown.as_deref(), logs.as_deref())
        });
        self.grown.extend(self.log.fresh.then_some(APP_LOG));
        pane
    }

    /// Requests per second over the run, and the current second's.
    fn traffic(&mut self, state: &State) -> Element {
        let history = &state.history;
        let plot = self.plot.get(history.clone(), || Rc::new(traffic::plot(history)));
        let now = traffic::requests_now(&self.cluster(state), state.t());
        traffic::traffic_chart(plot.as_ref().as_ref(), state.t(), now)
    }
}
