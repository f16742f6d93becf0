//! The list of keyboard shortcuts (`?`).

use crate::playground::state::{Action, State};
use crate::ui::hooks::SHORTCUTS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    pub open: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ShortcutsHelp)]
pub fn shortcuts_help(props: &ShortcutsHelpProps) -> Html {
    // Opening the list moves the focus into it, closing it back to the button.
    let close_button = use_node_ref();
    let open_button = use_node_ref();
    {
        let (close_button, open_button) = (close_button.clone(), open_button.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(props.open, move |&open| {
            let target = if open { close_button } else { open_button };
            if !std::mem::replace(&mut *first.borrow_mut(), false)
                && let Some(el) = target.cast::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        });
    }
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
            <button type="button" class="help-button" ref={open_button} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={toggle} aria-expanded={props.open.to_string()}>{ "?" }</button>
            <div class="dialog-backdrop" hidden={!props.open} onclick={close.clone()}></div>
            <div class="dialog" role="dialog" aria-modal="false" aria-label="Keyboard shortcuts" hidden={!props.open}>
                    <h2>{ "Keyboard shortcuts" }</h2>
                    <dl>
                        { for SHORTCUTS.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></> }) }
                    </dl>
                    <button type="button" ref={close_button} onclick={close}>{ "Close" }</button>
            </div>
        </>
    }
}
