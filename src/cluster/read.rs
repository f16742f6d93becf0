//! Reads the cluster out of the behaviour document's `simulation`:
//! `kubernetes: "1.29"`, `featureGates: {ExecProbeTimeout: false}` and
//! `kubelet: {maxContainerRestartPeriod: 60s}`, each checked against the
//! version: a gate can be set only inside its lifetime, a kubelet setting
//! only where that kubelet has it.

use super::{Cluster, Gate, Version};
use crate::behaviour::parse_duration;
use crate::diagnostic::{Diagnostic, nearest};
use crate::load::{Cx, Schema, check_known, child};
use crate::yaml::Node;

/// The `simulation` fields this reads.
pub const FIELDS: [&str; 3] = ["kubernetes", "featureGates", "kubelet"];

const KUBELET: Schema = Schema { fields: &["maxContainerRestartPeriod"], also: &[], misplaced: &[] };

/// The bounds of `crashLoopBackOff.maxContainerRestartPeriod`: a kubelet
/// configured outside them does not start.
const MAX_RESTART_PERIOD_RANGE: (i64, i64) = (1_000, 300_000);

/// The cluster the behaviour documents `docs` describe (on `overridden`,
/// if given), without diagnostics: the loader reads the Kubernetes documents
/// as this cluster's API server would, and the behaviour reader reports what
/// is wrong with the fields.
pub fn of_behaviour(docs: &[&Node], overridden: Option<Version>) -> Cluster {
    let mut fields = Vec::new();
    for doc in docs {
        let Some(simulation) = doc.get("simulation").and_then(Node::as_map) else { continue };
        for (key, value) in simulation {
            if let Some(name) = key.as_str().filter(|n| FIELDS.contains(n)) {
                fields.push((name, key, value));
            }
        }
    }
    read(&mut Cx::default(), &fields, overridden)
}

/// The cluster of the `simulation` fields `fields` (`(name, key, value)`,
/// only those of `FIELDS`). `overridden` is a version given on the command
/// line: it replaces the document's, and what the document sets that this
/// version does not have is then ignored with a warning rather than an
/// error, since the document was written for another version.
pub fn read(cx: &mut Cx, fields: &[(&str, &Node, &Node)], overridden: Option<Version>) -> Cluster {
    let field = |name: &str| fields.iter().rev().find(|(n, _, _)| *n == name).map(|&(_, k, v)| (k, v));
    let written = field("kubernetes").and_then(|(_, v)| version(cx, v));
    let version = overridden.or(written).unwrap_or_default();
    let mut cluster = Cluster::new(version);
    // A mismatch is the document's error on its own version, a warning on another.
    let push = |cx: &mut Cx, d: Diagnostic| match overridden {
        Some(v) if written.is_some_and(|w| w != v) || written.is_none() && v != Version::default() => {
            cx.push(Diagnostic::warning(d.span, d.path, format!("{}; ignored on {v} (--kubernetes)", d.message)))
        }
        _ => cx.push(d),
    };
    if let Some((_, gates)) = field("featureGates") {
        feature_gates(cx, gates, &mut cluster, &push);
    }
    if let Some((_, kubelet)) = field("kubelet") {
        kubelet_config(cx, kubelet, &mut cluster, &push);
    }
    cluster
}

fn version(cx: &mut Cx, node: &Node) -> Option<Version> {
    const PATH: &str = "simulation.kubernetes";
    let Some(scalar) = node.as_scalar().filter(|_| !node.is_null()) else {
        cx.error(node.span, PATH, format!("expected a version like \"1.29\", found {}", node.kind_name()));
        return None;
    };
    match Version::parse(&scalar.text) {
        Ok((version, patch)) => {
            if patch {
                cx.note(
                    node.span,
                    PATH,
                    format!(
                        "simulated as {version}: each minor runs as its .0 release, without later patch-level fixes"
                    ),
                );
            }
            Some(version)
        }
        Err(mut message) => {
            // YAML reads `1.30` written by a tool as the number 1.3.
            if !scalar.quoted && scalar.text.split('.').nth(1).is_some_and(|m| m.len() == 1) {
                message.push_str("; quote the version (\"1.30\"): unquoted, some tools turn 1.30 into 1.3");
            }
            cx.error(node.span, PATH, message);
            None
        }
    }
}

