//! The command line as a whole and `simulate`: clap's usage errors exit 2 and
//! `--help` exits 0; `simulate` prints exactly what the views print.
#![cfg(not(target_arch = "wasm32"))] // the command line exists only natively

use probe_playground::cli::run_with;

const LESSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/gallery/02-wrong-liveness-path.yaml");

/// Runs the command line with these arguments: (status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = run_with(args, &mut out, &mut err);
    (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// The output recorded for the lesson at 10 minutes by `tests/output_fixtures.rs`.
fn recorded(suffix: &str) -> String {
    let path = format!("{}/tests/output/gallery-02-wrong-liveness-path.{suffix}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn help_goes_to_stdout_and_exits_0() {
    let (status, out, err) = run(&["--help"]);
    assert_eq!((status, err.as_str()), (0, ""));
    assert!(out.contains("\nUsage: probe-playground <COMMAND>\n"), "{out}");
    assert!(
        out.contains("\n  check     Diagnostics as FILE:LINE:COL: error|warning: message, then a summary\n"),
        "{out}"
    );
    assert!(out.contains("\n  simulate  The event log like `kubectl get events -w`, with simulated times\n"), "{out}");
    assert!(
        out.contains("\n  link      The share link of a scenario, or (--decode) the scenario of a link\n"),
        "{out}"
    );
    assert_eq!(run(&["help"]), (0, out, String::new()));
    let (status, out, _) = run(&["simulate", "--help"]);
    assert_eq!(status, 0);
    assert!(out.contains("\nUsage: probe-playground simulate [OPTIONS] <FILE>\n"), "{out}");
    assert!(out.contains("\n          - pods:     `kubectl get pods`\n"), "{out}");
}

#[test]
fn a_missing_or_unknown_command_is_a_usage_error() {
    let (status, out, err) = run(&[]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(err.contains("\nUsage: probe-playground <COMMAND>\n"), "{err}");
    let (status, out, err) = run(&["simulat", LESSON]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: unrecognized subcommand 'simulat'\n\n  tip: a similar subcommand exists: 'simulate'"),
        "{err}"
    );
}

#[test]
fn simulate_usage_errors_exit_2_and_print_nothing() {
    let cases: [(&[&str], &str); 8] = [
        (&["simulate"], "error: the following required arguments were not provided:\n  <FILE>\n"),
        (
            &["simulate", LESSON, "--at", "2m"],
            "error: the following required arguments were not provided:\n  --view <VIEW>\n",
        ),
        (
            &["simulate", LESSON, "--view", "pods"],
            "error: the following required arguments were not provided:\n  --at <T>\n",
        ),
        (
            &["simulate", LESSON, "--for", "0s"],
            "error: invalid value '0s' for '--for <DURATION>': must be more than 0 and at most 168h\n",
        ),
        (
            &["simulate", LESSON, "--for", "8d"],
            "error: invalid value '8d' for '--for <DURATION>': `8d` is not a duration; write it like 500ms, 10s, 1m30s, 2h or 2:00\n",
        ),
        (
            &["simulate", LESSON, "--seed", "-1"],
            "error: invalid value '-1' for '--seed <N>': must be a non-negative integer\n",
        ),
        (
            &["simulate", LESSON, "--format", "yaml"],
            "error: invalid value 'yaml' for '--format <FORMAT>'\n  [possible values: text, json, svg]\n",
        ),
        (
            &["simulate", LESSON, "--at", "2m", "--view", "nodes"],
            "error: invalid value 'nodes' for '--view <VIEW>'\n  [possible values: pods, describe, events, yaml, json, timeline]\n",
        ),
    ];
    for (args, message) in cases {
        let (status, out, err) = run(args);
        assert_eq!((status, out.as_str()), (2, ""), "{args:?}");
        assert!(err.starts_with(message), "{args:?}: {err}");
    }
}

#[test]
fn simulate_draws_the_timeline_as_svg() {
    let (status, out, _) = run(&["simulate", LESSON, "--view", "timeline", "--format", "svg"]);
    assert_eq!(status, 0);
    assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", &out[..80]);
    assert!(out.contains("<title>02-wrong-liveness-path.yaml</title>"));
    let scenario = probe_playground::scenario::load(&std::fs::read_to_string(LESSON).unwrap());
    assert_eq!(
        out,
        format!("{}", probe_playground::view::timeline::svg(&scenario.simulate(), "02-wrong-liveness-path.yaml"))
    );
    for (args, message) in [
        (&["simulate", LESSON, "--format", "svg"][..], "--format svg draws the timeline: add --view timeline"),
        (
            &["simulate", LESSON, "--view", "timeline", "--at", "1m"][..],
            "--view timeline draws the whole run: leave out --at",
        ),
        (
            &["simulate", LESSON, "--view", "timeline", "--format", "json"][..],
            "--view timeline draws SVG: use --format svg",
        ),
    ] {
        assert_eq!(run(args), (2, String::new(), format!("probe-playground: {message}\n")), "{args:?}");
    }
}

#[test]
fn simulate_prints_the_recorded_event_log_history_and_pods() {
    let (status, out, err) = run(&["simulate", LESSON, "--for", "10m"]);
    assert_eq!(status, 0);
    assert!(out == recorded("events.txt"), "the event log differs from the recorded one");
    // Warnings go to stderr, so that stdout stays the event log alone.
    assert_eq!(
        err,
        format!(
            "{LESSON}:84:12: warning: apps[0].http[1].path: no probe requests the path \"/healthy/liveness\" (did you mean `/health/liveness`?)\n"
        )
    );
    let (_, out, _) = run(&["simulate", LESSON, "--format", "json", "--for", "10m"]);
    assert!(out == recorded("history.jsonl"), "the JSON Lines differ from the recorded ones");
    let (_, out, _) = run(&["simulate", LESSON, "--at", "10m", "--view", "pods"]);
    assert_eq!(out, recorded("pods.txt"));
}

#[test]
fn the_seed_renames_the_pods() {
    let (_, pods, _) = run(&["simulate", LESSON, "--at", "10m", "--view", "pods"]);
    let (status, seeded, _) = run(&["simulate", LESSON, "--at", "10m", "--view", "pods", "--seed", "7"]);
    assert_eq!(status, 0);
    assert_eq!(seeded.lines().count(), pods.lines().count());
    assert_ne!(seeded, pods);
}

#[test]
fn describe_shows_the_oldest_pod_or_the_named_one() {
    let (status, out, _) = run(&["simulate", LESSON, "--at", "10m", "--view", "describe"]);
    assert_eq!(status, 0);
    assert!(out.starts_with("Name:             hello-express-qxhxnghgs9-pglws\n"), "{out}");
    let (status, out, _) =
        run(&["simulate", LESSON, "--at", "10m", "--view", "describe", "--pod", "hello-express-qxhxnghgs9-8qtdx"]);
    assert_eq!(status, 0);
    assert!(out.starts_with("Name:             hello-express-qxhxnghgs9-8qtdx\n"), "{out}");
    let (status, out, err) = run(&["simulate", LESSON, "--at", "2m", "--view", "describe", "--pod", "nosuch"]);
    assert_eq!((status, out.as_str()), (1, ""));
    assert!(err.ends_with("\nprobe-playground: no such pod at 02:00.0\n"), "{err}");
}

#[test]
fn simulate_input_errors_exit_1_and_unreadable_files_2() {
    let typos = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/probe-typos.yaml");
    let (status, out, err) = run(&["simulate", typos]);
    assert_eq!((status, out.as_str()), (1, ""));
    assert!(
        err.starts_with(&format!("{typos}:11:5: error: spec.containers[0].livenessProbe: Required value")),
        "{err}"
    );
    let (status, out, err) = run(&["simulate", "/nonexistent/scenario.yaml"]);
    assert_eq!((status, out.as_str()), (2, ""));
    assert!(err.starts_with("probe-playground: cannot read /nonexistent/scenario.yaml: "), "{err}");
}

const SLOW_EXEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/slow-exec-liveness.yaml");
const NATIVE_SIDECAR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/native-sidecar-on-1-28.yaml");

/// §E: a native sidecar on 1.28, where SidecarContainers is off, is a classic
/// init container that never exits: `compare` shows the pods never Ready and
/// every request failing, against Ready at 2.5 s on 1.29, and says on stderr
/// which field 1.28 dropped.
#[test]
fn compare_shows_a_native_sidecar_held_back_on_1_28() {
    let (status, out, err) = run(&["compare", NATIVE_SIDECAR, "--kubernetes", "1.28,1.29"]);
    assert_eq!(status, 0);
    assert!(
        err.contains("warning: spec.template.spec.initContainers[0].restartPolicy: Kubernetes 1.28 drops this field when the pod is created (SidecarContainers is off)"),
        "{err}"
    );
    let first: Vec<&str> = out.lines().take(8).collect();
    assert_eq!(
        first,
        [
            "Deployment/web       1.28   1.29",
            "  first pod Ready    -      00:02.5",
            "  Ready at the end   0/2    2/2",
            "",
            "Service web                       1.28                             1.29",
            "  time without a ready endpoint   2m0s                             2.5s",
            "  endpoint changes                2                                4",
            "  client requests failed          1210/1210 (no ready endpoints)   50/1210 (no ready endpoints)",
        ]
    );
}

/// `compare` runs a scenario on each version and prints what differs: an
/// exec liveness probe slower than its timeout is harmless on 1.19 (the
/// kubelet waits for the command) and kills the containers from 1.20.
#[test]
fn compare_shows_what_an_upgrade_changes() {
    let (status, out, err) = run(&["compare", SLOW_EXEC, "--kubernetes", "1.19,1.20"]);
    assert_eq!((status, err.as_str()), (0, ""));
    let first: Vec<&str> = out.lines().take(4).collect();
    assert_eq!(
        first,
        [
            "Deployment/worker    1.19   1.20",
            "  Ready at the end   2/2    0/2",
            "  restarts           0      11",
            "  first restart      -      00:24.5",
        ]
    );
    assert!(
        out.contains(
            "\n  Warning Unhealthy: Liveness probe failed: command \"sh -c /check-queue.sh\" timed out   0      39\n"
        ),
        "{out}"
    );
    let (status, out, _) = run(&["compare", SLOW_EXEC, "--kubernetes", "1.36,1.37"]);
    assert_eq!(status, 0);
    assert_eq!(out, "No difference in readiness, restarts, events, endpoints or client traffic.\n");
    let (status, _, err) = run(&["compare", SLOW_EXEC, "--kubernetes", "1.29"]);
    assert_eq!(status, 2);
    assert!(err.contains("needs two versions or more, like 1.29,1.37"), "{err}");
    let (status, _, err) = run(&["compare", SLOW_EXEC, "--kubernetes", "1.29,1.40"]);
    assert_eq!(status, 2);
    assert!(err.contains("Kubernetes 1.40 is not simulated (1.19 to 1.37 are)"), "{err}");
}
