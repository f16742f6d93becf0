//! The kubectl panes as markup: `kubectl get pods -w`, `kubectl get events
//! -w`, `kubectl describe pod` and the app's request log, with their Copy
//! buttons and the pod picker; and what they show, computed from the history
//! at a time, so that the playground and the embed compute it alike. The
//! playground's tabbed pod pane takes its parts (picker, texts, log) from
//! here too.

use super::control::Copied;
use super::{Control, Element, Node, el, options};
use crate::history::{History, Millis, PodId, Record};
use crate::spec::{Container, Handler, ProbeKind};
use crate::view::{self, NumberedLine};

/// Rows and lines a watch keeps, like a terminal's scrollback: a day-long
/// watch has thousands.
pub const SCROLLBACK: usize = 1000;

/// Lines of the app log kept per container, like `kubectl logs --tail`.
pub const TAIL: usize = 1000;

/// How long a Copy button says "Copied", in real milliseconds.
pub const COPIED_MS: u32 = 1500;

/// A pane's Copy button; `copied` while it says that it did.
pub fn copy_button(what: &str, pane: Copied, copied: bool) -> Element {
    el("button")
        .attr("type", "button")
        .class("copy-button")
        .attr("aria-label", format!("Copy {what}"))
        .attr("title", format!("Copy {what} to the clipboard"))
        .control(Control::Copy(pane))
        .child(if copied { "Copied" } else { "Copy" })
}

/// A command as a title shows it: a prompt, then the command.
pub fn command_label(command: &str) -> [Node; 2] {
    [el("span").class("prompt").child("$ ").into(), command.into()]
}

/// A watch pane's title: its command (the pane's name, by `id`) and its
/// Copy button.
fn watch_title(id: &str, command: &str, pane: Copied, copied: bool) -> Element {
    el("div")
        .class("pane-title")
        .child(el("h2").class("pane-title-text").attr("id", id).children(command_label(command)))
        .child(copy_button(command, pane, copied))
}

/// `kubectl get pods -w`: the watch's header and rows as cells
/// (`view::get_pods_watch_cells`), its newest `SCROLLBACK` rows in a table.
pub fn pods_pane(rows: &[Vec<String>], copied: bool) -> Element {
    el("section")
        .class("pane kubectl")
        .attr("aria-labelledby", "pods-title")
        .child(watch_title("pods-title", "kubectl get pods -w", Copied::Pods, copied))
        .child(el("div").class("terminal").child(pods_table(rows)))
}

fn pods_table(rows: &[Vec<String>]) -> Element {
    let table = el("table").attr("role", "table").attr("aria-label", "Pods").class("kube-table");
    let Some((header, rows)) = rows.split_first() else {
        let none = el("td").attr("role", "cell").child(view::NO_PODS.trim_end());
        return table.child(el("tbody").child(el("tr").attr("role", "row").child(none)));
    };
    let rows = &rows[rows.len().saturating_sub(SCROLLBACK)..];
    let row =
        |cells: &[String], header: bool| el("tr").attr("role", "row").children(cells.iter().map(|c| cell(c, header)));
    table
        .child(el("thead").child(row(header, true)))
        .child(el("tbody").children(rows.iter().map(|cells| row(cells, false))))
}

/// A cell, and a space after it so that copied text keeps its columns apart.
fn cell(text: &str, header: bool) -> Element {
    let cell =
        if header { el("th").attr("role", "columnheader").attr("scope", "col") } else { el("td").attr("role", "cell") };
    cell.child(format!("{text} "))
}

/// The lines of `kubectl get events -w` at `t` (`view::event_log`): the
/// header and the newest `SCROLLBACK` lines, each with its number.
pub fn event_lines(history: &History, t: Millis) -> Vec<NumberedLine> {
    view::scrollback(&view::event_log(history, t), SCROLLBACK)
}

/// `kubectl get events -w`: a block per line keyed by its number, so that
/// a new event lays out its own line only (as one text, each event laid out
/// all of the thousand wrapped lines again).
pub fn events_pane(lines: &[NumberedLine], copied: bool) -> Element {
    let lines = lines.iter().map(|(n, line)| el("div").key(*n as u64).child(line.clone()));
    el("section")
        .class("pane kubectl")
        .attr("aria-labelledby", "events-title")
        .child(watch_title("events-title", "kubectl get events -w", Copied::Events, copied))
        .child(
            el("div")
                .class("terminal wrap")
                .attr("role", "log")
                .attr("aria-label", "Events")
                .attr("aria-live", "off")
                .child(el("div").class("lines").children(lines)),
        )
}

