//! The simulator's output is pinned: every gallery lesson, every example and
//! every corpus manifest (when `../shared/corpus` is present) simulated for 10
//! minutes must print exactly the event log, the JSON Lines history and the
//! `kubectl get pods` table recorded in `tests/output/`. A change to any of
//! them is deliberate: rerun with `PROBE_PLAYGROUND_BLESS=1` and commit the
//! new fixtures with the reason.

use probe_playground::{scenario, view};
use std::path::{Path, PathBuf};

const UNTIL: i64 = 10 * 60 * 1000;

fn inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for (prefix, dir) in [
        ("gallery", root.join("gallery")),
        ("examples", root.join("examples")),
        ("corpus", root.join("../shared/corpus")),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("{} not found: its fixtures are not checked", dir.display());
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "json")) {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                files.push((format!("{prefix}-{stem}"), path));
            }
        }
    }
    files.sort();
    files
}

fn outputs(path: &Path) -> [(&'static str, String); 3] {
    let scenario = scenario::load_bytes(&std::fs::read(path).unwrap());
    let history = scenario.simulate_for(UNTIL);
    [
        ("events.txt", view::event_log(&history, history.end)),
        ("history.jsonl", view::json_lines(&history)),
        ("pods.txt", view::get_pods(&history, UNTIL)),
    ]
}

#[test]
fn outputs_match_the_recorded_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/output");
    let bless = std::env::var_os("PROBE_PLAYGROUND_BLESS").is_some();
    let mut checked = 0;
    let mut differ = Vec::new();
    for (name, path) in inputs() {
        for (suffix, text) in outputs(&path) {
            let fixture = dir.join(format!("{name}.{suffix}"));
            if bless {
                std::fs::write(&fixture, &text).unwrap();
            } else if std::fs::read_to_string(&fixture).ok().as_deref() != Some(text.as_str()) {
                differ.push(fixture.display().to_string());
            }
            checked += 1;
        }
    }
    println!("{checked} outputs checked");
    assert!(differ.is_empty(), "outputs differ from their fixtures:\n{}", differ.join("\n"));
    assert!(checked >= 3 * 12);
}
