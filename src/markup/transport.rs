//! The transport: play/pause, speed, step back and forward between the
//! moments where something changed, restart and the simulated time
//! (`playback`), and the scrubber that drags to any moment, with marks under
//! its track where warnings and restarts happened (`scrubber`).

use super::{Control, Element, el, options};
use crate::history::{EventReason, EventType, History, Millis, Record};
use crate::playground::state::{SPEEDS, clock_text};

/// What the playback controls show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transport {
    pub playing: bool,
    pub speed: u32,
    pub t: Millis,
    pub end: Millis,
    /// An embed's controls: play/pause, speed and the time only.
    pub compact: bool,
}

/// The playback controls, a group named "Playback".
pub fn playback(p: &Transport) -> Element {
    let play_label = if p.playing { "Pause" } else { "Play" };
    let play = el("button")
        .attr("type", "button")
        .class("play")
        .attr("aria-label", play_label)
        .attr("title", format!("{play_label} (Space)"))
        .control(Control::TogglePlay)
        .child(icon(if p.playing { "icon icon-pause" } else { "icon icon-play" }));
    let steps = (!p.compact).then(|| {
        [
            button("Step back to the previous event", "Step back to the previous change (←)", Control::StepBack)
                .child(icon("icon icon-step back")),
            button(
                "Step to the next event",
                "Step to the next change: a start or exit, a probe result, Ready, a kill, endpoints (→)",
                Control::Step,
            )
            .child(icon("icon icon-step")),
            button("Restart", "Restart from 00:00 (Home)", Control::Restart)
                .child(el("span").attr("aria-hidden", "true").class("icon-text").child("↺")),
        ]
    });
    el("div")
        .class("playback")
        .attr("role", "group")
        .attr("aria-label", "Playback")
        .child(play)
        .children(steps.into_iter().flatten())
        .child(speed(p.speed))
        .child(
            el("output")
                .class("clock")
                .attr("aria-label", "Simulated time")
                .attr("aria-live", "off")
                .child(el("span").class("now").child(clock_text(p.t)))
                .child(el("span").class("end").child(format!(" / {}", clock_text(p.end)))),
        )
}

fn button(label: &str, title: &str, control: Control) -> Element {
    el("button").attr("type", "button").attr("aria-label", label).attr("title", title).control(control)
}

/// A button's picture; the button's label names it.
fn icon(class: &str) -> Element {
    el("span").attr("aria-hidden", "true").class(class)
}

/// The speed's select, its option for `speed` selected.
fn speed(speed: u32) -> Element {
    let values: Vec<String> = SPEEDS.iter().map(u32::to_string).collect();
    let speeds = values.iter().map(|s| (s.as_str(), format!("{s}x")));
    let options = options(speeds, Some(&speed.to_string()));
    el("label")
        .class("speed")
        .child(el("span").class("visually-hidden").child("Speed"))
        .child(el("select").attr("aria-label", "Speed").control(Control::Speed).children(options))
}

/// The scrubber at `t` of a run that ends at `end`: its range, named "Scrub
/// simulated time", from 0 to `end` in steps of 0.1 s. Its event marks
/// (`event_marks`) go after the range: they are the same for the whole run,
/// so a driver makes them once per history.
pub fn scrubber(end: Millis, t: Millis) -> Element {
    let range = el("input")
        .attr("type", "range")
        .attr("aria-label", "Scrub simulated time")
        .attr("aria-valuetext", clock_text(t))
        .attr("min", "0")
        .attr("max", end.to_string())
        .attr("step", "100")
        .attr("value", t.to_string())
        .control(Control::Seek(None));
    el("div").class("scrubber").child(range)
}

