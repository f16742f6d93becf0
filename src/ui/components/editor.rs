//! A YAML editor: a transparent textarea over a syntax-coloured `<pre>`,
//! with line numbers and diagnostics at their line (`editor_text` draws
//! the lines in view). The textarea grows with its text, so the editor's one
//! scroll box moves text, colours and line numbers together.
//!
//! Keyboard: Tab moves the focus on, as in any field, unless "Indent with
//! Tab" is on (then Tab and Shift+Tab indent and outdent, and Escape, then
//! Tab, leaves); Ctrl+] and Ctrl+[ always indent and outdent; Enter keeps
//! the indentation. Those edits go through the browser's own editing
//! (`insertText`), so its undo and redo cover them like typing.

use super::editor_text::{self, ByLine, Hover, LINE_HEIGHT, PAD_Y, Window};
use crate::diagnostic::Severity;
use crate::playground::edit::{Change, byte_to_utf16, indent_change, line_range_utf16, newline_change, utf16_to_byte};
use crate::playground::state::Jump;
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use crate::ui::hooks::use_stable_callback;
use std::collections::BTreeMap;
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
    #[prop_or_default]
    pub findings: usize,
    pub jump: Option<Jump>,
    /// The editor's whole text after the user changed it.
    pub on_edit: Callback<String>,
    /// Selectable and copyable, never changed (an embed's default).
    #[prop_or_default]
    pub read_only: bool,
    /// Tab indents (else it moves the focus on).
    #[prop_or_default]
    pub tab_indents: bool,
    /// The "Indent with Tab" toggle; without it, the toggle is not shown.
    #[prop_or_default]
    pub on_tab_indents: Option<Callback<bool>>,
}

#[derive(Properties, PartialEq)]
struct CodeAreaProps {
    doc: Doc,
    textarea: NodeRef,
    invalid: bool,
    read_only: bool,
    value: Text,
    /// The textarea's whole text, after the user changed it.
    on_edit: Callback<String>,
    onkeydown: Callback<KeyboardEvent>,
    onmousemove: Callback<MouseEvent>,
    onmouseleave: Callback<MouseEvent>,
}

/// The textarea, drawn again only when its text or its state changes.
/// Its text is set only when it is not what the textarea holds already (as
/// its last `input` said): Yew would read a textarea's value back from the
/// page on each draw to compare it, which for a 2 MB manifest costs more
/// than a frame.
#[function_component(CodeArea)]
fn code_area(props: &CodeAreaProps) -> Html {
    let id = match props.doc {
        Doc::Kubernetes => "editor-kubernetes",
        Doc::Behaviour => "editor-behaviour",
    };
    let shown = use_mut_ref(|| None::<Text>);
    {
        let (textarea, shown) = (props.textarea.clone(), shown.clone());
        use_effect_with(props.value.clone(), move |value| {
            let mut shown = shown.borrow_mut();
            if shown.as_ref() != Some(value)
                && let Some(ta) = textarea.cast::<HtmlTextAreaElement>()
            {
                ta.set_value(value);
                *shown = Some(value.clone());
            }
        });
    }
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            *shown.borrow_mut() = Some(Text::from(text.as_str()));
            on_edit.emit(text);
        })
    };
    let (resting, onfocus, onblur, onpointerenter, onpointerleave) = use_resting(props.value.lines().count());
    html! {
        <textarea id={id} ref={props.textarea.clone()} class={classes!(resting.then_some("resting"))} aria-label={props.doc.label()}
            aria-invalid={if props.invalid { "true" } else { "false" }} aria-describedby="diagnostics"
            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" readonly={props.read_only}
            placeholder={(props.doc == Doc::Kubernetes).then_some("Paste your Kubernetes YAML here (Deployments, Services, a whole kubectl manifest), or open or drop a file.")}
            {oninput} onkeydown={props.onkeydown.clone()} onpaste={on_paste} {onfocus} {onblur} {onpointerenter} {onpointerleave}
            onmousemove={props.onmousemove.clone()} onmouseleave={props.onmouseleave.clone()} />
    }
}

/// A textarea of at least this many lines rests while it is not in use.
const RESTING_LINES: usize = 2000;

