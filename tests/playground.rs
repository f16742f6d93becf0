//! The playground's logic without a browser (`playground`): colouring, the
//! editing helpers, and the reducer: playback, edits, runs, links,
//! presentation, and starting from the user's own manifest.

use probe_playground::behaviour::{Action as LiveAction, Verb};
use probe_playground::history::{EventReason, History, Record};
use probe_playground::playground::edit::{indent, newline, utf16_to_byte};
use probe_playground::playground::highlight::{Class, highlight};
use probe_playground::playground::state::{self, Action, Simulated, State, Theme, clock_text};
use probe_playground::playground::text::Text;
use probe_playground::scenario;
use probe_playground::scenario::text::Doc;
use probe_playground::view::timeline::{LaneKind, lanes};
use std::rc::Rc;

const KUBERNETES: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: example/web:1.0\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n      periodSeconds: 5";
const BEHAVIOUR: &str = "kind: Behaviour\nsimulation:\n  duration: 3m\napps:\n- container: app\n  http:\n  - path: /healthz\n    after: 30s\n    status: 500\n";

fn scenario_text() -> String {
    format!("{KUBERNETES}\n---\n{BEHAVIOUR}")
}

/// `state.reduce(action)`, as the page's `Reducible` reads.
trait Reduce {
    fn reduce(self, action: Action) -> Rc<State>;
}

impl Reduce for Rc<State> {
    fn reduce(self, action: Action) -> Rc<State> {
        state::reduce(self, action)
    }
}

// ---------- Pure pieces ----------

#[test]
fn highlighting_classes_keys_values_and_comments() {
    let lines = highlight("kind: Pod # a pod\n- name: \"app\"\n  port: 8080\n  on: true\n---\nscript: |\n  echo: hi\n");
    let class_of = |line: usize, text: &str, source: &str| {
        let start = source.split('\n').nth(line).unwrap().find(text).unwrap();
        lines[line].iter().find(|t| t.start <= start && start < t.end).map(|t| t.class)
    };
    let src = "kind: Pod # a pod\n- name: \"app\"\n  port: 8080\n  on: true\n---\nscript: |\n  echo: hi\n";
    assert_eq!(class_of(0, "kind", src), Some(Class::Key));
    assert_eq!(class_of(0, "Pod", src), Some(Class::Str));
    assert_eq!(class_of(0, "# a pod", src), Some(Class::Comment));
    assert_eq!(class_of(1, "-", src), Some(Class::Punct));
    assert_eq!(class_of(1, "\"app\"", src), Some(Class::Str));
    assert_eq!(class_of(2, "8080", src), Some(Class::Number));
    assert_eq!(class_of(3, "true", src), Some(Class::Literal));
    assert_eq!(class_of(4, "---", src), Some(Class::Separator));
    // Inside a block scalar, `echo: hi` is text, not a key.
    assert_eq!(class_of(6, "echo", src), Some(Class::Str));
}

#[test]
fn tab_indents_with_spaces_and_enter_keeps_the_indentation() {
    assert_eq!(indent("a: 1", 0, 0, false), ("  a: 1".to_string(), 2, 2));
    // A selection over two lines indents both, and outdents them back.
    let (t, a, b) = indent("a:\nb:\nc:", 0, 4, false);
    assert_eq!((t.as_str(), a, b), ("  a:\n  b:\nc:", 2, 8));
    let (t, _, _) = indent(&t, 0, 8, true);
    assert_eq!(t, "a:\nb:\nc:");
    assert_eq!(indent("    x", 4, 4, true).0, "  x");
    assert_eq!(newline("spec:", 5).0, "spec:\n  ");
    assert_eq!(newline("  - name: app", 13).0, "  - name: app\n    ");
    assert_eq!(newline("    port: 80", 12).0, "    port: 80\n    ");
    // Selections count UTF-16 units.
    assert_eq!(utf16_to_byte("é😀x", 3), "é😀".len());
}

#[test]
fn clock_shows_minutes_and_seconds() {
    assert_eq!(clock_text(0), "00:00");
    assert_eq!(clock_text(95_400), "01:35");
    assert_eq!(clock_text(3_725_000), "1:02:05");
}

// ---------- The reducer ----------

