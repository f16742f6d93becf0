//! The field names of every object the loader understands, for unknown-field
//! detection.
//!
//! `kubectl apply` now asks the API server for strict field validation, so an
//! unknown or misspelt field rejects the whole object ("strict decoding error:
//! unknown field ..."). These lists are the JSON names of the Go structs in
//! `k8s.io/api` (checked against the `testdata/HEAD` round-trip fixtures, which
//! set every field). Fields that are known but not simulated (volumes, affinity,
//! resources, securityContext, ...) are listed too, so they are accepted
//! silently; their contents are free-form to the loader and never checked.

/// One object type: its fields, and hints for fields that belong elsewhere
/// (the usual cause is wrong indentation).
pub struct Schema {
    pub fields: &'static [&'static str],
    /// Fields this object has beyond `fields` (when it extends another's).
    pub also: &'static [&'static str],
    /// `(field, where it belongs)`, for unknown fields with no near miss here.
    pub misplaced: &'static [(&'static [&'static str], &'static str)],
}

impl Schema {
    pub fn has(&self, name: &str) -> bool {
        self.fields.contains(&name) || self.also.contains(&name)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().chain(self.also).copied()
    }
}

/// Fields older manifests still carry that today's API server no longer has.
pub const REMOVED: &[(&str, &str)] = &[
    ("ipFamily", "was removed from Services in Kubernetes 1.20; use ipFamilies and ipFamilyPolicy"),
    ("rollbackTo", "was removed from Deployments in apps/v1; use `kubectl rollout undo`"),
    ("templateGeneration", "was removed from DaemonSets in apps/v1"),
];

const PROBE_FIELDS: &[&str] = &[
    "exec",
    "httpGet",
    "tcpSocket",
    "grpc",
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
    "terminationGracePeriodSeconds",
];

const HANDLER_FIELDS: &[&str] = &["command", "path", "port", "host", "scheme", "httpHeaders", "service"];

const CONTAINER_FIELDS: &[&str] = &[
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
];

const POD_SPEC_FIELDS: &[&str] = &[
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride",
    "schedulingGroup",
    "evictionResponders",
];

const IN_A_PROBE: &str = "inside a probe (livenessProbe, readinessProbe or startupProbe)";
const IN_A_HANDLER: &str = "inside the probe's handler (exec, httpGet, tcpSocket or grpc)";
const IN_A_CONTAINER: &str = "inside a container (an entry of containers)";
const IN_THE_POD_TEMPLATE: &str = "in the pod template (spec.template.spec)";
const UNDER_SPEC: &str = "under spec";

pub const OBJECT: Schema = Schema {
    also: &[],
    fields: &["apiVersion", "kind", "metadata", "spec", "status"],
    misplaced: &[(&["replicas", "template", "selector", "containers"], UNDER_SPEC)],
};

pub const LIST: Schema = Schema { also: &[], fields: &["apiVersion", "kind", "metadata", "items"], misplaced: &[] };

pub const METADATA: Schema = Schema {
    also: &[],
    fields: &[
        "name",
        "generateName",
        "namespace",
        "selfLink",
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
        "labels",
        "annotations",
        "ownerReferences",
        "finalizers",
        "managedFields",
    ],
    misplaced: &[],
};

pub const POD_TEMPLATE: Schema = Schema {
    also: &[],
    fields: &["metadata", "spec"],
    misplaced: &[(&["containers", "initContainers", "volumes", "restartPolicy"], "under spec (spec.template.spec)")],
};

pub const DEPLOYMENT_SPEC: Schema = Schema {
    also: &[],
    fields: &[
        "replicas",
        "selector",
        "template",
        "strategy",
        "minReadySeconds",
        "revisionHistoryLimit",
        "paused",
        "progressDeadlineSeconds",
    ],
    misplaced: &[(POD_SPEC_FIELDS, IN_THE_POD_TEMPLATE)],
};

/// `metav1.LabelSelector`, the apps/v1 workloads' `spec.selector`.
pub const LABEL_SELECTOR: Schema = Schema { also: &[], fields: &["matchLabels", "matchExpressions"], misplaced: &[] };

pub const LABEL_SELECTOR_REQUIREMENT: Schema =
    Schema { also: &[], fields: &["key", "operator", "values"], misplaced: &[] };

pub const DEPLOYMENT_STRATEGY: Schema = Schema { also: &[], fields: &["type", "rollingUpdate"], misplaced: &[] };

pub const ROLLING_UPDATE: Schema = Schema { also: &[], fields: &["maxUnavailable", "maxSurge"], misplaced: &[] };

pub const REPLICA_SET_SPEC: Schema = Schema {
    also: &[],
    fields: &["replicas", "minReadySeconds", "selector", "template"],
    misplaced: &[(POD_SPEC_FIELDS, IN_THE_POD_TEMPLATE)],
};

/// ReplicationController has the same fields as ReplicaSet (its selector is a
/// plain map rather than a LabelSelector).
pub const REPLICATION_CONTROLLER_SPEC: Schema = REPLICA_SET_SPEC;

pub const STATEFUL_SET_SPEC: Schema = Schema {
    also: &[],
    fields: &[
        "replicas",
        "selector",
        "template",
        "volumeClaimTemplates",
        "serviceName",
        "podManagementPolicy",
        "updateStrategy",
        "revisionHistoryLimit",
        "minReadySeconds",
        "persistentVolumeClaimRetentionPolicy",
        "ordinals",
    ],
    misplaced: &[(POD_SPEC_FIELDS, IN_THE_POD_TEMPLATE)],
};

