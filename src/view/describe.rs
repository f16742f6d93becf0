//! `kubectl describe pod` at a simulated instant, line for line as
//! `staging/src/k8s.io/kubectl/pkg/describe/describe.go` writes it
//! (`describePod`, `describeContainers`, `describeStatus`, `DescribeProbe`,
//! `DescribeEvents`) through its tabwriter (`tabbedString`).
//!
//! What the spec model does not carry is filled in as a default cluster
//! would: priority 0, the `default` service account, the projected
//! `kube-api-access-*` token volume and its mount, BestEffort QoS (no
//! resources) and the two default NoExecute tolerations.

use super::events::{Event, events_at};
use super::state::{ClusterState, ContainerView, PodState};
use super::tabwriter::TabWriter;
use super::timestamp::{api_time, rfc1123z};
use crate::go_duration::human_duration;
use crate::history::{ContainerState, History, Millis, PodInfo, PodPhase, Terminated};
use crate::names::{node_ip, stable_digest, stable_suffix};
use crate::spec::{Container, Handler, Labels, Probe, Scheme};

/// `kubectl describe pod <name>` at `t`; `None` if no such pod exists then.
pub fn describe_pod(history: &History, pod_name: &str, t: Millis) -> Option<String> {
    let state = ClusterState::at(history, t);
    let pod = state.pods.iter().find(|p| history.pod(p.id).name == pod_name)?;
    let info = history.pod(pod.id);
    let mut out = Lines::default();
    describe_metadata(&mut out, info, pod, t);
    let spec = &info.template.spec;
    let volume = token_volume(info);
    let containers = |sidecar: bool| {
        spec.containers.iter().zip(&pod.containers).filter(move |(c, _)| c.is_init() == sidecar).collect::<Vec<_>>()
    };
    let sidecars = containers(true);
    if !sidecars.is_empty() {
        describe_containers(&mut out, "Init Containers", &sidecars, &volume);
    }
    describe_containers(&mut out, "Containers", &containers(false), &volume);
    describe_conditions(&mut out, info, pod);
    describe_scheduling(&mut out, &volume);
    describe_events(&mut out, history, pod, t);
    let mut w = TabWriter::describe();
    w.write(&out.0);
    Some(w.flush())
}

/// Text for the tabwriter, indented two spaces per level as
/// describe's `PrefixWriter` does.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn put(&mut self, level: usize, text: impl AsRef<str>) {
        for _ in 0..level {
            self.0.push_str("  ");
        }
        self.0.push_str(text.as_ref());
        self.0.push('\n');
    }

    /// `printLabelsMultiline` and its kin: the first row beside the title,
    /// the others aligned under it.
    fn multiline(&mut self, title: &str, rows: Vec<String>) {
        if rows.is_empty() {
            return self.put(0, format!("{title}:\t<none>"));
        }
        for (i, row) in rows.iter().enumerate() {
            let head = if i == 0 { format!("{title}:") } else { String::new() };
            self.put(0, format!("{head}\t{row}"));
        }
    }
}

fn describe_metadata(out: &mut Lines, info: &PodInfo, pod: &PodState, t: Millis) {
    out.put(0, format!("Name:\t{}", info.name));
    out.put(0, format!("Namespace:\t{}", info.namespace));
    out.put(0, "Priority:\t0");
    out.put(0, "Service Account:\tdefault");
    match info.node.as_str() {
        "" => out.put(0, "Node:\t<none>"),
        node => out.put(0, format!("Node:\t{node}/{}", node_ip(node))),
    }
    let reported = pod.status.is_some();
    if reported {
        out.put(0, format!("Start Time:\t{}", rfc1123z(info.created_ms)));
    }
    out.multiline("Labels", info.template.labels.iter().map(|(k, v)| format!("{k}={v}")).collect());
    out.multiline("Annotations", annotation_rows(&info.template.annotations));
    let status = pod.status.as_ref();
    let phase = status.map_or(PodPhase::Pending, |s| s.phase);
    match status.and_then(|s| s.deletion) {
        Some(deletion) if !phase.is_terminal() => {
            // The deletion timestamp is when the grace period ends, so
            // during the grace period this reads `lasts <invalid>`.
            out.put(0, format!("Status:\tTerminating (lasts {})", human_duration(t - api_time(deletion))));
            out.put(0, format!("Termination Grace Period:\t{}s", info.template.spec.termination_grace_period_seconds));
        }
        _ => out.put(0, format!("Status:\t{}", phase.name())),
    }
    // The pod IP is published with the kubelet's first status.
    let ip = if reported { info.ip.as_str() } else { "" };
    out.put(0, format!("IP:\t{ip}"));
    if ip.is_empty() {
        out.put(0, "IPs:\t<none>");
    } else {
        out.put(0, "IPs:");
        out.put(1, format!("IP:\t{ip}"));
    }
    if !info.owner.is_empty() {
        out.put(0, format!("Controlled By:\t{}", info.owner));
    }
}

