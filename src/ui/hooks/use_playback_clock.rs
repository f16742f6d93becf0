//! Real time drives virtual time: while playing, every animation frame
//! dispatches `Tick` with the real milliseconds since the previous frame; the
//! reducer multiplies by the speed. The core never reads a clock.

use crate::playground::state::{Action, State};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

type FrameCallback = Closure<dyn FnMut(f64)>;

#[hook]
pub fn use_playback_clock(playing: bool, dispatcher: UseReducerDispatcher<State>) {
    use_effect_with(playing, move |&playing| {
        let frame: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
        let request = Rc::new(Cell::new(None::<i32>));
        if playing {
            let window = web_sys::window().expect("window");
            let last = Cell::new(None::<f64>);
            let (next, request_id) = (Rc::clone(&frame), Rc::clone(&request));
            *frame.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
                if let Some(previous) = last.replace(Some(timestamp)) {
                    dispatcher.dispatch(Action::Tick(timestamp - previous));
                }
                if let (Some(w), Some(cb)) = (web_sys::window(), next.borrow().as_ref()) {
                    request_id.set(w.request_animation_frame(cb.as_ref().unchecked_ref()).ok());
                }
            }));
            if let Some(cb) = frame.borrow().as_ref() {
                request.set(window.request_animation_frame(cb.as_ref().unchecked_ref()).ok());
            }
        }
        move || {
            if let (Some(id), Some(w)) = (request.get(), web_sys::window()) {
                let _ = w.cancel_animation_frame(id);
            }
            // Breaks the closure's reference to itself.
            frame.borrow_mut().take();
        }
    });
}
