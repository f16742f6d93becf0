//! Files in and out: what the user opens or drops on the page is read as
//! text, or refused with a reason (too big for the loader, not text), never
//! half-loaded; what the page exports is downloaded or put on the clipboard.

use crate::load::MAX_INPUT_BYTES;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
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

/// Puts `text` on the clipboard, where the page may (a page that is not a
/// secure context, an embed framed by an http page, has no clipboard: the
/// getter would throw through the wasm).
pub fn copy(text: &str) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return };
    if js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined()) {
        let _ = navigator.clipboard().write_text(text);
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

/// Downloads the picture `svg` (an SVG document with its own width and
/// height) as a PNG named `name`: the browser draws it on a canvas at twice
/// its size (less when that would pass 16,000 pixels), then encodes the
/// canvas. Says what went wrong to `on_error`.
pub fn download_png(name: &str, svg: &str, on_error: Callback<String>) {
    let fail = |on_error: &Callback<String>, what: &str| on_error.emit(format!("The PNG could not be made: {what}."));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&svg.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml;charset=utf-8");
    let Ok(url) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
    else {
        return fail(&on_error, "the SVG could not be read");
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else { return };
    let (name, drawn, svg_url) = (name.to_string(), image.clone(), url.clone());
    let on_failed = on_error.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&svg_url);
        let (width, height) = (f64::from(drawn.natural_width()), f64::from(drawn.natural_height()));
        let scale = (16_000.0 / width.max(height)).min(2.0);
        let Ok(canvas) = document.create_element("canvas").map(|c| c.unchecked_into::<web_sys::HtmlCanvasElement>())
        else {
            return;
        };
        canvas.set_width((width * scale).round() as u32);
        canvas.set_height((height * scale).round() as u32);
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(context) = context else { return fail(&on_failed, "no 2D canvas") };
        let _ = context.scale(scale, scale);
        if context.draw_image_with_html_image_element(&drawn, 0.0, 0.0).is_err() {
            return fail(&on_failed, "the browser could not draw the SVG");
        }
        let on_unencoded = on_failed.clone();
        let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            let Some(blob) = blob else { return fail(&on_unencoded, "the canvas could not be encoded") };
            let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
            if let Ok(anchor) = document.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
                anchor.set_href(&url);
                anchor.set_download(&name);
                anchor.click();
            }
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        if canvas.to_blob_with_type(on_blob.unchecked_ref(), "image/png").is_err() {
            fail(&on_failed, "the canvas could not be encoded");
        }
    });
    let onerror = Closure::once_into_js(move || fail(&on_error, "the browser could not read the SVG"));
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_onerror(Some(onerror.unchecked_ref()));
    image.set_src(&url);
}
