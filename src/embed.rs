//! The embed's postMessage protocol, version 1, as pure data: what the host
//! page may send (`HostMessage`, read from its JSON), what the embed sends
//! (`EmbedMessage`, written as JSON), and which moments of a history become
//! `event` messages as playback passes them (`EventCursor`). The page only
//! moves these across `window.postMessage`.
//!
//! Embed → host: `{source: "probe-playground", v: 1, type, ...}` with types
//! `ready`, `resize`, `time`, `event`, `error`, `link`.
//! Host → embed: `{source: "probe-playground-host", v: 1, type, ...}` with
//! types `play`, `pause`, `seek {t}`, `speed {x}`, `theme {theme}`,
//! `getLink`, `load {k8s, behaviour, title}`. Times are seconds.

use crate::history::{History, Millis, PodId, Record};
use crate::link::presentation::{SPEEDS, ThemeSetting, parse_time};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;

pub const SOURCE: &str = "probe-playground";
pub const HOST_SOURCE: &str = "probe-playground-host";
pub const VERSION: u64 = 1;

/// A message from the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum HostMessage {
    Play,
    Pause,
    Seek(Millis),
    Speed(u32),
    Theme(ThemeSetting),
    GetLink,
    Load { kubernetes: String, behaviour: String, title: Option<String> },
}

impl HostMessage {
    /// Reads a message from its JSON. `Ok(None)`: not for us (another
    /// source, or another version); `Err`: ours, but not understood, with a
    /// sentence for the host's developer.
    pub fn parse(json: &str) -> Result<Option<HostMessage>, String> {
        let Ok(value) = serde_json::from_str::<Value>(json) else { return Ok(None) };
        if value.get("source").and_then(Value::as_str) != Some(HOST_SOURCE)
            || value.get("v").and_then(Value::as_u64) != Some(VERSION)
        {
            return Ok(None);
        }
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let kind = text("type").unwrap_or("");
        let message = match kind {
            "play" => HostMessage::Play,
            "pause" => HostMessage::Pause,
            "getLink" => HostMessage::GetLink,
            "seek" => {
                let t = match value.get("t") {
                    Some(Value::Number(n)) => n.as_f64().filter(|s| *s >= 0.0).map(|s| (s * 1000.0).round() as Millis),
                    Some(Value::String(s)) => parse_time(s),
                    _ => None,
                };
                HostMessage::Seek(t.ok_or("seek needs t, in seconds or as m:ss")?)
            }
            "speed" => {
                let x = value.get("x").and_then(Value::as_u64).and_then(|x| u32::try_from(x).ok());
                HostMessage::Speed(x.filter(|x| SPEEDS.contains(x)).ok_or("speed needs x: 1, 2, 5, 10, 30 or 60")?)
            }
            "theme" => HostMessage::Theme(
                text("theme").and_then(ThemeSetting::from_name).ok_or("theme needs theme: auto, light or dark")?,
            ),
            "load" => {
                let kubernetes = text("k8s").ok_or("load needs k8s, the Kubernetes YAML as text")?;
                HostMessage::Load {
                    kubernetes: kubernetes.to_string(),
                    behaviour: text("behaviour").unwrap_or("").to_string(),
                    title: text("title").map(str::to_string),
                }
            }
            other => return Err(format!("unknown message type {other:?}")),
        };
        Ok(Some(message))
    }
}

/// Something that happened in the simulation, for the host page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostEvent {
    /// Simulated seconds (milliseconds in `t_ms` for exactness).
    #[serde(skip)]
    pub t_ms: Millis,
    /// `Unhealthy` (a failed probe), `Killing`, `Ready`, `NotReady`,
    /// `EndpointAdded`, `EndpointRemoved`.
    pub kind: &'static str,
    pub pod: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// `liveness`, `readiness` or `startup`, for `Unhealthy` and `Killing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A message to the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum EmbedMessage {
    Ready { title: Option<String> },
    Resize { height: u32 },
    Time { t: Millis, playing: bool, speed: u32 },
    Event(HostEvent),
    Error { code: String, message: String },
    Link { url: String },
}

impl EmbedMessage {
    /// Whether the message carries the scenario: such messages go only to
    /// the host's declared origin, never to any page that frames us.
    pub fn carries_scenario(&self) -> bool {
        matches!(self, EmbedMessage::Link { .. })
    }

