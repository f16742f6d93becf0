//! The list of keyboard shortcuts (`?`): a modal dialog that keeps the
//! focus until it is closed (Escape, Close, or a click beside it), then
//! gives it back to the button that opened it.

use crate::ui::hooks::SHORTCUTS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    pub open: bool,
    pub on_toggle: Callback<()>,
    pub on_close: Callback<()>,
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
    // The dialog has one control: Tab and Shift+Tab stay on it.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <>
            <button type="button" class="help-button" ref={open_button} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={props.on_toggle.reform(|_: MouseEvent| ())} aria-expanded={props.open.to_string()}>{ "?" }</button>
            <div class="dialog-backdrop" hidden={!props.open} onclick={close.clone()}></div>
            <div class="dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" hidden={!props.open} {onkeydown}>
                <h2>{ "Keyboard shortcuts" }</h2>
                <dl>
                    { for SHORTCUTS.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></> }) }
                </dl>
                <button type="button" ref={close_button} onclick={close}>{ "Close" }</button>
            </div>
        </>
    }
}
