//! Edits the cluster in the behaviour document's text, touching nothing
//! else: the page's version selector and gate toggles, and a share link
//! that opens on the version it was made on, write the version into the
//! text so that the text stays the truth. Comments, order and style (block
//! or flow mappings) are kept; a new field goes first in its mapping.

use super::{Cluster, Gate, Version};
use crate::yaml::{Node, Span, parse_stream};

/// The cluster the behaviour document describes (the default one where it
/// says nothing, or nothing valid).
pub fn cluster_of(behaviour: &str) -> Cluster {
    let (docs, _) = parse_stream(behaviour);
    let roots: Vec<&Node> = docs
        .iter()
        .filter_map(|d| d.root.as_ref())
        .filter(|root| root.get("kind").and_then(Node::as_str) == Some("Behaviour"))
        .collect();
    super::of_behaviour(&roots, None)
}

/// The version the behaviour document names, if it names one it can.
pub fn named_version(behaviour: &str) -> Option<Version> {
    let root = behaviour_root(behaviour)?;
    let text = root.get("simulation")?.get("kubernetes")?.as_str()?.to_string();
    Version::parse(&text).ok().map(|(v, _)| v)
}

/// The behaviour document with `simulation.kubernetes` set to `version`.
pub fn set_version(behaviour: &str, version: Version) -> String {
    set(behaviour, &["simulation"], "kubernetes", Some(&format!("\"{version}\"")))
}

/// The behaviour document with `gate` set in `simulation.featureGates`, or
/// taken out (`None`: the version's default).
pub fn set_gate(behaviour: &str, gate: Gate, on: Option<bool>) -> String {
    let value = on.map(|on| on.to_string());
    set(behaviour, &["simulation", "featureGates"], gate.name(), value.as_deref())
}

/// The root of the first document with `kind: Behaviour`.
fn behaviour_root(text: &str) -> Option<Node> {
    let (docs, _) = parse_stream(text);
    docs.into_iter().filter_map(|d| d.root).find(|root| root.get("kind").and_then(Node::as_str) == Some("Behaviour"))
}

/// Sets (or with `None` removes) `key` in the mapping at `path` under the
/// behaviour document's root, creating the mappings on the way.
fn set(text: &str, path: &[&str], key: &str, value: Option<&str>) -> String {
    let Some(root) = behaviour_root(text) else {
        let Some(value) = value else { return text.to_string() };
        // No behaviour document yet: one with just this field.
        let mut doc = String::from("kind: Behaviour\n");
        for (depth, name) in path.iter().enumerate() {
            doc.push_str(&format!("{}{name}:\n", "  ".repeat(depth)));
        }
        doc.push_str(&format!("{}{key}: {value}\n", "  ".repeat(path.len())));
        return if text.trim().is_empty() { doc } else { format!("{}\n---\n{doc}", text.trim_end_matches('\n')) };
    };
    let edit = Edit { text, lines: text.split('\n').collect() };
    // Walk down to the deepest mapping that exists.
    let mut map = &root;
    for (depth, name) in path.iter().enumerate() {
        let entry = map.as_map().and_then(|entries| entries.iter().find(|(k, _)| k.as_str() == Some(name)));
        let Some(value) = value else {
            // Nothing to take out below a mapping that is not there.
            match entry {
                Some((_, v)) if v.as_map().is_some() => {
                    map = v;
                    continue;
                }
                _ => return text.to_string(),
            }
        };
        let nested = flow(&path[depth + 1..], key, value);
        match entry {
            Some((_, v)) if v.as_map().is_some() => map = v,
            // `name:` with nothing after it: the mapping goes after the colon.
            Some((k, v)) if v.is_null() && v.as_str() == Some("") => {
                return edit.insert_at(k.span.line, k.span.col + k.span.len + 1, &format!(" {nested}"));
            }
            // A null or a scalar in the way: a mapping replaces it.
            Some((_, v)) => return edit.replace(v.span, &nested),
            None => return edit.add_entry(map, &format!("{name}: {nested}")),
        }
    }
    let entries = map.as_map().unwrap_or(&[]);
    match (entries.iter().find(|(k, _)| k.as_str() == Some(key)), value) {
        (Some((_, v)), Some(value)) => edit.replace(v.span, value),
        (Some((k, v)), None) => edit.remove_entry(map, k, v),
        (None, Some(value)) => edit.add_entry(map, &format!("{key}: {value}")),
        (None, None) => text.to_string(),
    }
}

