//! `kubectl get pods -w` at the current time. The cells come from
//! `view::get_pods_watch_cells`, the same the command line lays out with
//! the tabwriter; the pane lays them out as a table and follows the newest
//! row as the other kubectl panes do (`use_follow_newest`).

use super::copy_button::CopyButton;
use crate::history::{History, Millis, Record};
use crate::playground::state::Shared;
use crate::ui::hooks::use_follow_newest;
use crate::ui::refresh::{last_shown, pods_created};
use crate::view;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PodsPaneProps {
    pub history: Shared<History>,
    pub t: Millis,
    pub playing: bool,
}

/// Rows kept, like a terminal's scrollback: a day-long watch has thousands.
const SCROLLBACK: usize = 1000;

#[derive(Properties, PartialEq)]
struct TableProps {
    /// The watch's header and rows as cells; compared by identity, so the
    /// table re-renders only when they change, not on every frame.
    rows: Shared<Vec<Vec<String>>>,
}

/// A cell, and a space after it so that copied text keeps its columns apart.
fn cell(text: &str, header: bool) -> Html {
    let text = format!("{text} ");
    if header {
        html! { <th role="columnheader" scope="col">{ text }</th> }
    } else {
        html! { <td role="cell">{ text }</td> }
    }
}

#[function_component(KubeTable)]
fn kube_table(props: &TableProps) -> Html {
    let Some((header, rows)) = props.rows.split_first() else {
        return html! {
            <table role="table" aria-label="Pods" class="kube-table">
                <tbody><tr role="row"><td role="cell">{ view::NO_PODS.trim_end() }</td></tr></tbody>
            </table>
        };
    };
    let rows = &rows[rows.len().saturating_sub(SCROLLBACK)..];
    html! {
        <table role="table" aria-label="Pods" class="kube-table">
            <thead>
                <tr role="row">{ for header.iter().map(|c| cell(c, true)) }</tr>
            </thead>
            <tbody>
                { for rows.iter().map(|row| html! { <tr role="row">{ for row.iter().map(|c| cell(c, false)) }</tr> }) }
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
    let rows = use_memo((history.clone(), seen, created), {
        let t = props.t;
        move |(h, _, _)| view::get_pods_watch_cells(h, t)
    });
    let rows = Shared(rows);
    // The terminal's text: the watch as kubectl prints it.
    let copy = {
        let (history, t) = (history.clone(), props.t);
        Callback::from(move |()| view::get_pods_watch(&history, t))
    };
    let (body, onscroll) = use_follow_newest(rows.clone(), props.playing);
    html! {
        <section class="pane kubectl" aria-labelledby="pods-title">
            <div class="pane-title">
                <h2 class="pane-title-text" id="pods-title"><span class="prompt">{ "$ " }</span>{ "kubectl get pods -w" }</h2>
                <CopyButton what="kubectl get pods -w" text={copy} />
            </div>
            <div class="terminal" ref={body} {onscroll}>
                <KubeTable {rows} />
            </div>
        </section>
    }
}
