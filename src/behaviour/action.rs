//! What the user does to the running scenario: the `actions` of the
//! behaviour document, and the playground's live actions, which are the same
//! actions stamped with the time they were applied at.

use super::format_duration;
use super::{AppRules, HttpRule};
use crate::clock::{Precision, sim_clock};
use crate::history::Millis;
use crate::spec::{Probe, ProbeKind};
use crate::yaml::scalar;
use std::fmt;

/// What a scripted (or live) action does.
#[derive(Debug, Clone, PartialEq)]
pub enum Verb {
    /// Change the running process's behaviour from now on (`fail`, `recover`,
    /// `hang` are shorthands for an HTTP rule). A restart forgets it.
    Set(Box<AppRules>),
    Touch(String),
    Remove(String),
    Crash {
        exit_code: i32,
        oom: bool,
    },
    Delete,
    Scale(i32),
    /// A new pod template, as `kubectl apply` of an edited manifest would
    /// bring: the container (`container:`, else the first app container)
    /// gets a new image and/or new probes.
    Rollout(Box<Rollout>),
    Rollback,
}

/// What a rollout changes in the pod template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rollout {
    pub container: Option<String>,
    pub image: Option<String>,
    /// Probes replaced: `Some` is the new probe, `None` removes the probe.
    pub probes: Vec<(ProbeKind, Option<Probe>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub at: Millis,
    pub workload: Option<String>,
    pub pod: Option<String>,
    pub replica: Option<u32>,
    pub container: Option<String>,
    pub verb: Verb,
    /// Source line, so the UI can point at the action.
    pub line: u32,
}

impl Verb {
    /// `fail`: the endpoint (its `path`, `port`; every one when unset)
    /// answers its `status`, 500 unless given. A hang or latency set before
    /// stays.
    pub fn fail(endpoint: HttpRule) -> Verb {
        let status = Some(endpoint.status.unwrap_or(500));
        Verb::http(HttpRule { status, ..endpoint })
    }

    /// `recover`: the endpoint answers its `status`, 200 unless given, and at
    /// once: no hang, no latency.
    pub fn recover(endpoint: HttpRule) -> Verb {
        let status = Some(endpoint.status.unwrap_or(200));
        Verb::http(HttpRule { status, hang: Some(false), latency: Some(0), ..endpoint })
    }

    /// `hang`: the endpoint stops answering.
    pub fn hang(endpoint: HttpRule) -> Verb {
        Verb::http(HttpRule { hang: Some(true), ..endpoint })
    }

    fn http(rule: HttpRule) -> Verb {
        Verb::Set(Box::new(AppRules { http: vec![rule], ..AppRules::default() }))
    }
}

/// What the verb does, in a few words: `fail /health (503)`, `scale to 3`.
impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            // `fail`, `recover` and `hang` are told apart by the rule they set.
            Verb::Set(rules) => match rules.http.first() {
                Some(r) if r.hang == Some(true) => write!(f, "hang {}", r.path.as_deref().unwrap_or("/")),
                Some(r) if r.status.is_some_and(|s| s >= 400) => {
                    write!(f, "fail {} ({})", r.path.as_deref().unwrap_or("/"), r.status.unwrap_or(500))
                }
                Some(r) => write!(f, "recover {}", r.path.as_deref().unwrap_or("/")),
                None => f.write_str("change behaviour"),
            },
            Verb::Touch(p) => write!(f, "touch {p}"),
            Verb::Remove(p) => write!(f, "remove {p}"),
            Verb::Crash { exit_code, .. } => write!(f, "crash (exit {exit_code})"),
            Verb::Delete => f.write_str("delete pod"),
            Verb::Scale(n) => write!(f, "scale to {n}"),
            Verb::Rollout(r) => match &r.image {
                Some(image) => write!(f, "roll out {image}"),
                None => f.write_str("roll out new probes"),
            },
            Verb::Rollback => f.write_str("roll back"),
        }
    }
}

/// When, what and to what: `00:30 crash (exit 1) → web-0/app`.
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let target = match (&self.pod, &self.workload, &self.container) {
            (Some(p), _, Some(c)) => format!("{p}/{c}"),
            (Some(p), _, None) => p.clone(),
            (None, Some(w), _) => w.clone(),
            _ => String::new(),
        };
        write!(f, "{} {} → {target}", sim_clock(self.at, Precision::Seconds), self.verb)
    }
}

