//! The embed's postMessage protocol, version 1, as pure data: what the host
//! page may send (`HostMessage`, read from the posted object's fields), what
//! the embed sends (`EmbedMessage`, written as JSON), and which moments of a history become
//! `event` messages as playback passes them (`EventCursor`). The page only
//! moves these across `window.postMessage`.
//!
//! Embed → host: `{source: "probe-playground", v: 1, type, ...}` with types
//! `ready`, `resize`, `time`, `event`, `error`, `link`.
//! Host → embed: `{source: "probe-playground-host", v: 1, type, ...}` with
//! types `play`, `pause`, `seek {t}`, `speed {x}`, `theme {theme}`,
//! `getLink`, `load {k8s, behaviour, title}`. Times are seconds.

use crate::history::{EventReason, History, Millis, PodId, Record};
use crate::json_text::json_string;
use crate::link::presentation::{SPEEDS, ThemeSetting, parse_time};
use std::collections::HashMap;
use std::fmt::Write;

pub const SOURCE: &str = "probe-playground";
pub const HOST_SOURCE: &str = "probe-playground-host";
pub const VERSION: f64 = 1.0;

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

/// The fields of a posted message that the protocol reads, as the page finds
/// them on the object (a field of another type is `None`). The page reads
/// them off the JavaScript object directly, so no JSON parser is shipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostFields {
    pub source: Option<String>,
    pub v: Option<f64>,
    /// The message's `type`.
    pub kind: Option<String>,
    /// `t` as a number of seconds ...
    pub t_seconds: Option<f64>,
    /// ... or as text (`2:30`).
    pub t_text: Option<String>,
    pub x: Option<f64>,
    pub theme: Option<String>,
    pub k8s: Option<String>,
    pub behaviour: Option<String>,
    pub title: Option<String>,
}

impl HostMessage {
    /// Reads a message. `Ok(None)`: not for us (another source, or another
    /// version); `Err`: ours, but not understood, with a sentence for the
    /// host page's developer.
    pub fn read(fields: HostFields) -> Result<Option<HostMessage>, String> {
        if fields.source.as_deref() != Some(HOST_SOURCE) || fields.v != Some(VERSION) {
            return Ok(None);
        }
        let message = match fields.kind.as_deref().unwrap_or("") {
            "play" => HostMessage::Play,
            "pause" => HostMessage::Pause,
            "getLink" => HostMessage::GetLink,
            "seek" => {
                let seconds =
                    fields.t_seconds.filter(|s| *s >= 0.0 && s.is_finite()).map(|s| (s * 1000.0).round() as Millis);
                let t = seconds.or_else(|| fields.t_text.as_deref().and_then(parse_time));
                HostMessage::Seek(t.ok_or("seek needs t, in seconds or as m:ss")?)
            }
            "speed" => {
                let x = fields.x.filter(|x| x.fract() == 0.0 && SPEEDS.contains(&(*x as u32)));
                HostMessage::Speed(x.map(|x| x as u32).ok_or("speed needs x: 1, 2, 5, 10, 30 or 60")?)
            }
            "theme" => HostMessage::Theme(
                fields
                    .theme
                    .as_deref()
                    .and_then(ThemeSetting::from_name)
                    .ok_or("theme needs theme: auto, light or dark")?,
            ),
            "load" => HostMessage::Load {
                kubernetes: fields.k8s.ok_or("load needs k8s, the Kubernetes YAML as text")?,
                behaviour: fields.behaviour.unwrap_or_default(),
                title: fields.title,
            },
            other => return Err(format!("unknown message type {other:?}")),
        };
        Ok(Some(message))
    }
}

/// Something that happened in the simulation, for the host page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEvent {
    pub t: Millis,
    /// `Unhealthy` (a failed probe), `Killing`, `Ready`, `NotReady`,
    /// `EndpointAdded`, `EndpointRemoved`.
    pub kind: &'static str,
    pub pod: String,
    pub container: Option<String>,
    /// `liveness`, `readiness` or `startup`, for `Unhealthy` and `Killing`.
    pub probe: Option<String>,
    pub service: Option<String>,
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

