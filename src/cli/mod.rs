//! The command line: `check`, `simulate` and `link`, thin shells around the
//! same core as the browser playground. clap parses the arguments, so there
//! is one usage text and usage errors exit with 2. Wherever a FILE is read, a
//! share link works too.

mod check;
mod compare;
mod link;
mod simulate;
mod test;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;

/// Kubernetes container probes, simulated by the kubelet's rules in virtual time.
#[derive(Parser)]
#[command(name = "probe-playground", after_help = "Exit status: 0 fine, 1 errors in the input, 2 usage errors.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Diagnostics as FILE:LINE:COL: error|warning: message, then a summary
    ///
    /// Loads Kubernetes manifests (YAML or JSON) and reports what the API server
    /// would reject and what the kubelet would trip over, the way a compiler
    /// reports errors, or as one JSON object per file with --json.
    #[command(after_help = "Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.")]
    Check(check::Args),
    /// The event log like `kubectl get events -w`, with simulated times
    ///
    /// Runs a scenario file and prints its event log like `kubectl get events -w`,
    /// with simulated times; --format json prints one JSON record per line (see
    /// docs/history-json.md); --at T --view shows that kubectl view at simulated
    /// time T.
    #[command(
        after_help = "Exit status: 0 fine, 1 errors in the scenario or no such pod, 2 usage error or unreadable file."
    )]
    Simulate(simulate::Args),
    /// The share link of a scenario, or (--decode) the scenario of a link
    ///
    /// Prints the link that opens FILE in the playground (--embed: in an
    /// embed, with --panes and --t); --decode prints a link's scenario as one
    /// YAML stream.
    #[command(after_help = "Exit status: 0 fine, 1 a link that does not decode, 2 usage error or unreadable file.")]
    Link(link::Args),
    /// What differs when a scenario runs on several Kubernetes versions
    ///
    /// Runs FILE on each version of --kubernetes and prints, one column per
    /// version, what differs between the runs: when each workload's pods were
    /// Ready, their restarts, the Services' endpoints and client failures, and
    /// how many of each event there were.
    #[command(after_help = "Exit status: 0 fine, 1 errors in the scenario, 2 usage error or unreadable file.")]
    Compare(compare::Args),
    /// Run scenarios and check their `expect:` entries, each PASS or FAIL
    ///
    /// Runs every FILE's scenario and checks the expectations of its behaviour
    /// document against the run, printing each with the simulated value it saw;
    /// --junit writes them as a JUnit XML report too.
    #[command(
        after_help = "Exit status: 0 every expectation holds, 1 one fails or a scenario has errors, 2 usage error or unreadable file."
    )]
    Test(test::Args),
}

/// Runs the command line on `args` (without the program name), writing to the
/// given streams; returns the exit status.
pub fn run_with<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args = std::iter::once(OsString::from("probe-playground")).chain(args.into_iter().map(Into::into));
    match Cli::try_parse_from(args) {
        Ok(Cli { command: Command::Check(args) }) => check::run(&args, out, err),
        Ok(Cli { command: Command::Simulate(args) }) => simulate::run(&args, out, err),
        Ok(Cli { command: Command::Link(args) }) => link::run(&args, out, err),
        Ok(Cli { command: Command::Compare(args) }) => compare::run(&args, out, err),
        Ok(Cli { command: Command::Test(args) }) => test::run(&args, out, err),
        // --help arrives here too: clap knows which stream it belongs on and
        // its status (0 for help, 2 for a usage error).
        Err(e) => {
            let stream: &mut dyn Write = if e.use_stderr() { &mut *err } else { &mut *out };
            let _ = write!(stream, "{}", e.render());
            e.exit_code()
        }
    }
}

/// A FILE argument's bytes: the file, or the scenario of a share link
/// (`https://...#v1....`, `#g/<lesson>`).
fn read_scenario(file: &str) -> Result<Vec<u8>, String> {
    if crate::link::is_link(file) {
        return crate::link::scenario_of(file).map(String::into_bytes).map_err(|e| e.to_string());
    }
    std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))
}
