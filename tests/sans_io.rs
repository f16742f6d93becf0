//! The simulator is driven from outside: stepping it deadline by deadline,
//! or acting on it live, gives the same history as a scripted run.

mod common;
use common::*;
use probe_playground::behaviour::{Action, Verb};
use probe_playground::scenario;
use probe_playground::sim::Simulator;

const PROBE: &str = "        livenessProbe:\n          httpGet: {path: /health, port: 8080}\n";

/// Jumping from one `next_deadline` to the next is the same as one
/// `advance_to` over the whole run.
#[test]
fn stepping_deadline_by_deadline_equals_one_jump() {
    let sc = scenario::load(&deployment(2, PROBE, "simulation: {duration: 5m}\napps:\n- crash:\n  - {after: 50s}\n"));
    let mut sim = Simulator::new(&sc.workloads, &sc.services, sc.behaviour.clone());
    let mut steps = 0;
    while let Some(t) = sim.next_deadline().filter(|&t| t <= sc.behaviour.duration) {
        sim.advance_to(t);
        assert_eq!(sim.now(), t);
        steps += 1;
    }
    sim.advance_to(sc.behaviour.duration);
    assert!(steps > 50);
    assert_eq!(sim.into_history(), sc.simulate());
}

/// A live action at the current time is the scripted action at that time
/// (at a moment no probe tick shares).
#[test]
fn a_live_action_is_a_scripted_one() {
    let text = deployment(1, PROBE, "simulation: {duration: 3m}\n");
    let sc = scenario::load(&text);
    let action = Action {
        at: s(70.3),
        workload: Some("web".into()),
        pod: None,
        replica: Some(0),
        container: None,
        verb: Verb::Crash { exit_code: 3, oom: false },
        line: 0,
    };
    let mut sim = Simulator::new(&sc.workloads, &sc.services, sc.behaviour.clone());
    sim.advance_to(s(70.3));
    sim.act(&action);
    sim.advance_to(sc.behaviour.duration);
    let live = sim.into_history();
    assert_eq!(live, sc.simulate_with(&[action]));
    assert_eq!(restarts(&live, 0, 0)[0].1, 1);
}
