//! The playground's one state and the actions that change it. `reduce` is
//! pure: timers, storage, the DOM and simulation runs live in `hooks`.
//!
//! The simulated world is never copied here: `history` is the one History
//! every view draws from, at time `t`.

use crate::behaviour::Action as LiveAction;
use crate::clock::{Precision, sim_clock};
use crate::diagnostic::{Diagnostic, Severity};
use crate::gallery::{self, Example};
use crate::history::{History, Millis, Record};
pub use crate::link::presentation::SPEEDS;
use crate::link::presentation::{Presentation, ThemeSetting};
use crate::link::{self, Content, Fragment, LinkError};
use crate::scenario::text::{self as scenario_text, Doc, Placed};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Shared data compared by identity: a view re-renders when the history is
/// replaced, without comparing records.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A request to put an editor's caret on a line; `seq` makes repeats distinct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub doc: Doc,
    pub line: u32,
    pub seq: u64,
}

/// Where the editors' text came from, which decides whether edits are saved
/// as the user's draft (in localStorage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The user's draft (or a first visit's default): every edit is saved.
    Draft,
    /// A link (a shared scenario, a lesson, or a bad link's default): shown
    /// without touching the stored draft until the user edits it.
    Link,
}

/// What the page says about the user's stored draft while a link is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftNotice {
    /// A link's scenario is shown; the user's own draft is kept, unchanged.
    Kept,
    /// Edits to a link's scenario became the draft; the draft before is kept
    /// under `PREVIOUS_DRAFT_KEY`, one click away.
    Replaced,
}

/// A scenario to put in the editors, and how it came.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    pub kubernetes: String,
    pub behaviour: String,
    pub title: Option<String>,
    /// The gallery lesson it was made from (a link's `g`).
    pub lesson: Option<String>,
    /// The lesson whose "what to watch" note to show.
    pub example: Option<&'static str>,
    pub source: Source,
    /// The link that could not be opened (the default scenario is shown).
    pub error: Option<LinkError>,
    /// A stored draft exists that differs from what is opened.
    pub draft_kept: bool,
}

impl Opening {
    /// What a URL's fragment opens, given the stored draft (none in an embed).
    pub fn of_fragment(fragment: &str, draft: Option<&str>) -> Opening {
        let draft = draft.filter(|d| !d.trim().is_empty());
        let opening = match link::open(fragment) {
            Ok(Fragment::Draft) => match draft {
                Some(text) => return Opening::draft(text),
                None => Opening { source: Source::Draft, ..Opening::lesson(&gallery::examples()[0]) },
            },
            Ok(Fragment::Lesson(example)) => Opening::lesson(example),
            Ok(Fragment::Shared(content)) => Opening::shared(content),
            Err(error) => Opening { error: Some(error), ..Opening::lesson(&gallery::examples()[0]) },
        };
        let draft_kept = opening.source == Source::Link && draft.is_some_and(|d| d != opening.text());
        Opening { draft_kept, ..opening }
    }

    pub fn draft(text: &str) -> Opening {
        let (kubernetes, behaviour) = scenario_text::split(text);
        Opening {
            kubernetes,
            behaviour,
            title: None,
            lesson: None,
            example: None,
            source: Source::Draft,
            error: None,
            draft_kept: false,
        }
    }

    pub fn lesson(example: &'static Example) -> Opening {
        Opening {
            lesson: Some(example.id.to_string()),
            example: Some(example.id),
            source: Source::Link,
            ..Opening::draft(example.text)
        }
    }

    pub fn shared(content: Content) -> Opening {
        Opening {
            kubernetes: content.kubernetes,
            behaviour: content.behaviour,
            title: content.title,
            lesson: content.gallery,
            example: None,
            source: Source::Link,
            error: None,
            draft_kept: false,
        }
    }

    fn text(&self) -> String {
        scenario_text::join(&self.kubernetes, &self.behaviour)
    }
}

