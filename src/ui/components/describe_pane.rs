//! `kubectl describe pod <name>` at the current time, from
//! `view::describe_pod`, for the pod picked here or on the cluster view.

use crate::history::{History, Millis, PodId, Record};
use crate::ui::state::{Action, Shared, State};
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
}

/// The last record at or before `t` that changes what `describe` shows of
/// a pod: its status, its containers' statuses, its events (not each probe
/// result).
pub fn last_change(history: &History, pod: Option<PodId>, t: Millis) -> Option<usize> {
    let pod = pod?;
    history.until(t).iter().rposition(|r| match r {
        Record::Pod(p) => p.pod == pod,
        Record::Container(c) => c.pod == pod,
        Record::Event(e) => e.pod == Some(pod),
        _ => false,
    })
}

#[function_component(DescribePane)]
pub fn describe_pane(props: &DescribePaneProps) -> Html {
    let names: Vec<String> = props
        .cluster
        .pods
        .iter()
        .map(|p| props.history.pod(p.id).name.clone())
        .collect();
    let name = props.pod.clone().or_else(|| names.first().cloned());
    let (seen, second) = if props.playing {
        (None, props.t / props.refresh_ms.max(1))
    } else {
        (
            last_change(
                &props.history,
                name.as_deref().and_then(|n| props.history.pod_by_name(n)),
                props.t,
            ),
            props.t / 1000,
        )
    };
    let text = use_memo((props.history.clone(), name.clone(), second, seen), {
        let t = props.t;
        move |(h, name, _, _)| match name {
            Some(name) => view::describe_pod(h, name, t)
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
    html! {
        <section class="pane kubectl describe" aria-labelledby="describe-title">
            <h2 class="pane-title" id="describe-title">
                <span class="prompt">{ "$ " }</span>{ "kubectl describe pod " }
                <select aria-label="Pod to describe" {onchange}>
                    { for options.iter().map(|n| html! { <option value={n.clone()} selected={Some(n) == name.as_ref()}>{ n.clone() }</option> }) }
                </select>
            </h2>
            <div class="terminal" aria-label="Describe pod" role="region">
                <pre>{ (*text).clone() }</pre>
            </div>
        </section>
    }
}
