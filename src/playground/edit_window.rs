//! The lines of a big text that an editor's textarea holds. A browser lays
//! out a textarea's whole value again on a paste and on each keystroke
//! (Chromium: about 850 ms to paste a 1.9 MB manifest, 110 to 190 ms a
//! key in it), so a text of `WHOLE_LINES` lines or more is held a window
//! of lines at a time: the lines in view and the caret's, with a margin;
//! the rest is drawn (`editor_text`) but not editable until the window
//! moves over it. A smaller text is held whole, and the browser's own
//! undo, find and selection work as in any textarea.

use super::text::{Lines, Text};

/// A text of fewer lines is held whole.
pub const WHOLE_LINES: usize = 2000;

/// How many lines a window holds: the browser lays out and paints all of
/// them at each keystroke (argo-cd's manifest, typing in it: a key's paint
/// p50 2 ms less with 300 lines than with 600).
const SIZE: usize = 300;

/// Lines kept between what must be held (the lines in view, the caret's)
/// and a window's edge that is not the text's: a page up or down (a
/// screen, some 40 lines) stays inside the window.
const MARGIN: usize = 60;

/// Lines `[from, to)` (0-based) of a text, whose bytes are `[start, end)`:
/// from the first line's start to the last line's end, without the newline
/// after it. The textarea holds exactly those bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EditWindow {
    pub from: usize,
    pub to: usize,
    pub start: usize,
    pub end: usize,
}

impl EditWindow {
    /// Lines `from..to` of the text `lines` index, clamped to it.
    pub fn of(lines: &Lines, from: usize, to: usize) -> EditWindow {
        let to = to.clamp(1, lines.count());
        let from = from.min(to - 1);
        EditWindow { from, to, start: lines.start(from), end: lines.end(to - 1) }
    }

    /// The whole text.
    pub fn whole(lines: &Lines) -> EditWindow {
        EditWindow::of(lines, 0, lines.count())
    }

    /// Whether this window holds all of the text `lines` index.
    pub fn is_whole(&self, lines: &Lines) -> bool {
        self.from == 0 && self.to >= lines.count()
    }

    /// The window that holds lines `first..=last` (those in view, or the
    /// caret's) with a margin on each side that is not the text's edge:
    /// this one, moved onto the text as it is now, when it does already
    /// (so scrolling a little sets nothing anew), else one centred on them.
    /// A text under `WHOLE_LINES` lines is held whole.
    pub fn holding(&self, lines: &Lines, first: usize, last: usize) -> EditWindow {
        let n = lines.count();
        if n < WHOLE_LINES {
            return EditWindow::whole(lines);
        }
        let (first, last) = (first.min(n - 1), last.clamp(first.min(n - 1), n - 1));
        let size = SIZE.max(last - first + 1 + 2 * MARGIN);
        let kept = EditWindow::of(lines, self.from, self.to.max(self.from + 1));
        let top_ok = kept.from == 0 || first >= kept.from + MARGIN;
        let bottom_ok = kept.to == n || last + 1 + MARGIN <= kept.to;
        // Neither shrunk by edits to a sliver nor grown to much more than a window.
        let sized = (size.min(n) / 2..=2 * size).contains(&(kept.to - kept.from));
        if top_ok && bottom_ok && sized {
            return kept;
        }
        let from = ((first + last) / 2).saturating_sub(size / 2).min(n.saturating_sub(size));
        EditWindow::of(lines, from, from + size)
    }

    /// The window's bytes of `text` (the text `self` was taken of).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// `text` with the window's bytes replaced by `held`, the textarea's
    /// value after an edit in it (its lines indexed from `text`'s).
    pub fn splice(&self, text: &Text, held: &str) -> Text {
        text.spliced(self.start, self.end, held)
    }

    /// This window over the text that `splice(text, held)` made.
    pub fn after_edit(&self, held: &str) -> EditWindow {
        let lines = held.bytes().filter(|&b| b == b'\n').count() + 1;
        EditWindow { from: self.from, to: self.from + lines, start: self.start, end: self.start + held.len() }
    }

