//! The kubelet's timings that the source does not fix: named constants with
//! realistic defaults (Kubernetes 1.33, containerd, image already on the node).
//! Changing one here changes it everywhere; tests state their times in terms
//! of these so that a change shows up as a failing rule, not a silent drift.

use crate::history::Millis;

/// From a start decision in a pod sync to the `Started` event: image check,
/// create, start. `Pulled` and `Created` are recorded at the decision.
pub const CONTAINER_START_LATENCY: Millis = 1_000;

/// The generic PLEG relists every second (`genericPlegRelistPeriod`); the
/// kubelet learns of a container start or exit at the next relist. Relists
/// fall at `n * PLEG_RELIST_PERIOD + PLEG_RELIST_PHASE`.
pub const PLEG_RELIST_PERIOD: Millis = 1_000;
pub const PLEG_RELIST_PHASE: Millis = 500;

/// The periodic pod resync (`syncFrequency`, 1 min), stretched by
/// `wait.Jitter(resync, 0.5)`.
pub const POD_RESYNC_PERIOD: Millis = 60_000;

/// A pod sync that failed with CrashLoopBackOff is retried after
/// `wait.Jitter(10s, 0.5)` (pod workers before 1.34, §7.3).
pub const BACKOFF_RETRY_PERIOD: Millis = 10_000;

/// `wait.Jitter`'s factor for both of the above.
pub const JITTER_FACTOR: f64 = 0.5;

/// CrashLoopBackOff: first delay, cap, and how long a container must run for
/// the back-off to be forgotten (§7.1).
pub const INITIAL_BACKOFF: Millis = 10_000;
pub const MAX_BACKOFF: Millis = 300_000;
pub const BACKOFF_RESET_AFTER: Millis = 600_000;

/// `minimumGracePeriodInSeconds`: a kill always allows at least this long.
pub const MINIMUM_GRACE_PERIOD: Millis = 2_000;

/// `maxProbeRetries`: a probe that errors is retried at once this many times
/// in all, and only the last attempt is reported.
pub const MAX_PROBE_RETRIES: u32 = 3;

/// HTTP redirects the prober follows on the same host before giving up.
pub const MAX_REDIRECTS: usize = 10;

/// How much of an HTTP body (`maxRespBodyLength`) or of an exec probe's
/// output (`maxReadLength`) the prober reads: 10 KB; the rest is dropped.
pub const MAX_PROBE_OUTPUT: usize = 10 * 1024;

/// How long a client of a Service waits for an answer before counting a
/// request as failed, unless its `traffic` entry sets a `timeout`.
pub const CLIENT_TIMEOUT: Millis = 10_000;

/// How long a Job's (or CronJob's) container runs when the behaviour does
/// not say: a batch task runs briefly and completes with exit code 0.
pub const JOB_RUN_TIME: Millis = 5_000;
