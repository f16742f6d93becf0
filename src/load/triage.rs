//! Leaving out of a big manifest the documents the simulator does not use.
//!
//! The page hands a big text (256 KiB to 4 MiB: Argo CD's install.yaml is
//! 1.9 MB, mostly CustomResourceDefinitions) to a Web Worker, so that parsing
//! it does not block the page. The worker sends back a much smaller text for
//! the page to load: the same text with every document the loader would only
//! note as not simulated blanked out, and a list of those documents. Loading
//! the two (`load_triaged`) gives exactly what loading the whole text gives.
//!
//! The kept text has the same lines as the whole (a blanked document keeps
//! its `---` line, or gains one on its first line if it had none, and leaves
//! its other lines empty: it stays an empty document), so every span in it is
//! the whole text's. A document is only left out when the stream's cut into
//! documents (`yaml::document_starts`, that of the parse kept a document at a
//! time) holds it alone, with no `...` in its part after which another may
//! start.
//!
//! A text with a syntax error, as it often has while a person types in it,
//! is triaged up to the error: the parse stops there, the documents before it
//! are loaded and the error's message counts them, so only documents in
//! parts wholly before the part that holds the error are blanked, and that
//! part and all after it are kept as they are. A text that must be read in
//! one pass or is too big is not triaged, nor one whose syntax error blanking
//! could change (a limit, an alias to an anchor of an earlier document, an
//! error left after the loader moved closing brackets: see `parse`), so that
//! errors and limits read exactly as when the whole text is loaded.

use super::{MAX_INPUT_BYTES, Reading, brackets, reading};
use crate::yaml::{self, Document, Node, Span, SyntaxError, SyntaxErrorKind};
use std::rc::Rc;

/// A text with the documents the simulator does not use blanked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Triaged {
    /// The text, with the same lines and line terminators.
    pub kept: String,
    /// The documents blanked out, in source order.
    pub dropped: Vec<Dropped>,
}

/// A document left out, as the loader notes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Its `kind`.
    pub kind: String,
    /// Where its `kind` value is.
    pub span: Span,
}

/// The text with every document the loader would only note as not simulated
/// blanked out; None when there is none, or when the text must be loaded
/// whole.
pub fn triage(text: &str) -> Option<Triaged> {
    if text.len() > MAX_INPUT_BYTES {
        return None;
    }
    // The loader strips a byte order mark before parsing; it stays in `kept`.
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let starts = yaml::document_starts(body)?;
    let (documents, syntax_error) = parse(body)?;
    // The parts that may be blanked: all of them, or those before the one
    // that holds the syntax error.
    let before = match &syntax_error {
        None => starts.len(),
        Some(e) => starts.iter().rposition(|s| s.line <= e.span.line).unwrap_or(0),
    };
    // A marker always ends a document, so a document lies in the part of the
    // line it starts on.
    let mut in_part: Vec<Vec<&Document>> = vec![Vec::new(); starts.len()];
    let mut part = 0;
    for document in &documents {
        while starts.get(part + 1).is_some_and(|s| s.line <= document.span.line) {
            part += 1;
        }
        in_part[part].push(document);
    }
    let mut kept = String::with_capacity(text.len());
    kept.push_str(bom);
    let mut dropped = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(body.len(), |s| s.at);
        let part = &body[start.at..end];
        let only_noted = match in_part[i].as_slice() {
            [document] if i < before && !part.lines().any(|line| line.starts_with("...")) => {
                document.root.as_ref().and_then(only_noted)
            }
            _ => None,
        };
        let Some(noted) = only_noted else {
            kept.push_str(part);
            continue;
        };
        dropped.push(noted);
        for (n, line) in part.split_inclusive('\n').enumerate() {
            let eol = line.trim_end_matches(['\r', '\n']).len();
            if n == 0 {
                // An empty document in its place: the first, which may start
                // without a marker, gains one.
                kept.push_str(if yaml::is_marker(line) { &line[..eol] } else { "---" });
            }
            kept.push_str(&line[eol..]);
        }
    }
    (!dropped.is_empty()).then_some(Triaged { kept, dropped })
}

/// `brackets::parse` of the text; None when blanking documents before its
/// syntax error could change how the kept text parses.
///
/// The parse stops at a syntax error, so nothing after the part that holds
/// it is read; and a marker resets the parser but for the anchors it knows,
/// so a document blanked before that part (an empty document in its place)
/// changes neither another document's parse nor the error. Save for: a limit
/// (the limits count the nodes of the documents blanked); an alias to an
/// anchor of an earlier document (blanked, the parser no longer knows the
/// anchor and words the error otherwise); and a text whose closing brackets
/// the loader must move to parse and that still has an error: the bracket
/// that made it move them all may be in a blanked document, so in the kept
/// text they stay where they were, and an error after one of them reads at
/// another column.
fn parse(body: &str) -> Option<(Vec<Rc<Document>>, Option<SyntaxError>)> {
    // `brackets::parse` parses again only when the first parse fails at a
    // closing bracket (`brackets::bracket_error`); any other first parse is
    // its result.
    let first = yaml::parse_stream_cached(body);
    let Some(e) = &first.1 else { return Some(first) };
    if brackets::bracket_error(body, Some(e)).is_some() {
        let fixed = brackets::parse(body);
        return fixed.1.is_none().then_some(fixed);
    }
    let whole_only = e.kind == SyntaxErrorKind::Limit || e.message == yaml::ALIAS_TO_EARLIER_DOCUMENT;
    (!whole_only).then_some(first)
}

