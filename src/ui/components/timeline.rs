//! The timeline: a lane per pod (its Ready condition), per container (its
//! state, stopping while the kubelet's stop is under way, with restart markers) and per probe (each execution a mark
//! coloured by its result), a now-cursor, zoom and pan. Clicking a mark
//! shows that probe execution's request and result message. The lanes are
//! computed once per history; only the cursor moves with the time.

use crate::history::{History, Millis, Record};
use crate::playground::state::{Shared, clock_text};
use crate::ui::files;
use crate::ui::hooks::use_stable_callback;
use crate::view::timeline::{Lane, LaneKind, Mark, label_parts, lanes, mark_path, result_class, svg, tick_step};
use crate::view::{ProbeRequest, sim_clock};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub history: Shared<History>,
    /// The scenario's title, for an exported picture.
    #[prop_or_default]
    pub title: Option<String>,
    pub t: Millis,
    pub playing: bool,
    pub probe: Option<usize>,
    /// Called with the probe execution (its record's index) a click picks, or
    /// None when its details are closed.
    pub on_select_probe: Callback<Option<usize>>,
    /// Called with the moment a click on a lane away from any mark picks.
    pub on_seek: Callback<Millis>,
    /// Called with why an export failed.
    #[prop_or_default]
    pub on_error: Callback<String>,
}

#[derive(Properties, PartialEq)]
struct LanesProps {
    lanes: Shared<Vec<Lane>>,
    /// Set while a drag pans the window, so its release is not a click.
    dragged: Shared<Cell<bool>>,
    from: Millis,
    to: Millis,
    probe: Option<usize>,
    on_select_probe: Callback<Option<usize>>,
    on_seek: Callback<Millis>,
}

const WIDTH: f64 = 1000.0;

/// A lane's marks in the window, one path per result class (marks closer
/// than 1.5 units thinned out), and where the selected mark is.
fn marks_paths(
    lane: &Lane,
    from: Millis,
    to: Millis,
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
        let d = match paths.iter_mut().find(|(c, _)| *c == m.class) {
            Some((_, d)) => d,
            None => {
                paths.push((m.class, String::new()));
                &mut paths.last_mut().unwrap().1
            }
        };
        d.push_str(&mark_path(m.class, mx, height));
    }
    (paths, selected)
}

/// The mark within 6 pixels of a click at `client_x` on a lane's svg, else
/// the moment clicked.
fn picked(e: &MouseEvent, marks: &[Mark], from: Millis, to: Millis) -> Option<Result<usize, Millis>> {
    // Events are delegated: find the lane's svg from the element clicked.
    let svg = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|el| el.closest("svg").ok().flatten())?;
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let rel = (e.client_x() as f64 - rect.left()) / rect.width();
    let t = from + (rel * (to - from) as f64) as Millis;
    let slack = ((6.0 / rect.width()) * (to - from) as f64) as Millis;
    let nearest = marks.iter().min_by_key(|m| (m.t - t).abs()).filter(|m| (m.t - t).abs() <= slack);
    Some(nearest.map_or(Err(t), |m| Ok(m.record)))
}

