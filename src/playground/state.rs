//! The playground's one state and the actions that change it. `reduce` is a
//! plain function: timers, storage, the DOM and simulation runs live in the
//! page's hooks (`ui::hooks`), which feed their results back as actions.
//!
//! The simulated world is never copied here: `history` is the one History
//! every view draws from, at time `t`.

use super::text::Text;
use super::{recent, template};
use crate::assumptions::{self, Assumption};
use crate::behaviour::Action as LiveAction;
use crate::clock::{Precision, sim_clock};
use crate::cluster::Version;
use crate::diagnostic::{Diagnostic, Severity};
use crate::gallery::{self, Example};
use crate::history::{History, Millis};
pub use crate::link::presentation::SPEEDS;
use crate::link::presentation::{Presentation, ThemeSetting};
use crate::link::{self, Content, Fragment, LinkError};
use crate::scenario::Scenario;
use crate::scenario::text::{self as scenario_text, Doc, Placed};
use crate::view;
use std::rc::Rc;

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

    /// A shared scenario, on the version it was made on.
    pub fn shared(content: Content) -> Opening {
        Opening {
            behaviour: content.behaviour_on_its_version(),
            kubernetes: content.kubernetes,
            title: content.title,
            lesson: content.gallery,
            example: None,
            source: Source::Link,
            error: None,
            draft_kept: false,
        }
    }

    /// A file the user opened or dropped: a whole scenario when it has a
    /// behaviour document, else a manifest, which gets the template.
    pub fn file(name: &str, text: &str) -> Opening {
        let (kubernetes, behaviour) = scenario_text::split(text);
        let title = Some(name.trim().to_string()).filter(|t| !t.is_empty());
        Opening { title, ..Opening::new_scenario(kubernetes, behaviour) }
    }

    /// A scenario of the user's own: the behaviour given, else the
    /// template (filled in with the containers once the manifest is read).
    pub fn new_scenario(kubernetes: String, behaviour: String) -> Opening {
        let behaviour = if behaviour.trim().is_empty() { template::generic() } else { behaviour };
        Opening { kubernetes, behaviour, ..Opening::draft("") }
    }

    fn text(&self) -> String {
        scenario_text::join(&self.kubernetes, &self.behaviour)
    }
}

/// A live action as applied: the action, and the `actions` entry written for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub action: LiveAction,
    pub entry: String,
}

/// What a new scenario set aside of the one before, one click from coming
/// back: the lesson's behaviour, its title and its "what to watch" note.
#[derive(Debug, Clone, PartialEq)]
pub struct Aside {
    pub behaviour: String,
    pub title: Option<String>,
    pub lesson: Option<String>,
    pub example: Option<&'static str>,
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
    /// The behaviour template naming the text's containers (`template::for_scenario`).
    pub template: String,
    /// What the run assumed where the behaviour is silent.
    pub assumptions: Vec<Assumption>,
    /// The scenario `history` is a run of (`None` with it).
    pub scenario: Option<Shared<Scenario>>,
    /// The text `scenario` was loaded from, when it is not the whole text:
    /// a big text with the documents the simulator does not use blanked
    /// (`load::triage`).
    pub triaged: Option<Rc<str>>,
}

