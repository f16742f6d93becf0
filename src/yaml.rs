//! A YAML document tree that remembers where every node came from.
//!
//! `serde_yaml` gives values without positions, and diagnostics must point at the
//! line and column of the offending key or value. So the scenario text is read
//! into this small tree with a span on every node, using `yaml-rust2`'s event
//! parser. The tree is built iteratively (no recursion), so 50,000-deep nesting
//! is an error and not a stack overflow, and alias expansion is bounded so an
//! alias bomb is an error and not an out-of-memory.
//!
//! Scalars keep their source text and whether they were quoted: Kubernetes
//! decides types by the schema (a quoted `"8080"` is a string, a plain `8080` an
//! integer), so typing happens where the schema is known, not here.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

mod cache;
pub(crate) use cache::{document_starts, is_marker};
pub use cache::{parse_next_parts, parse_stream_cached};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Where a node starts in the source text. `line` and `col` count from 1,
/// `col` in characters; `len` is the length of the node's first token, for
/// underlining.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Span {
    fn at(mark: &Marker, len: usize) -> Span {
        Span { line: mark.line() as u32, col: mark.col() as u32 + 1, len: len.max(1) as u32 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub text: String,
    /// Quoted or block scalars are always strings.
    pub quoted: bool,
}

/// Limits that keep hostile input bounded; each is stated in the error it causes.
pub const MAX_DEPTH: usize = 200;
pub const MAX_NODES: usize = 2_000_000;
/// Text copied by alias expansion: one long scalar behind many aliases is a
/// bomb too, though it adds few nodes.
pub const MAX_EXPANDED_TEXT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub kind: SyntaxErrorKind,
    pub message: String,
}

/// What kind of error a `SyntaxError` is, for code that acts on it; the
/// message says it to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// A line indented where the grammar does not allow it, as yaml-rust2
    /// finds a flow collection's closing bracket indented less than its
    /// content (which go-yaml accepts).
    InvalidIndentation,
    /// Any other error in the YAML grammar.
    Grammar,
    /// One of the limits that keep hostile input bounded: depth, nodes, or
    /// text expanded through aliases.
    Limit,
}

/// The message of an alias to an anchor the parser knows but the tree does
/// not: one an earlier document of the stream defines (the parser, unlike
/// the tree, knows anchors across documents, and words an anchor never
/// defined otherwise), or one on a node the alias is within.
pub(crate) const ALIAS_TO_EARLIER_DOCUMENT: &str = "alias to an unknown anchor";

/// One document of a stream, with the span of its first node (or of the
/// `---` that opened it).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub span: Span,
    pub root: Option<Node>,
}

/// Parses a multi-document YAML (or JSON) stream. On a syntax error, the
/// documents completed before it are returned along with the error.
pub fn parse_stream(text: &str) -> (Vec<Document>, Option<SyntaxError>) {
    let parsed = parse_counted(text, Counts::default());
    (parsed.docs, parsed.error)
}

/// What the limits count, carried from one part of a stream to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    nodes: usize,
    expanded_text_bytes: usize,
}

impl Counts {
    fn plus(self, other: Counts) -> Counts {
        Counts {
            nodes: self.nodes + other.nodes,
            expanded_text_bytes: self.expanded_text_bytes + other.expanded_text_bytes,
        }
    }

    fn within_limits(self) -> bool {
        self.nodes <= MAX_NODES && self.expanded_text_bytes <= MAX_EXPANDED_TEXT_BYTES
    }
}

struct Parsed {
    docs: Vec<Document>,
    error: Option<SyntaxError>,
    /// The error is an alias to an anchor the parse did not see: the
    /// parser knows anchors across a stream's documents, the tree only
    /// within one, so a part parsed alone may say so where the stream does not.
    unknown_anchor: bool,
    /// The counts at the end (or at the error).
    counts: Counts,
}