/// `printAnnotationsMultiline`: `key: value`, sorted by key, without
/// `kubectl apply`'s copy of the object; a long or multi-line value goes
/// under its key, two spaces in, each line cut at 138 bytes.
fn annotation_rows(annotations: &Labels) -> Vec<String> {
    const MAX_ANNOTATION_LEN: usize = 140;
    let mut rows = vec![];
    for (key, value) in annotations.iter().filter(|(k, _)| *k != "kubectl.kubernetes.io/last-applied-configuration") {
        let value = value.strip_suffix('\n').unwrap_or(value);
        if value.len() + key.len() + 2 <= MAX_ANNOTATION_LEN && !value.contains('\n') {
            rows.push(format!("{key}: {value}"));
            continue;
        }
        rows.push(format!("{key}:"));
        for line in value.split('\n') {
            if line.len() <= MAX_ANNOTATION_LEN - 2 {
                rows.push(format!("  {line}"));
                continue;
            }
            // Go slices bytes; stop at a character boundary instead.
            rows.push(format!("  {}...", &line[..line.floor_char_boundary(MAX_ANNOTATION_LEN - 2)]));
        }
    }
    rows
}

fn describe_containers(out: &mut Lines, label: &str, containers: &[(&Container, &ContainerView)], volume: &str) {
    out.put(0, format!("{label}:{}", if containers.is_empty() { " <none>" } else { "" }));
    for (c, view) in containers {
        let status = view.status.as_ref();
        out.put(1, format!("{}:", c.name));
        if let Some(s) = status {
            out.put(2, format!("Container ID:\t{}", s.container_id));
        }
        out.put(2, format!("Image:\t{}", c.image));
        if let Some(s) = status {
            let image_id = if s.container_id.is_empty() { String::new() } else { image_id(&c.image) };
            out.put(2, format!("Image ID:\t{image_id}"));
        }
        describe_ports(out, c);
        for (title, words) in [("Command", &c.command), ("Args", &c.args)] {
            if !words.is_empty() {
                out.put(2, format!("{title}:"));
                for line in words.iter().flat_map(|w| w.split('\n')) {
                    out.put(3, line);
                }
            }
        }
        if let Some(s) = status {
            describe_state(out, "State", &s.state);
            if let Some(last) = &s.last_state {
                describe_state(out, "Last State", &ContainerState::Terminated(last.clone()));
            }
            out.put(2, format!("Ready:\t{}", title_bool(s.ready)));
            out.put(2, format!("Restart Count:\t{}", s.restart_count));
        }
        for (title, probe) in
            [("Liveness", &c.liveness_probe), ("Readiness", &c.readiness_probe), ("Startup", &c.startup_probe)]
        {
            if let Some(p) = probe {
                out.put(2, format!("{title}:\t{}", describe_probe(p)));
            }
        }
        if c.env.is_empty() {
            out.put(2, "Environment:\t<none>");
        } else {
            out.put(2, "Environment:");
            for (name, value) in &c.env {
                for (i, line) in value.split('\n').enumerate() {
                    out.put(3, if i == 0 { format!("{name}:\t{line}") } else { format!("\t{line}") });
                }
            }
        }
        out.put(2, "Mounts:");
        out.put(3, format!("/var/run/secrets/kubernetes.io/serviceaccount from {volume} (ro)"));
    }
}

