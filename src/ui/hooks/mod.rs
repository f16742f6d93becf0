//! Side effects, kept out of the reducer: the playback clock, the
//! re-simulation and the analysis after it, localStorage, the colour theme,
//! keyboard shortcuts, log panes that follow their newest line, and the
//! address that follows the scenario. The embed has no hooks: `ui::embed`
//! calls the few plain functions it shares with them (`now_ms`,
//! `wait_after`, `system_theme`).

mod use_analysis;
mod use_follow_newest;
mod use_keyboard_shortcuts;
mod use_link_address;
mod use_local_storage;
mod use_playback_clock;
mod use_simulation;
mod use_stable_callback;
mod use_theme;

pub use use_analysis::{UseAnalysis, use_analysis};
pub use use_follow_newest::use_follow_newest;
pub use use_keyboard_shortcuts::{SHORTCUTS, use_keyboard_shortcuts};
pub use use_link_address::{ADDRESS_DEBOUNCE_MS, use_link_address};
pub use use_local_storage::{
    PREVIOUS_DRAFT_KEY, SCENARIO_KEY, TAB_INDENTS_KEY, THEME_KEY, store, stored, stored_recent, use_persisted_scenario,
};
pub use use_playback_clock::use_playback_clock;
pub use use_simulation::{now_ms, use_simulation, wait_after};
pub use use_stable_callback::use_stable_callback;
pub use use_theme::{DARK_QUERY, initial_theme, system_theme, use_theme};
