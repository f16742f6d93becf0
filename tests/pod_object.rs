//! `kubectl get pod -o yaml` and `-o json` at a simulated instant: the Pod
//! object as the API server returns it, keys sorted (kubectl prints the map
//! it decoded), JSON indented by four spaces, YAML quoted as go-yaml quotes.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use probe_playground::cli::run_with;
use probe_playground::view::{ObjectFormat, get_pod_object};

const POD: &str = "apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p}}
spec:
  containers:
  - name: app
    image: web:1
    ports: [{containerPort: 8080, name: http}]
    livenessProbe:
      httpGet: {path: /health, port: http}
      initialDelaySeconds: 5
---
kind: Behaviour
simulation: {duration: 45s}
apps:
- http:
  - {path: /health, status: 500, until: 35s}
";

/// After a liveness kill at 30 s and the restart at 31 s: the status has
/// the killed instance in `lastState` (its own container ID), the new one
/// running, restartCount 1; the spec is the defaulted one; both formats
/// hold the same object.
#[test]
fn the_pod_after_a_liveness_restart() {
    let h = run(POD);
    let yaml = get_pod_object(&h, "p", s(40.0), ObjectFormat::Yaml).unwrap();
    let json = get_pod_object(&h, "p", s(40.0), ObjectFormat::Json).unwrap();
    let from_yaml: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let from_json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(from_yaml, from_json);
    assert!(
        json.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n"),
        "{json}"
    );
    let status = &from_json["status"]["containerStatuses"][0];
    let records = container_records(&h, 0, 0);
    let first_id = &records.iter().find(|c| c.restart_count == 0 && !c.container_id.is_empty()).unwrap().container_id;
    let now_id = &records.last().unwrap().container_id;
    assert_ne!(first_id, now_id);
    assert_eq!(
        status["lastState"],
        serde_json::json!({"terminated": {
            "containerID": first_id,
            "exitCode": 143,
            "finishedAt": "2025-01-06T09:00:30Z",
            "reason": "Error",
            "startedAt": "2025-01-06T09:00:01Z",
        }})
    );
    assert_eq!(status["containerID"], serde_json::json!(now_id));
    assert_eq!(status["state"], serde_json::json!({"running": {"startedAt": "2025-01-06T09:00:31Z"}}));
    assert_eq!((status["restartCount"].as_u64(), status["ready"].as_bool()), (Some(1), Some(true)));
    assert_eq!(status["image"], "docker.io/library/web:1");
    let probe = &from_json["spec"]["containers"][0]["livenessProbe"];
    assert_eq!(
        probe,
        &serde_json::json!({
            "failureThreshold": 3,
            "httpGet": {"path": "/health", "port": "http", "scheme": "HTTP"},
            "initialDelaySeconds": 5,
            "periodSeconds": 10,
            "successThreshold": 1,
            "timeoutSeconds": 1,
        })
    );
    // go-yaml's quoting: strings YAML would read otherwise are double-quoted.
    for line in [
        "  creationTimestamp: \"2025-01-06T09:00:00Z\"\n",
        "    status: \"True\"\n",
        "        startedAt: \"2025-01-06T09:00:31Z\"\n",
        "  phase: Running\n",
        "    imagePullPolicy: IfNotPresent\n",
    ] {
        assert!(yaml.contains(line), "{line:?} in\n{yaml}");
    }
    assert_eq!(from_json["status"]["conditions"][0]["type"], "PodReadyToStartContainers");
}

/// The status carries what the version reports: no `observedGeneration`
/// before 1.34 (PodObservedGenerationTracking), and no sandbox condition
/// before 1.29.
#[test]
fn the_object_on_an_older_version() {
    let text = POD.replace("duration: 45s", "duration: 45s, kubernetes: \"1.28\"");
    let h = run(&text);
    let json: serde_json::Value =
        serde_json::from_str(&get_pod_object(&h, "p", s(40.0), ObjectFormat::Json).unwrap()).unwrap();
    assert_eq!(json["status"].get("observedGeneration"), None);
    assert_eq!(json["status"]["conditions"][0]["type"], "Initialized");
    let h = run(POD);
    let json: serde_json::Value =
        serde_json::from_str(&get_pod_object(&h, "p", s(40.0), ObjectFormat::Json).unwrap()).unwrap();
    assert_eq!(json["status"]["observedGeneration"], 1);
}

/// `simulate --at T --view yaml|json --pod NAME` prints the object.
#[test]
fn the_command_line_prints_it() {
    let dir = std::env::temp_dir().join(format!("pod-object-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pod.yaml");
    std::fs::write(&file, POD).unwrap();
    let file = file.to_str().unwrap();
    let h = run(POD);
    for (view, format) in [("yaml", ObjectFormat::Yaml), ("json", ObjectFormat::Json)] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run_with(["simulate", file, "--at", "40s", "--view", view, "--pod", "p"], &mut out, &mut err);
        assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
        assert_eq!(String::from_utf8(out).unwrap(), get_pod_object(&h, "p", s(40.0), format).unwrap());
    }
}
