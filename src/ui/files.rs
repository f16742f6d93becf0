//! Files the user opens or drops on the page: read as text, or refused with
//! a reason (too big for the loader, not text), never half-loaded.

use crate::load::MAX_INPUT_BYTES;
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
