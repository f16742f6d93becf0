//! The default answer to an exec probe that no `exec` rule describes: the
//! common commands are interpreted (`true`, `false`, `exit N`, `sleep N`,
//! `cat`/`test -f`/`ls` of a file, and `sh -c` scripts joining these with `;`,
//! `&&`, `||`, `&`); anything else is assumed to exit 0 at once, and the
//! outcome says so.

use crate::history::Millis;
use crate::spec::Container;
use std::cell::OnceCell;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutcome {
    pub exit_code: i32,
    pub output: String,
    pub duration: Millis,
    /// The command was not understood and assumed to succeed.
    pub assumed: bool,
}

const SHELLS: [&str; 4] = ["sh", "bash", "ash", "dash"];

/// Runs `command` against a filesystem described by `file_exists`.
pub fn interpret(command: &[String], file_exists: &dyn Fn(&str) -> bool) -> ExecOutcome {
    let program = command.first().map(|p| p.rsplit('/').next().unwrap_or(p)).unwrap_or("");
    if SHELLS.contains(&program)
        && let Some(pos) = command.iter().position(|a| a.starts_with('-') && a.contains('c'))
    {
        let script = command.get(pos + 1).map(String::as_str).unwrap_or("");
        return run_script(script, file_exists);
    }
    let words: Vec<&str> = command.iter().map(String::as_str).collect();
    let mut out = ExecOutcome { exit_code: 0, output: String::new(), duration: 0, assumed: false };
    let code = run_simple(&words, file_exists, &mut out);
    out.exit_code = code.unwrap_or(0);
    out
}

/// The first file a container's exec probe command looks at, as `interpret`
/// runs it (`cat /tmp/ready`, `test -f`, `sh -c` scripts), with the
/// container's `$(VAR)`s expanded; none for a command that reads no file.
/// The file a live touch or remove most likely means.
pub fn file_checked(container: &Container, command: &[String]) -> Option<String> {
    let command: Vec<String> = command.iter().map(|a| container.expand_env(a)).collect();
    let first = OnceCell::new();
    interpret(&command, &|file| {
        first.get_or_init(|| file.to_string());
        true
    });
    first.into_inner()
}

enum Op {
    Seq,
    And,
    Or,
    Background,
}

fn run_script(script: &str, file_exists: &dyn Fn(&str) -> bool) -> ExecOutcome {
    let mut out = ExecOutcome { exit_code: 0, output: String::new(), duration: 0, assumed: false };
    let mut status = 0;
    let mut skip = false;
    for (words, op) in split_script(script) {
        if !skip && !words.is_empty() {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            if words[0] == "exit" {
                out.exit_code = words.get(1).and_then(|n| n.parse().ok()).unwrap_or(status);
                return out;
            }
            if matches!(op, Op::Background) {
                // A background job's time and status do not hold the shell up.
                let mut ignored = ExecOutcome { exit_code: 0, output: String::new(), duration: 0, assumed: false };
                run_simple(&words, file_exists, &mut ignored);
                out.assumed |= ignored.assumed;
                status = 0;
            } else {
                status = run_simple(&words, file_exists, &mut out).unwrap_or(0);
            }
        }
        skip = match op {
            Op::And => status != 0,
            Op::Or => status == 0,
            Op::Seq | Op::Background => false,
        };
    }
    out.exit_code = status;
    out
}

/// Splits a shell script into simple commands and the operator after each.
fn split_script(script: &str) -> Vec<(Vec<String>, Op)> {
    let mut parts = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = script.chars().peekable();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.push(c);
            }
            continue;
        }
        let op = match c {
            '\'' | '"' => {
                quote = Some(c);
                continue;
            }
            ';' | '\n' => Some(Op::Seq),
            '&' if chars.peek() == Some(&'&') => {
                chars.next();
                Some(Op::And)
            }
            '|' if chars.peek() == Some(&'|') => {
                chars.next();
                Some(Op::Or)
            }
            '&' => Some(Op::Background),
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
                None
            }
            c if c.is_whitespace() => {
                flush(&mut word, &mut words);
                None
            }
            c => {
                word.push(c);
                None
            }
        };
        if let Some(op) = op {
            flush(&mut word, &mut words);
            parts.push((std::mem::take(&mut words), op));
        }
    }
    flush(&mut word, &mut words);
    parts.push((words, Op::Seq));
    parts
}