/// The outcome of loading (and, when the text is valid, simulating) one
/// version of the scenario text.
#[derive(Debug, Clone)]
pub struct Simulated {
    /// The `edits` count the text had.
    pub edits: u64,
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the text has errors: the last valid history keeps playing.
    pub history: Option<History>,
    /// `performance.now()` when the run started, to time edit-to-render.
    pub started: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub kubernetes: String,
    pub behaviour: String,
    /// Bumped on every text change; the simulation hook debounces on it.
    pub edits: u64,
    /// The diagnostics of the latest text that was loaded, placed in the editors.
    pub diagnostics: Rc<Vec<Placed>>,
    /// The last valid simulation.
    pub history: Shared<History>,
    /// Whether the shown history is of the current text.
    pub stale: bool,
    /// Live actions, applied on top of the scenario's scripted ones.
    pub live: Rc<Vec<LiveAction>>,
    /// Simulated time in milliseconds (fractional while playing slowly).
    pub clock: f64,
    pub playing: bool,
    pub speed: u32,
    /// The pod `describe` and the live actions are about.
    pub pod: Option<String>,
    /// The probe record (index into `history.records`) whose message is shown.
    pub probe: Option<usize>,
    pub jump: Option<Jump>,
    pub theme: Theme,
    /// The theme was picked with the toggle (else it follows the system).
    pub theme_chosen: bool,
    pub help: bool,
    /// The gallery example whose "what to watch" note is shown.
    pub example: Option<&'static str>,
    /// When the running simulation started (`performance.now()`), until it renders.
    pub pending_render: Option<f64>,
    /// Milliseconds from the start of the latest re-simulation to its render.
    pub last_resim_ms: Option<f64>,
    /// Re-simulations rendered so far.
    pub runs: u64,
    /// The `edits` count of the text whose diagnostics are shown.
    pub checked: u64,
    /// How the query string asks the page to look.
    pub presentation: Rc<Presentation>,
    /// The scenario's title, from a link or the share menu.
    pub title: Option<String>,
    /// The gallery lesson the text was made from, kept through edits.
    pub lesson: Option<String>,
    pub source: Source,
    /// Bumped by typing only (not by opening a scenario): the URL follows it.
    pub typed: u64,
    /// Bumped when a link's text becomes the draft by an edit.
    pub adopted: u64,
    pub link_error: Option<LinkError>,
    pub draft_notice: Option<DraftNotice>,
    /// Play once the first history is there (`autoplay=1`).
    pub autoplay: bool,
}

pub enum Action {
    Edit(Doc, String),
    /// Replace the whole scenario (a lesson, a link, a draft).
    Open(Box<Opening>),
    SetTitle(String),
    /// Play (true) or pause, as the host page of an embed asks.
    SetPlaying(bool),
    /// The theme a link or the host page of an embed asks for (not remembered).
    SetThemeSetting(ThemeSetting),
    /// The stored draft an edit replaced was kept under `PREVIOUS_DRAFT_KEY`.
    DraftStashed,
    DismissLinkError,
    DismissDraftNotice,
    Simulated(Box<Simulated>),
    /// The history that `Simulated` delivered is on screen.
    Rendered {
        now: f64,
    },
    TogglePlay,
    SetSpeed(u32),
    /// Advance playback by this many real milliseconds.
    Tick(f64),
    /// Jump to the next event after the current time.
    Step,
    Restart,
    Seek(Millis),
    /// A live action at the current time.
    Act(LiveAction),
    ClearLive,
    SelectPod(Option<String>),
    SelectProbe(Option<usize>),
    JumpTo {
        doc: Doc,
        line: u32,
    },
    /// The toggle: a choice that is remembered.
    SetTheme(Theme),
    /// The system's colour scheme changed; followed unless a theme was chosen.
    SystemTheme(Theme),
    ToggleHelp,
    CloseHelp,
    DismissNote,
}

impl State {
    pub fn new(text: &str, example: Option<&'static str>, theme: Theme) -> State {
        State::with_theme(text, example, theme, false)
    }

