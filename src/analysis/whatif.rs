//! What-if runs: the user's own scenario (the same manifests, Services,
//! traffic and seed) with the analysed container's app replaced by one stated
//! assumption (healthy, starting in S; hanging at T; failing fast; crashing),
//! simulated by the same `Simulator`. Every answer of the report and every
//! finding is read off the history of one of these runs, never computed
//! from the probe fields.
//!
//! A what-if is data that can be written back as a scenario (`text`), so the
//! run behind an answer can be opened in the playground and edited.
//!
//! What a what-if keeps and drops, and why:
//! - the other containers' `apps` entries stay as written: an entry that
//!   also described the analysed container is narrowed to the others;
//! - the scripted `actions` are dropped: they are the user's story, and the
//!   assumption replaces the story (a rollout at 6:00 would otherwise land
//!   in the middle of a hang);
//! - the analysed container keeps what describes the process rather than
//!   its health: its `ports`, its `onSigterm` (drain time) and its `pull`.

use super::edit::{Edit, Source};
use crate::behaviour::{
    Action, AppRules, Behaviour, ExecRule, GrpcRule, GrpcStatus, HttpRule, Selector, TcpRule, Verb, Window, interpret,
    to_yaml,
};
use crate::history::{History, Millis, PodId, Record};
use crate::probe_target::handler_port;
use crate::scenario::Scenario;
use crate::sim::Simulator;
use crate::spec::{Container, Handler, ProbeKind, Service, Workload};
use std::sync::Arc;

/// A probed container of the scenario: indexes into `Scenario::workloads`
/// and that workload's `template.spec.containers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub workload: usize,
    pub container: usize,
}

impl Subject {
    pub fn workload<'a>(&self, workloads: &'a [Workload]) -> &'a Workload {
        &workloads[self.workload]
    }

    pub fn container<'a>(&self, workloads: &'a [Workload]) -> &'a Container {
        &workloads[self.workload].template.spec.containers[self.container]
    }
}

/// The part of the scenario the what-ifs about one container run: its
/// workload and the Services that select its pods, with their documents
/// and what of the behaviour document is about them. The other workloads
/// cannot change this container's probes, so leaving them out keeps the
/// runs cheap and the scenario a finding opens small. When the workload is
/// not a document of its own (an item of a `kind: List`), the scope is the
/// whole scenario.
#[derive(Debug, Clone)]
pub struct Scope {
    pub workloads: Vec<Workload>,
    pub services: Vec<Service>,
    /// The user's whole text, where spans and edits point.
    pub source: Arc<str>,
    /// The scope's documents in `source` (`None`: all but the behaviour).
    pub documents: Option<Arc<[usize]>>,
    pub behaviour: Behaviour,
    /// The analysed container, in `workloads`.
    pub subject: Subject,
}

impl Scope {
    pub fn new(scenario: &Scenario, source: &Source, subject: Subject) -> Scope {
        let w = subject.workload(&scenario.workloads);
        let services: Vec<&Service> =
            scenario.services.iter().filter(|s| s.selects(&w.namespace, &w.template.labels)).collect();
        let documents: Option<Vec<usize>> = std::iter::once(w.span)
            .chain(services.iter().map(|s| s.span))
            .map(|at| source.document_index(at))
            .collect();
        // A what-if is not the user's test: its expectations are left out.
        let behaviour = Behaviour { expect: vec![], ..scenario.behaviour.clone() };
        let Some(documents) = documents else {
            return Scope {
                workloads: scenario.workloads.clone(),
                services: scenario.services.clone(),
                source: source.text().into(),
                documents: None,
                behaviour,
                subject,
            };
        };
        let workloads = vec![w.clone()];
        let services: Vec<Service> = services.into_iter().cloned().collect();
        let mut behaviour = behaviour;
        // What refers to a workload, container or Service left out would not
        // read back: the reader checks every name.
        let containers: Vec<&str> = w.template.spec.containers.iter().map(|c| c.name.as_str()).collect();
        behaviour.apps.retain(|a| {
            a.selector.workload.as_deref().is_none_or(|n| n == w.name)
                && a.selector.container.as_deref().is_none_or(|n| containers.contains(&n))
        });
        behaviour.traffic.retain(|t| services.iter().any(|s| s.name == t.service));
        Scope {
            workloads,
            services,
            source: source.text().into(),
            documents: Some(documents.into()),
            behaviour,
            subject: Subject { workload: 0, container: subject.container },
        }
    }

