//! An editor's text as the state holds it: shared, so that a copy of the
//! state, a widget's property or a callback costs a pointer, not megabytes,
//! and two copies of one version compare equal at once; with its lines
//! indexed once per version, so that drawing the lines in view or placing
//! a diagnostic never scans a 2 MB manifest again.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// One version of an editor's text.
#[derive(Clone, Default)]
pub struct Text {
    text: Rc<str>,
    lines: Rc<OnceCell<Lines>>,
}

impl Text {
    pub fn new(text: impl Into<Rc<str>>) -> Text {
        Text { text: text.into(), lines: Rc::default() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text itself, shared (a textarea's value takes it without a copy).
    pub fn shared(&self) -> Rc<str> {
        Rc::clone(&self.text)
    }

    /// Where its lines start, found on the first call for this version.
    pub fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::of(&self.text))
    }

    /// The text with bytes `start..end` replaced by `with`, its lines
    /// indexed from this version's (`Lines::spliced`): a keystroke in a
    /// 2 MB manifest looks for line breaks in what it changed only.
    pub fn spliced(&self, start: usize, end: usize, with: &str) -> Text {
        let lines = self.lines().spliced(start, end, with);
        let text: Rc<str> = [&self.text[..start], with, &self.text[end..]].concat().into();
        Text { text, lines: Rc::new(OnceCell::from(lines)) }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Text {
    /// The same version at once; else the texts are compared.
    fn eq(&self, other: &Text) -> bool {
        Rc::ptr_eq(&self.text, &other.text) || self.text == other.text
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.text == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.text == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.text == **other
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::new(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The lines of a text split on `\n` (as the editors number them): where
/// each starts, and the longest's length in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    /// Byte offset of each line's first character; the first is 0.
    starts: Vec<usize>,
    /// The text's length, where the last line ends.
    end: usize,
    widest: usize,
}

impl Lines {
    pub fn of(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        Lines::with_starts(starts, text.len())
    }

    /// The lines of the text with bytes `start..end` replaced by `with`:
    /// the line starts before the edit kept, those after it moved, and the
    /// edit's own found in `with`. The same as `Lines::of` the new text.
    pub fn spliced(&self, start: usize, end: usize, with: &str) -> Lines {
        // A line starts after a newline: those at or before `start` follow
        // a newline before the edit, those after `end` one after it.
        let (kept, moved) = (self.starts.partition_point(|&s| s <= start), self.starts.partition_point(|&s| s <= end));
        let new_end = start + with.len();
        let mut starts = Vec::with_capacity(self.starts.len() + 1);
        starts.extend_from_slice(&self.starts[..kept]);
        starts.extend(with.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| start + i + 1));
        starts.extend(self.starts[moved..].iter().map(|&s| s - end + new_end));
        Lines::with_starts(starts, self.end - end + new_end)
    }

    fn with_starts(starts: Vec<usize>, end: usize) -> Lines {
        let widest = starts.windows(2).map(|w| w[1] - 1 - w[0]).chain([end - starts[starts.len() - 1]]).max();
        Lines { starts, end, widest: widest.unwrap_or(0) }
    }

    /// How many lines (one more than newlines: an empty text has one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The longest line's length in bytes.
    pub fn widest(&self) -> usize {
        self.widest
    }

    /// Where line `i` (0-based) starts, in bytes.
    pub fn start(&self, i: usize) -> usize {
        self.starts[i]
    }

    /// Where line `i` ends, before its newline.
    pub fn end(&self, i: usize) -> usize {
        self.starts.get(i + 1).map_or(self.end, |next| next - 1)
    }

    /// The line (0-based) that byte `at` is on; a newline is on the line it ends.
    pub fn line_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at) - 1
    }

    /// Line `i` (0-based) of `text`, the text these lines are of, without its newline.
    pub fn line<'a>(&self, text: &'a str, i: usize) -> &'a str {
        &text[self.start(i)..self.end(i)]
    }

    /// Lines `from..to` (0-based, clamped to the text) of `text`.
    pub fn range<'a>(&self, text: &'a str, from: usize, to: usize) -> Vec<&'a str> {
        let to = to.min(self.count());
        (from.min(to)..to).map(|i| self.line(text, i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_the_texts_split_on_newlines_with_the_longest_length() {
        let text = "kind: Pod\n\nmetadata:\n  name: web\n";
        let lines = Lines::of(text);
        assert_eq!(lines.count(), 5);
        assert_eq!(lines.widest(), 11);
        assert_eq!(lines.range(text, 0, 99), vec!["kind: Pod", "", "metadata:", "  name: web", ""]);
        assert_eq!(lines.range(text, 2, 4), vec!["metadata:", "  name: web"]);
        assert_eq!(lines.range(text, 7, 9), Vec::<&str>::new());
        assert_eq!(lines.line(text, 3), "  name: web");
        // No newline at the end: the last line runs to the end.
        let lines = Lines::of("a\nbcd");
        assert_eq!((lines.count(), lines.widest(), lines.line("a\nbcd", 1)), (2, 3, "bcd"));
        // Where lines start and end, and which line a byte is on.
        let text = "ab\ncd\n";
        let lines = Lines::of(text);
        assert_eq!((lines.start(1), lines.end(1), lines.start(2), lines.end(2)), (3, 5, 6, 6));
        assert_eq!([0, 2, 3, 5, 6].map(|at| lines.line_at(at)), [0, 0, 1, 1, 2]);
        // An empty text is one empty line.
        assert_eq!((Lines::of("").count(), Lines::of("").widest()), (1, 0));
    }

    #[test]
    fn lines_agree_with_split_on_a_text_with_multibyte_characters() {
        let text = "é: ü\r\n  – x\n\n€";
        let lines = Lines::of(text);
        let split: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines.range(text, 0, lines.count()), split);
        assert_eq!(lines.widest(), split.iter().map(|l| l.len()).max().unwrap());
    }

    #[test]
    fn copies_of_a_text_are_equal_and_share_their_lines() {
        let a = Text::from("x\ny".to_string());
        let b = a.clone();
        assert_eq!(a, b);
        assert_eq!(b.lines().count(), 2);
        // The index was made once, for both copies.
        assert!(std::ptr::eq(a.lines(), b.lines()));
        // Another version with the same text is equal too; a different one is not.
        assert_eq!(a, Text::from("x\ny"));
        assert_ne!(a, Text::from("x\nz"));
        let owned = String::from("x\ny");
        assert!(a == "x\ny" && a == *"x\ny" && a == owned);
        assert_eq!((format!("{a}"), format!("{a:?}")), ("x\ny".to_string(), "\"x\\ny\"".to_string()));
    }

    /// proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// An edit's lines, indexed from the text's before it, are the
            /// new text's, wherever the edit falls (at line breaks too).
            #[test]
            fn the_lines_of_an_edit_are_those_of_the_new_text(
                text in "[ab\n]{0,60}", with in "[ab\n]{0,12}", a in 0usize..61, b in 0usize..61,
            ) {
                let (start, end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
                let spliced = Text::from(text.as_str()).spliced(start, end, &with);
                let new = format!("{}{with}{}", &text[..start], &text[end..]);
                prop_assert_eq!(spliced.as_str(), new.as_str());
                prop_assert_eq!(spliced.lines(), &Lines::of(&new));
            }
        }
    }
}
