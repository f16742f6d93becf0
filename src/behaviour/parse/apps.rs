//! An `apps` entry: which containers it describes, and what the app in them
//! does, one reader per kind of rule.

use super::*;

impl Reader<'_> {
    pub(super) fn app(&mut self, item: &Node, path: &str) -> AppRules {
        let mut app = AppRules::default();
        for (k, v) in self.fields(item, path, &APP) {
            let kp = child(path, k);
            if SELECTOR.contains(&k) {
                self.selector_field(k, v, &kp, &mut app.selector);
            } else {
                self.app_field(k, v, &kp, &mut app);
            }
        }
        app
    }

    fn selector_field(&mut self, key: &str, v: &Node, path: &str, s: &mut Selector) {
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
            field => unread(field),
        }
    }

    /// One field of what an app does, in an `apps` entry or a `set` action.
    pub(super) fn app_field(&mut self, key: &str, v: &Node, path: &str, app: &mut AppRules) {
        match key {
            "startup" => app.startup = self.duration(v, path),
            "startupOnRestart" => app.startup_on_restart = self.duration(v, path),
            "ports" => {
                let ports = self.list(v, path).iter().filter_map(|p| self.port(p, path)).collect();
                app.ports = Some(ports);
            }
            "http" => app.http.extend(self.rules(v, path, |r, item, p| Some(r.http_rule(item, p)))),
            "tcp" => app.tcp.extend(self.rules(v, path, |r, item, p| Some(r.tcp_rule(item, p)))),
            "grpc" => app.grpc.extend(self.rules(v, path, |r, item, p| Some(r.grpc_rule(item, p)))),
            "exec" => app.exec.extend(self.rules(v, path, |r, item, p| Some(r.exec_rule(item, p)))),
            "files" => app.files.extend(self.rules(v, path, Reader::file_rule)),
            "crash" => app.crash.extend(self.rules(v, path, Reader::crash_rule)),
            "onSigterm" => app.on_sigterm = self.sigterm(v, path),
            field => unread(field),
        }
    }

    /// A list of rules, each read by `rule` at `path[i]`; the rules it
    /// rejects (with an error) are left out.
    fn rules<T>(&mut self, v: &Node, path: &str, rule: fn(&mut Self, &Node, &str) -> Option<T>) -> Vec<T> {
        let items = self.list(v, path);
        items.iter().enumerate().filter_map(|(i, item)| rule(self, item, &format!("{path}[{i}]"))).collect()
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
                "body" => rule.body = self.string(v, &kp),
                field => unread(field),
            }
        }
        if rule.redirect.is_some() && rule.status.is_none() {
            rule.status = Some(302);
        }
        rule
    }

    fn tcp_rule(&mut self, item: &Node, p: &str) -> TcpRule {
        let mut rule = TcpRule { listening: true, ..TcpRule::default() };
        for (k, v, kp) in self.rule_fields(item, p, &TCP, &mut rule.window) {
            match k {
                "port" => rule.port = self.port(v, &kp),
                "listening" => rule.listening = self.boolean(v, &kp).unwrap_or(true),
                field => unread(field),
            }
        }
        rule
    }

    fn grpc_rule(&mut self, item: &Node, p: &str) -> GrpcRule {
        let mut rule = GrpcRule { window: Window::default(), service: None, port: None, status: None, latency: None };
        for (k, v, kp) in self.rule_fields(item, p, &GRPC, &mut rule.window) {
            match k {
                "service" => rule.service = self.string(v, &kp),
                "port" => rule.port = self.port(v, &kp),
                "status" => rule.status = self.grpc_status(v, &kp),
                "latency" => rule.latency = self.duration(v, &kp),
                field => unread(field),
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

    fn exec_rule(&mut self, item: &Node, p: &str) -> ExecRule {
        let mut rule = ExecRule::default();
        for (k, v, kp) in self.rule_fields(item, p, &EXEC, &mut rule.window) {
            match k {
                "command" => rule.command = self.string(v, &kp),
                "exitCode" => rule.exit_code = self.int(v, &kp, 0, 255).map(|c| c as i32),
                "output" => rule.output = self.string(v, &kp),
                "duration" => rule.duration = self.duration(v, &kp),
                "checksHttp" => {
                    let mut target = (String::from("/"), None);
                    for (hk, hv) in self.fields(v, &kp, &CHECKS_HTTP) {
                        match hk {
                            "path" => target.0 = self.string(hv, &child(&kp, hk)).unwrap_or_default(),
                            "port" => target.1 = self.port(hv, &child(&kp, hk)),
                            field => unread(field),
                        }
                    }
                    rule.checks_http = Some(target);
                }
                field => unread(field),
            }
        }
        rule
    }

    fn file_rule(&mut self, item: &Node, p: &str) -> Option<FileRule> {
        let mut rule = FileRule { window: Window::default(), path: String::new(), exists: true };
        for (k, v, kp) in self.rule_fields(item, p, &FILES, &mut rule.window) {
            match k {
                "path" => rule.path = self.string(v, &kp).unwrap_or_default(),
                "exists" => rule.exists = self.boolean(v, &kp).unwrap_or(true),
                field => unread(field),
            }
        }
        if rule.path.is_empty() {
            self.error(item.span, p, "a file rule needs a `path`");
            return None;
        }
        Some(rule)
    }

    fn crash_rule(&mut self, item: &Node, p: &str) -> Option<CrashRule> {
        let mut rule = CrashRule { at: None, after: None, exit_code: 1, oom: false };
        for (k, v) in self.fields(item, p, &CRASH) {
            let kp = child(p, k);
            match k {
                "at" => rule.at = self.duration(v, &kp),
                "after" => rule.after = self.duration(v, &kp),
                "exitCode" => rule.exit_code = self.int(v, &kp, 0, 255).unwrap_or(1) as i32,
                "oom" => rule.oom = self.boolean(v, &kp).unwrap_or(false),
                field => unread(field),
            }
        }
        if rule.oom {
            // Killed by the kernel's OOM killer: SIGKILL, 128 + 9.
            rule.exit_code = 137;
        }
        if rule.at.is_none() && rule.after.is_none() {
            self.error(item.span, p, "a crash needs `at` (scenario time) or `after` (time since each start)");
            return None;
        }
        Some(rule)
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
                "ignore" => ignore = self.boolean(v, &kp).unwrap_or(false),
                field => unread(field),
            }
        }
        Some(if ignore { Sigterm::Ignore } else { Sigterm::Exit { after, code } })
    }
}
