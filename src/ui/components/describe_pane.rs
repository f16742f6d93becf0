//! The picked pod (here or on the cluster view) at the current time, in
//! tabs: `kubectl describe pod <name>` (`view::describe_pod`), `kubectl get
//! pod <name> -o yaml` (`view::get_pod_object`, when given) and the app's
//! request log (`AppLog`); and, when given, the Analysis beside them.

use super::app_log::AppLog;
use super::copy_button::CopyButton;
use crate::history::{History, Millis, PodId, Record};
use crate::playground::state::Shared;
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
    /// A pod was picked, by name.
    pub on_select: Callback<String>,
    /// One view only, without the tabs (an embed's `describe` or `log` pane).
    #[prop_or_default]
    pub only: Option<PodView>,
    /// The Analysis tab's content (not about the pod: no pod to pick there).
    #[prop_or_default]
    pub analysis: Option<Html>,
    /// The `-o yaml` tab's printer. An embed, which shows one view, has none,
    /// and its wasm carries no YAML writer.
    #[prop_or_default]
    pub object: Option<PodObject>,
}

/// Prints a pod at a time as `kubectl get pod <name> -o yaml` does.
#[derive(Clone, Copy)]
pub struct PodObject(pub fn(&History, &str, Millis) -> Option<String>);

impl PodObject {
    /// `view::get_pod_object` in YAML.
    pub fn yaml() -> PodObject {
        PodObject(|h, name, t| view::get_pod_object(h, name, t, view::ObjectFormat::Yaml))
    }
}

/// A build has one printer: any two are the same.
impl PartialEq for PodObject {
    fn eq(&self, _: &PodObject) -> bool {
        true
    }
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
    Analysis,
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
        let (t, object) = (props.t, props.object);
        move |(h, name, _, _, tab)| match name {
            _ if matches!(tab, PodView::AppLog | PodView::Analysis) => String::new(),
            Some(name) => match (tab, object) {
                (PodView::Yaml, Some(PodObject(print))) => print(h, name, t),
                _ => view::describe_pod(h, name, t),
            }
            .unwrap_or_else(|| format!("Error from server (NotFound): pods \"{name}\" not found\n")),
            None => "No resources found in default namespace.\n".to_string(),
        }
    });
    let view = tab_view(tab, pod_id, &text, props);
    let copy = {
        let text = text.clone();
        Callback::from(move |()| (*text).clone())
    };
    let copy = (tab == PodView::Describe).then(|| html! { <CopyButton what="kubectl describe pod" text={copy} /> });
    let select = pod_select(names, name.as_ref(), &props.on_select);
    if props.only.is_some() {
        return html! {
            <section class="pane kubectl describe">
                <div class="pane-title"><h2 class="pane-title-text">{ tab.label() }</h2>{ select }{ for copy }</div>
                { view }
            </section>
        };
    }
    let tab_button = |which: PodView| {
        let chosen = chosen.clone();
        tab_button(which, tab == which, Callback::from(move |_: MouseEvent| chosen.set(which)))
    };
    let tabs = [PodView::Describe, PodView::Yaml, PodView::AppLog, PodView::Analysis];
    html! {
        <section class="pane kubectl describe" aria-label="Pod">
            <div class="pane-title">
                <div class="tabs" role="tablist" aria-label="Pod views">
                    { for tabs.into_iter().filter(|&v| offered(v, props)).map(tab_button) }
                </div>
                // The analysis is of the whole scenario: no pod to pick.
                if tab != PodView::Analysis {
                    { select }
                }
                { for copy }
            </div>
            <div id="pod-view" role="tabpanel" aria-labelledby={tab.tab_id()}>
                { view }
            </div>
        </section>
    }
}

/// Whether the pane has what a tab shows.
fn offered(view: PodView, props: &DescribePaneProps) -> bool {
    match view {
        PodView::Yaml => props.object.is_some(),
        PodView::Analysis => props.analysis.is_some(),
        PodView::Describe | PodView::AppLog => true,
    }
}

impl PodView {
    /// The id of the view's tab, which names the panel.
    fn tab_id(self) -> &'static str {
        match self {
            PodView::Describe => "describe-tab",
            PodView::Yaml => "yaml-tab",
            PodView::AppLog => "app-log-tab",
            PodView::Analysis => "analysis-tab",
        }
    }

    fn label(self) -> Html {
        let command = |c: &str| html! { <><span class="prompt">{ "$ " }</span>{ c.to_string() }</> };
        match self {
            PodView::Describe => command("kubectl describe pod"),
            PodView::Yaml => command("kubectl get pod -o yaml"),
            PodView::AppLog => html! { "App log" },
            PodView::Analysis => html! { "Analysis" },
        }
    }
}

fn tab_button(which: PodView, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" role="tab" id={which.tab_id()} class="tab" aria-selected={selected.to_string()} aria-controls="pod-view" {onclick}>
            { which.label() }
        </button>
    }
}

/// The pod picker. A picked pod that is gone (or not yet created) stays in
/// the list.
fn pod_select(mut options: Vec<String>, name: Option<&String>, on_select: &Callback<String>) -> Html {
    if let Some(n) = name
        && !options.contains(n)
    {
        options.push(n.clone());
    }
    let onchange = on_select.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <select aria-label="Pod to show" {onchange}>
            { for options.iter().map(|n| html! { <option value={n.clone()} selected={Some(n) == name}>{ n.clone() }</option> }) }
        </select>
    }
}

/// What the chosen tab shows.
fn tab_view(tab: PodView, pod_id: Option<PodId>, text: &str, props: &DescribePaneProps) -> Html {
    match (tab, pod_id) {
        (PodView::AppLog, Some(pod)) => html! {
            <AppLog history={props.history.clone()} {pod} t={props.t} refresh_ms={props.refresh_ms} playing={props.playing} />
        },
        (PodView::AppLog, None) => html! {
            <div class="terminal" role="log" aria-label="App log"><pre>{ "No resources found in default namespace.\n" }</pre></div>
        },
        (PodView::Describe, _) => html! {
            <div class="terminal" aria-label="Describe pod" role="region">
                <pre>{ text.to_string() }</pre>
            </div>
        },
        (PodView::Analysis, _) => props.analysis.clone().unwrap_or_default(),
        (PodView::Yaml, _) => html! {
            <div class="terminal" aria-label="Pod as YAML" role="region">
                <pre>{ text.to_string() }</pre>
            </div>
        },
    }
}