/// The pod the pod panes show: the picked one, else the first.
pub fn shown_pod<'a>(names: &'a [String], picked: Option<&'a str>) -> Option<&'a str> {
    picked.or(names.first().map(String::as_str))
}

/// What kubectl prints for a command about pod `name`: `print`'s text, or
/// its error for a pod that does not exist (or no longer does), or for no pod.
pub fn pod_output(name: Option<&str>, print: impl FnOnce(&str) -> Option<String>) -> String {
    match name {
        Some(name) => {
            print(name).unwrap_or_else(|| format!("Error from server (NotFound): pods \"{name}\" not found\n"))
        }
        None => view::NO_PODS.to_string(),
    }
}

/// Whether a record changes what `describe` shows of a pod: its status, its
/// containers' statuses, its events (not each probe result).
pub fn describes(record: &Record, pod: Option<PodId>) -> bool {
    match record {
        Record::Pod(p) => Some(p.pod) == pod,
        Record::Container(c) => Some(c.pod) == pod,
        Record::Event(e) => e.pod.is_some() && e.pod == pod,
        _ => false,
    }
}

/// `kubectl describe pod <name>` at `t`.
pub fn describe_text(history: &History, name: Option<&str>, t: Millis) -> String {
    pod_output(name, |name| view::describe_pod(history, name, t))
}

/// The pod picker, `shown` selected. A shown pod that is gone (or not yet
/// created) stays in the list.
pub fn pod_select(names: &[String], shown: Option<&str>) -> Element {
    let gone = shown.filter(|s| !names.iter().any(|n| n == s)).map(str::to_string);
    let pods = names.iter().chain(gone.as_ref()).map(|n| (n.as_str(), n.clone()));
    el("select").attr("aria-label", "Pod to show").control(Control::SelectPod(None)).children(options(pods, shown))
}

/// A pod's text as kubectl printed it, in a region named `label`.
pub fn text_region(label: &str, text: &str) -> Element {
    el("div").class("terminal").attr("aria-label", label).attr("role", "region").child(el("pre").child(text))
}

/// `kubectl describe pod` alone in its pane (an embed's `describe`): the
/// picker, the Copy button and the text (`describe_text`).
pub fn describe_pane(names: &[String], shown: Option<&str>, text: &str, copied: bool) -> Element {
    let title = el("h2").class("pane-title-text").children(command_label("kubectl describe pod"));
    el("section")
        .class("pane kubectl describe")
        .child(el("div").class("pane-title").child(title).child(pod_select(names, shown)).child(copy_button(
            "kubectl describe pod",
            Copied::Describe,
            copied,
        )))
        .child(text_region("Describe pod", text))
}

/// One container's app log, as the log shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerLog {
    pub container: String,
    /// The log's lines, or why it has none.
    pub text: String,
}

/// The app's request log of each container of `pod` up to `t`: the HTTP
/// probe requests that reached it (`view::app_log`), its newest `TAIL` lines.
pub fn app_logs(history: &History, pod: PodId, t: Millis) -> Vec<ContainerLog> {
    let containers = &history.pod(pod).template.spec.containers;
    (0..containers.len() as u16)
        .zip(containers)
        .map(|(c, spec)| {
            let log = view::app_log(history, pod, c, t, Some(TAIL));
            let text = if log.is_empty() { no_requests(spec).to_string() } else { log };
            ContainerLog { container: spec.name.clone(), text }
        })
        .collect()
}

/// Why a container's log is empty: no request yet, or none to come.
fn no_requests(spec: &Container) -> &'static str {
    let http =
        ProbeKind::ALL.iter().any(|&k| matches!(spec.probe(k).map(|p| &p.handler), Some(Handler::HttpGet { .. })));
    if http {
        "(no probe request has reached the app yet)"
    } else {
        "(no HTTP probe: the kubelet sends this app no requests)"
    }
}