impl Simulated {
    /// The run of `scenario`, loaded from the text of edit `edits`: its
    /// history if it has no errors, the behaviour template naming its
    /// containers and what it assumed. `started` is `performance.now()`.
    pub fn of(edits: u64, scenario: Scenario, started: f64) -> Simulated {
        let history = (!scenario.has_errors()).then(|| scenario.simulate());
        let template = template::for_scenario(&scenario);
        let assumptions = assumptions::assumptions(&scenario);
        let diagnostics = scenario.diagnostics.clone();
        let scenario = history.is_some().then(|| Shared::new(scenario));
        Simulated { edits, diagnostics, history, started, template, assumptions, scenario, triaged: None }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The editors' texts, shared: copying the state copies no text.
    pub kubernetes: Text,
    pub behaviour: Text,
    /// Bumped on every text change; the simulation hook debounces on it.
    pub edits: u64,
    /// The diagnostics of the latest text that was loaded, placed in the editors.
    pub diagnostics: Rc<Vec<Placed>>,
    /// The last valid simulation.
    pub history: Shared<History>,
    /// The scenario `history` is a run of, loaded once for the run and the
    /// analysis.
    pub scenario: Option<Shared<Scenario>>,
    /// The text `scenario` was loaded from, when it is not `text()`
    /// (`Simulated::triaged`): what the analysis reads, so that it parses
    /// only the documents the simulator uses.
    pub triaged: Option<Rc<str>>,
    /// Whether the shown history is of the current text.
    pub stale: bool,
    /// The live actions applied since the scenario was opened, each as it
    /// was written into the behaviour's `actions:` (so "Undo all" can take
    /// them out again).
    pub live: Rc<Vec<Applied>>,
    /// The pod a live action was aimed at, to bring into view (`seq` makes
    /// repeats distinct); `None` for a workload's.
    pub reveal: Option<(Option<String>, u64)>,
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
    /// Bumped whenever either editor's text changes, by the user or not:
    /// storage follows it.
    pub revision: u64,
    /// The scenarios replaced before this one, newest first (`recent`).
    pub recent: Rc<Vec<Content>>,
    /// The behaviour editor holds this template, untouched: a run replaces
    /// it with the template naming the manifest's containers.
    pub template: Option<String>,
    /// What the last new scenario set aside, until undone or dismissed.
    pub aside: Option<Rc<Aside>>,
    /// What the shown run assumed where the behaviour is silent.
    pub assumptions: Rc<Vec<Assumption>>,
    /// Why something the user asked for did not happen (a file too big).
    pub alert: Option<String>,
    /// Tab indents in the editors (else it moves the focus on, as in any
    /// other field); the user's choice, kept in storage.
    pub tab_indents: bool,
}

pub enum Action {
    /// The text of one editor, after the user changed it (a paste over most
    /// of the manifest starts a new scenario).
    Edit(Doc, Text),
    /// Replace the whole scenario (a lesson, a link, a draft, a file); the
    /// one on screen is kept in `recent`.
    Open(Box<Opening>),
    /// Reopen `recent[i]`.
    OpenRecent(usize),
    /// Bring back what the last new scenario set aside.
    UndoNewScenario,
    DismissAside,
    /// Something the user asked for did not happen, for this reason.
    Alert(String),
    DismissAlert,
    /// Whether Tab indents in the editors.
    SetTabIndents(bool),
    /// Apply the change the run's assumption `i` offers to the behaviour.
    ChangeAssumption(usize),
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
    /// Jump to the next moment where something changed (`view::transitions`).
    Step,
    /// Jump back to the previous such moment.
    StepBack,
    Restart,
    Seek(Millis),
    /// A live action at the current time, written into the behaviour's `actions:`.
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
        let (kubernetes, behaviour) = (Text::from(kubernetes), Text::from(behaviour));
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
            revision: 0,
            recent: Rc::new(vec![]),
            template: None,
            aside: None,
            assumptions: Rc::new(vec![]),
            alert: None,
            tab_indents: false,
            kubernetes,
            behaviour,
            edits: 0,
            diagnostics: Rc::new(vec![]),
            history: Shared::new(History::default()),
            scenario: None,
            triaged: None,
            stale: true,
            live: Rc::new(vec![]),
            reveal: None,
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
        self.keep_outgoing();
        if self.source == Source::Link && opening.source == Source::Draft && !self.presentation.embed {
            // The draft in storage is about to be replaced: the storage
            // hook keeps it (`PREVIOUS_DRAFT_KEY`), as after an edit.
            self.adopted += 1;
        }
        self.aside = None;
        self.alert = None;
        self.template = Some(opening.behaviour.clone()).filter(|b| *b == template::generic());
        self.kubernetes = Text::from(opening.kubernetes);
        self.behaviour = Text::from(opening.behaviour);
        self.title = opening.title;
        self.lesson = opening.lesson;
        self.example = opening.example;
        self.source = opening.source;
        self.link_error = opening.error;
        self.draft_notice = opening.draft_kept.then_some(DraftNotice::Kept);
        self.text_changed();
        self.live = Rc::new(vec![]);
        self.clock = self.presentation.start as f64;
        self.playing = false;
        self.autoplay = self.presentation.autoplay;
        self.pod = None;
        self.probe = None;
    }