/// `parse_stream` of a text whose earlier part counted `start` towards the limits.
fn parse_counted(text: &str, start: Counts) -> Parsed {
    let mut builder = Builder { counts: start, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    let mut unknown_anchor = false;
    let error = loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break None,
            Ok((event, mark)) => {
                if let Err(e) = builder.on_event(event, mark) {
                    break Some(e);
                }
            }
            Err(e) => {
                let mark = e.marker();
                unknown_anchor = e.info() == "while parsing node, found unknown anchor";
                let kind = match e.info() {
                    "invalid indentation" => SyntaxErrorKind::InvalidIndentation,
                    _ => SyntaxErrorKind::Grammar,
                };
                break Some(SyntaxError { span: Span::at(mark, 1), kind, message: syntax_message(e.info()) });
            }
        }
    };
    let unknown_anchor = unknown_anchor || builder.unknown_anchor;
    Parsed { docs: builder.docs, error, unknown_anchor, counts: builder.counts }
}

/// yaml-rust2 words its errors after libyaml's; make them read as sentences.
fn syntax_message(info: &str) -> String {
    let mut message = format!("YAML syntax error: {info}");
    if info.contains("mapping values are not allowed") {
        message.push_str(
            " (a `key: value` where only a value fits: check the indentation, or quote a value that contains `: `)",
        );
    } else if info.contains("did not find expected key") {
        message.push_str(" (check the indentation of this line against the lines above)");
    }
    message
}

enum Open {
    Seq(Span, Vec<Node>, usize),
    /// A mapping being built; `pending_key` holds a key awaiting its value.
    Map(Span, Vec<(Node, Node)>, Option<Node>, usize),
}

#[derive(Default)]
struct Builder {
    docs: Vec<Document>,
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    doc_span: Span,
    doc_has_root: bool,
    counts: Counts,
    /// It stopped at an alias to an anchor its document does not define.
    unknown_anchor: bool,
}

impl Builder {
    fn on_event(&mut self, event: Event, mark: Marker) -> Result<(), SyntaxError> {
        match event {
            Event::DocumentStart => {
                self.doc_span = Span::at(&mark, 3);
                self.doc_has_root = false;
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                if !self.doc_has_root {
                    // A document with no node at all (`---` then `---`).
                    self.docs.push(Document { span: self.doc_span, root: None });
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                let len = text.chars().count() + if quoted { 2 } else { 0 };
                let span = Span::at(&mark, len);
                let node = Node { span, value: Value::Scalar(Scalar { text, quoted }) };
                self.finish(node, anchor, &mark)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    self.unknown_anchor = true;
                    return Err(SyntaxError {
                        span: Span::at(&mark, 1),
                        kind: SyntaxErrorKind::Grammar,
                        message: ALIAS_TO_EARLIER_DOCUMENT.into(),
                    });
                };
                let (nodes, text_bytes) = size(&target);
                self.counts.nodes += nodes;
                self.counts.expanded_text_bytes += text_bytes;
                if self.counts.expanded_text_bytes > MAX_EXPANDED_TEXT_BYTES {
                    return Err(SyntaxError {
                        span: Span::at(&mark, 1),
                        kind: SyntaxErrorKind::Limit,
                        message: format!(
                            "the document expands to more than {MAX_EXPANDED_TEXT_BYTES} bytes of text through aliases; refusing to expand further"
                        ),
                    });
                }
                if self.counts.nodes > MAX_NODES {
                    return Err(SyntaxError {
                        span: Span::at(&mark, 1),
                        kind: SyntaxErrorKind::Limit,
                        message: format!(
                            "the document expands to more than {MAX_NODES} nodes through aliases; refusing to expand further"
                        ),
                    });
                }
                let node = Node { span: Span::at(&mark, 1), value: target.value };
                self.finish(node, 0, &mark)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(&mark)?;
                self.stack.push(Open::Seq(Span::at(&mark, 1), Vec::new(), anchor));
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(&mark)?;
                self.stack.push(Open::Map(Span::at(&mark, 1), Vec::new(), None, anchor));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node_and_anchor = match self.stack.pop() {
                    Some(Open::Seq(span, items, anchor)) => (Node { span, value: Value::Seq(items) }, anchor),
                    Some(Open::Map(span, entries, _, anchor)) => (Node { span, value: Value::Map(entries) }, anchor),
                    None => return Ok(()),
                };
                self.finish(node_and_anchor.0, node_and_anchor.1, &mark)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn check_depth(&self, mark: &Marker) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                span: Span::at(mark, 1),
                kind: SyntaxErrorKind::Limit,
                message: format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
            });
        }
        Ok(())
    }

    /// Places a completed node into its parent, or ends the document.
    fn finish(&mut self, node: Node, anchor: usize, mark: &Marker) -> Result<(), SyntaxError> {
        self.counts.nodes += 1;
        if self.counts.nodes > MAX_NODES {
            return Err(SyntaxError {
                span: Span::at(mark, 1),
                kind: SyntaxErrorKind::Limit,
                message: format!("more than {MAX_NODES} YAML nodes"),
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            Some(Open::Seq(_, items, _)) => items.push(node),
            Some(Open::Map(_, entries, pending, _)) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => *pending = Some(node),
            },
            None => {
                self.doc_has_root = true;
                self.docs.push(Document { span: node.span, root: Some(node) });
            }
        }
        Ok(())
    }
}

