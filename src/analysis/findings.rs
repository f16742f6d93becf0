//! Findings: problems the what-if runs show, each with a rule id, the line
//! and column of the field it is about, a sentence with the simulated
//! times, the run that proves it (which the user can open) and, where one
//! exists, a change to the manifest that a second run showed removes the
//! problem. A rule that finds no harm in its run says nothing.
//!
//! A suggestion is searched on the loaded objects (the probe's fields
//! changed in memory), then written as an edit of the user's text, and the
//! edited text is loaded again: the suggestion is kept only if it reads
//! back as the objects the simulator verified.

use super::edit::{Edit, Source};
use super::facts::{Target, workload_pods};
use super::report::{Budget, ContainerReport, Outage, OutageRun, budget_of, fault_run, time_to_ready_of};
use super::whatif::{App, Fault, Scope, WhatIf, clock, first_pod, secs};
use crate::behaviour::{AppRules, GrpcStatus, Sigterm, probe_yaml};
use crate::diagnostic::{Severity, nearest};
use crate::history::{ContainerState, History, Millis, Record};
use crate::scenario;
use crate::spec::{Container, Handler, PodSpec, PortRef, Probe, ProbeKind};

/// A moment of a run that an answer rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTime {
    pub label: String,
    pub t: Millis,
}

fn key(label: &str, t: Millis) -> KeyTime {
    KeyTime { label: label.into(), t }
}

/// The run behind a finding.
#[derive(Debug, Clone)]
pub struct Proof {
    pub whatif: WhatIf,
    pub times: Vec<KeyTime>,
    /// The moment that shows the problem (the playground selects it).
    pub at: Millis,
    /// How long to run it for.
    pub horizon: Millis,
}

/// A change to the manifest that a run showed removes the problem.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// What to change, as a sentence (`livenessProbe.failureThreshold: 6`).
    pub change: String,
    pub edits: Vec<Edit>,
    /// The run with the change, and what it shows.
    pub verified: Proof,
}

#[derive(Debug, Clone)]
pub struct Finding {
    /// Stable, kebab-case: `liveness-before-readiness`.
    pub id: &'static str,
    pub severity: Severity,
    pub workload: String,
    pub container: String,
    pub line: u32,
    pub column: u32,
    /// The field, from the container: `livenessProbe.failureThreshold`.
    pub path: String,
    pub message: String,
    pub suggestion: Option<Suggestion>,
    pub proof: Proof,
}

impl Finding {
    /// The suggestion as the sentence `check` prints after the message.
    pub fn suggestion_text(&self) -> Option<String> {
        let s = self.suggestion.as_ref()?;
        let times: Vec<String> = s.verified.times.iter().map(|k| format!("{} {}", k.label, clock(k.t))).collect();
        Some(format!("{} (verified by {}: {})", s.change, s.verified.whatif.name, times.join(", ")))
    }
}

/// Every rule, with what it looks for.
pub const RULES: &[(&str, &str)] = &[
    ("liveness-before-readiness", "liveness kills the container while the Service still sends it clients"),
    ("liveness-same-as-readiness", "liveness and readiness ask the same endpoint with the same thresholds"),
    ("startup-budget-short", "the probes kill a start as long as the one the behaviour describes"),
    (
        "liveness-delay-without-startup",
        "a long liveness initialDelaySeconds instead of a startup probe finds a hang late",
    ),
    ("timeout-not-below-period", "timeoutSeconds at or above periodSeconds stretches every failure"),
    ("probe-port-undeclared", "a probe's named port that the container does not declare"),
    ("readiness-missing", "a container behind a Service without a readiness probe"),
    ("liveness-shared-dependency", "a liveness probe that fails with something every replica shares"),
    ("success-threshold-slow", "a readiness successThreshold that delays Ready by more than a minute"),
    ("grace-shorter-than-drain", "terminationGracePeriodSeconds shorter than the app's drain"),
];

/// What every rule of one container reads.
struct Cx<'a> {
    scope: &'a Scope,
    report: &'a ContainerReport,
    source: &'a Source<'a>,
}

