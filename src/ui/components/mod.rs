//! One file per widget. Each takes plain props (the shared history by
//! identity, the time) and callbacks, as Yew's todomvc does: a widget never
//! sees the page's `State` (`ui/mod.rs` turns its callbacks into actions).
//! Most draw their markup with the builders of `crate::markup`, which the
//! embed draws too; a widget whose controls are the page's own actions
//! (`markup::Control::action`: playback, the scrubber, the cluster, the
//! timeline) hands them on whole through `on_action`.

pub mod analysis_pane;
pub mod assumptions_list;
pub mod cluster_view;
pub mod compare_pane;
pub mod copy_button;
pub mod describe_pane;
pub mod diagnostics_list;
pub mod editor;
pub mod editor_text;
pub mod events_pane;
pub mod examples_menu;
pub mod find_bar;
pub mod held_text;
pub mod kubernetes_version;
pub mod link_notices;
pub mod live_actions;
pub mod markup_pane;
pub mod playback;
pub mod pods_pane;
pub mod scenario_controls;
pub mod scenario_notice;
pub mod scrubber;
pub mod share_menu;
pub mod shortcuts_help;
pub mod theme_toggle;
pub mod timeline;
pub mod traffic_chart;
pub mod watch_note;
