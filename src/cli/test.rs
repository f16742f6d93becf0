//! `test FILE...`: run every file's scenario and check its `expect:`
//! entries, printing each as PASS or FAIL with the simulated value it saw;
//! `--junit OUT.xml` also writes them as a JUnit report for CI. A docs site
//! runs it over its embedded scenarios to keep them true across versions.
//!
//! Exit status: 0 when every expectation holds, 1 when one fails or a file
//! has errors, 2 for a file that cannot be read (or the report cannot be
//! written).

use crate::analysis::expect::{Outcome, check_all};
use crate::diagnostic::Severity;
use crate::scenario;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Scenarios with `expect:` entries in their behaviour document, or share links
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
    /// Also write the results as a JUnit XML report (one test suite per file)
    #[arg(long, value_name = "OUT.xml")]
    junit: Option<String>,
}

/// One file's results: its expectations' outcomes (with their lines), or
/// why it could not run.
struct FileResult {
    file: String,
    outcomes: Vec<(u32, Outcome)>,
    error: Option<String>,
}

pub fn run(options: &Args, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut status = 0;
    let mut results = Vec::new();
    for file in &options.files {
        let text = match super::read_scenario(file).and_then(|b| String::from_utf8(b).map_err(|e| e.to_string())) {
            Ok(text) => text,
            Err(message) => {
                let _ = writeln!(err, "probe-playground test: {message}");
                status = 2;
                continue;
            }
        };
        let result = test_file(file, &text);
        if result.error.is_some() || result.outcomes.iter().any(|(_, o)| !o.pass) {
            status = status.max(1);
        }
        if print(out, &result).is_err() {
            return status.max(1);
        }
        results.push(result);
    }
    let (passed, failed) = results
        .iter()
        .flat_map(|r| &r.outcomes)
        .fold((0, 0), |(p, f), (_, o)| if o.pass { (p + 1, f) } else { (p, f + 1) });
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    if let Some(path) = &options.junit
        && let Err(e) = std::fs::write(path, junit(&results))
    {
        let _ = writeln!(err, "probe-playground test: cannot write {path}: {e}");
        status = 2;
    }
    status
}

fn test_file(file: &str, text: &str) -> FileResult {
    let s = scenario::load(text);
    let errors: Vec<String> =
        s.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render(file)).collect();
    if !errors.is_empty() {
        return FileResult { file: file.into(), outcomes: vec![], error: Some(errors.join("\n")) };
    }
    let h = s.simulate();
    let outcomes = check_all(&s.behaviour.expect, &h);
    let lines = s.behaviour.expect.iter().map(|e| e.line);
    FileResult { file: file.into(), outcomes: lines.zip(outcomes).collect(), error: None }
}

fn print(out: &mut dyn Write, r: &FileResult) -> std::io::Result<()> {
    if let Some(e) = &r.error {
        writeln!(out, "{e}")?;
        return writeln!(out, "{}: not run: the scenario has errors", r.file);
    }
    if r.outcomes.is_empty() {
        return writeln!(out, "{}: no expectations", r.file);
    }
    for (line, o) in &r.outcomes {
        let word = if o.pass { "PASS" } else { "FAIL" };
        writeln!(out, "{word} {}:{line}: {}: saw {}", r.file, o.expected, o.saw)?;
    }
    Ok(())
}

/// The JUnit XML report: a test suite per file, a test case per expectation
/// (a failure carries what it saw), a file with errors as one failed case.
fn junit(results: &[FileResult]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total: usize = results.iter().map(|r| r.outcomes.len().max(usize::from(r.error.is_some()))).sum();
    let failures: usize = results
        .iter()
        .map(|r| r.outcomes.iter().filter(|(_, o)| !o.pass).count() + usize::from(r.error.is_some()))
        .sum();
    xml.push_str(&format!("<testsuites name=\"probe-playground test\" tests=\"{total}\" failures=\"{failures}\">\n"));
    for r in results {
        let fails = r.outcomes.iter().filter(|(_, o)| !o.pass).count() + usize::from(r.error.is_some());
        let tests = r.outcomes.len().max(usize::from(r.error.is_some()));
        xml.push_str(&format!("  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{fails}\">\n", escape(&r.file)));
        if let Some(e) = &r.error {
            xml.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"the scenario loads\">\n      <failure message=\"the scenario has errors\">{}</failure>\n    </testcase>\n",
                escape(&r.file),
                escape(e)
            ));
        }
        for (line, o) in &r.outcomes {
            let name = format!("line {line}: {}", o.expected);
            xml.push_str(&format!("    <testcase classname=\"{}\" name=\"{}\"", escape(&r.file), escape(&name)));
            if o.pass {
                xml.push_str(" />\n");
            } else {
                let message = format!("saw {}", o.saw);
                xml.push_str(&format!(
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    escape(&message),
                    escape(&message)
                ));
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Text for XML attributes and content. XML 1.0 has no way to write most
/// control characters (not even as references), and an attribute's line
/// breaks would read back as spaces: a YAML note can hold either.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
