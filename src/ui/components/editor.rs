//! A YAML editor: a transparent textarea over a syntax-coloured `<pre>`,
//! with line numbers, Tab indenting with spaces, and diagnostics at their
//! line (gutter mark, underline, message on hover). The textarea grows with
//! its text, so the editor's one scroll box moves text, colours and line
//! numbers together. Every piece of the text reaches the DOM as a text node.

use crate::diagnostic::Severity;
use crate::playground::edit::{byte_to_utf16, indent, line_range_utf16, newline, utf16_to_byte};
use crate::playground::highlight::{Class, Token, highlight};
use crate::playground::state::{Action, Jump, State};
use crate::scenario::text::{Doc, Placed};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Line height and padding of the text, in CSS pixels (as in the stylesheet).
pub const LINE_HEIGHT: f64 = 20.0;
const PAD_Y: f64 = 8.0;
const PAD_X: f64 = 10.0;

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
                            placeholder={(doc == Doc::Kubernetes).then_some("Paste your Kubernetes YAML here (Deployments, Services, a whole kubectl manifest), or open or drop a file.")}
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
