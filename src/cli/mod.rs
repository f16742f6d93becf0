//! Command-line entry: `check FILE...`, `simulate FILE ...` and `link`.
//! Wherever a FILE is read, a share link works too.
//! Exit codes: 0 fine, 1 errors in the input, 2 usage errors.

mod link;
mod simulate;

/// A FILE argument's bytes: the file, or the scenario of a share link
/// (`https://...#v1....`, `#g/<id>`).
pub fn read_scenario(file: &str) -> Result<Vec<u8>, String> {
    if probe_playground::link::is_link(file) {
        return probe_playground::link::scenario_of(file).map(String::into_bytes).map_err(|e| e.to_string());
    }
    std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))
}

pub const USAGE: &str = "\
usage: probe-playground check [--json] [--verbose] FILE...
       probe-playground simulate FILE [--for DURATION] [--seed N] [--format text|json]
       probe-playground simulate FILE --at T --view pods|describe|events [--pod NAME]
       probe-playground link FILE [--base URL] [--embed] [--panes LIST] [--t T]
       probe-playground link --decode LINK

check     diagnostics as FILE:LINE:COL: error|warning: message, then a summary
simulate  the event log like `kubectl get events -w`, with simulated times;
          --format json prints one JSON record per line (see docs/history-json.md);
          --at T --view shows that kubectl view at simulated time T
link      the share link of a scenario (--embed: the embed's, with --panes and --t);
          --decode prints a link's scenario as one YAML stream
FILE      a file, or a share link (https://...#v1.... or #g/<lesson>)";

pub fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("check") => probe_playground::cli_check::run(&args[1..]),
        Some("simulate") => simulate::run(&args[1..]),
        Some("link") => link::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            0
        }
        _ => usage_error("expected a command: check, simulate or link"),
    }
}

pub fn usage_error(message: &str) -> i32 {
    eprintln!("probe-playground: {message}\n{USAGE}");
    2
}