/// A JSON object written field by field (the few shapes above need no more).
struct Object(String);

impl Object {
    fn new(kind: &str) -> Object {
        let mut o = Object(String::from("{"));
        o.text("source", SOURCE).raw("v", "1").text("type", kind);
        o
    }

    fn raw(&mut self, key: &str, value: &str) -> &mut Object {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        let _ = write!(self.0, "{}:{value}", json_string(key));
        self
    }

    fn text(&mut self, key: &str, value: &str) -> &mut Object {
        self.raw(key, &json_string(value))
    }

    fn maybe(&mut self, key: &str, value: &Option<String>) -> &mut Object {
        match value {
            Some(v) => self.text(key, v),
            None => self,
        }
    }

    fn seconds(&mut self, key: &str, t: Millis) -> &mut Object {
        self.raw(key, &(t as f64 / 1000.0).to_string())
    }

    fn done(&mut self) -> String {
        self.0.push('}');
        std::mem::take(&mut self.0)
    }
}

impl EmbedMessage {
    /// Whether the message carries the scenario: such messages go only to
    /// the host's declared origin, never to any page that frames us.
    pub fn carries_scenario(&self) -> bool {
        matches!(self, EmbedMessage::Link { .. })
    }

    /// The message as JSON, in its envelope.
    pub fn to_json(&self) -> String {
        match self {
            EmbedMessage::Ready { title } => Object::new("ready")
                .text("appVersion", env!("CARGO_PKG_VERSION"))
                .raw("linkVersion", "1")
                .maybe("title", title)
                .done(),
            EmbedMessage::Resize { height } => Object::new("resize").raw("height", &height.to_string()).done(),
            EmbedMessage::Time { t, playing, speed } => Object::new("time")
                .seconds("t", *t)
                .raw("playing", if *playing { "true" } else { "false" })
                .raw("speed", &speed.to_string())
                .done(),
            EmbedMessage::Event(e) => Object::new("event")
                .seconds("t", e.t)
                .text("kind", e.kind)
                .text("pod", &e.pod)
                .maybe("container", &e.container)
                .maybe("probe", &e.probe)
                .maybe("service", &e.service)
                .maybe("message", &e.message)
                .done(),
            EmbedMessage::Error { code, message } => {
                Object::new("error").text("code", code).text("message", message).done()
            }
            EmbedMessage::Link { url } => Object::new("link").text("url", url).done(),
        }
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
        let event = |t, kind, pod: PodId| HostEvent {
            t,
            kind,
            pod: history.pod(pod).name.clone(),
            container: None,
            probe: None,
            service: None,
            message: None,
        };
        match record {
            Record::Event(e) if matches!(e.reason, EventReason::Unhealthy | EventReason::Killing) => {
                let Some(pod) = e.pod else { return };
                let mut out = event(e.t, e.reason.as_str(), pod);
                out.container = e.container.map(|c| history.container_name(pod, c).to_string());
                out.probe = e.probe.map(|p| p.name().to_string());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{gallery, scenario};

    fn host(kind: &str, more: HostFields) -> Result<Option<HostMessage>, String> {
        HostMessage::read(HostFields {
            source: Some(HOST_SOURCE.into()),
            v: Some(1.0),
            kind: Some(kind.into()),
            ..more
        })
    }

    fn none() -> HostFields {
        HostFields::default()
    }

    #[test]
    fn host_messages_are_read_from_their_fields() {
        assert_eq!(host("play", none()), Ok(Some(HostMessage::Play)));
        assert_eq!(host("pause", none()), Ok(Some(HostMessage::Pause)));
        let seek = |t| HostFields { t_seconds: Some(t), ..none() };
        assert_eq!(host("seek", seek(95.0)), Ok(Some(HostMessage::Seek(95_000))));
        let seek_text = HostFields { t_text: Some("2:30".into()), ..none() };
        assert_eq!(host("seek", seek_text), Ok(Some(HostMessage::Seek(150_000))));
        assert_eq!(host("speed", HostFields { x: Some(30.0), ..none() }), Ok(Some(HostMessage::Speed(30))));
        let dark = HostFields { theme: Some("dark".into()), ..none() };
        assert_eq!(host("theme", dark), Ok(Some(HostMessage::Theme(ThemeSetting::Dark))));
        assert_eq!(host("getLink", none()), Ok(Some(HostMessage::GetLink)));
        let load = HostFields {
            k8s: Some("kind: Pod\n".into()),
            behaviour: Some("<b>".into()),
            title: Some("T".into()),
            ..none()
        };
        assert_eq!(
            host("load", load),
            Ok(Some(HostMessage::Load {
                kubernetes: "kind: Pod\n".into(),
                behaviour: "<b>".into(),
                title: Some("T".into())
            }))
        );
    }

    #[test]
    fn other_sources_and_versions_are_not_for_us() {
        let ours = HostFields { source: Some(HOST_SOURCE.into()), v: Some(1.0), kind: Some("play".into()), ..none() };
        assert_eq!(HostMessage::read(HostFields { source: Some(SOURCE.into()), ..ours.clone() }), Ok(None));
        assert_eq!(HostMessage::read(HostFields { v: Some(2.0), ..ours.clone() }), Ok(None));
        assert_eq!(HostMessage::read(HostFields { v: None, ..ours }), Ok(None));
        assert_eq!(HostMessage::read(none()), Ok(None));
    }

    #[test]
    fn bad_host_messages_say_what_they_need() {
        let need_t = Err("seek needs t, in seconds or as m:ss".into());
        assert_eq!(host("seek", HostFields { t_seconds: Some(-1.0), ..none() }), need_t);
        assert_eq!(host("seek", HostFields { t_text: Some("soon".into()), ..none() }), need_t);
        let need_x = Err("speed needs x: 1, 2, 5, 10, 30 or 60".into());
        assert_eq!(host("speed", HostFields { x: Some(7.0), ..none() }), need_x);
        assert_eq!(host("speed", HostFields { x: Some(10.5), ..none() }), need_x);
        let red = HostFields { theme: Some("red".into()), ..none() };
        assert_eq!(host("theme", red), Err("theme needs theme: auto, light or dark".into()));
        assert_eq!(host("load", none()), Err("load needs k8s, the Kubernetes YAML as text".into()));
        assert_eq!(host("jump", none()), Err("unknown message type \"jump\"".into()));
    }

    #[test]
    fn embed_messages_are_json_in_their_envelope() {
        let time = EmbedMessage::Time { t: 95_500, playing: false, speed: 10 };
        assert_eq!(
            time.to_json(),
            r#"{"source":"probe-playground","v":1,"type":"time","t":95.5,"playing":false,"speed":10}"#
        );
        let error = EmbedMessage::Error { code: "cut_off".into(), message: "<b> \"q\" \\ \n\u{1}".into() };
        assert_eq!(
            error.to_json(),
            r#"{"source":"probe-playground","v":1,"type":"error","code":"cut_off","message":"<b> \"q\" \\ \n\u0001"}"#
        );
        let ready = EmbedMessage::Ready { title: None }.to_json();
        assert_eq!(
            ready,
            format!(
                r#"{{"source":"probe-playground","v":1,"type":"ready","appVersion":"{}","linkVersion":1}}"#,
                env!("CARGO_PKG_VERSION")
            )
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
        let kinds: Vec<(&str, Millis)> = first.iter().map(|e| (e.kind, e.t)).collect();
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
            .map(|e| (e.kind, e.t, e.service.as_deref()))
            .collect();
        assert_eq!(ready, [("Ready", 11_500, None), ("EndpointAdded", 11_500, Some("hello-go"))]);
        let json = EmbedMessage::Event(events.into_iter().find(|e| e.kind == "Ready").unwrap()).to_json();
        assert!(json.contains(r#""kind":"Ready""#) && json.contains(r#""t":11.5"#), "{json}");
    }
}
