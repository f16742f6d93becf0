//! The scenario text and the theme choice survive a reload in localStorage.

use crate::ui::state::State;
use yew::prelude::*;

pub const SCENARIO_KEY: &str = "probe-playground.scenario";
pub const THEME_KEY: &str = "probe-playground.theme";

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

/// Saves the scenario text after every edit.
#[hook]
pub fn use_persisted_scenario(state: &UseReducerHandle<State>) {
    let state = state.clone();
    use_effect_with(state.edits, move |_| {
        store(SCENARIO_KEY, &state.text());
    });
}
