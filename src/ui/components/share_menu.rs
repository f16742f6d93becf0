//! The Share menu: the link to what is on screen (copy it, or copy it as a
//! Markdown link), the scenario as a `.yaml` file, and the snippet that
//! embeds it in a docs page, with the embed's panes, start time and theme
//! picked here and shown in a live preview. The link's length is shown, with
//! a warning where chat tools may cut it.

use crate::link::presentation::{Pane, Presentation, ThemeSetting, format_time, parse_time};
use crate::link::{self, snippet};
use crate::playground::state::{Action, State};
use crate::ui::{files, page};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareMenuProps {
    pub state: UseReducerHandle<State>,
}

/// What an accessible name and the checkbox list call each pane.
pub fn pane_label(pane: Pane) -> &'static str {
    match pane {
        Pane::Kubernetes => "Kubernetes YAML",
        Pane::Behaviour => "App behaviour",
        Pane::Cluster => "Cluster",
        Pane::Timeline => "Timeline",
        Pane::Pods => "kubectl get pods",
        Pane::Events => "kubectl get events",
        Pane::Describe => "kubectl describe pod",
        Pane::Traffic => "Traffic",
        Pane::Log => "App log",
    }
}

/// The embed's height in the snippet, in CSS pixels.
const EMBED_HEIGHT: u32 = 480;

#[function_component(ShareMenu)]
pub fn share_menu(props: &ShareMenuProps) -> Html {
    let open = use_state(|| false);
    let status = use_state(String::new);
    let embed = use_state(|| Presentation::parse("embed=1"));
    let state = &props.state;
    let toggle = {
        let (open, status) = (open.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(String::new());
            open.set(!*open);
        })
    };
    let button = html! {
        <button type="button" class="share-button" aria-haspopup="dialog" aria-expanded={open.to_string()} onclick={toggle.clone()}>{ "Share" }</button>
    };
    if !*open {
        return html! { <div class="share">{ button }</div> };
    }

    let title = state.display_title().unwrap_or_else(|| "probe-playground scenario".to_string());
    let fragment = state.fragment();
    let base = page::base();
    let url = link::url(&base, "", &fragment);
    let mut shown = (*embed).clone();
    shown.title = Some(title.clone());
    let embed_url = link::url(&base, &shown.embed_query(), &fragment);
    let script = link::url(&base.rsplit_once('/').map_or(base.clone(), |(dir, _)| format!("{dir}/embed.js")), "", "");
    let html_snippet = snippet::embed_html(&title, EMBED_HEIGHT, &embed_url, &url, &script);
    let length = url.chars().count();

    let copier = |what: &'static str, text: String| {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            files::copy(&text);
            status.set(format!("{what} copied."));
        })
    };
    let on_title = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetTitle(input.value()));
        })
    };
    let on_download = {
        let (name, text, status) = (snippet::file_name(&title), state.text(), status.clone());
        Callback::from(move |_: MouseEvent| {
            files::download(&name, "application/yaml", &text);
            status.set(format!("{name} downloaded."));
        })
    };
    let pane_box = |pane: Pane| {
        let embed = embed.clone();
        let checked = embed.panes.contains(&pane);
        let onchange = Callback::from(move |_: Event| {
            let mut p = (*embed).clone();
            if checked {
                p.panes.retain(|x| *x != pane);
            } else {
                // Kept in the page's order, whatever the order of the clicks.
                p.panes = Pane::ALL.into_iter().filter(|x| *x == pane || p.panes.contains(x)).collect();
            }
            embed.set(p);
        });
        html! {
            <label class="check"><input type="checkbox" {checked} {onchange} />{ pane_label(pane) }</label>
        }
    };
    let on_start = {
        let embed = embed.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(t) = parse_time(&input.value()) {
                embed.set(Presentation { start: t, ..(*embed).clone() });
            }
        })
    };
    let on_theme = {
        let embed = embed.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let theme = ThemeSetting::from_name(&select.value()).unwrap_or_default();
            embed.set(Presentation { theme, ..(*embed).clone() });
        })
    };
    let on_editable = {
        let embed = embed.clone();
        Callback::from(move |_: Event| embed.set(Presentation { read_only: !embed.read_only, ..(*embed).clone() }))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };

    html! {
        <div class="share">
            { button }
            <div class="dialog share-dialog" role="dialog" aria-modal="false" aria-label="Share" onkeydown={on_key}>
                <h2>{ "Share this scenario" }</h2>
                <label class="field">{ "Title" }<input type="text" aria-label="Title" value={state.title.clone().unwrap_or_default()} placeholder={title.clone()} oninput={on_title} /></label>
                <label class="field">{ "Link" }<input type="text" aria-label="Link" readonly=true value={url.clone()} /></label>
                <p class={classes!("link-length", (length > link::CHAT_LIMIT).then_some("too-long"))} aria-label="Link length">
                    { format!("{length} characters") }
                    if length > link::CHAT_LIMIT {
                        { format!(": longer than {} characters, too long for some chat tools (Discord cuts messages there). Browsers, Markdown and email take it; the .yaml file always works.", link::CHAT_LIMIT) }
                    }
                </p>
                <div class="share-actions">
                    <button type="button" onclick={copier("Link", url.clone())}>{ "Copy link" }</button>
                    <button type="button" onclick={copier("Markdown link", snippet::markdown(&title, &url))}>{ "Copy as Markdown" }</button>
                    <button type="button" onclick={on_download}>{ "Download .yaml" }</button>
                </div>
                <h3>{ "Embed in a docs page" }</h3>
                <fieldset class="panes">
                    <legend>{ "Panes" }</legend>
                    { for Pane::ALL.into_iter().map(pane_box) }
                </fieldset>
                <div class="embed-options">
                    <label class="field">{ "Start at" }<input type="text" aria-label="Start at" size="7" value={format_time(embed.start)} onchange={on_start} /></label>
                    <label class="field">{ "Theme" }
                        <select aria-label="Embed theme" onchange={on_theme}>
                            { for [ThemeSetting::Auto, ThemeSetting::Light, ThemeSetting::Dark].into_iter().map(|t| html! { <option value={t.name()} selected={t == embed.theme}>{ t.name() }</option> }) }
                        </select>
                    </label>
                    <label class="check"><input type="checkbox" checked={!embed.read_only} onchange={on_editable} />{ "Editable" }</label>
                </div>
                <label class="field">{ "Embed snippet" }<textarea aria-label="Embed snippet" readonly=true rows="6" value={html_snippet.clone()} /></label>
                <div class="share-actions">
                    <button type="button" onclick={copier("Embed snippet", html_snippet)}>{ "Copy embed snippet" }</button>
                    <button type="button" onclick={close}>{ "Close" }</button>
                </div>
                <p class="share-status" role="status">{ (*status).clone() }</p>
                <iframe class="embed-preview" title="Embed preview" src={embed_url} height={EMBED_HEIGHT.to_string()} loading="lazy"></iframe>
            </div>
        </div>
    }
}
