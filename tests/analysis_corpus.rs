//! The findings on the real manifests of the corpus (`shared/corpus`), one
//! line per finding, pinned in `tests/analysis/corpus-findings.txt`. Every
//! line there was read and judged right: a change to it is deliberate
//! (rerun with `PROBE_PLAYGROUND_BLESS=1`, read the difference, commit it).
//! Files with errors are not analysed (the API server rejects them).

use probe_playground::{analysis, scenario};
use std::path::PathBuf;

#[test]
fn the_corpus_raises_the_pinned_findings_and_no_other() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a corpus file");
        let s = scenario::load(&text);
        if s.has_errors() {
            continue;
        }
        let name = file.file_name().and_then(|n| n.to_str()).expect("a name");
        for f in analysis::analyse(&s, &text).findings {
            let suggestion = f.suggestion.as_ref().map_or("-".to_string(), |s| s.change.clone());
            lines
                .push(format!("{name}:{}:{}: {} {}/{}: {suggestion}", f.line, f.column, f.id, f.workload, f.container));
        }
    }
    let got = lines.join("\n") + "\n";
    let pinned = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/analysis/corpus-findings.txt");
    if std::env::var_os("PROBE_PLAYGROUND_BLESS").is_some() {
        std::fs::write(&pinned, &got).expect("write the pinned findings");
    }
    let want = std::fs::read_to_string(&pinned).expect("the pinned findings");
    assert_eq!(got, want, "the corpus's findings changed: read them, then rerun with PROBE_PLAYGROUND_BLESS=1");
}
