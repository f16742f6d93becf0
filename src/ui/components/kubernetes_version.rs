//! The cluster's Kubernetes version, and beside it the feature gates that
//! version lets a cluster set: both edit the behaviour document's
//! `simulation` (`cluster::text`), so the text stays the truth and a share
//! link carries the choice.

use crate::cluster::{Gate, Version, text};
use crate::playground::text::Text;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KubernetesVersionProps {
    /// The behaviour editor's text.
    pub behaviour: Text,
    /// Called with the behaviour text edited to the version or gate picked.
    pub on_edit: Callback<String>,
}

#[function_component(KubernetesVersion)]
pub fn kubernetes_version(props: &KubernetesVersionProps) -> Html {
    let cluster = *use_memo(props.behaviour.clone(), |b| text::cluster_of(b));
    let onchange = {
        let (on_edit, behaviour) = (props.on_edit.clone(), props.behaviour.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok((version, _)) = Version::parse(&select.value()) {
                on_edit.emit(text::set_version(&behaviour, version));
            }
        })
    };
    let version = cluster.version;
    let settable: Vec<Gate> = Gate::ALL.into_iter().filter(|g| g.stage(version).is_some_and(|s| !s.locked)).collect();
    let gate = |gate: Gate| {
        let stage = gate.stage(version).expect("a settable gate exists");
        let on = cluster.enabled(gate);
        let behaviour = props.behaviour.clone();
        // Turned back to the version's default, the gate leaves the text.
        let wanted = (on == stage.default).then_some(!on);
        let onchange = props.on_edit.reform(move |_: Event| text::set_gate(&behaviour, gate, wanted));
        let default = if stage.default { "on" } else { "off" };
        let title = format!("{}: {} (default {default})", stage.name, gate.summary());
        html! {
            <li>
                <label {title}>
                    <input type="checkbox" checked={on} {onchange} />
                    <span class="gate-name">{ gate.name() }</span>
                    <span class="gate-stage">{ stage.name }</span>
                </label>
            </li>
        }
    };
    html! {
        <div class="kubernetes-version">
            <label class="version-label">
                <span>{ "Kubernetes" }</span>
                <select aria-label="Kubernetes version" {onchange}>
                    { for Version::all().rev().map(|v| html! {
                        <option value={v.to_string()} selected={v == version}>{ v.to_string() }</option>
                    }) }
                </select>
            </label>
            if !settable.is_empty() {
                <details class="gates">
                    <summary>{ format!("Feature gates ({})", settable.len()) }</summary>
                    <ul class="gates-list" aria-label={format!("Feature gates Kubernetes {version} can set")}>
                        { for settable.into_iter().map(gate) }
                    </ul>
                </details>
            }
        </div>
    }
}
