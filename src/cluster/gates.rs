//! The feature gates that change what this simulator shows, with their
//! lifetimes from 1.19 to 1.37 (`k8s-versions.md` §1, §3.2): alpha is off by
//! default, beta is as released, GA is locked on (`ExecProbeTimeout` is GA
//! but could be turned off until 1.34), and a removed gate no longer exists.

use super::Version;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gate {
    ExecProbeTimeout,
    StartupProbe,
    ProbeTerminationGracePeriod,
    GRPCContainerProbe,
    EndpointSliceTerminatingCondition,
    ProxyTerminatingEndpoints,
    PodHasNetworkCondition,
    PodReadyToStartContainersCondition,
    SidecarContainers,
    PodLifecycleSleepAction,
    PodLifecycleSleepActionAllowZero,
    KubeletCrashLoopBackOffMax,
    ReduceDefaultCrashLoopBackOffDecay,
    KubeletEnsureSecretPulledImages,
    ContainerRestartRules,
    RestartAllContainersOnContainerExits,
}

/// A gate's stage in one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    /// `alpha`, `beta` or `GA`.
    pub name: &'static str,
    pub default: bool,
    /// The gate exists but cannot be set to anything but its default.
    pub locked: bool,
}

const ALPHA: Option<Stage> = Some(Stage { name: "alpha", default: false, locked: false });
const BETA_OFF: Option<Stage> = Some(Stage { name: "beta", default: false, locked: false });
const BETA_ON: Option<Stage> = Some(Stage { name: "beta", default: true, locked: false });
/// GA, but a cluster could still turn it off (`ExecProbeTimeout` 1.20-1.34).
const GA_OPEN: Option<Stage> = Some(Stage { name: "GA", default: true, locked: false });
const GA: Option<Stage> = Some(Stage { name: "GA", default: true, locked: true });
const REMOVED: Option<Stage> = None;

impl Gate {
    pub const ALL: [Gate; 16] = [
        Gate::ExecProbeTimeout,
        Gate::StartupProbe,
        Gate::ProbeTerminationGracePeriod,
        Gate::GRPCContainerProbe,
        Gate::EndpointSliceTerminatingCondition,
        Gate::ProxyTerminatingEndpoints,
        Gate::PodHasNetworkCondition,
        Gate::PodReadyToStartContainersCondition,
        Gate::SidecarContainers,
        Gate::PodLifecycleSleepAction,
        Gate::PodLifecycleSleepActionAllowZero,
        Gate::KubeletCrashLoopBackOffMax,
        Gate::ReduceDefaultCrashLoopBackOffDecay,
        Gate::KubeletEnsureSecretPulledImages,
        Gate::ContainerRestartRules,
        Gate::RestartAllContainersOnContainerExits,
    ];

