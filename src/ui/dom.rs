//! A markup tree (`crate::markup`) on the page, without a framework: the
//! embed draws with it. `Mount` keeps the tree it last drew and, given the
//! next, changes only what differs: an attribute, a text, a child added or
//! gone. Fields keep what a person typed, focus stays where it is, and a
//! pane that did not change costs a comparison. `control_of` reads what an
//! event asks for (`markup::Control`), for the embed and the playground.

use crate::markup::{Control, Element, Node};
use wasm_bindgen::JsCast;
use web_sys::Document;

const SVG: &str = "http://www.w3.org/2000/svg";

/// A tree drawn into a parent element, which it owns.
pub struct Mount {
    parent: web_sys::Element,
    drawn: Option<(Node, web_sys::Node)>,
}

impl Mount {
    pub fn new(parent: web_sys::Element) -> Mount {
        Mount { parent, drawn: None }
    }

    /// Makes the page show `next`.
    pub fn draw(&mut self, next: Node) {
        let Some(document) = self.parent.owner_document() else { return };
        let dom = match self.drawn.take() {
            Some((drawn, dom)) => patch(&document, &dom, &drawn, &next, false),
            None => {
                let dom = create(&document, &next, false);
                let _ = self.parent.append_child(&dom);
                dom
            }
        };
        self.drawn = Some((next, dom));
    }
}

/// A new DOM node for `node`; `svg` inside an `svg` element.
fn create(document: &Document, node: &Node, svg: bool) -> web_sys::Node {
    match node {
        Node::Text(text) => document.create_text_node(text).into(),
        Node::Element(e) => {
            let svg = svg || e.tag == "svg";
            let created =
                if svg { document.create_element_ns(Some(SVG), e.tag) } else { document.create_element(e.tag) };
            let Ok(element) = created else { return document.create_text_node("").into() };
            // A field's value last: a select's names one of its options.
            let (values, attrs): (Vec<_>, Vec<_>) = e.attrs.iter().partition(|(name, _)| is_field_value(e, name));
            for (name, value) in attrs {
                set_attribute(&element, e, name, value);
            }
            for child in &e.children {
                let _ = element.append_child(&create(document, child, svg));
            }
            for (name, value) in values {
                set_attribute(&element, e, name, value);
            }
            element.into()
        }
    }
}

/// Changes `dom`, drawn from `drawn`, into `next`; the node now on the page.
fn patch(document: &Document, dom: &web_sys::Node, drawn: &Node, next: &Node, svg: bool) -> web_sys::Node {
    if drawn == next {
        return dom.clone();
    }
    match (drawn, next) {
        (Node::Text(_), Node::Text(text)) => {
            dom.set_node_value(Some(text));
            dom.clone()
        }
        (Node::Element(old), Node::Element(new)) if old.tag == new.tag && old.key == new.key => {
            let Some(element) = dom.dyn_ref::<web_sys::Element>() else { return dom.clone() };
            // A field's value last, as when it was made.
            patch_attributes(element, old, new, false);
            patch_children(document, element, &old.children, &new.children, svg || new.tag == "svg");
            patch_attributes(element, old, new, true);
            dom.clone()
        }
        _ => {
            let replacement = create(document, next, svg);
            if let Some(parent) = dom.parent_node() {
                let _ = parent.replace_child(&replacement, dom);
            }
            replacement
        }
    }
}

/// The attributes that differ, other than a field's value; or that value.
fn patch_attributes(element: &web_sys::Element, old: &Element, new: &Element, values: bool) {
    for (name, _) in &old.attrs {
        if !values && new.get(name).is_none() {
            let _ = element.remove_attribute(name);
        }
    }
    for (name, value) in new.attrs.iter().filter(|(name, _)| is_field_value(new, name) == values) {
        // A field's value is compared with what it shows, not with the
        // last tree's: a range keeps its value within its bounds, so a
        // moment set while the run had no end yet showed as 0.
        let stale = if is_field_value(new, name) {
            js_sys::Reflect::get(element, &"value".into()).ok().and_then(|v| v.as_string()).as_deref() != Some(value)
        } else {
            old.get(name) != Some(value.as_str())
        };
        if stale {
            set_attribute(element, new, name, value);
        }
    }
}

