//! The mock app inside one container instance: the behaviour rules that apply
//! to it, plus what live actions did to this process (a restart starts from
//! the rules alone). Answers what a request, a connection or a command gets
//! at a given moment.

use crate::behaviour::{AppRules, ExecOutcome, FileRule, GrpcStatus, HttpRule, Moment, Sigterm, Window, interpret};
use crate::history::Millis;
use crate::probe_target::handler_port;
use crate::spec::{Container, ProbeKind};
use std::sync::Arc;

/// What an HTTP request gets.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpAnswer {
    Refused,
    Hang,
    Response { status: u16, latency: Millis, redirect: Option<String>, body: String },
}

/// The ports container `ci` of a pod serves when the behaviour does not say
/// (`ports:`): a healthy app serves every port it is asked on, since
/// declaring a port is informational in Kubernetes. That is the ports it
/// declares, the ports its probes name, and, for the first regular
/// container, `service_ports` (the numbered target ports of the Services
/// that select the pod) that no container declares. Sorted, once each.
pub fn served_ports(containers: &[Container], ci: usize, service_ports: &[i32]) -> Vec<i32> {
    let spec = &containers[ci];
    let mut ports: Vec<i32> = spec.ports.iter().map(|p| p.container_port).collect();
    let probes = ProbeKind::ALL.iter().filter_map(|k| spec.probe(*k));
    ports.extend(probes.filter_map(|probe| handler_port(&probe.handler, spec)?.ok()));
    if containers.iter().position(|c| c.is_regular()) == Some(ci) {
        let declared = |port: &i32| containers.iter().any(|c| c.ports.iter().any(|p| p.container_port == *port));
        ports.extend(service_ports.iter().copied().filter(|p| !declared(p)));
    }
    crate::sort::sort(&mut ports);
    ports.dedup();
    ports
}

