//! The scenario is one YAML stream: the Kubernetes documents, then the
//! behaviour document after a `---`. The playground's two editors each hold
//! one half, and a share link carries them as two sections; this module
//! splits the stream into halves, joins them back, and maps a line of the
//! stream (where the loader's diagnostics point) to an editor line. It reads lines, not YAML, so that text the parser rejects
//! still splits the way the user sees it.

use super::is_behaviour_kind;
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

/// The value of a top-level `kind:` line, unquoted and without its comment.
fn top_level_kind(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("kind:")?;
    Some(rest.split('#').next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\''))
}

/// Whether the text holds a behaviour document (`split` finds one), found
/// without copying it.
pub fn has_behaviour(text: &str) -> bool {
    text.split('\n').any(|line| top_level_kind(line).is_some_and(is_behaviour_kind))
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
        if lines[body.min(end)..end].iter().any(|l| top_level_kind(l).is_some_and(is_behaviour_kind)) {
            let kubernetes = lines[..start].join("\n");
            let behaviour = lines[body.min(lines.len())..].join("\n");
            return (kubernetes, behaviour);
        }
    }
    (text.to_string(), String::new())
}

/// Joins the halves into the scenario text the loader reads.
pub fn join(kubernetes: &str, behaviour: &str) -> String {
    // One allocation: `format!` would grow a 2 MB manifest's copy step by step.
    joined_parts(kubernetes, behaviour).concat()
}

/// The pieces of `join(kubernetes, behaviour)`, in order, for a writer that
/// needs no joined copy (the page's storage joins them outside wasm).
pub fn joined_parts<'a>(kubernetes: &'a str, behaviour: &'a str) -> [&'a str; 3] {
    if behaviour.trim().is_empty() {
        return [kubernetes, "", ""];
    }
    let k = kubernetes.trim_end_matches('\n');
    if k.trim().is_empty() { ["", "---\n", behaviour] } else { [k, "\n---\n", behaviour] }
}

/// The length of `join(kubernetes, behaviour)`, without making it.
pub fn joined_len(kubernetes: &str, behaviour: &str) -> usize {
    joined_parts(kubernetes, behaviour).iter().map(|p| p.len()).sum()
}

/// How many stream lines come before the behaviour editor's first line.
pub fn behaviour_offset(kubernetes: &str) -> u32 {
    behaviour_offset_of(kubernetes, kubernetes.bytes().filter(|&b| b == b'\n').count() + 1)
}

/// As `behaviour_offset`, given how many lines (split on `\n`) the
/// Kubernetes text has, so that a text whose lines are counted already is
/// not scanned again.
pub fn behaviour_offset_of(kubernetes: &str, lines: usize) -> u32 {
    let trailing = kubernetes.len() - kubernetes.trim_end_matches('\n').len();
    if kubernetes.trim().is_empty() { 1 } else { (lines - trailing) as u32 + 1 }
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
    let offset = (!behaviour.trim().is_empty()).then(|| behaviour_offset(kubernetes));
    place_at(offset, diagnostics)
}

