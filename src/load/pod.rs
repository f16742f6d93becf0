//! Pod templates, pod specs and containers: `SetDefaults_PodSpec` and the
//! container rules of `ValidatePodSpec` (`validateContainers`,
//! `validateInitContainers`, `validateEphemeralContainers`) that decide what
//! the simulator runs.
//!
//! Regular containers are simulated, and so are init containers, restartable
//! (`restartPolicy: Always`, native sidecars) or running to completion, which
//! go after the regular ones in `PodSpec::containers`. Ephemeral containers
//! are added by `kubectl debug`; they are not simulated.

use super::fields::{
    Cx, Field, Fields, boolean, child, index, int32, int64, list, object, start, string, string_list, unsupported,
};
use super::meta::metadata;
use super::probe::{field_name, probe};
use super::schema;
use super::validate::{
    DnsName, PortUse, check_probe_ports, dns_name, invalid_name, nearest_port_name, non_negative, port_name_errors,
    port_number, protocol,
};
use crate::cluster::PodField;
use crate::spec::{
    Container, ContainerPort, ContainerRole, Labels, PodSpec, ProbeKind, RestartPolicy, RestartRule, WorkloadKind,
};
use std::collections::HashSet;

/// `v1.DefaultTerminationGracePeriodSeconds`.
pub const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS: i64 = 30;

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Regular,
    Init,
    Ephemeral,
}

/// A pod template as read: its metadata, and its pod spec when it has a
/// container to simulate.
pub struct Template {
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: Option<PodSpec>,
}

/// Reads `spec.template` (or a Job template's): its labels and its pod spec.
/// Returns `None` when it is not a mapping.
pub fn pod_template(cx: &mut Cx, f: &Field, kind: WorkloadKind) -> Option<Template> {
    let fields = object(cx, f.value, &f.path, &schema::POD_TEMPLATE)?;
    let meta = metadata(cx, &fields, None);
    let spec = match fields.get("spec") {
        Some(spec) => pod_spec(cx, &spec, kind),
        None => {
            cx.error(f.key.span, &fields.path_of("spec"), "Required value: the pod template has no spec");
            None
        }
    };
    Some(Template { labels: meta.labels, annotations: meta.annotations, spec })
}

