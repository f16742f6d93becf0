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
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The history the event cursor walks, the time it reached, and the cursor.
type Passed = Option<(Shared<History>, Millis, EventCursor)>;

/// `time` messages while playing: at most one per this many real milliseconds.
const TIME_EVERY_MS: f64 = 250.0;

/// Posts `message` to the framing page, if there is one.
fn post(message: &EmbedMessage, origin: Option<&str>) {
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

#[hook]
pub fn use_host_messages(state: &UseReducerHandle<State>) {
    let embed = state.presentation.embed;
    let origin = state.presentation.origin.clone();
    // The newest state, for answers to the host (`getLink`).
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();

    {
        let (dispatcher, origin, latest) = (state.dispatcher(), origin.clone(), latest.clone());
        use_effect_with(embed, move |&embed| {
            let window = web_sys::window().expect("window");
            let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                host_message(&e, origin.as_deref(), &dispatcher, &latest.borrow());
            });
            if embed {
                let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
            }
            move || {
                let _ = window.remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
            }
        });
    }

    // `ready` once, after the first simulated frame.
    {
        let (origin, title) = (origin.clone(), state.display_title());
        use_effect_with(state.runs > 0, move |&ran| {
            if embed && ran {
                post(&EmbedMessage::Ready { title }, origin.as_deref());
            }
        });
    }

    {
        let origin = origin.clone();
        use_effect_with(state.link_error.clone(), move |error| {
            if let (true, Some(error)) = (embed, error) {
                let message = EmbedMessage::Error { code: error.code().to_string(), message: error.to_string() };
                post(&message, origin.as_deref());
            }
        });
    }

    // `time` (throttled while playing) and the `event`s playback passes.
    let cursor = use_mut_ref(|| Passed::None);
    let sent = use_mut_ref(|| (f64::MIN, false));
    {
        let origin = origin.clone();
        let history = state.history.clone();
        let (t, playing, speed) = (state.t(), state.playing, state.speed);
        use_effect_with((t, playing, speed, history.clone()), move |_| {
            if !embed {
                return;
            }
            let now = now_ms();
            let (last, was_playing) = *sent.borrow();
            if !playing || playing != was_playing || now - last >= TIME_EVERY_MS {
                *sent.borrow_mut() = (now, playing);
                post(&EmbedMessage::Time { t, playing, speed }, origin.as_deref());
            }
            events_passed(&cursor, &history, t, playing, origin.as_deref());
        });
    }

    let autoresize = embed && state.presentation.autoresize;
    use_effect_with(autoresize, move |&autoresize| {
        let observer = autoresize.then(|| resize_observer(origin)).flatten();
        move || {
            if let Some((observer, _callback)) = observer {
                observer.disconnect();
            }
        }
    });
}

/// Hands the host the events between the previous time and `t` while
/// playing forward; a jump (seek, restart, new history) only moves the cursor.
fn events_passed(
    cursor: &Rc<RefCell<Passed>>,
    history: &Shared<History>,
    t: Millis,
    playing: bool,
    origin: Option<&str>,
) {
    let mut cursor = cursor.borrow_mut();
    match cursor.as_mut() {
        Some((h, last, events)) if h == history && playing && t >= *last => {
            for event in events.advance(history, t) {
                post(&EmbedMessage::Event(event), origin);
            }
            *last = t;
        }
        _ => *cursor = Some((history.clone(), t, EventCursor::at(history, t))),
    }
}

fn host_message(
    e: &web_sys::MessageEvent,
    origin: Option<&str>,
    dispatcher: &UseReducerDispatcher<State>,
    state: &State,
) {
    let Some(window) = web_sys::window() else { return };
    let from_parent = match (e.source(), window.parent()) {
        (Some(source), Ok(Some(parent))) => {
            js_sys::Object::is(&source, &parent) && !js_sys::Object::is(&parent, &window)
        }
        _ => false,
    };
    if !from_parent || origin.is_some_and(|o| o != e.origin()) {
        return;
    }
    let message = match HostMessage::read(fields_of(&e.data())) {
        Ok(Some(message)) => message,
        Ok(None) => return,
        Err(why) => {
            post(&EmbedMessage::Error { code: "bad_message".into(), message: why }, origin);
            return;
        }
    };
    match message {
        HostMessage::Play => dispatcher.dispatch(Action::SetPlaying(true)),
        HostMessage::Pause => dispatcher.dispatch(Action::SetPlaying(false)),
        HostMessage::Seek(t) => dispatcher.dispatch(Action::Seek(t)),
        HostMessage::Speed(x) => dispatcher.dispatch(Action::SetSpeed(x)),
        HostMessage::Theme(setting) => {
            dispatcher.dispatch(Action::SetThemeSetting(setting));
            if setting == ThemeSetting::Auto {
                dispatcher.dispatch(Action::SystemTheme(system_theme()));
            }
        }
        HostMessage::GetLink => match origin {
            Some(_) => {
                let url = link::url(&page::base(), "", &state.fragment());
                post(&EmbedMessage::Link { url }, origin);
            }
            None => {
                let message = "getLink is answered only to the origin the embed declares with origin=".to_string();
                post(&EmbedMessage::Error { code: "no_origin".into(), message }, None);
            }
        },
        HostMessage::Load { kubernetes, behaviour, title } => {
            let content = Content { kubernetes, behaviour, title, ..Content::default() };
            dispatcher.dispatch(Action::Open(Box::new(Opening::shared(content))));
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

type ResizeCallback = Closure<dyn FnMut(js_sys::Array)>;

/// Reports the page's height to the host whenever it changes.
fn resize_observer(origin: Option<String>) -> Option<(web_sys::ResizeObserver, ResizeCallback)> {
    let root = web_sys::window()?.document()?.document_element()?;
    let measured = root.clone();
    let last = RefCell::new(0);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
        let height = measured.scroll_height().max(0) as u32;
        if height != *last.borrow() {
            *last.borrow_mut() = height;
            post(&EmbedMessage::Resize { height }, origin.as_deref());
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    if let Some(body) = web_sys::window()?.document()?.body() {
        observer.observe(&body);
    }
    Some((observer, callback))
}
