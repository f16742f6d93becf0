//! The loader's rules, each stated by a test over a small manifest under
//! `tests/fixtures/` (or inline), asserting the exact line, column, path and
//! message of every diagnostic a user would act on.

use probe_playground::diagnostic::{Diagnostic, Severity};
use probe_playground::load::{
    MAX_DIAGNOSTICS, MAX_INPUT_BYTES, MAX_SIMULATED_PODS, Manifests, ProbeCounts, Summary, load, load_bytes,
};
use probe_playground::spec::{Handler, IntOrPercent, PortRef, RestartPolicy, Scheme, WorkloadKind};

fn fixture(name: &str) -> Manifests {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    load_bytes(&std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

fn listing(m: &Manifests) -> String {
    m.diagnostics.iter().map(|d| format!("  {}", d.render(""))).collect::<Vec<_>>().join("\n")
}

/// The diagnostic of this severity at `line:col` for `path`, which must exist.
fn diagnostic<'a>(m: &'a Manifests, severity: Severity, line: u32, col: u32, path: &str) -> &'a Diagnostic {
    m.diagnostics
        .iter()
        .find(|d| d.severity == severity && (d.span.line, d.span.col) == (line, col) && d.path == path)
        .unwrap_or_else(|| panic!("no {severity:?} at {line}:{col} for {path}; the diagnostics are:\n{}", listing(m)))
}

fn assert_error(m: &Manifests, line: u32, col: u32, path: &str, message: &str) {
    assert_eq!(diagnostic(m, Severity::Error, line, col, path).message, message);
}

fn assert_warning(m: &Manifests, line: u32, col: u32, path: &str, message: &str) {
    assert_eq!(diagnostic(m, Severity::Warning, line, col, path).message, message);
}

fn count(m: &Manifests, severity: Severity) -> usize {
    m.diagnostics.iter().filter(|d| d.severity == severity).count()
}

fn assert_clean(m: &Manifests) {
    let problems = count(m, Severity::Error) + count(m, Severity::Warning);
    assert_eq!(problems, 0, "expected no errors or warnings:\n{}", listing(m));
}

// ---- unknown fields -------------------------------------------------------

#[test]
fn misspelt_probe_fields_are_errors_with_a_suggestion() {
    let m = fixture("probe-typos.yaml");
    let typo = |line, col, path: &str, field: &str, suggestion: &str| {
        let d = diagnostic(&m, Severity::Error, line, col, path);
        assert_eq!(d.message, format!("unknown field \"{field}\""));
        assert_eq!(d.suggestion.as_deref(), Some(suggestion));
    };
    typo(12, 7, "spec.containers[0].livenessProbe.httpget", "httpget", "httpGet");
    typo(15, 7, "spec.containers[0].livenessProbe.initialDelaySecond", "initialDelaySecond", "initialDelaySeconds");
    typo(16, 5, "spec.containers[0].readinesProbe", "readinesProbe", "readinessProbe");
    // The docs' old spelling of the gRPC handler.
    typo(20, 7, "spec.containers[0].startupProbe.gRPC", "gRPC", "grpc");
    // With its handler misspelt, a probe has none.
    for (line, path) in [(11, "spec.containers[0].livenessProbe"), (19, "spec.containers[0].startupProbe")] {
        assert_error(
            &m,
            line,
            5,
            path,
            "Required value: must specify a handler type (exec, httpGet, tcpSocket or grpc)",
        );
    }
    assert_eq!(count(&m, Severity::Error), 6, "{}", listing(&m));
    // The fourth error in source order; the notes that the probes are left out come after the errors.
    assert_eq!(
        m.diagnostics[3].render("pod.yaml"),
        "pod.yaml:16:5: error: spec.containers[0].readinesProbe: unknown field \"readinesProbe\" (did you mean `readinessProbe`?)"
    );
}

#[test]
fn unknown_fields_are_found_in_every_object_the_loader_understands() {
    let m = fixture("unknown-fields.yaml");
    let unknown = |line, col, path: &str, suggestion: Option<&str>| {
        let d = diagnostic(&m, Severity::Error, line, col, path);
        let field = path.rsplit('.').next().unwrap();
        assert_eq!(d.message, format!("unknown field \"{field}\""), "at {path}");
        assert_eq!(d.suggestion.as_deref(), suggestion, "at {path}");
    };
    unknown(5, 3, "metadata.label", Some("labels"));
    unknown(8, 3, "spec.replica", Some("replicas"));
    unknown(17, 7, "spec.template.spec.nodeSelectors", Some("nodeSelector"));
    unknown(26, 9, "spec.template.spec.containers[0].imagePullPolice", Some("imagePullPolicy"));
    unknown(33, 11, "spec.template.spec.containers[0].ports[0].protocoll", Some("protocol"));
    unknown(40, 15, "spec.template.spec.containers[0].livenessProbe.httpGet.httpHeaders[0].valu", Some("value"));
    unknown(44, 5, "spec.template.templates", None);
    unknown(52, 3, "spec.port", Some("ports"));
    unknown(55, 5, "spec.ports[0].targetport", Some("targetPort"));
    // A probe field one level too far out: a hint about indentation instead.
    assert_error(
        &m,
        34,
        9,
        "spec.template.spec.containers[0].periodSeconds",
        "unknown field \"periodSeconds\" here: it belongs inside a probe (livenessProbe, readinessProbe or startupProbe); check the indentation",
    );
    assert_error(
        &m,
        42,
        11,
        "spec.template.spec.containers[0].livenessProbe.periodSeconds",
        "duplicate field \"periodSeconds\" (the API server rejects repeated keys)",
    );
    assert_error(&m, 43, 9, "spec.template.spec.containers[1].name", "Required value: every container needs a name");
    assert_eq!(count(&m, Severity::Error), 12, "{}", listing(&m));
}

#[test]
fn free_form_and_unsimulated_fields_are_not_checked_inside() {
    // annotations, affinity, volumes, resources and securityContext hold made-up keys.
    let m = fixture("unknown-fields.yaml");
    for free in ["annotations", "affinity", "volumes", "resources", "securityContext"] {
        assert!(!m.diagnostics.iter().any(|d| d.path.contains(free)), "{free} was checked:\n{}", listing(&m));
    }
}

#[test]
fn fields_that_left_the_api_say_so() {
    let m = load("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ipFamily: IPv4\n");
    assert_error(
        &m,
        5,
        3,
        "spec.ipFamily",
        "unknown field \"ipFamily\": it was removed from Services in Kubernetes 1.20; use ipFamilies and ipFamilyPolicy",
    );
}

