//! `link FILE [--base URL] [--embed] [--panes LIST] [--t T]` prints the share
//! link of a scenario file; `link --decode LINK` prints a link's scenario as
//! one YAML stream.

use super::{read_scenario, usage_error};
use probe_playground::link::presentation::{Pane, Presentation, parse_time};
use probe_playground::link::{self, Content};

/// Where links point when `--base` is not given.
const DEFAULT_BASE: &str = "https://probe-playground.github.io/probe-playground/";

pub fn run(args: &[String]) -> i32 {
    let (mut file, mut base, mut decode) = (None, DEFAULT_BASE.to_string(), None);
    let mut embed = Presentation::parse("embed=1");
    let mut embedded = false;
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned();
        let needs = |flag: &str| value.clone().ok_or(format!("{flag} needs a value"));
        let step = match args[i].as_str() {
            "--base" => needs("--base").map(|v| base = v),
            "--embed" => {
                embedded = true;
                i += 1;
                continue;
            }
            "--decode" => needs("--decode").map(|v| decode = Some(v)),
            "--panes" => needs("--panes").and_then(|v| {
                let panes: Option<Vec<Pane>> = v.split(',').map(Pane::from_name).collect();
                embed.panes = panes.filter(|p| !p.is_empty()).ok_or(format!("--panes {v}: unknown pane"))?;
                Ok(())
            }),
            "--t" => needs("--t").and_then(|v| {
                embed.start = parse_time(&v).ok_or(format!("--t {v}: use seconds, m:ss or h:mm:ss"))?;
                Ok(())
            }),
            flag if flag.starts_with("--") => Err(format!("unknown flag {flag}")),
            arg => {
                file = Some(arg.to_string());
                i += 1;
                continue;
            }
        };
        if let Err(message) = step {
            return usage_error(&message);
        }
        i += 2;
    }
    if let Some(link) = decode {
        return match link::scenario_of(&link) {
            Ok(text) => {
                print!("{text}");
                0
            }
            Err(e) => {
                eprintln!("probe-playground: {e}");
                1
            }
        };
    }
    let Some(file) = file else { return usage_error("link needs a FILE (or --decode LINK)") };
    let text = match read_scenario(&file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return usage_error(&format!("{file} is not UTF-8 text")),
        },
        Err(message) => return usage_error(&message),
    };
    let fragment = Content::from_stream(&text).fragment();
    let query = if embedded { embed.embed_query() } else { String::new() };
    println!("{}", link::url(&base, &query, &fragment));
    0
}