    /// Keeps the scenario on screen in `recent` before it is replaced (never
    /// in an embed: it has no storage of its own).
    fn keep_outgoing(&mut self) {
        let content = self.content();
        if !self.presentation.embed && recent::worth_keeping(&content) {
            self.recent = Rc::new(recent::remember(&self.recent, content));
        }
    }

    /// A paste over the manifest starts a new scenario: the lesson's
    /// behaviour and note go (kept in `aside` for an undo) and the behaviour
    /// editor gets the template, unless the paste brought its own.
    fn start_from_paste(&mut self, text: &Text) {
        // A manifest alone is the pasted text itself: the state shares the
        // editor's copy (a second of a 2 MB manifest would stay for as long
        // as it is on screen).
        let plain = !scenario_text::has_behaviour(text);
        let (kubernetes, behaviour) = if plain { (String::new(), String::new()) } else { scenario_text::split(text) };
        let aside = Aside {
            behaviour: self.behaviour.to_string(),
            title: self.title.clone(),
            lesson: self.lesson.clone(),
            example: self.example,
        };
        // Nothing to undo when the behaviour was empty or an untouched template.
        let had_own = !self.is_template() && !self.behaviour.trim().is_empty();
        let source = self.source;
        self.open(Opening::new_scenario(kubernetes, behaviour));
        if plain {
            self.kubernetes = text.clone();
        }
        self.source = source;
        self.aside = had_own.then(|| Rc::new(aside));
    }

    /// Whether the editors hold a lesson that the user has changed: its
    /// "what to watch" note may no longer match the screen.
    pub fn lesson_diverged(&self) -> bool {
        self.example.and_then(gallery::by_id).is_some_and(|example| !self.holds(example.text))
    }

    /// Whether the editors hold `text`'s halves (compared without copying either).
    fn holds(&self, text: &str) -> bool {
        let (kubernetes, behaviour) = scenario_text::split(text);
        self.kubernetes == kubernetes && self.behaviour == behaviour
    }

    /// Whether the behaviour editor holds the untouched template.
    fn is_template(&self) -> bool {
        self.template.as_deref().is_some_and(|t| self.behaviour == t)
    }

    /// What the menu says is loaded: an unchanged lesson's id, else a name.
    /// Drawn on every render: it copies no text.
    pub fn loaded(&self) -> Result<&'static str, String> {
        let lesson = self.lesson.as_deref();
        match lesson.and_then(gallery::by_id) {
            Some(lesson)
                if !recent::worth_keeping_text(
                    &self.kubernetes,
                    &self.behaviour,
                    self.title.as_deref(),
                    Some(lesson.id),
                ) =>
            {
                Ok(lesson.id)
            }
            _ if self.kubernetes.trim().is_empty() => Err("New scenario".to_string()),
            _ => Err(recent::name_of(&self.kubernetes, self.title.as_deref(), lesson)),
        }
    }

    /// The scenario text the loader reads.
    pub fn text(&self) -> String {
        scenario_text::join(&self.kubernetes, &self.behaviour)
    }

    /// One editor's text.
    pub fn text_of(&self, doc: Doc) -> &Text {
        match doc {
            Doc::Kubernetes => &self.kubernetes,
            Doc::Behaviour => &self.behaviour,
        }
    }

    /// The text the shown scenario was loaded from, line for line the
    /// text's: what its spans point into.
    pub fn loaded_text(&self) -> String {
        self.triaged.as_deref().map_or_else(|| self.text(), str::to_string)
    }

    /// The load worker's triage of the text in the editors, when the run
    /// on screen is of that text (`Simulated::triaged`).
    pub fn current_triage(&self) -> Option<Rc<str>> {
        self.triaged.clone().filter(|_| !self.stale && self.checked == self.edits)
    }

    /// How many stream lines come before the behaviour editor's first
    /// (`scenario::text::behaviour_offset`), from the manifest's lines as
    /// its editor counted them: no scan of the manifest after it changed.
    pub fn behaviour_offset(&self) -> u32 {
        scenario_text::behaviour_offset_of(&self.kubernetes, self.kubernetes.lines().count())
    }

    /// Where the behaviour editor's lines start in the stream
    /// (`behaviour_offset`), or None while it is empty: what
    /// `scenario::text::place_at` takes.
    pub fn placement(&self) -> Option<u32> {
        (!self.behaviour.trim().is_empty()).then(|| self.behaviour_offset())
    }

    /// The scenario as a link carries it.
    pub fn content(&self) -> Content {
        Content {
            kubernetes: self.kubernetes.to_string(),
            behaviour: self.behaviour.to_string(),
            title: self.title.clone(),
            gallery: self.lesson.clone(),
            made_on: Version::default(),
        }
    }

    /// The link fragment (without `#`) of what the editors hold: `g/<id>`
    /// while a lesson is unchanged, else `v1.` and the text.
    pub fn fragment(&self) -> String {
        if let Some(example) = self.lesson.as_deref().and_then(gallery::by_id)
            && self.title.is_none()
            && self.holds(example.text)
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
}