// ---- types ----------------------------------------------------------------

#[test]
fn values_of_the_wrong_type_are_errors_at_the_value() {
    let m = fixture("type-errors.yaml");
    let c = "spec.template.spec.containers[0]";
    assert_error(
        &m,
        22,
        26,
        &format!("{c}.livenessProbe.periodSeconds"),
        "expected an integer, found a string \"ten\"",
    );
    assert_error(
        &m,
        18,
        26,
        &format!("{c}.ports[1].containerPort"),
        "expected an integer, found a string \"8080\" (remove the quotes: the API server does not turn strings into numbers)",
    );
    assert_error(
        &m,
        30,
        29,
        &format!("{c}.startupProbe.failureThreshold"),
        "expected an integer, found a string \"30\" (remove the quotes: the API server does not turn strings into numbers)",
    );
    assert_error(
        &m,
        26,
        27,
        &format!("{c}.readinessProbe.timeoutSeconds"),
        "3000000000 is out of range: must fit in a 32-bit integer (-2147483648 to 2147483647)",
    );
    assert_error(
        &m,
        17,
        26,
        &format!("{c}.ports[0].containerPort"),
        "Invalid value: 70000: must be between 1 and 65535, inclusive",
    );
    assert_error(
        &m,
        29,
        19,
        &format!("{c}.startupProbe.grpc.port"),
        "expected an integer, found a string \"${GRPC_PORT:-9090}\": it looks like an unexpanded template placeholder: substitute it (envsubst, helm template, kustomize) before applying",
    );
    assert_eq!(count(&m, Severity::Error), 6, "{}", listing(&m));
}

#[test]
fn a_workload_with_invalid_probes_still_simulates_without_them() {
    let m = fixture("type-errors.yaml");
    let w = &m.workloads[0];
    let c = &w.template.spec.containers[0];
    assert!(c.liveness_probe.is_none() && c.readiness_probe.is_none() && c.startup_probe.is_none());
    assert!(c.ports.is_empty(), "both ports are invalid");
    // Each dropped probe says so, at its key.
    for (line, probe) in [(19, "livenessProbe"), (23, "readinessProbe"), (27, "startupProbe")] {
        let d = diagnostic(&m, Severity::Note, line, 9, &format!("spec.template.spec.containers[0].{probe}"));
        assert_eq!(
            d.message,
            format!("this {probe} is left out of the simulation because the API server would reject it")
        );
    }
    // The counts are of what was written, valid or not.
    assert_eq!(m.summary.probes, ProbeCounts { liveness: 1, readiness: 1, startup: 1 });
}

#[test]
fn huge_replica_counts_are_capped_with_a_warning() {
    let m = fixture("type-errors.yaml");
    assert_eq!(m.workloads[0].replicas, 100);
    assert_warning(
        &m,
        6,
        13,
        "spec.replicas",
        "replicas is 1000000; the simulator runs at most 100 pods per workload, so it simulates 100",
    );
}

/// Thousands of workloads in one file: the first 500 pods are simulated, the
/// workload that crosses the limit runs what is left of it, and one warning
/// at that workload says what was cut.
#[test]
fn the_simulated_pods_in_all_are_capped_with_one_warning() {
    let deployment = |i: usize| {
        format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web{i}}}\nspec:\n  replicas: 60\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers: [{{name: web, image: nginx}}]\n"
        )
    };
    let text: String = (0..1000).map(deployment).collect();
    let m = load(&text);
    let replicas: Vec<i32> = m.workloads.iter().map(|w| w.replicas).collect();
    assert_eq!(replicas, [vec![60; 8], vec![20]].concat());
    assert_eq!(m.workloads.iter().map(|w| w.replicas).sum::<i32>(), MAX_SIMULATED_PODS);
    // web8 starts on the document's line 2 (its `apiVersion`), 11 lines a document.
    assert_warning(
        &m,
        8 * 11 + 2,
        1,
        "",
        "the simulator runs at most 500 pods in all: 20 of this Deployment's 60 replicas run, and none of the 991 workloads after it",
    );
    assert_eq!(count(&m, Severity::Warning), 1);
    assert_eq!(m.summary.workloads, 1000, "check counts what the file holds");
}

#[test]
fn sixty_four_bit_fields_take_big_numbers_but_not_bigger() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 99999999999\n  containers: [{name: a, image: b}]\n";
    let m = load(text);
    assert_clean(&m);
    assert_eq!(m.workloads[0].template.spec.termination_grace_period_seconds, 99_999_999_999);
    let m = load(&text.replace("99999999999", "99999999999999999999"));
    assert_error(
        &m,
        5,
        34,
        "spec.terminationGracePeriodSeconds",
        "99999999999999999999 is out of range: must fit in a 64-bit integer (-9223372036854775808 to 9223372036854775807)",
    );
}

// ---- probe validation (kubelet-semantics §1.2) ----------------------------

