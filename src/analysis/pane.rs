//! What the page's Analysis pane shows, as plain data: the probe report as
//! a compact table, the findings as a list and as marks in the editors'
//! gutters, a finding's what-if as a scenario to open at the moment that
//! proves it, and the expectations' ticks and crosses. The widgets
//! (`ui::components::analysis_pane`) only draw this.
//!
//! The analysis runs many what-if simulations, so the page does it a piece
//! at a time (`Job::advance`, up to the next simulated second of a what-if
//! run), a few milliseconds of pieces per task after the simulation, and
//! drops the job on the next edit.

use super::expect::check_all;
use super::findings::Finding;
use super::report::{Budget, ContainerReport, Outage};
use super::steps::Resumable;
use super::whatif::{Subject, secs};
use super::{Analysis, edit::Source, subjects};
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{History, Millis};
use crate::scenario::Scenario;
use crate::scenario::text::{self as scenario_text, Placed};
use crate::yaml::Span;
use std::rc::Rc;

/// One probed container's answers, each cell a few words (the report's
/// sentences are the row's `lines`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// `Deployment/web app`, `(sidecar)` after a native sidecar.
    pub container: String,
    /// Time to Ready after the container starts, and the probe that gates it.
    pub ready: String,
    /// The longest start the probes tolerate.
    pub budget: String,
    /// If the app hangs: when it leaves the Service, when it is killed.
    pub hang: String,
    /// If it crashes: when it leaves the Service, when it serves again.
    pub crash: String,
    /// Every replica hanging at once: how many are restarted.
    pub fleet: String,
    /// A rolling update: how long, and the fewest pods serving.
    pub rollout: String,
    /// The report's sentences, as `check` prints them.
    pub lines: Vec<String>,
}

/// The report's headings, in the order of `ReportRow::cells`: what is
/// answered about, then each question.
pub const HEADINGS: [&str; 7] =
    ["Container", "Time to Ready", "Start-up budget", "If it hangs", "If it crashes", "Fleet", "Rollout"];

impl ReportRow {
    pub fn of(r: &ContainerReport) -> ReportRow {
        let sidecar = if r.sidecar { " (sidecar)" } else { "" };
        let ready = match &r.ready {
            Some(ready) => format!("{} ({})", ready.after_start.text(), ready.gate.name()),
            None => "never".into(),
        };
        let budget = match &r.budget {
            Budget::Unlimited { .. } => "unlimited".into(),
            Budget::Limited { least, most, .. } if least == most => secs(*least),
            Budget::Limited { least, most, .. } => {
                format!("{} to {}", secs(*least).trim_end_matches(" s"), secs(*most))
            }
            Budget::None { .. } => "none".into(),
        };
        let fleet = match &r.fleet {
            None => "one replica".into(),
            Some(f) if f.empty.is_empty() => format!("{} of {} restarted", f.killed_replicas, f.replicas),
            Some(f) => format!("{} of {} restarted, Service empty", f.killed_replicas, f.replicas),
        };
        let rollout = match &r.rollout {
            None => "none".into(),
            Some(ro) => match ro.done {
                Some(done) => {
                    format!("{}, {} of {} serving at worst", secs(done - ro.at), ro.fewest_serving, ro.replicas)
                }
                None => "not done".into(),
            },
        };
        ReportRow {
            container: format!("{} {}{sidecar}", r.workload, r.container),
            ready,
            budget,
            hang: outage_cell(r.hang.as_ref(), "killed", |run| run.killed),
            crash: outage_cell(r.crash.as_ref(), "serving", |run| run.serving_again),
            fleet,
            rollout,
            lines: r.lines(),
        }
    }

    pub fn cells(&self) -> [&str; 7] {
        [&self.container, &self.ready, &self.budget, &self.hang, &self.crash, &self.fleet, &self.rollout]
    }
}

