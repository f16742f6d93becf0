//! The cluster at the current time, as `markup::cluster` draws it: each
//! Service with its endpoints and requests, and each pod as a card. A card
//! is its own component, drawn again only when its `Card` changes.

use crate::history::{History, Millis};
use crate::markup::cluster::{Card, Now, cards, frame, pod_card};
use crate::playground::state::{Action, Shared};
use crate::ui::hooks::use_stable_callback;
use crate::ui::markup_html::insert;
use crate::ui::markup_html::{to_html, with_actions};
use crate::view::ClusterState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    pub history: Shared<History>,
    /// `ClusterState::at(history, t)`, computed once per change for every view.
    pub cluster: Shared<ClusterState>,
    pub t: Millis,
    pub pod: Option<String>,
    /// Probe results animate only while playing, for about 0.7 s of real time.
    pub playing: bool,
    pub speed: u32,
    /// Called with the pick of the pod whose name is clicked.
    pub on_action: Callback<Action>,
}

#[function_component(ClusterView)]
pub fn cluster_view(props: &ClusterViewProps) -> Html {
    let (history, state) = (&*props.history, &*props.cluster);
    let now = Now { t: props.t, selected: props.pod.as_deref(), playing: props.playing, speed: props.speed };
    // The same callback every render, so a card is drawn only when its pod changes.
    let on_action = use_stable_callback(&props.on_action);
    let cards = cards(history, state, &now).into_iter().map(|card| {
        let key = card.pod.id;
        html! { <PodCard {key} history={props.history.clone()} {card} on_action={on_action.clone()} /> }
    });
    // The frame's last child is the pods' box, which holds the cards.
    let mut frame = frame(state, props.t);
    let pods = frame.children.pop().map_or_else(Html::default, |pods| to_html(&pods));
    insert(to_html(&frame.into()), usize::MAX, insert(pods, 0, cards.collect()))
}

#[derive(Properties, PartialEq)]
struct PodCardProps {
    history: Shared<History>,
    card: Card,
    on_action: Callback<Action>,
}

/// A pod as a card; drawn again only when what it shows changes.
#[function_component(PodCard)]
fn pod_card_view(props: &PodCardProps) -> Html {
    with_actions(&pod_card(&props.history, &props.card).into(), &props.on_action)
}
