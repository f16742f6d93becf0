//! `kubectl get events -w` up to the current time
//! (`markup::kubectl::events_pane`): the stream `simulate` prints
//! (`view::event_log`), one line per event as it happened, each repeat
//! again. It follows the newest line while playing, and while the reader
//! has not scrolled up.

use super::copy_button::use_copy_button;
use super::markup_pane::MarkupPane;
use crate::history::{History, Millis};
use crate::markup::{Control, Node, kubectl};
use crate::playground::state::Shared;
use crate::ui::hooks::use_stable_callback;
use crate::ui::refresh::events_key;
use crate::view;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventsPaneProps {
    pub history: Shared<History>,
    pub t: Millis,
    /// How much simulated time may pass before the pane is recomputed while
    /// playing; paused, it follows every event.
    pub refresh_ms: Millis,
    pub playing: bool,
}

#[function_component(EventsPane)]
pub fn events_pane(props: &EventsPaneProps) -> Html {
    // The stream grows only with event records.
    let key = events_key(&props.history, props.t, props.playing, props.refresh_ms);
    let lines = Shared(use_memo((props.history.clone(), key), {
        let t = props.t;
        move |(h, _)| kubectl::event_lines(h, t)
    }));
    let (copied, copy) = use_copy_button();
    let pane = use_memo((lines.clone(), copied), |(lines, copied)| Node::from(kubectl::events_pane(lines, *copied)));
    let on = Callback::from(move |(control, _)| {
        if let Control::Copy(_) = control {
            copy.emit(view::joined(&lines));
        }
    });
    let on = use_stable_callback(&on);
    html! { <MarkupPane node={Shared(pane)} {on} follow=true playing={props.playing} /> }
}