/// `describeContainerPorts` / `describeContainerHostPorts`: `Port` or,
/// when there are several, `Ports`.
fn describe_ports(out: &mut Lines, c: &Container) {
    let list = |port: fn(i32) -> i32| {
        let ports: Vec<String> = c
            .ports
            .iter()
            .map(|p| match &p.name {
                Some(name) => format!("{}/{} ({name})", port(p.container_port), p.protocol),
                None => format!("{}/{}", port(p.container_port), p.protocol),
            })
            .collect();
        ports.join(", ")
    };
    // The spec model has no hostPort, so host ports print as Go's zero value.
    for (title, text) in [("Port", list(|p| p)), ("Host Port", list(|_| 0))] {
        match text.as_str() {
            "" => out.put(2, format!("{title}:\t<none>")),
            _ if text.contains(',') => out.put(2, format!("{title}s:\t{text}")),
            _ => out.put(2, format!("{title}:\t{text}")),
        }
    }
}

/// `describeStatus`. A waiting message is never printed.
fn describe_state(out: &mut Lines, title: &str, state: &ContainerState) {
    match state {
        ContainerState::Running { started_at } => {
            out.put(2, format!("{title}:\tRunning"));
            out.put(3, format!("Started:\t{}", rfc1123z(*started_at)));
        }
        ContainerState::Waiting { reason, .. } => {
            out.put(2, format!("{title}:\tWaiting"));
            if !reason.is_empty() {
                out.put(3, format!("Reason:\t{reason}"));
            }
        }
        ContainerState::Terminated(Terminated { exit_code, reason, signal, started_at, finished_at, .. }) => {
            out.put(2, format!("{title}:\tTerminated"));
            out.put(3, format!("Reason:\t{reason}"));
            out.put(3, format!("Exit Code:\t{exit_code}"));
            if *signal > 0 {
                out.put(3, format!("Signal:\t{signal}"));
            }
            out.put(3, format!("Started:\t{}", rfc1123z(*started_at)));
            out.put(3, format!("Finished:\t{}", rfc1123z(*finished_at)));
        }
    }
}

/// `DescribeProbe`: the handler, then the timing attributes after defaulting.
fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds, p.timeout_seconds, p.period_seconds, p.success_threshold, p.failure_threshold
    );
    match &p.handler {
        // Go's `%v` of a []string: space-separated in brackets, unquoted.
        Handler::Exec { command } => format!("exec [{}] {attrs}", command.join(" ")),
        Handler::HttpGet { path, port, host, scheme, .. } => {
            let scheme = match scheme {
                Scheme::Http => "http",
                Scheme::Https => "https",
            };
            let host = join_host_port(host.as_deref().unwrap_or(""), &port.to_string());
            let slash = if !path.is_empty() && !path.starts_with('/') { "/" } else { "" };
            format!("http-get {scheme}://{}{slash}{} {attrs}", escape(&host, keep_in_host), escape(path, keep_in_path))
        }
        Handler::TcpSocket { port, host } => format!("tcp-socket {}:{port} {attrs}", host.as_deref().unwrap_or("")),
        // The literal `<pod>`; an empty service leaves two spaces.
        Handler::Grpc { port, service } => format!("grpc <pod>:{port} {service} {attrs}"),
    }
}

/// Go's `net.JoinHostPort`.
fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// Go's `url.escape`: bytes outside `keep` become `%XX` (upper-case hex).
fn escape(s: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `shouldEscape(c, encodePath)` is false: unreserved characters and every
/// reserved one but `?`.
fn keep_in_path(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@".contains(&b)
}

/// `shouldEscape(c, encodeHost)` is false: sub-delims, `:`, brackets too.
fn keep_in_host(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b)
}

