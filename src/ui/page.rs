//! The page's address: reading the query and fragment, and writing history
//! entries. Browsers throttle `replaceState` (WebKit throws after 100 calls,
//! Chromium ignores calls after 200 in 10 s), so every write is allowed to
//! fail: the scenario on screen never depends on the address bar.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The query string, without `?`.
pub fn query() -> String {
    location().and_then(|l| l.search().ok()).unwrap_or_default().trim_start_matches('?').to_string()
}

/// The fragment, without `#`.
pub fn fragment() -> String {
    location().and_then(|l| l.hash().ok()).unwrap_or_default().trim_start_matches('#').to_string()
}

/// The page's address without query and fragment: where a link points.
pub fn base() -> String {
    location().and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))).unwrap_or_default()
}

/// This page with `query` and `fragment`, relative to the current path.
fn relative(query: &str, fragment: &str) -> String {
    let path = location().and_then(|l| l.pathname().ok()).unwrap_or_default();
    crate::link::url(&path, query, fragment)
}

/// Replaces the current history entry's address (no new entry).
pub fn replace(fragment: &str) {
    set_shown(fragment);
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&relative(&query(), fragment)));
    }
}

/// A new history entry, so that Back returns to the one before.
pub fn push(fragment: &str) {
    set_shown(fragment);
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&relative(&query(), fragment)));
    }
}

thread_local! {
    /// The fragment last written or opened, so that the page reacts only to
    /// fragments it did not put there itself.
    static SHOWN: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Notes that the page now shows `fragment`'s scenario.
fn set_shown(fragment: &str) {
    SHOWN.with(|s| *s.borrow_mut() = fragment.to_string());
}

/// Listens, for as long as it lives, for fragments the address gets that
/// the page did not put there (Back, Forward, a link pasted into the
/// address bar, a host page setting its embed's), and opens each.
pub struct NewFragments {
    listener: Closure<dyn Fn(web_sys::Event)>,
}

/// Calls `open` with each new fragment, from now on; the fragment in the
/// address now is taken as shown.
pub fn on_new_fragment(open: impl Fn(String) + 'static) -> NewFragments {
    set_shown(&fragment());
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        let fragment = fragment();
        if !SHOWN.with(|s| *s.borrow() == fragment) {
            set_shown(&fragment);
            open(fragment);
        }
    });
    if let Some(window) = web_sys::window() {
        for event in FRAGMENT_EVENTS {
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
    }
    NewFragments { listener }
}

const FRAGMENT_EVENTS: [&str; 2] = ["hashchange", "popstate"];

impl Drop for NewFragments {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            for event in FRAGMENT_EVENTS {
                let _ = window.remove_event_listener_with_callback(event, self.listener.as_ref().unchecked_ref());
            }
        }
    }
}
