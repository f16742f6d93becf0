//! Whatever the bytes, `load_bytes` returns: random bytes, manifest-shaped
//! token soup, and real manifests damaged the ways files get damaged (bytes
//! flipped, cut short, lines repeated or dropped). Each case also checks that
//! the result stays within the stated bounds.
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency

use probe_playground::load::{MAX_DIAGNOSTICS, MAX_SIMULATED_REPLICAS, Manifests, load_bytes};
use proptest::prelude::*;
use proptest::sample::select;

fn check_bounds(m: &Manifests) {
    assert!(m.diagnostics.len() <= MAX_DIAGNOSTICS + 1);
    assert!(m.summary.probed_containers <= m.summary.containers);
    assert!(m.workloads.len() <= m.summary.workloads);
    for w in &m.workloads {
        assert!((0..=MAX_SIMULATED_REPLICAS).contains(&w.replicas));
        assert!(!w.template.spec.containers.is_empty());
        for c in &w.template.spec.containers {
            for p in [&c.liveness_probe, &c.readiness_probe, &c.startup_probe].into_iter().flatten() {
                let timing = [p.period_seconds, p.timeout_seconds, p.success_threshold, p.failure_threshold];
                assert!(timing.iter().all(|&v| v >= 1), "{timing:?}");
            }
        }
    }
}

/// The fixtures, and the small files of the shared corpus when it is there.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(read_seeds)
}

fn read_seeds() -> Vec<Vec<u8>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut seeds = Vec::new();
    for dir in [format!("{root}/tests/fixtures"), format!("{root}/../shared/corpus")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            if bytes.len() < 64 * 1024 && path.extension().is_some_and(|e| e != "md") {
                seeds.push(bytes);
            }
        }
    }
    seeds
}

#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, xor: u8 },
    Truncate { at: usize },
    DuplicateLine { line: usize },
    DropLine { line: usize },
    Insert { at: usize, text: &'static str },
}

fn damage() -> impl Strategy<Value = Damage> {
    let index = any::<usize>();
    prop_oneof![
        (index, 1..=255u8).prop_map(|(at, xor)| Damage::Flip { at, xor }),
        index.prop_map(|at| Damage::Truncate { at }),
        index.prop_map(|line| Damage::DuplicateLine { line }),
        index.prop_map(|line| Damage::DropLine { line }),
        (
            index,
            select(vec![
                "\t",
                "  ",
                ": ",
                "- ",
                "[",
                "]",
                "{",
                "}",
                "&a ",
                "*a",
                "\n---\n",
                "\"",
                "'",
                "#",
                "99999999999",
                "${X}"
            ])
        )
            .prop_map(|(at, text)| Damage::Insert { at, text }),
    ]
}

fn apply(bytes: &mut Vec<u8>, damage: &Damage) {
    if bytes.is_empty() {
        return;
    }
    let lines: Vec<(usize, usize)> = {
        let mut starts = vec![0];
        starts.extend(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
        starts.windows(2).map(|w| (w[0], w[1])).chain(std::iter::once((*starts.last().unwrap(), bytes.len()))).collect()
    };
    match *damage {
        Damage::Flip { at, xor } => {
            let i = at % bytes.len();
            bytes[i] ^= xor;
        }
        Damage::Truncate { at } => bytes.truncate(at % bytes.len()),
        Damage::DuplicateLine { line } => {
            let (start, end) = lines[line % lines.len()];
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Damage::DropLine { line } => {
            let (start, end) = lines[line % lines.len()];
            bytes.drain(start..end);
        }
        Damage::Insert { at, text } => {
            let i = at % bytes.len();
            bytes.splice(i..i, text.bytes());
        }
    }
}

const TOKENS: &[&str] = &[
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "\n  - ",
    "---\n",
    ": ",
    ", ",
    "[",
    "]",
    "{",
    "}",
    "kind: ",
    "Pod",
    "Deployment",
    "CronJob",
    "List",
    "Service",
    "Behaviour",
    "apiVersion: v1",
    "metadata",
    "name",
    "spec",
    "template",
    "jobTemplate",
    "items",
    "containers",
    "initContainers",
    "ephemeralContainers",
    "restartPolicy",
    "Always",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "exec",
    "command",
    "httpGet",
    "tcpSocket",
    "grpc",
    "port",
    "ports",
    "containerPort",
    "httpHeaders",
    "scheme",
    "periodSeconds",
    "timeoutSeconds",
    "successThreshold",
    "replicas",
    "strategy",
    "rollingUpdate",
    "maxSurge",
    "25%",
    "0",
    "-1",
    "8080",
    "70000",
    "99999999999",
    "http",
    "\"80\"",
    "null",
    "~",
    "true",
    "&a ",
    "*a",
    "<<: ",
    "|\n",
    "${PORT}",
    "#",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_load_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check_bounds(&load_bytes(&bytes));
    }

    #[test]
    fn manifest_shaped_text_loads_without_panic(tokens in proptest::collection::vec(select(TOKENS), 0..300)) {
        check_bounds(&load_bytes(tokens.concat().as_bytes()));
    }

    #[test]
    fn damaged_manifests_load_without_panic(seed in any::<prop::sample::Index>(), damages in proptest::collection::vec(damage(), 1..6)) {
        let mut bytes = seed.get(seeds()).clone();
        for d in &damages {
            apply(&mut bytes, d);
        }
        check_bounds(&load_bytes(&bytes));
    }
}
