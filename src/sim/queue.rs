//! The wake-up queue: earliest time first, and at the same instant in the
//! order the wake-ups were scheduled.
//!
//! Wake-ups crowd onto few instants: probe workers created at the same
//! instant tick on the same phase, so the pods of a Deployment that start
//! together have hundreds of ticks due at each period. The queue therefore
//! keeps one FIFO per instant: scheduling and popping cost a lookup among
//! the (few) distinct instants plus a deque operation, where a binary heap
//! over (time, sequence number) paid about log2(n) comparisons and moves
//! for each push and each pop.

use crate::history::Millis;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// A scheduled wake-up: when it is due, and its place among everything
/// scheduled (unique for the run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub at: Millis,
    seq: u64,
}

/// One instant's wake-ups in scheduling order: a vector read from `head`,
/// cleared once read to the end (cheaper than a ring buffer, since an
/// instant's FIFO only ever fills, then drains).
struct Fifo<T> {
    items: Vec<(u64, T)>,
    head: usize,
}

pub struct Queue<T> {
    /// Each instant something is due at, and the index of its FIFO.
    instants: BTreeMap<Millis, usize>,
    /// The FIFOs. Those of instants that have run stay here, empty, listed
    /// in `free`, so that a new instant does not allocate.
    fifos: Vec<Fifo<T>>,
    free: Vec<usize>,
    /// The instant last pushed to and its FIFO: pushes come in runs to one
    /// instant (every tick due now schedules its next one a period on), and
    /// a run skips the map lookup.
    last: Option<(Millis, usize)>,
    /// The earliest instant and its FIFO, once looked up: pops come in runs
    /// from one instant, and a run skips the map.
    first: Option<(Millis, usize)>,
    /// The sequence number the next push gets.
    next_seq: u64,
}

impl<T: Copy> Queue<T> {
    pub fn new() -> Queue<T> {
        Queue { instants: BTreeMap::new(), fifos: Vec::new(), free: Vec::new(), last: None, first: None, next_seq: 0 }
    }

    /// Adds `item` at `t`, after everything already due at `t`.
    pub fn push(&mut self, t: Millis, item: T) -> Deadline {
        let fifo = match self.last {
            Some((at, fifo)) if at == t => fifo,
            _ => {
                let fifo = match self.instants.entry(t) {
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        // A new instant before the cached first one takes its place.
                        if self.first.is_some_and(|(first, _)| t < first) {
                            self.first = None;
                        }
                        *e.insert(self.free.pop().unwrap_or_else(|| {
                            self.fifos.push(Fifo { items: Vec::new(), head: 0 });
                            self.fifos.len() - 1
                        }))
                    }
                };
                self.last = Some((t, fifo));
                fifo
            }
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.fifos[fifo].items.push((seq, item));
        Deadline { at: t, seq }
    }

    /// When the earliest item is due.
    pub fn next_time(&self) -> Option<Millis> {
        self.instants.first_key_value().map(|(t, _)| *t)
    }

    /// Removes the earliest item if it is due at or before `t`.
    pub fn pop_due(&mut self, t: Millis) -> Option<(Deadline, T)> {
        let (at, fifo) = match self.first {
            Some(first) => first,
            None => {
                let first = self.instants.first_key_value().map(|(&at, &fifo)| (at, fifo))?;
                *self.first.insert(first)
            }
        };
        if at > t {
            return None;
        }
        let queue = &mut self.fifos[fifo];
        let (seq, item) = queue.items[queue.head];
        queue.head += 1;
        if queue.head == queue.items.len() {
            queue.items.clear();
            queue.head = 0;
            self.instants.pop_first();
            self.first = None;
            self.free.push(fifo);
            if self.last.is_some_and(|(last, _)| last == at) {
                self.last = None;
            }
        }
        Some((Deadline { at, seq }, item))
    }
}

/// One timer of a machine, as a slot of quinn's `TimerTable`: at most one
/// deadline. Arming it again replaces the deadline; the queue still holds
/// the old wake-up, which `expires` recognises as not this timer's any more
/// when it comes due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timer(Option<Deadline>);

impl Timer {
    /// Sets the timer to `at`, replacing any deadline it had.
    pub fn arm<T: Copy>(&mut self, queue: &mut Queue<T>, at: Millis, wake: T) {
        self.0 = Some(queue.push(at, wake));
    }

    pub fn is_armed(&self) -> bool {
        self.0.is_some()
    }

    /// Whether a wake-up that came due is this timer's current deadline;
    /// if so the timer is spent.
    pub fn expires(&mut self, due: Deadline) -> bool {
        let current = self.0 == Some(due);
        if current {
            self.0 = None;
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pop<T: Copy>(q: &mut Queue<T>, t: Millis) -> Option<(Millis, T)> {
        q.pop_due(t).map(|(due, item)| (due.at, item))
    }

    /// A re-armed timer owns only its newest deadline: the wake-up of the
    /// deadline it replaced is not its own when it comes due.
    #[test]
    fn a_rearmed_timer_expires_only_at_its_newest_deadline() {
        let mut q = Queue::new();
        let mut timer = Timer::default();
        timer.arm(&mut q, 10, 'a');
        timer.arm(&mut q, 20, 'b');
        let (due, _) = q.pop_due(10).unwrap();
        assert!(!timer.expires(due));
        let (due, item) = q.pop_due(20).unwrap();
        assert_eq!(item, 'b');
        assert!(timer.expires(due));
        assert!(!timer.is_armed());
    }

    /// The order of a heap over (time, sequence number): by time, then FIFO.
    #[test]
    fn earliest_first_then_in_scheduling_order() {
        let mut q = Queue::new();
        for (t, item) in [(20, 'a'), (10, 'b'), (20, 'c'), (10, 'd'), (30, 'e')] {
            q.push(t, item);
        }
        assert_eq!(q.next_time(), Some(10));
        assert_eq!(pop(&mut q, 10), Some((10, 'b')));
        // Scheduled at the instant being run: after what was already due then.
        q.push(10, 'f');
        let mut order = vec![];
        while let Some((t, item)) = pop(&mut q, 25) {
            order.push((t, item));
        }
        assert_eq!(order, vec![(10, 'd'), (10, 'f'), (20, 'a'), (20, 'c')]);
        assert_eq!(q.next_time(), Some(30));
        assert_eq!(pop(&mut q, 29), None);
        // An instant that has run can be scheduled again; FIFOs are reused.
        q.push(20, 'g');
        q.push(40, 'h');
        q.push(20, 'i');
        let order: Vec<_> = std::iter::from_fn(|| pop(&mut q, 100)).collect();
        assert_eq!(order, vec![(20, 'g'), (20, 'i'), (30, 'e'), (40, 'h')]);
        assert_eq!(q.next_time(), None);
    }
}
