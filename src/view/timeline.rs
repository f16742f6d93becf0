//! The timeline's model: a lane per pod (its Ready condition), per
//! container (its state, stopping while the kubelet's stop is under way,
//! with restart markers) and per probe (each execution a mark whose shape
//! and colour say its result), built in one pass over a history. The
//! playground draws it and `simulate --view timeline --format svg` writes it.

use crate::history::{ContainerState, History, Millis, ProbeResult, Record, Reply, TerminatedReason, WaitingReason};
use crate::link::snippet::escape;
use crate::spec::ProbeKind;

/// How a probe result is drawn.
pub fn result_class(reply: Reply, result: ProbeResult) -> &'static str {
    match (result, reply) {
        (ProbeResult::Success, _) => "success",
        (ProbeResult::Warning, _) => "warning",
        (ProbeResult::Error, _) => "error",
        (ProbeResult::Failure, Reply::Timeout) => "timeout",
        (ProbeResult::Failure, _) => "failure",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneKind {
    Pod,
    Container,
    Probe(ProbeKind),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub from: Millis,
    pub to: Millis,
    pub class: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub t: Millis,
    pub class: &'static str,
    /// Index into `History::records`.
    pub record: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub kind: LaneKind,
    pub label: String,
    pub bands: Vec<Band>,
    pub marks: Vec<Mark>,
    /// When the container came back with a higher restart count.
    pub restarts: Vec<Millis>,
}

/// Builds every lane of a history, in one pass over the records.
pub fn lanes(history: &History) -> Vec<Lane> {
    let end = history.end;
    /// A pod's lanes while they are being built.
    struct Building {
        pod: Lane,
        containers: Vec<Lane>,
        probes: Vec<Vec<Lane>>,
        last_restart: Vec<u32>,
        removed: Option<Millis>,
        pod_open: Option<(Millis, &'static str)>,
        container_open: Vec<Option<(Millis, &'static str)>>,
    }
    let lane = |kind: LaneKind, label: String| Lane { kind, label, bands: vec![], marks: vec![], restarts: vec![] };
    let mut pods: Vec<Building> = history
        .pods
        .iter()
        .map(|info| {
            let containers = &info.template.spec.containers;
            Building {
                pod: lane(LaneKind::Pod, info.name.clone()),
                containers: containers.iter().map(|c| lane(LaneKind::Container, c.name.clone())).collect(),
                probes: containers
                    .iter()
                    .map(|c| {
                        ProbeKind::ALL
                            .iter()
                            .filter(|k| c.probe(**k).is_some())
                            .map(|k| lane(LaneKind::Probe(*k), k.name().to_string()))
                            .collect()
                    })
                    .collect(),
                last_restart: vec![0; containers.len()],
                removed: None,
                pod_open: Some((info.created_ms, "pending")),
                container_open: vec![None; containers.len()],
            }
        })
        .collect();
    // Ends the open band (unless the class stays the same) and opens the next.
    fn close(bands: &mut Vec<Band>, open: &mut Option<(Millis, &'static str)>, t: Millis, next: Option<&'static str>) {
        if let Some((from, class)) = *open {
            if Some(class) == next {
                return;
            }
            if t > from {
                bands.push(Band { from, to: t, class });
            }
        }
        *open = next.map(|c| (t, c));
    }
    for (index, record) in history.records.iter().enumerate() {
        match record {
            Record::Pod(p) => {
                let b = &mut pods[p.pod as usize];
                if p.removed {
                    b.removed = Some(p.t);
                    close(&mut b.pod.bands, &mut b.pod_open, p.t, None);
                } else {
                    let class = if p.deletion.is_some() {
                        "terminating"
                    } else if p.ready {
                        "ready"
                    } else {
                        "not-ready"
                    };
                    close(&mut b.pod.bands, &mut b.pod_open, p.t, Some(class));
                }
            }
            Record::Container(c) => {
                let b = &mut pods[c.pod as usize];
                let ci = c.container as usize;
                let new_instance = c.restart_count > b.last_restart[ci];
                let class = match &c.state {
                    ContainerState::Running { .. } if c.stopping.is_some() => "stopping",
                    ContainerState::Running { .. } if c.ready => "running-ready",
                    ContainerState::Running { .. } => "running",
                    ContainerState::Waiting { reason: WaitingReason::CrashLoopBackOff, .. } => "backoff",
                    ContainerState::Waiting { .. } => "waiting",
                    // Ran to completion: done, not failed.
                    ContainerState::Terminated(t) if t.reason == TerminatedReason::Completed => "completed",
                    ContainerState::Terminated(_) => "terminated",
                };
                if new_instance {
                    b.last_restart[ci] = c.restart_count;
                    b.containers[ci].restarts.push(c.t);
                }
                close(&mut b.containers[ci].bands, &mut b.container_open[ci], c.t, Some(class));
            }
            Record::Probe(p) => {
                let b = &mut pods[p.pod as usize];
                if let Some(lane) =
                    b.probes[p.container() as usize].iter_mut().find(|l| l.kind == LaneKind::Probe(p.probe))
                {
                    let answer = history.answer(p);
                    lane.marks.push(Mark { t: p.t(), class: result_class(answer.reply, answer.result), record: index });
                }
            }
            _ => {}
        }
    }
    let mut order: Vec<usize> = (0..history.pods.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| (history.pods[i].created_ms, i));
    let mut slots: Vec<Option<Building>> = pods.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for i in order {
        let Some(mut b) = slots[i].take() else { continue };
        let stop = b.removed.unwrap_or(end);
        close(&mut b.pod.bands, &mut b.pod_open, stop, None);
        for (lane, open) in b.containers.iter_mut().zip(b.container_open.iter_mut()) {
            close(&mut lane.bands, open, stop, None);
        }
        out.push(b.pod);
        for (lane, probes) in b.containers.into_iter().zip(b.probes) {
            out.push(lane);
            out.extend(probes);
        }
    }
    out
}

/// A tick spacing that gives at most about eight labels.
pub fn tick_step(span: Millis) -> Millis {
    const STEPS: [Millis; 17] = [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
        7_200_000, 21_600_000, 43_200_000, 86_400_000,
    ];
    STEPS.iter().copied().find(|s| span / s <= 8).unwrap_or(86_400_000)
}

/// The outline of one mark at `x`, `height` tall: a thin bar for a success
/// (or a warning), a triangle pointing down for a failure, an hourglass for
/// a timeout, a diamond for an error: told apart by shape, not only colour.
pub fn mark_path(class: &str, x: f64, height: f64) -> String {
    let (h, half) = (height, height / 2.0);
    match class {
        "failure" => format!("M{:.1} 0h7l-3.5 {h}z", x - 3.5),
        "timeout" => format!("M{:.1} 0h7l-7 {h}h7z", x - 3.5),
        "error" => format!("M{x:.1} 0l3.5 {half}l-3.5 {half}l-3.5 -{half}z"),
        _ => format!("M{:.1} 0h3v{h}h-3z", x - 1.5),
    }
}

/// A pod's name as a lane label cuts it: the part that may be shortened,
/// and the last segment, which tells replicas apart and is always shown
/// (`hello-express-c9xwj-` and `7fd5x`).
pub fn label_parts(name: &str) -> (&str, &str) {
    match name.rfind('-') {
        Some(i) if i + 1 < name.len() => name.split_at(i + 1),
        _ => ("", name),
    }
}

/// The fill of a band, as the playground's light theme draws it.
fn band_fill(class: &str) -> &'static str {
    match class {
        "ready" | "running-ready" => "#cfead9",
        "not-ready" | "running" | "pending" | "backoff" => "#f3e2c0",
        "terminated" | "stopping" => "#f5d3d3",
        _ => "#e3e6ea",
    }
}

/// The fill of a probe mark.
fn mark_fill(class: &str) -> &'static str {
    match class {
        "success" => "#1d9a52",
        "failure" => "#d23c3c",
        "timeout" => "#8a46c2",
        "warning" => "#c97d00",
        _ => "#5d6677",
    }
}

/// The whole run's timeline as a standalone SVG document: what the
/// playground's timeline shows, for docs that cannot embed the page
/// (`simulate FILE --view timeline --format svg`, the page's Export SVG).
pub fn svg(history: &History, title: &str) -> String {
    const LABEL: f64 = 200.0;
    const TRACK: f64 = 800.0;
    const TOP: f64 = 44.0;
    let lanes = lanes(history);
    let end = history.end.max(1000);
    let x = |t: Millis| LABEL + t.clamp(0, end) as f64 / end as f64 * TRACK;
    let height = |kind: LaneKind| if kind == LaneKind::Pod { 16.0 } else { 12.0 };
    let total = TOP + lanes.iter().map(|l| height(l.kind) + 4.0).sum::<f64>() + 30.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{total}\" viewBox=\"0 0 {w} {total}\" font-family=\"monospace\" font-size=\"11\">\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"bold\" fill=\"#1c2330\">{}</text>\n",
        escape(title),
        escape(title),
        w = LABEL + TRACK + 10.0,
    );
    let step = tick_step(end);
    for t in (0..=end).step_by(step as usize) {
        let clock = crate::view::sim_clock(t);
        let label = clock.strip_suffix(".0").unwrap_or(&clock);
        out.push_str(&format!(
            "<line x1=\"{0:.1}\" y1=\"{1}\" x2=\"{0:.1}\" y2=\"{2}\" stroke=\"#dde2e9\"/><text x=\"{0:.1}\" y=\"{3}\" text-anchor=\"middle\" fill=\"#5d6677\">{label}</text>\n",
            x(t),
            TOP - 6.0,
            total - 24.0,
            TOP - 10.0
        ));
    }
    let mut y = TOP;
    for lane in &lanes {
        let h = height(lane.kind);
        let (indent, weight) = match lane.kind {
            LaneKind::Pod => (8.0, "bold"),
            LaneKind::Container => (18.0, "normal"),
            LaneKind::Probe(_) => (28.0, "normal"),
        };
        out.push_str(&format!("<g transform=\"translate(0,{y})\">\n"));
        out.push_str(&format!(
            "<text x=\"{indent}\" y=\"{:.1}\" font-weight=\"{weight}\" fill=\"#1c2330\">{}</text>\n",
            h - 3.0,
            escape(&lane.label)
        ));
        for b in &lane.bands {
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"1\" width=\"{:.1}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
                x(b.from),
                (x(b.to) - x(b.from)).max(0.5),
                h - 2.0,
                band_fill(b.class),
                b.class
            ));
        }
        for r in &lane.restarts {
            out.push_str(&format!("<rect x=\"{:.1}\" width=\"3\" height=\"{h}\" fill=\"#1c2330\"/>\n", x(*r) - 1.5));
        }
        for class in ["success", "warning", "error", "timeout", "failure"] {
            let d: String =
                lane.marks.iter().filter(|m| m.class == class).map(|m| mark_path(class, x(m.t), h)).collect();
            if !d.is_empty() {
                out.push_str(&format!("<path d=\"{d}\" fill=\"{}\"><title>{class}</title></path>\n", mark_fill(class)));
            }
        }
        out.push_str("</g>\n");
        y += h + 4.0;
    }
    let legend = [("success", "success"), ("failure", "failure"), ("timeout", "timeout")];
    let mut lx = LABEL;
    for (class, name) in legend {
        out.push_str(&format!(
            "<path d=\"{}\" fill=\"{}\" transform=\"translate(0,{:.1})\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#5d6677\">{name}</text>\n",
            mark_path(class, lx + 4.0, 10.0),
            mark_fill(class),
            total - 18.0,
            lx + 12.0,
            total - 9.0
        ));
        lx += 90.0;
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_differ_in_shape_by_result() {
        let shape =
            |class| mark_path(class, 10.0, 12.0).replace(|c: char| c.is_ascii_digit() || c == '.' || c == '-', "");
        let shapes = ["success", "failure", "timeout", "error"].map(shape);
        for (i, a) in shapes.iter().enumerate() {
            for b in &shapes[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(mark_path("warning", 10.0, 12.0), mark_path("success", 10.0, 12.0));
    }

    #[test]
    fn a_container_that_completed_is_done_and_one_that_failed_is_red() {
        let job = |command: &str| {
            format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: example/migrate:1.0\n        command: {command}\n---\nkind: Behaviour\n{}",
                if command.contains("fail") { "actions:\n- at: 2s\n  workload: migrate\n  crash: true\n" } else { "" }
            )
        };
        let last_band = |text: &str| {
            let h = crate::scenario::load(text).simulate();
            let lane = lanes(&h).into_iter().find(|l| l.kind == LaneKind::Container).unwrap();
            lane.bands.last().unwrap().class
        };
        assert_eq!(last_band(&job("[\"./migrate\"]")), "completed");
        assert_eq!(band_fill("completed"), "#e3e6ea");
        assert_eq!(last_band(&job("[\"./fail\"]")), "terminated");
    }

    #[test]
    fn a_label_keeps_the_pods_own_suffix() {
        assert_eq!(label_parts("hello-express-c9xwj-7fd5x"), ("hello-express-c9xwj-", "7fd5x"));
        assert_eq!(label_parts("web-0"), ("web-", "0"));
        assert_eq!(label_parts("solo"), ("", "solo"));
        assert_eq!(label_parts("trailing-"), ("", "trailing-"));
    }

    #[test]
    fn the_svg_has_every_lane_and_mark_and_is_one_document() {
        let h = crate::scenario::load(crate::gallery::examples()[1].text).simulate();
        let svg = svg(&h, "Wrong path <liveness>");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", &svg[..80]);
        assert!(svg.ends_with("</svg>\n"));
        assert!(svg.contains("<title>Wrong path &lt;liveness&gt;</title>"));
        for lane in lanes(&h) {
            assert!(svg.contains(&format!(">{}</text>", escape(&lane.label))), "{}", lane.label);
        }
        assert!(svg.contains("<title>failure</title>") && svg.contains("<title>success</title>"));
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
    }
}
