//! Writes a `Behaviour` back as the YAML document `parse` reads: what a
//! what-if run of the analysis simulates is opened in the playground as a
//! scenario, so it must be text the user can read and edit. Reading the
//! written document gives back the same `Behaviour` (the round trip is tested
//! on every gallery lesson).

use super::*;
use crate::spec::{Handler, PortRef, Probe, Scheme};

/// The behaviour document, `kind: Behaviour` first.
pub fn to_yaml(b: &Behaviour) -> String {
    let mut out = String::from("kind: Behaviour\n");
    let defaults = Behaviour::default();
    let mut simulation = vec![format!("duration: {}", format_duration(b.duration))];
    if b.seed != defaults.seed {
        simulation.push(format!("seed: {}", b.seed));
    }
    if b.nodes != defaults.nodes {
        simulation.push(format!("nodes: {}", b.nodes));
    }
    out.push_str(&format!("simulation: {{{}}}\n", simulation.join(", ")));
    if !b.apps.is_empty() {
        out.push_str("apps:\n");
        for app in &b.apps {
            let mut fields = selector(&app.selector);
            fields.extend(app_body(app));
            write_entry(&mut out, &fields);
        }
    }
    if !b.actions.is_empty() {
        out.push_str("actions:\n");
        for action in &b.actions {
            write_entry(&mut out, &action_fields(action));
        }
    }
    if !b.expect.is_empty() {
        out.push_str("expect:\n");
        for e in &b.expect {
            out.push_str(&format!("- {{{}}}\n", expectation(e).join(", ")));
        }
    }
    if !b.traffic.is_empty() {
        out.push_str("traffic:\n");
        for t in &b.traffic {
            let mut fields = vec![format!("service: {}", quote(&t.service)), format!("rps: {}", t.rps)];
            if t.path != "/" {
                fields.push(format!("path: {}", quote(&t.path)));
            }
            if let Some(timeout) = t.timeout {
                fields.push(format!("timeout: {}", format_duration(timeout)));
            }
            fields.extend(window(&t.window));
            out.push_str(&format!("- {{{}}}\n", fields.join(", ")));
        }
    }
    out
}

/// One list entry: its fields one per line, `- ` before the first. A field
/// is `key: value` on one line (values are flow YAML).
fn write_entry(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        out.push_str(if i == 0 { "- " } else { "  " });
        out.push_str(field);
        out.push('\n');
    }
}

/// A string as a YAML scalar: JSON's double-quoted form is valid YAML and
/// keeps every character as it is.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn selector(s: &Selector) -> Vec<String> {
    let mut fields = Vec::new();
    if let Some(c) = &s.container {
        fields.push(format!("container: {}", quote(c)));
    }
    if let Some(w) = &s.workload {
        fields.push(format!("workload: {}", quote(w)));
    }
    if let Some(i) = &s.image {
        fields.push(format!("image: {}", quote(i)));
    }
    if let Some(r) = &s.replicas {
        let list: Vec<String> = r.iter().map(u32::to_string).collect();
        fields.push(format!("replicas: [{}]", list.join(", ")));
    }
    if let Some(p) = &s.pod {
        fields.push(format!("pod: {}", quote(p)));
    }
    fields
}

fn window(w: &Window) -> Vec<String> {
    let mut fields = Vec::new();
    let bounds = [("from", w.from), ("until", w.until), ("after", w.after), ("before", w.before)];
    for (name, value) in bounds {
        if let Some(v) = value {
            fields.push(format!("{name}: {}", format_duration(v)));
        }
    }
    if w.after_sigterm {
        fields.push("afterSigterm: true".into());
    }
    fields
}

/// A list of rules as one flow sequence of flow mappings.
fn rules(name: &str, items: Vec<Vec<String>>) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let items: Vec<String> = items.into_iter().map(|f| format!("{{{}}}", f.join(", "))).collect();
    Some(format!("{name}: [{}]", items.join(", ")))
}

