//! The page's code stays readable: no function in `src/ui` runs over 80
//! lines, from its `fn` line to its closing brace, so each widget is a thin
//! composition of smaller ones. The scan matches braces, skipping strings,
//! characters and comments, so braces inside `html!` text do not count.

use std::fs;
use std::path::{Path, PathBuf};

const LIMIT: usize = 80;

/// Functions still over the limit, each to be split and then taken off this
/// list (the test fails while a listed one is no longer over it).
const NOT_YET_SPLIT: &[&str] = &[];

/// Every `.rs` file under `dir`, depth first, in name order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).expect("a readable folder").map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
        .into_iter()
        .flat_map(|p| if p.is_dir() { rust_files(&p) } else { vec![p] })
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect()
}

/// The text with every string, character literal and comment replaced by
/// spaces (newlines kept), so that only code braces remain.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&chars, i) {
            // A raw string: r"…" or r#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let start = i + 2 + hashes;
            let rest: String = chars[start..].iter().collect();
            let len = rest.find(&close).map_or(rest.chars().count(), |b| rest[..b].chars().count());
            for &ch in &chars[i..(start + len + close.len()).min(chars.len())] {
                out.push(blank(ch));
            }
            i = start + len + close.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// `'x'` or `'\n'`, not a lifetime such as `'a`.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// Each function of `text`: (name, first line, number of lines), for every
/// `fn` with a body.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(text);
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let Some(at) = line.find("fn ").filter(|&at| at == 0 || !line[..at].ends_with(|c: char| c.is_alphanumeric()))
        else {
            continue;
        };
        let name: String = line[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue;
        }
        // The body opens at the first `{` after the signature, unless a `;`
        // ends a declaration first.
        let mut depth = 0usize;
        let mut opened = false;
        let mut end = None;
        'scan: for (m, l) in lines.iter().enumerate().skip(n) {
            let from = if m == n { at } else { 0 };
            for ch in l[from..].chars() {
                match ch {
                    ';' if !opened => break 'scan,
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' if opened => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(m);
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(end) = end {
            found.push((name, n + 1, end - n + 1));
        }
    }
    found
}

#[test]
fn the_scanner_measures_a_function_from_fn_to_its_closing_brace() {
    let text = "fn short() {\n    let s = \"}}}\";\n    let c = '{';\n    // }\n}\n\nfn outer<'a>(x: &'a str) -> &'a str {\n    fn inner() {}\n    x\n}\nfn decl();\n";
    assert_eq!(
        functions(text),
        vec![("short".to_string(), 1, 5), ("outer".to_string(), 7, 4), ("inner".to_string(), 8, 1)]
    );
    let raw = "fn raw() {\n    let s = r#\"{ \"{\" }\"#;\n}\n";
    assert_eq!(functions(raw), vec![("raw".to_string(), 1, 3)]);
}

#[test]
fn no_function_in_the_ui_is_over_80_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let (mut long, mut listed) = (Vec::new(), Vec::new());
    let mut counted = 0;
    for file in rust_files(&root) {
        let text = fs::read_to_string(&file).expect("a UTF-8 source file");
        let path = file.strip_prefix(&root).unwrap().display().to_string();
        for (name, line, lines) in functions(&text) {
            counted += 1;
            if lines <= LIMIT {
                continue;
            }
            if NOT_YET_SPLIT.contains(&format!("{path} {name}").as_str()) {
                listed.push(format!("{path} {name}"));
            } else {
                long.push(format!("{path}:{line} {name}: {lines} lines"));
            }
        }
    }
    assert!(counted > 100, "the scan found only {counted} functions in src/ui");
    assert_eq!(long, Vec::<String>::new(), "functions in src/ui over {LIMIT} lines");
    assert_eq!(listed, NOT_YET_SPLIT, "functions listed as not yet split that are now within {LIMIT} lines");
}
