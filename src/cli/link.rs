//! `link FILE [--base URL] [--embed] [--panes LIST] [--t T]` prints the share
//! link of a scenario file; `link --decode LINK` prints a link's scenario as
//! one YAML stream.

use crate::history::Millis;
use crate::link::presentation::{Pane, Presentation, parse_time};
use crate::link::{self, Content};
use std::io::Write;

/// Where links point when `--base` is not given.
const DEFAULT_BASE: &str = "https://probe-playground.github.io/probe-playground/";

#[derive(clap::Args)]
pub struct Args {
    /// The scenario file, or a share link
    #[arg(value_name = "FILE", required_unless_present = "decode")]
    file: Option<String>,
    /// The playground's address the link starts with
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE)]
    base: String,
    /// The link of an embed, with --panes and --t
    #[arg(long)]
    embed: bool,
    /// The embed's panes in order, like timeline,pods [default: cluster,timeline,events]
    #[arg(long, value_name = "LIST", value_parser = panes)]
    panes: Option<Panes>,
    /// Where the embed's playback starts: seconds, m:ss or h:mm:ss
    #[arg(long = "t", value_name = "T", value_parser = start)]
    start: Option<Millis>,
    /// Print the scenario of LINK as one YAML stream instead
    #[arg(long, value_name = "LINK")]
    decode: Option<String>,
}

/// `--panes`: one value, the list (clap would read a `Vec` as the flag repeated).
#[derive(Clone)]
struct Panes(Vec<Pane>);

fn panes(text: &str) -> Result<Panes, String> {
    let known = || Pane::ALL.map(Pane::name).join(", ");
    let pane = |name| Pane::from_name(name).ok_or_else(|| format!("unknown pane `{name}`; the panes are {}", known()));
    text.split(',').map(pane).collect::<Result<_, _>>().map(Panes)
}

fn start(text: &str) -> Result<Millis, String> {
    parse_time(text).ok_or_else(|| "use seconds, m:ss or h:mm:ss".to_string())
}

pub fn run(options: &Args, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let file = match (&options.decode, &options.file) {
        (Some(link), _) => return decode(link, out, err),
        (None, Some(file)) => file,
        (None, None) => unreachable!("clap requires FILE without --decode"),
    };
    let text = match super::read_scenario(file).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => return fail(err, &format!("{file} is not UTF-8 text")),
        Err(message) => return fail(err, &message),
    };
    let mut embed = Presentation::parse("embed=1");
    if let Some(Panes(panes)) = &options.panes {
        embed.panes.clone_from(panes);
    }
    if let Some(start) = options.start {
        embed.start = start;
    }
    let query = if options.embed { embed.embed_query() } else { String::new() };
    let fragment = Content::from_stream(&text).fragment();
    match writeln!(out, "{}", link::url(&options.base, &query, &fragment)) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

fn decode(link: &str, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match link::scenario_of(link) {
        Ok(text) => match write!(out, "{text}") {
            Ok(()) => 0,
            Err(_) => 1,
        },
        Err(e) => {
            let _ = writeln!(err, "probe-playground: {e}");
            1
        }
    }
}

/// A file that cannot be read or is not text: exit status 2, as `check` and
/// `simulate` have it.
fn fail(err: &mut dyn Write, message: &str) -> i32 {
    let _ = writeln!(err, "probe-playground: {message}");
    2
}
