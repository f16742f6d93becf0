//! probe-playground: a kubelet-faithful simulator of container probes, restarts
//! and readiness, driven in virtual time. The core (everything but `ui`) is
//! sans-IO: no clock, no timers, no DOM; it builds for the host and for wasm32.
pub mod diagnostic;
pub mod history;
pub mod spec;
pub mod yaml;
pub mod view;