/// Reads a pod spec. Returns `None` when there is no container to simulate.
pub fn pod_spec(cx: &mut Cx, f: &Field, kind: WorkloadKind) -> Option<PodSpec> {
    let fields = object(cx, f.value, &f.path, &schema::POD_SPEC)?;
    let restart_policy = restart_policy(cx, &fields, f, kind);
    let termination_grace_period_seconds = fields
        .get("terminationGracePeriodSeconds")
        .and_then(|gf| int64(cx, &gf).filter(|&n| non_negative(cx, &gf, n)))
        .unwrap_or(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    let grace = termination_grace_period_seconds;

    let mut readiness_gates = Vec::new();
    if let Some(gf) = fields.get("readinessGates") {
        for (i, item) in list(cx, &gf).iter().enumerate() {
            let Some(gate) = object(cx, item, &index(&gf.path, i), &schema::READINESS_GATE) else { continue };
            if let Some(condition) = gate.get("conditionType").and_then(|cf| string(cx, &cf)) {
                readiness_gates.push(condition.to_string());
            }
        }
    }

    let mut names = HashSet::new();
    let mut regular = Vec::new();
    let mut inits = Vec::new();
    let containers = fields.get("containers");
    let items = containers.as_ref().map_or(&[][..], |cf| list(cx, cf));
    if items.is_empty() {
        let span = containers.as_ref().map_or(f.key.span, |cf| cf.key.span);
        cx.error(span, &fields.path_of("containers"), "Required value: a pod needs at least one container");
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(read) =
            container(cx, item, &index(&fields.path_of("containers"), i), Role::Regular, &mut names, grace)
        {
            regular.push(read);
        }
    }
    if let Some(cf) = fields.get("initContainers") {
        for (i, item) in list(cx, &cf).iter().enumerate() {
            if let Some(read) = container(cx, item, &index(&cf.path, i), Role::Init, &mut names, grace) {
                inits.push(read);
            }
        }
    }
    if let Some(ef) = fields.get("ephemeralContainers") {
        if kind == WorkloadKind::Pod {
            cx.note(
                ef.key.span,
                &ef.path,
                "ephemeral containers are not simulated (`kubectl debug` adds them to a running pod)",
            );
        } else {
            cx.error(ef.key.span, &ef.path, "Forbidden: ephemeral containers not allowed in pod template");
        }
        for (i, item) in list(cx, &ef).iter().enumerate() {
            container(cx, item, &index(&ef.path, i), Role::Ephemeral, &mut names, grace);
        }
    }

    let simulated: Vec<(Container, Vec<PortUse>)> = regular.into_iter().chain(inits).collect();
    let views: Vec<(&Container, &[PortUse])> = simulated.iter().map(|(c, uses)| (c, uses.as_slice())).collect();
    check_probe_ports(cx, &views);
    if simulated.is_empty() {
        return None;
    }
    if simulated.len() > MAX_CONTAINERS {
        let span = containers.as_ref().map_or(f.key.span, |cf| cf.key.span);
        let message = format!(
            "a pod of {} containers and sidecars is not simulated: at most {MAX_CONTAINERS} are",
            simulated.len()
        );
        cx.error(span, &fields.path_of("containers"), &message);
        return None;
    }
    Some(PodSpec {
        containers: simulated.into_iter().map(|(c, _)| c).collect(),
        restart_policy,
        termination_grace_period_seconds,
        readiness_gates,
        host_network: fields.get("hostNetwork").and_then(|hf| boolean(cx, &hf)).unwrap_or(false),
        has_init_containers: fields.get("initContainers").is_some_and(|f| !list(cx, &f).is_empty()),
    })
}

/// The most containers (regular and sidecars) a simulated pod may have: the
/// history numbers them in a byte.
pub const MAX_CONTAINERS: usize = 255;

/// `SetDefaults_PodSpec` gives `Always`; the workload kinds then restrict it.
fn restart_policy(cx: &mut Cx, fields: &Fields, spec: &Field, kind: WorkloadKind) -> RestartPolicy {
    let is_job = matches!(kind, WorkloadKind::Job | WorkloadKind::CronJob);
    let Some(rf) = fields.get("restartPolicy") else {
        if is_job {
            // Defaulting would give Always, which Job validation rejects.
            cx.error(
                spec.key.span,
                &fields.path_of("restartPolicy"),
                "Required value: a Job's pod template must set restartPolicy to OnFailure or Never (the default, Always, is rejected: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"); simulated as OnFailure",
            );
            return RestartPolicy::OnFailure;
        }
        return RestartPolicy::Always;
    };
    let Some(written) = restart_policy_value(cx, &rf) else {
        return if is_job { RestartPolicy::OnFailure } else { RestartPolicy::Always };
    };
    match kind {
        WorkloadKind::Pod => written,
        WorkloadKind::Job | WorkloadKind::CronJob if written == RestartPolicy::Always => {
            unsupported(cx, &rf, "Always", &["OnFailure", "Never"]);
            RestartPolicy::OnFailure
        }
        WorkloadKind::Job | WorkloadKind::CronJob => written,
        _ if written != RestartPolicy::Always => {
            unsupported(cx, &rf, written.name(), &["Always"]);
            RestartPolicy::Always
        }
        _ => written,
    }
}

/// A `restartPolicy` value, of a pod or of a container; any other is reported.
fn restart_policy_value(cx: &mut Cx, f: &Field) -> Option<RestartPolicy> {
    let value = string(cx, f)?;
    let policies = [RestartPolicy::Always, RestartPolicy::OnFailure, RestartPolicy::Never];
    let policy = policies.into_iter().find(|p| p.name() == value);
    if policy.is_none() {
        unsupported(cx, f, value, &policies.map(RestartPolicy::name));
    }
    policy
}

/// `validateFieldAllowList` for ephemeral containers: the fields
/// `allowedEphemeralContainerFields` marks false.
const EPHEMERAL_FORBIDDEN: [&str; 6] =
    ["ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"];

