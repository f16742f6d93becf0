//! Light and dark themes: the first visit follows `prefers-color-scheme`; a
//! choice made with the toggle is remembered. The theme is the `data-theme`
//! attribute of the document element, which the stylesheet keys on.

use super::use_local_storage::{store, stored, THEME_KEY};
use crate::ui::state::Theme;
use yew::prelude::*;

pub fn initial_theme() -> Theme {
    match stored(THEME_KEY).as_deref() {
        Some("dark") => return Theme::Dark,
        Some("light") => return Theme::Light,
        _ => {}
    }
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

#[hook]
pub fn use_theme(theme: Theme) {
    let first = use_mut_ref(|| true);
    use_effect_with(theme, move |theme| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-theme", theme.name());
        }
        // Only a toggle is a choice; the first render merely reflects the system.
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            store(THEME_KEY, theme.name());
        }
    });
}
