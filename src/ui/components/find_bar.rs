//! Find in a big editor's text (Ctrl+F or Cmd+F in it): the browser's find
//! in page sees only the window of lines the textarea holds, so the editor
//! searches the whole text (`playground::find`) and selects each match,
//! scrolled into view. Enter goes to the next match, Shift+Enter to the
//! one before, Escape closes and leaves the caret on the match.

use super::held_text::{self, HeldRef};
use crate::playground::find;
use crate::playground::text::Text;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindBarProps {
    /// The editor's name, as its label says it.
    pub label: &'static str,
    pub held: HeldRef,
    pub textarea: NodeRef,
    pub scroll: NodeRef,
    /// How many times it was opened: each opening puts the focus in its field.
    pub opened: u32,
    /// Closed: the focus goes back to the text.
    pub on_close: Callback<()>,
}

/// The matches of the last query in the last text searched.
type Found = Rc<RefCell<Option<(Text, String, Rc<Vec<(usize, usize)>>)>>>;

#[function_component(FindBar)]
pub fn find_bar(props: &FindBarProps) -> Html {
    let input = use_node_ref();
    let status = use_state_eq(String::new);
    let found: Found = use_mut_ref(|| None);
    {
        let input = input.clone();
        use_effect_with(props.opened, move |_| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let _ = i.focus();
                i.select();
            }
        });
    }
    let go = {
        let (held, textarea, scroll, status, input) =
            (props.held.clone(), props.textarea.clone(), props.scroll.clone(), status.clone(), input.clone());
        move |back: bool, again: bool| {
            let (Some(ta), Some(sc), Some(i)) = (
                textarea.cast::<HtmlTextAreaElement>(),
                scroll.cast::<HtmlElement>(),
                input.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let mut h = held.0.borrow_mut();
            let query = i.value();
            let all = matches_of(&found, &h.text, &query);
            let Some(k) = find::next(&all, h.selection(&ta), back, again) else {
                status.set(if query.is_empty() { String::new() } else { "No matches".to_string() });
                return;
            };
            let (a, b) = all[k];
            let line = h.text.lines().line_at(a);
            h.go(&ta, (a, b), line);
            held_text::reveal(&sc, line);
            status.set(format!("{} of {}", k + 1, all.len()));
        }
    };
    let oninput = {
        let go = go.clone();
        Callback::from(move |_: InputEvent| go(false, false))
    };
    let onkeydown = {
        let (go, on_close) = (go.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                go(e.shift_key(), true);
            }
            "Escape" => {
                e.prevent_default();
                on_close.emit(());
            }
            _ => {}
        })
    };
    let step = |back: bool| {
        let go = go.clone();
        Callback::from(move |_: MouseEvent| go(back, true))
    };
    html! {
        <div class="find-bar" role="search">
            <input type="search" ref={input} aria-label={format!("Find in {}", props.label)} placeholder="Find"
                spellcheck="false" {oninput} {onkeydown} />
            <span class="find-status" aria-live="polite">{ (*status).clone() }</span>
            <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter)" onclick={step(true)}>{ "↑" }</button>
            <button type="button" aria-label="Next match" title="Next match (Enter)" onclick={step(false)}>{ "↓" }</button>
            <button type="button" aria-label="Close find" title="Close (Escape)" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "✕" }</button>
        </div>
    }
}

/// The matches of `query` in `text`, searched again only when either changed.
fn matches_of(found: &Found, text: &Text, query: &str) -> Rc<Vec<(usize, usize)>> {
    let mut found = found.borrow_mut();
    match &*found {
        Some((t, q, all)) if t == text && q == query => all.clone(),
        _ => {
            let all = Rc::new(find::matches(text, query));
            *found = Some((text.clone(), query.to_string(), all.clone()));
            all
        }
    }
}
