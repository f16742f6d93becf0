//! Every diagnostic of the scenario in one list; a click puts the caret on
//! its line in its editor.

use crate::scenario::text::{Doc, Placed};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsListProps {
    pub diagnostics: Rc<Vec<Placed>>,
    /// The text has errors, so the history shown is of an earlier version.
    pub stale: bool,
    /// Called with the editor and the line of the diagnostic clicked.
    pub on_jump: Callback<(Doc, u32)>,
    /// The analysis' findings on the text (marked in the editors, listed
    /// in the Analysis tab): "No problems" alone would deny them.
    #[prop_or_default]
    pub findings: usize,
}

#[function_component(DiagnosticsList)]
pub fn diagnostics_list(props: &DiagnosticsListProps) -> Html {
    let items = props.diagnostics.iter().map(|p| {
        let (doc, line) = (p.doc, p.line);
        let onclick = props.on_jump.reform(move |_: MouseEvent| (doc, line));
        let severity = p.diagnostic.severity.name();
        html! {
            <li class={classes!("diagnostic", severity)}>
                <button type="button" {onclick} title="Go to this line">
                    <span class="where">{ format!("{} {}:{}", p.doc.label(), p.line, p.diagnostic.span.col) }</span>
                    <span class={classes!("severity", severity)}>{ severity }</span>
                    <span class="message">{ p.diagnostic.text() }</span>
                </button>
            </li>
        }
    });
    let summary = if props.diagnostics.is_empty() && props.findings > 0 {
        let n = props.findings;
        html! { <p class="ok">{ format!("No problems: every edit re-simulates. The Analysis has {n} finding{}.", if n == 1 { "" } else { "s" }) }</p> }
    } else if props.diagnostics.is_empty() {
        html! { <p class="ok">{ "No problems: every edit re-simulates." }</p> }
    } else if props.stale {
        html! { <p class="stale">{ "The scenario has errors: the last valid simulation keeps playing." }</p> }
    } else {
        html! {}
    };
    html! {
        <section class="diagnostics" id="diagnostics" aria-label="Diagnostics">
            { summary }
            if !props.diagnostics.is_empty() {
                <ul>{ for items }</ul>
            }
        </section>
    }
}
