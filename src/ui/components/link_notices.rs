//! What the page says about the link it opened: why a bad link did not open
//! (an alert; the default scenario is shown and the address is left as it
//! was, so it can be copied into a report), and that the user's own draft is
//! kept while a link's scenario is shown, with the way back to it.

use crate::link::LinkError;
use crate::markup::{self, Control};
use crate::playground::state::DraftNotice;
use crate::ui::markup_html::with_controls;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkNoticesProps {
    pub error: Option<LinkError>,
    pub draft: Option<DraftNotice>,
    pub on_dismiss_error: Callback<()>,
    pub on_dismiss_draft: Callback<()>,
    /// Opens the stored draft (shown while a link's scenario is).
    #[prop_or_default]
    pub on_draft: Callback<()>,
    /// Opens the draft the shown one replaced, keeping the text shown in its
    /// place.
    #[prop_or_default]
    pub on_earlier_draft: Callback<()>,
}

#[function_component(LinkNotices)]
pub fn link_notices(props: &LinkNoticesProps) -> Html {
    let dismiss = {
        let on_dismiss = props.on_dismiss_error.clone();
        Callback::from(move |(control, _): (Control, Option<String>)| {
            if control == Control::DismissLinkError {
                on_dismiss.emit(());
            }
        })
    };
    let error = props.error.as_ref().map(|e| with_controls(&markup::embed::link_error(e).into(), &dismiss));
    let draft = props.draft.map(|notice| {
        let (text, button, onclick) = match notice {
            DraftNotice::Kept => (
                "This is a shared scenario. Your own draft is kept, unchanged.",
                "Back to my draft",
                props.on_draft.reform(|_: MouseEvent| ()),
            ),
            DraftNotice::Replaced => (
                "What you see is now your draft. The draft you had before is kept.",
                "Open the earlier draft",
                props.on_earlier_draft.reform(|_: MouseEvent| ()),
            ),
        };
        html! {
            <div class="notice draft-notice" role="status">
                <p>{ text }</p>
                <button type="button" {onclick}>{ button }</button>
                <button type="button" class="link-button" aria-label="Dismiss the note about the draft" onclick={props.on_dismiss_draft.reform(|_| ())}>{ "×" }</button>
            </div>
        }
    });
    html! { <>{ for error }{ for draft }</> }
}
