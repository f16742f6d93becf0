//! Checks a scenario's `expect:` entries against its run: each passes or
//! fails with the simulated value it saw, for `probe-playground test`, its
//! JUnit report and the page's ticks and crosses.

use super::whatif::clock;
use crate::behaviour::expect::{Bounds, Check, Expectation, PodRef};
use crate::history::{History, Millis, PodId, Record};

/// One expectation's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub pass: bool,
    /// What was expected, as a sentence.
    pub expected: String,
    /// What the run showed.
    pub saw: String,
    /// The moment that shows it (the page selects it).
    pub at: Millis,
}

/// Every expectation of the behaviour, checked against `h`.
pub fn check_all(expectations: &[Expectation], h: &History) -> Vec<Outcome> {
    expectations.iter().map(|e| check(e, h)).collect()
}

pub fn check(e: &Expectation, h: &History) -> Outcome {
    let mut outcome = match &e.check {
        Check::PodReady { at, pod, ready } => pod_ready(h, *at, pod, *ready),
        Check::Restarts { container, workload, at, restarts } => {
            restarts_of(h, container, workload.as_deref(), *at, restarts)
        }
        Check::Event { reason, workload, pod, container, message, between, count } => {
            let about = About { workload: workload.as_deref(), pod: pod.as_deref(), container: container.as_deref() };
            events(h, reason, about, message.as_deref(), *between, count)
        }
        Check::Endpoints { service, ready, from, until } => endpoints(h, service, ready, *from, *until),
        Check::Traffic { service, failed, ok, between } => traffic(h, service, failed.as_ref(), ok.as_ref(), *between),
    };
    if let Some(note) = &e.note {
        outcome.expected = format!("{} ({note})", outcome.expected);
    }
    outcome
}

/// The plural ending after a count that is not exactly one.
fn plural(b: &Bounds) -> &'static str {
    if b.min == Some(1) && b.max == Some(1) { "" } else { "s" }
}

fn owner_is(h: &History, pod: PodId, workload: &str) -> bool {
    h.pod(pod).workload.rsplit_once('/').is_some_and(|(_, name)| name == workload)
}

/// The pod's last recorded status at or before `t`: (ready, removed).
fn pod_state(h: &History, pod: PodId, t: Millis) -> Option<(bool, bool)> {
    h.until(t).iter().rev().find_map(|r| match r {
        Record::Pod(p) if p.pod == pod => Some((p.ready, p.removed)),
        _ => None,
    })
}

/// The pod a reference names at `t`: the last one of that name created by
/// then, or a workload's replica among its pods alive then.
fn find_pod(h: &History, pod: &PodRef, t: Millis) -> Option<PodId> {
    let created = |p: PodId| h.pod(p).created_ms <= t;
    let all = 0..h.pods.len() as PodId;
    match pod {
        PodRef::Name(name) => all.clone().rfind(|&p| &h.pod(p).name == name && created(p)),
        PodRef::Replica { workload, replica } => {
            let ordinal = format!("{workload}-{replica}");
            if let Some(p) = all.clone().rfind(|&p| h.pod(p).name == ordinal && created(p)) {
                return Some(p);
            }
            let alive: Vec<PodId> = all
                .filter(|&p| owner_is(h, p, workload) && created(p))
                .filter(|&p| pod_state(h, p, t).is_none_or(|(_, removed)| !removed))
                .collect();
            alive.get(*replica as usize).copied()
        }
    }
}

fn pod_name(pod: &PodRef) -> String {
    match pod {
        PodRef::Name(name) => name.clone(),
        PodRef::Replica { workload, replica } => format!("{workload} replica {replica}"),
    }
}

