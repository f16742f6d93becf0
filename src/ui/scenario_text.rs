//! The scenario is one YAML stream: the Kubernetes documents, then the
//! behaviour document after a `---`. The two editors each hold one half;
//! this module splits the stream into halves, joins them back, and maps a
//! line of the stream (where the loader's diagnostics point) to an editor line.

use crate::diagnostic::Diagnostic;

/// Which editor a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    Kubernetes,
    Behaviour,
}

impl Doc {
    /// The editor's accessible name and heading.
    pub fn label(self) -> &'static str {
        match self {
            Doc::Kubernetes => "Kubernetes YAML",
            Doc::Behaviour => "App behaviour",
        }
    }
}

/// A document separator line: `---`, optionally followed by a comment or content.
fn is_separator(line: &str) -> bool {
    line == "---" || line.starts_with("--- ") || line.starts_with("---\t") || line.starts_with("---\r")
}

fn is_behaviour_kind(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("kind:") else {
        return false;
    };
    let value = rest.split('#').next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\'');
    value == "Behaviour"
}

/// Splits a scenario into (Kubernetes documents, behaviour document). The
/// behaviour half is the first document with a top-level `kind: Behaviour`
/// and everything after it; without one, it is empty.
pub fn split(text: &str) -> (String, String) {
    let lines: Vec<&str> = text.split('\n').collect();
    // Start line of each document and whether it opened with a separator.
    let mut starts: Vec<(usize, bool)> = vec![(0, false)];
    for (i, line) in lines.iter().enumerate() {
        if is_separator(line) {
            if i == 0 {
                starts[0] = (0, true);
            } else {
                starts.push((i, true));
            }
        }
    }
    for (k, &(start, separated)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |s| s.0);
        let body = if separated { start + 1 } else { start };
        if lines[body.min(end)..end].iter().any(|l| is_behaviour_kind(l)) {
            let kubernetes = lines[..start].join("\n");
            let behaviour = lines[body.min(lines.len())..].join("\n");
            return (kubernetes, behaviour);
        }
    }
    (text.to_string(), String::new())
}

/// Joins the halves into the scenario text the loader reads.
pub fn join(kubernetes: &str, behaviour: &str) -> String {
    if behaviour.trim().is_empty() {
        return kubernetes.to_string();
    }
    let k = kubernetes.trim_end_matches('\n');
    if k.trim().is_empty() { format!("---\n{behaviour}") } else { format!("{k}\n---\n{behaviour}") }
}

/// How many stream lines come before the behaviour editor's first line.
pub fn behaviour_offset(kubernetes: &str) -> u32 {
    let k = kubernetes.trim_end_matches('\n');
    if k.trim().is_empty() { 1 } else { k.split('\n').count() as u32 + 1 }
}

/// A diagnostic placed in one editor, at that editor's line numbering.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub doc: Doc,
    /// 1-based line in that editor.
    pub line: u32,
    pub diagnostic: Diagnostic,
}

/// Places the loader's diagnostics (stream lines) into the two editors.
pub fn place(kubernetes: &str, behaviour: &str, diagnostics: &[Diagnostic]) -> Vec<Placed> {
    let offset = if behaviour.trim().is_empty() { u32::MAX } else { behaviour_offset(kubernetes) };
    diagnostics
        .iter()
        .map(|d| {
            let line = d.span.line.max(1);
            let (doc, line) = if line > offset {
                (Doc::Behaviour, line - offset)
            } else {
                (Doc::Kubernetes, line.min(offset.saturating_sub(1)).max(1))
            };
            Placed { doc, line, diagnostic: d.clone() }
        })
        .collect()
}
