//! The views as markup: a tree of elements and texts that a widget builds
//! from the history, natively, and that a browser driver puts on screen.
//! The embed's driver (`ui::embed`) patches the DOM to it by hand, without
//! a framework, so that a docs page's iframe downloads a small wasm; the
//! playground turns the same trees into Yew nodes (`ui::markup_html`). One
//! builder per widget, so the embed and the playground show the same thing,
//! and native tests read what a widget shows as a person would: by role,
//! accessible name and text.
//!
//! What a person can do in a widget is data too: an element carries a
//! `data-action` (`Control`), which the drivers turn into the page's actions.

pub mod cluster;
pub mod control;
pub mod editor;
pub mod embed;
pub mod kubectl;
pub mod timeline;
pub mod traffic;
pub mod transport;

pub use control::Control;
use std::rc::Rc;

/// An element or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(Rc<str>),
}

/// An element: its tag, its attributes in order, its children. Inside an
/// `svg` element the drivers make SVG elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
    /// Its identity among its siblings (a log's line number), so that a
    /// driver that keeps elements moves them rather than rewriting each.
    pub key: Option<u64>,
}

/// A new element.
pub fn el(tag: &'static str) -> Element {
    Element { tag, attrs: Vec::new(), children: Vec::new(), key: None }
}

impl Element {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attrs.push((name, value.into()));
        self
    }

    /// The attribute when `value` is some.
    pub fn attr_some(self, name: &'static str, value: Option<impl Into<String>>) -> Element {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// A boolean attribute (`readonly`, `selected`): present or absent.
    pub fn flag(self, name: &'static str, on: bool) -> Element {
        if on { self.attr(name, "") } else { self }
    }

    pub fn key(mut self, key: u64) -> Element {
        self.key = Some(key);
        self
    }

    pub fn class(self, class: impl Into<String>) -> Element {
        self.attr("class", class)
    }

    /// What a person can do with the element (`Control`), for the drivers.
    pub fn control(self, control: Control) -> Element {
        let (action, arg) = control.encode();
        self.attr("data-action", action).attr_some("data-arg", arg)
    }

    pub fn child(mut self, node: impl Into<Node>) -> Element {
        self.children.push(node.into());
        self
    }

    pub fn children<N: Into<Node>>(mut self, nodes: impl IntoIterator<Item = N>) -> Element {
        self.children.extend(nodes.into_iter().map(Into::into));
        self
    }

    /// An attribute's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// A select's options, `(value, label)` each, the one whose value is
/// `chosen` selected. Once a person has picked an option, a `selected`
/// attribute added to another no longer moves the select (the options are
/// dirty), so an option whose choice changes is keyed anew: both drivers
/// then make it afresh, and a fresh option's `selected` counts.
pub fn options<'a>(items: impl IntoIterator<Item = (&'a str, String)>, chosen: Option<&str>) -> Vec<Element> {
    let option = |(i, (value, label)): (usize, (&str, String))| {
        let selected = Some(value) == chosen;
        el("option").key(2 * i as u64 + selected as u64).attr("value", value).flag("selected", selected).child(label)
    };
    items.into_iter().enumerate().map(option).collect()
}

impl From<Element> for Node {
    fn from(element: Element) -> Node {
        Node::Element(element)
    }
}

impl From<&str> for Node {
    fn from(text: &str) -> Node {
        Node::Text(text.into())
    }
}

impl From<String> for Node {
    fn from(text: String) -> Node {
        Node::Text(text.into())
    }
}

impl From<Rc<str>> for Node {
    fn from(text: Rc<str>) -> Node {
        Node::Text(text)
    }
}

/// What a test reads of a tree, as a person finds it on the page.
#[cfg(test)]
impl Node {
    /// The text a person reads in the node, as the DOM's `textContent`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) {
        match self {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) => e.children.iter().for_each(|c| c.write_text(out)),
        }
    }

    /// Every element in the tree, depth first, that `pick` picks.
    pub fn find_all<'a>(&'a self, pick: &impl Fn(&Element) -> bool) -> Vec<&'a Element> {
        let mut found = Vec::new();
        self.visit(&mut |e| {
            if pick(e) {
                found.push(e)
            }
        });
        found
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        if let Node::Element(e) = self {
            f(e);
            e.children.iter().for_each(|c| c.visit(f));
        }
    }

    /// The element with this role and accessible name (`aria-label`), as a
    /// test finds it.
    pub fn by_role<'a>(&'a self, role: &str, name: &str) -> Option<&'a Element> {
        self.find_all(&|e| e.get("role") == Some(role) && e.get("aria-label") == Some(name)).into_iter().next()
    }

    /// The tree as HTML, its texts and attributes escaped: what a failing
    /// test prints of a widget.
    pub fn html(&self) -> String {
        let mut out = String::new();
        self.write_html(&mut out);
        out
    }

    fn write_html(&self, out: &mut String) {
        use crate::link::snippet::escape;
        use std::fmt::Write;
        match self {
            Node::Text(text) => out.push_str(&escape(text)),
            Node::Element(e) => {
                let _ = write!(out, "<{}", e.tag);
                for (name, value) in &e.attrs {
                    let _ = write!(out, " {name}=\"");
                    out.push_str(&escape(value));
                    out.push('"');
                }
                out.push('>');
                e.children.iter().for_each(|c| c.write_html(out));
                let _ = write!(out, "</{}>", e.tag);
            }
        }
    }
}

#[cfg(test)]
impl Element {
    /// The element's text, as the DOM's `textContent`.
    pub fn text(&self) -> String {
        self.children.iter().map(Node::text).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_reads_as_its_text_and_escapes_as_html() {
        let tree: Node = el("p")
            .class("note")
            .attr("title", "a \"quoted\" <b>")
            .child("1 < 2 & ")
            .child(el("strong").child("bold"))
            .flag("hidden", false)
            .into();
        assert_eq!(tree.text(), "1 < 2 & bold");
        assert_eq!(
            tree.html(),
            "<p class=\"note\" title=\"a &quot;quoted&quot; &lt;b&gt;\">1 &lt; 2 &amp; <strong>bold</strong></p>"
        );
    }

    #[test]
    fn an_element_is_found_by_role_and_name() {
        let tree: Node = el("div")
            .child(el("table").attr("role", "table").attr("aria-label", "Pods").child("rows"))
            .child(el("div").attr("role", "log").attr("aria-label", "Events"))
            .into();
        assert_eq!(tree.by_role("table", "Pods").map(Element::text).as_deref(), Some("rows"));
        assert!(tree.by_role("table", "Events").is_none());
    }
}
