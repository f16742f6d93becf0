//! When a view drawn from the history at `t` is recomputed. Views are memos
//! keyed on what they show: they follow the records they show, not every
//! frame of playback.

use crate::history::{History, Millis, PodId, Record};
use crate::markup::kubectl;

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
) -> Refresh {
    if playing { (None, t / refresh_ms.max(1)) } else { (last_shown(history, t, shows), 0) }
}

/// A `refresh_key`.
pub type Refresh = (Option<usize>, Millis);

/// The keys of the views the playground and the embed both draw, one
/// function each, so that the two recompute a view at the same moments.
///
/// The world at `t` (`ClusterState::at`): it changes with a record or a
/// new pod (which has no record yet), not at every frame of playback.
pub fn cluster_key(history: &History, t: Millis) -> (usize, usize) {
    (history.until(t).len(), pods_created(history, t))
}

/// `kubectl get pods -w`: a pod's or a container's status, or a new pod.
pub fn pods_watch_key(history: &History, t: Millis) -> (Option<usize>, usize) {
    let seen = last_shown(history, t, |r| matches!(r, Record::Pod(_) | Record::Container(_)));
    (seen, pods_created(history, t))
}

/// `kubectl get events -w`: its event records.
pub fn events_key(history: &History, t: Millis, playing: bool, refresh_ms: Millis) -> Refresh {
    refresh_key(history, t, playing, refresh_ms, |r| matches!(r, Record::Event(_)))
}

/// `kubectl describe pod` of `pod`: its records (`kubectl::describes`);
/// paused, also every second, for the ages it prints.
pub fn describe_key(
    history: &History,
    t: Millis,
    playing: bool,
    refresh_ms: Millis,
    pod: Option<PodId>,
) -> (Refresh, Millis) {
    let second = if playing { 0 } else { t / 1000 };
    (refresh_key(history, t, playing, refresh_ms, |r| kubectl::describes(r, pod)), second)
}

/// The app log of `pod`: its probe results.
pub fn app_log_key(history: &History, t: Millis, playing: bool, refresh_ms: Millis, pod: PodId) -> Refresh {
    refresh_key(history, t, playing, refresh_ms, |r| matches!(r, Record::Probe(p) if p.pod == pod))
}
