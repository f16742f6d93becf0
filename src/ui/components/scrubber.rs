//! The scrubber: drag to any moment and every view shows that moment. Marks
//! under the track show where warnings and restarts happened. Drawn by
//! `markup::transport`.

use crate::history::{History, Millis};
use crate::markup::Control;
use crate::markup::transport::{event_marks, scrubber as range};
use crate::playground::state::{Action, Shared};
use crate::ui::markup_html::insert;
use crate::ui::markup_html::{to_html, with_controls};
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

/// The event marks, drawn once per history.
#[function_component(EventMarks)]
fn marks(props: &MarksProps) -> Html {
    to_html(&event_marks(&props.history).into())
}

#[function_component(Scrubber)]
pub fn scrubber(props: &ScrubberProps) -> Html {
    let on_seek = props.on_seek.clone();
    let on_control = Callback::from(move |(control, value): (Control, Option<String>)| {
        if let Some(Action::Seek(t)) = control.action(value) {
            on_seek.emit(t);
        }
    });
    let scrubber = with_controls(&range(props.history.end, props.t).into(), &on_control);
    insert(scrubber, 1, html! { <EventMarks history={props.history.clone()} /> })
}