/// One simple command; `None` when it is not understood (assumed exit 0).
fn run_simple(words: &[&str], file_exists: &dyn Fn(&str) -> bool, out: &mut ExecOutcome) -> Option<i32> {
    let name = words.first().map(|p| p.rsplit('/').next().unwrap_or(p)).unwrap_or("");
    let args = &words[1.min(words.len())..];
    let code = match (name, args) {
        ("true" | ":", _) => 0,
        ("false", _) => 1,
        ("sleep", [n]) => {
            let seconds: f64 = n.trim_end_matches('s').parse().ok()?;
            out.duration += (seconds * 1000.0) as Millis;
            0
        }
        ("cat", files) if !files.is_empty() && files.iter().all(|f| !f.starts_with('-')) => {
            let mut code = 0;
            for f in files {
                if !file_exists(f) {
                    out.output.push_str(&format!("cat: {f}: No such file or directory\n"));
                    code = 1;
                }
            }
            code
        }
        ("ls", [f]) if !f.starts_with('-') => {
            if file_exists(f) {
                out.output.push_str(&format!("{f}\n"));
                0
            } else {
                out.output.push_str(&format!("ls: cannot access '{f}': No such file or directory\n"));
                2
            }
        }
        ("test", [flag, f]) | ("[", [flag, f, "]"]) if matches!(*flag, "-f" | "-e" | "-s" | "-r") => {
            i32::from(!file_exists(f))
        }
        _ => {
            out.assumed = true;
            out.output.push_str(&format!("(assumed: `{}` exits 0)\n", words.join(" ")));
            return None;
        }
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    fn only_ready(path: &str) -> bool {
        path == "/tmp/ready"
    }

    #[test]
    fn interprets_the_common_commands() {
        assert_eq!(interpret(&cmd(&["true"]), &only_ready).exit_code, 0);
        assert_eq!(interpret(&cmd(&["false"]), &only_ready).exit_code, 1);
        assert_eq!(interpret(&cmd(&["cat", "/tmp/ready"]), &only_ready).exit_code, 0);
        let missing = interpret(&cmd(&["cat", "/tmp/healthy"]), &only_ready);
        assert_eq!((missing.exit_code, missing.output.as_str()), (1, "cat: /tmp/healthy: No such file or directory\n"));
        assert_eq!(interpret(&cmd(&["test", "-f", "/tmp/x"]), &only_ready).exit_code, 1);
        assert_eq!(interpret(&cmd(&["ls", "/tmp/x"]), &only_ready).exit_code, 2);
    }

    #[test]
    fn shell_scripts_follow_their_operators() {
        let sh = |s: &str| interpret(&cmd(&["/bin/sh", "-c", s]), &only_ready);
        assert_eq!(sh("exit 3").exit_code, 3);
        assert_eq!(sh("test -f /tmp/ready && exit 0 || exit 1").exit_code, 0);
        assert_eq!(sh("test -f /tmp/nope && exit 0 || exit 1").exit_code, 1);
        let slow = sh("sleep 10; exit 0");
        assert_eq!((slow.exit_code, slow.duration), (0, 10_000));
        // e2e "failing exec liveness probe that took longer than the timeout": `sleep 10 & exit 1`.
        let bg = sh("sleep 10 & exit 1");
        assert_eq!((bg.exit_code, bg.duration), (1, 0));
        assert_eq!(sh("false; true").exit_code, 0);
    }

    #[test]
    fn the_file_checked_is_the_first_one_the_command_reads() {
        let mut c = Container::new("app", "web:1");
        c.env = vec![("READY_FILE".into(), "/var/run/ready".into())];
        assert_eq!(file_checked(&c, &cmd(&["cat", "/tmp/healthy", "/tmp/ready"])).as_deref(), Some("/tmp/healthy"));
        let script = cmd(&["sh", "-c", "sleep 1; test -f $(READY_FILE) && ls /tmp/other"]);
        assert_eq!(file_checked(&c, &script).as_deref(), Some("/var/run/ready"));
        assert_eq!(file_checked(&c, &cmd(&["/bin/grpc_health_probe", "-addr=:8080"])), None);
        assert_eq!(file_checked(&c, &cmd(&["true"])), None);
    }

    #[test]
    fn unknown_commands_are_assumed_to_succeed_and_say_so() {
        let out = interpret(&cmd(&["/bin/grpc_health_probe", "-addr=:8080"]), &only_ready);
        assert_eq!(out.exit_code, 0);
        assert!(out.assumed);
        assert!(out.output.contains("assumed"));
    }
}