impl Cx<'_> {
    fn container(&self) -> &Container {
        self.scope.subject.container(&self.scope.workloads)
    }

    fn probe_path(&self, kind: ProbeKind, field: &str) -> String {
        let name = crate::load::probe_field_name(kind);
        if field.is_empty() { name.to_string() } else { format!("{name}.{field}") }
    }

    /// A finding at a probe's field (or the probe, when the field is not
    /// written).
    fn at_probe(&self, id: &'static str, kind: ProbeKind, field: &str, message: String, proof: Proof) -> Finding {
        let probe = self.container().probe(kind).expect("the probe the finding is about");
        let span = self.source.probe_field(probe.span, field);
        let written = span != probe.span;
        self.finding(id, span.line, span.col, self.probe_path(kind, if written { field } else { "" }), message, proof)
    }

    fn finding(
        &self,
        id: &'static str,
        line: u32,
        column: u32,
        path: String,
        message: String,
        proof: Proof,
    ) -> Finding {
        Finding {
            id,
            severity: Severity::Warning,
            workload: self.report.workload.clone(),
            container: self.report.container.clone(),
            line,
            column,
            path,
            message,
            suggestion: None,
            proof,
        }
    }

    /// The scope with the analysed container changed.
    fn variant(&self, change: impl Fn(&mut Container)) -> Scope {
        let mut scope = self.scope.clone();
        let s = scope.subject;
        change(&mut scope.workloads[s.workload].template.spec.containers[s.container]);
        scope
    }

    /// The scope with the analysed container's pod spec changed.
    fn pod_variant(&self, change: impl Fn(&mut PodSpec)) -> Scope {
        let mut scope = self.scope.clone();
        let s = scope.subject;
        change(&mut scope.workloads[s.workload].template.spec);
        scope
    }

    /// Whether `edits` make the user's text read back as `variant`: the
    /// analysed container and its pod's grace period as the runs had them.
    fn reads_back(&self, variant: &Scope, edits: &[Edit]) -> bool {
        if edits.is_empty() {
            return false;
        }
        let loaded = scenario::load(&variant.manifests(edits));
        let s = variant.subject;
        let want = &variant.workloads[s.workload];
        let Some(got) = loaded.workloads.iter().find(|w| w.name == want.name && w.kind == want.kind) else {
            return false;
        };
        let (want, got) = (&want.template.spec, &got.template.spec);
        got.termination_grace_period_seconds == want.termination_grace_period_seconds
            && got.containers.get(s.container).is_some_and(|c| c.same_spec(&want.containers[s.container]))
    }

    /// A suggestion verified by `proof` on `variant`, if its edits read back.
    fn suggest(&self, variant: &Scope, change: String, edits: Vec<Option<Edit>>, proof: Proof) -> Option<Suggestion> {
        let edits: Option<Vec<Edit>> = edits.into_iter().collect();
        let edits = edits.filter(|e| self.reads_back(variant, e))?;
        let mut verified = proof;
        verified.whatif.edits = edits.clone();
        verified.whatif.name = format!("{}-fixed", verified.whatif.name);
        verified.whatif.assumption = format!("{} (with {change})", verified.whatif.assumption);
        Some(Suggestion { change, edits, verified })
    }

    fn probe_edit(&self, kind: ProbeKind, field: &str, value: impl ToString) -> Option<Edit> {
        let probe = self.container().probe(kind)?;
        self.source.set_probe_field(probe.span, field, &value.to_string())
    }
}

/// The findings about one container, from its report.
pub async fn container_findings(scope: &Scope, report: &ContainerReport, source: &Source<'_>) -> Vec<Finding> {
    let cx = Cx { scope, report, source };
    let mut out = Vec::new();
    out.extend(liveness_vs_readiness(&cx).await);
    out.extend(startup_budget_short(&cx).await);
    out.extend(liveness_delay_without_startup(&cx).await);
    out.extend(timeout_not_below_period(&cx).await);
    out.extend(probe_port_undeclared(&cx).await);
    out.extend(readiness_missing(&cx).await);
    out.extend(liveness_shared_dependency(&cx).await);
    out.extend(success_threshold_slow(&cx).await);
    out.extend(grace_shorter_than_drain(&cx).await);
    out
}

/// The run of an outage in which the container was killed while the
/// Service still had it as a ready endpoint, the furthest from being taken
/// out: (run, kill, when readiness took or would take it out).
fn killed_in_service(outage: &Outage) -> Option<(usize, Millis)> {
    outage
        .runs
        .iter()
        .enumerate()
        .filter_map(|(i, run)| {
            let kill = run.killed?;
            let pod = first_pod(&run.history, &run.whatif.scope.workloads[run.whatif.scope.subject.workload])?;
            let target = Target { pod, container: run.whatif.scope.subject.container as u16 };
            target.in_service(&run.history, kill - 1).then_some((i, kill))
        })
        .min_by_key(|(i, kill)| *kill - outage.runs[*i].at)
}

/// The runs of `fault` at `moments` on the variant, if in every one the
/// pod left the Service before any kill.
async fn readiness_first(scope: &Scope, fault: Fault, moments: &[Millis]) -> Option<Vec<OutageRun>> {
    let mut runs = Vec::with_capacity(moments.len());
    for &at in moments {
        runs.push(fault_run(scope, fault, at).await);
    }
    for run in &runs {
        if let Some(kill) = run.killed {
            let pod = first_pod(&run.history, &scope.workloads[scope.subject.workload])?;
            let target = Target { pod, container: scope.subject.container as u16 };
            if target.in_service(&run.history, kill - 1) {
                return None;
            }
        }
    }
    Some(runs)
}

