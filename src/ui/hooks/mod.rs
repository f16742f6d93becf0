//! Side effects, kept out of the reducer: the playback clock, the debounced
//! re-simulation, localStorage, the colour theme, keyboard shortcuts and
//! log panes that follow their newest line.

mod use_follow_newest;
mod use_keyboard_shortcuts;
mod use_local_storage;
mod use_playback_clock;
mod use_simulation;
mod use_theme;

pub use use_follow_newest::use_follow_newest;
pub use use_keyboard_shortcuts::{SHORTCUTS, use_keyboard_shortcuts};
pub use use_local_storage::{SCENARIO_KEY, THEME_KEY, stored, use_persisted_scenario};
pub use use_playback_clock::use_playback_clock;
pub use use_simulation::{EDIT_DEBOUNCE_MS, now_ms, use_simulation};
pub use use_theme::{initial_theme, use_theme};