/// The ports the manifest's HTTPS probes ask for: their author says they
/// speak TLS (`AppModel::with_default_tls`).
pub fn https_probe_ports(spec: &Container) -> Vec<i32> {
    let https = ProbeKind::ALL.iter().filter_map(|k| spec.probe(*k)).filter(|p| p.handler.is_https());
    https.filter_map(|probe| handler_port(&probe.handler, spec)?.ok()).collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppModel {
    /// The behaviour's entries for this container, then the rules live
    /// actions added to this process, in the order they apply.
    rules: Vec<Arc<AppRules>>,
    /// The ports the app listens on once it serves.
    ports: Vec<i32>,
    /// Of those, the ports that speak TLS.
    tls: Vec<i32>,
    /// 0 for the first start of the container, then 1, 2, ...
    restart: u32,
    /// How long after the container starts the app serves: asked on every
    /// probe, so worked out whenever the rules change.
    startup: Millis,
    /// Bumped whenever a live action changes the rules, so that an answer
    /// remembered from before is not reused.
    version: u32,
}

impl AppModel {
    /// `default_ports` are the declared containerPorts, or else the ports the
    /// probes name.
    pub fn new(rules: Vec<Arc<AppRules>>, default_ports: Vec<i32>, restart: u32) -> AppModel {
        let ports = rules.iter().rev().find_map(|r| r.ports.clone()).unwrap_or(default_ports);
        let tls = rules.iter().rev().find_map(|r| r.tls.clone()).unwrap_or_default();
        let mut app = AppModel { rules, ports, tls, restart, startup: 0, version: 0 };
        app.startup = app.find_startup();
        app
    }

    /// The ports that speak TLS when no rule says which do: those the
    /// manifest's HTTPS probes ask for (their author says so).
    pub fn with_default_tls(mut self, ports: Vec<i32>) -> AppModel {
        if self.rules.iter().all(|r| r.tls.is_none()) {
            self.tls = ports;
        }
        self
    }

    /// Rules added by a live action apply after all the others.
    fn push(&mut self, rules: AppRules) {
        if let Some(ports) = &rules.ports {
            self.ports.clone_from(ports);
        }
        if let Some(tls) = &rules.tls {
            self.tls.clone_from(tls);
        }
        self.rules.push(Arc::new(rules));
        self.startup = self.find_startup();
        self.version += 1;
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// Until when everything this app answers stays as it is at `m`, for an
    /// instance started at `m.t - m.uptime`, as long as its rules, whether
    /// it has been signalled and whether it runs do not change: the earliest
    /// edge of a rule's window, or of the start-up, after `m.t`.
    pub fn steady_until(&self, m: Moment) -> Millis {
        let started_at = m.t - m.uptime;
        let mut until = Millis::MAX;
        let mut edge = |at: Millis| {
            if at > m.t {
                until = until.min(at);
            }
        };
        edge(started_at + self.startup);
        for window in self.rules.iter().flat_map(|r| r.windows()) {
            window.from.into_iter().chain(window.until).for_each(&mut edge);
            window.after.into_iter().chain(window.before).for_each(|uptime| edge(started_at + uptime));
        }
        until
    }

    /// A live action changes this process from `at` on.
    pub fn add(&mut self, mut rules: AppRules, at: Millis) {
        for window in rules.windows_mut() {
            window.from = Some(window.from.map_or(at, |f| f.max(at)));
        }
        self.push(rules);
    }

    pub fn touch(&mut self, path: &str, exists: bool, at: Millis) {
        let window = Window { from: Some(at), ..Window::default() };
        self.push(AppRules { files: vec![FileRule { window, path: path.into(), exists }], ..AppRules::default() });
    }

    /// Whether `port` speaks TLS.
    pub fn speaks_tls(&self, port: i32) -> bool {
        self.tls.contains(&port)
    }

    /// How long after the container starts the app serves.
    pub fn startup(&self) -> Millis {
        self.startup
    }

    fn find_startup(&self) -> Millis {
        let first = self.rules.iter().rev().find_map(|r| r.startup);
        let again = self.rules.iter().rev().find_map(|r| r.startup_on_restart);
        if self.restart > 0 { again.or(first).unwrap_or(0) } else { first.unwrap_or(0) }
    }

    /// How long pulling the image takes before the first start, if at all.
    pub fn pull(&self) -> Millis {
        if self.restart > 0 { 0 } else { self.rules.iter().rev().find_map(|r| r.pull).unwrap_or(0) }
    }

    pub fn sigterm(&self) -> Sigterm {
        self.rules.iter().rev().find_map(|r| r.on_sigterm).unwrap_or_default()
    }

    /// The first crash of an instance started at `started_at`, if any:
    /// `(time, exit code, oom)`.
    pub fn crash_after(&self, started_at: Millis) -> Option<(Millis, i32, bool)> {
        self.rules
            .iter()
            .flat_map(|r| r.crash.iter())
            .filter_map(|c| {
                let t = match (c.at, c.after) {
                    (Some(at), _) if at > started_at => at,
                    (Some(_), _) => return None,
                    (None, Some(after)) => started_at + after,
                    (None, None) => return None,
                };
                Some((t, c.exit_code, c.oom))
            })
            .min_by_key(|c| c.0)
    }

    // `listening` and `http` answer every probe: plain loops over the rules,
    // which the size-optimised build runs faster than iterator adapters.
    pub fn listening(&self, port: i32, m: Moment, serving: bool) -> bool {
        let mut open = serving && self.ports.contains(&port);
        for rules in &self.rules {
            for rule in &rules.tcp {
                if rule.port.is_none_or(|p| p == port) && rule.window.contains(m) {
                    open = rule.listening && serving;
                }
            }
        }
        open
    }

    pub fn http(&self, path: &str, port: i32, m: Moment, serving: bool) -> HttpAnswer {
        if !self.listening(port, m, serving) {
            return HttpAnswer::Refused;
        }
        // A rule's path matches the request's with or without the query.
        let bare = || path.split_once('?').map_or(path, |(bare, _)| bare);
        let (mut status, mut latency, mut hang, mut redirect, mut body) = (200, 0, false, None, String::new());
        // The window first: comparing numbers is cheaper than comparing paths.
        let matching = |r: &HttpRule| {
            r.window.contains(m)
                && r.port.is_none_or(|p| p == port)
                && r.path.as_deref().is_none_or(|p| p == path || p == bare())
        };
        for rules in &self.rules {
            for rule in rules.http.iter().filter(|r| matching(r)) {
                status = rule.status.unwrap_or(status);
                latency = rule.latency.unwrap_or(latency);
                hang = rule.hang.unwrap_or(hang);
                if rule.redirect.is_some() || rule.status.is_some() {
                    redirect = rule.redirect.clone();
                }
                if let Some(b) = &rule.body {
                    body = b.clone();
                }
            }
        }
        if hang { HttpAnswer::Hang } else { HttpAnswer::Response { status, latency, redirect, body } }
    }

    /// `(status, latency)`; `None` when the port is closed.
    pub fn grpc(&self, service: &str, port: i32, m: Moment, serving: bool) -> Option<(GrpcStatus, Millis)> {
        if !self.listening(port, m, serving) {
            return None;
        }
        let (mut status, mut latency) = (GrpcStatus::Serving, 0);
        for rule in self.rules.iter().flat_map(|r| r.grpc.iter()) {
            if rule.port.is_none_or(|p| p == port)
                && rule.service.as_deref().is_none_or(|s| s == service)
                && rule.window.contains(m)
            {
                status = rule.status.unwrap_or(status);
                latency = rule.latency.unwrap_or(latency);
            }
        }
        Some((status, latency))
    }

    /// Files are described per path: a path no rule mentions exists; a
    /// described path exists only while a rule in force says so.
    pub fn file_exists(&self, path: &str, m: Moment) -> bool {
        let mut described = false;
        let mut exists = None;
        for rule in self.rules.iter().flat_map(|r| r.files.iter()).filter(|f| f.path == path) {
            described = true;
            if rule.window.contains(m) {
                exists = Some(rule.exists);
            }
        }
        exists.unwrap_or(!described)
    }

    /// Runs an exec probe's (expanded) command.
    pub fn exec(&self, command: &[String], m: Moment, serving: bool) -> ExecOutcome {
        let line = command.join(" ");
        let mut outcome: Option<ExecOutcome> = None;
        for rule in self.rules.iter().flat_map(|r| r.exec.iter()) {
            if !rule.command.as_deref().is_none_or(|c| line.contains(c)) || !rule.window.contains(m) {
                continue;
            }
            let mut o = outcome.take().unwrap_or(ExecOutcome {
                exit_code: 0,
                output: String::new(),
                duration: 0,
                assumed: false,
            });
            if let Some((path, port)) = &rule.checks_http {
                let port = port.or_else(|| self.ports.first().copied()).unwrap_or(80);
                let ok = matches!(self.http(path, port, m, serving), HttpAnswer::Response { status: 200..=399, .. });
                o.exit_code = i32::from(!ok);
            }
            o.exit_code = rule.exit_code.unwrap_or(o.exit_code);
            o.output = rule.output.clone().unwrap_or(o.output);
            o.duration = rule.duration.unwrap_or(o.duration);
            outcome = Some(o);
        }
        outcome.unwrap_or_else(|| interpret(command, &|p| self.file_exists(p, m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::{FileRule, HttpRule, Window};

    fn at(t: Millis) -> Moment {
        Moment { t, uptime: t, terminating: false }
    }

    #[test]
    fn later_rules_override_the_fields_they_set() {
        let rules = AppRules {
            http: vec![
                HttpRule { path: Some("/health".into()), latency: Some(100), ..HttpRule::default() },
                HttpRule {
                    window: Window { after: Some(60_000), ..Window::default() },
                    status: Some(503),
                    ..HttpRule::default()
                },
            ],
            ..AppRules::default()
        };
        let app = AppModel::new(vec![Arc::new(rules)], vec![8080], 0);
        let answer = |t| app.http("/health", 8080, at(t), true);
        assert_eq!(answer(0), HttpAnswer::Response { status: 200, latency: 100, redirect: None, body: String::new() });
        assert_eq!(
            answer(60_000),
            HttpAnswer::Response { status: 503, latency: 100, redirect: None, body: String::new() }
        );
        assert_eq!(app.http("/health", 9090, at(0), true), HttpAnswer::Refused);
        assert_eq!(app.http("/health", 8080, at(0), false), HttpAnswer::Refused);
    }

    #[test]
    fn a_described_file_is_absent_until_it_appears_and_touch_makes_it() {
        let rules = AppRules {
            files: vec![FileRule {
                window: Window { after: Some(30_000), ..Window::default() },
                path: "/tmp/ready".into(),
                exists: true,
            }],
            ..AppRules::default()
        };
        let mut app = AppModel::new(vec![Arc::new(rules)], vec![], 0);
        assert!(!app.file_exists("/tmp/ready", at(10_000)));
        assert!(app.file_exists("/tmp/ready", at(30_000)));
        assert!(app.file_exists("/tmp/other", at(0)));
        app.touch("/tmp/ready", false, 40_000);
        assert!(!app.file_exists("/tmp/ready", at(45_000)));
    }
}