fn simulated_state() -> Rc<State> {
    let text = scenario_text();
    let s = scenario::load(&text);
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    run(Rc::new(State::new(&text, None, Theme::Light)))
}

#[test]
fn playback_moves_virtual_time_by_speed_and_stops_at_the_end() {
    let state = simulated_state();
    assert_eq!(state.end(), 180_000);
    let state = state.reduce(Action::SetSpeed(10)).reduce(Action::TogglePlay);
    assert!(state.playing);
    let state = state.reduce(Action::Tick(100.0));
    assert_eq!(state.t(), 1_000);
    // A long stall is not replayed as a jump.
    let state = state.reduce(Action::Tick(10_000.0));
    assert_eq!(state.t(), 3_500);
    let state = state.reduce(Action::Seek(179_990)).reduce(Action::Tick(100.0));
    assert_eq!((state.t(), state.playing), (180_000, false));
    // Play at the end starts over.
    let state = state.reduce(Action::TogglePlay);
    assert_eq!((state.t(), state.playing), (0, true));
}

#[test]
fn step_goes_to_the_next_event_and_seek_is_clamped() {
    let state = simulated_state().reduce(Action::Seek(40_000));
    let next = probe_playground::view::next_after(&probe_playground::view::transitions(&state.history), 40_000);
    let stepped = state.clone().reduce(Action::Step);
    assert_eq!(Some(stepped.t()), next);
    assert!(!stepped.playing);
    assert_eq!(state.clone().reduce(Action::Seek(-5)).t(), 0);
    assert_eq!(state.reduce(Action::Seek(999_999_999)).t(), 180_000);
}

#[test]
fn a_live_action_is_written_into_the_behaviour_at_the_current_time_and_undone() {
    let state = simulated_state().reduce(Action::Seek(12_000));
    let action = LiveAction {
        at: 0,
        workload: None,
        pod: Some("web".into()),
        replica: None,
        container: None,
        verb: Verb::Delete,
        line: 0,
    };
    let before = state.behaviour.clone();
    let edits = state.edits;
    let state = state.reduce(Action::Act(action));
    assert_eq!(state.live.len(), 1);
    assert_eq!(state.live[0].action.at, 12_000);
    assert_eq!(state.behaviour, format!("{before}actions:\n- at: 12s\n  pod: web\n  delete: true\n"));
    assert_eq!((state.edits, state.t()), (edits + 1, 12_000));
    assert_eq!(state.reveal, Some((Some("web".to_string()), 1)));
    let undone = state.reduce(Action::ClearLive);
    assert!(undone.live.is_empty());
    assert_eq!(undone.behaviour, before);
}

#[test]
fn step_back_goes_to_the_previous_change() {
    let state = simulated_state().reduce(Action::Seek(100_000));
    let moments = probe_playground::view::transitions(&state.history);
    let back = state.clone().reduce(Action::StepBack);
    assert_eq!(Some(back.t()), probe_playground::view::last_before(&moments, 100_000));
    assert!(back.t() < 100_000 && !back.playing);
    assert_eq!(back.reduce(Action::Seek(0)).reduce(Action::StepBack).t(), 0);
}

/// A comment typed changes the text but not the run: the history on screen
/// is kept as it is (the views, which compare it by identity, are not drawn
/// again), and the picked probe stays picked. A run that changes anything
/// replaces it.
#[test]
fn a_run_with_the_history_on_screen_leaves_it_and_the_picked_probe() {
    let state = simulated_state().reduce(Action::SelectProbe(Some(3)));
    let before = state.history.0.clone();
    let commented = state.reduce(Action::Edit(Doc::Behaviour, format!("{BEHAVIOUR}# a note\n").as_str().into()));
    let commented = run(commented);
    assert!(Rc::ptr_eq(&commented.history.0, &before), "the same history is not replaced");
    assert_eq!(commented.probe, Some(3));
    assert!(commented.pending_render.is_some(), "the run is still counted as rendered");
    let changed =
        commented.reduce(Action::Edit(Doc::Behaviour, BEHAVIOUR.replace("after: 30s", "after: 40s").as_str().into()));
    let changed = run(changed);
    assert!(!Rc::ptr_eq(&changed.history.0, &before));
    assert_eq!(changed.probe, None);
}