/// Whether a textarea of `lines` lines rests (`content-visibility: hidden`
/// in the stylesheet): neither focused nor under the pointer, its text,
/// drawn transparent over the coloured copy, shows nothing, yet Chromium
/// walks every line's layout objects (three per line) on each layout of
/// the page, which for a 2 MB manifest is most of a frame per keystroke
/// in the other editor. Hidden, its layout is kept and skipped; it is back
/// as the pointer comes over it (before a click places the caret), it gets
/// the focus, or find in page opens (Ctrl+F or Cmd+F: the browser does not
/// search hidden text). With the focus and pointer callbacks that follow
/// that; leaving it, by focus or pointer, lets it rest again.
#[hook]
#[allow(clippy::type_complexity)]
fn use_resting(
    lines: usize,
) -> (bool, Callback<FocusEvent>, Callback<FocusEvent>, Callback<PointerEvent>, Callback<PointerEvent>) {
    let (focused, hovered, finding) = (use_state_eq(|| false), use_state_eq(|| false), use_state_eq(|| false));
    {
        let finding = finding.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("f") {
                    finding.set(true);
                }
            });
            let window = web_sys::window().expect("a window");
            let _ = window.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            move || {
                let _ = window.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
        });
    }
    (
        lines >= RESTING_LINES && !*focused && !*hovered && !*finding,
        setter(&focused, true),
        leaving(&focused, &finding),
        setter(&hovered, true),
        leaving(&hovered, &finding),
    )
}

/// A callback that ends `state` and a search's waking, whatever the event.
fn leaving<E: 'static>(state: &UseStateHandle<bool>, finding: &UseStateHandle<bool>) -> Callback<E> {
    let (state, finding) = (state.clone(), finding.clone());
    Callback::from(move |_: E| {
        state.set(false);
        finding.set(false);
    })
}

/// A callback that sets `state` to `on`, whatever the event.
fn setter<E: 'static>(state: &UseStateHandle<bool>, on: bool) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_: E| state.set(on))
}

/// A paste at least this large (bytes) is set into the textarea directly.
/// Chromium's paste command lays out the textarea, which grows with its
/// text, several times over: a 1.9 MB manifest blocked the page for most of
/// a minute, where setting the same text takes a fraction of a second. The
/// browser's undo then does not cover that one paste; the text it replaced
/// is not lost (a paste over the manifest keeps the previous scenario among
/// the recent ones).
const LARGE_PASTE: usize = 256 * 1024;

/// Pastes a large text by setting it over the selection, then says so as
/// an edit (`input`), as the paste command would.
fn on_paste(e: Event) {
    let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
    // The text stays a JavaScript string: copying megabytes into Rust and
    // back only to hand them to the textarea would hold the paste up.
    let Some(text) = e.clipboard_data().and_then(|d| clipboard_text(&d).ok()) else { return };
    // UTF-16 units, as many as bytes for ASCII YAML.
    if (text.length() as usize) < LARGE_PASTE {
        return;
    }
    let ta: HtmlTextAreaElement = e.target_unchecked_into();
    let (Ok(Some(start)), Ok(Some(end))) = (ta.selection_start(), ta.selection_end()) else { return };
    e.prevent_default();
    let _ = set_range_text(&ta, &text, start, end, "end");
    // It bubbles, as the browser's own does: Yew listens at the root.
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init.set_input_type("insertFromPaste");
    if let Ok(input) = web_sys::InputEvent::new_with_event_init_dict("input", &init) {
        let _ = ta.dispatch_event(&input);
    }
}

#[wasm_bindgen]
extern "C" {
    /// A `DataTransfer`, read as a JavaScript string.
    type JsDataTransfer;
    #[wasm_bindgen(method, catch, js_name = getData)]
    fn get_data(this: &JsDataTransfer, format: &str) -> Result<js_sys::JsString, JsValue>;
    /// An `HTMLTextAreaElement`, given a JavaScript string.
    type JsTextArea;
    #[wasm_bindgen(method, catch, js_name = setRangeText)]
    fn set_range_text(
        this: &JsTextArea,
        text: &js_sys::JsString,
        start: u32,
        end: u32,
        mode: &str,
    ) -> Result<(), JsValue>;
}

fn clipboard_text(data: &web_sys::DataTransfer) -> Result<js_sys::JsString, JsValue> {
    data.unchecked_ref::<JsDataTransfer>().get_data("text/plain")
}

