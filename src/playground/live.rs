//! What the live actions panel offers at a moment: the pods there are, the
//! picked one's containers, the workload to scale or roll out (which stays
//! offered when no pod is left, so that scaling to 0 never locks the panel),
//! and defaults taken from the probes.

use crate::behaviour::file_checked;
use crate::history::History;
use crate::spec::{Handler, ProbeKind};
use crate::view::ClusterState;

#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// The pods that exist at the moment, in creation order.
    pub pods: Vec<String>,
    /// The pod the actions are aimed at: the picked one, else the first.
    pub pod: Option<String>,
    /// The containers of that pod.
    pub containers: Vec<String>,
    /// The workload Scale, Roll out and Roll back act on: the pod's, else
    /// the first of the run that has replicas (not a bare Pod).
    pub workload: Option<String>,
    /// Its pods at the moment, not being deleted.
    pub replicas: i32,
    /// The first HTTP path a probe of the picked container(s) asks for.
    pub path: String,
    /// The first file an exec probe's command reads.
    pub file: String,
    /// A plausible next image of the pod's first app container.
    pub image: String,
}

/// The name of a workload from `PodInfo::workload` (`Deployment/web`), if
/// it has replicas to scale.
fn scalable(workload: &str) -> Option<&str> {
    let (kind, name) = workload.split_once('/')?;
    (kind != "Pod" && !name.is_empty()).then_some(name)
}

/// The panel's targets at the cluster's moment, for the picked pod and
/// container (`None`: the first pod, every container).
pub fn targets(history: &History, cluster: &ClusterState, pod: Option<&str>, container: Option<&str>) -> Targets {
    let pods = cluster.pod_names(history);
    let pod = pod.filter(|p| pods.iter().any(|n| n == p)).map(str::to_string).or_else(|| pods.first().cloned());
    let info = pod.as_deref().and_then(|n| history.pod_by_name(n)).map(|id| history.pod(id));
    let spec = info.map(|i| &i.template.spec.containers[..]).unwrap_or_default();
    let containers = spec.iter().map(|c| c.name.clone()).collect();
    let workload = info
        .and_then(|i| scalable(&i.workload))
        .or_else(|| history.pods.iter().find_map(|p| scalable(&p.workload)))
        .map(str::to_string);
    let replicas = cluster
        .pods
        .iter()
        .filter(|p| !p.deleting() && scalable(&history.pod(p.id).workload) == workload.as_deref())
        .count() as i32;
    let probed: Vec<_> = spec
        .iter()
        .filter(|c| container.is_none_or(|n| c.name == n))
        .flat_map(|c| ProbeKind::ALL.iter().filter_map(move |k| c.probe(*k).map(|p| (c, &p.handler))))
        .collect();
    let path = probed.iter().find_map(|(_, h)| match h {
        Handler::HttpGet { path, .. } => Some(path.clone()),
        _ => None,
    });
    let file = probed.iter().find_map(|(c, h)| match h {
        Handler::Exec { command } => file_checked(c, command),
        _ => None,
    });
    let image = spec.iter().find(|c| c.is_regular()).map_or("app:2.0".to_string(), |c| next_image(&c.image));
    Targets {
        pods,
        pod,
        containers,
        workload,
        replicas,
        path: path.unwrap_or_else(|| "/".to_string()),
        file: file.unwrap_or_else(|| "/tmp/healthy".to_string()),
        image,
    }
}

/// A plausible next version of an image: `web:1.0` becomes `web:1.1`.
pub fn next_image(image: &str) -> String {
    match image.rsplit_once(':') {
        Some((name, tag)) => {
            let mut parts: Vec<String> = tag.split('.').map(str::to_string).collect();
            if let Some(last) = parts.last_mut()
                && let Ok(n) = last.parse::<u32>()
            {
                *last = (n + 1).to_string();
                return format!("{name}:{}", parts.join("."));
            }
            format!("{name}:{tag}-next")
        }
        None => format!("{image}:v2"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: app\n        image: web:1.0\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n";

    #[test]
    fn the_first_pod_and_its_probes_give_the_defaults() {
        let h = scenario::load(WEB).simulate();
        let t = targets(&h, &ClusterState::at(&h, 30_000), None, None);
        assert_eq!(
            (t.pods.len(), t.pod.as_ref(), t.containers.as_slice()),
            (2, t.pods.first(), &["app".to_string()][..])
        );
        assert_eq!((t.workload.as_deref(), t.replicas), (Some("web"), 2));
        assert_eq!((t.path.as_str(), t.file.as_str(), t.image.as_str()), ("/ready", "/tmp/healthy", "web:1.1"));
    }

    #[test]
    fn scaled_to_zero_the_workload_is_still_offered() {
        let text = format!("{WEB}---\nkind: Behaviour\nactions:\n- at: 10s\n  workload: web\n  scale: 0\n");
        let h = scenario::load(&text).simulate();
        let t = targets(&h, &ClusterState::at(&h, 120_000), Some("gone"), None);
        assert_eq!((t.pods.len(), t.pod, t.workload.as_deref(), t.replicas), (0, None, Some("web"), 0));
    }

    #[test]
    fn next_image_bumps_the_last_number() {
        assert_eq!(next_image("web:1.0"), "web:1.1");
        assert_eq!(next_image("web:latest"), "web:latest-next");
        assert_eq!(next_image("web"), "web:v2");
    }
}
