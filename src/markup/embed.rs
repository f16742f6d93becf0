//! The embed's own widgets (`?embed=1`): its frame (title, compact
//! controls, the link that opens the scenario in the playground, the panes
//! its link asks for), a scenario text as a read-only or editable pane, and
//! the notice of a link that did not open, which the playground shows too.

use super::editor::{self, Placements, Window};
use super::{Control, Element, el};
use crate::diagnostic::Severity;
use crate::history::Millis;
use crate::link::LinkError;
use crate::playground::text::Text;
use crate::scenario::text::Doc;

/// What the embed's frame shows around its panes.
pub struct Frame {
    pub title: String,
    /// The address of the same scenario in the playground.
    pub open: String,
    /// Playback and the scrubber, unless the link says `controls=0`.
    pub controls: Option<(Element, Element)>,
    pub link_error: Option<Element>,
    pub autoresize: bool,
}

/// What the tests and the host page's scripts read off the root.
pub struct Facts {
    pub t: Millis,
    pub playing: bool,
    pub runs: u64,
    pub edits: u64,
    pub checked: u64,
}

/// The embed: its bar, the scrubber, a notice, the panes.
pub fn frame(frame: Frame, facts: &Facts, panes: Vec<Element>) -> Element {
    let (playback, scrubber) = frame.controls.map_or((None, None), |(p, s)| (Some(p), Some(s)));
    let bar =
        el("div").class("embed-bar").child(el("h1").class("embed-title").child(frame.title)).children(playback).child(
            el("a")
                .class("open-full")
                .attr("href", frame.open)
                .attr("target", "_blank")
                .attr("rel", "noopener")
                .child("Open in probe-playground")
                .child(el("span").attr("aria-hidden", "true").child(" ↗")),
        );
    el("div")
        .class(if frame.autoresize { "app embed autoresize" } else { "app embed" })
        .attr("data-t", facts.t.to_string())
        .attr("data-playing", facts.playing.to_string())
        .attr("data-runs", facts.runs.to_string())
        .attr("data-edits", facts.edits.to_string())
        .attr("data-checked", facts.checked.to_string())
        .child(bar)
        .children(scrubber)
        .children(frame.link_error)
        .child(el("main").class("embed-panes").children(panes))
}

/// Why a link did not open; the default scenario is shown instead.
pub fn link_error(error: &LinkError) -> Element {
    el("div")
        .class("notice link-error")
        .attr("role", "alert")
        .child(
            el("p")
                .child(el("strong").child("The link did not open. "))
                .child(error.to_string())
                .child(" The default scenario is shown instead."),
        )
        .child(
            el("button")
                .attr("type", "button")
                .class("link-button")
                .attr("aria-label", "Dismiss the link error")
                .control(Control::DismissLinkError)
                .child("×"),
        )
}

/// One of the scenario's texts: coloured, numbered and marked where the
/// loader found a problem, as in the playground's editor, over a plain
/// textarea: selectable and copyable, read-only unless the link says
/// `readonly=0`, and then edited as any text field.
pub fn text_pane(doc: Doc, text: &Text, placed: &Placements, window: Window, read_only: bool) -> Element {
    let id = editor::element_id(doc);
    let errors = editor::count(placed, Severity::Error);
    let textarea = el("textarea")
        .attr("id", id)
        .attr("aria-label", doc.label())
        .attr("aria-invalid", (errors > 0).to_string())
        .attr("spellcheck", "false")
        .attr("autocomplete", "off")
        .attr("autocapitalize", "off")
        .attr("wrap", "off")
        .flag("readonly", read_only)
        .control(Control::Edit(doc))
        .attr("value", text.as_str());
    let code = el("div").class("code").child(editor::code(text, window, placed)).child(textarea);
    let inner = el("div").class("editor-inner").child(editor::gutter(text.lines().count(), window, placed)).child(code);
    el("section")
        .class("editor-pane")
        .attr("data-doc", id)
        .child(editor::heading(id, doc, (errors, editor::count(placed, Severity::Warning), 0)))
        .child(el("div").class("editor-scroll").attr("data-doc", id).child(inner))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Node;
    use std::rc::Rc;

    #[test]
    fn a_read_only_text_pane_is_a_named_textbox_holding_the_whole_text() {
        let text = Text::from("kind: Behaviour\napps: []\n".to_string());
        let pane: Node = text_pane(Doc::Behaviour, &text, &Rc::default(), Window { from: 0, to: 80 }, true).into();
        let area = pane.find_all(&|e| e.tag == "textarea")[0];
        assert_eq!(area.get("aria-label"), Some("App behaviour"));
        assert_eq!(area.get("value"), Some("kind: Behaviour\napps: []\n"));
        assert_eq!(area.get("readonly"), Some(""));
        assert_eq!(area.get("aria-invalid"), Some("false"));
    }

    #[test]
    fn the_frame_links_to_the_playground_and_carries_its_facts() {
        let around = Frame {
            title: "Slow start".into(),
            open: "https://example.org/pp/#g/slow-start-readiness".into(),
            controls: None,
            link_error: None,
            autoresize: true,
        };
        let facts = Facts { t: 95_000, playing: false, runs: 1, edits: 0, checked: 0 };
        let root: Node = frame(around, &facts, vec![]).into();
        let Node::Element(root) = root else { unreachable!() };
        assert_eq!(root.get("class"), Some("app embed autoresize"));
        assert_eq!(root.get("data-t"), Some("95000"));
        let link = Node::from(root.clone()).find_all(&|e| e.tag == "a")[0].clone();
        assert_eq!(link.get("href"), Some("https://example.org/pp/#g/slow-start-readiness"));
        assert_eq!(link.text(), "Open in probe-playground ↗");
    }
}
