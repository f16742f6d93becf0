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

    // Rule: with `x: [` typed at the start of a line halfway down, it is
    // still triaged, before the error, and loads as the whole does.
    let half = argo.match_indices('\n').nth(argo.lines().count() / 2).map(|(i, _)| i + 1).unwrap();
    let typing = format!("{}x: [{}", &argo[..half], &argo[half..]);
    assert!(loads_as_whole("argo-cd-install.yaml with `x: [`", &typing), "argo-cd with `x: [` is triaged");
    let t = triage(&typing).unwrap();
    let error = load::load(&typing).diagnostics.into_iter().find(|d| d.message.contains("YAML syntax error")).unwrap();
    assert!(t.dropped.iter().all(|d| d.span.line < error.span.line));
    println!(
        "argo-cd-install.yaml with `x: [` at line {}: {} documents dropped before the error at line {}",
        argo[..half].lines().count() + 1,
        t.dropped.len(),
        error.span.line
    );
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

/// Syntax errors as they come and go while a manifest is typed, each a
/// document alone: an unclosed flow sequence, an unclosed quote, a bad
/// indentation, a tab indentation.
const BROKEN_DOCUMENTS: &[&str] = &[
    "x: [\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typing\ndata:\n  x: [\n",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: typing\nstringData:\n  token: \"abc\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typing\n data:\n  k: v\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: typing\n",
];

/// Rule: a stream with a syntax error after documents that are not
/// simulated is triaged, those blanked, and loads as the whole does.
#[test]
fn a_syntax_error_after_documents_not_simulated_is_triaged() {
    let config_map = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
    let pod = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    \
               image: example/web:1.0\n";
    for broken in BROKEN_DOCUMENTS {
        let text = format!("{config_map}{pod}{config_map}---\n{broken}{config_map}{pod}");
        assert!(loads_as_whole(&format!("{text:?}"), &text), "{text:?} is triaged");
        let t = triage(&text).unwrap();
        assert_eq!(t.dropped.len(), 2, "{text:?}: the ConfigMaps before the error");
        assert!(t.kept.ends_with(&format!("{broken}{config_map}{pod}")), "{text:?}: kept from the error on");
    }
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

    /// A stream of `documents` in the order given, cut by markers (with a
    /// comment or not), with or without a marker first.
    fn stream<'a>(documents: impl IntoIterator<Item = &'a str>, markers: &[bool], first_marker: bool) -> String {
        let mut text = String::new();
        for (n, (document, &comment)) in documents.into_iter().zip(markers).enumerate() {
            if n > 0 || first_marker {
                text.push_str(if comment { "--- # next\n" } else { "---\n" });
            }
            text.push_str(document);
        }
        text
    }

    /// `text` with a BOM, or CRLF.
    fn dressed(text: String, bom: bool, crlf: bool) -> String {
        let text = if bom { format!("\u{feff}{text}") } else { text };
        if crlf { text.replace('\n', "\r\n") } else { text }
    }

    /// Lines that break a document where they land: an unclosed flow
    /// sequence or quote, a bad indentation, a tab indentation, a closing
    /// bracket the loader moves.
    const BROKEN_LINES: &[&str] = &["x: [", "  y: \"abc", " z: 1", "\tw: 1", "  - v", "]"];

    /// A document that yaml-rust2 refuses until the loader moves its
    /// closing bracket right.
    const MOVED_BRACKET: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: moved\ndata:\n  k: [\n    a,\n]\n";

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
            let text = dressed(stream(order.iter().map(|&i| DOCUMENTS[i]), &markers, first_marker), bom, crlf);
            loads_as_whole(&format!("{text:?}"), &text);
        }

        /// Rule: so does any such stream with a syntax error at any place:
        /// a document that ends in one among the others, or a line that
        /// breaks the document (or the marker) it lands in.
        #[test]
        fn broken_streams_load_triaged_as_whole(
            order in proptest::collection::vec(0..DOCUMENTS.len(), 1..10),
            markers in proptest::collection::vec(any::<bool>(), 11),
            first_marker: bool,
            broken in 0..BROKEN_DOCUMENTS.len() + BROKEN_LINES.len(),
            at: usize,
            moved_bracket: Option<usize>,
            bom: bool,
            crlf: bool,
        ) {
            let mut documents: Vec<&str> = order.iter().map(|&i| DOCUMENTS[i]).collect();
            if let Some(place) = moved_bracket {
                documents.insert(place % (documents.len() + 1), MOVED_BRACKET);
            }
            let text = match broken.checked_sub(BROKEN_DOCUMENTS.len()) {
                None => {
                    documents.insert(at % (documents.len() + 1), BROKEN_DOCUMENTS[broken]);
                    stream(documents, &markers, first_marker)
                }
                Some(line) => {
                    let text = stream(documents, &markers, first_marker);
                    let mut lines: Vec<&str> = text.lines().collect();
                    lines.insert(at % (lines.len() + 1), BROKEN_LINES[line]);
                    lines.join("\n") + "\n"
                }
            };
            let text = dressed(text, bom, crlf);
            loads_as_whole(&format!("{text:?}"), &text);
        }
    }
}

/// Rule: the documents triage leaves out are only noted, on every
/// Kubernetes version, so the page's Compare versions runs the kept text
/// and gets the whole text's runs (`compare::simulate_on`).
#[test]
fn versions_compare_the_kept_text_as_the_whole() {
    use probe_playground::cluster::Version;
    use probe_playground::compare::simulate_on;
    let config_maps = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n---\n";
    let versions = [Version::new(19).unwrap(), Version::NEWEST];
    for lesson in gallery::examples() {
        let text = format!("{config_maps}{}", lesson.text);
        let t = triage(&text).expect("the ConfigMap is left out");
        assert_eq!(
            simulate_on(t.kept.as_bytes(), &versions),
            simulate_on(text.as_bytes(), &versions),
            "{}: the runs on 1.19 and the newest",
            lesson.id
        );
    }
}