pub const DAEMON_SET_SPEC: Schema = Schema {
    also: &[],
    fields: &["selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"],
    misplaced: &[(POD_SPEC_FIELDS, IN_THE_POD_TEMPLATE)],
};

pub const JOB_SPEC: Schema = Schema {
    also: &[],
    fields: &[
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "podFailurePolicy",
        "successPolicy",
        "backoffLimit",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
        "selector",
        "manualSelector",
        "template",
        "ttlSecondsAfterFinished",
        "completionMode",
        "suspend",
        "podReplacementPolicy",
        "managedBy",
        "scheduling",
    ],
    misplaced: &[(POD_SPEC_FIELDS, IN_THE_POD_TEMPLATE)],
};

pub const CRON_JOB_SPEC: Schema = Schema {
    also: &[],
    fields: &[
        "schedule",
        "timeZone",
        "startingDeadlineSeconds",
        "concurrencyPolicy",
        "suspend",
        "jobTemplate",
        "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit",
    ],
    misplaced: &[(&["template"], "under jobTemplate.spec")],
};

pub const JOB_TEMPLATE: Schema = Schema { also: &[], fields: &["metadata", "spec"], misplaced: &[] };

pub const POD_SPEC: Schema = Schema {
    also: &[],
    fields: POD_SPEC_FIELDS,
    misplaced: &[
        (CONTAINER_FIELDS, IN_A_CONTAINER),
        (&["replicas", "strategy", "template"], "in the workload's spec, not the pod's"),
    ],
};

pub const CONTAINER: Schema = Schema {
    also: &[],
    fields: CONTAINER_FIELDS,
    misplaced: &[(PROBE_FIELDS, IN_A_PROBE), (HANDLER_FIELDS, IN_A_PROBE)],
};

/// Ephemeral containers (`kubectl debug`) add the container they target.
pub const EPHEMERAL_CONTAINER: Schema =
    Schema { fields: CONTAINER_FIELDS, also: &["targetContainerName"], misplaced: &[(PROBE_FIELDS, IN_A_PROBE)] };

pub const PROBE: Schema = Schema { also: &[], fields: PROBE_FIELDS, misplaced: &[(HANDLER_FIELDS, IN_A_HANDLER)] };

pub const EXEC: Schema =
    Schema { also: &[], fields: &["command"], misplaced: &[(PROBE_FIELDS, "in the probe, next to exec")] };

/// `protocol` (httpGet) and `mode` (grpc) are the newest API's additions; they
/// are accepted and not simulated.
pub const HTTP_GET: Schema = Schema {
    also: &[],
    fields: &["path", "port", "host", "scheme", "httpHeaders", "protocol"],
    misplaced: &[(PROBE_FIELDS, "in the probe, next to httpGet")],
};

pub const RESTART_RULE: Schema = Schema { also: &[], fields: &["action", "exitCodes"], misplaced: &[] };

pub const EXIT_CODES: Schema = Schema { also: &[], fields: &["operator", "values"], misplaced: &[] };

pub const LIFECYCLE: Schema = Schema { also: &[], fields: &["postStart", "preStop", "stopSignal"], misplaced: &[] };

pub const LIFECYCLE_HANDLER: Schema =
    Schema { also: &[], fields: &["exec", "httpGet", "tcpSocket", "sleep"], misplaced: &[] };

pub const SLEEP: Schema = Schema { also: &[], fields: &["seconds"], misplaced: &[] };

pub const HTTP_HEADER: Schema = Schema { also: &[], fields: &["name", "value"], misplaced: &[] };

pub const TCP_SOCKET: Schema =
    Schema { also: &[], fields: &["port", "host"], misplaced: &[(PROBE_FIELDS, "in the probe, next to tcpSocket")] };

pub const GRPC: Schema = Schema {
    also: &[],
    fields: &["port", "service", "mode"],
    misplaced: &[(PROBE_FIELDS, "in the probe, next to grpc")],
};

pub const CONTAINER_PORT: Schema =
    Schema { also: &[], fields: &["name", "hostPort", "containerPort", "protocol", "hostIP"], misplaced: &[] };

pub const ENV_VAR: Schema = Schema { also: &[], fields: &["name", "value", "valueFrom"], misplaced: &[] };

pub const READINESS_GATE: Schema = Schema { also: &[], fields: &["conditionType"], misplaced: &[] };

pub const SERVICE_SPEC: Schema = Schema {
    also: &[],
    fields: &[
        "ports",
        "selector",
        "clusterIP",
        "clusterIPs",
        "type",
        "externalIPs",
        "sessionAffinity",
        "loadBalancerIP",
        "loadBalancerSourceRanges",
        "externalName",
        "externalTrafficPolicy",
        "healthCheckNodePort",
        "publishNotReadyAddresses",
        "sessionAffinityConfig",
        "ipFamilies",
        "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts",
        "loadBalancerClass",
        "internalTrafficPolicy",
        "trafficDistribution",
    ],
    misplaced: &[],
};

pub const SERVICE_PORT: Schema = Schema {
    also: &[],
    fields: &["name", "protocol", "appProtocol", "port", "targetPort", "nodePort"],
    misplaced: &[],
};
