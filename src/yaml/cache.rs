//! Parsing a stream a document at a time, keeping each document's tree for
//! the next parse of a stream that holds the same document at the same line.
//!
//! The page parses the whole scenario on every edit, and the analysis
//! parses each what-if's text: with a 2 MB manifest that is 60 to 100 ms a
//! parse, though an edit changes one document and a keystroke in the
//! behaviour document changes none of the manifest's. A `---` at the start
//! of a line always ends a document (YAML 1.2 §9.1.4: a document marker is
//! forbidden inside any node), so the text is cut there and each part is
//! parsed on its own, as if the lines before it were blank: its spans are
//! those of the whole stream's parse.
//!
//! The result is the same as `parse_stream`'s, only shared (a property test
//! checks it): a part with a syntax error, or one that would cross a limit
//! with the counts of the parts before it, is parsed again with the rest of
//! the stream, so errors and limits read exactly as in one pass. Texts this
//! cut could misread (directives, lone carriage returns) are parsed in one
//! pass. What is kept is a memo of a pure function, per thread, bounded by
//! how recently a part was used and by the bytes kept.

use super::{Counts, Document, SyntaxError, parse_counted};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A part not used by this many of the latest parses is dropped.
const KEEP_PARSES: u64 = 8;
/// The text of the parts kept, at most.
const MAX_KEPT_BYTES: usize = 16 * 1024 * 1024;

/// `parse_stream` of `text`, with the documents of parts seen in a recent
/// parse shared instead of parsed again.
pub fn parse_stream_cached(text: &str) -> (Vec<Rc<Document>>, Option<SyntaxError>) {
    let Some(starts) = document_starts(text) else {
        let parsed = parse_counted(text, Counts::default());
        return (parsed.docs.into_iter().map(Rc::new).collect(), parsed.error);
    };
    let parsed = CACHE.with(|cache| cache.borrow_mut().parse(text, &starts, None));
    parsed.expect("a whole parse")
}

/// Parses and keeps the next parts of `text` not kept yet, about
/// `PARSE_NEXT_BYTES` of them (a bigger part alone), so that a parse of a big
/// text can be spread over several tasks: true while parts are left to
/// parse. A text parsed in one pass has no parts to spread.
pub fn parse_next_parts(text: &str) -> bool {
    let budget = Some(PARSE_NEXT_BYTES);
    document_starts(text)
        .is_some_and(|starts| CACHE.with(|cache| cache.borrow_mut().parse(text, &starts, budget).is_none()))
}

/// The text `parse_next_parts` parses at a time: about 10 ms in wasm.
const PARSE_NEXT_BYTES: usize = 128 * 1024;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// Where a part starts: its byte offset and its first line (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Start {
    pub at: usize,
    pub line: u32,
}

/// The parts of `text`: the start, then every line that opens with a
/// document marker. None when the text should be parsed in one pass.
pub(crate) fn document_starts(text: &str) -> Option<Vec<Start>> {
    let mut starts = vec![Start { at: 0, line: 1 }];
    let has_cr = text.contains('\r');
    let mut at = 0;
    for (line, l) in (1u32..).zip(text.split_inclusive('\n')) {
        // A directive belongs to the document after it; a lone carriage
        // return breaks lines for the parser but not for this count.
        if l.starts_with('%') || has_cr && l.trim_end_matches('\n').trim_end_matches('\r').contains('\r') {
            return None;
        }
        // A document whose root is a block scalar (`--- |`, or `|` at the
        // start of a line) reads later lines at column 0, markers included,
        // as its text in yaml-rust2; so may a root that starts on the
        // marker's line. Manifests have neither.
        if l.starts_with(['|', '>', '!', '&']) {
            return None;
        }
        let marker = is_marker(l);
        if marker && !l[3..].trim_start().is_empty() && !l[3..].trim_start().starts_with('#') {
            return None;
        }
        if marker && at > 0 {
            starts.push(Start { at, line });
        }
        at += l.len();
    }
    Some(starts)
}