/// The state after `action`. Returns `state` itself (the same `Rc`) when
/// nothing changes, so that the page does not re-render.
pub fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    changed_by(state, |s| s.apply(action))
}

/// An embed's actions only: playing, seeking and picking in a run, the
/// host's orders, and edits of its texts (`readonly=0`). An embed has no
/// menus, drafts, live actions or analysis; reducing with this, its wasm
/// carries none of their code. Any other action changes nothing.
pub fn reduce_watching(state: Rc<State>, action: Action) -> Rc<State> {
    changed_by(state, |s| s.watch(action))
}

/// The state after `apply`, the same `Rc` when it changed nothing.
fn changed_by(state: Rc<State>, apply: impl FnOnce(&mut State) -> bool) -> Rc<State> {
    let mut s = (*state).clone();
    if apply(&mut s) { Rc::new(s) } else { state }
}

impl State {
    /// Any action of the playground.
    fn apply(&mut self, action: Action) -> bool {
        let s = self;
        match action {
            Action::Edit(doc, text) => s.edit(doc, text),
            Action::OpenRecent(i) => match s.recent.get(i).cloned() {
                Some(content) => {
                    s.open(Opening { source: Source::Draft, ..Opening::shared(content) });
                    true
                }
                None => false,
            },
            Action::UndoNewScenario => match s.aside.take() {
                Some(aside) => {
                    let aside = (*aside).clone();
                    (s.behaviour, s.title, s.lesson, s.example) =
                        (Text::from(aside.behaviour), aside.title, aside.lesson, aside.example);
                    s.template = None;
                    s.text_changed();
                    true
                }
                None => false,
            },
            Action::DismissAside => s.aside.take().is_some(),
            Action::Alert(why) => {
                s.alert = Some(why);
                true
            }
            Action::DismissAlert => s.alert.take().is_some(),
            Action::SetTabIndents(on) => {
                s.tab_indents = on;
                true
            }
            Action::ChangeAssumption(i) => s.change_assumption(i),
            Action::SetTitle(title) => {
                let title = Some(title).filter(|t| !t.trim().is_empty());
                let changed = title != s.title;
                s.title = title;
                s.typed += changed as u64;
                changed
            }
            Action::DraftStashed => {
                s.draft_notice = Some(DraftNotice::Replaced);
                true
            }
            Action::DismissDraftNotice => s.draft_notice.take().is_some(),
            action => s.step_or_watch(action),
        }
    }

