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
use std::collections::{HashMap, HashSet};

/// kube-apiserver's default `--event-ttl`.
const EVENT_TTL: Millis = 3_600_000;

/// client-go's `EventAggregator`: after this many distinct messages of one
/// source, object, type and reason within `AGGREGATE_INTERVAL` of each other,
/// further ones are folded into one "(combined from similar events)" Event.
const AGGREGATE_MAX_EVENTS: usize = 10;
const AGGREGATE_INTERVAL: Millis = 600_000;

/// client-go's `EventSourceObjectSpamFilter`: a token bucket per source and
/// object, 25 tokens, one more every 5 minutes; an event that finds it
/// empty is not sent.
const SPAM_BURST: f64 = 25.0;
const SPAM_REFILL_EVERY: Millis = 300_000;

/// One Event object as the API server holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event<'h> {
    /// The first occurrence, whose involved object, type, reason and
    /// source the object keeps.
    pub record: &'h EventRecord,
    /// The message of the latest occurrence sent (an aggregated Event's
    /// reads "(combined from similar events): ...").
    pub message: String,
    pub first: Millis,
    pub last: Millis,
    /// The occurrences the recorder counted, including those its spam
    /// filter then kept from the API server.
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

/// The involved object: kind/name and, for a pod, which pod it was (a
/// StatefulSet's pods come back with the same name and a new UID).
type Object<'h> = (&'h str, Option<u32>);

/// `EventAggregatorByReasonFunc`'s key: source, object, type, reason.
type SimilarKey<'h> = (&'h str, Object<'h>, &'h str, &'h str);

/// The logger's key: the aggregate's, or the event's own with its field
/// path (the container) and message.
type LogKey<'h> = (&'h str, Object<'h>, Option<u16>, &'h str, &'h str, Option<&'h str>);

/// What a component's `EventCorrelator` remembers, and the Events the API
/// server holds: every occurrence is aggregated with similar ones, counted
/// by the logger, and sent unless the spam filter has no token for it.
#[derive(Default)]
struct Correlator<'h> {
    /// (source, object, type, reason) → the distinct messages seen and when
    /// the last came.
    similar: HashMap<SimilarKey<'h>, (HashSet<&'h str>, Millis)>,
    /// The logger's key → (count, first time).
    observed: HashMap<LogKey<'h>, (u32, Millis)>,
    /// (source, object) → tokens and when they were counted.
    buckets: HashMap<(&'h str, Object<'h>), (f64, Millis)>,
    /// The logger's key → the API server's Event.
    sent: HashMap<LogKey<'h>, usize>,
}

impl<'h> Correlator<'h> {
    /// `EventCorrelate` for one occurrence: the Event to create or update,
    /// if the spam filter lets it through.
    fn correlate(&mut self, e: &'h EventRecord, events: &mut Vec<Event<'h>>) {
        let object = (e.object.as_str(), e.pod);
        let (source, kind, reason) = (e.source.as_str(), e.event_type.name(), e.reason.as_str());
        // EventAggregate: similar events with many messages become one.
        let (messages, last) = self.similar.entry((source, object, kind, reason)).or_default();
        if e.t - *last > AGGREGATE_INTERVAL {
            messages.clear();
        }
        *last = e.t;
        messages.insert(&e.message);
        let aggregated = messages.len() >= AGGREGATE_MAX_EVENTS;
        let key = if aggregated {
            (source, object, None, kind, reason, None)
        } else {
            (source, object, e.container, kind, reason, Some(e.message.as_str()))
        };
        // eventObserve: the count goes up whether or not the event is sent.
        let (count, first) = self.observed.entry(key).or_insert((0, e.t));
        *count += 1;
        let (count, first) = (*count, *first);
        // The spam filter: a token, or the event goes nowhere.
        let (tokens, counted) = self.buckets.entry((source, object)).or_insert((SPAM_BURST, e.t));
        *tokens = (*tokens + (e.t - *counted) as f64 / SPAM_REFILL_EVERY as f64).min(SPAM_BURST);
        *counted = e.t;
        if *tokens < 1.0 {
            return;
        }
        *tokens -= 1.0;
        let message =
            if aggregated { format!("(combined from similar events): {}", e.message) } else { e.message.clone() };
        match self.sent.get(&key) {
            Some(&i) => {
                let event = &mut events[i];
                (event.last, event.count, event.message) = (e.t, count, message);
            }
            None => {
                self.sent.insert(key, events.len());
                events.push(Event { record: e, message, first, last: e.t, count });
            }
        }
    }
}

/// The Event objects that exist at `t`, in order of first occurrence: each
/// occurrence as the emitting component's recorder correlates it.
pub(crate) fn events_at(history: &History, t: Millis) -> Vec<Event<'_>> {
    let mut events: Vec<Event> = vec![];
    let mut correlator = Correlator::default();
    for record in history.until(t) {
        if let Record::Event(e) = record {
            correlator.correlate(e, &mut events);
        }
    }
    // An expired Event is gone; the recorder's cache still remembers it, so
    // a later occurrence recreates it with the old name, count and first time.
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
    crate::sort::sort_by_cached_key(&mut events, Event::name);
    let mut w = TabWriter::get();
    w.write("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    for e in &events {
        w.write(&row(&human_duration(t - api_time(e.last)), e.record, &e.message));
    }
    w.flush()
}

