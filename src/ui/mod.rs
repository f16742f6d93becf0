//! The browser playground (wasm32 only).
pub fn start() {}
