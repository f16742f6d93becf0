//! What the page says about the link it opened: why a bad link did not open
//! (an alert; the default scenario is shown and the address is left as it
//! was, so it can be copied into a report), and that the user's own draft is
//! kept while a link's scenario is shown, with the way back to it.

use crate::link::LinkError;
use crate::playground::state::{Action, DraftNotice, Opening, State};
use crate::ui::hooks::{PREVIOUS_DRAFT_KEY, SCENARIO_KEY, store, stored};
use crate::ui::page;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkNoticesProps {
    pub error: Option<LinkError>,
    pub draft: Option<DraftNotice>,
    /// The editors' text, kept as the other draft when switching back.
    pub text: String,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(LinkNotices)]
pub fn link_notices(props: &LinkNoticesProps) -> Html {
    let send = |action: fn() -> Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action()))
    };
    let error = props.error.as_ref().map(|e| {
        html! {
            <div class="notice link-error" role="alert">
                <p><strong>{ "The link did not open. " }</strong>{ e.to_string() }{ " The default scenario is shown instead." }</p>
                <button type="button" class="link-button" aria-label="Dismiss the link error" onclick={send(|| Action::DismissLinkError)}>{ "×" }</button>
            </div>
        }
    });
    // Opens the stored draft as a new history entry (Back returns to the link).
    let back_to_draft = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(draft) = stored(SCENARIO_KEY) {
                page::push("");
                dispatch.dispatch(Action::Open(Box::new(Opening::draft(&draft))));
            }
        })
    };
    // Swaps the draft and the one it replaced: neither is ever lost.
    let swap_drafts = {
        let (dispatch, text) = (props.dispatch.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(earlier) = stored(PREVIOUS_DRAFT_KEY) {
                store(PREVIOUS_DRAFT_KEY, &text);
                store(SCENARIO_KEY, &earlier);
                page::push("");
                dispatch.dispatch(Action::Open(Box::new(Opening::draft(&earlier))));
                dispatch.dispatch(Action::DraftStashed);
            }
        })
    };
    let draft = props.draft.map(|notice| {
        let (text, button, onclick) = match notice {
            DraftNotice::Kept => ("This is a shared scenario. Your own draft is kept, unchanged.", "Back to my draft", back_to_draft),
            DraftNotice::Replaced => (
                "What you see is now your draft. The draft you had before is kept.",
                "Open the earlier draft",
                swap_drafts,
            ),
        };
        html! {
            <div class="notice draft-notice" role="status">
                <p>{ text }</p>
                <button type="button" {onclick}>{ button }</button>
                <button type="button" class="link-button" aria-label="Dismiss the note about the draft" onclick={send(|| Action::DismissDraftNotice)}>{ "×" }</button>
            </div>
        }
    });
    html! { <>{ for error }{ for draft }</> }
}
