//! `kubectl get pod NAME -o yaml` and `-o json` at a simulated instant: the
//! Pod object as the API server returns it, `spec` as defaulted and
//! `status` as the kubelet last wrote it. kubectl prints the object it
//! decoded into a map, so keys come in sorted order in both formats; JSON is
//! indented by four spaces, YAML as `sigs.k8s.io/yaml` writes it (strings
//! that would read as something else, such as `"True"` or a timestamp,
//! quoted).
//!
//! What the spec model does not carry is filled in as a default cluster
//! would, as `describe` does: the `default` service account and its token
//! volume, BestEffort QoS, the two default NoExecute tolerations.

use super::describe::{image_id, token_volume};
use super::state::{ClusterState, ContainerView, PodState};
use super::timestamp::rfc3339;
use crate::history::{ContainerRecord, ContainerState, History, Millis, PodInfo, PodPhase, Terminated};
use crate::names::{node_ip, stable_digest};
use crate::spec::{Container, Handler, Hook, HookAction, PortRef, Probe, RestartPolicy, Scheme};
use serde_json::{Map, Value, json};

/// The two outputs of `-o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

/// `kubectl get pod <name> -o yaml|json` at `t`; `None` if no such pod
/// exists then.
pub fn get_pod_object(history: &History, pod_name: &str, t: Millis, format: Format) -> Option<String> {
    let state = ClusterState::at(history, t);
    let pod = state.pods.iter().find(|p| history.pod(p.id).name == pod_name)?;
    let object = pod_object(history, pod);
    Some(match format {
        Format::Json => {
            let mut out = Vec::new();
            let mut writer = serde_json::Serializer::with_formatter(
                &mut out,
                serde_json::ser::PrettyFormatter::with_indent(b"    "),
            );
            serde::Serialize::serialize(&object, &mut writer).expect("a JSON value always serializes");
            String::from_utf8(out).expect("JSON is UTF-8") + "\n"
        }
        Format::Yaml => {
            go_yaml_quotes(&serde_yaml::to_string(&object).expect("a JSON value always serializes as YAML"))
        }
    })
}

/// serde_yaml's output with go-yaml's quoting, which kubectl prints: a
/// quoted scalar in double quotes, and a timestamp (which YAML 1.1 would
/// read as one) quoted too.
fn go_yaml_quotes(yaml: &str) -> String {
    let is_timestamp = |v: &str| {
        let b = v.as_bytes();
        b.len() == 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z'
    };
    let mut out = String::with_capacity(yaml.len() + 64);
    for line in yaml.lines() {
        // The value starts after the key's `: ` or a sequence item's `- `.
        let at = line.find(": ").map(|i| i + 2).or_else(|| {
            let indent = line.len() - line.trim_start().len();
            line[indent..].starts_with("- ").then_some(indent + 2)
        });
        let (head, value) = at.map_or((line, ""), |i| line.split_at(i));
        let quoted = if value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'') {
            Some(value[1..value.len() - 1].replace("''", "'"))
        } else if is_timestamp(value) {
            Some(value.to_string())
        } else {
            None
        };
        match quoted {
            Some(text) => out.push_str(&format!("{head}{}", serde_json::Value::from(text))),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The Pod object.
fn pod_object(history: &History, pod: &PodState) -> Value {
    let info = history.pod(pod.id);
    let spec = &info.template.spec;
    let volume = token_volume(info);
    let tolerations: Vec<Value> = ["not-ready", "unreachable"]
        .map(|taint| {
            json!({
                "effect": "NoExecute",
                "key": format!("node.kubernetes.io/{taint}"),
                "operator": "Exists",
                "tolerationSeconds": 300,
            })
        })
        .to_vec();
    let containers = |sidecars: bool| -> Vec<Value> {
        spec.containers.iter().filter(|c| c.is_init() == sidecars).map(|c| container(c, &volume)).collect()
    };
    let mut pod_spec = json!({
        "containers": containers(false),
        "dnsPolicy": "ClusterFirst",
        "enableServiceLinks": true,
        "nodeName": info.node,
        "preemptionPolicy": "PreemptLowerPriority",
        "priority": 0,
        "restartPolicy": spec.restart_policy.name(),
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "serviceAccount": "default",
        "serviceAccountName": "default",
        "terminationGracePeriodSeconds": spec.termination_grace_period_seconds,
        "tolerations": tolerations,
        "volumes": [json!({
            "name": volume,
            "projected": {
                "defaultMode": 420,
                "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}},
                ],
            },
        })],
    });
    let sidecars = containers(true);
    if !sidecars.is_empty() {
        pod_spec["initContainers"] = Value::Array(sidecars);
    }
    if spec.host_network {
        pod_spec["hostNetwork"] = true.into();
    }
    if !spec.readiness_gates.is_empty() {
        pod_spec["readinessGates"] = spec.readiness_gates.iter().map(|g| json!({"conditionType": g})).collect();
    }
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": metadata(history, info, pod),
        "spec": pod_spec,
        "status": status(history, info, pod),
    })
}

