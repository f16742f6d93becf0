//! The timeline as `markup::timeline` draws it (lanes, axis, cursor, the
//! details of the probe execution clicked), with the page's zoom, pan and
//! export. The lanes are computed once per history and drawn again only
//! when the window or the selected mark change; only the cursor moves with
//! the time.

use crate::history::{History, Millis};
use crate::markup::Control;
use crate::markup::timeline::{body, details, head, lanes as draw_lanes, pick, region, window as shown};
use crate::playground::state::{Action, Shared, clock_text};
use crate::ui::dom::control_of;
use crate::ui::files;
use crate::ui::hooks::use_stable_callback;
use crate::ui::markup_html::{edit, insert};
use crate::ui::markup_html::{to_html, with_actions};
use crate::view::timeline::{Lane, lanes, svg};
use std::cell::Cell;
use std::rc::Rc;
use web_sys::Element;
use yew::html::{onclick, onpointerdown, onpointerleave, onpointermove, onpointerup, onwheel};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub history: Shared<History>,
    /// The scenario's title, for an exported picture.
    pub title: Option<String>,
    pub t: Millis,
    pub playing: bool,
    pub probe: Option<usize>,
    /// Called with what a click picks: a probe execution (its record's
    /// index), none when its details are closed, or the moment of a click
    /// on a lane away from any mark.
    pub on_action: Callback<Action>,
    /// Called with why an export failed.
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
    on_action: Callback<Action>,
}

/// The lanes in a time window (re-rendered only when the window, the
/// history or the selected mark change). A click on a track picks the mark
/// under it, else the moment.
#[function_component(Lanes)]
fn lanes_view(props: &LanesProps) -> Html {
    let onclick = {
        let (on_action, all, dragged) = (props.on_action.clone(), props.lanes.clone(), props.dragged.clone());
        Callback::from(move |e: MouseEvent| {
            let Some((Control::Track { lane, from, to }, Some(at))) = control_of(&e) else { return };
            if let Some(action) = pick(&all, lane, (from, to), &at).filter(|_| !dragged.get()) {
                on_action.emit(action);
            }
        })
    };
    let drawn = draw_lanes(&props.lanes, (props.from, props.to), props.probe);
    edit(to_html(&drawn.into()), |tag| {
        tag.add_listener(Rc::new(onclick::Wrapper::new(onclick)));
    })
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
/// window, which follows the cursor while playing (`markup::timeline::window`).
#[hook]
fn use_window(t: Millis, end: Millis, playing: bool) -> (Window, (Millis, Millis)) {
    let window = use_state(|| None::<(Millis, Millis)>);
    let (from, to) = shown(*window, t, end, playing);
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

/// Zoom, fit and export.
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
        <div class="timeline-tools" role="group" aria-label="Timeline zoom">
            <span class="window">{ format!("{} – {}", clock_text(from), clock_text(to)) }</span>
            <button type="button" onclick={zoom(0.5)} aria-label="Zoom in" title="Zoom in (Ctrl+wheel)">{ "+" }</button>
            <button type="button" onclick={zoom(2.0)} aria-label="Zoom out" title="Zoom out (Ctrl+wheel)">{ "−" }</button>
            <button type="button" onclick={fit} aria-label="Show the whole run" title="Show the whole run">{ "Fit" }</button>
            <button type="button" onclick={export(false)} title="Download the whole run's timeline as an SVG picture (what `simulate FILE --view timeline --format svg` writes)">{ "Export SVG" }</button>
            <button type="button" onclick={export(true)} title="Download the whole run's timeline as a PNG picture: the SVG drawn at twice its size">{ "Export PNG" }</button>
        </div>
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let history = &props.history;
    let end = history.end.max(1000);
    let model = Shared(Rc::clone(&use_memo(history.clone(), |h| lanes(h))));
    let area = use_node_ref();
    let (window, (from, to)) = use_window(props.t, end, props.playing);
    let Pan { onwheel, onpointerdown, onpointermove, onpointerup, dragged } = use_pan(&window, &area, (from, to), end);
    // The same callbacks every render: the lanes are drawn again only when
    // the window, the history or the selected mark change.
    let on_action = use_stable_callback(&props.on_action);
    let lanes = html! { <Lanes lanes={model} dragged={dragged} {from} {to} probe={props.probe} on_action={on_action.clone()} /> };
    let body = edit(to_html(&body((from, to), props.t).into()), |tag| {
        tag.node_ref = area;
        tag.add_listener(Rc::new(onwheel::Wrapper::new(onwheel)));
        tag.add_listener(Rc::new(onpointerdown::Wrapper::new(onpointerdown)));
        tag.add_listener(Rc::new(onpointermove::Wrapper::new(onpointermove)));
        tag.add_listener(Rc::new(onpointerup::Wrapper::new(onpointerup.clone())));
        tag.add_listener(Rc::new(onpointerleave::Wrapper::new(onpointerup)));
    });
    let parts = [
        insert(to_html(&head().into()), 1, tools(props, &window, (from, to), end)),
        insert(body, 1, lanes),
        with_actions(&details(history, props.probe).into(), &on_action),
    ];
    edit(to_html(&region().into()), |tag| tag.add_children(parts))
}
