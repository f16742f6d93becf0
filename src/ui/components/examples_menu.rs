//! The examples menu: opens a gallery lesson as a new history entry
//! (`#g/<id>`), so Back returns to what was shown before. The user's stored
//! draft is left as it is.

use crate::gallery;
use crate::link;
use crate::ui::hooks::{SCENARIO_KEY, stored};
use crate::ui::page;
use crate::ui::state::{Action, Opening, State};
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
            if let Some(example) = gallery::by_id(&id) {
                let fragment = format!("{}{}", link::LESSON, example.id);
                page::push(&fragment);
                let opening = Opening::of_fragment(&fragment, stored(SCENARIO_KEY).as_deref());
                dispatch.dispatch(Action::Open(Box::new(opening)));
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
