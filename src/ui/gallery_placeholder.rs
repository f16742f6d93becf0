//! A stand-in for the scenario gallery until it exists in the core: the
//! same API, two scenarios.

pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub watch: &'static str,
    pub text: &'static str,
}

pub fn examples() -> &'static [Example] {
    EXAMPLES
}

static EXAMPLES: &[Example] = &[
    Example {
        id: "liveness-restart",
        title: "Liveness failure restarts a container",
        watch: "At 01:30 replica 1 starts answering 500 on /healthz: three failed liveness probes later the kubelet kills it and the restart count rises. At 04:00 replica 2 fails readiness and leaves the Service's endpoints until 06:00.",
        text: r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: app
        image: example/web:1.0
        ports:
        - containerPort: 8080
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
          periodSeconds: 5
          failureThreshold: 3
        readinessProbe:
          httpGet:
            path: /ready
            port: 8080
          periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
---
kind: Behaviour
simulation:
  duration: 10m
apps:
- container: app
  startup: 8s
- container: app
  replicas: [1]
  http:
  - path: /healthz
    after: 90s
    status: 500
actions:
- at: 4m
  workload: web
  replica: 2
  fail: /ready
- at: 6m
  workload: web
  replica: 2
  recover: /ready
traffic:
- service: web
  rps: 20
"#,
    },
    Example {
        id: "crash-loop",
        title: "CrashLoopBackOff",
        watch: "Every run crashes after 45 s: watch the back-off double (10s, 20s, 40s ...) and the countdown on the container.",
        text: r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 2
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
      - name: worker
        image: example/worker:3.1
        livenessProbe:
          exec:
            command: ["cat", "/tmp/healthy"]
          periodSeconds: 5
        readinessProbe:
          exec:
            command: ["cat", "/tmp/healthy"]
          periodSeconds: 5
---
kind: Behaviour
simulation:
  duration: 10m
apps:
- container: worker
  startup: 3s
  files:
  - path: /tmp/healthy
  crash:
  - after: 45s
    exitCode: 1
"#,
    },
];