fn is_field_value(e: &Element, name: &str) -> bool {
    name == "value" && matches!(e.tag, "input" | "textarea" | "select")
}

/// A field's value is its property (what it shows), other attributes are
/// attributes.
fn set_attribute(element: &web_sys::Element, e: &Element, name: &str, value: &str) {
    if is_field_value(e, name) {
        let _ = js_sys::Reflect::set(element, &"value".into(), &value.into());
    } else {
        let _ = element.set_attribute(name, value);
    }
}

/// Children patched in order. In a keyed list (a log), the lines that
/// scrolled away are removed where they were (after a header that stays,
/// say), so that the rest are compared with themselves rather than each
/// rewritten with its successor.
fn patch_children(document: &Document, parent: &web_sys::Element, old: &[Node], new: &[Node], svg: bool) {
    let (at, gone) = scrolled_away(old, new).unwrap_or((old.len(), 0));
    let nodes = parent.child_nodes();
    for _ in 0..gone {
        if let Some(child) = nodes.item(at as u32) {
            let _ = parent.remove_child(&child);
        }
    }
    // The old children still on the page, in order.
    let drawn = |i: usize| if i < at { old.get(i) } else { old.get(i + gone) };
    for (i, next) in new.iter().enumerate() {
        match (drawn(i), nodes.item(i as u32)) {
            (Some(drawn), Some(dom)) => {
                patch(document, &dom, drawn, next, svg);
            }
            _ => {
                let _ = parent.append_child(&create(document, next, svg));
            }
        }
    }
    while nodes.length() as usize > new.len() {
        match parent.last_child() {
            Some(child) => {
                let _ = parent.remove_child(&child);
            }
            None => break,
        }
    }
}

/// Where the keyed children `old` first differ from `new`, and how many of
/// them go there: those before the one `new` has at that place.
fn scrolled_away(old: &[Node], new: &[Node]) -> Option<(usize, usize)> {
    let key = |n: &Node| match n {
        Node::Element(e) => e.key,
        Node::Text(_) => None,
    };
    let at = old.iter().zip(new).position(|(o, n)| key(o) != key(n))?;
    let wanted = key(&new[at])?;
    let gone = old[at..].iter().position(|o| key(o) == Some(wanted))?;
    Some((at, gone))
}

/// Whether a scroll box shows its last line (within a few pixels): a log
/// that does follows its newest line.
pub fn at_newest(el: &web_sys::HtmlElement) -> bool {
    el.scroll_top() + el.client_height() >= el.scroll_height() - 4
}

/// What an event on a markup tree asks for: the control of the nearest
/// element that has one, and that element's value if it is a field. A text
/// or range field acts on `input`, a select on `change` (it sends both, and
/// `change` alone on every browser), anything else on `click`. A click on a
/// timeline's track gives where it fell: "X WIDTH" in pixels from the
/// track's left edge (the width too, as a mark is picked within pixels).
pub fn control_of(event: &web_sys::Event) -> Option<(Control, Option<String>)> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let element = target.closest("[data-action]").ok()??;
    let acts_on = match element.tag_name().as_str() {
        "INPUT" | "TEXTAREA" => "input",
        "SELECT" => "change",
        _ => "click",
    };
    if event.type_() != acts_on {
        return None;
    }
    let control =
        Control::decode(&element.get_attribute("data-action")?, element.get_attribute("data-arg").as_deref())?;
    let value = match control {
        Control::Track { .. } => event.dyn_ref::<web_sys::MouseEvent>().map(|click| {
            let rect = element.get_bounding_client_rect();
            format!("{} {}", click.client_x() as f64 - rect.left(), rect.width())
        }),
        _ if acts_on == "click" => None,
        _ => js_sys::Reflect::get(&element, &"value".into()).ok().and_then(|v| v.as_string()),
    };
    Some((control, value))
}
