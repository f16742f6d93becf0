//! `check`: compiler-style lines or JSON per file, and exit status 0 (clean),
//! 1 (errors) or 2 (usage, unreadable file).
#![cfg(not(target_arch = "wasm32"))] // the command line exists only natively

use probe_playground::cli::run_with;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` with these arguments: (status, stdout, stderr).
fn check(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = run_with(std::iter::once(&"check").chain(args), &mut out, &mut err);
    (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn errors_print_like_a_compiler_and_exit_1() {
    let file = fixture("probe-typos.yaml");
    let (status, out, err) = check(&[&file]);
    assert_eq!(status, 1);
    assert_eq!(err, "");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{file}:11:5: error: spec.containers[0].livenessProbe: Required value: must specify a handler type (exec, httpGet, tcpSocket or grpc)"
        )
    );
    assert_eq!(
        lines[1],
        format!(
            "{file}:12:7: error: spec.containers[0].livenessProbe.httpget: unknown field \"httpget\" (did you mean `httpGet`?)"
        )
    );
    assert!(!out.contains(": note: "), "notes only with --verbose:\n{out}");
    assert_eq!(
        *lines.last().unwrap(),
        format!(
            "{file}: 1 workload, 1 container (1 with probes; liveness 1, readiness 0, startup 1); 6 errors, 0 warnings"
        )
    );
}

#[test]
fn warnings_alone_exit_0_and_verbose_adds_notes() {
    let file = fixture("port-warnings.yaml");
    let (status, out, _) = check(&[&file]);
    assert_eq!(status, 0);
    assert_eq!(out.lines().filter(|l| l.contains(": warning: ")).count(), 4);
    let (_, out, _) = check(&["--verbose", &fixture("kinds.yaml")]);
    assert!(out.contains(":3:7: note: kind ConfigMap is not simulated"), "{out}");
}

#[test]
fn json_is_one_object_per_file() {
    let (typos, warnings) = (fixture("probe-typos.yaml"), fixture("port-warnings.yaml"));
    let (status, out, _) = check(&["--json", &typos, &warnings]);
    assert_eq!(status, 1);
    let reports: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(reports.len(), 2);
    let first = &reports[0];
    assert_eq!(first["file"], typos.as_str());
    assert_eq!(first["workloads"], 1);
    assert_eq!(first["probedContainers"], 1);
    assert_eq!(first["probes"], serde_json::json!({"liveness": 1, "readiness": 0, "startup": 1}));
    assert_eq!(
        first["errors"][1],
        serde_json::json!({
            "line": 12, "col": 7,
            "path": "spec.containers[0].livenessProbe.httpget",
            "message": "unknown field \"httpget\"",
            "suggestion": "httpGet",
        })
    );
    assert_eq!(first["warnings"], serde_json::json!([]));
    assert!(first.get("notes").is_none());
    assert_eq!(reports[1]["warnings"].as_array().unwrap().len(), 4);
    assert_eq!(reports[1]["errors"], serde_json::json!([]));
}

#[test]
fn usage_errors_exit_2() {
    let (status, out, err) = check(&[]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(
        err.starts_with(
            "error: the following required arguments were not provided:\n  <FILE>...\n\nUsage: probe-playground check <FILE>...\n"
        ),
        "{err}"
    );
    let (status, _, err) = check(&["--jsn", &fixture("kinds.yaml")]);
    assert_eq!(status, 2);
    assert!(
        err.starts_with("error: unexpected argument '--jsn' found\n\n  tip: a similar argument exists: '--json'"),
        "{err}"
    );
    // An unreadable file is reported, the others are still checked.
    let (status, out, err) = check(&["/nonexistent/pod.yaml", &fixture("port-warnings.yaml")]);
    assert_eq!(status, 2);
    assert!(err.starts_with("probe-playground check: cannot read /nonexistent/pod.yaml: "), "{err}");
    assert!(out.contains("1 workload"), "{out}");
    let (status, out, _) = check(&["--help"]);
    assert_eq!(status, 0);
    assert!(out.contains("\nUsage: probe-playground check [OPTIONS] <FILE>...\n"), "{out}");
}

#[test]
fn oversized_and_non_utf8_files_are_errors_not_failures() {
    let dir = std::env::temp_dir().join(format!("probe-playground-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.yaml");
    std::fs::write(&big, vec![b'#'; probe_playground::load::MAX_INPUT_BYTES + 10]).unwrap();
    let latin1 = dir.join("latin1.yaml");
    std::fs::write(&latin1, b"kind: Pod\nmetadata: {name: caf\xe9}\n").unwrap();
    let (big, latin1) = (big.to_string_lossy().to_string(), latin1.to_string_lossy().to_string());
    let (status, out, _) = check(&[&big, &latin1]);
    assert_eq!(status, 1);
    assert!(
        out.contains(&format!(
            "{big}:1:1: error: the file is 4194314 bytes; the loader accepts at most 4194304 bytes (4 MiB)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{latin1}:2:21: error: the input is not valid UTF-8 (byte 0xe9 at line 2, column 21)")),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn flags_go_anywhere_and_double_dash_ends_them() {
    let file = fixture("kinds.yaml");
    let (status, verbose, _) = check(&["--verbose", &file]);
    assert_eq!(status, 1);
    assert!(verbose.contains(": note: "), "{verbose}");
    assert_eq!(check(&[&file, "-v"]), (1, verbose.clone(), String::new()));
    let (status, quiet, _) = check(&["--", &file]);
    assert_eq!(status, 1);
    assert!(!quiet.contains(": note: ") && quiet.lines().count() < verbose.lines().count(), "{quiet}");
    let (status, _, err) = check(&["--", "--json"]);
    assert_eq!(status, 2);
    assert!(err.starts_with("probe-playground check: cannot read --json: "), "{err}");
}