/// The fields of an `apps` entry after its selector (also a `set` action's).
fn app_body(app: &AppRules) -> Vec<String> {
    let mut fields = Vec::new();
    let durations = [("startup", app.startup), ("startupOnRestart", app.startup_on_restart), ("pull", app.pull)];
    for (name, value) in durations {
        if let Some(v) = value {
            fields.push(format!("{name}: {}", format_duration(v)));
        }
    }
    if let Some(ports) = &app.ports {
        let list: Vec<String> = ports.iter().map(i32::to_string).collect();
        fields.push(format!("ports: [{}]", list.join(", ")));
    }
    let http = app.http.iter().map(|r| {
        let mut f = Vec::new();
        if let Some(p) = &r.path {
            f.push(format!("path: {}", quote(p)));
        }
        if let Some(p) = r.port {
            f.push(format!("port: {p}"));
        }
        if let Some(s) = r.status {
            f.push(format!("status: {s}"));
        }
        if let Some(l) = r.latency {
            f.push(format!("latency: {}", format_duration(l)));
        }
        if let Some(h) = r.hang {
            f.push(format!("hang: {h}"));
        }
        if let Some(to) = &r.redirect {
            f.push(format!("redirect: {}", quote(to)));
        }
        if let Some(b) = &r.body {
            f.push(format!("body: {}", quote(b)));
        }
        f.extend(window(&r.window));
        f
    });
    fields.extend(rules("http", http.collect()));
    let tcp = app.tcp.iter().map(|r| {
        let mut f = Vec::new();
        if let Some(p) = r.port {
            f.push(format!("port: {p}"));
        }
        f.push(format!("listening: {}", r.listening));
        f.extend(window(&r.window));
        f
    });
    fields.extend(rules("tcp", tcp.collect()));
    let grpc = app.grpc.iter().map(|r| {
        let mut f = Vec::new();
        if let Some(s) = &r.service {
            f.push(format!("service: {}", quote(s)));
        }
        if let Some(p) = r.port {
            f.push(format!("port: {p}"));
        }
        if let Some(s) = r.status {
            let name = match s {
                GrpcStatus::Serving => "SERVING",
                GrpcStatus::NotServing => "NOT_SERVING",
                GrpcStatus::Unimplemented => "UNIMPLEMENTED",
            };
            f.push(format!("status: {name}"));
        }
        if let Some(l) = r.latency {
            f.push(format!("latency: {}", format_duration(l)));
        }
        f.extend(window(&r.window));
        f
    });
    fields.extend(rules("grpc", grpc.collect()));
    let exec = app.exec.iter().map(|r| {
        let mut f = Vec::new();
        if let Some(c) = &r.command {
            f.push(format!("command: {}", quote(c)));
        }
        if let Some(c) = r.exit_code {
            f.push(format!("exitCode: {c}"));
        }
        if let Some(o) = &r.output {
            f.push(format!("output: {}", quote(o)));
        }
        if let Some(d) = r.duration {
            f.push(format!("duration: {}", format_duration(d)));
        }
        if let Some((path, port)) = &r.checks_http {
            let port = port.map(|p| format!(", port: {p}")).unwrap_or_default();
            f.push(format!("checksHttp: {{path: {}{port}}}", quote(path)));
        }
        f.extend(window(&r.window));
        f
    });
    fields.extend(rules("exec", exec.collect()));
    let files = app.files.iter().map(|r| {
        let mut f = vec![format!("path: {}", quote(&r.path)), format!("exists: {}", r.exists)];
        f.extend(window(&r.window));
        f
    });
    fields.extend(rules("files", files.collect()));
    let crash = app.crash.iter().map(|c| {
        let mut f = Vec::new();
        if let Some(at) = c.at {
            f.push(format!("at: {}", format_duration(at)));
        }
        if let Some(after) = c.after {
            f.push(format!("after: {}", format_duration(after)));
        }
        if c.oom {
            f.push("oom: true".into());
        } else {
            f.push(format!("exitCode: {}", c.exit_code));
        }
        f
    });
    fields.extend(rules("crash", crash.collect()));
    match app.on_sigterm {
        Some(Sigterm::Ignore) => fields.push("onSigterm: ignore".into()),
        Some(Sigterm::Exit { after, code }) => {
            fields.push(format!("onSigterm: {{exitAfter: {}, exitCode: {code}}}", format_duration(after)))
        }
        None => {}
    }
    fields
}