    /// The scope's Kubernetes documents, with `edits` made to the user's text.
    pub fn manifests(&self, edits: &[Edit]) -> String {
        let text = super::edit::apply(&self.source, edits);
        match &self.documents {
            Some(documents) => super::edit::cut(&text, documents),
            None => super::edit::without_behaviour(&text),
        }
    }
}

/// How the analysed app behaves in a what-if.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    /// From each start of the container until it serves (the probes' first
    /// chance to pass).
    pub startup: Millis,
    /// The image pull before the first start: it moves the start against
    /// the probe workers' tickers, which start with the pod (the phase).
    pub pull: Option<Millis>,
}

/// What goes wrong with a running app, from a moment on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every endpoint stops answering (requests and probes time out); a
    /// TCP connection is still accepted, as a hung process's kernel does.
    Hang,
    /// Every endpoint answers at once with a failure: HTTP 500, gRPC
    /// NOT_SERVING, a TCP probe's port refuses.
    FailFast,
}

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::Hang => "hang",
            Fault::FailFast => "fail-fast",
        }
    }
}

/// One what-if: a scenario to simulate, and how to write it as one.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// Short and stable, e.g. `hang-2m10s`: how findings and the report
    /// refer to the run.
    pub name: String,
    /// What is assumed, as a sentence.
    pub assumption: String,
    pub workloads: Vec<Workload>,
    pub services: Vec<Service>,
    pub behaviour: Behaviour,
    /// Where the Kubernetes documents come from.
    pub scope: Arc<Scope>,
    /// The manifest changes of a suggestion (empty: the user's manifests).
    pub edits: Vec<Edit>,
}

/// The longest a what-if stays blocked in a probe: far beyond any timeout.
const FOREVER: Millis = 3_600_000;

impl WhatIf {
    /// The scenario with `subject`'s app replaced by a healthy one that
    /// starts in `app.startup`, and the scripted actions dropped.
    pub fn healthy(scope: &Scope, app: &App) -> WhatIf {
        let (workloads, behaviour, subject) = (&scope.workloads[..], &scope.behaviour, scope.subject);
        let w = subject.workload(workloads);
        let c = subject.container(workloads);
        let kept = described(workloads, behaviour, subject);
        let mut apps = narrowed(workloads, &behaviour.apps, subject);
        let mut entry = AppRules {
            selector: Selector {
                workload: Some(w.name.clone()),
                container: Some(c.name.clone()),
                ..Selector::default()
            },
            startup: Some(app.startup),
            startup_on_restart: Some(app.startup),
            pull: app.pull.or(kept.pull),
            ports: kept.ports,
            on_sigterm: kept.on_sigterm,
            ..AppRules::default()
        };
        if app.startup > 0 {
            // An exec probe's command says what the app is doing only through
            // the app; until it serves, a command that asks it fails.
            let until_started = Window { before: Some(app.startup), ..Window::default() };
            for line in app_commands(c) {
                entry.exec.push(ExecRule {
                    window: until_started.clone(),
                    command: Some(line),
                    exit_code: Some(1),
                    output: Some("the app is still starting".into()),
                    ..ExecRule::default()
                });
            }
        }
        apps.push(entry);
        let behaviour = Behaviour { apps, actions: vec![], expect: vec![], ..behaviour.clone() };
        let pull = app.pull.map(|p| format!(", its image pull taking {}", secs(p))).unwrap_or_default();
        WhatIf {
            name: format!("start-{}", name_time(app.startup)),
            assumption: format!(
                "{}/{} is healthy and serves {} after each start{pull}",
                w.name,
                c.name,
                if app.startup == 0 { "at once".to_string() } else { secs(app.startup) }
            ),
            workloads: workloads.to_vec(),
            services: scope.services.clone(),
            behaviour,
            scope: Arc::new(scope.clone()),
            edits: vec![],
        }
    }

    /// The scope's scenario as the user wrote it: the behaviour as it is,
    /// scripted actions too.
    pub fn as_written(scope: &Scope) -> WhatIf {
        WhatIf {
            name: "as-written".into(),
            assumption: "the scenario as written".into(),
            workloads: scope.workloads.clone(),
            services: scope.services.clone(),
            behaviour: scope.behaviour.clone(),
            scope: Arc::new(scope.clone()),
            edits: vec![],
        }
    }

