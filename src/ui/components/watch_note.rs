//! The "what to watch" note of the example just loaded.

use crate::gallery;
use crate::ui::state::{Action, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WatchNoteProps {
    pub example: Option<&'static str>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(WatchNote)]
pub fn watch_note(props: &WatchNoteProps) -> Html {
    let Some(example) = props.example.and_then(gallery::by_id) else {
        return html! {};
    };
    let dismiss = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::DismissNote))
    };
    html! {
        <aside class="watch-note" aria-label="What to watch">
            <p><strong>{ example.title }</strong>{ format!(" — what to watch: {}", example.watch) }</p>
            <button type="button" class="link-button" aria-label="Dismiss the note" onclick={dismiss}>{ "×" }</button>
        </aside>
    }
}