fn metadata(history: &History, info: &PodInfo, pod: &PodState) -> Value {
    let mut meta = json!({
        "creationTimestamp": rfc3339(info.created_ms),
        "labels": info.template.labels,
        "name": info.name,
        "namespace": info.namespace,
        // Every write the API server took for this pod, the object's version.
        "resourceVersion": resource_version(history, pod),
        "uid": info.uid,
    });
    if !info.template.annotations.is_empty() {
        meta["annotations"] = json!(info.template.annotations);
    }
    if let Some((kind, owner)) = info.owner.split_once('/') {
        if kind != "StatefulSet" {
            meta["generateName"] =
                format!("{}-", info.name.rsplit_once('-').map_or(owner, |(prefix, _)| prefix)).into();
        }
        let api_version = if matches!(kind, "Job") {
            "batch/v1"
        } else if kind == "ReplicationController" {
            "v1"
        } else {
            "apps/v1"
        };
        meta["ownerReferences"] = json!([{
            "apiVersion": api_version,
            "blockOwnerDeletion": true,
            "controller": true,
            "kind": kind,
            "name": owner,
            "uid": uid_of(&info.owner),
        }]);
    }
    if let Some(deletion) = pod.status.as_ref().and_then(|s| s.deletion) {
        meta["deletionTimestamp"] = rfc3339(deletion).into();
        meta["deletionGracePeriodSeconds"] = info.template.spec.termination_grace_period_seconds.into();
    }
    meta
}

/// A stand-in UID for an object the history does not give one (an owner),
/// stable across runs.
fn uid_of(name: &str) -> String {
    let hex = stable_digest(name.as_bytes());
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A stand-in `resourceVersion`: it grows with every status the kubelet wrote.
fn resource_version(history: &History, pod: &PodState) -> String {
    let writes = pod.status.as_ref().map_or(0, |s| {
        history.until(s.t).iter().filter(|r| matches!(r, crate::history::Record::Pod(p) if p.pod == pod.id)).count()
    });
    (1000 + 7 * pod.id as usize + writes).to_string()
}

fn container(c: &Container, volume: &str) -> Value {
    let mut v = json!({
        "image": c.image,
        "imagePullPolicy": pull_policy(&c.image),
        "name": c.name,
        "resources": {},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": volume, "readOnly": true}],
    });
    if !c.command.is_empty() {
        v["command"] = json!(c.command);
    }
    if !c.args.is_empty() {
        v["args"] = json!(c.args);
    }
    if !c.env.is_empty() {
        v["env"] = c.env.iter().map(|(name, value)| json!({"name": name, "value": value})).collect();
    }
    if !c.ports.is_empty() {
        v["ports"] = c
            .ports
            .iter()
            .map(|p| {
                let mut port = json!({"containerPort": p.container_port, "protocol": p.protocol});
                if let Some(name) = &p.name {
                    port["name"] = name.as_str().into();
                }
                port
            })
            .collect();
    }
    for (field, probe) in [
        ("livenessProbe", &c.liveness_probe),
        ("readinessProbe", &c.readiness_probe),
        ("startupProbe", &c.startup_probe),
    ] {
        if let Some(p) = probe {
            v[field] = self::probe(p);
        }
    }
    let mut lifecycle = Map::new();
    for (field, hook) in [("postStart", &c.post_start), ("preStop", &c.pre_stop)] {
        if let Some(h) = hook {
            lifecycle.insert(field.into(), self::hook(h));
        }
    }
    if !lifecycle.is_empty() {
        v["lifecycle"] = Value::Object(lifecycle);
    }
    if c.is_sidecar() {
        v["restartPolicy"] = RestartPolicy::Always.name().into();
    }
    v
}

/// `SetDefaults_Container`: `Always` for `:latest` or no tag, else `IfNotPresent`.
fn pull_policy(image: &str) -> &'static str {
    let name = image.split('@').next().unwrap_or(image);
    let tag = name.rsplit_once(':').filter(|(_, tag)| !tag.contains('/')).map(|(_, tag)| tag);
    if image.contains('@') || tag.is_some_and(|t| t != "latest") { "IfNotPresent" } else { "Always" }
}

