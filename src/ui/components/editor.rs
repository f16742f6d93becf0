//! A YAML editor: a transparent textarea over a syntax-coloured `<pre>`,
//! with line numbers, Tab indenting with spaces, and diagnostics at their
//! line (gutter mark, underline, message on hover). The textarea grows with
//! its text, so the editor's one scroll box moves text, colours and line
//! numbers together. Every piece of the text reaches the DOM as a text node.

use crate::diagnostic::Severity;
use crate::scenario::text::{Doc, Placed};
use crate::ui::highlight::{Class, Token, highlight};
use crate::ui::state::{Action, Jump, State};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Line height and padding of the text, in CSS pixels (as in the stylesheet).
pub const LINE_HEIGHT: f64 = 20.0;
const PAD_Y: f64 = 8.0;
const PAD_X: f64 = 10.0;
pub const INDENT: &str = "  ";

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub doc: Doc,
    pub value: String,
    pub diagnostics: Rc<Vec<Placed>>,
    pub jump: Option<Jump>,
    pub dispatch: UseReducerDispatcher<State>,
    /// Selectable and copyable, never changed (an embed's default).
    #[prop_or_default]
    pub read_only: bool,
}

/// The message shown while the pointer is over a diagnostic.
#[derive(Clone, PartialEq)]
struct Hover {
    line: u32,
    /// Where the pointer is on the page: the tooltip is placed under it, in
    /// fixed position so the editor's scroll box does not clip it.
    x: i32,
    y: i32,
    messages: Vec<(Severity, String)>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let scroll = use_node_ref();
    let measure = use_node_ref();
    let hover = use_state(|| None::<Hover>);
    let doc = props.doc;

    let by_line: BTreeMap<u32, Vec<&Placed>> =
        props.diagnostics.iter().filter(|p| p.doc == doc).fold(BTreeMap::new(), |mut m, p| {
            m.entry(p.line).or_insert_with(Vec::new).push(p);
            m
        });

