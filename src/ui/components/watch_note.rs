//! The "what to watch" note of the lesson loaded. Once the user's edits
//! change the lesson, the note says so: its times are the lesson's.

use crate::gallery;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WatchNoteProps {
    pub example: Option<&'static str>,
    /// The editors no longer hold the lesson as the gallery has it.
    pub diverged: bool,
    pub on_dismiss: Callback<()>,
    /// Open the lesson again as it was.
    pub on_reset: Callback<&'static str>,
}

#[function_component(WatchNote)]
pub fn watch_note(props: &WatchNoteProps) -> Html {
    let Some(example) = props.example.and_then(gallery::by_id) else {
        return html! {};
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let id = example.id;
    html! {
        <aside class={classes!("watch-note", props.diverged.then_some("diverged"))} aria-label="What to watch">
            if props.diverged {
                <p>
                    <strong>{ example.title }</strong>
                    { " — you have changed this lesson, so the run may no longer match its note (" }
                    <em>{ example.watch }</em>
                    { ")." }
                </p>
                <button type="button" onclick={props.on_reset.reform(move |_: MouseEvent| id)}>{ "Back to the lesson" }</button>
            } else {
                <p><strong>{ example.title }</strong>{ format!(" — what to watch: {}", example.watch) }</p>
            }
            <button type="button" class="link-button" aria-label="Dismiss the note" onclick={dismiss}>{ "×" }</button>
        </aside>
    }
}
