//! The page's load worker (`ui::load_worker`), a wasm of its own that Trunk
//! builds beside the page's and the page starts only for a big text. It
//! exists only in the browser: natively it says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    probe_playground::ui::load_worker::serve();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("load-worker runs in the browser, started by the playground; the command line is probe-playground");
    std::process::ExitCode::from(2)
}
