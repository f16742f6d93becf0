//! A pane's "Copy" button: puts the text the pane shows on the clipboard,
//! as kubectl would have printed it, and says so for a moment.

use crate::ui::files;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What the button copies, for its accessible name: `Copy <what>`.
    pub what: AttrValue,
    /// Makes the text when clicked (the pane's text may be long).
    pub text: Callback<(), String>,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let (text, copied) = (props.text.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            files::copy(&text.emit(()));
            copied.set(true);
            let copied = copied.clone();
            Timeout::new(1500, move || copied.set(false)).forget();
        })
    };
    html! {
        <button type="button" class="copy-button" aria-label={format!("Copy {}", props.what)} title={format!("Copy {} to the clipboard", props.what)} {onclick}>
            { if *copied { "Copied" } else { "Copy" } }
        </button>
    }
}
