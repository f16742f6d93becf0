//! `check --format sarif`: SARIF 2.1.0 (the OASIS standard that GitHub code
//! scanning reads, as kube-linter and kube-score write it), so the loader's
//! errors and warnings and the findings show on the manifest's lines. A
//! finding's suggestion is a SARIF fix (its text edits); its proof, the
//! what-if run and its key times, is in the result's properties.

use super::Analysis;
use super::edit::Edit;
use super::findings::{Finding, RULES};
use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{Value, json};

/// The loader's diagnostics have two rules of their own.
const MANIFEST_ERROR: &str = "manifest-error";
const MANIFEST_WARNING: &str = "manifest-warning";

/// One checked file: its name as given, its diagnostics and its analysis.
pub struct Checked<'a> {
    pub file: &'a str,
    pub diagnostics: &'a [Diagnostic],
    pub analysis: &'a Analysis,
}

/// The SARIF log of a `check` run over `files`.
pub fn log(files: &[Checked]) -> Value {
    let mut rules = vec![
        rule(MANIFEST_ERROR, "what the API server would reject, or the kubelet cannot run", "error"),
        rule(MANIFEST_WARNING, "what the API server accepts but cannot work as written", "warning"),
    ];
    rules.extend(RULES.iter().map(|(id, text)| rule(id, text, "warning")));
    let index = |id: &str| RULES.iter().position(|(r, _)| *r == id).map_or(0, |i| i + 2);
    let mut results = Vec::new();
    for checked in files {
        let uri = uri(checked.file);
        for d in checked.diagnostics.iter().filter(|d| d.severity != Severity::Note) {
            let (id, i) = match d.severity {
                Severity::Error => (MANIFEST_ERROR, 0),
                _ => (MANIFEST_WARNING, 1),
            };
            results.push(json!({
                "ruleId": id,
                "ruleIndex": i,
                "level": d.severity.name(),
                "message": {"text": d.text()},
                "locations": [location(&uri, d.span.line, d.span.col)],
            }));
        }
        for f in &checked.analysis.findings {
            results.push(finding(&uri, f, index(f.id)));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "probe-playground",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            // Columns count characters, as the loader's spans do.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn rule(id: &str, text: &str, level: &str) -> Value {
    json!({
        "id": id,
        "shortDescription": {"text": text},
        "defaultConfiguration": {"level": level},
    })
}

/// A file as a relative URI reference (SARIF wants `/` and no `./`).
fn uri(file: &str) -> String {
    if file == "-" {
        return "stdin".into();
    }
    let file = file.replace('\\', "/");
    file.strip_prefix("./").unwrap_or(&file).to_string()
}

fn location(uri: &str, line: u32, column: u32) -> Value {
    json!({"physicalLocation": {
        "artifactLocation": {"uri": uri},
        "region": {"startLine": line.max(1), "startColumn": column.max(1)},
    }})
}

fn finding(uri: &str, f: &Finding, index: usize) -> Value {
    let mut message = format!("{} container {}: {}", f.workload, f.container, f.message);
    if let Some(s) = f.suggestion_text() {
        message.push_str(&format!(". Suggested: {s}"));
    }
    let proof = &f.proof;
    let mut result = json!({
        "ruleId": f.id,
        "ruleIndex": index,
        "level": f.severity.name(),
        "message": {"text": message},
        "locations": [location(uri, f.line, f.column)],
        "properties": {
            "proof": {
                "whatif": proof.whatif.name,
                "assumption": proof.whatif.assumption,
                "atMs": proof.at,
                "times": proof.times.iter().map(|k| json!({"label": k.label, "tMs": k.t})).collect::<Vec<_>>(),
            },
        },
    });
    if let Some(s) = &f.suggestion {
        result["fixes"] = json!([{
            "description": {"text": s.change},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": s.edits.iter().map(replacement).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// An edit as a SARIF replacement: the characters it deletes (an empty
/// region for an insertion) and the text it inserts.
fn replacement(e: &Edit) -> Value {
    json!({
        "deletedRegion": {"startLine": e.line, "startColumn": e.col, "endColumn": e.col + e.delete},
        "insertedContent": {"text": e.insert},
    })
}
