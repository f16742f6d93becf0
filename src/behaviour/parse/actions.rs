//! An `actions` entry: when, on what, and the one thing it does.

use super::*;
use crate::load::Field;

impl Reader<'_> {
    pub(super) fn action(&mut self, item: &Node, p: &str) -> Option<Action> {
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
            if VERBS.contains(&k) {
                if let Some(parsed) = self.verb(k, v, &kp) {
                    if verb.is_some() {
                        self.error(v.span, &kp, "an action does one thing; split this into two actions");
                    }
                    verb = Some(parsed);
                }
                continue;
            }
            match k {
                "at" => {
                    has_at = true;
                    action.at = self.duration(v, &kp).unwrap_or(0);
                }
                "workload" => action.workload = self.reference(v, &kp, "workload", &known.workloads),
                "pod" => action.pod = self.string(v, &kp),
                "replica" => action.replica = self.int(v, &kp, 0, 10_000).map(|n| n as u32),
                "container" => action.container = self.reference(v, &kp, "container", &known.containers),
                // Free text for the reader of the scenario.
                "note" => {}
                field => unread(field),
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

    fn verb(&mut self, name: &str, v: &Node, path: &str) -> Option<Verb> {
        match name {
            "fail" => Some(Verb::fail(self.endpoint(v, path))),
            "recover" => Some(Verb::recover(self.endpoint(v, path))),
            "hang" => Some(Verb::hang(self.endpoint(v, path))),
            "set" => {
                let mut app = AppRules::default();
                for (k, value) in self.fields(v, path, &SET) {
                    self.app_field(k, value, &child(path, k), &mut app);
                }
                Some(Verb::Set(Box::new(app)))
            }
            "touch" => self.string(v, path).map(Verb::Touch),
            "remove" => self.string(v, path).map(Verb::Remove),
            "crash" => Some(Verb::Crash { exit_code: self.crash_exit_code(v, path), oom: false }),
            // Killed by the kernel's OOM killer: SIGKILL, 128 + 9.
            "oom" => Some(Verb::Crash { exit_code: 137, oom: true }),
            "delete" => Some(Verb::Delete),
            "scale" => self.int(v, path, 0, MAX_SCALE).map(|n| Verb::Scale(n as i32)),
            "rollout" => self.rollout(v, path),
            "rollback" => Some(Verb::Rollback),
            field => unread(field),
        }
    }

    /// What `fail`, `recover` and `hang` change: `fail: /health`, or the long
    /// form `fail: {path: /health, status: 503, port: 8080}`.
    fn endpoint(&mut self, v: &Node, path: &str) -> HttpRule {
        let mut rule = HttpRule::default();
        if v.as_map().is_some() {
            for (k, hv) in self.fields(v, path, &ENDPOINT_VERB) {
                let kp = child(path, k);
                match k {
                    "path" => rule.path = self.string(hv, &kp),
                    "port" => rule.port = self.port(hv, &kp),
                    "status" => rule.status = self.int(hv, &kp, 100, 599).map(|s| s as u16),
                    field => unread(field),
                }
            }
        } else if !v.is_null() && v.as_bool().is_none() {
            rule.path = self.string(v, path);
        }
        if let Some(p) = rule.path.clone() {
            self.check_path(v, path, &p);
        }
        rule
    }

    /// `crash: true` (exit 1), `crash: 3`, or `crash: {exitCode: 3}`.
    fn crash_exit_code(&mut self, v: &Node, path: &str) -> i32 {
        if v.as_map().is_none() {
            return v.as_int().map_or(1, |c| c as i32);
        }
        let mut code = 1;
        for (k, value) in self.fields(v, path, &CRASH_VERB) {
            match k {
                "exitCode" => code = self.int(value, &child(path, k), 0, 255).unwrap_or(1) as i32,
                field => unread(field),
            }
        }
        code
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
                "livenessProbe" | "readinessProbe" | "startupProbe" => {
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
                field => unread(field),
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
}
