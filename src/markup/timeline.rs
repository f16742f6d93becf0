//! The timeline, a region named "Timeline": a lane per pod (its Ready
//! condition), per container (its state, with restart markers) and per probe
//! (each execution a mark shaped and coloured by its result), over a time
//! axis, with a now-cursor and the details of the probe execution picked.
//! The lanes' model is `view::timeline`; this draws it in a window of time.
//!
//! A click on a track picks the mark under it or the moment, which only the
//! click's place tells: the track carries a `Control::Track`, and `pick`
//! reads the place the driver gives. The page adds its zoom, pan and export
//! (Yew) to the head and the body; without them the window is the whole run.

use super::{Control, Element, el};
use crate::history::{History, Millis, Record};
use crate::playground::state::{Action, clock_text};
use crate::view::timeline::{Lane, LaneKind, label_parts, mark_path, result_class, tick_step};
use crate::view::{ProbeRequest, sim_clock};

/// The tracks' width in SVG units: a track stretches to its box.
const WIDTH: f64 = 1000.0;

/// A click finds a mark this many pixels either side of it.
const SLACK_PX: f64 = 6.0;

/// The window `(from, to)` shown at `t` of a run that ends at `end`: the
/// whole run, or the window `zoom` chose, which follows the cursor while
/// playing (the cursor that leaves it starts it again a tenth in).
pub fn window(zoom: Option<(Millis, Millis)>, t: Millis, end: Millis, playing: bool) -> (Millis, Millis) {
    let (mut from, mut to) = zoom.unwrap_or((0, end));
    to = to.min(end);
    let span = (to - from).max(1000);
    if playing && zoom.is_some() && (t > to || t < from) {
        from = (t - span / 10).clamp(0, (end - span).max(0));
        to = from + span;
    }
    (from, to)
}

/// The whole timeline at `t` in `window` around its `lanes` and its
/// `details`, for a driver without zoom and pan, which makes those two only
/// when the window or the picked mark change.
pub fn timeline(lanes: Element, details: Element, window: (Millis, Millis), t: Millis) -> Element {
    let mut body = body(window, t);
    body.children.insert(1, lanes.into());
    region().child(head()).child(body).child(details)
}

/// The region, named "Timeline", without its parts.
pub fn region() -> Element {
    el("section").class("timeline").attr("aria-label", "Timeline")
}

/// The head: the title and the legend. The page puts its zoom tools between
/// them, as its second child.
pub fn head() -> Element {
    let key = |class: &str, text: &str| el("span").class(format!("key {class}")).child(text);
    let legend = el("div").class("legend").attr("aria-hidden", "true").children([
        key("success", "success"),
        key("failure", "failure"),
        key("timeout", "timeout"),
        key("ready", "Ready"),
        key("restart", "restart"),
    ]);
    el("div").class("timeline-head").child(el("h2").class("pane-title").child("Timeline")).child(legend)
}

/// The body: the time axis of `window` and the cursor at `t`. The lanes go
/// between them, as its second child.
pub fn body(window: (Millis, Millis), t: Millis) -> Element {
    el("div").class("timeline-body").child(axis(window)).child(cursor(window, t))
}

/// The axis: a tick labelled with its clock at most about eight times.
fn axis((from, to): (Millis, Millis)) -> Element {
    let span = (to - from).max(1000);
    let step = tick_step(span);
    let first_tick = (from + step - 1) / step * step;
    let ticks = (0..).map(|k| first_tick + k * step).take_while(|t| *t <= to).map(|t| {
        let left = (t - from) as f64 / span as f64 * 100.0;
        el("span").class("axis-tick").attr("style", format!("left:{left:.2}%")).child(clock_text(t))
    });
    el("div").class("axis").attr("aria-hidden", "true").children(ticks)
}

/// The now-cursor, hidden while `t` is outside the window rather than
/// absent, so that the lanes before it are not drawn anew.
fn cursor((from, to): (Millis, Millis), t: Millis) -> Element {
    let span = (to - from).max(1000);
    let style = if t >= from && t <= to {
        format!("left:calc(var(--label-w) + (100% - var(--label-w)) * {:.4})", (t - from) as f64 / span as f64)
    } else {
        "display:none".to_string()
    };
    el("div").class("now-cursor").attr("style", style).attr("aria-hidden", "true")
}