fn port(port: &PortRef) -> Value {
    match port {
        PortRef::Number(n) => (*n).into(),
        PortRef::Name(name) => name.as_str().into(),
    }
}

fn scheme(s: Scheme) -> &'static str {
    match s {
        Scheme::Http => "HTTP",
        Scheme::Https => "HTTPS",
    }
}

fn probe(p: &Probe) -> Value {
    let mut v = json!({
        "failureThreshold": p.failure_threshold,
        "periodSeconds": p.period_seconds,
        "successThreshold": p.success_threshold,
        "timeoutSeconds": p.timeout_seconds,
    });
    if p.initial_delay_seconds != 0 {
        v["initialDelaySeconds"] = p.initial_delay_seconds.into();
    }
    if let Some(grace) = p.termination_grace_period_seconds {
        v["terminationGracePeriodSeconds"] = grace.into();
    }
    match &p.handler {
        Handler::Exec { command } => v["exec"] = json!({"command": command}),
        Handler::HttpGet { path, port: p, host, scheme: s, headers } => {
            let mut get = json!({"path": path, "port": port(p), "scheme": scheme(*s)});
            if let Some(host) = host {
                get["host"] = host.as_str().into();
            }
            if !headers.is_empty() {
                get["httpHeaders"] =
                    headers.iter().map(|(name, value)| json!({"name": name, "value": value})).collect();
            }
            v["httpGet"] = get;
        }
        Handler::TcpSocket { port: p, host } => {
            let mut tcp = json!({"port": port(p)});
            if let Some(host) = host {
                tcp["host"] = host.as_str().into();
            }
            v["tcpSocket"] = tcp;
        }
        Handler::Grpc { port, service } => v["grpc"] = json!({"port": port, "service": service}),
    }
    v
}

fn hook(h: &Hook) -> Value {
    match &h.action {
        HookAction::Exec { command } => json!({"exec": {"command": command}}),
        HookAction::HttpGet { path, port: p, host, scheme: s } => {
            let mut get = json!({"path": path, "port": port(p), "scheme": scheme(*s)});
            if let Some(host) = host {
                get["host"] = host.as_str().into();
            }
            json!({"httpGet": get})
        }
        HookAction::Sleep { seconds } => json!({"sleep": {"seconds": seconds}}),
        HookAction::TcpSocket => json!({"tcpSocket": {"port": 0}}),
    }
}