fn pod_ready(h: &History, at: Millis, pod: &PodRef, ready: bool) -> Outcome {
    let word = |r: bool| if r { "ready" } else { "not ready" };
    let expected = format!("pod {} {} at {}", pod_name(pod), word(ready), clock(at));
    let Some(p) = find_pod(h, pod, at) else {
        return Outcome { pass: false, expected, saw: format!("no such pod at {}", clock(at)), at };
    };
    let now = pod_state(h, p, at).is_some_and(|(r, _)| r);
    // When it last became what it is, and when it next changes.
    let mut since = None;
    let mut next = None;
    let mut was = None;
    for r in &h.records {
        if let Record::Pod(s) = r
            && s.pod == p
            && was != Some(s.ready)
        {
            if s.t <= at {
                since = Some(s.t);
            } else if next.is_none() && s.ready != now {
                next = Some(s.t);
            }
            was = Some(s.ready);
        }
    }
    let mut saw = format!("{} {}", h.pod(p).name, word(now));
    if let Some(s) = since {
        saw.push_str(&format!(" since {}", clock(s)));
    }
    if let Some(n) = next {
        saw.push_str(&format!(", {} from {}", word(!now), clock(n)));
    }
    Outcome { pass: now == ready, expected, saw, at }
}

fn restarts_of(h: &History, container: &str, workload: Option<&str>, at: Option<Millis>, restarts: &Bounds) -> Outcome {
    let until = at.unwrap_or(h.end);
    let mut expected = format!("container {container}");
    if let Some(w) = workload {
        expected.push_str(&format!(" of {w}"));
    }
    expected.push_str(&format!(" restarts {} time{}", restarts.text(), plural(restarts)));
    if let Some(t) = at {
        expected.push_str(&format!(" by {}", clock(t)));
    }
    // The most restarts of one such container, and where.
    let mut most: Option<(u32, PodId, Millis)> = None;
    for r in h.until(until) {
        if let Record::Container(c) = r
            && h.container_name(c.pod, c.container) == container
            && workload.is_none_or(|w| owner_is(h, c.pod, w))
            && most.is_none_or(|(n, _, _)| c.restart_count > n)
        {
            most = Some((c.restart_count, c.pod, c.t));
        }
    }
    match most {
        None => Outcome { pass: false, expected, saw: format!("no container {container} ran"), at: until },
        Some((n, pod, t)) => Outcome {
            pass: restarts.holds(i64::from(n)),
            expected,
            saw: match n {
                0 => format!("0 (pod {})", h.pod(pod).name),
                _ => format!("{n} (pod {}, the last at {})", h.pod(pod).name, clock(t)),
            },
            at: t,
        },
    }
}

/// What an event expectation is about.
struct About<'a> {
    workload: Option<&'a str>,
    pod: Option<&'a str>,
    container: Option<&'a str>,
}

fn events(
    h: &History,
    reason: &str,
    about: About,
    message: Option<&str>,
    between: Option<(Millis, Millis)>,
    count: &Bounds,
) -> Outcome {
    let About { workload, pod, container } = about;
    let mut expected = format!("{} {reason} event{}", count.text(), plural(count));
    if let Some(w) = workload {
        expected.push_str(&format!(" of {w}"));
    }
    if let Some(p) = pod {
        expected.push_str(&format!(" of pod {p}"));
    }
    if let Some(c) = container {
        expected.push_str(&format!(" of container {c}"));
    }
    if let Some(m) = message {
        expected.push_str(&format!(" saying \"{m}\""));
    }
    let within = |t: Millis| between.is_none_or(|(a, b)| t >= a && t <= b);
    if let Some((a, b)) = between {
        expected.push_str(&format!(" between {} and {}", clock(a), clock(b)));
    }
    let matching: Vec<Millis> = h
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Event(e)
                if e.reason.as_str() == reason
                    && workload.is_none_or(|w| e.pod.is_some_and(|id| owner_is(h, id, w)))
                    && pod.is_none_or(|p| e.pod.is_some_and(|id| h.pod(id).name == p))
                    && container
                        .is_none_or(|c| e.pod.zip(e.container).is_some_and(|(p, i)| h.container_name(p, i) == c))
                    && message.is_none_or(|m| e.message.contains(m)) =>
            {
                Some(e.t)
            }
            _ => None,
        })
        .collect();
    let inside: Vec<Millis> = matching.iter().copied().filter(|&t| within(t)).collect();
    let list = |times: &[Millis]| {
        let shown: Vec<String> = times.iter().take(5).map(|&t| clock(t)).collect();
        format!("{}{}", shown.join(", "), if times.len() > 5 { ", ..." } else { "" })
    };
    let saw = match (inside.len(), matching.first()) {
        (0, None) => "none".to_string(),
        (0, Some(_)) => format!("none in the window (at {})", list(&matching)),
        (n, _) => format!("{n}, at {}", list(&inside)),
    };
    let at = inside.first().or(matching.first()).copied().or(between.map(|w| w.0)).unwrap_or(0);
    Outcome { pass: count.holds(inside.len() as i64), expected, saw, at }
}