/// Whether a line (with its terminator, if any) is a document marker `---`.
pub(crate) fn is_marker(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The text of a part as the parser sees it: blank lines where the parts
/// before it were, so its spans are the stream's.
fn placed(text: &str, line: u32) -> String {
    let mut placed = "\n".repeat(line as usize - 1);
    placed.push_str(text);
    placed
}

/// A part's documents and the counts after it, or None on a syntax error.
/// A part the stream goes on after is parsed with a `---` after it, so
/// that its last node ends at a marker as in the stream (yaml-rust2 ends an
/// empty block scalar differently at the end of the text); the empty
/// document that opens is left out, and its node not counted.
fn parse_part(part: &str, line: u32, last: bool, counts: Counts) -> Option<(Vec<Rc<Document>>, Counts)> {
    let mut text = placed(part, line);
    if !last {
        text.push_str("---\n");
    }
    let mut parsed = parse_counted(&text, counts);
    if parsed.error.is_some() {
        return None;
    }
    if !last {
        let opened = parsed.docs.pop()?;
        parsed.counts.nodes -= opened.root.as_ref().map_or(0, |root| super::size(root).0);
    }
    Some((parsed.docs.into_iter().map(Rc::new).collect(), parsed.counts))
}

struct Part {
    line: u32,
    text: Box<str>,
    docs: Vec<Rc<Document>>,
    /// What the part adds to the limits' counts.
    counts: Counts,
    /// The parse that last used it.
    used: u64,
}

#[derive(Default)]
struct Cache {
    /// Parts by the hash of their line and text.
    parts: HashMap<u64, Vec<Part>>,
    kept_bytes: usize,
    parses: u64,
}

/// A part's hash: its line and its text a word at a time (SipHash, and
/// `==` on `str`, go a byte at a time in wasm: 5 to 7 ms for 2 MB).
fn key(line: u32, text: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let words = text.as_bytes().chunks_exact(8);
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let h =
        words.fold(mix(u64::from(line), text.len() as u64), |h, w| mix(h, u64::from_le_bytes(w.try_into().unwrap())));
    mix(h, u64::from_le_bytes(tail))
}

/// `a == b`, a word at a time.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap());
    let (x, y) = (a.chunks_exact(8), b.chunks_exact(8));
    x.remainder() == y.remainder() && x.zip(y).all(|(x, y)| word(x) == word(y))
}

