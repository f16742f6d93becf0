//! The wake-up queue: earliest time first, and at the same instant in the
//! order the wake-ups were scheduled.
//!
//! Wake-ups crowd onto few instants: every probe worker a sync creates ticks
//! on the same phase, so a 100-pod Deployment has hundreds of ticks due at
//! each period. The queue therefore keeps one FIFO per instant: scheduling
//! and popping cost a map lookup on the (few) distinct instants plus a deque
//! operation, where a binary heap over (time, sequence number) paid about
//! log2(n) comparisons and moves of every entry on both.

use crate::history::Millis;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, VecDeque};

pub struct Queue<T> {
    instants: BTreeMap<Millis, VecDeque<T>>,
    /// Deques of instants that have run, kept for reuse so that a new
    /// instant does not allocate.
    spare: Vec<VecDeque<T>>,
}

impl<T> Queue<T> {
    pub fn new() -> Queue<T> {
        Queue { instants: BTreeMap::new(), spare: Vec::new() }
    }

    /// Adds `item` at `t`, after everything already due at `t`.
    pub fn push(&mut self, t: Millis, item: T) {
        match self.instants.entry(t) {
            Entry::Occupied(e) => e.into_mut().push_back(item),
            Entry::Vacant(e) => {
                let mut fifo = self.spare.pop().unwrap_or_default();
                fifo.push_back(item);
                e.insert(fifo);
            }
        }
    }

    /// When the earliest item is due.
    pub fn next_time(&self) -> Option<Millis> {
        self.instants.first_key_value().map(|(t, _)| *t)
    }

    /// Removes the earliest item if it is due at or before `t`.
    pub fn pop_due(&mut self, t: Millis) -> Option<(Millis, T)> {
        let mut first = self.instants.first_entry()?;
        let at = *first.key();
        if at > t {
            return None;
        }
        let item = first.get_mut().pop_front().expect("an instant in the map has an item");
        if first.get().is_empty() {
            self.spare.push(first.remove());
        }
        Some((at, item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order of a heap over (time, sequence number): by time, then FIFO.
    #[test]
    fn earliest_first_then_in_scheduling_order() {
        let mut q = Queue::new();
        for (t, item) in [(20, 'a'), (10, 'b'), (20, 'c'), (10, 'd'), (30, 'e')] {
            q.push(t, item);
        }
        assert_eq!(q.next_time(), Some(10));
        assert_eq!(q.pop_due(10), Some((10, 'b')));
        // Scheduled at the instant being run: after what was already due then.
        q.push(10, 'f');
        let mut order = vec![];
        while let Some((t, item)) = q.pop_due(25) {
            order.push((t, item));
        }
        assert_eq!(order, vec![(10, 'd'), (10, 'f'), (20, 'a'), (20, 'c')]);
        assert_eq!(q.next_time(), Some(30));
        assert_eq!(q.pop_due(29), None);
    }
}
