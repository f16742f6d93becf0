//! Reads the `kind: Behaviour` document into `Behaviour`, with the same care
//! as the Kubernetes documents: unknown fields with a did-you-mean, bad
//! durations, and references to containers, workloads, Services or paths that
//! the scenario does not have, each at its line and column.

use super::*;
use crate::diagnostic::{Diagnostic, nearest};
use crate::load::{Cx, Field, Schema, check_known, child};
use crate::yaml::{Node, Span};

/// Names the scenario's Kubernetes documents define, to check references.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub workloads: Vec<String>,
    pub containers: Vec<String>,
    pub services: Vec<String>,
    /// HTTP paths that probes request.
    pub paths: Vec<String>,
}

/// The fields of one object of the document, for the loader's unknown-field
/// check; `also` adds a set several objects share (a rule's window).
const fn schema(fields: &'static [&'static str], also: &'static [&'static str]) -> Schema {
    Schema { fields, also, misplaced: &[] }
}

const WINDOW: &[&str] = &["from", "until", "after", "before", "afterSigterm"];
const APP_BODY: &[&str] =
    &["startup", "startupOnRestart", "pull", "ports", "http", "tcp", "grpc", "exec", "files", "crash", "onSigterm"];
const VERBS: &[&str] =
    &["fail", "recover", "hang", "set", "touch", "remove", "crash", "oom", "delete", "scale", "rollout", "rollback"];

const TOP: Schema = schema(&["apiVersion", "kind", "metadata", "simulation", "apps", "actions", "traffic"], &[]);
const SIMULATION: Schema = schema(&["duration", "seed", "nodes"], &[]);
/// An `apps` entry: its selector, then what the app does.
const APP: Schema = schema(&["container", "workload", "image", "replicas", "pod"], APP_BODY);
const SET: Schema = schema(APP_BODY, &[]);
const HTTP: Schema = schema(&["path", "port", "status", "latency", "hang", "redirect", "body"], WINDOW);
const TCP: Schema = schema(&["port", "listening"], WINDOW);
const GRPC: Schema = schema(&["service", "port", "status", "latency"], WINDOW);
const EXEC: Schema = schema(&["command", "exitCode", "output", "duration", "checksHttp"], WINDOW);
const CHECKS_HTTP: Schema = schema(&["path", "port"], &[]);
const FILES: Schema = schema(&["path", "exists"], WINDOW);
const CRASH: Schema = schema(&["at", "after", "exitCode", "oom"], &[]);
const SIGTERM: Schema = schema(&["exitAfter", "exitCode", "ignore"], &[]);
/// An action: what it targets, then its one verb.
const ACTION: Schema = schema(&["at", "workload", "pod", "replica", "container", "note"], VERBS);
const ENDPOINT_VERB: Schema = schema(&["path", "port", "status"], &[]);
const CRASH_VERB: Schema = schema(&["exitCode"], &[]);
const ROLLOUT: Schema = schema(&["image", "container", "livenessProbe", "readinessProbe", "startupProbe"], &[]);
const TRAFFIC: Schema = schema(&["service", "rps", "path", "timeout", "from", "until"], &[]);

/// Parses the behaviour documents of a scenario (normally one; later ones
/// add to the earlier).
pub fn parse(docs: &[Node], known: &Known) -> (Behaviour, Vec<Diagnostic>) {
    let mut r = Reader { cx: Cx::default(), known };
    let mut b = Behaviour::default();
    for doc in docs {
        r.document(doc, &mut b);
    }
    (b, r.cx.finish())
}

struct Reader<'a> {
    /// The loader's diagnostics sink: the same cap and clipping of quoted text.
    cx: Cx,
    known: &'a Known,
}

