//! Where a finding points, and how a suggestion changes the manifest: the
//! YAML tree of the user's text (every node with its line and column) is
//! searched for a probe's fields, and a suggestion becomes a text edit that
//! keeps the rest of the file as written (comments, order, style).
//!
//! The loader keeps the span of each probe's key (`livenessProbe:`) and of
//! each container; the fields inside are found here, from those spans.

use crate::yaml::{Document, Node, Span, parse_stream_cached};
use std::rc::Rc;

/// Replace `delete` characters at (`line`, `col`) with `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub line: u32,
    pub col: u32,
    pub delete: u32,
    pub insert: String,
}

/// The text with the edits made (each at its place in the original text).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut at: Vec<(usize, &Edit)> =
        edits.iter().filter_map(|e| offset(text, e.line, e.col).map(|o| (o, e))).collect();
    // From the end, so that earlier offsets stay right.
    crate::sort::sort_by_key(&mut at, |(o, _)| std::cmp::Reverse(*o));
    let mut out = text.to_string();
    for (start, edit) in at {
        let end = out[start..].char_indices().nth(edit.delete as usize).map_or(out.len(), |(i, _)| start + i);
        out.replace_range(start..end, &edit.insert);
    }
    out
}

/// The byte offset of a (line, column) position, both counted from 1,
/// columns in characters.
fn offset(text: &str, line: u32, col: u32) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let rest = &text[start..];
    match rest.char_indices().nth(col.saturating_sub(1) as usize) {
        Some((i, _)) => Some(start + i),
        None => Some(start + rest.len()),
    }
}

/// The documents of a stream by its `---` lines: each one's first line
/// (counted from 1) and text, without the separator.
pub fn documents(text: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, Vec<&str>)> = vec![(1, vec![])];
    for (i, line) in text.split('\n').enumerate() {
        if is_separator(line) {
            out.push((i as u32 + 2, vec![]));
        } else {
            out.last_mut().expect("one at least").1.push(line);
        }
    }
    out.into_iter().map(|(first, lines)| (first, lines.join("\n"))).collect()
}

/// The documents at `indices`, as one stream.
pub fn cut(text: &str, indices: &[usize]) -> String {
    let documents = documents(text);
    let picked: Vec<&str> =
        indices.iter().filter_map(|&i| documents.get(i)).map(|(_, d)| d.trim_matches('\n')).collect();
    picked.join("\n---\n")
}

/// The stream without its behaviour documents (those with a top-level
/// `kind: Behaviour`).
pub fn without_behaviour(text: &str) -> String {
    let behaviour = |d: &str| {
        d.lines().any(|l| {
            let value = l.strip_prefix("kind:").map(|v| v.split('#').next().unwrap_or("").trim());
            value.is_some_and(|v| v.trim_matches(['"', '\'']) == "Behaviour")
        })
    };
    let kept: Vec<String> = documents(text)
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| !behaviour(d) && !d.trim().is_empty())
        .map(|d| d.trim_matches('\n').to_string())
        .collect();
    kept.join("\n---\n")
}