/// The app log (`app_logs`) of the shown pod, each container's under its
/// name when there are several; `None` when there is no pod.
pub fn app_log(logs: Option<&[ContainerLog]>) -> Element {
    let log = el("div").class("terminal").attr("role", "log").attr("aria-label", "App log");
    let Some(logs) = logs else {
        return log.child(el("pre").child(view::NO_PODS));
    };
    let several = logs.len() > 1;
    let blocks = logs.iter().flat_map(|log| {
        let name = several.then(|| el("div").class("log-container").child(format!("container {}", log.container)));
        name.into_iter().chain([el("pre").child(log.text.as_str())])
    });
    log.attr("aria-live", "off").children(blocks)
}

/// The app log alone in its pane (an embed's `log`), with the picker.
pub fn app_log_pane(names: &[String], shown: Option<&str>, logs: Option<&[ContainerLog]>) -> Element {
    el("section")
        .class("pane kubectl describe")
        .child(
            el("div")
                .class("pane-title")
                .child(el("h2").class("pane-title-text").child("App log"))
                .child(pod_select(names, shown)),
        )
        .child(app_log(logs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use crate::view::ClusterState;

    /// A pod `web` whose app answers its readiness probe, and a pod `batch`
    /// of two containers, neither probed.
    const PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: web:1.0\n    readinessProbe:\n      httpGet: {path: /ready, port: 8080}\n      periodSeconds: 5\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: batch}\nspec:\n  containers:\n  - name: main\n    image: batch:1.0\n  - name: sidecar\n    image: proxy:1.0\n";

    fn texts(node: &Node, tag: &str) -> Vec<String> {
        node.find_all(&|e| e.tag == tag).into_iter().map(Element::text).collect()
    }

    fn button<'a>(node: &'a Node, name: &str) -> &'a Element {
        node.find_all(&|e| e.tag == "button" && e.get("aria-label") == Some(name)).into_iter().next().expect(name)
    }

    /// The control a person reaches by clicking or picking in `e`.
    fn control(e: &Element) -> Option<Control> {
        Control::decode(e.get("data-action")?, e.get("data-arg"))
    }

    #[test]
    fn the_pods_pane_shows_the_watch_as_a_table_with_a_copy_button() {
        let h = scenario::load(PODS).simulate();
        let pane: Node = pods_pane(&view::get_pods_watch_cells(&h, 12_000), false).into();
        let table: Node = pane.by_role("table", "Pods").expect("the Pods table").clone().into();
        assert_eq!(
            texts(&table, "tr"),
            [
                "NAME READY STATUS RESTARTS AGE ",
                "web 0/1 ContainerCreating 0 0s ",
                "batch 0/2 ContainerCreating 0 0s ",
                "web 1/1 Running 0 1s ",
                "batch 2/2 Running 0 1s ",
            ]
        );
        assert_eq!(texts(&pane, "h2"), ["$ kubectl get pods -w"]);
        let copy = button(&pane, "Copy kubectl get pods -w");
        assert_eq!(
            (copy.text(), copy.get("title")),
            ("Copy".into(), Some("Copy kubectl get pods -w to the clipboard"))
        );
        assert_eq!(control(copy), Some(Control::Copy(Copied::Pods)));
    }

    #[test]
    fn with_no_pods_the_table_says_so_and_a_long_watch_keeps_its_newest_rows() {
        let pane: Node = pods_pane(&[], false).into();
        assert_eq!(
            pane.by_role("table", "Pods").map(Element::text).as_deref(),
            Some("No resources found in default namespace.")
        );
        let rows: Vec<Vec<String>> = (0..=SCROLLBACK + 5).map(|n| vec![format!("row-{n}")]).collect();
        let pane: Node = pods_pane(&rows, false).into();
        let shown = texts(&pane, "tr");
        assert_eq!((shown.len(), &shown[0], &shown[1]), (SCROLLBACK + 1, &"row-0 ".to_string(), &"row-6 ".to_string()));
    }

    #[test]
    fn the_events_pane_shows_each_line_keyed_by_its_number() {
        let h = scenario::load(PODS).simulate();
        let pane: Node = events_pane(&event_lines(&h, 1_000), true).into();
        let log: Node = pane.by_role("log", "Events").expect("the Events log").clone().into();
        let lines = log.find_all(&|e| e.key.is_some());
        assert_eq!(lines.iter().map(|l| l.key.unwrap()).collect::<Vec<_>>(), (0..12).collect::<Vec<_>>());
        assert_eq!(lines[0].text(), "TIME      TYPE     REASON      OBJECT    MESSAGE");
        assert_eq!(lines[11].text(), "00:01.0   Normal   Started     pod/batch   Container started");
        // Just clicked: the button says that it copied.
        assert_eq!(button(&pane, "Copy kubectl get events -w").text(), "Copied");
    }

    #[test]
    fn describe_shows_the_picked_pod_and_offers_the_others() {
        let h = scenario::load(PODS).simulate();
        let (names, t) = (ClusterState::at(&h, 12_000).pod_names(&h), 12_000);
        assert_eq!(names, ["web", "batch"]);
        let shown = shown_pod(&names, None);
        assert_eq!(shown, Some("web"), "the first pod until one is picked");
        let pane: Node = describe_pane(&names, shown, &describe_text(&h, shown, t), false).into();
        assert_eq!(texts(&pane, "h2"), ["$ kubectl describe pod"]);
        let text = pane.by_role("region", "Describe pod").expect("the Describe pod region").text();
        assert!(text.starts_with("Name:             web\nNamespace:        default\n"), "{text}");
        assert!(
            text.ends_with("Normal  Started    11s   kubelet            spec.containers{app}: Container started\n"),
            "{text}"
        );
        assert_eq!(control(button(&pane, "Copy kubectl describe pod")), Some(Control::Copy(Copied::Describe)));

        let picker = pane.find_all(&|e| e.get("aria-label") == Some("Pod to show"))[0];
        assert_eq!(control(picker), Some(Control::SelectPod(None)), "the pod is the select's value");
        let options: Node = picker.clone().into();
        assert_eq!(texts(&options, "option"), ["web", "batch"]);
        let selected = options.find_all(&|e| e.get("selected").is_some());
        assert_eq!(selected.iter().map(|o| o.get("value")).collect::<Vec<_>>(), [Some("web")]);
    }

    #[test]
    fn a_pod_that_is_gone_stays_pickable_and_kubectl_says_it_is_not_found() {
        let h = scenario::load(PODS).simulate();
        let names = ["web".to_string()];
        let pane: Node = describe_pane(&names, Some("old"), &describe_text(&h, Some("old"), 12_000), false).into();
        assert_eq!(texts(&pane, "option"), ["web", "old"]);
        assert_eq!(
            pane.by_role("region", "Describe pod").map(Element::text).as_deref(),
            Some("Error from server (NotFound): pods \"old\" not found\n")
        );
        assert_eq!(describe_text(&h, None, 12_000), "No resources found in default namespace.\n");
    }

    #[test]
    fn the_app_log_shows_the_requests_that_reached_each_container() {
        let h = scenario::load(PODS).simulate();
        let names = ClusterState::at(&h, 12_000).pod_names(&h);
        let web = h.pod_by_name("web").unwrap();
        let pane: Node = app_log_pane(&names, Some("web"), Some(&app_logs(&h, web, 12_000))).into();
        assert_eq!(texts(&pane, "h2"), ["App log"]);
        assert_eq!(
            pane.by_role("log", "App log").map(Element::text).as_deref(),
            Some("00:01.5 GET /ready 2xx\n00:06.5 GET /ready 2xx\n00:11.5 GET /ready 2xx\n")
        );
        assert_eq!(
            app_log(Some(&app_logs(&h, web, 1_000))).text(),
            "(no probe request has reached the app yet)",
            "before its first probe"
        );
        let batch = h.pod_by_name("batch").unwrap();
        let log: Node = app_log(Some(&app_logs(&h, batch, 12_000))).into();
        let never = "(no HTTP probe: the kubelet sends this app no requests)";
        assert_eq!(
            texts(&log, "div"),
            [
                "container main".to_string() + never + "container sidecar" + never,
                "container main".into(),
                "container sidecar".into()
            ]
        );
        assert_eq!(texts(&log, "pre"), [never, never]);
        assert_eq!(app_log(None).text(), "No resources found in default namespace.\n");
    }
}
