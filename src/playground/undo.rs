//! Undo and redo for a text held a window at a time (`edit_window`): the
//! browser's own undo forgets everything each time the textarea's value is
//! set, which a window that moves does. Each step is the change as bytes
//! (what went, what came), not a copy of the text, so a hundred edits of a
//! 2 MB manifest keep kilobytes. What a big edit inserted (a pasted
//! manifest) is not copied either: it is in the text after the edit, and
//! undoing the edit takes it from there, for a redo.

use super::edit::changed_bytes_within;

/// One edit: at byte `at`, `removed` became `inserted`; the selection was
/// `before` and became `after` (byte offsets of the whole text).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    at: usize,
    removed: String,
    inserted: Inserted,
    before: (usize, usize),
    after: (usize, usize),
}

/// What an edit inserted: a copy, or, past `COPIED_BYTES`, only how long it
/// is while it is in the text (the step is still to be undone).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Inserted {
    Copy(String),
    InText(usize),
}

/// Insertions longer than this are not copied (`Inserted::InText`).
const COPIED_BYTES: usize = 64 * 1024;

impl Inserted {
    fn len(&self) -> usize {
        match self {
            Inserted::Copy(text) => text.len(),
            Inserted::InText(len) => *len,
        }
    }

    /// The bytes the step keeps of it.
    fn kept(&self) -> usize {
        match self {
            Inserted::Copy(text) => text.len(),
            Inserted::InText(_) => 0,
        }
    }

    /// Typing: some text without a line break, copied.
    fn typed(&self) -> bool {
        matches!(self, Inserted::Copy(text) if !text.is_empty() && !text.contains('\n'))
    }
}

impl Step {
    /// Typing or deleting that carries on from `self`: a character typed
    /// right after the last (not after a newline), or deleted right before
    /// or at it. The browser undoes such a run in one step; so does this.
    fn continued_by(&self, next: &Step) -> bool {
        let typed = |s: &Step| s.removed.is_empty() && s.inserted.typed();
        let deleted = |s: &Step| s.inserted.len() == 0 && !s.removed.is_empty() && !s.removed.contains('\n');
        (typed(self) && typed(next) && next.at == self.at + self.inserted.len())
            || (deleted(self) && deleted(next) && (next.at + next.removed.len() == self.at || next.at == self.at))
    }

    /// `self` then `next`, as one step (`continued_by` holds).
    fn merged(mut self, next: Step) -> Step {
        if next.removed.is_empty() {
            if let (Inserted::Copy(text), Inserted::Copy(more)) = (&mut self.inserted, &next.inserted) {
                text.push_str(more);
            }
        } else if next.at < self.at {
            self.removed.insert_str(0, &next.removed);
            self.at = next.at;
        } else {
            self.removed.push_str(&next.removed);
        }
        self.after = next.after;
        self
    }
}

/// The edits that can be undone and redone, newest last.
#[derive(Debug, Clone, Default)]
pub struct UndoStack {
    done: Vec<Step>,
    undone: Vec<Step>,
}

/// Bytes of text the steps may keep: the oldest go first past it.
const KEPT_BYTES: usize = 32 << 20;

impl UndoStack {
    /// Notes the edit that turned `old` into `new` within bytes `within`
    /// of `old` (what the editor held), made at or after byte `at` with the
    /// selection `before`, leaving it at `after`. A new edit ends what
    /// could be redone.
    pub fn record(
        &mut self,
        old: &str,
        new: &str,
        within: (usize, usize),
        at: usize,
        before: (usize, usize),
        after: (usize, usize),
    ) {
        let (from, to, new_to) = changed_bytes_within(old, new, at, within);
        if from == to && from == new_to {
            return;
        }
        let inserted = match new_to - from {
            len if len > COPIED_BYTES => Inserted::InText(len),
            _ => Inserted::Copy(new[from..new_to].to_string()),
        };
        let step = Step { at: from, removed: old[from..to].to_string(), inserted, before, after };
        self.undone.clear();
        match self.done.pop() {
            Some(last) if last.continued_by(&step) => self.done.push(last.merged(step)),
            Some(last) => self.done.extend([last, step]),
            None => self.done.push(step),
        }
        let mut kept: usize = self.done.iter().map(|s| s.removed.len() + s.inserted.kept()).sum();
        while kept > KEPT_BYTES && self.done.len() > 1 {
            let oldest = self.done.remove(0);
            kept -= oldest.removed.len() + oldest.inserted.kept();
        }
    }

    /// The text before the last edit of `text`, with the selection it had.
    pub fn undo(&mut self, text: &str) -> Option<(String, (usize, usize))> {
        let mut step = self.done.pop()?;
        let out = replaced(text, step.at, step.inserted.len(), &step.removed);
        // A redo needs what was inserted: it leaves the text now.
        if let (Some(_), Inserted::InText(len)) = (&out, &step.inserted) {
            step.inserted = Inserted::Copy(text[step.at..step.at + len].to_string());
        }
        let selection = step.before;
        self.undone.push(step);
        out.map(|t| (t, selection))
    }

