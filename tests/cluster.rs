//! The cluster in the behaviour document's `simulation`: the Kubernetes
//! version, its feature gates (settable only inside their lifetime: alpha
//! off, beta as released, GA locked) and the kubelet's configuration, each
//! problem at its line and column (k8s-versions.md §3.2).

mod common;
use probe_playground::cluster::{Cluster, Gate, Version};
use probe_playground::diagnostic::Severity;
use probe_playground::scenario;

fn with_simulation(simulation: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - {{name: app, image: web:1}}\n---\nkind: Behaviour\nsimulation:\n{simulation}"
    )
}

/// (line, column, severity, message) of every diagnostic.
fn diagnostics(text: &str) -> Vec<(u32, u32, Severity, String)> {
    scenario::load(text).diagnostics.into_iter().map(|d| (d.span.line, d.span.col, d.severity, d.text())).collect()
}

fn cluster(simulation: &str) -> Cluster {
    let s = scenario::load(&with_simulation(simulation));
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    s.behaviour.cluster
}

fn v(minor: u8) -> Version {
    Version::new(minor).unwrap()
}

/// Without `kubernetes`, the newest version with its default gates.
#[test]
fn the_default_is_the_newest_version() {
    let c = scenario::load(&with_simulation("  seed: 3\n")).behaviour.cluster;
    assert_eq!(c, Cluster::new(v(37)));
    assert!(c.enabled(Gate::ContainerRestartRules) && !c.enabled(Gate::ReduceDefaultCrashLoopBackOffDecay));
}

/// `kubernetes` takes `"1.29"`, an unquoted `1.29` or `v1.29`; a patch
/// release runs as its minor, with a note.
#[test]
fn the_version_as_users_write_it() {
    assert_eq!(cluster("  kubernetes: \"1.29\"\n").version, v(29));
    assert_eq!(cluster("  kubernetes: 1.30\n").version, v(30));
    assert_eq!(cluster("  kubernetes: v1.19\n").version, v(19));
    assert_eq!(
        diagnostics(&with_simulation("  kubernetes: 1.30.4\n")),
        vec![(
            10,
            15,
            Severity::Note,
            "simulation.kubernetes: simulated as 1.30: each minor runs as its .0 release, without later patch-level fixes"
                .into()
        )]
    );
    assert_eq!(
        diagnostics(&with_simulation("  kubernetes: \"1.18\"\n")),
        vec![(
            10,
            15,
            Severity::Error,
            "simulation.kubernetes: Kubernetes 1.18 is not simulated (1.19 to 1.37 are)".into()
        )]
    );
    assert_eq!(
        diagnostics(&with_simulation("  kubernetes: 1.3\n"))[0].3,
        "simulation.kubernetes: Kubernetes 1.3 is not simulated (1.19 to 1.37 are); quote the version (\"1.30\"): unquoted, some tools turn 1.30 into 1.3"
    );
}

/// A gate may be set inside its lifetime; alpha gates start off, beta
/// gates as released.
#[test]
fn gates_inside_their_lifetime() {
    let c = cluster("  kubernetes: \"1.28\"\n  featureGates: {SidecarContainers: true, ExecProbeTimeout: false}\n");
    assert!(c.enabled(Gate::SidecarContainers));
    assert!(!c.enabled(Gate::ExecProbeTimeout));
    assert!(!Cluster::new(v(28)).enabled(Gate::SidecarContainers), "alpha in 1.28: off");
    assert!(Cluster::new(v(29)).enabled(Gate::SidecarContainers), "beta in 1.29: on");
    assert!(!Cluster::new(v(24)).enabled(Gate::ProbeTerminationGracePeriod), "beta but off in 1.22-1.24");
    let c = cluster("  kubernetes: \"1.35\"\n  featureGates: {ExecProbeTimeout: true}\n");
    assert!(c.enabled(Gate::ExecProbeTimeout), "a locked gate may be set to its value");
}

