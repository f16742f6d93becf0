//! The examples menu: loads a gallery scenario (replacing the editors' text).

use crate::gallery;
use crate::ui::state::{Action, State};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ExamplesMenu)]
pub fn examples_menu(props: &ExamplesMenuProps) -> Html {
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            if let Some(example) = gallery::examples().iter().find(|x| x.id == id) {
                dispatch.dispatch(Action::LoadScenario { text: example.text.to_string(), example: Some(example.id) });
            }
            // Back to the prompt, so the same example can be picked again.
            select.set_value("");
        })
    };
    html! {
        <label class="examples">
            <span class="visually-hidden">{ "Examples" }</span>
            <select aria-label="Examples" {onchange}>
                <option value="" selected=true>{ "Examples…" }</option>
                { for gallery::examples().iter().map(|x| html! { <option value={x.id}>{ x.title }</option> }) }
            </select>
        </label>
    }
}
