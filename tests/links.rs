//! Share links: v1 links open for ever (the vectors in `tests/links/v1/`,
//! made with Python's zlib, decode to their exact text and first events),
//! every text survives a round trip byte for byte, and gallery ids never go.
#![cfg(not(target_arch = "wasm32"))]

use probe_playground::link::{self, Content, Fragment, LinkError};
use probe_playground::{gallery, scenario, view};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// How many lines of the event log a vector pins.
const FIRST_EVENTS: usize = 10;

fn vectors() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/links/v1");
    let mut urls: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "url"))
        .collect();
    urls.sort();
    urls
}

fn sibling(url: &Path, suffix: &str) -> Option<String> {
    let name = url.file_stem().unwrap().to_string_lossy();
    std::fs::read_to_string(url.with_file_name(format!("{name}{suffix}"))).ok()
}

fn first_events(content: &Content) -> String {
    let scenario = scenario::load(&content.stream());
    assert!(!scenario.has_errors(), "{:?}", scenario.diagnostics);
    let history = scenario.simulate();
    let log = view::event_log(&history, history.end);
    log.lines().take(FIRST_EVENTS).map(|l| format!("{l}\n")).collect()
}

#[test]
fn v1_vectors_open_to_their_exact_text_and_first_events() {
    let bless = std::env::var_os("PROBE_PLAYGROUND_BLESS").is_some();
    let urls = vectors();
    assert!(urls.len() >= 5, "the v1 vectors are missing");
    for url in urls {
        let link_text = std::fs::read_to_string(&url).unwrap();
        let content =
            link::decode(link::fragment_of(link_text.trim_end())).unwrap_or_else(|e| panic!("{}: {e}", url.display()));
        let expected = Content {
            kubernetes: sibling(&url, ".k8s.yaml").unwrap(),
            behaviour: sibling(&url, ".behaviour.yaml").unwrap(),
            title: sibling(&url, ".title.txt"),
            gallery: sibling(&url, ".gallery.txt"),
        };
        assert_eq!(content, expected, "{}", url.display());
        let events = first_events(&content);
        let events_file = url.with_extension("events.txt");
        if bless && !events_file.exists() {
            std::fs::write(&events_file, &events).unwrap();
        }
        assert_eq!(Some(events), sibling(&url, ".events.txt"), "{}: first events", url.display());
    }
}

#[test]
fn a_vectors_link_is_what_our_encoder_would_decode_the_same() {
    // Our own encoder may pick other bytes than Python's zlib, but what it
    // writes decodes to the same content.
    for url in vectors() {
        let text = std::fs::read_to_string(&url).unwrap();
        let content = link::decode(link::fragment_of(text.trim_end())).unwrap();
        assert_eq!(link::decode(&content.fragment()), Ok(content));
    }
}

/// Ids shipped in a release: each must open for ever. Add new ids; never
/// remove or rename one (a changed lesson gets a new id).
const SHIPPED_LESSONS: &[&str] = &[
    "slow-start-readiness",
    "wrong-liveness-path",
    "wrong-readiness-path",
    "exec-probe-checks-more",
    "ready-file-then-rollout",
    "sidecar-admin-endpoint",
    "sidecar-probe-variants",
    "startup-probe-slow-start",
    "liveness-checks-the-database",
    "readiness-during-shutdown",
    "named-port-typo",
];

#[test]
fn every_shipped_gallery_id_opens() {
    for id in SHIPPED_LESSONS {
        match link::open(&format!("#g/{id}")) {
            Ok(Fragment::Lesson(example)) => assert_eq!(example.id, *id),
            other => panic!("#g/{id} opens {other:?}"),
        }
    }
    for example in gallery::examples() {
        assert!(SHIPPED_LESSONS.contains(&example.id), "add {} to SHIPPED_LESSONS", example.id);
    }
}

#[test]
fn every_gallery_lesson_fits_in_a_chat_message_as_a_v1_link() {
    // A lesson's own link is `#g/<id>`; once edited it becomes `#v1.`, and
    // that link (with a typical base) must still fit in 2,000 characters.
    for example in gallery::examples() {
        let (kubernetes, behaviour) = example.text.split_once("\n---\nkind: Behaviour\n").unwrap();
        let content = Content {
            kubernetes: format!("{kubernetes}\n"),
            behaviour: format!("kind: Behaviour\n{behaviour}"),
            title: Some(example.title.to_string()),
            gallery: Some(example.id.to_string()),
        };
        assert_eq!(content.stream(), example.text, "{}", example.id);
        let url = link::url("https://owner.github.io/probe-playground/", "", &content.fragment());
        assert!(url.len() < link::CHAT_LIMIT, "{}: {} characters", example.id, url.len());
    }
}

#[test]
fn damaged_vectors_fail_with_the_reason() {
    let text = std::fs::read_to_string(vectors().remove(0)).unwrap();
    let fragment = link::fragment_of(text.trim_end()).to_string();
    assert_eq!(link::decode(&fragment[..fragment.len() - 10]), Err(LinkError::CutOff));
    let mut changed = fragment.clone().into_bytes();
    let middle = changed.len() / 2;
    changed[middle] = if changed[middle] == b'x' { b'y' } else { b'x' };
    assert_eq!(link::decode(std::str::from_utf8(&changed).unwrap()).map_err(|e| e.code()), Err("altered"));
    assert_eq!(link::decode("#v2.abc"), Err(LinkError::NewerVersion(2)));
}

fn any_content() -> impl Strategy<Value = Content> {
    // Any text at all, plus text made of what YAML editors hold: separators,
    // tabs, CRLF, trailing newlines, non-ASCII.
    let text = prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("---\n"),
                Just("\t"),
                Just("\r\n"),
                Just("\n"),
                Just("✅"),
                Just("kind: Behaviour\n"),
                Just("k 3\n"),
                Just("a: b"),
                Just(" "),
                Just("#")
            ],
            0..40
        )
        .prop_map(|parts| parts.concat()),
    ];
    (text.clone(), text, proptest::option::of(any::<String>()), proptest::option::of("[a-z0-9-]{0,30}"))
        .prop_map(|(kubernetes, behaviour, title, gallery)| Content { kubernetes, behaviour, title, gallery })
}

proptest! {
    #[test]
    fn every_content_round_trips_byte_for_byte(content in any_content()) {
        let fragment = content.fragment();
        prop_assert!(fragment.starts_with("v1."));
        prop_assert!(fragment[3..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(link::decode(&fragment), Ok(content.clone()));
        prop_assert_eq!(link::open(&format!("#{fragment}")), Ok(Fragment::Shared(content)));
    }

    #[test]
    fn any_fragment_decodes_or_says_why(fragment in "(v1\\.)?[A-Za-z0-9_=@.-]{0,200}") {
        match link::decode(&fragment) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.to_string().ends_with('.'), "{e}"),
        }
    }

    #[test]
    fn a_cut_link_never_opens_as_other_text(content in any_content(), cut in 1usize..40) {
        let fragment = content.fragment();
        let cut = cut.min(fragment.len() - 3);
        let short = &fragment[..fragment.len() - cut];
        prop_assert!(link::decode(short).is_err());
    }
}
