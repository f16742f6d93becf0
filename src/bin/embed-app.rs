//! The embed (`ui::embed`), a wasm of its own that Trunk builds beside
//! the page's: index.html loads it instead of the playground's when the
//! address says `embed=1`. It exists only in the browser: natively it says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    probe_playground::ui::embed::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("embed runs in the browser, in a docs page's iframe; the command line is probe-playground");
    std::process::ExitCode::from(2)
}