fn status(history: &History, info: &PodInfo, pod: &PodState) -> Value {
    let Some(record) = &pod.status else {
        return json!({"phase": "Pending", "qosClass": "BestEffort"});
    };
    let observed = history.cluster.reports_observed_generation();
    let conditions: Vec<Value> = record
        .conditions
        .iter()
        .map(|c| {
            let mut v = json!({
                "lastProbeTime": null,
                "lastTransitionTime": rfc3339(c.last_transition),
                "status": if c.status { "True" } else { "False" },
                "type": c.kind,
            });
            if !c.reason.is_empty() {
                v["reason"] = c.reason.as_str().into();
            }
            if !c.message.is_empty() {
                v["message"] = c.message.as_str().into();
            }
            if observed {
                v["observedGeneration"] = 1.into();
            }
            v
        })
        .collect();
    let host_ip = node_ip(&info.node);
    let spec = &info.template.spec;
    let statuses = |sidecars: bool| -> Vec<Value> {
        spec.containers
            .iter()
            .zip(&pod.containers)
            .filter(|(c, _)| c.is_init() == sidecars)
            .map(|(c, view)| container_status(c, view))
            .collect()
    };
    let mut status = json!({
        "conditions": conditions,
        "containerStatuses": statuses(false),
        "hostIP": host_ip,
        "hostIPs": [{"ip": host_ip}],
        "phase": record.phase.name(),
        "podIP": info.ip,
        "podIPs": [{"ip": info.ip}],
        "qosClass": "BestEffort",
        "startTime": rfc3339(info.created_ms),
    });
    let sidecars = statuses(true);
    if !sidecars.is_empty() {
        status["initContainerStatuses"] = Value::Array(sidecars);
    }
    if observed {
        status["observedGeneration"] = 1.into();
    }
    if record.phase == PodPhase::Pending && pod.containers.iter().all(|c| c.status.is_none()) {
        status.as_object_mut().expect("an object").remove("containerStatuses");
    }
    status
}

fn container_status(c: &Container, view: &ContainerView) -> Value {
    let Some(s) = &view.status else {
        return json!({
            "image": c.image, "imageID": "", "lastState": {}, "name": c.name, "ready": false, "restartCount": 0,
            "started": false, "state": {"waiting": {"reason": "ContainerCreating"}},
        });
    };
    let ContainerRecord { state, last_state, restart_count, ready, started, container_id, .. } = s;
    let mut v = json!({
        "image": image_ref(&c.image),
        "imageID": if container_id.is_empty() { String::new() } else { image_id(&c.image) },
        "lastState": last_state.as_ref().map_or(json!({}), |t| json!({"terminated": terminated(t)})),
        "name": c.name,
        "ready": ready,
        "restartCount": restart_count,
        "started": started,
        "state": match state {
            ContainerState::Running { started_at } => json!({"running": {"startedAt": rfc3339(*started_at)}}),
            ContainerState::Waiting { reason, message } => {
                let mut waiting = Map::new();
                if !reason.is_empty() {
                    waiting.insert("reason".into(), reason.as_str().into());
                }
                if !message.is_empty() {
                    waiting.insert("message".into(), message.as_str().into());
                }
                json!({"waiting": waiting})
            }
            ContainerState::Terminated(t) => json!({"terminated": terminated(t)}),
        },
    });
    if !container_id.is_empty() {
        v["containerID"] = container_id.as_str().into();
    }
    v
}

fn terminated(t: &Terminated) -> Value {
    json!({
        "containerID": t.container_id,
        "exitCode": t.exit_code,
        "finishedAt": rfc3339(t.finished_at),
        "reason": t.reason.as_str(),
        "startedAt": rfc3339(t.started_at),
    })
}

/// The image as the runtime reports it in the status: fully qualified, with
/// its tag (`docker.io/library/nginx:1.27`).
fn image_ref(image: &str) -> String {
    let qualified = image_id(image);
    let repository = qualified.split('@').next().unwrap_or(&qualified);
    match image.rsplit_once(':').filter(|(_, tag)| !tag.contains('/') && !image.contains('@')) {
        Some((_, tag)) => format!("{repository}:{tag}"),
        None if image.contains('@') => image.to_string(),
        None => format!("{repository}:latest"),
    }
}