/// liveness-before-readiness and liveness-same-as-readiness: in the hang
/// what-if, the container is killed while it is still a ready endpoint.
/// Probes with the same endpoint and timing reach their verdicts together
/// (which one first depends on the phase): that is the second rule.
/// Otherwise the first holds when, with liveness out of the way, readiness
/// would take the pod out at least one readiness period after the kill, or
/// never (it does not notice a hang).
async fn liveness_vs_readiness(cx: &Cx<'_>) -> Option<Finding> {
    let c = cx.container();
    let (live, ready) = (c.liveness_probe.as_ref()?, c.readiness_probe.as_ref()?);
    if cx.scope.services.is_empty() {
        return None;
    }
    let hang = cx.report.hang.as_ref()?;
    let (i, kill) = killed_in_service(hang)?;
    let run = &hang.runs[i];
    let identical = live.handler.same_endpoint(&ready.handler)
        && live.period_seconds == ready.period_seconds
        && live.timeout_seconds == ready.timeout_seconds
        && live.failure_threshold == ready.failure_threshold;
    let after = |t: Millis| secs(t - run.at);
    let readiness_alone = cx.variant(|c| c.liveness_probe = None);
    let alone = fault_run(&readiness_alone, Fault::Hang, run.at).await.out_of_service;
    let period = Millis::from(ready.period_seconds) * 1000;
    if !identical && alone.is_some_and(|out| out - kill < period) {
        return None;
    }
    let mut times = vec![key("hangs", run.at), key("killed while in the Service", kill)];
    times.extend(run.out_of_service.map(|o| key("out of the Service", o)));
    let proof = Proof { whatif: run.whatif.clone(), times, at: kill, horizon: run.horizon };
    let message = if identical {
        format!(
            "livenessProbe asks the same endpoint as readinessProbe with the same timing (every {} s, {} failures), so the two reach their verdicts together: if the app hangs, it is killed {} after while the Service still sends it clients. The same endpoint is fine for liveness with a higher failureThreshold: readiness then takes the pod out first, and liveness restarts it only if it does not recover",
            live.period_seconds,
            live.failure_threshold,
            after(kill),
        )
    } else {
        format!(
            "if the app hangs, liveness kills it {} after while the Service still sends it clients: {}",
            after(kill),
            match alone {
                Some(out) => format!("readiness alone would take it out only {} after the hang", after(out)),
                None => "readiness does not notice the hang at all (its check does not ask the app), so clients are sent to the app until the kill".into(),
            }
        )
    };
    let id = if identical { "liveness-same-as-readiness" } else { "liveness-before-readiness" };
    let mut finding = cx.at_probe(id, ProbeKind::Liveness, "failureThreshold", message, proof);
    // The smallest liveness failureThreshold with which readiness takes the
    // pod out first at every phase the report tried.
    let moments: Vec<Millis> = hang.runs.iter().map(|r| r.at).collect();
    for threshold in live.failure_threshold + 1..=live.failure_threshold + 20 {
        let variant = cx.variant(|c| c.liveness_probe.as_mut().expect("liveness").failure_threshold = threshold);
        let Some(runs) = readiness_first(&variant, Fault::Hang, &moments).await else { continue };
        let run = &runs[i.min(runs.len() - 1)];
        let mut times = vec![key("hangs", run.at)];
        times.extend(run.out_of_service.map(|o| key("out of the Service", o)));
        times.extend(run.killed.map(|k| key("killed", k)));
        let at = run.out_of_service.unwrap_or(run.at);
        let proof = Proof { whatif: run.whatif.clone(), times, at, horizon: run.horizon };
        let change = format!("livenessProbe.failureThreshold: {threshold}");
        let edits = vec![cx.probe_edit(ProbeKind::Liveness, "failureThreshold", threshold)];
        finding.suggestion = cx.suggest(&variant, change, edits, proof);
        break;
    }
    Some(finding)
}

/// The described start (`startup` in the behaviour) is longer than the
/// start-up budget in some phase of the probes' ticks.
async fn startup_budget_short(cx: &Cx<'_>) -> Option<Finding> {
    let r = cx.report;
    let start = r.startup;
    let (least, most, pull) = match &r.budget {
        Budget::Limited { least, most, least_pull, .. } if start > *least => (*least, *most, *least_pull),
        Budget::None { .. } if start > 0 => (0, 0, 0),
        _ => return None,
    };
    let whatif = WhatIf::healthy(cx.scope, &App { startup: start, pull: Some(pull) });
    let horizon = pull + start + 600_000;
    let h = whatif.run(horizon, |_, _| false).await;
    let t = Target {
        pod: first_pod(&h, &cx.scope.workloads[cx.scope.subject.workload])?,
        container: cx.scope.subject.container as u16,
    };
    let kills = t.events(&h, "Killing", 0);
    let first_kill = *kills.first()?;
    let mut times = vec![key("killed", first_kill)];
    let crash_loop = t.crash_loop_from(&h);
    times.extend(crash_loop.map(|c| key("CrashLoopBackOff", c)));
    let ready = t.ready_at(&h, 0);
    let gated = cx.container().readiness_probe.is_some() || cx.container().startup_probe.is_some();
    let message = format!(
        "the behaviour's app needs {} to start, but the probes kill a start longer than {}{}: killed at {}{}{}",
        secs(start),
        secs(least),
        if start > most {
            String::new()
        } else {
            format!(" in some phases of their ticks (up to {} in others)", secs(most))
        },
        kills.iter().take(3).map(|&k| clock(k)).collect::<Vec<_>>().join(", "),
        crash_loop.map(|c| format!(", held in CrashLoopBackOff from {}", clock(c))).unwrap_or_default(),
        match ready {
            // Without a readiness or startup probe, ready says nothing of serving.
            _ if !gated => format!(", {} kills in {}", kills.len(), secs(horizon - pull)),
            Some(t) => format!(", Ready only at {}", clock(t)),
            None => format!(", never Ready in {}", secs(horizon - pull)),
        }
    );
    let proof = Proof { whatif, times, at: first_kill, horizon };
    let c = cx.container();
    let (kind, field) =
        if c.startup_probe.is_some() { (ProbeKind::Startup, "failureThreshold") } else { (ProbeKind::Liveness, "") };
    let mut finding = cx.at_probe("startup-budget-short", kind, field, message, proof);
    finding.suggestion = startup_budget_fix(cx, start).await;
    Some(finding)
}

