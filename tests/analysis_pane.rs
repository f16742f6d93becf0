//! The Analysis pane's model: the report as a compact table, the findings
//! as a list and as gutter marks, a finding's what-if as a scenario opened
//! at the moment that proves it, the expectations' ticks and crosses, and
//! the analysis a container at a time.

mod common;
use common::*;
use probe_playground::analysis::pane::{self, FindingItem, HEADINGS, Job, ReportRow};
use probe_playground::analysis::{self, expect::check_all};
use probe_playground::diagnostic::Severity;
use probe_playground::scenario::text::{Doc, behaviour_offset, place, split};
use probe_playground::{gallery, scenario};
use std::rc::Rc;

fn lesson(id: &str) -> &'static str {
    gallery::by_id(id).expect("a lesson").text
}

fn analysed(text: &str) -> analysis::Analysis {
    analysis::analyse(&scenario::load(text), text)
}

/// Each cell is the report's answer in a few words: the same what-if runs
/// as `check`'s sentences, which the row keeps.
#[test]
fn the_report_is_a_row_of_short_answers_per_probed_container() {
    let a = analysed(lesson("liveness-checks-the-database"));
    let rows: Vec<ReportRow> = a.reports.iter().map(ReportRow::of).collect();
    assert_eq!(HEADINGS.len(), rows[0].cells().len());
    let row = |container: &str| {
        vec![
            container.to_string(),
            "10.001 to 10.999 s (readiness)".into(),
            "20.501 to 30.499 s".into(),
            "out 6 to 10.999 s, killed 21 to 30.999 s".into(),
            "out 0.5 s, serving 11.5 s".into(),
            "3 of 3 restarted, Service empty".into(),
            "33.5 s, 3 of 3 serving at worst".into(),
        ]
    };
    assert_eq!(
        rows.iter().map(|r| r.cells().map(str::to_string).to_vec()).collect::<Vec<_>>(),
        [
            row("Deployment/orders-deep-liveness orders"),
            row("Deployment/orders-deep-readiness orders"),
            row("Deployment/orders-shallow orders")
        ]
    );
    assert_eq!(rows[0].lines, a.reports[0].lines());
}

/// A finding in the list: its rule, place, sentence, verified suggestion
/// and the what-if that proves it, at the moment it shows (every replica
/// killed at 2:21).
#[test]
fn a_finding_is_listed_with_its_place_and_proof() {
    let a = analysed(lesson("liveness-checks-the-database"));
    let items: Vec<FindingItem> = a.findings.iter().map(FindingItem::of).collect();
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        (item.id, item.severity, item.line, item.column, item.subject.as_str(), item.proof.as_str(), item.at),
        (
            "liveness-shared-dependency",
            Severity::Warning,
            51,
            9,
            "Deployment/orders-deep-liveness orders: livenessProbe",
            "as-written",
            s(141.0)
        )
    );
    assert_eq!(
        item.suggestion.as_deref(),
        Some(
            "livenessProbe.failureThreshold: 7 (outlasts this outage; a liveness endpoint that does not check the dependency outlasts any) (verified by as-written-fixed: outage 2:00, outage over, no restart 3:00)"
        )
    );
}

/// A finding's mark lands in the Kubernetes editor at its field's line, as
/// a warning naming its rule, beside the loader's diagnostics.
#[test]
fn a_finding_is_marked_in_the_editor_gutter_at_its_field() {
    let text = lesson("liveness-checks-the-database");
    let a = analysed(text);
    let (kubernetes, behaviour) = split(text);
    let placed = place(&kubernetes, &behaviour, &[pane::mark(&a.findings[0])]);
    assert_eq!((placed[0].doc, placed[0].line), (Doc::Kubernetes, 51));
    // `livenessProbe` underlined.
    assert_eq!((placed[0].diagnostic.span.col, placed[0].diagnostic.span.len), (9, 13));
    assert_eq!(placed[0].diagnostic.severity, Severity::Warning);
    assert_eq!(placed[0].diagnostic.message, format!("[liveness-shared-dependency] {}", a.findings[0].message));
}

/// A finding opens as a scenario of its own (its what-if, editable), which
/// loads without errors and, run, shows what the finding says at the moment
/// it names: the three replicas of orders-deep-liveness killed at 2:21.
#[test]
fn a_findings_what_if_opens_as_a_scenario_that_shows_it_at_its_moment() {
    let a = analysed(lesson("liveness-checks-the-database"));
    let w = pane::what_if(&a.findings[0]);
    assert_eq!((w.title.as_str(), w.at), ("What if: as-written", s(141.0)));
    assert!(
        w.behaviour.starts_with("# What if: the scenario as written.\nkind: Behaviour\nsimulation: {duration: 5m}\n"),
        "{}",
        w.behaviour
    );
    let opened = scenario::load(&scenario::text::join(&w.kubernetes, &w.behaviour));
    assert!(!opened.has_errors(), "{:?}", opened.diagnostics);
    let h = opened.simulate();
    let kills: Vec<_> = events(&h, "Killing").into_iter().map(|(t, _)| t).filter(|&t| t == w.at).collect();
    assert_eq!(kills.len(), 3);
}

