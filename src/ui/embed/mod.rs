//! The embed (`?embed=1`), a wasm of its own (`src/bin/embed-app.rs`): only
//! the panes its link asks for, compact controls, no storage, and messages
//! to and from the host page. A docs page downloads this, not the
//! playground's editors, menus and analysis: index.html's loader picks the
//! wasm by the query.
//!
//! It is drawn without a framework, so that its wasm stays small: one
//! `State`, changed by the playground's reducer for what an embed does
//! (`playground::state::reduce_watching`); the panes as markup (`crate::markup`),
//! frame and patched onto the page (`ui::dom`); one listener on the root
//! for what a person does (`markup::Control`).

mod host;
mod panes;

use crate::markup::kubectl::COPIED_MS;
use crate::markup::{Control, Node};
use crate::playground::state::{Action, Opening, Simulated, State, reduce_watching};
use crate::scenario;
use crate::ui::dom::{Mount, control_of};
use crate::ui::hooks::{DARK_QUERY, now_ms, system_theme, wait_after};
use crate::ui::{files, initial_state, page};
use host::Told;
use panes::Panes;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The embed: its state, what is on the page, and what is scheduled.
struct Embed {
    state: Rc<State>,
    mount: Mount,
    panes: Panes,
    told: Told,
    /// The `edits` count of the text last simulated (none before the first run).
    simulated: Option<u64>,
    /// Counts scheduled runs, so that a run overtaken by an edit is dropped.
    run: u64,
    /// An animation frame is requested.
    frame: bool,
    /// The previous frame's time while playing, for the clock's tick.
    last_frame: Option<f64>,
    theme: Option<&'static str>,
    /// A fragment the host page sets is opened (never the user's draft).
    _fragments: page::NewFragments,
}

thread_local! {
    static EMBED: RefCell<Option<Embed>> = const { RefCell::new(None) };
}

/// Runs `f` on the embed, if it has started.
fn with(f: impl FnOnce(&mut Embed)) {
    EMBED.with(|embed| {
        if let Some(embed) = embed.borrow_mut().as_mut() {
            f(embed)
        }
    })
}

fn dispatch(actions: Vec<Action>) {
    with(|embed| {
        for action in actions {
            embed.state = reduce_watching(Rc::clone(&embed.state), action);
        }
        embed.changed();
    });
}

/// Starts the embed on the page's body, in place of the loading note.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(note) = document.get_element_by_id("loading") {
        note.remove();
    }
    let (Some(body), Ok(root)) = (document.body(), document.create_element("div")) else { return };
    let _ = body.append_child(&root);
    listen(&root);
    let state = Rc::new(initial_state());
    if state.presentation.autoresize {
        host::report_height(state.presentation.origin.clone());
    }
    let embed = Embed {
        state,
        mount: Mount::new(root),
        panes: Panes::default(),
        told: Told::default(),
        simulated: None,
        run: 0,
        frame: false,
        last_frame: None,
        theme: None,
        _fragments: page::on_new_fragment(|fragment| {
            dispatch(vec![Action::Open(Box::new(Opening::of_fragment(&fragment, None)))]);
        }),
    };
    EMBED.with(|e| *e.borrow_mut() = Some(embed));
    with(Embed::changed);
}

/// One listener each for what a person does on the embed, the host's
/// messages and the system's colour scheme.
fn listen(root: &web_sys::Element) {
    let on_control = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        if let Some((control, value)) = control_of(&e) {
            act(control, value);
        }
    });
    for kind in ["click", "change", "input"] {
        let _ = root.add_event_listener_with_callback(kind, on_control.as_ref().unchecked_ref());
    }
    on_control.forget();
    // Scrolling does not bubble: caught on its way down.
    let on_scroll = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        if let Some(element) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            with(|embed| {
                if embed.panes.scrolled(&element) {
                    embed.request_frame();
                }
            });
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = root.add_event_listener_with_callback_and_add_event_listener_options(
        "scroll",
        on_scroll.as_ref().unchecked_ref(),
        &options,
    );
    on_scroll.forget();
    let Some(window) = web_sys::window() else { return };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let mut actions = Vec::new();
        with(|embed| actions = host::host_message(&e, &embed.state));
        dispatch(actions);
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
    if let Ok(Some(query)) = window.match_media(DARK_QUERY) {
        let on_scheme = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(|_: web_sys::MediaQueryListEvent| {
            dispatch(vec![Action::SystemTheme(system_theme())]);
        });
        let _ = query.add_event_listener_with_callback("change", on_scheme.as_ref().unchecked_ref());
        on_scheme.forget();
    }
}