/// The nodes in a tree and the bytes of its scalars' text: what expanding
/// an alias to it copies.
fn size(node: &Node) -> (usize, usize) {
    let (mut nodes, mut bytes) = (0, 0);
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        nodes += 1;
        match &n.value {
            Value::Scalar(s) => bytes += s.text.len(),
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    (nodes, bytes)
}

impl Node {
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A YAML null: `~`, `null`, or nothing at all (`key:`).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s) if !s.quoted && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a scalar read as a string (plain or quoted alike).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// A plain (unquoted) integer scalar, as YAML 1.2's core schema reads it.
    pub fn as_int(&self) -> Option<i64> {
        let s = self.as_scalar()?;
        if s.quoted {
            return None;
        }
        let t = s.text.as_str();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let value = if let Some(hex) = digits.strip_prefix("0x") {
            i64::from_str_radix(hex, 16).ok()?
        } else if let Some(oct) = digits.strip_prefix("0o") {
            i64::from_str_radix(oct, 8).ok()?
        } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse().ok()?
        } else {
            return None;
        };
        Some(if neg { -value } else { value })
    }

    /// A plain scalar YAML reads as a number: an integer (even one too big
    /// for i64) or a float, `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    /// Versions such as `1.15.1` and addresses such as `0.0.0.0` are strings.
    pub fn is_number_like(&self) -> bool {
        let Some(s) = self.as_scalar().filter(|s| !s.quoted) else { return false };
        let unsigned = s.text.strip_prefix(['-', '+']).unwrap_or(&s.text);
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let mantissa_ok = match mantissa.split_once('.') {
            Some((whole, fraction)) => digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty()),
            None => !mantissa.is_empty() && digits(mantissa),
        };
        let exponent_ok = exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        });
        mantissa_ok && exponent_ok
    }

    pub fn as_bool(&self) -> Option<bool> {
        let s = self.as_scalar()?;
        if s.quoted {
            return None;
        }
        match s.text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// Looks up a key of a mapping as Kubernetes' YAML decoder does: the last
    /// of repeated keys wins, and a key merged in (`<<: *defaults`, or a list
    /// of them) counts when the mapping does not have it itself.
    pub fn get(&self, key: &str) -> Option<&Node> {
        let entries = self.as_map()?;
        if let Some((_, v)) = entries.iter().rev().find(|(k, _)| k.as_str() == Some(key) && !k.is_merge_key()) {
            return Some(v);
        }
        entries.iter().filter(|(k, _)| k.is_merge_key()).find_map(|(_, sources)| match &sources.value {
            Value::Seq(items) => items.iter().find_map(|source| source.get(key)),
            _ => sources.get(key),
        })
    }

    /// A plain `<<` key: its value is merged into the mapping.
    pub fn is_merge_key(&self) -> bool {
        matches!(&self.value, Value::Scalar(s) if !s.quoted && s.text == "<<")
    }

    /// A short name for the kind of node, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Map(_) => "a mapping",
            Value::Seq(_) => "a list",
            Value::Scalar(_) if self.is_null() => "null",
            Value::Scalar(s) if s.quoted => "a string",
            Value::Scalar(_) if self.as_int().is_some() => "an integer",
            Value::Scalar(_) if self.as_bool().is_some() => "a boolean",
            Value::Scalar(_) => "a string",
        }
    }
}

