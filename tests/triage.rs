//! `load::triage`: a text with the documents the simulator does not use
//! blanked out, loaded with the list of them, loads as the whole text does.

use probe_playground::load::{self, Triaged, triage};
use probe_playground::{gallery, scenario};
use std::path::{Path, PathBuf};

/// Rule: whenever a text is triaged, loading what was kept with the list of
/// what was dropped gives the whole text's `Manifests` (and `Scenario`), and
/// the kept text has the whole text's lines. True when it was triaged.
fn loads_as_whole(name: &str, text: &str) -> bool {
    let Some(t) = triage(text) else { return false };
    assert_eq!(t.kept.lines().count(), text.lines().count(), "{name}: the kept text's lines");
    assert_eq!(
        format!("{:?}", load::load_triaged(&t, None)),
        format!("{:?}", load::load(text)),
        "{name}: the kept text with what was dropped loads as the whole"
    );
    assert_eq!(
        format!("{:?}", scenario::load_triaged(&t)),
        format!("{:?}", scenario::load(text)),
        "{name}: the scenario of the kept text with what was dropped is the whole's"
    );
    true
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    files
}

fn repository(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn fixtures_load_triaged_as_whole() {
    let mut triaged = 0;
    for path in files(&repository("tests/fixtures")) {
        let text = std::fs::read_to_string(&path).unwrap();
        triaged += usize::from(loads_as_whole(&path.display().to_string(), &text));
    }
    // kinds.yaml holds a ConfigMap, among others.
    assert!(triaged > 0, "no fixture was triaged");
}

#[test]
fn gallery_lessons_load_triaged_as_whole() {
    for example in gallery::examples() {
        loads_as_whole(example.id, example.text);
    }
}

#[test]
fn link_vectors_load_triaged_as_whole() {
    let dir = repository("tests/links/v1");
    for path in files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        loads_as_whole(&path.display().to_string(), &text);
    }
    // And each vector's two halves as one scenario.
    for k8s in files(&dir).iter().filter(|p| p.to_string_lossy().ends_with(".k8s.yaml")) {
        let behaviour = k8s.to_string_lossy().replace(".k8s.yaml", ".behaviour.yaml");
        let text =
            format!("{}\n---\n{}", std::fs::read_to_string(k8s).unwrap(), std::fs::read_to_string(behaviour).unwrap());
        loads_as_whole(&k8s.display().to_string(), &text);
    }
}

/// Bytes that are not whitespace: what a blanked document no longer costs.
fn non_whitespace(text: &str) -> usize {
    text.bytes().filter(|b| !b.is_ascii_whitespace()).count()
}

#[test]
fn corpus_loads_triaged_as_whole() {
    let dir = repository("../shared/corpus");
    if !dir.is_dir() {
        println!("corpus not found at {}: skipped", dir.display());
        return;
    }
    for path in files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        let triaged = loads_as_whole(&path.display().to_string(), &text);
        println!("{}: {}", path.file_name().unwrap().to_string_lossy(), if triaged { "triaged" } else { "whole" });
    }
    // Rule: Argo CD's install, mostly CustomResourceDefinitions, keeps about
    // a tenth of its text: its 15 Services and workloads (10.0%, with the
    // markers of the documents dropped) are all it keeps.
    let argo = std::fs::read_to_string(dir.join("argo-cd-install.yaml")).unwrap();
    let t = triage(&argo).expect("argo-cd's install is triaged");
    let (kept, whole) = (non_whitespace(&t.kept), non_whitespace(&argo));
    println!(
        "argo-cd-install.yaml: {} documents dropped; kept {kept} of {whole} non-whitespace bytes ({:.1}%), {} of {} bytes",
        t.dropped.len(),
        100.0 * kept as f64 / whole as f64,
        t.kept.len(),
        argo.len()
    );
    assert!(kept * 1000 < whole * 101, "argo-cd keeps {kept} of {whole} non-whitespace bytes");
}

/// Rule: the message form of what was dropped reads back as written.
#[test]
fn the_message_round_trips() {
    let text = "kind: ConfigMap\n---\nkind: Secret\n---\napiVersion: v1\nkind: Pod\n";
    let t = triage(text).unwrap();
    assert_eq!(t.dropped_message(), "ConfigMap\t1\t7\t9\nSecret\t3\t7\t6\n");
    assert_eq!(Triaged::from_message(t.kept.clone(), &t.dropped_message()), Some(t));
    assert_eq!(Triaged::from_message(String::new(), "ConfigMap\t1\t7\n"), None);
}

/// proptest builds natively only (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const DOCUMENTS: &[&str] = &[
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"\n",
        "# the second ConfigMap\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n\
         spec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  versions:\n  - name: v1\n    \
         schema:\n      openAPIV3Schema:\n        description: |\n          A widget.\n\n          ---\n        \
         type: object\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\ntype: Opaque\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  \
         template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        \
         image: example/web:1.0\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n",
        // An unknown field: an error among the notes.
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replica: 2\n  selector:\n    \
         matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      \
         - name: api\n        image: example/api:1.0\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    \
         targetPort: 8080\n",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: listed}\n- \
         apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: listed}\n  spec:\n    selector:\n      \
         matchLabels: {app: listed}\n    template:\n      metadata:\n        labels: {app: listed}\n      spec:\n        \
         containers:\n        - name: app\n          image: example/listed:1.0\n",
        "kind: Behaviour\nsimulation:\n  duration: 1m\n",
        "",
        "# only a comment\n",
        "apiVersion: v1\nmetadata:\n  name: kindless\n",
    ];

    /// A stream of `DOCUMENTS` in the order given, cut by markers (with a
    /// comment or not), with or without a marker first, a BOM, or CRLF.
    fn stream(order: &[usize], markers: &[bool], first_marker: bool, bom: bool, crlf: bool) -> String {
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        for (n, (&i, &comment)) in order.iter().zip(markers).enumerate() {
            if n > 0 || first_marker {
                text.push_str(if comment { "--- # next\n" } else { "---\n" });
            }
            text.push_str(DOCUMENTS[i]);
        }
        if crlf { text.replace('\n', "\r\n") } else { text }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        /// Rule: any order of documents loads triaged as whole.
        #[test]
        fn streams_load_triaged_as_whole(
            order in proptest::collection::vec(0..DOCUMENTS.len(), 1..10),
            markers in proptest::collection::vec(any::<bool>(), 10),
            first_marker: bool,
            bom: bool,
            crlf: bool,
        ) {
            let text = stream(&order, &markers, first_marker, bom, crlf);
            loads_as_whole(&format!("{text:?}"), &text);
        }
    }
}
