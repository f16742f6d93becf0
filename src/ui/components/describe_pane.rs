//! The picked pod (here or on the cluster view) at the current time, in
//! tabs: `kubectl describe pod <name>` (`view::describe_pod`), `kubectl get
//! pod <name> -o yaml` (`view::get_pod_object`) and the app's request log
//! (`view::app_log`); and the Analysis beside them.
//! The views, the pod picker and the Copy button are `markup::kubectl`'s,
//! which the embed shows a view alone with; the tabs are the playground's.

use super::copy_button::use_copy_button;
use super::markup_pane::MarkupPane;
use crate::history::{History, Millis, PodId};
use crate::markup::control::Copied;
use crate::markup::kubectl::{self, ContainerLog};
use crate::markup::{Control, Element, Node};
use crate::playground::state::Shared;
use crate::ui::hooks::use_stable_callback;
use crate::ui::markup_html::{to_html, with_controls};
use crate::ui::refresh::{app_log_key, describe_key};
use crate::view::{self, ClusterState};
use std::rc::Rc;
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
    /// The Analysis tab's content (not about the pod: no pod to pick there).
    pub analysis: Html,
}

/// The pane's tabs: what it shows of the pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PodView {
    Describe,
    Yaml,
    AppLog,
    Analysis,
}

/// What the chosen view shows, from which its markup is built.
#[derive(PartialEq)]
struct Shown {
    tab: PodView,
    /// `describe` or `-o yaml` (empty for the other views).
    text: Shared<String>,
    /// The app log, when it is the view and there is a pod.
    logs: Shared<Option<Vec<ContainerLog>>>,
}

#[function_component(DescribePane)]
pub fn describe_pane(props: &DescribePaneProps) -> Html {
    let names = props.cluster.pod_names(&props.history);
    let name = kubectl::shown_pod(&names, props.pod.as_deref()).map(str::to_string);
    let chosen = use_state(|| PodView::Describe);
    let tab = *chosen;
    let pod_id = name.as_deref().and_then(|n| props.history.pod_by_name(n));
    let text = use_pod_text(props, name.clone(), pod_id, tab);
    let logs = use_app_logs(props, pod_id.filter(|_| tab == PodView::AppLog));
    let (copied, copy) = use_copy_button();
    let on = {
        let (text, on_select) = (text.clone(), props.on_select.clone());
        Callback::from(move |(control, value): (Control, Option<String>)| match (control, value) {
            (Control::Copy(_), _) => copy.emit((*text).clone()),
            (Control::SelectPod(_), Some(pod)) => on_select.emit(pod),
            _ => {}
        })
    };
    let on = use_stable_callback(&on);
    // Built again only when what it shows changes, not at every frame.
    let view = use_memo(Shown { tab, text, logs }, |shown| view_markup(shown).map(|e| Rc::new(Node::from(e))));
    let view = match &*view {
        Some(node) => html! {
            <MarkupPane node={Shared(node.clone())} on={on.clone()} follow={tab == PodView::AppLog} playing={props.playing} />
        },
        None => props.analysis.clone(),
    };
    // The pod picker (not for the Analysis, which is of the whole scenario)
    // and, for `describe`, the Copy button.
    let select = (tab != PodView::Analysis).then(|| kubectl::pod_select(&names, name.as_deref()));
    let copy =
        (tab == PodView::Describe).then(|| kubectl::copy_button("kubectl describe pod", Copied::Describe, copied));
    let controls = select.into_iter().chain(copy).map(|e| with_controls(&e.into(), &on)).collect();
    let header = header(&chosen, tab, controls);
    html! {
        <section class="pane kubectl describe" aria-label="Pod">
            { header }
            <div id="pod-view" role="tabpanel" aria-labelledby={tab.tab_id()}>
                { view }
            </div>
        </section>
    }
}

/// The text of the describe or `-o yaml` view of the shown pod, computed
/// when the pod changes (and, paused, every second, for the ages it prints).
#[hook]
fn use_pod_text(
    props: &DescribePaneProps,
    name: Option<String>,
    pod_id: Option<PodId>,
    tab: PodView,
) -> Shared<String> {
    let key = describe_key(&props.history, props.t, props.playing, props.refresh_ms, pod_id);
    let text = use_memo((props.history.clone(), name, key, tab), {
        let t = props.t;
        move |(h, name, _, tab)| match tab {
            PodView::AppLog | PodView::Analysis => String::new(),
            PodView::Yaml => {
                kubectl::pod_output(name.as_deref(), |n| view::get_pod_object(h, n, t, view::ObjectFormat::Yaml))
            }
            PodView::Describe => kubectl::describe_text(h, name.as_deref(), t),
        }
    });
    Shared(text)
}

/// The app log of `pod` (none: not shown, or no pod), computed at most
/// every `refresh_ms` while playing; paused, at every probe result of the pod.
#[hook]
fn use_app_logs(props: &DescribePaneProps, pod: Option<PodId>) -> Shared<Option<Vec<ContainerLog>>> {
    let key = pod.map(|pod| app_log_key(&props.history, props.t, props.playing, props.refresh_ms, pod));
    let t = props.t;
    Shared(use_memo((props.history.clone(), pod, key), move |(h, pod, _)| pod.map(|pod| kubectl::app_logs(h, pod, t))))
}

/// The markup of the view; none for the Analysis, which is not markup.
fn view_markup(shown: &Shown) -> Option<Element> {
    Some(match shown.tab {
        PodView::Describe => kubectl::text_region("Describe pod", &shown.text),
        PodView::Yaml => kubectl::text_region("Pod as YAML", &shown.text),
        PodView::AppLog => kubectl::app_log(shown.logs.as_deref()),
        PodView::Analysis => return None,
    })
}

/// The tabs, then the view's `controls`.
fn header(chosen: &UseStateHandle<PodView>, tab: PodView, controls: Html) -> Html {
    let tab_button = |which: PodView| {
        let chosen = chosen.clone();
        tab_button(which, tab == which, Callback::from(move |_: MouseEvent| chosen.set(which)))
    };
    let tabs = [PodView::Describe, PodView::Yaml, PodView::AppLog, PodView::Analysis];
    html! {
        <div class="pane-title">
            <div class="tabs" role="tablist" aria-label="Pod views">
                { for tabs.into_iter().map(tab_button) }
            </div>
            { controls }
        </div>
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
        let command = |c: &str| kubectl::command_label(c).iter().map(to_html).collect();
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
