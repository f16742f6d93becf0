//! Live actions on a pod or container at the current time: make an endpoint
//! fail, recover or hang; crash; touch or remove a file; delete the pod;
//! scale or roll out its workload. Each one re-simulates the run with the
//! action appended at the current time, so scrubbing back shows the world
//! before it.

use crate::behaviour::{Action as LiveAction, HttpRule, Rollout, Verb, file_checked};
use crate::history::{History, Millis};
use crate::spec::{Container, Handler, ProbeKind};
use crate::ui::state::{Action, Shared, State, clock_text};
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
    pub live: Rc<Vec<LiveAction>>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(LiveActions)]
pub fn live_actions(props: &LiveActionsProps) -> Html {
    let history = &*props.history;
    let state = &*props.cluster;
    let names: Vec<String> = state.pods.iter().map(|p| history.pod(p.id).name.clone()).collect();
    let pod_name = props.pod.clone().filter(|p| names.contains(p)).or_else(|| names.first().cloned());
    let info = pod_name.as_ref().and_then(|n| history.pod_by_name(n)).map(|id| history.pod(id).clone());

    let container = use_state(String::new);
    let path = use_state(String::new);
    let file = use_state(String::new);
    let replicas = use_state(|| None::<i32>);
    let image = use_state(String::new);

    let containers: Vec<String> =
        info.as_ref().map_or(vec![], |i| i.template.spec.containers.iter().map(|c| c.name.clone()).collect());
    let chosen_container = (!container.is_empty() && containers.contains(&container)).then(|| (*container).clone());
    // Defaults taken from the probes: the first HTTP path, and the first file
    // an exec probe's command looks at.
    let probed: Vec<(&Container, &Handler)> = info.as_ref().map_or(vec![], |i| {
        i.template
            .spec
            .containers
            .iter()
            .filter(|c| chosen_container.as_ref().is_none_or(|n| &c.name == n))
            .flat_map(|c| ProbeKind::ALL.iter().filter_map(move |k| c.probe(*k).map(|p| (c, &p.handler))))
            .collect()
    });
    let default_path = probed
        .iter()
        .find_map(|(_, h)| match h {
            Handler::HttpGet { path, .. } => Some(path.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "/".to_string());
    let default_file = probed
        .iter()
        .find_map(|(c, h)| match h {
            Handler::Exec { command } => file_checked(c, command),
            _ => None,
        })
        .unwrap_or_else(|| "/tmp/healthy".to_string());
    let workload =
        info.as_ref().map(|i| i.workload.rsplit('/').next().unwrap_or("").to_string()).filter(|w| !w.is_empty());
    let current_replicas = workload.as_ref().map_or(0, |w| {
        state
            .pods
            .iter()
            .filter(|p| history.pod(p.id).workload.rsplit('/').next() == Some(w.as_str()) && !p.deleting())
            .count() as i32
    });
    let path_value = if path.is_empty() { default_path.clone() } else { (*path).clone() };
    // An empty path field means every path.
    let endpoint = HttpRule {
        path: (!path_value.trim().is_empty()).then(|| path_value.trim().to_string()),
        ..HttpRule::default()
    };
    let file_value = if file.is_empty() { default_file.clone() } else { (*file).clone() };
    let replicas_value = replicas.unwrap_or(current_replicas + 1);
    let image_value = if image.is_empty() {
        info.as_ref()
            .and_then(|i| i.template.spec.containers.iter().find(|c| c.is_regular()))
            .map_or("app:2.0".to_string(), |c| next_image(&c.image))
    } else {
        (*image).clone()
    };

    let act = {
        let dispatch = props.dispatch.clone();
        let (pod_name, workload, chosen_container) = (pod_name.clone(), workload.clone(), chosen_container.clone());
        move |verb: Verb, on_pod: bool| {
            let dispatch = dispatch.clone();
            let (pod, workload, container) = (pod_name.clone(), workload.clone(), chosen_container.clone());
            Callback::from(move |_: MouseEvent| {
                dispatch.dispatch(Action::Act(LiveAction {
                    at: 0,
                    workload: workload.clone(),
                    pod: if on_pod { pod.clone() } else { None },
                    replica: None,
                    container: if on_pod { container.clone() } else { None },
                    verb: verb.clone(),
                    line: 0,
                }))
            })
        }
    };
    let text_input = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            handle.set(input.value());
        })
    };
    let on_pod = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SelectPod(Some(select.value())));
        })
    };
    let on_container = {
        let container = container.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            container.set(select.value());
        })
    };
    let on_replicas = {
        let replicas = replicas.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            replicas.set(input.value().parse().ok());
        })
    };
    let clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ClearLive))
    };
    let disabled = pod_name.is_none();
    let no_workload = workload.is_none() || info.as_ref().is_some_and(|i| i.workload.starts_with("Pod/"));

    html! {
        <section class="live-actions" aria-labelledby="actions-title">
            <h2 class="pane-title" id="actions-title">{ format!("Live actions at {}", clock_text(props.t)) }</h2>
            <div class="action-target">
                <label>{ "Pod " }
                    <select aria-label="Pod for live actions" onchange={on_pod} disabled={disabled}>
                        { for names.iter().map(|n| html! { <option value={n.clone()} selected={Some(n) == pod_name.as_ref()}>{ n.clone() }</option> }) }
                    </select>
                </label>
                <label>{ "Container " }
                    <select aria-label="Container for live actions" onchange={on_container} disabled={disabled}>
                        <option value="" selected={chosen_container.is_none()}>{ "all containers" }</option>
                        { for containers.iter().map(|c| html! { <option value={c.clone()} selected={Some(c) == chosen_container.as_ref()}>{ c.clone() }</option> }) }
                    </select>
                </label>
            </div>
            <div class="action-row">
                <label>{ "Endpoint " }<input type="text" aria-label="Endpoint path" value={path_value.clone()} oninput={text_input(&path)} size="12" /></label>
                <button type="button" {disabled} onclick={act(Verb::fail(endpoint.clone()), true)}>{ "Fail" }</button>
                <button type="button" {disabled} onclick={act(Verb::recover(endpoint.clone()), true)}>{ "Recover" }</button>
                <button type="button" {disabled} onclick={act(Verb::hang(endpoint), true)}>{ "Hang" }</button>
            </div>
            <div class="action-row">
                <label>{ "File " }<input type="text" aria-label="File path" value={file_value.clone()} oninput={text_input(&file)} size="12" /></label>
                <button type="button" {disabled} onclick={act(Verb::Touch(file_value.clone()), true)}>{ "Touch" }</button>
                <button type="button" {disabled} onclick={act(Verb::Remove(file_value.clone()), true)}>{ "Remove" }</button>
            </div>
            <div class="action-row">
                <button type="button" class="danger" {disabled} onclick={act(Verb::Crash { exit_code: 1, oom: false }, true)}>{ "Crash container" }</button>
                <button type="button" class="danger" {disabled} onclick={act(Verb::Delete, true)}>{ "Delete pod" }</button>
            </div>
            <div class="action-row">
                <label>{ "Replicas " }<input type="number" aria-label="Replicas" min="0" max="100" value={replicas_value.to_string()} oninput={on_replicas} /></label>
                <button type="button" disabled={no_workload} onclick={act(Verb::Scale(replicas_value.clamp(0, 100)), false)}>{ "Scale" }</button>
            </div>
            <div class="action-row">
                <label>{ "Image " }<input type="text" aria-label="Image" value={image_value.clone()} oninput={text_input(&image)} size="16" /></label>
                <button type="button" disabled={no_workload} onclick={act(Verb::Rollout(Box::new(Rollout { image: Some(image_value.clone()), ..Rollout::default() })), false)}>{ "Roll out" }</button>
                <button type="button" disabled={no_workload} onclick={act(Verb::Rollback, false)}>{ "Roll back" }</button>
            </div>
            <div class="live-list" hidden={props.live.is_empty()}>
                    <ul aria-label="Live actions applied">
                        { for props.live.iter().map(|a| html! { <li>{ a.to_string() }</li> }) }
                    </ul>
                    <button type="button" class="link-button" onclick={clear}>{ "Undo all live actions" }</button>
            </div>
        </section>
    }
}

/// A plausible next version of an image: `web:1.0` becomes `web:1.1`.
fn next_image(image: &str) -> String {
    match image.rsplit_once(':') {
        Some((name, tag)) => {
            let mut parts: Vec<String> = tag.split('.').map(str::to_string).collect();
            if let Some(last) = parts.last_mut()
                && let Ok(n) = last.parse::<u32>()
            {
                *last = (n + 1).to_string();
                return format!("{name}:{}", parts.join("."));
            }
            format!("{name}:{tag}-next")
        }
        None => format!("{image}:v2"),
    }
}
