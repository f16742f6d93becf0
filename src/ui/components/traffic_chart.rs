//! Client requests per second to the Services over the run, ok and failed,
//! from the history's traffic records, with a cursor at the current time;
//! the figures of the current second come from `view::ClusterState`.

use super::cluster_view::traffic_now;
use crate::history::{History, Millis, Record};
use crate::playground::state::{Shared, clock_text};
use crate::view::ClusterState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficChartProps {
    pub history: Shared<History>,
    /// `ClusterState::at(history, t)`: each Service's latest second of traffic.
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
}

/// Per-second (t, ok, failed) of every traffic record, all Services summed.
pub fn series(history: &History) -> Vec<(Millis, u32, u32)> {
    let mut out: Vec<(Millis, u32, u32)> = Vec::new();
    for r in &history.records {
        if let Record::Traffic(tr) = r {
            match out.last_mut() {
                Some(last) if last.0 == tr.t => {
                    last.1 += tr.ok;
                    last.2 += tr.failed;
                }
                _ => out.push((tr.t, tr.ok, tr.failed)),
            }
        }
    }
    out
}

const W: f64 = 1000.0;
const H: f64 = 100.0;

#[derive(Properties, PartialEq)]
struct PlotProps {
    /// `series` of the history, computed once per history.
    series: Shared<Vec<(Millis, u32, u32)>>,
    end: Millis,
}

#[function_component(Plot)]
fn plot(props: &PlotProps) -> Html {
    let data = &*props.series;
    let end = props.end.max(1) as f64;
    let peak = data.iter().map(|(_, ok, failed)| ok + failed).max().unwrap_or(0).max(1) as f64;
    let x = |t: Millis| t as f64 / end * W;
    let y = |v: f64| H - v / peak * (H - 4.0);
    // Stacked areas: ok at the bottom, failed on top.
    let area = |lower: &dyn Fn(u32, u32) -> f64, upper: &dyn Fn(u32, u32) -> f64| -> String {
        if data.is_empty() {
            return String::new();
        }
        let mut d = String::new();
        for (i, &(t, ok, failed)) in data.iter().enumerate() {
            d.push_str(&format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x(t), y(upper(ok, failed))));
            d.push_str(&format!("L{:.1},{:.1}", x(t + 1000), y(upper(ok, failed))));
        }
        for &(t, ok, failed) in data.iter().rev() {
            d.push_str(&format!("L{:.1},{:.1}", x(t + 1000), y(lower(ok, failed))));
            d.push_str(&format!("L{:.1},{:.1}", x(t), y(lower(ok, failed))));
        }
        d.push('Z');
        d
    };
    let ok_path = area(&|_, _| 0.0, &|ok, _| ok as f64);
    let failed_path = area(&|ok, _| ok as f64, &|ok, failed| (ok + failed) as f64);
    html! {
        <svg class="traffic-plot" viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img"
             aria-label={format!("Requests per second, peak {peak}: ok in green, failed in red")}>
            <path class="ok-area" d={ok_path} />
            <path class="failed-area" d={failed_path} />
        </svg>
    }
}

#[function_component(TrafficChart)]
pub fn traffic_chart(props: &TrafficChartProps) -> Html {
    let history = &props.history;
    let series = Shared(use_memo(history.clone(), |h| series(h)));
    let end = history.end.max(1);
    // The current second, all Services summed as the plot sums them.
    let (ok, failed) = props
        .cluster
        .services
        .iter()
        .filter_map(|s| traffic_now(s, props.t))
        .fold((0, 0), |(ok, failed), r| (ok + r.ok, failed + r.failed));
    let left = props.t as f64 / end as f64 * 100.0;
    // The rate axis runs from 0 to the busiest second, as the plot is scaled.
    let peak = series.iter().map(|(_, ok, failed)| ok + failed).max().unwrap_or(0).max(1);
    html! {
        <section class="traffic" aria-labelledby="traffic-title">
            <h2 class="pane-title" id="traffic-title">
                { "Traffic" }
                <span class="traffic-now">
                    <span class="ok">{ format!("{ok} ok/s") }</span>
                    <span class={classes!("failed", (failed > 0).then_some("nonzero"))}>{ format!("{failed} failed/s") }</span>
                    <span class="at">{ format!("at {}", clock_text(props.t)) }</span>
                </span>
            </h2>
            if !series.is_empty() {
                <div class="traffic-figure">
                    <div class="y-axis">
                        <span>{ format!("{peak} req/s") }</span>
                        <span>{ "0" }</span>
                    </div>
                    <div class="traffic-body">
                        <Plot series={series.clone()} {end} />
                        <div class="now-cursor" style={format!("left:{left:.3}%")} aria-hidden="true"></div>
                    </div>
                    <div class="x-axis">
                        <span>{ clock_text(0) }</span>
                        <span>{ clock_text(end / 2) }</span>
                        <span>{ clock_text(end) }</span>
                    </div>
                </div>
            } else {
                <p class="empty">{ "No client traffic in this scenario: add a `traffic:` entry to the behaviour." }</p>
            }
        </section>
    }
}
