//! The moments where something that explains a run changes: a container
//! starts or exits, a probe's result differs from its previous one, a pod's
//! Ready condition flips, the kubelet kills a container, a Service's
//! endpoints change. Playback's step forward and back stop at these, not at
//! every repeated event.

use crate::history::{ContainerState, History, Millis, PodId, ProbeResult, Record};
use std::collections::HashMap;

/// Every such moment of the run, in order, each once.
pub fn transitions(history: &History) -> Vec<Millis> {
    let mut out: Vec<Millis> = Vec::new();
    let mut results: HashMap<(PodId, u16, usize), ProbeResult> = HashMap::new();
    let mut states: HashMap<(PodId, u16), (&'static str, u32)> = HashMap::new();
    let mut ready: HashMap<PodId, bool> = HashMap::new();
    for record in &history.records {
        let changed = match record {
            Record::Probe(p) => {
                let result = history.answer(p).result;
                results.insert((p.pod, p.container(), p.probe.index()), result) != Some(result)
            }
            Record::Container(c) => {
                let state = match c.state {
                    ContainerState::Running { .. } => "running",
                    ContainerState::Waiting { .. } => "waiting",
                    ContainerState::Terminated(_) => "terminated",
                };
                states.insert((c.pod, c.container), (state, c.restart_count)) != Some((state, c.restart_count))
            }
            Record::Pod(p) => ready.insert(p.pod, p.ready) != Some(p.ready) || p.removed,
            Record::Event(e) => e.reason == "Killing",
            Record::Endpoints(_) => true,
            Record::Traffic(_) => false,
        };
        if changed && out.last() != Some(&record.t()) {
            out.push(record.t());
        }
    }
    out
}

/// The first moment after `t`.
pub fn next_after(moments: &[Millis], t: Millis) -> Option<Millis> {
    moments.get(moments.partition_point(|&m| m <= t)).copied()
}

/// The last moment before `t`.
pub fn last_before(moments: &[Millis], t: Millis) -> Option<Millis> {
    moments.partition_point(|&m| m < t).checked_sub(1).map(|i| moments[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery;
    use crate::scenario;

    #[test]
    fn lesson_one_stops_at_the_ready_change_and_skips_repeated_successes() {
        let h = scenario::load(gallery::examples()[0].text).simulate();
        let moments = transitions(&h);
        // Readiness succeeds at 0:11.5: Ready, and the endpoint.
        assert!(moments.contains(&11_500), "{moments:?}");
        // Nothing changes after the liveness probe's first success at 0:20.
        assert_eq!(next_after(&moments, 20_000), None, "{moments:?}");
        assert!(moments.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(last_before(&moments, 11_500).map(|m| m < 11_500), Some(true));
        assert_eq!(next_after(&moments, 11_499), Some(11_500));
        assert_eq!(last_before(&moments, 0), None);
    }
}
