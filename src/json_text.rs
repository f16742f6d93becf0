//! JSON text written by hand, for the few places the browser build writes
//! JSON: `serde_json` would cost the download more than these lines.

use std::fmt::Write;

/// A JSON string: quotes, backslashes and control characters escaped.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON object of string values, keys in the map's (sorted) order, as Go's
/// `encoding/json` writes a `map[string]string`.
pub fn json_object<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    let fields: Vec<String> =
        entries.into_iter().map(|(k, v)| format!("{}:{}", json_string(k), json_string(v))).collect();
    format!("{{{}}}", fields.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_objects() {
        assert_eq!(json_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
        let labels: std::collections::BTreeMap<String, String> =
            [("app".into(), "web".into()), ("a".into(), "x".into())].into();
        assert_eq!(json_object(&labels), r#"{"a":"x","app":"web"}"#);
    }
}
