//! A workload's `spec.selector` and the pod template's labels, as the API
//! server checks them when the workload is created
//! (`pkg/apis/apps/validation`: `ValidateDeploymentSpec`,
//! `ValidateReplicaSetSpec`, `ValidateStatefulSetSpec`,
//! `ValidateDaemonSetSpec`; `ValidateReplicationControllerSpec` in
//! `pkg/apis/core/validation`; `ValidateLabelSelector` in apimachinery).
//!
//! In apps/v1 the selector has no default: it is required, and the template's
//! labels must match it, or the API server rejects the object. Such a
//! workload is not simulated: the selector is how its controller counts its
//! pods, so one that does not select its own pods has no behaviour a cluster
//! could show. Its errors say so.

use super::fields::{Cx, Field, Fields, child, index, list, object, start, string, string_list, string_map};
use super::schema;
use crate::diagnostic::{Diagnostic, nearest};
use crate::spec::{Labels, WorkloadKind};
use crate::yaml::Node;

/// `metav1.LabelSelector`: every `matchLabels` pair and every requirement
/// must hold. An empty selector selects everything.
#[derive(Debug, Default)]
pub struct LabelSelector {
    match_labels: Labels,
    requirements: Vec<Requirement>,
}

#[derive(Debug)]
struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

const OPERATORS: [(&str, Operator); 4] = [
    ("In", Operator::In),
    ("NotIn", Operator::NotIn),
    ("Exists", Operator::Exists),
    ("DoesNotExist", Operator::DoesNotExist),
];

impl LabelSelector {
    fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.requirements.is_empty()
    }

    /// What `labels` lack, in `kubectl`'s selector syntax (`app=web`,
    /// `tier in (a,b)`, `!canary`); empty when they match.
    fn unmet(&self, labels: &Labels) -> Vec<String> {
        let pairs =
            self.match_labels.iter().filter(|(k, v)| labels.get(*k) != Some(*v)).map(|(k, v)| format!("{k}={v}"));
        let requirements = self.requirements.iter().filter(|r| !r.holds(labels)).map(|r| match r.operator {
            Operator::In => format!("{} in ({})", r.key, r.values.join(",")),
            Operator::NotIn => format!("{} notin ({})", r.key, r.values.join(",")),
            Operator::Exists => r.key.clone(),
            Operator::DoesNotExist => format!("!{}", r.key),
        });
        pairs.chain(requirements).collect()
    }
}

impl Requirement {
    fn holds(&self, labels: &Labels) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::In => value.is_some_and(|v| self.values.contains(v)),
            Operator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
        }
    }
}

/// `spec.selector` as written.
pub enum Selector {
    Absent,
    /// Reported: the API server could not make a selector of it.
    Invalid,
    Valid(LabelSelector),
}

/// The end of every error that keeps a workload out of the simulation.
fn rejected(kind: WorkloadKind) -> String {
    format!("the API server rejects this {} when it is created, so it is not simulated", kind.name())
}

/// Reads `spec.selector`: a `LabelSelector` for the apps/v1 kinds, a plain
/// map for a ReplicationController. Other kinds have no selector to check
/// (a Job's is generated).
pub fn read(cx: &mut Cx, spec: &Fields, kind: WorkloadKind) -> Selector {
    let Some(f) = spec.get("selector") else { return Selector::Absent };
    match kind {
        WorkloadKind::ReplicationController => {
            let match_labels = string_map(cx, &f);
            Selector::Valid(LabelSelector { match_labels, requirements: Vec::new() })
        }
        WorkloadKind::Deployment | WorkloadKind::ReplicaSet | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => {
            label_selector(cx, &f, kind)
        }
        WorkloadKind::Pod | WorkloadKind::Job | WorkloadKind::CronJob => Selector::Absent,
    }
}