/// A startup probe that tolerates half again the described start: the
/// existing one's failureThreshold raised, or a new one asking what
/// liveness asks, every liveness period.
async fn startup_budget_fix(cx: &Cx<'_>, start: Millis) -> Option<Suggestion> {
    let c = cx.container();
    let want = start + start / 2;
    let (template, existing) = match (&c.startup_probe, &c.liveness_probe) {
        (Some(s), _) => (s.clone(), true),
        (None, Some(l)) => (
            Probe {
                initial_delay_seconds: 0,
                success_threshold: 1,
                termination_grace_period_seconds: None,
                ..l.clone()
            },
            false,
        ),
        (None, None) => return None,
    };
    let period = Millis::from(template.period_seconds) * 1000;
    let first = ((want + period - 1) / period) as i32 + 1;
    for threshold in first.max(template.failure_threshold + 1)..first + 10 {
        let probe = Probe { failure_threshold: threshold, ..template.clone() };
        let variant = cx.variant(|c| c.startup_probe = Some(probe.clone()));
        let Budget::Limited { least, .. } = budget_of(&variant).await else { continue };
        if least < want {
            continue;
        }
        let (Some(ready), healthy) = time_to_ready_of(&variant, start).await else { continue };
        let times = vec![key("Ready", ready.ready)];
        let proof = Proof { whatif: healthy, times, at: ready.ready, horizon: ready.ready + 60_000 };
        let (change, edit) = if existing {
            (
                format!("startupProbe.failureThreshold: {threshold}"),
                cx.probe_edit(ProbeKind::Startup, "failureThreshold", threshold),
            )
        } else {
            let yaml = probe_yaml(&probe);
            (format!("startupProbe: {yaml}"), cx.source.add_to_container(c.span, "startupProbe", &yaml))
        };
        let change = format!("{change} (tolerates a start of {})", secs(least));
        return cx.suggest(&variant, change, vec![edit], proof);
    }
    None
}

/// Without a startup probe, a long liveness initialDelaySeconds leaves a
/// hang soon after the start unnoticed until the delay has passed; a
/// startup probe with the same budget lets liveness watch from the start.
async fn liveness_delay_without_startup(cx: &Cx<'_>) -> Option<Finding> {
    let c = cx.container();
    let live = c.liveness_probe.as_ref()?;
    if c.startup_probe.is_some() || live.initial_delay_seconds < 30 {
        return None;
    }
    let period = Millis::from(live.period_seconds) * 1000;
    let budget = Millis::from(live.initial_delay_seconds) * 1000 + Millis::from(live.failure_threshold) * period;
    let startup = Probe {
        initial_delay_seconds: 0,
        success_threshold: 1,
        termination_grace_period_seconds: None,
        failure_threshold: ((budget + period - 1) / period) as i32,
        ..live.clone()
    };
    let variant = cx.variant(|c| {
        c.startup_probe = Some(startup.clone());
        c.liveness_probe.as_mut().expect("liveness").initial_delay_seconds = 0;
    });
    // The app hangs a second after the startup probe would have passed:
    // from then on liveness watches it in the changed manifest, while in
    // the written one it still waits out its delay.
    let (Some(started), _) = time_to_ready_of(&variant, cx.report.startup).await else { return None };
    let at = (started.ready + 1_000) / 1000 * 1000;
    let original = fault_run(cx.scope, Fault::Hang, at).await;
    let kill = original.killed?;
    let fixed = fault_run(&variant, Fault::Hang, at).await;
    let fixed_kill = fixed.killed?;
    if kill - at < 60_000 || (kill - at) < 2 * (fixed_kill - at) {
        return None;
    }
    let message = format!(
        "no startupProbe, so liveness waits initialDelaySeconds ({} s) after every start: if the app hangs soon after it has started ({}), it is killed only {} later, at {}; a startup probe with the same start-up budget lets liveness watch from the moment the app has started",
        live.initial_delay_seconds,
        clock(at),
        secs(kill - at),
        clock(kill)
    );
    let times = vec![key("hangs", at), key("killed", kill)];
    let proof = Proof { whatif: original.whatif.clone(), times, at: kill, horizon: original.horizon };
    let mut finding =
        cx.at_probe("liveness-delay-without-startup", ProbeKind::Liveness, "initialDelaySeconds", message, proof);
    let times = vec![key("hangs", at), key("killed", fixed_kill)];
    let proof = Proof { whatif: fixed.whatif.clone(), times, at: fixed_kill, horizon: fixed.horizon };
    let yaml = probe_yaml(&startup);
    let change = format!("startupProbe: {yaml} and livenessProbe.initialDelaySeconds: 0");
    let edits = vec![
        cx.source.add_to_container(c.span, "startupProbe", &yaml),
        cx.probe_edit(ProbeKind::Liveness, "initialDelaySeconds", 0),
    ];
    finding.suggestion = cx.suggest(&variant, change, edits, proof);
    Some(finding)
}