    /// The analysed app of replica 0 (its running process) meets `fault`
    /// at `at`; a restart brings a healthy process back.
    pub fn with_fault(mut self, subject: Subject, fault: Fault, at: Millis) -> WhatIf {
        let w = subject.workload(&self.workloads);
        let c = subject.container(&self.workloads);
        let action = Action {
            at,
            workload: Some(w.name.clone()),
            pod: None,
            replica: Some(0),
            container: Some(c.name.clone()),
            verb: Verb::Set(Box::new(fault_rules(c, fault, Window::default()))),
            line: 0,
        };
        self.assumption = format!("{}; at {} its first replica {}", self.assumption, clock(at), fault_words(fault));
        self.name = format!("{}-{}", fault.name(), name_time(at));
        self.behaviour.actions.push(action);
        self
    }

    /// The analysed app of replica 0 crashes (exit 1) at `at`.
    pub fn with_crash(mut self, subject: Subject, at: Millis) -> WhatIf {
        let w = subject.workload(&self.workloads);
        let c = subject.container(&self.workloads);
        self.behaviour.actions.push(Action {
            at,
            workload: Some(w.name.clone()),
            pod: None,
            replica: Some(0),
            container: Some(c.name.clone()),
            verb: Verb::Crash { exit_code: 1, oom: false },
            line: 0,
        });
        self.assumption = format!("{}; at {} its first replica crashes (exit code 1)", self.assumption, clock(at));
        self.name = format!("crash-{}", name_time(at));
        self
    }

    /// Every replica hangs from `from` until `until` (scenario clock), as
    /// when a dependency they all share is slow: restarts do not help.
    pub fn with_shared_outage(mut self, subject: Subject, from: Millis, until: Millis) -> WhatIf {
        let c = subject.container(&self.workloads).clone();
        let window = Window { from: Some(from), until: Some(until), ..Window::default() };
        let outage = fault_rules(&c, Fault::Hang, window);
        let entry = self.behaviour.apps.last_mut().expect("the analysed app's entry");
        entry.http.extend(outage.http);
        entry.grpc.extend(outage.grpc);
        entry.exec.extend(outage.exec);
        self.assumption = format!(
            "{}; from {} to {} every replica hangs at once (a slow dependency they share)",
            self.assumption,
            clock(from),
            clock(until)
        );
        self.name = format!("fleet-{}-{}", name_time(from), name_time(until - from));
        self
    }

    /// The pod is deleted at `at` (as a rollout or a drain does).
    pub fn with_delete(mut self, subject: Subject, at: Millis) -> WhatIf {
        let w = subject.workload(&self.workloads);
        self.behaviour.actions.push(Action {
            at,
            workload: Some(w.name.clone()),
            pod: None,
            replica: Some(0),
            container: None,
            verb: Verb::Delete,
            line: 0,
        });
        self.assumption = format!("{}; at {} its first replica is deleted", self.assumption, clock(at));
        self.name = format!("delete-{}", name_time(at));
        self
    }

    /// A rolling update of the workload at `at`: the analysed container gets
    /// a new image (the app described the same way).
    pub fn with_rollout(mut self, subject: Subject, at: Millis) -> WhatIf {
        let w = subject.workload(&self.workloads);
        let c = subject.container(&self.workloads);
        let rollout = crate::behaviour::Rollout {
            container: Some(c.name.clone()),
            image: Some(next_image(&c.image)),
            probes: vec![],
        };
        self.behaviour.actions.push(Action {
            at,
            workload: Some(w.name.clone()),
            pod: None,
            replica: None,
            container: None,
            verb: Verb::Rollout(Box::new(rollout)),
            line: 0,
        });
        self.assumption = format!("{}; at {} a new image rolls out", self.assumption, clock(at));
        self.name = format!("rollout-{}", name_time(at));
        self
    }

    /// Simulates until `horizon`, or earlier: `done` sees every record as
    /// it is written and stops the run once the answer is known. Pauses
    /// after each simulated second (`steps::pause`).
    pub async fn run(&self, horizon: Millis, mut done: impl FnMut(&History, &Record) -> bool) -> History {
        let mut sim = Simulator::new(&self.workloads, &self.services, self.behaviour.clone());
        let mut seen = 0;
        // Checked every simulated second: the answers are read to the
        // millisecond off the records, the step only bounds the overrun.
        let step = 1_000;
        let mut t = 0;
        while t < horizon {
            t = (t + step).min(horizon);
            sim.advance_to(t);
            let h = sim.history();
            let stop = h.records[seen..].iter().any(|r| done(h, r));
            seen = h.records.len();
            if stop {
                break;
            }
            super::steps::pause().await;
        }
        sim.into_history()
    }