/// The user's text and its YAML tree.
pub struct Source<'a> {
    text: &'a str,
    /// Its documents, shared with the loader's parse of the same text.
    documents: Vec<Rc<Document>>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        let (documents, _) = parse_stream_cached(text);
        Source { text, documents }
    }

    fn roots(&self) -> impl Iterator<Item = &Node> {
        self.documents.iter().filter_map(|d| d.root.as_ref())
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The mapping entry whose key is at `key`: (key node, value node,
    /// the mapping that holds it).
    fn entry(&self, key: Span) -> Option<(&Node, &Node, &Node)> {
        let mut stack: Vec<&Node> = self.roots().collect();
        while let Some(node) = stack.pop() {
            if let Some(entries) = node.as_map() {
                for (k, v) in entries {
                    if same_place(k.span, key) {
                        return Some((k, v, node));
                    }
                    stack.push(v);
                }
            } else if let Some(items) = node.as_seq() {
                stack.extend(items.iter());
            }
        }
        None
    }

    /// The mapping that starts at `at` (a container's span).
    fn mapping_at(&self, at: Span) -> Option<&Node> {
        let mut stack: Vec<&Node> = self.roots().collect();
        while let Some(node) = stack.pop() {
            if node.as_map().is_some() && same_place(start(node), at) {
                return Some(node);
            }
            if let Some(entries) = node.as_map() {
                stack.extend(entries.iter().map(|(_, v)| v));
            } else if let Some(items) = node.as_seq() {
                stack.extend(items.iter());
            }
        }
        None
    }

    /// The index (in `documents`) of the document whose object starts at
    /// `at` (a workload's or a Service's span); `None` if the object is not
    /// a document of its own (an item of a `kind: List`).
    pub fn document_index(&self, at: Span) -> Option<usize> {
        if !self.roots().any(|r| same_place(start(r), at)) {
            return None;
        }
        // The separators before its line, as `documents` counts them (without
        // copying the documents' text).
        let before = self.text.split('\n').take(at.line.saturating_sub(1) as usize);
        Some(before.filter(|line| is_separator(line)).count())
    }

    /// Where a probe's field is written (its key), else the probe's key.
    pub fn probe_field(&self, probe: Span, field: &str) -> Span {
        self.entry(probe)
            .and_then(|(_, value, _)| {
                value.as_map()?.iter().find(|(k, _)| k.as_str() == Some(field)).map(|(k, _)| k.span)
            })
            .unwrap_or(probe)
    }

    /// Sets a probe's field to `value`: the value replaced where the field
    /// is written, else the field added to the probe.
    pub fn set_probe_field(&self, probe: Span, field: &str, value: &str) -> Option<Edit> {
        let (_, mapping, _) = self.entry(probe)?;
        self.set_in_mapping(mapping, field, value)
    }

    /// Where a field of a probe's handler is written (its value), e.g. the
    /// `port` of `httpGet`.
    pub fn handler_field(&self, probe: Span, handler: &str, field: &str) -> Option<Span> {
        let (_, value, _) = self.entry(probe)?;
        let (_, handler) = value.as_map()?.iter().find(|(k, _)| k.as_str() == Some(handler))?;
        handler.as_map()?.iter().find(|(k, _)| k.as_str() == Some(field)).map(|(_, v)| v.span)
    }

    /// Sets the `port` of the probe handler whose key is at `handler`.
    pub fn set_handler_port(&self, handler: Span, value: &str) -> Option<Edit> {
        let (_, mapping, _) = self.entry(handler)?;
        self.set_in_mapping(mapping, "port", value)
    }

    /// Where a field of the pod spec holding the container at `container`
    /// is written (its key).
    pub fn pod_field(&self, container: Span, field: &str) -> Option<Span> {
        let spec = self.pod_spec_of(container)?;
        spec.as_map()?.iter().find(|(k, _)| k.as_str() == Some(field)).map(|(k, _)| k.span)
    }

    /// Sets a field of the pod spec that holds the container at `container`.
    pub fn set_pod_field(&self, container: Span, field: &str, value: &str) -> Option<Edit> {
        let spec = self.pod_spec_of(container)?;
        self.set_in_mapping(spec, field, value)
    }

    /// The mapping with a `containers` (or `initContainers`) list holding
    /// the container at `container`.
    fn pod_spec_of(&self, container: Span) -> Option<&Node> {
        let mut stack: Vec<&Node> = self.roots().collect();
        while let Some(node) = stack.pop() {
            if let Some(entries) = node.as_map() {
                for (k, v) in entries {
                    let list = matches!(k.as_str(), Some("containers" | "initContainers"));
                    if list && v.as_seq().is_some_and(|items| items.iter().any(|c| same_place(start(c), container))) {
                        return Some(node);
                    }
                    stack.push(v);
                }
            } else if let Some(items) = node.as_seq() {
                stack.extend(items.iter());
            }
        }
        None
    }

    /// Adds `key: value` (a flow value on one line) to the container at
    /// `container`.
    pub fn add_to_container(&self, container: Span, key: &str, value: &str) -> Option<Edit> {
        let mapping = self.mapping_at(container)?;
        self.add_to_mapping(mapping, key, value)
    }

    fn set_in_mapping(&self, mapping: &Node, field: &str, value: &str) -> Option<Edit> {
        let entries = mapping.as_map()?;
        match entries.iter().find(|(k, _)| k.as_str() == Some(field)) {
            Some((_, v)) if v.as_scalar().is_some() => {
                let written = self.written_scalar(v.span)?;
                Some(Edit { line: v.span.line, col: v.span.col, delete: written, insert: value.to_string() })
            }
            Some(_) => None,
            None => self.add_to_mapping(mapping, field, value),
        }
    }

    /// The length in characters of the scalar written at `at`, quotes
    /// included: up to the end of the line, a comment, or (in flow style) a
    /// `,` or a closing bracket.
    fn written_scalar(&self, at: Span) -> Option<u32> {
        let start = offset(self.text, at.line, at.col)?;
        let rest = &self.text[start..];
        let line = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
        let quote = line.chars().next().filter(|c| *c == '"' || *c == '\'');
        let len = match quote {
            Some(q) => line[1..].find(q).map_or(line.len(), |i| i + 2),
            None => line.find([',', '}', ']', '#']).unwrap_or(line.len()),
        };
        Some(line[..len].trim_end().chars().count() as u32)
    }

    /// Adds an entry to a mapping, in its style: after `{` in a flow
    /// mapping; in a block mapping, on a line of its own at the column of
    /// its keys, after a key whose value fits on its line (the entry's
    /// first line may start with `- `, before which nothing can go).
    fn add_to_mapping(&self, mapping: &Node, key: &str, value: &str) -> Option<Edit> {
        let at = start(mapping);
        if self.text[offset(self.text, at.line, at.col)?..].starts_with('{') {
            let insert = format!("{key}: {value}, ");
            return Some(Edit { line: at.line, col: at.col + 1, delete: 0, insert });
        }
        let entries = mapping.as_map()?;
        let (first, _) = entries.first()?;
        let indent = " ".repeat(first.span.col.saturating_sub(1) as usize);
        let insert = format!("{indent}{key}: {value}\n");
        let line_start = offset(self.text, first.span.line, 1)?;
        let before_first = &self.text[line_start..offset(self.text, first.span.line, first.span.col)?];
        if before_first.chars().all(|c| c == ' ') {
            return Some(Edit { line: first.span.line, col: 1, delete: 0, insert });
        }
        let one_line = entries.iter().find(|(k, v)| v.span.line == k.span.line && v.as_scalar().is_some())?;
        Some(Edit { line: one_line.0.span.line + 1, col: 1, delete: 0, insert })
    }
}

/// Where a mapping starts: its `{`, or its first key (the parser places a
/// block mapping after it), as the loader's container spans do.
fn start(node: &Node) -> Span {
    let first_key = node.as_map().and_then(|entries| entries.first()).map(|(k, _)| k.span);
    match first_key {
        Some(key) if (key.line, key.col) < (node.span.line, node.span.col) => key,
        _ => node.span,
    }
}

/// A document separator line: `---`, alone or before a comment or content.
fn is_separator(line: &str) -> bool {
    line.starts_with("---") && line[3..].chars().next().is_none_or(|c| c.is_whitespace())
}

fn same_place(a: Span, b: Span) -> bool {
    a.line == b.line && a.col == b.col
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "\
spec:
  containers:
  - name: app
    image: web
    livenessProbe:
      httpGet: {path: /health, port: 8080}
      failureThreshold: 3 # three strikes
    readinessProbe: {httpGet: {path: /ready, port: 8080}}
";

    fn span(line: u32, col: u32) -> Span {
        Span { line, col, len: 1 }
    }

    #[test]
    fn a_field_is_changed_where_it_is_written_or_added_in_the_mappings_style() {
        let source = Source::new(BLOCK);
        let liveness = span(5, 5);
        assert_eq!(source.probe_field(liveness, "failureThreshold"), Span { line: 7, col: 7, len: 16 });
        assert_eq!(source.probe_field(liveness, "periodSeconds"), liveness);
        let set = source.set_probe_field(liveness, "failureThreshold", "6").unwrap();
        assert_eq!(apply(BLOCK, &[set]).lines().nth(6), Some("      failureThreshold: 6 # three strikes"));
        let add = source.set_probe_field(liveness, "periodSeconds", "5").unwrap();
        let added = apply(BLOCK, &[add]);
        assert_eq!(added.lines().nth(5), Some("      periodSeconds: 5"));
        assert_eq!(added.lines().nth(6), Some("      httpGet: {path: /health, port: 8080}"));
        let flow = source.set_probe_field(span(8, 5), "failureThreshold", "2").unwrap();
        assert_eq!(
            apply(BLOCK, &[flow]).lines().nth(7),
            Some("    readinessProbe: {failureThreshold: 2, httpGet: {path: /ready, port: 8080}}")
        );
    }

    #[test]
    fn a_probe_and_a_pod_field_are_added_to_the_container_and_its_pod() {
        let source = Source::new(BLOCK);
        let container = span(3, 5);
        let probe = source.add_to_container(container, "startupProbe", "{tcpSocket: {port: 8080}}").unwrap();
        let grace = source.set_pod_field(container, "terminationGracePeriodSeconds", "45").unwrap();
        let text = apply(BLOCK, &[probe, grace]);
        assert!(
            text.contains("  - name: app\n    startupProbe: {tcpSocket: {port: 8080}}\n    image: web\n"),
            "{text}"
        );
        assert!(text.starts_with("spec:\n  terminationGracePeriodSeconds: 45\n  containers:\n"), "{text}");
        let reread = Source::new(&text);
        assert!(
            reread.roots().next().unwrap().get("spec").and_then(|s| s.get("terminationGracePeriodSeconds")).is_some(),
            "{text}"
        );
    }
}