/// `ValidateLabelSelector`: each requirement's key and operator, and its
/// values as the operator wants them. Unknown fields and values of the wrong
/// type inside are reported as everywhere and the rest is used; a selector
/// the API server could not evaluate is `Invalid`, with errors that say the
/// workload is not simulated.
fn label_selector(cx: &mut Cx, f: &Field, kind: WorkloadKind) -> Selector {
    if f.value.as_map().is_none() {
        let message = format!(
            "expected a mapping (matchLabels, matchExpressions), found {} ({})",
            f.value.kind_name(),
            rejected(kind)
        );
        cx.error(start(f.value), &f.path, message);
        return Selector::Invalid;
    }
    let Some(fields) = object(cx, f.value, &f.path, &schema::LABEL_SELECTOR) else { return Selector::Invalid };
    let mut selector = LabelSelector::default();
    if let Some(lf) = fields.get("matchLabels") {
        selector.match_labels = string_map(cx, &lf);
    }
    let mut invalid = false;
    if let Some(ef) = fields.get("matchExpressions") {
        for (i, item) in list(cx, &ef).iter().enumerate() {
            let Some(expression) = object(cx, item, &index(&ef.path, i), &schema::LABEL_SELECTOR_REQUIREMENT) else {
                continue;
            };
            match requirement(cx, &expression, item, kind) {
                Ok(requirement) => selector.requirements.extend(requirement),
                Err(Rejected) => invalid = true,
            }
        }
    }
    if invalid { Selector::Invalid } else { Selector::Valid(selector) }
}

/// A requirement the API server rejects (reported).
struct Rejected;

/// One `matchExpressions` entry; `Ok(None)` when a value of the wrong type
/// (reported) leaves it out.
fn requirement(
    cx: &mut Cx,
    expression: &Fields,
    item: &Node,
    kind: WorkloadKind,
) -> Result<Option<Requirement>, Rejected> {
    let mut result = Ok(());
    let key_field = expression.get("key");
    let key = key_field.as_ref().and_then(|kf| string(cx, kf)).unwrap_or("").to_string();
    if key.is_empty() {
        // `IsQualifiedName`, as for a label's key.
        let span = key_field.as_ref().map_or(start(item), |kf| kf.value.span);
        let message = format!("Invalid value: \"\": name part must be non-empty ({})", rejected(kind));
        cx.error(span, &expression.path_of("key"), message);
        result = Err(Rejected);
    }
    let values_field = expression.get("values");
    let values = values_field.as_ref().map(|vf| string_list(cx, vf)).unwrap_or_default();
    let Some(of) = expression.get("operator") else {
        cx.error(start(item), &expression.path_of("operator"), format!("Required value ({})", rejected(kind)));
        return Err(Rejected);
    };
    let Some(written) = string(cx, &of) else { return result.map(|()| None) };
    let Some(&(_, operator)) = OPERATORS.iter().find(|(name, _)| *name == written) else {
        let mut d = Diagnostic::error(
            of.value.span,
            &of.path,
            format!("Invalid value: {written:?}: not a valid selector operator ({})", rejected(kind)),
        );
        if let Some(suggestion) = nearest(written, OPERATORS.map(|(name, _)| name)) {
            d = d.with_suggestion(suggestion);
        }
        cx.push(d);
        return Err(Rejected);
    };
    match (operator, &values_field) {
        (Operator::In | Operator::NotIn, _) if values.is_empty() => {
            let span = values_field.as_ref().map_or(of.key.span, |vf| vf.key.span);
            cx.error(
                span,
                &expression.path_of("values"),
                format!("Required value: must be specified when `operator` is 'In' or 'NotIn' ({})", rejected(kind)),
            );
            result = Err(Rejected);
        }
        (Operator::Exists | Operator::DoesNotExist, Some(vf)) if !values.is_empty() => {
            cx.error(
                vf.key.span,
                &vf.path,
                format!(
                    "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist' ({})",
                    rejected(kind)
                ),
            );
            result = Err(Rejected);
        }
        _ => {}
    }
    result.map(|()| Some(Requirement { key, operator, values }))
}

