//! Two Kubernetes versions side by side, the page's `compare`: the scenario
//! run on each, the differences `crate::compare` reports (the very report
//! the command line prints, numbered here), and each run's timeline with
//! the moments those differences first show marked by their numbers. The
//! runs are made when asked for, not on every keystroke: two more
//! simulations per edit would slow the editor down.

use crate::clock::{Precision, sim_clock};
use crate::cluster::{Version, text};
use crate::compare::{Report, Run, compare, simulate_on};
use crate::history::{History, Millis};
use crate::playground::state::clock_text;
use crate::playground::text::Text;
use crate::scenario::text::join;
use crate::view::timeline::{Lane, LaneKind, label_parts, lanes, mark_path, tick_step};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The editors' texts (shared: comparing them costs a pointer), and the
/// edit they are at, which tells a comparison of an older text.
#[derive(Properties, PartialEq)]
pub struct ComparePaneProps {
    pub kubernetes: Text,
    pub behaviour: Text,
    pub edits: u64,
    /// The text's triage, when the run on screen is of this text and came
    /// from the load worker (`State::triaged`): the documents it leaves out
    /// are only noted on every version, so the runs are the same, and a big
    /// manifest is not parsed whole on the page.
    pub triaged: Option<Rc<str>>,
}

/// One comparison: of which text (by its edit count), the two runs, and
/// what differs.
struct Compared {
    edits: u64,
    runs: [(Version, Rc<History>, Rc<Vec<Lane>>); 2],
    report: Report,
}

/// The comparison, or why there is none.
enum Outcome {
    Compared(Rc<Compared>),
    Refused(String),
}

/// The versions the pane offers first: the scenario's and the newest (the
/// upgrade question), or the one before the newest when the scenario runs
/// on the newest.
fn default_pair(behaviour: &str) -> (Version, Version) {
    let current = text::cluster_of(behaviour).version;
    let before = Version::new(Version::NEWEST.minor() - 1).expect("the newest has a predecessor");
    if current == Version::NEWEST { (before, current) } else { (current, Version::NEWEST) }
}

#[function_component(ComparePane)]
pub fn compare_pane(props: &ComparePaneProps) -> Html {
    let chosen = use_state(|| None::<(Version, Version)>);
    let outcome = use_state(|| None::<Rc<Outcome>>);
    let (from, to) = chosen.unwrap_or_else(|| default_pair(&props.behaviour));

    let pick = |first: bool| {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok((v, _)) = Version::parse(&select.value()) {
                chosen.set(Some(if first { (v, to) } else { (from, v) }));
            }
        })
    };
    let run = {
        let (outcome, kubernetes, behaviour, edits, triaged) =
            (outcome.clone(), props.kubernetes.clone(), props.behaviour.clone(), props.edits, props.triaged.clone());
        Callback::from(move |_: MouseEvent| {
            let text = triaged.as_deref().map_or_else(|| join(&kubernetes, &behaviour), str::to_string);
            let result = match simulate_on(text.as_bytes(), &[from, to]) {
                Ok(mut runs) => {
                    let (b, a) = (runs.pop().expect("two runs"), runs.pop().expect("two runs"));
                    let report = compare(&[Run { version: a.0, history: &a.1 }, Run { version: b.0, history: &b.1 }]);
                    let run = |(v, h): (Version, History)| {
                        let lanes = Rc::new(lanes(&h));
                        (v, Rc::new(h), lanes)
                    };
                    Outcome::Compared(Rc::new(Compared { edits, runs: [run(a), run(b)], report }))
                }
                Err(v) => Outcome::Refused(format!(
                    "The scenario has errors on Kubernetes {v} (a field that version rejects): fix them, or pick another version."
                )),
            };
            outcome.set(Some(Rc::new(result)));
        })
    };
    let select = |label: &'static str, value: Version, onchange: Callback<Event>| {
        html! {
            <label class="compare-pick">
                <span>{ label }</span>
                <select aria-label={format!("Compare {} Kubernetes version", label.to_lowercase())} {onchange}>
                    { for Version::all().rev().map(|v| html! {
                        <option value={v.to_string()} selected={v == value}>{ v.to_string() }</option>
                    }) }
                </select>
            </label>
        }
    };

    let body = match outcome.as_deref() {
        None => html! {
            <p class="compare-hint">{ "Runs the scenario on both versions and shows what an upgrade changes: readiness, restarts, endpoints, client traffic and events, marked on each run's timeline." }</p>
        },
        Some(Outcome::Refused(why)) => html! { <p class="compare-hint" role="alert">{ why.clone() }</p> },
        Some(Outcome::Compared(c)) => result(c, props.edits),
    };
    html! {
        <section class="compare" aria-label="Compare versions">
            <div class="pane-title">
                <h2 class="pane-title-text">{ "Compare versions" }</h2>
            </div>
            <div class="compare-controls">
                { select("From", from, pick(true)) }
                { select("To", to, pick(false)) }
                <button type="button" class="compare-run" onclick={run}>{ "Compare" }</button>
            </div>
            { body }
        </section>
    }
}