#[test]
fn every_probe_validation_rule_of_the_api_server() {
    let m = fixture("probe-rules.yaml");
    let app = "spec.containers[0]";
    assert_error(
        &m,
        15,
        7,
        &format!("{app}.livenessProbe.httpGet"),
        "Forbidden: may not specify more than 1 handler type",
    );
    assert_error(&m, 17, 25, &format!("{app}.livenessProbe.successThreshold"), "Invalid value: 2: must be 1");
    assert_error(
        &m,
        18,
        22,
        &format!("{app}.livenessProbe.periodSeconds"),
        "Invalid value: -1: must be greater than or equal to 0",
    );
    assert_error(
        &m,
        19,
        38,
        &format!("{app}.livenessProbe.terminationGracePeriodSeconds"),
        "Invalid value: 0: must be greater than 0",
    );
    assert_error(
        &m,
        22,
        15,
        &format!("{app}.readinessProbe.httpGet.port"),
        "Invalid value: \"Http_Port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
    );
    let scheme = diagnostic(&m, Severity::Error, 23, 17, &format!("{app}.readinessProbe.httpGet.scheme"));
    assert_eq!(scheme.message, "Unsupported value: \"https\": supported values: \"HTTP\", \"HTTPS\"");
    assert_eq!(scheme.suggestion.as_deref(), Some("HTTPS"));
    assert_error(
        &m,
        25,
        17,
        &format!("{app}.readinessProbe.httpGet.httpHeaders[0].name"),
        "Invalid value: \"X Custom\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
    );
    assert_error(
        &m,
        27,
        38,
        &format!("{app}.readinessProbe.terminationGracePeriodSeconds"),
        "Invalid value: 10: must not be set for readinessProbes",
    );
    assert_error(&m, 30, 9, &format!("{app}.startupProbe.exec.command"), "Required value: exec needs a command to run");

    let server = "spec.containers[1]";
    assert_error(
        &m,
        35,
        15,
        &format!("{server}.livenessProbe.grpc.port"),
        "Invalid value: 0: must be between 1 and 65535, inclusive",
    );
    assert_error(
        &m,
        38,
        15,
        &format!("{server}.readinessProbe.tcpSocket.port"),
        "Invalid value: \"this-name-is-too-long\": must be no more than 15 characters",
    );
    assert_error(
        &m,
        41,
        15,
        &format!("{server}.startupProbe.grpc.port"),
        "expected an integer, found a string \"grpc\": gRPC probes take a port number, not a port name",
    );

    let edge = "spec.containers[2]";
    assert_error(
        &m,
        46,
        15,
        &format!("{edge}.livenessProbe.tcpSocket.port"),
        "Invalid value: \"a--b\": must not contain consecutive hyphens",
    );
    assert_error(
        &m,
        49,
        15,
        &format!("{edge}.readinessProbe.httpGet.port"),
        "Invalid value: \"8080\": must contain at least one letter (a-z) (a quoted number is a port name, not a number: remove the quotes)",
    );
    assert_error(
        &m,
        51,
        7,
        &format!("{edge}.startupProbe.tcpSocket.port"),
        "Invalid value: 0: must be between 1 and 65535, inclusive (the port is missing)",
    );
    assert_eq!(count(&m, Severity::Error), 15, "{}", listing(&m));
    // An invalid probe gets no warnings: timeoutSeconds 1 > periodSeconds -1 is not reported.
    assert_eq!(count(&m, Severity::Warning), 0, "{}", listing(&m));
    assert!(m.workloads[0].template.spec.containers.iter().all(|c| !c.has_probe()));
}

#[test]
fn port_names_follow_every_iana_rule() {
    let pod = |port: &str| {
        load(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    livenessProbe:\n      tcpSocket: {{port: {port}}}\n"
        ))
    };
    let path = "spec.containers[0].livenessProbe.tcpSocket.port";
    assert_error(&pod("-web"), 8, 25, path, "Invalid value: \"-web\": must not begin or end with a hyphen");
    assert_error(
        &pod("'123'"),
        8,
        25,
        path,
        "Invalid value: \"123\": must contain at least one letter (a-z) (a quoted number is a port name, not a number: remove the quotes)",
    );
    assert_error(&pod("70000"), 8, 25, path, "Invalid value: 70000: must be between 1 and 65535, inclusive");
    assert_eq!(count(&pod("web-1"), Severity::Error), 0);
}

const LABEL_RULE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_RULE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// The error at `line:col` for `path`, with its message and the name it suggests.
fn assert_invalid_name(m: &Manifests, line: u32, col: u32, path: &str, message: &str, suggestion: Option<&str>) {
    let d = diagnostic(m, Severity::Error, line, col, path);
    assert_eq!((d.message.as_str(), d.suggestion.as_deref()), (message, suggestion));
}

/// Names become DNS names, hostnames and label values, so the API server
/// holds each to a DNS form: most objects' names are RFC 1123 subdomains,
/// StatefulSet names, namespaces, container names and Service port names are
/// RFC 1123 labels, Service names are RFC 1035 labels.
#[test]
fn names_follow_the_api_servers_dns_rules() {
    let m = fixture("names.yaml");
    let invalid = |name: &str, rule: &str| format!("Invalid value: \"{name}\": {rule}");
    assert_invalid_name(&m, 4, 9, "metadata.name", &invalid("My_App", SUBDOMAIN_RULE), Some("my-app"));
    assert_invalid_name(&m, 5, 14, "metadata.namespace", &invalid("Team.A", LABEL_RULE), Some("team-a"));
    let container = "spec.template.spec.containers[0].name";
    assert_invalid_name(&m, 12, 15, container, &invalid("Web.Server", LABEL_RULE), Some("web-server"));
    // Containers and init containers share one namespace of names.
    assert_error(&m, 17, 15, "spec.template.spec.initContainers[0].name", "Duplicate value: \"proxy\"");
    assert_invalid_name(
        &m,
        22,
        18,
        "metadata.name",
        "Invalid value: \"db.primary\": must not contain dots",
        Some("db-primary"),
    );
    assert_error(
        &m,
        32,
        18,
        "metadata.name",
        "Invalid value: \"nightly-report-for-the-finance-team-of-the-company-xy\": must be no more than 52 characters",
    );
    // A generateName is checked as a prefix: its trailing dash is allowed.
    assert_invalid_name(&m, 44, 26, "metadata.generateName", &invalid("Debug-", SUBDOMAIN_RULE), None);
    // No plain fix for a name that starts with a digit.
    assert_invalid_name(
        &m,
        50,
        18,
        "metadata.name",
        "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        None,
    );
    // A Service port's name is a label (a container port's is an IANA service name).
    assert_invalid_name(&m, 54, 12, "spec.ports[0].name", &invalid("http_api", LABEL_RULE), Some("http-api"));
    assert_error(&m, 56, 12, "spec.ports[2].name", "Duplicate value: \"metrics\"");
    assert_eq!(count(&m, Severity::Error), 10, "{}", listing(&m));
    // The names are the API server's business; the objects still simulate as written.
    let names: Vec<&str> = m.workloads.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["My_App", "db.primary", "nightly-report-for-the-finance-team-of-the-company-xy", "Debug-"]);
}

