//! The embed's hand-made drawing (`ui::dom`) in a real browser: a markup
//! tree patched onto the page changes only what differs, fields show the
//! tree's value, and an event is read back as the control it asks for.
//! `cargo test --target wasm32-unknown-unknown` runs these in headless Chromium.
#![cfg(target_arch = "wasm32")]

use probe_playground::markup::{Control, Node, el};
use probe_playground::ui::dom::{Mount, control_of};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element on the page to draw into.
fn parent() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    parent
}

fn range(max: u64, value: u64) -> Node {
    el("input")
        .attr("type", "range")
        .attr("min", "0")
        .attr("max", max.to_string())
        .attr("value", value.to_string())
        .control(Control::Seek(None))
        .into()
}

#[wasm_bindgen_test]
fn a_range_shows_its_value_once_its_bounds_allow_it() {
    let parent = parent();
    let mut mount = Mount::new(parent.clone());
    // The moment is known before the run's end: the range clamps it to 0.
    mount.draw(range(0, 150_000));
    let input: HtmlInputElement = parent.first_element_child().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "0");
    mount.draw(range(600_000, 150_000));
    assert_eq!(input.value(), "150000");
}

/// A log as the events pane draws it: its header keyed 0, then its newest lines.
fn log(lines: std::ops::RangeInclusive<u64>) -> Node {
    let header = el("div").key(0).child("TIME");
    el("div").child(header).children(lines.map(|n| el("div").key(n).child(format!("line {n}")))).into()
}

#[wasm_bindgen_test]
fn a_log_whose_first_lines_scrolled_away_keeps_the_elements_of_the_rest() {
    let parent = parent();
    let mut mount = Mount::new(parent.clone());
    mount.draw(log(1..=5));
    let root = parent.first_element_child().unwrap();
    let (header, third) = (root.children().item(0).unwrap(), root.children().item(3).unwrap());
    mount.draw(log(3..=7));
    let texts: Vec<String> =
        (0..root.children().length()).map(|i| root.children().item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(texts, ["TIME", "line 3", "line 4", "line 5", "line 6", "line 7"]);
    // The header and line 3 are the elements they were, not others rewritten.
    assert!(root.children().item(0).unwrap().is_same_node(Some(&header)));
    assert!(root.children().item(1).unwrap().is_same_node(Some(&third)));
}

#[wasm_bindgen_test]
fn attributes_that_are_gone_are_removed_and_svg_is_svg() {
    let parent = parent();
    let mut mount = Mount::new(parent.clone());
    let tree = |selected: bool| -> Node {
        el("div")
            .flag("hidden", !selected)
            .attr("class", "pane")
            .child(el("svg").attr("viewBox", "0 0 10 10").child(el("path").attr("d", "M0 0H10")))
            .into()
    };
    mount.draw(tree(false));
    let root = parent.first_element_child().unwrap();
    assert!(root.has_attribute("hidden"));
    mount.draw(tree(true));
    assert!(!root.has_attribute("hidden"));
    assert_eq!(root.get_attribute("class").as_deref(), Some("pane"));
    let path = root.query_selector("path").unwrap().unwrap();
    assert_eq!(path.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
}

#[wasm_bindgen_test]
fn a_select_shows_its_value_among_options_that_came_with_it() {
    let parent = parent();
    let mut mount = Mount::new(parent.clone());
    let picker = |pods: &[&str], picked: &str| -> Node {
        el("select")
            .children(pods.iter().map(|p| el("option").attr("value", *p).child(*p)))
            .attr("value", picked)
            .into()
    };
    mount.draw(picker(&["web-0", "web-1"], "web-1"));
    let select = parent.first_element_child().unwrap();
    let value = || js_sys::Reflect::get(&select, &"value".into()).unwrap().as_string().unwrap();
    assert_eq!(value(), "web-1");
    // A new pod appears and is picked in the same draw.
    mount.draw(picker(&["web-0", "web-1", "web-2"], "web-2"));
    assert_eq!(value(), "web-2");
}

/// The controls an event of `kind` on `target` (inside `parent`) reads as.
fn read(parent: &Element, target: &Element, kind: &str) -> Vec<(Control, Option<String>)> {
    let read = Rc::new(RefCell::new(Vec::new()));
    let listener = {
        let read = Rc::clone(&read);
        Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| read.borrow_mut().extend(control_of(&e)))
    };
    parent.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
    parent.remove_event_listener_with_callback(kind, listener.as_ref().unchecked_ref()).unwrap();
    read.take()
}

#[wasm_bindgen_test]
fn an_event_reads_as_the_control_of_the_nearest_element_that_has_one() {
    let parent = parent();
    let mut mount = Mount::new(parent.clone());
    let pod = |name: &str| el("option").attr("value", name).child(name.to_string());
    mount.draw(
        el("div")
            .child(el("button").control(Control::TogglePlay).child(el("span").class("icon")))
            .child(
                el("select")
                    .control(Control::SelectPod(None))
                    .child(pod("web-0"))
                    .child(pod("web-1"))
                    .attr("value", "web-1"),
            )
            .into(),
    );
    let icon = parent.query_selector(".icon").unwrap().unwrap();
    assert_eq!(read(&parent, &icon, "click"), [(Control::TogglePlay, None)]);
    let select = parent.query_selector("select").unwrap().unwrap();
    // A select acts on `change` only: its `input` and `click` are not a second pick.
    assert_eq!(read(&parent, &select, "change"), [(Control::SelectPod(None), Some("web-1".to_string()))]);
    assert!(read(&parent, &select, "input").is_empty());
    assert!(read(&parent, &select, "click").is_empty());
}