impl Action {
    /// The action as the behaviour document writes it, one `actions` entry
    /// from `- at:` on, so that a live action can be kept in the scenario.
    /// `None` for what only a hand-written document says (a `set` of several
    /// rules, a rollout of probes).
    pub fn to_yaml(&self) -> Option<String> {
        let mut out = format!("- at: {}\n", format_duration(self.at));
        let mut field = |key: &str, value: &str| out.push_str(&format!("  {key}: {value}\n"));
        if let Some(workload) = &self.workload {
            field("workload", &scalar(workload));
        }
        if let Some(replica) = self.replica {
            field("replica", &replica.to_string());
        }
        if let Some(pod) = &self.pod {
            field("pod", &scalar(pod));
        }
        if let Some(container) = &self.container {
            field("container", &scalar(container));
        }
        let (key, value) = match &self.verb {
            Verb::Set(rules) => endpoint_verb(rules)?,
            Verb::Touch(path) => ("touch", scalar(path)),
            Verb::Remove(path) => ("remove", scalar(path)),
            Verb::Crash { oom: true, .. } => ("oom", "true".to_string()),
            Verb::Crash { exit_code: 1, .. } => ("crash", "true".to_string()),
            Verb::Crash { exit_code, .. } => ("crash", format!("{{exitCode: {exit_code}}}")),
            Verb::Delete => ("delete", "true".to_string()),
            Verb::Scale(n) => ("scale", n.to_string()),
            Verb::Rollout(r) if r.probes.is_empty() && r.container.is_none() => {
                ("rollout", format!("{{image: {}}}", scalar(r.image.as_deref()?)))
            }
            Verb::Rollout(_) => return None,
            Verb::Rollback => ("rollback", "true".to_string()),
        };
        field(key, &value);
        Some(out)
    }
}

