//! Files in and out: what the user opens or drops on the page is read as
//! text, or refused with a reason (too big for the loader, not text), never
//! half-loaded; what the page exports is downloaded or put on the clipboard.

use crate::load::MAX_INPUT_BYTES;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::Callback;

/// Reads `file` and sends its name and text to `on_file`, or why not to
/// `on_refused`.
pub fn read(file: web_sys::File, on_file: Callback<(String, String)>, on_refused: Callback<String>) {
    let name = file.name();
    let size = file.size();
    if size > MAX_INPUT_BYTES as f64 {
        let mib = size / 1024.0 / 1024.0;
        on_refused.emit(format!(
            "{name} is {mib:.1} MiB, more than the {} MiB the loader reads: it was not opened.",
            MAX_INPUT_BYTES / 1024 / 1024
        ));
        return;
    }
    spawn_local(async move {
        match JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string()) {
            Some(text) => on_file.emit((name, text)),
            None => on_refused.emit(format!("{name} could not be read as text: it was not opened.")),
        }
    });
}

/// Puts `text` on the clipboard.
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Downloads `text` as a file named `name` of type `mime`.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) = document.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