/// The simulation's event log up to `t`: every event record as it happened,
/// as the components emitted it (before their recorders fold, aggregate and
/// filter it, and with no expiry), like `kubectl get events -w` started with the
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
            w.write(&row(&sim_clock(e.t), e, &e.message));
            out.push_str(&w.flush());
        }
    }
    if out.is_empty() { w.flush() } else { out }
}

fn row(time: &str, e: &EventRecord, message: &str) -> String {
    format!("{time}\t{}\t{}\t{}\t{}\n", e.event_type.name(), e.reason, e.object, message.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::EventReason;
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
            event(10_000, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
            event(20_000, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
            event(25_000, 0, Some(0), Warning, EventReason::Unhealthy, "Readiness probe failed: connection refused"),
            event(30_000, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
        ];
        let events = events_at(&h, 30_000);
        assert_eq!(events.len(), 2);
        assert_eq!((events[0].first, events[0].last, events[0].count), (10_000, 30_000, 3));
        assert_eq!(events_at(&h, 20_000)[0].count, 2);
    }

    /// EventAggregator: the tenth distinct message of one object, type and
    /// reason within 10 minutes, and every one after it, goes into one Event
    /// "(combined from similar events): <latest message>", with its own count.
    #[test]
    fn many_different_messages_are_combined() {
        let mut h = pods();
        h.records = (0..12)
            .map(|i| {
                event(
                    1_000 * (i + 1),
                    0,
                    Some(0),
                    Warning,
                    EventReason::Unhealthy,
                    &format!("Readiness probe failed: {i}"),
                )
            })
            .collect();
        let events = events_at(&h, 20_000);
        assert_eq!(events.len(), 10);
        let combined = &events[9];
        assert_eq!(combined.message, "(combined from similar events): Readiness probe failed: 11");
        assert_eq!((combined.first, combined.last, combined.count), (10_000, 12_000, 3));
        // Ten minutes of quiet start the count of distinct messages afresh.
        h.records.push(event(700_000, 0, Some(0), Warning, EventReason::Unhealthy, "Readiness probe failed: late"));
        assert_eq!(events_at(&h, 700_000).last().unwrap().message, "Readiness probe failed: late");
    }

    /// The spam filter: 25 events of one source and object go through at
    /// once, then one every 5 minutes of the bucket's life (it was made with
    /// the first, at 10 s); the count of an Event that gets through includes
    /// the occurrences the filter dropped. After ten minutes of a probe
    /// failing every 10 s, the API server's Event was last written at 310 s.
    #[test]
    fn the_spam_filter_lets_25_through_then_one_every_5_minutes() {
        let mut h = pods();
        h.records =
            (0..60).map(|i| event(10_000 * (i + 1), 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY)).collect();
        let at = |t| events_at(&h, t).into_iter().map(|e| (e.last, e.count)).next().unwrap();
        assert_eq!(at(250_000), (250_000, 25));
        assert_eq!(at(300_000), (250_000, 25));
        assert_eq!(at(310_000), (310_000, 31));
        assert_eq!(at(600_000), (310_000, 31));
        // Another object has its own tokens.
        h.records.push(event(600_000, 1, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY));
        assert_eq!(events_at(&h, 600_000).len(), 2);
    }

    /// `--event-ttl`: an Event disappears an hour after its last write, and
    /// comes back with its old count and first time if it recurs.
    #[test]
    fn events_expire_an_hour_after_their_last_write() {
        let mut h = pods();
        h.records = vec![
            event(1_000, 0, None, Normal, EventReason::Pulled, "pulled"),
            event(4_000_000, 0, None, Normal, EventReason::Pulled, "pulled"),
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
        h.records = vec![event(20_900, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY)];
        assert!(get_events(&h, 30_100).contains("\n10s         Warning   Unhealthy"), "{}", get_events(&h, 30_100));
    }

    /// printEvent (not wide): LAST SEEN only, object `kind/name`, the list in
    /// name order (web-1's older event after web-0's newer one).
    #[test]
    fn get_events_table() {
        let mut h = pods();
        h.records = vec![
            event(1_000, 1, None, Normal, EventReason::Scheduled, "Successfully assigned default/web-1 to node-1"),
            event(2_000, 0, Some(0), Normal, EventReason::Started, "Started container app"),
            event(10_000, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
            event(20_000, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
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
            event(31_500, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
            event(41_500, 0, Some(0), Warning, EventReason::Unhealthy, UNHEALTHY),
            event(
                3_723_000,
                0,
                Some(0),
                Normal,
                EventReason::Killing,
                "Container app failed liveness probe, will be restarted\n",
            ),
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
