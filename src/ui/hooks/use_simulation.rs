//! Every text change re-simulates. A run as quick as a few milliseconds
//! is done before the keystroke is painted; any other runs off the
//! keystroke's path: it starts once the browser has painted the keystroke
//! (the next animation frame, then a task), so typing is never held up by
//! the simulator. A newer edit cancels a run not yet started, so stale
//! runs are dropped. There is no fixed debounce: while runs are quick the
//! views follow every keystroke; once a run takes longer than a frame
//! budget, the next waits for a pause in typing as long as that run took
//! (at most a second), and the status says the views are catching up. A
//! text of 256 KiB or more is parsed in the load worker
//! (`ui::load_worker`), and the page loads only the documents the
//! simulator uses. A text with errors keeps the last valid history
//! playing.

use crate::load::{MAX_INPUT_BYTES, Triaged};
use crate::playground::state::{Action, Simulated, State};
use crate::scenario;
use crate::ui::load_worker::{self, Texts};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// A run shorter than this follows each keystroke at once.
const QUICK_RUN_MS: f64 = 50.0;
/// When the last run and the render of its views took less than this, and
/// the text is smaller than this, the run is done before the keystroke is
/// painted, so that one frame shows the text and its views.
const SAME_FRAME_RUN_MS: f64 = 8.0;
const SAME_FRAME_MAX_BYTES: usize = 64 * 1024;
/// The longest pause in typing a slow run waits for.
const MAX_WAIT_MS: f64 = 1000.0;

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// How long after a paint the next run waits, given how long the last run
/// and its render took (the playground's and the embed's runs alike).
pub fn wait_after(last_run_ms: f64) -> u32 {
    if last_run_ms < QUICK_RUN_MS { 0 } else { last_run_ms.min(MAX_WAIT_MS) as u32 }
}

/// A text this big is parsed in the load worker or, where it cannot help,
/// apart, some documents per task, before its run.
const PARSE_APART_FROM_BYTES: usize = 256 * 1024;

/// Runs `then` once every document of a big `text` is parsed, about
/// 128 KiB of them per task (`yaml::parse_next_parts`), so that a pasted
/// 2 MB manifest holds the page no longer than its biggest document's
/// parse; the run then finds them parsed. A newer edit drops the `timer`,
/// and so the rest.
fn after_parts(text: Rc<str>, timer: Rc<RefCell<Option<Timeout>>>, then: Box<dyn FnOnce()>) {
    if !crate::yaml::parse_next_parts(&text) {
        then();
        return;
    }
    let next = Rc::clone(&timer);
    *timer.borrow_mut() = Some(Timeout::new(0, move || after_parts(text, next, then)));
}

#[hook]
pub fn use_simulation(state: &UseReducerHandle<State>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    let dispatcher = state.dispatcher();
    {
        // Edit-to-render time: the run's history is on screen (drawn, or
        // the one already drawn), as effects run after the render.
        let dispatcher = dispatcher.clone();
        use_effect_with(state.pending_render.map(f64::to_bits), move |pending| {
            if pending.is_some() {
                dispatcher.dispatch(Action::Rendered { now: now_ms() });
            }
        });
    }
    let state = state.clone();
    use_effect_with(state.edits, move |&edits| {
        // The editors' texts, shared with the state: joined only where the
        // page loads them whole, never for the load worker (for a 2 MB
        // manifest, two copies of it at every keystroke).
        let texts = Rc::new(Texts { kubernetes: state.kubernetes.clone(), behaviour: state.behaviour.clone() });
        let run = {
            let texts = Rc::clone(&texts);
            move |triaged: Option<Triaged>| {
                let started = now_ms();
                let run = match triaged {
                    Some(t) => {
                        let scenario = scenario::load_triaged(&t);
                        Simulated { triaged: Some(t.kept.into()), ..Simulated::of(edits, scenario, started) }
                    }
                    None => Simulated::of(edits, scenario::load(&texts.joined()), started),
                };
                dispatcher.dispatch(Action::Simulated(Box::new(run)));
            }
        };
        // The run and render of the last text (`State::last_resim_ms`),
        // what the status line shows.
        let last_run_ms = state.last_resim_ms.unwrap_or(0.0);
        // A run as quick as the last ones is part of the keystroke's own
        // frame: the views change with the text.
        if state.last_resim_ms.is_some() && last_run_ms < SAME_FRAME_RUN_MS && texts.joined_len() < SAME_FRAME_MAX_BYTES
        {
            load_worker::end();
            run(None);
            return Box::new(|| ()) as Box<dyn FnOnce()>;
        }
        // After the next paint: the frame callback runs just before it, so
        // a task queued there runs just after.
        let wait = wait_after(last_run_ms);
        let (queued, dropped) = (Rc::clone(&timer), Rc::new(Cell::new(false)));
        let dropped_later = Rc::clone(&dropped);
        let after_paint = Closure::once_into_js(move || {
            let parts = Rc::clone(&queued);
            *queued.borrow_mut() = Some(Timeout::new(wait, move || load(texts, parts, dropped, Box::new(run))));
        });
        let frame = web_sys::window().and_then(|w| w.request_animation_frame(after_paint.unchecked_ref()).ok());
        Box::new(move || {
            if let (Some(id), Some(w)) = (frame, web_sys::window()) {
                let _ = w.cancel_animation_frame(id);
            }
            drop(timer.borrow_mut().take());
            dropped_later.set(true);
        })
    });
}

/// Loads the texts and runs them: a small text at once, after ending the
/// load worker (what a big text used is given back); a big one through the
/// worker, or parsed apart on the page where the worker cannot help. A
/// newer edit sets `dropped`, and the answer to this one is not run.
fn load(texts: Rc<Texts>, timer: Rc<RefCell<Option<Timeout>>>, dropped: Rc<Cell<bool>>, run: load_worker::Waiting) {
    let len = texts.joined_len();
    if !(PARSE_APART_FROM_BYTES..=MAX_INPUT_BYTES).contains(&len) {
        load_worker::end();
        run(None);
        return;
    }
    let asked = Rc::clone(&texts);
    let then = move |triaged| match triaged {
        _ if dropped.get() => (),
        Some(t) => run(Some(t)),
        None => after_parts(texts.joined().into(), timer, Box::new(move || run(None))),
    };
    load_worker::triage(asked, Box::new(then));
}
