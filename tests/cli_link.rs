//! `probe-playground link` and share links wherever the command line takes a FILE.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_probe-playground")).args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

const LESSON: &str = "gallery/04-ready-file-then-rollout.yaml";

fn lesson_link() -> String {
    let (code, out, _) = run(&["link", LESSON, "--base", "https://x.test/pp/"]);
    assert_eq!(code, 0);
    out.trim_end().to_string()
}

#[test]
fn link_prints_a_link_that_decodes_to_the_same_stream() {
    let link = lesson_link();
    assert!(link.starts_with("https://x.test/pp/#v1."), "{link}");
    let (code, out, _) = run(&["link", "--decode", &link]);
    assert_eq!(code, 0);
    assert_eq!(out, std::fs::read_to_string(LESSON).unwrap());
}

#[test]
fn an_embed_link_carries_its_presentation() {
    let (code, out, _) =
        run(&["link", LESSON, "--base", "https://x.test/pp/", "--embed", "--panes", "timeline,pods", "--t", "90"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("https://x.test/pp/?embed=1&panes=timeline,pods&t=1:30#v1."), "{out}");
    let (code, _, err) = run(&["link", LESSON, "--panes", "timeline,nope"]);
    assert_eq!(
        (code, err.lines().next().unwrap()),
        (
            2,
            "error: invalid value 'timeline,nope' for '--panes <LIST>': unknown pane `nope`; the panes are k8s, app, cluster, timeline, pods, events, describe, traffic, log"
        )
    );
}

#[test]
fn simulate_and_check_take_a_link_as_their_file() {
    let from_file = run(&["simulate", LESSON, "--for", "3m"]);
    let from_link = run(&["simulate", &lesson_link(), "--for", "3m"]);
    assert_eq!(from_link.0, 0);
    assert_eq!(from_link.1, from_file.1);
    let lesson = run(&["simulate", "https://x.test/pp/#g/ready-file-then-rollout", "--for", "3m"]);
    assert_eq!(lesson.1, from_file.1);
    let (code, out, _) = run(&["check", &lesson_link()]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_bad_link_says_why() {
    let link = lesson_link();
    let (code, _, err) = run(&["simulate", &link[..link.len() - 10]]);
    assert_eq!(code, 2);
    assert!(err.starts_with("probe-playground: This link is cut off"), "{err}");
    let (code, _, err) = run(&["link", "--decode", "https://x.test/#v2.abc"]);
    assert_eq!(
        (code, err.trim_end()),
        (
            1,
            "probe-playground: This link was made by a newer probe-playground (link format v2); this version opens v1 links."
        )
    );
}

#[test]
fn link_usage_errors_exit_2() {
    let (code, out, err) = run(&["link"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("error: the following required arguments were not provided:\n  <FILE>\n"), "{err}");
    let (code, _, err) = run(&["link", LESSON, "--embed", "--t", "1:75"]);
    assert_eq!(
        (code, err.lines().next().unwrap()),
        (2, "error: invalid value '1:75' for '--t <T>': use seconds, m:ss or h:mm:ss")
    );
    let (code, _, err) = run(&["link", "/nonexistent/scenario.yaml"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("probe-playground: cannot read /nonexistent/scenario.yaml: "), "{err}");
    let (code, out, _) = run(&["link", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("\nUsage: probe-playground link [OPTIONS] [FILE]\n"), "{out}");
}
