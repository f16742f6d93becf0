//! `kubectl get pods -w` at the current time, as kubectl prints it. The
//! text comes from `view::get_pods_watch`; the pane only lays its columns
//! into a table (each cell keeps its padding, so it reads exactly as the
//! terminal would) and follows the newest line as the other kubectl panes
//! do (`use_follow_newest`).

use crate::history::{History, Millis, Record};
use crate::ui::hooks::use_follow_newest;
use crate::ui::refresh::{last_shown, pods_created};
use crate::ui::state::Shared;
use crate::view;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PodsPaneProps {
    pub history: Shared<History>,
    pub t: Millis,
    pub playing: bool,
}

/// Splits a kubectl table line into columns, each keeping its trailing
/// padding (columns are separated by at least two spaces).
pub fn columns(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut spaces = 0;
    for ch in line.chars() {
        if ch == ' ' {
            spaces += 1;
            current.push(ch);
            continue;
        }
        if spaces >= 2 && !current.trim().is_empty() {
            cells.push(std::mem::take(&mut current));
        }
        spaces = 0;
        current.push(ch);
    }
    if !current.is_empty() {
        cells.push(current);
    }
    cells
}

/// Rows kept, like a terminal's scrollback: a day-long watch has thousands.
const SCROLLBACK: usize = 1000;

#[derive(Properties, PartialEq)]
struct TableProps {
    /// The watch output; compared by identity, so the table re-renders only
    /// when the output changes, not on every frame.
    text: Shared<String>,
}

#[function_component(KubeTable)]
fn kube_table(props: &TableProps) -> Html {
    let mut lines = props.text.lines();
    let header = lines.next().unwrap_or("");
    let table_like = header.starts_with("NAME") || header.starts_with("NAMESPACE");
    let rows: Vec<&str> = lines.collect();
    let rows = &rows[rows.len().saturating_sub(SCROLLBACK)..];
    html! {
        <table role="table" aria-label="Pods" class="kube-table">
            if table_like {
                <thead>
                    <tr role="row">{ for columns(header).into_iter().map(|c| html! { <th role="columnheader" scope="col">{ c }</th> }) }</tr>
                </thead>
            }
            <tbody>
                if !table_like && !header.is_empty() {
                    <tr role="row"><td role="cell">{ header }</td></tr>
                }
                { for rows.iter().map(|line| html! {
                    <tr role="row">{ for columns(line).into_iter().map(|c| html! { <td role="cell">{ c }</td> }) }</tr>
                }) }
            </tbody>
        </table>
    }
}

#[function_component(PodsPane)]
pub fn pods_pane(props: &PodsPaneProps) -> Html {
    let history = &props.history;
    // The watch output changes only with a pod or container status, or a new pod.
    let seen = last_shown(history, props.t, |r| matches!(r, Record::Pod(_) | Record::Container(_)));
    let created = pods_created(history, props.t);
    let text = use_memo((history.clone(), seen, created), {
        let t = props.t;
        move |(h, _, _)| view::get_pods_watch(h, t)
    });
    let text = Shared(text);
    let (body, onscroll) = use_follow_newest(text.clone(), props.playing);
    html! {
        <section class="pane kubectl" aria-labelledby="pods-title">
            <h2 class="pane-title" id="pods-title"><span class="prompt">{ "$ " }</span>{ "kubectl get pods -w" }</h2>
            <div class="terminal" ref={body} {onscroll}>
                <KubeTable {text} />
            </div>
        </section>
    }
}
