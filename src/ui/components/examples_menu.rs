//! The scenario menu: it shows what is loaded (a lesson, or the user's
//! scenario by name), and opens a gallery lesson or one of the recent
//! scenarios the editors gave up (`playground::recent`).

use crate::gallery;
use crate::link::Content;
use crate::playground::recent;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    /// An unchanged lesson's id, or the name of what the editors hold.
    pub loaded: Result<&'static str, String>,
    pub recent: Rc<Vec<Content>>,
    pub on_lesson: Callback<&'static str>,
    /// The index of a recent scenario.
    pub on_recent: Callback<usize>,
}

#[function_component(ExamplesMenu)]
pub fn examples_menu(props: &ExamplesMenuProps) -> Html {
    // The select shows what is loaded, also after the user picked something
    // (an option's `selected` attribute no longer moves a touched select).
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with((props.loaded.clone(), props.recent.clone()), move |(loaded, _)| {
            if let Some(el) = select.cast::<HtmlSelectElement>() {
                el.set_value(loaded.as_ref().map_or("", |id| id));
            }
        });
    }
    // The chosen option by its place in the list, which this component
    // builds: the "Loaded" line if shown, the lessons, then the recent ones.
    let onchange = {
        let (on_lesson, on_recent) = (props.on_lesson.clone(), props.on_recent.clone());
        let first_lesson = usize::from(props.loaded.is_err());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let Some(at) = usize::try_from(select.selected_index()).ok().and_then(|i| i.checked_sub(first_lesson))
            else {
                return;
            };
            let lessons = gallery::examples();
            match lessons.get(at) {
                Some(example) => on_lesson.emit(example.id),
                None => on_recent.emit(at - lessons.len()),
            }
        })
    };
    let loaded = match &props.loaded {
        Ok(_) => html! {},
        Err(name) => html! { <option value="" selected=true disabled=true>{ format!("Loaded: {name}") }</option> },
    };
    // The whole name, where the menu is too narrow to show it.
    let title = match &props.loaded {
        Ok(_) => "The scenario shown: pick a lesson or one of your recent scenarios".to_string(),
        Err(name) => format!("Loaded: {name}. Pick a lesson or one of your recent scenarios"),
    };
    let lessons = gallery::examples().iter().map(|x| {
        let selected = props.loaded == Ok(x.id);
        html! { <option value={x.id} {selected}>{ x.title }</option> }
    });
    let recent = props.recent.iter().enumerate().map(|(i, c)| {
        html! { <option value={format!("recent:{i}")}>{ recent::name(c) }</option> }
    });
    html! {
        <label class="examples">
            <span class="visually-hidden">{ "Examples" }</span>
            <select ref={select} aria-label="Examples" {title} {onchange}>
                { loaded }
                <optgroup label="Lessons">{ for lessons }</optgroup>
                if !props.recent.is_empty() {
                    <optgroup label="Your recent scenarios">{ for recent }</optgroup>
                }
            </select>
        </label>
    }
}
