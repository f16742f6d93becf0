//! The browser playground (wasm32 only): two editors for the scenario, the
//! playback controls, and the views of the one simulated History at the
//! current time: cluster, timeline, kubectl panes and traffic.
//!
//! Structure: one `State` (state.rs) changed by `Action`s through a pure
//! reducer; side effects in `hooks/`; one widget per file in `components/`.
//!
//! The address says what to show (`crate::link`): the fragment the
//! scenario, the query the presentation. With `?embed=1` index.html's
//! loader starts the embed instead (`ui::embed`, a wasm of its own, drawn
//! without Yew from the same markup builders, `crate::markup`).

pub mod bench;
pub mod components;
pub mod dom;
pub mod embed;
pub mod files;
pub mod hooks;
pub mod load_worker;
pub mod markup_html;
pub mod page;
pub mod refresh;
pub mod view_column;

use crate::history::{History, Millis};
use crate::link::presentation::{Presentation, ThemeSetting};
use crate::load::MAX_INPUT_BYTES;
use crate::playground::state::{self, Action, Opening, Shared, Source, State, Theme};
use crate::scenario::text::{Doc, Placed};
use crate::view::ClusterState;
use components::assumptions_list::AssumptionsList;
use components::compare_pane::ComparePane;
use components::diagnostics_list::DiagnosticsList;
use components::editor::Editor;
use components::examples_menu::ExamplesMenu;
use components::kubernetes_version::KubernetesVersion;
use components::link_notices::LinkNotices;
use components::playback::Playback;
use components::scenario_controls::ScenarioControls;
use components::scenario_notice::ScenarioNotice;
use components::scrubber::Scrubber;
use components::share_menu::ShareMenu;
use components::shortcuts_help::ShortcutsHelp;
use components::theme_toggle::ThemeToggle;
use components::watch_note::WatchNote;
use hooks::{
    PREVIOUS_DRAFT_KEY, SCENARIO_KEY, TAB_INDENTS_KEY, UseAnalysis, initial_theme, store, stored, stored_recent,
    system_theme, use_analysis, use_keyboard_shortcuts, use_link_address, use_persisted_scenario, use_playback_clock,
    use_simulation, use_theme,
};
use std::convert::identity;
use std::rc::Rc;
use view_column::{PodViews, RunViews, Shown};
use yew::prelude::*;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        state::reduce(self, action)
    }
}

