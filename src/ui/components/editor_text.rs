//! What an editor draws under its textarea: the line numbers and the
//! coloured text of the lines in view only (with room above and below for
//! the rest), so that a keystroke in a manifest of 50,000 lines paints as
//! fast as in one of 50; diagnostics at their line (gutter mark, underline,
//! the message on hover).

use crate::diagnostic::Severity;
use crate::playground::highlight::{Class, Token, highlight_lines};
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Line height and padding of the text, in CSS pixels (as in the stylesheet).
pub const LINE_HEIGHT: f64 = 20.0;
pub const PAD_Y: f64 = 8.0;
pub const PAD_X: f64 = 10.0;

/// The diagnostics of one editor by line (1-based).
pub type ByLine<'a> = BTreeMap<u32, Vec<&'a Placed>>;

/// The lines `[from, to)` (0-based) that are drawn: those in view and a
/// screen's worth around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: usize,
    pub to: usize,
}

impl Window {
    /// Lines drawn beyond the view on each side, so that scrolling a little
    /// never shows a blank before the next draw.
    const MARGIN: usize = 40;

    /// The window for a scroll box scrolled to `top`, `height` tall.
    pub fn at(top: f64, height: f64) -> Window {
        let first = ((top - PAD_Y) / LINE_HEIGHT).max(0.0) as usize;
        let shown = (height / LINE_HEIGHT).ceil() as usize + 1;
        // In steps of a margin, so that a small scroll draws nothing anew.
        let from = (first.saturating_sub(Window::MARGIN) / Window::MARGIN) * Window::MARGIN;
        Window { from, to: first + shown + Window::MARGIN }
    }
}

/// One editor's diagnostics by line (1-based), owned.
pub type Placements = Rc<BTreeMap<u32, Vec<Placed>>>;

/// The diagnostics by line, borrowed.
pub fn by_line(placed: &Placements) -> ByLine<'_> {
    placed.iter().map(|(l, ps)| (*l, ps.iter().collect())).collect()
}

#[derive(Properties, PartialEq)]
pub struct GutterProps {
    /// How many lines the text has.
    pub lines: usize,
    pub window: Window,
    pub placed: Placements,
}

/// The line numbers of the window, as tall as the whole text. A component
/// of its own, so that it is drawn again only when what it shows changes:
/// not for a keystroke within a line, nor in the other editor.
#[function_component(Gutter)]
pub fn gutter(p: &GutterProps) -> Html {
    let (from, to) = (p.window.from.min(p.lines), p.window.to.min(p.lines));
    let by_line = by_line(&p.placed);
    let above = format!("height:{}px", from as f64 * LINE_HEIGHT);
    let numbers = (from..to).map(|i| gutter_line(i as u32 + 1, by_line.get(&(i as u32 + 1))));
    html! { <div class="gutter" aria-hidden="true"><div style={above}></div>{ for numbers }</div> }
}

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    /// Compared by pointer first: the other editor's text costs nothing.
    pub value: Text,
    pub window: Window,
    pub placed: Placements,
}

/// The coloured text of the window, as tall and as wide as the whole text
/// (its lines counted once per version, the longest setting the width):
/// nothing here grows with the text.
#[function_component(Code)]
pub fn code(p: &CodeProps) -> Html {
    let lines = p.value.lines();
    let (from, to) = (p.window.from.min(lines.count()), p.window.to.min(lines.count()));
    let by_line = by_line(&p.placed);
    let code = highlight_lines(&p.value, lines, from, to).into_iter().enumerate().map(|(k, (line, toks))| {
        let marks = marks(by_line.get(&((from + k) as u32 + 1)));
        // A block per line: a keystroke lays out and paints its own line
        // again, not every line drawn (one run of text took 2 ms a key to
        // paint in argo-cd's manifest). The line break keeps the text as
        // copied and searched the same.
        html! { <div class="l">{ render_line(line, &toks, &marks) }{ "\n" }</div> }
    });
    let style = format!(
        "height:{}px;padding-top:{}px;width:calc({}ch + {}px)",
        lines.count() as f64 * LINE_HEIGHT + 2.0 * PAD_Y + LINE_HEIGHT,
        from as f64 * LINE_HEIGHT + PAD_Y,
        lines.widest() + 2,
        2.0 * PAD_X
    );
    html! { <div class="code-hl" aria-hidden="true" {style}>{ for code }</div> }
}

fn gutter_line(n: u32, placed: Option<&Vec<&Placed>>) -> Html {
    let Some(ps) = placed else {
        return html! { <div class="ln">{ n }</div> };
    };
    let worst = ps.iter().map(|p| p.diagnostic.severity).min().unwrap_or(Severity::Note);
    let title = ps
        .iter()
        .map(|p| format!("{}: {}", p.diagnostic.severity.name(), p.diagnostic.text()))
        .collect::<Vec<_>>()
        .join("\n");
    html! { <div class={classes!("ln", "marked", worst.name())} title={title}>{ n }</div> }
}

