//! The traffic chart as markup: client requests per second to the Services
//! over the run, ok and failed (`view::traffic`), with a cursor at the
//! current time and the figures of the current second.

use super::{Element, el};
use crate::history::{History, Millis, TrafficRecord};
use crate::playground::state::clock_text;
use crate::view::traffic::{self, Second};
use crate::view::{ClusterState, ServiceState};

/// A Service's requests in the current second. A traffic record covers one
/// second; an older one means no traffic now.
pub fn traffic_now(s: &ServiceState, t: Millis) -> Option<&TrafficRecord> {
    s.traffic.as_ref().filter(|r| t - r.t < 2000)
}

/// The requests of the current second, ok and failed, all Services summed
/// as the plot sums them.
pub fn requests_now(cluster: &ClusterState, t: Millis) -> (u32, u32) {
    cluster
        .services
        .iter()
        .filter_map(|s| traffic_now(s, t))
        .fold((0, 0), |(ok, failed), r| (ok + r.ok, failed + r.failed))
}

/// The plot of a run's traffic, which changes only with the history: the
/// chart around it moves with the time.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// The busiest second's requests: the rate axis's top.
    pub peak: u32,
    /// The end of the run: the time axis's end.
    pub end: Millis,
    pub svg: Element,
}

/// The plot of `history`'s traffic; none when it has no client traffic.
pub fn plot(history: &History) -> Option<Plot> {
    let series = traffic::series(history);
    (!series.is_empty()).then(|| plot_of(&series, history.end.max(1)))
}

fn plot_of(series: &[Second], end: Millis) -> Plot {
    let peak = traffic::peak(series);
    let (ok, failed) = traffic::area_paths(series, end);
    let svg = el("svg")
        .class("traffic-plot")
        .attr("viewBox", format!("0 0 {} {}", traffic::W, traffic::H))
        .attr("preserveAspectRatio", "none")
        .attr("role", "img")
        .attr("aria-label", format!("Requests per second, peak {peak}: ok in green, failed in red"))
        .child(el("path").class("ok-area").attr("d", ok))
        .child(el("path").class("failed-area").attr("d", failed));
    Plot { peak, end, svg }
}

/// The chart at `t`: its title with the current second's requests (`now`,
/// ok and failed), then the plot with its axes and a cursor at `t`.
pub fn traffic_chart(plot: Option<&Plot>, t: Millis, now: (u32, u32)) -> Element {
    let (ok, failed) = now;
    let failed_class = if failed > 0 { "failed nonzero" } else { "failed" };
    let figures = el("span")
        .class("traffic-now")
        .child(el("span").class("ok").child(format!("{ok} ok/s")))
        .child(el("span").class(failed_class).child(format!("{failed} failed/s")))
        .child(el("span").class("at").child(format!("at {}", clock_text(t))));
    let title = el("h2").class("pane-title").attr("id", "traffic-title").child("Traffic").child(figures);
    let body = match plot {
        Some(plot) => figure(plot, t),
        None => {
            el("p").class("empty").child("No client traffic in this scenario: add a `traffic:` entry to the behaviour.")
        }
    };
    el("section").class("traffic").attr("aria-labelledby", "traffic-title").child(title).child(body)
}

/// The plot between its axes: rate from 0 to the busiest second, as the
/// plot is scaled, and time from 0 to the end.
fn figure(plot: &Plot, t: Millis) -> Element {
    let left = t as f64 / plot.end as f64 * 100.0;
    let spans = |texts: Vec<String>| texts.into_iter().map(|text| el("span").child(text));
    el("div")
        .class("traffic-figure")
        .child(el("div").class("y-axis").children(spans(vec![format!("{} req/s", plot.peak), "0".into()])))
        .child(
            el("div").class("traffic-body").child(plot.svg.clone()).child(
                el("div").class("now-cursor").attr("style", format!("left:{left:.3}%")).attr("aria-hidden", "true"),
            ),
        )
        .child(el("div").class("x-axis").children(spans([0, plot.end / 2, plot.end].map(clock_text).to_vec())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::Node;

    #[test]
    fn the_chart_shows_the_current_second_and_a_cursor_on_the_plot() {
        // Ten seconds of a ten-second run, the busiest second 4 requests.
        let plot = plot_of(&[(0, 2, 0), (1000, 2, 2)], 10_000);
        let chart: Node = traffic_chart(Some(&plot), 2_500, (2, 2)).into();
        let title = chart.find_all(&|e| e.get("id") == Some("traffic-title"))[0];
        assert_eq!(title.text(), "Traffic2 ok/s2 failed/sat 00:02");
        let failed = chart.find_all(&|e| e.text() == "2 failed/s" && e.tag == "span")[0];
        assert_eq!(failed.get("class"), Some("failed nonzero"), "failures stand out");
        assert_eq!(chart.find_all(&|e| e.get("class") == Some("y-axis"))[0].text(), "4 req/s0");
        assert_eq!(chart.find_all(&|e| e.get("class") == Some("x-axis"))[0].text(), "00:0000:0500:10");
        let cursor = chart.find_all(&|e| e.get("class") == Some("now-cursor"))[0];
        assert_eq!(cursor.get("style"), Some("left:25.000%"));

        let svg = chart.by_role("img", "Requests per second, peak 4: ok in green, failed in red").expect("the plot");
        assert_eq!(svg.get("viewBox"), Some("0 0 1000 100"));
        let paths: Vec<_> =
            svg.children.iter().filter_map(|c| if let Node::Element(e) = c { e.get("d") } else { None }).collect();
        assert_eq!(
            paths,
            [
                "M0.0,52.0L200.0,52.0L200.0,100.0L0.0,100.0Z",
                "M0.0,52.0L100.0,52.0L100.0,4.0L200.0,4.0L200.0,52.0L0.0,52.0Z"
            ]
        );
    }

    #[test]
    fn a_scenario_without_traffic_says_how_to_add_some() {
        let h = crate::scenario::load(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: app, image: web:1.0}\n",
        )
        .simulate();
        assert_eq!(plot(&h), None);
        let chart: Node = traffic_chart(None, 0, requests_now(&ClusterState::at(&h, 0), 0)).into();
        assert_eq!(
            chart.text(),
            "Traffic0 ok/s0 failed/sat 00:00No client traffic in this scenario: add a `traffic:` entry to the behaviour."
        );
        assert_eq!(chart.find_all(&|e| e.get("class") == Some("failed")).len(), 1, "no failure to point out");
    }

    #[test]
    fn the_current_second_sums_the_services_and_forgets_an_old_second() {
        let second = |t, ok, failed| TrafficRecord { t, service: 0, ok, failed, failure: None };
        let service = |r| ServiceState { name: "web".into(), endpoints: None, traffic: Some(r) };
        let cluster = ClusterState {
            t: 0,
            pods: vec![],
            services: vec![service(second(9_000, 3, 1)), service(second(7_000, 5, 5))],
        };
        assert_eq!(requests_now(&cluster, 10_000), (3, 1), "the 7 s second is over at 10 s");
        assert_eq!(requests_now(&cluster, 8_500), (8, 6));
    }
}