/// As `place`, given the behaviour editor's `behaviour_offset` (`None`
/// when it is empty: every line is a Kubernetes line).
pub fn place_at(offset: Option<u32>, diagnostics: &[Diagnostic]) -> Vec<Placed> {
    let offset = offset.unwrap_or(u32::MAX);
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

/// The behaviour document with one more entry (`entry`, YAML lines starting
/// `- `) in its top-level `key:` list (`apps`, `actions`), at the list's end,
/// or in a new list at the end of the document. Later `apps` entries override
/// earlier ones, so the entry wins. `None` when the list is written in flow
/// style (`apps: [...]`), which only a person should rewrite.
pub fn add_entry(behaviour: &str, key: &str, entry: &str) -> Option<String> {
    let lines: Vec<&str> = behaviour.split('\n').collect();
    let Some((start, end, indent)) = list_block(&lines, key) else {
        if lines.iter().any(|l| l.starts_with(&format!("{key}:"))) {
            return None;
        }
        let mut text =
            if behaviour.trim().is_empty() { "kind: Behaviour\n".to_string() } else { behaviour.to_string() };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return Some(format!("{text}{key}:\n{entry}"));
    };
    // After the block's last line of content, at its items' indentation.
    let last = (start + 1..end).rev().find(|&i| !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#'));
    let at = last.map_or(start + 1, |i| i + 1);
    let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
    out.extend(indented(entry, indent));
    out.extend(lines[at..].iter().map(|l| l.to_string()));
    Some(out.join("\n"))
}

/// The document without `entry` in its `key:` list (the last copy of it, as
/// `add_entry` put it there); the list goes when it is left empty. `None`
/// when the entry is not there (the user edited it).
pub fn remove_entry(behaviour: &str, key: &str, entry: &str) -> Option<String> {
    let lines: Vec<&str> = behaviour.split('\n').collect();
    let (start, end, indent) = list_block(&lines, key)?;
    let block: Vec<String> = indented(entry, indent).collect();
    let at = (start + 1..=end.saturating_sub(block.len())).rev().find(|&i| lines[i..i + block.len()] == block[..])?;
    let mut out: Vec<&str> = lines[..at].to_vec();
    out.extend(&lines[at + block.len()..]);
    let empty = !out[start + 1..end - block.len()].iter().any(|l| l.trim_start().starts_with("- "));
    if empty {
        out.remove(start);
    }
    Some(out.join("\n"))
}

/// The top-level block list `key:` of a document: its line, the line after
/// its last, and its items' indentation.
fn list_block(lines: &[&str], key: &str) -> Option<(usize, usize, usize)> {
    let header = format!("{key}:");
    let start = lines.iter().position(|l| l.split('#').next().unwrap_or("").trim_end() == header)?;
    let top_level = |l: &str| !l.is_empty() && !l.starts_with([' ', '-', '#', '\t']);
    let end =
        lines[start + 1..].iter().position(|l| top_level(l) || is_separator(l)).map_or(lines.len(), |i| start + 1 + i);
    let indent = lines[start + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map_or(0, |l| l.len() - l.trim_start().len());
    Some((start, end, indent))
}

/// The lines of `entry`, each indented by `indent` spaces.
fn indented(entry: &str, indent: usize) -> impl Iterator<Item = String> + '_ {
    let pad = " ".repeat(indent);
    entry.trim_end_matches('\n').split('\n').map(move |l| format!("{pad}{l}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use crate::yaml::Span;

    const KUBERNETES: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: example/web:1.0\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n      periodSeconds: 5";
    const BEHAVIOUR: &str = "kind: Behaviour\nsimulation:\n  duration: 3m\napps:\n- container: app\n  http:\n  - path: /healthz\n    after: 30s\n    status: 500\n";

    fn scenario_text() -> String {
        format!("{KUBERNETES}\n---\n{BEHAVIOUR}")
    }

    #[test]
    fn split_and_join_round_trip() {
        let text = scenario_text();
        let (k, b) = split(&text);
        assert_eq!(k, KUBERNETES);
        assert_eq!(b, BEHAVIOUR);
        assert_eq!(join(&k, &b), text);
        // Without a behaviour document everything is Kubernetes YAML.
        assert_eq!(split(KUBERNETES), (KUBERNETES.to_string(), String::new()));
        // Only a behaviour document.
        let (k, b) = split(BEHAVIOUR);
        assert_eq!((k.as_str(), b.as_str()), ("", BEHAVIOUR));
        assert_eq!(join("", BEHAVIOUR), format!("---\n{BEHAVIOUR}"));
        for text in [KUBERNETES, BEHAVIOUR, &scenario_text(), "", "---\nkind: Behaviour\n", "--- kind: Behaviour\n"] {
            assert_eq!(has_behaviour(text), !split(text).1.is_empty(), "{text:?}");
        }
        for (k, b) in
            [("", BEHAVIOUR), (KUBERNETES, ""), (KUBERNETES, BEHAVIOUR), ("a: 1\n\n\n", "  \n"), ("  \n", "b: 2")]
        {
            assert_eq!(joined_len(k, b), join(k, b).len(), "{k:?} {b:?}");
        }
    }

    #[test]
    fn the_behaviour_half_starts_at_the_first_top_level_behaviour_kind() {
        // Quoted, with a comment, after a separator with a comment.
        let (k, b) = split("kind: Pod\n--- # app\nkind: 'Behaviour' # the app\napps: []");
        assert_eq!((k.as_str(), b.as_str()), ("kind: Pod", "kind: 'Behaviour' # the app\napps: []"));
        // Everything after it belongs to the behaviour half.
        let (k, b) = split("kind: Pod\n---\nkind: Behaviour\n---\nkind: Service");
        assert_eq!((k.as_str(), b.as_str()), ("kind: Pod", "kind: Behaviour\n---\nkind: Service"));
        // Indented, commented out or another kind: still Kubernetes.
        for text in
            ["kind: Pod\n---\nspec:\n  kind: Behaviour", "kind: Pod\n---\n# kind: Behaviour", "kind: Behaviours"]
        {
            assert_eq!(split(text), (text.to_string(), String::new()), "{text}");
        }
    }

    #[test]
    fn split_finds_the_document_the_loader_reads_as_the_behaviour() {
        for text in [scenario_text(), format!("{KUBERNETES}\n--- # app\nkind: \"Behaviour\"\napps: []\n")] {
            let (k, b) = split(&text);
            assert!(!b.is_empty(), "{text}");
            let whole = scenario::load(&text);
            assert!(!whole.has_errors(), "{:?}", whole.diagnostics);
            // The Kubernetes half alone loads the same workloads, and the
            // behaviour half is what the whole stream's behaviour came from.
            assert_eq!(scenario::load(&k).workloads, whole.workloads);
            assert_eq!(scenario::load(&join("", &b)).behaviour, whole.behaviour);
        }
    }

    #[test]
    fn diagnostics_are_placed_in_their_editor() {
        let offset = behaviour_offset(KUBERNETES);
        assert_eq!(offset, 14);
        let d = |line| Diagnostic::error(Span { line, col: 3, len: 4 }, "x", "bad");
        let placed = place(KUBERNETES, BEHAVIOUR, &[d(4), d(16)]);
        assert_eq!((placed[0].doc, placed[0].line), (Doc::Kubernetes, 4));
        assert_eq!((placed[1].doc, placed[1].line), (Doc::Behaviour, 2));
        // The loader's own line numbers agree: a typo on behaviour line 3.
        let text = join(KUBERNETES, &BEHAVIOUR.replace("duration: 3m", "duraton: 3m"));
        let s = scenario::load(&text);
        let placed = place(KUBERNETES, &BEHAVIOUR.replace("duration: 3m", "duraton: 3m"), &s.diagnostics);
        assert!(placed.iter().any(|p| p.doc == Doc::Behaviour && p.line == 3), "{placed:?}");
    }

    #[test]
    fn the_offset_from_a_line_count_is_the_offset_from_the_text() {
        for k in [KUBERNETES, "", "\n\n", "  \n", "kind: Pod\n", "kind: Pod\n\n\n", "a\n\nb", "\na"] {
            assert_eq!(behaviour_offset_of(k, k.split('\n').count()), behaviour_offset(k), "{k:?}");
        }
        assert_eq!((behaviour_offset("a\nb\n\n"), behaviour_offset("a\nb")), (3, 3));
    }

    #[test]
    fn a_line_between_the_halves_or_before_the_first_goes_to_the_nearest_kubernetes_line() {
        let d = |line| Diagnostic::error(Span { line, col: 1, len: 1 }, "", "bad");
        // Line 14 is the `---` that join puts between the halves; line 0 is no line.
        let placed = place(KUBERNETES, BEHAVIOUR, &[d(14), d(0)]);
        assert_eq!((placed[0].doc, placed[0].line), (Doc::Kubernetes, 13));
        assert_eq!((placed[1].doc, placed[1].line), (Doc::Kubernetes, 1));
        // Without a behaviour half every line is a Kubernetes line.
        let placed = place(KUBERNETES, "", &[d(40)]);
        assert_eq!((placed[0].doc, placed[0].line), (Doc::Kubernetes, 40));
        // With only a behaviour half, its first line follows join's `---`.
        assert_eq!(behaviour_offset(""), 1);
        assert_eq!(place_at(Some(14), &[d(16)])[0].line, 2);
        let placed = place("", BEHAVIOUR, &[d(2)]);
        assert_eq!((placed[0].doc, placed[0].line), (Doc::Behaviour, 1));
    }

    #[test]
    fn an_app_entry_joins_the_apps_list_where_it_is() {
        let entry = "- container: app\n  startup: 30s\n";
        // No document, no list, a list at column 0, an indented list before another key.
        assert_eq!(add_entry("", "apps", entry).unwrap(), "kind: Behaviour\napps:\n- container: app\n  startup: 30s\n");
        assert_eq!(
            add_entry("kind: Behaviour", "apps", entry).unwrap(),
            "kind: Behaviour\napps:\n- container: app\n  startup: 30s\n"
        );
        assert_eq!(
            add_entry("kind: Behaviour\napps:\n- container: web\n  startup: 5s\n", "apps", entry).unwrap(),
            "kind: Behaviour\napps:\n- container: web\n  startup: 5s\n- container: app\n  startup: 30s\n"
        );
        assert_eq!(
            add_entry(
                "kind: Behaviour\napps:  # mine\n  - container: web\n\n  # more later\ntraffic: []\n",
                "apps",
                entry
            )
            .unwrap(),
            "kind: Behaviour\napps:  # mine\n  - container: web\n  - container: app\n    startup: 30s\n\n  # more later\ntraffic: []\n"
        );
        // The template's commented `# apps:` is not the list.
        let template = crate::playground::template::generic();
        let added = add_entry(&template, "apps", entry).unwrap();
        assert!(
            added.starts_with(&template) && added.ends_with("apps:\n- container: app\n  startup: 30s\n"),
            "{added}"
        );
        assert_eq!(add_entry("kind: Behaviour\napps: []\n", "apps", entry), None);
    }

    #[test]
    fn an_entry_added_is_removed_again_and_an_emptied_list_goes() {
        let crash = "- at: 30s\n  pod: web-0\n  crash: true\n";
        let scale = "- at: 1m\n  workload: web\n  scale: 0\n";
        let start = "kind: Behaviour\nsimulation:\n  duration: 3m\n";
        let one = add_entry(start, "actions", crash).unwrap();
        assert_eq!(one, format!("{start}actions:\n{crash}"));
        let two = add_entry(&one, "actions", scale).unwrap();
        assert_eq!(two, format!("{start}actions:\n{crash}{scale}"));
        assert_eq!(remove_entry(&two, "actions", crash).unwrap(), format!("{start}actions:\n{scale}"));
        assert_eq!(remove_entry(&one, "actions", crash).unwrap(), start);
        // Indented lists, and an entry the user changed since.
        let indented = "kind: Behaviour\nactions:\n  - at: 5s\n    pod: web-0\n    delete: true\ntraffic: []\n";
        let added = add_entry(indented, "actions", crash).unwrap();
        assert!(added.contains("    delete: true\n  - at: 30s\n    pod: web-0\n    crash: true\ntraffic"), "{added}");
        assert_eq!(remove_entry(&added, "actions", crash).unwrap(), indented);
        assert_eq!(remove_entry(&added.replace("30s", "31s"), "actions", crash), None);
    }
}