impl Reader<'_> {
    fn error(&mut self, span: Span, path: &str, message: impl Into<String>) {
        self.cx.error(span, path, message);
    }

    /// The entries of a mapping, in order, that `schema` has; any other is
    /// an unknown field, reported as in the Kubernetes documents.
    fn fields<'n>(&mut self, node: &'n Node, path: &str, schema: &Schema) -> Vec<(&'n str, &'n Node)> {
        self.entries(node, path, schema).into_iter().map(|(name, _, value)| (name, value)).collect()
    }

    /// `fields`, with each entry's key node too.
    fn entries<'n>(&mut self, node: &'n Node, path: &str, schema: &Schema) -> Vec<(&'n str, &'n Node, &'n Node)> {
        let Some(entries) = node.as_map() else {
            if !node.is_null() {
                self.error(node.span, path, format!("expected a mapping, found {}", node.kind_name()));
            }
            return vec![];
        };
        entries
            .iter()
            .filter_map(|(key, value)| {
                let name = key.as_str().unwrap_or("");
                check_known(&mut self.cx, schema, name, key.span, &child(path, name)).then_some((name, key, value))
            })
            .collect()
    }

    fn list<'n>(&mut self, node: &'n Node, path: &str) -> &'n [Node] {
        match node.as_seq() {
            Some(items) => items,
            None => {
                if !node.is_null() {
                    self.error(node.span, path, format!("expected a list, found {}", node.kind_name()));
                }
                &[]
            }
        }
    }

    fn duration(&mut self, node: &Node, path: &str) -> Option<Millis> {
        let text = match (node.as_int(), node.as_str()) {
            (Some(n), _) if n >= 0 => return Some(n.saturating_mul(1000)),
            (_, Some(s)) if node.as_map().is_none() => s.to_string(),
            _ => {
                self.error(
                    node.span,
                    path,
                    format!("expected a duration like 10s or 1m30s, found {}", node.kind_name()),
                );
                return None;
            }
        };
        match parse_duration(&text) {
            Ok(ms) => Some(ms),
            Err(message) => {
                self.error(node.span, path, message);
                None
            }
        }
    }

    fn int(&mut self, node: &Node, path: &str, min: i64, max: i64) -> Option<i64> {
        match node.as_int() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.error(node.span, path, format!("{n} is out of range {min}..={max}"));
                None
            }
            None => {
                self.error(node.span, path, format!("expected an integer, found {}", node.kind_name()));
                None
            }
        }
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match node.as_scalar() {
            Some(s) if !node.is_null() => Some(s.text.clone()),
            _ => {
                self.error(node.span, path, format!("expected a string, found {}", node.kind_name()));
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, path: &str) -> Option<bool> {
        let b = node.as_bool();
        if b.is_none() {
            self.error(node.span, path, format!("expected true or false, found {}", node.kind_name()));
        }
        b
    }

    fn port(&mut self, node: &Node, path: &str) -> Option<i32> {
        self.int(node, path, 1, 65535).map(|p| p as i32)
    }

    /// A name that must be one of `candidates`: an error with a suggestion if not.
    fn reference(&mut self, node: &Node, path: &str, what: &str, candidates: &[String]) -> Option<String> {
        let name = self.string(node, path)?;
        if !candidates.is_empty() && !candidates.contains(&name) && name != "*" {
            let mut d = Diagnostic::error(node.span, path, format!("the scenario has no {what} named \"{name}\""));
            if let Some(s) = nearest(&name, candidates.iter().map(String::as_str)) {
                d = d.with_suggestion(s);
            }
            self.cx.push(d);
        }
        (name != "*").then_some(name)
    }

    fn document(&mut self, doc: &Node, b: &mut Behaviour) {
        for (key, value) in self.fields(doc, "", &TOP) {
            match key {
                "simulation" => {
                    for (k, v) in self.fields(value, "simulation", &SIMULATION) {
                        let path = child("simulation", k);
                        match k {
                            "duration" => {
                                if let Some(d) = self.duration(v, &path) {
                                    if d == 0 || d > MAX_DURATION {
                                        self.error(
                                            v.span,
                                            &path,
                                            format!(
                                                "the duration must be more than 0 and at most {}",
                                                format_duration(MAX_DURATION)
                                            ),
                                        );
                                    } else {
                                        b.duration = d;
                                    }
                                }
                            }
                            "seed" => {
                                match v.as_scalar().filter(|s| !s.quoted).and_then(|s| s.text.parse::<u64>().ok()) {
                                    Some(seed) => b.seed = seed,
                                    None => self.error(
                                        v.span,
                                        &path,
                                        format!("expected a seed from 0 to {}, found {}", u64::MAX, v.kind_name()),
                                    ),
                                }
                            }
                            _ => b.nodes = self.int(v, &path, 1, 100).map_or(b.nodes, |n| n as u32),
                        }
                    }
                }
                "apps" => {
                    for (i, item) in self.list(value, "apps").iter().enumerate() {
                        let path = format!("apps[{i}]");
                        let mut app = AppRules::default();
                        for (k, v) in self.fields(item, &path, &APP) {
                            if !self.selector_field(k, v, &child(&path, k), &mut app.selector) {
                                self.app_field(k, v, &child(&path, k), &mut app);
                            }
                        }
                        b.apps.push(app);
                    }
                }
                "actions" => {
                    for (i, item) in self.list(value, "actions").iter().enumerate() {
                        if let Some(action) = self.action(item, &format!("actions[{i}]")) {
                            b.actions.push(action);
                        }
                    }
                    b.actions.sort_by_key(|a| a.at);
                }
                "traffic" => {
                    for (i, item) in self.list(value, "traffic").iter().enumerate() {
                        if let Some(t) = self.traffic(item, &format!("traffic[{i}]")) {
                            b.traffic.push(t);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn selector_field(&mut self, key: &str, v: &Node, path: &str, s: &mut Selector) -> bool {
        let known = self.known;
        match key {
            "container" => s.container = self.reference(v, path, "container", &known.containers),
            "workload" => s.workload = self.reference(v, path, "workload", &known.workloads),
            "pod" => s.pod = self.string(v, path),
            "image" => s.image = self.string(v, path),
            "replicas" => {
                let items: Vec<u32> = match v.as_seq() {
                    Some(items) => {
                        items.iter().filter_map(|n| self.int(n, path, 0, 10_000)).map(|n| n as u32).collect()
                    }
                    None => self.int(v, path, 0, 10_000).map(|n| vec![n as u32]).unwrap_or_default(),
                };
                s.replicas = Some(items);
            }
            _ => return false,
        }
        true
    }

    fn window_field(&mut self, key: &str, v: &Node, path: &str, w: &mut Window) -> bool {
        match key {
            "from" => w.from = self.duration(v, path),
            "until" => w.until = self.duration(v, path),
            "after" => w.after = self.duration(v, path),
            "before" => w.before = self.duration(v, path),
            "afterSigterm" => w.after_sigterm = self.boolean(v, path).unwrap_or(false),
            _ => return false,
        }
        true
    }

    /// The fields of a rule that has a window: the window's are read into
    /// `window`, the others are returned with their paths.
    fn rule_fields<'n>(
        &mut self,
        item: &'n Node,
        path: &str,
        schema: &Schema,
        window: &mut Window,
    ) -> Vec<(&'n str, &'n Node, String)> {
        let fields = self.fields(item, path, schema);
        fields
            .into_iter()
            .map(|(k, v)| (k, v, child(path, k)))
            .filter(|(k, v, kp)| !self.window_field(k, v, kp, window))
            .collect()
    }

    fn app_field(&mut self, key: &str, v: &Node, path: &str, app: &mut AppRules) {
        match key {
            "startup" => app.startup = self.duration(v, path),
            "startupOnRestart" => app.startup_on_restart = self.duration(v, path),
            "pull" => app.pull = self.duration(v, path),
            "ports" => {
                let ports = self.list(v, path).iter().filter_map(|p| self.port(p, path)).collect();
                app.ports = Some(ports);
            }
            "http" => {
                for (i, item) in self.list(v, path).iter().enumerate() {
                    app.http.push(self.http_rule(item, &format!("{path}[{i}]")));
                }
            }
            "tcp" => {
                for (i, item) in self.list(v, path).iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    let mut rule = TcpRule { listening: true, ..TcpRule::default() };
                    for (k, v, kp) in self.rule_fields(item, &p, &TCP, &mut rule.window) {
                        match k {
                            "port" => rule.port = self.port(v, &kp),
                            _ => rule.listening = self.boolean(v, &kp).unwrap_or(true),
                        }
                    }
                    app.tcp.push(rule);
                }
            }
            "grpc" => {
                for (i, item) in self.list(v, path).iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    let mut rule =
                        GrpcRule { window: Window::default(), service: None, port: None, status: None, latency: None };
                    for (k, v, kp) in self.rule_fields(item, &p, &GRPC, &mut rule.window) {
                        match k {
                            "service" => rule.service = self.string(v, &kp),
                            "port" => rule.port = self.port(v, &kp),
                            "latency" => rule.latency = self.duration(v, &kp),
                            _ => rule.status = self.grpc_status(v, &kp),
                        }
                    }
                    app.grpc.push(rule);
                }
            }
            "exec" => {
                for (i, item) in self.list(v, path).iter().enumerate() {
                    app.exec.push(self.exec_rule(item, &format!("{path}[{i}]")));
                }
            }
            "files" => {
                for (i, item) in self.list(v, path).iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    let mut rule = FileRule { window: Window::default(), path: String::new(), exists: true };
                    for (k, v, kp) in self.rule_fields(item, &p, &FILES, &mut rule.window) {
                        match k {
                            "path" => rule.path = self.string(v, &kp).unwrap_or_default(),
                            _ => rule.exists = self.boolean(v, &kp).unwrap_or(true),
                        }
                    }
                    if rule.path.is_empty() {
                        self.error(item.span, &p, "a file rule needs a `path`");
                    } else {
                        app.files.push(rule);
                    }
                }
            }
            "crash" => {
                for (i, item) in self.list(v, path).iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    let mut rule = CrashRule { at: None, after: None, exit_code: 1, oom: false };
                    for (k, v) in self.fields(item, &p, &CRASH) {
                        let kp = child(&p, k);
                        match k {
                            "at" => rule.at = self.duration(v, &kp),
                            "after" => rule.after = self.duration(v, &kp),
                            "exitCode" => rule.exit_code = self.int(v, &kp, 0, 255).unwrap_or(1) as i32,
                            _ => rule.oom = self.boolean(v, &kp).unwrap_or(false),
                        }
                    }
                    if rule.oom {
                        rule.exit_code = 137;
                    }
                    if rule.at.is_none() && rule.after.is_none() {
                        self.error(
                            item.span,
                            &p,
                            "a crash needs `at` (scenario time) or `after` (time since each start)",
                        );
                    } else {
                        app.crash.push(rule);
                    }
                }
            }
            _ => app.on_sigterm = self.sigterm(v, path),
        }
    }

    fn http_rule(&mut self, item: &Node, p: &str) -> HttpRule {
        let mut rule = HttpRule::default();
        for (k, v, kp) in self.rule_fields(item, p, &HTTP, &mut rule.window) {
            match k {
                "path" => {
                    rule.path = self.string(v, &kp);
                    if let Some(path) = &rule.path {
                        self.check_path(v, &kp, path);
                    }
                }
                "port" => rule.port = self.port(v, &kp),
                "status" => rule.status = self.int(v, &kp, 100, 599).map(|s| s as u16),
                "latency" => rule.latency = self.duration(v, &kp),
                "hang" => rule.hang = self.boolean(v, &kp),
                "redirect" => rule.redirect = self.string(v, &kp),
                _ => rule.body = self.string(v, &kp),
            }
        }
        if rule.redirect.is_some() && rule.status.is_none() {
            rule.status = Some(302);
        }
        rule
    }

    /// A path no probe requests, close to one that does, is likely a typo;
    /// or the app does serve it and a probe has the typo. Either way the
    /// scenario runs, so this is a warning.
    fn check_path(&mut self, node: &Node, path: &str, value: &str) {
        let paths = &self.known.paths;
        if paths.is_empty() || paths.iter().any(|p| p == value || p.split('?').next() == Some(value)) {
            return;
        }
        if let Some(s) = nearest(value, paths.iter().map(String::as_str)) {
            let d = Diagnostic::warning(node.span, path, format!("no probe requests the path \"{value}\""))
                .with_suggestion(s);
            self.cx.push(d);
        }
    }

    fn exec_rule(&mut self, item: &Node, p: &str) -> ExecRule {
        let mut rule = ExecRule::default();
        for (k, v, kp) in self.rule_fields(item, p, &EXEC, &mut rule.window) {
            match k {
                "command" => rule.command = self.string(v, &kp),
                "exitCode" => rule.exit_code = self.int(v, &kp, 0, 255).map(|c| c as i32),
                "output" => rule.output = self.string(v, &kp),
                "duration" => rule.duration = self.duration(v, &kp),
                _ => {
                    let mut target = (String::from("/"), None);
                    for (hk, hv) in self.fields(v, &kp, &CHECKS_HTTP) {
                        match hk {
                            "path" => target.0 = self.string(hv, &child(&kp, hk)).unwrap_or_default(),
                            _ => target.1 = self.port(hv, &child(&kp, hk)),
                        }
                    }
                    rule.checks_http = Some(target);
                }
            }
        }
        rule
    }

    fn grpc_status(&mut self, v: &Node, path: &str) -> Option<GrpcStatus> {
        let text = self.string(v, path)?;
        match text.as_str() {
            "SERVING" => Some(GrpcStatus::Serving),
            "NOT_SERVING" => Some(GrpcStatus::NotServing),
            "UNIMPLEMENTED" => Some(GrpcStatus::Unimplemented),
            other => {
                let mut d = Diagnostic::error(
                    v.span,
                    path,
                    format!("unknown gRPC health status \"{other}\"; use SERVING, NOT_SERVING or UNIMPLEMENTED"),
                );
                if let Some(s) = nearest(other, ["SERVING", "NOT_SERVING", "UNIMPLEMENTED"]) {
                    d = d.with_suggestion(s);
                }
                self.cx.push(d);
                None
            }
        }
    }

    fn sigterm(&mut self, v: &Node, path: &str) -> Option<Sigterm> {
        if v.as_str() == Some("ignore") {
            return Some(Sigterm::Ignore);
        }
        let (mut after, mut code, mut ignore) = (0, 143, false);
        for (k, v) in self.fields(v, path, &SIGTERM) {
            let kp = child(path, k);
            match k {
                "exitAfter" => after = self.duration(v, &kp).unwrap_or(0),
                "exitCode" => code = self.int(v, &kp, 0, 255).unwrap_or(143) as i32,
                _ => ignore = self.boolean(v, &kp).unwrap_or(false),
            }
        }
        Some(if ignore { Sigterm::Ignore } else { Sigterm::Exit { after, code } })
    }

    fn action(&mut self, item: &Node, p: &str) -> Option<Action> {
        let mut action = Action {
            at: 0,
            workload: None,
            pod: None,
            replica: None,
            container: None,
            verb: Verb::Delete,
            line: item.span.line,
        };
        let mut verb: Option<Verb> = None;
        let mut has_at = false;
        let known = self.known;
        for (k, v) in self.fields(item, p, &ACTION) {
            let kp = child(p, k);
            let parsed = match k {
                "at" => {
                    has_at = true;
                    action.at = self.duration(v, &kp).unwrap_or(0);
                    continue;
                }
                "workload" => {
                    action.workload = self.reference(v, &kp, "workload", &known.workloads);
                    continue;
                }
                "pod" => {
                    action.pod = self.string(v, &kp);
                    continue;
                }
                "replica" => {
                    action.replica = self.int(v, &kp, 0, 10_000).map(|n| n as u32);
                    continue;
                }
                "container" => {
                    action.container = self.reference(v, &kp, "container", &known.containers);
                    continue;
                }
                "note" => continue,
                "fail" | "recover" | "hang" => self.endpoint_verb(k, v, &kp),
                "set" => {
                    let mut app = AppRules::default();
                    for (sk, sv) in self.fields(v, &kp, &SET) {
                        self.app_field(sk, sv, &child(&kp, sk), &mut app);
                    }
                    Some(Verb::Set(Box::new(app)))
                }
                "touch" => self.string(v, &kp).map(Verb::Touch),
                "remove" => self.string(v, &kp).map(Verb::Remove),
                "crash" => {
                    let exit_code = match v.as_map() {
                        Some(_) => {
                            let mut code = 1;
                            for (ck, cv) in self.fields(v, &kp, &CRASH_VERB) {
                                code = self.int(cv, &child(&kp, ck), 0, 255).unwrap_or(1) as i32;
                            }
                            code
                        }
                        None => v.as_int().map_or(1, |c| c as i32),
                    };
                    Some(Verb::Crash { exit_code, oom: false })
                }
                "oom" => Some(Verb::Crash { exit_code: 137, oom: true }),
                "delete" => Some(Verb::Delete),
                "scale" => self.int(v, &kp, 0, MAX_SCALE).map(|n| Verb::Scale(n as i32)),
                "rollout" => self.rollout(v, &kp),
                _ => Some(Verb::Rollback),
            };
            if let Some(parsed) = parsed {
                if verb.is_some() {
                    self.error(v.span, &kp, "an action does one thing; split this into two actions");
                }
                verb = Some(parsed);
            }
        }
        if !has_at {
            self.error(item.span, p, "an action needs `at`, the scenario time it happens");
        }
        let Some(verb) = verb else {
            self.error(item.span, p, format!("an action needs one of: {}", VERBS.join(", ")));
            return None;
        };
        let needs_workload = matches!(verb, Verb::Scale(_) | Verb::Rollout(_) | Verb::Rollback);
        if action.workload.is_none() && (needs_workload || action.pod.is_none()) {
            self.error(item.span, p, "an action needs a `workload` (or, for pod actions, a `pod`)");
            return None;
        }
        action.verb = verb;
        Some(action)
    }

    /// `rollout: example/web:2.0`, or the long form
    /// `rollout: {container: web, image: example/web:2.0, livenessProbe: {...}}`
    /// whose probes replace the container's (`null` removes one).
    fn rollout(&mut self, v: &Node, path: &str) -> Option<Verb> {
        let known = self.known;
        let mut rollout = Rollout::default();
        let mut asked_for_probes = false;
        let entries = if v.as_map().is_some() {
            self.entries(v, path, &ROLLOUT)
        } else {
            rollout.image = self.string(v, path);
            vec![]
        };
        for (name, key, value) in entries {
            let kp = child(path, name);
            match name {
                "image" => rollout.image = self.string(value, &kp),
                "container" => rollout.container = self.reference(value, &kp, "container", &known.containers),
                _ => {
                    asked_for_probes = true;
                    let Some(kind) = ProbeKind::ALL.into_iter().find(|&k| crate::load::probe_field_name(k) == name)
                    else {
                        continue;
                    };
                    if value.is_null() {
                        rollout.probes.push((kind, None));
                        continue;
                    }
                    // A probe the API server would reject is left out, as in
                    // a manifest; the note says so.
                    let field = Field { key, value, path: kp };
                    if let Some(probe) = crate::load::standalone_probe(&mut self.cx, &field, kind) {
                        rollout.probes.push((kind, Some(probe)));
                    }
                }
            }
        }
        if rollout.image.is_none() && !asked_for_probes {
            self.error(
                v.span,
                path,
                "a rollout needs a new `image` or a new probe (`livenessProbe`, `readinessProbe`, `startupProbe`)",
            );
            return None;
        }
        Some(Verb::Rollout(Box::new(rollout)))
    }

    /// `fail: /health`, `recover: /health`, `hang: /health`, or the long form
    /// `fail: {path: /health, status: 503, port: 8080}`.
    fn endpoint_verb(&mut self, verb: &str, v: &Node, path: &str) -> Option<Verb> {
        let mut rule = HttpRule::default();
        if v.as_map().is_some() {
            for (k, hv) in self.fields(v, path, &ENDPOINT_VERB) {
                let kp = child(path, k);
                match k {
                    "path" => rule.path = self.string(hv, &kp),
                    "port" => rule.port = self.port(hv, &kp),
                    _ => rule.status = self.int(hv, &kp, 100, 599).map(|s| s as u16),
                }
            }
        } else if !v.is_null() && v.as_bool().is_none() {
            rule.path = self.string(v, path);
        }
        if let Some(p) = rule.path.clone() {
            self.check_path(v, path, &p);
        }
        match verb {
            "fail" => rule.status = Some(rule.status.unwrap_or(500)),
            "recover" => {
                rule.status = Some(rule.status.unwrap_or(200));
                rule.hang = Some(false);
                rule.latency = Some(0);
            }
            _ => rule.hang = Some(true),
        }
        Some(Verb::Set(Box::new(AppRules { http: vec![rule], ..AppRules::default() })))
    }

    fn traffic(&mut self, item: &Node, p: &str) -> Option<Traffic> {
        let mut t =
            Traffic { service: String::new(), rps: 10, path: "/".into(), window: Window::default(), timeout: None };
        let known = self.known;
        for (k, v, kp) in self.rule_fields(item, p, &TRAFFIC, &mut t.window) {
            match k {
                "service" => t.service = self.reference(v, &kp, "Service", &known.services).unwrap_or_default(),
                "rps" => t.rps = self.int(v, &kp, 0, MAX_RPS).unwrap_or(10) as u32,
                "timeout" => match self.duration(v, &kp) {
                    Some(0) => self.error(v.span, &kp, "a client timeout must be more than 0"),
                    d => t.timeout = d,
                },
                _ => t.path = self.string(v, &kp).unwrap_or_else(|| "/".into()),
            }
        }
        if t.service.is_empty() {
            self.error(item.span, p, "traffic needs the `service` it goes to");
            return None;
        }
        Some(t)
    }
}

/// Bounds that keep a scenario simulable in the browser; each is stated in
/// the error it causes.
pub const MAX_DURATION: Millis = 7 * 24 * 3_600_000;
const MAX_SCALE: i64 = 100;
const MAX_RPS: i64 = 100_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::yaml::parse_stream;

    fn read(text: &str) -> (Behaviour, Vec<Diagnostic>) {
        let known = Known {
            workloads: vec!["web".into()],
            containers: vec!["app".into()],
            services: vec!["web".into()],
            paths: vec!["/health".into()],
        };
        let (docs, err) = parse_stream(text);
        assert!(err.is_none());
        parse(&[docs[0].root.clone().unwrap()], &known)
    }

    #[test]
    fn reads_a_full_document() {
        let (b, diags) = read(
            "kind: Behaviour\nsimulation: {duration: 5m, seed: 9}\napps:\n- container: app\n  startup: 10s\n  http:\n  - path: /health\n    after: 60s\n    status: 503\n  onSigterm: {exitAfter: 20s, exitCode: 0}\nactions:\n- at: 2m\n  workload: web\n  touch: /tmp/ready\ntraffic:\n- service: web\n  rps: 20\n  timeout: 1s\n",
        );
        assert_eq!(diags, vec![]);
        assert_eq!((b.duration, b.seed), (300_000, 9));
        assert_eq!(b.apps[0].startup, Some(10_000));
        assert_eq!(b.apps[0].http[0].window.after, Some(60_000));
        assert_eq!(b.apps[0].on_sigterm, Some(Sigterm::Exit { after: 20_000, code: 0 }));
        assert_eq!(b.actions[0].verb, Verb::Touch("/tmp/ready".into()));
        assert_eq!((b.traffic[0].rps, b.traffic[0].timeout), (20, Some(1_000)));
    }

    #[test]
    fn unknown_fields_bad_durations_and_references_point_at_their_place() {
        let (_, diags) =
            read("kind: Behaviour\napps:\n- container: api\n  startup: 10 sec\n  htp: []\n  http:\n  - path: /helth\n");
        let got: Vec<(u32, u32, Severity, &str, Option<&str>)> = diags
            .iter()
            .map(|d| (d.span.line, d.span.col, d.severity, d.message.as_str(), d.suggestion.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, 14, Severity::Error, "the scenario has no container named \"api\"", Some("app")),
                (
                    4,
                    12,
                    Severity::Error,
                    "`10 sec` is not a duration; write it like 500ms, 10s, 1m30s, 2h or 2:00",
                    None
                ),
                (5, 3, Severity::Error, "unknown field \"htp\"", Some("http")),
                (7, 11, Severity::Warning, "no probe requests the path \"/helth\"", Some("/health")),
            ]
        );
    }

    #[test]
    fn a_rollout_probe_is_read_and_checked_like_one_in_a_manifest() {
        let (b, diags) = read(
            "kind: Behaviour\nactions:\n- at: 1m\n  workload: web\n  rollout:\n    container: app\n    readinessProbe: null\n    livenessProbe:\n      httpGet: {path: /health, port: 8080}\n      periodSecond: 5\n      successThreshold: 2\n",
        );
        let got: Vec<(u32, u32, &str, &str, Option<&str>)> = diags
            .iter()
            .map(|d| (d.span.line, d.span.col, d.path.as_str(), d.message.as_str(), d.suggestion.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    8,
                    5,
                    "actions[0].rollout.livenessProbe",
                    "this livenessProbe is left out of the simulation because the API server would reject it",
                    None
                ),
                (
                    10,
                    7,
                    "actions[0].rollout.livenessProbe.periodSecond",
                    "unknown field \"periodSecond\"",
                    Some("periodSeconds")
                ),
                (11, 25, "actions[0].rollout.livenessProbe.successThreshold", "Invalid value: 2: must be 1", None),
            ]
        );
        let Verb::Rollout(rollout) = &b.actions[0].verb else { panic!("{:?}", b.actions) };
        assert_eq!(rollout.probes, vec![(ProbeKind::Readiness, None)], "the rejected liveness probe is left out");

        let (b, diags) = read(
            "kind: Behaviour\nactions:\n- at: 1m\n  workload: web\n  rollout:\n    livenessProbe:\n      tcpSocket: {port: 8080}\n",
        );
        assert_eq!(diags, vec![]);
        let Verb::Rollout(rollout) = &b.actions[0].verb else { panic!("{:?}", b.actions) };
        let (kind, probe) = &rollout.probes[0];
        assert_eq!((*kind, rollout.image.as_deref()), (ProbeKind::Liveness, None));
        let probe = probe.as_ref().unwrap();
        assert_eq!(
            (probe.period_seconds, probe.timeout_seconds, probe.failure_threshold),
            (10, 1, 3),
            "defaulted as the API server does"
        );
    }
}
