//! What a manifest holds, counted from the YAML as written: workloads,
//! containers and probes, whether or not they are valid. These are the counts
//! the CLI prints and the corpus table (`shared/corpus/SOURCES.md`) states, so
//! they follow the same rule: a probe is counted when its field holds a
//! mapping, in `containers`, `initContainers` or `ephemeralContainers`.

use crate::spec::WorkloadKind;
use crate::yaml::Node;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProbeCounts {
    pub liveness: usize,
    pub readiness: usize,
    pub startup: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Workload objects found (of the kinds in `WorkloadKind`, List items included).
    pub workloads: usize,
    /// Entries of `containers`, `initContainers` and `ephemeralContainers`.
    pub containers: usize,
    /// Those of them with at least one probe.
    pub probed_containers: usize,
    pub probes: ProbeCounts,
}

impl Summary {
    /// Adds one workload object's counts.
    pub(crate) fn add_workload(&mut self, root: &Node, kind: WorkloadKind) {
        self.workloads += 1;
        let template = match kind {
            WorkloadKind::Pod => Some(root),
            WorkloadKind::CronJob => root.get("spec").and_then(|s| s.get("jobTemplate")?.get("spec")?.get("template")),
            _ => root.get("spec").and_then(|s| s.get("template")),
        };
        let Some(pod_spec) = template.and_then(|t| t.get("spec")) else { return };
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            let Some(items) = pod_spec.get(list).and_then(Node::as_seq) else { continue };
            for container in items.iter().filter(|c| c.as_map().is_some()) {
                self.containers += 1;
                let has = |field: &str| container.get(field).is_some_and(|p| p.as_map().is_some());
                let (l, r, s) = (has("livenessProbe"), has("readinessProbe"), has("startupProbe"));
                self.probes.liveness += usize::from(l);
                self.probes.readiness += usize::from(r);
                self.probes.startup += usize::from(s);
                self.probed_containers += usize::from(l || r || s);
            }
        }
    }
}
