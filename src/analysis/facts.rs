//! The facts a what-if's answer is read from: one container of one pod in
//! a history (its statuses, events and probe records), and the Services'
//! endpoints. Plain scans of the records, each named for the question it
//! answers.

use crate::history::{ContainerState, History, Millis, PodId, ProbeResult, Record};
use crate::spec::ProbeKind;

/// One container of one pod of a run.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub pod: PodId,
    pub container: u16,
}

impl Target {
    /// When the container's status turned ready (from not ready), at or
    /// after `from`.
    pub fn ready_at(&self, h: &History, from: Millis) -> Option<Millis> {
        self.ready_change(h, from, true)
    }

    /// When it turned not ready, at or after `from`.
    pub fn unready_at(&self, h: &History, from: Millis) -> Option<Millis> {
        self.ready_change(h, from, false)
    }

    fn ready_change(&self, h: &History, from: Millis, to: bool) -> Option<Millis> {
        let mut was = None;
        for r in &h.records {
            if let Record::Container(c) = r
                && c.pod == self.pod
                && c.container == self.container
            {
                if c.t >= from && c.ready == to && was != Some(to) {
                    return Some(c.t);
                }
                was = Some(c.ready);
            }
        }
        None
    }

    /// Times of the container's events with this reason, at or after `from`.
    pub fn events(&self, h: &History, reason: &str, from: Millis) -> Vec<Millis> {
        h.records
            .iter()
            .filter_map(|r| match r {
                Record::Event(e)
                    if e.t >= from
                        && e.pod == Some(self.pod)
                        && e.container == Some(self.container)
                        && e.reason.as_str() == reason =>
                {
                    Some(e.t)
                }
                _ => None,
            })
            .collect()
    }

    /// The first time the kubelet held the container back in
    /// CrashLoopBackOff.
    pub fn crash_loop_from(&self, h: &History) -> Option<Millis> {
        h.records.iter().find_map(|r| match r {
            Record::Container(c)
                if c.pod == self.pod
                    && c.container == self.container
                    && matches!(&c.state, ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff") =>
            {
                Some(c.t)
            }
            _ => None,
        })
    }

    /// When each probe of `kind` that went out at or after `from` reached
    /// `threshold` failures in a row (the kubelet's verdict), in order.
    pub fn trips(&self, h: &History, kind: ProbeKind, threshold: i32, from: Millis) -> Vec<Millis> {
        let mut run = 0;
        let mut out = Vec::new();
        for r in &h.records {
            let Record::Probe(p) = r else { continue };
            if p.pod != self.pod || p.container() != self.container || p.probe != kind || p.start() < from {
                continue;
            }
            match h.answer(p).result {
                ProbeResult::Failure => {
                    run += 1;
                    if run == threshold {
                        out.push(p.t());
                    }
                }
                ProbeResult::Error => {}
                ProbeResult::Success | ProbeResult::Warning => run = 0,
            }
        }
        out
    }

    /// When the probes of `kind` went out, at or after `from`.
    pub fn probe_starts(&self, h: &History, kind: ProbeKind, from: Millis) -> Vec<Millis> {
        h.records
            .iter()
            .filter_map(|r| match r {
                Record::Probe(p)
                    if p.pod == self.pod && p.container() == self.container && p.probe == kind && p.start() >= from =>
                {
                    Some(p.start())
                }
                _ => None,
            })
            .collect()
    }

    /// When the first probe of `kind` passed.
    pub fn first_success(&self, h: &History, kind: ProbeKind) -> Option<Millis> {
        h.records.iter().find_map(|r| match r {
            Record::Probe(p)
                if p.pod == self.pod
                    && p.container() == self.container
                    && p.probe == kind
                    && matches!(h.answer(p).result, ProbeResult::Success | ProbeResult::Warning) =>
            {
                Some(p.t())
            }
            _ => None,
        })
    }

    /// When the pod left the ready endpoints of a Service it was in, at or
    /// after `from` (`None`: no Service had it, or it never left).
    pub fn out_of_service(&self, h: &History, from: Millis) -> Option<Millis> {
        let mut was_in = vec![false; h.services.len()];
        for r in &h.records {
            if let Record::Endpoints(e) = r {
                let now_in = e.ready.contains(&self.pod);
                let slot = &mut was_in[e.service as usize];
                if e.t >= from && *slot && !now_in {
                    return Some(e.t);
                }
                *slot = now_in;
            }
        }
        None
    }

    /// Whether a Service has the pod among its ready endpoints at `t`.
    pub fn in_service(&self, h: &History, t: Millis) -> bool {
        let mut now = vec![false; h.services.len()];
        for r in h.until(t) {
            if let Record::Endpoints(e) = r {
                now[e.service as usize] = e.ready.contains(&self.pod);
            }
        }
        now.into_iter().any(|n| n)
    }
}

/// The pods of a workload in a run (`PodInfo::workload` is `Kind/name`).
pub fn workload_pods(h: &History, owner: &str) -> Vec<PodId> {
    h.pods.iter().enumerate().filter(|(_, p)| p.workload == owner).map(|(i, _)| i as PodId).collect()
}

/// The intervals `[from, until)` at or after `from` during which a Service
/// had no ready endpoint although it had one before (`until` is `None`
/// while it is still empty at the end of the run).
pub fn empty_service(h: &History, service: u32, from: Millis) -> Vec<(Millis, Option<Millis>)> {
    let mut out: Vec<(Millis, Option<Millis>)> = Vec::new();
    let mut had = false;
    for r in &h.records {
        let Record::Endpoints(e) = r else { continue };
        if e.service != service {
            continue;
        }
        let empty = e.ready.is_empty();
        if e.t >= from {
            match out.last_mut() {
                Some((_, until @ None)) if !empty => *until = Some(e.t),
                Some((_, None)) => {}
                _ if empty && had => out.push((e.t, None)),
                _ => {}
            }
        }
        had |= !empty;
    }
    out
}