/// What the address opens: a link's scenario, a lesson, or (no fragment) the
/// stored draft, else the default lesson; as the query asks.
pub fn initial_state() -> State {
    let presentation = Presentation::parse(&page::query());
    let (theme, chosen) = match presentation.theme {
        ThemeSetting::Light => (Theme::Light, true),
        ThemeSetting::Dark => (Theme::Dark, true),
        ThemeSetting::Auto if presentation.embed => (system_theme(), false),
        ThemeSetting::Auto => initial_theme(),
    };
    // An embed never reads the user's draft: it shows what its link says.
    let embed = presentation.embed;
    let draft = if embed { None } else { stored(SCENARIO_KEY) };
    // A draft the loader would refuse is not opened: it would stall the page
    // on every load. It stays stored until the user's next draft replaces it.
    let too_big = draft.as_ref().map(String::len).filter(|&n| n > MAX_INPUT_BYTES);
    let fragment = page::fragment();
    let mut opening = Opening::of_fragment(&fragment, draft.as_deref().filter(|_| too_big.is_none()));
    if too_big.is_some() && fragment.is_empty() {
        opening.source = Source::Link;
    }
    let mut state = State::opened(opening, presentation, theme, chosen);
    if let Some(n) = too_big {
        state.alert = Some(format!(
            "Your stored scenario is {:.1} MiB, over the {} MiB the loader reads, so it was not opened. It stays in this browser's storage until you change the scenario shown.",
            n as f64 / 1024.0 / 1024.0,
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    if !embed {
        state.recent = Rc::new(stored_recent());
        state.tab_indents = stored(TAB_INDENTS_KEY).as_deref() == Some("1");
    }
    state
}

/// A callback that dispatches the action `f` makes of its argument.
pub(crate) fn send<T: 'static>(
    dispatch: &UseReducerDispatcher<State>,
    f: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatch = dispatch.clone();
    Callback::from(move |value: T| dispatch.dispatch(f(value)))
}

/// Opens `opening` as a new entry of the browser's history (`fragment`
/// is its address), so that Back returns to what was shown before.
fn open_as_entry(dispatch: &UseReducerDispatcher<State>, fragment: &str, opening: Opening) {
    page::push(fragment);
    dispatch.dispatch(Action::Open(Box::new(opening)));
}

/// The callbacks that replace the scenario: a lesson, a recent scenario, a
/// new one, a file.
struct Openers {
    lesson: Callback<&'static str>,
    recent: Callback<usize>,
    new: Callback<()>,
    file: Callback<(String, String)>,
    /// The stored draft, shown while a link's scenario is.
    draft: Callback<()>,
    /// The draft the shown one replaced, swapped with the text shown: neither is lost.
    earlier_draft: Callback<String>,
}

impl Openers {
    fn new(dispatch: &UseReducerDispatcher<State>) -> Openers {
        let d = dispatch.clone();
        let lesson = Callback::from(move |id: &'static str| {
            let fragment = format!("{}{id}", crate::link::LESSON);
            let opening = Opening::of_fragment(&fragment, stored(SCENARIO_KEY).as_deref());
            open_as_entry(&d, &fragment, opening);
        });
        let d = dispatch.clone();
        let recent = Callback::from(move |i: usize| {
            page::push("");
            d.dispatch(Action::OpenRecent(i));
        });
        let d = dispatch.clone();
        let new = Callback::from(move |()| open_as_entry(&d, "", Opening::new_scenario(String::new(), String::new())));
        let d = dispatch.clone();
        let file =
            Callback::from(move |(name, text): (String, String)| open_as_entry(&d, "", Opening::file(&name, &text)));
        let d = dispatch.clone();
        let draft = Callback::from(move |()| {
            if let Some(draft) = stored(SCENARIO_KEY) {
                open_as_entry(&d, "", Opening::draft(&draft));
            }
        });
        let d = dispatch.clone();
        let earlier_draft = Callback::from(move |text: String| {
            if let Some(earlier) = stored(PREVIOUS_DRAFT_KEY) {
                store(PREVIOUS_DRAFT_KEY, &text);
                store(SCENARIO_KEY, &earlier);
                open_as_entry(&d, "", Opening::draft(&earlier));
                d.dispatch(Action::DraftStashed);
            }
        });
        Openers { lesson, recent, new, file, draft, earlier_draft }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();

    use_simulation(&state);
    use_persisted_scenario(&state);
    use_link_address(&state);
    use_playback_clock(state.playing, dispatch.clone());
    let remember_theme = state.presentation.theme == ThemeSetting::Auto;
    use_theme(state.theme, state.theme_chosen, remember_theme, dispatch.clone());
    use_keyboard_shortcuts(dispatch.clone(), state.speed);
    let analysis = use_analysis(&state);
    // The findings are marked in the editors like diagnostics.
    let diagnostics = use_memo((state.diagnostics.clone(), analysis.data.clone(), state.edits), |(d, a, edits)| {
        Rc::new(crate::analysis::pane::with_marks(d, &a.0, *edits))
    });

    use_reveal(state.reveal.clone());
    let cluster = use_cluster_at(&state.history, state.t());
    playground_view(&state, &cluster, &analysis, (*diagnostics).clone())
}

/// The world at `t`, rebuilt only when a record or a pod appears, not at
/// every frame of playback.
#[hook]
fn use_cluster_at(history: &Shared<History>, t: Millis) -> Shared<ClusterState> {
    let key = refresh::cluster_key(history, t);
    Shared(use_memo((history.clone(), key), move |(h, _)| ClusterState::at(h, t)))
}

/// Brings the pod a live action was aimed at into view (its card, so the
/// timeline under the cluster is near), or the cluster for a workload's.
#[hook]
fn use_reveal(reveal: Option<(Option<String>, u64)>) {
    use_effect_with(reveal, |reveal| {
        let Some((pod, _)) = reveal else { return };
        let selector = match pod {
            Some(pod) => format!("article[aria-label=\"Pod {pod}\"]"),
            None => "section.cluster".to_string(),
        };
        let found =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(&selector).ok().flatten());
        if let Some(el) = found {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// How much simulated time may pass while playing before the events and
/// describe panes are recomputed: about four times a real second; paused,
/// they follow every change.
pub(crate) fn refresh_ms(state: &State) -> i64 {
    250 * state.speed as i64
}

/// The status line: how long the last run took, or why the run shown is
/// not of the text.
fn status_text(state: &State) -> String {
    if state.checked < state.edits && state.runs > 0 {
        return "simulating…".to_string();
    }
    match (state.error_count(), state.last_resim_ms) {
        (0, Some(ms)) => format!("simulated in {ms:.0} ms"),
        (0, None) => "simulating…".to_string(),
        (n, _) => format!("{n} error{}: showing the last valid run", if n == 1 { "" } else { "s" }),
    }
}

/// The page's top bar: the scenario menu and controls, sharing, playback,
/// the status, the theme and the shortcuts.
fn topbar(state: &UseReducerHandle<State>, openers: &Openers) -> Html {
    let dispatch = state.dispatcher();
    let (errors, status) = (state.error_count(), status_text(state));
    html! {
        <header class="topbar">
            <h1 class="brand"><span class="brand-mark" aria-hidden="true"></span>{ "probe-playground" }</h1>
            <ExamplesMenu loaded={state.loaded()} recent={state.recent.clone()} on_lesson={openers.lesson.clone()} on_recent={openers.recent.clone()} />
            <ScenarioControls on_new={openers.new.clone()} on_file={openers.file.clone()} on_refused={send(&dispatch, Action::Alert)} />
            <ShareMenu title={state.title.clone()} display_title={state.display_title()} on_title={send(&dispatch, Action::SetTitle)}
                fragment={Callback::from({ let state = state.clone(); move |()| state.fragment() })} text={Callback::from({ let state = state.clone(); move |()| state.text() })} />
            <KubernetesVersion behaviour={state.behaviour.clone()} on_edit={send(&dispatch, |text: String| Action::Edit(Doc::Behaviour, text.into()))} />
            // Its whole text also as a title: on a wide screen it gives way
            // (cut short) rather than push the bar onto a second row.
            <span class={classes!("status", (errors > 0).then_some("has-errors"))} role="status" title={status.clone()}>{ status }</span>
            <div class="topbar-end">
                <ThemeToggle theme={state.theme} on_theme={send(&dispatch, Action::SetTheme)} />
                <ShortcutsHelp open={state.help} on_toggle={send(&dispatch, |()| Action::ToggleHelp)} on_close={send(&dispatch, |()| Action::CloseHelp)} />
            </div>
        </header>
    }
}

/// Playback and the scrubber, in one bar that stays in view while the page
/// scrolls (narrow screens, a framed page).
fn transport(state: &UseReducerHandle<State>) -> Html {
    let (dispatch, t) = (state.dispatcher(), state.t());
    html! {
        <div class="transport">
            <Playback playing={state.playing} speed={state.speed} {t} end={state.end()} on_action={send(&dispatch, identity)} />
            <Scrubber history={state.history.clone()} {t} on_action={send(&dispatch, identity)} />
        </div>
    }
}

/// The notices under the top bar: the link, the draft, the scenario, the lesson.
fn notices(state: &UseReducerHandle<State>, openers: &Openers) -> Html {
    let dispatch = state.dispatcher();
    html! {
        <>
            <LinkNotices error={state.link_error.clone()} draft={state.draft_notice}
                on_dismiss_error={send(&dispatch, |()| Action::DismissLinkError)} on_dismiss_draft={send(&dispatch, |()| Action::DismissDraftNotice)}
                on_draft={openers.draft.clone()} on_earlier_draft={{ let state = state.clone(); openers.earlier_draft.reform(move |()| state.text()) }} />
            <ScenarioNotice aside={state.aside.clone()} alert={state.alert.clone()}
                on_undo={send(&dispatch, |()| Action::UndoNewScenario)} on_dismiss_aside={send(&dispatch, |()| Action::DismissAside)}
                on_dismiss_alert={send(&dispatch, |()| Action::DismissAlert)} />
            <WatchNote example={state.example} diverged={state.lesson_diverged()} on_dismiss={send(&dispatch, |()| Action::DismissNote)} on_reset={openers.lesson.clone()} />
        </>
    }
}

/// One of the playground's two editors.
fn editor(state: &UseReducerHandle<State>, doc: Doc, diagnostics: &Rc<Vec<Placed>>, findings: &[Placed]) -> Html {
    let dispatch = state.dispatcher();
    let value = state.text_of(doc).clone();
    let findings = findings.iter().filter(|p| p.doc == doc).count();
    html! {
        <Editor {doc} {value} diagnostics={diagnostics.clone()} {findings} jump={state.jump}
            on_edit={send(&dispatch, move |text| Action::Edit(doc, text))}
            tab_indents={state.tab_indents} on_tab_indents={send(&dispatch, Action::SetTabIndents)} />
    }
}

/// The playground: editors on the left, the views of the run on the right.
fn playground_view(
    state: &UseReducerHandle<State>,
    cluster: &Shared<ClusterState>,
    analysis: &UseAnalysis,
    diagnostics: Rc<Vec<Placed>>,
) -> Html {
    let dispatch = state.dispatcher();
    let shown = Shown {
        history: state.history.clone(),
        cluster: cluster.clone(),
        t: state.t(),
        pod: state.pod.clone(),
        playing: state.playing,
    };
    let refresh_ms = refresh_ms(state);
    let openers = Openers::new(&dispatch);
    let findings = analysis.data.0.marks_on(state.edits);
    // A file dropped anywhere on the page is opened like "Open file…".
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (on_file, on_refused) = (openers.file.clone(), send(&dispatch, Action::Alert));
        Callback::from(move |e: DragEvent| {
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                e.prevent_default();
                files::read(file, on_file.clone(), on_refused.clone());
            }
        })
    };
    html! {
        <div class="app" {ondragover} {ondrop} data-t={shown.t.to_string()} data-resim-ms={state.last_resim_ms.map(|m| format!("{m:.2}"))} data-playing={state.playing.to_string()} data-runs={state.runs.to_string()} data-edits={state.edits.to_string()} data-checked={state.checked.to_string()}>
            { topbar(state, &openers) }
            { transport(state) }
            { notices(state, &openers) }
            <main class="workspace">
                <div class="edit-column">
                    { editor(state, Doc::Kubernetes, &diagnostics, findings) }
                    { editor(state, Doc::Behaviour, &diagnostics, findings) }
                    <DiagnosticsList diagnostics={state.diagnostics.clone()} findings={findings.len()} stale={state.stale && state.error_count() > 0} on_jump={send(&dispatch, |(doc, line)| Action::JumpTo { doc, line })} />
                    <AssumptionsList assumptions={state.assumptions.clone()} on_change={send(&dispatch, Action::ChangeAssumption)} />
                </div>
                <div class="view-column">
                    <RunViews dispatch={dispatch.clone()} shown={shown.clone()}
                        speed={state.speed} probe={state.probe} title={state.display_title()} analysis={analysis.data.clone()} />
                    <ComparePane kubernetes={state.kubernetes.clone()} behaviour={state.behaviour.clone()} edits={state.edits}
                        triaged={state.current_triage()} />
                    <PodViews dispatch={dispatch.clone()} {shown} {refresh_ms}
                        live={state.live.clone()} analysis={analysis.data.clone()} analysis_stale={analysis.data.0.edits != Some(state.edits)}
                        on_open_what_if={analysis.open_what_if.clone()} />
                </div>
            </main>
        </div>
    }
}

/// Mounts the playground.
pub fn start() {
    mount::<App>();
}

/// Renders `Root` on the page's body, in place of the loading note that
/// index.html shows until the wasm has arrived.
fn mount<Root: BaseComponent<Properties = ()>>() {
    if let Some(note) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading")) {
        note.remove();
    }
    yew::Renderer::<Root>::new().render();
}