    /// The text with the last undone edit made again, and its selection.
    pub fn redo(&mut self, text: &str) -> Option<(String, (usize, usize))> {
        let step = self.undone.pop()?;
        let out = match &step.inserted {
            Inserted::Copy(inserted) => replaced(text, step.at, step.removed.len(), inserted),
            // Undone where it no longer fitted the text: nothing to redo.
            Inserted::InText(_) => None,
        };
        let selection = step.after;
        self.done.push(step);
        out.map(|t| (t, selection))
    }

    /// Whether there is nothing to undo or redo.
    pub fn is_empty(&self) -> bool {
        self.done.is_empty() && self.undone.is_empty()
    }

    /// Forgets every step (the text was replaced from outside the editor).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }
}

/// `text` with the `len` bytes at `at` replaced by `with`, when they are
/// within it on character boundaries.
fn replaced(text: &str, at: usize, len: usize, with: &str) -> Option<String> {
    let end =
        at.checked_add(len).filter(|&e| e <= text.len() && text.is_char_boundary(at) && text.is_char_boundary(e))?;
    Some([&text[..at], with, &text[end..]].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `edits` (at, removed length, inserted) to `text`, recording each.
    fn edited(stack: &mut UndoStack, text: &str, edits: &[(usize, usize, &str)]) -> String {
        edits.iter().fold(text.to_string(), |old, &(at, len, with)| {
            let new = replaced(&old, at, len, with).unwrap();
            stack.record(&old, &new, (0, old.len()), at, (at + len, at + len), (at + with.len(), at + with.len()));
            new
        })
    }

    #[test]
    fn a_big_paste_is_kept_as_its_length_and_undo_takes_it_from_the_text_for_redo() {
        let mut stack = UndoStack::default();
        let text = "kind: Pod\n";
        let manifest = "apiVersion: v1\nkind: Service\n".repeat(4096);
        let pasted = edited(&mut stack, text, &[(0, text.len(), &manifest)]);
        // The smallest change keeps the common final line break.
        assert_eq!(stack.done[0].inserted, Inserted::InText(manifest.len() - 1));
        let kept: usize = stack.done.iter().map(|s| s.removed.len() + s.inserted.kept()).sum();
        assert_eq!(kept, "kind: Pod".len(), "only what the paste removed is copied");
        let (undone, _) = stack.undo(&pasted).unwrap();
        assert_eq!(undone, text);
        let (redone, selection) = stack.redo(&undone).unwrap();
        assert_eq!(redone, pasted);
        assert_eq!(selection, (manifest.len(), manifest.len()));
        // Typing after it is copied, and both are undone in turn.
        let typed = edited(&mut stack, &redone, &[(redone.len(), 0, "a")]);
        assert_eq!(stack.done.last().map(|s| &s.inserted), Some(&Inserted::Copy("a".into())));
        let (t, _) = stack.undo(&typed).unwrap();
        assert_eq!(stack.undo(&t).unwrap().0, text);
    }

    #[test]
    fn typing_is_undone_a_run_at_a_time_and_redone_in_order() {
        let mut stack = UndoStack::default();
        let text = "kind: Pod\n";
        // "ab" typed, then a newline, then "c".
        let typed = edited(&mut stack, text, &[(10, 0, "a"), (11, 0, "b"), (12, 0, "\n"), (13, 0, "c")]);
        assert_eq!(typed, "kind: Pod\nab\nc");
        let (t, sel) = stack.undo(&typed).unwrap();
        assert_eq!((t.as_str(), sel), ("kind: Pod\nab\n", (13, 13)));
        let (t, _) = stack.undo(&t).unwrap();
        assert_eq!(t, "kind: Pod\nab");
        let (t, sel) = stack.undo(&t).unwrap();
        assert_eq!((t.as_str(), sel), ("kind: Pod\n", (10, 10)));
        assert_eq!(stack.undo(&t), None);
        let (t, _) = stack.redo(&t).unwrap();
        let (t, _) = stack.redo(&t).unwrap();
        let (t, sel) = stack.redo(&t).unwrap();
        assert_eq!((t.as_str(), sel), ("kind: Pod\nab\nc", (14, 14)));
        assert_eq!(stack.redo(&t), None);
        assert!(!stack.is_empty());
        stack.clear();
        assert!(stack.is_empty() && stack.undo(&t).is_none());
    }

    #[test]
    fn backspaces_in_a_row_are_one_step_and_a_new_edit_ends_redo() {
        let mut stack = UndoStack::default();
        let text = edited(&mut stack, "name: web", &[(8, 1, ""), (7, 1, ""), (6, 1, "")]);
        assert_eq!(text, "name: ");
        let (t, _) = stack.undo(&text).unwrap();
        assert_eq!(t, "name: web");
        let again = edited(&mut stack, &t, &[(0, 0, "# ")]);
        assert_eq!(stack.redo(&again), None);
        // A whole-text paste is a step like any other.
        let pasted = edited(&mut stack, &again, &[(0, again.len(), "kind: Service\n")]);
        assert_eq!(stack.undo(&pasted).unwrap().0, again);
    }

    #[test]
    fn a_step_that_no_longer_fits_the_text_is_dropped_not_applied() {
        let mut stack = UndoStack::default();
        let text = edited(&mut stack, "abc", &[(3, 0, "é")]);
        assert_eq!(text, "abcé");
        // The text changed behind the stack's back: nothing is spliced at a wrong place.
        assert_eq!(stack.undo("ab"), None);
    }
}
