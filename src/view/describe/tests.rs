use super::*;
use crate::history::EventType::{Normal, Warning};
use crate::history::{ContainerRecord, EventReason, PodId, PodRecord, Record, TerminatedReason};
use crate::spec::{PortRef, ProbeKind};
use crate::view::testing::*;

fn http_probe(path: &str, port: i32, delay: i32, period: i32) -> Probe {
    Probe { initial_delay_seconds: delay, period_seconds: period, ..Probe::new(http_get(path, port)) }
}

/// DescribeProbe, exec: Go's `%v` of the command slice.
#[test]
fn probe_line_exec() {
    let p = Probe {
        initial_delay_seconds: 5,
        period_seconds: 5,
        ..Probe::new(Handler::Exec { command: vec!["cat".into(), "/tmp/healthy".into()] })
    };
    assert_eq!(describe_probe(&p), "exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3");
}

/// DescribeProbe, httpGet: `url.URL{Scheme, Host: JoinHostPort(host, port), Path}.String()`.
#[test]
fn probe_line_http_get() {
    assert_eq!(
        describe_probe(&http_probe("/healthz", 8080, 3, 3)),
        "http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3"
    );
    // A named port, a host, HTTPS, a path without its slash and a query
    // string (escaped: it is set as the URL's path).
    let handler = Handler::HttpGet {
        path: "ready?full=1".into(),
        port: PortRef::Name("admin".into()),
        host: Some("10.0.0.5".into()),
        scheme: Scheme::Https,
        headers: vec![],
    };
    assert_eq!(
        describe_probe(&Probe::new(handler)),
        "http-get https://10.0.0.5:admin/ready%3Ffull=1 delay=0s timeout=1s period=10s #success=1 #failure=3"
    );
    let ipv6 = Handler::HttpGet {
        path: "/".into(),
        port: PortRef::Number(80),
        host: Some("::1".into()),
        scheme: Scheme::Http,
        headers: vec![],
    };
    assert!(describe_probe(&Probe::new(ipv6)).starts_with("http-get http://[::1]:80/ "));
}

/// DescribeProbe, tcpSocket: `host:port`, the host usually empty.
#[test]
fn probe_line_tcp_socket() {
    let p =
        Probe { failure_threshold: 30, ..Probe::new(Handler::TcpSocket { port: PortRef::Number(8080), host: None }) };
    assert_eq!(describe_probe(&p), "tcp-socket :8080 delay=0s timeout=1s period=10s #success=1 #failure=30");
}

/// DescribeProbe, grpc: `grpc <pod>:%d %s %s`, so an empty service leaves
/// two spaces.
#[test]
fn probe_line_grpc() {
    let p = Probe::new(Handler::Grpc { port: 9090, service: String::new() });
    assert_eq!(describe_probe(&p), "grpc <pod>:9090  delay=0s timeout=1s period=10s #success=1 #failure=3");
    let p = Probe::new(Handler::Grpc { port: 9090, service: "health".into() });
    assert_eq!(describe_probe(&p), "grpc <pod>:9090 health delay=0s timeout=1s period=10s #success=1 #failure=3");
}

fn status(t: Millis, ready: bool) -> PodRecord {
    let conditions = vec![
        condition("PodReadyToStartContainers", true),
        condition("Initialized", true),
        condition("Ready", ready),
        condition("ContainersReady", ready),
        condition("PodScheduled", true),
    ];
    PodRecord { t, pod: 0, phase: PodPhase::Running, ready, conditions, deletion: None, removed: false }
}

fn started_events(t: Millis) -> Vec<Record> {
    vec![
        event(t, 0, Some(0), Normal, EventReason::Pulled, "Container image \"nginx:1.27\" already present on machine"),
        event(t, 0, Some(0), Normal, EventReason::Created, "Created container: app"),
        event(t, 0, Some(0), Normal, EventReason::Started, "Started container app"),
    ]
}

