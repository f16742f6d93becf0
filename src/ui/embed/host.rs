//! An embed talks to the page that frames it (postMessage API v1, in
//! `crate::embed`). It accepts messages only from `window.parent` (and, when
//! `origin=` is given, only from that origin); it sends the scenario itself
//! (`link`) only to that declared origin, never to `"*"`. Everything else it
//! sends (ready, time, events, sizes, errors) carries no scenario text.

use crate::embed::{EmbedMessage, EventCursor, HostFields, HostMessage};
use crate::history::{History, Millis};
use crate::link::presentation::ThemeSetting;
use crate::link::{self, Content};
use crate::playground::state::{Action, Opening, Shared, State};
use crate::ui::hooks::{now_ms, system_theme};
use crate::ui::page;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// `time` messages while playing: at most one per this many real milliseconds.
const TIME_EVERY_MS: f64 = 250.0;

/// Posts `message` to the framing page, if there is one.
pub fn post(message: &EmbedMessage, origin: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let target = match origin {
        Some(origin) => origin,
        None if message.carries_scenario() => return,
        None => "*",
    };
    if let Ok(data) = js_sys::JSON::parse(&message.to_json()) {
        let _ = parent.post_message(&data, target);
    }
}

/// What the embed told its host so far: `ready`, the last `time`, the
/// events playback passed, the link error.
pub struct Told {
    ready: bool,
    /// The moment, playing, speed and history of the last frame.
    shown: Option<(Millis, bool, u32, Shared<History>)>,
    /// When the last `time` went, in real milliseconds, and whether it said playing.
    time: (f64, bool),
    /// The history the event cursor walks, the time it reached, and the cursor.
    passed: Option<(Shared<History>, Millis, EventCursor)>,
    error: Option<String>,
}

impl Default for Told {
    fn default() -> Told {
        Told { ready: false, shown: None, time: (f64::MIN, false), passed: None, error: None }
    }
}

impl Told {
    /// Tells the host what changed in `state` since the last frame.
    pub fn after_frame(&mut self, state: &State) {
        let origin = state.presentation.origin.as_deref();
        if !self.ready && state.runs > 0 {
            self.ready = true;
            post(&EmbedMessage::Ready { title: state.display_title() }, origin);
        }
        let error = state.link_error.as_ref().map(|e| e.to_string());
        if error != self.error {
            if let Some(e) = &state.link_error {
                post(&EmbedMessage::Error { code: e.code().to_string(), message: e.to_string() }, origin);
            }
            self.error = error;
        }
        // As often as the moment, playing or speed change; while playing,
        // throttled.
        let (t, playing, speed) = (state.t(), state.playing, state.speed);
        let shown = (t, playing, speed, state.history.clone());
        if self.shown.as_ref() == Some(&shown) {
            return;
        }
        self.shown = Some(shown);
        let now = now_ms();
        let (last, was_playing) = self.time;
        if !playing || playing != was_playing || now - last >= TIME_EVERY_MS {
            self.time = (now, playing);
            post(&EmbedMessage::Time { t, playing, speed }, origin);
        }
        self.events_passed(&state.history, t, playing, origin);
    }

    /// Hands the host the events between the previous time and `t` while
    /// playing forward; a jump (seek, restart, new history) only moves the cursor.
    fn events_passed(&mut self, history: &Shared<History>, t: Millis, playing: bool, origin: Option<&str>) {
        match self.passed.as_mut() {
            Some((h, last, events)) if h == history && playing && t >= *last => {
                for event in events.advance(history, t) {
                    post(&EmbedMessage::Event(event), origin);
                }
                *last = t;
            }
            _ => self.passed = Some((history.clone(), t, EventCursor::at(history, t))),
        }
    }
}

/// The actions a message from the host asks for, if it is from the parent
/// (and the declared origin) and reads as a message of the protocol.
pub fn host_message(e: &web_sys::MessageEvent, state: &State) -> Vec<Action> {
    let origin = state.presentation.origin.as_deref();
    let Some(window) = web_sys::window() else { return vec![] };
    let from_parent = match (e.source(), window.parent()) {
        (Some(source), Ok(Some(parent))) => {
            js_sys::Object::is(&source, &parent) && !js_sys::Object::is(&parent, &window)
        }
        _ => false,
    };
    if !from_parent || origin.is_some_and(|o| o != e.origin()) {
        return vec![];
    }
    let message = match HostMessage::read(fields_of(&e.data())) {
        Ok(Some(message)) => message,
        Ok(None) => return vec![],
        Err(why) => {
            post(&EmbedMessage::Error { code: "bad_message".into(), message: why }, origin);
            return vec![];
        }
    };
    match message {
        HostMessage::Play => vec![Action::SetPlaying(true)],
        HostMessage::Pause => vec![Action::SetPlaying(false)],
        HostMessage::Seek(t) => vec![Action::Seek(t)],
        HostMessage::Speed(x) => vec![Action::SetSpeed(x)],
        HostMessage::Theme(ThemeSetting::Auto) => {
            vec![Action::SetThemeSetting(ThemeSetting::Auto), Action::SystemTheme(system_theme())]
        }
        HostMessage::Theme(setting) => vec![Action::SetThemeSetting(setting)],
        HostMessage::GetLink => {
            match origin {
                Some(_) => {
                    let url = link::url(&page::base(), "", &state.fragment());
                    post(&EmbedMessage::Link { url }, origin);
                }
                None => {
                    let message = "getLink is answered only to the origin the embed declares with origin=".to_string();
                    post(&EmbedMessage::Error { code: "no_origin".into(), message }, None);
                }
            }
            vec![]
        }
        HostMessage::Load { kubernetes, behaviour, title } => {
            let content = Content { kubernetes, behaviour, title, ..Content::default() };
            vec![Action::Open(Box::new(Opening::shared(content)))]
        }
    }
}

/// The protocol's fields of a posted object (a field of another type is absent).
fn fields_of(data: &JsValue) -> HostFields {
    let field = |key: &str| js_sys::Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let text = |key: &str| field(key).as_string();
    HostFields {
        source: text("source"),
        v: field("v").as_f64(),
        kind: text("type"),
        t_seconds: field("t").as_f64(),
        t_text: text("t"),
        x: field("x").as_f64(),
        theme: text("theme"),
        k8s: text("k8s"),
        behaviour: text("behaviour"),
        title: text("title"),
    }
}

/// Reports the page's height to the host whenever it changes, for as long
/// as the embed lives.
pub fn report_height(origin: Option<String>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = document.document_element() else { return };
    let measured = root.clone();
    let last = RefCell::new(0);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
        let height = measured.scroll_height().max(0) as u32;
        if height != *last.borrow() {
            *last.borrow_mut() = height;
            post(&EmbedMessage::Resize { height }, origin.as_deref());
        }
    });
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    observer.observe(&root);
    if let Some(body) = document.body() {
        observer.observe(&body);
    }
    callback.forget();
}
