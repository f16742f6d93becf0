//! What differs between runs of one scenario on several Kubernetes versions:
//! the upgrade question. Each run is summed up by what a user watches
//! (when each workload's pods became Ready, their restarts, the events, the
//! Services' endpoints and what their clients got), and the report lists
//! the lines where the runs disagree, one column per version.
//!
//! Pods are named from the seed, and a version that draws more randomness
//! names them differently, so runs are compared by workload and Service,
//! and events with pod names, UIDs and ReplicaSet names put in placeholders.
//!
//! Each line also says when each run first shows what it counts (the first
//! Ready, restart, failed request, event), so that the page can mark the
//! differences on the runs' timelines: the command line and the page read
//! the same report.

use crate::clock::{Precision, sim_clock};
use crate::cluster::Version;
use crate::go_duration::go_duration;
use crate::history::{EventRecord, History, Millis, Record};
use std::collections::BTreeMap;

/// One run: the version it ran on and its history.
pub struct Run<'h> {
    pub version: Version,
    pub history: &'h History,
}

/// One line of the report: what, and its value in each run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub label: String,
    pub values: Vec<String>,
    /// Per run, when it first shows what the line counts (`None`: never, or
    /// the line is not about a moment, like a count of pods).
    pub at: Vec<Option<Millis>>,
}

/// A group of lines (a workload, a Service, the events) with a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub lines: Vec<Line>,
}

/// The lines on which the runs differ, by section; empty when they agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub versions: Vec<Version>,
    pub sections: Vec<Section>,
}

/// The scenario run on each version over its behaviour's duration, as
/// `simulate --kubernetes` runs it; or the first version on which it has
/// errors (a field that version rejects), which then has no run.
pub fn simulate_on(bytes: &[u8], versions: &[Version]) -> Result<Vec<(Version, History)>, Version> {
    versions
        .iter()
        .map(|&version| {
            let scenario = crate::scenario::load_bytes_on(bytes, version);
            if scenario.has_errors() { Err(version) } else { Ok((version, scenario.simulate())) }
        })
        .collect()
}

/// Compares the runs (two or more, of one scenario over the same time).
pub fn compare(runs: &[Run]) -> Report {
    let summaries: Vec<Summary> = runs.iter().map(|r| Summary::of(r.history)).collect();
    let mut sections = Vec::new();
    let mut workloads: Vec<&String> = summaries.iter().flat_map(|s| s.workloads.keys()).collect();
    crate::sort::sort(&mut workloads);
    workloads.dedup();
    for workload in workloads {
        let of = |s: &Summary| s.workloads.get(workload).cloned().unwrap_or_default();
        let lines = differing(
            &summaries,
            &[
                ("pods created", &|s| (of(s).pods.to_string(), None)),
                ("first pod Ready", &|s| (clock(of(s).first_ready), of(s).first_ready)),
                ("Ready at the end", &|s| (format!("{}/{}", of(s).ready_at_end, of(s).live_at_end), None)),
                ("restarts", &|s| (of(s).restarts.to_string(), of(s).first_restart)),
                ("first restart", &|s| (clock(of(s).first_restart), of(s).first_restart)),
            ],
        );
        push(&mut sections, workload.clone(), lines);
    }
    let mut services: Vec<&String> = summaries.iter().flat_map(|s| s.services.keys()).collect();
    crate::sort::sort(&mut services);
    services.dedup();
    for service in services {
        let of = |s: &Summary| s.services.get(service).cloned().unwrap_or_default();
        let lines = differing(
            &summaries,
            &[
                ("time without a ready endpoint", &|s| (go_duration(of(s).unready / 100 * 100), of(s).first_unready)),
                ("endpoint changes", &|s| (of(s).changes.to_string(), None)),
                ("time serving while terminating", &|s| {
                    (go_duration(of(s).terminating / 100 * 100), of(s).first_terminating)
                }),
                ("client requests failed", &|s| {
                    let service = of(s);
                    let why = service.failures.first().map(|(why, _)| format!(" ({why})")).unwrap_or_default();
                    (format!("{}/{}{why}", service.failed, service.failed + service.ok), service.first_failure)
                }),
            ],
        );
        push(&mut sections, format!("Service {service}"), lines);
    }
    // Events: how many of each, where the counts differ.
    let mut keys: Vec<&(String, String, String)> = summaries.iter().flat_map(|s| s.events.keys()).collect();
    crate::sort::sort(&mut keys);
    keys.dedup();
    let mut events = Vec::new();
    for key in keys {
        let values: Vec<String> = summaries.iter().map(|s| s.events.get(key).map_or(0, |e| e.0).to_string()).collect();
        if values.iter().any(|v| *v != values[0]) {
            let (kind, reason, message) = key;
            let at = summaries.iter().map(|s| s.events.get(key).map(|e| e.1)).collect();
            events.push(Line { label: format!("{kind} {reason}: {}", clip(message, 72)), values, at });
        }
    }
    push(&mut sections, "Events".into(), events);
    Report { versions: runs.iter().map(|r| r.version).collect(), sections }
}