/// Reads one container. Returns it (with the ports its probes use) when it is
/// one the simulator runs: a regular container or a sidecar.
fn container(
    cx: &mut Cx,
    node: &crate::yaml::Node,
    path: &str,
    role: Role,
    names: &mut HashSet<String>,
    grace: i64,
) -> Option<(Container, Vec<PortUse>)> {
    let schema = if role == Role::Ephemeral { &schema::EPHEMERAL_CONTAINER } else { &schema::CONTAINER };
    let fields = object(cx, node, path, schema)?;

    let name = match fields.get("name") {
        Some(nf) => {
            let name = string(cx, &nf).unwrap_or("").to_string();
            if !name.is_empty() {
                dns_name(cx, nf.value.span, &nf.path, DnsName::Label, &name);
                // One set for containers, init containers and ephemeral
                // containers: their names share one namespace.
                if !names.insert(name.clone()) {
                    cx.error(nf.value.span, &nf.path, format!("Duplicate value: {name:?}"));
                }
            }
            name
        }
        None => String::new(),
    };
    let name = if name.is_empty() {
        cx.error(start(node), &child(path, "name"), "Required value: every container needs a name");
        path.rsplit('.').next().unwrap_or(path).to_string()
    } else {
        name
    };

    // A version drops these fields without their gate (`dropDisabledFields`).
    let kept = |cx: &mut Cx, f: &Field| match role {
        Role::Regular => cx.keeps(f, PodField::ContainerRestartRules),
        Role::Init => cx.keeps(f, PodField::SidecarRestartPolicy),
        Role::Ephemeral => true,
    };
    let restart_policy =
        fields.get("restartPolicy").and_then(|rf| restart_policy_value(cx, &rf).filter(|_| kept(cx, &rf)));
    let restart_rules = match fields.get("restartPolicyRules") {
        Some(rf) if role == Role::Regular && kept(cx, &rf) => restart_rules(cx, &rf, restart_policy.is_some()),
        _ => Vec::new(),
    };
    let sidecar = role == Role::Init && restart_policy == Some(RestartPolicy::Always);

    if role == Role::Ephemeral {
        for forbidden in EPHEMERAL_FORBIDDEN {
            if let Some(ff) = fields.get(forbidden) {
                cx.error(ff.key.span, &ff.path, "Forbidden: cannot be set for an Ephemeral Container");
            }
        }
        return None;
    }
    let run_to_completion = role == Role::Init && !sidecar;
    if run_to_completion {
        for kind in [ProbeKind::Liveness, ProbeKind::Readiness, ProbeKind::Startup] {
            if let Some(pf) = fields.get(field_name(kind)) {
                cx.error(
                    pf.key.span,
                    &pf.path,
                    "Forbidden: may not be set for init containers without restartPolicy=Always",
                );
            }
        }
    }

    let mut c = Container::new(&name, "");
    c.role = if sidecar {
        ContainerRole::Sidecar
    } else if run_to_completion {
        ContainerRole::Init
    } else {
        ContainerRole::App
    };
    // Written as a sidecar, the cluster made it an ordinary init container:
    // its process still serves until it is stopped.
    c.runs_until_stopped = run_to_completion
        && fields.get("restartPolicy").is_some_and(|rf| rf.value.as_str() == Some(RestartPolicy::Always.name()));
    if role == Role::Regular {
        c.restart_policy = restart_policy;
        c.restart_rules = restart_rules;
    }
    c.span = start(node);
    c.path = path.to_string();
    if let Some(f) = fields.get("image") {
        c.image = string(cx, &f).unwrap_or("").to_string();
    }
    if let Some(f) = fields.get("command") {
        c.command = string_list(cx, &f);
    }
    if let Some(f) = fields.get("args") {
        c.args = string_list(cx, &f);
    }
    if let Some(f) = fields.get("ports") {
        c.ports = container_ports(cx, &f);
    }
    if let Some(f) = fields.get("env") {
        c.env = env(cx, &f);
    }
    if let Some(f) = fields.get("lifecycle") {
        (c.post_start, c.pre_stop) = super::lifecycle::lifecycle(cx, &f, grace);
    }
    let mut port_uses = Vec::new();
    // An init container that runs to completion has no probes (an error above).
    for kind in
        [ProbeKind::Liveness, ProbeKind::Readiness, ProbeKind::Startup].into_iter().filter(|_| !run_to_completion)
    {
        let Some(pf) = fields.get(field_name(kind)) else { continue };
        if let Some((p, port_use)) = probe(cx, &pf, kind) {
            *c.probe_mut(kind) = Some(p);
            port_uses.extend(port_use);
        }
    }
    Some((c, port_uses))
}

/// The most `restartPolicyRules` a container may have.
const MAX_RESTART_RULES: usize = 20;