/// A probe whose timeout is at least its period: a hung app fails it once
/// per timeout, not once per period.
async fn timeout_not_below_period(cx: &Cx<'_>) -> Vec<Finding> {
    let c = cx.container();
    let mut out = Vec::new();
    let Some(hang) = cx.report.hang.as_ref() else { return out };
    for kind in [ProbeKind::Liveness, ProbeKind::Readiness] {
        let Some(probe) = c.probe(kind) else { continue };
        if probe.timeout_seconds < probe.period_seconds || probe.period_seconds < 2 {
            continue;
        }
        let moments: Vec<Millis> = hang.runs.iter().map(|r| r.at).collect();
        fn trip(runs: &[OutageRun], kind: ProbeKind) -> Option<(Millis, &OutageRun)> {
            runs.iter()
                .filter_map(|r| r.trips.iter().find(|(k, _)| *k == kind).map(|(_, t)| (t - r.at, r)))
                .max_by_key(|x| x.0)
        }
        let Some((slow, run)) = trip(&hang.runs, kind) else { continue };
        let timeout = (probe.period_seconds - 1).max(1);
        let variant = cx.variant(|c| c.probe_mut(kind).as_mut().expect("the probe").timeout_seconds = timeout);
        let mut fixed = Vec::with_capacity(moments.len());
        for &at in &moments {
            fixed.push(fault_run(&variant, Fault::Hang, at).await);
        }
        let Some((fast, fixed_run)) = trip(&fixed, kind) else { continue };
        // The last probe's own timeout is shorter by the change: only a
        // verdict later by more than that is the stretching.
        let shorter = Millis::from(probe.timeout_seconds - timeout) * 1000;
        if slow - fast <= shorter {
            continue;
        }
        let message = format!(
            "timeoutSeconds ({}) is not below periodSeconds ({}): a hung app fails this {} probe once every {} s, so it reaches its {} failures {} after the hang instead of {}",
            probe.timeout_seconds,
            probe.period_seconds,
            kind.name(),
            probe.timeout_seconds,
            probe.failure_threshold,
            secs(slow),
            secs(fast)
        );
        let times = vec![key("hangs", run.at), key(&format!("{} fails for good", kind.name()), run.at + slow)];
        let proof = Proof { whatif: run.whatif.clone(), times, at: run.at + slow, horizon: run.horizon };
        let mut finding = cx.at_probe("timeout-not-below-period", kind, "timeoutSeconds", message, proof);
        let times =
            vec![key("hangs", fixed_run.at), key(&format!("{} fails for good", kind.name()), fixed_run.at + fast)];
        let proof =
            Proof { whatif: fixed_run.whatif.clone(), times, at: fixed_run.at + fast, horizon: fixed_run.horizon };
        let change = format!("{}: {timeout}", cx.probe_path(kind, "timeoutSeconds"));
        finding.suggestion = cx.suggest(&variant, change, vec![cx.probe_edit(kind, "timeoutSeconds", timeout)], proof);
        out.push(finding);
    }
    out
}

/// A probe on a port name the container does not declare: the kubelet
/// cannot resolve it, so every attempt errors and no result counts.
async fn probe_port_undeclared(cx: &Cx<'_>) -> Vec<Finding> {
    let c = cx.container();
    let mut out = Vec::new();
    for kind in ProbeKind::ALL {
        let Some(probe) = c.probe(kind) else { continue };
        let (port, host) = match &probe.handler {
            Handler::HttpGet { port, host, .. } | Handler::TcpSocket { port, host } => (port, host),
            _ => continue,
        };
        let PortRef::Name(name) = port else { continue };
        if host.is_some() || c.ports.iter().any(|p| p.name.as_deref() == Some(name.as_str())) {
            continue;
        }
        let healthy = &cx.report.healthy;
        let h = healthy.run(cx.report.startup + 120_000, |_, _| false).await;
        let Some(pod) = first_pod(&h, &cx.scope.workloads[cx.scope.subject.workload]) else { continue };
        let t = Target { pod, container: cx.scope.subject.container as u16 };
        let errored = h.records.iter().find_map(|r| match r {
            Record::Event(e)
                if e.pod == Some(pod)
                    && e.container == Some(t.container)
                    && e.message.contains("errored")
                    && e.message.starts_with(kind.title()) =>
            {
                Some(e.t)
            }
            _ => None,
        });
        let Some(errored) = errored else { continue };
        let effect = match kind {
            ProbeKind::Readiness => format!("the container is never ready (not in {})", secs(h.end)),
            ProbeKind::Liveness => "liveness never counts a failure, so a hung app is never restarted".into(),
            ProbeKind::Startup => "the container never counts as started, so it is never ready".into(),
        };
        if kind == ProbeKind::Readiness && t.ready_at(&h, 0).is_some() {
            continue;
        }
        let message = format!(
            "the container declares no port named \"{name}\": the {} probe errors on every attempt (from {}) and its result never counts; {effect}",
            kind.name(),
            clock(errored)
        );
        let proof =
            Proof { whatif: healthy.clone(), times: vec![key("probe errored", errored)], at: errored, horizon: h.end };
        let handler = handler_key(&probe.handler);
        let span = cx.source.handler_field(probe.span, handler, "port").unwrap_or(probe.span);
        let path = format!("{}.port", cx.probe_path(kind, handler));
        let mut finding = cx.finding("probe-port-undeclared", span.line, span.col, path, message, proof);
        let named: Vec<&str> = c.ports.iter().filter_map(|p| p.name.as_deref()).collect();
        let replacement = match nearest(name, named.iter().copied()) {
            Some(n) => Some(PortRef::Name(n.to_string())),
            None if c.ports.len() == 1 => Some(PortRef::Number(c.ports[0].container_port)),
            None => None,
        };
        if let Some(replacement) = replacement {
            let variant = cx.variant(|c| {
                if let Some(Handler::HttpGet { port, .. } | Handler::TcpSocket { port, .. }) =
                    c.probe_mut(kind).as_mut().map(|p| &mut p.handler)
                {
                    *port = replacement.clone();
                }
            });
            let verified = match kind {
                ProbeKind::Liveness => {
                    // A hang once the app has long started, ready or not.
                    let at = cx.report.hang.as_ref().and_then(|o| o.runs.first()).map(|r| r.at);
                    let at = at.unwrap_or(cx.report.startup + 60_000);
                    let run = Some(fault_run(&variant, Fault::Hang, at).await);
                    run.and_then(|run| {
                        let k = run.killed?;
                        Some((run.whatif.clone(), vec![key("hangs", run.at), key("killed", k)], k))
                    })
                }
                _ => match time_to_ready_of(&variant, cx.report.startup).await {
                    (Some(r), healthy) => Some((healthy, vec![key("Ready", r.ready)], r.ready)),
                    (None, _) => None,
                },
            };
            if let Some((whatif, times, at)) = verified {
                let value = match &replacement {
                    PortRef::Name(n) => format!("{n:?}"),
                    PortRef::Number(n) => n.to_string(),
                };
                let change = format!("{}.port: {value}", cx.probe_path(kind, handler_key(&probe.handler)));
                let span = cx.source.probe_field(probe.span, handler_key(&probe.handler));
                let edit = cx.source.set_handler_port(span, &value);
                let proof = Proof { whatif, times, at, horizon: at + 60_000 };
                finding.suggestion = cx.suggest(&variant, change, vec![edit], proof);
            }
        }
        out.push(finding);
    }
    out
}

