//! The address follows the scenario: 750 ms after the last edit the
//! fragment is rewritten in place (`replaceState`, only when it changed), so
//! a reload or a copied address brings back what is on screen without one
//! history entry per keystroke. Opening a lesson adds an entry (the menu
//! calls `page::push`), so Back returns to the previous one; Back, Forward
//! and a link pasted into the address bar open their fragment.
//! An embed leaves the address alone but still opens a fragment its host
//! page sets.

use crate::playground::state::{Action, Opening, State};
use crate::ui::hooks::{SCENARIO_KEY, stored};
use crate::ui::page;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

pub const ADDRESS_DEBOUNCE_MS: u32 = 750;

#[hook]
pub fn use_link_address(state: &UseReducerHandle<State>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let state = state.clone();
        use_effect_with(state.typed, move |&typed| {
            if typed > 0 && !state.presentation.embed {
                let write = move || {
                    // A text no link can carry leaves the address without one
                    // (the draft is in storage): compressing megabytes on
                    // every pause in typing would only stall the page.
                    let fits = state.kubernetes.len() + state.behaviour.len() <= crate::link::MAX_TEXT_BYTES;
                    let fragment = if fits { state.fragment() } else { String::new() };
                    if page::fragment() != fragment {
                        page::replace(&fragment);
                    }
                };
                *timer.borrow_mut() = Some(Timeout::new(ADDRESS_DEBOUNCE_MS, write));
            }
        });
    }
    let dispatcher = state.dispatcher();
    let embed = state.presentation.embed;
    use_effect_with((), move |_| {
        page::set_shown(&page::fragment());
        let window = web_sys::window().expect("window");
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            let fragment = page::fragment();
            if page::is_shown(&fragment) {
                return;
            }
            page::set_shown(&fragment);
            let draft = if embed { None } else { stored(SCENARIO_KEY) };
            dispatcher.dispatch(Action::Open(Box::new(Opening::of_fragment(&fragment, draft.as_deref()))));
        });
        for event in ["hashchange", "popstate"] {
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        move || {
            for event in ["hashchange", "popstate"] {
                let _ = window.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
    });
}
