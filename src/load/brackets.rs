//! Parsing what Kubernetes' YAML parser accepts where yaml-rust2 is stricter.
//!
//! go-yaml (a libyaml port, used by kubectl and the API server) accepts a flow
//! collection whose closing bracket is indented less than its content, even
//! at its key's indentation; yaml-rust2 follows the YAML spec and rejects it
//! ("invalid indentation"). Real manifests do this, e.g.
//! ```yaml
//!     args: [
//!       "-v",
//!     ]
//! ```
//! When the first parse fails that way, every such bracket is moved right to
//! the indentation of the line before it and the text is parsed again. Only
//! the brackets (and whatever follows one on its line) move; no node's span
//! starts there, and lines stay where they were.

use crate::yaml::{self, Document, Span, SyntaxError, SyntaxErrorKind};
use std::rc::Rc;

/// Brackets the one-pass fix missed are fixed one re-parse at a time, at most
/// this many times, so hostile input costs a bounded number of parses.
const MAX_RETRIES: usize = 2;

pub fn parse(text: &str) -> (Vec<Rc<Document>>, Option<SyntaxError>) {
    let (documents, error) = yaml::parse_stream_cached(text);
    if bracket_error(text, error.as_ref()).is_none() {
        return (documents, error);
    }
    let mut fixed = indent_closing_brackets(text);
    for _ in 0..MAX_RETRIES {
        let (documents, error) = yaml::parse_stream_cached(&fixed);
        match bracket_error(&fixed, error.as_ref()).and_then(|span| indent_one(&fixed, span)) {
            Some(next) => fixed = next,
            None => return (documents, error),
        }
    }
    yaml::parse_stream_cached(&fixed)
}

/// The span of an "invalid indentation" error at a line's leading `]` or `}`.
pub(super) fn bracket_error(text: &str, error: Option<&SyntaxError>) -> Option<Span> {
    let e = error.filter(|e| e.kind == SyntaxErrorKind::InvalidIndentation)?;
    let line = text.lines().nth((e.span.line as usize).checked_sub(1)?)?;
    let trimmed = line.trim_start_matches(' ');
    let at_bracket = trimmed.starts_with([']', '}']) && line.len() - trimmed.len() + 1 == e.span.col as usize;
    at_bracket.then_some(e.span)
}

/// Moves every line-leading closing bracket that is indented less than the
/// line before it, outside block scalars (where indentation is content).
fn indent_closing_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    // The indentation of the line that opened the block scalar we are in.
    let mut block_scalar: Option<usize> = None;
    let mut previous_indent = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let blank = trimmed.trim().is_empty();
        if let Some(parent) = block_scalar {
            if blank || indent > parent {
                out.push_str(line);
                continue;
            }
            block_scalar = None;
        }
        let pad = match previous_indent {
            Some(previous) if trimmed.starts_with([']', '}']) && previous > indent => previous - indent,
            _ => 0,
        };
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(line);
        if !blank && !trimmed.starts_with('#') {
            previous_indent = Some(indent + pad);
            if opens_block_scalar(trimmed) {
                block_scalar = Some(indent);
            }
        }
    }
    out
}

/// Whether a line ends with a block scalar indicator (`key: |`, `- >-`,
/// `key: &anchor |2`), so the lines below it are literal text.
fn opens_block_scalar(trimmed: &str) -> bool {
    let code = trimmed.split(" #").next().unwrap_or("").trim_end();
    let (before, indicator) = code.rsplit_once(' ').unwrap_or(("", code));
    let mut chars = indicator.chars();
    let is_indicator = matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && indicator.len() <= 3;
    let last_word = before.rsplit(' ').next().unwrap_or("");
    is_indicator && (before.is_empty() || before.ends_with(':') || before == "-" || last_word.starts_with(['&', '!']))
}

/// Moves the bracket that starts the line at `span` to the indentation of the
/// previous non-blank, non-comment line, if that is further right.
fn indent_one(text: &str, span: Span) -> Option<String> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line = span.line as usize;
    let start = *line_starts.get(line.checked_sub(1)?)?;
    let rest = &text[start..];
    let indent = rest.len() - rest.trim_start_matches(' ').len();
    let previous = line_starts[..line - 1].iter().rev().find_map(|&s| {
        let content = text[s..].lines().next().unwrap_or("");
        let trimmed = content.trim_start_matches(' ');
        let blank = trimmed.trim().is_empty() || trimmed.starts_with('#');
        (!blank).then(|| content.len() - trimmed.len())
    })?;
    if previous <= indent {
        return None;
    }
    Some(format!("{}{}{rest}", &text[..start], " ".repeat(previous - indent)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_scalar_indicators() {
        for opening in ["key: |", "- >-", "key: &a |2", "|", "script: |+ # trailing comment", "x: !!str >"] {
            assert!(opens_block_scalar(opening), "{opening}");
        }
        for not_opening in ["key: a|", "key: \"|\"", "key: value", "- item", "key: |x"] {
            assert!(!opens_block_scalar(not_opening), "{not_opening}");
        }
    }

    #[test]
    fn brackets_inside_block_scalars_stay_put() {
        let text = "data:\n  nginx.conf: |\n    server {\n        listen 80;\n    }\nargs: [\n    a,\n]\n";
        let fixed = indent_closing_brackets(text);
        assert_eq!(fixed, text.replace("\n]\n", "\n    ]\n"));
    }

    #[test]
    fn many_brackets_cost_one_reparse() {
        let mut text = String::from("kind: ConfigMap\ndata:\n");
        for i in 0..100 {
            text.push_str(&format!("  k{i}: [\n      a,\n  ]\n"));
        }
        let (documents, error) = parse(&text);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(documents[0].root.as_ref().unwrap().get("data").unwrap().as_map().unwrap().len(), 100);
    }
}