fn feature_gates(cx: &mut Cx, node: &Node, cluster: &mut Cluster, push: &dyn Fn(&mut Cx, Diagnostic)) {
    const PATH: &str = "simulation.featureGates";
    let Some(entries) = node.as_map() else {
        cx.error(
            node.span,
            PATH,
            format!("expected a mapping of gate names to true or false, found {}", node.kind_name()),
        );
        return;
    };
    let version = cluster.version;
    for (key, value) in entries {
        let name = key.as_str().unwrap_or("");
        let path = child(PATH, name);
        let Some(gate) = Gate::by_name(name) else {
            match nearest(name, Gate::ALL.map(Gate::name)) {
                Some(s) => cx.push(
                    Diagnostic::error(key.span, &path, format!("unknown feature gate \"{name}\"")).with_suggestion(s),
                ),
                None => cx.warning(
                    key.span,
                    &path,
                    format!("feature gate \"{name}\" changes nothing this simulator shows; it is ignored"),
                ),
            }
            continue;
        };
        let Some(on) = value.as_bool() else {
            cx.error(value.span, &path, format!("expected true or false, found {}", value.kind_name()));
            continue;
        };
        match gate.stage(version) {
            None => push(cx, Diagnostic::error(key.span, &path, absent(gate, version))),
            Some(stage) if stage.locked && on != stage.default => {
                let state = if stage.default { "on" } else { "off" };
                let mut message =
                    format!("feature gate {name} is {} and locked {state} in Kubernetes {version}", stage.name);
                if let Some(window) = window(gate) {
                    message.push_str(&format!(" (it can be set in {window})"));
                }
                push(cx, Diagnostic::error(value.span, &path, message));
            }
            Some(_) => cluster.gates.set(gate, on),
        }
    }
}

/// Why a gate cannot be set in `version`: not there yet, or gone.
fn absent(gate: Gate, version: Version) -> String {
    let name = gate.name();
    let existed = Version::all().filter(|&v| gate.stage(v).is_some()).collect::<Vec<_>>();
    match (existed.first(), existed.last()) {
        (Some(first), _) if version < *first => {
            format!("feature gate {name} does not exist in Kubernetes {version}: it arrived in {first}")
        }
        (_, Some(last)) => format!(
            "feature gate {name} does not exist in Kubernetes {version}: it was removed after {last}, its behaviour is always on"
        ),
        // Removed before 1.19 (none is): nothing to say but that it is not there.
        _ => format!("feature gate {name} does not exist in Kubernetes {version}"),
    }
}

/// The versions in which `gate` can be set, as `1.20 to 1.34`.
fn window(gate: Gate) -> Option<String> {
    let settable = gate.settable();
    let (first, last) = (settable.first()?, settable.last()?);
    Some(if first == last { first.to_string() } else { format!("{first} to {last}") })
}

fn kubelet_config(cx: &mut Cx, node: &Node, cluster: &mut Cluster, push: &dyn Fn(&mut Cx, Diagnostic)) {
    const PATH: &str = "simulation.kubelet";
    let Some(entries) = node.as_map() else {
        cx.error(node.span, PATH, format!("expected a mapping, found {}", node.kind_name()));
        return;
    };
    for (key, value) in entries {
        let name = key.as_str().unwrap_or("");
        let path = child(PATH, name);
        if !check_known(cx, &KUBELET, name, key.span, &path) {
            continue;
        }
        let text = match (value.as_int(), value.as_str()) {
            (Some(n), _) => format!("{n}s"),
            (_, Some(s)) => s.to_string(),
            _ => {
                cx.error(value.span, &path, format!("expected a duration like 60s, found {}", value.kind_name()));
                continue;
            }
        };
        let period = match parse_duration(&text) {
            Ok(ms) => ms,
            Err(message) => {
                cx.error(value.span, &path, message);
                continue;
            }
        };
        let (min, max) = MAX_RESTART_PERIOD_RANGE;
        if !(min..=max).contains(&period) {
            cx.error(
                value.span,
                &path,
                format!("must be from 1s to 300s (crashLoopBackOff.maxContainerRestartPeriod): a kubelet configured with {text} does not start"),
            );
            continue;
        }
        let gate = Gate::KubeletCrashLoopBackOffMax;
        let version = cluster.version;
        if gate.stage(version).is_none() {
            let message = format!(
                "the kubelet of Kubernetes {version} has no crashLoopBackOff.maxContainerRestartPeriod: it arrived in 1.32 with {}",
                gate.name()
            );
            push(cx, Diagnostic::error(key.span, &path, message));
            continue;
        }
        if !cluster.enabled(gate) {
            cx.warning(
                key.span,
                &path,
                format!(
                    "ignored: the kubelet reads it only with {} on, which is off in Kubernetes {version} (set featureGates: {{{}: true}})",
                    gate.name(),
                    gate.name()
                ),
            );
        }
        cluster.kubelet.max_container_restart_period = Some(period);
    }
}