/// `restartPolicyRules` (`validateContainerRestartPolicyRules`): at most 20,
/// only with the container's own `restartPolicy`; each `{action: Restart,
/// exitCodes: {operator: In|NotIn, values: [...]}}`. A rule with the
/// `RestartAllContainers` action is left out (a note says so).
fn restart_rules(cx: &mut Cx, f: &Field, has_policy: bool) -> Vec<RestartRule> {
    if !has_policy {
        cx.error(f.key.span, &f.path, "Required value: restartPolicyRules needs the container's restartPolicy");
        return Vec::new();
    }
    let items = list(cx, f);
    if items.len() > MAX_RESTART_RULES {
        cx.error(
            f.key.span,
            &f.path,
            format!("Too many: {}: must have at most {MAX_RESTART_RULES} items", items.len()),
        );
    }
    let mut rules = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(rule) = object(cx, item, &index(&f.path, i), &schema::RESTART_RULE) else { continue };
        let action = rule.get("action").and_then(|af| string(cx, &af).map(|a| (a, af)));
        match action {
            Some(("Restart", _)) => {}
            Some(("RestartAllContainers", af)) => {
                if cx.keeps(&af, PodField::RestartAllContainers) {
                    cx.note(
                        af.value.span,
                        &af.path,
                        "the RestartAllContainers action is not simulated: this rule is left out",
                    );
                }
                continue;
            }
            Some((other, af)) => {
                unsupported(cx, &af, other, &["Restart", "RestartAllContainers"]);
                continue;
            }
            None => {
                cx.error(start(item), &rule.path_of("action"), "Required value: a rule needs its action");
                continue;
            }
        }
        let Some(ef) = rule.get("exitCodes") else {
            cx.error(start(item), &rule.path_of("exitCodes"), "Required value: a Restart rule needs its exitCodes");
            continue;
        };
        let Some(codes) = object(cx, ef.value, &ef.path, &schema::EXIT_CODES) else { continue };
        let exit_code_in = match codes.get("operator").and_then(|of| string(cx, &of).map(|o| (o, of))) {
            Some(("In", _)) => true,
            Some(("NotIn", _)) => false,
            Some((other, of)) => {
                unsupported(cx, &of, other, &["In", "NotIn"]);
                continue;
            }
            None => {
                cx.error(ef.key.span, &codes.path_of("operator"), "Required value: exitCodes needs its operator");
                continue;
            }
        };
        let values =
            codes.get("values").map(|vf| list(cx, &vf).iter().filter_map(|v| v.as_int()).map(|v| v as i32).collect());
        rules.push(RestartRule { exit_code_in, values: values.unwrap_or_default() });
    }
    rules
}

/// `validateContainerPorts`; an invalid entry is left out.
fn container_ports(cx: &mut Cx, f: &Field) -> Vec<ContainerPort> {
    let mut ports = Vec::new();
    let mut names = HashSet::new();
    for (i, item) in list(cx, f).iter().enumerate() {
        let errors_before = cx.errors();
        let Some(fields) = object(cx, item, &index(&f.path, i), &schema::CONTAINER_PORT) else { continue };
        let number = match fields.get("containerPort") {
            Some(pf) => match int32(cx, &pf) {
                // Zero is the unset value of the Go field.
                Some(0) => {
                    cx.error(pf.value.span, &pf.path, "Required value: containerPort is required (0 means unset)");
                    None
                }
                n => n.filter(|&n| port_number(cx, &pf, n)),
            },
            None => {
                cx.error(start(item), &fields.path_of("containerPort"), "Required value: containerPort is required");
                None
            }
        };
        // Optional (0 is unset); the simulator has one node and does not use it.
        if let Some(hf) = fields.get("hostPort")
            && let Some(n) = int32(cx, &hf).filter(|&n| n != 0)
        {
            port_number(cx, &hf, n);
        }
        let name = fields.get("name").and_then(|nf| {
            let name = string(cx, &nf).filter(|name| !name.is_empty())?;
            let errors = port_name_errors(name);
            if !errors.is_empty() {
                invalid_name(cx, nf.value.span, &nf.path, name, &errors, nearest_port_name(name));
            } else if !names.insert(name) {
                cx.error(nf.value.span, &nf.path, format!("Duplicate value: {name:?}"));
            }
            Some(name.to_string())
        });
        let protocol = match fields.get("protocol") {
            Some(pf) => protocol(cx, &pf),
            None => Some("TCP"),
        };
        if let (Some(container_port), Some(protocol), true) = (number, protocol, cx.errors() == errors_before) {
            ports.push(ContainerPort { name, container_port, protocol: protocol.to_string() });
        }
    }
    ports
}

/// Static `env` values (`value`, not `valueFrom`), which exec probe commands
/// may refer to as `$(VAR)`.
fn env(cx: &mut Cx, f: &Field) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for (i, item) in list(cx, f).iter().enumerate() {
        let Some(fields) = object(cx, item, &index(&f.path, i), &schema::ENV_VAR) else { continue };
        let name = fields.get("name").and_then(|nf| string(cx, &nf));
        let value = fields.get("value").and_then(|vf| string(cx, &vf));
        if let (Some(name), None) = (name, fields.get("valueFrom")) {
            vars.push((name.to_string(), value.unwrap_or("").to_string()));
        }
    }
    vars
}
