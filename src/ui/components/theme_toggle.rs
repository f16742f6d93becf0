//! Switches between the light and dark themes.

use crate::playground::state::{Action, State, Theme};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    pub theme: Theme,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ThemeToggle)]
pub fn theme_toggle(props: &ThemeToggleProps) -> Html {
    let next = props.theme.other();
    let onclick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetTheme(next)))
    };
    let label = format!("Switch to the {} theme", next.name());
    html! {
        <button type="button" class="theme-toggle" aria-label={label.clone()} title={label} {onclick}>
            <span aria-hidden="true">{ if props.theme == Theme::Dark { "☀" } else { "☾" } }</span>
        </button>
    }
}
