//! The embed (`?embed=1`), a wasm of its own (`src/bin/embed-app.rs`): only the
//! panes its link asks for, compact controls, no storage, and messages to
//! and from the host page. A docs page downloads this, not the playground's
//! editors, menus and analysis: index.html's loader picks the wasm by the
//! query, so an embed fetches one, and only this one.

use super::components::cluster_view::ClusterView;
use super::components::describe_pane::{DescribePane, PodView};
use super::components::events_pane::EventsPane;
use super::components::link_notices::LinkNotices;
use super::components::playback::Playback;
use super::components::pods_pane::PodsPane;
use super::components::scrubber::Scrubber;
use super::components::text_pane::TextPane;
use super::components::timeline::Timeline;
use super::components::traffic_chart::TrafficChart;
use super::hooks::{use_host_messages, use_playback_clock, use_simulation, use_theme};
use super::{initial_state, page, refresh_ms, send, use_cluster_at};
use crate::link::presentation::{Pane, standalone_query};
use crate::playground::state::{Action, Shared, State};
use crate::scenario::text::Doc;
use crate::view::ClusterState;
use yew::prelude::*;

#[function_component(EmbedApp)]
fn embed_app() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();
    use_simulation(&state);
    use_host_messages(&state);
    use_playback_clock(state.playing, dispatch.clone());
    // An embed never stores the theme: it shares storage with the playground.
    use_theme(state.theme, state.theme_chosen, false, dispatch);
    let cluster = use_cluster_at(&state.history, state.t());
    // The "Open in probe-playground" link, remade only when the text changes.
    let fragment = use_memo((state.edits, state.title.clone()), {
        let state = state.clone();
        move |_| state.fragment()
    });
    embed_view(&state, &cluster, &fragment)
}

/// An embed: the panes its link asks for, compact controls, and a link to
/// open the scenario in the playground.
fn embed_view(state: &UseReducerHandle<State>, cluster: &Shared<ClusterState>, fragment: &str) -> Html {
    let (dispatch, history, t, p) = (state.dispatcher(), state.history.clone(), state.t(), &state.presentation);
    let refresh_ms = refresh_ms(state);
    let pane = |pane: Pane| match pane {
        Pane::Kubernetes | Pane::Behaviour => {
            let (doc, value) = match pane {
                Pane::Kubernetes => (Doc::Kubernetes, state.kubernetes.clone()),
                _ => (Doc::Behaviour, state.behaviour.clone()),
            };
            let on_edit = send(&dispatch, move |text| Action::Edit(doc, text));
            html! { <TextPane {doc} {value} diagnostics={state.diagnostics.clone()} read_only={p.read_only} {on_edit} /> }
        }
        Pane::Cluster => {
            html! { <ClusterView history={history.clone()} cluster={cluster.clone()} {t} pod={state.pod.clone()} playing={state.playing} speed={state.speed} on_select={send(&dispatch, |pod| Action::SelectPod(Some(pod)))} /> }
        }
        Pane::Timeline => {
            html! { <Timeline history={history.clone()} title={state.display_title()} {t} playing={state.playing} probe={state.probe} on_select_probe={send(&dispatch, Action::SelectProbe)} on_seek={send(&dispatch, Action::Seek)} /> }
        }
        Pane::Pods => html! { <PodsPane history={history.clone()} {t} playing={state.playing} /> },
        Pane::Events => html! { <EventsPane history={history.clone()} {t} {refresh_ms} playing={state.playing} /> },
        Pane::Describe | Pane::Log => {
            let only = if pane == Pane::Describe { PodView::Describe } else { PodView::AppLog };
            html! { <DescribePane history={history.clone()} cluster={cluster.clone()} {t} pod={state.pod.clone()} {refresh_ms} playing={state.playing} on_select={send(&dispatch, |pod| Action::SelectPod(Some(pod)))} only={Some(only)} /> }
        }
        Pane::Traffic => html! { <TrafficChart history={history.clone()} cluster={cluster.clone()} {t} /> },
    };
    let title = p.title.clone().or_else(|| state.display_title()).unwrap_or_else(|| "probe-playground".to_string());
    let open = crate::link::url(&page::base(), &standalone_query(&page::query()), fragment);
    html! {
        <div class={classes!("app", "embed", p.autoresize.then_some("autoresize"))} data-t={t.to_string()} data-playing={state.playing.to_string()} data-runs={state.runs.to_string()} data-edits={state.edits.to_string()} data-checked={state.checked.to_string()}>
            <div class="embed-bar">
                <h1 class="embed-title">{ title }</h1>
                if p.controls {
                    <Playback playing={state.playing} speed={state.speed} {t} end={state.end()} on_toggle={send(&dispatch, |()| Action::TogglePlay)} on_speed={send(&dispatch, Action::SetSpeed)} compact=true />
                }
                <a class="open-full" href={open} target="_blank" rel="noopener">{ "Open in probe-playground" }<span aria-hidden="true">{ " ↗" }</span></a>
            </div>
            if p.controls {
                <Scrubber history={history.clone()} {t} on_seek={send(&dispatch, Action::Seek)} />
            }
            <LinkNotices error={state.link_error.clone()} draft={None} on_dismiss_error={send(&dispatch, |()| Action::DismissLinkError)} on_dismiss_draft={send(&dispatch, |()| Action::DismissDraftNotice)} />
            <main class="embed-panes">{ for p.panes.iter().map(|&p| pane(p)) }</main>
        </div>
    }
}

/// Mounts the embed on the page's body, in place of the loading note.
pub fn start() {
    super::mount::<EmbedApp>();
}
