//! The cluster a scenario runs on: its Kubernetes minor version, the feature
//! gates that matter to probes, restarts and termination, and the node's
//! kubelet configuration. One value, read by every layer that changes with
//! the version: the API server (what it drops or rejects when a pod is
//! created, `api_server`), the kubelet (timings, gating, back-off, event
//! texts: the methods below, read by the simulator's machines) and kubectl
//! (how it prints, `Kubectl`). Nothing else asks which version it is.
//!
//! Each minor is modelled as its `.0` release with the default gates; patch
//! releases and their backports are not (the reference, `k8s-versions.md`,
//! lists them).

mod api_server;
mod gates;
mod kubectl;
mod kubelet;
mod read;
pub mod text;

pub use api_server::PodField;
pub use gates::{Gate, Stage};
pub use kubectl::Kubectl;
pub use kubelet::{BackOffCurve, EventTexts, ExecTimeout};
pub use read::{FIELDS, of_behaviour, read};

use crate::history::Millis;
use std::fmt;

/// A Kubernetes minor version, 1.19 to 1.37.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(u8);

impl Version {
    pub const OLDEST: Version = Version(19);
    pub const NEWEST: Version = Version(37);

    /// `1.<minor>`, if the simulator models it.
    pub fn new(minor: u8) -> Option<Version> {
        (Self::OLDEST.0..=Self::NEWEST.0).contains(&minor).then_some(Version(minor))
    }

    pub fn minor(self) -> u8 {
        self.0
    }

    /// Every modelled version, oldest first.
    pub fn all() -> impl DoubleEndedIterator<Item = Version> + Clone {
        (Self::OLDEST.0..=Self::NEWEST.0).map(Version)
    }

    /// Reads `1.29`, `v1.29` or `1.29.3` (a patch release is simulated as
    /// its minor: the `bool` says one was given). The error says why not.
    pub fn parse(text: &str) -> Result<(Version, bool), String> {
        let bare = text.trim().strip_prefix('v').unwrap_or(text.trim());
        let mut parts = bare.split('.');
        let (major, minor, patch) = (parts.next(), parts.next(), parts.next());
        fn number(p: Option<&str>) -> Option<&str> {
            p.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        }
        let (Some("1"), Some(minor)) = (number(major), number(minor)) else {
            return Err(format!("`{text}` is not a Kubernetes version; write it like \"1.29\""));
        };
        if parts.next().is_some() || (patch.is_some() && number(patch).is_none()) {
            return Err(format!("`{text}` is not a Kubernetes version; write it like \"1.29\""));
        }
        let range = format!("{} to {}", Self::OLDEST, Self::NEWEST);
        let minor: u8 = minor.parse().map_err(|_| format!("Kubernetes 1.{minor} is not simulated ({range} are)"))?;
        match Version::new(minor) {
            Some(v) => Ok((v, patch.is_some())),
            None => Err(format!("Kubernetes 1.{minor} is not simulated ({range} are)")),
        }
    }
}

impl Default for Version {
    fn default() -> Version {
        Version::NEWEST
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.0)
    }
}

/// The feature gates of one cluster: each gate's state, from the version's
/// defaults and the scenario's `featureGates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureGates {
    enabled: [bool; Gate::ALL.len()],
}

impl FeatureGates {
    /// The gates as a version ships them (a gate the version does not
    /// have is off; its behaviour is what the version does without it).
    pub fn defaults(version: Version) -> FeatureGates {
        let mut enabled = [false; Gate::ALL.len()];
        for gate in Gate::ALL {
            enabled[gate as usize] = gate.stage(version).is_some_and(|s| s.default);
        }
        FeatureGates { enabled }
    }

    pub fn enabled(&self, gate: Gate) -> bool {
        self.enabled[gate as usize]
    }

    /// Sets a gate; the reader checks that the version lets it be set.
    pub fn set(&mut self, gate: Gate, on: bool) {
        self.enabled[gate as usize] = on;
    }
}

/// The node's kubelet configuration, where the scenario sets it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KubeletConfig {
    /// `crashLoopBackOff.maxContainerRestartPeriod` (1-300 s), read when
    /// `KubeletCrashLoopBackOffMax` is on.
    pub max_container_restart_period: Option<Millis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cluster {
    pub version: Version,
    pub gates: FeatureGates,
    pub kubelet: KubeletConfig,
}

impl Default for Cluster {
    fn default() -> Cluster {
        Cluster::new(Version::default())
    }
}

impl Cluster {
    /// A cluster of `version` with its default gates and kubelet settings.
    pub fn new(version: Version) -> Cluster {
        Cluster { version, gates: FeatureGates::defaults(version), kubelet: KubeletConfig::default() }
    }

    pub fn enabled(&self, gate: Gate) -> bool {
        self.gates.enabled(gate)
    }

    fn since(&self, minor: u8) -> bool {
        self.version.minor() >= minor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_read_as_users_write_them() {
        assert_eq!(Version::parse("1.29"), Ok((Version(29), false)));
        assert_eq!(Version::parse("v1.37"), Ok((Version(37), false)));
        assert_eq!(Version::parse("1.30.2"), Ok((Version(30), true)));
        assert_eq!(Version::parse("1.18"), Err("Kubernetes 1.18 is not simulated (1.19 to 1.37 are)".into()));
        assert_eq!(Version::parse("1.38"), Err("Kubernetes 1.38 is not simulated (1.19 to 1.37 are)".into()));
        for bad in ["1", "2.29", "1.x", "1.29.", "1.29.1.1", "latest", ""] {
            assert!(Version::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Version::all().count(), 19);
        assert_eq!(Version::default().to_string(), "1.37");
    }
}