    /// What an embed does too (`reduce_watching`).
    fn watch(&mut self, action: Action) -> bool {
        let s = self;
        match action {
            Action::Edit(doc, text) => s.set_text(doc, text),
            Action::Open(opening) => {
                s.open(*opening);
                true
            }
            Action::SetPlaying(playing) if playing == s.playing => false,
            Action::SetPlaying(_) => s.watch(Action::TogglePlay),
            Action::SetThemeSetting(setting) => {
                // Auto follows the system again (the theme hook sends `SystemTheme`).
                s.theme_chosen = setting != ThemeSetting::Auto;
                match setting {
                    ThemeSetting::Light => s.theme = Theme::Light,
                    ThemeSetting::Dark => s.theme = Theme::Dark,
                    ThemeSetting::Auto => {}
                }
                true
            }
            Action::DismissLinkError => s.link_error.take().is_some(),
            Action::Simulated(run) => s.simulated(*run),
            Action::Rendered { now } => {
                let started = s.pending_render.take();
                s.last_resim_ms = started.map(|st| now - st);
                s.runs += 1;
                true
            }
            action => s.playback(action),
        }
    }

    /// The user changed one editor's text in the playground: a paste over
    /// most of the manifest starts a new scenario; a link's scenario, once
    /// changed, is the user's draft.
    fn edit(&mut self, doc: Doc, text: Text) -> bool {
        if *self.text_of(doc) == text {
            return false;
        }
        if doc == Doc::Kubernetes
            && !self.presentation.embed
            && super::edit::replaced_wholesale(&self.kubernetes, &text)
        {
            self.start_from_paste(&text);
            self.typed += 1;
        } else {
            self.set_text(doc, text);
        }
        if self.source == Source::Link && !self.presentation.embed {
            // The user's own now: saved as the draft from here on
            // (the storage hook keeps the draft it replaces).
            self.source = Source::Draft;
            self.adopted += 1;
            self.draft_notice = None;
        }
        true
    }

    /// One editor's text is now `text` (an embed's edit, or the playground's
    /// that keeps the scenario).
    fn set_text(&mut self, doc: Doc, text: Text) -> bool {
        if *self.text_of(doc) == text {
            return false;
        }
        match doc {
            Doc::Kubernetes => self.kubernetes = text,
            Doc::Behaviour => {
                self.behaviour = text;
                self.template = None;
            }
        }
        self.text_changed();
        self.typed += 1;
        true
    }

    /// Adds the `apps` entry of assumption `i` to the behaviour, as an edit.
    fn change_assumption(&mut self, i: usize) -> bool {
        let Some(assumption) = self.assumptions.get(i).cloned() else { return false };
        match scenario_text::add_entry(&self.behaviour, "apps", &assumption.entry) {
            Some(text) => self.edit(Doc::Behaviour, text.into()),
            None => {
                self.alert = Some(format!(
                    "The behaviour's `apps` is a flow list (`apps: [...]`): add this entry to it by hand:\n{}",
                    assumption.entry
                ));
                true
            }
        }
    }

    /// The text changed: it is run again and saved.
    fn text_changed(&mut self) {
        self.edits += 1;
        self.revision += 1;
    }

    /// A run of the text came back.
    fn simulated(&mut self, run: Simulated) -> bool {
        if run.edits < self.edits {
            // A newer edit is already waiting for its own run.
            return false;
        }
        // The untouched template follows the manifest's containers. Only
        // comments change, so the run stands for the new text too.
        if self.is_template() && self.behaviour != run.template {
            self.behaviour = Text::from(run.template.as_str());
            self.template = Some(run.template);
            self.revision += 1;
        }
        self.diagnostics = Rc::new(scenario_text::place_at(self.placement(), &run.diagnostics));
        self.checked = run.edits;
        let Some(history) = run.history else {
            self.stale = true;
            return true;
        };
        // A run that gives the history on screen (a comment typed, a blank
        // line, an edit undone) leaves the views as they are: nothing is
        // drawn again, and the picked probe stays picked.
        if *self.history.0 != history {
            self.history = Shared::new(history);
            self.clock = self.clock.min(self.history.end as f64);
            self.probe = None;
            if let Some(pod) = &self.pod
                && self.history.pod_by_name(pod).is_none()
            {
                self.pod = None;
            }
        }
        self.scenario = run.scenario;
        self.triaged = run.triaged;
        self.assumptions = Rc::new(run.assumptions);
        self.stale = false;
        self.pending_render = Some(run.started);
        if std::mem::take(&mut self.autoplay) && self.end() > 0 {
            self.playing = self.t() < self.stop_at();
        }
        true
    }

