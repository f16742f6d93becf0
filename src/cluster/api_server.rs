//! The API-server layer: fields of a pod that a version does not know, or
//! drops with its gate off, when the pod is created (`k8s-versions.md` §1,
//! `pkg/api/pod/util.go` `dropDisabledFields`). The loader asks at each such
//! field; a dropped field is a warning there, saying what that cluster does
//! with it, and the simulation runs without it.

use super::{Cluster, Gate};

/// A pod field whose fate depends on the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodField {
    /// `startupProbe` (`StartupProbe`, beta from 1.18).
    StartupProbe,
    /// A liveness or startup probe's `terminationGracePeriodSeconds`
    /// (`ProbeTerminationGracePeriod`: 1.21, on from 1.25).
    ProbeTerminationGracePeriod,
    /// A `grpc` probe handler (`GRPCContainerProbe`: 1.23, on from 1.24).
    GrpcProbe,
    /// `restartPolicy: Always` on an init container (`SidecarContainers`:
    /// 1.28, on from 1.29).
    SidecarRestartPolicy,
    /// A regular container's `restartPolicy` and `restartPolicyRules`
    /// (`ContainerRestartRules`: 1.34, on from 1.35).
    ContainerRestartRules,
    /// The `RestartAllContainers` action of a restart rule
    /// (`RestartAllContainersOnContainerExits`: 1.35, on from 1.36).
    RestartAllContainers,
    /// A lifecycle hook's `sleep` action (`PodLifecycleSleepAction`: 1.29, on
    /// from 1.30).
    SleepAction,
    /// `sleep: {seconds: 0}` (`PodLifecycleSleepActionAllowZero`: 1.32, on
    /// from 1.33).
    SleepZero,
}

impl PodField {
    /// The gate that keeps the field, and the first version that has it.
    fn gate(self) -> (Gate, u8) {
        match self {
            PodField::StartupProbe => (Gate::StartupProbe, 16),
            PodField::ProbeTerminationGracePeriod => (Gate::ProbeTerminationGracePeriod, 21),
            PodField::GrpcProbe => (Gate::GRPCContainerProbe, 23),
            PodField::SidecarRestartPolicy => (Gate::SidecarContainers, 28),
            PodField::ContainerRestartRules => (Gate::ContainerRestartRules, 34),
            PodField::RestartAllContainers => (Gate::RestartAllContainersOnContainerExits, 35),
            PodField::SleepAction => (Gate::PodLifecycleSleepAction, 29),
            PodField::SleepZero => (Gate::PodLifecycleSleepActionAllowZero, 32),
        }
    }

    /// What the simulation does without the field.
    fn without(self) -> &'static str {
        match self {
            PodField::StartupProbe => "liveness and readiness probe the container from its start",
            PodField::ProbeTerminationGracePeriod => {
                "a kill for this probe gives the pod's terminationGracePeriodSeconds"
            }
            PodField::GrpcProbe => "the probe has no handler left and is not run",
            PodField::SidecarRestartPolicy => "it is a classic init container: the next containers wait for it to exit",
            PodField::ContainerRestartRules => "the pod's restartPolicy decides whether the container restarts",
            PodField::RestartAllContainers => "the rule is not applied",
            PodField::SleepAction => "the hook is not run",
            PodField::SleepZero => "the API server rejects the pod for it: the hook is not run",
        }
    }
}

impl Cluster {
    /// Whether the API server of this cluster keeps `field` when a pod is
    /// created; if not, why not and what follows, for the warning.
    pub fn drops(&self, field: PodField) -> Option<String> {
        let (gate, arrived) = field.gate();
        let version = self.version;
        if version.minor() < arrived {
            return Some(format!(
                "Kubernetes {version} does not know this field (it came in 1.{arrived}): kubectl rejects the manifest, and with --validate=false the API server drops the field; simulated without it: {}",
                field.without()
            ));
        }
        // A gate removed after GA: the field is always kept.
        if gate.stage(version).is_none() || self.enabled(gate) {
            return None;
        }
        if field == PodField::SleepZero {
            return Some(format!(
                "Kubernetes {version} rejects sleep.seconds 0 ({} is off): must be greater than 0 and less than terminationGracePeriodSeconds; simulated without the hook",
                gate.name()
            ));
        }
        Some(format!(
            "Kubernetes {version} drops this field when the pod is created ({} is off); simulated without it: {}",
            gate.name(),
            field.without()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Version;

    fn on(minor: u8) -> Cluster {
        Cluster::new(Version::new(minor).unwrap())
    }

    #[test]
    fn each_field_by_version() {
        let kept = |field: PodField, minor: u8| on(minor).drops(field).is_none();
        assert!(kept(PodField::StartupProbe, 19) && kept(PodField::StartupProbe, 37));
        assert!(!kept(PodField::ProbeTerminationGracePeriod, 20));
        assert!(!kept(PodField::ProbeTerminationGracePeriod, 24) && kept(PodField::ProbeTerminationGracePeriod, 25));
        assert!(!kept(PodField::GrpcProbe, 23) && kept(PodField::GrpcProbe, 24));
        assert!(!kept(PodField::SidecarRestartPolicy, 28) && kept(PodField::SidecarRestartPolicy, 29));
        assert!(!kept(PodField::ContainerRestartRules, 34) && kept(PodField::ContainerRestartRules, 35));
        assert!(!kept(PodField::RestartAllContainers, 35) && kept(PodField::RestartAllContainers, 36));
        assert!(!kept(PodField::SleepAction, 29) && kept(PodField::SleepAction, 30));
        assert!(!kept(PodField::SleepZero, 32) && kept(PodField::SleepZero, 33));
        assert_eq!(
            on(24).drops(PodField::ProbeTerminationGracePeriod).unwrap(),
            "Kubernetes 1.24 drops this field when the pod is created (ProbeTerminationGracePeriod is off); simulated without it: a kill for this probe gives the pod's terminationGracePeriodSeconds"
        );
    }
}