    /// The message as JSON, in its envelope.
    pub fn to_json(&self) -> String {
        let seconds = |t: Millis| t as f64 / 1000.0;
        let (kind, mut body) = match self {
            EmbedMessage::Ready { title } => {
                ("ready", json!({"appVersion": env!("CARGO_PKG_VERSION"), "linkVersion": 1, "title": title}))
            }
            EmbedMessage::Resize { height } => ("resize", json!({ "height": height })),
            EmbedMessage::Time { t, playing, speed } => {
                ("time", json!({"t": seconds(*t), "playing": playing, "speed": speed}))
            }
            EmbedMessage::Event(event) => {
                let mut body = serde_json::to_value(event).unwrap_or_default();
                body["t"] = json!(seconds(event.t_ms));
                ("event", body)
            }
            EmbedMessage::Error { code, message } => ("error", json!({"code": code, "message": message})),
            EmbedMessage::Link { url } => ("link", json!({ "url": url })),
        };
        body["source"] = json!(SOURCE);
        body["v"] = json!(VERSION);
        body["type"] = json!(kind);
        body.to_string()
    }
}

/// Walks a history as playback moves forward and hands out the `HostEvent`s
/// passed. A jump (a seek, a restart, a new history) moves it without events.
#[derive(Debug, Clone, Default)]
pub struct EventCursor {
    /// Index of the first record not yet passed.
    next: usize,
    ready: HashMap<PodId, bool>,
    endpoints: HashMap<u32, Vec<PodId>>,
}

impl EventCursor {
    /// A cursor at `t`, as if playback had passed every record up to it.
    pub fn at(history: &History, t: Millis) -> EventCursor {
        let mut cursor = EventCursor::default();
        cursor.advance(history, t);
        cursor
    }

    /// The events in `(previous t, t]`.
    pub fn advance(&mut self, history: &History, t: Millis) -> Vec<HostEvent> {
        let mut events = vec![];
        while let Some(record) = history.records.get(self.next).filter(|r| r.t() <= t) {
            self.next += 1;
            self.pass(history, record, &mut events);
        }
        events
    }

    fn pass(&mut self, history: &History, record: &Record, events: &mut Vec<HostEvent>) {
        let event = |t_ms, kind, pod: PodId| HostEvent {
            t_ms,
            kind,
            pod: history.pod(pod).name.clone(),
            container: None,
            probe: None,
            service: None,
            message: None,
        };
        match record {
            Record::Event(e) if matches!(e.reason.as_str(), "Unhealthy" | "Killing") => {
                let Some(pod) = e.pod else { return };
                let mut out = event(e.t, if e.reason == "Unhealthy" { "Unhealthy" } else { "Killing" }, pod);
                out.container = e.container.map(|c| history.container_name(pod, c).to_string());
                out.probe = probe_named_in(&e.message);
                out.message = Some(e.message.clone());
                events.push(out);
            }
            Record::Pod(p) => {
                let was = self.ready.insert(p.pod, p.ready).unwrap_or(false);
                if was != p.ready {
                    events.push(event(p.t, if p.ready { "Ready" } else { "NotReady" }, p.pod));
                }
            }
            Record::Endpoints(e) => {
                let before = self.endpoints.insert(e.service, e.ready.clone()).unwrap_or_default();
                let service = history.services.get(e.service as usize).cloned();
                let added = e.ready.iter().filter(|p| !before.contains(p)).map(|&p| (p, "EndpointAdded"));
                let removed = before.iter().filter(|p| !e.ready.contains(p)).map(|&p| (p, "EndpointRemoved"));
                for (pod, kind) in added.chain(removed) {
                    events.push(HostEvent { service: service.clone(), ..event(e.t, kind, pod) });
                }
            }
            _ => {}
        }
    }
}

