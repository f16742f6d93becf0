//! The results managers' cache (`pkg/kubelet/prober/results/results_manager.go`):
//! the last published result of each probe of a pod, for one container
//! instance. Workers write it; the pod sync and `UpdatePodStatus` read it.
//! `set` says whether the value changed: only a change is an update the
//! kubelet reacts to.

use crate::spec::ProbeKind;

/// A value of the cache (`results.Result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Unknown,
}

impl Outcome {
    /// `newWorker`'s initial values: readiness starts as Failure, liveness as
    /// Success, startup as Unknown.
    pub fn initial(kind: ProbeKind) -> Outcome {
        match kind {
            ProbeKind::Readiness => Outcome::Failure,
            ProbeKind::Liveness => Outcome::Success,
            ProbeKind::Startup => Outcome::Unknown,
        }
    }
}

/// One pod's entries, one per probe worker (same index): the container
/// instance the result is for, and the result. The kubelet keys them by
/// container ID; an entry for an older instance reads as absent.
#[derive(Debug, Clone, Default)]
pub struct Results {
    entries: Vec<Option<(u32, Outcome)>>,
}

impl Results {
    pub fn with_workers(n: usize) -> Results {
        Results { entries: vec![None; n] }
    }

    /// The result of worker `worker` for instance `instance`, if any.
    pub fn get(&self, worker: usize, instance: u32) -> Option<Outcome> {
        self.entries[worker].filter(|(n, _)| *n == instance).map(|(_, o)| o)
    }

    /// `Set`: stores the result and says whether it changed.
    pub fn set(&mut self, worker: usize, instance: u32, outcome: Outcome) -> bool {
        let changed = self.get(worker, instance) != Some(outcome);
        self.entries[worker] = Some((instance, outcome));
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `setInternal`: setting the same value again is not an update; a new
    /// container instance starts without a value.
    #[test]
    fn only_a_change_is_an_update() {
        let mut results = Results::with_workers(1);
        assert!(results.set(0, 0, Outcome::Failure));
        assert!(!results.set(0, 0, Outcome::Failure));
        assert!(results.set(0, 0, Outcome::Success));
        assert_eq!(results.get(0, 1), None);
        assert!(results.set(0, 1, Outcome::Success));
    }
}
