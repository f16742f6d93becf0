//! Every gallery lesson carries its story as `expect:` entries (the times
//! its note states), and `probe-playground test` finds them all holding;
//! `tests/gallery.rs` checks the same stories with its own assertions.
#![cfg(not(target_arch = "wasm32"))] // `test` is a command-line command

use probe_playground::cli::run_with;

/// Each lesson's file and how many expectations tell its story.
const STORIES: &[(&str, usize)] = &[
    ("01-slow-start-readiness.yaml", 7),
    ("02-wrong-liveness-path.yaml", 3),
    ("02-wrong-readiness-path.yaml", 5),
    ("03-exec-probe-checks-more.yaml", 5),
    ("04-ready-file-then-rollout.yaml", 5),
    ("05-sidecar-admin-endpoint.yaml", 6),
    ("05-sidecar-probe-variants.yaml", 5),
    ("06-startup-probe-slow-start.yaml", 6),
    ("07-liveness-checks-the-database.yaml", 8),
    ("08-readiness-during-shutdown.yaml", 4),
    ("09-named-port-typo.yaml", 4),
    ("10-graceful-shutdown-prestop.yaml", 2),
];

#[test]
fn every_lesson_states_its_story_as_expectations_that_hold() {
    let mut shipped: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/gallery"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    shipped.sort();
    assert_eq!(shipped, STORIES.iter().map(|(file, _)| file.to_string()).collect::<Vec<_>>());
    let files: Vec<String> =
        STORIES.iter().map(|(file, _)| format!("{}/gallery/{file}", env!("CARGO_MANIFEST_DIR"))).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = run_with(std::iter::once("test").chain(files.iter().map(String::as_str)), &mut out, &mut err);
    let out = String::from_utf8(out).unwrap();
    assert_eq!((status, String::from_utf8(err).unwrap().as_str()), (0, ""), "{out}");
    for (file, count) in STORIES {
        let passed = out.lines().filter(|l| l.starts_with("PASS ") && l.contains(&format!("/gallery/{file}:"))).count();
        assert_eq!(passed, *count, "{file}");
    }
    let total: usize = STORIES.iter().map(|(_, n)| n).sum();
    assert_eq!(out.lines().last(), Some(format!("{total} passed, 0 failed").as_str()));
}