/// Checks the selector against the pod template's `labels` as the API
/// server does; `spec` and `template` are the workload's `spec` and
/// `spec.template`. Returns whether the workload is accepted; when it is not,
/// an error says why and that it is not simulated.
pub fn accepts(
    cx: &mut Cx,
    kind: WorkloadKind,
    selector: &Selector,
    spec: &Field,
    template: &Field,
    labels: &Labels,
) -> bool {
    let selector_path = child(&spec.path, "selector");
    match (selector, kind) {
        (Selector::Invalid, _) => false,
        (Selector::Absent, WorkloadKind::Deployment | WorkloadKind::ReplicaSet | WorkloadKind::StatefulSet) => {
            let fix = if labels.is_empty() {
                "give the pod template labels and select them; a Kustomize base or patch gets both from its kustomization, so render it with `kubectl kustomize` first".to_string()
            } else {
                let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!(
                    "add one that matches the pod template's labels, such as `selector: {{matchLabels: {{{}}}}}`",
                    pairs.join(", ")
                )
            };
            let message = format!("Required value: apps/v1 has no default selector: {fix} ({})", rejected(kind));
            cx.error(spec.key.span, &selector_path, message);
            false
        }
        // With no selector to match, the API server reports the labels.
        (Selector::Absent, WorkloadKind::DaemonSet) => {
            mismatch(cx, kind, template, labels, "spec.selector is missing, and a missing selector matches no labels");
            false
        }
        // Defaulted to the template's labels, which must then be there.
        (Selector::Absent, WorkloadKind::ReplicationController) => {
            if labels.is_empty() {
                let message = format!(
                    "Required value: the selector defaults to the pod template's labels, and the template has none ({})",
                    rejected(kind)
                );
                cx.error(spec.key.span, &selector_path, message);
            }
            !labels.is_empty()
        }
        (Selector::Absent, _) => true,
        // A ReplicationController's empty map is defaulted like an absent one.
        (Selector::Valid(selector), WorkloadKind::ReplicationController) if selector.is_empty() => {
            accepts(cx, kind, &Selector::Absent, spec, template, labels)
        }
        (Selector::Valid(selector), _) if selector.is_empty() => {
            let message = format!(
                "Invalid value: {{}}: empty selector is invalid for {} ({})",
                empty_selector_kind(kind),
                rejected(kind)
            );
            cx.error(spec.key.span, &selector_path, message);
            false
        }
        (Selector::Valid(selector), _) => {
            let unmet = selector.unmet(labels);
            if !unmet.is_empty() {
                mismatch(cx, kind, template, labels, &format!("the template lacks {}", unmet.join(", ")));
            }
            unmet.is_empty()
        }
    }
}

/// `selector` does not match template `labels`, at the labels.
fn mismatch(cx: &mut Cx, kind: WorkloadKind, template: &Field, labels: &Labels, why: &str) {
    let (span, path) = labels_place(template);
    cx.error(
        span,
        &path,
        format!(
            "Invalid value: {}: `selector` does not match template `labels` ({why}; {})",
            labels_json(template, labels),
            rejected(kind)
        ),
    );
}

/// The kind as the API server's "empty selector" message names it (a
/// ReplicaSet's shares the Deployment's words).
fn empty_selector_kind(kind: WorkloadKind) -> &'static str {
    match kind {
        WorkloadKind::StatefulSet => "statefulset",
        WorkloadKind::DaemonSet => "daemonset",
        _ => "deployment",
    }
}

/// Where the template's labels are, or would go.
fn labels_place(template: &Field) -> (crate::yaml::Span, String) {
    let path = child(&template.path, "metadata.labels");
    let metadata = template.value.get("metadata").filter(|m| !m.is_null());
    let span = match (metadata, metadata.and_then(|m| m.get("labels")).filter(|l| !l.is_null())) {
        (_, Some(labels)) => start(labels),
        (Some(metadata), None) => start(metadata),
        (None, None) => template.key.span,
    };
    (span, path)
}

/// The labels as the API server prints the value (JSON, keys sorted; `null`
/// when the template has none at all).
fn labels_json(template: &Field, labels: &Labels) -> String {
    let written = template.value.get("metadata").and_then(|m| m.get("labels")).is_some_and(|l| !l.is_null());
    if !written {
        return "null".to_string();
    }
    crate::json_text::json_object(labels)
}
