//! A big text is parsed in a Web Worker, the load worker, not on the page.
//!
//! Parsing Argo CD's 1.9 MB install takes the page's wasm memory from 2 to
//! 35 MiB, and a wasm memory never shrinks; almost all of it is trees of
//! CustomResourceDefinitions the simulator never reads. The worker parses
//! the whole text and answers with it triaged (`load::triage`): the
//! documents the loader would only note as not simulated are blanked, line
//! for line, and listed. The page loads that, with the same result as the
//! whole text and a small fraction of its parse. The worker keeps its parse
//! of unchanged documents for the next keystroke; once the texts are small
//! again it is ended, and its memory is given back with it.
//!
//! Both ends are here: `serve` runs in the worker (`src/bin/load-worker.rs`,
//! which Trunk builds as `load-worker.js` and `load-worker_bg.wasm`,
//! started by `static/load-worker-start.js`; the three are given hashed
//! names after the build), `triage` on the page.
//! The worker says when it is ready, as messages sent before its wasm is
//! running would be lost. One question is out at a time; a newer one
//! replaces any still waiting, so stale texts are never parsed. A worker
//! that cannot start or fails answers "load it whole", and the page parses
//! on its own, a part per task (`use_simulation`).

use crate::load::{self, Triaged};
use crate::playground::text::Text;
use crate::scenario::text::join;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

/// The worker's script (static/load-worker-start.js), beside the page,
/// under the hashed name the page's loader gives it (scripts/post-build.py).
/// Without it, no worker: the page parses the text itself.
fn start_script() -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("probePlaygroundLoadWorker")).ok()?.as_string()
}

/// In the worker: answers each text with its triage, in order. A question
/// is `[kubernetes, behaviour]`, the two editors' texts as UTF-8 bytes
/// (`Uint8Array`s whose buffers the page transfers: a 2 MB string took the
/// page 3 ms to make and clone at each run, bytes a tenth of it), joined
/// here as the loader reads them (`scenario::text::join`: the page never
/// holds the joined megabytes); the answer `[]` (load it whole) or
/// `[dropped, kept]` (`Triaged::dropped_message`); `"ready"` comes first.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let answer = Array::new();
        // Anything else (a page of another build, its worker cached) is
        // answered "load it whole".
        let question = e.data().dyn_into::<Array>().ok().filter(|q| q.length() == 2);
        let utf8 = |v: JsValue| v.dyn_into::<Uint8Array>().ok().and_then(|a| String::from_utf8(a.to_vec()).ok());
        let text = match question.map(|q| (utf8(q.get(0)), utf8(q.get(1)))) {
            Some((Some(kubernetes), Some(behaviour))) => Some(join(&kubernetes, &behaviour)),
            _ => None,
        };
        if let Some(t) = text.as_deref().and_then(load::triage) {
            answer.push(&JsValue::from_str(&t.dropped_message()));
            answer.push(&JsValue::from(t.kept));
        }
        // The page cannot be gone while its worker runs.
        let _ = reply.post_message(&answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// What the page does with a text's triage (`None`: load it whole).
pub type Waiting = Box<dyn FnOnce(Option<Triaged>)>;

/// A question: the two editors' texts, shared with the page's state.
pub struct Texts {
    pub kubernetes: Text,
    pub behaviour: Text,
}

impl Texts {
    /// The length of the scenario text the two make.
    pub fn joined_len(&self) -> usize {
        crate::scenario::text::joined_len(&self.kubernetes, &self.behaviour)
    }

    /// The scenario text the two make, as the loader reads it.
    pub fn joined(&self) -> String {
        join(&self.kubernetes, &self.behaviour)
    }
}

/// The page's end of a running worker.
struct Client {
    worker: Worker,
    ready: bool,
    /// The question sent, whose answer is awaited.
    asked: Option<Waiting>,
    /// The newest question not sent yet, with its texts.
    next: Option<(Waiting, Rc<Texts>)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Set once the worker could not start or failed: the page parses alone.
    static BROKEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the worker for the triage of the scenario text of `texts`, calling
/// `then` with it, or with `None` to load the text whole. A question asked
/// before this one is sent replaces it.
pub fn triage(texts: Rc<Texts>, waiting: Waiting) {
    if BROKEN.get() {
        waiting(None);
        return;
    }
    let started = CLIENT.with_borrow_mut(|c| {
        if c.is_none() {
            *c = start();
        }
        c.is_some()
    });
    if !started {
        BROKEN.set(true);
        waiting(None);
        return;
    }
    let unsent = CLIENT.with_borrow_mut(|c| {
        let c = c.as_mut().expect("started above");
        c.next = Some((waiting, texts));
        c.send_next()
    });
    load_whole(unsent);
}

/// Tells whoever waited for a question that could not be sent to load the
/// text whole; called with the client released, as `then` may ask again.
fn load_whole(unsent: Option<Waiting>) {
    if let Some(then) = unsent {
        then(None);
    }
}

/// Ends the worker, if one runs: its memory goes with it. Called once the
/// texts are small again.
pub fn end() {
    if let Some(c) = CLIENT.with_borrow_mut(Option::take) {
        c.worker.terminate();
        // Whoever still waits loads on the page.
        for then in c.asked.into_iter().chain(c.next.map(|(w, _)| w)) {
            then(None);
        }
    }
}

impl Client {
    /// Sends the newest question, once the worker is ready and idle; gives
    /// it back if it could not be sent.
    #[must_use]
    fn send_next(&mut self) -> Option<Waiting> {
        if !self.ready || self.asked.is_some() {
            return None;
        }
        let (waiting, texts) = self.next.take()?;
        let utf8 = |text: &str| {
            let bytes = Uint8Array::new_with_length(text.len() as u32);
            bytes.copy_from(text.as_bytes());
            bytes
        };
        let (kubernetes, behaviour) = (utf8(&texts.kubernetes), utf8(&texts.behaviour));
        let question = Array::of2(&kubernetes, &behaviour);
        let transferred = Array::of2(&kubernetes.buffer(), &behaviour.buffer());
        if self.worker.post_message_with_transfer(&question, &transferred).is_err() {
            return Some(waiting);
        }
        self.asked = Some(waiting);
        None
    }
}

fn start() -> Option<Client> {
    let worker = Worker::new(&start_script()?).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(answered);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| failed());
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Client { worker, ready: false, asked: None, next: None, _on_message: on_message, _on_error: on_error })
}

/// A message from the worker: "ready", or an answer.
fn answered(e: MessageEvent) {
    let data = e.data();
    let mut unsent = None;
    let then = CLIENT.with_borrow_mut(|c| {
        let c = c.as_mut()?;
        if data.as_string().is_some_and(|s| s == "ready") {
            c.ready = true;
            unsent = c.send_next();
            return None;
        }
        let then = c.asked.take()?;
        unsent = c.send_next();
        Some(then)
    });
    // Called with the client released: `then` may ask again.
    load_whole(unsent);
    if let Some(then) = then {
        let answer: &Array = data.unchecked_ref();
        let triaged = match (answer.get(0).as_string(), answer.get(1).as_string()) {
            (Some(dropped), Some(kept)) => Triaged::from_message(kept, &dropped),
            _ => None,
        };
        then(triaged);
    }
}

/// The worker did not load or threw: whatever waits loads on the page, and
/// so does every later text.
fn failed() {
    BROKEN.set(true);
    end();
}
