//! Play/pause, speed, step to the next event, restart, and the simulated
//! time.

use crate::history::Millis;
use crate::playground::state::{Action, SPEEDS, State, clock_text};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub playing: bool,
    pub speed: u32,
    pub t: Millis,
    pub end: Millis,
    pub dispatch: UseReducerDispatcher<State>,
    /// An embed's controls: play/pause, speed and the time only.
    #[prop_or_default]
    pub compact: bool,
}

#[function_component(Playback)]
pub fn playback(props: &PlaybackProps) -> Html {
    let send = |action: fn() -> Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action()))
    };
    let onspeed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse() {
                dispatch.dispatch(Action::SetSpeed(speed));
            }
        })
    };
    let play_label = if props.playing { "Pause" } else { "Play" };
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <button type="button" class="play" aria-label={play_label} title={format!("{play_label} (Space)")} onclick={send(|| Action::TogglePlay)}>
                <span aria-hidden="true" class={classes!("icon", if props.playing { "icon-pause" } else { "icon-play" })}></span>
            </button>
            if !props.compact {
                <button type="button" aria-label="Step to the next event" title="Step to the next event (→)" onclick={send(|| Action::Step)}>
                    <span aria-hidden="true" class="icon icon-step"></span>
                </button>
                <button type="button" aria-label="Restart" title="Restart from 00:00 (Home)" onclick={send(|| Action::Restart)}>
                    <span aria-hidden="true" class="icon icon-restart"></span>
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
