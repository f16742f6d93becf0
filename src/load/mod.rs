//! The loader: Kubernetes manifests as users have them (multi-document YAML,
//! JSON, `kubectl get -o yaml` output, rendered Helm charts, `kind: List`)
//! turned into the defaulted objects of `spec` that the simulator runs, with
//! a diagnostic for everything the API server would reject or the kubelet
//! would trip over.
//!
//! It mirrors what happens to a manifest on its way to the kubelet: strict
//! decoding (unknown fields, types; `fields`, `schema`), defaulting and
//! validation (`kinds`, `meta`, `pod`, `probe`, `selector`, `service`,
//! `validate`). Whatever is valid is returned even when other parts are not,
//! so the rest simulates; a workload the API server would reject for its
//! selector is the exception (see `selector`).
//!
//! Hostile input is bounded: the input size here, nesting depth and alias
//! expansion in `yaml`, the number of diagnostics in `fields`, and replicas in
//! `kinds`.

mod brackets;
mod fields;
mod kinds;
mod lifecycle;
mod meta;
mod pod;
mod probe;
mod schema;
mod selector;
mod service;
mod summary;
mod triage;
mod validate;

pub use fields::MAX_DIAGNOSTICS;
/// For the behaviour document, read with the same unknown-field check and
/// diagnostics sink as the Kubernetes documents, and its rollouts' probes
/// with the same defaults and validation.
pub(crate) use fields::{Cx, Field, check_known, child};
pub use kinds::{MAX_SIMULATED_PODS, MAX_SIMULATED_REPLICAS, workload_kind};
pub(crate) use probe::{field_name as probe_field_name, standalone as standalone_probe};
pub(crate) use schema::Schema;
pub use summary::{ProbeCounts, Summary};
pub use triage::{Dropped, Triaged, triage};

use crate::cluster::Version;
use crate::diagnostic::Diagnostic;
use crate::spec;
use crate::yaml::{self, Node, Span};
use fields::index;

/// The largest input loaded; bigger ones are refused at once. The largest
/// real manifest in the corpus (Argo CD's install.yaml) is 1.9 MB.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Manifests {
    pub workloads: Vec<spec::Workload>,
    pub services: Vec<spec::Service>,
    /// Root nodes of documents with `kind: Behaviour` (the mock-app behaviour document, parsed elsewhere).
    pub behaviour: Vec<yaml::Node>,
    /// Errors, then warnings, then notes, each in source order (`diagnostic::sort`).
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

impl Manifests {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error)
    }
}

/// Loads raw bytes, as the CLI reads a file: invalid UTF-8 is an error.
pub fn load_bytes(bytes: &[u8]) -> Manifests {
    load_bytes_on(bytes, None)
}

/// `load_bytes` as `load_on`.
pub fn load_bytes_on(bytes: &[u8], kubernetes: Option<Version>) -> Manifests {
    if bytes.len() > MAX_INPUT_BYTES {
        return too_big(bytes.len());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_on(text, kubernetes),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            // Every byte of `valid` is valid UTF-8, so counting the bytes that
            // do not continue a character counts characters.
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = valid[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
            let span = Span { line: line as u32, col: col as u32, len: 1 };
            let mut message = format!(
                "the input is not valid UTF-8 (byte 0x{:02x} at line {line}, column {col}); save the file as UTF-8",
                bytes[e.valid_up_to()]
            );
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                message =
                    "the input is UTF-16 (as Windows PowerShell's `>` writes files); save it as UTF-8".to_string();
            }
            only(Diagnostic::error(span, "", message))
        }
    }
}

/// Loads a manifest stream.
pub fn load(text: &str) -> Manifests {
    load_on(text, None)
}

/// Loads a manifest stream as the API server of the cluster its behaviour
/// document names (or of Kubernetes `kubernetes`) would.
pub fn load_on(text: &str, kubernetes: Option<Version>) -> Manifests {
    load_without(text, &[], kubernetes)
}

/// Loads a text `triage` left documents out of (`t.kept`), as `load_on`
/// loads the whole text.
pub fn load_triaged(t: &Triaged, kubernetes: Option<Version>) -> Manifests {
    load_without(&t.kept, &t.dropped, kubernetes)
}

