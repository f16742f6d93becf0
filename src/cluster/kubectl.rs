//! The kubectl layer: how `kubectl` of the cluster's version prints what the
//! API server holds (`k8s-versions.md` §1 G). kubectl is taken to match the
//! cluster, as it does when it comes with it.

use super::{Cluster, Version};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kubectl {
    version: Version,
}

impl Cluster {
    pub fn kubectl(&self) -> Kubectl {
        Kubectl { version: self.version }
    }
}

impl Kubectl {
    /// `get pods` RESTARTS reads `3 (20s ago)` from 1.22 (#100142).
    pub fn restarts_with_age(&self) -> bool {
        self.version.minor() >= 22
    }

    /// Before 1.31 `get pods` printed `Terminating` for any pod with a
    /// deletion timestamp, even one whose phase is already terminal (#122038).
    pub fn terminating_hides_terminal_phase(&self) -> bool {
        self.version.minor() < 31
    }

    /// `describe pod` puts the event's field path before its message
    /// (`spec.containers{app}: Container started`) from 1.35 (#133627).
    pub fn describe_shows_field_path(&self) -> bool {
        self.version.minor() >= 35
    }
}
