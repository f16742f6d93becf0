//! The history as JSON Lines: one object per record, in time order, with
//! indexes resolved to names. The schema is documented, with an example of
//! each kind, in `docs/history-json.md` (the tests below check the examples).

use crate::history::{History, Millis, PodId, Record};
use serde::Serialize;

/// All records, one JSON object per line.
pub fn json_lines(history: &History) -> String {
    let mut out = String::new();
    for record in &history.records {
        out.push_str(&json_line(history, record));
        out.push('\n');
    }
    out
}

/// One record as a single-line JSON object: `t_ms`, `kind`, then its fields.
pub fn json_line(history: &History, record: &Record) -> String {
    let line = Line { t_ms: record.t(), body: Body::of(history, record) };
    serde_json::to_string(&line).expect("plain data always serializes")
}

#[derive(Serialize)]
struct Line<'a> {
    t_ms: Millis,
    #[serde(flatten)]
    body: Body<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Body<'a> {
    Probe {
        pod: &'a str,
        container: &'a str,
        probe: &'static str,
        result: &'static str,
        output: &'a str,
        start_ms: Millis,
    },
    Event {
        pod: Option<&'a str>,
        container: Option<&'a str>,
        #[serde(rename = "type")]
        event_type: &'static str,
        reason: &'a str,
        message: &'a str,
        object: &'a str,
        source: &'a str,
    },
    #[serde(rename_all = "camelCase")]
    Container {
        pod: &'a str,
        container: &'a str,
        state: &'static str,
        reason: Option<&'a str>,
        exit_code: Option<i32>,
        restart_count: u32,
        ready: bool,
        started: bool,
        /// Only while the container is stopping.
        #[serde(rename = "stopping_since_ms", skip_serializing_if = "Option::is_none")]
        stopping_since: Option<Millis>,
        #[serde(rename = "kill_at_ms", skip_serializing_if = "Option::is_none")]
        kill_at: Option<Millis>,
    },
    Pod {
        pod: &'a str,
        phase: &'static str,
        ready: bool,
        deleting: bool,
        removed: bool,
    },
    #[serde(rename_all = "camelCase")]
    Endpoints {
        service: &'a str,
        ready: Vec<&'a str>,
        not_ready: Vec<&'a str>,
        serving_terminating: Vec<&'a str>,
    },
    Traffic {
        service: &'a str,
        ok: u32,
        failed: u32,
        failure: Option<&'a str>,
    },
}