/// The numbered differences and the two timelines.
fn result(c: &Compared, edits: u64) -> Html {
    let [(a, ..), (b, ..)] = &c.runs;
    let stale = (c.edits != edits).then(|| {
        html! { <p class="compare-stale">{ "The scenario has changed since this comparison: press Compare to run it again." }</p> }
    });
    if c.report.sections.is_empty() {
        return html! {
            <>
                { for stale }
                <p class="compare-summary" role="status">{ format!("No difference between {a} and {b} in readiness, restarts, events, endpoints or client traffic.") }</p>
            </>
        };
    }
    let count: usize = c.report.sections.iter().map(|s| s.lines.len()).sum();
    let mut n = 0;
    let rows = c.report.sections.iter().map(|section| {
        let lines = section.lines.iter().map(|line| {
            n += 1;
            // The moment, where the runs differ in it and the value does
            // not already say it (`first restart`).
            let cell = |i: usize| {
                let at = line.mark(i).map(tenths).filter(|at| *at != line.values[i]);
                let at = at.map(|at| html! { <span class="compare-at">{ format!(" at {at}") }</span> });
                let version = c.runs[i].0.to_string();
                html! { <td data-version={version}>{ line.values[i].clone() }{ for at }</td> }
            };
            html! {
                <tr>
                    <td class="diff-num">{ n }</td>
                    <th scope="row">{ line.label.clone() }</th>
                    { cell(0) }{ cell(1) }
                </tr>
            }
        });
        html! {
            <tbody>
                <tr class="compare-section"><th colspan="4" scope="colgroup">{ section.heading.clone() }</th></tr>
                { for lines }
            </tbody>
        }
    });
    let end = c.runs.iter().map(|(_, h, _)| h.end).max().unwrap_or(0).max(1000);
    let flags: Vec<Vec<Flag>> = (0..2).map(|run| flags(&c.report, run, end)).collect();
    let flag_rows = flags.iter().flatten().map(|f| f.row + 1).max().unwrap_or(0);
    let timelines =
        c.runs.iter().zip(flags).map(|((v, _, lanes), flags)| run_timeline(*v, lanes, flags, flag_rows, end));
    html! {
        <>
            { for stale }
            <p class="compare-summary" role="status">{ format!("{count} difference{} between {a} and {b}", if count == 1 { "" } else { "s" }) }</p>
            <div class="compare-timelines">{ for timelines }</div>
            <div class="compare-table-wrap">
                <table class="compare-table" aria-label={format!("Differences between Kubernetes {a} and {b}")}>
                    <thead><tr><th scope="col">{ "#" }</th><th scope="col">{ "What" }</th><th scope="col">{ a.to_string() }</th><th scope="col">{ b.to_string() }</th></tr></thead>
                    { for rows }
                </table>
            </div>
        </>
    }
}

const WIDTH: f64 = 1000.0;

/// A moment as the command line's report writes it, `00:24.5`.
fn tenths(t: Millis) -> String {
    sim_clock(t, Precision::Tenths)
}

/// A flag on a run's timeline: where (0 to 1), on which row of badges, and
/// the differences it stands for with their moments.
struct Flag {
    x: f64,
    row: usize,
    numbers: Vec<(usize, Millis)>,
}

/// The flags of run `run`: one where a difference first shows at a moment
/// the other run does not share (`Line::mark`), numbered as in the table;
/// differences that show at nearly the same moment share a flag. A badge
/// close to the one before it goes a row lower, so that none hides another
/// (three rows, then the first again).
fn flags(report: &Report, run: usize, end: Millis) -> Vec<Flag> {
    let frac = |t: Millis| (t as f64 / end as f64).clamp(0.0, 1.0);
    let mut flags: Vec<Flag> = Vec::new();
    let numbered = report.sections.iter().flat_map(|s| &s.lines).enumerate();
    for (i, t) in numbered.filter_map(|(i, l)| Some((i + 1, l.mark(run)?))) {
        match flags.iter_mut().find(|f| (f.x - frac(t)).abs() < 0.02) {
            Some(f) => f.numbers.push((i, t)),
            None => flags.push(Flag { x: frac(t), row: 0, numbers: vec![(i, t)] }),
        }
    }
    crate::sort::sort_by(&mut flags, |a, b| a.x.total_cmp(&b.x));
    let (mut last_x, mut row) = (f64::MIN, 0);
    for f in &mut flags {
        row = if f.x - last_x < 0.16 { (row + 1) % 3 } else { 0 };
        f.row = row;
        last_x = f.x;
    }
    flags
}

