//! The editor's drawing in the playground: the line numbers and coloured
//! text of the lines in view (`markup::editor`, which the embed's text
//! panes draw too), the diagnostics' tooltip on hover, and the hooks that
//! follow the scroll box and the diagnostics.

use crate::diagnostic::Severity;
use crate::markup::editor;
pub use crate::markup::editor::{ByLine, LINE_HEIGHT, PAD_X, PAD_Y, Placements, Window, by_line, count, element_id};
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use crate::ui::markup_html::{tag_of, to_html};
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GutterProps {
    /// How many lines the text has.
    pub lines: usize,
    pub window: Window,
    pub placed: Placements,
}

/// The line numbers of the window (`markup::editor::gutter`). A component
/// of its own, so that it is drawn again only when what it shows changes:
/// not for a keystroke within a line, nor in the other editor.
#[function_component(Gutter)]
pub fn gutter(p: &GutterProps) -> Html {
    to_html(&editor::gutter(p.lines, p.window, &p.placed).into())
}

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    /// Compared by pointer first: the other editor's text costs nothing.
    pub value: Text,
    pub window: Window,
    pub placed: Placements,
}

/// The coloured text of the window (`markup::editor::code`).
#[function_component(Code)]
pub fn code(p: &CodeProps) -> Html {
    to_html(&editor::code(&p.value, p.window, &p.placed).into())
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
    use_memo(mine, |mine| editor::placements(mine, doc))
}

/// An editor's heading (`markup::editor::heading`), then `end` (the
/// editor's toggle).
pub fn heading(id: &str, doc: Doc, counts: (usize, usize, usize), end: Html) -> Html {
    let mut heading = tag_of(&editor::heading(id, doc, counts));
    heading.add_child(end);
    heading.into()
}