    /// The name as `--feature-gates` and the documentation spell it.
    pub fn name(self) -> &'static str {
        match self {
            Gate::ExecProbeTimeout => "ExecProbeTimeout",
            Gate::StartupProbe => "StartupProbe",
            Gate::ProbeTerminationGracePeriod => "ProbeTerminationGracePeriod",
            Gate::GRPCContainerProbe => "GRPCContainerProbe",
            Gate::EndpointSliceTerminatingCondition => "EndpointSliceTerminatingCondition",
            Gate::ProxyTerminatingEndpoints => "ProxyTerminatingEndpoints",
            Gate::PodHasNetworkCondition => "PodHasNetworkCondition",
            Gate::PodReadyToStartContainersCondition => "PodReadyToStartContainersCondition",
            Gate::SidecarContainers => "SidecarContainers",
            Gate::PodLifecycleSleepAction => "PodLifecycleSleepAction",
            Gate::PodLifecycleSleepActionAllowZero => "PodLifecycleSleepActionAllowZero",
            Gate::KubeletCrashLoopBackOffMax => "KubeletCrashLoopBackOffMax",
            Gate::ReduceDefaultCrashLoopBackOffDecay => "ReduceDefaultCrashLoopBackOffDecay",
            Gate::KubeletEnsureSecretPulledImages => "KubeletEnsureSecretPulledImages",
            Gate::ContainerRestartRules => "ContainerRestartRules",
            Gate::RestartAllContainersOnContainerExits => "RestartAllContainersOnContainerExits",
        }
    }

    pub fn by_name(name: &str) -> Option<Gate> {
        Gate::ALL.into_iter().find(|g| g.name() == name)
    }

    /// What the gate changes, in a few words (for the page's toggles).
    pub fn summary(self) -> &'static str {
        match self {
            Gate::ExecProbeTimeout => "exec probes time out after timeoutSeconds",
            Gate::StartupProbe => "startupProbe is kept by the API server",
            Gate::ProbeTerminationGracePeriod => "a probe's terminationGracePeriodSeconds is kept",
            Gate::GRPCContainerProbe => "grpc probes are kept by the API server",
            Gate::EndpointSliceTerminatingCondition => "terminating pods stay in EndpointSlices",
            Gate::ProxyTerminatingEndpoints => "kube-proxy falls back to serving, terminating endpoints",
            Gate::PodHasNetworkCondition => "the PodHasNetwork condition",
            Gate::PodReadyToStartContainersCondition => "the PodReadyToStartContainers condition",
            Gate::SidecarContainers => "init containers with restartPolicy: Always are sidecars",
            Gate::PodLifecycleSleepAction => "the sleep lifecycle action",
            Gate::PodLifecycleSleepActionAllowZero => "sleep: {seconds: 0} is allowed",
            Gate::KubeletCrashLoopBackOffMax => "the node's maxContainerRestartPeriod caps back-off",
            Gate::ReduceDefaultCrashLoopBackOffDecay => "back-off from 1 s to 60 s",
            Gate::KubeletEnsureSecretPulledImages => "the kubelet checks pull credentials of present images",
            Gate::ContainerRestartRules => "container restartPolicy and restartPolicyRules",
            Gate::RestartAllContainersOnContainerExits => "the RestartAllContainers rule action",
        }
    }

    /// The gate's stage in `version`; `None` when the gate does not exist
    /// there (not yet, or removed once the behaviour became permanent).
    pub fn stage(self, version: Version) -> Option<Stage> {
        // (first minor, stage from then on), oldest first.
        let lifetime: &[(u8, Option<Stage>)] = match self {
            Gate::ExecProbeTimeout => &[(20, GA_OPEN), (35, GA)],
            Gate::StartupProbe => &[(16, ALPHA), (18, BETA_ON), (20, GA), (24, REMOVED)],
            Gate::ProbeTerminationGracePeriod => &[(21, ALPHA), (22, BETA_OFF), (25, BETA_ON), (28, GA), (29, REMOVED)],
            Gate::GRPCContainerProbe => &[(23, ALPHA), (24, BETA_ON), (27, GA), (29, REMOVED)],
            Gate::EndpointSliceTerminatingCondition => &[(20, ALPHA), (22, BETA_ON), (26, GA), (28, REMOVED)],
            Gate::ProxyTerminatingEndpoints => &[(22, ALPHA), (26, BETA_ON), (28, GA), (30, REMOVED)],
            // Renamed PodReadyToStartContainersCondition in 1.28.
            Gate::PodHasNetworkCondition => &[(25, ALPHA), (28, REMOVED)],
            Gate::PodReadyToStartContainersCondition => &[(28, ALPHA), (29, BETA_ON), (37, GA)],
            Gate::SidecarContainers => &[(28, ALPHA), (29, BETA_ON), (33, GA)],
            Gate::PodLifecycleSleepAction => &[(29, ALPHA), (30, BETA_ON), (34, GA)],
            Gate::PodLifecycleSleepActionAllowZero => &[(32, ALPHA), (33, BETA_ON), (34, GA)],
            Gate::KubeletCrashLoopBackOffMax => &[(32, ALPHA), (35, BETA_ON)],
            Gate::ReduceDefaultCrashLoopBackOffDecay => &[(33, ALPHA)],
            Gate::KubeletEnsureSecretPulledImages => &[(33, ALPHA), (35, BETA_ON)],
            Gate::ContainerRestartRules => &[(34, ALPHA), (35, BETA_ON)],
            Gate::RestartAllContainersOnContainerExits => &[(35, ALPHA), (36, BETA_ON)],
        };
        lifetime.iter().rev().find(|(from, _)| version.minor() >= *from).and_then(|(_, stage)| *stage)
    }

    /// The versions in which the gate can be set to either value.
    pub fn settable(self) -> Vec<Version> {
        Version::all().filter(|&v| self.stage(v).is_some_and(|s| !s.locked)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(minor: u8) -> Version {
        Version::new(minor).unwrap()
    }

    /// §3.2's toggleable windows, within 1.19-1.37.
    #[test]
    fn settable_windows() {
        let window = |gate: Gate| {
            let settable = gate.settable();
            settable.first().map(|f| (f.minor(), settable.last().unwrap().minor()))
        };
        assert_eq!(window(Gate::ExecProbeTimeout), Some((20, 34)));
        assert_eq!(window(Gate::StartupProbe), Some((19, 19)));
        assert_eq!(window(Gate::ProbeTerminationGracePeriod), Some((21, 27)));
        assert_eq!(window(Gate::GRPCContainerProbe), Some((23, 26)));
        assert_eq!(window(Gate::SidecarContainers), Some((28, 32)));
        assert_eq!(window(Gate::EndpointSliceTerminatingCondition), Some((20, 25)));
        assert_eq!(window(Gate::PodLifecycleSleepAction), Some((29, 33)));
        assert_eq!(window(Gate::PodLifecycleSleepActionAllowZero), Some((32, 33)));
        assert_eq!(window(Gate::KubeletCrashLoopBackOffMax), Some((32, 37)));
        assert_eq!(window(Gate::ReduceDefaultCrashLoopBackOffDecay), Some((33, 37)));
        assert_eq!(window(Gate::ContainerRestartRules), Some((34, 37)));
        assert_eq!(window(Gate::RestartAllContainersOnContainerExits), Some((35, 37)));
    }

    #[test]
    fn stages_by_version() {
        let stage = |gate: Gate, minor| gate.stage(v(minor)).map(|s| (s.name, s.default, s.locked));
        assert_eq!(stage(Gate::ExecProbeTimeout, 19), None);
        assert_eq!(stage(Gate::ExecProbeTimeout, 20), Some(("GA", true, false)));
        assert_eq!(stage(Gate::ExecProbeTimeout, 35), Some(("GA", true, true)));
        assert_eq!(stage(Gate::ProbeTerminationGracePeriod, 24), Some(("beta", false, false)));
        assert_eq!(stage(Gate::ProbeTerminationGracePeriod, 25), Some(("beta", true, false)));
        assert_eq!(stage(Gate::ProbeTerminationGracePeriod, 29), None);
        assert_eq!(stage(Gate::SidecarContainers, 28), Some(("alpha", false, false)));
        assert_eq!(stage(Gate::SidecarContainers, 37), Some(("GA", true, true)));
        assert!(Gate::ALL.iter().all(|g| Gate::by_name(g.name()) == Some(*g)));
    }
}