fn handler_key(handler: &Handler) -> &'static str {
    match handler {
        Handler::Exec { .. } => "exec",
        Handler::HttpGet { .. } => "httpGet",
        Handler::TcpSocket { .. } => "tcpSocket",
        Handler::Grpc { .. } => "grpc",
    }
}

/// A container a Service sends clients to, without a readiness probe: an
/// app that fails stays an endpoint until something restarts it.
async fn readiness_missing(cx: &Cx<'_>) -> Option<Finding> {
    let c = cx.container();
    if c.readiness_probe.is_some() || c.is_init() {
        return None;
    }
    if !serves_the_service(cx) {
        return None;
    }
    let fail = cx.report.fail_fast.as_ref()?;
    // A Service that only exposes metrics is scraped pod by pod, not
    // load-balanced to clients.
    let metrics = |name: &str| ["metric", "prometheus", "monitor"].iter().any(|m| name.contains(m));
    let for_clients = cx.scope.services.iter().any(|s| {
        !s.publish_not_ready_addresses
            && !metrics(&s.name)
            && s.ports.iter().any(|p| p.name.as_deref().is_none_or(|n| !metrics(n)))
    });
    if !for_clients {
        return None;
    }
    // The run in which the pod stays an endpoint longest after failing.
    let run = fail.runs.iter().max_by_key(|r| r.out_of_service.map_or(Millis::MAX, |o| o - r.at))?;
    let stays = run.out_of_service.map(|o| o - run.at);
    if stays.is_some_and(|s| s < 5_000) {
        return None;
    }
    let message = match stays {
        Some(s) => format!(
            "no readinessProbe: when the app fails (its endpoints answer with errors from {}), the Service keeps sending it clients for {}, until {}",
            clock(run.at),
            secs(s),
            if run.killed.is_some() { "liveness restarts it" } else { "it is taken out" }
        ),
        None => format!(
            "no readinessProbe: when the app fails (its endpoints answer with errors from {}), the Service keeps sending it clients for as long as it fails (still at {})",
            clock(run.at),
            clock(run.horizon)
        ),
    };
    let mut times = vec![key("fails", run.at)];
    times.extend(run.out_of_service.map(|o| key("out of the Service", o)));
    let proof = Proof { whatif: run.whatif.clone(), times, at: run.at + 1_000, horizon: run.horizon };
    let mut finding = cx.finding("readiness-missing", c.span.line, c.span.col, String::new(), message, proof);
    // A readiness probe asking what liveness (else startup) asks, else a
    // TCP connection to the port the Service sends clients to.
    let handler = c
        .liveness_probe
        .as_ref()
        .or(c.startup_probe.as_ref())
        .map(|p| p.handler.clone())
        .or_else(|| target_port(cx).map(|port| Handler::TcpSocket { port, host: None }))?;
    let probe = Probe { period_seconds: 5, failure_threshold: 2, ..Probe::new(handler) };
    let variant = cx.variant(|c| c.readiness_probe = Some(probe.clone()));
    let fixed = fault_run(&variant, Fault::FailFast, run.at).await;
    let out = fixed.out_of_service.filter(|o| o - run.at < 15_000)?;
    let yaml = probe_yaml(&probe);
    let proof = Proof {
        whatif: fixed.whatif.clone(),
        times: vec![key("fails", run.at), key("out of the Service", out)],
        at: out,
        horizon: fixed.horizon,
    };
    let edit = cx.source.add_to_container(c.span, "readinessProbe", &yaml);
    finding.suggestion = cx.suggest(&variant, format!("readinessProbe: {yaml}"), vec![edit], proof);
    Some(finding)
}

/// Whether the analysed container is the one a Service's target port
/// reaches: it declares the port (by number or name), or it is the pod's
/// first regular container and no container declares it.
fn serves_the_service(cx: &Cx) -> bool {
    let spec = &cx.scope.subject.workload(&cx.scope.workloads).template.spec;
    let me = cx.scope.subject.container;
    cx.scope.services.iter().any(|s| {
        s.ports.iter().any(|p| {
            let declares = |c: &Container| {
                c.ports.iter().any(|cp| match &p.target_port {
                    PortRef::Number(n) => cp.container_port == *n,
                    PortRef::Name(n) => cp.name.as_deref() == Some(n.as_str()),
                })
            };
            match spec.containers.iter().position(declares) {
                Some(i) => i == me,
                None => spec.containers.iter().position(|c| c.is_regular()) == Some(me),
            }
        })
    })
}

/// The port a Service sends clients to in the analysed container.
fn target_port(cx: &Cx) -> Option<PortRef> {
    let c = cx.container();
    let port = cx.scope.services.iter().flat_map(|s| &s.ports).next()?;
    match &port.target_port {
        PortRef::Number(n) => Some(PortRef::Number(*n)),
        PortRef::Name(n) => {
            c.ports.iter().find(|p| p.name.as_deref() == Some(n)).map(|p| PortRef::Number(p.container_port))
        }
    }
}

