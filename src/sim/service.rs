//! Services: their EndpointSlice as the controller writes it
//! (`ShouldPodBeInEndpoints`, `podToEndpoint`; kubelet-semantics §11), and the
//! client traffic kube-proxy spreads over the ready endpoints.

use super::app::HttpAnswer;
use super::kubelet::CLIENT_TIMEOUT;
use super::{Simulator, Wake};
use crate::behaviour::Moment;
use crate::history::{EndpointsRecord, Millis, PodId, Record, TrafficRecord};
use crate::spec::PortRef;

impl Simulator {
    /// Recomputes every Service's endpoints and records those that changed.
    pub(super) fn update_endpoints(&mut self) {
        for s in 0..self.services.len() {
            let (mut ready, mut not_ready, mut serving_terminating) = (vec![], vec![], vec![]);
            let service = &self.services[s];
            for (id, pod) in self.pods.iter().enumerate() {
                let Some(record) = &pod.last_record else { continue };
                if pod.removed
                    || record.phase.is_terminal()
                    || !service.selects(&self.history.pods[id].namespace, &pod.template.labels)
                {
                    continue;
                }
                let serving = record.ready;
                let terminating = pod.deletion.is_some();
                if service.publish_not_ready_addresses || (serving && !terminating) {
                    ready.push(id as PodId);
                } else {
                    not_ready.push(id as PodId);
                    if serving && terminating {
                        serving_terminating.push(id as PodId);
                    }
                }
            }
            let current = (ready, not_ready, serving_terminating);
            if self.endpoints[s].as_ref() != Some(&current) {
                self.history.records.push(Record::Endpoints(Box::new(EndpointsRecord {
                    t: self.now,
                    service: s as u32,
                    ready: current.0.clone(),
                    not_ready: current.1.clone(),
                    serving_terminating: current.2.clone(),
                })));
                self.endpoints[s] = Some(current);
            }
        }
    }

    /// One second of client traffic: requests go round-robin to the ready
    /// endpoints, or to serving terminating ones when none is ready
    /// (ProxyTerminatingEndpoints); each gets what the app answers.
    pub(super) fn on_traffic_second(&mut self) {
        let now = self.now;
        let behaviour = self.behaviour.clone();
        for traffic in &behaviour.traffic {
            if !traffic.window.contains(Moment { t: now, uptime: now, terminating: false }) {
                continue;
            }
            let Some(s) = self.services.iter().position(|s| s.name == traffic.service) else { continue };
            let (ready, _, terminating) = self.endpoints[s].clone().unwrap_or_default();
            let targets = if ready.is_empty() { terminating } else { ready };
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
                    match self.answer(s, pod, &traffic.path, timeout) {
                        Ok(()) => record.ok += share,
                        Err(why) => {
                            record.failed += share;
                            record.failure.get_or_insert(why);
                        }
                    }
                }
            }
            self.history.records.push(Record::Traffic(record));
        }
        self.schedule(now + 1000, Wake::Traffic);
    }

    /// What a client request to Service `s` gets from `pod`, when the client
    /// waits at most `timeout` for the answer.
    fn answer(&self, s: usize, pod: PodId, path: &str, timeout: Millis) -> Result<(), String> {
        let now = self.now;
        let p = &self.pods[pod as usize];
        let spec = &p.template.spec.containers;
        let target = self.services[s].ports.first().map(|sp| sp.target_port.clone());
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
