//! The playground in the browser (wasm32), or the command line everywhere
//! else: `check`, `simulate` and `link`, thin shells around the same core.

#[cfg(target_arch = "wasm32")]
fn main() {
    probe_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args = std::env::args_os().skip(1);
    let status = probe_playground::cli::run_with(args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    // The statuses are 0, 1 and 2.
    std::process::ExitCode::from(u8::try_from(status).unwrap_or(1))
}
