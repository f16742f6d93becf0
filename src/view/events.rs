//! Events as the API server holds them, `kubectl get events`, and the
//! simulator's own event log.
//!
//! The kubelet's recorder does not store every occurrence: client-go's
//! `EventCorrelator` (`tools/record/events_cache.go`, `EventLogger`) folds an
//! event identical in source, involved object, field path (container), type,
//! reason and message into the existing Event object, bumping `count` and
//! `lastTimestamp` and keeping `firstTimestamp` and the name. The API server
//! deletes an Event one `--event-ttl` (default 1h) after its last write.

use super::tabwriter::TabWriter;
use super::timestamp::{api_time, sim_clock, unix_nanos};
use crate::go_duration::human_duration;
use crate::history::{EventRecord, History, Millis, Record};
use std::collections::HashMap;

/// kube-apiserver's default `--event-ttl`.
const EVENT_TTL: Millis = 3_600_000;

/// One Event object: every occurrence of one correlation key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Event<'h> {
    /// The first occurrence, whose fields the object keeps.
    pub record: &'h EventRecord,
    pub first: Millis,
    pub last: Millis,
    pub count: u32,
}

impl Event<'_> {
    /// `metadata.name`: `<involved object name>.<%x of first UnixNano>`, the
    /// key the API server lists events by.
    fn name(&self) -> String {
        let object = self.record.object.split_once('/').map_or(&*self.record.object, |(_, name)| name);
        format!("{object}.{:x}", unix_nanos(self.first))
    }
}

/// The Event objects that exist at `t`, in order of first occurrence.
pub(crate) fn events_at(history: &History, t: Millis) -> Vec<Event<'_>> {
    let mut events: Vec<Event> = vec![];
    let mut index = HashMap::new();
    for record in history.until(t) {
        let Record::Event(e) = record else { continue };
        let key = (&e.source, &e.object, e.pod, e.container, e.event_type.name(), &e.reason, &e.message);
        match index.get(&key) {
            Some(&i) => {
                let event: &mut Event = &mut events[i];
                event.last = e.t;
                event.count += 1;
            }
            None => {
                index.insert(key, events.len());
                events.push(Event { record: e, first: e.t, last: e.t, count: 1 });
            }
        }
    }
    // An expired Event is gone; the kubelet's cache still remembers it, so a
    // later occurrence recreates it with the old name, count and first time.
    events.retain(|e| t - e.last < EVENT_TTL);
    events
}

/// `kubectl get events` at `t` (`printEvent`, not wide): LAST SEEN is the
/// age of the latest occurrence; the count is not shown. Rows come in the
/// API server's order, by event name, which is not time order.
pub fn get_events(history: &History, t: Millis) -> String {
    let mut events = events_at(history, t);
    if events.is_empty() {
        return "No resources found in default namespace.\n".into();
    }
    events.sort_by_cached_key(Event::name);
    let mut w = TabWriter::get();
    w.write("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    for e in &events {
        w.write(&row(&human_duration(t - api_time(e.last)), e.record));
    }
    w.flush()
}

