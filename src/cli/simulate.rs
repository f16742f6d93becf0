//! `simulate`: run a scenario file and print its history, or one kubectl
//! view of it at a simulated time.

use super::usage_error;
use probe_playground::behaviour::{MAX_DURATION, parse_duration};
use probe_playground::diagnostic::Severity;
use probe_playground::history::Millis;
use probe_playground::{scenario, view};

struct Options {
    file: String,
    duration: Option<Millis>,
    seed: Option<u64>,
    json: bool,
    at: Option<Millis>,
    view: Option<String>,
    pod: Option<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o =
        Options { file: String::new(), duration: None, seed: None, json: false, at: None, view: None, pod: None };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--for" => o.duration = Some(parse_duration(&value("--for")?)?),
            "--seed" => {
                o.seed = Some(value("--seed")?.parse().map_err(|_| "--seed needs a non-negative integer".to_string())?)
            }
            "--format" => match value("--format")?.as_str() {
                "text" => o.json = false,
                "json" => o.json = true,
                other => return Err(format!("unknown format {other:?}: use text or json")),
            },
            "--at" => o.at = Some(parse_duration(&value("--at")?)?),
            "--view" => {
                let v = value("--view")?;
                if !matches!(v.as_str(), "pods" | "describe" | "events") {
                    return Err(format!("unknown view {v:?}: use pods, describe or events"));
                }
                o.view = Some(v);
            }
            "--pod" => o.pod = Some(value("--pod")?),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            file if o.file.is_empty() => o.file = file.to_string(),
            _ => return Err("simulate takes one FILE".into()),
        }
    }
    if o.file.is_empty() {
        return Err("simulate needs a FILE".into());
    }
    if o.at.is_some() != o.view.is_some() {
        return Err("--at and --view go together".into());
    }
    if o.duration.is_some_and(|d| d == 0 || d > MAX_DURATION) {
        return Err("--for must be more than 0 and at most 7 days".into());
    }
    Ok(o)
}

pub fn run(args: &[String]) -> i32 {
    let o = match parse(args) {
        Ok(o) => o,
        Err(message) => return usage_error(&message),
    };
    let bytes = match super::read_scenario(&o.file) {
        Ok(b) => b,
        Err(message) => return usage_error(&message),
    };
    let mut scenario = scenario::load_bytes(&bytes);
    for d in scenario.diagnostics.iter().filter(|d| d.severity != Severity::Note) {
        eprintln!("{}", d.render(&o.file));
    }
    if scenario.has_errors() {
        return 1;
    }
    if let Some(seed) = o.seed {
        scenario.behaviour.seed = seed;
    }
    // A view at T needs the history up to T only.
    let until = o.at.or(o.duration).unwrap_or(scenario.behaviour.duration);
    let history = scenario.simulate_for(until);
    let output = match (o.view.as_deref(), o.at) {
        (Some("pods"), Some(t)) => view::get_pods(&history, t),
        (Some("events"), Some(t)) => view::get_events(&history, t),
        (Some(_), Some(t)) => {
            let state = view::ClusterState::at(&history, t);
            let name = o.pod.clone().or_else(|| state.pods.first().map(|p| history.pod(p.id).name.clone()));
            match name.and_then(|n| view::describe_pod(&history, &n, t)) {
                Some(text) => text,
                None => {
                    eprintln!("probe-playground: no such pod at {}", view::sim_clock(t));
                    return 1;
                }
            }
        }
        _ if o.json => view::json_lines(&history),
        _ => view::event_log(&history, history.end),
    };
    print!("{output}");
    if !output.ends_with('\n') && !output.is_empty() {
        println!();
    }
    0
}
