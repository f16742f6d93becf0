//! Reading typed Kubernetes fields out of the spanned YAML tree.
//!
//! The API server turns YAML into JSON and decodes the JSON strictly into Go
//! structs: an unknown or duplicate field, or a value of the wrong JSON type,
//! rejects the whole object. These helpers make the same checks one field at a
//! time and report each problem as a diagnostic at the key or value, so the
//! rest of the manifest still loads and the user sees every problem at once.
//!
//! A JSON `null` decodes to the Go zero value, so a null field reads as absent.

use super::schema::Schema;
use crate::cluster::{Cluster, PodField};
use crate::diagnostic::{Diagnostic, Severity, nearest};
use crate::yaml::{Node, Span};
use std::collections::HashMap;

/// At most this many diagnostics are kept; a hostile file with a million
/// unknown fields must not cost a million did-you-mean searches.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// The longest message or path kept, in bytes.
const MAX_MESSAGE_BYTES: usize = 1000;

fn clip(text: &mut String, max: usize) {
    if text.len() > max {
        text.truncate(text.floor_char_boundary(max));
        text.push('…');
    }
}

/// The diagnostics gathered while loading one input.
#[derive(Default)]
pub struct Cx {
    diagnostics: Vec<Diagnostic>,
    /// Errors reported so far, counting those past the cap: callers compare
    /// it before and after reading an object to learn whether it was valid.
    errors: usize,
    omitted: usize,
    first_omitted: Option<Span>,
    /// Kinds passed over, in the order first met: where the first object of
    /// each is and how many there are, for one note per kind. Indexed by
    /// kind, as a hostile stream can hold thousands of made-up kinds.
    not_simulated: Vec<NotSimulated>,
    not_simulated_index: HashMap<String, usize>,
    /// The cluster whose API server reads the documents: what it drops.
    pub cluster: Cluster,
}

struct NotSimulated {
    kind: String,
    span: Span,
    path: String,
    count: usize,
}

impl Cx {
    /// A sink for documents read as `cluster`'s API server reads them.
    pub fn on(cluster: Cluster) -> Cx {
        Cx { cluster, ..Cx::default() }
    }

    pub fn push(&mut self, mut d: Diagnostic) {
        // Messages and paths quote the user's text; keep a hostile megabyte
        // of it out of them.
        clip(&mut d.message, MAX_MESSAGE_BYTES);
        clip(&mut d.path, MAX_MESSAGE_BYTES);
        if d.severity == Severity::Error {
            self.errors += 1;
        }
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(d);
        } else {
            self.omitted += 1;
            self.first_omitted.get_or_insert(d.span);
        }
    }

    pub fn error(&mut self, span: Span, path: &str, message: impl Into<String>) {
        self.push(Diagnostic::error(span, path, message));
    }

    pub fn warning(&mut self, span: Span, path: &str, message: impl Into<String>) {
        self.push(Diagnostic::warning(span, path, message));
    }

    /// Whether the cluster's API server keeps `field` (at `f`); if not, a
    /// warning at the field says what happens instead.
    pub fn keeps(&mut self, f: &Field, field: PodField) -> bool {
        match self.cluster.drops(field) {
            None => true,
            Some(why) => {
                self.warning(f.key.span, &f.path, why);
                false
            }
        }
    }

    pub fn note(&mut self, span: Span, path: &str, message: impl Into<String>) {
        self.push(Diagnostic::note(span, path, message));
    }

    /// Counts an object of a kind the simulator does not run. An install
    /// manifest holds hundreds of them (RBAC, CRDs), so they make one note per
    /// kind, at the first one, rather than one each.
    pub fn not_simulated(&mut self, kind: &str, span: Span, path: &str) {
        match self.not_simulated_index.get(kind) {
            Some(&i) => self.not_simulated[i].count += 1,
            None => {
                self.not_simulated_index.insert(kind.to_string(), self.not_simulated.len());
                self.not_simulated.push(NotSimulated {
                    kind: kind.to_string(),
                    span,
                    path: path.to_string(),
                    count: 1,
                });
            }
        }
    }

    pub fn errors(&self) -> usize {
        self.errors
    }

    /// Whether further diagnostics are only counted, not kept.
    pub fn is_full(&self) -> bool {
        self.diagnostics.len() >= MAX_DIAGNOSTICS
    }

    /// The diagnostics in source order (a stable sort keeps the order of
    /// several diagnostics at one place).
    pub fn finish(mut self) -> Vec<Diagnostic> {
        for k in std::mem::take(&mut self.not_simulated) {
            let objects = if k.count > 1 { format!(" ({} objects)", k.count) } else { String::new() };
            self.note(k.span, &k.path, format!("kind {} is not simulated{objects}", k.kind));
        }
        if let Some(span) = self.first_omitted {
            self.diagnostics.push(Diagnostic::error(
                span,
                "",
                format!(
                    "{} more diagnostics from here on were left out (at most {MAX_DIAGNOSTICS} are reported)",
                    self.omitted
                ),
            ));
        }
        crate::sort::sort_by_key(&mut self.diagnostics, |d| (d.span.line, d.span.col));
        self.diagnostics
    }
}

