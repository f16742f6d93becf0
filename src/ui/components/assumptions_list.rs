//! What the run assumed where the behaviour document is silent
//! (`assumptions`), each with the one-click change of the behaviour that
//! drops it: the reason a pasted manifest may look healthier than it is.

use crate::assumptions::Assumption;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AssumptionsListProps {
    pub assumptions: Rc<Vec<Assumption>>,
    /// Apply assumption `i`'s change to the behaviour.
    pub on_change: Callback<usize>,
}

/// Open at first up to this many; a big manifest's list starts folded.
const OPEN_UP_TO: usize = 8;

#[function_component(AssumptionsList)]
pub fn assumptions_list(props: &AssumptionsListProps) -> Html {
    let list = &props.assumptions;
    if list.is_empty() {
        return html! {};
    }
    let items = list.iter().enumerate().map(|(i, a)| {
        html! {
            <li class="assumption">
                <span class="what"><strong>{ a.container.clone() }</strong>{ format!(" ({}) {}", a.workload, a.text) }</span>
                <button type="button" class="change" title={format!("Add to the App behaviour:\n{}", a.entry)} onclick={props.on_change.reform(move |_: MouseEvent| i)}>
                    { a.change.clone() }
                </button>
            </li>
        }
    });
    html! {
        <details class="assumptions" open={list.len() <= OPEN_UP_TO}>
            <summary>{ format!("What the run assumed ({})", list.len()) }</summary>
            <ul aria-label="Assumptions">{ for items }</ul>
        </details>
    }
}
