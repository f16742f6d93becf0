//! Play/pause, speed, step back and forward between the moments where
//! something changed, restart, and the simulated time.

use crate::history::Millis;
use crate::playground::state::{SPEEDS, clock_text};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub playing: bool,
    pub speed: u32,
    pub t: Millis,
    pub end: Millis,
    pub on_toggle: Callback<()>,
    pub on_speed: Callback<u32>,
    #[prop_or_default]
    pub on_step: Callback<()>,
    #[prop_or_default]
    pub on_step_back: Callback<()>,
    #[prop_or_default]
    pub on_restart: Callback<()>,
    /// An embed's controls: play/pause, speed and the time only.
    #[prop_or_default]
    pub compact: bool,
}

#[function_component(Playback)]
pub fn playback(props: &PlaybackProps) -> Html {
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let onspeed = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |e: Event| {
            if let Ok(speed) = e.target_unchecked_into::<HtmlSelectElement>().value().parse() {
                on_speed.emit(speed);
            }
        })
    };
    let play_label = if props.playing { "Pause" } else { "Play" };
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <button type="button" class="play" aria-label={play_label} title={format!("{play_label} (Space)")} onclick={click(&props.on_toggle)}>
                <span aria-hidden="true" class={classes!("icon", if props.playing { "icon-pause" } else { "icon-play" })}></span>
            </button>
            if !props.compact {
                <button type="button" aria-label="Step back to the previous event" title="Step back to the previous change (←)" onclick={click(&props.on_step_back)}>
                    <span aria-hidden="true" class="icon icon-step back"></span>
                </button>
                <button type="button" aria-label="Step to the next event" title="Step to the next change: a start or exit, a probe result, Ready, a kill, endpoints (→)" onclick={click(&props.on_step)}>
                    <span aria-hidden="true" class="icon icon-step"></span>
                </button>
                <button type="button" aria-label="Restart" title="Restart from 00:00 (Home)" onclick={click(&props.on_restart)}>
                    <span aria-hidden="true" class="icon-text">{ "↺" }</span>
                </button>
            }
            <label class="speed">
                <span class="visually-hidden">{ "Speed" }</span>
                <select aria-label="Speed" onchange={onspeed}>
                    { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == props.speed}>{ format!("{s}x") }</option> }) }
                </select>
            </label>
            <output class="clock" aria-label="Simulated time" aria-live="off">
                <span class="now">{ clock_text(props.t) }</span>
                <span class="end">{ format!(" / {}", clock_text(props.end)) }</span>
            </output>
        </div>
    }
}