#[test]
fn errors_keep_the_last_valid_history() {
    let state = simulated_state();
    let before = state.history.clone();
    let state = state.reduce(Action::Edit(Doc::Behaviour, "kind: Behaviour\nsimulation: [".into()));
    assert_eq!(state.edits, 1);
    let s = scenario::load(&state.text());
    assert!(s.has_errors());
    let state = state.reduce(Action::Simulated(Box::new(Simulated {
        edits: 1,
        diagnostics: s.diagnostics.clone(),
        history: None,
        started: 0.0,
        template: String::new(),
        assumptions: vec![],
        scenario: None,
        triaged: None,
    })));
    assert!(state.stale);
    assert_eq!(state.history, before);
    assert!(state.error_count() > 0);
    assert!(state.diagnostics.iter().all(|p| p.doc == Doc::Behaviour));
    // A run of an older text is dropped.
    let old = state.clone().reduce(Action::Edit(Doc::Behaviour, BEHAVIOUR.into()));
    let dropped = old.clone().reduce(Action::Simulated(Box::new(Simulated {
        edits: 1,
        diagnostics: vec![],
        history: Some(History::default()),
        started: 0.0,
        template: String::new(),
        assumptions: vec![],
        scenario: None,
        triaged: None,
    })));
    assert!(Rc::ptr_eq(&old, &dropped));
}

/// A big text's run comes from the load worker's triage (`load::triage`):
/// the analysis must read the text that run was loaded from, whose spans
/// are its own, and the whole text again once a run is of the whole.
#[test]
fn the_text_a_run_was_loaded_from_is_what_the_analysis_reads() {
    let state = simulated_state();
    assert_eq!(state.loaded_text(), state.text());
    let config_maps = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n";
    let text = format!("{config_maps}{}", state.text());
    let manifest = format!("{config_maps}{}", state.kubernetes);
    let state = state.reduce(Action::Edit(Doc::Kubernetes, manifest.as_str().into()));
    assert_eq!(state.text(), text);
    let triaged = probe_playground::load::triage(&text).expect("the ConfigMap is left out");
    let run = Simulated {
        triaged: Some(triaged.kept.as_str().into()),
        ..Simulated::of(state.edits, scenario::load_triaged(&triaged), 0.0)
    };
    let state = state.reduce(Action::Simulated(Box::new(run)));
    assert_eq!(state.loaded_text(), triaged.kept);
    assert_eq!(state.loaded_text().lines().count(), text.lines().count());
    let behaviour = format!("{}\n", state.behaviour);
    let state = state.reduce(Action::Edit(Doc::Behaviour, behaviour.as_str().into()));
    let whole = Simulated::of(state.edits, scenario::load(&state.text()), 0.0);
    let state = state.reduce(Action::Simulated(Box::new(whole)));
    assert_eq!(state.loaded_text(), state.text());
}

// ---------- Links and presentation in the reducer ----------

fn opened(query: &str, fragment: &str, draft: Option<&str>) -> Rc<State> {
    use probe_playground::link::presentation::Presentation;
    use probe_playground::playground::state::Opening;
    let state = State::opened(Opening::of_fragment(fragment, draft), Presentation::parse(query), Theme::Light, false);
    run(Rc::new(state))
}

#[test]
fn t_autoplay_until_and_loop_shape_playback() {
    let state = opened("t=1:00&until=1:10&loop=1&autoplay=1&speed=10", "#g/slow-start-readiness", None);
    assert_eq!((state.t(), state.playing, state.speed), (60_000, true, 10));
    // 250 ms at 10x: 2.5 s a tick; at 1:10 it goes back to 1:00.
    let state = (0..3).fold(state, |s, _| s.reduce(Action::Tick(250.0)));
    assert_eq!(state.t(), 67_500);
    let state = state.reduce(Action::Tick(250.0));
    assert_eq!((state.t(), state.playing), (60_000, true));
    let still = opened("t=1:00&until=1:10", "#g/slow-start-readiness", None).reduce(Action::TogglePlay);
    let stopped = (0..5).fold(still, |s, _| s.reduce(Action::Tick(250.0)));
    assert_eq!((stopped.t(), stopped.playing), (70_000, false));
}

