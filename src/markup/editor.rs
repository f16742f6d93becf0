//! What an editor draws under its textarea: the line numbers and the
//! coloured text of the lines in view only (with room above and below for
//! the rest), so that a keystroke in a manifest of 50,000 lines paints as
//! fast as in one of 50; diagnostics at their line (gutter mark with the
//! messages as its title, underline). The playground's editor and the
//! embed's text panes draw these.

use super::{Element, Node, el};
use crate::diagnostic::Severity;
use crate::playground::highlight::{Class, Token, highlight_lines};
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Line height and padding of the text, in CSS pixels (as in the stylesheet).
pub const LINE_HEIGHT: f64 = 20.0;
pub const PAD_Y: f64 = 8.0;
pub const PAD_X: f64 = 10.0;

/// The diagnostics of one editor by line (1-based).
pub type ByLine<'a> = BTreeMap<u32, Vec<&'a Placed>>;

/// One editor's diagnostics by line (1-based), owned.
pub type Placements = Rc<BTreeMap<u32, Vec<Placed>>>;

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

/// The diagnostics by line, borrowed.
pub fn by_line(placed: &Placements) -> ByLine<'_> {
    placed.iter().map(|(l, ps)| (*l, ps.iter().collect())).collect()
}

/// One document's diagnostics by line.
pub fn placements(diagnostics: &[Placed], doc: Doc) -> BTreeMap<u32, Vec<Placed>> {
    diagnostics.iter().filter(|p| p.doc == doc).fold(BTreeMap::new(), |mut m, p| {
        m.entry(p.line).or_default().push(p.clone());
        m
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

/// An editor's heading: its name and its counts of `(errors, warnings,
/// findings)`; the playground adds its toggle at the end.
pub fn heading(id: &str, doc: Doc, (errors, warnings, findings): (usize, usize, usize)) -> Element {
    let badge = |n: usize, class: &'static str, what: &str| {
        (n > 0).then(|| el("span").class(class).child(format!("{n} {what}{}", if n == 1 { "" } else { "s" })))
    };
    el("h2")
        .class("pane-title")
        .attr("id", format!("{id}-title"))
        .child(doc.label())
        .children(badge(errors, "badge error", "error"))
        .children(badge(warnings, "badge warning", "warning"))
        .children(badge(findings, "badge warning", "finding"))
}

/// The line numbers of the window, as tall as the whole text.
pub fn gutter(lines: usize, window: Window, placed: &Placements) -> Element {
    let (from, to) = (window.from.min(lines), window.to.min(lines));
    let by_line = by_line(placed);
    let above = el("div").attr("style", format!("height:{}px", from as f64 * LINE_HEIGHT));
    let numbers = (from..to).map(|i| gutter_line(i as u32 + 1, by_line.get(&(i as u32 + 1))));
    el("div").class("gutter").attr("aria-hidden", "true").child(above).children(numbers)
}

fn gutter_line(n: u32, placed: Option<&Vec<&Placed>>) -> Element {
    let Some(ps) = placed else {
        return el("div").class("ln").child(n.to_string());
    };
    let worst = ps.iter().map(|p| p.diagnostic.severity).min().unwrap_or(Severity::Note);
    let title = ps
        .iter()
        .map(|p| format!("{}: {}", p.diagnostic.severity.name(), p.diagnostic.text()))
        .collect::<Vec<_>>()
        .join("\n");
    el("div").class(format!("ln marked {}", worst.name())).attr("title", title).child(n.to_string())
}

/// The coloured text of the window, as tall and as wide as the whole text
/// (its lines counted once per version, the longest setting the width):
/// nothing here grows with the text.
pub fn code(value: &Text, window: Window, placed: &Placements) -> Element {
    let lines = value.lines();
    let (from, to) = (window.from.min(lines.count()), window.to.min(lines.count()));
    let by_line = by_line(placed);
    let code = highlight_lines(value, lines, from, to).into_iter().enumerate().map(|(k, (line, toks))| {
        let marks = marks(by_line.get(&((from + k) as u32 + 1)));
        // A block per line: a keystroke lays out and paints its own line
        // again, not every line drawn (one run of text took 2 ms a key to
        // paint in argo-cd's manifest). The line break keeps the text as
        // copied and searched the same.
        el("div").class("l").children(line_parts(line, &toks, &marks)).child("\n")
    });
    let style = format!(
        "height:{}px;padding-top:{}px;width:calc({}ch + {}px)",
        lines.count() as f64 * LINE_HEIGHT + 2.0 * PAD_Y + LINE_HEIGHT,
        from as f64 * LINE_HEIGHT + PAD_Y,
        lines.widest() + 2,
        2.0 * PAD_X
    );
    el("div").class("code-hl").attr("aria-hidden", "true").attr("style", style).children(code)
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
fn line_parts(line: &str, tokens: &[Token], marks: &[(usize, usize, Severity)]) -> Vec<Node> {
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
    let mut parts: Vec<Node> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let text: String = chars[a..b].iter().collect();
        let class = tokens.iter().find(|t| t.start <= a && a < t.end).map_or(Class::Plain, |t| t.class);
        let classes = match (class, mark_at(a)) {
            (Class::Plain, None) => {
                parts.push(text.into());
                continue;
            }
            (class, None) => class.css().to_string(),
            (Class::Plain, Some(s)) => format!("squiggle {}", s.name()),
            (class, Some(s)) => format!("{} squiggle {}", class.css(), s.name()),
        };
        parts.push(el("span").class(classes).child(text).into());
    }
    // A mark at or past the end of the line (a missing value, say) underlines one blank.
    if let Some(s) = marks.iter().filter(|(a, _, _)| *a >= n).map(|m| m.2).min() {
        parts.push(el("span").class(format!("squiggle {}", s.name())).child(" ").into());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    fn placed(text: &str) -> (Text, Placements) {
        let diagnostics = crate::scenario::text::place_at(None, &scenario::load(text).diagnostics);
        (Text::from(text.to_string()), Rc::new(placements(&diagnostics, Doc::Kubernetes)))
    }

    #[test]
    fn the_gutter_numbers_the_window_and_marks_a_diagnostic_line_with_its_message() {
        let (text, placed) = placed("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containerz: []\n");
        let gutter: Node = gutter(text.lines().count(), Window { from: 0, to: 80 }, &placed).into();
        let numbers: Vec<String> = gutter
            .find_all(&|e| e.tag == "div" && e.get("class").is_some_and(|c| c.starts_with("ln")))
            .iter()
            .map(|e| e.text())
            .collect();
        // The text ends with a line break: the caret's line after it is numbered too.
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
        let marked = gutter.find_all(&|e| e.get("class") == Some("ln marked error"));
        let line5 = marked.iter().find(|e| e.text() == "5").expect("line 5 marked");
        let title = line5.get("title").unwrap();
        assert!(title.starts_with("error: ") && title.contains("containerz"), "{title}");
    }

    #[test]
    fn the_code_keeps_each_line_and_colours_keys() {
        let (text, placed) = placed("kind: Pod\n");
        let code: Node = code(&text, Window { from: 0, to: 80 }, &placed).into();
        assert_eq!(code.text(), "kind: Pod\n\n");
        assert!(!code.find_all(&|e| e.tag == "span").is_empty());
    }

    #[test]
    fn the_heading_counts_errors_and_warnings_in_words() {
        let heading: Node = heading("editor-kubernetes", Doc::Kubernetes, (1, 2, 0)).into();
        assert_eq!(heading.text(), "Kubernetes YAML1 error2 warnings");
    }
}
