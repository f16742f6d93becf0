//! Reads the `kind: Behaviour` document into `Behaviour`, with the same care
//! as the Kubernetes documents: unknown fields with a did-you-mean, bad
//! durations, and references to containers, workloads, Services or paths that
//! the scenario does not have, each at its line and column.
//!
//! The schemas below are the document's shape. Each reader matches every
//! field of its schema by name, and a test hands every field to its reader,
//! so a field added to a schema cannot go unread. `apps` and `actions` have
//! their readers in the modules of those names.

mod actions;
mod apps;
mod expect;

use super::*;
use crate::diagnostic::{Diagnostic, nearest};
use crate::load::{Cx, Schema, check_known, child};
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
const SELECTOR: &[&str] = &["container", "workload", "image", "replicas", "pod"];
const APP_BODY: &[&str] = &[
    "startup",
    "startupOnRestart",
    "pull",
    "ports",
    "tls",
    "http",
    "tcp",
    "grpc",
    "exec",
    "files",
    "crash",
    "onSigterm",
];
const TARGET: &[&str] = &["at", "workload", "pod", "replica", "container", "note"];
const VERBS: &[&str] =
    &["fail", "recover", "hang", "set", "touch", "remove", "crash", "oom", "delete", "scale", "rollout", "rollback"];

const TOP: Schema =
    schema(&["apiVersion", "kind", "metadata", "simulation", "apps", "hosts", "actions", "traffic", "expect"], &[]);
const SIMULATION: Schema = schema(&["duration", "seed", "nodes"], &crate::cluster::FIELDS);
/// An `apps` entry: its selector, then what the app does.
const APP: Schema = schema(SELECTOR, APP_BODY);
const SET: Schema = schema(APP_BODY, &[]);
/// A `hosts` entry: the host, then what listens there.
const HOST: Schema = schema(&["host"], APP_BODY);
const HTTP: Schema = schema(&["path", "port", "status", "latency", "hang", "redirect", "body"], WINDOW);
const TCP: Schema = schema(&["port", "listening"], WINDOW);
const GRPC: Schema = schema(&["service", "port", "status", "latency"], WINDOW);
const EXEC: Schema = schema(&["command", "exitCode", "output", "duration", "checksHttp"], WINDOW);
const CHECKS_HTTP: Schema = schema(&["path", "port"], &[]);
const FILES: Schema = schema(&["path", "exists"], WINDOW);
const CRASH: Schema = schema(&["at", "after", "exitCode", "oom"], &[]);
const SIGTERM: Schema = schema(&["exitAfter", "exitCode", "ignore"], &[]);
/// An action: what it targets, then its one verb.
const ACTION: Schema = schema(TARGET, VERBS);
const ENDPOINT_VERB: Schema = schema(&["path", "port", "status"], &[]);
const CRASH_VERB: Schema = schema(&["exitCode"], &[]);
const ROLLOUT: Schema = schema(&["image", "container", "livenessProbe", "readinessProbe", "startupProbe"], &[]);
/// Traffic has a window on the scenario clock only: it has no container.
const TRAFFIC: Schema = schema(&["service", "rps", "path", "timeout", "from", "until"], &[]);
/// An `expect` entry: what it is about, then the one thing it checks.
const EXPECT_KINDS: &[&str] = &["ready", "restarts", "event", "endpoints", "traffic"];
const EXPECT: Schema = schema(&["at", "pod", "workload", "replica", "container", "service", "note"], EXPECT_KINDS);
const EVENT_EXPECT: Schema = schema(&["reason", "workload", "pod", "container", "message", "between", "count"], &[]);
const ENDPOINTS_EXPECT: Schema = schema(&["ready", "from", "until"], &[]);
const TRAFFIC_EXPECT: Schema = schema(&["service", "failed", "ok", "between"], &[]);
const BOUNDS: Schema = schema(&["min", "max"], &[]);

/// Bounds that keep a scenario simulable in the browser; each is stated in
/// the error it causes.
pub const MAX_DURATION: Millis = 7 * 24 * 3_600_000;
const MAX_SCALE: i64 = 100;
const MAX_RPS: i64 = 100_000;

/// How long a scenario runs: more than 0 and at most `MAX_DURATION`, in
/// `simulation.duration` and on the command line alike.
pub fn run_length(duration: Millis) -> Result<Millis, String> {
    if duration == 0 || duration > MAX_DURATION {
        return Err(format!("must be more than 0 and at most {}", format_duration(MAX_DURATION)));
    }
    Ok(duration)
}

