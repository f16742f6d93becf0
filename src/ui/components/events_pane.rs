//! `kubectl get events -w` up to the current time: the stream `simulate`
//! prints (`view::event_log`), one line per event as it happened, each
//! repeat again. It follows the newest line while playing, and while the
//! reader has not scrolled up.

use super::copy_button::CopyButton;
use crate::history::{History, Millis, Record};
use crate::playground::state::Shared;
use crate::ui::hooks::use_follow_newest;
use crate::ui::refresh::refresh_key;
use crate::view::{self, NumberedLine};
use std::rc::Rc;
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

#[derive(Properties, PartialEq)]
struct LinesProps {
    lines: Shared<Vec<NumberedLine>>,
}

/// The stream, a block per line keyed by its number: a new event lays out
/// its own line only. As one text, every event laid out again all of the
/// thousand wrapped lines (13 ms at 100 pods, a dropped frame each time).
#[function_component(Lines)]
fn lines(props: &LinesProps) -> Html {
    html! {
        <div class="lines">
            { for props.lines.0.iter().map(|(n, line)| html! { <div key={*n}>{ AttrValue::from(Rc::clone(line)) }</div> }) }
        </div>
    }
}

#[function_component(EventsPane)]
pub fn events_pane(props: &EventsPaneProps) -> Html {
    // The stream grows only with event records.
    let key = refresh_key(&props.history, props.t, props.playing, props.refresh_ms, |r| matches!(r, Record::Event(_)));
    let lines = Shared(use_memo((props.history.clone(), key), {
        let t = props.t;
        move |(h, _)| view::scrollback(&view::event_log(h, t), SCROLLBACK)
    }));
    let (body, onscroll) = use_follow_newest(lines.clone(), props.playing);
    let copy = {
        let lines = lines.clone();
        Callback::from(move |()| view::joined(&lines.0))
    };
    html! {
        <section class="pane kubectl" aria-labelledby="events-title">
            <div class="pane-title">
                <h2 class="pane-title-text" id="events-title"><span class="prompt">{ "$ " }</span>{ "kubectl get events -w" }</h2>
                <CopyButton what="kubectl get events -w" text={copy} />
            </div>
            <div class="terminal wrap" role="log" aria-label="Events" aria-live="off" ref={body} {onscroll}>
                <Lines {lines} />
            </div>
        </section>
    }
}