/// The behaviour describes an outage on every replica (a rule with a
/// scenario-clock window, for all replicas) that fails the liveness probe,
/// and in the scenario as written every replica is killed during it.
async fn liveness_shared_dependency(cx: &Cx<'_>) -> Option<Finding> {
    let c = cx.container();
    let live = c.liveness_probe.as_ref()?;
    let w = cx.scope.subject.workload(&cx.scope.workloads);
    if w.replicas < 2 {
        return None;
    }
    let (from, until) = shared_outage(cx, live)?;
    let whatif = WhatIf::as_written(cx.scope);
    let horizon = until + 120_000;
    let h = whatif.run(horizon, |_, _| false).await;
    let owner = format!("{}/{}", w.kind.name(), w.name);
    let container = cx.scope.subject.container as u16;
    let kills = |h: &History| -> (usize, Vec<Millis>) {
        let pods = workload_pods(h, &owner);
        let mut all = Vec::new();
        let mut killed = 0;
        for pod in pods.iter().copied() {
            let k: Vec<Millis> =
                Target { pod, container }.events(h, "Killing", from).into_iter().filter(|t| *t <= until).collect();
            killed += usize::from(!k.is_empty());
            all.extend(k);
        }
        crate::sort::sort(&mut all);
        (killed, all)
    };
    let (killed, times) = kills(&h);
    let replicas = workload_pods(&h, &owner).len().min(w.replicas as usize);
    if killed < replicas {
        return None;
    }
    let first = *times.first()?;
    let empty = (0..h.services.len() as u32).flat_map(|s| super::facts::empty_service(&h, s, from)).next();
    let message = format!(
        "liveness fails with something every replica shares: during the outage the behaviour describes ({} to {}) all {replicas} replicas are killed, at {}, and restarts cannot fix what is outside the pod{}; liveness should check only the process (the Kubernetes docs' advice)",
        clock(from),
        clock(until),
        distinct(&times).iter().map(|&t| clock(t)).collect::<Vec<_>>().join(" and "),
        match empty {
            Some((e, Some(back))) => format!("; the Service has no endpoint from {} to {}", clock(e), clock(back)),
            Some((e, None)) => format!("; the Service has no endpoint from {}", clock(e)),
            None => String::new(),
        }
    );
    let mut key_times = vec![key("outage", from), key("every replica killed", first)];
    key_times.extend(empty.and_then(|e| e.1).map(|b| key("Service back", b)));
    let proof = Proof { whatif, times: key_times, at: first, horizon };
    let mut finding = cx.at_probe("liveness-shared-dependency", ProbeKind::Liveness, "", message, proof);
    for threshold in live.failure_threshold + 1..=live.failure_threshold + 30 {
        let variant = cx.variant(|c| c.liveness_probe.as_mut().expect("liveness").failure_threshold = threshold);
        let whatif = WhatIf::as_written(&variant);
        let h = whatif.run(horizon, |_, _| false).await;
        if kills(&h).0 > 0 {
            continue;
        }
        let proof = Proof {
            whatif,
            times: vec![key("outage", from), key("outage over, no restart", until)],
            at: until,
            horizon,
        };
        let change = format!(
            "livenessProbe.failureThreshold: {threshold} (outlasts this outage; a liveness endpoint that does not check the dependency outlasts any)"
        );
        let edits = vec![cx.probe_edit(ProbeKind::Liveness, "failureThreshold", threshold)];
        finding.suggestion = cx.suggest(&variant, change, edits, proof);
        break;
    }
    Some(finding)
}

/// The moments of `times` (sorted), each once.
fn distinct(times: &[Millis]) -> Vec<Millis> {
    let mut out = times.to_vec();
    out.dedup();
    out
}

