//! Lifecycle hooks: `lifecycle.postStart` and `lifecycle.preStop`, with the
//! API server's validation (`validateLifecycle`, `validateSleepAction`) and
//! what a version keeps of them (the `sleep` action from 1.30, `sleep: 0`
//! from 1.33). A hook the API server would reject is left out, with a note.

use super::fields::{Cx, Field, int64, object};
use super::probe::{self, Handlers};
use super::schema;
use crate::cluster::PodField;
use crate::spec::{Handler, Hook, HookAction, ProbeKind};

/// Reads `lifecycle`: (postStart, preStop). `grace` is the pod's
/// `terminationGracePeriodSeconds`, which bounds a `sleep`.
pub fn lifecycle(cx: &mut Cx, f: &Field, grace: i64) -> (Option<Hook>, Option<Hook>) {
    let Some(fields) = object(cx, f.value, &f.path, &schema::LIFECYCLE) else { return (None, None) };
    let mut hook = |name: &str| fields.get(name).and_then(|hf| self::hook(cx, &hf, grace));
    (hook("postStart"), hook("preStop"))
}

fn hook(cx: &mut Cx, f: &Field, grace: i64) -> Option<Hook> {
    let errors_before = cx.errors();
    let fields = object(cx, f.value, &f.path, &schema::LIFECYCLE_HANDLER)?;
    let names = ["exec", "httpGet", "tcpSocket", "sleep"];
    let action = match probe::one_handler(cx, f, &fields, names, PodField::SleepAction, "exec, httpGet or sleep") {
        // The whole hook goes with its only handler (`dropPodLifecycleSleepAction`).
        Handlers::Dropped => return None,
        Handlers::None => None,
        Handlers::One(name, hf) => match name {
            "exec" => match probe::exec(cx, &hf) {
                Some((Handler::Exec { command }, _)) => Some(HookAction::Exec { command }),
                _ => None,
            },
            "httpGet" => match probe::http_get(cx, &hf, ProbeKind::Liveness) {
                Some((Handler::HttpGet { path, port, host, scheme, .. }, _)) => {
                    Some(HookAction::HttpGet { path, port, host, scheme })
                }
                _ => None,
            },
            "tcpSocket" => {
                cx.warning(
                    hf.key.span,
                    &hf.path,
                    "tcpSocket is accepted by the API server but the kubelet cannot run it as a lifecycle hook: the hook fails",
                );
                Some(HookAction::TcpSocket)
            }
            _ => sleep(cx, &hf, grace).map(|seconds| HookAction::Sleep { seconds }),
        },
    };
    if cx.errors() > errors_before {
        cx.note(f.key.span, &f.path, "this hook is left out of the simulation because the API server would reject it");
        return None;
    }
    action.map(|action| Hook { action, span: f.key.span })
}

/// `sleep: {seconds: N}`: `validateSleepAction`, 0 allowed where the
/// version allows it. The seconds, if the API server keeps them.
fn sleep(cx: &mut Cx, f: &Field, grace: i64) -> Option<i64> {
    let fields = object(cx, f.value, &f.path, &schema::SLEEP)?;
    let Some(sf) = fields.get("seconds") else {
        cx.error(f.key.span, &fields.path_of("seconds"), "Required value: sleep needs its seconds");
        return None;
    };
    let seconds = int64(cx, &sf)?;
    if seconds == 0 && !cx.keeps(&sf, PodField::SleepZero) {
        return None;
    }
    let zero_allowed = cx.cluster.drops(PodField::SleepZero).is_none();
    let lowest = if zero_allowed { 0 } else { 1 };
    if seconds < lowest || seconds > grace {
        let bound = if zero_allowed { "must be non-negative" } else { "must be greater than 0" };
        cx.error(
            sf.value.span,
            &sf.path,
            format!("Invalid value: {seconds}: {bound} and less than terminationGracePeriodSeconds ({grace})"),
        );
        return None;
    }
    Some(seconds)
}
