//! `check FILE...`: load manifests and report what the API server would
//! reject and what the kubelet would trip over, the way a compiler reports
//! errors (`FILE:LINE:COL: error: message`), or as one JSON object per file
//! with `--json`.
//!
//! Exit status: 0 when no file has an error, 1 when one has, 2 for a file that
//! cannot be read (clap reports usage errors with 2 before `run` is reached).

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::MAX_INPUT_BYTES;
use crate::scenario::{self, Scenario};
use crate::yaml::Span;
use serde_json::json;
use std::io::{Read, Write};

#[derive(clap::Args)]
pub struct Args {
    /// One JSON object per file and line
    #[arg(long)]
    json: bool,
    /// Also show notes (kinds and containers that are not simulated)
    #[arg(short, long)]
    verbose: bool,
    /// Manifests to check; `-` reads standard input, and a share link its scenario
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

/// Checks every file, even after one that cannot be read; returns the exit status.
pub fn run(options: &Args, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut status = 0;
    for file in &options.files {
        let scenario = match read(file) {
            Ok(scenario) => scenario,
            Err(message) => {
                let _ = writeln!(err, "probe-playground check: cannot read {file}: {message}");
                status = 2;
                continue;
            }
        };
        if scenario.has_errors() && status == 0 {
            status = 1;
        }
        let written = if options.json {
            report_json(out, file, &scenario, options.verbose)
        } else {
            report_text(out, file, &scenario, options.verbose)
        };
        if written.is_err() {
            // stdout closed (e.g. piped into `head`): nothing more to say.
            return status.max(1);
        }
    }
    status
}

/// Reads and loads one file as a whole scenario, so that a behaviour document
/// is checked too, never reading more than the loader accepts.
fn read(file: &str) -> Result<Scenario, String> {
    if crate::link::is_link(file) {
        return crate::link::scenario_of(file).map(|text| scenario::load(&text)).map_err(|e| e.to_string());
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
        return Ok(Scenario { diagnostics: vec![diagnostic], ..Scenario::default() });
    }
    Ok(scenario::load_bytes(&bytes))
}

fn shown(d: &Diagnostic, verbose: bool) -> bool {
    verbose || d.severity != Severity::Note
}

fn report_text(out: &mut dyn Write, file: &str, m: &Scenario, verbose: bool) -> std::io::Result<()> {
    for d in m.diagnostics.iter().filter(|d| shown(d, verbose)) {
        writeln!(out, "{}", d.render(file))?;
    }
    let s = &m.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let count = |severity| m.diagnostics.iter().filter(|d| d.severity == severity).count();
    writeln!(
        out,
        "{file}: {}, {} ({} with probes; liveness {}, readiness {}, startup {}); {}, {}",
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

fn report_json(out: &mut dyn Write, file: &str, m: &Scenario, verbose: bool) -> std::io::Result<()> {
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
    });
    if verbose {
        report["notes"] = list(Severity::Note).into();
    }
    writeln!(out, "{report}")
}
