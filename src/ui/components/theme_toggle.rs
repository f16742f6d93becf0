//! Switches between the light and dark themes.

use crate::playground::state::Theme;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    pub theme: Theme,
    /// Called with the theme to switch to.
    pub on_theme: Callback<Theme>,
}

#[function_component(ThemeToggle)]
pub fn theme_toggle(props: &ThemeToggleProps) -> Html {
    let next = props.theme.other();
    let onclick = props.on_theme.reform(move |_: MouseEvent| next);
    let label = format!("Switch to the {} theme", next.name());
    html! {
        <button type="button" class="theme-toggle" aria-label={label.clone()} title={label} {onclick}>
            <span aria-hidden="true">{ if props.theme == Theme::Dark { "☀" } else { "☾" } }</span>
        </button>
    }
}
