//! An `expect` entry: one check of the run, of the kind its field names
//! (`ready`, `restarts`, `event`, `endpoints` or `traffic`).

use super::*;
use crate::behaviour::expect::{Bounds, Check, Expectation, PodRef};
use crate::history::EventReason;

impl Reader<'_> {
    pub(super) fn expectation(&mut self, item: &Node, p: &str) -> Option<Expectation> {
        let known = self.known;
        let (mut at, mut pod, mut workload, mut replica, mut container, mut note) =
            (None, None, None, None, None, None);
        let mut kinds: Vec<(&str, &Node, String)> = Vec::new();
        for (k, v) in self.fields(item, p, &EXPECT) {
            let kp = child(p, k);
            match k {
                "at" => at = self.duration(v, &kp),
                "pod" => pod = self.string(v, &kp),
                "workload" => workload = self.reference(v, &kp, "workload", &known.workloads),
                "replica" => replica = self.int(v, &kp, 0, 10_000).map(|n| n as u32),
                "container" => container = self.reference(v, &kp, "container", &known.containers),
                "note" => note = self.string(v, &kp),
                "ready" | "restarts" | "event" | "endpoints" | "traffic" => kinds.push((k, v, kp)),
                // `service` goes with `endpoints`.
                "service" => {}
                field => unread(field),
            }
        }
        let Some((kind, value, kp)) = kinds.first().cloned() else {
            self.error(item.span, p, format!("an expectation needs one of: {}", EXPECT_KINDS.join(", ")));
            return None;
        };
        if let Some((_, extra, extra_path)) = kinds.get(1) {
            self.error(extra.span, extra_path, "an expectation checks one thing; split this into two entries");
        }
        let service = || item.get("service");
        let check = match kind {
            "ready" => {
                let ready = self.boolean(value, &kp)?;
                let Some(at) = at else {
                    self.error(item.span, p, "a `ready` expectation needs `at`, the scenario time it holds");
                    return None;
                };
                let pod = match (pod, workload, replica) {
                    (Some(name), None, None) => PodRef::Name(name),
                    (None, Some(workload), replica) => PodRef::Replica { workload, replica: replica.unwrap_or(0) },
                    _ => {
                        self.error(
                            item.span,
                            p,
                            "a `ready` expectation names a `pod`, or a `workload` and its `replica`",
                        );
                        return None;
                    }
                };
                Check::PodReady { at, pod, ready }
            }
            "restarts" => {
                let Some(container) = container else {
                    self.error(item.span, p, "a `restarts` expectation needs the `container` it counts");
                    return None;
                };
                Check::Restarts { container, workload, at, restarts: self.bounds(value, &kp)? }
            }
            "event" => self.event_check(value, &kp)?,
            "endpoints" => {
                let Some(service_node) = service() else {
                    self.error(item.span, p, "an `endpoints` expectation needs the `service` it is about");
                    return None;
                };
                let service = self.reference(service_node, &child(p, "service"), "Service", &known.services)?;
                let (mut ready, mut from, mut until) = (None, None, None);
                for (k, v) in self.fields(value, &kp, &ENDPOINTS_EXPECT) {
                    let path = child(&kp, k);
                    match k {
                        "ready" => ready = self.bounds(v, &path),
                        "from" => from = self.duration(v, &path),
                        "until" => until = self.duration(v, &path),
                        field => unread(field),
                    }
                }
                let Some(ready) = ready else {
                    self.error(value.span, &kp, "`endpoints` needs `ready`, the number of ready endpoints");
                    return None;
                };
                Check::Endpoints { service, ready, from: from.or(at).unwrap_or(0), until }
            }
            "traffic" => {
                let (mut service, mut failed, mut ok, mut between) = (None, None, None, None);
                for (k, v) in self.fields(value, &kp, &TRAFFIC_EXPECT) {
                    let path = child(&kp, k);
                    match k {
                        "service" => service = self.reference(v, &path, "Service", &known.services),
                        "failed" => failed = self.bounds(v, &path),
                        "ok" => ok = self.bounds(v, &path),
                        "between" => between = self.between(v, &path),
                        field => unread(field),
                    }
                }
                let Some(service) = service else {
                    self.error(value.span, &kp, "`traffic` needs the `service` the requests go to");
                    return None;
                };
                if failed.is_none() && ok.is_none() {
                    self.error(value.span, &kp, "`traffic` needs `failed` or `ok`, the requests to count");
                    return None;
                }
                Check::Traffic { service, failed, ok, between }
            }
            field => unread(field),
        };
        Some(Expectation { check, note, line: item.span.line })
    }

    fn event_check(&mut self, value: &Node, kp: &str) -> Option<Check> {
        let known = self.known;
        let (mut reason, mut workload, mut pod, mut container, mut message, mut between, mut count) =
            (None, None, None, None, None, None, None);
        for (k, v) in self.fields(value, kp, &EVENT_EXPECT) {
            let path = child(kp, k);
            match k {
                "reason" => {
                    reason = self.string(v, &path);
                    if let Some(r) = reason.as_deref().filter(|r| EventReason::ALL.iter().all(|k| k.as_str() != *r)) {
                        let mut d = Diagnostic::warning(
                            v.span,
                            &path,
                            format!("no event of a simulated run has the reason \"{r}\""),
                        );
                        if let Some(s) = nearest(r, EventReason::ALL.iter().map(|k| k.as_str())) {
                            d = d.with_suggestion(s);
                        }
                        self.cx.push(d);
                    }
                }
                "workload" => workload = self.reference(v, &path, "workload", &known.workloads),
                "pod" => pod = self.string(v, &path),
                "container" => container = self.reference(v, &path, "container", &known.containers),
                "message" => message = self.string(v, &path),
                "between" => between = self.between(v, &path),
                "count" => count = self.bounds(v, &path),
                field => unread(field),
            }
        }
        let Some(reason) = reason else {
            self.error(value.span, kp, "`event` needs the `reason` of the events, e.g. Killing");
            return None;
        };
        Some(Check::Event {
            reason,
            workload,
            pod,
            container,
            message,
            between,
            count: count.unwrap_or(Bounds::at_least(1)),
        })
    }

    /// `3`, or `{min: 1, max: 3}`.
    fn bounds(&mut self, node: &Node, path: &str) -> Option<Bounds> {
        if node.as_map().is_none() {
            return self.int(node, path, 0, i64::from(u32::MAX)).map(Bounds::exactly);
        }
        let mut bounds = Bounds::default();
        for (k, v) in self.fields(node, path, &BOUNDS) {
            let value = self.int(v, &child(path, k), 0, i64::from(u32::MAX));
            match k {
                "min" => bounds.min = value,
                "max" => bounds.max = value,
                field => unread(field),
            }
        }
        if bounds.min.zip(bounds.max).is_some_and(|(a, b)| a > b) {
            self.error(node.span, path, "`min` is more than `max`: nothing can hold");
        }
        Some(bounds)
    }

    /// `[20s, 40s]`: a window of the scenario clock, both ends included.
    fn between(&mut self, node: &Node, path: &str) -> Option<(Millis, Millis)> {
        let items = self.list(node, path);
        if items.len() != 2 {
            self.error(node.span, path, "`between` is two times, like [20s, 40s]");
            return None;
        }
        let (from, until) = (self.duration(&items[0], path)?, self.duration(&items[1], path)?);
        if from > until {
            self.error(node.span, path, "`between` goes from the earlier time to the later");
            return None;
        }
        Some((from, until))
    }
}