    pub fn with_theme(text: &str, example: Option<&'static str>, theme: Theme, theme_chosen: bool) -> State {
        let (kubernetes, behaviour) = scenario_text::split(text);
        State {
            presentation: Rc::new(Presentation::default()),
            title: None,
            lesson: example.map(str::to_string),
            source: Source::Draft,
            typed: 0,
            adopted: 0,
            link_error: None,
            draft_notice: None,
            autoplay: false,
            kubernetes,
            behaviour,
            edits: 0,
            diagnostics: Rc::new(vec![]),
            history: Shared::new(History::default()),
            stale: true,
            live: Rc::new(vec![]),
            clock: 0.0,
            playing: false,
            speed: 10,
            pod: None,
            probe: None,
            jump: None,
            theme,
            theme_chosen,
            help: false,
            example,
            pending_render: None,
            last_resim_ms: None,
            runs: 0,
            checked: 0,
        }
    }

    /// The page's first state: `opening` shown as `presentation` asks.
    pub fn opened(opening: Opening, presentation: Presentation, theme: Theme, theme_chosen: bool) -> State {
        let mut state = State::with_theme("", None, theme, theme_chosen);
        state.speed = presentation.speed;
        state.presentation = Rc::new(presentation);
        state.open(opening);
        state.edits = 0;
        state
    }

    fn open(&mut self, opening: Opening) {
        self.kubernetes = opening.kubernetes;
        self.behaviour = opening.behaviour;
        self.title = opening.title;
        self.lesson = opening.lesson;
        self.example = opening.example;
        self.source = opening.source;
        self.link_error = opening.error;
        self.draft_notice = opening.draft_kept.then_some(DraftNotice::Kept);
        self.edits += 1;
        self.live = Rc::new(vec![]);
        self.clock = self.presentation.start as f64;
        self.playing = false;
        self.autoplay = self.presentation.autoplay;
        self.pod = None;
        self.probe = None;
    }

    /// The scenario text the loader reads.
    pub fn text(&self) -> String {
        scenario_text::join(&self.kubernetes, &self.behaviour)
    }

    /// The scenario as a link carries it.
    pub fn content(&self) -> Content {
        Content {
            kubernetes: self.kubernetes.clone(),
            behaviour: self.behaviour.clone(),
            title: self.title.clone(),
            gallery: self.lesson.clone(),
        }
    }

    /// The link fragment (without `#`) of what the editors hold: `g/<id>`
    /// while a lesson is unchanged, else `v1.` and the text.
    pub fn fragment(&self) -> String {
        if let Some(example) = self.lesson.as_deref().and_then(gallery::by_id)
            && self.title.is_none()
            && scenario_text::split(example.text) == (self.kubernetes.clone(), self.behaviour.clone())
        {
            return format!("{}{}", link::LESSON, example.id);
        }
        self.content().fragment()
    }

    /// The title to show and share: the link's, else the lesson's.
    pub fn display_title(&self) -> Option<String> {
        self.title.clone().or_else(|| self.lesson.as_deref().and_then(gallery::by_id).map(|x| x.title.to_string()))
    }

    /// Where playback stops: `until=` if it is before the end.
    pub fn stop_at(&self) -> Millis {
        self.presentation.until.map_or(self.end(), |u| u.min(self.end()))
    }

    /// The current simulated time.
    pub fn t(&self) -> Millis {
        self.clock as Millis
    }

