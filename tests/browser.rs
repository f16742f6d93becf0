//! Browser tests of the playground: `cargo test --target wasm32-unknown-unknown`
//! runs them in headless Chromium (wasm-bindgen-test-runner + chromedriver).
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use probe_playground::gallery;
use probe_playground::history::{History, Record};
use probe_playground::playground::state::Shared;
use probe_playground::scenario;
use probe_playground::ui::App;
use probe_playground::ui::components::timeline::Timeline;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const KUBERNETES: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: example/web:1.0\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n      periodSeconds: 5";
const BEHAVIOUR: &str = "kind: Behaviour\nsimulation:\n  duration: 3m\napps:\n- container: app\n  http:\n  - path: /healthz\n    after: 30s\n    status: 500\n";

fn scenario_text() -> String {
    format!("{KUBERNETES}\n---\n{BEHAVIOUR}")
}

// ---------- The mounted app ----------

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn wait_for(root: &Element, what: &str, ok: impl Fn(&Element) -> bool) {
    for _ in 0..200 {
        if ok(root) {
            return;
        }
        TimeoutFuture::new(25).await;
    }
    panic!("timed out waiting for {what}");
}

fn query(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn text(root: &Element, selector: &str) -> String {
    query(root, selector).and_then(|e| e.text_content()).unwrap_or_default()
}

/// The text as it is shown, a line a line (the events pane draws a block per line).
fn shown(root: &Element, selector: &str) -> String {
    query(root, selector).and_then(|e| e.dyn_into::<HtmlElement>().ok()).map(|e| e.inner_text()).unwrap_or_default()
}

async fn mount(stored: &str) -> Element {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.set_item("probe-playground.scenario", stored).unwrap();
    // No link in the address (an earlier test's edits wrote theirs): the app opens the stored draft.
    let path = window.location().pathname().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path)).unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    wait_for(&root, "the first simulation", |r| query(r, ".app[data-runs=\"1\"]").is_some()).await;
    root
}

