//! The views of the run, in two components of their own: the App draws
//! itself again on every keystroke (the text is its state), and these take
//! only what they show as props, so that typing does not draw every view
//! again; they change when the run, the time or a selection does.

use super::components::analysis_pane::{AnalysisPane, ExpectationList};
use super::components::cluster_view::ClusterView;
use super::components::describe_pane::DescribePane;
use super::components::events_pane::EventsPane;
use super::components::live_actions::LiveActions;
use super::components::pods_pane::PodsPane;
use super::components::timeline::Timeline;
use super::components::traffic_chart::TrafficChart;
use super::send;
use crate::analysis::pane::PaneData;
use crate::history::{History, Millis};
use crate::playground::state::{Action, Applied, Shared, State};
use crate::view::ClusterState;
use std::convert::identity;
use std::rc::Rc;
use yew::prelude::*;

/// What every view shows: the run at a time, and the pod picked.
#[derive(Clone, PartialEq)]
pub struct Shown {
    pub history: Shared<History>,
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
    pub pod: Option<String>,
    pub playing: bool,
}

#[derive(Properties, PartialEq)]
pub struct RunViewsProps {
    pub dispatch: UseReducerDispatcher<State>,
    pub shown: Shown,
    pub speed: u32,
    pub probe: Option<usize>,
    pub title: Option<String>,
    pub analysis: Shared<PaneData>,
}

/// The cluster, the timeline under it, and the expectations' marks.
#[function_component(RunViews)]
pub fn run_views(p: &RunViewsProps) -> Html {
    let (d, Shown { history, cluster, t, pod, playing }) = (&p.dispatch, p.shown.clone());
    html! {
        <>
            <ClusterView history={history.clone()} {cluster} {t} {pod} {playing} speed={p.speed} on_action={send(d, identity)} />
            <Timeline {history} title={p.title.clone()} {t} {playing} probe={p.probe} on_action={send(d, identity)} on_error={send(d, Action::Alert)} />
            <ExpectationList data={p.analysis.clone()} on_seek={send(d, Action::Seek)} />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PodViewsProps {
    pub dispatch: UseReducerDispatcher<State>,
    pub shown: Shown,
    pub refresh_ms: Millis,
    pub live: Rc<Vec<Applied>>,
    pub analysis: Shared<PaneData>,
    /// The analysis is of an earlier text.
    pub analysis_stale: bool,
    pub on_open_what_if: Callback<usize>,
}

/// The kubectl panes, describe with the probe report, traffic and the live actions.
#[function_component(PodViews)]
pub fn pod_views(p: &PodViewsProps) -> Html {
    let (d, Shown { history, cluster, t, pod, playing }) = (&p.dispatch, p.shown.clone());
    let analysis = html! {
        <AnalysisPane data={p.analysis.clone()} stale={p.analysis_stale}
            on_open={p.on_open_what_if.clone()} on_jump={send(d, |(doc, line)| Action::JumpTo { doc, line })} />
    };
    html! {
        <>
            <div class="kubectl-row">
                <PodsPane history={history.clone()} {t} {playing} />
                <EventsPane history={history.clone()} {t} refresh_ms={p.refresh_ms} {playing} />
            </div>
            <div class="bottom-row">
                <DescribePane history={history.clone()} cluster={cluster.clone()} {t} pod={pod.clone()} refresh_ms={p.refresh_ms} {playing} on_select={send(d, |pod| Action::SelectPod(Some(pod)))} {analysis} />
                <div class="side-stack">
                    <TrafficChart history={history.clone()} cluster={cluster.clone()} {t} />
                    <LiveActions {history} {cluster} {t} {pod} live={p.live.clone()}
                        on_act={send(d, Action::Act)} on_pick_pod={send(d, Action::SelectPod)} on_clear={send(d, |()| Action::ClearLive)} />
                </div>
            </div>
        </>
    }
}