    /// The what-if as a scenario: the manifests (the user's text, with the
    /// suggestion's edits) and the behaviour document, run for `duration`.
    pub fn text(&self, duration: Millis) -> String {
        let manifests = self.scope.manifests(&self.edits);
        let behaviour = Behaviour { duration, ..self.behaviour.clone() };
        let mut out = manifests.trim_end().to_string();
        out.push_str("\n---\n");
        out.push_str(&format!("# What if: {}.\n", self.assumption));
        out.push_str(&to_yaml(&behaviour));
        out
    }
}

/// What the behaviour says of the analysed container's process, kept in
/// every what-if: the last entry that sets each field wins, as in the run.
fn described(workloads: &[Workload], behaviour: &Behaviour, subject: Subject) -> AppRules {
    let mut kept = AppRules::default();
    for entry in behaviour.apps.iter().filter(|e| describes(&e.selector, workloads, subject)) {
        kept.ports = entry.ports.clone().or(kept.ports);
        kept.on_sigterm = entry.on_sigterm.or(kept.on_sigterm);
        kept.pull = entry.pull.or(kept.pull);
        kept.startup = entry.startup.or(kept.startup);
    }
    kept
}

/// The start the behaviour describes for the analysed container (the
/// first start's), else 0, and its image pull, if any.
pub fn described_start(scope: &Scope) -> (Millis, Option<Millis>) {
    let kept = described(&scope.workloads, &scope.behaviour, scope.subject);
    (kept.startup.unwrap_or(0), kept.pull)
}

/// Whether an `apps` selector describes the subject's container in its
/// first replica. A `pod:` selector is read as describing it: pod names
/// come from the run.
fn describes(s: &Selector, workloads: &[Workload], subject: Subject) -> bool {
    let w = subject.workload(workloads);
    let c = subject.container(workloads);
    s.container.as_deref().is_none_or(|n| n == c.name)
        && s.workload.as_deref().is_none_or(|n| n == w.name)
        && s.image.as_deref().is_none_or(|i| i == c.image)
        && s.replicas.as_ref().is_none_or(|r| r.contains(&0))
}

/// The `apps` entries with every one that describes the subject narrowed
/// to the other containers it describes, in place, so that their rules
/// keep their order (a later entry overrides an earlier one).
fn narrowed(workloads: &[Workload], apps: &[AppRules], subject: Subject) -> Vec<AppRules> {
    let mut out = Vec::new();
    for entry in apps {
        let s = &entry.selector;
        let target = describes(&Selector { replicas: None, ..s.clone() }, workloads, subject);
        if !target {
            out.push(entry.clone());
            continue;
        }
        for (wi, w) in workloads.iter().enumerate() {
            for (ci, c) in w.template.spec.containers.iter().enumerate() {
                let other = Subject { workload: wi, container: ci };
                if other == subject || !describes(&Selector { replicas: None, ..s.clone() }, workloads, other) {
                    continue;
                }
                let mut copy = entry.clone();
                copy.selector.workload = Some(w.name.clone());
                copy.selector.container = Some(c.name.clone());
                out.push(copy);
            }
        }
        // The subject's other replicas (a `replicas:` selector without 0)
        // keep what the entry says of them.
        if s.replicas.as_ref().is_some_and(|r| !r.contains(&0)) {
            out.push(entry.clone());
        }
    }
    out
}

