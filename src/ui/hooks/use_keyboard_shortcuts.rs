//! Keyboard shortcuts on the whole page, except while typing in a field:
//! Space plays or pauses, Right and Left step to the next and previous
//! change, Home restarts, `?` lists the shortcuts, Escape closes that list.

use crate::playground::state::{Action, State};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// (keys, what they do), as the help lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "Play / pause"),
    ("→", "Step to the next event"),
    ("←", "Step back to the previous event"),
    ("Home", "Restart from 00:00"),
    ("+ / −", "Faster / slower"),
    ("?", "Show or hide this list"),
    ("Esc", "Close this list"),
    ("Tab", "In an editor: the next control, or indent with \"Indent with Tab\" on"),
    ("Ctrl+] / Ctrl+[", "In an editor: indent / outdent the line"),
    ("Esc, then Tab", "Leave an editor that indents with Tab"),
    ("Ctrl+Z / Ctrl+Shift+Z", "In an editor: undo / redo, Tab and Enter included"),
    ("Ctrl+F", "In a text of 2,000 lines or more: find (Enter / Shift+Enter: next / previous)"),
];

/// Whether the key belongs to the focused control (text, lists, buttons).
/// On the scrubber, Space and `?` are still shortcuts; its arrows are its own.
fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let slider = el.tag_name() == "INPUT" && el.get_attribute("type").as_deref() == Some("range");
    if slider {
        return !matches!(event.key().as_str(), " " | "?");
    }
    matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON") || el.has_attribute("contenteditable")
}

#[hook]
pub fn use_keyboard_shortcuts(dispatcher: UseReducerDispatcher<State>, speed: u32) {
    use_effect_with(speed, move |&speed| {
        let document = web_sys::window().and_then(|w| w.document()).expect("document");
        let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            if key == "Escape" {
                dispatcher.dispatch(Action::CloseHelp);
                return;
            }
            if typing_in_field(&e) {
                return;
            }
            let speeds = crate::playground::state::SPEEDS;
            let index = speeds.iter().position(|s| *s == speed).unwrap_or(0);
            let action = match key.as_str() {
                " " | "Spacebar" => Action::TogglePlay,
                "ArrowRight" => Action::Step,
                "ArrowLeft" => Action::StepBack,
                "Home" => Action::Restart,
                "?" => Action::ToggleHelp,
                "+" | "=" => Action::SetSpeed(speeds[(index + 1).min(speeds.len() - 1)]),
                "-" | "_" => Action::SetSpeed(speeds[index.saturating_sub(1)]),
                _ => return,
            };
            e.prevent_default();
            dispatcher.dispatch(action);
        });
        let _ = document.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        move || {
            let _ = document.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            drop(listener);
        }
    });
}
