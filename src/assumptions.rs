//! What a run assumed about the app where the behaviour document is silent:
//! that it serves at once, on ports it does not declare, that a health
//! script nobody described exits 0, that a Job's task succeeds. Each comes
//! with the `apps` entry that changes it, so the playground can offer it as
//! one click ("try a 30 s start") and a reader sees why the run looks healthy.

use crate::behaviour::{AppRules, format_duration, interpret};
use crate::history::Millis;
use crate::scenario::Scenario;
use crate::sim::served_ports;
use crate::sim::timings::JOB_RUN_TIME;
use crate::spec::{Container, Handler, ProbeKind, Workload, WorkloadKind};
use crate::yaml::scalar;

/// One assumption the run made about one container.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub container: String,
    /// `Deployment web`.
    pub workload: String,
    /// What was assumed, in a sentence: "serves port 10254, which it does not declare".
    pub text: String,
    /// What the button says: "try a 30 s start".
    pub change: String,
    /// The `apps` entry that changes it (YAML, from `- container:` on).
    pub entry: String,
}

/// How long a start the change proposes.
const TRY_STARTUP: Millis = 30_000;

/// Every assumption of the scenario's run, by workload and container, in
/// manifest order.
pub fn assumptions(scenario: &Scenario) -> Vec<Assumption> {
    let mut out = Vec::new();
    for workload in &scenario.workloads {
        let containers = &workload.template.spec.containers;
        let services: Vec<i32> = scenario
            .services
            .iter()
            .filter(|s| s.selects(&workload.namespace, &workload.template.labels))
            .flat_map(|s| &s.ports)
            .filter_map(|p| match p.target_port {
                crate::spec::PortRef::Number(n) => Some(n),
                crate::spec::PortRef::Name(_) => None,
            })
            .collect();
        for (ci, container) in containers.iter().enumerate() {
            let rules: Vec<&AppRules> =
                scenario.behaviour.apps.iter().filter(|r| describes(r, workload, container)).collect();
            let ports = served_ports(containers, ci, &services);
            of_container(workload, container, &rules, &ports, &mut out);
        }
    }
    out
}

/// Whether an `apps` entry may describe this container (its pod and replica
/// selectors are left aside: they narrow, they do not rule out).
fn describes(rules: &AppRules, workload: &Workload, container: &Container) -> bool {
    let s = &rules.selector;
    s.container.as_deref().is_none_or(|c| c == container.name)
        && s.workload.as_deref().is_none_or(|w| w == workload.name)
        && s.image.as_deref().is_none_or(|i| i == container.image)
}

