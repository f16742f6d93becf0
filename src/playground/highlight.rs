//! YAML syntax colouring for the editors: each line becomes classed
//! character ranges (columns in characters, as diagnostics count them). It
//! is a line scanner, not a parser: it only has to look right while the
//! text is being typed, including when the text is not valid YAML.

use super::text::Lines;

/// What a range of characters is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Plain,
    Key,
    Punct,
    Str,
    Number,
    Literal,
    Comment,
    Separator,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "tok",
            Class::Key => "tok-key",
            Class::Punct => "tok-punct",
            Class::Str => "tok-str",
            Class::Number => "tok-num",
            Class::Literal => "tok-lit",
            Class::Comment => "tok-comment",
            Class::Separator => "tok-sep",
        }
    }
}

/// A classed range `[start, end)` of a line, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub class: Class,
    pub start: usize,
    pub end: usize,
}

/// Tokens for every line of `text` (split on `\n`).
pub fn highlight(text: &str) -> Vec<Vec<Token>> {
    let lines: Vec<&str> = text.split('\n').collect();
    highlight_window(&lines, 0, lines.len())
}

/// Lines a window looks back for a block scalar's start.
const LOOK_BACK: usize = 1000;

/// The lines `from..to` of `text` (its `lines`), as `highlight_window` colours
/// them: only those lines and the ones it looks back at are taken out of the
/// text, so the cost does not grow with the text.
pub fn highlight_lines<'a>(text: &'a str, lines: &Lines, from: usize, to: usize) -> Vec<(&'a str, Vec<Token>)> {
    let to = to.min(lines.count());
    let from = from.min(to);
    let floor = from.saturating_sub(LOOK_BACK);
    let window = lines.range(text, floor, to);
    let tokens = highlight_window(&window, from - floor, to - floor);
    window[from - floor..].iter().copied().zip(tokens).collect()
}

/// Tokens for `lines[from..to]` only, as an editor draws the lines in view.
/// Whether a line is inside a block scalar (`key: |`) depends on the lines
/// before it, so scanning starts at the last unindented line before `from`
/// (which ends any block), looking back at most `LOOK_BACK` lines.
pub fn highlight_window(lines: &[&str], from: usize, to: usize) -> Vec<Vec<Token>> {
    let (from, to) = (from.min(lines.len()), to.min(lines.len()));
    let floor = from.saturating_sub(LOOK_BACK);
    let start = (floor..from).rev().find(|&i| lines[i].starts_with(|c: char| !c.is_whitespace())).unwrap_or(floor);
    let mut out = Vec::with_capacity(to - from);
    // Inside a block scalar (`key: |`): lines indented deeper than this are text.
    let mut block_indent: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().take(to).skip(start) {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        let tokens = match block_indent {
            Some(parent) if indent > parent || chars.iter().all(|c| c.is_whitespace()) => {
                if chars.is_empty() {
                    vec![]
                } else {
                    vec![Token { class: Class::Str, start: 0, end: chars.len() }]
                }
            }
            _ => {
                let (tokens, opens_block) = line_tokens(&chars);
                block_indent = opens_block.then_some(indent);
                tokens
            }
        };
        if i >= from {
            out.push(tokens);
        }
    }
    out
}

fn push(tokens: &mut Vec<Token>, class: Class, start: usize, end: usize) {
    if end > start {
        tokens.push(Token { class, start, end });
    }
}

