//! Every real manifest of the shared corpus simulates without a crash:
//! whatever loads (invalid probes are dropped with a diagnostic) runs for
//! five simulated minutes. Skipped, saying so, when the corpus is absent.

use probe_playground::scenario;
use std::path::Path;

#[test]
fn every_corpus_manifest_simulates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("corpus not found at {}: nothing simulated", dir.display());
        return;
    };
    let mut simulated = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "json")) {
            continue;
        }
        let scenario = scenario::load_bytes(&std::fs::read(&path).unwrap());
        let history = scenario.simulate_for(5 * 60 * 1000);
        let pods: usize = scenario.workloads.iter().map(|w| w.replicas.max(1) as usize).sum();
        assert!(history.pods.len() >= pods.min(1), "{}: no pod ran", path.display());
        simulated += 1;
    }
    println!("{simulated} corpus files simulated for 5 minutes");
    assert!(simulated >= 59);
}
