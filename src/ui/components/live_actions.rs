//! Live actions on a pod or container at the current time: make an endpoint
//! fail, recover or hang; crash; touch or remove a file; delete the pod;
//! scale or roll out its workload. Each is written into the behaviour's
//! `actions:` at the current time (so it is saved and shared with the text)
//! and the run is simulated again, so scrubbing back shows the world before
//! it. What is offered comes from `playground::live::targets`.

use crate::behaviour::{Action as LiveAction, HttpRule, Rollout, Verb};
use crate::history::{History, Millis};
use crate::playground::live::{Targets, targets};
use crate::playground::state::{Applied, Shared, clock_text};
use crate::view::ClusterState;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LiveActionsProps {
    pub history: Shared<History>,
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
    pub pod: Option<String>,
    pub live: Rc<Vec<Applied>>,
    /// An action to apply at the current time.
    pub on_act: Callback<LiveAction>,
    pub on_pick_pod: Callback<Option<String>>,
    /// Take every live action out again.
    pub on_clear: Callback<()>,
}

/// The fields the user may type into; empty means the default.
#[derive(Clone, Default, PartialEq)]
struct Fields {
    container: String,
    path: String,
    file: String,
    replicas: Option<i32>,
    image: String,
}

/// The typed value, else the default.
fn or(typed: &str, default: &str) -> String {
    if typed.is_empty() { default.to_string() } else { typed.to_string() }
}

#[function_component(LiveActions)]
pub fn live_actions(props: &LiveActionsProps) -> Html {
    let fields = use_state(Fields::default);
    let container = Some(fields.container.as_str()).filter(|c| !c.is_empty());
    let targets = targets(&props.history, &props.cluster, props.pod.as_deref(), container);
    let container = container.filter(|c| targets.containers.iter().any(|n| n == c)).map(str::to_string);
    let act = |verb: Verb, on_pod: bool| {
        let (on_act, t, container) = (props.on_act.clone(), targets.clone(), container.clone());
        Callback::from(move |_: MouseEvent| {
            on_act.emit(LiveAction {
                at: 0,
                workload: if on_pod { None } else { t.workload.clone() },
                pod: if on_pod { t.pod.clone() } else { None },
                replica: None,
                container: if on_pod { container.clone() } else { None },
                verb: verb.clone(),
                line: 0,
            })
        })
    };
    let field = |set: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = (*fields).clone();
            set(&mut f, e.target_unchecked_into::<HtmlInputElement>().value());
            fields.set(f);
        })
    };
    let path = or(&fields.path, &targets.path);
    let file = or(&fields.file, &targets.file);
    let image = or(&fields.image, &targets.image);
    let replicas = fields.replicas.unwrap_or(targets.replicas + 1).clamp(0, 100);
    // An empty path field means every path.
    let endpoint = HttpRule { path: Some(path.trim().to_string()).filter(|p| !p.is_empty()), ..HttpRule::default() };
    let (no_pod, no_workload) = (targets.pod.is_none(), targets.workload.is_none());
    let rollout = Verb::Rollout(Box::new(Rollout { image: Some(image.clone()), ..Rollout::default() }));
    html! {
        <section class="live-actions" aria-labelledby="actions-title">
            <h2 class="pane-title" id="actions-title">{ format!("Live actions at {}", clock_text(props.t)) }</h2>
            { target_pickers(&targets, container.as_deref(), &props.on_pick_pod, field(|f, v| f.container = v)) }
            <div class="action-row">
                <label>{ "Endpoint " }<input type="text" aria-label="Endpoint path" value={path} oninput={field(|f, v| f.path = v)} size="12" /></label>
                <button type="button" disabled={no_pod} onclick={act(Verb::fail(endpoint.clone()), true)}>{ "Fail" }</button>
                <button type="button" disabled={no_pod} onclick={act(Verb::recover(endpoint.clone()), true)}>{ "Recover" }</button>
                <button type="button" disabled={no_pod} onclick={act(Verb::hang(endpoint), true)}>{ "Hang" }</button>
            </div>
            <div class="action-row">
                <label>{ "File " }<input type="text" aria-label="File path" value={file.clone()} oninput={field(|f, v| f.file = v)} size="12" /></label>
                <button type="button" disabled={no_pod} onclick={act(Verb::Touch(file.clone()), true)}>{ "Touch" }</button>
                <button type="button" disabled={no_pod} onclick={act(Verb::Remove(file), true)}>{ "Remove" }</button>
            </div>
            <div class="action-row">
                <button type="button" class="danger" disabled={no_pod} onclick={act(Verb::Crash { exit_code: 1, oom: false }, true)}>{ "Crash container" }</button>
                <button type="button" class="danger" disabled={no_pod} onclick={act(Verb::Delete, true)}>{ "Delete pod" }</button>
            </div>
            <div class="action-row">
                <label>{ "Replicas " }<input type="number" aria-label="Replicas" min="0" max="100" value={replicas.to_string()} oninput={field(|f, v| f.replicas = v.parse().ok())} /></label>
                <button type="button" disabled={no_workload} onclick={act(Verb::Scale(replicas), false)}>{ "Scale" }</button>
                <span class="workload">{ targets.workload.clone().unwrap_or_default() }</span>
            </div>
            <div class="action-row">
                <label>{ "Image " }<input type="text" aria-label="Image" value={image} oninput={field(|f, v| f.image = v)} size="16" /></label>
                <button type="button" disabled={no_workload} onclick={act(rollout, false)}>{ "Roll out" }</button>
                <button type="button" disabled={no_workload} onclick={act(Verb::Rollback, false)}>{ "Roll back" }</button>
            </div>
            <div class="live-list" hidden={props.live.is_empty()}>
                <ul aria-label="Live actions applied">
                    { for props.live.iter().map(|a| html! { <li>{ a.action.to_string() }</li> }) }
                </ul>
                <p class="hint">{ "Written into the App behaviour's actions: they are saved and shared with it." }</p>
                <button type="button" class="link-button" onclick={props.on_clear.reform(|_| ())}>{ "Undo all live actions" }</button>
            </div>
        </section>
    }
}

/// The pod and container the pod actions aim at.
fn target_pickers(
    targets: &Targets,
    container: Option<&str>,
    on_pod: &Callback<Option<String>>,
    on_container: Callback<InputEvent>,
) -> Html {
    let on_pod = on_pod.reform(|e: Event| Some(e.target_unchecked_into::<HtmlSelectElement>().value()));
    let disabled = targets.pod.is_none();
    let pods = targets
        .pods
        .iter()
        .map(|n| html! { <option value={n.clone()} selected={Some(n) == targets.pod.as_ref()}>{ n.clone() }</option> });
    let containers = targets
        .containers
        .iter()
        .map(|c| html! { <option value={c.clone()} selected={Some(c.as_str()) == container}>{ c.clone() }</option> });
    html! {
        <div class="action-target">
            <label>{ "Pod " }
                <select aria-label="Pod for live actions" onchange={on_pod} {disabled}>
                    if disabled { <option value="" selected=true>{ "no pod at this moment" }</option> }
                    { for pods }
                </select>
            </label>
            <label>{ "Container " }
                <select aria-label="Container for live actions" oninput={on_container} {disabled}>
                    <option value="" selected={container.is_none()}>{ "all containers" }</option>
                    { for containers }
                </select>
            </label>
        </div>
    }
}
