//! The gallery: classic probe lessons as ready-made scenarios, for the
//! playground's Examples menu and for docs. Each scenario is a file under
//! `gallery/` (the Kubernetes documents, then the behaviour document),
//! compiled in here, with a short note on what to watch and when. The first
//! is the scenario the playground opens with.
//!
//! `tests/gallery.rs` runs every one through the simulator and checks that it
//! still tells its story, at the times the notes give.

/// One scenario of the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable, URL-safe: `slow-start-readiness`. Share links open a lesson
    /// as `#g/<id>`, so an id is never reused: a lesson whose story changes
    /// gets a new id, and an id once shipped always opens (tests/links.rs).
    pub id: &'static str,
    pub title: &'static str,
    /// What to watch, with the key simulated times (2-4 sentences).
    pub watch: &'static str,
    /// The scenario: one YAML stream.
    pub text: &'static str,
}

const EXAMPLES: &[Example] = &[
    Example {
        id: "slow-start-readiness",
        title: "Slow start behind readiness",
        watch: "The Go server sleeps 10 s before it listens, so clients of the NodePort Service fail (no ready \
                endpoints) until 0:11. The first probes come once 10 s of uptime have passed: readiness at 0:11.5, \
                liveness at 0:20. The pod turns Ready on that first readiness success, the Service gets its endpoint \
                at the same moment, and nothing restarts.",
        text: include_str!("../gallery/01-slow-start-readiness.yaml"),
    },
    Example {
        id: "wrong-liveness-path",
        title: "Wrong path: liveness probe gets 404",
        watch: "Liveness asks for /health/liveness, which the app answers with 404: the three pods are killed at \
                0:20, 0:40, 1:00, 1:20 and 1:40, restarted at once four times, then held back in CrashLoopBackOff \
                for longer and longer (40 s, 80 s, 160 s). Whenever all three are between lives the Service has no \
                ready endpoint and clients fail, as from 1:40.5 to about 2:28. At 6:00 the fixed probe rolls out: \
                new pods are Ready at 6:06.5, 6:12.5 and 6:18.5, never restart, and clients get through from 6:07.",
        text: include_str!("../gallery/02-wrong-liveness-path.yaml"),
    },
    Example {
        id: "wrong-readiness-path",
        title: "Wrong path: readiness probe gets 404",
        watch: "Readiness asks for /readiness, which the app answers with 404 every 5 s for ever. The pods run 0/1 \
                with 0 restarts, so nothing looks broken in kubectl get pods, yet the Service has no ready endpoint \
                and every client request fails. At 4:00 the fixed probe rolls out: the new pods are Ready at 4:06.5, \
                4:12.5 and 4:18.5, each replacing an old one, and clients get through from 4:07.",
        text: include_str!("../gallery/02-wrong-readiness-path.yaml"),
    },
    Example {
        id: "exec-probe-checks-more",
        title: "An exec probe that checks more",
        watch: "The health script runs every 30 s. At 1:45 the web server is stopped inside the container; clients \
                are refused until the probe at 2:00 exits 1 and the container is restarted, serving again at 2:01. \
                A load spike on the node from 4:10 to 4:50 fails the probe at 4:30 and restarts Apache although it \
                was serving: Restart Count 2.",
        text: include_str!("../gallery/03-exec-probe-checks-more.yaml"),
    },
    Example {
        id: "ready-file-then-rollout",
        title: "Ready when a file appears, then a stalled rollout",
        watch: "The three Django pods run 0/1 until /tmp/ready is created at 1:00; each is Ready at its next \
                readiness probe, 1:01.5. The rollout to v1.1 at 2:00 creates one new pod that never gets the file, \
                so it stays 0/1 and, with maxUnavailable 0, no old pod goes: the old three keep serving. The rollback \
                at 5:00 removes the new pod.",
        text: include_str!("../gallery/04-ready-file-then-rollout.yaml"),
    },
    Example {
        id: "sidecar-admin-endpoint",
        title: "A sidecar's admin endpoint",
        watch: "Envoy's /ready fails from 1:02 (POST /healthcheck/fail); its probes fail at 1:05, 1:10 and 1:15, and \
                only the envoy container is killed. It exits 0 (Last State Completed) and is back at 1:16.5: the pod \
                goes 1/2, then 2/2, with 1 restart, all on envoy. The second drain at 3:02 is undone at 3:12 after \
                two failures, so nothing restarts.",
        text: include_str!("../gallery/05-sidecar-admin-endpoint.yaml"),
    },
    Example {
        id: "sidecar-probe-variants",
        title: "Sidecar probes with no margin",
        watch: "Both proxies are probed every 2 s and killed at the first failure. The TCP proxy rebinds its listener \
                at 1:01 and is killed at 1:02 by one refused connection. The exec proxy's healthcheck is slow from \
                2:00 to 2:10: it times out at 2:01, 2:05 and 2:09, three kills and a spell of CrashLoopBackOff for \
                a 10-second slowdown.",
        text: include_str!("../gallery/05-sidecar-probe-variants.yaml"),
    },
    Example {
        id: "startup-probe-slow-start",
        title: "A startup probe rescues a slow starter",
        watch: "The app needs 90 s to start. With liveness alone it is killed at 0:40, 1:20, 2:00, ... before it ever \
                answers, and ends in CrashLoopBackOff, never Ready. With a startup probe the same app passes it at \
                1:40, is Ready at once, and liveness takes over at 1:50 with no restart.",
        text: include_str!("../gallery/06-startup-probe-slow-start.yaml"),
    },
    Example {
        id: "liveness-checks-the-database",
        title: "A liveness probe that checks the database",
        watch: "The shared database is slow from 2:00 to 3:00. Where liveness queries it, all three replicas are \
                killed together at 2:21 and again at 2:51, and the Service is empty from 2:07.5 to 3:02.5. Where \
                only readiness queries it, the pods go unready together but nothing restarts and the Service is back \
                within 2 s of 3:00; with shallow probes the pods stay Ready and the clients see the timeouts \
                themselves.",
        text: include_str!("../gallery/07-liveness-checks-the-database.yaml"),
    },
    Example {
        id: "readiness-during-shutdown",
        title: "Readiness during shutdown",
        watch: "A pod is deleted at 1:00: its endpoint turns terminating and stops getting traffic at once, liveness \
                stops, and readiness keeps probing and fails from 1:01.5. The app drains and exits 0 at 1:20, within \
                the 30 s grace; nothing restarts, and no client request fails on the way.",
        text: include_str!("../gallery/08-readiness-during-shutdown.yaml"),
    },
    Example {
        id: "named-port-typo",
        title: "A named port typo",
        watch: "The probes ask for port http-metrics, the container calls it metrics: every probe errors \
                (\"probe errored and resulted in unknown state\") and the result is thrown away. Readiness never \
                passes and liveness never kills, so the pod runs 0/1 with 0 restarts for ever and the Service never \
                has an endpoint.",
        text: include_str!("../gallery/09-named-port-typo.yaml"),
    },
];

/// The gallery, in menu order; the first is the playground's default scenario.
pub fn examples() -> &'static [Example] {
    EXAMPLES
}

/// The lesson with this id, as a share link's `#g/<id>` names it.
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|x| x.id == id)
}
