//! The Analysis pane's data. Once the text on screen has been simulated
//! without errors and typing pauses, its expectations are checked against
//! that run, and the probe report and findings follow, a probed container
//! at a time (`analysis::pane::Job`). The job is worked on a few
//! milliseconds per task, so the browser paints, plays and takes
//! keystrokes in between, however long a container's what-if runs take
//! (100 replicas: a quarter of a second). An edit drops the job and its
//! pending task.
//!
//! Opening a finding's what-if asks for its proving moment; it is selected
//! when the opened scenario's first run is on screen, since seeking before
//! would be clamped to the run being replaced.

use crate::analysis::pane::{Job, PaneData, expectation_marks, what_if};
use crate::history::Millis;
use crate::playground::state::{Action, Opening, Shared, State};
use crate::ui::hooks::use_simulation::now_ms;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing pauses before the text on screen is analysed.
const PAUSE_BEFORE_ANALYSIS_MS: u32 = 400;
/// How long one task works on the job: well within a frame, with room
/// left for the frame's own work.
const SLICE_MS: f64 = 6.0;

/// The pane's data, and the callback that opens finding `i`'s what-if as
/// a new scenario.
pub struct UseAnalysis {
    pub data: Shared<PaneData>,
    pub open_what_if: Callback<usize>,
}

#[hook]
pub fn use_analysis(state: &UseReducerHandle<State>) -> UseAnalysis {
    let data = use_state(|| Shared::new(PaneData::default()));
    let job = use_mut_ref(|| None::<Job>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let seek = use_mut_ref(|| None::<Millis>);
    {
        let (data, job, timer, seek, state) = (data.clone(), job.clone(), timer.clone(), seek.clone(), state.clone());
        // The history too: the page's first text is checked (edit 0) before
        // its first run is on screen, and expectations are read off the run.
        let deps = (state.edits, state.checked, state.history.clone(), state.stale);
        use_effect_with(deps, move |&(edits, checked, _, stale)| {
            drop(timer.borrow_mut().take());
            *job.borrow_mut() = None;
            // Still simulating the latest text, or no run yet (stale without
            // errors): wait for its run.
            let no_run = stale && state.error_count() == 0;
            if checked != edits || no_run {
                return;
            }
            if let Some(t) = seek.borrow_mut().take() {
                state.dispatch(Action::Seek(t));
            }
            // After a pause in typing: a step of the job is a few what-if
            // runs, too long to sit between two keystrokes.
            let (job, data) = (job.clone(), data.clone());
            let start = move || {
                let offset = state.behaviour_offset();
                match state.scenario.as_ref().and_then(|s| Job::new(state.loaded_text(), Rc::clone(&s.0))) {
                    Some(new) => {
                        let marks = expectation_marks(new.scenario(), offset, &state.history);
                        data.set(Shared::new(PaneData::of_job(&new, edits, state.placement(), marks)));
                        *job.borrow_mut() = Some(new);
                    }
                    None => data.set(Shared::new(PaneData { edits: Some(edits), errors: true, ..PaneData::default() })),
                }
            };
            *timer.borrow_mut() = Some(Timeout::new(PAUSE_BEFORE_ANALYSIS_MS, start));
        });
    }
    {
        // Each published container schedules the work on the next.
        let (job, timer, setter, placement) = (job.clone(), timer.clone(), data.setter(), state.placement());
        use_effect_with(data.clone(), move |current| {
            let current = current.0.clone();
            let more = job.borrow().as_ref().is_some_and(|j| j.progress().0 < j.progress().1);
            if let (true, Some(edits)) = (more, current.edits) {
                let pane = Box::new(move |job: &Job| {
                    Shared::new(PaneData::of_job(job, edits, placement, current.expectations.clone()))
                });
                work_on(job, timer, pane, setter);
            }
        });
    }
    let open_what_if = {
        let (data, dispatch, seek) = (data.clone(), state.dispatcher(), seek.clone());
        Callback::from(move |i: usize| {
            let Some(finding) = data.0.findings.get(i) else { return };
            let w = what_if(finding);
            *seek.borrow_mut() = Some(w.at);
            crate::ui::page::push("");
            dispatch.dispatch(Action::Open(Box::new(Opening {
                title: Some(w.title),
                ..Opening::new_scenario(w.kubernetes, w.behaviour)
            })));
        })
    };
    // The same callback on every render, so the views that take it are
    // not drawn again on a keystroke.
    let open_what_if = super::use_stable_callback::use_stable_callback(&open_what_if);
    UseAnalysis { data: (*data).clone(), open_what_if }
}

/// What the pane shows of a job.
type Pane = Box<dyn Fn(&Job) -> Shared<PaneData>>;

/// Works on the job in tasks of `SLICE_MS` until its current container is
/// done, then sets the pane to show it.
fn work_on(
    job: Rc<RefCell<Option<Job>>>,
    timer: Rc<RefCell<Option<Timeout>>>,
    pane: Pane,
    set: UseStateSetter<Shared<PaneData>>,
) {
    let next = Rc::clone(&timer);
    *timer.borrow_mut() = Some(Timeout::new(0, move || {
        let until = now_ms() + SLICE_MS;
        let shown = {
            let mut held = job.borrow_mut();
            let Some(j) = held.as_mut() else { return };
            let analysed = j.progress().0;
            while j.advance() && j.progress().0 == analysed && now_ms() < until {}
            (j.progress().0 > analysed).then(|| pane(j))
        };
        match shown {
            Some(data) => set.set(data),
            None => work_on(job, next, pane, set),
        }
    }));
}
