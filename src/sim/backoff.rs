//! CrashLoopBackOff: client-go's `flowcontrol.Backoff` as the kubelet builds
//! it (`NewBackOff(initial, max)`, 10 s and 300 s unless the cluster's curve
//! says otherwise, with `HasExpiredFunc = eventTime - lastUpdate > 600s`),
//! read in KRM `doBackOff` (kubelet-semantics §7.1, §7.2).

use super::timings::BACKOFF_RESET_AFTER;
use crate::cluster::BackOffCurve;
use crate::history::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    backoff: Millis,
    last_update: Millis,
}

/// The back-off of one container of one pod (the key is pod + container +
/// spec hash; a pod's container spec never changes here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackOff {
    entry: Option<Entry>,
}

impl BackOff {
    fn live_entry(&self, event_time: Millis) -> Option<Entry> {
        self.entry.filter(|e| event_time - e.last_update <= BACKOFF_RESET_AFTER)
    }

    /// `IsInBackOffSince`: whether a container that finished at `event_time`
    /// must still wait at `now`.
    pub fn is_in_backoff_since(&self, event_time: Millis, now: Millis) -> bool {
        self.live_entry(event_time).is_some_and(|e| now - event_time < e.backoff)
    }

    /// `Next`: a missing or expired entry starts at the initial delay,
    /// otherwise doubles up to the cap.
    pub fn next(&mut self, event_time: Millis, now: Millis, curve: BackOffCurve) {
        let backoff = match self.live_entry(event_time) {
            Some(e) => (e.backoff * 2).min(curve.max),
            None => curve.initial,
        };
        self.entry = Some(Entry { backoff, last_update: now });
    }

    /// The current delay, for the `back-off 20s restarting ...` message.
    pub fn current(&self) -> Millis {
        self.entry.map_or(0, |e| e.backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::timings::{INITIAL_BACKOFF, MAX_BACKOFF};

    const DEFAULT: BackOffCurve = BackOffCurve { initial: INITIAL_BACKOFF, max: MAX_BACKOFF };

    /// §7.2: "0s, 0s, 10s, 30s, 70s, 150s, 310s" cumulative for a container
    /// that crashes at once every time: the first restart is immediate, then
    /// 10 s doubling, capped at 300 s.
    #[test]
    fn delays_double_from_10s_to_the_5_minute_cap() {
        let mut b = BackOff::default();
        let mut now = 0;
        let mut delays = vec![];
        for _ in 0..9 {
            // The container crashed at `now`; how long until it may start?
            let finished = now;
            let mut wait = 0;
            while b.is_in_backoff_since(finished, finished + wait) {
                wait += 1_000;
            }
            delays.push(wait / 1000);
            now = finished + wait;
            b.next(finished, now, DEFAULT);
        }
        assert_eq!(delays, vec![0, 10, 20, 40, 80, 160, 300, 300, 300]);
    }

    /// §7.2 reset: an instance that ran more than 10 minutes is treated like
    /// the first crash.
    #[test]
    fn ten_minutes_of_running_forgets_the_back_off() {
        let mut b = BackOff::default();
        b.next(0, 0, DEFAULT);
        b.next(5_000, 5_000, DEFAULT);
        assert_eq!(b.current(), 20_000);
        let finished = 5_000 + 600_001;
        assert!(!b.is_in_backoff_since(finished, finished));
        b.next(finished, finished, DEFAULT);
        assert_eq!(b.current(), INITIAL_BACKOFF);
    }
}