    pub fn end(&self) -> Millis {
        self.history.end
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|p| p.diagnostic.severity == Severity::Error).count()
    }

    /// The next time after `t` at which an event is recorded.
    pub fn next_event_after(&self, t: Millis) -> Option<Millis> {
        let from = self.history.records.partition_point(|r| r.t() <= t);
        self.history.records[from..].iter().find_map(|r| match r {
            Record::Event(e) => Some(e.t),
            _ => None,
        })
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edit(doc, text) => {
                match doc {
                    Doc::Kubernetes if s.kubernetes != text => s.kubernetes = text,
                    Doc::Behaviour if s.behaviour != text => s.behaviour = text,
                    _ => return self,
                }
                s.edits += 1;
                s.typed += 1;
                if s.source == Source::Link && !s.presentation.embed {
                    // The user's own now: saved as the draft from here on
                    // (the storage hook keeps the draft it replaces).
                    s.source = Source::Draft;
                    s.adopted += 1;
                    s.draft_notice = None;
                }
            }
            Action::Open(opening) => s.open(*opening),
            Action::SetTitle(title) => {
                let title = Some(title).filter(|t| !t.trim().is_empty());
                if title == s.title {
                    return self;
                }
                s.title = title;
                s.typed += 1;
            }
            Action::SetPlaying(playing) => {
                if playing == s.playing {
                    return self;
                }
                return Rc::new(s).reduce(Action::TogglePlay);
            }
            Action::SetThemeSetting(setting) => {
                // Auto follows the system again (the theme hook sends `SystemTheme`).
                s.theme_chosen = setting != ThemeSetting::Auto;
                match setting {
                    ThemeSetting::Light => s.theme = Theme::Light,
                    ThemeSetting::Dark => s.theme = Theme::Dark,
                    ThemeSetting::Auto => {}
                }
            }
            Action::DraftStashed => s.draft_notice = Some(DraftNotice::Replaced),
            Action::DismissLinkError => s.link_error = None,
            Action::DismissDraftNotice => s.draft_notice = None,
            Action::Simulated(run) => {
                if run.edits < s.edits {
                    // A newer edit is already waiting for its own run.
                    return self;
                }
                s.diagnostics = Rc::new(scenario_text::place(&s.kubernetes, &s.behaviour, &run.diagnostics));
                s.checked = run.edits;
                match run.history {
                    Some(history) => {
                        s.history = Shared::new(history);
                        s.stale = false;
                        s.clock = s.clock.min(s.history.end as f64);
                        s.probe = None;
                        if let Some(pod) = &s.pod
                            && s.history.pod_by_name(pod).is_none()
                        {
                            s.pod = None;
                        }
                        s.pending_render = Some(run.started);
                        if std::mem::take(&mut s.autoplay) && s.end() > 0 {
                            s.playing = s.t() < s.stop_at();
                        }
                    }
                    None => s.stale = true,
                }
            }
            Action::Rendered { now } => {
                let started = s.pending_render.take();
                s.last_resim_ms = started.map(|st| now - st);
                s.runs += 1;
            }
            Action::TogglePlay => {
                if !s.playing && s.t() >= s.stop_at() {
                    s.clock = s.presentation.start.min(s.end()) as f64;
                }
                s.playing = !s.playing && s.end() > 0;
            }
            Action::SetSpeed(speed) => s.speed = speed.max(1),
            Action::Tick(real_ms) => {
                if !s.playing {
                    return self;
                }
                s.clock += real_ms.clamp(0.0, 250.0) * s.speed as f64;
                let stop = s.stop_at() as f64;
                if s.clock >= stop {
                    if s.presentation.looping && stop > s.presentation.start as f64 {
                        s.clock = s.presentation.start as f64;
                    } else {
                        s.clock = stop;
                        s.playing = false;
                    }
                }
            }
            Action::Step => {
                s.playing = false;
                s.clock = s.next_event_after(s.t()).unwrap_or(s.end()) as f64;
            }
            Action::Restart => s.clock = 0.0,
            Action::Seek(t) => s.clock = t.clamp(0, s.end()) as f64,
            Action::Act(mut action) => {
                action.at = s.t();
                let mut live = (*s.live).clone();
                live.push(action);
                s.live = Rc::new(live);
            }
            Action::ClearLive => s.live = Rc::new(vec![]),
            Action::SelectPod(pod) => s.pod = pod,
            Action::SelectProbe(probe) => s.probe = probe,
            Action::JumpTo { doc, line } => {
                let seq = s.jump.map_or(1, |j| j.seq + 1);
                s.jump = Some(Jump { doc, line, seq });
            }
            Action::SetTheme(theme) => {
                s.theme = theme;
                s.theme_chosen = true;
            }
            Action::SystemTheme(theme) => {
                if s.theme_chosen || s.theme == theme {
                    return self;
                }
                s.theme = theme;
            }
            Action::ToggleHelp => s.help = !s.help,
            Action::CloseHelp => s.help = false,
            Action::DismissNote => s.example = None,
        }
        Rc::new(s)
    }
}

/// `mm:ss` of a simulated time (`h:mm:ss` from an hour on); before the
/// start, the start.
pub fn clock_text(t: Millis) -> String {
    sim_clock(t.max(0), Precision::Seconds)
}
