//! When a view drawn from the history at `t` is recomputed. Views are memos
//! keyed on what they show: they follow the records they show, not every
//! frame of playback.

use crate::history::{History, Millis, Record};

/// The index of the last record at or before `t` that `shows` picks: it
/// changes exactly when the history passes a record the view shows.
pub fn last_shown(history: &History, t: Millis, shows: impl Fn(&Record) -> bool) -> Option<usize> {
    history.until(t).iter().rposition(shows)
}

/// The pods created at or before `t` (a new pod has no record yet).
pub fn pods_created(history: &History, t: Millis) -> usize {
    history.pods.iter().filter(|p| p.created_ms <= t).count()
}

/// A memo key for a pane that is costly to draw (a log, `describe`): while
/// playing it changes every `refresh_ms` of simulated time; paused, at every
/// record the pane shows (`last_shown`).
pub fn refresh_key(
    history: &History,
    t: Millis,
    playing: bool,
    refresh_ms: Millis,
    shows: impl Fn(&Record) -> bool,
) -> (Option<usize>, Millis) {
    if playing { (None, t / refresh_ms.max(1)) } else { (last_shown(history, t, shows), 0) }
}