#[test]
fn long_names_and_valid_generated_names() {
    let pod = |meta: &str| {
        load(&format!("apiVersion: v1\nkind: Pod\nmetadata: {meta}\nspec:\n  containers: [{{name: a}}]\n"))
    };
    assert_clean(&pod("{generateName: web-}"));
    assert_clean(&pod("{name: web.example.com}"));
    let long = "a".repeat(254);
    assert_error(
        &pod(&format!("{{name: {long}}}")),
        3,
        18,
        "metadata.name",
        &format!("Invalid value: \"{long}\": must be no more than 253 characters"),
    );
    // A template placeholder gets one error that says what it is.
    assert_error(
        &pod("{name: \"{{ .Release.Name }}-web\"}"),
        3,
        18,
        "metadata.name",
        &format!(
            "Invalid value: \"{{{{ .Release.Name }}}}-web\": {SUBDOMAIN_RULE}; it looks like an unexpanded template placeholder: substitute it (envsubst, helm template, kustomize) before applying"
        ),
    );
    let container = |name: &str| {
        load(&format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers: [{{name: {name}}}]\n"))
    };
    let long = "c".repeat(64);
    assert_error(
        &container(&long),
        5,
        23,
        "spec.containers[0].name",
        &format!("Invalid value: \"{long}\": must be no more than 63 characters"),
    );
}

/// `validateContainerPorts`: a port number is required (0 is unset), a host
/// port is optional, and both must be 1-65535; names follow IANA_SVC_NAME.
#[test]
fn container_ports_are_checked_as_the_api_server_does() {
    let ports = |ports: &str| {
        load(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    ports: {ports}\n"
        ))
    };
    let m = ports(
        "[{containerPort: 0}, {containerPort: 80, hostPort: 70000}, {containerPort: 81, hostPort: 0, name: \"\"}]",
    );
    assert_error(
        &m,
        7,
        29,
        "spec.containers[0].ports[0].containerPort",
        "Required value: containerPort is required (0 means unset)",
    );
    assert_error(
        &m,
        7,
        63,
        "spec.containers[0].ports[1].hostPort",
        "Invalid value: 70000: must be between 1 and 65535, inclusive",
    );
    assert_eq!(count(&m, Severity::Error), 2, "{}", listing(&m));
    // A port entry the API server rejects is left out; the valid one stays
    // (an empty name, like a zero hostPort, is unset).
    let declared: Vec<i32> =
        m.workloads[0].template.spec.containers[0].ports.iter().map(|p| p.container_port).collect();
    assert_eq!(declared, [81]);

    let m = ports("[{name: http_metrics, containerPort: 80}, {name: http_metrics, containerPort: 81}]");
    let d = diagnostic(&m, Severity::Error, 7, 20, "spec.containers[0].ports[0].name");
    assert_eq!(
        (d.message.as_str(), d.suggestion.as_deref()),
        (
            "Invalid value: \"http_metrics\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            Some("http-metrics")
        )
    );
    // An invalid name is not also a duplicate.
    assert_eq!(count(&m, Severity::Error), 2, "{}", listing(&m));
    let m = ports("[{name: web, containerPort: 80}, {name: web, containerPort: 81}]");
    assert_error(&m, 7, 52, "spec.containers[0].ports[1].name", "Duplicate value: \"web\"");
}

/// `SetDefaults_Service` turns an unset targetPort (0 or "") into the port;
/// anything else must be a port number or an IANA service name.
#[test]
fn service_ports_default_and_check_their_target() {
    let service =
        |ports: &str| load(&format!("apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec:\n  ports: {ports}\n"));
    let m = service("[{name: a, port: 80, targetPort: 0}, {name: b, port: 81, targetPort: \"\"}]");
    assert_clean(&m);
    let targets: Vec<&PortRef> = m.services[0].ports.iter().map(|p| &p.target_port).collect();
    assert_eq!(targets, [&PortRef::Number(80), &PortRef::Number(81)]);
    let m = service("[{port: 80, targetPort: 65536}]");
    assert_error(&m, 5, 34, "spec.ports[0].targetPort", "Invalid value: 65536: must be between 1 and 65535, inclusive");
    let m = service("[{port: 0}]");
    assert_error(&m, 5, 18, "spec.ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive");
    let m = load("apiVersion: v1\nkind: Service\nspec:\n  ports: [{port: 80}]\n");
    assert_error(&m, 1, 1, "metadata.name", "Required value: name or generateName is required");
}

#[test]
fn probes_on_init_and_ephemeral_containers_are_forbidden() {
    let m = fixture("init-containers.yaml");
    assert_error(
        &m,
        9,
        5,
        "spec.initContainers[0].readinessProbe",
        "Forbidden: may not be set for init containers without restartPolicy=Always",
    );
    assert_error(
        &m,
        27,
        5,
        "spec.ephemeralContainers[0].livenessProbe",
        "Forbidden: cannot be set for an Ephemeral Container",
    );
    assert_eq!(count(&m, Severity::Error), 2, "{}", listing(&m));
    // The init containers go after the regular ones, in their order: the one
    // that runs to completion (without the probe the API server rejects),
    // then the sidecar.
    let names: Vec<(&str, bool, bool)> = m.workloads[0]
        .template
        .spec
        .containers
        .iter()
        .map(|c| (c.name.as_str(), c.is_sidecar(), c.runs_to_completion()))
        .collect();
    assert_eq!(names, [("app", false, false), ("migrate", false, true), ("proxy", true, false)]);
    assert!(m.workloads[0].template.spec.containers[1].readiness_probe.is_none());
    assert!(m.workloads[0].template.spec.containers[2].startup_probe.is_some());
    // All three kinds of container count.
    assert_eq!(m.summary.containers, 4);
    assert_eq!(m.summary.probed_containers, 3);
}

#[test]
fn ephemeral_containers_are_not_allowed_in_pod_templates() {
    let m = load(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: a}]\n      ephemeralContainers: [{name: e}]\n",
    );
    assert_eq!(count(&m, Severity::Error), 1, "{}", listing(&m));
    assert_error(
        &m,
        10,
        7,
        "spec.template.spec.ephemeralContainers",
        "Forbidden: ephemeral containers not allowed in pod template",
    );
}

// ---- what the API server accepts and the kubelet trips over ----------------

#[test]
fn probe_ports_the_kubelet_cannot_use_are_warnings() {
    let m = fixture("port-warnings.yaml");
    let c = "spec.template.spec.containers[0]";
    assert_warning(
        &m,
        21,
        19,
        &format!("{c}.livenessProbe.httpGet.port"),
        "port \"health\" is not declared in the ports of container \"web\": the kubelet cannot resolve it, so the liveness probe errors on every attempt (strconv.Atoi: parsing \"health\": invalid syntax), so it never restarts the container",
    );
    assert_warning(
        &m,
        30,
        19,
        &format!("{c}.startupProbe.httpGet.port"),
        "port \"metrics\" is not declared in the ports of container \"web\": the kubelet cannot resolve it, so the startup probe errors on every attempt (strconv.Atoi: parsing \"metrics\": invalid syntax), so the container never counts as started and its liveness and readiness probes never run (container \"exporter\" declares it, but a probe's named port resolves only against its own container)",
    );
    assert_warning(
        &m,
        25,
        19,
        &format!("{c}.readinessProbe.httpGet.port"),
        "port 9090 is not declared by any container of the pod (container \"web\" declares 8080); declaring ports is optional, but if nothing listens on 9090, every readiness probe fails (connection refused)",
    );
    assert_warning(
        &m,
        26,
        27,
        &format!("{c}.readinessProbe.timeoutSeconds"),
        "timeoutSeconds (5) is greater than periodSeconds (2): the API server accepts it, but the prober runs one probe at a time, so a probe that times out delays the next and failures come every 5s, not every 2s",
    );
    assert_eq!(count(&m, Severity::Warning), 4);
    assert_eq!(count(&m, Severity::Error), 0);
    // Warnings keep the probes: the simulator shows what they do.
    assert!(m.workloads[0].template.spec.containers[0].liveness_probe.is_some());
}