/// What a control on the embed asks for: a copy, or an action.
fn act(control: Control, value: Option<String>) {
    if let Control::Copy(pane) = control {
        // The clipboard is called outside `with`: nothing thrown there can
        // leave the embed borrowed.
        let mut text = String::new();
        let mut copy = 0;
        with(|embed| {
            text = embed.panes.copy_text(pane, &embed.state);
            copy = embed.panes.copied(pane);
            embed.request_frame();
        });
        files::copy(&text);
        // "Copied" for a moment, unless another copy came since.
        after(COPIED_MS, move || {
            with(|embed| {
                if embed.panes.copy_done(copy) {
                    embed.request_frame();
                }
            })
        });
        return;
    }
    if let (Control::Track { lane, from, to }, Some(at)) = (&control, &value) {
        let mut picked = None;
        with(|embed| picked = embed.panes.pick(&embed.state, *lane, (*from, *to), at));
        dispatch(picked.into_iter().collect());
        return;
    }
    if let Some(action) = control.action(value) {
        dispatch(vec![action]);
    }
}

/// Runs `f` just after the next paint (a task queued by the frame callback,
/// which runs just before it).
fn after_paint(f: impl FnOnce() + 'static) {
    let frame = Closure::once_into_js(move |_: f64| after(0, f));
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Runs `f` after `ms` real milliseconds.
fn after(ms: u32, f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let f = Closure::once_into_js(f);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms as i32);
    }
}

impl Embed {
    /// After the state changed: a new text is simulated once the page has
    /// shown the edit, the page is drawn at the next frame, and the host
    /// hears at once (a hidden frame draws nothing).
    fn changed(&mut self) {
        let edits = self.state.edits;
        if self.simulated != Some(edits) {
            self.simulated = Some(edits);
            self.run += 1;
            let (run, wait) = (self.run, wait_after(self.state.last_resim_ms.unwrap_or(0.0)));
            let text = self.state.text();
            after_paint(move || after(wait, move || simulate(run, edits, &text)));
        }
        self.request_frame();
        self.told.after_frame(&self.state);
    }

    fn request_frame(&mut self) {
        if std::mem::replace(&mut self.frame, true) {
            return;
        }
        let frame = Closure::once_into_js(|timestamp: f64| with(|embed| embed.draw_frame(timestamp)));
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(frame.unchecked_ref());
        }
    }

    /// A frame: the clock moves on while playing, the page shows the state,
    /// the host hears what changed.
    fn draw_frame(&mut self, timestamp: f64) {
        self.frame = false;
        if self.state.playing {
            if let Some(previous) = self.last_frame.replace(timestamp) {
                self.state = reduce_watching(Rc::clone(&self.state), Action::Tick(timestamp - previous));
            }
        } else {
            self.last_frame = None;
        }
        self.draw();
        // A new run is on the page: counted (`ready` waits for the first).
        if self.state.pending_render.is_some() {
            self.state = reduce_watching(Rc::clone(&self.state), Action::Rendered { now: now_ms() });
            self.draw();
        }
        self.told.after_frame(&self.state);
        if self.state.playing {
            self.request_frame();
        }
    }

    fn draw(&mut self) {
        let state = &self.state;
        let theme = state.theme.name();
        if self.theme != Some(theme) {
            self.theme = Some(theme);
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("data-theme", theme);
            }
        }
        let tree = self.panes.frame(state);
        let before = self.panes.follow_before();
        self.mount.draw(Node::from(tree));
        self.panes.follow_after(before, state.playing);
    }
}

/// Loads and simulates the text of edit `edits`, unless a newer run was
/// scheduled since.
fn simulate(run: u64, edits: u64, text: &str) {
    let mut current = false;
    with(|embed| current = embed.run == run);
    if !current {
        return;
    }
    let started = now_ms();
    let simulated = Simulated::of(edits, scenario::load(text), started);
    dispatch(vec![Action::Simulated(Box::new(simulated))]);
}
