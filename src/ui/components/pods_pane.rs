//! `kubectl get pods -w` at the current time (`markup::kubectl::pods_pane`).
//! The cells come from `view::get_pods_watch_cells`, the same the command
//! line lays out with the tabwriter; the pane lays them out as a table and
//! follows the newest row as the other kubectl panes do.

use super::copy_button::use_copy_button;
use super::markup_pane::MarkupPane;
use crate::history::{History, Millis};
use crate::markup::{Control, Node, kubectl};
use crate::playground::state::Shared;
use crate::ui::hooks::use_stable_callback;
use crate::ui::refresh::pods_watch_key;
use crate::view;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PodsPaneProps {
    pub history: Shared<History>,
    pub t: Millis,
    pub playing: bool,
}

#[function_component(PodsPane)]
pub fn pods_pane(props: &PodsPaneProps) -> Html {
    let history = &props.history;
    // The watch output changes only with a pod or container status, or a new pod.
    let rows = use_memo((history.clone(), pods_watch_key(history, props.t)), {
        let t = props.t;
        move |(h, _)| view::get_pods_watch_cells(h, t)
    });
    let (copied, copy) = use_copy_button();
    // The rows compared by identity: the pane is built again only when they change.
    let pane = use_memo((Shared(rows), copied), |(rows, copied)| Node::from(kubectl::pods_pane(rows, *copied)));
    // The terminal's text: the watch as kubectl prints it.
    let on = {
        let (history, t) = (history.clone(), props.t);
        Callback::from(move |(control, _)| {
            if let Control::Copy(_) = control {
                copy.emit(view::get_pods_watch(&history, t));
            }
        })
    };
    let on = use_stable_callback(&on);
    html! { <MarkupPane node={Shared(pane)} {on} follow=true playing={props.playing} /> }
}