#[test]
fn a_link_keeps_the_draft_until_edited_and_its_fragment_follows_the_text() {
    use probe_playground::playground::state::{DraftNotice, Source};
    let state = opened("", "#g/named-port-typo", Some(&scenario_text()));
    assert_eq!((state.source, state.draft_notice), (Source::Link, Some(DraftNotice::Kept)));
    assert_eq!(state.fragment(), "g/named-port-typo");
    let edited = state.reduce(Action::Edit(Doc::Behaviour, "kind: Behaviour\n".into()));
    assert_eq!((edited.source, edited.draft_notice, edited.adopted), (Source::Draft, None, 1));
    assert!(edited.fragment().starts_with("v1."));
    // A bad link: the default lesson, the reason, and the draft left alone.
    let bad = opened("", "#v1.@@@", Some(&scenario_text()));
    assert_eq!(bad.link_error.as_ref().map(|e| e.code()), Some("altered"));
    assert_eq!((bad.lesson.as_deref(), bad.source), (Some("slow-start-readiness"), Source::Link));
    // An embed is never the draft, even when edited.
    let embed = opened("embed=1&readonly=0", "#g/named-port-typo", None)
        .reduce(Action::Edit(Doc::Behaviour, "kind: Behaviour\n".into()));
    assert_eq!(embed.source, Source::Link);
}

// ---------- Starting from the user's own manifest ----------

const INGRESS: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ingress-nginx-controller\nspec:\n  selector:\n    matchLabels: {app: ingress}\n  template:\n    metadata:\n      labels: {app: ingress}\n    spec:\n      containers:\n      - name: controller\n        image: controller:v1\n";

/// The state after a run of its text, as the simulation hook delivers it.
fn run(state: Rc<State>) -> Rc<State> {
    let run = Simulated::of(state.edits, scenario::load(&state.text()), 0.0);
    state.reduce(Action::Simulated(Box::new(run)))
}

#[test]
fn a_paste_over_a_lessons_manifest_is_a_new_scenario_with_an_undo() {
    let lesson = opened("", "#g/slow-start-readiness", None);
    let behaviour = lesson.behaviour.clone();
    assert_eq!(lesson.loaded(), Ok("slow-start-readiness"));
    let text = Text::from(INGRESS);
    let pasted = lesson.reduce(Action::Edit(Doc::Kubernetes, text.clone()));
    assert_eq!((pasted.example, pasted.lesson.as_deref(), pasted.kubernetes.as_str()), (None, None, INGRESS));
    // A manifest alone is kept as pasted, shared with the editor, not copied.
    assert!(Rc::ptr_eq(&pasted.kubernetes.shared(), &text.shared()));
    assert_eq!(pasted.behaviour, probe_playground::playground::template::generic());
    assert_eq!(pasted.aside.as_ref().map(|a| a.lesson.as_deref()), Some(Some("slow-start-readiness")));
    // The run names the pasted container in the template, without a second run.
    let edits = pasted.edits;
    let ran = run(pasted);
    assert!(ran.behaviour.contains("# - container: controller"), "{}", ran.behaviour);
    assert_eq!(ran.edits, edits);
    assert_eq!(ran.loaded(), Err("Deployment ingress-nginx-controller".to_string()));
    // The template follows the manifest until the user touches it.
    let renamed =
        run(ran.reduce(Action::Edit(Doc::Kubernetes, Text::from(INGRESS.replace("name: controller", "name: proxy")))));
    assert!(renamed.behaviour.contains("# - container: proxy"), "{}", renamed.behaviour);
    let undone = renamed.reduce(Action::UndoNewScenario);
    assert_eq!((undone.behaviour.as_str(), undone.example), (behaviour.as_str(), Some("slow-start-readiness")));
    assert!(undone.aside.is_none() && undone.template.is_none());
    // An unchanged lesson is not kept among the recent scenarios: the menu has it.
    assert!(undone.recent.is_empty());
}

#[test]
fn typing_is_no_new_scenario_and_a_pasted_scenario_brings_its_behaviour() {
    let lesson = opened("", "#g/slow-start-readiness", None);
    let typed =
        lesson.clone().reduce(Action::Edit(Doc::Kubernetes, Text::from(format!("{}\n# note", lesson.kubernetes))));
    assert_eq!(typed.example, Some("slow-start-readiness"));
    assert!(typed.lesson_diverged());
    assert!(typed.aside.is_none());
    let whole = format!("{INGRESS}---\nkind: Behaviour\napps:\n- container: controller\n  startup: 30s\n");
    let pasted = lesson.reduce(Action::Edit(Doc::Kubernetes, Text::from(whole)));
    assert_eq!(pasted.kubernetes, INGRESS.trim_end());
    assert!(pasted.behaviour.contains("startup: 30s"));
    assert!(pasted.template.is_none());
}