/// Parses the behaviour documents of a scenario (normally one; later ones
/// add to the earlier). `kubernetes`, from the command line, replaces the
/// version the document names.
pub fn parse(docs: &[Node], known: &Known, kubernetes: Option<Version>) -> (Behaviour, Vec<Diagnostic>) {
    // A rollout's probes are read as this cluster's API server reads them.
    let cluster = crate::cluster::of_behaviour(&docs.iter().collect::<Vec<_>>(), kubernetes);
    let mut r = Reader { cx: Cx::on(cluster), known, cluster: Vec::new() };
    let mut b = Behaviour::default();
    for doc in docs {
        r.document(doc, &mut b);
    }
    let cluster: Vec<(&str, &Node, &Node)> = r.cluster.iter().map(|(n, k, v)| (n.as_str(), k, v)).collect();
    b.cluster = crate::cluster::read(&mut r.cx, &cluster, kubernetes);
    (b, r.cx.finish())
}

/// Where a reader's `match` sends a field that has no arm of its own.
/// `fields` yields only the schema's fields, and a test hands every one of
/// them to its reader, so this is never reached.
fn unread(field: &str) -> ! {
    unreachable!("the schema has `{field}` but its reader has no arm for it")
}

struct Reader<'a> {
    /// The loader's diagnostics sink: the same cap and clipping of quoted text.
    cx: Cx,
    known: &'a Known,
    /// The `simulation` fields that describe the cluster, read together
    /// once every document has been seen (a gate depends on the version).
    cluster: Vec<(String, Node, Node)>,
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
                // The header of every document; the loader has read `kind`.
                "apiVersion" | "kind" | "metadata" => {}
                "simulation" => self.simulation(value, b),
                "apps" => {
                    for (i, item) in self.list(value, "apps").iter().enumerate() {
                        let app = self.app(item, &format!("apps[{i}]"));
                        b.apps.push(app);
                    }
                }
                "hosts" => {
                    for (i, item) in self.list(value, "hosts").iter().enumerate() {
                        if let Some(host) = self.host(item, &format!("hosts[{i}]")) {
                            b.hosts.push(host);
                        }
                    }
                }
                "actions" => {
                    for (i, item) in self.list(value, "actions").iter().enumerate() {
                        if let Some(action) = self.action(item, &format!("actions[{i}]")) {
                            b.actions.push(action);
                        }
                    }
                    crate::sort::sort_by_key(&mut b.actions, |a| a.at);
                }
                "traffic" => {
                    for (i, item) in self.list(value, "traffic").iter().enumerate() {
                        if let Some(t) = self.traffic(item, &format!("traffic[{i}]")) {
                            b.traffic.push(t);
                        }
                    }
                }
                "expect" => {
                    for (i, item) in self.list(value, "expect").iter().enumerate() {
                        if let Some(e) = self.expectation(item, &format!("expect[{i}]")) {
                            b.expect.push(e);
                        }
                    }
                }
                field => unread(field),
            }
        }
    }

    fn simulation(&mut self, node: &Node, b: &mut Behaviour) {
        for (k, key, v) in self.entries(node, "simulation", &SIMULATION) {
            let path = child("simulation", k);
            match k {
                // Read together once every document has been seen.
                "kubernetes" | "featureGates" | "kubelet" => self.cluster.push((k.to_string(), key.clone(), v.clone())),
                "duration" => match self.duration(v, &path).map(run_length) {
                    Some(Ok(d)) => b.duration = d,
                    Some(Err(e)) => self.error(v.span, &path, format!("the duration {e}")),
                    None => {}
                },
                "seed" => match v.as_scalar().filter(|s| !s.quoted).and_then(|s| s.text.parse::<u64>().ok()) {
                    Some(seed) => b.seed = seed,
                    None => self.error(
                        v.span,
                        &path,
                        format!("expected a seed from 0 to {}, found {}", u64::MAX, v.kind_name()),
                    ),
                },
                "nodes" => b.nodes = self.int(v, &path, 1, 100).map_or(b.nodes, |n| n as u32),
                field => unread(field),
            }
        }
    }

    fn window_field(&mut self, key: &str, v: &Node, path: &str, w: &mut Window) {
        match key {
            "from" => w.from = self.duration(v, path),
            "until" => w.until = self.duration(v, path),
            "after" => w.after = self.duration(v, path),
            "before" => w.before = self.duration(v, path),
            "afterSigterm" => w.after_sigterm = self.boolean(v, path).unwrap_or(false),
            field => unread(field),
        }
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
        let mut own = Vec::new();
        for (k, v) in self.fields(item, path, schema) {
            let kp = child(path, k);
            if WINDOW.contains(&k) {
                self.window_field(k, v, &kp, window);
            } else {
                own.push((k, v, kp));
            }
        }
        own
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
                "path" => t.path = self.string(v, &kp).unwrap_or_else(|| "/".into()),
                field => unread(field),
            }
        }
        if t.service.is_empty() {
            self.error(item.span, p, "traffic needs the `service` it goes to");
            return None;
        }
        Some(t)
    }
}

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
        parse(&[docs[0].root.clone().unwrap()], &known, None)
    }

    /// A flow mapping of every field of `schema`, each `null` but those
    /// given in `nested`.
    fn every_field(schema: &Schema, nested: &[(&str, String)]) -> String {
        let value = |field: &str| nested.iter().find(|(f, _)| *f == field).map_or("null", |(_, v)| v.as_str());
        let fields: Vec<String> =
            schema.fields.iter().chain(schema.also).map(|f| format!("{f}: {}", value(f))).collect();
        format!("{{{}}}", fields.join(", "))
    }

    #[test]
    fn every_schema_field_has_an_arm_in_its_reader() {
        // One document with every field of every schema, nested where the
        // readers look for them; a field without an arm would reach `unread`.
        let list = |schema: &Schema, nested: &[(&str, String)]| format!("[{}]", every_field(schema, nested));
        let exec = [("checksHttp", every_field(&CHECKS_HTTP, &[]))];
        let app = [
            ("http", list(&HTTP, &[])),
            ("tcp", list(&TCP, &[])),
            ("grpc", list(&GRPC, &[])),
            ("exec", list(&EXEC, &exec)),
            ("files", list(&FILES, &[])),
            ("crash", list(&CRASH, &[])),
            ("onSigterm", every_field(&SIGTERM, &[])),
        ];
        let action = [
            ("fail", every_field(&ENDPOINT_VERB, &[])),
            ("crash", every_field(&CRASH_VERB, &[])),
            ("set", every_field(&SET, &app)),
            ("rollout", every_field(&ROLLOUT, &[])),
        ];
        let document = every_field(
            &TOP,
            &[
                ("simulation", every_field(&SIMULATION, &[])),
                ("apps", list(&APP, &app)),
                ("hosts", list(&HOST, &app)),
                ("actions", list(&ACTION, &action)),
                ("traffic", list(&TRAFFIC, &[])),
                (
                    "expect",
                    format!(
                        "[{}, {}, {}]",
                        every_field(
                            &EXPECT,
                            &[("event", every_field(&EVENT_EXPECT, &[("count", every_field(&BOUNDS, &[]))]))]
                        ),
                        every_field(&EXPECT, &[("endpoints", every_field(&ENDPOINTS_EXPECT, &[]))]),
                        every_field(&EXPECT, &[("traffic", every_field(&TRAFFIC_EXPECT, &[]))]),
                    ),
                ),
            ],
        );
        let (docs, err) = parse_stream(&document);
        assert!(err.is_none(), "{document}");
        let (_, diagnostics) = parse(&[docs[0].root.clone().unwrap()], &Known::default(), None);
        // Every field was read as one of its schema's.
        assert!(diagnostics.iter().all(|d| !d.message.starts_with("unknown field")), "{diagnostics:?}");
        assert!(diagnostics.iter().any(|d| d.path == "actions[0].set.exec[0].checksHttp.port"), "{diagnostics:?}");
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
    fn a_run_lasts_more_than_0_and_at_most_7_days() {
        let (b, diags) = read("kind: Behaviour\nsimulation: {duration: 168h}\n");
        assert_eq!((b.duration, diags), (7 * 24 * 3_600_000, vec![]));
        for too_long in ["0s", "168h0m1s"] {
            let (b, diags) = read(&format!("kind: Behaviour\nsimulation: {{duration: {too_long}}}\n"));
            assert_eq!(b.duration, DEFAULT_DURATION);
            let got: Vec<(u32, u32, &str)> =
                diags.iter().map(|d| (d.span.line, d.span.col, d.message.as_str())).collect();
            assert_eq!(got, [(2, 24, "the duration must be more than 0 and at most 168h")]);
        }
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
