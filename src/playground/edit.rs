//! Editing helpers for the editors' text: Tab indents with spaces, Enter
//! keeps the indentation, and the conversions between the byte offsets Rust
//! works in and the UTF-16 offsets a textarea's selection counts.

/// One level of indentation: YAML wants spaces.
pub const INDENT: &str = "  ";

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

/// An edit as the textarea applies it: replace the bytes `from..to` with
/// `insert`, then select `select` (bytes of the new text). Applied as the
/// user's own typing would be, so the browser's undo and redo cover it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub from: usize,
    pub to: usize,
    pub insert: String,
    pub select: (usize, usize),
}

/// The smallest change that turns `old` into `new`, on character boundaries,
/// starting at or before `at` (where the edit happened: of two equal
/// changes, the one the user made).
pub fn change(old: &str, new: &str, at: usize, select: (usize, usize)) -> Change {
    let (from, to, new_to) = changed_bytes(old, new, at);
    Change { from, to, insert: new[from..new_to].to_string(), select }
}

/// The bytes of `change`, without copying what was inserted: `old[from..to]`
/// became `new[from..new_to]`.
pub fn changed_bytes(old: &str, new: &str, at: usize) -> (usize, usize, usize) {
    // Compared in bytes (a 2 MB manifest is compared on each keystroke in
    // it), then moved back onto the character the first difference (or the
    // edit, `at`) is in: a boundary of `old` within the bytes both texts
    // start with is one of `new` too.
    let same = same_prefix(old.as_bytes(), new.as_bytes());
    let prefix = old.floor_char_boundary(same.min(at));
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let same = same_suffix(old_rest.as_bytes(), new_rest.as_bytes());
    // The suffix starts on a character: the same bytes end both texts.
    let suffix = old_rest.len() - old_rest.ceil_char_boundary(old_rest.len() - same);
    (prefix, old.len() - suffix, new.len() - suffix)
}

/// The bytes compared at a time while two texts are the same: a keystroke
/// halfway down a 2 MB manifest compares a megabyte from each end, and
/// byte by byte that alone took milliseconds in wasm.
const WORD: usize = 8;

/// `changed_bytes` of two texts known to differ only within bytes
/// `start..end` of `old` (the edited window of the text: `new` is `old`
/// with that part replaced), compared within it: a keystroke in a 2 MB
/// manifest compares the window the editor holds, not a megabyte from
/// each end.
pub fn changed_bytes_within(old: &str, new: &str, at: usize, (start, end): (usize, usize)) -> (usize, usize, usize) {
    let new_end = new.len() - (old.len() - end);
    let at = at.clamp(start, end) - start;
    let (from, to, new_to) = changed_bytes(&old[start..end], &new[start..new_end], at);
    (start + from, start + to, start + new_to)
}

/// How many bytes `a` and `b` start with in common.
fn same_prefix(a: &[u8], b: &[u8]) -> usize {
    let words = a.chunks_exact(WORD).zip(b.chunks_exact(WORD)).take_while(|(x, y)| x == y).count();
    let at = words * WORD;
    at + a[at..].iter().zip(&b[at..]).take_while(|(x, y)| x == y).count()
}

