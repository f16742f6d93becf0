//! Every edit re-simulates, debounced: the run starts `EDIT_DEBOUNCE_MS`
//! after the last keystroke. A live action re-simulates at once, with the
//! action appended to the scripted ones, so that scrubbing back shows the
//! world before it. A text with errors keeps the last valid history playing.

use crate::assumptions;
use crate::playground::state::{Action, Simulated, State};
use crate::playground::template;
use crate::scenario;
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

pub const EDIT_DEBOUNCE_MS: u32 = 120;

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[hook]
pub fn use_simulation(state: &UseReducerHandle<State>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    let last_edits = use_mut_ref(|| None::<u64>);
    let dispatcher = state.dispatcher();
    let state = state.clone();
    use_effect_with((state.edits, Rc::clone(&state.live)), move |(edits, live)| {
        let (edits, live, text) = (*edits, Rc::clone(live), state.text());
        // The first run and live actions go at once; edits wait for a pause in typing.
        let typed = last_edits.borrow().is_some_and(|e| e != edits);
        *last_edits.borrow_mut() = Some(edits);
        let delay = if typed { EDIT_DEBOUNCE_MS } else { 0 };
        let run = move || {
            let started = now_ms();
            let scenario = scenario::load(&text);
            let history = (!scenario.has_errors()).then(|| scenario.simulate_with(&live));
            let template = template::for_scenario(&scenario);
            let assumptions = assumptions::assumptions(&scenario);
            let diagnostics = scenario.diagnostics;
            dispatcher.dispatch(Action::Simulated(Box::new(Simulated {
                edits,
                diagnostics,
                history,
                started,
                template,
                assumptions,
            })));
        };
        *timer.borrow_mut() = Some(Timeout::new(delay, run));
        move || drop(timer.borrow_mut().take())
    });
}
