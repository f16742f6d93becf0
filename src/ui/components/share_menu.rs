//! The Share menu: the link to what is on screen (copy it, or copy it as a
//! Markdown link), the scenario as a `.yaml` file, and the snippet that
//! embeds it in a docs page, with the embed's panes, start time and theme
//! picked here and shown in a live preview. The link's length is shown, with
//! a warning where chat tools may cut it.

use crate::link::presentation::{Pane, Presentation, ThemeSetting, format_time, parse_time};
use crate::link::{self, snippet};
use crate::ui::{files, page};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareMenuProps {
    /// The title the user gave, and the one shown (theirs, else the lesson's).
    pub title: Option<String>,
    pub display_title: Option<String>,
    /// The scenario as a link's fragment and as one YAML stream, made only
    /// while the menu is open (a link compresses the whole text).
    pub fragment: Callback<(), String>,
    pub text: Callback<(), String>,
    pub on_title: Callback<String>,
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

/// The links and the snippet of what is on screen, made when the menu opens.
struct Links {
    title: String,
    url: String,
    embed_url: String,
    snippet: String,
}

impl Links {
    fn of(props: &ShareMenuProps, embed: &Presentation) -> Links {
        let title = props.display_title.clone().unwrap_or_else(|| "probe-playground scenario".to_string());
        let fragment = props.fragment.emit(());
        let base = page::base();
        let url = link::url(&base, "", &fragment);
        let mut shown = embed.clone();
        shown.title = Some(title.clone());
        let embed_url = link::url(&base, &shown.embed_query(), &fragment);
        let script =
            link::url(&base.rsplit_once('/').map_or(base.clone(), |(dir, _)| format!("{dir}/embed.js")), "", "");
        let snippet = snippet::embed_html(&title, EMBED_HEIGHT, &embed_url, &url, &script);
        Links { title, url, embed_url, snippet }
    }
}

/// A button's callback that copies `text` and says so in the status line.
fn copier(status: &UseStateHandle<String>, what: &'static str, text: String) -> Callback<MouseEvent> {
    let status = status.clone();
    Callback::from(move |_: MouseEvent| {
        files::copy(&text);
        status.set(format!("{what} copied."));
    })
}

/// The title, the link with its length, and the ways to take it away.
fn link_section(props: &ShareMenuProps, links: &Links, status: &UseStateHandle<String>) -> Html {
    let on_title = props.on_title.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_download = {
        let (name, text, status) = (snippet::file_name(&links.title), props.text.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            files::download(&name, "application/yaml", &text.emit(()));
            status.set(format!("{name} downloaded."));
        })
    };
    let length = links.url.chars().count();
    html! {
        <>
            <label class="field">{ "Title" }<input type="text" aria-label="Title" value={props.title.clone().unwrap_or_default()} placeholder={links.title.clone()} oninput={on_title} /></label>
            <label class="field">{ "Link" }<input type="text" aria-label="Link" readonly=true value={links.url.clone()} /></label>
            <p class={classes!("link-length", (length > link::CHAT_LIMIT).then_some("too-long"))} aria-label="Link length">
                { format!("{length} characters") }
                if length > link::CHAT_LIMIT {
                    { format!(": longer than {} characters, too long for some chat tools (Discord cuts messages there). Browsers, Markdown and email take it; the .yaml file always works.", link::CHAT_LIMIT) }
                }
            </p>
            <div class="share-actions">
                <button type="button" onclick={copier(status, "Link", links.url.clone())}>{ "Copy link" }</button>
                <button type="button" onclick={copier(status, "Markdown link", snippet::markdown(&links.title, &links.url))}>{ "Copy as Markdown" }</button>
                <button type="button" onclick={on_download}>{ "Download .yaml" }</button>
            </div>
        </>
    }
}

/// The embed's panes, start time, theme and editability.
fn embed_options(embed: &UseStateHandle<Presentation>) -> Html {
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
    let set = |change: fn(&mut Presentation, String)| {
        let embed = embed.clone();
        Callback::from(move |value: String| {
            let mut p = (*embed).clone();
            change(&mut p, value);
            embed.set(p);
        })
    };
    let on_start = set(|p, value| p.start = parse_time(&value).unwrap_or(p.start))
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_theme = set(|p, value| p.theme = ThemeSetting::from_name(&value).unwrap_or_default())
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let on_editable = set(|p, _| p.read_only = !p.read_only).reform(|_: Event| String::new());
    let themes = [ThemeSetting::Auto, ThemeSetting::Light, ThemeSetting::Dark];
    html! {
        <>
            <fieldset class="panes">
                <legend>{ "Panes" }</legend>
                { for Pane::ALL.into_iter().map(pane_box) }
            </fieldset>
            <div class="embed-options">
                <label class="field">{ "Start at" }<input type="text" aria-label="Start at" size="7" value={format_time(embed.start)} onchange={on_start} /></label>
                <label class="field">{ "Theme" }
                    <select aria-label="Embed theme" onchange={on_theme}>
                        { for themes.into_iter().map(|t| html! { <option value={t.name()} selected={t == embed.theme}>{ t.name() }</option> }) }
                    </select>
                </label>
                <label class="check"><input type="checkbox" checked={!embed.read_only} onchange={on_editable} />{ "Editable" }</label>
            </div>
        </>
    }
}

#[function_component(ShareMenu)]
pub fn share_menu(props: &ShareMenuProps) -> Html {
    let open = use_state(|| false);
    let status = use_state(String::new);
    let embed = use_state(|| Presentation::parse("embed=1"));
    let toggle = {
        let (open, status) = (open.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(String::new());
            open.set(!*open);
        })
    };
    let button = html! {
        <button type="button" class="share-button" aria-haspopup="dialog" aria-expanded={open.to_string()} onclick={toggle}>{ "Share" }</button>
    };
    if !*open {
        return html! { <div class="share">{ button }</div> };
    }
    let links = Links::of(props, &embed);
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
                { link_section(props, &links, &status) }
                <h3>{ "Embed in a docs page" }</h3>
                { embed_options(&embed) }
                <label class="field">{ "Embed snippet" }<textarea aria-label="Embed snippet" readonly=true rows="6" value={links.snippet.clone()} /></label>
                <div class="share-actions">
                    <button type="button" onclick={copier(&status, "Embed snippet", links.snippet.clone())}>{ "Copy embed snippet" }</button>
                    <button type="button" onclick={close}>{ "Close" }</button>
                </div>
                <p class="share-status" role="status">{ (*status).clone() }</p>
                <iframe class="embed-preview" title="Embed preview" src={links.embed_url.clone()} height={EMBED_HEIGHT.to_string()} loading="lazy"></iframe>
            </div>
        </div>
    }
}
