//! The app's request log for a pod, up to the current time: per container,
//! the HTTP probe requests that reached the app (`view::app_log`), as the
//! app would have logged them. It follows the newest line.

use crate::history::{History, Millis, PodId, Record};
use crate::playground::state::Shared;
use crate::spec::{Handler, ProbeKind};
use crate::ui::hooks::use_follow_newest;
use crate::ui::refresh::refresh_key;
use crate::view;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppLogProps {
    pub history: Shared<History>,
    pub pod: PodId,
    pub t: Millis,
    /// As for the describe pane: recomputed at most this often while
    /// playing; paused, at every probe result of the pod.
    pub refresh_ms: Millis,
    pub playing: bool,
}

/// Lines kept per container, like `kubectl logs --tail`.
const TAIL: usize = 1000;

#[function_component(AppLog)]
pub fn app_log(props: &AppLogProps) -> Html {
    let pod = props.pod;
    let key = refresh_key(
        &props.history,
        props.t,
        props.playing,
        props.refresh_ms,
        |r| matches!(r, Record::Probe(p) if p.pod == pod),
    );
    let logs = use_memo((props.history.clone(), props.pod, key), {
        let t = props.t;
        move |(h, pod, _)| {
            let containers = &h.pod(*pod).template.spec.containers;
            (0..containers.len() as u16).map(|c| view::app_log(h, *pod, c, t, Some(TAIL))).collect::<Vec<String>>()
        }
    });
    let (body, onscroll) = use_follow_newest(Shared(logs.clone()), props.playing);
    let containers = &props.history.pod(props.pod).template.spec.containers;
    let several = containers.len() > 1;
    let blocks = containers.iter().zip(logs.iter()).map(|(spec, log)| {
        let http =
            ProbeKind::ALL.iter().any(|&k| matches!(spec.probe(k).map(|p| &p.handler), Some(Handler::HttpGet { .. })));
        let empty = if http {
            "(no probe request has reached the app yet)"
        } else {
            "(no HTTP probe: the kubelet sends this app no requests)"
        };
        html! {
            <>
                if several { <div class="log-container">{ format!("container {}", spec.name) }</div> }
                <pre>{ if log.is_empty() { empty.to_string() } else { log.clone() } }</pre>
            </>
        }
    });
    html! {
        <div class="terminal" role="log" aria-label="App log" aria-live="off" ref={body} {onscroll}>
            { for blocks }
        </div>
    }
}
