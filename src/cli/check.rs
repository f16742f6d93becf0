//! `check FILE...`: load manifests and report what the API server would
//! reject and what the kubelet would trip over, the way a compiler reports
//! errors (`FILE:LINE:COL: error: message`), or as one JSON object per file
//! with `--json`.
//!
//! After the diagnostics of a file without errors come the probe report and
//! the findings of the analysis (`crate::analysis`); `--format sarif` writes
//! one SARIF log for all the files.
//!
//! Exit status: 0 when no file has an error, 1 when one has, 2 for a file that
//! cannot be read (clap reports usage errors with 2 before `run` is reached).
//! With `--fail-on warning`, a warning or a finding is a failure too.

use crate::analysis::{self, Analysis, output, sarif};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::MAX_INPUT_BYTES;
use crate::scenario::{self, Scenario};
use crate::yaml::Span;
use serde_json::json;
use std::io::{Read, Write};

#[derive(clap::Args)]
pub struct Args {
    /// One JSON object per file and line (the same as --format json)
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// text, json (one object per file and line), or sarif (one SARIF 2.1.0 log)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The least severity that makes the exit status 1: error, or warning
    /// (warnings and findings fail too)
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Also show notes (kinds and containers that are not simulated)
    #[arg(short, long)]
    verbose: bool,
    /// Manifests to check; `-` reads standard input, and a share link its scenario
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

/// Checks every file, even after one that cannot be read; returns the exit status.
pub fn run(options: &Args, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let format = if options.json { Format::Json } else { options.format.unwrap_or(Format::Text) };
    let mut status = 0;
    let mut checked = Vec::new();
    for file in &options.files {
        let (scenario, text) = match read(file) {
            Ok(read) => read,
            Err(message) => {
                let _ = writeln!(err, "probe-playground check: cannot read {file}: {message}");
                status = 2;
                continue;
            }
        };
        let analysis = analyse(&scenario, text.as_deref());
        let warned = scenario.diagnostics.iter().any(|d| d.severity == Severity::Warning);
        let failed =
            scenario.has_errors() || (options.fail_on == FailOn::Warning && (warned || !analysis.findings.is_empty()));
        if failed && status == 0 {
            status = 1;
        }
        let written = match format {
            Format::Json => report_json(out, file, &scenario, &analysis, options.verbose),
            Format::Text => report_text(out, file, &scenario, &analysis, options.verbose),
            Format::Sarif => {
                checked.push((file.clone(), scenario, analysis));
                Ok(())
            }
        };
        if written.is_err() {
            // stdout closed (e.g. piped into `head`): nothing more to say.
            return status.max(1);
        }
    }
    if format == Format::Sarif {
        let files: Vec<sarif::Checked> = checked
            .iter()
            .map(|(file, scenario, analysis)| sarif::Checked { file, diagnostics: &scenario.diagnostics, analysis })
            .collect();
        if writeln!(out, "{:#}", sarif::log(&files)).is_err() {
            return status.max(1);
        }
    }
    status
}

/// The analysis of a scenario the API server would accept (one with errors
/// is not analysed: what it would do is moot until they are fixed).
fn analyse(scenario: &Scenario, text: Option<&str>) -> Analysis {
    match text {
        Some(text) if !scenario.has_errors() => analysis::analyse(scenario, text),
        _ => Analysis::default(),
    }
}

/// Reads and loads one file as a whole scenario, so that a behaviour document
/// is checked too, never reading more than the loader accepts; with the text
/// it was loaded from, when it is text.
fn read(file: &str) -> Result<(Scenario, Option<String>), String> {
    if crate::link::is_link(file) {
        let text = crate::link::scenario_of(file).map_err(|e| e.to_string())?;
        return Ok((scenario::load(&text), Some(text)));
    }
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let result = if file == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|e| e.to_string())?;
    if bytes.len() > MAX_INPUT_BYTES {
        let size = match std::fs::metadata(file) {
            Ok(metadata) if file != "-" => format!("the file is {} bytes", metadata.len()),
            _ => format!("the input is more than {MAX_INPUT_BYTES} bytes"),
        };
        let message = format!("{size}; the loader accepts at most {MAX_INPUT_BYTES} bytes (4 MiB)");
        let diagnostic = Diagnostic::error(Span { line: 1, col: 1, len: 1 }, "", message);
        return Ok((Scenario { diagnostics: vec![diagnostic], ..Scenario::default() }, None));
    }
    let scenario = scenario::load_bytes(&bytes);
    Ok((scenario, String::from_utf8(bytes).ok()))
}

fn shown(d: &Diagnostic, verbose: bool) -> bool {
    verbose || d.severity != Severity::Note
}

fn report_text(out: &mut dyn Write, file: &str, m: &Scenario, a: &Analysis, verbose: bool) -> std::io::Result<()> {
    for d in m.diagnostics.iter().filter(|d| shown(d, verbose)) {
        writeln!(out, "{}", d.render(file))?;
    }
    for line in output::text(file, a) {
        writeln!(out, "{line}")?;
    }
    let s = &m.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let count = |severity| m.diagnostics.iter().filter(|d| d.severity == severity).count();
    // A file with errors is not analysed: no count of findings for it.
    let findings = if m.has_errors() { String::new() } else { format!(", {}", plural(a.findings.len(), "finding")) };
    writeln!(
        out,
        "{file}: {}, {} ({} with probes; liveness {}, readiness {}, startup {}); {}, {}{findings}",
        plural(s.workloads, "workload"),
        plural(s.containers, "container"),
        s.probed_containers,
        s.probes.liveness,
        s.probes.readiness,
        s.probes.startup,
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    )
}

fn report_json(out: &mut dyn Write, file: &str, m: &Scenario, a: &Analysis, verbose: bool) -> std::io::Result<()> {
    let list = |severity: Severity| -> Vec<serde_json::Value> {
        m.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| {
                json!({
                    "line": d.span.line,
                    "col": d.span.col,
                    "path": d.path,
                    "message": d.message,
                    "suggestion": d.suggestion,
                })
            })
            .collect()
    };
    let mut report = json!({
        "file": file,
        "errors": list(Severity::Error),
        "warnings": list(Severity::Warning),
        "workloads": m.summary.workloads,
        "containers": m.summary.containers,
        "probedContainers": m.summary.probed_containers,
        "probes": m.summary.probes,
        "report": a.reports.iter().map(output::report_json).collect::<Vec<_>>(),
        "findings": a.findings.iter().map(output::finding_json).collect::<Vec<_>>(),
    });
    if verbose {
        report["notes"] = list(Severity::Note).into();
    }
    writeln!(out, "{report}")
}
