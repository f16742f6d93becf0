//! Services: their EndpointSlice as the controller writes it
//! (`ShouldPodBeInEndpoints`, `podToEndpoint`; kubelet-semantics §11), and the
//! client traffic kube-proxy spreads over the ready endpoints.

use super::app::HttpAnswer;
use super::pod::Pod;
use super::timings::CLIENT_TIMEOUT;
use crate::behaviour::{Moment, Traffic};
use crate::cluster::Cluster;
use crate::history::{EndpointsRecord, History, Millis, PodId, PodRecord, Record, TrafficRecord};
use crate::spec::{Labels, PodTemplate, PortRef, Service};
use std::sync::Arc;

/// What the EndpointSlice controller knows of a pod from its published
/// status: whether it is a candidate at all, its labels, ready, terminating.
#[derive(Debug, Clone)]
pub struct Member {
    template: Arc<PodTemplate>,
    ready: bool,
    terminating: bool,
}

impl Member {
    /// A pod that is gone or finished is in no slice.
    pub fn of(record: &PodRecord, template: &Arc<PodTemplate>) -> Option<Member> {
        (!record.removed && !record.phase.is_terminal()).then(|| Member {
            template: Arc::clone(template),
            ready: record.ready,
            terminating: record.deletion.is_some(),
        })
    }
}

/// The Services, the pods their controller has seen, and each Service's
/// last published EndpointSlice.
pub struct Services {
    /// Whether a terminating pod stays in its slice, and whether kube-proxy
    /// falls back to such endpoints.
    cluster: Cluster,
    specs: Vec<Service>,
    members: Vec<Option<Member>>,
    slices: Vec<Option<Slice>>,
}

/// One Service's endpoints (the lists of an `EndpointsRecord`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Slice {
    ready: Vec<PodId>,
    not_ready: Vec<PodId>,
    serving_terminating: Vec<PodId>,
}

impl Services {
    pub fn new(specs: &[Service], cluster: Cluster) -> Services {
        Services { cluster, specs: specs.to_vec(), members: Vec::new(), slices: vec![None; specs.len()] }
    }

    /// The numbered target ports of the Services that select a pod with
    /// these labels (a named one is a port its containers declare).
    pub fn target_ports(&self, namespace: &str, labels: &Labels) -> Vec<i32> {
        let selecting = self.specs.iter().filter(|s| s.selects(namespace, labels));
        selecting
            .flat_map(|s| &s.ports)
            .filter_map(|p| match p.target_port {
                PortRef::Number(n) => Some(n),
                PortRef::Name(_) => None,
            })
            .collect()
    }

    /// A pod's published status moved: recompute every Service's endpoints
    /// and record those that changed.
    pub fn update(&mut self, pod: PodId, member: Option<Member>, now: Millis, history: &mut History) {
        let i = pod as usize;
        if self.members.len() <= i {
            self.members.resize(i + 1, None);
        }
        self.members[i] = member;
        for (s, service) in self.specs.iter().enumerate() {
            let mut slice = Slice::default();
            for (id, member) in self.members.iter().enumerate() {
                let Some(member) = member else { continue };
                // Without EndpointSliceTerminatingCondition a deleted pod
                // leaves the slice at once, as it always left Endpoints.
                if member.terminating && !self.cluster.endpoints_keep_terminating() {
                    continue;
                }
                if !service.selects(&history.pods[id].namespace, &member.template.labels) {
                    continue;
                }
                let (serving, id) = (member.ready, id as PodId);
                if service.publish_not_ready_addresses || (serving && !member.terminating) {
                    slice.ready.push(id);
                } else {
                    slice.not_ready.push(id);
                    if serving && member.terminating {
                        slice.serving_terminating.push(id);
                    }
                }
            }
            if self.slices[s].as_ref() != Some(&slice) {
                history.records.push(Record::Endpoints(Box::new(EndpointsRecord {
                    t: now,
                    service: s as u32,
                    ready: slice.ready.clone(),
                    not_ready: slice.not_ready.clone(),
                    serving_terminating: slice.serving_terminating.clone(),
                })));
                self.slices[s] = Some(slice);
            }
        }
    }

    /// One second of client traffic: requests go round-robin to the ready
    /// endpoints, or, where kube-proxy does (ProxyTerminatingEndpoints), to
    /// serving terminating ones when none is ready; each gets what the app
    /// answers.
    pub fn traffic_second(&self, traffic: &[Traffic], pods: &[Pod], now: Millis, history: &mut History) {
        for traffic in traffic {
            if !traffic.window.contains(Moment { t: now, uptime: now, terminating: false }) {
                continue;
            }
            let Some(s) = self.specs.iter().position(|s| s.name == traffic.service) else { continue };
            let slice = self.slices[s].as_ref();
            let ready = slice.map_or(&[][..], |e| &e.ready);
            let fallback = self.cluster.proxy_uses_terminating_endpoints();
            let targets =
                if ready.is_empty() && fallback { slice.map_or(&[][..], |e| &e.serving_terminating) } else { ready };
            let mut record = TrafficRecord { t: now, service: s as u32, ok: 0, failed: 0, failure: None };
            if targets.is_empty() {
                record.failed = traffic.rps;
                if traffic.rps > 0 {
                    record.failure = Some("no ready endpoints".into());
                }
            } else {
                let n = targets.len() as u32;
                let first = (now / 1000) as u32 % n;
                for k in 0..n {
                    let pod = targets[((first + k) % n) as usize];
                    let share = traffic.rps / n + u32::from(k < traffic.rps % n);
                    if share == 0 {
                        continue;
                    }
                    let timeout = traffic.timeout.unwrap_or(CLIENT_TIMEOUT);
                    match self.answer(s, &pods[pod as usize], &traffic.path, timeout, now) {
                        Ok(()) => record.ok += share,
                        Err(why) => {
                            record.failed += share;
                            record.failure.get_or_insert(why);
                        }
                    }
                }
            }
            history.records.push(Record::Traffic(Box::new(record)));
        }
    }

    /// What a client request to Service `s` gets from `pod`, when the client
    /// waits at most `timeout` for the answer.
    fn answer(&self, s: usize, p: &Pod, path: &str, timeout: Millis, now: Millis) -> Result<(), String> {
        let spec = &p.template.spec.containers;
        let target = self.specs[s].ports.first().map(|sp| sp.target_port.clone());
        let (ci, port) = spec
            .iter()
            .enumerate()
            .find_map(|(i, c)| {
                c.ports
                    .iter()
                    .find(|cp| match &target {
                        Some(PortRef::Number(n)) => cp.container_port == *n,
                        Some(PortRef::Name(name)) => cp.name.as_deref() == Some(name),
                        None => true,
                    })
                    .map(|cp| (i, cp.container_port))
            })
            .unwrap_or((
                0,
                match target {
                    Some(PortRef::Number(n)) => n,
                    _ => 80,
                },
            ));
        let Some(instance) = p.containers[ci].current.as_ref().filter(|i| i.running()) else {
            return Err("connection refused".into());
        };
        match instance.app.http(path, port, instance.moment(now), instance.serving(now)) {
            HttpAnswer::Refused => Err("connection refused".into()),
            HttpAnswer::Hang => Err("timeout".into()),
            HttpAnswer::Response { latency, .. } if latency >= timeout => Err("timeout".into()),
            HttpAnswer::Response { status: 200..=399, .. } => Ok(()),
            HttpAnswer::Response { status, .. } => Err(format!("HTTP {status}")),
        }
    }
}
