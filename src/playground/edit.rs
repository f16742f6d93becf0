//! Editing helpers for the editors' text: Tab indents with spaces, Enter
//! keeps the indentation, and the conversions between the byte offsets Rust
//! works in and the UTF-16 offsets a textarea's selection counts.

/// One level of indentation: YAML wants spaces.
pub const INDENT: &str = "  ";

/// The byte offset of a UTF-16 offset (textarea selections count UTF-16 units).
pub fn utf16_to_byte(s: &str, offset: u32) -> usize {
    let mut units = 0u32;
    for (byte, ch) in s.char_indices() {
        if units >= offset {
            return byte;
        }
        units += ch.len_utf16() as u32;
    }
    s.len()
}

pub fn byte_to_utf16(s: &str, byte: usize) -> u32 {
    s[..byte.min(s.len())].encode_utf16().count() as u32
}

/// The UTF-16 range of a 1-based line, without its newline.
pub fn line_range_utf16(s: &str, line: u32) -> (u32, u32) {
    let mut start = 0usize;
    for _ in 1..line.max(1) {
        match s[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
    (byte_to_utf16(s, start), byte_to_utf16(s, end))
}

/// Tab on a caret inserts two spaces; Tab on a selection indents its lines;
/// Shift+Tab outdents. Returns the new text and selection (bytes).
pub fn indent(text: &str, start: usize, end: usize, outdent: bool) -> (String, usize, usize) {
    if start == end && !outdent {
        let mut t = text.to_string();
        t.insert_str(start, INDENT);
        return (t, start + INDENT.len(), start + INDENT.len());
    }
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending just after a newline does not take in the next line.
    let last_end = if end > start && text[..end].ends_with('\n') { end - 1 } else { end };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let (mut new_start, mut new_end) = (start as isize, end as isize);
    let mut pos = first;
    let block_end = text[last_end..].find('\n').map_or(text.len(), |i| last_end + i);
    for (k, line) in text[first..block_end].split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let delta: isize = if outdent {
            let spaces = line.chars().take_while(|c| *c == ' ').count().min(INDENT.len());
            out.push_str(&line[spaces..]);
            -(spaces as isize)
        } else {
            out.push_str(INDENT);
            out.push_str(line);
            INDENT.len() as isize
        };
        if pos <= start {
            new_start += if outdent { delta.max(pos as isize - start as isize) } else { delta };
        }
        new_end += delta;
        pos += line.len() + 1;
    }
    out.push_str(&text[block_end..]);
    let a = new_start.max(first as isize) as usize;
    let b = (new_end.max(a as isize) as usize).min(out.len());
    (out, a, b)
}

/// Enter keeps the current line's indentation, one level deeper after a `key:`.
pub fn newline(text: &str, at: usize) -> (String, usize, usize) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let mut indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let content = line.trim_end();
    if content.trim_start().starts_with("- ") && !content.ends_with(':') {
        indent.push_str(INDENT);
    } else if content.ends_with(':') {
        indent.push_str(INDENT);
        if content.trim_start().starts_with("- ") {
            indent.push_str(INDENT);
        }
    }
    let insert = format!("\n{indent}");
    let mut t = text.to_string();
    t.insert_str(at, &insert);
    (t, at + insert.len(), at + insert.len())
}
