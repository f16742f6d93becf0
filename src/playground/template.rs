//! The behaviour document a new scenario starts with: `kind: Behaviour` and
//! nothing else in force (so the run is the healthy default), with every
//! knob written out as comments that name the user's own containers, probe
//! paths and Services, ready to uncomment.

use crate::scenario::Scenario;
use crate::spec::{Handler, ProbeKind, WorkloadKind};

/// Containers named in the template; a manifest with hundreds (argo-cd) gets
/// the first few, the rest are described the same way.
const MAX_CONTAINERS: usize = 6;

/// The template for a scenario whose manifest is not known yet.
pub fn generic() -> String {
    template(&[], &[])
}

/// The template naming the containers and Services of `scenario`.
pub fn for_scenario(scenario: &Scenario) -> String {
    let mut containers: Vec<Named> = Vec::new();
    for workload in &scenario.workloads {
        for c in &workload.template.spec.containers {
            if containers.iter().any(|n| n.container == c.name) {
                continue;
            }
            let http = ProbeKind::ALL.iter().find_map(|k| match c.probe(*k).map(|p| &p.handler) {
                Some(Handler::HttpGet { path, .. }) => Some(path.clone()),
                _ => None,
            });
            let exec = ProbeKind::ALL.iter().find_map(|k| match c.probe(*k).map(|p| &p.handler) {
                Some(Handler::Exec { command }) => command.last().cloned(),
                _ => None,
            });
            let job = matches!(workload.kind, WorkloadKind::Job | WorkloadKind::CronJob);
            let of = format!("{} {}", workload.kind.name(), workload.name);
            containers.push(Named { container: c.name.clone(), workload: workload.name.clone(), of, http, exec, job });
        }
    }
    let services: Vec<String> = scenario.services.iter().map(|s| s.name.clone()).collect();
    template(&containers, &services)
}

/// One container as the template describes it.
struct Named {
    container: String,
    workload: String,
    /// `Deployment web`, for the comment.
    of: String,
    /// The path of its first HTTP probe.
    http: Option<String>,
    /// The last word of its first exec probe's command.
    exec: Option<String>,
    job: bool,
}

fn template(containers: &[Named], services: &[String]) -> String {
    let mut out = String::from(
        "kind: Behaviour\n\
         ## How the app behaves. Nothing below is in force yet: as it stands every\n\
         ## container is a healthy app that serves at once on every port it is\n\
         ## asked on (the Assumptions list says what the run assumed). Remove the\n\
         ## `# ` before a line to put it in force.\n\
         # simulation:\n\
         #   duration: 10m           # how much time to simulate\n",
    );
    if containers.is_empty() {
        out.push_str(
            "# apps:\n\
             # - container: app          # a container's name in your manifest\n\
             #   startup: 20s            # serves 20 s after each start\n\
             #   http:\n\
             #   - path: /healthz\n\
             #     after: 60s            # from 60 s after each start ...\n\
             #     status: 503           # ... it answers 503\n",
        );
    } else {
        out.push_str("# apps:\n");
        for c in containers.iter().take(MAX_CONTAINERS) {
            out.push_str(&format!("# - container: {:<18} # in {}\n", c.container, c.of));
            if c.job {
                out.push_str("#   crash:\n#   - {after: 30s, exitCode: 0}   # the task ends after 30 s\n");
                continue;
            }
            out.push_str("#   startup: 20s            # serves 20 s after each start\n");
            if let Some(path) = &c.http {
                out.push_str(&format!(
                    "#   http:\n#   - path: {path}\n#     after: 60s            # from 60 s after each start ...\n#     status: 503           # ... it answers 503\n"
                ));
            }
            if let Some(command) = &c.exec {
                out.push_str(&format!(
                    "#   exec:\n#   - command: {command}\n#     exitCode: 1           # the check fails\n"
                ));
            }
        }
        if containers.len() > MAX_CONTAINERS {
            out.push_str(&format!("## ... and {} more containers\n", containers.len() - MAX_CONTAINERS));
        }
    }
    out.push_str("# actions:\n# - at: 3m\n");
    match containers.first() {
        Some(c) => out.push_str(&format!("#   workload: {}\n", c.workload)),
        None => out.push_str("#   workload: web\n"),
    }
    out.push_str("#   crash: true             # the process dies at 3:00\n");
    let service = services.first().map_or("web", String::as_str);
    out.push_str(&format!(
        "# traffic:\n# - service: {service}\n#   rps: 20                 # clients send 20 requests a second\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn the_template_is_in_force_as_the_default_and_names_the_containers() {
        let s = scenario::load(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop}\nspec:\n  selector: {matchLabels: {app: shop}}\n  template:\n    metadata: {labels: {app: shop}}\n    spec:\n      containers:\n      - name: storefront\n        image: shop:1\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: shop-svc}\nspec:\n  selector: {app: shop}\n  ports: [{port: 80, targetPort: 8080}]\n",
        );
        let text = for_scenario(&s);
        assert!(text.contains("# - container: storefront"), "{text}");
        assert!(text.contains("# in Deployment shop"), "{text}");
        assert!(text.contains("#   - path: /ready"), "{text}");
        assert!(text.contains("# - service: shop-svc"), "{text}");
        // Only comments besides the kind: the run is the default one.
        assert!(text.lines().skip(1).all(|l| l.starts_with('#')), "{text}");
        let with = scenario::load(&format!(
            "{}\n---\n{text}",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: c, image: i}"
        ));
        assert!(
            with.diagnostics.iter().all(|d| d.severity != crate::diagnostic::Severity::Error),
            "{:?}",
            with.diagnostics
        );
    }

    #[test]
    fn every_line_uncommented_is_a_valid_behaviour() {
        // The generic template's placeholders (`app`, `web`) are this manifest's names.
        let k = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers:\n  - name: app\n    image: i\n    livenessProbe:\n      httpGet: {path: /healthz, port: 8080}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";
        let s = scenario::load(k);
        for text in [generic(), for_scenario(&s)] {
            let uncommented: String = text
                .lines()
                .filter(|l| !l.starts_with("##"))
                .map(|l| l.strip_prefix("# ").unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n");
            let loaded = scenario::load(&format!("{k}---\n{uncommented}\n"));
            let errors: Vec<_> =
                loaded.diagnostics.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).collect();
            assert!(errors.is_empty(), "{uncommented}\n{errors:?}");
        }
    }
}