#[test]
fn a_named_readiness_port_that_is_not_declared_means_never_ready() {
    let m = load(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    readinessProbe:\n      httpGet: {port: http}\n",
    );
    let d = diagnostic(&m, Severity::Warning, 8, 23, "spec.containers[0].readinessProbe.httpGet.port");
    assert!(d.message.ends_with("so the container never becomes ready"), "{}", d.message);
}

// ---- defaults and kinds ---------------------------------------------------

#[test]
fn every_kind_loads_with_the_api_servers_defaults() {
    let m = fixture("kinds.yaml");
    let kinds: Vec<(WorkloadKind, &str)> = m.workloads.iter().map(|w| (w.kind, w.name.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (WorkloadKind::Deployment, "web"),
            (WorkloadKind::Job, "migrate"),
            (WorkloadKind::CronJob, "report"),
            (WorkloadKind::Pod, "listed"),
            (WorkloadKind::StatefulSet, "db"),
        ]
    );
    assert_eq!(
        m.summary,
        Summary {
            workloads: 5,
            containers: 8,
            probed_containers: 3,
            probes: ProbeCounts { liveness: 1, readiness: 2, startup: 1 }
        }
    );

    let web = &m.workloads[0];
    assert_eq!((web.namespace.as_str(), web.replicas), ("default", 1));
    assert_eq!((&web.max_surge, &web.max_unavailable), (&IntOrPercent::Percent(25), &IntOrPercent::Percent(25)));
    assert_eq!(web.progress_deadline_seconds, 600);
    assert_eq!(web.template.labels.get("app").map(String::as_str), Some("web"));
    let spec = &web.template.spec;
    assert_eq!((spec.restart_policy, spec.termination_grace_period_seconds), (RestartPolicy::Always, 30));
    let names: Vec<(&str, bool)> = spec.containers.iter().map(|c| (c.name.as_str(), c.is_sidecar())).collect();
    assert_eq!(names, [("web", false), ("worker", false), ("proxy", true), ("logs", true)]);
    // Explicit zeros become the defaults, like absent fields.
    let liveness = spec.containers[0].liveness_probe.as_ref().unwrap();
    assert_eq!(
        (liveness.timeout_seconds, liveness.period_seconds, liveness.success_threshold, liveness.failure_threshold),
        (1, 10, 1, 3)
    );
    assert_eq!((liveness.span.line, liveness.span.col), (33, 9));
    assert_eq!(
        liveness.handler,
        Handler::HttpGet {
            path: "/".into(),
            port: PortRef::Number(8080),
            host: None,
            scheme: Scheme::Http,
            headers: vec![]
        }
    );
    let readiness = spec.containers[0].readiness_probe.as_ref().unwrap();
    assert_eq!(readiness.handler, Handler::Grpc { port: 9090, service: String::new() });

    // A Job must say how its pods restart; it is simulated as OnFailure.
    let job = &m.workloads[1];
    assert_eq!((job.namespace.as_str(), job.template.spec.restart_policy), ("jobs", RestartPolicy::OnFailure));
    assert_error(
        &m,
        53,
        5,
        "spec.template.spec.restartPolicy",
        "Required value: a Job's pod template must set restartPolicy to OnFailure or Never (the default, Always, is rejected: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"); simulated as OnFailure",
    );
    let cron = &m.workloads[2];
    assert_eq!(cron.template.spec.restart_policy, RestartPolicy::Never);
    assert!(cron.template.spec.containers[0].startup_probe.is_some());
    assert_eq!(m.workloads[4].replicas, 3);

    // Kinds that are not simulated are passed over with a note at `kind`.
    assert_eq!(diagnostic(&m, Severity::Note, 3, 7, "").message, "kind ConfigMap is not simulated");
    assert_eq!(diagnostic(&m, Severity::Note, 107, 7, "").message, "kind Rollout is not simulated");
    assert_eq!(count(&m, Severity::Error), 1, "{}", listing(&m));
    assert_eq!(count(&m, Severity::Warning), 0, "{}", listing(&m));

    // The behaviour document is handed over as written.
    assert_eq!(m.behaviour.len(), 1);
    assert_eq!(m.behaviour[0].get("apps").unwrap().get("web").unwrap().get("healthy").unwrap().as_bool(), Some(true));

    let service = &m.services[0];
    assert_eq!(service.selector.get("app").map(String::as_str), Some("web"));
    assert_eq!(service.ports[0].target_port, PortRef::Name("http".into()));
    // targetPort defaults to port.
    assert_eq!(service.ports[1].target_port, PortRef::Number(9090));
    assert_eq!(service.service_type, "ClusterIP");
}