/// `Liveness probe failed: ...` → `liveness`.
fn probe_named_in(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    ["liveness", "readiness", "startup"].into_iter().find(|p| lower.contains(&format!("{p} probe"))).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{gallery, scenario};

    fn host(json: &str) -> Result<Option<HostMessage>, String> {
        HostMessage::parse(json)
    }

    #[test]
    fn host_messages_are_read_from_their_envelope() {
        let env = |body: &str| format!(r#"{{"source":"probe-playground-host","v":1,{body}}}"#);
        assert_eq!(host(&env(r#""type":"play""#)), Ok(Some(HostMessage::Play)));
        assert_eq!(host(&env(r#""type":"pause""#)), Ok(Some(HostMessage::Pause)));
        assert_eq!(host(&env(r#""type":"seek","t":95"#)), Ok(Some(HostMessage::Seek(95_000))));
        assert_eq!(host(&env(r#""type":"seek","t":"2:30""#)), Ok(Some(HostMessage::Seek(150_000))));
        assert_eq!(host(&env(r#""type":"speed","x":30"#)), Ok(Some(HostMessage::Speed(30))));
        assert_eq!(host(&env(r#""type":"theme","theme":"dark""#)), Ok(Some(HostMessage::Theme(ThemeSetting::Dark))));
        assert_eq!(host(&env(r#""type":"getLink""#)), Ok(Some(HostMessage::GetLink)));
        assert_eq!(
            host(&env(r#""type":"load","k8s":"kind: Pod\n","behaviour":"<b>","title":"T""#)),
            Ok(Some(HostMessage::Load {
                kubernetes: "kind: Pod\n".into(),
                behaviour: "<b>".into(),
                title: Some("T".into())
            }))
        );
    }

    #[test]
    fn other_sources_and_versions_are_not_for_us() {
        assert_eq!(host(r#"{"source":"probe-playground","v":1,"type":"play"}"#), Ok(None));
        assert_eq!(host(r#"{"source":"probe-playground-host","v":2,"type":"play"}"#), Ok(None));
        assert_eq!(host(r#""play""#), Ok(None));
        assert_eq!(host("not json"), Ok(None));
    }

    #[test]
    fn bad_host_messages_say_what_they_need() {
        let env = |body: &str| format!(r#"{{"source":"probe-playground-host","v":1,{body}}}"#);
        assert_eq!(host(&env(r#""type":"seek","t":-1"#)), Err("seek needs t, in seconds or as m:ss".into()));
        assert_eq!(host(&env(r#""type":"speed","x":7"#)), Err("speed needs x: 1, 2, 5, 10, 30 or 60".into()));
        assert_eq!(host(&env(r#""type":"theme","theme":"red""#)), Err("theme needs theme: auto, light or dark".into()));
        assert_eq!(host(&env(r#""type":"load""#)), Err("load needs k8s, the Kubernetes YAML as text".into()));
        assert_eq!(host(&env(r#""type":"jump""#)), Err("unknown message type \"jump\"".into()));
    }

    #[test]
    fn embed_messages_are_json_in_their_envelope() {
        let time = EmbedMessage::Time { t: 95_500, playing: false, speed: 10 };
        assert_eq!(
            time.to_json(),
            r#"{"playing":false,"source":"probe-playground","speed":10,"t":95.5,"type":"time","v":1}"#
        );
        let error = EmbedMessage::Error { code: "cut_off".into(), message: "<b>".into() };
        assert_eq!(
            error.to_json(),
            r#"{"code":"cut_off","message":"<b>","source":"probe-playground","type":"error","v":1}"#
        );
        assert!(EmbedMessage::Link { url: "x".into() }.carries_scenario());
        assert!(!time.carries_scenario());
    }

    #[test]
    fn playback_hands_out_failures_kills_readiness_and_endpoints_once() {
        // The wrong liveness path: every liveness probe gets 404 and kills.
        let lesson = gallery::by_id("wrong-liveness-path").unwrap();
        let history = scenario::load(lesson.text).simulate();
        let mut cursor = EventCursor::default();
        let first: Vec<HostEvent> = cursor.advance(&history, 21_000);
        let kinds: Vec<(&str, Millis)> = first.iter().map(|e| (e.kind, e.t_ms)).collect();
        assert!(kinds.contains(&("Killing", 20_000)), "{kinds:?}");
        let kill = first.iter().find(|e| e.kind == "Killing").unwrap();
        assert_eq!(kill.probe.as_deref(), Some("liveness"));
        assert!(first.iter().any(|e| e.kind == "Unhealthy" && e.probe.as_deref() == Some("liveness")));
        // Nothing twice: going on from the same time hands out nothing.
        assert_eq!(cursor.advance(&history, 21_000), vec![]);
        // A cursor placed at 21 s hands out the same as one that played there.
        let mut placed = EventCursor::at(&history, 21_000);
        assert_eq!(placed.advance(&history, 60_000), cursor.advance(&history, 60_000));
    }

    #[test]
    fn readiness_and_endpoint_changes_are_events() {
        // Slow start: the pod turns Ready and joins the Service at 0:11.5.
        let lesson = gallery::by_id("slow-start-readiness").unwrap();
        let history = scenario::load(lesson.text).simulate();
        let events = EventCursor::default().advance(&history, 30_000);
        let ready: Vec<(&str, Millis, Option<&str>)> = events
            .iter()
            .filter(|e| matches!(e.kind, "Ready" | "EndpointAdded"))
            .map(|e| (e.kind, e.t_ms, e.service.as_deref()))
            .collect();
        assert_eq!(ready, [("Ready", 11_500, None), ("EndpointAdded", 11_500, Some("hello-go"))]);
        let json = EmbedMessage::Event(events.into_iter().find(|e| e.kind == "Ready").unwrap()).to_json();
        assert!(json.contains(r#""kind":"Ready""#) && json.contains(r#""t":11.5"#), "{json}");
    }
}