/// `text` as a YAML scalar for text this crate writes (templates, actions):
/// plain where it reads back as itself, else single-quoted.
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !text.ends_with(|c: char| c == ':' || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !matches!(text, "true" | "false" | "null" | "~" | "yes" | "no")
        && text.parse::<f64>().is_err();
    if plain { text.to_string() } else { format!("'{}'", text.replace('\'', "''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_keys_and_values() {
        let (docs, err) = parse_stream("a: 1\nb:\n  c: \"x\"\n");
        assert!(err.is_none());
        let root = docs[0].root.as_ref().unwrap();
        let entries = root.as_map().unwrap();
        assert_eq!(entries[1].0.span, Span { line: 2, col: 1, len: 1 });
        let c = root.get("b").unwrap().get("c").unwrap();
        assert_eq!((c.span.line, c.span.col), (3, 6));
        assert_eq!(c.as_str(), Some("x"));
        assert!(c.as_scalar().unwrap().quoted);
    }

    #[test]
    fn multi_document_streams_keep_empty_documents() {
        let (docs, err) = parse_stream("---\na: 1\n---\n---\nb: 2\n");
        assert!(err.is_none());
        assert_eq!(docs.len(), 3);
        assert!(docs[1].root.as_ref().is_none_or(Node::is_null));
        assert_eq!(docs[2].root.as_ref().unwrap().get("b").unwrap().as_int(), Some(2));
    }

    #[test]
    fn aliases_expand_and_bombs_stop() {
        let (docs, err) = parse_stream("a: &p {x: 1}\nb: *p\n");
        assert!(err.is_none());
        assert_eq!(docs[0].root.as_ref().unwrap().get("b").unwrap().get("x").unwrap().as_int(), Some(1));

        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let (_, err) = parse_stream(&bomb);
        assert!(err.unwrap().message.contains("through aliases"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(50_000) + &"]".repeat(50_000);
        let (_, err) = parse_stream(&text);
        let message = err.unwrap().message;
        assert!(message.contains("nesting") || message.contains("recursion"), "{message}");
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let (_, err) = parse_stream("a: 1\nb: [1, 2\nc: 3\n");
        let err = err.unwrap();
        assert!(err.span.line >= 2, "{err:?}");
    }

    #[test]
    fn syntax_errors_have_a_kind() {
        let kind = |text: &str| parse_stream(text).1.map(|e| e.kind);
        // A closing bracket at its key's indentation, as go-yaml allows.
        assert_eq!(kind("args: [\n  \"-v\",\n]\n"), Some(SyntaxErrorKind::InvalidIndentation));
        assert_eq!(kind("a: 1\nb: [1, 2\nc: 3\n"), Some(SyntaxErrorKind::Grammar));
        assert_eq!(kind("a: *nowhere\n"), Some(SyntaxErrorKind::Grammar));
        assert_eq!(kind(&("[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1))), Some(SyntaxErrorKind::Limit));
        assert_eq!(kind("a: [x]\n"), None);
    }

    #[test]
    fn integers_follow_the_core_schema() {
        let (docs, _) = parse_stream("a: 10\nb: \"10\"\nc: ten\nd: 99999999999999999999\n");
        let root = docs[0].root.as_ref().unwrap();
        assert_eq!(root.get("a").unwrap().as_int(), Some(10));
        assert_eq!(root.get("b").unwrap().as_int(), None);
        assert_eq!(root.get("c").unwrap().as_int(), None);
        assert_eq!(root.get("d").unwrap().as_int(), None);
        assert!(root.get("d").unwrap().is_number_like());
    }

    #[test]
    fn a_scalar_is_quoted_where_yaml_would_misread_it() {
        assert_eq!(scalar("/healthz"), "/healthz");
        assert_eq!(scalar("web:1.1"), "web:1.1");
        assert_eq!(scalar("it's"), "it's");
        for (text, quoted) in
            [("*", "'*'"), ("a: b", "'a: b'"), ("'x'", "'''x'''"), ("true", "'true'"), ("8080", "'8080'"), ("", "''")]
        {
            assert_eq!(scalar(text), quoted);
            let (docs, error) = parse_stream(&format!("k: {quoted}\n"));
            assert!(error.is_none() && !docs.is_empty(), "{quoted}");
        }
    }
}