/// A container killed by its liveness probe and running again, on a 1.34
/// cluster (its event texts), seen by kubectl 1.34.
fn liveness_killed() -> History {
    let mut app = container("app");
    app.liveness_probe = Some(http_probe("/healthz", 8080, 3, 3));
    app.readiness_probe = Some(http_probe("/ready", 8080, 0, 5));
    let mut h = history(vec![pod_info("web-0", 0, vec![app])]);
    let unhealthy = |t| {
        event(
            t,
            0,
            Some(0),
            Warning,
            EventReason::Unhealthy,
            "Liveness probe failed: HTTP probe failed with statuscode: 500",
        )
    };
    let mut scheduled =
        event(0, 0, None, Normal, EventReason::Scheduled, "Successfully assigned default/web-0 to node-1");
    if let Record::Event(e) = &mut scheduled {
        e.source = "default-scheduler".into();
    }
    let mut restarted = running_status(0, 0, 37_000, 1, false);
    restarted.last_state = Some(terminated(137, TerminatedReason::Error, 2_000, 37_000));
    h.records = [
        vec![scheduled],
        vec![Record::from(status(1_000, false))],
        started_events(1_000),
        vec![running(0, 0, 2_000, 0, true), Record::from(status(7_000, true))],
        vec![unhealthy(30_000), unhealthy(33_000), unhealthy(36_000)],
        vec![event(
            36_000,
            0,
            Some(0),
            Normal,
            EventReason::Killing,
            "Container app failed liveness probe, will be restarted",
        )],
        vec![Record::from(status(36_500, false))],
        started_events(37_000),
        vec![Record::from(restarted)],
    ]
    .concat();
    h.cluster = crate::cluster::Cluster::new(crate::cluster::Version::new(34).unwrap());
    h
}

/// kubectl 1.35 puts each event's field path before its message
/// (`spec.containers{app}: `); events about the pod itself have none.
#[test]
fn describe_events_carry_their_field_path_from_kubectl_1_35() {
    let mut h = liveness_killed();
    h.cluster = crate::cluster::Cluster::new(crate::cluster::Version::new(35).unwrap());
    let text = describe_pod(&h, "web-0", 50_000).unwrap();
    let events = &text[text.find("Events:").unwrap()..];
    assert!(events.contains("default-scheduler  Successfully assigned default/web-0 to node-1\n"), "{events}");
    assert!(
        events.contains(
            "  Normal   Killing    14s                kubelet            spec.containers{app}: Container app failed liveness probe, will be restarted\n"
        ),
        "{events}"
    );
}

