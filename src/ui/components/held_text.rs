//! What an editor's textarea holds: a window of one version of the text
//! (`playground::edit_window`: all of it under `WHOLE_LINES` lines), the
//! selection when it reaches past the window, and, for a text held in
//! windows, the editor's own undo. The editor's event handlers go through
//! here, so that the textarea's value, its place over the drawn text and
//! the whole text never disagree.

use super::editor_text::{LINE_HEIGHT, PAD_Y};
use crate::playground::edit::{byte_to_utf16, utf16_to_byte};
use crate::playground::edit_window::{EditWindow, WHOLE_LINES};
use crate::playground::text::Text;
use crate::playground::undo::UndoStack;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlElement, HtmlTextAreaElement};

#[derive(Default)]
pub struct Held {
    pub text: Text,
    pub window: EditWindow,
    /// A selection (bytes of the whole text) that reaches past the window:
    /// select all, or Ctrl+Shift+Home or End. It stands while the
    /// textarea's own selection is its part in the window.
    beyond: Option<(usize, usize)>,
    /// The selection when the window moved away from it (the text was
    /// scrolled by the wheel): the next key brings it back, as a textarea
    /// scrolls back to its caret. A click drops it.
    away: Option<(usize, usize)>,
    /// The selection as the edit under way began (`beforeinput`).
    before: (usize, usize),
    /// The lines drawn when the window last followed them.
    in_view: (usize, usize),
    undo: UndoStack,
}

/// The state shared by an editor and its textarea; equal only to itself.
#[derive(Clone, Default)]
pub struct HeldRef(pub Rc<RefCell<Held>>);

