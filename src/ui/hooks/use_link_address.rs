//! The address follows the scenario: 750 ms after the last edit the
//! fragment is rewritten in place (`replaceState`, only when it changed), so
//! a reload or a copied address brings back what is on screen without one
//! history entry per keystroke. Opening a lesson adds an entry (the menu
//! calls `page::push`), so Back returns to the previous one; Back, Forward
//! and a link pasted into the address bar open their fragment
//! (`page::on_new_fragment`).

use crate::playground::state::{Action, Opening, State};
use crate::ui::hooks::{SCENARIO_KEY, stored};
use crate::ui::page;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

pub const ADDRESS_DEBOUNCE_MS: u32 = 750;

#[hook]
pub fn use_link_address(state: &UseReducerHandle<State>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let state = state.clone();
        use_effect_with(state.typed, move |&typed| {
            if typed > 0 {
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
    use_effect_with((), move |_| {
        let listening = page::on_new_fragment(move |fragment| {
            let draft = stored(SCENARIO_KEY);
            dispatcher.dispatch(Action::Open(Box::new(Opening::of_fragment(&fragment, draft.as_deref()))));
        });
        move || drop(listening)
    });
}
