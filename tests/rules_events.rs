//! kubelet-semantics §6 (events) as the API server ends up holding them:
//! the kubelet's recorder folds repeats, aggregates similar events and drops
//! what its spam filter has no token for (client-go's `EventCorrelator`).

mod common;
use common::*;
use probe_playground::view::{describe_pod, get_events};

/// Ten minutes of a readiness probe answering 503 (every 10 s, and again at
/// each pod sync): the kubelet emits 65 `Unhealthy` events, but its spam
/// filter for the pod spent 3 of its 25 tokens on Pulled, Created and
/// Started and then gets one token per 5 minutes, so the API server's Event
/// was last written at 5:08, counting 35 occurrences. That is what a real
/// cluster shows: `4m52s (x35 over 9m59s)`.
#[test]
fn ten_minutes_of_a_failing_probe_as_describe_and_get_events_show_them() {
    let containers = "  - name: app\n    image: web:1\n    ports: [{containerPort: 8080}]\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n";
    let h = run(&pod(
        "Always",
        containers,
        "simulation: {duration: 10m}\napps:\n- http:\n  - {path: /ready, status: 503}\n",
    ));
    assert_eq!(events(&h, "Unhealthy").len(), 65);
    let describe = describe_pod(&h, "p", s(600.0)).unwrap();
    assert!(
        describe.ends_with(
            "  Warning  Unhealthy  4m52s (x35 over 9m59s)  kubelet            spec.containers{app}: Readiness probe failed: HTTP probe failed with statuscode: 503\n"
        ),
        "{describe}"
    );
    assert!(get_events(&h, s(600.0)).ends_with(
        "4m52s       Warning   Unhealthy   pod/p    Readiness probe failed: HTTP probe failed with statuscode: 503\n"
    ));
}
