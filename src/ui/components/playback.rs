//! Play/pause, speed, step back and forward between the moments where
//! something changed, restart, and the simulated time, as
//! `markup::transport::playback` draws them.

use crate::history::Millis;
use crate::markup::transport::{Transport, playback as controls};
use crate::playground::state::Action;
use crate::ui::markup_html::with_actions;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub playing: bool,
    pub speed: u32,
    pub t: Millis,
    pub end: Millis,
    /// What its buttons and the speed ask for.
    pub on_action: Callback<Action>,
}

#[function_component(Playback)]
pub fn playback(props: &PlaybackProps) -> Html {
    let shown = Transport { playing: props.playing, speed: props.speed, t: props.t, end: props.end, compact: false };
    with_actions(&controls(&shown).into(), &props.on_action)
}
