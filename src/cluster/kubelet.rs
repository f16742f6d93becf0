//! The kubelet layer: what the node's kubelet does differently by version
//! and gate (`k8s-versions.md` §1 B, C, D, G). The simulator's machines ask
//! these questions; none of them looks at the version itself.

use super::{Cluster, Gate};
use crate::history::Millis;
use crate::sim::timings::{INITIAL_BACKOFF, MAX_BACKOFF, REDUCED_INITIAL_BACKOFF, REDUCED_MAX_BACKOFF};

/// What an exec probe whose command outlives `timeoutSeconds` gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecTimeout {
    /// Before 1.20: the timeout is not enforced. The probe waits for the
    /// command (dockershim), so a slow but successful command passes.
    Ignored,
    /// `ExecProbeTimeout` on (1.20+): a Failure, `command "..." timed out`.
    Failure,
    /// `ExecProbeTimeout` off (1.20-1.34): a probe error, discarded; the
    /// container is never failed by the timeout.
    Error,
}

/// The CrashLoopBackOff curve (`newCrashLoopBackOff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackOffCurve {
    pub initial: Millis,
    pub max: Millis,
}

impl Cluster {
    pub fn exec_probe_timeout(&self) -> ExecTimeout {
        if self.version.minor() < 20 {
            ExecTimeout::Ignored
        } else if self.enabled(Gate::ExecProbeTimeout) {
            ExecTimeout::Failure
        } else {
            ExecTimeout::Error
        }
    }

    /// Before 1.21 every new probe worker slept a random part of its period
    /// before its first probe; from 1.21 only just after a kubelet start
    /// (#98376), which the simulated kubelet is not.
    pub fn first_probe_jitter(&self) -> bool {
        !self.since(21)
    }

    /// The readiness manual trigger (`manualTriggerCh`): from 1.21 a pod sync
    /// probes readiness at once for a started container that is not ready,
    /// so Ready follows a startup success within a second (#98376).
    pub fn readiness_trigger(&self) -> bool {
        self.since(21)
    }

    /// A manual readiness probe restarts the worker's ticker one period on
    /// (#119089, merged in 2024: 1.31 is the first release it can be in).
    pub fn trigger_resets_ticker(&self) -> bool {
        self.since(31)
    }

    /// From 1.21 liveness and startup workers go quiet once the pod has a
    /// deletion timestamp (#98571); before, they kept probing through the
    /// grace period.
    pub fn liveness_stops_on_deletion(&self) -> bool {
        self.since(21)
    }

    /// 1.22.0 to 1.24.0 stopped the readiness workers too when a pod began
    /// terminating, so Ready stayed as it was until the containers died
    /// (#102537; fixed in 1.25 and mid-2022 patches, #110191).
    pub fn readiness_stops_on_deletion(&self) -> bool {
        (22..=24).contains(&self.version.minor())
    }

    /// The back-off curve: 10 s doubling to 5 min; 1 s to 60 s with
    /// `ReduceDefaultCrashLoopBackOffDecay`; the node's
    /// `maxContainerRestartPeriod` as the cap with `KubeletCrashLoopBackOffMax`,
    /// the initial delay lowered to it when it is smaller (KEP-4603, KEP-5593).
    pub fn backoff(&self) -> BackOffCurve {
        let mut curve = if self.enabled(Gate::ReduceDefaultCrashLoopBackOffDecay) {
            BackOffCurve { initial: REDUCED_INITIAL_BACKOFF, max: REDUCED_MAX_BACKOFF }
        } else {
            BackOffCurve { initial: INITIAL_BACKOFF, max: MAX_BACKOFF }
        };
        if let Some(max) =
            self.kubelet.max_container_restart_period.filter(|_| self.enabled(Gate::KubeletCrashLoopBackOffMax))
        {
            curve.max = max;
            curve.initial = curve.initial.min(max);
        }
        curve
    }

    /// From 1.35 a sync refused by the back-off is retried when the back-off
    /// expires (#133066); before, after the pod worker's jittered 10 s.
    pub fn restart_at_backoff_expiry(&self) -> bool {
        self.since(35)
    }

    /// From 1.27 the kubelet writes a terminal phase (Failed, or Succeeded if
    /// every container exited 0) for a deleted pod before it is removed
    /// (#115331); before, the last phase was Running.
    pub fn terminal_phase_on_deletion(&self) -> bool {
        self.since(27)
    }

