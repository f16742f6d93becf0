//! The workload kinds: where each keeps its pod template, and the defaults the
//! API server gives their specs (`pkg/apis/apps/v1/defaults.go`,
//! `pkg/apis/batch/v1/defaults.go`; kubelet-semantics §12).

use super::fields::{Cx, Field, Fields, IntOrString, child, int_or_string, int32, object, start, unsupported};
use super::meta::{NameRule, metadata};
use super::pod::{pod_spec, pod_template};
use super::schema::{self, Schema};
use super::selector;
use super::validate::{self, DnsName};
use crate::spec::{IntOrPercent, PodTemplate, Workload, WorkloadKind};
use crate::yaml::Node;

/// The simulator runs at most this many replicas of one workload; more would
/// only slow the browser without showing anything new.
pub const MAX_SIMULATED_REPLICAS: i32 = 100;

/// The simulator runs at most this many pods in all (before surges and
/// replacements): a 2 MB install manifest has a few dozen workloads, while a
/// generated file with thousands would stall the browser for minutes.
pub const MAX_SIMULATED_PODS: i32 = 500;

pub const DEFAULT_PROGRESS_DEADLINE_SECONDS: i32 = 600;

/// Keeps the workloads within `MAX_SIMULATED_PODS`, in source order: the one
/// that crosses the limit runs with what is left, the ones after it are not
/// simulated. One warning says so, at the first workload cut.
pub fn cap_total_pods(cx: &mut Cx, workloads: &mut Vec<Workload>) {
    let mut left = MAX_SIMULATED_PODS;
    let Some(first_cut) = workloads.iter().position(|w| {
        left -= w.replicas;
        left < 0
    }) else {
        return;
    };
    let after = workloads.len() - first_cut - 1;
    let w = &mut workloads[first_cut];
    // `left` is now minus the overshoot.
    let kept = w.replicas + left;
    let mut message = format!("the simulator runs at most {MAX_SIMULATED_PODS} pods in all: ");
    let keep = if kept > 0 {
        message += &format!("{kept} of this {}'s {} replicas run", w.kind.name(), w.replicas);
        if after > 0 {
            message += &format!(", and none of the {after} workloads after it");
        }
        w.replicas = kept;
        first_cut + 1
    } else {
        message += &format!("this {} is not simulated", w.kind.name());
        if after > 0 {
            message += &format!(", nor the {after} workloads after it");
        }
        first_cut
    };
    cx.warning(w.span, "", message);
    workloads.truncate(keep);
}

pub fn workload_kind(kind: &str) -> Option<WorkloadKind> {
    Some(match kind {
        "Pod" => WorkloadKind::Pod,
        "Deployment" => WorkloadKind::Deployment,
        "ReplicaSet" => WorkloadKind::ReplicaSet,
        "StatefulSet" => WorkloadKind::StatefulSet,
        "DaemonSet" => WorkloadKind::DaemonSet,
        "ReplicationController" => WorkloadKind::ReplicationController,
        "Job" => WorkloadKind::Job,
        "CronJob" => WorkloadKind::CronJob,
        _ => return None,
    })
}

/// How the API server checks each kind's name (`ValidateObjectMeta`'s
/// `nameFn`): a DNS subdomain, except a StatefulSet's, which names its pods'
/// hosts and so must be a label (`ValidateStatefulSetName`), and a CronJob's,
/// which its Jobs' names extend by 11 characters (`ValidateCronJobCreate`).
fn name_rule(kind: WorkloadKind) -> NameRule {
    match kind {
        WorkloadKind::StatefulSet => NameRule { form: DnsName::Label, max_len: None },
        WorkloadKind::CronJob => NameRule { form: DnsName::Subdomain, max_len: Some(52) },
        _ => NameRule { form: DnsName::Subdomain, max_len: None },
    }
}

fn spec_schema(kind: WorkloadKind) -> &'static Schema {
    match kind {
        WorkloadKind::Pod => &schema::POD_SPEC,
        WorkloadKind::Deployment => &schema::DEPLOYMENT_SPEC,
        WorkloadKind::ReplicaSet => &schema::REPLICA_SET_SPEC,
        WorkloadKind::ReplicationController => &schema::REPLICATION_CONTROLLER_SPEC,
        WorkloadKind::StatefulSet => &schema::STATEFUL_SET_SPEC,
        WorkloadKind::DaemonSet => &schema::DAEMON_SET_SPEC,
        WorkloadKind::Job => &schema::JOB_SPEC,
        WorkloadKind::CronJob => &schema::CRON_JOB_SPEC,
    }
}