fn action_fields(a: &Action) -> Vec<String> {
    let mut fields = vec![format!("at: {}", format_duration(a.at))];
    if let Some(w) = &a.workload {
        fields.push(format!("workload: {}", quote(w)));
    }
    if let Some(p) = &a.pod {
        fields.push(format!("pod: {}", quote(p)));
    }
    if let Some(r) = a.replica {
        fields.push(format!("replica: {r}"));
    }
    if let Some(c) = &a.container {
        fields.push(format!("container: {}", quote(c)));
    }
    fields.push(match &a.verb {
        Verb::Set(rules) => format!("set: {{{}}}", app_body(rules).join(", ")),
        Verb::Touch(path) => format!("touch: {}", quote(path)),
        Verb::Remove(path) => format!("remove: {}", quote(path)),
        Verb::Crash { oom: true, .. } => "oom: true".into(),
        Verb::Crash { exit_code, .. } => format!("crash: {{exitCode: {exit_code}}}"),
        Verb::Delete => "delete: true".into(),
        Verb::Scale(n) => format!("scale: {n}"),
        Verb::Rollout(r) => format!("rollout: {{{}}}", rollout(r).join(", ")),
        Verb::Rollback => "rollback: true".into(),
    });
    fields
}

fn rollout(r: &Rollout) -> Vec<String> {
    let mut fields = Vec::new();
    if let Some(c) = &r.container {
        fields.push(format!("container: {}", quote(c)));
    }
    if let Some(i) = &r.image {
        fields.push(format!("image: {}", quote(i)));
    }
    for (kind, probe) in &r.probes {
        let name = crate::load::probe_field_name(*kind);
        match probe {
            Some(p) => fields.push(format!("{name}: {}", probe_yaml(p))),
            None => fields.push(format!("{name}: null")),
        }
    }
    fields
}

fn bounds(b: &expect::Bounds) -> String {
    match (b.min, b.max) {
        (Some(a), Some(z)) if a == z => a.to_string(),
        _ => {
            let mut f = Vec::new();
            f.extend(b.min.map(|m| format!("min: {m}")));
            f.extend(b.max.map(|m| format!("max: {m}")));
            format!("{{{}}}", f.join(", "))
        }
    }
}

fn between(w: &Option<(Millis, Millis)>) -> Option<String> {
    w.map(|(a, b)| format!("between: [{}, {}]", format_duration(a), format_duration(b)))
}

/// An `expect` entry's fields.
fn expectation(e: &expect::Expectation) -> Vec<String> {
    use expect::{Check, PodRef};
    let mut f = Vec::new();
    match &e.check {
        Check::PodReady { at, pod, ready } => {
            f.push(format!("at: {}", format_duration(*at)));
            match pod {
                PodRef::Name(name) => f.push(format!("pod: {}", quote(name))),
                PodRef::Replica { workload, replica } => {
                    f.push(format!("workload: {}", quote(workload)));
                    f.push(format!("replica: {replica}"));
                }
            }
            f.push(format!("ready: {ready}"));
        }
        Check::Restarts { container, workload, at, restarts } => {
            f.push(format!("container: {}", quote(container)));
            f.extend(workload.as_ref().map(|w| format!("workload: {}", quote(w))));
            f.extend(at.map(|t| format!("at: {}", format_duration(t))));
            f.push(format!("restarts: {}", bounds(restarts)));
        }
        Check::Event { reason, workload, pod, container, message, between: window, count } => {
            let mut inner = vec![format!("reason: {}", quote(reason))];
            inner.extend(workload.as_ref().map(|w| format!("workload: {}", quote(w))));
            inner.extend(pod.as_ref().map(|p| format!("pod: {}", quote(p))));
            inner.extend(container.as_ref().map(|c| format!("container: {}", quote(c))));
            inner.extend(message.as_ref().map(|m| format!("message: {}", quote(m))));
            inner.extend(between(window));
            inner.push(format!("count: {}", bounds(count)));
            f.push(format!("event: {{{}}}", inner.join(", ")));
        }
        Check::Endpoints { service, ready, from, until } => {
            f.push(format!("service: {}", quote(service)));
            let mut inner = vec![format!("ready: {}", bounds(ready)), format!("from: {}", format_duration(*from))];
            inner.extend(until.map(|u| format!("until: {}", format_duration(u))));
            f.push(format!("endpoints: {{{}}}", inner.join(", ")));
        }
        Check::Traffic { service, failed, ok, between: window } => {
            let mut inner = vec![format!("service: {}", quote(service))];
            inner.extend(failed.as_ref().map(|b| format!("failed: {}", bounds(b))));
            inner.extend(ok.as_ref().map(|b| format!("ok: {}", bounds(b))));
            inner.extend(between(window));
            f.push(format!("traffic: {{{}}}", inner.join(", ")));
        }
    }
    f.extend(e.note.as_ref().map(|n| format!("note: {}", quote(n))));
    f
}

