//! Client requests per second to the Services over the run, ok and failed,
//! from the history's traffic records, with a cursor at the current time;
//! the figures of the current second come from `view::ClusterState`.

use super::cluster_view::traffic_now;
use crate::history::{History, Millis};
use crate::playground::state::{Shared, clock_text};
use crate::view::ClusterState;
use crate::view::traffic::{self, Second};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficChartProps {
    pub history: Shared<History>,
    /// `ClusterState::at(history, t)`: each Service's latest second of traffic.
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
}

#[derive(Properties, PartialEq)]
struct PlotProps {
    /// `series` of the history, computed once per history.
    series: Shared<Vec<Second>>,
    end: Millis,
}

#[function_component(Plot)]
fn plot(props: &PlotProps) -> Html {
    let peak = traffic::peak(&props.series);
    let (ok_path, failed_path) = traffic::area_paths(&props.series, props.end);
    html! {
        <svg class="traffic-plot" viewBox={format!("0 0 {} {}", traffic::W, traffic::H)} preserveAspectRatio="none" role="img"
             aria-label={format!("Requests per second, peak {peak}: ok in green, failed in red")}>
            <path class="ok-area" d={ok_path} />
            <path class="failed-area" d={failed_path} />
        </svg>
    }
}

#[function_component(TrafficChart)]
pub fn traffic_chart(props: &TrafficChartProps) -> Html {
    let history = &props.history;
    let series = Shared(use_memo(history.clone(), |h| traffic::series(h)));
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
    let peak = traffic::peak(&series);
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