/// Expectations become ticks and crosses at their line in the behaviour
/// editor, with the moment that shows each.
#[test]
fn expectations_are_ticks_and_crosses_at_their_behaviour_line() {
    let text = lesson("slow-start-readiness");
    let s0 = scenario::load(text);
    let h = s0.simulate();
    let (kubernetes, behaviour) = split(text);
    let marks = pane::expectation_marks(&s0, behaviour_offset(&kubernetes), &h);
    assert_eq!(marks.len(), 7);
    assert!(marks.iter().all(|m| m.pass));
    assert_eq!(
        behaviour.lines().nth(marks[1].line as usize - 1),
        Some("- {at: 11.5s, workload: hello-go, replica: 0, ready: true}")
    );
    assert_eq!((marks[1].saw.as_str(), marks[1].at), ("hello-go-hk6pz7rkxw-mmmm2 ready since 0:11.5", s(11.5)));
    assert_eq!(check_all(&s0.behaviour.expect, &h).len(), marks.len());
}

/// The page's job: one container per step, in order, ending with what
/// `analyse` gives at once; a text with errors has no job.
#[test]
fn the_job_analyses_a_container_per_step_and_ends_as_analyse() {
    let text = lesson("liveness-checks-the-database");
    let mut job = Job::new(text.to_string(), Rc::new(scenario::load(text))).expect("no errors");
    assert_eq!(job.progress(), (0, 3));
    assert!(job.step());
    assert_eq!(job.progress(), (1, 3));
    assert_eq!(job.analysis.findings.len(), 1);
    assert!(job.step());
    assert!(!job.step());
    assert_eq!(job.progress(), (3, 3));
    assert!(!job.step());
    let whole = analysed(text);
    let lines = |a: &analysis::Analysis| a.reports.iter().map(|r| r.lines()).collect::<Vec<_>>();
    assert_eq!(lines(&job.analysis), lines(&whole));
    assert_eq!(job.analysis.findings.len(), whole.findings.len());
    assert!(Job::new("kind: Pod\n".into(), Rc::new(scenario::load("kind: Pod\n"))).is_none());
}

/// The page works on the job a piece at a time: each `advance` stops at
/// the next simulated second of a what-if run, a container takes many of
/// them, and the pieces end in the very analysis `analyse` gives at once.
#[test]
fn the_job_advances_a_simulated_second_at_a_time_and_ends_as_analyse() {
    let text = lesson("liveness-checks-the-database");
    let mut job = Job::new(text.to_string(), Rc::new(scenario::load(text))).expect("no errors");
    let mut pieces = vec![0; 3];
    while job.advance() {
        let (done, all) = job.progress();
        assert_eq!(all, 3);
        if done < all {
            pieces[done] += 1;
        }
    }
    assert_eq!(job.progress(), (3, 3));
    assert!(pieces.iter().all(|&p| p > 100), "each container is analysed over many pieces: {pieces:?}");
    let whole = analysed(text);
    let lines = |a: &analysis::Analysis| a.reports.iter().map(|r| r.lines()).collect::<Vec<_>>();
    assert_eq!(lines(&job.analysis), lines(&whole));
    let messages = |a: &analysis::Analysis| a.findings.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
    assert_eq!(messages(&job.analysis), messages(&whole));
    assert!(!job.advance() && !job.step());
}

/// Every lesson: the page's way (a piece per `advance`, a container after
/// another) and `check`'s (`analyse`, each container at once) give the same
/// report and findings, in the same order.
#[test]
fn every_lesson_analysed_in_pieces_is_analysed_as_at_once() {
    for example in gallery::examples() {
        let Some(mut job) = Job::new(example.text.to_string(), Rc::new(scenario::load(example.text))) else {
            continue;
        };
        while job.advance() {}
        let whole = analysed(example.text);
        let lines = |a: &analysis::Analysis| a.reports.iter().map(|r| r.lines()).collect::<Vec<_>>();
        assert_eq!(lines(&job.analysis), lines(&whole), "{}", example.id);
        let messages = |a: &analysis::Analysis| a.findings.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&job.analysis), messages(&whole), "{}", example.id);
    }
}

/// The findings' marks join the editors' diagnostics only while the pane
/// is about the text on screen: none before any analysis, and none of an
/// older edit's text, whose lines may have moved.
#[test]
fn findings_are_marked_only_on_the_text_they_are_about() {
    let text = lesson("liveness-checks-the-database");
    let (kubernetes, behaviour) = split(text);
    let mut job = Job::new(text.to_string(), Rc::new(scenario::load(text))).expect("no errors");
    while job.step() {}
    let data = pane::PaneData::of_job(&job, 4, Some(behaviour_offset(&kubernetes)), vec![]);
    assert_eq!((data.edits, data.done(), data.marks.len()), (Some(4), true, 1));
    let loader = place(&kubernetes, &behaviour, &scenario::load(text).diagnostics);
    let lines =
        |all: Vec<probe_playground::scenario::text::Placed>| all.iter().map(|p| (p.doc, p.line)).collect::<Vec<_>>();
    let with = lines(pane::with_marks(&loader, &data, 4));
    assert_eq!(with.len(), loader.len() + 1);
    assert_eq!(with.last(), Some(&(Doc::Kubernetes, 51)));
    assert_eq!(lines(pane::with_marks(&loader, &data, 5)), lines(loader.clone()));
    assert_eq!(lines(pane::with_marks(&loader, &pane::PaneData::default(), 0)), lines(loader.clone()));
}