/// `key: value` nested in flow mappings under `path`: `{a: {key: value}}`.
fn flow(path: &[&str], key: &str, value: &str) -> String {
    path.iter().rev().fold(format!("{{{key}: {value}}}"), |inner, name| format!("{{{name}: {inner}}}"))
}

struct Edit<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
}

impl Edit<'_> {
    /// The byte offset of a 1-based (line, column in characters).
    fn offset(&self, line: u32, col: u32) -> usize {
        let start: usize = self.lines[..(line as usize - 1).min(self.lines.len())].iter().map(|l| l.len() + 1).sum();
        let text = self.lines.get(line as usize - 1).copied().unwrap_or("");
        start + text.char_indices().nth(col as usize - 1).map_or(text.len(), |(i, _)| i)
    }

    fn replace(&self, span: Span, with: &str) -> String {
        let start = self.offset(span.line, span.col);
        let end = self.offset(span.line, span.col + span.len);
        format!("{}{with}{}", &self.text[..start], &self.text[end..])
    }

    fn insert_at(&self, line: u32, col: u32, with: &str) -> String {
        let at = self.offset(line, col);
        format!("{}{with}{}", &self.text[..at], &self.text[at..])
    }

    /// A new line after line `line`.
    fn insert_after_line(&self, line: u32, with: &str) -> String {
        let at = self.offset(line, 1) + self.lines[line as usize - 1].len();
        let (before, after) = self.text.split_at(at);
        if after.is_empty() { format!("{before}\n{with}\n") } else { format!("{before}\n{with}{after}") }
    }

    /// A new first entry of `map`, in its style.
    fn add_entry(&self, map: &Node, field: &str) -> String {
        let entries = map.as_map().unwrap_or(&[]);
        let Some((first, _)) = entries.first() else {
            // `{}`: the only entry.
            return self.insert_at(map.span.line, map.span.col + 1, field);
        };
        if self.is_flow(map) {
            return self.insert_at(first.span.line, first.span.col, &format!("{field}, "));
        }
        // A block mapping: a line of its own at the first key's indentation,
        // before it (after the root's `kind` line, for the root).
        let indent = " ".repeat(first.span.col as usize - 1);
        let before = entries.iter().find(|(k, _)| k.as_str() == Some("kind")).filter(|_| first.span.col == 1);
        match before {
            Some((_, kind)) => self.insert_after_line(kind.span.line, &format!("{indent}{}", block(field, &indent))),
            None => {
                let at = self.offset(first.span.line, 1);
                format!("{}{indent}{}\n{}", &self.text[..at], block(field, &indent), &self.text[at..])
            }
        }
    }

    /// Takes `key: value` out of `map`: its line in a block mapping, the
    /// entry and a comma in a flow one.
    fn remove_entry(&self, map: &Node, key: &Node, value: &Node) -> String {
        if self.is_flow(map) {
            let start = self.offset(key.span.line, key.span.col);
            let mut end = self.offset(value.span.line, value.span.col + value.span.len);
            let rest = &self.text[end..];
            let skipped = rest.len() - rest.trim_start_matches([',', ' ']).len();
            end += skipped;
            let mut start = start;
            if !rest[..skipped].contains(',') {
                // The last entry: the comma before it goes.
                let before = self.text[..start].trim_end_matches(' ');
                if let Some(trimmed) = before.strip_suffix(',') {
                    start = trimmed.len();
                }
            }
            return format!("{}{}", &self.text[..start], &self.text[end..]);
        }
        let line = key.span.line as usize - 1;
        let mut lines = self.lines.clone();
        lines.remove(line);
        lines.join("\n")
    }

    fn is_flow(&self, map: &Node) -> bool {
        let at = self.offset(map.span.line, map.span.col);
        self.text[at..].starts_with('{')
    }
}

