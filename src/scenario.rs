//! A scenario is one YAML stream: the Kubernetes documents and the behaviour
//! document (`kind: Behaviour`). This is the text the CLI reads, the editors
//! hold and share links carry; `load` turns it into what the simulator runs,
//! with every diagnostic from both halves in source order.

use crate::behaviour::{self, Action, Behaviour, Known};
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{History, Millis};
use crate::load::{self, Summary};
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
    from_manifests(load::load(text))
}

/// As `load`, from a file's bytes (invalid UTF-8 is a diagnostic).
pub fn load_bytes(bytes: &[u8]) -> Scenario {
    from_manifests(load::load_bytes(bytes))
}

fn from_manifests(manifests: load::Manifests) -> Scenario {
    let known = known_names(&manifests.workloads, &manifests.services);
    let (behaviour, behaviour_diagnostics) = behaviour::parse(&manifests.behaviour, &known);
    let mut diagnostics = manifests.diagnostics;
    diagnostics.extend(behaviour_diagnostics);
    diagnostics.sort_by_key(|d| (d.span.line, d.span.col));
    Scenario {
        workloads: manifests.workloads,
        services: manifests.services,
        behaviour,
        diagnostics,
        summary: manifests.summary,
    }
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
        behaviour.actions.sort_by_key(|a| a.at);
        Simulator::run(&self.workloads, &self.services, behaviour, self.behaviour.duration)
    }
}