    /// Playback, the picked pod and probe, the theme and the dialogs.
    /// The playground's own controls of playback and the page; the rest
    /// as an embed does them.
    fn step_or_watch(&mut self, action: Action) -> bool {
        match action {
            Action::Step => {
                self.playing = false;
                let moments = view::transitions(&self.history);
                self.clock = view::next_after(&moments, self.t()).unwrap_or(self.end()) as f64;
            }
            Action::StepBack => {
                self.playing = false;
                let moments = view::transitions(&self.history);
                self.clock = view::last_before(&moments, self.t()).unwrap_or(0) as f64;
            }
            Action::Restart => self.clock = 0.0,
            Action::Act(action) => return self.act(action),
            Action::ClearLive => return self.clear_live(),
            Action::JumpTo { doc, line } => {
                let seq = self.jump.map_or(1, |j| j.seq + 1);
                self.jump = Some(Jump { doc, line, seq });
            }
            Action::SetTheme(theme) => {
                self.theme = theme;
                self.theme_chosen = true;
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::CloseHelp if !self.help => return false,
            Action::CloseHelp => self.help = false,
            Action::DismissNote => self.example = None,
            action => return self.watch(action),
        }
        true
    }

    /// Playing, seeking and picking in the run, and the system's theme.
    fn playback(&mut self, action: Action) -> bool {
        match action {
            Action::TogglePlay => {
                if !self.playing && self.t() >= self.stop_at() {
                    self.clock = self.presentation.start.min(self.end()) as f64;
                }
                self.playing = !self.playing && self.end() > 0;
            }
            Action::SetSpeed(speed) => self.speed = speed.max(1),
            Action::Tick(_) if !self.playing => return false,
            Action::Tick(real_ms) => self.tick(real_ms),
            Action::Seek(t) => self.clock = t.clamp(0, self.end()) as f64,
            Action::SelectPod(pod) => self.pod = pod,
            Action::SelectProbe(probe) => self.probe = probe,
            Action::SystemTheme(theme) if self.theme_chosen || self.theme == theme => return false,
            Action::SystemTheme(theme) => self.theme = theme,
            _ => return false,
        }
        true
    }

    /// Writes a live action into the behaviour at the current time: the run
    /// is simulated again with it, it is saved and shared with the text.
    fn act(&mut self, mut action: LiveAction) -> bool {
        action.at = self.t();
        let reveal = (action.pod.clone(), self.reveal.as_ref().map_or(1, |r| r.1 + 1));
        let Some(entry) = action.to_yaml() else { return false };
        let Some(text) = scenario_text::add_entry(&self.behaviour, "actions", &entry) else {
            self.alert = Some(format!(
                "The behaviour's `actions` is a flow list (`actions: [...]`): add this entry to it by hand:\n{entry}"
            ));
            return true;
        };
        self.edit(Doc::Behaviour, text.into());
        let mut live = (*self.live).clone();
        live.push(Applied { action, entry });
        self.live = Rc::new(live);
        self.reveal = Some(reveal);
        true
    }

    /// Takes the live actions out of the behaviour again, those the user
    /// has not changed since.
    fn clear_live(&mut self) -> bool {
        let text = self.live.iter().rev().fold(self.behaviour.to_string(), |text, applied| {
            scenario_text::remove_entry(&text, "actions", &applied.entry).unwrap_or(text)
        });
        self.live = Rc::new(vec![]);
        if self.behaviour != text {
            self.edit(Doc::Behaviour, text.into());
        }
        true
    }

    /// Real milliseconds of playing, at the speed, up to where playback stops.
    fn tick(&mut self, real_ms: f64) {
        self.clock += real_ms.clamp(0.0, 250.0) * self.speed as f64;
        let stop = self.stop_at() as f64;
        if self.clock >= stop {
            if self.presentation.looping && stop > self.presentation.start as f64 {
                self.clock = self.presentation.start as f64;
            } else {
                self.clock = stop;
                self.playing = false;
            }
        }
    }
}

/// `mm:ss` of a simulated time (`h:mm:ss` from an hour on); before the
/// start, the start.
pub fn clock_text(t: Millis) -> String {
    sim_clock(t.max(0), Precision::Seconds)
}
