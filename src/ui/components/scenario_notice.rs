//! What the page says about the scenario itself: that a paste started a new
//! scenario and what it set aside (one click brings it back), and why what
//! the user asked for did not happen (a file too big to open).

use crate::gallery;
use crate::playground::state::Aside;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioNoticeProps {
    pub aside: Option<Rc<Aside>>,
    pub alert: Option<String>,
    pub on_undo: Callback<()>,
    pub on_dismiss_aside: Callback<()>,
    pub on_dismiss_alert: Callback<()>,
}

#[function_component(ScenarioNotice)]
pub fn scenario_notice(props: &ScenarioNoticeProps) -> Html {
    let alert = props.alert.as_ref().map(|why| {
        html! {
            <div class="notice link-error" role="alert">
                <p>{ why.clone() }</p>
                <button type="button" class="link-button" aria-label="Dismiss" onclick={props.on_dismiss_alert.reform(|_| ())}>{ "×" }</button>
            </div>
        }
    });
    let aside = props.aside.as_ref().map(|aside| {
        let what = match aside.lesson.as_deref().and_then(gallery::by_id) {
            Some(lesson) => format!("the App behaviour and the note of “{}” were set aside", lesson.title),
            None => "the App behaviour you had was set aside".to_string(),
        };
        html! {
            <div class="notice new-scenario" role="status">
                <p>
                    <strong>{ "New scenario: " }</strong>
                    { format!("you replaced the manifest, so {what}. The App behaviour editor now has a template naming your containers.") }
                </p>
                <button type="button" onclick={props.on_undo.reform(|_| ())}>{ "Bring the behaviour back" }</button>
                <button type="button" class="link-button" aria-label="Dismiss the note about the new scenario" onclick={props.on_dismiss_aside.reform(|_| ())}>{ "×" }</button>
            </div>
        }
    });
    html! { <>{ for alert }{ for aside }</> }
}