/// The scrubber's marks: the warning events, and the kills and back-offs,
/// along its track.
pub fn event_marks(history: &History) -> Element {
    let end = history.end.max(1) as f64;
    let mut last_left = -1.0;
    let mut marks = Vec::new();
    for e in history.records.iter().filter_map(|r| match r {
        Record::Event(e) => Some(e),
        _ => None,
    }) {
        let left = (e.t as f64 / end * 1000.0).round() / 10.0;
        let class = match (e.event_type, e.reason) {
            (_, EventReason::Killing | EventReason::BackOff) => "mark kill",
            (EventType::Warning, _) => "mark warn",
            _ => continue,
        };
        // Thin out warnings closer than 0.2% of the track.
        if left - last_left < 0.2 && class == "mark warn" {
            continue;
        }
        last_left = left;
        marks.push(el("span").class(class).attr("style", format!("left:{left}%")));
    }
    el("div").class("scrub-marks").attr("aria-hidden", "true").children(marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Node;
    use crate::playground::state::Action;

    fn shown(p: Transport) -> Node {
        playback(&p).into()
    }

    const PAUSED: Transport = Transport { playing: false, speed: 10, t: 65_000, end: 120_000, compact: false };

    /// The control a button carries, as a driver reads it.
    fn action_of(e: &Element) -> Option<Action> {
        let control = Control::decode(e.get("data-action")?, e.get("data-arg"))?;
        control.action(None)
    }

    #[test]
    fn paused_the_controls_offer_play_steps_and_restart_and_tell_the_time() {
        let controls = shown(PAUSED);
        let group = controls.by_role("group", "Playback").expect("the Playback group");
        let buttons: Vec<_> = Node::from(group.clone())
            .find_all(&|e| e.tag == "button")
            .into_iter()
            .map(|b| b.get("aria-label").unwrap_or_default().to_string())
            .collect();
        assert_eq!(buttons, ["Play", "Step back to the previous event", "Step to the next event", "Restart"]);
        let clock = controls.find_all(&|e| e.get("aria-label") == Some("Simulated time"))[0];
        assert_eq!(clock.tag, "output");
        assert_eq!(clock.text(), "01:05 / 02:00");
        let now = controls.find_all(&|e| e.get("class") == Some("now"))[0];
        assert_eq!(now.text(), "01:05");
    }

    #[test]
    fn each_button_does_what_its_name_says() {
        let controls = shown(PAUSED);
        let button = |name: &str| controls.find_all(&|e| e.tag == "button" && e.get("aria-label") == Some(name))[0];
        assert!(matches!(action_of(button("Play")), Some(Action::TogglePlay)));
        assert!(matches!(action_of(button("Step to the next event")), Some(Action::Step)));
        assert!(matches!(action_of(button("Step back to the previous event")), Some(Action::StepBack)));
        assert!(matches!(action_of(button("Restart")), Some(Action::Restart)));
    }

    #[test]
    fn playing_the_button_pauses_and_the_speed_shows_its_choice() {
        let controls = shown(Transport { playing: true, ..PAUSED });
        let pause = controls.find_all(&|e| e.tag == "button" && e.get("class") == Some("play"))[0];
        assert_eq!((pause.get("aria-label"), pause.get("title")), (Some("Pause"), Some("Pause (Space)")));
        let select = controls.find_all(&|e| e.tag == "select")[0];
        assert_eq!(select.get("aria-label"), Some("Speed"));
        let chosen: Vec<String> =
            Node::from(select.clone()).find_all(&|e| e.get("selected").is_some()).iter().map(|o| o.text()).collect();
        assert_eq!(chosen, ["10x"]);
        let speed = Control::decode(select.get("data-action").unwrap(), None).unwrap();
        assert!(matches!(speed.action(Some("60".into())), Some(Action::SetSpeed(60))));
    }

    #[test]
    fn compact_controls_are_play_speed_and_time_only() {
        let controls = shown(Transport { compact: true, ..PAUSED });
        let labels: Vec<&str> =
            controls.find_all(&|e| e.tag == "button").iter().filter_map(|b| b.get("aria-label")).collect();
        assert_eq!(labels, ["Play"]);
        assert_eq!(controls.find_all(&|e| e.tag == "select").len(), 1);
        assert_eq!(controls.find_all(&|e| e.tag == "output")[0].text(), "01:05 / 02:00");
    }

    #[test]
    fn the_scrubber_seeks_where_it_is_dragged_and_marks_the_warnings() {
        let history = crate::scenario::load(crate::gallery::examples()[1].text).simulate();
        let scrubber: Node = scrubber(history.end, 30_000).child(event_marks(&history)).into();
        let range = scrubber.find_all(&|e| e.get("aria-label") == Some("Scrub simulated time"))[0];
        assert_eq!(range.get("type"), Some("range"));
        assert_eq!(range.get("aria-valuetext"), Some("00:30"));
        assert_eq!((range.get("value"), range.get("max")), (Some("30000"), Some(history.end.to_string().as_str())));
        let seek = Control::decode(range.get("data-action").unwrap(), range.get("data-arg")).unwrap();
        assert!(matches!(seek.action(Some("95000".into())), Some(Action::Seek(95_000))));
        // The lesson's liveness probe fails: the kubelet kills the container.
        let kills = scrubber.find_all(&|e| e.get("class") == Some("mark kill"));
        assert!(!kills.is_empty());
        assert!(kills.iter().all(|k| k.get("style").is_some_and(|s| s.starts_with("left:") && s.ends_with('%'))));
    }
}
