//! Command-line entry: `check FILE...` and `simulate FILE ...`.
//! Exit codes: 0 fine, 1 errors in the input, 2 usage errors.

mod simulate;

pub const USAGE: &str = "\
usage: probe-playground check [--json] [--verbose] FILE...
       probe-playground simulate FILE [--for DURATION] [--seed N] [--kubernetes 1.N] [--format text|json]
       probe-playground simulate FILE --at T --view pods|describe|events [--pod NAME]

check     diagnostics as FILE:LINE:COL: error|warning: message, then a summary
simulate  the event log like `kubectl get events -w`, with simulated times;
          --kubernetes 1.29 runs it on that version whatever the file says;
          --format json prints one JSON record per line (see docs/history-json.md);
          --at T --view shows that kubectl view at simulated time T";

pub fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("check") => probe_playground::cli_check::run(&args[1..]),
        Some("simulate") => simulate::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            0
        }
        _ => usage_error("expected a command: check or simulate"),
    }
}

pub fn usage_error(message: &str) -> i32 {
    eprintln!("probe-playground: {message}\n{USAGE}");
    2
}