/// Outside its lifetime a gate is an error at its line that says so: not
/// there yet, gone, locked, or unknown (with the near miss); errors are
/// listed before warnings.
#[test]
fn gates_outside_their_lifetime_are_errors() {
    let text = with_simulation(
        "  kubernetes: \"1.27\"\n  featureGates:\n    SidecarContainers: true\n    StartupProbe: false\n    ExecProbeTimeouts: false\n    InPlacePodVerticalScaling: true\n    GRPCContainerProbe: maybe\n",
    );
    assert_eq!(
        diagnostics(&text),
        vec![
            (
                12,
                5,
                Severity::Error,
                "simulation.featureGates.SidecarContainers: feature gate SidecarContainers does not exist in Kubernetes 1.27: it arrived in 1.28".into()
            ),
            (
                13,
                5,
                Severity::Error,
                "simulation.featureGates.StartupProbe: feature gate StartupProbe does not exist in Kubernetes 1.27: it was removed after 1.23, its behaviour is always on".into()
            ),
            (
                14,
                5,
                Severity::Error,
                "simulation.featureGates.ExecProbeTimeouts: unknown feature gate \"ExecProbeTimeouts\" (did you mean `ExecProbeTimeout`?)".into()
            ),
            (16, 25, Severity::Error, "simulation.featureGates.GRPCContainerProbe: expected true or false, found a string".into()),
            (
                15,
                5,
                Severity::Warning,
                "simulation.featureGates.InPlacePodVerticalScaling: feature gate \"InPlacePodVerticalScaling\" changes nothing this simulator shows; it is ignored".into()
            ),
        ]
    );
    assert_eq!(
        diagnostics(&with_simulation("  kubernetes: \"1.35\"\n  featureGates: {ExecProbeTimeout: false}\n")),
        vec![(
            11,
            36,
            Severity::Error,
            "simulation.featureGates.ExecProbeTimeout: feature gate ExecProbeTimeout is GA and locked on in Kubernetes 1.35 (it can be set in 1.20 to 1.34)".into()
        )]
    );
}

/// `kubelet.maxContainerRestartPeriod`: 1-300 s, only on a kubelet that has
/// it (1.32+), read only with `KubeletCrashLoopBackOffMax` on (beta from 1.35).
#[test]
fn the_kubelet_configuration() {
    let c = cluster("  kubelet: {maxContainerRestartPeriod: 60s}\n");
    assert_eq!(c.kubelet.max_container_restart_period, Some(60_000));
    let got = |simulation: &str| diagnostics(&with_simulation(simulation));
    assert_eq!(
        got("  kubernetes: \"1.31\"\n  kubelet: {maxContainerRestartPeriod: 60s}\n"),
        vec![(
            11,
            13,
            Severity::Error,
            "simulation.kubelet.maxContainerRestartPeriod: the kubelet of Kubernetes 1.31 has no crashLoopBackOff.maxContainerRestartPeriod: it arrived in 1.32 with KubeletCrashLoopBackOffMax".into()
        )]
    );
    assert_eq!(
        got("  kubernetes: \"1.33\"\n  kubelet: {maxContainerRestartPeriod: 60s}\n"),
        vec![(
            11,
            13,
            Severity::Warning,
            "simulation.kubelet.maxContainerRestartPeriod: ignored: the kubelet reads it only with KubeletCrashLoopBackOffMax on, which is off in Kubernetes 1.33 (set featureGates: {KubeletCrashLoopBackOffMax: true})".into()
        )]
    );
    assert_eq!(
        got("  kubelet: {maxContainerRestartPeriod: 10m, restartPeriod: 1s}\n"),
        vec![
            (
                10,
                40,
                Severity::Error,
                "simulation.kubelet.maxContainerRestartPeriod: must be from 1s to 300s (crashLoopBackOff.maxContainerRestartPeriod): a kubelet configured with 10m does not start".into()
            ),
            (10, 45, Severity::Error, "simulation.kubelet.restartPeriod: unknown field \"restartPeriod\"".into()),
        ]
    );
}

/// `--kubernetes` replaces the document's version; what the document sets
/// that the other version lacks is ignored with a warning, not an error.
#[test]
fn a_version_from_the_command_line_wins() {
    let text = with_simulation("  kubernetes: \"1.35\"\n  featureGates: {ContainerRestartRules: false}\n");
    let s = scenario::load_bytes_on(text.as_bytes(), v(29));
    assert_eq!(s.behaviour.cluster.version, v(29));
    let got: Vec<(Severity, String)> = s.diagnostics.iter().map(|d| (d.severity, d.text())).collect();
    assert_eq!(
        got,
        vec![(
            Severity::Warning,
            "simulation.featureGates.ContainerRestartRules: feature gate ContainerRestartRules does not exist in Kubernetes 1.29: it arrived in 1.34; ignored on 1.29 (--kubernetes)".into()
        )]
    );
    let same = scenario::load_bytes_on(text.as_bytes(), v(35));
    assert!(!same.behaviour.cluster.enabled(Gate::ContainerRestartRules));
    assert!(same.diagnostics.is_empty());
}