/// Every lane in `window`, the mark of `probe` highlighted.
pub fn lanes(all: &[Lane], (from, to): (Millis, Millis), probe: Option<usize>) -> Element {
    let to = to.max(from + 1);
    el("div").class("lanes").children(all.iter().enumerate().map(|(i, lane)| lane_row(i, lane, (from, to), probe)))
}

/// One lane: its label and its track of bands, restarts and marks.
fn lane_row(index: usize, lane: &Lane, (from, to): (Millis, Millis), probe: Option<usize>) -> Element {
    let x = |t: Millis| (t - from) as f64 / (to - from) as f64 * WIDTH;
    let (height, class) = match lane.kind {
        LaneKind::Pod => (16.0, "lane lane-pod"),
        LaneKind::Container => (12.0, "lane lane-container"),
        LaneKind::Probe(_) => (12.0, "lane lane-probe"),
    };
    let bands = lane.bands.iter().filter(|b| b.to >= from && b.from <= to).map(|b| {
        let (x0, x1) = (x(b.from.max(from)), x(b.to.min(to)));
        el("rect")
            .class(format!("band {}", b.class))
            .attr("x", format!("{x0:.1}"))
            .attr("y", "1")
            .attr("width", format!("{:.1}", (x1 - x0).max(0.5)))
            .attr("height", format!("{}", height - 2.0))
    });
    let restarts = lane.restarts.iter().filter(|r| **r >= from && **r <= to).map(|&r| {
        el("rect")
            .class("restart")
            .attr("x", format!("{:.1}", x(r) - 1.5))
            .attr("y", "0")
            .attr("width", "3")
            .attr("height", format!("{height}"))
            .child(el("title").child(format!("restart at {}", sim_clock(r))))
    });
    // Marks of one class are one path; a click finds the nearest mark.
    let (paths, selected) = marks_paths(lane, (from, to), x, height, probe);
    let marks = paths.into_iter().map(|(class, d)| el("path").class(format!("tick {class}")).attr("d", d));
    let highlight = selected.map(|mx| {
        el("rect")
            .class("tick selected")
            .attr("x", format!("{:.1}", mx - 2.5))
            .attr("y", "0")
            .attr("width", "5")
            .attr("height", format!("{height}"))
    });
    let track = el("svg")
        .class("lane-track")
        .attr("viewBox", format!("0 0 {WIDTH} {height}"))
        .attr("preserveAspectRatio", "none")
        .attr("height", format!("{height}"))
        .control(Control::Track { lane: index, from, to })
        .children(bands)
        .children(restarts)
        .children(marks)
        .children(highlight);
    // A pod's lane is a group named for it, and its label always shows the
    // suffix that tells replicas apart.
    let (row, label) = match lane.kind {
        LaneKind::Pod => {
            let (head, tail) = label_parts(&lane.label);
            let row = el("div").class(class).attr("role", "group").attr("aria-label", format!("Pod {}", lane.label));
            (row, el("div").child(el("span").class("head").child(head)).child(el("span").class("tail").child(tail)))
        }
        _ => (el("div").class(class), el("div").child(lane.label.as_str())),
    };
    row.child(label.class("lane-label").attr("title", lane.label.as_str())).child(track)
}

