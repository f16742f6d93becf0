//! A terminal's scrolling: a log pane shows its newest line after each
//! update while playing, and while paused unless the reader scrolled up.

use crate::ui::dom::at_newest;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The element to attach (`ref`) and its `onscroll`. `text` is the pane's
/// content, compared by identity (`Shared`) or value: each change scrolls.
#[hook]
pub fn use_follow_newest<T: PartialEq + 'static>(text: T, playing: bool) -> (NodeRef, Callback<Event>) {
    let body = use_node_ref();
    // Whether the reader was at the newest line before this update.
    let pinned = use_mut_ref(|| true);
    let onscroll = {
        let (body, pinned) = (body.clone(), pinned.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = body.cast::<HtmlElement>() {
                *pinned.borrow_mut() = at_newest(&el);
            }
        })
    };
    {
        let body = body.clone();
        use_effect_with(text, move |_| {
            if let Some(el) = body.cast::<HtmlElement>()
                && (playing || *pinned.borrow())
            {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    (body, onscroll)
}
