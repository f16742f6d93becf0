//! `kubectl get events -w` up to the current time: the stream `simulate`
//! prints (`view::event_log`), one line per event as it happened, each
//! repeat again. It follows the newest line while playing, and while the
//! reader has not scrolled up.

use super::copy_button::CopyButton;
use crate::history::{History, Millis, Record};
use crate::playground::state::Shared;
use crate::ui::hooks::use_follow_newest;
use crate::ui::refresh::refresh_key;
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

/// Lines kept, like a terminal's scrollback: the header and the newest rows.
const SCROLLBACK: usize = 1000;

fn scrollback(text: String) -> String {
    let count = text.lines().count();
    if count <= SCROLLBACK + 1 {
        return text;
    }
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("");
    let mut out = format!("{header}\n");
    for line in lines.skip(count - 1 - SCROLLBACK) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[function_component(EventsPane)]
pub fn events_pane(props: &EventsPaneProps) -> Html {
    // The stream grows only with event records.
    let key = refresh_key(&props.history, props.t, props.playing, props.refresh_ms, |r| matches!(r, Record::Event(_)));
    let text = use_memo((props.history.clone(), key), {
        let t = props.t;
        move |(h, _)| scrollback(view::event_log(h, t))
    });
    let (body, onscroll) = use_follow_newest(Shared(text.clone()), props.playing);
    let copy = {
        let text = text.clone();
        Callback::from(move |()| (*text).clone())
    };
    html! {
        <section class="pane kubectl" aria-labelledby="events-title">
            <div class="pane-title">
                <h2 class="pane-title-text" id="events-title"><span class="prompt">{ "$ " }</span>{ "kubectl get events -w" }</h2>
                <CopyButton what="kubectl get events -w" text={copy} />
            </div>
            <div class="terminal wrap" role="log" aria-label="Events" aria-live="off" ref={body} {onscroll}>
                <pre>{ (*text).clone() }</pre>
            </div>
        </section>
    }
}
