//! Expectations: what a scenario says its run shows (`expect:` in the
//! behaviour document), checked against the run by `analysis::expect` and
//! the `test` command, so a tutorial's scenario keeps telling its story.

use crate::history::Millis;

/// A number that must hold: exactly `n` (`restarts: 0`) or within bounds
/// (`restarts: {max: 2}`); an unset bound is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

impl Bounds {
    pub fn exactly(n: i64) -> Bounds {
        Bounds { min: Some(n), max: Some(n) }
    }

    pub fn at_least(n: i64) -> Bounds {
        Bounds { min: Some(n), max: None }
    }

    pub fn holds(&self, n: i64) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }

    /// `0`, `at most 2`, `at least 1`, `from 1 to 3`.
    pub fn text(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("from {a} to {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => "any number".into(),
        }
    }
}

/// Which pod an expectation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodRef {
    /// `pod: web-0`: by name (a StatefulSet's or a bare Pod's are stable).
    Name(String),
    /// `workload: web, replica: 0`: a workload's pods in creation order
    /// (a StatefulSet's by ordinal), as actions count them.
    Replica { workload: String, replica: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// `{at: 1m, pod: web-0, ready: true}`: the pod's Ready condition then.
    PodReady { at: Millis, pod: PodRef, ready: bool },
    /// `{container: app, restarts: {max: 0}}`: the restart count of every
    /// container of that name (of `workload`, if given), by `at` or by the
    /// end of the run.
    Restarts { container: String, workload: Option<String>, at: Option<Millis>, restarts: Bounds },
    /// `{event: {reason: Killing, between: [20s, 40s]}}`: how many events
    /// with this reason (about a pod of `workload`, `pod`, `container`, with
    /// `message` in their text) the run records within the window; at least one by default.
    Event {
        reason: String,
        workload: Option<String>,
        pod: Option<String>,
        container: Option<String>,
        message: Option<String>,
        between: Option<(Millis, Millis)>,
        count: Bounds,
    },
    /// `{service: web, endpoints: {ready: 0, from: 1m40s, until: 2m28s}}`:
    /// the Service's ready endpoints throughout `[from, until)`.
    Endpoints { service: String, ready: Bounds, from: Millis, until: Option<Millis> },
    /// `{traffic: {service: web, failed: 0}}`: the clients' requests to the
    /// Service within the window (the whole run by default).
    Traffic { service: String, failed: Option<Bounds>, ok: Option<Bounds>, between: Option<(Millis, Millis)> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub check: Check,
    /// What the author says it shows, printed with the result.
    pub note: Option<String>,
    /// Source line, so the page and `test` can point at it.
    pub line: u32,
}
