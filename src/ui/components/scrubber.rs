//! The scrubber: drag to any moment and every view shows that moment. Marks
//! under the track show where warnings and restarts happened. Drawn by
//! `markup::transport`.

use crate::history::{History, Millis};
use crate::markup::transport::{event_marks, scrubber as range};
use crate::playground::state::{Action, Shared};
use crate::ui::markup_html::insert;
use crate::ui::markup_html::{to_html, with_actions};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScrubberProps {
    pub history: Shared<History>,
    pub t: Millis,
    /// Called with the seek to the moment the thumb is dragged to.
    pub on_action: Callback<Action>,
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
    let scrubber = with_actions(&range(props.history.end, props.t).into(), &props.on_action);
    insert(scrubber, 1, html! { <EventMarks history={props.history.clone()} /> })
}