/// A document root that the loader would only note as not simulated (the
/// preconditions are `load_object`'s), as the note counts it; None too when
/// its kind does not fit on a line of the message.
fn only_noted(root: &Node) -> Option<Dropped> {
    root.as_map()?;
    let kind_node = root.get("kind").filter(|k| !k.is_null())?;
    let kind = kind_node.as_str()?;
    let noted = matches!(reading(kind, root), Reading::NotSimulated) && !kind.contains(['\t', '\n']);
    noted.then(|| Dropped { kind: kind.to_string(), span: kind_node.span })
}

impl Triaged {
    /// `dropped` as plain text, for `postMessage`: a line
    /// `kind<TAB>line<TAB>col<TAB>len` for each document.
    pub fn dropped_message(&self) -> String {
        self.dropped.iter().map(|d| format!("{}\t{}\t{}\t{}\n", d.kind, d.span.line, d.span.col, d.span.len)).collect()
    }

    /// The `Triaged` of `kept` and a `dropped_message`; None when the message
    /// is malformed or its documents are not in source order.
    pub fn from_message(kept: String, dropped: &str) -> Option<Triaged> {
        let dropped = dropped
            .split_terminator('\n')
            .map(|line| {
                let mut fields = line.split('\t');
                let kind = fields.next()?.to_string();
                // Lines, columns and lengths count from 1.
                let mut number = || fields.next()?.parse::<u32>().ok().filter(|&n| n > 0);
                let span = Span { line: number()?, col: number()?, len: number()? };
                fields.next().is_none().then_some(Dropped { kind, span })
            })
            .collect::<Option<Vec<Dropped>>>()?;
        let in_order = dropped.windows(2).all(|w| (w[0].span.line, w[0].span.col) < (w[1].span.line, w[1].span.col));
        in_order.then_some(Triaged { kept, dropped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: example/web:1.0\n";

    #[test]
    fn a_dropped_document_keeps_its_marker_and_its_line_terminators() {
        let text = format!("{CONFIG_MAP}---\r\n{}---\n{POD}", CONFIG_MAP.replace('\n', "\r\n"));
        let t = triage(&text).unwrap();
        let blank = |doc: &str, eol: &str| eol.repeat(doc.lines().count());
        // The first document had no marker: it gains one.
        assert_eq!(t.kept, format!("---{}---\r\n{}---\n{POD}", blank(CONFIG_MAP, "\n"), blank(CONFIG_MAP, "\r\n")));
        let spans: Vec<(u32, u32, u32)> = t.dropped.iter().map(|d| (d.span.line, d.span.col, d.span.len)).collect();
        assert_eq!(spans, [(2, 7, 9), (9, 7, 9)]);
        assert!(t.dropped.iter().all(|d| d.kind == "ConfigMap"));
    }

    #[test]
    fn a_byte_order_mark_stays_at_the_start() {
        let t = triage(&format!("\u{feff}{CONFIG_MAP}---\n{POD}")).unwrap();
        assert!(t.kept.starts_with("\u{feff}---\n\n"), "{:?}", t.kept);
        assert_eq!(t.dropped[0].span.line, 2);
    }

    /// The whole text's load and the kept text's with what was dropped, as
    /// text.
    fn loads(text: &str, t: &Triaged) -> (String, String) {
        (format!("{:?}", super::super::load(text)), format!("{:?}", super::super::load_triaged(t, None)))
    }

    #[test]
    fn texts_loaded_whole_are_not_triaged() {
        for text in [
            // Nothing to drop.
            POD.to_string(),
            // A directive: the text is parsed in one pass.
            format!("%YAML 1.2\n---\n{CONFIG_MAP}---\n{POD}"),
            // Two documents in one part (`...` ends the first).
            format!("{CONFIG_MAP}...\n{CONFIG_MAP}---\n{POD}"),
            // Too big.
            format!("{CONFIG_MAP}---\n{POD}#{}\n", "x".repeat(MAX_INPUT_BYTES)),
        ] {
            assert_eq!(triage(&text), None, "{:.200}", text);
        }
    }

    #[test]
    fn a_syntax_error_keeps_its_part_and_all_after_it() {
        let text = format!("---\n{CONFIG_MAP}---\n{CONFIG_MAP}---\n{POD}  bad: [\n---\n{CONFIG_MAP}");
        let t = triage(&text).expect("triaged before the error");
        let lines: Vec<u32> = t.dropped.iter().map(|d| d.span.line).collect();
        assert_eq!(lines, [3, 10]);
        let blank = format!("---\n{}", "\n".repeat(CONFIG_MAP.lines().count()));
        assert_eq!(t.kept, format!("{blank}{blank}---\n{POD}  bad: [\n---\n{CONFIG_MAP}"));
        let (whole, triaged) = loads(&text, &t);
        assert!(whole.contains("(the 2 documents before it were loaded)"), "{whole}");
        assert_eq!(triaged, whole);
    }

    #[test]
    fn a_first_document_blanked_before_a_syntax_error_still_counts() {
        for text in
            [format!("{CONFIG_MAP}---\n{POD}  bad: [\n"), format!("# a comment\n{CONFIG_MAP}---\n{POD}  bad: [\n")]
        {
            let t = triage(&text).expect("triaged before the error");
            assert!(t.kept.starts_with("---\n\n"), "{:?}", t.kept);
            let (whole, triaged) = loads(&text, &t);
            assert!(whole.contains("(the document before it was loaded)"), "{whole}");
            assert_eq!(triaged, whole);
        }
    }

    #[test]
    fn syntax_errors_that_blanking_would_change_are_not_triaged() {
        let deep = format!("x: {}{}\n", "[".repeat(yaml::MAX_DEPTH + 1), "]".repeat(yaml::MAX_DEPTH + 1));
        for text in [
            // A limit: it counts the nodes of documents blanked.
            format!("---\n{CONFIG_MAP}---\n{POD}{deep}"),
            // An alias to an anchor of a document that would be blanked.
            format!("---\n{CONFIG_MAP}  a: &a v\n---\n{POD}  b: *a\n"),
            // A document left unfinished after `...` (the error is at the
            // next marker) shares the blanked document's part.
            format!("---\n{CONFIG_MAP}...\nfoo: [\n---\n{POD}"),
        ] {
            assert_eq!(triage(&text), None, "{text}");
        }
    }

    /// Rule: a text whose closing brackets must move to parse, and that still
    /// has an error once they have, is not triaged: the kept text would not
    /// be fixed the same way.
    #[test]
    fn a_bracket_moved_before_a_syntax_error_is_not_triaged() {
        let fixed = "---\nkind: ConfigMap\ndata:\n  k: [\n    a,\n]\n";
        let after = "---\nkind: Pod\nx: [\n    a,\n  ] junk\n";
        let text = format!("{fixed}{after}");
        assert_eq!(triage(&text), None);
        // Blanked, the ConfigMap no longer makes the loader move the Pod's
        // bracket, and the error after it moves.
        let blanked = Triaged {
            kept: format!("---\n{}{after}", "\n".repeat(fixed.lines().count() - 1)),
            dropped: vec![Dropped { kind: "ConfigMap".into(), span: Span { line: 2, col: 7, len: 9 } }],
        };
        let (whole, triaged) = loads(&text, &blanked);
        assert!(whole.contains("line: 11, col: 7") && triaged.contains("line: 11, col: 5"), "{whole}\n{triaged}");
        // Fixed without an error, it is triaged as before.
        let t = triage(&format!("{fixed}---\n{POD}")).unwrap();
        assert_eq!(t.dropped.len(), 1);
    }

    #[test]
    fn a_kind_that_does_not_fit_the_message_is_kept() {
        let text = format!("kind: \"Config\\tMap\"\n---\n{POD}");
        assert_eq!(triage(&text), None);
    }

    #[test]
    fn the_message_reads_back_as_written() {
        let text = format!("{CONFIG_MAP}---\n{POD}---\n{}", CONFIG_MAP.replace("ConfigMap", "\"\""));
        let t = triage(&text).unwrap();
        assert_eq!(t.dropped.len(), 2);
        assert_eq!(t.dropped[1].kind, "");
        assert_eq!(Triaged::from_message(t.kept.clone(), &t.dropped_message()), Some(t));
        let empty = Triaged { kept: String::new(), dropped: Vec::new() };
        assert_eq!(Triaged::from_message(String::new(), &empty.dropped_message()), Some(empty));
    }

    #[test]
    fn a_malformed_message_is_refused() {
        for message in [
            "ConfigMap\t2\t7\n",
            "ConfigMap\t2\t7\t9\t1\n",
            "ConfigMap\t2\tx\t9\n",
            "ConfigMap\t0\t7\t9\n",
            "ConfigMap\t2\t7\t-9\n",
            "ConfigMap\t2\t7\t99999999999\n",
            "ConfigMap 2 7 9\n",
            "\n",
            "ConfigMap\t2\t7\t9\n\n",
            // Out of source order.
            "ConfigMap\t9\t7\t9\nSecret\t2\t7\t6\n",
            "ConfigMap\t2\t7\t9\nSecret\t2\t7\t6\n",
        ] {
            assert_eq!(Triaged::from_message(String::new(), message), None, "{message:?}");
        }
    }
}