/// `fail`, `recover` or `hang` of the one HTTP rule a `Set` holds, in the
/// short form the reader turns back into the same rule.
fn endpoint_verb(rules: &AppRules) -> Option<(&'static str, String)> {
    let [rule] = rules.http.as_slice() else { return None };
    let only_http = AppRules { http: vec![], ..(*rules).clone() } == AppRules::default();
    let path = rule.path.as_deref().map_or("/".to_string(), scalar);
    let endpoint = |status: Option<u16>| {
        let mut parts = vec![format!("path: {path}")];
        parts.extend(rule.port.map(|p| format!("port: {p}")));
        parts.extend(status.map(|s| format!("status: {s}")));
        format!("{{{}}}", parts.join(", "))
    };
    let verb = match rule {
        _ if !only_http || rule.redirect.is_some() || rule.body.is_some() || rule.window != Default::default() => {
            return None;
        }
        HttpRule { hang: Some(true), status: None, latency: None, .. } => ("hang", endpoint(None)),
        HttpRule { hang: None, latency: None, status: Some(s), .. } if *s >= 400 => ("fail", endpoint(Some(*s))),
        HttpRule { hang: Some(false), latency: Some(0), status: Some(s), .. } => ("recover", endpoint(Some(*s))),
        _ => return None,
    };
    Some(verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(path: &str, status: Option<u16>) -> HttpRule {
        HttpRule { path: Some(path.into()), status, ..HttpRule::default() }
    }

    /// The one HTTP rule an endpoint verb sets.
    fn rule(verb: Verb) -> HttpRule {
        let Verb::Set(rules) = verb else { panic!("{verb:?}") };
        let [rule] = <[HttpRule; 1]>::try_from(rules.http).unwrap();
        rule
    }

    #[test]
    fn fail_answers_500_unless_told_and_keeps_a_hang() {
        let r = rule(Verb::fail(endpoint("/health", None)));
        assert_eq!((r.path.as_deref(), r.status, r.hang, r.latency), (Some("/health"), Some(500), None, None));
        assert_eq!(rule(Verb::fail(endpoint("/ready", Some(503)))).status, Some(503));
    }

    #[test]
    fn recover_answers_200_at_once_and_hang_never_answers() {
        let r = rule(Verb::recover(endpoint("/health", None)));
        assert_eq!((r.status, r.hang, r.latency), (Some(200), Some(false), Some(0)));
        let r = rule(Verb::hang(HttpRule { port: Some(8080), ..HttpRule::default() }));
        assert_eq!(
            (r.path.as_deref(), r.port, r.status, r.hang, r.latency),
            (None, Some(8080), None, Some(true), None)
        );
    }

    #[test]
    fn an_action_reads_as_when_what_and_to_what() {
        let action = |at, verb, pod: Option<&str>, container: Option<&str>| Action {
            at,
            workload: Some("web".into()),
            pod: pod.map(Into::into),
            replica: None,
            container: container.map(Into::into),
            verb,
            line: 0,
        };
        let crash = Verb::Crash { exit_code: 1, oom: false };
        assert_eq!(action(30_000, crash, Some("web-0"), Some("app")).to_string(), "00:30 crash (exit 1) → web-0/app");
        let fail = Verb::fail(endpoint("/health", Some(503)));
        assert_eq!(action(61_900, fail, Some("web-0"), None).to_string(), "01:01 fail /health (503) → web-0");
        assert_eq!(action(0, Verb::Scale(3), None, None).to_string(), "00:00 scale to 3 → web");
        let texts: Vec<String> = [
            Verb::recover(HttpRule::default()),
            Verb::hang(endpoint("/ready", None)),
            Verb::Set(Box::default()),
            Verb::Touch("/tmp/ready".into()),
            Verb::Remove("/tmp/ready".into()),
            Verb::Delete,
            Verb::Rollout(Box::new(Rollout { image: Some("web:2".into()), ..Rollout::default() })),
            Verb::Rollout(Box::default()),
            Verb::Rollback,
        ]
        .iter()
        .map(Verb::to_string)
        .collect();
        assert_eq!(
            texts,
            [
                "recover /",
                "hang /ready",
                "change behaviour",
                "touch /tmp/ready",
                "remove /tmp/ready",
                "delete pod",
                "roll out web:2",
                "roll out new probes",
                "roll back"
            ]
        );
    }

    #[test]
    fn an_action_written_as_yaml_reads_back_as_itself() {
        let with = |verb: Verb, pod: Option<&str>, workload: Option<&str>| Action {
            at: 30_500,
            workload: workload.map(Into::into),
            pod: pod.map(Into::into),
            replica: None,
            container: pod.map(|_| "app".into()),
            verb,
            line: 0,
        };
        let actions = [
            with(Verb::Crash { exit_code: 1, oom: false }, Some("web-7c9d-x2x4z"), None),
            with(Verb::Crash { exit_code: 3, oom: false }, Some("web-0"), None),
            with(Verb::Crash { exit_code: 137, oom: true }, Some("web-0"), None),
            with(Verb::fail(endpoint("/health", Some(503))), Some("web-0"), None),
            with(Verb::recover(endpoint("/health", None)), Some("web-0"), None),
            with(Verb::hang(endpoint("/ready", None)), Some("web-0"), None),
            with(Verb::Touch("/tmp/ready".into()), Some("web-0"), None),
            with(Verb::Remove("/tmp/ready".into()), Some("web-0"), None),
            with(Verb::Delete, Some("web-0"), None),
            with(Verb::Scale(0), None, Some("web")),
            with(
                Verb::Rollout(Box::new(Rollout { image: Some("web:1.1".into()), ..Rollout::default() })),
                None,
                Some("web"),
            ),
            with(Verb::Rollback, None, Some("web")),
        ];
        let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - {name: app, image: web:1.0}\n";
        for action in actions {
            let yaml = action.to_yaml().unwrap();
            let s = crate::scenario::load(&format!("{manifest}---\nkind: Behaviour\nactions:\n{yaml}"));
            assert!(!s.has_errors(), "{yaml}\n{:?}", s.diagnostics);
            let read = &s.behaviour.actions[0];
            assert_eq!(
                (&read.verb, read.at, &read.pod, &read.workload, &read.container),
                (&action.verb, action.at, &action.pod, &action.workload, &action.container),
                "{yaml}"
            );
        }
        assert_eq!(with(Verb::Set(Box::default()), Some("web-0"), None).to_yaml(), None);
    }
}