#[test]
fn every_scenario_replaced_is_kept_newest_first() {
    let mut state = opened("", "", Some(&scenario_text()));
    for (i, id) in ["slow-start-readiness", "named-port-typo"].iter().enumerate() {
        state = state.reduce(Action::Edit(Doc::Behaviour, Text::from(format!("{BEHAVIOUR}# edit {i}\n"))));
        state = state.reduce(Action::Open(Box::new(probe_playground::playground::state::Opening::of_fragment(
            &format!("#g/{id}"),
            None,
        ))));
    }
    let names: Vec<String> = state.recent.iter().map(probe_playground::playground::recent::name).collect();
    assert_eq!(names, ["Slow start behind readiness (edited)", "Pod web"]);
    let back = state.reduce(Action::OpenRecent(1));
    assert!(back.behaviour.ends_with("# edit 0\n"));
    // The lesson it replaced is unchanged: not kept again.
    assert_eq!(back.recent.len(), 2);
    // A new scenario keeps the one before, and starts from the template.
    let new = back.reduce(Action::Open(Box::new(probe_playground::playground::state::Opening::new_scenario(
        String::new(),
        String::new(),
    ))));
    assert_eq!(new.loaded(), Err("New scenario".to_string()));
    assert_eq!(new.recent.len(), 2);
    assert!(new.recent[0].behaviour.ends_with("# edit 0\n"));
}

#[test]
fn an_assumption_is_changed_with_one_edit_of_the_behaviour() {
    let state = run(opened("", "", Some(INGRESS)).reduce(Action::Open(Box::new(
        probe_playground::playground::state::Opening::new_scenario(INGRESS.to_string(), String::new()),
    ))));
    let texts: Vec<&str> = state.assumptions.iter().map(|a| a.change.as_str()).collect();
    assert_eq!(texts, ["try a 30 s start"]);
    let edits = state.edits;
    let changed = run(state.reduce(Action::ChangeAssumption(0)));
    assert_eq!(changed.edits, edits + 1);
    assert!(changed.behaviour.ends_with("apps:\n- container: controller\n  startup: 30s\n"), "{}", changed.behaviour);
    assert!(changed.assumptions.is_empty());
    assert!(changed.template.is_none());
}

// ---------- The timeline's model ----------

#[test]
fn a_killed_container_is_stopping_until_sigkill_in_the_timeline_and_the_cluster_state() {
    let behaviour = BEHAVIOUR.replace("- container: app\n", "- container: app\n  onSigterm: ignore\n");
    let s = scenario::load(&format!("{KUBERNETES}\n---\n{behaviour}"));
    assert!(!s.has_errors(), "{:?}", s.diagnostics);
    let history = s.simulate();
    let killing = history
        .records
        .iter()
        .find_map(|r| match r {
            Record::Event(e) if e.reason == EventReason::Killing => Some(e.t),
            _ => None,
        })
        .unwrap();
    // The status stops showing the stop once the kubelet sees the process
    // gone: the sync that killed it creates the replacement, which waits.
    let exited = history
        .records
        .iter()
        .find_map(|r| match r {
            Record::Container(c) if c.t > killing && c.stopping.is_none() => Some(c.t),
            _ => None,
        })
        .unwrap();
    // The pod's default grace period, 30 s, then SIGKILL; seen at the next relist.
    assert!(exited >= killing + 30_000 && exited < killing + 31_000, "{killing} {exited}");
    let lanes = lanes(&history);
    let app = lanes.iter().find(|l| l.kind == LaneKind::Container).unwrap();
    let stopping: Vec<(i64, i64)> =
        app.bands.iter().filter(|b| b.class == "stopping").map(|b| (b.from, b.to)).collect();
    assert_eq!(stopping[0], (killing, exited));
    let stop = probe_playground::view::ClusterState::at(&history, killing + 10_000).pods[0].containers[0].stopping;
    assert_eq!(stop.map(|s| (s.since, s.kill_at)), Some((killing, killing + 30_000)));
}