/// One lane: its label and its track of bands, restarts and marks.
fn lane_row(props: &LanesProps, index: usize, lane: &Lane, from: Millis, to: Millis) -> Html {
    let x = |t: Millis| (t - from) as f64 / (to - from) as f64 * WIDTH;
    let (height, class) = match lane.kind {
        LaneKind::Pod => (16.0, "lane lane-pod"),
        LaneKind::Container => (12.0, "lane lane-container"),
        LaneKind::Probe(_) => (12.0, "lane lane-probe"),
    };
    let bands = lane.bands.iter().filter(|b| b.to >= from && b.from <= to).map(|b| {
        let (x0, x1) = (x(b.from.max(from)), x(b.to.min(to)));
        html! { <rect class={classes!("band", b.class)} x={format!("{x0:.1}")} y="1" width={format!("{:.1}", (x1 - x0).max(0.5))} height={format!("{}", height - 2.0)} /> }
    });
    let restarts = lane.restarts.iter().filter(|r| **r >= from && **r <= to).map(|r| {
        let x0 = x(*r);
        html! { <rect class="restart" x={format!("{:.1}", x0 - 1.5)} y="0" width="3" height={format!("{height}")}><title>{ format!("restart at {}", sim_clock(*r)) }</title></rect> }
    });
    // Marks of one class are one path; clicks find the nearest mark.
    let (paths, selected) = marks_paths(lane, from, to, x, height, props.probe);
    let marks = paths.into_iter().map(|(class, d)| html! { <path class={classes!("tick", class)} d={d} /> });
    let highlight = selected.map(|mx| html! { <rect class="tick selected" x={format!("{:.1}", mx - 2.5)} y="0" width="5" height={format!("{height}")} /> });
    let onclick = {
        let (on_select, on_seek) = (props.on_select_probe.clone(), props.on_seek.clone());
        let (lanes, dragged) = (props.lanes.clone(), props.dragged.clone());
        Callback::from(move |e: MouseEvent| match picked(&e, &lanes[index].marks, from, to) {
            _ if dragged.get() => {}
            Some(Ok(record)) => on_select.emit(Some(record)),
            Some(Err(t)) => on_seek.emit(t),
            None => {}
        })
    };
    // A pod's lane is named for it, and its label always shows the
    // suffix that tells replicas apart.
    let (role, name, label) = match lane.kind {
        LaneKind::Pod => {
            let (head, tail) = label_parts(&lane.label);
            let label = html! { <><span class="head">{ head }</span><span class="tail">{ tail }</span></> };
            (Some("group"), Some(format!("Pod {}", lane.label)), label)
        }
        _ => (None, None, html! { { lane.label.clone() } }),
    };
    html! {
        <div class={class} role={role} aria-label={name}>
            <div class="lane-label" title={lane.label.clone()}>{ label }</div>
            <svg class="lane-track" viewBox={format!("0 0 {WIDTH} {height}")} preserveAspectRatio="none" height={format!("{height}")} {onclick}>
                { for bands }{ for restarts }{ for marks }{ for highlight }
            </svg>
        </div>
    }
}

/// The lanes in a time window (re-rendered only when the window, the
/// history or the selected mark change).
#[function_component(Lanes)]
fn lanes_view(props: &LanesProps) -> Html {
    let (from, to) = (props.from, props.to.max(props.from + 1));
    let rows = props.lanes.iter().enumerate().map(|(index, lane)| lane_row(props, index, lane, from, to));
    html! { <div class="lanes">{ for rows }</div> }
}

/// The window shown, `None` for the whole run.
type Window = UseStateHandle<Option<(Millis, Millis)>>;

/// Zooming with Ctrl+wheel, panning with the wheel or a drag.
struct Pan {
    onwheel: Callback<WheelEvent>,
    onpointerdown: Callback<PointerEvent>,
    onpointermove: Callback<PointerEvent>,
    onpointerup: Callback<PointerEvent>,
    /// Set while a drag pans the window, so its release is not a click.
    dragged: Shared<Cell<bool>>,
}

/// The track's width in pixels: the area's, less the labels.
fn track_width(area: &NodeRef) -> f64 {
    area.cast::<Element>().map_or(800.0, |el| (el.get_bounding_client_rect().width() - 150.0).max(100.0))
}