/// describePod as a whole: the header block aligned on `Service Account:`,
/// IPs restarting the alignment, the container block aligned on `Restart
/// Count:` with a liveness kill in Last State (Terminated, Error, 137), the
/// Conditions table with its trailing spaces, and Events folded as
/// `(x3 over 20s)`, ordered by last occurrence.
#[test]
fn describe_after_a_liveness_kill() {
    let h = liveness_killed();
    let ContainerRecord { container_id, .. } = match h.records.last() {
        Some(Record::Container(c)) => (**c).clone(),
        _ => unreachable!(),
    };
    let expected = format!(
        "\
Name:             web-0
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/10.0.0.11
Start Time:       Mon, 06 Jan 2025 09:00:00 +0000
Labels:           app=web
                  pod-template-hash=7d9c5b6f4
Annotations:      <none>
Status:           Running
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  ReplicaSet/web-7d9c5b6f4
Containers:
  app:
    Container ID:   {container_id}
    Image:          nginx:1.27
    Image ID:       {image_id}
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 06 Jan 2025 09:00:37 +0000
    Last State:     Terminated
      Reason:       Error
      Exit Code:    137
      Started:      Mon, 06 Jan 2025 09:00:02 +0000
      Finished:     Mon, 06 Jan 2025 09:00:37 +0000
    Ready:          False
    Restart Count:  1
    Liveness:       http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3
    Readiness:      http-get http://:8080/ready delay=0s timeout=1s period=5s #success=1 #failure=3
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from {volume} (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  {volume}:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  50s                default-scheduler  Successfully assigned default/web-0 to node-1
  Warning  Unhealthy  14s (x3 over 20s)  kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500
  Normal   Killing    14s                kubelet            Container app failed liveness probe, will be restarted
  Normal   Pulled     13s (x2 over 49s)  kubelet            Container image \"nginx:1.27\" already present on machine
  Normal   Created    13s (x2 over 49s)  kubelet            Created container: app
  Normal   Started    13s (x2 over 49s)  kubelet            Started container app
",
        image_id = image_id("nginx:1.27"),
        volume = token_volume(h.pod(0)),
    );
    assert_eq!(describe_pod(&h, "web-0", 50_000).unwrap(), expected);
}

/// describeStatus: a container waiting in back-off prints only its reason
/// (never the back-off message) and keeps the killed instance in Last State.
#[test]
fn waiting_state_prints_only_the_reason() {
    let mut h = liveness_killed();
    let mut back_off = waiting(0, 0, 60_000, "CrashLoopBackOff", 1);
    back_off.state = crate::history::ContainerState::Waiting {
        reason: "CrashLoopBackOff".into(),
        message: "back-off 10s restarting failed container=app pod=web-0_default(web-0-uid)".into(),
    };
    back_off.last_state = Some(terminated(137, TerminatedReason::Error, 37_000, 59_000));
    h.records.push(Record::from(back_off));
    let out = describe_pod(&h, "web-0", 60_000).unwrap();
    assert!(out.contains(
        "    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n"
    ));
    assert!(!out.contains("back-off 10s"));
}

/// describePod: a deleted pod reads `Terminating (lasts <age of the
/// deletion timestamp>)`; during the grace period the timestamp is in the
/// future, which HumanDuration prints as `<invalid>`.
#[test]
fn terminating_status_and_grace_period() {
    let mut h = liveness_killed();
    h.records.push(Record::from(PodRecord { deletion: Some(90_000), ..status(60_000, false) }));
    let during = describe_pod(&h, "web-0", 70_000).unwrap();
    assert!(
        during.contains("Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n")
    );
    assert!(describe_pod(&h, "web-0", 95_000).unwrap().contains("Terminating (lasts 5s)"));
}

/// describeContainers: `Command:` has no tab, so it ends the column block;
/// the lines after it align on their own (the layout of the Kubernetes
/// docs' liveness example). Init Containers lists the sidecars first.
#[test]
fn command_restarts_alignment_and_sidecars_are_init_containers() {
    let mut app = Container::new("liveness", "registry.k8s.io/busybox");
    app.args = vec!["/bin/sh".into(), "-c".into(), "touch /tmp/healthy; sleep 30".into()];
    app.liveness_probe = Some(Probe {
        initial_delay_seconds: 5,
        period_seconds: 5,
        ..Probe::new(Handler::Exec { command: vec!["cat".into(), "/tmp/healthy".into()] })
    });
    let mut proxy = container("proxy");
    proxy.role = crate::spec::ContainerRole::Sidecar;
    proxy.env = vec![("MODE".into(), "sidecar".into())];
    let mut h = history(vec![pod_info("web-0", 0, vec![app, proxy])]);
    h.records = vec![Record::from(status(1_000, true)), running(0, 1, 1_000, 0, true), running(0, 0, 2_000, 0, true)];
    let out = describe_pod(&h, "web-0", 10_000).unwrap();
    let container_id = |c| container_id(0 as PodId, c, 0);
    let expected = format!(
        "\
Init Containers:
  proxy:
    Container ID:   {proxy_id}
    Image:          nginx:1.27
    Image ID:       {nginx_id}
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 06 Jan 2025 09:00:01 +0000
    Ready:          True
    Restart Count:  0
    Environment:
      MODE:  sidecar
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from {volume} (ro)
Containers:
  liveness:
    Container ID:  {app_id}
    Image:         registry.k8s.io/busybox
    Image ID:      {busybox_id}
    Port:          <none>
    Host Port:     <none>
    Args:
      /bin/sh
      -c
      touch /tmp/healthy; sleep 30
    State:          Running
      Started:      Mon, 06 Jan 2025 09:00:02 +0000
    Ready:          True
    Restart Count:  0
    Liveness:       exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from {volume} (ro)
Conditions:
",
        proxy_id = container_id(1),
        app_id = container_id(0),
        nginx_id = image_id("nginx:1.27"),
        busybox_id = image_id("registry.k8s.io/busybox"),
        volume = token_volume(h.pod(0)),
    );
    let start = out.find("Init Containers:").unwrap();
    let end = out.find("Conditions:\n").unwrap() + "Conditions:\n".len();
    assert_eq!(&out[start..end], expected);
}

/// Before the kubelet reports, describe shows the spec only: no Start Time,
/// no IP, no container status lines, and no events yet.
#[test]
fn pending_pod_without_status() {
    let h = history(vec![pod_info("web-0", 0, vec![container("app")])]);
    let out = describe_pod(&h, "web-0", 0).unwrap();
    assert!(!out.contains("Start Time:"));
    assert!(out.contains("Status:           Pending\nIP:               \nIPs:              <none>\n"));
    assert!(out.contains("  app:\n    Image:        nginx:1.27\n    Port:         8080/TCP\n"));
    assert!(out.ends_with("Events:                      <none>\n"));
    assert_eq!(describe_pod(&h, "web-1", 0), None);
}

#[test]
fn image_ids_are_fully_qualified() {
    assert!(image_id("nginx:1.27").starts_with("docker.io/library/nginx@sha256:"));
    assert!(image_id("bitnami/redis").starts_with("docker.io/bitnami/redis@sha256:"));
    assert!(image_id("localhost:5000/app:v1").starts_with("localhost:5000/app@sha256:"));
    assert_eq!(image_id("gcr.io/x/app@sha256:abc"), "gcr.io/x/app@sha256:abc");
    assert_eq!(image_id("nginx:1.27").len(), "docker.io/library/nginx@sha256:".len() + 64);
}

#[test]
fn probe_kinds_have_lines_in_kubectl_order() {
    let mut app = container("app");
    for kind in [ProbeKind::Startup, ProbeKind::Readiness, ProbeKind::Liveness] {
        *app.probe_mut(kind) = Some(Probe::new(Handler::TcpSocket { port: PortRef::Number(8080), host: None }));
    }
    let h = history(vec![pod_info("web-0", 0, vec![app])]);
    let out = describe_pod(&h, "web-0", 0).unwrap();
    let at = |s: &str| out.find(s).unwrap();
    assert!(at("    Liveness:") < at("    Readiness:") && at("    Readiness:") < at("    Startup:"));
}

/// printAnnotationsMultiline: `key: value` rows under the title, apply's
/// copy of the object skipped, long values under their key and cut.
#[test]
fn annotations_are_listed_cut_and_filtered() {
    let mut info = pod_info("web-0", 0, vec![container("app")]);
    let template = std::sync::Arc::make_mut(&mut info.template);
    template.annotations.insert("kubectl.kubernetes.io/last-applied-configuration".into(), "{}".into());
    template.annotations.insert("prometheus.io/port".into(), "9090".into());
    template.annotations.insert("note".into(), "x".repeat(150));
    let out = describe_pod(&history(vec![info]), "web-0", 0).unwrap();
    let expected = format!(
        "Annotations:      note:\n                    {}...\n                  prometheus.io/port: 9090\n",
        "x".repeat(138)
    );
    assert!(out.contains(&expected), "{out}");
}