/// `load_on` of a text whose `dropped` documents (in source order) were
/// blanked out: each is noted as not simulated where a whole text's load
/// meets it, among the kept documents, since the first object of each kind
/// places the kind's note.
fn load_without(text: &str, dropped: &[Dropped], kubernetes: Option<Version>) -> Manifests {
    if text.len() > MAX_INPUT_BYTES {
        return too_big(text.len());
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (documents, syntax_error) = brackets::parse(text);
    let behaviour: Vec<&Node> = documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .filter(|root| root.get("kind").and_then(Node::as_str) == Some("Behaviour"))
        .collect();
    let mut cx = Cx::on(crate::cluster::of_behaviour(&behaviour, kubernetes));
    let mut out = Manifests::default();
    let mut dropped = dropped.iter().peekable();
    for root in documents.iter().filter_map(|d| d.root.as_ref()) {
        while let Some(d) = dropped.next_if(|d| (d.span.line, d.span.col) < (root.span.line, root.span.col)) {
            cx.not_simulated(&d.kind, d.span, "");
        }
        if !root.is_null() {
            load_object(&mut cx, &mut out, root, "");
        }
    }
    for d in dropped {
        cx.not_simulated(&d.kind, d.span, "");
    }
    kinds::cap_total_pods(&mut cx, &mut out.workloads);
    if let Some(e) = syntax_error {
        let loaded = match documents.len() {
            0 => String::new(),
            1 => " (the document before it was loaded)".to_string(),
            n => format!(" (the {n} documents before it were loaded)"),
        };
        cx.error(e.span, "", format!("{}{loaded}", e.message));
    }
    out.diagnostics = cx.finish();
    crate::diagnostic::sort(&mut out.diagnostics);
    out
}

fn too_big(len: usize) -> Manifests {
    only(Diagnostic::error(
        Span { line: 1, col: 1, len: 1 },
        "",
        format!("the input is {len} bytes, more than the {MAX_INPUT_BYTES} bytes (4 MiB) the loader accepts"),
    ))
}

fn only(d: Diagnostic) -> Manifests {
    Manifests { diagnostics: vec![d], ..Manifests::default() }
}

/// Loads one object (a document, or an item of a List) by its kind.
fn load_object(cx: &mut Cx, out: &mut Manifests, root: &Node, path: &str) {
    if root.as_map().is_none() {
        cx.error(
            fields::start(root),
            path,
            format!("expected a Kubernetes object (a mapping with apiVersion and kind), found {}", root.kind_name()),
        );
        return;
    }
    let Some(kind_node) = root.get("kind").filter(|k| !k.is_null()) else {
        cx.error(
            fields::start(root),
            &child(path, "kind"),
            "Required value: the object has no kind (every Kubernetes object needs apiVersion and kind)",
        );
        return;
    };
    let Some(kind) = kind_node.as_str() else {
        fields::expected(cx, kind_node, &child(path, "kind"), "a string");
        return;
    };
    match reading(kind, root) {
        Reading::Behaviour => out.behaviour.push(root.clone()),
        Reading::Workload(workload_kind) => {
            out.summary.add_workload(root, workload_kind);
            if let Some(workload) = kinds::workload(cx, root, path, workload_kind) {
                out.workloads.push(workload);
            }
        }
        Reading::Service => {
            if let Some(service) = service::service(cx, root, path) {
                out.services.push(service);
            }
        }
        Reading::List => {
            let Some(list) = fields::object(cx, root, path, &schema::LIST) else { return };
            if let Some(items) = list.get("items") {
                for (i, item) in fields::list(cx, &items).iter().enumerate() {
                    load_object(cx, out, item, &index(&items.path, i));
                }
            }
        }
        Reading::NotSimulated => cx.not_simulated(kind, kind_node.span, path),
    }
}

/// How `load_object` reads an object of a kind.
enum Reading {
    Behaviour,
    Workload(spec::WorkloadKind),
    Service,
    /// `kubectl get -o yaml` of several objects; the API's own lists
    /// (PodList, ...) have the same shape.
    List,
    /// Only counted, for the note that the kind is not simulated.
    NotSimulated,
}

/// How an object of kind `kind` (its root `root`) is read: one decision for
/// `load_object` and for `triage`, which leaves out the documents that would
/// only be noted, so that the two cannot disagree.
fn reading(kind: &str, root: &Node) -> Reading {
    if is_behaviour_kind(kind) {
        Reading::Behaviour
    } else if let Some(workload_kind) = kinds::workload_kind(kind) {
        Reading::Workload(workload_kind)
    } else if kind == "Service" {
        Reading::Service
    } else if kind == "List" || (kind.ends_with("List") && root.get("items").is_some()) {
        Reading::List
    } else {
        Reading::NotSimulated
    }
}

/// Whether a document of this `kind` is the behaviour document. The loader
/// hands such documents to the behaviour reader instead of reading them as
/// Kubernetes objects, and the editors split the stream at the first one.
pub fn is_behaviour_kind(kind: &str) -> bool {
    kind == "Behaviour"
}