/// The wheel and drag handlers over the window `(from, to)` of a run that
/// ends at `end`.
#[hook]
fn use_pan(window: &Window, area: &NodeRef, shown: (Millis, Millis), end: Millis) -> Pan {
    let (from, to) = shown;
    let drag = use_mut_ref(|| None::<(f64, Millis, Millis, bool)>);
    let dragged = Shared(Rc::clone(&use_memo((), |_| Cell::new(false))));
    let span = (to - from).max(1000);
    let onwheel = {
        let (window, area) = (window.clone(), area.clone());
        Callback::from(move |e: WheelEvent| {
            let pan = if e.shift_key() { e.delta_y() } else { e.delta_x() };
            if e.ctrl_key() || e.meta_key() {
                e.prevent_default();
                let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
                let rel = ((e.offset_x() as f64 - 150.0) / track_width(&area)).clamp(0.0, 1.0);
                let pivot = from + (rel * span as f64) as Millis;
                let new_span = ((span as f64 * factor) as Millis).clamp(5_000, end);
                let start = (pivot - (rel * new_span as f64) as Millis).clamp(0, (end - new_span).max(0));
                window.set(if new_span >= end { None } else { Some((start, start + new_span)) });
            } else if pan.abs() > 0.0 && span < end {
                e.prevent_default();
                let shift = (pan / track_width(&area) * span as f64) as Millis;
                let start = (from + shift).clamp(0, end - span);
                window.set(Some((start, start + span)));
            }
        })
    };
    let onpointerdown = {
        let (drag, dragged) = (drag.clone(), dragged.clone());
        Callback::from(move |e: PointerEvent| {
            dragged.set(false);
            if e.button() == 0 {
                *drag.borrow_mut() = Some((e.client_x() as f64, from, to, false));
            }
        })
    };
    let onpointermove = {
        let (drag, window, area, dragged) = (drag.clone(), window.clone(), area.clone(), dragged.clone());
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            let Some((x0, f0, t0, moved)) = d.as_mut() else { return };
            let dx = e.client_x() as f64 - *x0;
            if dx.abs() > 4.0 {
                *moved = true;
                dragged.set(true);
            }
            if *moved && (*t0 - *f0) < end {
                let shift = -(dx / track_width(&area) * (*t0 - *f0) as f64) as Millis;
                let span = *t0 - *f0;
                let start = (*f0 + shift).clamp(0, end - span);
                window.set(Some((start, start + span)));
            }
        })
    };
    let onpointerup = Callback::from(move |_: PointerEvent| {
        drag.borrow_mut().take();
    });
    Pan { onwheel, onpointerdown, onpointermove, onpointerup, dragged }
}

/// The window `(from, to)` shown at `t`: the whole run, or the zoomed
/// window, which follows the cursor while playing.
#[hook]
fn use_window(t: Millis, end: Millis, playing: bool) -> (Window, (Millis, Millis)) {
    let window = use_state(|| None::<(Millis, Millis)>);
    let (mut from, mut to) = window.unwrap_or((0, end));
    to = to.min(end);
    let span = (to - from).max(1000);
    if playing && window.is_some() && (t > to || t < from) {
        from = (t - span / 10).clamp(0, (end - span).max(0));
        to = from + span;
    }
    {
        let window = window.clone();
        use_effect_with((from, to), move |current| {
            if window.is_some() && *window != Some(*current) {
                window.set(Some(*current));
            }
        });
    }
    (window, (from, to))
}

/// The time axis of the window.
fn axis(from: Millis, to: Millis) -> Html {
    let span = (to - from).max(1000);
    let step = tick_step(span);
    let first_tick = (from + step - 1) / step * step;
    let ticks = (0..).map(|k| first_tick + k * step).take_while(|t| *t <= to).map(|t| {
        let left = (t - from) as f64 / span as f64 * 100.0;
        html! { <span class="axis-tick" style={format!("left:{left:.2}%")}>{ clock_text(t) }</span> }
    });
    html! { <div class="axis" aria-hidden="true">{ for ticks }</div> }
}

/// The selected probe execution: its request and its result.
fn probe_details(history: &History, probe: Option<usize>, on_close: Callback<MouseEvent>) -> Html {
    let Some(Record::Probe(p)) = probe.and_then(|i| history.records.get(i)) else {
        return html! { <div class="probe-details" hidden=true></div> };
    };
    let info = history.pod(p.pod);
    let container = history.container_name(p.pod, p.container()).to_string();
    let execution = history.execution(p);
    let class = result_class(execution.reply, execution.result);
    let (request_title, request) = match ProbeRequest::of(history, p) {
        Ok(r) => {
            let tls = matches!(&r, ProbeRequest::Http(h) if h.https);
            (if tls { "Request, over TLS (certificate not verified)" } else { "Request" }, r.to_string())
        }
        Err(e) => ("Request", format!("(none sent: {e})")),
    };
    html! {
        <div class={classes!("probe-details", class)} role="status">
            <div>
                <strong>{ format!("{} probe", p.probe.title()) }</strong>
                { format!(" of {} / {} — started {}, result at {}: ", info.name, container, sim_clock(p.start()), sim_clock(p.t())) }
                <strong>{ class }</strong>
            </div>
            <div class="probe-part">{ request_title }</div>
            <pre class="probe-request">{ request }</pre>
            <div class="probe-part">{ "Result" }</div>
            <pre class="probe-output">{ if execution.output.is_empty() { "(no output)".to_string() } else { execution.output } }</pre>
            <button type="button" class="link-button" onclick={on_close}>{ "Close" }</button>
        </div>
    }
}