/// The command lines of the container's exec probes that ask the app
/// (commands the simulator does not interpret: `curl`, `grpc_health_probe`,
/// a health script); `cat /tmp/healthy` does not ask it.
pub fn app_commands(c: &Container) -> Vec<String> {
    let mut lines = Vec::new();
    for kind in ProbeKind::ALL {
        if let Some(Handler::Exec { command }) = c.probe(kind).map(|p| &p.handler) {
            let expanded: Vec<String> = command.iter().map(|a| c.expand_env(a)).collect();
            let line = expanded.join(" ");
            if interpret(&expanded, &|_| true).assumed && !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    lines
}

/// The rules that make the container's app meet `fault` within `window`.
fn fault_rules(c: &Container, fault: Fault, window: Window) -> AppRules {
    let mut rules = AppRules::default();
    let command = |line: String| ExecRule { window: window.clone(), command: Some(line), ..ExecRule::default() };
    match fault {
        Fault::Hang => {
            rules.http.push(HttpRule { window: window.clone(), hang: Some(true), ..HttpRule::default() });
            rules.grpc.push(GrpcRule {
                window: window.clone(),
                service: None,
                port: None,
                status: None,
                latency: Some(FOREVER),
            });
            for line in app_commands(c) {
                rules.exec.push(ExecRule { duration: Some(FOREVER), ..command(line) });
            }
        }
        Fault::FailFast => {
            rules.http.push(HttpRule { window: window.clone(), status: Some(500), ..HttpRule::default() });
            rules.grpc.push(GrpcRule {
                window: window.clone(),
                service: None,
                port: None,
                status: Some(GrpcStatus::NotServing),
                latency: None,
            });
            // A port only TCP probes use refuses; one an HTTP or gRPC probe
            // asks answers with its failure instead.
            let mut refused: Vec<i32> = Vec::new();
            let mut answered: Vec<i32> = Vec::new();
            for probe in ProbeKind::ALL.iter().filter_map(|k| c.probe(*k)) {
                if let Some(Ok(port)) = handler_port(&probe.handler, c) {
                    match probe.handler {
                        Handler::TcpSocket { .. } => refused.push(port),
                        _ => answered.push(port),
                    }
                }
            }
            refused.retain(|p| !answered.contains(p));
            refused.dedup();
            for port in refused {
                rules.tcp.push(TcpRule { window: window.clone(), port: Some(port), listening: false });
            }
            for line in app_commands(c) {
                rules.exec.push(ExecRule {
                    exit_code: Some(1),
                    output: Some("the app answers with an error".into()),
                    ..command(line)
                });
            }
        }
    }
    rules
}

fn fault_words(fault: Fault) -> &'static str {
    match fault {
        Fault::Hang => "hangs (every endpoint stops answering)",
        Fault::FailFast => "fails fast (HTTP 500, gRPC NOT_SERVING, TCP refused)",
    }
}

/// A new image for a rollout: the same name with `-next` on its tag.
fn next_image(image: &str) -> String {
    match image.rsplit_once(':').filter(|(_, tag)| !tag.contains('/')) {
        Some((name, tag)) => format!("{name}:{tag}-next"),
        None => format!("{image}:next"),
    }
}

/// The first pod of a workload in a run (replica 0, or ordinal 0).
pub fn first_pod(h: &History, w: &Workload) -> Option<PodId> {
    let owner = format!("{}/{}", w.kind.name(), w.name);
    h.pods.iter().position(|p| p.workload == owner).map(|i| i as PodId)
}

/// A scenario time as the gallery's notes write it: `0:11.5`, `2:07`.
pub fn clock(t: Millis) -> String {
    let (m, s, tenths) = (t / 60_000, t / 1000 % 60, t % 1000 / 100);
    let rest = t % 100;
    if rest != 0 {
        return format!("{m}:{s:02}.{:03}", t % 1000);
    }
    if tenths == 0 { format!("{m}:{s:02}") } else { format!("{m}:{s:02}.{tenths}") }
}

/// A length of time as a reader wants it: `30 s`, `1.5 s`, `2 min 30 s`.
pub fn secs(d: Millis) -> String {
    let fraction = |ms: Millis| {
        if ms % 1000 == 0 {
            format!("{}", ms / 1000)
        } else if ms % 100 == 0 {
            format!("{}.{}", ms / 1000, ms % 1000 / 100)
        } else {
            format!("{}.{:03}", ms / 1000, ms % 1000)
        }
    };
    if d < 120_000 {
        return format!("{} s", fraction(d));
    }
    let (m, rest) = (d / 60_000, d % 60_000);
    if rest == 0 { format!("{m} min") } else { format!("{m} min {} s", fraction(rest)) }
}

/// A time in a what-if's name: `2m10s`, `500ms`.
fn name_time(t: Millis) -> String {
    crate::behaviour::format_duration(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_lengths_read_like_the_gallery_notes() {
        assert_eq!(clock(11_500), "0:11.5");
        assert_eq!(clock(127_500), "2:07.5");
        assert_eq!(clock(141_000), "2:21");
        assert_eq!(clock(1_001), "0:01.001");
        assert_eq!(secs(30_000), "30 s");
        assert_eq!(secs(1_500), "1.5 s");
        assert_eq!(secs(150_000), "2 min 30 s");
        assert_eq!(next_image("example/web:1.0"), "example/web:1.0-next");
        assert_eq!(next_image("localhost:5000/web"), "localhost:5000/web:next");
    }
}
