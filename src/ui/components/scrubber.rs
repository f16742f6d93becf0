//! The scrubber: drag to any moment and every view shows that moment. Marks
//! under the track show where warnings and restarts happened.

use crate::history::{EventReason, EventType, History, Millis, Record};
use crate::playground::state::{Shared, clock_text};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScrubberProps {
    pub history: Shared<History>,
    pub t: Millis,
    /// Called with the moment the thumb is dragged to.
    pub on_seek: Callback<Millis>,
}

#[derive(Properties, PartialEq)]
struct MarksProps {
    history: Shared<History>,
}

/// Warning events along the track (drawn once per history).
#[function_component(EventMarks)]
fn event_marks(props: &MarksProps) -> Html {
    let end = props.history.end.max(1) as f64;
    let mut last_left = -1.0;
    let marks = props.history.records.iter().filter_map(|r| match r {
        Record::Event(e) => Some(e),
        _ => None,
    });
    let mut out = Vec::new();
    for e in marks {
        let left = (e.t as f64 / end * 1000.0).round() / 10.0;
        let class = match (e.event_type, e.reason) {
            (_, EventReason::Killing | EventReason::BackOff) => "kill",
            (EventType::Warning, _) => "warn",
            _ => continue,
        };
        // Thin out marks closer than 0.2% of the track.
        if left - last_left < 0.2 && class == "warn" {
            continue;
        }
        last_left = left;
        out.push(html! { <span class={classes!("mark", class)} style={format!("left:{left}%")}></span> });
    }
    html! { <div class="scrub-marks" aria-hidden="true">{ for out }</div> }
}

#[function_component(Scrubber)]
pub fn scrubber(props: &ScrubberProps) -> Html {
    let on_seek = props.on_seek.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Ok(t) = input.value().parse::<f64>() {
            on_seek.emit(t as Millis);
        }
    });
    let end = props.history.end;
    html! {
        <div class="scrubber">
            <input
                type="range"
                aria-label="Scrub simulated time"
                aria-valuetext={clock_text(props.t)}
                min="0"
                max={end.to_string()}
                step="100"
                value={props.t.to_string()}
                {oninput}
            />
            <EventMarks history={props.history.clone()} />
        </div>
    }
}
