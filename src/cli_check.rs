//! `probe-playground check FILE...`: load manifests and report what the API
//! server would reject and what the kubelet would trip over, the way a
//! compiler reports errors (`FILE:LINE:COL: error: message`), or as one JSON
//! object per file with `--json`.
//!
//! Exit status: 0 when no file has an error, 1 when one has, 2 for a usage
//! error (no file, unknown flag) or a file that cannot be read.

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::MAX_INPUT_BYTES;
use crate::scenario::{self, Scenario};
use crate::yaml::Span;
use serde_json::json;
use std::io::{Read, Write};

const USAGE: &str = "usage: probe-playground check [--json] [--verbose] FILE...
  Checks Kubernetes manifests (YAML or JSON; `-` reads standard input).
  --json     one JSON object per file and line
  --verbose  also show notes (kinds and containers that are not simulated)
Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.";

struct Options {
    json: bool,
    verbose: bool,
    files: Vec<String>,
}

/// Runs `check` with the arguments that follow it; returns the exit status.
pub fn run(args: &[String]) -> i32 {
    run_with(args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
}

/// `run`, writing to the given streams (for tests).
pub fn run_with(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let options = match parse_args(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            let _ = writeln!(out, "{USAGE}");
            return 0;
        }
        Err(message) => {
            let _ = writeln!(err, "probe-playground check: {message}\n{USAGE}");
            return 2;
        }
    };
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

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options { json: false, verbose: false, files: Vec::new() };
    let mut only_files = false;
    for arg in args {
        match arg.as_str() {
            _ if only_files => options.files.push(arg.clone()),
            "--" => only_files = true,
            "--json" => options.json = true,
            "--verbose" | "-v" => options.verbose = true,
            "--help" | "-h" => return Ok(None),
            flag if flag.starts_with('-') && flag != "-" => return Err(format!("unknown option {flag}")),
            _ => options.files.push(arg.clone()),
        }
    }
    if options.files.is_empty() {
        return Err("no files to check".to_string());
    }
    Ok(Some(options))
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