impl PartialEq for HeldRef {
    fn eq(&self, other: &HeldRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Held {
    /// Whether the text is held a window at a time (the editor undoes itself).
    pub fn windowed(&self) -> bool {
        !self.window.is_whole(self.text.lines())
    }

    /// Whether the editor undoes and redoes itself: the text is held in
    /// windows, or was since it last came from outside (the browser's own
    /// undo forgot those edits when the value was set).
    pub fn own_undo(&self) -> bool {
        self.windowed() || !self.undo.is_empty()
    }

    fn held(&self) -> &str {
        self.window.slice(&self.text)
    }

    /// The textarea's selection in bytes of its value.
    fn local(&self, ta: &HtmlTextAreaElement) -> (usize, usize) {
        let held = self.held();
        let at = |u: Option<u32>| self.window.start + utf16_to_byte(held, u.unwrap_or(0));
        (at(ta.selection_start().ok().flatten()), at(ta.selection_end().ok().flatten()))
    }

    /// The selection, in bytes of the whole text: the one past the window
    /// while it stands, or the one the window moved away from.
    pub fn selection(&self, ta: &HtmlTextAreaElement) -> (usize, usize) {
        self.away.or_else(|| self.beyond_standing(ta)).unwrap_or_else(|| self.local(ta))
    }

    /// The selection past the window, while the textarea shows its part.
    pub fn beyond_standing(&self, ta: &HtmlTextAreaElement) -> Option<(usize, usize)> {
        self.beyond.filter(|b| self.clamped(*b) == self.local(ta))
    }

    /// Whether the selection is one the textarea cannot hold itself.
    pub fn outside(&self, ta: &HtmlTextAreaElement) -> bool {
        self.away.is_some() || self.beyond_standing(ta).is_some()
    }

    fn clamped(&self, (a, b): (usize, usize)) -> (usize, usize) {
        (a.clamp(self.window.start, self.window.end), b.clamp(self.window.start, self.window.end))
    }

    /// Takes a new version of the text from outside the editor (another
    /// lesson, an edit by a button): held from the lines in view, its undo
    /// forgotten, as the browser's own is when a value is set.
    pub fn take(&mut self, ta: &HtmlTextAreaElement, text: &Text, in_view: (usize, usize)) {
        self.text = text.clone();
        self.undo.clear();
        (self.beyond, self.away) = (None, None);
        self.window = self.window.holding(text.lines(), in_view.0, in_view.1);
        self.in_view = in_view;
        self.set(ta);
    }

    /// The lines drawn are now `in_view`: the window follows them, the
    /// selection kept (or kept aside when the window no longer holds it).
    /// Only a scroll moves it: the draw after an edit may still see the
    /// lines in view before the scroll to the caret, and the window must
    /// not leave the caret for them.
    pub fn scrolled(&mut self, ta: &HtmlTextAreaElement, in_view: (usize, usize)) {
        if std::mem::replace(&mut self.in_view, in_view) == in_view {
            return;
        }
        let window = self.window.holding(self.text.lines(), in_view.0, in_view.1);
        if window != self.window {
            let selection = self.selection(ta);
            self.window = window;
            self.set(ta);
            self.select(ta, selection);
        }
    }

    /// Sets the textarea's value to the window's text, in its place over
    /// the drawn lines.
    fn set(&self, ta: &HtmlTextAreaElement) {
        ta.set_value(self.held());
        let style = if self.windowed() {
            let lines = (self.window.to - self.window.from) as f64;
            format!("top:{}px;height:{}px", self.window.from as f64 * LINE_HEIGHT, lines * LINE_HEIGHT + 2.0 * PAD_Y)
        } else {
            String::new()
        };
        ta.style().set_css_text(&style);
    }

    /// Selects `(a, b)` (bytes of the whole text): in the textarea, as far
    /// as the window holds it; the rest kept as `beyond`, or all of it kept
    /// `away` when none of it is held.
    pub fn select(&mut self, ta: &HtmlTextAreaElement, (a, b): (usize, usize)) {
        if b < self.window.start || a > self.window.end {
            (self.beyond, self.away) = (None, Some((a, b)));
            return;
        }
        let (la, lb) = self.clamped((a, b));
        let held = self.held();
        let (ua, ub) = (byte_to_utf16(held, la - self.window.start), byte_to_utf16(held, lb - self.window.start));
        let _ = ta.set_selection_range(ua, ub);
        self.away = None;
        self.beyond = ((la, lb) != (a, b)).then_some((a, b));
    }

    /// A key is about to act on the selection: the window is moved to hold
    /// it (a caret scrolled away, or near the window's edge), so that the
    /// browser's own editing and caret movement act on the right lines.
    /// Whether it had to (the caller then scrolls the caret into view: the
    /// browser does not, for a caret it did not move).
    pub fn hold_selection(&mut self, ta: &HtmlTextAreaElement) -> bool {
        let selection = self.selection(ta);
        let line = self.text.lines().line_at(selection.1);
        let window = self.window.holding(self.text.lines(), line, line);
        let moved = window != self.window || self.away.is_some();
        if moved {
            self.window = window;
            self.set(ta);
            self.select(ta, selection);
        }
        moved
    }

    /// Selects `selection` with the window holding line `line` (0-based).
    pub fn go(&mut self, ta: &HtmlTextAreaElement, selection: (usize, usize), line: usize) {
        let window = self.window.holding(self.text.lines(), line, line);
        if window != self.window {
            self.window = window;
            self.set(ta);
        }
        self.select(ta, selection);
    }

    /// Notes the selection an edit starts from.
    pub fn before_edit(&mut self, ta: &HtmlTextAreaElement) {
        self.before = self.selection(ta);
    }

    /// The text after the user edited the window's text into `value` (the
    /// textarea's value now).
    pub fn edited(&mut self, ta: &HtmlTextAreaElement, value: &str) -> Text {
        let new = self.window.splice(&self.text, value);
        let window = self.window.after_edit(value);
        let held = &new[window.start..window.end];
        let local = |u: Option<u32>| window.start + utf16_to_byte(held, u.unwrap_or(0));
        let after = (local(ta.selection_start().ok().flatten()), local(ta.selection_end().ok().flatten()));
        self.record(&new, (self.window.start, self.window.end), after);
        (self.text, self.window, self.beyond, self.away) = (new.clone(), window, None, None);
        new
    }

    /// Replaces `(a, b)` of the whole text with `with` (a paste, typing
    /// over a selection past the window), the caret after it.
    pub fn replace(&mut self, ta: &HtmlTextAreaElement, (a, b): (usize, usize), with: &str) -> Text {
        let new = Text::from([&self.text[..a], with, &self.text[b..]].concat());
        let caret = a + with.len();
        self.record(&new, (a, b), (caret, caret));
        self.show_new(ta, new.clone(), (caret, caret));
        new
    }

    /// The text before the last edit (or after the last undone one, `redo`).
    pub fn undo(&mut self, ta: &HtmlTextAreaElement, redo: bool) -> Option<Text> {
        let (text, selection) = if redo { self.undo.redo(&self.text)? } else { self.undo.undo(&self.text)? };
        let text = Text::from(text);
        self.show_new(ta, text.clone(), selection);
        Some(text)
    }

    /// Notes the edit to `new` (of bytes `within` of the text) for undo,
    /// when the editor undoes itself or will: the text was or will be held
    /// in windows.
    fn record(&mut self, new: &Text, within: (usize, usize), after: (usize, usize)) {
        if self.own_undo() || new.lines().count() >= WHOLE_LINES {
            let at = self.before.0.min(after.0);
            self.undo.record(&self.text, new, within, at, self.before, after);
        }
    }

    /// Holds `text` around `selection`, selected.
    fn show_new(&mut self, ta: &HtmlTextAreaElement, text: Text, selection: (usize, usize)) {
        let line = text.lines().line_at(selection.1.min(text.len()));
        self.window = self.window.holding(text.lines(), line, line);
        self.text = text;
        (self.beyond, self.away) = (None, None);
        self.set(ta);
        self.select(ta, selection);
    }

    /// The line (0-based) of the selection's end.
    pub fn caret_line(&self, ta: &HtmlTextAreaElement) -> usize {
        self.text.lines().line_at(self.selection(ta).1.min(self.text.len()))
    }

    /// A click placed the caret itself.
    pub fn clicked(&mut self) {
        (self.beyond, self.away) = (None, None);
    }
}

/// Scrolls `scroll` so that line `line` (0-based) is in view, a third of
/// the way down, unless it is in view already.
pub fn reveal(scroll: &HtmlElement, line: usize) {
    let top = line as f64 * LINE_HEIGHT + PAD_Y;
    let (from, height) = (scroll.scroll_top() as f64, scroll.client_height() as f64);
    if top < from || top + LINE_HEIGHT > from + height {
        scroll.set_scroll_top((top - height / 3.0).max(0.0) as i32);
    }
}