    /// The byte `at` of the text as an offset in the window, if it is in it.
    pub fn local(&self, at: usize) -> Option<usize> {
        (self.start..=self.end).contains(&at).then(|| at - self.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> String {
        (0..n).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_text_under_the_limit_is_held_whole() {
        let text = numbered(WHOLE_LINES - 1);
        let lines = Lines::of(&text);
        let w = EditWindow::default().holding(&lines, 1500, 1540);
        assert!(w.is_whole(&lines));
        assert_eq!((w.from, w.to, w.start, w.end), (0, WHOLE_LINES - 1, 0, text.len()));
        assert_eq!(w.slice(&text), text);
    }

    #[test]
    fn a_big_text_is_held_around_the_lines_in_view_and_kept_while_they_stay_inside_the_margin() {
        let text = numbered(24_000);
        let lines = Lines::of(&text);
        // In view at the top: the window starts at the text's start.
        let top = EditWindow::default().holding(&lines, 0, 40);
        assert_eq!((top.from, top.to), (0, SIZE));
        assert_eq!(top.slice(&text), lines.range(&text, 0, SIZE).join("\n"));
        // Scrolled a little: the same window, nothing set anew.
        assert_eq!(top.holding(&lines, 150, 190), top);
        // Past the margin: a window centred on what is in view.
        let moved = top.holding(&lines, 500, 540);
        assert_eq!((moved.from, moved.to), (370, 670));
        assert_eq!(moved.slice(&text), lines.range(&text, 370, 670).join("\n"));
        // At the end: the window ends with the text, its last line held whole.
        let end = moved.holding(&lines, 23_990, 24_100);
        assert_eq!((end.from, end.to, end.end), (24_000 - SIZE, 24_000, text.len()));
        // A window grown far past its size (a paste into it) is made one again.
        let grown = EditWindow::of(&lines, 0, 20_000).holding(&lines, 100, 140);
        assert_eq!((grown.from, grown.to), (0, SIZE));
        // More lines to hold than a window: it grows to hold them.
        let tall = EditWindow::default().holding(&lines, 1000, 2000);
        assert!(tall.from + MARGIN <= 1000 && 2001 + MARGIN <= tall.to);
    }

    #[test]
    fn an_edit_in_the_window_is_spliced_into_the_whole_text() {
        let text = numbered(3000);
        let lines = Lines::of(&text);
        let w = EditWindow::default().holding(&lines, 1000, 1040);
        let held = w.slice(&text).replacen("line 1000", "line 1000\nnew line", 1);
        let spliced = w.splice(&Text::from(text.as_str()), &held);
        assert_eq!(spliced, text.replacen("line 1000\n", "line 1000\nnew line\n", 1));
        let after = w.after_edit(&held);
        assert_eq!(after, EditWindow::of(&Lines::of(&spliced), w.from, w.to + 1));
        assert_eq!(after.slice(&spliced), held);
        // Bytes of the text as offsets in the window.
        assert_eq!((w.local(w.start), w.local(w.end), w.local(w.end + 1)), (Some(0), Some(w.end - w.start), None));
    }

    /// proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever is in view, the window holds it (within the text), its
            /// bytes are its lines joined, and splicing them back gives the text.
            #[test]
            fn a_window_holds_what_is_in_view_and_splices_back(
                n in 1usize..5000, first in 0usize..6000, span in 0usize..200, from in 0usize..6000, to in 0usize..6000,
            ) {
                let text = numbered(n);
                let lines = Lines::of(&text);
                let w = EditWindow::of(&lines, from, to).holding(&lines, first, first + span);
                prop_assert!(w.from < w.to && w.to <= n);
                prop_assert!(w.from <= first.min(n - 1) && (first + span).min(n - 1) < w.to);
                prop_assert_eq!(w.slice(&text), lines.range(&text, w.from, w.to).join("\n"));
                prop_assert_eq!(w.splice(&Text::from(text.as_str()), w.slice(&text)), text.clone());
                prop_assert_eq!(w.after_edit(w.slice(&text)), w);
            }
        }
    }
}
