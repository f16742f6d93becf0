//! The scenario text and the theme choice survive a reload in localStorage.
//! A link's scenario is not saved until the user edits it; then it becomes
//! the draft, and the draft it replaces is kept under `PREVIOUS_DRAFT_KEY`.
//! Every scenario the editors give up is kept too, under `RECENT_KEY`
//! (`playground::recent`). The embed (`ui::embed`), which shares the
//! origin with the user's own playground, has none of this.

use crate::playground::recent;
use crate::playground::state::{Action, Shared, Source, State};
use crate::scenario::text::joined_parts;
use gloo_timers::callback::Timeout;
use js_sys::JsString;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

pub const SCENARIO_KEY: &str = "probe-playground.scenario";
pub const PREVIOUS_DRAFT_KEY: &str = "probe-playground.previous-draft";
pub const THEME_KEY: &str = "probe-playground.theme";
pub const RECENT_KEY: &str = "probe-playground.recent";
pub const TAB_INDENTS_KEY: &str = "probe-playground.tab-indents";

/// A draft at least this big is saved after a pause in typing.
const BIG_TEXT_BYTES: usize = 256 * 1024;
const BIG_TEXT_PAUSE_MS: u32 = 400;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored value of `key`, if any.
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        // A full or disabled storage only loses persistence, never the edit.
        let _ = s.set_item(key, value);
    }
}

#[wasm_bindgen]
extern "C" {
    /// `Storage`, taking a JavaScript string as the value.
    type JsStorage;
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item(this: &JsStorage, key: &str, value: &JsString) -> Result<(), JsValue>;
}

/// Stores the value `write` hands over in pieces, joined as JavaScript
/// strings: a big draft or a kept scenario is not copied whole into the
/// wasm memory, which keeps its high-water mark.
fn store_pieces(key: &str, write: impl FnOnce(&mut dyn FnMut(&str))) {
    if let Some(s) = storage() {
        let mut value = JsString::from("");
        write(&mut |piece: &str| value = value.concat(&JsValue::from_str(piece)));
        let _ = s.unchecked_ref::<JsStorage>().set_item(key, &value);
    }
}

/// The recent scenarios kept in storage.
pub fn stored_recent() -> Vec<crate::link::Content> {
    stored(RECENT_KEY).map_or_else(Vec::new, |text| recent::decode(&text))
}

/// Saves the draft after every change of it, and the recent scenarios.
#[hook]
pub fn use_persisted_scenario(state: &UseReducerHandle<State>) {
    let adopted = use_mut_ref(|| state.adopted);
    {
        // Written when it changes, not on load: it may hold megabytes.
        let loaded = use_mut_ref(|| false);
        use_effect_with(Shared(state.recent.clone()), move |list| {
            if std::mem::replace(&mut *loaded.borrow_mut(), true) {
                store_pieces(RECENT_KEY, |piece| recent::write(list, piece));
            }
        });
    }
    use_effect_with(state.tab_indents, move |&on| store(TAB_INDENTS_KEY, if on { "1" } else { "0" }));
    let pending = use_mut_ref(|| None::<Timeout>);
    let state = state.clone();
    use_effect_with(state.revision, move |_| {
        if state.source == Source::Link {
            return;
        }
        if state.kubernetes.len() + state.behaviour.len() > BIG_TEXT_BYTES {
            // Megabytes are written once typing pauses, not on every key
            // (the state shares its texts: keeping it is free), and joined
            // outside the wasm memory.
            let write = move || {
                let parts = joined_parts(&state.kubernetes, &state.behaviour);
                store_pieces(SCENARIO_KEY, |piece| parts.iter().for_each(|part| piece(part)));
            };
            *pending.borrow_mut() = Some(Timeout::new(BIG_TEXT_PAUSE_MS, write));
            return;
        }
        let text = state.text();
        if state.adopted > *adopted.borrow() {
            *adopted.borrow_mut() = state.adopted;
            if let Some(draft) = stored(SCENARIO_KEY).filter(|d| !d.trim().is_empty() && *d != text) {
                store(PREVIOUS_DRAFT_KEY, &draft);
                state.dispatch(Action::DraftStashed);
            }
        }
        store(SCENARIO_KEY, &text);
    });
}