/// A `name: {nested: value}` field written as block lines under `indent`.
fn block(field: &str, indent: &str) -> String {
    match field.split_once(": {") {
        Some((name, rest)) => {
            let inner = rest.strip_suffix('}').unwrap_or(rest);
            format!("{name}:\n{indent}  {inner}")
        }
        _ => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(minor: u8) -> Version {
        Version::new(minor).unwrap()
    }

    #[test]
    fn the_version_goes_where_the_document_has_room_for_it() {
        let cases = [
            ("", "kind: Behaviour\nsimulation:\n  kubernetes: \"1.29\"\n"),
            ("kind: Behaviour\napps: []\n", "kind: Behaviour\nsimulation:\n  kubernetes: \"1.29\"\napps: []\n"),
            (
                "kind: Behaviour # the app\nsimulation:\n  duration: 2m # long enough\n",
                "kind: Behaviour # the app\nsimulation:\n  kubernetes: \"1.29\"\n  duration: 2m # long enough\n",
            ),
            (
                "kind: Behaviour\nsimulation: {duration: 2m}\n",
                "kind: Behaviour\nsimulation: {kubernetes: \"1.29\", duration: 2m}\n",
            ),
            (
                "kind: Behaviour\nsimulation: {kubernetes: '1.33', seed: 2}\n",
                "kind: Behaviour\nsimulation: {kubernetes: \"1.29\", seed: 2}\n",
            ),
            (
                "kind: Behaviour\nsimulation:\n  kubernetes: 1.33 # was\n",
                "kind: Behaviour\nsimulation:\n  kubernetes: \"1.29\" # was\n",
            ),
            ("kind: Behaviour\nsimulation: {}\n", "kind: Behaviour\nsimulation: {kubernetes: \"1.29\"}\n"),
            ("kind: Behaviour\nsimulation:\n", "kind: Behaviour\nsimulation: {kubernetes: \"1.29\"}\n"),
            ("kind: Pod\n", "kind: Pod\n---\nkind: Behaviour\nsimulation:\n  kubernetes: \"1.29\"\n"),
        ];
        for (before, after) in cases {
            let edited = set_version(before, v(29));
            assert_eq!(edited, after, "{before:?}");
            assert_eq!(named_version(&edited), Some(v(29)), "{edited}");
        }
        assert_eq!(named_version("kind: Behaviour\nsimulation: {seed: 1}\n"), None);
    }

    #[test]
    fn the_cluster_of_a_behaviour_text() {
        let c = cluster_of(
            "kind: Behaviour\nsimulation: {kubernetes: \"1.28\", featureGates: {SidecarContainers: true}}\n",
        );
        assert_eq!(c.version, v(28));
        assert!(c.enabled(Gate::SidecarContainers));
        assert_eq!(cluster_of(""), Cluster::default());
    }

    #[test]
    fn gates_are_set_and_taken_out() {
        let on = set_gate("kind: Behaviour\nsimulation: {kubernetes: \"1.28\"}\n", Gate::SidecarContainers, Some(true));
        assert_eq!(
            on,
            "kind: Behaviour\nsimulation: {featureGates: {SidecarContainers: true}, kubernetes: \"1.28\"}\n"
        );
        let two = set_gate(&on, Gate::ExecProbeTimeout, Some(false));
        assert_eq!(
            two,
            "kind: Behaviour\nsimulation: {featureGates: {ExecProbeTimeout: false, SidecarContainers: true}, kubernetes: \"1.28\"}\n"
        );
        assert_eq!(set_gate(&two, Gate::ExecProbeTimeout, None), on);
        let block = "kind: Behaviour\nsimulation:\n  kubernetes: \"1.28\"\n";
        let on = set_gate(block, Gate::SidecarContainers, Some(true));
        assert_eq!(
            on,
            "kind: Behaviour\nsimulation:\n  featureGates:\n    SidecarContainers: true\n  kubernetes: \"1.28\"\n"
        );
        assert_eq!(set_gate(&on, Gate::SidecarContainers, Some(false)).matches("false").count(), 1);
        let off = set_gate(&on, Gate::SidecarContainers, None);
        assert_eq!(off, "kind: Behaviour\nsimulation:\n  featureGates:\n  kubernetes: \"1.28\"\n");
        assert_eq!(
            set_gate("kind: Behaviour\n", Gate::SidecarContainers, Some(true)),
            "kind: Behaviour\nsimulation:\n  featureGates: {SidecarContainers: true}\n"
        );
    }
}