/// In apps/v1 a workload's selector has no default: it is required and must
/// match the pod template's labels, or the API server rejects the workload
/// when it is created. Such a workload never runs, so it is not simulated,
/// and the error says so.
#[test]
fn selectors_must_be_there_and_match_the_template() {
    let m = fixture("selectors.yaml");
    let rejected =
        |kind: &str| format!("the API server rejects this {kind} when it is created, so it is not simulated");
    assert_error(
        &m,
        4,
        1,
        "spec.selector",
        &format!(
            "Required value: apps/v1 has no default selector: add one that matches the pod template's labels, such as `selector: {{matchLabels: {{app: web}}}}` ({})",
            rejected("Deployment")
        ),
    );
    // What the labels lack is spelt as in `kubectl get -l`.
    assert_error(
        &m,
        20,
        15,
        "spec.template.metadata.labels",
        &format!(
            "Invalid value: {{\"app\":\"api\",\"tier\":\"db\"}}: `selector` does not match template `labels` (the template lacks app=web, tier in (front,back); {})",
            rejected("Deployment")
        ),
    );
    assert_error(
        &m,
        27,
        1,
        "spec.selector",
        &format!("Invalid value: {{}}: empty selector is invalid for statefulset ({})", rejected("StatefulSet")),
    );
    // A DaemonSet without a selector matches nothing; the API server reports its labels.
    assert_error(
        &m,
        38,
        24,
        "spec.template.metadata.labels",
        &format!(
            "Invalid value: {{\"app\":\"agent\"}}: `selector` does not match template `labels` (spec.selector is missing, and a missing selector matches no labels; {})",
            rejected("DaemonSet")
        ),
    );
    let operator = diagnostic(&m, Severity::Error, 48, 28, "spec.selector.matchExpressions[0].operator");
    assert_eq!(
        (operator.message.clone(), operator.suggestion.as_deref()),
        (format!("Invalid value: \"in\": not a valid selector operator ({})", rejected("ReplicaSet")), Some("In"))
    );
    assert_error(
        &m,
        49,
        37,
        "spec.selector.matchExpressions[1].values",
        &format!(
            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist' ({})",
            rejected("ReplicaSet")
        ),
    );
    assert_error(
        &m,
        50,
        20,
        "spec.selector.matchExpressions[2].values",
        &format!("Required value: must be specified when `operator` is 'In' or 'NotIn' ({})", rejected("ReplicaSet")),
    );
    // A ReplicationController's selector is a plain map, defaulted to the template's labels.
    assert_error(
        &m,
        62,
        24,
        "spec.template.metadata.labels",
        &format!(
            "Invalid value: {{\"app\":\"other\"}}: `selector` does not match template `labels` (the template lacks app=rc; {})",
            rejected("ReplicationController")
        ),
    );
    assert_error(
        &m,
        69,
        1,
        "spec.selector",
        &format!(
            "Required value: the selector defaults to the pod template's labels, and the template has none ({})",
            rejected("ReplicationController")
        ),
    );
    assert_eq!(count(&m, Severity::Error), 9, "{}", listing(&m));
    // Every operator, matched: only the valid workloads are simulated.
    let simulated: Vec<&str> = m.workloads.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(simulated, ["accepted", "defaulted"]);
    assert_eq!(m.summary.workloads, 9, "all found, though not all simulated");
}

/// A Kustomize base or patch has neither selector nor labels: kustomize adds
/// them. As written, the API server rejects it.
#[test]
fn a_deployment_without_selector_or_labels_is_told_to_render_kustomize_first() {
    let m = load(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: a}]\n",
    );
    assert_error(
        &m,
        4,
        1,
        "spec.selector",
        "Required value: apps/v1 has no default selector: give the pod template labels and select them; a Kustomize base or patch gets both from its kustomization, so render it with `kubectl kustomize` first (the API server rejects this Deployment when it is created, so it is not simulated)",
    );
    assert!(m.workloads.is_empty());
}

#[test]
fn a_selector_is_decoded_strictly_like_the_rest() {
    let m = load(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabel: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: a}]\n",
    );
    let typo = diagnostic(&m, Severity::Error, 5, 14, "spec.selector.matchLabel");
    assert_eq!(
        (typo.message.as_str(), typo.suggestion.as_deref()),
        ("unknown field \"matchLabel\"", Some("matchLabels"))
    );
    // Without its matchLabels the selector is empty.
    assert_error(
        &m,
        4,
        1,
        "spec.selector",
        "Invalid value: {}: empty selector is invalid for deployment (the API server rejects this Deployment when it is created, so it is not simulated)",
    );
    assert!(m.workloads.is_empty());
    let m = load(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: app=d\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: a}]\n",
    );
    assert_error(
        &m,
        5,
        13,
        "spec.selector",
        "expected a mapping (matchLabels, matchExpressions), found a string (the API server rejects this Deployment when it is created, so it is not simulated)",
    );
    assert!(m.workloads.is_empty());
}

#[test]
fn restart_policies_must_suit_the_workload_kind() {
    let deployment = load(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: a}]\n",
    );
    assert_error(
        &deployment,
        9,
        22,
        "spec.template.spec.restartPolicy",
        "Unsupported value: \"Never\": supported values: \"Always\"",
    );
    assert_eq!(deployment.workloads[0].template.spec.restart_policy, RestartPolicy::Always);
    let job = load(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: a}]\n",
    );
    assert_error(
        &job,
        7,
        22,
        "spec.template.spec.restartPolicy",
        "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
    );
}

#[test]
fn deployment_strategies_are_defaulted_and_checked() {
    let deployment = |strategy: &str| {
        load(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  strategy: {strategy}\n  selector: {{matchLabels: {{app: d}}}}\n  template:\n    metadata: {{labels: {{app: d}}}}\n    spec:\n      containers: [{{name: a}}]\n"
        ))
    };
    let m = deployment("{rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}");
    assert_clean(&m);
    assert_eq!(
        (&m.workloads[0].max_surge, &m.workloads[0].max_unavailable),
        (&IntOrPercent::Int(1), &IntOrPercent::Int(0))
    );
    let m = deployment("{type: Recreate}");
    assert_eq!(
        (&m.workloads[0].max_surge, &m.workloads[0].max_unavailable),
        (&IntOrPercent::Int(0), &IntOrPercent::Percent(100))
    );
    let m = deployment("{rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}");
    assert_error(
        &m,
        5,
        59,
        "spec.strategy.rollingUpdate.maxUnavailable",
        "Invalid value: 0: may not be 0 when `maxSurge` is 0",
    );
    let m = deployment("{rollingUpdate: {maxSurge: ten}}");
    assert_error(
        &m,
        5,
        40,
        "spec.strategy.rollingUpdate.maxSurge",
        "Invalid value: \"ten\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    );
}

#[test]
fn services_with_several_ports_name_them() {
    let m = load("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n  - port: 443\n");
    assert_error(
        &m,
        6,
        5,
        "spec.ports[0].name",
        "Required value: each port needs a name when a Service has more than one",
    );
    assert_error(
        &m,
        7,
        5,
        "spec.ports[1].name",
        "Required value: each port needs a name when a Service has more than one",
    );
}

#[test]
fn objects_without_a_kind_are_errors() {
    let m = load("apiVersion: v1\nmetadata: {name: x}\n---\n- a\n- b\n---\nkind: [Pod]\n");
    assert_error(
        &m,
        1,
        1,
        "kind",
        "Required value: the object has no kind (every Kubernetes object needs apiVersion and kind)",
    );
    assert_error(&m, 4, 1, "", "expected a Kubernetes object (a mapping with apiVersion and kind), found a list");
    assert_error(&m, 7, 7, "kind", "expected a string, found a list");
}

/// An install manifest holds hundreds of RBAC objects and CRDs: one note per
/// kind, at its first object, says how many were passed over.
#[test]
fn kinds_that_are_not_simulated_get_one_note_each_with_a_count() {
    let m = load(
        "apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
",
    );
    let notes: Vec<String> = m.diagnostics.iter().map(|d| d.render("f")).collect();
    assert_eq!(
        notes,
        ["f:2:7: note: kind ConfigMap is not simulated (3 objects)", "f:6:7: note: kind Secret is not simulated"]
    );
}

