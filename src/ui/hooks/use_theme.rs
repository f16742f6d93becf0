//! Light and dark themes: until a theme is picked with the toggle, the page
//! follows `prefers-color-scheme`, also when it changes; a picked theme is
//! remembered. The theme is the `data-theme` attribute of the document
//! element, which the stylesheet keys on (index.html sets it before the
//! first paint).

use super::use_local_storage::{THEME_KEY, store, stored};
use crate::playground::state::{Action, State, Theme};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

pub const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

pub fn system_theme() -> Theme {
    let dark = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten()).is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

/// The theme to start with, and whether it was picked by the user.
pub fn initial_theme() -> (Theme, bool) {
    match stored(THEME_KEY).as_deref() {
        Some("dark") => (Theme::Dark, true),
        Some("light") => (Theme::Light, true),
        _ => (system_theme(), false),
    }
}

/// `remember`: a picked theme is stored (not when the link's `theme=`
/// picked it).
#[hook]
pub fn use_theme(theme: Theme, chosen: bool, remember: bool, dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((theme, chosen), move |&(theme, chosen)| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-theme", theme.name());
        }
        if chosen && remember {
            store(THEME_KEY, theme.name());
        }
    });
    use_effect_with((), move |_| {
        let query = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten());
        let listener = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(move |e: web_sys::MediaQueryListEvent| {
            dispatcher.dispatch(Action::SystemTheme(if e.matches() { Theme::Dark } else { Theme::Light }));
        });
        if let Some(q) = &query {
            let _ = q.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(q) = &query {
                let _ = q.remove_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
            }
        }
    });
}
