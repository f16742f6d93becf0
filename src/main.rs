//! The playground in the browser (wasm32), or the command line everywhere
//! else: `check` and `simulate`, thin shells around the same core.

#[cfg(target_arch = "wasm32")]
fn main() {
    probe_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::run(&args));
}
