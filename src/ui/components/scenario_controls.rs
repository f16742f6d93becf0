//! Starting from the user's own manifest: "New scenario" (empty editors and
//! the behaviour template) and "Open file…" (a manifest or a whole scenario
//! from disk; dropping a file on the page does the same).

use crate::ui::files;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub on_new: Callback<()>,
    /// A file's name and text.
    pub on_file: Callback<(String, String)>,
    /// Why a file was not opened.
    pub on_refused: Callback<String>,
}

#[function_component(ScenarioControls)]
pub fn scenario_controls(props: &ScenarioControlsProps) -> Html {
    let on_new = props.on_new.reform(|_: MouseEvent| ());
    let onchange = {
        let (on_file, on_refused) = (props.on_file.clone(), props.on_refused.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                files::read(file, on_file.clone(), on_refused.clone());
            }
            // Picking the same file again opens it again.
            input.set_value("");
        })
    };
    html! {
        <div class="scenario-controls" role="group" aria-label="Scenario">
            <button type="button" onclick={on_new} title="Start from an empty manifest (the scenario shown is kept under Recent)">{ "New scenario" }</button>
            <label class="file-button" title="Open a manifest or a scenario (.yaml, .json); or drop a file on the page">
                { "Open file…" }
                <input type="file" class="visually-hidden" accept=".yaml,.yml,.json,.txt,text/yaml,application/json" {onchange} />
            </label>
        </div>
    }
}