/// Builds a workload from its object, or `None` when nothing in it can run.
pub fn workload(cx: &mut Cx, root: &Node, path: &str, kind: WorkloadKind) -> Option<Workload> {
    let fields = object(cx, root, path, &schema::OBJECT)?;
    let meta = metadata(cx, &fields, Some(name_rule(kind)));
    let Some(spec_field) = fields.get("spec") else {
        cx.error(start(root), &fields.path_of("spec"), format!("Required value: a {} needs a spec", kind.name()));
        return None;
    };
    let name = meta.name.unwrap_or_else(|| {
        cx.error(start(root), &child(path, "metadata.name"), "Required value: name or generateName is required");
        kind.name().to_ascii_lowercase()
    });
    let mut workload = Workload {
        kind,
        name,
        namespace: meta.namespace.unwrap_or_else(|| "default".to_string()),
        replicas: 1,
        template: PodTemplate { labels: Default::default(), annotations: Default::default(), spec: empty_pod_spec() },
        max_surge: IntOrPercent::Percent(25),
        max_unavailable: IntOrPercent::Percent(25),
        min_ready_seconds: 0,
        progress_deadline_seconds: DEFAULT_PROGRESS_DEADLINE_SECONDS,
        span: start(root),
    };

    if kind == WorkloadKind::Pod {
        workload.template =
            PodTemplate { labels: meta.labels, annotations: meta.annotations, spec: pod_spec(cx, &spec_field, kind)? };
        return Some(workload);
    }

    let spec = object(cx, spec_field.value, &spec_field.path, spec_schema(kind))?;
    let selector = selector::read(cx, &spec, kind);
    match kind {
        WorkloadKind::Deployment => {
            workload.replicas = replicas(cx, &spec, "replicas");
            workload.min_ready_seconds = non_negative(cx, &spec, "minReadySeconds").unwrap_or(0);
            deployment_strategy(cx, &spec, &mut workload);
            if let Some(pf) = spec.get("progressDeadlineSeconds")
                && let Some(n) = int32(cx, &pf)
            {
                if n <= workload.min_ready_seconds {
                    cx.error(
                        pf.value.span,
                        &pf.path,
                        format!("Invalid value: {n}: must be greater than minReadySeconds"),
                    );
                } else {
                    workload.progress_deadline_seconds = n;
                }
            }
        }
        WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController | WorkloadKind::StatefulSet => {
            workload.replicas = replicas(cx, &spec, "replicas");
            workload.min_ready_seconds = non_negative(cx, &spec, "minReadySeconds").unwrap_or(0);
        }
        // One node, so one daemon pod.
        WorkloadKind::DaemonSet => workload.min_ready_seconds = non_negative(cx, &spec, "minReadySeconds").unwrap_or(0),
        // A Job runs `parallelism` pods at a time (default 1).
        WorkloadKind::Job => workload.replicas = replicas(cx, &spec, "parallelism"),
        WorkloadKind::CronJob | WorkloadKind::Pod => {}
    }

    let template_field =
        if kind == WorkloadKind::CronJob { job_template_spec(cx, &spec) } else { spec.get("template") };
    let Some(template_field) = template_field else {
        if kind != WorkloadKind::CronJob {
            cx.error(
                spec_field.key.span,
                &spec.path_of("template"),
                "Required value: the workload has no pod template",
            );
        }
        return None;
    };
    let template = pod_template(cx, &template_field, kind)?;
    let accepted = selector::accepts(cx, kind, &selector, &spec_field, &template_field, &template.labels);
    workload.template =
        PodTemplate { labels: template.labels, annotations: template.annotations, spec: template.spec? };
    accepted.then_some(workload)
}

/// `spec.jobTemplate.spec.template` of a CronJob; also reads the Job spec's
/// fields for diagnostics.
fn job_template_spec<'a>(cx: &mut Cx, spec: &Fields<'a>) -> Option<Field<'a>> {
    let Some(jf) = spec.get("jobTemplate") else {
        cx.error(spec.span, &spec.path_of("jobTemplate"), "Required value: a CronJob needs a jobTemplate");
        return None;
    };
    let job_template = object(cx, jf.value, &jf.path, &schema::JOB_TEMPLATE)?;
    let Some(job_spec_field) = job_template.get("spec") else {
        cx.error(jf.key.span, &job_template.path_of("spec"), "Required value: the jobTemplate has no spec");
        return None;
    };
    let job_spec = object(cx, job_spec_field.value, &job_spec_field.path, &schema::JOB_SPEC)?;
    let template = job_spec.get("template");
    if template.is_none() {
        cx.error(
            job_spec_field.key.span,
            &job_spec.path_of("template"),
            "Required value: the jobTemplate has no pod template",
        );
    }
    template
}

