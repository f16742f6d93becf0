//! `simulate FILE`: run a scenario file and print its history, or one kubectl
//! view of it at a simulated time.

use crate::behaviour::{self, parse_duration};
use crate::cluster::Version;
use crate::diagnostic::Severity;
use crate::history::Millis;
use crate::{scenario, view};
use clap::ValueEnum;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario (manifests and an optional app-behaviour document), or a
    /// share link (https://...#v1.... or #g/<lesson>)
    #[arg(value_name = "FILE")]
    file: String,
    /// How long to simulate, like 30m or 2:00 [default: the behaviour's duration]
    #[arg(long = "for", value_name = "DURATION", value_parser = run_length)]
    duration: Option<Millis>,
    /// The seed of the simulated randomness [default: the behaviour's seed]
    #[arg(long, value_name = "N", value_parser = seed, allow_negative_numbers = true)]
    seed: Option<u64>,
    /// The history as an event log, as JSON Lines (docs/history-json.md), or
    /// (with --view timeline) as an SVG picture
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Show --view at this simulated time instead of the history
    #[arg(long, value_name = "T", value_parser = parse_duration, requires = "view",
          required_if_eq_any([("view", "pods"), ("view", "describe"), ("view", "events"), ("view", "yaml"), ("view", "json")]))]
    at: Option<Millis>,
    /// Which kubectl view to show at --at, or the timeline of the whole run
    #[arg(long, value_enum)]
    view: Option<View>,
    /// The pod --view describe, yaml or json shows [default: the first]
    #[arg(long, value_name = "NAME")]
    pod: Option<String>,
    /// Run on this Kubernetes version (1.19 to 1.37) whatever the file says
    #[arg(long, value_name = "VERSION", value_parser = kubernetes)]
    kubernetes: Option<Version>,
}

/// `--kubernetes`: `1.29`, `v1.29` or `1.29.3`.
pub(super) fn kubernetes(text: &str) -> Result<Version, String> {
    Version::parse(text).map(|(version, _)| version)
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `kubectl get events -w`
    Text,
    /// one JSON record per line
    Json,
    /// an SVG picture (--view timeline)
    Svg,
}

#[derive(Clone, Copy, ValueEnum)]
enum View {
    /// `kubectl get pods`
    Pods,
    /// `kubectl describe pod`
    Describe,
    /// `kubectl get events`
    Events,
    /// `kubectl get pod -o yaml`
    Yaml,
    /// `kubectl get pod -o json`
    Json,
    /// the playground's timeline of the whole run, as SVG
    Timeline,
}

/// `--for`: a duration, in the range `simulation.duration` accepts.
pub(super) fn run_length(text: &str) -> Result<Millis, String> {
    behaviour::run_length(parse_duration(text)?)
}

/// `--seed`: its error says what a seed is, not how parsing a `u64` failed.
pub(super) fn seed(text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| "must be a non-negative integer".to_string())
}

pub fn run(options: &Args, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let bytes = match super::read_scenario(&options.file) {
        Ok(b) => b,
        Err(message) => {
            let _ = writeln!(err, "probe-playground: {message}");
            return 2;
        }
    };
    let timeline = matches!(options.view, Some(View::Timeline));
    let usage = match (options.view, options.at, options.format) {
        (Some(View::Timeline), Some(_), _) => Some("--view timeline draws the whole run: leave out --at"),
        (Some(View::Timeline), None, Format::Json) => Some("--view timeline draws SVG: use --format svg"),
        (_, _, Format::Svg) if !timeline => Some("--format svg draws the timeline: add --view timeline"),
        _ => None,
    };
    if let Some(usage) = usage {
        let _ = writeln!(err, "probe-playground: {usage}");
        return 2;
    }
    let mut scenario = match options.kubernetes {
        Some(version) => scenario::load_bytes_on(&bytes, version),
        None => scenario::load_bytes(&bytes),
    };
    for d in scenario.diagnostics.iter().filter(|d| d.severity != Severity::Note) {
        let _ = writeln!(err, "{}", d.render(&options.file));
    }
    if scenario.has_errors() {
        return 1;
    }
    if let Some(seed) = options.seed {
        scenario.behaviour.seed = seed;
    }
    // A view at T needs the history up to T only.
    let until = options.at.or(options.duration).unwrap_or(scenario.behaviour.duration);
    let history = scenario.simulate_for(until);
    let output = match (options.view, options.at) {
        (Some(View::Timeline), _) => {
            let title = std::path::Path::new(&options.file)
                .file_name()
                .map_or(options.file.as_str(), |n| n.to_str().unwrap_or(""));
            view::timeline::svg(&history, title)
        }
        (Some(View::Pods), Some(t)) => view::get_pods(&history, t),
        (Some(View::Events), Some(t)) => view::get_events(&history, t),
        (Some(one @ (View::Describe | View::Yaml | View::Json)), Some(t)) => {
            let state = view::ClusterState::at(&history, t);
            let name = options.pod.clone().or_else(|| state.pod_names(&history).into_iter().next());
            let shown = name.and_then(|n| match one {
                View::Yaml => view::get_pod_object(&history, &n, t, view::ObjectFormat::Yaml),
                View::Json => view::get_pod_object(&history, &n, t, view::ObjectFormat::Json),
                _ => view::describe_pod(&history, &n, t),
            });
            match shown {
                Some(text) => text,
                None => {
                    let _ = writeln!(err, "probe-playground: no such pod at {}", view::sim_clock(t));
                    return 1;
                }
            }
        }
        // clap sends a kubectl view without --at away.
        (Some(_), None) | (None, _) => match options.format {
            Format::Json => view::json_lines(&history),
            Format::Text | Format::Svg => view::event_log(&history, history.end),
        },
    };
    let newline = if output.ends_with('\n') || output.is_empty() { "" } else { "\n" };
    match write!(out, "{output}{newline}") {
        Ok(()) => 0,
        // stdout closed (e.g. piped into `head`), as `check` answers it.
        Err(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_lasts_more_than_0_and_at_most_7_days() {
        assert_eq!(run_length("168h"), Ok(7 * 24 * 3_600_000));
        assert_eq!(run_length("1ms"), Ok(1));
        assert_eq!(run_length("168h0m1s"), Err("must be more than 0 and at most 168h".into()));
        assert_eq!(run_length("0s"), Err("must be more than 0 and at most 168h".into()));
        assert_eq!(run_length("8d"), Err("`8d` is not a duration; write it like 500ms, 10s, 1m30s, 2h or 2:00".into()));
    }
}