fn of_container(
    workload: &Workload,
    container: &Container,
    rules: &[&AppRules],
    ports: &[i32],
    out: &mut Vec<Assumption>,
) {
    let name = &container.name;
    let mut add = |text: String, change: &str, body: String| {
        out.push(Assumption {
            container: name.clone(),
            workload: format!("{} {}", workload.kind.name(), workload.name),
            text,
            change: change.to_string(),
            entry: format!("- container: {name}\n{body}"),
        });
    };
    if matches!(workload.kind, WorkloadKind::Job | WorkloadKind::CronJob) && !container.is_sidecar() {
        if rules.iter().all(|r| r.crash.is_empty()) {
            let run = format_duration(JOB_RUN_TIME);
            add(
                format!("its task runs {run} and exits 0"),
                "try: the task fails",
                format!("  crash:\n  - after: {run}\n    exitCode: 1\n"),
            );
        }
        return;
    }
    if rules.iter().all(|r| r.startup.is_none()) {
        add(
            "starts serving at once".to_string(),
            "try a 30 s start",
            format!("  startup: {}\n", format_duration(TRY_STARTUP)),
        );
    }
    if rules.iter().all(|r| r.ports.is_none()) {
        let declared: Vec<i32> = container.ports.iter().map(|p| p.container_port).collect();
        let undeclared: Vec<String> = ports.iter().filter(|p| !declared.contains(p)).map(i32::to_string).collect();
        if !undeclared.is_empty() {
            let (noun, which) = if undeclared.len() == 1 { ("port", "it") } else { ("ports", "they") };
            let list: Vec<String> = declared.iter().map(i32::to_string).collect();
            add(
                format!(
                    "serves {noun} {}, which it does not declare ({which} may be a health port)",
                    undeclared.join(", ")
                ),
                "try: only its declared ports",
                format!("  ports: [{}]\n", list.join(", ")),
            );
        }
    }
    let exec_rules: Vec<&str> = rules.iter().flat_map(|r| &r.exec).filter_map(|e| e.command.as_deref()).collect();
    let mut seen: Vec<String> = Vec::new();
    for kind in ProbeKind::ALL {
        let Some(Handler::Exec { command }) = container.probe(kind).map(|p| &p.handler) else { continue };
        let expanded: Vec<String> = command.iter().map(|a| container.expand_env(a)).collect();
        let line = expanded.join(" ");
        if !interpret(&expanded, &|_| true).assumed
            || exec_rules.iter().any(|c| line.contains(c))
            || seen.contains(&line)
        {
            continue;
        }
        // The word the rule matches on: the script, not the shell around it.
        let word = expanded.iter().rev().find(|w| !w.starts_with('-')).cloned().unwrap_or_else(|| line.clone());
        let word = word.split_whitespace().next().unwrap_or(&word).to_string();
        add(
            format!("`{line}` ({} probe) is assumed to exit 0", kind.name()),
            "try: it exits 1",
            format!("  exec:\n  - command: {}\n    exitCode: 1\n", scalar(&word)),
        );
        seen.push(line);
    }
    let http_path = ProbeKind::ALL.iter().find_map(|k| match container.probe(*k).map(|p| &p.handler) {
        Some(Handler::HttpGet { path, .. }) => Some(path.clone()),
        _ => None,
    });
    if let Some(path) = http_path
        && rules.iter().all(|r| r.http.is_empty())
    {
        add(
            format!("answers 200 on every HTTP path, {path} included"),
            &format!("try: {path} fails from 1:00"),
            format!("  http:\n  - path: {}\n    from: 1m\n    status: 503\n", scalar(&path)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    const INGRESS: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ingress-nginx-controller}\nspec:\n  selector: {matchLabels: {app: ingress}}\n  template:\n    metadata: {labels: {app: ingress}}\n    spec:\n      containers:\n      - name: controller\n        image: controller:v1\n        ports: [{containerPort: 80}, {containerPort: 443}]\n        livenessProbe:\n          httpGet: {path: /healthz, port: 10254}\n        readinessProbe:\n          exec: {command: [/healthcheck.sh, --ready]}\n";

    fn texts(text: &str) -> Vec<String> {
        assumptions(&scenario::load(text))
            .iter()
            .map(|a| format!("{}: {} | {}", a.container, a.text, a.change))
            .collect()
    }

    #[test]
    fn a_silent_behaviour_assumes_a_healthy_app_and_says_how_to_change_it() {
        assert_eq!(
            texts(INGRESS),
            [
                "controller: starts serving at once | try a 30 s start",
                "controller: serves port 10254, which it does not declare (it may be a health port) | try: only its declared ports",
                "controller: `/healthcheck.sh --ready` (readiness probe) is assumed to exit 0 | try: it exits 1",
                "controller: answers 200 on every HTTP path, /healthz included | try: /healthz fails from 1:00",
            ]
        );
    }

    #[test]
    fn each_change_applied_removes_its_assumption() {
        let found = assumptions(&scenario::load(INGRESS));
        for a in &found {
            let text = format!("{INGRESS}---\nkind: Behaviour\napps:\n{}", a.entry);
            let s = scenario::load(&text);
            assert!(!s.has_errors(), "{text}\n{:?}", s.diagnostics);
            let after = texts(&text);
            assert_eq!(after.len(), found.len() - 1, "{}: {after:?}", a.change);
        }
    }

    #[test]
    fn a_jobs_task_is_assumed_to_succeed() {
        let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: task, image: migrate:1}\n";
        assert_eq!(texts(job), ["task: its task runs 5s and exits 0 | try: the task fails"]);
        let described =
            format!("{job}---\nkind: Behaviour\napps:\n- container: task\n  crash:\n  - {{after: 1m, exitCode: 0}}\n");
        assert!(texts(&described).is_empty());
    }
}