    /// The pod condition that says the sandbox and its network are up, if
    /// the cluster reports one.
    pub fn sandbox_condition(&self) -> Option<&'static str> {
        if self.enabled(Gate::PodReadyToStartContainersCondition) {
            Some("PodReadyToStartContainers")
        } else if self.enabled(Gate::PodHasNetworkCondition) {
            Some("PodHasNetwork")
        } else {
            None
        }
    }

    /// Init containers with `restartPolicy: Always` run as sidecars (the API
    /// server drops the field otherwise).
    pub fn sidecars(&self) -> bool {
        self.enabled(Gate::SidecarContainers)
    }

    /// From 1.29 sidecars are stopped after every regular container has
    /// exited, one at a time in reverse order; in 1.28 all containers got
    /// the stop signal together (KEP-753, #120620).
    pub fn sidecars_stop_after_main(&self) -> bool {
        self.since(29)
    }

    /// A deleted pod stays in its EndpointSlice (`ready: false`, `serving`,
    /// `terminating`) until it is gone; without the gate it leaves at once.
    pub fn endpoints_keep_terminating(&self) -> bool {
        self.version.minor() >= 28 || self.enabled(Gate::EndpointSliceTerminatingCondition)
    }

    /// kube-proxy sends a Service's traffic to serving, terminating
    /// endpoints when it has no ready one.
    pub fn proxy_uses_terminating_endpoints(&self) -> bool {
        self.version.minor() >= 30 || self.enabled(Gate::ProxyTerminatingEndpoints)
    }

    /// `User-Agent: kube-probe/<major>.<minor>` of the kubelet.
    pub fn probe_user_agent(&self) -> String {
        format!("kube-probe/{}", self.version)
    }

    /// From 1.20 HTTP probes send `Accept: */*` unless they set their own (#95641).
    pub fn probe_sends_accept(&self) -> bool {
        self.since(20)
    }

    /// `status.observedGeneration` and each condition's (`PodObservedGenerationTracking`,
    /// beta and on from 1.34, GA 1.35).
    pub fn reports_observed_generation(&self) -> bool {
        self.since(34)
    }

    /// The kubelet's event texts for this version.
    pub fn events(&self) -> EventTexts {
        EventTexts { cluster: *self }
    }
}

/// The messages of the kubelet's container events, as this version words
/// them (`k8s-versions.md` §1 G).
#[derive(Debug, Clone, Copy)]
pub struct EventTexts {
    cluster: Cluster,
}

impl EventTexts {
    /// `Created`: `Created container c` to 1.32, `Created container: c` in
    /// 1.33-1.34, `Container created` from 1.35 (the name left the message).
    pub fn created(&self, container: &str) -> String {
        match self.cluster.version.minor() {
            ..=32 => format!("Created container {container}"),
            33..=34 => format!("Created container: {container}"),
            _ => "Container created".into(),
        }
    }

    /// `Started`: `Started container c` to 1.34, `Container started` from 1.35.
    pub fn started(&self, container: &str) -> String {
        match self.cluster.version.minor() {
            ..=34 => format!("Started container {container}"),
            _ => "Container started".into(),
        }
    }

    /// `Pulled` for an image already on the node; with
    /// `KubeletEnsureSecretPulledImages` the kubelet also checked the pod may use it.
    pub fn pulled(&self, image: &str) -> String {
        let mut message = format!("Container image \"{image}\" already present on machine");
        if self.cluster.enabled(Gate::KubeletEnsureSecretPulledImages) {
            message.push_str(" and can be accessed by the pod");
        }
        message
    }

    /// A failed lifecycle hook (`FailedPostStartHook`, `FailedPreStopHook`):
    /// to 1.25 the handler, container, pod and error; from 1.26 only
    /// `PostStartHook failed` or `PreStopHook failed`, so that no secret in
    /// the output leaks into an event (#119541).
    pub fn hook_failed(&self, hook: &str, handler: &str, container: &str, pod: &str, error: &str) -> String {
        if self.cluster.since(26) {
            format!("{hook}Hook failed")
        } else {
            format!("{handler} for Container {container:?} in Pod {pod:?} failed - error: {error}")
        }
    }

    /// `BackOff`: the container and pod were added to the message in 1.26 (#113216).
    pub fn backoff(&self, container: &str, pod: &str) -> String {
        if self.cluster.since(26) {
            format!("Back-off restarting failed container {container} in pod {pod}")
        } else {
            "Back-off restarting failed container".into()
        }
    }
}