/// The simulation's event log up to `t`: every event record as it happened
/// (no folding, no expiry), like `kubectl get events -w` started with the
/// scenario, with the simulated time (`mm:ss.s`) in place of LAST SEEN. A
/// repeated event is a new line, as the watch prints each update. Each line
/// is flushed on its own, so columns only ever widen and the log up to a
/// later time only appends to this one.
pub fn event_log(history: &History, t: Millis) -> String {
    let mut w = TabWriter::get();
    w.write("TIME\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    let mut out = String::new();
    for record in history.until(t) {
        if let Record::Event(e) = record {
            w.write(&row(&sim_clock(e.t), e));
            out.push_str(&w.flush());
        }
    }
    if out.is_empty() { w.flush() } else { out }
}

fn row(time: &str, e: &EventRecord) -> String {
    format!("{time}\t{}\t{}\t{}\t{}\n", e.event_type.name(), e.reason, e.object, e.message.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::EventType::{Normal, Warning};
    use crate::view::testing::*;

    fn pods() -> History {
        history(vec![pod_info("web-0", 0, vec![container("app")]), pod_info("web-1", 0, vec![container("app")])])
    }

    const UNHEALTHY: &str = "Liveness probe failed: HTTP probe failed with statuscode: 500";

    /// EventCorrelator: identical events fold into one object (count 3,
    /// first and last kept); a different message is another object.
    #[test]
    fn identical_events_are_counted_once() {
        let mut h = pods();
        h.records = vec![
            event(10_000, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
            event(20_000, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
            event(25_000, 0, Some(0), Warning, "Unhealthy", "Readiness probe failed: connection refused"),
            event(30_000, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
        ];
        let events = events_at(&h, 30_000);
        assert_eq!(events.len(), 2);
        assert_eq!((events[0].first, events[0].last, events[0].count), (10_000, 30_000, 3));
        assert_eq!(events_at(&h, 20_000)[0].count, 2);
    }

    /// `--event-ttl`: an Event disappears an hour after its last write, and
    /// comes back with its old count and first time if it recurs.
    #[test]
    fn events_expire_an_hour_after_their_last_write() {
        let mut h = pods();
        h.records = vec![
            event(1_000, 0, None, Normal, "Pulled", "pulled"),
            event(4_000_000, 0, None, Normal, "Pulled", "pulled"),
        ];
        assert_eq!(events_at(&h, 3_600_999).len(), 1);
        assert!(events_at(&h, 3_601_000).is_empty());
        let back = events_at(&h, 4_000_000);
        assert_eq!((back[0].first, back[0].count), (1_000, 2));
    }

    /// An event's times are whole seconds in the API: one last seen at 20.9 s
    /// is 10 s old at 30.1 s.
    #[test]
    fn last_seen_counts_from_whole_seconds() {
        let mut h = pods();
        h.records = vec![event(20_900, 0, Some(0), Warning, "Unhealthy", UNHEALTHY)];
        assert!(get_events(&h, 30_100).contains("\n10s         Warning   Unhealthy"), "{}", get_events(&h, 30_100));
    }

    /// printEvent (not wide): LAST SEEN only, object `kind/name`, the list in
    /// name order (web-1's older event after web-0's newer one).
    #[test]
    fn get_events_table() {
        let mut h = pods();
        h.records = vec![
            event(1_000, 1, None, Normal, "Scheduled", "Successfully assigned default/web-1 to node-1"),
            event(2_000, 0, Some(0), Normal, "Started", "Started container app"),
            event(10_000, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
            event(20_000, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
        ];
        assert_eq!(
            get_events(&h, 50_000),
            "LAST SEEN   TYPE      REASON      OBJECT      MESSAGE\n\
             48s         Normal    Started     pod/web-0   Started container app\n\
             30s         Warning   Unhealthy   pod/web-0   Liveness probe failed: HTTP probe failed with statuscode: 500\n\
             49s         Normal    Scheduled   pod/web-1   Successfully assigned default/web-1 to node-1\n"
        );
    }

    /// The simulate log: one line per record, simulated time first, each
    /// repeat again; a wider cell widens its column from its own line on, so
    /// the log up to an earlier time is a prefix of the later one.
    #[test]
    fn event_log_lines() {
        let mut h = pods();
        h.records = vec![
            event(31_500, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
            event(41_500, 0, Some(0), Warning, "Unhealthy", UNHEALTHY),
            event(3_723_000, 0, Some(0), Normal, "Killing", "Container app failed liveness probe, will be restarted\n"),
        ];
        h.end = 4_000_000;
        let full = event_log(&h, h.end);
        assert_eq!(
            full,
            "TIME      TYPE      REASON      OBJECT      MESSAGE\n\
             00:31.5   Warning   Unhealthy   pod/web-0   Liveness probe failed: HTTP probe failed with statuscode: 500\n\
             00:41.5   Warning   Unhealthy   pod/web-0   Liveness probe failed: HTTP probe failed with statuscode: 500\n\
             1:02:03.0   Normal    Killing     pod/web-0   Container app failed liveness probe, will be restarted\n"
        );
        let before_the_kill = event_log(&h, 3_722_999);
        assert_eq!(before_the_kill.lines().count(), 3);
        assert!(full.starts_with(&before_the_kill));
        assert_eq!(event_log(&h, 31_499), "TIME   TYPE   REASON   OBJECT   MESSAGE\n");
    }
}
