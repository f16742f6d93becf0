//! Play/pause, speed, step back and forward between the moments where
//! something changed, restart, and the simulated time, as
//! `markup::transport::playback` draws them.

use crate::history::Millis;
use crate::markup::Control;
use crate::markup::transport::{Transport, playback as controls};
use crate::playground::state::Action;
use crate::ui::markup_html::with_controls;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub playing: bool,
    pub speed: u32,
    pub t: Millis,
    pub end: Millis,
    pub on_toggle: Callback<()>,
    pub on_speed: Callback<u32>,
    pub on_step: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_restart: Callback<()>,
}

#[function_component(Playback)]
pub fn playback(props: &PlaybackProps) -> Html {
    let on_control = {
        let (on_toggle, on_speed) = (props.on_toggle.clone(), props.on_speed.clone());
        let (on_step, on_step_back, on_restart) =
            (props.on_step.clone(), props.on_step_back.clone(), props.on_restart.clone());
        Callback::from(move |(control, value): (Control, Option<String>)| match control.action(value) {
            Some(Action::TogglePlay) => on_toggle.emit(()),
            Some(Action::SetSpeed(speed)) => on_speed.emit(speed),
            Some(Action::Step) => on_step.emit(()),
            Some(Action::StepBack) => on_step_back.emit(()),
            Some(Action::Restart) => on_restart.emit(()),
            _ => {}
        })
    };
    let shown = Transport { playing: props.playing, speed: props.speed, t: props.t, end: props.end, compact: false };
    with_controls(&controls(&shown).into(), &on_control)
}