/// How many bytes `a` and `b` end with in common.
fn same_suffix(a: &[u8], b: &[u8]) -> usize {
    let words = a.rchunks_exact(WORD).zip(b.rchunks_exact(WORD)).take_while(|(x, y)| x == y).count();
    let at = words * WORD;
    let (a, b) = (&a[..a.len() - at], &b[..b.len() - at]);
    at + a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// Whether an edit replaced the text wholesale rather than changing it: a
/// paste over most of it (or into an empty editor) of a substantial text.
/// Typing, deleting and small pastes never are. A new file is always a new
/// scenario and does not go through here.
pub fn replaced_wholesale(old: &str, new: &str) -> bool {
    /// A paste shorter than this is an edit (a line, a snippet).
    const SUBSTANTIAL: usize = 40;
    // A keystroke keeps nearly all of a 2 MB text: the bytes the two have
    // in common at each end are counted only until they are more than a
    // quarter of it (and two characters, which `change` may move its ends
    // back by), which rules a wholesale change out.
    let enough = old.len() / 4 + 8;
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let head = same_prefix(&a[..enough.min(a.len())], b);
    let rest = (enough - head).min(a.len() - head);
    let tail = same_suffix(&a[a.len() - rest..], &b[head..]);
    if head + tail >= enough && !old.trim().is_empty() {
        return false;
    }
    let c = change(old, new, old.len(), (0, 0));
    let kept = old.len() - (c.to - c.from);
    // Most of the old text went: at most a quarter of it is still there.
    c.insert.len() >= SUBSTANTIAL && (old.trim().is_empty() || kept * 4 <= old.len())
}

/// Tab (or Shift+Tab) on the selection `start..end`, as a change.
pub fn indent_change(text: &str, start: usize, end: usize, outdent: bool) -> Change {
    let (new, a, b) = indent(text, start, end, outdent);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    change(text, &new, if start == end && !outdent { start } else { line_start }, (a, b))
}

/// Enter at `at`, keeping the indentation, as a change.
pub fn newline_change(text: &str, at: usize) -> Change {
    let (new, a, b) = newline(text, at);
    change(text, &new, at, (a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text after `c`.
    fn apply(text: &str, c: &Change) -> String {
        format!("{}{}{}", &text[..c.from], c.insert, &text[c.to..])
    }

    #[test]
    fn tab_enter_and_outdent_are_small_changes_that_give_the_same_text() {
        for (text, start, end, outdent) in
            [("a: 1", 0, 0, false), ("a:\nb:\nc:", 0, 4, false), ("  a:\n  b:", 0, 9, true), ("é:\n  x", 6, 6, true)]
        {
            let c = indent_change(text, start, end, outdent);
            assert_eq!(apply(text, &c), indent(text, start, end, outdent).0, "{text:?}");
        }
        let c = newline_change("spec:\nx", 5);
        assert_eq!(c, Change { from: 5, to: 5, insert: "\n  ".into(), select: (8, 8) });
        // Indenting one line of several touches that line only.
        let c = indent_change("a:\nb:\nc:", 3, 3, false);
        assert_eq!((c.from, c.to, c.insert.as_str()), (3, 3, "  "));
    }

    #[test]
    fn a_change_starts_and_ends_on_whole_characters_that_differ() {
        // Typing an accented letter after another with the same first byte.
        assert_eq!(change("aé", "aéè", 3, (5, 5)), Change { from: 3, to: 3, insert: "è".into(), select: (5, 5) });
        // "é" (C3 A9) replaced by "ê" (C3 AA): the whole character, not its last byte.
        assert_eq!(change("xéy", "xêy", 1, (0, 0)), Change { from: 1, to: 3, insert: "ê".into(), select: (0, 0) });
        // "ù" (C3 B9) and "é" (C3 A9): the same first byte and different last bytes, at the end.
        assert_eq!(change("ab ù", "ab é", 3, (0, 0)), Change { from: 3, to: 5, insert: "é".into(), select: (0, 0) });
        // A deletion of "€" (E2 82 AC) between two "€": no half character kept.
        assert_eq!(change("€€€", "€€", 6, (0, 0)), Change { from: 6, to: 9, insert: "".into(), select: (0, 0) });
        // Of two equal changes, the one at `at`.
        assert_eq!(change("aaa", "aaaa", 1, (0, 0)), Change { from: 1, to: 1, insert: "a".into(), select: (0, 0) });
        assert_eq!(change("same", "same", 4, (0, 0)), Change { from: 4, to: 4, insert: "".into(), select: (0, 0) });
        assert_eq!(change("", "new", 0, (0, 0)), Change { from: 0, to: 0, insert: "new".into(), select: (0, 0) });
    }

    const K: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: example/web:1.0";

    #[test]
    fn typing_and_small_pastes_are_edits() {
        assert!(!replaced_wholesale(K, &K.replace("web:1.0", "web:1.1")));
        assert!(!replaced_wholesale(K, &format!("{K}\n    ports:\n    - containerPort: 8080")));
        // Deleting everything is not yet a new scenario: what is pasted next is.
        assert!(!replaced_wholesale(K, ""));
        assert!(!replaced_wholesale("", "apiVersion: v1"));
    }

    #[test]
    fn a_paste_over_most_of_the_text_or_into_an_empty_editor_replaces_it() {
        let other = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ingress-nginx-controller\nspec: {}\n";
        assert!(replaced_wholesale(K, other));
        assert!(replaced_wholesale("", other));
        assert!(replaced_wholesale("  \n", other));
        // The first line kept, everything else replaced.
        assert!(replaced_wholesale(K, &format!("apiVersion: v1\n{}", &other[20..])));
        // Multi-byte characters at the edges do not split.
        assert!(!replaced_wholesale("é", "é"));
        assert!(replaced_wholesale("é", other));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Compared a word at a time, two texts' common start and end are
            /// what a byte by byte comparison finds.
            #[test]
            fn common_ends_are_found_as_byte_by_byte(
                same in "[ab\n]{0,40}", a in "[ab\n]{0,20}", b in "[ab\n]{0,20}", end in "[ab\n]{0,40}",
            ) {
                let (x, y) = (format!("{same}{a}{end}"), format!("{same}{b}{end}"));
                let (x, y) = (x.as_bytes(), y.as_bytes());
                prop_assert_eq!(same_prefix(x, y), x.iter().zip(y).take_while(|(p, q)| p == q).count());
                prop_assert_eq!(same_suffix(x, y), x.iter().rev().zip(y.iter().rev()).take_while(|(p, q)| p == q).count());
            }

            /// Stopping at a quarter of the text in common gives the answer
            /// the whole comparison gives.
            #[test]
            fn a_wholesale_change_is_told_apart_as_by_the_whole_change(
                same in "[aé\n]{0,60}", a in "[aé\n ]{0,80}", b in "[aé\n]{0,80}", end in "[aé\n]{0,60}",
            ) {
                let (old, new) = (format!("{same}{a}{end}"), format!("{same}{b}{end}"));
                let c = change(&old, &new, old.len(), (0, 0));
                let kept = old.len() - (c.to - c.from);
                let whole = c.insert.len() >= 40 && (old.trim().is_empty() || kept * 4 <= old.len());
                prop_assert_eq!(replaced_wholesale(&old, &new), whole);
            }

            /// Compared within the part of the text that was edited, the
            /// change found turns the old text into the new, inside that part.
            #[test]
            fn a_change_within_the_edited_part_gives_the_new_text(
                before in "[aé\n]{0,30}", part in "[aé\n]{0,30}", with in "[aé\n]{0,30}", after in "[aé\n]{0,30}",
                at in 0usize..120,
            ) {
                let (old, new) = (format!("{before}{part}{after}"), format!("{before}{with}{after}"));
                let within = (before.len(), before.len() + part.len());
                let (from, to, new_to) = changed_bytes_within(&old, &new, at, within);
                prop_assert!(within.0 <= from && to <= within.1);
                prop_assert_eq!(format!("{}{}{}", &old[..from], &new[from..new_to], &old[to..]), new);
            }
        }
    }
}
