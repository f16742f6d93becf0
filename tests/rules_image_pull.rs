//! The image pull (`pull` in the behaviour): the kubelet's `EnsureImageExists`
//! before the first start of a container (kubelet-semantics §2.2 step 3, §6).
//! The probe workers start with the pod, so a pull moves the container's
//! start against their tickers: the phase the what-if analysis sweeps.

mod common;
use common::*;
use probe_playground::spec::ProbeKind::Liveness;

/// A pull of 3.5 s: `Pulling` at the pod's first sync (0 s), `Pulled` and
/// `Created` when it ends (3.5 s), `Started` a second later (4.5 s). The
/// liveness ticker started with the pod at 0 s, so it still probes on 10
/// and 20 s: 5.5 s into the first instance's life, 2.5 s into the second's.
/// The app
/// crashes 12 s after each start (16.5 s, a relist instant) and is
/// restarted at once: the restart finds the image on the node (`already
/// present`, no pull) and starts a second later (17.5 s).
#[test]
fn a_pull_delays_the_first_start_only_and_keeps_the_tickers_phase() {
    let spec = liveness("          periodSeconds: 10\n");
    let h = run(&format!(
        "{}simulation: {{duration: 29s}}\n",
        deployment(1, &spec, "apps:\n- pull: 3.5s\n  crash:\n  - {after: 12s, exitCode: 1}\n")
    ));
    assert_eq!(event_times(&h, "Pulling"), vec![0]);
    assert_eq!(
        events(&h, "Pulled"),
        vec![
            (s(3.5), "Successfully pulled image \"example/web:1.0\" in 3.5s (3.5s including waiting)".to_string()),
            (
                s(16.5),
                "Container image \"example/web:1.0\" already present on machine and can be accessed by the pod"
                    .to_string()
            ),
        ]
    );
    assert_eq!(event_times(&h, "Created"), vec![s(3.5), s(16.5)]);
    assert_eq!(event_times(&h, "Started"), vec![s(4.5), s(17.5)]);
    assert_eq!(probe_times(&h, Liveness), vec![s(10.0), s(20.0)]);
}
