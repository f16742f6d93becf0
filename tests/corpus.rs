//! The loader against real manifests nobody in this project wrote
//! (`shared/corpus`, see its README): every file loads without a crash, the
//! probe counts equal those `SOURCES.md` states, and exactly the files that
//! the API server would reject have errors.
//!
//! `CORPUS_VERBOSE=1 cargo test --test corpus -- --nocapture` prints every
//! diagnostic.

use probe_playground::diagnostic::Severity;
use probe_playground::load::{Manifests, load_bytes};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What SOURCES.md's table says of one file.
#[derive(Debug, PartialEq)]
struct Expected {
    probed_containers: usize,
    liveness: usize,
    readiness: usize,
    startup: usize,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Rows of the main table: `| `file` | repo | path | commit | licence | bytes |
/// docs | probed containers | workloads with probes | probes | handlers | what |`.
fn expected_counts(sources: &str) -> BTreeMap<String, Expected> {
    let mut table = BTreeMap::new();
    for line in sources.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<String> = line.replace("\\|", "/").split('|').map(|c| c.trim().to_string()).collect();
        // The integrity table has fewer columns.
        if cells.len() < 13 {
            continue;
        }
        let file = cells[1].trim_matches('`').to_string();
        let probed = cells[8].split_whitespace().next().unwrap().parse().unwrap();
        let count = |letter: char| {
            cells[10].split_whitespace().find_map(|t| t.strip_prefix(letter).and_then(|n| n.parse().ok())).unwrap_or(0)
        };
        table.insert(
            file,
            Expected { probed_containers: probed, liveness: count('L'), readiness: count('R'), startup: count('S') },
        );
    }
    table
}

/// Files the API server would reject, and why.
const REJECTED: &[(&str, &str)] = &[
    ("website-grpc-liveness-old-gRPC-key.yaml", "unknown field \"gRPC\""),
    ("gke-samples-grpc-service-envsubst-placeholders.yaml", "unexpanded template placeholder"),
    ("k8s-api-fixture-core.v1.Pod-all-fields.yaml", "may not specify more than 1 handler type"),
    ("k8s-api-fixture-apps.v1.ReplicaSet-all-fields.yaml", "may not specify more than 1 handler type"),
    ("k8s-api-fixture-batch.v1.CronJob-all-fields.yaml", "may not specify more than 1 handler type"),
    ("k8s-api-fixture-apps.v1.DaemonSet-all-fields.json", "may not specify more than 1 handler type"),
    // Its Service still sets `ipFamily`, removed in Kubernetes 1.20.
    ("minecraft-bedrock-statefulset-anchor-alias.yaml", "unknown field \"ipFamily\""),
    // A Kustomize patch and a Kustomize base: kustomize adds the selector and
    // the labels; applied as written, the Deployments are rejected.
    ("kubeflow-kfp-apiserver-kustomize-patch-https-startup.yaml", "spec.selector: Required value"),
    ("metrics-server-kustomize-base-deployment.yaml", "spec.selector: Required value"),
];

/// The fixtures also put probes on ephemeral containers.
const EPHEMERAL_PROBES: &[&str] = &[
    "k8s-api-fixture-core.v1.Pod-all-fields.yaml",
    "k8s-api-fixture-apps.v1.ReplicaSet-all-fields.yaml",
    "k8s-api-fixture-batch.v1.CronJob-all-fields.yaml",
    "k8s-api-fixture-apps.v1.DaemonSet-all-fields.json",
];

fn errors(m: &Manifests) -> Vec<String> {
    m.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render("")).collect()
}

#[test]
fn corpus_loads_and_counts_match_sources() {
    let dir = corpus_dir();
    let Ok(sources) = std::fs::read_to_string(dir.join("SOURCES.md")) else {
        println!("corpus not found at {}: skipped", dir.display());
        return;
    };
    let expected = expected_counts(&sources);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 59, "expected the 59 corpus files, found {}", files.len());
    let verbose = std::env::var_os("CORPUS_VERBOSE").is_some();

    let mut mismatches = Vec::new();
    let mut with_errors = BTreeMap::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut total_probed = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(path).unwrap();
        let start = Instant::now();
        let m = load_bytes(&bytes);
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        let s = &m.summary;
        let found = Expected {
            probed_containers: s.probed_containers,
            liveness: s.probes.liveness,
            readiness: s.probes.readiness,
            startup: s.probes.startup,
        };
        total_probed += s.probed_containers;
        let want = expected.get(&name).unwrap_or_else(|| panic!("{name} has no row in SOURCES.md"));
        println!(
            "{name}: {} bytes in {took:?}; probed containers {} (want {}), L{} R{} S{}; {} workloads, {} containers",
            bytes.len(),
            found.probed_containers,
            want.probed_containers,
            found.liveness,
            found.readiness,
            found.startup,
            s.workloads,
            s.containers
        );
        if verbose {
            for d in &m.diagnostics {
                println!("  {}", d.render(&name));
            }
        }
        if &found != want {
            mismatches.push(format!("{name}: found {found:?}, SOURCES.md says {want:?}"));
        }
        let errs = errors(&m);
        if !errs.is_empty() {
            with_errors.insert(name, errs);
        }
    }
    println!("slowest: {} in {:?}; {total_probed} probed containers in all", slowest.1, slowest.0);
    assert!(mismatches.is_empty(), "counts differ from SOURCES.md:\n{}", mismatches.join("\n"));
    assert_eq!(total_probed, 110, "SOURCES.md: 110 probed containers across the corpus");

    for (file, reason) in REJECTED {
        let errs = with_errors.get(*file).unwrap_or_else(|| panic!("{file} should have errors ({reason})"));
        assert!(errs.iter().any(|e| e.contains(reason)), "{file}: no error mentions {reason:?}:\n{}", errs.join("\n"));
    }
    for file in EPHEMERAL_PROBES {
        let errs = &with_errors[*file];
        assert!(
            errs.iter().any(|e| e.contains("livenessProbe: Forbidden: cannot be set for an Ephemeral Container")),
            "{file}: no error for the probes of its ephemeral container"
        );
    }
    let unexpected: Vec<String> = with_errors
        .iter()
        .filter(|(file, _)| !REJECTED.iter().any(|(f, _)| f == file))
        .map(|(file, errs)| format!("{file}:\n  {}", errs.join("\n  ")))
        .collect();
    assert!(unexpected.is_empty(), "errors in files the API server accepts:\n{}", unexpected.join("\n"));
}

/// The parse kept a document at a time (`yaml::parse_stream_cached`) reads
/// every real manifest as one pass does, first time and from what it kept.
#[test]
fn corpus_parses_a_document_at_a_time_as_in_one_pass() {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("corpus not found at {}: skipped", dir.display());
        return;
    };
    for path in entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e != "md")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let (whole, whole_error) = probe_playground::yaml::parse_stream(&text);
        for _ in 0..2 {
            let (parts, parts_error) = probe_playground::yaml::parse_stream_cached(&text);
            let parts: Vec<_> = parts.iter().map(|d| (**d).clone()).collect();
            assert!(parts == whole && parts_error == whole_error, "{}", path.display());
        }
    }
}
