//! The browser playground (wasm32 only): two editors for the scenario, the
//! playback controls, and the views of the one simulated History at the
//! current time: cluster, timeline, kubectl panes and traffic.
//!
//! Structure: one `State` (state.rs) changed by `Action`s through a pure
//! reducer; side effects in `hooks/`; one widget per file in `components/`.

pub mod bench;
pub mod components;
pub mod highlight;
pub mod hooks;
pub mod refresh;
pub mod scenario_text;
pub mod state;

use crate::gallery;

use crate::view::ClusterState;
use components::cluster_view::ClusterView;
use components::describe_pane::DescribePane;
use components::diagnostics_list::DiagnosticsList;
use components::editor::Editor;
use components::events_pane::EventsPane;
use components::examples_menu::ExamplesMenu;
use components::live_actions::LiveActions;
use components::playback::Playback;
use components::pods_pane::PodsPane;
use components::scrubber::Scrubber;
use components::shortcuts_help::ShortcutsHelp;
use components::theme_toggle::ThemeToggle;
use components::timeline::Timeline;
use components::traffic_chart::TrafficChart;
use components::watch_note::WatchNote;
use hooks::{
    SCENARIO_KEY, initial_theme, stored, use_keyboard_shortcuts, use_persisted_scenario, use_playback_clock,
    use_simulation, use_theme,
};
use scenario_text::Doc;
use state::{Action, Shared, State};
use yew::prelude::*;

/// The state of a first visit (the default example) or of the stored text.
pub fn initial_state() -> State {
    let (theme, chosen) = initial_theme();
    match stored(SCENARIO_KEY).filter(|t| !t.trim().is_empty()) {
        Some(text) => State::with_theme(&text, None, theme, chosen),
        None => {
            let example = &gallery::examples()[0];
            State::with_theme(example.text, Some(example.id), theme, chosen)
        }
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();

    use_simulation(&state);
    use_persisted_scenario(&state);
    use_playback_clock(state.playing, dispatch.clone());
    use_theme(state.theme, state.theme_chosen, dispatch.clone());
    use_keyboard_shortcuts(dispatch.clone(), state.speed);
    {
        // Edit-to-render time: the re-simulation's history is on screen.
        let (dispatch, pending) = (dispatch.clone(), state.pending_render);
        use_effect_with(state.history.clone(), move |_| {
            if pending.is_some() {
                dispatch.dispatch(Action::Rendered { now: hooks::now_ms() });
            }
        });
    }

    let t = state.t();
    let history = state.history.clone();
    // The world at `t`, rebuilt only when a record or a pod appears.
    let seen = history.until(t).len();
    let created = refresh::pods_created(&history, t);
    let cluster = use_memo((history.clone(), seen, created), move |(h, _, _)| ClusterState::at(h, t));
    let cluster = Shared(cluster);
    // While playing, the events and describe panes are recomputed about four
    // times a real second; paused, at every change.
    let refresh_ms = 250 * state.speed as i64;
    let errors = state.error_count();
    let status = match (errors, state.last_resim_ms) {
        (0, Some(ms)) => format!("simulated in {ms:.0} ms"),
        (0, None) => "simulating…".to_string(),
        (n, _) => format!("{n} error{}: showing the last valid run", if n == 1 { "" } else { "s" }),
    };
    html! {
        <div class="app" data-t={t.to_string()} data-resim-ms={state.last_resim_ms.map(|m| format!("{m:.2}"))} data-playing={state.playing.to_string()} data-runs={state.runs.to_string()} data-edits={state.edits.to_string()} data-checked={state.checked.to_string()}>
            <header class="topbar">
                <h1 class="brand"><span class="brand-mark" aria-hidden="true"></span>{ "probe-playground" }</h1>
                <ExamplesMenu dispatch={dispatch.clone()} />
                <Playback playing={state.playing} speed={state.speed} {t} end={state.end()} dispatch={dispatch.clone()} />
                <span class={classes!("status", (errors > 0).then_some("has-errors"))} role="status">{ status }</span>
                <div class="topbar-end">
                    <ThemeToggle theme={state.theme} dispatch={dispatch.clone()} />
                    <ShortcutsHelp open={state.help} dispatch={dispatch.clone()} />
                </div>
            </header>
            <Scrubber history={history.clone()} {t} dispatch={dispatch.clone()} />
            <WatchNote example={state.example} dispatch={dispatch.clone()} />
            <main class="workspace">
                <div class="edit-column">
                    <Editor doc={Doc::Kubernetes} value={state.kubernetes.clone()} diagnostics={state.diagnostics.clone()} jump={state.jump} dispatch={dispatch.clone()} />
                    <Editor doc={Doc::Behaviour} value={state.behaviour.clone()} diagnostics={state.diagnostics.clone()} jump={state.jump} dispatch={dispatch.clone()} />
                    <DiagnosticsList diagnostics={state.diagnostics.clone()} stale={state.stale && errors > 0} dispatch={dispatch.clone()} />
                </div>
                <div class="view-column">
                    <ClusterView history={history.clone()} cluster={cluster.clone()} {t} pod={state.pod.clone()} playing={state.playing} speed={state.speed} dispatch={dispatch.clone()} />
                    <Timeline history={history.clone()} {t} playing={state.playing} probe={state.probe} dispatch={dispatch.clone()} />
                    <div class="kubectl-row">
                        <PodsPane history={history.clone()} {t} playing={state.playing} />
                        <EventsPane history={history.clone()} {t} {refresh_ms} playing={state.playing} />
                    </div>
                    <div class="bottom-row">
                        <DescribePane history={history.clone()} cluster={cluster.clone()} {t} pod={state.pod.clone()} {refresh_ms} playing={state.playing} dispatch={dispatch.clone()} />
                        <div class="side-stack">
                            <TrafficChart history={history.clone()} cluster={cluster.clone()} {t} />
                            <LiveActions history={history.clone()} cluster={cluster.clone()} {t} pod={state.pod.clone()} live={state.live.clone()} dispatch={dispatch.clone()} />
                        </div>
                    </div>
                </div>
            </main>
        </div>
    }
}

/// Mounts the playground on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
