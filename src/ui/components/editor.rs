//! A YAML editor: a transparent textarea over its syntax-coloured lines,
//! with line numbers and diagnostics at their line (`editor_text` draws
//! the lines in view). The textarea is as tall as the lines it holds (all
//! of them, or for a big text a window of them: `held_text`), in their
//! place, so the editor's one scroll box moves text, colours and line
//! numbers together.
//!
//! Keyboard: Tab moves the focus on, as in any field, unless "Indent with
//! Tab" is on (then Tab and Shift+Tab indent and outdent, and Escape, then
//! Tab, leaves); Ctrl+] and Ctrl+[ always indent and outdent; Enter keeps
//! the indentation. Those edits go through the browser's own editing
//! (`insertText`), so its undo and redo cover them like typing; a text held
//! in windows has the editor's own undo and redo.

use super::editor_text::{self, Code, Gutter, Hover, LINE_HEIGHT, by_line, use_lines_in_view, use_owned_by_line};
use super::find_bar::FindBar;
use super::held_text::{self, Held, HeldRef};
use crate::diagnostic::Severity;
use crate::playground::edit::{Change, byte_to_utf16, indent_change, newline_change, utf16_to_byte};
use crate::playground::edit_window::WHOLE_LINES;
use crate::playground::state::Jump;
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use crate::ui::hooks::use_stable_callback;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub doc: Doc,
    /// Compared by pointer first: an unchanged text costs nothing to pass again.
    pub value: Text,
    /// The loader's diagnostics and the analysis' findings, placed.
    pub diagnostics: Rc<Vec<Placed>>,
    /// How many of this editor's `diagnostics` are findings: its heading
    /// counts them apart, as `check` does, since the loader has no quarrel
    /// with the text.
    pub findings: usize,
    pub jump: Option<Jump>,
    /// The editor's whole text after the user changed it.
    pub on_edit: Callback<Text>,
    /// Tab indents (else it moves the focus on).
    pub tab_indents: bool,
    /// The "Indent with Tab" toggle.
    pub on_tab_indents: Callback<bool>,
}

#[derive(Properties, PartialEq)]
struct CodeAreaProps {
    doc: Doc,
    textarea: NodeRef,
    scroll: NodeRef,
    held: HeldRef,
    invalid: bool,
    value: Text,
    /// The lines drawn (those in view and a margin): the window holds them.
    in_view: (usize, usize),
    /// The editor's whole text, after the user changed it.
    on_edit: Callback<Text>,
    onkeydown: Callback<KeyboardEvent>,
    onmousemove: Callback<MouseEvent>,
    onmouseleave: Callback<MouseEvent>,
}

/// The textarea, drawn again only when its state changes. Its value is set
/// here, never by Yew (which would read a 2 MB value back from the page on
/// each draw to compare it): to the window of the text that `held_text`
/// keeps, when the text came from outside or the window must move.
#[function_component(CodeArea)]
fn code_area(props: &CodeAreaProps) -> Html {
    let id = editor_text::element_id(props.doc);
    {
        let (textarea, held) = (props.textarea.clone(), props.held.clone());
        use_effect_with((props.value.clone(), props.in_view), move |(value, in_view)| {
            let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else { return };
            let mut h = held.0.borrow_mut();
            if h.text != *value {
                h.take(&ta, value, *in_view);
            } else {
                h.scrolled(&ta, *in_view);
            }
        });
    }
    use_before_input(props);
    let oninput = {
        let (on_edit, held) = (props.on_edit.clone(), props.held.clone());
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let text = held.0.borrow_mut().edited(&ta, &ta.value());
            on_edit.emit(text);
        })
    };
    let editing = |f: fn(&mut Held, &HtmlTextAreaElement, &Event) -> Option<Text>| {
        let (on_edit, held) = (props.on_edit.clone(), props.held.clone());
        Callback::from(move |e: Event| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let edited = f(&mut held.0.borrow_mut(), &ta, &e);
            if let Some(text) = edited {
                on_edit.emit(text);
            }
        })
    };
    let (oncopy, oncut) = (editing(on_copy), editing(on_cut));
    let onpaste = {
        let (on_edit, held, scroll) = (props.on_edit.clone(), props.held.clone(), props.scroll.clone());
        Callback::from(move |e: Event| on_paste(&held, &e, &on_edit, &scroll))
    };
    let onmousedown = {
        let held = props.held.clone();
        Callback::from(move |_: MouseEvent| held.0.borrow_mut().clicked())
    };
    html! {
        <textarea id={id} ref={props.textarea.clone()} aria-label={props.doc.label()}
            aria-invalid={if props.invalid { "true" } else { "false" }} aria-describedby="diagnostics"
            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
            placeholder={(props.doc == Doc::Kubernetes).then_some("Paste your Kubernetes YAML here (Deployments, Services, a whole kubectl manifest), or open or drop a file.")}
            {oninput} onkeydown={props.onkeydown.clone()} {onpaste} {oncopy} {oncut} {onmousedown}
            onmousemove={props.onmousemove.clone()} onmouseleave={props.onmouseleave.clone()} />
    }
}