#[wasm_bindgen_test]
async fn app_mounts_simulates_and_shows_every_view() {
    let root = mount(&scenario_text()).await;
    let ta = |label: &str| query(&root, &format!("textarea[aria-label=\"{label}\"]"));
    assert!(ta("Kubernetes YAML").is_some());
    assert!(ta("App behaviour").is_some());
    assert!(query(&root, "[role=log][aria-label=Events]").is_some());
    assert!(query(&root, "table[aria-label=Pods]").is_some());
    assert!(query(&root, "section[aria-label=Timeline]").is_some());
    assert_eq!(root.query_selector_all(".pod-card").unwrap().length(), 1);
    assert!(text(&root, "table[aria-label=Pods]").starts_with("NAME"));
    assert_eq!(text(&root, ".clock .end"), " / 03:00");
    assert!(query(&root, "button[aria-label=Play]").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_an_error_marks_its_line_and_keeps_the_last_run() {
    let root = mount(&scenario_text()).await;
    let ta: HtmlTextAreaElement = query(&root, "textarea[aria-label=\"App behaviour\"]").unwrap().dyn_into().unwrap();
    ta.set_value(&BEHAVIOUR.replace("status: 500", "statuz: 500"));
    ta.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    wait_for(&root, "the diagnostic", |r| query(r, "[data-doc=editor-behaviour] .ln.marked.error").is_some()).await;
    assert_eq!(text(&root, "[data-doc=editor-behaviour] .ln.marked.error"), "9");
    assert_eq!(text(&root, "[data-doc=editor-behaviour] .squiggle.error"), "statuz");
    assert!(text(&root, "#diagnostics").contains("App behaviour 9:5"));
    assert!(text(&root, "#diagnostics").contains("did you mean `status`?"));
    // The last valid history still plays.
    assert_eq!(root.query_selector_all(".pod-card").unwrap().length(), 1);
    // The click in the list puts the caret on line 9.
    let button: HtmlElement = query(&root, "#diagnostics button").unwrap().dyn_into().unwrap();
    button.click();
    TimeoutFuture::new(50).await;
    let start = ta.selection_start().unwrap().unwrap() as usize;
    assert_eq!(ta.value()[..start].matches('\n').count() + 1, 9);
    root.remove();
}

#[wasm_bindgen_test]
async fn play_button_switches_its_name_and_moves_time() {
    let root = mount(&scenario_text()).await;
    let play: HtmlElement = query(&root, "button[aria-label=Play]").unwrap().dyn_into().unwrap();
    play.click();
    wait_for(&root, "Pause", |r| query(r, "button[aria-label=Pause]").is_some()).await;
    wait_for(&root, "time to move", |r| {
        query(r, ".app").and_then(|a| a.get_attribute("data-t")).is_some_and(|t| t != "0")
    })
    .await;
    let pause: HtmlElement = query(&root, "button[aria-label=Pause]").unwrap().dyn_into().unwrap();
    pause.click();
    wait_for(&root, "Play", |r| query(r, "button[aria-label=Play]").is_some()).await;
    root.remove();
}

/// The version selector and the gate toggles edit the behaviour document:
/// picking 1.28 writes `kubernetes: "1.28"` into its `simulation`, the run
/// that follows is a 1.28 run (`Created container app`), and ticking
/// SidecarContainers (alpha, off in 1.28) writes the gate; unticking it
/// takes it out again.
#[wasm_bindgen_test]
async fn the_version_selector_and_gates_edit_the_behaviour_text() {
    let root = mount(&scenario_text()).await;
    let select: web_sys::HtmlSelectElement =
        query(&root, "select[aria-label=\"Kubernetes version\"]").unwrap().dyn_into().unwrap();
    assert_eq!(select.value(), "1.37");
    select.set_value("1.28");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    let behaviour = "textarea[aria-label=\"App behaviour\"]";
    let value = |root: &Element| -> String {
        let ta: HtmlTextAreaElement = query(root, behaviour).unwrap().dyn_into().unwrap();
        ta.value()
    };
    wait_for(&root, "the version in the text", |r| value(r).contains("  kubernetes: \"1.28\"\n")).await;
    assert_eq!(value(&root), BEHAVIOUR.replace("simulation:\n", "simulation:\n  kubernetes: \"1.28\"\n"));
    wait_for(&root, "the 1.28 run", |r| text(r, "[role=log][aria-label=Events]").contains("Created container app"))
        .await;
    let gates = root.query_selector_all(".gates-list input[type=checkbox]").unwrap();
    let sidecars = (0..gates.length())
        .map(|i| gates.item(i).unwrap().dyn_into::<HtmlInputElement>().unwrap())
        .find(|input| input.parent_element().unwrap().text_content().unwrap().contains("SidecarContainers"))
        .expect("a SidecarContainers toggle on 1.28");
    assert!(!sidecars.checked());
    sidecars.click();
    wait_for(&root, "the gate in the text", |r| value(r).contains("SidecarContainers: true")).await;
    let sidecars: HtmlInputElement = {
        let gates = root.query_selector_all(".gates-list input[type=checkbox]").unwrap();
        (0..gates.length())
            .map(|i| gates.item(i).unwrap().dyn_into::<HtmlInputElement>().unwrap())
            .find(|input| input.parent_element().unwrap().text_content().unwrap().contains("SidecarContainers"))
            .unwrap()
    };
    sidecars.click();
    wait_for(&root, "the gate gone", |r| !value(r).contains("SidecarContainers")).await;
    root.remove();
}

/// The pod pane's YAML tab is `kubectl get pod -o yaml` at the current time.
#[wasm_bindgen_test]
async fn the_yaml_tab_shows_the_pod_object() {
    let root = mount(&scenario_text()).await;
    let tab: HtmlElement = query(&root, "#yaml-tab").unwrap().dyn_into().unwrap();
    tab.click();
    wait_for(&root, "the YAML", |r| text(r, "[aria-label=\"Pod as YAML\"]").starts_with("apiVersion: v1\nkind: Pod\n"))
        .await;
    assert!(text(&root, "[aria-label=\"Pod as YAML\"]").contains("\n  phase: Pending\n"));
    root.remove();
}

// ---------- Lesson 1: what the probes send ----------

fn lesson_one() -> &'static str {
    gallery::examples()[0].text
}

/// Moves the scrubber, as a drag of its thumb does.
fn scrub_to(root: &Element, t: i64) {
    let input: HtmlInputElement =
        query(root, "input[aria-label=\"Scrub simulated time\"]").unwrap().dyn_into().unwrap();
    input.set_value(&t.to_string());
    // As a browser sends it: an `input` bubbles (the scrubber listens on its box).
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn app_log_tab_lists_the_probe_requests_up_to_the_current_time() {
    let root = mount(lesson_one()).await;
    let tab: HtmlElement = query(&root, "#app-log-tab").unwrap().dyn_into().unwrap();
    tab.click();
    wait_for(&root, "the app log", |r| query(r, "[role=log][aria-label=\"App log\"]").is_some()).await;
    assert_eq!(query(&root, "#app-log-tab").unwrap().get_attribute("aria-selected").as_deref(), Some("true"));
    let log = "[role=log][aria-label=\"App log\"]";
    assert_eq!(text(&root, log), "(no probe request has reached the app yet)");
    scrub_to(&root, 20_000);
    wait_for(&root, "the liveness request", |r| text(r, log).contains("X-Probe: liveness")).await;
    assert_eq!(
        text(&root, log),
        "00:11.5 GET /health 2xx X-Probe: readiness\n00:20.0 GET /health 2xx X-Probe: liveness\n"
    );
    // Scrubbing back shows the log as it was.
    scrub_to(&root, 15_000);
    wait_for(&root, "the log at 0:15", |r| !text(r, log).contains("liveness")).await;
    assert_eq!(text(&root, log), "00:11.5 GET /health 2xx X-Probe: readiness\n");
    root.remove();
}

#[derive(Properties, PartialEq)]
struct TimelineProbeProps {
    history: Shared<History>,
    probe: usize,
}

/// The timeline with one probe mark picked.
#[function_component(TimelineWithProbe)]
fn timeline_with_probe(props: &TimelineProbeProps) -> Html {
    html! {
        <Timeline history={props.history.clone()} title={None::<String>} t={20_000} playing={false} probe={Some(props.probe)}
            on_action={Callback::noop()} on_error={Callback::noop()} />
    }
}

#[wasm_bindgen_test]
async fn probe_details_show_the_request_above_the_result() {
    let history = scenario::load(lesson_one()).simulate();
    let readiness = history
        .records
        .iter()
        .position(|r| matches!(r, Record::Probe(p) if p.probe == probe_playground::spec::ProbeKind::Readiness))
        .unwrap();
    let ip = history.pods[0].ip.clone();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let props = TimelineProbeProps { history: Shared::new(history), probe: readiness };
    yew::Renderer::<TimelineWithProbe>::with_root_and_props(root.clone(), props).render();
    wait_for(&root, "the probe details", |r| query(r, ".probe-details .probe-request").is_some()).await;
    assert_eq!(
        text(&root, ".probe-details .probe-request"),
        format!(
            "GET /health HTTP/1.1\nHost: {ip}:3000\nUser-Agent: kube-probe/1.37\nAccept: */*\nX-Probe: readiness\nConnection: close"
        )
    );
    assert!(text(&root, ".probe-details").contains("Readiness probe of hello-go-"));
    assert_eq!(text(&root, ".probe-details .probe-output"), "(no output)");
    // The request comes before the result.
    let parts: Vec<String> = (0..root.query_selector_all(".probe-details pre").unwrap().length())
        .map(|i| {
            root.query_selector_all(".probe-details pre").unwrap().get(i).unwrap().text_content().unwrap_or_default()
        })
        .collect();
    assert!(parts[0].starts_with("GET /health") && parts[1] == "(no output)", "{parts:?}");
    root.remove();
}

#[wasm_bindgen_test]
async fn events_pane_streams_each_event_as_it_happened() {
    let root = mount(&scenario_text()).await;
    let events = "[role=log][aria-label=Events]";
    scrub_to(&root, 60_000);
    wait_for(&root, "the first liveness failure", |r| shown(r, events).contains("Unhealthy")).await;
    let at_one_minute = shown(&root, events);
    assert!(at_one_minute.starts_with("TIME"), "{at_one_minute}");
    // The liveness probe fails every 5 s from 0:30: each failure is a new line.
    let unhealthy = |text: &str| text.lines().filter(|l| l.contains("Unhealthy")).count();
    assert!(unhealthy(&at_one_minute) >= 2, "{at_one_minute}");
    scrub_to(&root, 120_000);
    wait_for(&root, "later events", |r| shown(r, events).len() > at_one_minute.len()).await;
    let later = shown(&root, events);
    // Later, the stream has only grown.
    assert!(later.starts_with(&at_one_minute), "{later}");
    assert!(unhealthy(&later) > unhealthy(&at_one_minute));
    root.remove();
}