impl Cache {
    /// The stream's documents and error; with a `budget`, None once parts
    /// not kept of at least that many bytes have been parsed and kept.
    fn parse(
        &mut self,
        text: &str,
        starts: &[Start],
        budget: Option<usize>,
    ) -> Option<(Vec<Rc<Document>>, Option<SyntaxError>)> {
        let mut parsed_bytes = 0;
        self.parses += 1;
        let mut docs = Vec::new();
        let mut counts = Counts::default();
        let mut error = None;
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(text.len(), |s| s.at);
            let part = &text[start.at..end];
            if let Some(added) = self.reuse(start.line, part, counts, &mut docs) {
                counts = added;
                continue;
            }
            let last = i + 1 == starts.len();
            let Some((shared, after)) = parse_part(part, start.line, last, counts) else {
                // Parsed with the rest, as one pass reads it; an alias to an
                // anchor of an earlier document, with the whole text (the
                // parser, unlike the tree, knows anchors across documents).
                let mut rest = parse_counted(&placed(&text[start.at..], start.line), counts);
                if rest.unknown_anchor {
                    let whole = parse_counted(text, Counts::default());
                    return Some((whole.docs.into_iter().map(Rc::new).collect(), whole.error));
                }
                docs.extend(rest.docs.drain(..).map(Rc::new));
                error = rest.error;
                break;
            };
            docs.extend(shared.iter().cloned());
            let added = Counts {
                nodes: after.nodes - counts.nodes,
                expanded_text_bytes: after.expanded_text_bytes - counts.expanded_text_bytes,
            };
            self.keep(Part { line: start.line, text: part.into(), docs: shared, counts: added, used: self.parses });
            counts = after;
            parsed_bytes += part.len();
            if budget.is_some_and(|b| parsed_bytes >= b) && !last {
                self.evict();
                return None;
            }
        }
        self.evict();
        Some((docs, error))
    }

    /// The kept documents of `part` at `line`, if it is kept and stays
    /// within the limits after `counts`: the counts after it.
    fn reuse(&mut self, line: u32, part: &str, counts: Counts, docs: &mut Vec<Rc<Document>>) -> Option<Counts> {
        let parses = self.parses;
        let kept =
            self.parts.get_mut(&key(line, part))?.iter_mut().find(|p| p.line == line && same_text(&p.text, part))?;
        let after = counts.plus(kept.counts);
        if !after.within_limits() {
            return None;
        }
        kept.used = parses;
        docs.extend(kept.docs.iter().cloned());
        Some(after)
    }

    fn keep(&mut self, part: Part) {
        self.kept_bytes += part.text.len();
        self.parts.entry(key(part.line, &part.text)).or_default().push(part);
    }

    /// Drops the parts not used lately, then the oldest while too many
    /// bytes are kept.
    fn evict(&mut self) {
        let parses = self.parses;
        self.retain(|p| parses - p.used < KEEP_PARSES);
        while self.kept_bytes > MAX_KEPT_BYTES {
            let Some(oldest) = self.parts.values().flatten().map(|p| p.used).min() else { break };
            self.retain(|p| p.used > oldest);
        }
    }

    fn retain(&mut self, keep: impl Fn(&Part) -> bool) {
        let mut kept_bytes = 0;
        self.parts.retain(|_, parts| {
            parts.retain(|p| keep(p));
            kept_bytes += parts.iter().map(|p| p.text.len()).sum::<usize>();
            !parts.is_empty()
        });
        self.kept_bytes = kept_bytes;
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_stream;
    use super::*;

    fn same_as_one_pass(text: &str) {
        let (cached, cached_error) = parse_stream_cached(text);
        let (whole, whole_error) = parse_stream(text);
        let cached: Vec<Document> = cached.iter().map(|d| (**d).clone()).collect();
        assert_eq!(cached, whole, "{text:?}");
        assert_eq!(cached_error, whole_error, "{text:?}");
    }

    #[test]
    fn parts_start_at_document_markers_only() {
        let starts = document_starts("a: 1\n---\nb: 2\n--- # c\n  ---\n---x\n---\n").unwrap();
        let lines: Vec<u32> = starts.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 2, 4, 7]);
        // In one pass: a directive, a lone carriage return, a root on the
        // marker's line or a root block scalar.
        for text in ["%YAML 1.2\n---\na: 1\n", "a: 1\r---\r", "--- |\n---\n", "|\n---\n", "--- a\n---\n"] {
            assert_eq!(document_starts(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_document_kept_is_shared_by_the_next_parse_at_its_line() {
        let first = "a: 1\n---\nb: [1, 2]\n---\nc: 3\n";
        let (docs, _) = parse_stream_cached(first);
        // The first document changes, on the same line: the others are the same trees.
        let (again, _) = parse_stream_cached("a: 2\n---\nb: [1, 2]\n---\nc: 3\n");
        assert!(Rc::ptr_eq(&docs[1], &again[1]) && Rc::ptr_eq(&docs[2], &again[2]));
        assert!(!Rc::ptr_eq(&docs[0], &again[0]));
        // A line added before them moves them: parsed again, with their new lines.
        let (moved, _) = parse_stream_cached("a: 2\n\n---\nb: [1, 2]\n---\nc: 3\n");
        assert!(!Rc::ptr_eq(&docs[1], &moved[1]));
        assert_eq!(moved[2].root.as_ref().unwrap().get("c").unwrap().span.line, 6);
        same_as_one_pass("a: 2\n\n---\nb: [1, 2]\n---\nc: 3\n");
    }

    #[test]
    fn texts_compare_and_hash_by_every_byte() {
        let text = "apiVersion: v1\nkind: Pod\n";
        for i in 0..text.len() {
            let mut other = text.as_bytes().to_vec();
            other[i] ^= 1;
            let other = String::from_utf8(other).unwrap();
            assert!(!same_text(text, &other) && key(1, text) != key(1, &other), "byte {i}");
        }
        let copy = String::from(text);
        assert!(same_text(text, &copy) && !same_text(text, &text[1..]));
        assert_eq!(key(1, text), key(1, &copy));
        assert_ne!(key(1, text), key(2, text));
    }

    #[test]
    fn a_big_text_parses_a_part_at_a_time() {
        let big = |name: &str| format!("{name}: {}\n", "x".repeat(PARSE_NEXT_BYTES));
        let text = format!("{}---\n{}---\nc: 3\n---\nd: 4\n", big("a"), big("b"));
        // Each call parses parts up to its budget: the third, the last two
        // small ones, leaves none.
        assert!(parse_next_parts(&text));
        assert!(parse_next_parts(&text));
        assert!(!parse_next_parts(&text));
        let text = text.as_str();
        let (first, _) = parse_stream_cached(text);
        let (again, _) = parse_stream_cached(text);
        assert!(first.iter().zip(&again).all(|(a, b)| Rc::ptr_eq(a, b)));
        same_as_one_pass(text);
        assert!(!parse_next_parts("|\n---\n"), "a text parsed in one pass");
    }

    #[test]
    fn errors_read_as_in_one_pass() {
        // A quoted scalar cut by a marker, a flow sequence left open, a bad indentation.
        for text in [
            "a: 1\n---\nb: \"x\n---\nc: 3\n",
            "a: [1,\n---\nb: 2\n",
            "a: 1\n---\nb:\n  c: 1\n d: 2\n---\ne: 1\n",
            "---\n---\n",
            "--- |\n  text\n---\nx: 1\n...\ny: 2\n",
            "c: &x {d: 2}\n---\ne: *x\n",
        ] {
            same_as_one_pass(text);
            // Twice: the second parse reads what the first kept.
            same_as_one_pass(text);
        }
    }

    #[test]
    fn limits_count_across_documents_kept() {
        // Each document expands its alias to 40 MiB: the second crosses the
        // stream's limit of 64 MiB, kept or not.
        let doc = format!("a: &a {}\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n", "x".repeat(4 * 1024 * 1024));
        let one = parse_stream_cached(&doc);
        assert!(one.1.is_none());
        let two = format!("{doc}---\n{doc}");
        same_as_one_pass(&two);
        assert_eq!(parse_stream_cached(&two).1.unwrap().kind, super::super::SyntaxErrorKind::Limit);
    }

    /// proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]
            /// Documents made of lines that YAML treats specially at the start
            /// of a line, in any order: the parts' parse is the one pass's.
            #[test]
            fn the_same_documents_and_error_as_one_pass(lines in proptest::collection::vec(prop_oneof![
                Just("---"), Just("--- # c"), Just("--- |"), Just("..."), Just("a: 1"), Just("  b: [1,"), Just("  ]"),
                Just("c: &x {d: 2}"), Just("e: *x"), Just("- f"), Just("  - g"), Just("h: \"i"), Just("j\""), Just("# k"),
                Just(""), Just("  l: |"), Just("    m"), Just("n:"), Just("\t"), Just("--- |"), Just("|"), Just("--- >"),
                Just(">-"), Just("!!str |"), Just("--- x"), Just("x"), Just("'q"), Just("q'"), Just("---\t# c"),
                Just("o: >"), Just("p: 'r"), Just("s: {t: 1,"), Just("}"), Just("- - u"), Just("? v"), Just(": w"),
            ], 0..24), repeat in 1..3usize) {
                let text = lines.join("\n");
                for _ in 0..repeat {
                    let (cached, cached_error) = parse_stream_cached(&text);
                    let (whole, whole_error) = parse_stream(&text);
                    let cached: Vec<Document> = cached.iter().map(|d| (**d).clone()).collect();
                    prop_assert_eq!(cached, whole);
                    prop_assert_eq!(cached_error, whole_error);
                }
            }
        }
    }
}