fn describe_conditions(out: &mut Lines, info: &PodInfo, pod: &PodState) {
    let conditions = pod.status.as_ref().map_or(&[][..], |s| &s.conditions[..]);
    let gates = &info.template.spec.readiness_gates;
    if !gates.is_empty() {
        out.put(0, "Readiness Gates:");
        out.put(1, "Type\tStatus");
        for gate in gates {
            let status = conditions.iter().find(|c| &c.kind == gate).map_or("<none>", |c| title_bool(c.status));
            out.put(1, format!("{gate} \t{status} "));
        }
    }
    if !conditions.is_empty() {
        out.put(0, "Conditions:");
        out.put(1, "Type\tStatus");
        for c in conditions {
            out.put(1, format!("{} \t{} ", c.kind, title_bool(c.status)));
        }
    }
}

/// Volumes, QoS, node selectors and tolerations: the same for every pod here.
fn describe_scheduling(out: &mut Lines, volume: &str) {
    out.put(0, "Volumes:");
    out.put(1, format!("{volume}:"));
    out.put(2, "Type:\tProjected (a volume that contains injected data from multiple sources)");
    out.put(2, "TokenExpirationSeconds:\t3607");
    out.put(2, "ConfigMapName:\tkube-root-ca.crt");
    out.put(2, "Optional:\tfalse");
    out.put(2, "DownwardAPI:\ttrue");
    out.put(0, "QoS Class:\tBestEffort");
    out.put(0, "Node-Selectors:\t<none>");
    out.multiline(
        "Tolerations",
        ["not-ready", "unreachable"].map(|t| format!("node.kubernetes.io/{t}:NoExecute op=Exists for 300s")).to_vec(),
    );
}

/// `DescribeEvents`: the pod's Event objects by last occurrence, with
/// `(xN over T)` for folded ones.
fn describe_events(out: &mut Lines, history: &History, pod: &PodState, t: Millis) {
    let mut events: Vec<Event> = events_at(history, t).into_iter().filter(|e| e.record.pod == Some(pod.id)).collect();
    if events.is_empty() {
        return out.put(0, "Events:\t<none>");
    }
    crate::sort::sort_by_key(&mut events, |e| e.last);
    let kubectl = history.cluster.kubectl();
    out.put(0, "Events:");
    out.put(1, "Type\tReason\tAge\tFrom\tMessage");
    out.put(1, "----\t------\t----\t----\t-------");
    for e in events {
        let first = human_duration(t - api_time(e.first));
        let last = human_duration(t - api_time(e.last));
        let age = if e.count > 1 { format!("{last} (x{} over {first})", e.count) } else { first };
        let r = e.record;
        let field_path = match (r.pod, r.container) {
            (Some(pod), Some(c)) if kubectl.describe_shows_field_path() => {
                let container = &history.pod(pod).template.spec.containers[usize::from(c)];
                let list = if container.is_init() { "initContainers" } else { "containers" };
                format!("spec.{list}{{{}}}: ", container.name)
            }
            _ => String::new(),
        };
        let message = e.message.trim();
        out.put(1, format!("{}\t{}\t{age}\t{}\t{field_path}{message}", r.event_type.name(), r.reason, r.source));
    }
}

fn title_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// The ServiceAccount admission plugin's token volume,
/// `kube-api-access-<5 random chars>`; the chars come from the pod's UID.
pub(super) fn token_volume(info: &PodInfo) -> String {
    format!("kube-api-access-{}", stable_suffix(info.uid.as_bytes(), 5))
}

/// The runtime's image ID: the fully qualified repository and a digest. The
/// digest is a stand-in derived from the image name, stable across runs.
pub(super) fn image_id(image: &str) -> String {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, digest.to_string()),
        None => (image, format!("sha256:{}", stable_digest(image.as_bytes()))),
    };
    // Drop a tag (a colon after the last slash), then qualify like Docker.
    let name = match name.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo,
        _ => name,
    };
    let qualified = match name.split_once('/') {
        None => format!("docker.io/library/{name}"),
        Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => name.to_string(),
        Some(_) => format!("docker.io/{name}"),
    };
    format!("{qualified}@{digest}")
}

#[cfg(test)]
mod tests;
