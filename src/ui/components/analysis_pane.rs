//! The Analysis tab: the probe report as a compact table (a row per probed
//! container, each cell a what-if run's answer), the findings with their
//! place, verified suggestion and the what-if that proves them; and, beside
//! the timeline, the expectations as ticks and crosses. The data is
//! `analysis::pane`'s; these widgets only draw it and emit callbacks.

use crate::analysis::pane::{ExpectationMark, FindingItem, HEADINGS, PaneData, ReportRow};
use crate::analysis::whatif::clock;
use crate::diagnostic::Severity;
use crate::history::Millis;
use crate::playground::state::Shared;
use crate::scenario::text::{Doc, Placed};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AnalysisPaneProps {
    pub data: Shared<PaneData>,
    /// The text changed since: the analysis shown is of an older one.
    pub stale: bool,
    /// Open finding `i`'s what-if as a new scenario.
    pub on_open: Callback<usize>,
    /// Put the caret on a finding's line.
    pub on_jump: Callback<(Doc, u32)>,
}

#[function_component(AnalysisPane)]
pub fn analysis_pane(props: &AnalysisPaneProps) -> Html {
    let data = &props.data.0;
    if data.errors {
        return html! {
            <div class="analysis"><p class="analysis-status" role="status">{ "The scenario has errors: fix them to analyse its probes." }</p></div>
        };
    }
    let (done, of) = data.progress;
    let status = if props.stale || data.edits.is_none() {
        "Analysing once the run is on screen…".to_string()
    } else if of == 0 {
        "No probed container: nothing to analyse.".to_string()
    } else if done < of {
        format!("Analysing: {done} of {of} probed containers…")
    } else {
        format!(
            "{of} probed container{}: each answer is a what-if run of this scenario.",
            if of == 1 { "" } else { "s" }
        )
    };
    let findings =
        data.items.iter().zip(&data.marks).enumerate().map(|(i, (item, placed))| finding(i, item, placed, props));
    // The findings first: they are what to act on; the report backs them.
    html! {
        <div class="analysis">
            <p class="analysis-status" role="status">{ status }</p>
            if done == of && of > 0 {
                if data.items.is_empty() {
                    <p class="no-findings">{ "No findings: no what-if run shows harm." }</p>
                } else {
                    <ul class="findings" aria-label="Findings">{ for findings }</ul>
                }
            }
            if !data.rows.is_empty() {
                { report_table(&data.rows) }
            }
        </div>
    }
}

/// The report with a column per probed container and a row per question:
/// the pane is narrow beside the other views, and most scenarios have one
/// or two probed containers, so their answers read down a column. A
/// container's heading carries the report's full sentences on hover.
fn report_table(rows: &[ReportRow]) -> Html {
    let [corner, questions @ ..] = HEADINGS;
    html! {
        <div class="report-scroll">
            <table class="report" aria-label="Probe report">
                <thead>
                    <tr>
                        <th scope="col">{ corner }</th>
                        { for rows.iter().map(|row| {
                            let (workload, container) = row.container.split_once(' ').unwrap_or((&row.container, ""));
                            html! {
                                <th scope="col" title={row.lines.join("\n")}>
                                    <span class="report-workload">{ workload.to_string() }</span>{ " " }<span class="report-container">{ container.to_string() }</span>
                                </th>
                            }
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for questions.iter().enumerate().map(|(q, question)| html! {
                        <tr>
                            <th scope="row">{ *question }</th>
                            { for rows.iter().map(|row| html! { <td>{ row.cells()[q + 1] }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn finding(i: usize, item: &FindingItem, placed: &Placed, props: &AnalysisPaneProps) -> Html {
    let severity = if item.severity == Severity::Error { "error" } else { "warning" };
    let jump = {
        let (on_jump, doc, line) = (props.on_jump.clone(), placed.doc, placed.line);
        Callback::from(move |_: MouseEvent| on_jump.emit((doc, line)))
    };
    let open = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(i))
    };
    html! {
        <li class={classes!("finding", severity)} aria-label={item.id}>
            <div class="finding-head">
                <button type="button" class="finding-place" onclick={jump}>{ format!("line {}:{}", item.line, item.column) }</button>
                <code class="finding-rule">{ item.id }</code>
                <span class="finding-subject">{ item.subject.clone() }</span>
            </div>
            <p class="finding-message">{ item.message.clone() }</p>
            if let Some(s) = &item.suggestion {
                <p class="finding-suggestion">{ "Suggestion: " }{ s.clone() }</p>
            }
            <button type="button" class="open-what-if" onclick={open}>
                { format!("Open the what-if {} at {}", item.proof, clock(item.at)) }
            </button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct ExpectationListProps {
    pub data: Shared<PaneData>,
    /// Select the moment that shows an expectation.
    pub on_seek: Callback<Millis>,
}

/// The behaviour's `expect:` entries checked against the run on screen.
#[function_component(ExpectationList)]
pub fn expectation_list(props: &ExpectationListProps) -> Html {
    let marks = &props.data.0.expectations;
    if marks.is_empty() {
        return html! {};
    }
    let holding = marks.iter().filter(|m| m.pass).count();
    html! {
        <section class="expectations" aria-label="Expectations">
            <h2 class="expectations-title">{ format!("Expectations: {holding} of {} hold", marks.len()) }</h2>
            <ul>{ for marks.iter().map(|m| expectation(m, &props.on_seek)) }</ul>
        </section>
    }
}

fn expectation(m: &ExpectationMark, on_seek: &Callback<Millis>) -> Html {
    let onclick = {
        let (on_seek, at) = (on_seek.clone(), m.at);
        Callback::from(move |_: MouseEvent| on_seek.emit(at))
    };
    let (class, sign, word) = if m.pass { ("pass", "✓", "holds") } else { ("fail", "✗", "fails") };
    html! {
        <li class={classes!("expectation", class)}>
            <button type="button" {onclick} title={format!("line {} of the behaviour; select {}", m.line, clock(m.at))}>
                <span class="sign" aria-hidden="true">{ sign }</span>
                <span class="visually-hidden">{ format!("{word}: ") }</span>
                { m.expected.clone() }
                <span class="saw">{ format!(": saw {}", m.saw) }</span>
            </button>
        </li>
    }
}
