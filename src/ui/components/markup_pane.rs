//! A pane built as markup (`crate::markup`) as a component: drawn again only
//! when its tree is a new one (a memo's), not at every frame of playback,
//! and its log following its newest line (`use_follow_newest`) when asked.

use crate::markup::{Control, Node};
use crate::playground::state::Shared;
use crate::ui::hooks::use_follow_newest;
use crate::ui::markup_html::with_controls;
use std::rc::Rc;
use yew::html::onscroll;
use yew::prelude::*;
use yew::virtual_dom::VNode;

#[derive(Properties, PartialEq)]
pub struct MarkupPaneProps {
    /// Compared by identity: a memo's tree.
    pub node: Shared<Node>,
    /// What its controls ask for; the same callback at each render
    /// (`use_stable_callback`), or the pane is drawn again.
    pub on: Callback<(Control, Option<String>)>,
    /// Whether its terminal (the element of class `terminal`) shows its
    /// newest line after each change.
    #[prop_or_default]
    pub follow: bool,
    pub playing: bool,
}

#[function_component(MarkupPane)]
pub fn markup_pane(props: &MarkupPaneProps) -> Html {
    let (body, onscroll) = use_follow_newest(props.node.clone(), props.playing);
    let mut html = with_controls(&props.node, &props.on);
    if props.follow {
        follow(&mut html, &body, &onscroll);
    }
    html
}

/// Gives the first terminal in `html` the scrolling's `body` and `onscroll`;
/// whether there was one.
fn follow(html: &mut Html, body: &NodeRef, onscroll: &Callback<Event>) -> bool {
    match html {
        VNode::VTag(tag) => {
            let tag = Rc::make_mut(tag);
            let terminal =
                tag.attributes.iter().any(|(name, value)| name == "class" && value.split(' ').any(|c| c == "terminal"));
            if terminal {
                tag.node_ref = body.clone();
                tag.add_listener(Rc::new(onscroll::Wrapper::new(onscroll.clone())));
                return true;
            }
            tag.children_mut().is_some_and(|children| follow(children, body, onscroll))
        }
        VNode::VList(list) => Rc::make_mut(list).iter_mut().any(|child| follow(child, body, onscroll)),
        _ => false,
    }
}