/// `out 6 to 10.999 s, killed 21 to 30.999 s`: after the fault, when the
/// pod leaves the Service and the second moment `then` names.
fn outage_cell(o: Option<&Outage>, label: &str, then: impl Fn(&super::report::OutageRun) -> Option<Millis>) -> String {
    let Some(o) = o else { return "not asked".into() };
    let mut parts = Vec::new();
    if let (Some(r), _) = o.range(|run| run.out_of_service) {
        parts.push(format!("out {}", r.text()));
    }
    if let (Some(r), _) = o.range(then) {
        parts.push(format!("{label} {}", r.text()));
    }
    if parts.is_empty() { "unnoticed".into() } else { parts.join(", ") }
}

/// A finding as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingItem {
    pub id: &'static str,
    pub severity: Severity,
    /// Where in the scenario's text: the line and column of the field.
    pub line: u32,
    pub column: u32,
    /// `Deployment/web app: livenessProbe`.
    pub subject: String,
    pub message: String,
    pub suggestion: Option<String>,
    /// The what-if that proves it, and the moment it shows.
    pub proof: String,
    pub at: Millis,
}

impl FindingItem {
    pub fn of(f: &Finding) -> FindingItem {
        let path = if f.path.is_empty() { String::new() } else { format!(": {}", f.path) };
        FindingItem {
            id: f.id,
            severity: f.severity,
            line: f.line,
            column: f.column,
            subject: format!("{} {}{path}", f.workload, f.container),
            message: f.message.clone(),
            suggestion: f.suggestion_text(),
            proof: f.proof.whatif.name.clone(),
            at: f.proof.at,
        }
    }
}

/// A finding as a diagnostic, for the editors' gutters: a warning at its
/// field (its key underlined), saying its rule.
pub fn mark(f: &Finding) -> Diagnostic {
    let key = f.path.rsplit('.').next().and_then(|k| k.split('[').next()).unwrap_or_default();
    let span = Span { line: f.line, col: f.column, len: key.chars().count().max(1) as u32 };
    Diagnostic {
        severity: f.severity,
        span,
        path: f.path.clone(),
        message: format!("[{}] {}", f.id, f.message),
        suggestion: None,
    }
}

/// A finding's what-if as a scenario the user can open and edit, and the
/// moment of its run that proves the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIfScenario {
    pub title: String,
    pub kubernetes: String,
    pub behaviour: String,
    pub at: Millis,
}

pub fn what_if(f: &Finding) -> WhatIfScenario {
    let (kubernetes, behaviour) = scenario_text::split(&f.proof.whatif.text(f.proof.horizon));
    WhatIfScenario { title: format!("What if: {}", f.proof.whatif.name), kubernetes, behaviour, at: f.proof.at }
}

/// An expectation's tick or cross.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectationMark {
    pub pass: bool,
    pub expected: String,
    pub saw: String,
    /// Its line in the behaviour editor.
    pub line: u32,
    /// The moment that shows it.
    pub at: Millis,
}

/// The expectations of `scenario` checked against its run `h`, at the
/// behaviour editor's lines (the stream's lines before it are `offset`,
/// `scenario::text::behaviour_offset`).
pub fn expectation_marks(scenario: &Scenario, offset: u32, h: &History) -> Vec<ExpectationMark> {
    let outcomes = check_all(&scenario.behaviour.expect, h);
    scenario
        .behaviour
        .expect
        .iter()
        .zip(outcomes)
        .map(|(e, o)| ExpectationMark {
            pass: o.pass,
            expected: o.expected,
            saw: o.saw,
            line: e.line.saturating_sub(offset),
            at: o.at,
        })
        .collect()
}

/// The analysis of one text, a probed container at a time.
pub struct Job {
    text: Rc<str>,
    scenario: Rc<Scenario>,
    subjects: Vec<Subject>,
    /// The container being analysed, as far as it has gone.
    current: Option<Resumable<(ContainerReport, Vec<Finding>)>>,
    pub analysis: Analysis,
}

