//! The playground's logic, without the browser: the one state and its
//! reducer, the scenario text split between the two editors, the behaviour
//! template a new scenario starts with, the recent scenarios kept in storage,
//! and YAML colouring. Native code, so `cargo test` covers it; `ui` (wasm32
//! only) draws it and runs its side effects.

pub mod edit;
pub mod edit_window;
pub mod find;
pub mod highlight;
pub mod live;
pub mod recent;
pub mod state;
pub mod template;
pub mod text;
pub mod undo;
