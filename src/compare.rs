//! What differs between runs of one scenario on several Kubernetes versions:
//! the upgrade question. Each run is summed up by what a user watches
//! (when each workload's pods became Ready, their restarts, the events, the
//! Services' endpoints and what their clients got), and the report lists
//! the lines where the runs disagree, one column per version.
//!
//! Pods are named from the seed, and a version that draws more randomness
//! names them differently, so runs are compared by workload and Service,
//! and events with pod names, UIDs and ReplicaSet names put in placeholders.

use crate::clock::{Precision, sim_clock};
use crate::cluster::Version;
use crate::go_duration::go_duration;
use crate::history::{EventRecord, History, Millis, Record};
use std::collections::{BTreeMap, BTreeSet};

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

/// Compares the runs (two or more, of one scenario over the same time).
pub fn compare(runs: &[Run]) -> Report {
    let summaries: Vec<Summary> = runs.iter().map(|r| Summary::of(r.history)).collect();
    let mut sections = Vec::new();
    let workloads: BTreeSet<&String> = summaries.iter().flat_map(|s| s.workloads.keys()).collect();
    for workload in workloads {
        let of = |s: &Summary| s.workloads.get(workload).cloned().unwrap_or_default();
        let lines = differing(
            &summaries,
            &[
                ("pods created", &|s| of(s).pods.to_string()),
                ("first pod Ready", &|s| clock(of(s).first_ready)),
                ("Ready at the end", &|s| format!("{}/{}", of(s).ready_at_end, of(s).live_at_end)),
                ("restarts", &|s| of(s).restarts.to_string()),
                ("first restart", &|s| clock(of(s).first_restart)),
            ],
        );
        push(&mut sections, workload.clone(), lines);
    }
    let services: BTreeSet<&String> = summaries.iter().flat_map(|s| s.services.keys()).collect();
    for service in services {
        let of = |s: &Summary| s.services.get(service).cloned().unwrap_or_default();
        let lines = differing(
            &summaries,
            &[
                ("time without a ready endpoint", &|s| go_duration(of(s).unready / 100 * 100)),
                ("endpoint changes", &|s| of(s).changes.to_string()),
                ("time serving while terminating", &|s| go_duration(of(s).terminating / 100 * 100)),
                ("client requests failed", &|s| {
                    let service = of(s);
                    let why = service.failures.first().map(|(why, _)| format!(" ({why})")).unwrap_or_default();
                    format!("{}/{}{why}", service.failed, service.failed + service.ok)
                }),
            ],
        );
        push(&mut sections, format!("Service {service}"), lines);
    }
    // Events: how many of each, where the counts differ.
    let keys: BTreeSet<&(String, String, String)> = summaries.iter().flat_map(|s| s.events.keys()).collect();
    let mut events = Vec::new();
    for key in keys {
        let values: Vec<String> =
            summaries.iter().map(|s| s.events.get(key).copied().unwrap_or(0).to_string()).collect();
        if values.iter().any(|v| *v != values[0]) {
            let (kind, reason, message) = key;
            events.push(Line { label: format!("{kind} {reason}: {}", clip(message, 72)), values });
        }
    }
    push(&mut sections, "Events".into(), events);
    Report { versions: runs.iter().map(|r| r.version).collect(), sections }
}

fn push(sections: &mut Vec<Section>, heading: String, lines: Vec<Line>) {
    if !lines.is_empty() {
        sections.push(Section { heading, lines });
    }
}

type Measure<'a> = &'a dyn Fn(&Summary) -> String;

/// The measures whose value is not the same in every run.
fn differing(summaries: &[Summary], measures: &[(&str, Measure)]) -> Vec<Line> {
    measures
        .iter()
        .filter_map(|(label, measure)| {
            let values: Vec<String> = summaries.iter().map(measure).collect();
            values.iter().any(|v| *v != values[0]).then(|| Line { label: label.to_string(), values })
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
    /// (type, reason, message with placeholders) → how many.
    events: BTreeMap<(String, String, String), usize>,
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
    ok: u64,
    failed: u64,
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
                        (true, None) => *since = Some(e.t),
                        _ => {}
                    }
                }
                Record::Traffic(t) => {
                    let name = &h.services[t.service as usize];
                    let service = s.services.get_mut(name).expect("a Service");
                    service.ok += u64::from(t.ok);
                    service.failed += u64::from(t.failed);
                    if let Some(why) = &t.failure {
                        *failures.entry(name.clone()).or_default().entry(why.clone()).or_default() +=
                            u64::from(t.failed);
                    }
                }
                Record::Event(e) => {
                    let key = (e.event_type.name().to_string(), e.reason.to_string(), placeholders(h, e));
                    *s.events.entry(key).or_default() += 1;
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
            reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
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
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
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
    use crate::scenario;

    fn runs(text: &str, minors: &[u8]) -> Report {
        let histories: Vec<(Version, History)> = minors
            .iter()
            .map(|&m| {
                let v = Version::new(m).unwrap();
                (v, scenario::load_bytes_on(text.as_bytes(), v).simulate())
            })
            .collect();
        let runs: Vec<Run> = histories.iter().map(|(version, history)| Run { version: *version, history }).collect();
        compare(&runs)
    }

    const SCENARIO: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: app\n        image: web:1\n        ports: [{containerPort: 8080}]\n        readinessProbe:\n          httpGet: {path: /, port: 8080}\n          periodSeconds: 30\n---\nkind: Behaviour\nsimulation: {duration: 1m}\n";

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