/// A lane's marks in the window, one path per result class (successes
/// closer than 1.5 units thinned out), and where the selected mark is.
fn marks_paths(
    lane: &Lane,
    (from, to): (Millis, Millis),
    x: impl Fn(Millis) -> f64,
    height: f64,
    probe: Option<usize>,
) -> (Vec<(&'static str, String)>, Option<f64>) {
    let mut paths: Vec<(&'static str, String)> = Vec::new();
    let mut last_x = f64::MIN;
    let mut selected = None;
    for m in lane.marks.iter().filter(|m| m.t >= from && m.t <= to) {
        let mx = x(m.t);
        if probe == Some(m.record) {
            selected = Some(mx);
        }
        if mx - last_x < 1.5 && m.class == "success" {
            continue;
        }
        last_x = mx;
        let path = mark_path(m.class, mx, height);
        match paths.iter_mut().find(|(c, _)| *c == m.class) {
            Some((_, d)) => d.push_str(&path),
            None => paths.push((m.class, path)),
        }
    }
    (paths, selected)
}

/// What a click on the track of lane `lane`, drawn over `window`, picks: the
/// probe execution whose mark is within 6 pixels of it, else the moment
/// under it. `value` is the click's place as the drivers give it for a
/// `Control::Track`: "X WIDTH", X pixels from the track's left edge of its
/// WIDTH pixels.
pub fn pick(all: &[Lane], lane: usize, (from, to): (Millis, Millis), value: &str) -> Option<Action> {
    let (x, width) = value.split_once(' ')?;
    let (x, width) = (x.parse::<f64>().ok()?, width.parse::<f64>().ok()?);
    if width <= 0.0 {
        return None;
    }
    let span = (to - from) as f64;
    let t = from + (x / width * span) as Millis;
    let slack = (SLACK_PX / width * span) as Millis;
    let nearest = all.get(lane)?.marks.iter().min_by_key(|m| (m.t - t).abs()).filter(|m| (m.t - t).abs() <= slack);
    Some(nearest.map_or(Action::Seek(t), |m| Action::SelectProbe(Some(m.record))))
}

/// The details of probe execution `probe` (a record's index): its request
/// and its result, with a button that closes them; hidden when none.
pub fn details(history: &History, probe: Option<usize>) -> Element {
    let Some(Record::Probe(p)) = probe.and_then(|i| history.records.get(i)) else {
        return el("div").class("probe-details").flag("hidden", true);
    };
    let info = history.pod(p.pod);
    let container = history.container_name(p.pod, p.container());
    let execution = history.execution(p);
    let class = result_class(execution.reply, execution.result);
    let (request_title, request) = match ProbeRequest::of(history, p) {
        Ok(r) => {
            let tls = matches!(&r, ProbeRequest::Http(h) if h.https);
            (if tls { "Request, over TLS (certificate not verified)" } else { "Request" }, r.to_string())
        }
        Err(e) => ("Request", format!("(none sent: {e})")),
    };
    let output = if execution.output.is_empty() { "(no output)".to_string() } else { execution.output };
    let summary = format!(
        " of {} / {} — started {}, result at {}: ",
        info.name,
        container,
        sim_clock(p.start()),
        sim_clock(p.t())
    );
    el("div")
        .class(format!("probe-details {class}"))
        .attr("role", "status")
        .child(
            el("div")
                .child(el("strong").child(format!("{} probe", p.probe.title())))
                .child(summary)
                .child(el("strong").child(class)),
        )
        .child(el("div").class("probe-part").child(request_title))
        .child(el("pre").class("probe-request").child(request))
        .child(el("div").class("probe-part").child("Result"))
        .child(el("pre").class("probe-output").child(output))
        .child(
            el("button").attr("type", "button").class("link-button").control(Control::SelectProbe(None)).child("Close"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Node;
    use crate::view::timeline::lanes as model;

    /// The lesson whose liveness probe asks the wrong path, simulated.
    fn lesson() -> History {
        crate::scenario::load(crate::gallery::examples()[1].text).simulate()
    }

    fn named<'a>(tree: &'a Node, name: &str) -> Vec<&'a Element> {
        tree.find_all(&|e| e.get("aria-label") == Some(name))
    }

    fn classed<'a>(tree: &'a Node, class: &str) -> Vec<&'a Element> {
        tree.find_all(&|e| e.get("class") == Some(class))
    }

    #[test]
    fn the_region_has_a_lane_per_pod_container_and_probe_under_an_axis() {
        let h = lesson();
        let all = model(&h);
        let tree: Node = timeline(lanes(&all, (0, h.end), None), details(&h, None), (0, h.end), 30_000).into();
        let region = named(&tree, "Timeline");
        assert_eq!(region.len(), 1);
        assert_eq!(region[0].tag, "section");
        let pod = &h.pods[0].name;
        let group: Node = tree.by_role("group", &format!("Pod {pod}")).expect("a group for the pod").clone().into();
        let label = classed(&group, "lane-label")[0];
        assert_eq!(label.text(), *pod);
        assert_eq!(label.get("title"), Some(pod.as_str()));
        let labels: Vec<String> = tree
            .find_all(&|e| e.get("class").is_some_and(|c| c.starts_with("lane ")))
            .iter()
            .map(|lane| Node::from((*lane).clone()).find_all(&|e| e.get("class") == Some("lane-label"))[0].text())
            .collect();
        assert_eq!(labels, all.iter().map(|l| l.label.clone()).collect::<Vec<_>>());
        // Failures and successes are marks of their own shape.
        assert!(!classed(&tree, "tick failure").is_empty() && !classed(&tree, "tick success").is_empty());
        assert_eq!(classed(&tree, "axis-tick")[0].text(), "00:00");
        assert_eq!(classed(&tree, "key ready")[0].text(), "Ready");
        assert_eq!(classed(&tree, "probe-details")[0].get("hidden"), Some(""));
    }

    #[test]
    fn the_cursor_stands_at_t_and_hides_outside_the_window() {
        let cursor = |t| {
            Node::from(body((10_000, 20_000), t)).find_all(&|e| e.get("class") == Some("now-cursor"))[0]
                .get("style")
                .map(str::to_string)
        };
        assert_eq!(cursor(15_000).as_deref(), Some("left:calc(var(--label-w) + (100% - var(--label-w)) * 0.5000)"));
        assert_eq!(cursor(25_000).as_deref(), Some("display:none"));
    }

    #[test]
    fn a_click_on_a_track_picks_the_mark_under_it_or_the_moment() {
        let h = lesson();
        let all = model(&h);
        let (lane, mark) =
            all.iter().enumerate().find_map(|(i, l)| l.marks.first().map(|m| (i, m.clone()))).expect("a probe mark");
        let window = (0, 100_000);
        // The track as drawn carries its lane and window.
        let tree: Node = lanes(&all, window, None).into();
        let track = tree.find_all(&|e| e.tag == "svg")[lane];
        let control = Control::decode(track.get("data-action").unwrap(), track.get("data-arg")).unwrap();
        assert_eq!(control, Control::Track { lane, from: 0, to: 100_000 });
        // On a track 1000 pixels wide a pixel is 100 ms: 5 pixels off the
        // mark still picks it.
        let at = |px: f64| format!("{px} 1000");
        let near = mark.t as f64 / 100.0 + 5.0;
        assert!(matches!(pick(&all, lane, window, &at(near)), Some(Action::SelectProbe(Some(r))) if r == mark.record));
        // A pod's lane has no marks: a click on it is a moment.
        assert_eq!(all[0].kind, LaneKind::Pod);
        assert!(matches!(pick(&all, 0, window, &at(250.0)), Some(Action::Seek(25_000))));
        assert!(pick(&all, lane, window, "here").is_none());
        assert!(pick(&all, lane, window, "10 0").is_none());
    }

    #[test]
    fn the_picked_probe_shows_its_request_and_result_and_closes() {
        let h = lesson();
        let all = model(&h);
        let liveness = all.iter().filter(|l| l.kind == LaneKind::Probe(crate::spec::ProbeKind::Liveness));
        let failed = liveness.flat_map(|l| &l.marks).find(|m| m.class == "failure").expect("a failed liveness probe");
        let probe = Some(failed.record);
        let tree: Node = timeline(lanes(&all, (0, h.end), probe), details(&h, probe), (0, h.end), 30_000).into();
        let details = tree.find_all(&|e| e.get("role") == Some("status"))[0];
        assert_eq!(details.get("class"), Some("probe-details failure"));
        let text = details.text();
        assert!(
            text.starts_with(&format!("Liveness probe of {} / hello-express — started ", h.pods[0].name)),
            "{text}"
        );
        assert!(text.contains(": failure"), "{text}");
        assert_eq!(classed(&tree, "probe-part")[0].text(), "Request");
        let request = classed(&tree, "probe-request")[0].text();
        assert!(request.starts_with("GET /health/liveness HTTP/1.1\n"), "{request}");
        assert_eq!(classed(&tree, "probe-output")[0].text(), "HTTP probe failed with statuscode: 404");
        let close = tree.find_all(&|e| e.tag == "button" && e.text() == "Close")[0];
        let control = Control::decode(close.get("data-action").unwrap(), close.get("data-arg")).unwrap();
        assert!(matches!(control.action(None), Some(Action::SelectProbe(None))));
        // The selected mark is highlighted on its lane.
        assert_eq!(classed(&tree, "tick selected").len(), 1);
    }

    #[test]
    fn a_zoomed_window_follows_the_cursor_while_playing() {
        let end = 120_000;
        assert_eq!(window(None, 50_000, end, true), (0, end));
        assert_eq!(window(Some((0, 20_000)), 50_000, end, false), (0, 20_000));
        // Past its end, the window starts again a tenth of its span before t.
        assert_eq!(window(Some((0, 20_000)), 50_000, end, true), (48_000, 68_000));
        // And never runs past the end of the run.
        assert_eq!(window(Some((0, 20_000)), 119_000, end, true), (100_000, 120_000));
    }
}