impl Line {
    /// Where run `run`'s timeline should mark this line: when it first shows
    /// it, if the runs do not all first show it at the same moment (a count
    /// that differs from the very start marks nothing; a restart one run
    /// never has marks the other's first).
    pub fn mark(&self, run: usize) -> Option<Millis> {
        let at = *self.at.get(run)?;
        self.at.iter().any(|other| *other != at).then_some(at)?
    }
}

fn push(sections: &mut Vec<Section>, heading: String, lines: Vec<Line>) {
    if !lines.is_empty() {
        sections.push(Section { heading, lines });
    }
}

/// A measure of a run: its value as shown, and when the run first shows it.
type Measure<'a> = &'a dyn Fn(&Summary) -> (String, Option<Millis>);

/// The measures whose value is not the same in every run.
fn differing(summaries: &[Summary], measures: &[(&str, Measure)]) -> Vec<Line> {
    measures
        .iter()
        .filter_map(|(label, measure)| {
            let (values, at): (Vec<String>, Vec<Option<Millis>>) = summaries.iter().map(measure).unzip();
            values.iter().any(|v| *v != values[0]).then(|| Line { label: label.to_string(), values, at })
        })
        .collect()
}

fn clock(t: Option<Millis>) -> String {
    t.map_or_else(|| "-".into(), |t| sim_clock(t, Precision::Tenths))
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl Report {
    /// The report as aligned text: each section a small table under its
    /// heading, a column per version; or a sentence when the runs agree.
    pub fn render(&self) -> String {
        if self.sections.is_empty() {
            return "No difference in readiness, restarts, events, endpoints or client traffic.\n".into();
        }
        let width = |s: &str| s.chars().count();
        let versions: Vec<String> = self.versions.iter().map(Version::to_string).collect();
        let mut out = String::new();
        for (i, section) in self.sections.iter().enumerate() {
            let label = section.lines.iter().map(|l| width(&l.label) + 2).chain([width(&section.heading)]).max();
            let label = label.unwrap_or(0);
            let columns: Vec<usize> = (0..versions.len())
                .map(|c| {
                    section.lines.iter().map(|l| width(&l.values[c])).chain([width(&versions[c])]).max().unwrap_or(0)
                })
                .collect();
            let row = |first: &str, cells: &[String]| {
                let mut text = format!("{first:label$}");
                for (cell, w) in cells.iter().zip(&columns) {
                    text.push_str(&format!("   {cell:w$}"));
                }
                format!("{}\n", text.trim_end())
            };
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&row(&section.heading, &versions));
            for line in &section.lines {
                out.push_str(&row(&format!("  {}", line.label), &line.values));
            }
        }
        out
    }
}

/// What one run comes to.
#[derive(Debug, Default)]
struct Summary {
    workloads: BTreeMap<String, Workload>,
    services: BTreeMap<String, Service>,
    /// (type, reason, message with placeholders) → how many, and the first's time.
    events: BTreeMap<(String, String, String), (usize, Millis)>,
}

#[derive(Debug, Clone, Default)]
struct Workload {
    pods: usize,
    first_ready: Option<Millis>,
    ready_at_end: usize,
    live_at_end: usize,
    restarts: u32,
    first_restart: Option<Millis>,
}

#[derive(Debug, Clone, Default)]
struct Service {
    /// How long the Service had no ready endpoint.
    unready: Millis,
    /// How long it had an endpoint serving while terminating.
    terminating: Millis,
    changes: usize,
    /// When it first had no ready endpoint after having one.
    first_unready: Option<Millis>,
    /// When an endpoint first served while terminating.
    first_terminating: Option<Millis>,
    ok: u64,
    failed: u64,
    /// The first second in which a request failed.
    first_failure: Option<Millis>,
    /// Why requests failed, most failed first.
    failures: Vec<(String, u64)>,
}