/// Zoom, fit and export, and the legend.
fn tools(props: &TimelineProps, window: &Window, (from, to): (Millis, Millis), end: Millis) -> Html {
    let span = (to - from).max(1000);
    let zoom = |factor: f64| {
        let (window, t) = (window.clone(), props.t);
        Callback::from(move |_: MouseEvent| {
            let new_span = ((span as f64 * factor) as Millis).clamp(5_000, end);
            let centre = if t >= from && t <= to { t } else { (from + to) / 2 };
            let start = (centre - new_span / 2).clamp(0, (end - new_span).max(0));
            window.set(if new_span >= end { None } else { Some((start, start + new_span)) });
        })
    };
    let export = |png: bool| {
        let (history, title, on_error) = (props.history.clone(), props.title.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            let picture = svg(&history, title.as_deref().unwrap_or("probe-playground timeline"));
            if png {
                files::download_png("timeline.png", &picture, on_error.clone());
            } else {
                files::download("timeline.svg", "image/svg+xml", &picture);
            }
        })
    };
    let fit = {
        let window = window.clone();
        Callback::from(move |_: MouseEvent| window.set(None))
    };
    html! {
        <>
            <div class="timeline-tools" role="group" aria-label="Timeline zoom">
                <span class="window">{ format!("{} – {}", clock_text(from), clock_text(to)) }</span>
                <button type="button" onclick={zoom(0.5)} aria-label="Zoom in" title="Zoom in (Ctrl+wheel)">{ "+" }</button>
                <button type="button" onclick={zoom(2.0)} aria-label="Zoom out" title="Zoom out (Ctrl+wheel)">{ "−" }</button>
                <button type="button" onclick={fit} aria-label="Show the whole run" title="Show the whole run">{ "Fit" }</button>
                <button type="button" onclick={export(false)} title="Download the whole run's timeline as an SVG picture (what `simulate FILE --view timeline --format svg` writes)">{ "Export SVG" }</button>
                <button type="button" onclick={export(true)} title="Download the whole run's timeline as a PNG picture: the SVG drawn at twice its size">{ "Export PNG" }</button>
            </div>
            <div class="legend" aria-hidden="true">
                <span class="key success">{ "success" }</span>
                <span class="key failure">{ "failure" }</span>
                <span class="key timeout">{ "timeout" }</span>
                <span class="key ready">{ "Ready" }</span>
                <span class="key restart">{ "restart" }</span>
            </div>
        </>
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let history = &props.history;
    let end = history.end.max(1000);
    let lanes = Shared(Rc::clone(&use_memo(history.clone(), |h| lanes(h))));
    let area = use_node_ref();
    let (window, (from, to)) = use_window(props.t, end, props.playing);
    let pan = use_pan(&window, &area, (from, to), end);
    let span = (to - from).max(1000);
    let cursor_left = (props.t - from) as f64 / span as f64 * 100.0;
    // Always in the tree: a child that comes and goes would remount the lanes.
    let cursor_style = if props.t >= from && props.t <= to {
        format!("left:calc(var(--label-w) + (100% - var(--label-w)) * {:.4})", cursor_left / 100.0)
    } else {
        "display:none".to_string()
    };
    let Pan { onwheel, onpointerdown, onpointermove, onpointerup, dragged } = pan;
    // The same callbacks every render: the lanes are drawn again only when
    // the window, the history or the selected mark change.
    let (on_select_probe, on_seek) = (use_stable_callback(&props.on_select_probe), use_stable_callback(&props.on_seek));
    html! {
        <section class="timeline" aria-label="Timeline">
            <div class="timeline-head">
                <h2 class="pane-title">{ "Timeline" }</h2>
                { tools(props, &window, (from, to), end) }
            </div>
            <div class="timeline-body" ref={area} {onwheel} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointerleave={onpointerup}>
                { axis(from, to) }
                <Lanes lanes={lanes} dragged={dragged} {from} {to} probe={props.probe} {on_select_probe} {on_seek} />
                <div class="now-cursor" style={cursor_style} aria-hidden="true"></div>
            </div>
            { probe_details(history, props.probe, props.on_select_probe.reform(|_| None)) }
        </section>
    }
}