impl<'a> Body<'a> {
    fn of(h: &'a History, record: &'a Record) -> Body<'a> {
        let pod = |id: PodId| h.pod(id).name.as_str();
        let pods = |ids: &'a [PodId]| ids.iter().map(|&id| pod(id)).collect();
        let service = |i: u32| h.services[i as usize].as_str();
        match record {
            Record::Probe(r) => Body::Probe {
                pod: pod(r.pod),
                container: h.container_name(r.pod, r.container()),
                probe: r.probe.name(),
                result: h.answer(r).result.name(),
                output: &h.answer(r).output,
                start_ms: r.start(),
            },
            Record::Event(r) => Body::Event {
                pod: r.pod.map(pod),
                container: r.pod.zip(r.container).map(|(p, c)| h.container_name(p, c)),
                event_type: r.event_type.name(),
                reason: r.reason.as_str(),
                message: &r.message,
                object: &r.object,
                source: &r.source,
            },
            Record::Container(r) => Body::Container {
                pod: pod(r.pod),
                container: h.container_name(r.pod, r.container),
                state: r.state.name(),
                reason: r.state.reason(),
                exit_code: match &r.state {
                    crate::history::ContainerState::Terminated(t) => Some(t.exit_code),
                    _ => None,
                },
                restart_count: r.restart_count,
                ready: r.ready,
                started: r.started,
                stopping_since: r.stopping.map(|s| s.since),
                kill_at: r.stopping.map(|s| s.kill_at),
            },
            Record::Pod(r) => Body::Pod {
                pod: pod(r.pod),
                phase: r.phase.name(),
                ready: r.ready,
                deleting: r.deletion.is_some(),
                removed: r.removed,
            },
            Record::Endpoints(r) => Body::Endpoints {
                service: service(r.service),
                ready: pods(&r.ready),
                not_ready: pods(&r.not_ready),
                serving_terminating: pods(&r.serving_terminating),
            },
            Record::Traffic(r) => {
                Body::Traffic { service: service(r.service), ok: r.ok, failed: r.failed, failure: r.failure.as_deref() }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::*;
    use crate::spec::ProbeKind;
    use crate::view::testing::*;

    /// One record of each kind, as the documentation shows them.
    fn example() -> History {
        let mut h =
            history(vec![pod_info("web-0", 0, vec![container("app")]), pod_info("web-1", 0, vec![container("app")])]);
        let mut back_off = waiting(0, 0, 40_000, "CrashLoopBackOff", 1);
        back_off.last_state = Some(terminated(137, TerminatedReason::Error, 2_000, 39_000));
        let killed = exited(0, 0, 39_000, terminated(137, TerminatedReason::Error, 2_000, 39_000), 0);
        let failed = Reply::Http { status: 500, redirects: 0 };
        let answer = answer(&mut h, failed, ProbeResult::Failure, "HTTP probe failed with statuscode: 500");
        h.records = vec![
            answered(0, 0, ProbeKind::Liveness, 31_000, 31_002, answer),
            event(
                31_002,
                0,
                Some(0),
                EventType::Warning,
                EventReason::Unhealthy,
                "Liveness probe failed: HTTP probe failed with statuscode: 500",
            ),
            Record::from(killed),
            pod_record(0, 39_000, PodPhase::Running, false),
            Record::from(EndpointsRecord {
                t: 39_000,
                service: 0,
                ready: vec![1],
                not_ready: vec![0],
                serving_terminating: vec![],
            }),
            Record::from(back_off),
            Record::from(TrafficRecord { t: 40_000, service: 0, ok: 95, failed: 5, failure: Some("HTTP 500".into()) }),
        ];
        h
    }

    #[test]
    fn one_object_per_record_with_names_resolved() {
        let lines = json_lines(&example());
        let lines: Vec<&str> = lines.lines().collect();
        assert_eq!(lines.len(), 7);
        assert_eq!(
            lines[0],
            r#"{"t_ms":31002,"kind":"probe","pod":"web-0","container":"app","probe":"liveness","result":"failure","output":"HTTP probe failed with statuscode: 500","start_ms":31000}"#
        );
        assert_eq!(
            lines[5],
            r#"{"t_ms":40000,"kind":"container","pod":"web-0","container":"app","state":"waiting","reason":"CrashLoopBackOff","exitCode":null,"restartCount":1,"ready":false,"started":false}"#
        );
        assert_eq!(
            lines[4],
            r#"{"t_ms":39000,"kind":"endpoints","service":"web","ready":["web-1"],"notReady":["web-0"],"servingTerminating":[]}"#
        );
    }

    /// Every line of the example history appears verbatim in the schema doc.
    #[test]
    fn documentation_examples_are_current() {
        let doc = include_str!("../../docs/history-json.md");
        for line in json_lines(&example()).lines() {
            assert!(doc.contains(line), "docs/history-json.md lacks:\n{line}");
        }
    }

    /// A stopping container carries the stop's two times; the doc shows it.
    #[test]
    fn a_stopping_container_shows_when_sigkill_is_due() {
        let h = example();
        let mut stopping = running_status(0, 0, 41_000, 1, true);
        stopping.stopping = Some(Stopping { since: 41_000, kill_at: 71_000 });
        let line = json_line(&h, &Record::from(stopping));
        assert!(line.ends_with(r#""started":true,"stopping_since_ms":41000,"kill_at_ms":71000}"#), "{line}");
        assert!(include_str!("../../docs/history-json.md").contains(&line), "docs/history-json.md lacks:\n{line}");
    }
}