fn empty_pod_spec() -> crate::spec::PodSpec {
    crate::spec::PodSpec {
        containers: Vec::new(),
        restart_policy: crate::spec::RestartPolicy::Always,
        termination_grace_period_seconds: super::pod::DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
        readiness_gates: Vec::new(),
        host_network: false,
        has_init_containers: false,
    }
}

/// A count that must not be negative; a negative one is reported and reads
/// as absent, so the default applies.
fn non_negative(cx: &mut Cx, spec: &Fields, name: &str) -> Option<i32> {
    let f = spec.get(name)?;
    int32(cx, &f).filter(|&n| validate::non_negative(cx, &f, n.into()))
}

/// A replica count: default 1, capped at `MAX_SIMULATED_REPLICAS`.
fn replicas(cx: &mut Cx, spec: &Fields, name: &str) -> i32 {
    let n = non_negative(cx, spec, name).unwrap_or(1);
    if n > MAX_SIMULATED_REPLICAS {
        if let Some(f) = spec.get(name) {
            cx.warning(
                f.value.span,
                &f.path,
                format!("{name} is {n}; the simulator runs at most {MAX_SIMULATED_REPLICAS} pods per workload, so it simulates {MAX_SIMULATED_REPLICAS}"),
            );
        }
        return MAX_SIMULATED_REPLICAS;
    }
    n
}

/// `strategy`: RollingUpdate (default, 25% / 25%) or Recreate. Recreate is
/// given to the simulator as "surge 0, all unavailable": every old pod goes
/// before any new one starts.
fn deployment_strategy(cx: &mut Cx, spec: &Fields, workload: &mut crate::spec::Workload) {
    let Some(sf) = spec.get("strategy") else { return };
    let Some(strategy) = object(cx, sf.value, &sf.path, &schema::DEPLOYMENT_STRATEGY) else { return };
    let recreate = match strategy.get("type") {
        Some(tf) => match super::fields::string(cx, &tf) {
            Some("Recreate") => true,
            Some("RollingUpdate") | None => false,
            Some(other) => {
                unsupported(cx, &tf, other, &["Recreate", "RollingUpdate"]);
                false
            }
        },
        None => false,
    };
    let rolling = strategy.get("rollingUpdate");
    if recreate {
        if let Some(rf) = rolling {
            cx.error(rf.key.span, &rf.path, "Forbidden: may not be specified when strategy `type` is 'Recreate'");
        }
        workload.max_surge = IntOrPercent::Int(0);
        workload.max_unavailable = IntOrPercent::Percent(100);
        return;
    }
    let Some(rf) = rolling else { return };
    let Some(rolling) = object(cx, rf.value, &rf.path, &schema::ROLLING_UPDATE) else { return };
    let surge = rolling.get("maxSurge").and_then(|f| int_or_percent(cx, &f));
    let unavailable = rolling.get("maxUnavailable").and_then(|f| int_or_percent(cx, &f));
    if let Some(surge) = surge {
        workload.max_surge = surge;
    }
    if let Some(unavailable) = unavailable {
        if let (IntOrPercent::Percent(p), Some(f)) = (&unavailable, rolling.get("maxUnavailable"))
            && *p > 100
        {
            cx.error(f.value.span, &f.path, format!("Invalid value: \"{p}%\": must not be greater than 100%"));
        }
        workload.max_unavailable = unavailable;
    }
    let is_zero = |v: &IntOrPercent| matches!(v, IntOrPercent::Int(0) | IntOrPercent::Percent(0));
    if is_zero(&workload.max_surge) && is_zero(&workload.max_unavailable) {
        let (span, path) = match rolling.get("maxUnavailable") {
            Some(f) => (f.value.span, f.path),
            None => (rf.key.span, rolling.path_of("maxUnavailable")),
        };
        cx.error(span, &path, "Invalid value: 0: may not be 0 when `maxSurge` is 0");
        workload.max_unavailable = IntOrPercent::Int(1);
    }
}

/// `ValidatePositiveIntOrPercent`: a non-negative integer or `N%`.
fn int_or_percent(cx: &mut Cx, f: &Field) -> Option<IntOrPercent> {
    match int_or_string(cx, f)? {
        IntOrString::Int(n) => validate::non_negative(cx, f, n.into()).then_some(IntOrPercent::Int(n)),
        IntOrString::Str(s) => match s
            .strip_suffix('%')
            .and_then(|digits| digits.parse::<i32>().ok().filter(|_| digits.bytes().all(|b| b.is_ascii_digit())))
        {
            Some(p) => Some(IntOrPercent::Percent(p)),
            None => {
                let mut message = format!(
                    "Invalid value: {s:?}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
                );
                if super::fields::looks_like_placeholder(s) {
                    message = format!("{message}; {}", super::fields::PLACEHOLDER_HINT);
                }
                cx.error(f.value.span, &f.path, message);
                None
            }
        },
    }
}