/// A note (line 2) before a warning (line 14, the probe's undeclared port),
/// for what follows to add an error after both.
const NOTE_THEN_WARNING: &str = "apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: nginx
    ports: [{containerPort: 8080}]
    livenessProbe:
      tcpSocket: {port: 9090}
";

/// Each diagnostic as `line:col severity`.
fn order(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| format!("{}:{} {}", d.span.line, d.span.col, d.severity.name())).collect()
}

/// What to fix comes first: errors, then warnings, then notes, each in source
/// order, as `check` prints them and the page lists them.
#[test]
fn errors_come_first_then_warnings_then_notes() {
    let m = load(&format!(
        "{NOTE_THEN_WARNING}  - name: b
    image: nginx
    readinessProbe: {{}}
  initContainers:
  - name: setup
    image: busybox
"
    ));
    assert_eq!(order(&m.diagnostics), ["17:5 error", "14:25 warning", "2:7 note", "17:5 note"], "{}", listing(&m));
}

/// The scenario's list keeps that order when the behaviour document's
/// diagnostics join the manifests' (ingress-nginx: its notes about RBAC kinds
/// come first in the file, the warning about its undeclared health port and
/// a misspelt behaviour field later).
#[test]
fn a_scenario_lists_errors_then_warnings_then_notes() {
    let s = probe_playground::scenario::load(&format!("{NOTE_THEN_WARNING}---\nkind: Behaviour\nduraton: 1m\n"));
    assert_eq!(order(&s.diagnostics), ["17:1 error", "14:25 warning", "2:7 note"]);
}

// ---- input as users have it -----------------------------------------------

#[test]
fn syntax_errors_keep_the_documents_before_them() {
    let m = fixture("syntax-error.yaml");
    assert_error(
        &m,
        19,
        1,
        "",
        "YAML syntax error: while parsing a flow sequence, expected ',' or ']' (the document before it was loaded)",
    );
    assert_eq!(m.workloads.len(), 1);
    assert_eq!(m.workloads[0].name, "first");
}

const POD_YAML: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - name: http
      containerPort: 8080
    livenessProbe:
      httpGet: {path: /healthz, port: http}
      periodSeconds: 5
";

/// The same pod, written the ways users write manifests, loads the same.
#[test]
fn json_crlf_kyaml_anchors_and_live_exports_load_alike() {
    let reference = load(POD_YAML);
    assert_clean(&reference);
    let json = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
      "spec": {"containers": [{"name": "web", "image": "nginx",
        "ports": [{"name": "http", "containerPort": 8080}],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 5}}]}}"#;
    let kyaml = "---\n{\n  apiVersion: \"v1\",\n  kind: \"Pod\",\n  metadata: {name: \"web\"},\n  spec: {\n    containers: [{\n      name: \"web\",\n      image: \"nginx\",\n      ports: [{name: \"http\", containerPort: 8080}],\n      livenessProbe: {\n        httpGet: {path: \"/healthz\", port: \"http\"},\n        periodSeconds: 5,\n      },\n    }],\n  },\n}\n";
    let merge_key = POD_YAML.replace(
        "    livenessProbe:\n      httpGet: {path: /healthz, port: http}\n",
        "    livenessProbe:\n      <<: {httpGet: {path: /healthz, port: http}}\n",
    );
    let live = POD_YAML.replace(
        "metadata:\n  name: web\n",
        "metadata:\n  name: web\n  uid: 0b1c\n  resourceVersion: \"42\"\n  creationTimestamp: 2024-01-01T00:00:00Z\n  managedFields:\n  - manager: kubectl\n    fieldsV1: {f:spec: {}}\n",
    ) + "status:\n  phase: Running\n  conditions:\n  - type: Ready\n    lastProbeTime: null\n";
    let with_bom = format!("\u{feff}{POD_YAML}");
    let empty_documents = format!("---\n---\n# only a comment\n---\n{POD_YAML}---\n");
    for (form, text) in [
        ("JSON", json.to_string()),
        ("CRLF", POD_YAML.replace('\n', "\r\n")),
        ("KYAML", kyaml.to_string()),
        ("merge key", merge_key),
        ("live export", live),
        ("BOM", with_bom),
        ("empty documents", empty_documents),
    ] {
        let m = load(&text);
        let problems = count(&m, Severity::Error) + count(&m, Severity::Warning);
        assert_eq!(problems, 0, "{form}:\n{}", listing(&m));
        assert_eq!(m.workloads.len(), 1, "{form}");
        let (a, b) = (&m.workloads[0].template.spec.containers[0], &reference.workloads[0].template.spec.containers[0]);
        assert_eq!(
            a.liveness_probe.as_ref().map(|p| &p.handler),
            b.liveness_probe.as_ref().map(|p| &p.handler),
            "{form}"
        );
        assert_eq!(a.liveness_probe.as_ref().unwrap().period_seconds, 5, "{form}");
        assert_eq!(a.ports, b.ports, "{form}");
    }
}

#[test]
fn aliases_and_merge_keys_reuse_a_probe() {
    let text = POD_YAML.replace(
        "    livenessProbe:\n",
        "    readinessProbe: &p\n      httpGet: {port: http}\n    startupProbe: *p\n    livenessProbe:\n      <<: *p\n",
    );
    let m = load(&text);
    assert_clean(&m);
    assert_eq!(m.summary.probes, ProbeCounts { liveness: 1, readiness: 1, startup: 1 });
    let c = &m.workloads[0].template.spec.containers[0];
    // The explicit httpGet and periodSeconds win over the merged ones.
    let liveness = c.liveness_probe.as_ref().unwrap();
    assert_eq!(liveness.period_seconds, 5);
    assert!(matches!(&liveness.handler, Handler::HttpGet { path, .. } if path == "/healthz"));
    assert_eq!(c.startup_probe.as_ref().unwrap().handler, c.readiness_probe.as_ref().unwrap().handler);
}

#[test]
fn a_closing_bracket_at_its_keys_indentation_is_accepted_as_kubectl_does() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    args: [\n      \"-v\",\n    ]\n    livenessProbe:\n      exec:\n        command: [\n          cat, /tmp/ok\n        ]\n";
    let m = load(text);
    assert_clean(&m);
    let c = &m.workloads[0].template.spec.containers[0];
    assert_eq!(c.args, ["-v"]);
    assert_eq!(
        c.liveness_probe.as_ref().unwrap().handler,
        Handler::Exec { command: vec!["cat".into(), "/tmp/ok".into()] }
    );
    // Spans before the moved bracket are those of the text as written.
    assert_eq!((c.liveness_probe.as_ref().unwrap().span.line, c.liveness_probe.as_ref().unwrap().span.col), (10, 5));
}