impl Summary {
    fn of(h: &History) -> Summary {
        let mut s = Summary::default();
        let mut ready: Vec<bool> = vec![false; h.pods.len()];
        let mut live: Vec<bool> = vec![false; h.pods.len()];
        // The latest restart count of each (pod, container).
        let mut restarts: BTreeMap<(u32, u16), u32> = BTreeMap::new();
        for info in &h.pods {
            s.workloads.entry(info.workload.clone()).or_default().pods += 1;
        }
        for name in &h.services {
            s.services.entry(name.clone()).or_default();
        }
        let mut unready_since: BTreeMap<u32, Option<Millis>> = BTreeMap::new();
        let mut terminating_since: BTreeMap<u32, Millis> = BTreeMap::new();
        let mut failures: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for record in &h.records {
            match record {
                Record::Pod(p) => {
                    let w = s.workloads.get_mut(&h.pod(p.pod).workload).expect("every pod's workload");
                    if p.ready && w.first_ready.is_none() {
                        w.first_ready = Some(p.t);
                    }
                    ready[p.pod as usize] = p.ready;
                    live[p.pod as usize] = !p.removed && !p.phase.is_terminal();
                }
                Record::Container(c) => {
                    let count = restarts.entry((c.pod, c.container)).or_insert(0);
                    if c.restart_count > *count {
                        let w = s.workloads.get_mut(&h.pod(c.pod).workload).expect("every pod's workload");
                        w.first_restart.get_or_insert(c.t);
                    }
                    *count = c.restart_count;
                }
                Record::Endpoints(e) => {
                    let service = s.services.get_mut(&h.services[e.service as usize]).expect("a Service");
                    service.changes += 1;
                    if !e.serving_terminating.is_empty() {
                        service.first_terminating.get_or_insert(e.t);
                    }
                    match (e.serving_terminating.is_empty(), terminating_since.remove(&e.service)) {
                        (true, Some(from)) => service.terminating += e.t - from,
                        (false, since) => {
                            terminating_since.insert(e.service, since.unwrap_or(e.t));
                        }
                        (true, None) => {}
                    }
                    let since = unready_since.entry(e.service).or_insert(Some(0));
                    match (e.ready.is_empty(), *since) {
                        (false, Some(from)) => {
                            service.unready += e.t - from;
                            *since = None;
                        }
                        (true, None) => {
                            service.first_unready.get_or_insert(e.t);
                            *since = Some(e.t);
                        }
                        _ => {}
                    }
                }
                Record::Traffic(t) => {
                    let name = &h.services[t.service as usize];
                    let service = s.services.get_mut(name).expect("a Service");
                    service.ok += u64::from(t.ok);
                    service.failed += u64::from(t.failed);
                    if t.failed > 0 {
                        service.first_failure.get_or_insert(t.t);
                    }
                    if let Some(why) = &t.failure {
                        *failures.entry(name.clone()).or_default().entry(why.clone()).or_default() +=
                            u64::from(t.failed);
                    }
                }
                Record::Event(e) => {
                    let key = (e.event_type.name().to_string(), e.reason.to_string(), placeholders(h, e));
                    s.events.entry(key).or_insert((0, e.t)).0 += 1;
                }
                Record::Probe(_) => {}
            }
        }
        for (service, since) in unready_since {
            if let Some(from) = since {
                s.services.get_mut(&h.services[service as usize]).expect("a Service").unready += h.end - from;
            }
        }
        // A Service whose endpoints were never written had none all along.
        for (i, name) in h.services.iter().enumerate() {
            if !h.records.iter().any(|r| matches!(r, Record::Endpoints(e) if e.service as usize == i)) {
                s.services.get_mut(name).expect("a Service").unready = h.end;
            }
        }
        for (name, reasons) in failures {
            let mut reasons: Vec<(String, u64)> = reasons.into_iter().collect();
            crate::sort::sort_by(&mut reasons, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            s.services.get_mut(&name).expect("a Service").failures = reasons;
        }
        for ((pod, _), count) in restarts {
            s.workloads.get_mut(&h.pod(pod).workload).expect("every pod's workload").restarts += count;
        }
        for (id, info) in h.pods.iter().enumerate() {
            let w = s.workloads.get_mut(&info.workload).expect("every pod's workload");
            w.live_at_end += usize::from(live[id]);
            w.ready_at_end += usize::from(live[id] && ready[id]);
        }
        s
    }
}

/// An event's message with the names that differ from run to run (pods,
/// their UIDs, ReplicaSets) replaced by what they are.
fn placeholders(h: &History, e: &EventRecord) -> String {
    let mut message = e.message.trim().to_string();
    // Longer names first: a pod's name starts with its ReplicaSet's.
    let mut names: Vec<(&str, &str)> = Vec::new();
    for info in &h.pods {
        names.push((&info.name, "<pod>"));
        names.push((&info.uid, "<uid>"));
        names.push((&info.ip, "<pod IP>"));
        if let Some(("ReplicaSet", rs)) = info.owner.split_once('/') {
            names.push((rs, "<replicaset>"));
        }
    }
    crate::sort::sort_by_key(&mut names, |(name, _)| std::cmp::Reverse(name.len()));
    for (name, placeholder) in names {
        if !name.is_empty() && message.contains(name) {
            message = message.replace(name, placeholder);
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str, minors: &[u8]) -> Report {
        let versions: Vec<Version> = minors.iter().map(|&m| Version::new(m).unwrap()).collect();
        let histories = simulate_on(text.as_bytes(), &versions).expect("no errors");
        let runs: Vec<Run> = histories.iter().map(|(version, history)| Run { version: *version, history }).collect();
        compare(&runs)
    }

    const SCENARIO: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: app\n        image: web:1\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          httpGet: {path: /, port: 8080}\n          periodSeconds: 30\n---\nkind: Behaviour\nsimulation: {duration: 1m}\n";

    /// Each differing line says when each run first shows it. On 1.20 the
    /// first exec timeout is an `Unhealthy` event at 3.125 s (a replica's
    /// jittered first tick at 2.125 s, failed at its 1 s timeout), the
    /// first restart is seen at 24.5 s and the Service first loses its last
    /// ready endpoint at 30.5 s; 1.19 shows none of them (its 2.3 s without a
    /// ready endpoint are the start, before the first was ready). A count of
    /// pods or a state at the end has no moment.
    #[test]
    fn each_difference_says_when_each_run_shows_it() {
        let report = runs(include_str!("../examples/slow-exec-liveness.yaml"), &[19, 20]);
        let line = |heading: &str, label: &str| -> Line {
            let section = report.sections.iter().find(|s| s.heading == heading).expect(heading);
            section.lines.iter().find(|l| l.label.starts_with(label)).expect(label).clone()
        };
        let restarts = line("Deployment/worker", "restarts");
        assert_eq!((restarts.values, restarts.at), (vec!["0".to_string(), "11".into()], vec![None, Some(24_500)]));
        assert_eq!(line("Deployment/worker", "first restart").at, vec![None, Some(24_500)]);
        assert_eq!(line("Deployment/worker", "Ready at the end").at, vec![None, None]);
        let unhealthy = line("Events", "Warning Unhealthy: Liveness probe failed");
        assert_eq!((unhealthy.values, unhealthy.at), (vec!["0".to_string(), "39".into()], vec![None, Some(3_125)]));
        let unready = line("Service worker", "time without a ready endpoint");
        assert_eq!(unready.at, vec![None, Some(30_500)]);
        // What a timeline marks: the moments the runs do not share.
        assert_eq!((restarts_mark(&report, 0), restarts_mark(&report, 1)), (None, Some(24_500)));
        let created = line("Events", "Normal Created: Created container app");
        assert_eq!(
            (created.values.clone(), created.at.clone()),
            (vec!["2".to_string(), "13".into()], vec![Some(0), Some(0)])
        );
        assert_eq!((created.mark(0), created.mark(1)), (None, None));
    }

    fn restarts_mark(report: &Report, run: usize) -> Option<Millis> {
        report.sections[0].lines.iter().find(|l| l.label == "restarts").unwrap().mark(run)
    }

    /// The same version twice agrees on everything.
    #[test]
    fn one_version_against_itself_differs_in_nothing() {
        let report = runs(SCENARIO, &[37, 37]);
        assert!(report.sections.is_empty());
        assert_eq!(report.render(), "No difference in readiness, restarts, events, endpoints or client traffic.\n");
    }

    /// 1.20 jitters the first readiness probe and has no readiness trigger,
    /// so the pods are Ready later; its event texts differ too.
    #[test]
    fn readiness_and_event_texts_differ_between_1_20_and_1_37() {
        let report = runs(SCENARIO, &[20, 37]);
        let workload = &report.sections[0];
        assert_eq!(workload.heading, "Deployment/web");
        assert_eq!(workload.lines[0].label, "first pod Ready");
        assert_eq!(workload.lines[0].values[1], "00:01.5");
        assert_ne!(workload.lines[0].values[0], "00:01.5");
        let events = report.sections.last().unwrap();
        assert!(
            events.lines.iter().any(|l| l.label == "Normal Created: Created container app" && l.values == ["2", "0"])
        );
        assert!(
            report.render().starts_with("Deployment/web      1.20      1.37\n  first pod Ready   00:"),
            "{}",
            report.render()
        );
    }
}
