//! Diagnostics are data until the edge renders them: the CLI prints
//! `FILE:LINE:COL: error: message`, the browser editor puts a mark in the
//! gutter and underlines the span.

use crate::yaml::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something passed over on purpose, e.g. a kind the simulator does not run.
    Note,
}

impl Severity {
    /// As compilers write it: `error`, `warning`, `note`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    /// The field path, e.g. `spec.template.spec.containers[0].livenessProbe.periodSeconds`.
    pub path: String,
    pub message: String,
    /// A replacement the user probably meant, e.g. `initialDelaySeconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, span, path: path.into(), message: message.into(), suggestion: None }
    }

    pub fn warning(span: Span, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, span, path: path.into(), message: message.into(), suggestion: None }
    }

    pub fn note(span: Span, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Note, span, path: path.into(), message: message.into(), suggestion: None }
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Diagnostic {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// `FILE:LINE:COL: error: message`, the form compilers and editors understand.
    pub fn render(&self, file: &str) -> String {
        format!("{file}:{}:{}: {}: {}", self.span.line, self.span.col, self.severity.name(), self.text())
    }

    /// The field path, the message and the suggestion, as one sentence.
    pub fn text(&self) -> String {
        let mut text = String::new();
        if !self.path.is_empty() {
            text.push_str(&self.path);
            text.push_str(": ");
        }
        text.push_str(&self.message);
        if let Some(s) = &self.suggestion {
            text.push_str(&format!(" (did you mean `{s}`?)"));
        }
        text
    }
}

/// Orders diagnostics as `check` prints them and the page lists them: what
/// must be fixed first (errors), then warnings, then notes, each in source
/// order. The sort is stable, so diagnostics at one place keep the order in
/// which they were reported.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    crate::sort::sort_by_key(diagnostics, |d| (d.severity, d.span.line, d.span.col));
}

/// The nearest valid name for a misspelt one, if it is close enough to be a
/// likely typo (`initialDelaySecond`, `readinesProbe`, `httpget`).
///
/// The edit distance costs the product of the two lengths, and the words are
/// the user's text (a hostile file can hold a megabyte-long key), so a
/// candidate whose length alone puts it out of reach is passed over unmeasured.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let chars = lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let reach = (c.len() / 4).max(1) + usize::from(c.len() > 12);
            // The distance is at least the difference in length.
            if chars.abs_diff(c.chars().count()) > reach {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase());
            (distance <= reach).then_some((distance, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let fields = ["initialDelaySeconds", "readinessProbe", "livenessProbe", "httpGet", "exec"];
        assert_eq!(nearest("initialDelaySecond", fields), Some("initialDelaySeconds"));
        assert_eq!(nearest("readinesProbe", fields), Some("readinessProbe"));
        assert_eq!(nearest("httpget", fields), Some("httpGet"));
        assert_eq!(nearest("image", fields), None);
    }

    #[test]
    fn sorts_errors_then_warnings_then_notes_in_source_order() {
        let at = |line, col| Span { line, col, len: 1 };
        let mut diagnostics = vec![
            Diagnostic::note(at(1, 1), "", "note"),
            Diagnostic::warning(at(5, 1), "", "warning"),
            Diagnostic::error(at(9, 1), "", "first at 9:1"),
            Diagnostic::error(at(2, 3), "", "error at 2:3"),
            Diagnostic::error(at(9, 1), "", "second at 9:1"),
        ];
        sort(&mut diagnostics);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["error at 2:3", "first at 9:1", "second at 9:1", "warning", "note"]);
    }

    #[test]
    fn renders_like_a_compiler() {
        let d =
            Diagnostic::error(Span { line: 3, col: 7, len: 4 }, "spec.x", "unknown field \"y\"").with_suggestion("z");
        assert_eq!(d.render("a.yaml"), "a.yaml:3:7: error: spec.x: unknown field \"y\" (did you mean `z`?)");
    }
}
