//! What kubectl (and the browser UI) would show of a simulated history at a
//! simulated instant. Every view is a pure function of `(&History, t)`:
//! nothing here keeps its own copy of the truth, and nothing reads a clock.

mod describe;
mod events;
mod get_pods;
mod json;
mod pod_object;
mod request;
mod scrollback;
mod state;
mod tabwriter;
#[cfg(test)]
pub(crate) mod testing;
pub mod timeline;
mod timestamp;
pub mod traffic;
mod transitions;

pub use crate::go_duration::{go_duration, human_duration};
pub use describe::describe_pod;
pub use events::{event_log, get_events};
pub use get_pods::{InitStatus, NO_PODS, PodRow, PodStatus, get_pods, get_pods_watch, get_pods_watch_cells};
pub use json::{json_line, json_lines};
pub use pod_object::{Format as ObjectFormat, get_pod_object};
pub use request::{Header, HttpRequest, ProbeRequest, app_log};
pub use scrollback::{NumberedLine, joined, scrollback};
pub use state::{ClusterState, ContainerView, PodState, ServiceState, Stopping};
pub use tabwriter::TabWriter;
pub use timestamp::{SCENARIO_EPOCH, rfc1123z, sim_clock};
pub use transitions::{last_before, next_after, transitions};
