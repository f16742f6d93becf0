//! One of the scenario's texts in an embed: coloured, numbered and marked
//! where the loader found a problem, as in the playground's editor, but a
//! plain textarea under it: selectable and copyable, read-only unless the
//! link says `readonly=0`, and then edited as any text field. Without the
//! playground editor's windows, find, undo and keys, the embed's wasm is
//! about 19 KB smaller (gzip); an embed's text is a link's, at most 256 KiB.

use super::editor_text::{self, Code, Gutter, use_lines_in_view, use_owned_by_line};
use crate::diagnostic::Severity;
use crate::playground::text::Text;
use crate::scenario::text::{Doc, Placed};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextPaneProps {
    pub doc: Doc,
    pub value: Text,
    /// The loader's diagnostics, placed.
    pub diagnostics: Rc<Vec<Placed>>,
    pub read_only: bool,
    /// The whole text after the user changed it.
    pub on_edit: Callback<Text>,
}

#[function_component(TextPane)]
pub fn text_pane(props: &TextPaneProps) -> Html {
    let (textarea, scroll) = (use_node_ref(), use_node_ref());
    let owned = use_owned_by_line(&props.diagnostics, props.doc);
    let (window, onscroll) = use_lines_in_view(&scroll);
    {
        // Set here, not by Yew, which would read the value back on each draw.
        let textarea = textarea.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(ta) = textarea.cast::<HtmlTextAreaElement>()
                && ta.value() != value.as_str()
            {
                ta.set_value(value);
            }
        });
    }
    let oninput =
        props.on_edit.reform(|e: InputEvent| Text::from(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let errors = editor_text::count(&owned, Severity::Error);
    let id = editor_text::element_id(props.doc);
    html! {
        <section class="editor-pane" data-doc={id}>
            { editor_text::heading(id, props.doc, (errors, editor_text::count(&owned, Severity::Warning), 0), Html::default()) }
            <div class="editor-scroll" ref={scroll} {onscroll}>
                <div class="editor-inner">
                    <Gutter lines={props.value.lines().count()} window={*window} placed={owned.clone()} />
                    <div class="code">
                        <Code value={props.value.clone()} window={*window} placed={owned} />
                        <textarea id={id} ref={textarea} aria-label={props.doc.label()} aria-invalid={(errors > 0).to_string()}
                            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" readonly={props.read_only} {oninput} />
                    </div>
                </div>
            </div>
        </section>
    }
}
