//! What a pane's Copy button (`markup::kubectl::copy_button`) does: puts
//! the text the pane shows on the clipboard, as kubectl would have printed
//! it, and says so for a moment.

use crate::markup::kubectl::COPIED_MS;
use crate::ui::files;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Whether the button says that it copied, and the callback that copies a
/// text (made when clicked: the pane's text may be long).
#[hook]
pub fn use_copy_button() -> (bool, Callback<String>) {
    let copied = use_state(|| false);
    let copy = {
        let copied = copied.clone();
        Callback::from(move |text: String| {
            files::copy(&text);
            copied.set(true);
            let copied = copied.clone();
            Timeout::new(COPIED_MS, move || copied.set(false)).forget();
        })
    };
    (*copied, copy)
}
