//! Answers, not logs: what a scenario's probes will do, each answer read off
//! a what-if run of the scenario itself (`whatif`), never computed from the
//! probe fields. `report` answers the questions an SRE comes with for every
//! probed container; `findings` are the problems those runs show, each with
//! its place in the manifest, its proof and a suggestion the simulator
//! verified.

pub mod edit;
pub mod expect;
pub mod facts;
pub mod findings;
#[cfg(not(target_arch = "wasm32"))]
pub mod output;
pub mod pane;
pub mod report;
#[cfg(not(target_arch = "wasm32"))]
pub mod sarif;
pub mod steps;
pub mod whatif;

use crate::scenario::Scenario;
use edit::Source;
use findings::{Finding, container_findings};
use report::{ContainerReport, container_report, long_running};
use whatif::{Scope, Subject};

/// The report on every probed container of a scenario, and the findings.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub reports: Vec<ContainerReport>,
    pub findings: Vec<Finding>,
}

/// The probed containers the report is about: those of workloads whose
/// pods run until stopped (a Job's task is not probed for readiness).
pub fn subjects(scenario: &Scenario) -> Vec<Subject> {
    let mut out = Vec::new();
    for (wi, w) in scenario.workloads.iter().enumerate().filter(|(_, w)| long_running(w)) {
        for (ci, c) in w.template.spec.containers.iter().enumerate() {
            if c.has_probe() {
                out.push(Subject { workload: wi, container: ci });
            }
        }
    }
    out
}

/// Analyses a loaded scenario; `text` is the text it was loaded from.
pub fn analyse(scenario: &Scenario, text: &str) -> Analysis {
    let source = Source::new(text);
    let mut analysis = Analysis::default();
    for subject in subjects(scenario) {
        analysis.add(scenario, &source, subject);
    }
    analysis
}

impl Analysis {
    /// Adds one probed container's report and findings, keeping the
    /// findings in the order of the text. `analyse` is this for every
    /// subject; the page does the same work a piece at a time
    /// (`pane::Job::advance`), so neither typing nor playback waits for it.
    pub fn add(&mut self, scenario: &Scenario, source: &Source, subject: Subject) {
        let (report, findings) = steps::finish(container(scenario, source, subject));
        self.push(report, findings);
    }

    /// Adds one probed container's report and findings (`container`).
    pub fn push(&mut self, report: ContainerReport, findings: Vec<Finding>) {
        self.findings.extend(findings);
        self.reports.push(report);
        crate::sort::sort_by_key(&mut self.findings, |f| (f.line, f.column));
    }
}

/// One probed container's report and findings, pausing in its what-if runs
/// (`steps`).
pub async fn container(scenario: &Scenario, source: &Source<'_>, subject: Subject) -> (ContainerReport, Vec<Finding>) {
    let scope = Scope::new(scenario, source, subject);
    let report = container_report(&scope).await;
    let findings = container_findings(&scope, &report, source).await;
    (report, findings)
}