/// Where a node starts. For a block mapping the parser's mark is at its
/// first value, so the first key is taken when it comes earlier.
pub fn start(node: &Node) -> Span {
    let first_key = node.as_map().and_then(|entries| entries.first()).map(|(k, _)| k.span);
    match first_key {
        Some(key) if (key.line, key.col) < (node.span.line, node.span.col) => key,
        _ => node.span,
    }
}

pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// One present field: its key (for "unknown"/"forbidden"/"required" spans),
/// its value (for type and range errors) and its path.
#[derive(Clone)]
pub struct Field<'a> {
    pub key: &'a Node,
    pub value: &'a Node,
    pub path: String,
}

/// The fields of one mapping, checked against its schema. When a key is
/// repeated the last one wins, as in Go's decoder.
pub struct Fields<'a> {
    pub path: String,
    /// The span of the mapping itself, for "required" errors.
    pub span: Span,
    entries: Vec<(&'a str, &'a Node, &'a Node)>,
    by_name: HashMap<&'a str, usize>,
}

impl<'a> Fields<'a> {
    /// The field if present and not null.
    pub fn get(&self, name: &str) -> Option<Field<'a>> {
        let &i = self.by_name.get(name)?;
        let (_, key, value) = self.entries[i];
        (!value.is_null()).then(|| Field { key, value, path: child(&self.path, name) })
    }

    pub fn path_of(&self, name: &str) -> String {
        child(&self.path, name)
    }
}

/// Reads a mapping as an object of the given schema, reporting unknown and
/// duplicate fields. Returns `None` (after a type error) when the node is not a
/// mapping. YAML merge keys (`<<: *defaults`) are honoured, as the API
/// server's YAML decoder does: explicit keys win over merged ones.
pub fn object<'a>(cx: &mut Cx, node: &'a Node, path: &str, schema: &Schema) -> Option<Fields<'a>> {
    let Some(map) = node.as_map() else {
        expected(cx, node, path, "a mapping");
        return None;
    };
    let mut fields = Fields { path: path.to_string(), span: start(node), entries: Vec::new(), by_name: HashMap::new() };
    let mut merges = Vec::new();
    for (key, value) in map {
        let Some(scalar) = key.as_scalar() else {
            cx.error(key.span, path, format!("expected a field name, found {}", key.kind_name()));
            continue;
        };
        let name = scalar.text.as_str();
        if key.is_merge_key() {
            merges.push(value);
            continue;
        }
        let field_path = child(path, name);
        if let Some(&i) = fields.by_name.get(name) {
            cx.error(
                key.span,
                &field_path,
                format!("duplicate field \"{name}\" (the API server rejects repeated keys)"),
            );
            fields.entries[i] = (name, key, value);
            continue;
        }
        check_known(cx, schema, name, key.span, &field_path);
        fields.by_name.insert(name, fields.entries.len());
        fields.entries.push((name, key, value));
    }
    for merge in merges {
        let sources: Vec<&Node> = match &merge.value {
            crate::yaml::Value::Seq(items) => items.iter().collect(),
            _ => vec![merge],
        };
        for source in sources {
            let Some(merged) = object(cx, source, path, schema) else { continue };
            for (name, key, value) in merged.entries {
                if !fields.by_name.contains_key(name) {
                    fields.by_name.insert(name, fields.entries.len());
                    fields.entries.push((name, key, value));
                }
            }
        }
    }
    Some(fields)
}