    {
        let (textarea, scroll, value) = (textarea.clone(), scroll.clone(), props.value.clone());
        use_effect_with(props.jump, move |jump| {
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

    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::Edit(doc, ta.value()));
        })
    };

    // After Escape, Tab moves the focus on instead of indenting.
    let tab_leaves = use_mut_ref(|| false);
    let onkeydown = {
        let (dispatch, read_only) = (props.dispatch.clone(), props.read_only);
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if read_only {
                return;
            }
            let leave = std::mem::replace(&mut *tab_leaves.borrow_mut(), key == "Escape");
            if (key != "Tab" && key != "Enter")
                || e.ctrl_key()
                || e.meta_key()
                || e.alt_key()
                || (key == "Tab" && leave)
            {
                return;
            }
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let value = ta.value();
            let start = utf16_to_byte(&value, ta.selection_start().ok().flatten().unwrap_or(0));
            let end = utf16_to_byte(&value, ta.selection_end().ok().flatten().unwrap_or(0));
            let edit = if key == "Tab" {
                Some(indent(&value, start, end, e.shift_key()))
            } else if start == end && !e.shift_key() {
                Some(newline(&value, start))
            } else {
                None
            };
            let Some((text, a, b)) = edit else { return };
            e.prevent_default();
            ta.set_value(&text);
            let _ = ta.set_selection_range(byte_to_utf16(&text, a), byte_to_utf16(&text, b));
            dispatch.dispatch(Action::Edit(doc, text));
        })
    };

    let onmousemove = {
        let (hover, measure) = (hover.clone(), measure.clone());
        let lines: BTreeMap<u32, Vec<(u32, u32, Severity, String)>> = by_line
            .iter()
            .map(|(l, ps)| {
                (
                    *l,
                    ps.iter()
                        .map(|p| {
                            (p.diagnostic.span.col, p.diagnostic.span.len, p.diagnostic.severity, p.diagnostic.text())
                        })
                        .collect(),
                )
            })
            .collect();
        Callback::from(move |e: MouseEvent| {
            let char_width =
                measure.cast::<HtmlElement>().map_or(7.8, |m| m.get_bounding_client_rect().width() / 10.0).max(1.0);
            let line = ((e.offset_y() as f64 - PAD_Y) / LINE_HEIGHT).floor() as i64 + 1;
            let col = ((e.offset_x() as f64 - PAD_X) / char_width).floor() as i64 + 1;
            let found = (line >= 1).then(|| lines.get(&(line as u32))).flatten().and_then(|ds| {
                // Over the underlined text, or anywhere on a line whose mark is past its end.
                let here: Vec<(Severity, String)> = ds
                    .iter()
                    .filter(|(c, l, _, _)| col >= *c as i64 - 1 && col <= (*c + (*l).max(1)) as i64)
                    .map(|(_, _, s, m)| (*s, m.clone()))
                    .collect();
                let width =
                    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1280.0)
                        as i32;
                let x = e.client_x().min(width - 480);
                (!here.is_empty()).then(|| Hover { line: line as u32, x, y: e.client_y(), messages: here })
            });
            // Follow the pointer along the same line only when the message changes.
            let same = match (&*hover, &found) {
                (Some(a), Some(b)) => a.line == b.line && a.messages == b.messages,
                (None, None) => true,
                _ => false,
            };
            if !same {
                hover.set(found);
            }
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };

    let tokens = highlight(&props.value);
    let lines: Vec<&str> = props.value.split('\n').collect();
    let cols = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let style = format!("--lines:{};--cols:{}", lines.len(), cols + 2);

    let gutter = lines.iter().enumerate().map(|(i, _)| {
        let n = i as u32 + 1;
        match by_line.get(&n) {
            Some(ps) => {
                let worst = ps.iter().map(|p| p.diagnostic.severity).min().unwrap_or(Severity::Note);
                let title = ps
                    .iter()
                    .map(|p| format!("{}: {}", p.diagnostic.severity.name(), p.diagnostic.text()))
                    .collect::<Vec<_>>()
                    .join("\n");
                html! { <div class={classes!("ln", "marked", worst.name())} title={title}>{ n }</div> }
            }
            None => html! { <div class="ln">{ n }</div> },
        }
    });

    let code = lines.iter().zip(&tokens).enumerate().map(|(i, (line, toks))| {
        let marks: Vec<(usize, usize, Severity)> = by_line
            .get(&(i as u32 + 1))
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        let start = p.diagnostic.span.col.saturating_sub(1) as usize;
                        (start, start + p.diagnostic.span.len.max(1) as usize, p.diagnostic.severity)
                    })
                    .collect()
            })
            .unwrap_or_default();
        html! { <>{ render_line(line, toks, &marks) }{ "\n" }</> }
    });

    // Always in the tree (hidden when idle): Yew matches unkeyed children from
    // the end, so a child that comes and goes would recreate the textarea.
    let tooltip = match hover.as_ref() {
        Some(h) => {
            let style = format!("top:{}px;left:{}px", h.y + 16, (h.x - 20).max(4));
            html! {
                <div class="editor-tooltip" role="tooltip" style={style}>
                    { for h.messages.iter().map(|(s, m)| html! { <div class={s.name()}>{ format!("{}: {m}", s.name()) }</div> }) }
                </div>
            }
        }
        None => html! { <div class="editor-tooltip" hidden=true></div> },
    };

    let errors = by_line.values().flatten().filter(|p| p.diagnostic.severity == Severity::Error).count();
    let warnings = by_line.values().flatten().filter(|p| p.diagnostic.severity == Severity::Warning).count();
    let id = match doc {
        Doc::Kubernetes => "editor-kubernetes",
        Doc::Behaviour => "editor-behaviour",
    };

    html! {
        <section class="editor-pane" data-doc={id}>
            <h2 class="pane-title" id={format!("{id}-title")}>
                { doc.label() }
                if errors > 0 { <span class="badge error">{ format!("{errors} error{}", if errors == 1 { "" } else { "s" }) }</span> }
                if warnings > 0 { <span class="badge warning">{ format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" }) }</span> }
            </h2>
            <div class="editor-scroll" ref={scroll}>
                <div class="editor-inner" style={style}>
                    <div class="gutter" aria-hidden="true">{ for gutter }</div>
                    <div class="code">
                        <pre class="code-hl" aria-hidden="true"><code>{ for code }</code></pre>
                        <textarea
                            id={id}
                            ref={textarea}
                            aria-label={doc.label()}
                            aria-invalid={if errors > 0 { "true" } else { "false" }}
                            aria-describedby="diagnostics"
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            wrap="off"
                            readonly={props.read_only}
                            value={props.value.clone()}
                            {oninput}
                            {onkeydown}
                            {onmousemove}
                            {onmouseleave}
                        />
                        <span class="measure" aria-hidden="true" ref={measure}>{ "0000000000" }</span>
                        { tooltip }
                    </div>
                </div>
            </div>
        </section>
    }
}

/// One line of coloured text, with diagnostic ranges underlined.
fn render_line(line: &str, tokens: &[Token], marks: &[(usize, usize, Severity)]) -> Html {
    let chars: Vec<char> = line.chars().collect();
    let n = chars.len();
    let mut cuts: Vec<usize> = vec![0, n];
    for t in tokens {
        cuts.extend([t.start.min(n), t.end.min(n)]);
    }
    for &(a, b, _) in marks {
        cuts.extend([a.min(n), b.min(n)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mark_at = |i: usize| marks.iter().filter(|(a, b, _)| *a <= i && i < *b).map(|m| m.2).min();
    let mut parts: Vec<Html> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let text: String = chars[a..b].iter().collect();
        let class = tokens.iter().find(|t| t.start <= a && a < t.end).map_or(Class::Plain, |t| t.class);
        let mark = mark_at(a).map(|s| format!("squiggle {}", s.name()));
        if class == Class::Plain && mark.is_none() {
            parts.push(html! { { text } });
        } else {
            parts.push(html! { <span class={classes!(class.css(), mark)}>{ text }</span> });
        }
    }
    // A mark at or past the end of the line (a missing value, say) underlines one blank.
    if let Some(s) = marks.iter().filter(|(a, _, _)| *a >= n).map(|m| m.2).min() {
        parts.push(html! { <span class={classes!("squiggle", s.name())}>{ " " }</span> });
    }
    parts.into_iter().collect::<Html>()
}

/// The byte offset of a UTF-16 offset (textarea selections count UTF-16 units).
pub fn utf16_to_byte(s: &str, offset: u32) -> usize {
    let mut units = 0u32;
    for (byte, ch) in s.char_indices() {
        if units >= offset {
            return byte;
        }
        units += ch.len_utf16() as u32;
    }
    s.len()
}

pub fn byte_to_utf16(s: &str, byte: usize) -> u32 {
    s[..byte.min(s.len())].encode_utf16().count() as u32
}

/// The UTF-16 range of a 1-based line, without its newline.
pub fn line_range_utf16(s: &str, line: u32) -> (u32, u32) {
    let mut start = 0usize;
    for _ in 1..line.max(1) {
        match s[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
    (byte_to_utf16(s, start), byte_to_utf16(s, end))
}

/// Tab on a caret inserts two spaces; Tab on a selection indents its lines;
/// Shift+Tab outdents. Returns the new text and selection (bytes).
pub fn indent(text: &str, start: usize, end: usize, outdent: bool) -> (String, usize, usize) {
    if start == end && !outdent {
        let mut t = text.to_string();
        t.insert_str(start, INDENT);
        return (t, start + INDENT.len(), start + INDENT.len());
    }
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending just after a newline does not take in the next line.
    let last_end = if end > start && text[..end].ends_with('\n') { end - 1 } else { end };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let (mut new_start, mut new_end) = (start as isize, end as isize);
    let mut pos = first;
    let block_end = text[last_end..].find('\n').map_or(text.len(), |i| last_end + i);
    for (k, line) in text[first..block_end].split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let delta: isize = if outdent {
            let spaces = line.chars().take_while(|c| *c == ' ').count().min(INDENT.len());
            out.push_str(&line[spaces..]);
            -(spaces as isize)
        } else {
            out.push_str(INDENT);
            out.push_str(line);
            INDENT.len() as isize
        };
        if pos <= start {
            new_start += if outdent { delta.max(pos as isize - start as isize) } else { delta };
        }
        new_end += delta;
        pos += line.len() + 1;
    }
    out.push_str(&text[block_end..]);
    let a = new_start.max(first as isize) as usize;
    let b = (new_end.max(a as isize) as usize).min(out.len());
    (out, a, b)
}

/// Enter keeps the current line's indentation, one level deeper after a `key:`.
pub fn newline(text: &str, at: usize) -> (String, usize, usize) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let mut indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let content = line.trim_end();
    if content.trim_start().starts_with("- ") && !content.ends_with(':') {
        indent.push_str(INDENT);
    } else if content.ends_with(':') {
        indent.push_str(INDENT);
        if content.trim_start().starts_with("- ") {
            indent.push_str(INDENT);
        }
    }
    let insert = format!("\n{indent}");
    let mut t = text.to_string();
    t.insert_str(at, &insert);
    (t, at + insert.len(), at + insert.len())
}