/// One run's timeline over `[0, end]` (the same scale for both runs) with
/// its flags, room above the lanes for `flag_rows` rows of badges (the same
/// for both runs, so that their lanes line up).
fn run_timeline(version: Version, lanes: &[Lane], flags: Vec<Flag>, flag_rows: usize, end: Millis) -> Html {
    let frac = |t: Millis| (t as f64 / end as f64).clamp(0.0, 1.0);
    let flags = flags.into_iter().map(|Flag { x, row, numbers }| {
        let list = numbers.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>().join(",");
        let when = numbers.iter().map(|(n, t)| format!("{n} at {}", tenths(*t))).collect::<Vec<_>>().join(", ");
        let label = format!("{} {when}", if numbers.len() == 1 { "Difference" } else { "Differences" });
        let style = format!("left:calc(var(--label-w) + (100% - var(--label-w)) * {x:.4}); --row:{row}");
        // A badge near an edge hangs inward, so that it stays in the track.
        let side = if x < 0.1 {
            Some("from-start")
        } else if x > 0.9 {
            Some("from-end")
        } else {
            None
        };
        html! {
            <li class={classes!("diff-flag", side)} {style} aria-label={label.clone()} title={label}><span class="diff-badge">{ list }</span></li>
        }
    });
    // Half the width of the main timeline: half as many labels.
    let step = tick_step(end / 2 * 3);
    let ticks = (0..).map(|k| k * step).take_while(|t| *t <= end).map(|t| {
        html! { <span class="axis-tick" style={format!("left:{:.2}%", frac(t) * 100.0)}>{ clock_text(t) }</span> }
    });
    let rows = lanes.iter().map(|lane| lane_row(lane, end));
    html! {
        <figure class="compare-run-timeline" aria-label={format!("Timeline on Kubernetes {version}")}>
            <figcaption>{ format!("Kubernetes {version}") }</figcaption>
            <div class="timeline-body" style={format!("--flag-rows:{flag_rows}")}>
                <div class="axis" aria-hidden="true">{ for ticks }</div>
                <div class="lanes">{ for rows }</div>
                <ul class="diff-flags" aria-label={format!("Differences marked on Kubernetes {version}")}>{ for flags }</ul>
            </div>
        </figure>
    }
}

/// A lane as the main timeline draws it, without its interaction.
fn lane_row(lane: &Lane, end: Millis) -> Html {
    let x = |t: Millis| t as f64 / end as f64 * WIDTH;
    let (height, class) = match lane.kind {
        LaneKind::Pod => (16.0, "lane lane-pod"),
        LaneKind::Container => (12.0, "lane lane-container"),
        LaneKind::Probe(_) => (12.0, "lane lane-probe"),
    };
    let bands = lane.bands.iter().map(|b| {
        let (x0, x1) = (x(b.from), x(b.to.min(end)));
        html! { <rect class={classes!("band", b.class)} x={format!("{x0:.1}")} y="1" width={format!("{:.1}", (x1 - x0).max(0.5))} height={format!("{}", height - 2.0)} /> }
    });
    let restarts = lane.restarts.iter().map(|r| {
        html! { <rect class="restart" x={format!("{:.1}", x(*r) - 1.5)} y="0" width="3" height={format!("{height}")} /> }
    });
    let mut paths: Vec<(&'static str, String)> = Vec::new();
    let mut last_x = f64::MIN;
    for m in &lane.marks {
        let mx = x(m.t);
        // Successes closer than a pixel and a half add nothing to see.
        if mx - last_x < 1.5 && m.class == "success" {
            continue;
        }
        last_x = mx;
        match paths.iter_mut().find(|(c, _)| *c == m.class) {
            Some((_, d)) => d.push_str(&mark_path(m.class, mx, height)),
            None => paths.push((m.class, mark_path(m.class, mx, height))),
        }
    }
    let marks = paths.into_iter().map(|(class, d)| html! { <path class={classes!("tick", class)} d={d} /> });
    let label = match lane.kind {
        LaneKind::Pod => {
            let (head, tail) = label_parts(&lane.label);
            html! { <><span class="head">{ head }</span><span class="tail">{ tail }</span></> }
        }
        _ => html! { { lane.label.clone() } },
    };
    html! {
        <div class={class}>
            <div class="lane-label" title={lane.label.clone()}>{ label }</div>
            <svg class="lane-track" viewBox={format!("0 0 {WIDTH} {height}")} preserveAspectRatio="none" height={format!("{height}")} aria-hidden="true">
                { for bands }{ for restarts }{ for marks }
            </svg>
        </div>
    }
}