/// A line's diagnostic ranges, in characters.
fn marks(placed: Option<&Vec<&Placed>>) -> Vec<(usize, usize, Severity)> {
    placed.map_or_else(Vec::new, |ps| {
        ps.iter()
            .map(|p| {
                let start = p.diagnostic.span.col.saturating_sub(1) as usize;
                (start, start + p.diagnostic.span.len.max(1) as usize, p.diagnostic.severity)
            })
            .collect()
    })
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

/// The message shown while the pointer is over a diagnostic.
#[derive(Clone, PartialEq)]
pub struct Hover {
    pub line: u32,
    /// Where the pointer is on the page: the tooltip is placed under it, in
    /// fixed position so the editor's scroll box does not clip it.
    pub x: i32,
    pub y: i32,
    pub messages: Vec<(Severity, String)>,
}

/// The diagnostics under the pointer at `(offset_x, offset_y)` of the text,
/// with characters `char_width` wide; the pointer is at `client` on the page.
pub fn hover_at(by_line: &ByLine, offset: (f64, f64), char_width: f64, client: (i32, i32)) -> Option<Hover> {
    let line = ((offset.1 - PAD_Y) / LINE_HEIGHT).floor() as i64 + 1;
    let col = ((offset.0 - PAD_X) / char_width).floor() as i64 + 1;
    let placed = by_line.get(&u32::try_from(line).ok()?)?;
    // Over the underlined text, or anywhere on a line whose mark is past its end.
    let here: Vec<(Severity, String)> = placed
        .iter()
        .map(|p| &p.diagnostic)
        .filter(|d| col >= d.span.col as i64 - 1 && col <= (d.span.col + d.span.len.max(1)) as i64)
        .map(|d| (d.severity, d.text()))
        .collect();
    let width = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).unwrap_or(1280.0) as i32;
    (!here.is_empty()).then(|| Hover { line: line as u32, x: client.0.min(width - 480), y: client.1, messages: here })
}

/// The tooltip; always in the tree (hidden when idle): Yew matches unkeyed
/// children from the end, so a child that comes and goes would recreate
/// the textarea.
pub fn tooltip(hover: Option<&Hover>) -> Html {
    let Some(h) = hover else {
        return html! { <div class="editor-tooltip" hidden=true></div> };
    };
    let style = format!("top:{}px;left:{}px", h.y + 16, (h.x - 20).max(4));
    html! {
        <div class="editor-tooltip" role="tooltip" style={style}>
            { for h.messages.iter().map(|(s, m)| html! { <div class={s.name()}>{ format!("{}: {m}", s.name()) }</div> }) }
        </div>
    }
}

/// The lines drawn: those in view in the scroll box and a margin, followed
/// from the first draw on; with the scroll box's `onscroll`.
#[hook]
pub fn use_lines_in_view(scroll: &NodeRef) -> (UseStateHandle<Window>, Callback<Event>) {
    let window = use_state_eq(|| Window::at(0.0, 800.0));
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
    (window, Callback::from(move |_: Event| follow()))
}

/// This editor's diagnostics by line, owned for the hover callback. The
/// same map while they are the same (compared by value: every edit makes
/// the list anew), so that the text under the textarea is not drawn again.
#[hook]
pub fn use_owned_by_line(diagnostics: &Rc<Vec<Placed>>, doc: Doc) -> Placements {
    let mine: Vec<Placed> = diagnostics.iter().filter(|p| p.doc == doc).cloned().collect();
    use_memo(mine, |mine| {
        mine.iter().fold(BTreeMap::<u32, Vec<Placed>>::new(), |mut m, p| {
            m.entry(p.line).or_default().push(p.clone());
            m
        })
    })
}

/// The id of an editor's textarea (and its pane's `data-doc`).
pub fn element_id(doc: Doc) -> &'static str {
    match doc {
        Doc::Kubernetes => "editor-kubernetes",
        Doc::Behaviour => "editor-behaviour",
    }
}

/// How many of an editor's diagnostics are of `severity`.
pub fn count(placed: &Placements, severity: Severity) -> usize {
    placed.values().flatten().filter(|p| p.diagnostic.severity == severity).count()
}

/// An editor's heading: its name, its counts of `(errors, warnings,
/// findings)`, then `end` (the editor's toggle).
pub fn heading(id: &str, doc: Doc, (errors, warnings, findings): (usize, usize, usize), end: Html) -> Html {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    html! {
        <h2 class="pane-title" id={format!("{id}-title")}>
            { doc.label() }
            if errors > 0 { <span class="badge error">{ plural(errors, "error") }</span> }
            if warnings > 0 { <span class="badge warning">{ plural(warnings, "warning") }</span> }
            if findings > 0 { <span class="badge warning">{ plural(findings, "finding") }</span> }
            { end }
        </h2>
    }
}
