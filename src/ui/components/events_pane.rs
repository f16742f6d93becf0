//! `kubectl get events -w` at the current time, from `view::get_events`.

use crate::history::{History, Millis, Record};
use crate::ui::state::Shared;
use crate::view;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventsPaneProps {
    pub history: Shared<History>,
    pub t: Millis,
    /// How much simulated time may pass before the pane is recomputed while
    /// playing; paused, it follows every event and every second.
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
    // LAST SEEN moves once a second; new rows come with event records.
    let seen = props
        .history
        .until(props.t)
        .iter()
        .rposition(|r| matches!(r, Record::Event(_)));
    let (seen_key, bucket) = if props.playing {
        (None, props.t / props.refresh_ms.max(1))
    } else {
        (seen, props.t / 1000)
    };
    let text = use_memo((props.history.clone(), seen_key, bucket), {
        let t = props.t;
        move |(h, _, _)| scrollback(view::get_events(h, t))
    });
    let body = use_node_ref();
    {
        let body = body.clone();
        use_effect_with(seen, move |_| {
            if let Some(el) = body.cast::<HtmlElement>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    html! {
        <section class="pane kubectl" aria-labelledby="events-title">
            <h2 class="pane-title" id="events-title"><span class="prompt">{ "$ " }</span>{ "kubectl get events -w" }</h2>
            <div class="terminal" role="log" aria-label="Events" aria-live="off" ref={body}>
                <pre>{ (*text).clone() }</pre>
            </div>
        </section>
    }
}