/// `beforeinput` (Yew has no attribute for it): notes where the edit
/// starts, makes it itself when the selection reaches past the window
/// (typing over select all), and undoes and redoes from the Edit menu when
/// the text is held in windows.
#[hook]
fn use_before_input(props: &CodeAreaProps) {
    let (textarea, scroll, held, on_edit) =
        (props.textarea.clone(), props.scroll.clone(), props.held.clone(), props.on_edit.clone());
    use_effect_with((), move |_| {
        let ta = textarea.cast::<HtmlTextAreaElement>();
        let listener = Closure::<dyn Fn(web_sys::InputEvent)>::new(move |e: web_sys::InputEvent| {
            let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else { return };
            let mut h = held.0.borrow_mut();
            h.before_edit(&ta);
            let kind = e.input_type();
            let edited = if h.own_undo() && (kind == "historyUndo" || kind == "historyRedo") {
                e.prevent_default();
                h.undo(&ta, kind == "historyRedo")
            } else if h.outside(&ta) {
                let with = match kind.as_str() {
                    "insertText" | "insertReplacementText" => e.data().unwrap_or_default(),
                    "insertLineBreak" | "insertParagraph" => "\n".to_string(),
                    k if k.starts_with("delete") => String::new(),
                    _ => return,
                };
                e.prevent_default();
                let selection = h.selection(&ta);
                Some(h.replace(&ta, selection, &with))
            } else {
                None
            };
            if let Some(text) = edited {
                reveal_caret(&h, &ta, &scroll);
                drop(h);
                on_edit.emit(text);
            }
        });
        if let Some(ta) = &ta {
            let _ = ta.add_event_listener_with_callback("beforeinput", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(ta) = ta {
                let _ = ta.remove_event_listener_with_callback("beforeinput", listener.as_ref().unchecked_ref());
            }
        }
    });
}

/// Scrolls the editor to the caret's line.
fn reveal_caret(held: &Held, ta: &HtmlTextAreaElement, scroll: &NodeRef) {
    if let Some(sc) = scroll.cast::<HtmlElement>() {
        held_text::reveal(&sc, held.caret_line(ta));
    }
}

/// A paste at least this large (bytes) is made by the editor itself, never
/// by the browser's paste command, which lays the textarea out several
/// times over: a 1.9 MB manifest blocked the page for most of a minute.
const LARGE_PASTE: usize = 256 * 1024;

/// A paste: the browser's own, unless it is large, the text is or will be
/// held in windows, or the selection reaches past the window. The editor's
/// own is made in a task of its own: the paste event only takes the text
/// from the clipboard (for a 1.9 MB manifest, Chromium's part alone is
/// tens of milliseconds), so that neither task holds the page up for long.
fn on_paste(held: &HeldRef, e: &Event, on_edit: &Callback<Text>, scroll: &NodeRef) {
    let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
    // A JavaScript string until the editor makes the paste.
    let Some(text) = e.clipboard_data().and_then(|d| clipboard_text(&d).ok()) else { return };
    let ta: HtmlTextAreaElement = e.target_unchecked_into();
    let mut h = held.0.borrow_mut();
    let lines = h.text.lines().count() + count_newlines(&text);
    if (text.length() as usize) < LARGE_PASTE && lines < WHOLE_LINES && !h.windowed() && !h.outside(&ta) {
        return;
    }
    e.prevent_default();
    // Busy until the paste lands in the next task: assistive technology
    // (and a test) can tell a paste in flight from a text at rest.
    let _ = ta.set_attribute("aria-busy", "true");
    h.before_edit(&ta);
    let (selection, before) = (h.selection(&ta), h.text.clone());
    drop(h);
    let (held, on_edit, scroll) = (held.clone(), on_edit.clone(), scroll.clone());
    gloo_timers::callback::Timeout::new(0, move || {
        let mut h = held.0.borrow_mut();
        // An edit in between (rare: a key in the same moment) moved the
        // text; the paste still lands, over the selection as it is now.
        let selection = if h.text == before {
            selection
        } else {
            h.before_edit(&ta);
            h.selection(&ta)
        };
        let pasted = h.replace(&ta, selection, &String::from(text));
        drop(h);
        on_edit.emit(pasted);
        let _ = ta.remove_attribute("aria-busy");
        // As a textarea does, the caret (at the end of the paste) is then
        // in view: once the new text is drawn, as tall as it is.
        gloo_timers::callback::Timeout::new(0, move || reveal_caret(&held.0.borrow(), &ta, &scroll)).forget();
    })
    .forget();
}

#[wasm_bindgen]
extern "C" {
    /// A `DataTransfer`, read as a JavaScript string.
    type JsDataTransfer;
    #[wasm_bindgen(method, catch, js_name = getData)]
    fn get_data(this: &JsDataTransfer, format: &str) -> Result<js_sys::JsString, JsValue>;
}

fn clipboard_text(data: &web_sys::DataTransfer) -> Result<js_sys::JsString, JsValue> {
    data.unchecked_ref::<JsDataTransfer>().get_data("text/plain")
}

/// How many newlines a JavaScript string has, counted where it is.
fn count_newlines(text: &js_sys::JsString) -> usize {
    text.split("\n").length().saturating_sub(1) as usize
}

/// Copies the selection when it reaches past the window (else the browser does).
fn on_copy(held: &mut Held, ta: &HtmlTextAreaElement, e: &Event) -> Option<Text> {
    let e = e.dyn_ref::<web_sys::ClipboardEvent>()?;
    let (a, b) = held.outside(ta).then(|| held.selection(ta))?;
    e.prevent_default();
    e.clipboard_data().map(|d| d.set_data("text/plain", &held.text[a..b]));
    None
}

/// Cuts the selection when it reaches past the window (else the browser does).
fn on_cut(held: &mut Held, ta: &HtmlTextAreaElement, e: &Event) -> Option<Text> {
    let selection = held.outside(ta).then(|| held.selection(ta))?;
    on_copy(held, ta, e);
    held.before_edit(ta);
    Some(held.replace(ta, selection, ""))
}

/// Applies `change` to the textarea as typing would, so that undo covers it.
fn apply(ta: &HtmlTextAreaElement, text: &str, change: &Change) {
    let (from, to) = (byte_to_utf16(text, change.from), byte_to_utf16(text, change.to));
    let _ = ta.set_selection_range(from, to);
    let document =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
    let done = document.is_some_and(|d| {
        let (command, value) =
            if change.insert.is_empty() { ("delete", "") } else { ("insertText", change.insert.as_str()) };
        d.exec_command_with_show_ui_and_value(command, false, value).unwrap_or(false)
    });
    if !done {
        // No editing command (an old engine): the edit still happens, without undo.
        ta.set_range_text(&change.insert).ok();
        let _ = ta.dispatch_event(&web_sys::InputEvent::new("input").expect("an input event"));
    }
    let new = ta.value();
    let _ = ta.set_selection_range(byte_to_utf16(&new, change.select.0), byte_to_utf16(&new, change.select.1));
}

/// The keys a text held in windows needs (or that was, since it last came
/// from outside): undo and redo (the browser's own forget each move of the
/// window), select all and Ctrl+Home or End over the whole text, and the
/// caret's lines brought into the window before any other key acts on them.
fn windowed_key(held: &mut Held, ta: &HtmlTextAreaElement, e: &KeyboardEvent, scroll: &NodeRef) -> Option<Text> {
    if !held.own_undo() {
        return None;
    }
    let key = e.key();
    let command = (e.ctrl_key() || e.meta_key()) && !e.alt_key();
    let letter = key.to_ascii_lowercase();
    match key.as_str() {
        _ if command && (letter == "z" || letter == "y") => {
            e.prevent_default();
            held.before_edit(ta);
            let text = held.undo(ta, letter == "y" || e.shift_key());
            reveal_caret(held, ta, scroll);
            text
        }
        _ if command && letter == "a" => {
            e.prevent_default();
            held.select(ta, (0, held.text.len()));
            None
        }
        "Home" | "End" if command => {
            e.prevent_default();
            let (selection, end) = (held.selection(ta), held.text.len());
            let (to_start, extend) = (key == "Home", e.shift_key());
            let selection = match (to_start, extend) {
                (true, true) => (0, selection.1),
                (true, false) => (0, 0),
                (false, true) => (selection.0, end),
                (false, false) => (end, end),
            };
            let line = if to_start { 0 } else { held.text.lines().count() - 1 };
            held.go(ta, selection, line);
            reveal_caret(held, ta, scroll);
            None
        }
        "Shift" | "Control" | "Alt" | "Meta" | "CapsLock" | "Escape" | "Tab" => None,
        _ if command && !matches!(key.as_str(), "Backspace" | "Delete" | "ArrowLeft" | "ArrowRight") => None,
        _ => {
            if held.hold_selection(ta) {
                reveal_caret(held, ta, scroll);
            }
            None
        }
    }
}

/// The keys the editor handles itself; `leaves` is set by Escape, after
/// which Tab moves the focus on.
fn on_key(e: &KeyboardEvent, tab_indents: bool, leaves: bool) {
    let key = e.key();
    let bracket = (e.ctrl_key() || e.meta_key()) && !e.alt_key() && (key == "]" || key == "[");
    let tab = key == "Tab" && tab_indents && !leaves && !e.ctrl_key() && !e.meta_key() && !e.alt_key();
    let enter = key == "Enter" && !e.shift_key() && !e.ctrl_key() && !e.meta_key() && !e.alt_key();
    if !(bracket || tab || enter) {
        return;
    }
    let ta: HtmlTextAreaElement = e.target_unchecked_into();
    let text = ta.value();
    let start = utf16_to_byte(&text, ta.selection_start().ok().flatten().unwrap_or(0));
    let end = utf16_to_byte(&text, ta.selection_end().ok().flatten().unwrap_or(0));
    let change = match () {
        // A caret's whole line, as a selection's lines.
        _ if bracket && start == end => {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            indent_change(&text, line_start, line_end.max(line_start + 1).min(text.len()), key == "[")
        }
        _ if bracket => indent_change(&text, start, end, key == "["),
        _ if tab => indent_change(&text, start, end, e.shift_key()),
        _ if start == end => newline_change(&text, start),
        _ => return,
    };
    e.prevent_default();
    apply(&ta, &text, &change);
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let (textarea, scroll, measure) = (use_node_ref(), use_node_ref(), use_node_ref());
    let held = HeldRef(use_mut_ref(Held::default));
    let hover = use_state_eq(|| None::<Hover>);
    let doc = props.doc;
    let owned = use_owned_by_line(&props.diagnostics, doc);
    use_jump(props.jump, doc, &held, &textarea, &scroll);
    let (window, onscroll) = use_lines_in_view(&scroll);
    let leaves = use_mut_ref(|| false);
    let (finding, on_close) = use_find(&textarea);
    let onkeydown = {
        let (tab_indents, held, scroll, on_edit, finding) =
            (props.tab_indents, held.clone(), scroll.clone(), props.on_edit.clone(), finding.clone());
        Callback::from(move |e: KeyboardEvent| {
            let was_escape = std::mem::replace(&mut *leaves.borrow_mut(), e.key() == "Escape");
            if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("f") && held.0.borrow().windowed() {
                e.prevent_default();
                finding.set(*finding + 1);
                return;
            }
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let edited = windowed_key(&mut held.0.borrow_mut(), &ta, &e, &scroll);
            if let Some(text) = edited {
                on_edit.emit(text);
            } else if !e.default_prevented() {
                on_key(&e, tab_indents, was_escape);
            }
        })
    };
    let onmousemove = {
        let (hover, measure, by_line_owned, held) = (hover.clone(), measure.clone(), owned.clone(), held.clone());
        Callback::from(move |e: MouseEvent| {
            let char_width =
                measure.cast::<HtmlElement>().map_or(7.8, |m| m.get_bounding_client_rect().width() / 10.0).max(1.0);
            let placed = by_line(&by_line_owned);
            // The textarea starts at the window's first line.
            let top = held.0.borrow().window.from as f64 * LINE_HEIGHT;
            let offset = (e.offset_x() as f64, e.offset_y() as f64 + top);
            hover.set(editor_text::hover_at(&placed, offset, char_width, (e.client_x(), e.client_y())));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let (on_edit, onkeydown) = (use_stable_callback(&props.on_edit), use_stable_callback(&onkeydown));
    let (onmousemove, onmouseleave) = (use_stable_callback(&onmousemove), use_stable_callback(&onmouseleave));
    let (errors, warnings) =
        (editor_text::count(&owned, Severity::Error), editor_text::count(&owned, Severity::Warning));
    let id = editor_text::element_id(doc);
    html! {
        <section class="editor-pane" data-doc={id}>
            { title(id, doc, errors, warnings.saturating_sub(props.findings), props) }
            if *finding > 0 {
                <FindBar label={doc.label()} held={held.clone()} textarea={textarea.clone()} scroll={scroll.clone()}
                    opened={*finding} {on_close} />
            }
            <div class="editor-scroll" ref={scroll.clone()} {onscroll}>
                <div class="editor-inner">
                    <Gutter lines={props.value.lines().count()} window={*window} placed={owned.clone()} />
                    <div class="code">
                        <Code value={props.value.clone()} window={*window} placed={owned.clone()} />
                        <CodeArea {doc} textarea={textarea} {scroll} {held} invalid={errors > 0}
                            value={props.value.clone()} in_view={(window.from, window.to)} {on_edit} {onkeydown} {onmousemove} {onmouseleave} />
                        <span class="measure" aria-hidden="true" ref={measure}>{ "0000000000" }</span>
                        { editor_text::tooltip(hover.as_ref()) }
                    </div>
                </div>
            </div>
        </section>
    }
}

/// Find in a text held in windows: 0 while closed, else how many times it
/// was opened; with the callback that closes it and gives the text the focus.
#[hook]
fn use_find(textarea: &NodeRef) -> (UseStateHandle<u32>, Callback<()>) {
    let finding = use_state_eq(|| 0u32);
    let on_close = {
        let (finding, textarea) = (finding.clone(), textarea.clone());
        Callback::from(move |()| {
            finding.set(0);
            if let Some(ta) = textarea.cast::<HtmlElement>() {
                let _ = ta.focus();
            }
        })
    };
    (finding, on_close)
}

/// The heading: the editor's name, its counts, and the Tab toggle.
fn title(id: &str, doc: Doc, errors: usize, warnings: usize, props: &EditorProps) -> Html {
    let toggle = {
        let (on, on_now) = (&props.on_tab_indents, props.tab_indents);
        let hint = if on_now {
            "Tab and Shift+Tab indent and outdent; Escape, then Tab, leaves the editor"
        } else {
            "Tab moves the focus on; Ctrl+] and Ctrl+[ indent and outdent"
        };
        html! {
            <button type="button" class="tab-toggle" aria-pressed={on_now.to_string()} title={hint} onclick={on.reform(move |_: MouseEvent| !on_now)}>
                { "Indent with Tab" }
            </button>
        }
    };
    editor_text::heading(id, doc, (errors, warnings, props.findings), toggle)
}

/// Puts the caret on a line a diagnostic points at, scrolled into view.
#[hook]
fn use_jump(jump: Option<Jump>, doc: Doc, held: &HeldRef, textarea: &NodeRef, scroll: &NodeRef) {
    let (held, textarea, scroll) = (held.clone(), textarea.clone(), scroll.clone());
    use_effect_with(jump, move |jump| {
        if let Some(jump) = jump.filter(|j| j.doc == doc)
            && let (Some(ta), Some(sc)) = (textarea.cast::<HtmlTextAreaElement>(), scroll.cast::<HtmlElement>())
        {
            let mut h = held.0.borrow_mut();
            let line = (jump.line.max(1) as usize - 1).min(h.text.lines().count() - 1);
            let selection = (h.text.lines().start(line), h.text.lines().end(line));
            let _ = ta.focus();
            h.go(&ta, selection, line);
            held_text::reveal(&sc, line);
            sc.set_scroll_left(0);
        }
    });
}