#[test]
fn block_scalars_in_exec_commands_are_kept_verbatim() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    livenessProbe:\n      exec:\n        command:\n        - sh\n        - -c\n        - |\n          test -f /ready &&\n            echo ok\n";
    let m = load(text);
    assert_clean(&m);
    let Handler::Exec { command } =
        &m.workloads[0].template.spec.containers[0].liveness_probe.as_ref().unwrap().handler
    else {
        panic!("not exec")
    };
    assert_eq!(command[2], "test -f /ready &&\n  echo ok\n");
}

// ---- hostile input --------------------------------------------------------

#[test]
fn invalid_utf8_is_an_error_with_its_place() {
    let mut bytes = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf".to_vec();
    bytes.push(0xE9);
    let m = load_bytes(&bytes);
    assert_error(
        &m,
        4,
        12,
        "",
        "the input is not valid UTF-8 (byte 0xe9 at line 4, column 12); save the file as UTF-8",
    );
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("kind: Pod".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let m = load_bytes(&utf16);
    assert_eq!(
        m.diagnostics[0].message,
        "the input is UTF-16 (as Windows PowerShell's `>` writes files); save it as UTF-8"
    );
}

#[test]
fn oversized_input_is_refused_quickly() {
    let big = POD_YAML.repeat(MAX_INPUT_BYTES / POD_YAML.len() + 1);
    let m = load_bytes(big.as_bytes());
    assert_error(
        &m,
        1,
        1,
        "",
        &format!("the input is {} bytes, more than the 4194304 bytes (4 MiB) the loader accepts", big.len()),
    );
    assert!(m.workloads.is_empty());
}

#[test]
fn deep_nesting_and_alias_bombs_are_errors_not_crashes() {
    let deep = format!("apiVersion: v1\nkind: Pod\nspec: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let m = load(&deep);
    assert_eq!(count(&m, Severity::Error), 1, "{}", listing(&m));
    // yaml-rust2's own recursion limit may come first.
    let message = &m.diagnostics[0].message;
    assert!(message.contains("nesting deeper than") || message.contains("recursion limit"), "{message}");

    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ('b'..='k').zip('a'..) {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let m = load(&bomb);
    assert!(m.diagnostics[0].message.contains("through aliases"), "{}", listing(&m));
}

#[test]
fn diagnostics_are_capped() {
    let mut text = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    for i in 0..5000 {
        text.push_str(&format!("  unknown{i}: x\n"));
    }
    let m = load(&text);
    assert_eq!(m.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(
        m.diagnostics.last().unwrap().message,
        format!(
            "{} more diagnostics from here on were left out (at most {MAX_DIAGNOSTICS} are reported)",
            5000 - MAX_DIAGNOSTICS + 1
        )
    );
}

#[test]
fn long_text_behind_many_aliases_is_refused() {
    let mut text = format!("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: &a \"{}\"\n  b: [", "x".repeat(1 << 20));
    text.push_str(&"*a, ".repeat(100_000));
    text.push_str("]\n");
    let m = load(&text);
    assert!(
        m.diagnostics[0].message.contains("bytes of text through aliases; refusing to expand further"),
        "{}",
        listing(&m)
    );
}

#[test]
fn messages_quote_at_most_a_kilobyte_of_the_users_text() {
    // YAML keys stop at 1024 characters; values do not.
    let (key, port) = ("k".repeat(1000), "x".repeat(100_000));
    let m = load(&format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    {key}: 1\n    livenessProbe:\n      tcpSocket: {{port: {port}}}\n"
    ));
    assert_eq!(count(&m, Severity::Error), 2, "{}", listing(&m));
    assert!(m.diagnostics.iter().all(|d| d.message.len() <= 1003 && d.path.len() <= 1003));
    assert!(m.diagnostics.iter().any(|d| d.message.ends_with('…')));
}

#[test]
fn a_pod_needs_a_container() {
    let m = load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []\n");
    assert_error(&m, 5, 3, "spec.containers", "Required value: a pod needs at least one container");
    assert!(m.workloads.is_empty());
    assert_eq!(m.summary.workloads, 1, "found, though not simulated");
}

#[test]
fn whole_numbers_written_as_floats_are_integers_but_fractions_are_not() {
    let pod = |period: &str| {
        load(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    livenessProbe:\n      exec: {{command: [ls]}}\n      periodSeconds: {period}\n"
        ))
    };
    for (written, period) in [("10.0", 10), ("1e1", 10)] {
        let m = pod(written);
        assert_clean(&m);
        assert_eq!(m.workloads[0].template.spec.containers[0].liveness_probe.as_ref().unwrap().period_seconds, period);
    }
    assert_error(
        &pod("2.5"),
        9,
        22,
        "spec.containers[0].livenessProbe.periodSeconds",
        "expected an integer, found a number (2.5)",
    );
}

/// The behaviour document is held to the same cap: a hostile one with
/// thousands of unknown keys does not cost thousands of diagnostics.
#[test]
fn behaviour_diagnostics_are_capped_too() {
    let mut text = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: b}]\n---\nkind: Behaviour\n",
    );
    for i in 0..5000 {
        text.push_str(&format!("unknown{i}: x\n"));
    }
    let s = probe_playground::scenario::load(&text);
    assert_eq!(s.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(
        s.diagnostics.last().unwrap().message,
        format!(
            "{} more diagnostics from here on were left out (at most {MAX_DIAGNOSTICS} are reported)",
            5000 - MAX_DIAGNOSTICS
        )
    );
}

/// The history numbers a pod's containers in a byte: a pod of 256 is an
/// error at `containers`, and it is not simulated.
#[test]
fn a_pod_of_more_than_255_containers_is_not_simulated() {
    let containers: String = (0..256).map(|i| format!("  - {{name: c{i}, image: busybox}}\n")).collect();
    let text = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: big}}\nspec:\n  containers:\n{containers}");
    let s = probe_playground::scenario::load(&text);
    let errors: Vec<String> = s.diagnostics.iter().map(|d| d.render("f")).filter(|d| d.contains("error")).collect();
    assert_eq!(
        errors,
        vec!["f:5:3: error: spec.containers: a pod of 256 containers and sidecars is not simulated: at most 255 are"]
    );
    assert!(s.workloads.is_empty());
}
