//! The playground's Yew nodes of a markup tree (`crate::markup`), so that a
//! widget the embed draws by hand is drawn by the same builder here. Its
//! controls (`data-action`) reach the page through `ui::dom::control_of`.
//! What only the page does with Yew (a card drawn again only when it
//! changes, the timeline's pan and zoom) goes into the builder's tree, in
//! the place the builder leaves for it (`edit`, `insert`).

use crate::markup::{Control, Element, Node};
use crate::playground::state::Action;
use crate::ui::dom::control_of;
use std::rc::Rc;
use yew::html::{onchange, onclick, oninput};
use yew::virtual_dom::{VNode, VTag, VText};
use yew::{AttrValue, Callback, Html};

/// The Yew node of `node`.
pub fn to_html(node: &Node) -> Html {
    match node {
        Node::Text(text) => VNode::VText(VText::new(AttrValue::from(Rc::clone(text)))),
        Node::Element(e) => VNode::VTag(Rc::new(tag_of(e))),
    }
}

/// The Yew element of `e`, for a widget that adds Yew children to it.
pub fn tag_of(e: &Element) -> VTag {
    let mut tag = VTag::new(e.tag);
    for (name, value) in &e.attrs {
        match *name {
            // A field's value is its property, as `html!` sets it.
            "value" if matches!(e.tag, "input" | "textarea") => tag.set_value(value.clone()),
            _ => tag.add_attribute(name, value.clone()),
        }
    }
    tag.key = e.key.map(Into::into);
    tag.add_children(e.children.iter().map(to_html));
    tag
}

/// The Yew node of `node`, whose controls call `on` with what they ask for
/// (clicks, and changes of its fields, bubble up to its root).
pub fn with_controls(node: &Node, on: &Callback<(Control, Option<String>)>) -> Html {
    let Node::Element(e) = node else { return to_html(node) };
    let mut root = tag_of(e);
    let on = on.clone();
    let listen = Callback::from(move |event: web_sys::Event| {
        if let Some(control) = control_of(&event) {
            on.emit(control);
        }
    });
    root.add_listener(Rc::new(onclick::Wrapper::new(listen.reform(web_sys::Event::from))));
    root.add_listener(Rc::new(onchange::Wrapper::new(listen.clone())));
    root.add_listener(Rc::new(oninput::Wrapper::new(listen.reform(web_sys::Event::from))));
    VNode::VTag(Rc::new(root))
}

/// The Yew node of `node`, whose controls' page actions
/// (`Control::action`) go to `on`.
pub fn with_actions(node: &Node, on: &Callback<Action>) -> Html {
    let on = on.clone();
    with_controls(
        node,
        &Callback::from(move |(control, value): (Control, Option<String>)| {
            if let Some(action) = control.action(value) {
                on.emit(action);
            }
        }),
    )
}

/// `html`, an element, changed by `change`.
pub fn edit(html: Html, change: impl FnOnce(&mut VTag)) -> Html {
    match html {
        VNode::VTag(mut tag) => {
            change(Rc::make_mut(&mut tag));
            VNode::VTag(tag)
        }
        other => other,
    }
}

/// `html`, an element, with `part` among its children at `at`.
pub fn insert(html: Html, at: usize, part: Html) -> Html {
    edit(html, |tag| {
        if let Some(children) = tag.children_mut() {
            let list = children.to_vlist_mut();
            let at = at.min(list.len());
            list.insert(at, part);
        }
    })
}