/// The first outage the behaviour describes for every replica of the
/// analysed container that fails its liveness probe: `(from, until)`.
fn shared_outage(cx: &Cx, live: &Probe) -> Option<(Millis, Millis)> {
    let c = cx.container();
    let w = cx.scope.subject.workload(&cx.scope.workloads);
    let timeout = Millis::from(live.timeout_seconds) * 1000;
    let describes = |a: &AppRules| {
        a.selector.container.as_deref().is_none_or(|n| n == c.name)
            && a.selector.workload.as_deref().is_none_or(|n| n == w.name)
            && a.selector.image.as_deref().is_none_or(|i| i == c.image)
            && a.selector.replicas.is_none()
            && a.selector.pod.is_none()
    };
    for app in cx.scope.behaviour.apps.iter().filter(|a| describes(a)) {
        let windows = |window: &crate::behaviour::Window| match (window.from, window.until) {
            (Some(f), Some(u)) if window.after.is_none() && window.before.is_none() => Some((f, u)),
            _ => None,
        };
        let found = match &live.handler {
            Handler::HttpGet { path, .. } => app.http.iter().find_map(|r| {
                let hits = r.path.as_deref().is_none_or(|p| p == path);
                let fails = r.hang == Some(true)
                    || r.status.is_some_and(|s| s >= 400)
                    || r.latency.is_some_and(|l| l >= timeout);
                windows(&r.window).filter(|_| hits && fails)
            }),
            Handler::Grpc { .. } => app.grpc.iter().find_map(|r| {
                let fails =
                    r.status.is_some_and(|s| s != GrpcStatus::Serving) || r.latency.is_some_and(|l| l >= timeout);
                windows(&r.window).filter(|_| fails)
            }),
            Handler::Exec { command } => app.exec.iter().find_map(|r| {
                let line = command.join(" ");
                let hits = r.command.as_deref().is_none_or(|c| line.contains(c));
                let fails = r.exit_code.is_some_and(|e| e != 0) || r.duration.is_some_and(|d| d >= timeout);
                windows(&r.window).filter(|_| hits && fails)
            }),
            Handler::TcpSocket { .. } => app.tcp.iter().find_map(|r| windows(&r.window).filter(|_| !r.listening)),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// A readiness successThreshold above 1 that delays the first Ready by
/// more than a minute.
async fn success_threshold_slow(cx: &Cx<'_>) -> Option<Finding> {
    let c = cx.container();
    let ready = c.readiness_probe.as_ref()?;
    if ready.success_threshold < 2 {
        return None;
    }
    let slow = cx.report.ready.as_ref()?;
    let at_one = async |threshold: i32| {
        let variant = cx.variant(|c| c.readiness_probe.as_mut().expect("readiness").success_threshold = threshold);
        let (ready, healthy) = time_to_ready_of(&variant, cx.report.startup).await;
        ready.map(|r| (r, healthy, variant))
    };
    let (fast, _, _) = at_one(1).await?;
    let delay = slow.after_start.latest - fast.after_start.latest;
    if delay <= 60_000 {
        return None;
    }
    let message = format!(
        "successThreshold {} delays Ready by {}: the pod is Ready {} after its start, {} with 1 (and again after every failure)",
        ready.success_threshold,
        secs(delay),
        slow.after_start.text(),
        fast.after_start.text()
    );
    let proof = Proof {
        whatif: cx.report.healthy.clone(),
        times: vec![key("Ready", slow.ready)],
        at: slow.ready,
        horizon: slow.ready + 60_000,
    };
    let mut finding = cx.at_probe("success-threshold-slow", ProbeKind::Readiness, "successThreshold", message, proof);
    for threshold in (1..ready.success_threshold).rev() {
        let Some((r, healthy, variant)) = at_one(threshold).await else { continue };
        if r.after_start.latest - fast.after_start.latest > 60_000 {
            continue;
        }
        let proof =
            Proof { whatif: healthy, times: vec![key("Ready", r.ready)], at: r.ready, horizon: r.ready + 60_000 };
        let change = format!("readinessProbe.successThreshold: {threshold}");
        let edits = vec![cx.probe_edit(ProbeKind::Readiness, "successThreshold", threshold)];
        finding.suggestion = cx.suggest(&variant, change, edits, proof);
        break;
    }
    Some(finding)
}

/// The behaviour's app drains for longer after SIGTERM than the pod's
/// grace period: deleted, it is SIGKILLed mid-drain.
async fn grace_shorter_than_drain(cx: &Cx<'_>) -> Option<Finding> {
    let drain = match cx.report.healthy.behaviour.apps.last()?.on_sigterm? {
        Sigterm::Exit { after, code } => (after, code),
        Sigterm::Ignore => return None,
    };
    let spec = &cx.scope.subject.workload(&cx.scope.workloads).template.spec;
    let grace = spec.termination_grace_period_seconds * 1000;
    if drain.0 <= grace {
        return None;
    }
    let ready = cx.report.ready.as_ref()?;
    let at = (ready.ready + 10_000) / 1000 * 1000;
    let delete = async |scope: &Scope| {
        let whatif =
            WhatIf::healthy(scope, &App { startup: cx.report.startup, pull: None }).with_delete(scope.subject, at);
        let h = whatif.run(at + drain.0 + 60_000, |_, _| false).await;
        let exit = first_pod(&h, &scope.workloads[scope.subject.workload]).and_then(|pod| {
            h.records.iter().find_map(|r| match r {
                Record::Container(c) if c.pod == pod && c.container == scope.subject.container as u16 && c.t >= at => {
                    match &c.state {
                        ContainerState::Terminated(t) => Some((t.finished_at, t.exit_code)),
                        _ => None,
                    }
                }
                _ => None,
            })
        });
        (whatif, exit, at + drain.0 + 60_000)
    };
    let (whatif, exit, horizon) = delete(cx.scope).await;
    let (killed_at, code) = exit?;
    if code != 137 {
        return None;
    }
    let message = format!(
        "terminationGracePeriodSeconds ({} s) is shorter than the app's drain after SIGTERM ({}, in the behaviour): deleted at {}, it is SIGKILLed at {} (exit code 137) with {} of its drain left",
        spec.termination_grace_period_seconds,
        secs(drain.0),
        clock(at),
        clock(killed_at),
        secs(at + drain.0 - killed_at)
    );
    let proof = Proof { whatif, times: vec![key("deleted", at), key("SIGKILL", killed_at)], at: killed_at, horizon };
    let field = cx.source.pod_field(cx.container().span, "terminationGracePeriodSeconds");
    let (line, column, path) = match field {
        Some(span) => (span.line, span.col, "spec.terminationGracePeriodSeconds".to_string()),
        None => (cx.container().span.line, cx.container().span.col, String::new()),
    };
    let mut finding = cx.finding("grace-shorter-than-drain", line, column, path, message, proof);
    let seconds = (drain.0 + 999) / 1000 + 5;
    let variant = cx.pod_variant(|s| s.termination_grace_period_seconds = seconds);
    let (whatif, exit, horizon) = delete(&variant).await;
    if let Some((exited, code)) = exit.filter(|e| e.1 == drain.1) {
        let proof = Proof {
            whatif,
            times: vec![key("deleted", at), key(&format!("exits {code} after draining"), exited)],
            at: exited,
            horizon,
        };
        let edit = cx.source.set_pod_field(cx.container().span, "terminationGracePeriodSeconds", &seconds.to_string());
        finding.suggestion =
            cx.suggest(&variant, format!("terminationGracePeriodSeconds: {seconds}"), vec![edit], proof);
    }
    Some(finding)
}
