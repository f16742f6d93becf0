//! The list of keyboard shortcuts (`?`).

use crate::ui::hooks::SHORTCUTS;
use crate::ui::state::{Action, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    pub open: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ShortcutsHelp)]
pub fn shortcuts_help(props: &ShortcutsHelpProps) -> Html {
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::CloseHelp))
    };
    let toggle = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ToggleHelp))
    };
    html! {
        <>
            <button type="button" class="help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={toggle} aria-expanded={props.open.to_string()}>{ "?" }</button>
            <div class="dialog-backdrop" hidden={!props.open} onclick={close.clone()}></div>
            <div class="dialog" role="dialog" aria-modal="false" aria-label="Keyboard shortcuts" hidden={!props.open}>
                    <h2>{ "Keyboard shortcuts" }</h2>
                    <dl>
                        { for SHORTCUTS.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></> }) }
                    </dl>
                    <button type="button" onclick={close}>{ "Close" }</button>
            </div>
        </>
    }
}