impl Job {
    /// The analysis of `scenario`, loaded from `text` (the page loads it
    /// once, for its run and for this). None when the text has errors:
    /// there is no run to vary.
    pub fn new(text: String, scenario: Rc<Scenario>) -> Option<Job> {
        if scenario.has_errors() {
            return None;
        }
        let mut subjects = subjects(&scenario);
        // `step` takes from the end.
        subjects.reverse();
        Some(Job { text: text.into(), scenario, subjects, current: None, analysis: Analysis::default() })
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Goes on with the analysis up to its next pause (a simulated second
    /// of one what-if run); false once it is all done.
    pub fn advance(&mut self) -> bool {
        let current = match &mut self.current {
            Some(current) => current,
            None => {
                let Some(subject) = self.subjects.pop() else { return false };
                let (text, scenario) = (Rc::clone(&self.text), Rc::clone(&self.scenario));
                self.current.insert(Resumable::new(async move {
                    let source = Source::new(&text);
                    super::container(&scenario, &source, subject).await
                }))
            }
        };
        if let Some((report, findings)) = current.resume() {
            self.analysis.push(report, findings);
            self.current = None;
        }
        self.current.is_some() || !self.subjects.is_empty()
    }

    /// Analyses the rest of the current container, or the next, at once;
    /// false once none is left.
    pub fn step(&mut self) -> bool {
        let done = self.analysis.reports.len();
        while self.advance() && self.analysis.reports.len() == done {}
        self.current.is_some() || !self.subjects.is_empty()
    }

    /// How many containers are analysed, of how many.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.analysis.reports.len();
        (done, done + usize::from(self.current.is_some()) + self.subjects.len())
    }
}

/// Everything the pane shows of one text, as far as its job has gone.
#[derive(Debug, Clone, Default)]
pub struct PaneData {
    /// The edit of the text it is about (`State::edits`): marks of an older
    /// text would sit at the wrong lines. None until a text is analysed.
    pub edits: Option<u64>,
    /// The text has errors: there is nothing to analyse.
    pub errors: bool,
    pub rows: Vec<ReportRow>,
    pub findings: Vec<Finding>,
    pub items: Vec<FindingItem>,
    /// The findings placed in the editors, in the order of `items`.
    pub marks: Vec<Placed>,
    pub expectations: Vec<ExpectationMark>,
    /// Containers analysed, of how many.
    pub progress: (usize, usize),
}

impl PaneData {
    /// The pane for the text of edit `edits` as far as `job` has gone; its
    /// marks placed with the behaviour editor's `offset`
    /// (`scenario::text::place_at`: None when that editor is empty).
    pub fn of_job(job: &Job, edits: u64, offset: Option<u32>, expectations: Vec<ExpectationMark>) -> PaneData {
        let a = &job.analysis;
        let diagnostics: Vec<Diagnostic> = a.findings.iter().map(mark).collect();
        PaneData {
            edits: Some(edits),
            errors: false,
            rows: a.reports.iter().map(ReportRow::of).collect(),
            findings: a.findings.clone(),
            items: a.findings.iter().map(FindingItem::of).collect(),
            marks: scenario_text::place_at(offset, &diagnostics),
            expectations,
            progress: job.progress(),
        }
    }

    pub fn done(&self) -> bool {
        self.progress.0 == self.progress.1
    }
}

/// The editors' diagnostics with the findings' marks, while the pane is
/// about the text of edit `edits` (the one on screen).
pub fn with_marks(diagnostics: &[Placed], data: &PaneData, edits: u64) -> Vec<Placed> {
    let mut all = diagnostics.to_vec();
    all.extend(data.marks_on(edits).iter().cloned());
    all
}

impl PaneData {
    /// The findings' marks while the pane is about the text of edit
    /// `edits`, else none.
    pub fn marks_on(&self, edits: u64) -> &[Placed] {
        if self.edits == Some(edits) { &self.marks } else { &[] }
    }
}
