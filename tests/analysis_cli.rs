//! `check` with the analysis: the report and the findings after the
//! diagnostics, `--json`'s `report` and `findings` beside today's fields,
//! `--format sarif`, and `--fail-on warning`. Exit codes are as before.
#![cfg(not(target_arch = "wasm32"))] // the command line exists only natively

use probe_playground::cli::run_with;

fn lesson(file: &str) -> String {
    format!("{}/gallery/{file}", env!("CARGO_MANIFEST_DIR"))
}

fn check(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = run_with(std::iter::once(&"check").chain(args), &mut out, &mut err);
    (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// Lesson 7 in text: the report of the three Deployments, then the one
/// finding at its line with its suggestion and its proof, then the summary
/// with the count of findings. A finding is a warning: the exit status is 0.
#[test]
fn text_prints_the_report_then_the_findings_then_the_summary() {
    let file = lesson("07-liveness-checks-the-database.yaml");
    let (status, out, err) = check(&[&file]);
    assert_eq!((status, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("{file}: probe report (each answer is a what-if run of this scenario):"));
    assert_eq!(lines[1], "  Deployment/orders-deep-liveness container orders:");
    assert_eq!(
        lines[2],
        "    time to Ready (app serving in 8 s): 10.001 to 10.999 s after the container starts, gated by readiness"
    );
    let finding = lines.iter().position(|l| l.contains("warning[liveness-shared-dependency]")).expect("the finding");
    assert!(lines[finding].starts_with(&format!("{file}:51:9: warning[liveness-shared-dependency]: Deployment/orders-deep-liveness container orders: livenessProbe: ")));
    assert!(lines[finding].contains("all 3 replicas are killed, at 2:21 and 2:51"), "{}", lines[finding]);
    assert!(
        lines[finding + 1].starts_with("  suggestion: livenessProbe.failureThreshold: 7 "),
        "{}",
        lines[finding + 1]
    );
    assert_eq!(
        lines[finding + 2],
        "  proof: as-written (the scenario as written): outage 2:00, every replica killed 2:21, Service back 3:02.5"
    );
    assert_eq!(
        *lines.last().unwrap(),
        format!(
            "{file}: 3 workloads, 3 containers (3 with probes; liveness 3, readiness 3, startup 0); 0 errors, 0 warnings, 1 finding"
        )
    );
}

/// `--fail-on warning` fails on a finding; a lesson without one passes.
#[test]
fn fail_on_warning_makes_a_finding_fail() {
    let (status, _, _) = check(&["--fail-on", "warning", &lesson("07-liveness-checks-the-database.yaml")]);
    assert_eq!(status, 1);
    let (status, out, _) = check(&["--fail-on", "warning", &lesson("08-readiness-during-shutdown.yaml")]);
    assert_eq!(status, 0, "{out}");
    let (status, _, err) = check(&["--fail-on", "note", &lesson("08-readiness-during-shutdown.yaml")]);
    assert_eq!(status, 2);
    assert!(err.contains("invalid value 'note'"), "{err}");
}

/// `--json` keeps today's fields and adds `report` (per container, times in
/// ms) and `findings` (id, severity, line, column, message, suggestion, and
/// the proof: the what-if's name and its key times).
#[test]
fn json_adds_the_report_and_the_findings() {
    let (status, out, _) = check(&["--json", &lesson("01-slow-start-readiness.yaml")]);
    assert_eq!(status, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    for field in ["file", "errors", "warnings", "workloads", "containers", "probedContainers", "probes"] {
        assert!(v.get(field).is_some(), "{field}");
    }
    let report = &v["report"][0];
    assert_eq!(report["workload"], "Deployment/hello-go");
    assert_eq!(
        report["timeToReady"],
        serde_json::json!({"earliestMs": 10_001, "latestMs": 10_999, "gate": "readiness", "whatif": "start-10s"})
    );
    let f = &v["findings"][0];
    assert_eq!(
        (f["id"].as_str(), f["severity"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
        (Some("liveness-before-readiness"), Some("warning"), Some(63), Some(11))
    );
    assert_eq!(f["suggestion"], "livenessProbe.failureThreshold: 6");
    assert_eq!(f["proof"]["whatif"], "hang-1m");
    assert_eq!(f["proof"]["times"][1], serde_json::json!({"label": "killed while in the Service", "tMs": 75_000}));
    let (status, _, _) = check(&["--json", "--format", "json", &lesson("01-slow-start-readiness.yaml")]);
    assert_eq!(status, 2, "--json and --format together are a usage error");
}

/// `--format sarif` is one SARIF 2.1.0 log for all the files: every rule,
/// each finding at its line with its fix, the loader's diagnostics too
/// (scripts/validate-sarif.sh checks the log against the schema).
#[test]
fn sarif_is_one_log_with_rules_results_and_fixes() {
    let (status, out, _) =
        check(&["--format", "sarif", &lesson("01-slow-start-readiness.yaml"), &lesson("09-named-port-typo.yaml")]);
    assert_eq!(status, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 12);
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "liveness-before-readiness",
            "manifest-warning",
            "manifest-warning",
            "probe-port-undeclared",
            "probe-port-undeclared"
        ]
    );
    let first = &results[0];
    assert_eq!(
        first["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 63, "startColumn": 11})
    );
    let fix = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        fix,
        &serde_json::json!({"deletedRegion": {"startLine": 63, "startColumn": 29, "endColumn": 30}, "insertedContent": {"text": "6"}})
    );
}