/// Whether `schema` has the field; if not, reports it as unknown, with the
/// field the user probably meant or where it belongs.
pub fn check_known(cx: &mut Cx, schema: &Schema, name: &str, span: Span, path: &str) -> bool {
    if schema.has(name) {
        return true;
    }
    let mut d = Diagnostic::error(span, path, format!("unknown field \"{name}\""));
    // Past the cap nobody sees the answer, so it is not looked for.
    if cx.is_full() {
        cx.push(d);
        return false;
    }
    if let Some((_, why)) = super::schema::REMOVED.iter().find(|(removed, _)| *removed == name) {
        d.message = format!("unknown field \"{name}\": it {why}");
    } else if let Some(suggestion) = nearest(name, schema.names()) {
        d = d.with_suggestion(suggestion);
    } else if let Some((_, place)) = schema.misplaced.iter().find(|(names, _)| names.contains(&name)) {
        d.message = format!("unknown field \"{name}\" here: it belongs {place}; check the indentation");
    }
    cx.push(d);
    false
}

/// A short description of a node for "expected X, found Y" messages.
fn found(node: &Node) -> String {
    let Some(s) = node.as_scalar().filter(|_| !node.is_null()) else {
        return node.kind_name().to_string();
    };
    if !s.quoted && node.as_int().is_some() {
        format!("an integer ({})", s.text)
    } else if node.is_number_like() {
        format!("a number ({})", s.text)
    } else if !s.quoted && node.as_bool().is_some() {
        format!("a boolean ({})", s.text)
    } else {
        let mut text: String = s.text.chars().take(40).collect();
        if text.len() < s.text.len() {
            text.push('…');
        }
        format!("a string {text:?}")
    }
}

/// Text that a template tool was meant to replace: `${PORT}`, `${PORT:-80}`,
/// `{{ .Values.port }}`, `$(PORT)`, `__PILLAR__DNS__`.
pub fn looks_like_placeholder(text: &str) -> bool {
    text.contains("${")
        || text.contains("{{")
        || text.contains("$(")
        || (text.len() > 4 && text.starts_with("__") && text.ends_with("__"))
}

pub const PLACEHOLDER_HINT: &str = "it looks like an unexpanded template placeholder: substitute it (envsubst, helm template, kustomize) before applying";

/// Reports a value of the wrong type.
pub fn expected(cx: &mut Cx, node: &Node, path: &str, what: &str) {
    let mut message = format!("expected {what}, found {}", found(node));
    if let Some(s) = node.as_scalar() {
        if looks_like_placeholder(&s.text) {
            message = format!("{message}: {PLACEHOLDER_HINT}");
        } else if s.quoted && what.contains("integer") && s.text.trim().parse::<i64>().is_ok() {
            message.push_str(" (remove the quotes: the API server does not turn strings into numbers)");
        }
    }
    cx.error(start(node), path, message);
}

/// An `int32` field. Out-of-range and mistyped values are errors and read as absent.
pub fn int32(cx: &mut Cx, f: &Field) -> Option<i32> {
    let n = integer(cx, f, "32")?;
    match i32::try_from(n) {
        Ok(n) => Some(n),
        Err(_) => {
            out_of_range(cx, f, "32");
            None
        }
    }
}

/// An `int64` field.
pub fn int64(cx: &mut Cx, f: &Field) -> Option<i64> {
    integer(cx, f, "64")
}

fn integer(cx: &mut Cx, f: &Field, bits: &str) -> Option<i64> {
    if let Some(n) = f.value.as_int() {
        return Some(n);
    }
    let text = f.value.as_str().unwrap_or("");
    let fractional = text.contains(['.', 'e', 'E']);
    // The API server's YAML-to-JSON step turns `10.0` and `1e3` into the
    // JSON numbers 10 and 1000, which decode into integer fields.
    if let Some(whole) = f
        .value
        .is_number_like()
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|v| fractional && v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0)
    {
        return Some(whole as i64);
    }
    if f.value.is_number_like() && !fractional {
        out_of_range(cx, f, bits);
    } else {
        expected(cx, f.value, &f.path, "an integer");
    }
    None
}

