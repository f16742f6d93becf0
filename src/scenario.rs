//! A scenario is one YAML stream: the Kubernetes documents and the behaviour
//! document (`kind: Behaviour`). This is the text the CLI reads, the editors
//! hold and share links carry; `load` turns it into what the simulator runs,
//! with every diagnostic from both halves in source order.

use crate::behaviour::{self, Action, Behaviour, Known};
use crate::cluster::Version;
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{History, Millis};
use crate::load::{self, Summary, Triaged};
use crate::sim::Simulator;
use crate::spec::{Handler, ProbeKind, Service, Workload};

pub mod text;

pub use crate::load::is_behaviour_kind;

#[derive(Debug, Clone, Default)]
pub struct Scenario {
    pub workloads: Vec<Workload>,
    pub services: Vec<Service>,
    pub behaviour: Behaviour,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

pub fn load(text: &str) -> Scenario {
    from_manifests(load::load(text), None)
}

/// As `load` of the whole text, from the text `load::triage` left documents
/// out of.
pub fn load_triaged(t: &Triaged) -> Scenario {
    from_manifests(load::load_triaged(t, None), None)
}

/// As `load`, from a file's bytes (invalid UTF-8 is a diagnostic).
pub fn load_bytes(bytes: &[u8]) -> Scenario {
    from_manifests(load::load_bytes(bytes), None)
}

/// As `load_bytes`, on Kubernetes `kubernetes` whatever the document says
/// (`simulate --kubernetes`, `compare`).
pub fn load_bytes_on(bytes: &[u8], kubernetes: Version) -> Scenario {
    from_manifests(load::load_bytes_on(bytes, Some(kubernetes)), Some(kubernetes))
}

fn from_manifests(manifests: load::Manifests, kubernetes: Option<Version>) -> Scenario {
    let known = known_names(&manifests.workloads, &manifests.services);
    let (behaviour, behaviour_diagnostics) = behaviour::parse(&manifests.behaviour, &known, kubernetes);
    let mut diagnostics = manifests.diagnostics;
    diagnostics.extend(behaviour_diagnostics);
    diagnostics.extend(assumptions(&manifests.workloads, &behaviour));
    // The manifests' order (errors, then warnings, then notes) kept across
    // the behaviour document's.
    crate::diagnostic::sort(&mut diagnostics);
    Scenario {
        workloads: manifests.workloads,
        services: manifests.services,
        behaviour,
        diagnostics,
        summary: manifests.summary,
    }
}

/// What the simulation assumes of a container that its manifest and the
/// behaviour do not say, as notes: a shell or `sleep` as PID 1 ignores
/// SIGTERM, unless the behaviour gives the container an `onSigterm`.
fn assumptions(workloads: &[Workload], behaviour: &Behaviour) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for w in workloads {
        for c in w.template.spec.containers.iter().filter(|c| c.pid1_ignores_sigterm()) {
            let said = behaviour.apps.iter().any(|app| {
                app.on_sigterm.is_some()
                    && app.selector.container.as_ref().is_none_or(|name| *name == c.name)
                    && app.selector.image.as_ref().is_none_or(|image| *image == c.image)
                    && app.selector.workload.as_ref().is_none_or(|name| *name == w.name)
            });
            if !said {
                let program = c.command.iter().chain(&c.args).next().map_or("", |p| p.rsplit('/').next().unwrap_or(p));
                notes.push(Diagnostic::note(
                    c.span,
                    format!("{}.command", c.path),
                    format!("PID 1 is `{program}`, which has no SIGTERM handler: the container is assumed to ignore SIGTERM and to run until SIGKILL when it is stopped (an `onSigterm` for it in the behaviour says otherwise)"),
                ));
            }
        }
    }
    notes
}

/// The names a behaviour document may refer to.
fn known_names(workloads: &[Workload], services: &[Service]) -> Known {
    let mut known = Known::default();
    for w in workloads {
        known.workloads.push(w.name.clone());
        for c in &w.template.spec.containers {
            if !known.containers.contains(&c.name) {
                known.containers.push(c.name.clone());
            }
            for kind in ProbeKind::ALL {
                if let Some(Handler::HttpGet { path, .. }) = c.probe(kind).map(|p| &p.handler)
                    && !known.paths.contains(path)
                {
                    known.paths.push(path.clone());
                }
            }
        }
    }
    known.services = services.iter().map(|s| s.name.clone()).collect();
    known
}

impl Scenario {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The history of the scenario's whole duration.
    pub fn simulate(&self) -> History {
        self.simulate_for(self.behaviour.duration)
    }

    pub fn simulate_for(&self, until: Millis) -> History {
        Simulator::run(&self.workloads, &self.services, self.behaviour.clone(), until)
    }

    /// The history with live actions added to the scripted ones.
    pub fn simulate_with(&self, live: &[Action]) -> History {
        let mut behaviour = self.behaviour.clone();
        behaviour.actions.extend_from_slice(live);
        crate::sort::sort_by_key(&mut behaviour.actions, |a| a.at);
        Simulator::run(&self.workloads, &self.services, behaviour, self.behaviour.duration)
    }
}
