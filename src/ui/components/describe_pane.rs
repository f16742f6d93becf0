//! The picked pod (here or on the cluster view) at the current time, in three
//! tabs: `kubectl describe pod <name>` (`view::describe_pod`), `kubectl get
//! pod <name> -o yaml` (`view::get_pod_object`) and the app's request log
//! (`AppLog`).

use super::app_log::AppLog;
use super::copy_button::CopyButton;
use crate::history::{History, Millis, PodId, Record};
use crate::playground::state::{Action, Shared, State};
use crate::ui::refresh::refresh_key;
use crate::view::{self, ClusterState};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DescribePaneProps {
    pub history: Shared<History>,
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
    pub pod: Option<String>,
    /// How much simulated time may pass before the pane is recomputed while
    /// playing; paused, it follows every change of the pod and every second.
    pub refresh_ms: Millis,
    pub playing: bool,
    pub dispatch: UseReducerDispatcher<State>,
    /// One view only, without the tabs (an embed's `describe` or `log` pane).
    #[prop_or_default]
    pub only: Option<PodView>,
}

/// Whether a record changes what `describe` shows of a pod: its status, its
/// containers' statuses, its events (not each probe result).
fn describes(record: &Record, pod: Option<PodId>) -> bool {
    match record {
        Record::Pod(p) => Some(p.pod) == pod,
        Record::Container(c) => Some(c.pod) == pod,
        Record::Event(e) => e.pod.is_some() && e.pod == pod,
        _ => false,
    }
}

/// The pane's tabs: what it shows of the pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodView {
    Describe,
    Yaml,
    AppLog,
}

#[function_component(DescribePane)]
pub fn describe_pane(props: &DescribePaneProps) -> Html {
    let names: Vec<String> = props.cluster.pods.iter().map(|p| props.history.pod(p.id).name.clone()).collect();
    let name = props.pod.clone().or_else(|| names.first().cloned());
    let pod_id = name.as_deref().and_then(|n| props.history.pod_by_name(n));
    let chosen = use_state(|| PodView::Describe);
    let tab = props.only.unwrap_or(*chosen);
    let key = refresh_key(&props.history, props.t, props.playing, props.refresh_ms, |r| describes(r, pod_id));
    // Paused, the ages it prints also move on every second.
    let second = if props.playing { 0 } else { props.t / 1000 };
    let text = use_memo((props.history.clone(), name.clone(), key, second, tab), {
        let t = props.t;
        move |(h, name, _, _, tab)| match name {
            _ if *tab == PodView::AppLog => String::new(),
            Some(name) => match tab {
                PodView::Yaml => view::get_pod_object(h, name, t, view::ObjectFormat::Yaml),
                _ => view::describe_pod(h, name, t),
            }
            .unwrap_or_else(|| format!("Error from server (NotFound): pods \"{name}\" not found\n")),
            None => "No resources found in default namespace.\n".to_string(),
        }
    });
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SelectPod(Some(select.value())));
        })
    };
    // A picked pod that is gone (or not yet created) stays in the list.
    let mut options = names;
    if let Some(n) = &name
        && !options.contains(n)
    {
        options.push(n.clone());
    }
    let tab_button = |which: PodView, id: &'static str, label: Html| {
        let (chosen, selected) = (chosen.clone(), tab == which);
        let onclick = Callback::from(move |_: MouseEvent| chosen.set(which));
        html! {
            <button type="button" role="tab" {id} class="tab" aria-selected={selected.to_string()} aria-controls="pod-view" {onclick}>{ label }</button>
        }
    };
    let view = match (tab, pod_id) {
        (PodView::AppLog, Some(pod)) => html! {
            <AppLog history={props.history.clone()} {pod} t={props.t} refresh_ms={props.refresh_ms} playing={props.playing} />
        },
        (PodView::AppLog, None) => html! {
            <div class="terminal" role="log" aria-label="App log"><pre>{ "No resources found in default namespace.\n" }</pre></div>
        },
        (PodView::Describe, _) => html! {
            <div class="terminal" aria-label="Describe pod" role="region">
                <pre>{ (*text).clone() }</pre>
            </div>
        },
        (PodView::Yaml, _) => html! {
            <div class="terminal" aria-label="Pod as YAML" role="region">
                <pre>{ (*text).clone() }</pre>
            </div>
        },
    };
    let copy = {
        let text = text.clone();
        Callback::from(move |()| (*text).clone())
    };
    let copy = (tab == PodView::Describe).then(|| html! { <CopyButton what="kubectl describe pod" text={copy} /> });
    let select = html! {
        <select aria-label="Pod to show" {onchange}>
            { for options.iter().map(|n| html! { <option value={n.clone()} selected={Some(n) == name.as_ref()}>{ n.clone() }</option> }) }
        </select>
    };
    if props.only.is_some() {
        let title = if tab == PodView::Describe {
            html! { <><span class="prompt">{ "$ " }</span>{ "kubectl describe pod" }</> }
        } else {
            html! { "App log" }
        };
        return html! {
            <section class="pane kubectl describe">
                <div class="pane-title"><h2 class="pane-title-text">{ title }</h2>{ select }{ for copy }</div>
                { view }
            </section>
        };
    }
    html! {
        <section class="pane kubectl describe" aria-label="Pod">
            <div class="pane-title">
                <div class="tabs" role="tablist" aria-label="Pod views">
                    { tab_button(PodView::Describe, "describe-tab", html! { <><span class="prompt">{ "$ " }</span>{ "kubectl describe pod" }</> }) }
                    { tab_button(PodView::Yaml, "yaml-tab", html! { <><span class="prompt">{ "$ " }</span>{ "kubectl get pod -o yaml" }</> }) }
                    { tab_button(PodView::AppLog, "app-log-tab", html! { "App log" }) }
                </div>
                { select }
                { for copy }
            </div>
            <div id="pod-view" role="tabpanel" aria-labelledby={match tab { PodView::Describe => "describe-tab", PodView::Yaml => "yaml-tab", PodView::AppLog => "app-log-tab" }}>
                { view }
            </div>
        </section>
    }
}