/// The end of a quoted string starting at `start` (the quote), exclusive.
fn quoted_end(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() {
        if quote == '"' && chars[i] == '\\' {
            i += 2;
            continue;
        }
        if chars[i] == quote {
            if quote == '\'' && chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

/// Where a comment starts: `#` at the line start or after whitespace, outside quotes.
fn comment_start(chars: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '"' | '\'' if i == from || chars[i - 1].is_whitespace() || "[{,:".contains(chars[i - 1]) => {
                i = quoted_end(chars, i)
            }
            '#' if i == 0 || chars[i - 1].is_whitespace() => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The tokens of one line, and whether it opens a block scalar.
fn line_tokens(chars: &[char]) -> (Vec<Token>, bool) {
    let mut tokens = Vec::new();
    let n = chars.len();
    let text: String = chars.iter().collect();
    let trimmed = text.trim_end();
    if trimmed == "---" || trimmed == "..." || text.starts_with("--- ") {
        push(&mut tokens, Class::Separator, 0, n);
        return (tokens, false);
    }
    let comment = comment_start(chars, 0);
    let end = comment.unwrap_or(n);
    let mut i = chars.iter().take_while(|c| **c == ' ' || **c == '\t').count();
    // Sequence entries: `- `, possibly nested (`- - x`).
    while i < end && chars[i] == '-' && (i + 1 == end || chars[i + 1] == ' ') {
        push(&mut tokens, Class::Punct, i, i + 1);
        i += 1;
        while i < end && chars[i] == ' ' {
            i += 1;
        }
    }
    // A key: plain or quoted text followed by `:` and a space or the end.
    if i < end {
        let key_end = if chars[i] == '"' || chars[i] == '\'' { Some(quoted_end(chars, i)) } else { None };
        let colon = match key_end {
            Some(k) => (k < end && chars[k] == ':' && (k + 1 == end || chars[k + 1] == ' ')).then_some(k),
            None => {
                (i..end).find(|&k| chars[k] == ':' && (k + 1 == end || chars[k + 1] == ' ' || chars[k + 1] == '\t'))
            }
        };
        if let Some(colon) = colon
            && !chars[i..colon].iter().any(|c| *c == '{' || *c == '[')
        {
            push(&mut tokens, Class::Key, i, colon);
            push(&mut tokens, Class::Punct, colon, colon + 1);
            i = colon + 1;
            while i < end && chars[i] == ' ' {
                i += 1;
            }
        }
    }
    let mut opens_block = false;
    if i < end {
        let value: String = chars[i..end].iter().collect();
        let value = value.trim_end();
        let value_end = i + value.chars().count();
        let class = classify(value);
        if class == Class::Punct {
            opens_block = value.starts_with('|') || value.starts_with('>');
        }
        push(&mut tokens, class, i, value_end);
    }
    if let Some(c) = comment {
        push(&mut tokens, Class::Comment, c, n);
    }
    (tokens, opens_block)
}

fn classify(value: &str) -> Class {
    let v = value;
    if v.starts_with('"') || v.starts_with('\'') {
        return Class::Str;
    }
    if v.starts_with('|') || v.starts_with('>') {
        return Class::Punct;
    }
    if v.starts_with('[') || v.starts_with('{') || v.starts_with('&') || v.starts_with('*') {
        return Class::Plain;
    }
    if matches!(
        v,
        "true" | "false" | "True" | "False" | "TRUE" | "FALSE" | "null" | "Null" | "NULL" | "~" | "yes" | "no"
    ) {
        return Class::Literal;
    }
    let numeric = v.strip_prefix('-').unwrap_or(v);
    if !numeric.is_empty()
        && numeric.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && numeric.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return Class::Number;
    }
    Class::Str
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_of_an_indexed_text_are_coloured_as_a_window_of_all_its_lines() {
        // A block scalar opened far above the window (past the look-back
        // for the lines after 1000).
        let mut text = "a: |\n".to_string();
        for i in 0..1500 {
            text.push_str(&format!("  line {i}: # not a key\n"));
        }
        text.push_str("b: 1\n");
        let lines = Lines::of(&text);
        let split: Vec<&str> = text.split('\n').collect();
        for (from, to) in [(0, 3), (1400, 1450), (1499, 1503), (1500, 9999), (1510, 1490)] {
            let got = highlight_lines(&text, &lines, from, to);
            let (a, b) = (from.min(split.len()), to.min(split.len()).max(from.min(split.len())));
            let want: Vec<(&str, Vec<Token>)> =
                split[a..b].iter().copied().zip(highlight_window(&split, a, b)).collect();
            assert_eq!(got, want, "{from}..{to}");
        }
        assert_eq!(highlight_lines(&text, &lines, 3, 4)[0].1, vec![Token { class: Class::Str, start: 0, end: 21 }]);
        assert_eq!(
            highlight_lines(&text, &lines, 1500, 1502)[1],
            (
                "b: 1",
                vec![
                    Token { class: Class::Key, start: 0, end: 1 },
                    Token { class: Class::Punct, start: 1, end: 2 },
                    Token { class: Class::Number, start: 3, end: 4 }
                ]
            )
        );
    }

    #[test]
    fn a_window_colours_its_lines_as_the_whole_text_does() {
        let text = "a: |\n  text: not a key\n  more\nb:\n  c: 1\n  script: >\n    echo: x\n  d: \"q\"\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let whole = highlight(text);
        for from in 0..lines.len() {
            for to in from..=lines.len() {
                assert_eq!(highlight_window(&lines, from, to), whole[from..to].to_vec(), "{from}..{to}");
            }
        }
    }
}