/// A probe as a flow mapping, every field written out (they are defaulted).
pub fn probe_yaml(p: &Probe) -> String {
    let port = |port: &PortRef| match port {
        PortRef::Number(n) => n.to_string(),
        PortRef::Name(name) => quote(name),
    };
    let host = |host: &Option<String>| host.as_ref().map(|h| format!(", host: {}", quote(h))).unwrap_or_default();
    let handler = match &p.handler {
        Handler::Exec { command } => {
            let args: Vec<String> = command.iter().map(|a| quote(a)).collect();
            format!("exec: {{command: [{}]}}", args.join(", "))
        }
        Handler::HttpGet { path, port: to, host: h, scheme, headers } => {
            let scheme = if *scheme == Scheme::Https { ", scheme: HTTPS" } else { "" };
            let headers = if headers.is_empty() {
                String::new()
            } else {
                let list: Vec<String> =
                    headers.iter().map(|(n, v)| format!("{{name: {}, value: {}}}", quote(n), quote(v))).collect();
                format!(", httpHeaders: [{}]", list.join(", "))
            };
            format!("httpGet: {{path: {}, port: {}{}{scheme}{headers}}}", quote(path), port(to), host(h))
        }
        Handler::TcpSocket { port: to, host: h } => format!("tcpSocket: {{port: {}{}}}", port(to), host(h)),
        Handler::Grpc { port, service } => format!("grpc: {{port: {port}, service: {}}}", quote(service)),
    };
    let mut fields = vec![
        handler,
        format!("initialDelaySeconds: {}", p.initial_delay_seconds),
        format!("timeoutSeconds: {}", p.timeout_seconds),
        format!("periodSeconds: {}", p.period_seconds),
        format!("successThreshold: {}", p.success_threshold),
        format!("failureThreshold: {}", p.failure_threshold),
    ];
    if let Some(g) = p.termination_grace_period_seconds {
        fields.push(format!("terminationGracePeriodSeconds: {g}"));
    }
    format!("{{{}}}", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::scenario;

    /// What reading forgets: where actions, rollout probes and
    /// expectations were written.
    fn unplaced(mut b: super::Behaviour) -> super::Behaviour {
        for e in &mut b.expect {
            e.line = 0;
        }
        for action in &mut b.actions {
            action.line = 0;
            if let super::Verb::Rollout(r) = &mut action.verb {
                for probe in r.probes.iter_mut().flat_map(|(_, p)| p.as_mut()) {
                    probe.span = Default::default();
                }
            }
        }
        b
    }

    /// Every gallery lesson's behaviour, written and read back, is the same.
    #[test]
    fn the_written_document_reads_back_the_same() {
        for example in crate::gallery::examples() {
            let loaded = scenario::load(example.text);
            let (manifests, _) = example.text.split_once("\n---\nkind: Behaviour").expect("a behaviour document");
            let written = format!("{manifests}\n---\n{}", super::to_yaml(&loaded.behaviour));
            let reread = scenario::load(&written);
            assert!(!reread.has_errors(), "{}: {:?}\n{written}", example.id, reread.diagnostics);
            assert_eq!(unplaced(reread.behaviour), unplaced(loaded.behaviour), "{}", example.id);
        }
    }
}