fn set_range_text(
    ta: &HtmlTextAreaElement,
    text: &js_sys::JsString,
    start: u32,
    end: u32,
    mode: &str,
) -> Result<(), JsValue> {
    ta.unchecked_ref::<JsTextArea>().set_range_text(text, start, end, mode)
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
    let hover = use_state_eq(|| None::<Hover>);
    let window = use_state_eq(|| Window::at(0.0, 800.0));
    let doc = props.doc;
    let owned = use_owned_by_line(&props.diagnostics, doc);
    let by_line: ByLine = owned.iter().map(|(l, ps)| (*l, ps.iter().collect())).collect();
    use_jump(props.jump, doc, &props.value, &textarea, &scroll);
    // The window follows the scroll box, from the first draw on.
    let follow = {
        let (scroll, window) = (scroll.clone(), window.clone());
        move || {
            if let Some(sc) = scroll.cast::<HtmlElement>() {
                window.set(Window::at(sc.scroll_top() as f64, sc.client_height() as f64));
            }
        }
    };
    {
        let follow = follow.clone();
        use_effect_with((), move |_| follow());
    }
    let onscroll = Callback::from(move |_: Event| follow());
    let leaves = use_mut_ref(|| false);
    let onkeydown = {
        let (read_only, tab_indents) = (props.read_only, props.tab_indents);
        Callback::from(move |e: KeyboardEvent| {
            let was_escape = std::mem::replace(&mut *leaves.borrow_mut(), e.key() == "Escape");
            if !read_only {
                on_key(&e, tab_indents, was_escape);
            }
        })
    };
    let onmousemove = {
        let (hover, measure, by_line) = (hover.clone(), measure.clone(), owned.clone());
        Callback::from(move |e: MouseEvent| {
            let char_width =
                measure.cast::<HtmlElement>().map_or(7.8, |m| m.get_bounding_client_rect().width() / 10.0).max(1.0);
            let placed: ByLine = by_line.iter().map(|(l, ps)| (*l, ps.iter().collect())).collect();
            let offset = (e.offset_x() as f64, e.offset_y() as f64);
            hover.set(editor_text::hover_at(&placed, offset, char_width, (e.client_x(), e.client_y())));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let (on_edit, onkeydown) = (use_stable_callback(&props.on_edit), use_stable_callback(&onkeydown));
    let (onmousemove, onmouseleave) = (use_stable_callback(&onmousemove), use_stable_callback(&onmouseleave));
    let (gutter, code) = editor_text::draw(&props.value, *window, &by_line);
    let errors = by_line.values().flatten().filter(|p| p.diagnostic.severity == Severity::Error).count();
    let warnings = by_line.values().flatten().filter(|p| p.diagnostic.severity == Severity::Warning).count();
    let id = match doc {
        Doc::Kubernetes => "editor-kubernetes",
        Doc::Behaviour => "editor-behaviour",
    };
    html! {
        <section class="editor-pane" data-doc={id}>
            { title(id, doc, errors, warnings.saturating_sub(props.findings), props) }
            <div class="editor-scroll" ref={scroll} {onscroll}>
                <div class="editor-inner">
                    { gutter }
                    <div class="code">
                        { code }
                        <CodeArea {doc} textarea={textarea} invalid={errors > 0} read_only={props.read_only}
                            value={props.value.clone()} {on_edit} {onkeydown} {onmousemove} {onmouseleave} />
                        <span class="measure" aria-hidden="true" ref={measure}>{ "0000000000" }</span>
                        { editor_text::tooltip(hover.as_ref()) }
                    </div>
                </div>
            </div>
        </section>
    }
}

/// This editor's diagnostics by line, owned for the hover callback, made
/// again only when the diagnostics change.
#[hook]
fn use_owned_by_line(diagnostics: &Rc<Vec<Placed>>, doc: Doc) -> Rc<BTreeMap<u32, Vec<Placed>>> {
    use_memo((diagnostics.clone(), doc), |(diagnostics, doc)| {
        diagnostics.iter().filter(|p| p.doc == *doc).fold(BTreeMap::<u32, Vec<Placed>>::new(), |mut m, p| {
            m.entry(p.line).or_default().push(p.clone());
            m
        })
    })
}

/// The heading: the editor's name, its counts, and the Tab toggle.
fn title(id: &str, doc: Doc, errors: usize, warnings: usize, props: &EditorProps) -> Html {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let toggle = props.on_tab_indents.as_ref().filter(|_| !props.read_only).map(|on| {
        let on_now = props.tab_indents;
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
    });
    html! {
        <h2 class="pane-title" id={format!("{id}-title")}>
            { doc.label() }
            if errors > 0 { <span class="badge error">{ plural(errors, "error") }</span> }
            if warnings > 0 { <span class="badge warning">{ plural(warnings, "warning") }</span> }
            if props.findings > 0 { <span class="badge warning">{ plural(props.findings, "finding") }</span> }
            { for toggle }
        </h2>
    }
}

/// Puts the caret on a line a diagnostic points at, scrolled into view.
#[hook]
fn use_jump(jump: Option<Jump>, doc: Doc, value: &Text, textarea: &NodeRef, scroll: &NodeRef) {
    let (textarea, scroll, value) = (textarea.clone(), scroll.clone(), value.clone());
    use_effect_with(jump, move |jump| {
        if let Some(jump) = jump.filter(|j| j.doc == doc)
            && let (Some(ta), Some(sc)) = (textarea.cast::<HtmlTextAreaElement>(), scroll.cast::<HtmlElement>())
        {
            let (start, end) = line_range_utf16(&value, jump.line);
            let _ = ta.focus();
            let _ = ta.set_selection_range(start, end);
            let top = (jump.line.saturating_sub(1)) as f64 * LINE_HEIGHT + PAD_Y;
            sc.set_scroll_top((top - sc.client_height() as f64 / 3.0).max(0.0) as i32);
            sc.set_scroll_left(0);
        }
    });
}