fn endpoints(h: &History, service: &str, ready: &Bounds, from: Millis, until: Option<Millis>) -> Outcome {
    let end = until.unwrap_or(h.end);
    let expected = format!(
        "Service {service} has {} ready endpoints from {} to {}",
        ready.text(),
        clock(from),
        until.map_or("the end".to_string(), clock)
    );
    let Some(index) = h.services.iter().position(|s| s == service) else {
        return Outcome { pass: false, expected, saw: format!("no Service {service} in the run"), at: from };
    };
    // The count in force at `from`, then every change before `end`.
    let mut count = 0;
    let mut seen: Vec<(Millis, usize)> = Vec::new();
    for r in &h.records {
        let Record::Endpoints(e) = r else { continue };
        if e.service as usize != index {
            continue;
        }
        if e.t <= from {
            count = e.ready.len();
        } else if e.t < end {
            seen.push((e.t, e.ready.len()));
        }
    }
    let mut values = vec![(from, count)];
    values.extend(seen);
    let wrong = values.iter().find(|(_, n)| !ready.holds(*n as i64));
    let (least, most) = values.iter().fold((usize::MAX, 0), |(a, b), (_, n)| (a.min(*n), b.max(*n)));
    let saw = match wrong {
        Some((t, n)) => format!("{n} at {}", clock(*t)),
        None if least == most => format!("{least} throughout"),
        None => format!("from {least} to {most}"),
    };
    Outcome { pass: wrong.is_none(), expected, saw, at: wrong.map_or(from, |w| w.0) }
}

fn traffic(
    h: &History,
    service: &str,
    failed: Option<&Bounds>,
    ok: Option<&Bounds>,
    between: Option<(Millis, Millis)>,
) -> Outcome {
    let mut parts = Vec::new();
    if let Some(f) = failed {
        parts.push(format!("{} failed", f.text()));
    }
    if let Some(o) = ok {
        parts.push(format!("{} ok", o.text()));
    }
    let mut expected = format!("requests to {service}: {}", parts.join(", "));
    if let Some((a, b)) = between {
        expected.push_str(&format!(" between {} and {}", clock(a), clock(b)));
    }
    let Some(index) = h.services.iter().position(|s| s == service) else {
        return Outcome { pass: false, expected, saw: format!("no Service {service} in the run"), at: 0 };
    };
    let (mut n_failed, mut n_ok, mut first_failure) = (0i64, 0i64, None);
    for r in &h.records {
        if let Record::Traffic(t) = r
            && t.service as usize == index
            && between.is_none_or(|(a, b)| t.t >= a && t.t <= b)
        {
            n_failed += i64::from(t.failed);
            n_ok += i64::from(t.ok);
            if t.failed > 0 && first_failure.is_none() {
                first_failure = Some(t.t);
            }
        }
    }
    let pass = failed.is_none_or(|f| f.holds(n_failed)) && ok.is_none_or(|o| o.holds(n_ok));
    let mut saw = format!("{n_failed} failed, {n_ok} ok");
    if let Some(t) = first_failure {
        saw.push_str(&format!(" (the first failure at {})", clock(t)));
    }
    Outcome { pass, expected, saw, at: first_failure.or(between.map(|w| w.0)).unwrap_or(0) }
}
