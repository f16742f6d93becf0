//! probe-playground: a kubelet-faithful simulator of container probes, restarts
//! and readiness, driven in virtual time. The core (everything but `ui`) is
//! sans-IO: no clock, no timers, no DOM; it builds for the host and for wasm32.
pub mod analysis;
pub mod assumptions;
pub mod behaviour;
pub mod benchmark;
/// The command line; the binary's `main` calls `cli::run_with`.
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod compare;
pub mod diagnostic;
pub mod embed;
pub mod gallery;
pub mod go_duration;
pub mod history;
pub mod json_text;
pub mod link;
pub mod load;
pub mod markup;
pub mod names;
pub mod playground;
pub mod probe_target;
pub mod scenario;
pub mod sim;
pub mod sort;
pub mod spec;
pub mod view;
pub mod yaml;

#[cfg(target_arch = "wasm32")]
pub mod ui;
