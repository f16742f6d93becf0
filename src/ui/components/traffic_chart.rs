//! Client requests per second to the Services over the run, ok and failed,
//! with a cursor at the current time (`markup::traffic`); the figures of
//! the current second come from `view::ClusterState`.

use crate::history::{History, Millis};
use crate::markup::traffic;
use crate::playground::state::Shared;
use crate::ui::markup_html::to_html;
use crate::view::ClusterState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TrafficChartProps {
    pub history: Shared<History>,
    /// `ClusterState::at(history, t)`: each Service's latest second of traffic.
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
}

#[function_component(TrafficChart)]
pub fn traffic_chart(props: &TrafficChartProps) -> Html {
    // The plot changes with the history only; the cursor and figures with t.
    let plot = use_memo(props.history.clone(), |h| traffic::plot(h));
    let now = traffic::requests_now(&props.cluster, props.t);
    to_html(&traffic::traffic_chart(plot.as_ref().as_ref(), props.t, now).into())
}