fn out_of_range(cx: &mut Cx, f: &Field, bits: &str) {
    let text = f.value.as_str().unwrap_or("");
    let range = if bits == "32" { "-2147483648 to 2147483647" } else { "-9223372036854775808 to 9223372036854775807" };
    cx.error(f.value.span, &f.path, format!("{text} is out of range: must fit in a {bits}-bit integer ({range})"));
}

/// A string field. Plain numbers and booleans are not strings to the API server.
pub fn string<'a>(cx: &mut Cx, f: &Field<'a>) -> Option<&'a str> {
    string_node(cx, f.value, &f.path)
}

pub fn string_node<'a>(cx: &mut Cx, node: &'a Node, path: &str) -> Option<&'a str> {
    if node.is_null() {
        return None;
    }
    match node.as_scalar() {
        Some(s) if s.quoted || !(node.as_int().is_some() || node.is_number_like() || node.as_bool().is_some()) => {
            Some(s.text.as_str())
        }
        _ => {
            expected(cx, node, path, "a string");
            None
        }
    }
}

pub fn boolean(cx: &mut Cx, f: &Field) -> Option<bool> {
    let b = f.value.as_bool();
    if b.is_none() {
        expected(cx, f.value, &f.path, "a boolean (true or false)");
    }
    b
}

/// An `IntOrString` value as written.
pub enum IntOrString<'a> {
    Int(i32),
    Str(&'a str),
}

pub fn int_or_string<'a>(cx: &mut Cx, f: &Field<'a>) -> Option<IntOrString<'a>> {
    let node = f.value;
    let s = node.as_scalar().filter(|_| !node.is_null());
    match s {
        Some(_) if node.as_int().is_some() || node.is_number_like() => int32(cx, f).map(IntOrString::Int),
        Some(s) if s.quoted || node.as_bool().is_none() => Some(IntOrString::Str(s.text.as_str())),
        _ => {
            expected(cx, node, &f.path, "an integer or a string");
            None
        }
    }
}

/// A list field; a non-list is a type error and reads as empty.
pub fn list<'a>(cx: &mut Cx, f: &Field<'a>) -> &'a [Node] {
    match f.value.as_seq() {
        Some(items) => items,
        None => {
            expected(cx, f.value, &f.path, "a list");
            &[]
        }
    }
}

/// A `[]string` field; null items decode to "".
pub fn string_list(cx: &mut Cx, f: &Field) -> Vec<String> {
    list(cx, f)
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            if item.is_null() {
                return Some(String::new());
            }
            string_node(cx, item, &index(&f.path, i)).map(str::to_string)
        })
        .collect()
}

/// A `map[string]string` field (labels, annotations, selectors).
pub fn string_map(cx: &mut Cx, f: &Field) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let Some(entries) = f.value.as_map() else {
        expected(cx, f.value, &f.path, "a mapping");
        return out;
    };
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            cx.error(key.span, &f.path, format!("expected a key, found {}", key.kind_name()));
            continue;
        };
        let path = child(&f.path, name);
        let text = if value.is_null() { Some("") } else { string_node(cx, value, &path) };
        if let Some(text) = text {
            out.insert(name.to_string(), text.to_string());
        }
    }
    out
}

/// `field.NotSupported`: `Unsupported value: "x": supported values: "A", "B"`.
pub fn unsupported(cx: &mut Cx, f: &Field, value: &str, supported: &[&str]) {
    let list: Vec<String> = supported.iter().map(|s| format!("\"{s}\"")).collect();
    let mut d = Diagnostic::error(
        f.value.span,
        &f.path,
        format!("Unsupported value: \"{value}\": supported values: {}", list.join(", ")),
    );
    if looks_like_placeholder(value) {
        d.message = format!("{}; {PLACEHOLDER_HINT}", d.message);
    } else if let Some(s) = supported.iter().find(|s| s.eq_ignore_ascii_case(value)) {
        d = d.with_suggestion(*s);
    }
    cx.push(d);
}
