//! `compare FILE --kubernetes 1.29,1.37`: runs a scenario on each version and
//! prints what differs between the runs (`crate::compare`).

use super::simulate::{kubernetes, run_length, seed};
use crate::cluster::Version;
use crate::compare::{Run, compare};
use crate::diagnostic::Severity;
use crate::history::{History, Millis};
use crate::scenario;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario, or a share link
    #[arg(value_name = "FILE")]
    file: String,
    /// The versions to run it on, two or more: 1.29,1.37
    #[arg(long, value_name = "VERSIONS", value_parser = versions, required = true)]
    kubernetes: Versions,
    /// How long to simulate, like 30m or 2:00 [default: the behaviour's duration]
    #[arg(long = "for", value_name = "DURATION", value_parser = run_length)]
    duration: Option<Millis>,
    /// The seed of the simulated randomness [default: the behaviour's seed]
    #[arg(long, value_name = "N", value_parser = seed, allow_negative_numbers = true)]
    seed: Option<u64>,
}

/// `--kubernetes`: one value, the list.
#[derive(Clone)]
struct Versions(Vec<Version>);

fn versions(text: &str) -> Result<Versions, String> {
    let versions = text.split(',').map(|v| kubernetes(v.trim())).collect::<Result<Vec<_>, _>>()?;
    if versions.len() < 2 {
        return Err("needs two versions or more, like 1.29,1.37".into());
    }
    Ok(Versions(versions))
}

pub fn run(options: &Args, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let bytes = match super::read_scenario(&options.file) {
        Ok(b) => b,
        Err(message) => {
            let _ = writeln!(err, "probe-playground: {message}");
            return 2;
        }
    };
    let mut histories: Vec<(Version, History)> = Vec::new();
    let mut failed = false;
    for &version in &options.kubernetes.0 {
        let mut scenario = scenario::load_bytes_on(&bytes, version);
        for d in scenario.diagnostics.iter().filter(|d| d.severity != Severity::Note) {
            let _ = writeln!(err, "{} (on {version})", d.render(&options.file));
        }
        failed |= scenario.has_errors();
        if let Some(seed) = options.seed {
            scenario.behaviour.seed = seed;
        }
        let until = options.duration.unwrap_or(scenario.behaviour.duration);
        histories.push((version, scenario.simulate_for(until)));
    }
    if failed {
        return 1;
    }
    let runs: Vec<Run> = histories.iter().map(|(version, history)| Run { version: *version, history }).collect();
    match write!(out, "{}", compare(&runs).render()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}
