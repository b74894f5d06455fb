//! The wizard's model and its update function: keys and engine events in, state and commands
//! out. Nothing here draws or calls AWS; the runner carries out the commands. What a page, a
//! dialog or the summary shows is worked out here, when the model changes, so drawing only lays
//! it out.

pub mod page;
pub mod summary;

use super::dialogs::{Ask, Choice, Confirm, Detail, Dialog, Help, Outcome, Pending, Quit, Resume, Typed};
use super::keymap::{self, Action, Mode};
pub use super::msg::{Cmd, Level, Msg};
use super::text::{PLine, Tone};
use crate::actions;
use crate::answers::Answers;
use crate::catalog::validate::{self, KNOWN_REGIONS};
use crate::catalog::{Catalog, Field, FieldKind, Persona, Step};
use crate::cloud::is_change_call;
use crate::engine::doctor::{Finding, Health};
use crate::events::Event;
use crate::journal::{JournalData, StepState};
use page::PageModel;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use summary::SummaryModel;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// From this height the log shows in a pane under the page, this many rows tall (below it, L
/// opens the log full screen).
pub const LOG_PANE_FROM: u16 = 30;
pub const LOG_PANE_ROWS: u16 = 7;

/// The log keeps this many lines; older ones are dropped.
pub const LOG_LIMIT: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Steps,
    Form,
}

/// The main area: the step pages, or one of the full-screen views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    Map,
    Log,
    Summary,
}

#[derive(Debug, Clone)]
pub struct FieldState {
    pub key: String,
    pub input: Input,
    pub error: Option<String>,
    /// Typed but not kept (an invalid value is kept as a draft, never dropped).
    pub unsaved: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveCall {
    pub call: u64,
    pub service: &'static str,
    pub operation: &'static str,
    pub started_ms: u64,
    /// (ok, outcome word, milliseconds) once finished
    pub done: Option<(bool, String, u64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Live {
    pub calls: Vec<LiveCall>,
    /// (what, status, elapsed ms)
    pub waiting: Option<(String, String, u64)>,
    pub rolling_back: bool,
}

/// Where the log is read from: the newest lines (following), or from a line kept in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogView {
    /// The first line shown; None follows the newest.
    pub top: Option<usize>,
    pub wrap: bool,
}

/// A persona's IAM policy: in words, and as the JSON document.
pub type Policy = (String, String);

pub struct App {
    pub catalog: Arc<Catalog>,
    pub answers: Answers,
    pub journal: JournalData,
    pub backend: String,
    pub selected: usize,
    pub focus: Focus,
    pub fields: Vec<FieldState>,
    pub field: usize,
    pub dialog: Option<Dialog>,
    pub screen: Screen,
    pub live: BTreeMap<String, Live>,
    /// What each step reported (outcomes, predictions, what it found), newest last.
    pub notes: BTreeMap<String, Vec<String>>,
    pub log: VecDeque<String>,
    pub log_view: LogView,
    pub running: bool,
    pub message: Option<(Level, String)>,
    pub now_ms: u64,
    pub tick: u64,
    pub quit: bool,
    pub stopping: bool,
    /// While a run goes, the page follows the running step until the user moves.
    pub follow: bool,
    /// AWS profiles offered in profile inputs, each with how it gets credentials (read from the
    /// shared config files by the runner).
    pub profiles: Vec<(String, String)>,
    /// The current step's page, worked out when the model changed.
    pub page: PageModel,
    /// How far the page is scrolled (the view keeps it in range).
    pub page_scroll: usize,
    pub summary: SummaryModel,
    pub summary_scroll: usize,
    /// The summary opened by itself once, when the setup reached its end.
    summary_shown: bool,
    /// Invalid values typed into inputs, by key, kept until fixed or put back.
    pub drafts: BTreeMap<String, String>,
    /// The last failure: (step, the whole error), for E.
    pub last_failure: Option<(String, String)>,
    /// An input waiting for what the account offers.
    pub discovering: Option<String>,
    /// What reading the account found, by step (D, or at the start on an account with no journal).
    pub findings: BTreeMap<String, Finding>,
    /// The account is being read.
    pub reading: bool,
    /// For each step in catalog order, whether it (or one it stands on) changed since it was
    /// done: the list's ≠, worked out on change rather than on every frame.
    pub drift: Vec<bool>,
    /// Each persona's policy (words, JSON) and what it was built from.
    policy_cache: std::cell::RefCell<BTreeMap<Persona, (String, Option<Policy>)>>,
    pub width: u16,
    pub height: u16,
}

impl App {
    pub fn new(catalog: Arc<Catalog>, journal: JournalData, backend: &str) -> App {
        let mut app = App {
            answers: journal.answers.clone(),
            catalog,
            journal,
            backend: backend.to_string(),
            selected: 0,
            focus: Focus::Steps,
            fields: vec![],
            field: 0,
            dialog: None,
            screen: Screen::Main,
            live: BTreeMap::new(),
            notes: BTreeMap::new(),
            log: VecDeque::new(),
            log_view: LogView::default(),
            running: false,
            message: None,
            now_ms: 0,
            tick: 0,
            quit: false,
            stopping: false,
            follow: false,
            profiles: Vec::new(),
            page: PageModel::default(),
            page_scroll: 0,
            summary: SummaryModel::default(),
            summary_scroll: 0,
            summary_shown: false,
            drafts: BTreeMap::new(),
            last_failure: None,
            findings: BTreeMap::new(),
            reading: false,
            drift: vec![],
            policy_cache: Default::default(),
            discovering: None,
            width: 80,
            height: 24,
        };
        if app.journal.has_progress() {
            app.dialog = Some(Dialog::Resume(app.resume_dialog()));
        }
        // A setup found complete has shown its summary already (or can, with S).
        app.summary_shown = app.all_done();
        app.load_fields();
        app.refresh();
        app
    }

    pub fn step(&self) -> &Step {
        &self.catalog.steps()[self.selected]
    }

    pub fn state(&self, id: &str) -> StepState {
        self.journal.state(id)
    }

    /// Where keys go now.
    pub fn mode(&self) -> Mode {
        if let Some(d) = &self.dialog {
            return d.mode();
        }
        match (self.screen, self.focus) {
            (Screen::Main, Focus::Form) => Mode::Form,
            (Screen::Main, Focus::Steps) => Mode::Steps,
            (Screen::Map, _) => Mode::Map,
            (Screen::Log, _) => Mode::Log,
            (Screen::Summary, _) => Mode::Summary,
        }
    }

    pub fn done_count(&self, persona: Option<Persona>) -> (usize, usize) {
        let steps: Vec<&Step> = self
            .catalog
            .steps()
            .iter()
            .filter(|s| persona.is_none_or(|p| s.persona == p))
            .collect();
        (
            steps.iter().filter(|s| self.state(&s.id).is_done()).count(),
            steps.len(),
        )
    }

    pub fn all_done(&self) -> bool {
        let (d, n) = self.done_count(None);
        d == n
    }

    fn resume_dialog(&self) -> Resume {
        let (done, total) = self.done_count(None);
        Resume {
            next: self
                .catalog
                .steps()
                .get(self.first_unfinished())
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            done,
            total,
            personas: Persona::ALL
                .iter()
                .map(|p| {
                    let (d, n) = self.done_count(Some(*p));
                    (p.name().to_string(), d, n)
                })
                .collect(),
            real: self.backend != "sim",
            known: self.journal.steps.values().map(|r| r.undo.len()).sum(),
        }
    }

    fn load_fields(&mut self) {
        let step = self.catalog.steps()[self.selected].clone();
        self.fields = step
            .fields
            .iter()
            .map(|f| {
                let saved = self.answers.get(&f.key);
                let value = self.drafts.get(&f.key).cloned().unwrap_or_else(|| saved.clone());
                let error = validate::check_text(&f.validator, &value).err();
                FieldState {
                    key: f.key.clone(),
                    input: Input::new(value.clone()),
                    error,
                    unsaved: value != saved,
                }
            })
            .collect();
        self.field = 0;
    }

    fn select(&mut self, i: usize) {
        let i = i.min(self.catalog.steps().len() - 1);
        if i != self.selected {
            self.page_scroll = 0;
        }
        self.selected = i;
        self.focus = Focus::Steps;
        self.load_fields();
    }

    /// The first step that is not done, for resume.
    pub fn first_unfinished(&self) -> usize {
        self.catalog
            .steps()
            .iter()
            .position(|s| !self.state(&s.id).is_done())
            .unwrap_or(0)
    }

    fn log_line(&mut self, line: String) {
        self.log.push_back(line);
        while self.log.len() > LOG_LIMIT {
            self.log.pop_front();
            // A view held in place stays on the same line as older ones go.
            if let Some(top) = self.log_view.top.as_mut() {
                *top = top.saturating_sub(1);
            }
        }
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some((level, text.into()));
    }

    /// Problems with the current step's inputs: each field's own rule, then rules between fields.
    pub fn field_problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .fields
            .iter()
            .filter_map(|f| f.error.clone().map(|e| (f.key.clone(), e)))
            .collect();
        let step = self.step();
        for p in self.answers.cross_problems(&self.catalog) {
            let key = p.key.rsplit('.').next().unwrap_or(&p.key).to_string();
            if step.fields.iter().any(|f| f.key == key) {
                out.push((key, p.rule));
            }
        }
        out
    }

    /// The step's own pre-flight view: dependencies and inputs, each passing or not.
    pub fn checks(&self) -> Vec<(bool, String)> {
        let step = self.step();
        let mut out = Vec::new();
        let missing: Vec<&str> = step
            .depends
            .iter()
            .filter(|d| !self.state(d).is_done())
            .map(|d| d.as_str())
            .collect();
        if step.depends.is_empty() {
            out.push((true, "no earlier step needed".to_string()));
        } else if missing.is_empty() {
            out.push((true, format!("done first: {}", step.depends.join(", "))));
        } else {
            out.push((
                false,
                format!("needs {} first (applying runs them too)", missing.join(", ")),
            ));
        }
        let problems = self.field_problems();
        if !step.fields.is_empty() && problems.is_empty() {
            out.push((true, format!("{} input(s) valid", step.fields.len())));
        }
        for (key, rule) in problems {
            out.push((false, format!("{key}: {rule}")));
        }
        out.push((
            true,
            format!(
                "backend: {}",
                if self.backend == "sim" {
                    "simulated cloud"
                } else {
                    "AWS"
                }
            ),
        ));
        out
    }

    /// Ethan's SQL for the current step, if it has some.
    pub fn sql(&self) -> Option<String> {
        actions::sql_for(&self.step().id, &self.answers)
    }

    /// The text a person copies for the current step: Ethan's SQL, a checklist, or the portal.
    pub fn copy_text(&self) -> Option<String> {
        let step = self.step();
        if let Some(sql) = self.sql() {
            return Some(sql);
        }
        if step.id == "ethan.sign-in"
            && let Some(url) = self.journal.output("alice.idc-add-region", "portal_url")
        {
            return Some(url);
        }
        if self.first_of_persona(&step.id)
            && let Some((_, json)) = self.persona_policy(step.persona)
        {
            return Some(json);
        }
        if !step.checklist.is_empty() {
            return Some(
                step.checklist
                    .iter()
                    .map(|c| self.answers.fill(c))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
        None
    }

    /// The IAM policy a persona runs with, in words and as JSON; none for Ethan (his checks run
    /// with Bob's profile) or when it cannot be built.
    pub fn persona_policy(&self, persona: Persona) -> Option<Policy> {
        let role = match persona {
            Persona::Alice => crate::catalog::AccountRole::Management,
            Persona::Bob => crate::catalog::AccountRole::Analytics,
            Persona::Ethan => return None,
        };
        // Built from the answers and the ids the journal has seen; kept until one of them
        // changes, since a page is rebuilt on every event of a run.
        let seen = |step: &str, key: &str| self.journal.output(step, key).unwrap_or_default();
        let basis = format!(
            "{:?}|{}|{}|{}|{}|{}",
            self.answers,
            seen("alice.preflight", "instance_arn"),
            seen("bob.preflight", "instance_arn"),
            seen("alice.preflight", "identity_store_id"),
            seen("bob.preflight", "identity_store_id"),
            seen("alice.kms-key", "key_id"),
        );
        if let Some((b, p)) = self.policy_cache.borrow().get(&persona)
            && *b == basis
        {
            return p.clone();
        }
        let built = crate::report::policy_for(&self.catalog, &self.answers, Some(&self.journal), role)
            .ok()
            .and_then(|(words, doc)| Some((words, serde_json::to_string_pretty(&doc).ok()?)));
        self.policy_cache.borrow_mut().insert(persona, (basis, built.clone()));
        built
    }

    /// The inputs of a done step that differ now from when it was done, as "key: was → now".
    pub fn changed_inputs(&self, id: &str) -> Option<String> {
        if !self.state(id).is_done() {
            return None;
        }
        let changed = self.journal.changed_inputs(id, &self.answers);
        (!changed.is_empty()).then(|| {
            changed
                .iter()
                .map(|(k, was, now)| format!("{k}: {was} → {now}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// An earlier step this done one stands on whose inputs changed since it was done.
    pub fn changed_upstream(&self, id: &str) -> Option<String> {
        if !self.state(id).is_done() {
            return None;
        }
        self.catalog
            .ancestors(id)
            .into_iter()
            .find(|a| self.changed_inputs(a).is_some())
    }

    /// Whether the step (or one it stands on) changed since it was done: the list's ≠.
    pub fn drifted(&self, id: &str) -> bool {
        self.changed_inputs(id).is_some() || self.changed_upstream(id).is_some()
    }

    /// Whether this is the first step of its persona (its page introduces the part).
    pub fn first_of_persona(&self, id: &str) -> bool {
        let Some(s) = self.catalog.get(id) else { return false };
        self.catalog.by_persona(s.persona).next().is_some_and(|f| f.id == id)
    }

    /// Whether Ctrl-O offers a list for this input.
    pub fn has_choices(&self, def: &Field) -> bool {
        def.kind == FieldKind::Region
            || (def.validator == "profile" && !self.profiles.is_empty())
            || crate::engine::discover::offers(&def.key)
    }

    /// Steps to run for `targets`: every not-done ancestor, then the targets, in catalog order.
    fn with_ancestors(&self, targets: &[String]) -> Vec<String> {
        let mut want: Vec<String> = Vec::new();
        for t in targets {
            for a in self.catalog.ancestors(t) {
                if !self.state(&a).is_done() && !want.contains(&a) {
                    want.push(a);
                }
            }
            if !self.state(t).is_done() && !want.contains(t) {
                want.push(t.clone());
            }
        }
        self.catalog
            .steps()
            .iter()
            .filter(|s| want.contains(&s.id))
            .map(|s| s.id.clone())
            .collect()
    }

    /// Rows of the main area inside its border: the screen less the title, the message, the
    /// key bar of the current mode (one row or two) and the log pane when it shows.
    pub fn main_rows(&self) -> usize {
        let bar = keymap::bar_rows(self.mode(), self.width).len();
        let log = if self.screen == Screen::Main && self.height >= LOG_PANE_FROM {
            LOG_PANE_ROWS
        } else {
            0
        };
        (self.height as usize)
            .saturating_sub(1 + 1 + bar + log as usize + 2)
            .max(3)
    }

    /// Rows the page pane shows at this terminal size (a page up or down moves this many).
    pub fn page_rows(&self) -> usize {
        self.main_rows().saturating_sub(self.page.pinned_rows.len()).max(1)
    }

    /// The page's width inside its border, beside the step list.
    pub fn page_width(&self) -> usize {
        let list = page::LIST_WIDTH.min(self.width / 2);
        (self.width.saturating_sub(list) as usize).saturating_sub(2).max(20)
    }

    /// What to do as the wizard opens: on an account with no journal here and every input
    /// answered, read the account first, so each page says what is already there.
    pub fn on_start(&mut self) -> Option<Cmd> {
        if self.backend == "sim" || self.journal.has_progress() || !self.answers.unanswered(&self.catalog).is_empty() {
            return None;
        }
        self.reading = true;
        self.say(Level::Info, "reading the account, step by step (read-only)…");
        Some(Cmd::Doctor)
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let cmds = match msg {
            Msg::Key(k) if k.kind == KeyEventKind::Press || k.kind == KeyEventKind::Repeat => self.key(k),
            Msg::Key(_) => vec![],
            Msg::Engine(e) => {
                self.engine_event(e);
                vec![]
            }
            Msg::Journal(j) => {
                self.journal = *j;
                vec![]
            }
            Msg::RunDone { summary, code } => self.run_done(summary, code),
            Msg::Tick { now_ms } => {
                self.now_ms = now_ms;
                self.tick = self.tick.wrapping_add(1);
                // The page moves with the clock only while its step has calls live (spinner,
                // elapsed times); the list's spinner is drawn from `tick` directly.
                if !self.live.contains_key(&self.step().id) {
                    return vec![];
                }
                vec![]
            }
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                vec![]
            }
            Msg::Choices { key, result } => {
                self.choices(key, result);
                vec![]
            }
            Msg::Findings(found) => {
                self.reading = false;
                let bad = found.iter().filter(|f| f.health == Health::Problem).count();
                let ok = found.iter().filter(|f| f.health == Health::InPlace).count();
                self.say(
                    if bad > 0 { Level::Info } else { Level::Ok },
                    format!("the account read: {ok} step(s) already in place, {bad} with something missing or wrong (see each page)"),
                );
                self.findings = found.into_iter().map(|f| (f.step.clone(), f)).collect();
                vec![]
            }
        };
        self.refresh();
        cmds
    }

    /// Works out what the page and the summary show, after any change: their rows at this
    /// width, and scroll positions kept in range (the page's so the input being edited shows).
    fn refresh(&mut self) {
        self.drift = self.catalog.steps().iter().map(|s| self.drifted(&s.id)).collect();
        self.page = page::build(self);
        let w = self.page_width();
        self.page.rows = super::wrap::rows(&self.page.lines, w);
        self.page.pinned_rows = self
            .page
            .pinned
            .as_ref()
            .map(|p| super::wrap::wrap(p, w))
            .unwrap_or_default();
        let visible = self.page_rows();
        if self.focus == Focus::Form
            && let Some(r) = self.page.rows.iter().position(|(_, l)| l.field == Some(self.field))
        {
            // The input with its label above and its help or error below.
            if r < self.page_scroll + 1 {
                self.page_scroll = r.saturating_sub(1);
            } else if r + 2 > self.page_scroll + visible {
                self.page_scroll = (r + 2).saturating_sub(visible);
            }
        }
        self.page_scroll = self.page_scroll.min(self.page.rows.len().saturating_sub(visible));
        if self.screen == Screen::Summary {
            self.summary = summary::build(self);
            self.summary.rows = super::wrap::rows(&self.summary.lines, (self.width as usize).saturating_sub(2));
            let last = self.summary.rows.len().saturating_sub(self.main_rows());
            self.summary_scroll = self.summary_scroll.min(last);
        }
    }

    fn run_done(&mut self, summary: String, code: i32) -> Vec<Cmd> {
        self.running = false;
        self.live
            .retain(|_, l| l.calls.iter().any(|c| c.done.as_ref().is_some_and(|d| !d.0)));
        self.say(
            if code == 0 {
                Level::Ok
            } else if code == 3 {
                Level::Info
            } else {
                Level::Error
            },
            summary,
        );
        if self.stopping {
            self.quit = true;
            return vec![Cmd::Quit];
        }
        // The end of the walkthrough: the summary a presenter leaves up.
        if self.all_done() && !self.summary_shown && self.dialog.is_none() {
            self.summary_shown = true;
            self.screen = Screen::Summary;
            self.summary_scroll = 0;
            self.focus = Focus::Steps;
        }
        vec![]
    }

    fn choices(&mut self, key: String, result: Result<Vec<(String, String)>, String>) {
        if self.discovering.as_deref() != Some(key.as_str()) {
            return;
        }
        self.discovering = None;
        let Some(i) = self.fields.iter().position(|f| f.key == key) else {
            return;
        };
        if self.focus != Focus::Form || self.dialog.is_some() {
            return;
        }
        match result {
            Ok(items) if items.is_empty() => self.say(
                Level::Info,
                format!("the account offers nothing for {key}: type the value"),
            ),
            Ok(items) => {
                let label = self.step().fields[i].label.clone();
                let current = self.fields[i].input.value().to_string();
                self.field = i;
                self.dialog = Some(Dialog::Choice(Choice::new(&key, &label, items, &current)));
            }
            Err(e) => self.say(Level::Error, format!("could not read the choices for {key}: {e}")),
        }
    }

    fn engine_event(&mut self, e: Event) {
        if let Some(line) = crate::events::line(&e) {
            self.log_line(line);
        }
        match e {
            Event::StepStarted { step } => {
                if self.follow
                    && self.focus == Focus::Steps
                    && let Some(i) = self.catalog.position(&step)
                {
                    self.select(i);
                }
                self.notes.remove(&step);
                self.live.insert(step, Live::default());
            }
            Event::CallStarted {
                step,
                call,
                service,
                operation,
                ..
            } => {
                let live = self.live.entry(step).or_default();
                live.waiting = None;
                live.calls.push(LiveCall {
                    call,
                    service,
                    operation,
                    started_ms: self.now_ms,
                    done: None,
                });
                if live.calls.len() > 50 {
                    live.calls.remove(0);
                }
            }
            Event::CallFinished {
                step,
                call,
                service,
                operation,
                outcome,
                ok,
                ms,
            } => {
                if !ok {
                    self.last_failure = Some((step.clone(), format!("{service} {operation}: {outcome}")));
                }
                if let Some(c) = self
                    .live
                    .entry(step)
                    .or_default()
                    .calls
                    .iter_mut()
                    .rev()
                    .find(|c| c.call == call)
                {
                    c.done = Some((ok, outcome, ms));
                }
            }
            Event::Waiting {
                step,
                what,
                status,
                elapsed_ms,
            } => {
                self.live.entry(step).or_default().waiting = Some((what, status, elapsed_ms));
            }
            Event::Retrying {
                step,
                operation,
                reason,
                after_ms,
                ..
            } => {
                let what = format!("{operation} again");
                self.live.entry(step).or_default().waiting = Some((what, reason, after_ms));
            }
            Event::StepFinished { step, state, error } => {
                if state == StepState::Done {
                    self.live.remove(&step);
                }
                if let Some(e) = error {
                    // The whole error (with AWS's request id where it gave one) for E.
                    let call = self
                        .last_failure
                        .as_ref()
                        .filter(|(s, _)| s == &step)
                        .map(|(_, c)| format!("{c}\n\n"))
                        .unwrap_or_default();
                    self.last_failure = Some((step.clone(), format!("{call}{e}")));
                    self.say(Level::Error, format!("{step}: {e} (E shows all of it)"));
                }
            }
            Event::RollbackStarted { step } => {
                self.live.entry(step).or_default().rolling_back = true;
            }
            Event::RollbackFinished { step, ok, .. } => {
                if ok && let Some(l) = self.live.get_mut(&step) {
                    l.rolling_back = false;
                    l.waiting = None;
                }
            }
            Event::Note { step, message } => {
                let notes = self.notes.entry(step).or_default();
                notes.push(message);
                if notes.len() > 8 {
                    notes.remove(0);
                }
            }
            Event::RunFinished { .. } => {}
        }
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Cmd> {
        let mode = self.mode();
        let action = keymap::lookup(mode, &k);
        if let Some(d) = self.dialog.as_mut() {
            let was_quit = matches!(d, Dialog::Quit(_));
            let outcome = d.on(action, &k);
            return self.outcome(outcome, was_quit);
        }
        match mode {
            Mode::Form => self.form_key(action, k),
            Mode::Log => self.log_key(action),
            Mode::Summary => self.summary_key(action),
            _ => self.main_key(action),
        }
    }

    /// Carries out what a dialog answered.
    fn outcome(&mut self, o: Outcome, from_quit_dialog: bool) -> Vec<Cmd> {
        match o {
            Outcome::Stay => vec![],
            Outcome::Close => {
                self.dialog = None;
                vec![]
            }
            Outcome::Open(d) => {
                self.dialog = Some(d);
                vec![]
            }
            Outcome::Resume => {
                self.dialog = None;
                let i = self.first_unfinished();
                self.select(i);
                self.say(Level::Info, format!("resumed at {}", self.step().id));
                vec![]
            }
            Outcome::Chosen { key, value } => {
                self.dialog = None;
                if let Some(i) = self.fields.iter().position(|f| f.key == key) {
                    self.field = i;
                    self.fields[i].input = Input::new(value);
                    self.revalidate(i);
                    return self.commit_field(i);
                }
                vec![]
            }
            Outcome::QuitNow if self.running && !from_quit_dialog => {
                self.dialog = Some(Dialog::Quit(Quit));
                vec![]
            }
            Outcome::QuitNow => {
                self.quit = true;
                vec![Cmd::Quit]
            }
            Outcome::Run(cmds) => {
                self.dialog = None;
                for c in &cmds {
                    match c {
                        Cmd::Apply { .. } | Cmd::Rollback { .. } | Cmd::Teardown => {
                            self.running = true;
                            self.follow = true;
                            self.message = None;
                            self.screen = Screen::Main;
                        }
                        Cmd::StartFresh => {
                            self.drafts.clear();
                            self.notes.clear();
                            self.last_failure = None;
                            self.summary_shown = false;
                            self.select(0);
                            self.say(Level::Info, "started fresh");
                        }
                        Cmd::StopAfterCall => {
                            self.stopping = true;
                            self.say(
                                Level::Info,
                                "stopping after the calls in flight; the journal keeps everything",
                            );
                        }
                        Cmd::Copy(_) => self.say(Level::Ok, "sent to the terminal's clipboard"),
                        _ => {}
                    }
                }
                cmds
            }
        }
    }

    fn request_quit(&mut self) -> Vec<Cmd> {
        if self.running {
            self.dialog = Some(Dialog::Quit(Quit));
            return vec![];
        }
        self.quit = true;
        vec![Cmd::Quit]
    }

    /// Keys every main screen shares.
    fn common(&mut self, action: Option<Action>) -> Option<Vec<Cmd>> {
        match action? {
            Action::Help => self.dialog = Some(Dialog::Help(Help::default())),
            Action::Quit => return Some(self.request_quit()),
            Action::Map => self.toggle(Screen::Map),
            Action::Log => self.toggle(Screen::Log),
            Action::Summary => {
                self.summary_scroll = 0;
                self.toggle(Screen::Summary)
            }
            Action::Cancel => self.screen = Screen::Main,
            _ => return None,
        }
        Some(vec![])
    }

    fn toggle(&mut self, s: Screen) {
        self.screen = if self.screen == s { Screen::Main } else { s };
    }

    fn main_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        if let Some(cmds) = self.common(action) {
            return cmds;
        }
        let Some(action) = action else { return vec![] };
        if self.screen != Screen::Main {
            return vec![];
        }
        let n = self.catalog.steps().len();
        if matches!(action, Action::Up | Action::Down | Action::Top | Action::Bottom) {
            self.follow = false;
        }
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select((self.selected + 1).min(n - 1)),
            Action::Top => self.select(0),
            Action::Bottom => self.select(n - 1),
            // Kept in range by refresh.
            Action::PageUp => self.page_scroll = self.page_scroll.saturating_sub(self.page_rows().saturating_sub(1)),
            Action::PageDown => self.page_scroll += self.page_rows().saturating_sub(1),
            Action::Edit => {
                if self.fields.is_empty() {
                    // Enter never applies: a run starts from a, after a dialog.
                    self.say(Level::Info, format!("{} has no inputs; a applies it", self.step().id));
                } else {
                    self.focus = Focus::Form;
                    self.field = 0;
                }
            }
            Action::Apply => return self.ask_apply(false),
            Action::ApplyPersona => return self.ask_apply(true),
            Action::Rollback => self.ask_rollback(),
            Action::Teardown if !self.running => {
                self.dialog = Some(Dialog::Typed(Typed::teardown("Tear everything down?")));
            }
            Action::Copy => {
                if let Some(t) = self.copy_text() {
                    self.say(Level::Ok, "sent to the terminal's clipboard");
                    return vec![Cmd::Copy(t)];
                }
                self.say(Level::Info, "nothing to copy on this step");
            }
            Action::Doctor if self.running || self.reading => {
                self.say(Level::Info, "wait for what is running to finish");
            }
            Action::Doctor => {
                self.reading = true;
                self.say(Level::Info, "reading the account, step by step (read-only)…");
                return vec![Cmd::Doctor];
            }
            Action::Detail => match &self.last_failure {
                Some((step, text)) => {
                    self.dialog = Some(Dialog::Detail(Detail {
                        step: step.clone(),
                        text: text.clone(),
                    }))
                }
                None => self.say(Level::Info, "no call has failed"),
            },
            _ => {}
        }
        vec![]
    }

    fn log_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        let rows = self.main_rows();
        let last_top = self.log.len().saturating_sub(rows);
        let top = self.log_view.top.unwrap_or(last_top);
        let moved = |t: usize| if t >= last_top { None } else { Some(t) };
        match action {
            Some(Action::Up) => self.log_view.top = Some(top.saturating_sub(1)),
            Some(Action::Down) => self.log_view.top = moved(top + 1),
            Some(Action::PageUp) => self.log_view.top = Some(top.saturating_sub(rows.saturating_sub(1))),
            Some(Action::PageDown) => self.log_view.top = moved(top + rows.saturating_sub(1)),
            Some(Action::Top) => self.log_view.top = Some(0),
            Some(Action::Follow) => self.log_view.top = None,
            Some(Action::Wrap) => self.log_view.wrap = !self.log_view.wrap,
            other => return self.common(other).unwrap_or_default(),
        }
        vec![]
    }

    fn summary_key(&mut self, action: Option<Action>) -> Vec<Cmd> {
        // Kept in range by refresh.
        let rows = self.main_rows();
        match action {
            Some(Action::Up) => self.summary_scroll = self.summary_scroll.saturating_sub(1),
            Some(Action::Down) => self.summary_scroll += 1,
            Some(Action::PageUp) => self.summary_scroll = self.summary_scroll.saturating_sub(rows),
            Some(Action::PageDown) => self.summary_scroll += rows,
            Some(Action::Copy) => {
                self.say(Level::Ok, "sent to the terminal's clipboard");
                return vec![Cmd::Copy(self.summary.text())];
            }
            other => return self.common(other).unwrap_or_default(),
        }
        vec![]
    }

    fn revalidate(&mut self, i: usize) {
        let def = &self.catalog.steps()[self.selected].fields[i];
        let f = &mut self.fields[i];
        f.error = validate::check_text(&def.validator, f.input.value()).err();
        f.unsaved = f.input.value() != self.answers.get(&f.key);
    }

    fn form_key(&mut self, action: Option<Action>, k: KeyEvent) -> Vec<Cmd> {
        let step = self.step().clone();
        let def = step.fields[self.field].clone();
        let n = self.fields.len();
        let i = self.field;
        match action {
            Some(Action::Quit) => return self.request_quit(),
            Some(Action::Next) => {
                let cmds = self.commit_field(i);
                self.field = (i + 1) % n;
                return cmds;
            }
            Some(Action::Prev) => {
                let cmds = self.commit_field(i);
                self.field = (i + n - 1) % n;
                return cmds;
            }
            Some(Action::Accept) => {
                let cmds = self.commit_field(i);
                if let Some(e) = &self.fields[i].error {
                    // Stay on it: the draft is kept, marked, and the rule is on screen.
                    let e = e.clone();
                    self.say(Level::Error, format!("{}: {e}", def.label));
                } else if i + 1 < n {
                    self.field = i + 1;
                } else {
                    self.focus = Focus::Steps;
                }
                return cmds;
            }
            Some(Action::Cancel) => {
                // Put back what was kept: the value before this edit, and no draft.
                let f = &mut self.fields[i];
                f.input = Input::new(self.answers.get(&f.key));
                self.drafts.remove(&def.key);
                self.revalidate(i);
                self.focus = Focus::Steps;
                return vec![];
            }
            Some(Action::Choose) => return self.open_choices(&def),
            _ => {}
        }
        if def.kind == FieldKind::Bool {
            // A yes/no input takes only yes or no.
            let now = self.fields[i].input.value() == "true";
            let v = match k.code {
                KeyCode::Char(' ') => Some(!now),
                KeyCode::Char('y' | 'Y') => Some(true),
                KeyCode::Char('n' | 'N') => Some(false),
                KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete => {
                    self.say(Level::Info, "a yes/no input: y, n or Space");
                    None
                }
                _ => None,
            };
            if let Some(v) = v {
                self.fields[i].input = Input::new(v.to_string());
                self.revalidate(i);
                return self.commit_field(i);
            }
            return vec![];
        }
        self.fields[i]
            .input
            .handle_event(&ratatui::crossterm::event::Event::Key(k));
        self.revalidate(i);
        vec![]
    }

    fn open_choices(&mut self, def: &Field) -> Vec<Cmd> {
        let current = self.fields[self.field].input.value().to_string();
        let items: Vec<(String, String)> = if def.kind == FieldKind::Region {
            KNOWN_REGIONS
                .iter()
                .map(|r| (r.to_string(), region_note(r).to_string()))
                .collect()
        } else if def.validator == "profile" && !self.profiles.is_empty() {
            self.profiles.clone()
        } else if crate::engine::discover::offers(&def.key) {
            self.discovering = Some(def.key.clone());
            self.say(
                Level::Info,
                format!("reading what the account offers for {}…", def.label),
            );
            return vec![Cmd::Discover { key: def.key.clone() }];
        } else if def.validator == "profile" {
            self.say(
                Level::Info,
                "no profiles in ~/.aws/config or ~/.aws/credentials: type a name, or set one up with aws configure",
            );
            return vec![];
        } else {
            self.say(Level::Info, format!("{} has no list: type the value", def.label));
            return vec![];
        };
        self.dialog = Some(Dialog::Choice(Choice::new(&def.key, &def.label, items, &current)));
        vec![]
    }

    /// Keeps a field's value in the answers when it is valid (and saves them); an invalid one
    /// stays as a draft, marked, until it is fixed or put back with Esc.
    fn commit_field(&mut self, i: usize) -> Vec<Cmd> {
        let Some(f) = self.fields.get(i) else { return vec![] };
        let def = &self.step().fields[i];
        let value = f.input.value().to_string();
        let key = f.key.clone();
        match validate::check_text(&def.validator, &value) {
            Ok(v) => {
                self.drafts.remove(&key);
                if self.answers.value(&key) == Some(&v) {
                    self.revalidate(i);
                    return vec![];
                }
                let catalog = self.catalog.clone();
                match self.answers.set(&catalog, &key, v) {
                    Ok(()) => {
                        self.revalidate(i);
                        let cmds = vec![Cmd::SaveAnswers(Box::new(self.answers.clone()))];
                        if let Some(changed) = self.changed_inputs(&self.step().id.clone()) {
                            self.say(
                                Level::Info,
                                format!(
                                    "≠ {} was done with other inputs ({changed}): a applies it again",
                                    self.step().id
                                ),
                            );
                        }
                        cmds
                    }
                    Err(e) => {
                        self.fields[i].error = Some(e.to_string());
                        vec![]
                    }
                }
            }
            Err(_) => {
                self.drafts.insert(key, value);
                self.revalidate(i);
                vec![]
            }
        }
    }

    fn ask_apply(&mut self, whole_persona: bool) -> Vec<Cmd> {
        if self.running {
            self.say(Level::Info, "a run is in progress; wait for it to finish");
            return vec![];
        }
        let step = self.step().clone();
        if !self.field_problems().is_empty() {
            self.say(
                Level::Error,
                format!("fix the inputs of {} first (see the checks)", step.id),
            );
            return vec![];
        }
        let targets: Vec<String> = if whole_persona {
            self.catalog.by_persona(step.persona).map(|s| s.id.clone()).collect()
        } else {
            vec![step.id.clone()]
        };
        let mut steps = self.with_ancestors(&targets);
        // A done step whose inputs changed runs again when asked for by name.
        let reapply: Vec<String> = targets
            .iter()
            .filter(|t| self.changed_inputs(t).is_some())
            .cloned()
            .collect();
        for r in &reapply {
            if !steps.contains(r) {
                steps.push(r.clone());
            }
        }
        if steps.is_empty() {
            let what = if whole_persona { step.persona.name() } else { &step.id };
            match self.changed_upstream(&step.id) {
                Some(up) => self.say(
                    Level::Info,
                    format!("{what} is done; {up} changed since: apply {up} again first"),
                ),
                None => self.say(Level::Info, format!("{what} is done already")),
            }
            return vec![];
        }
        // Pressing apply on a manual or analyst step is the person saying they did it.
        let confirmed: Vec<String> = if whole_persona { vec![] } else { vec![step.id.clone()] }
            .into_iter()
            .filter(|id| self.catalog.get(id).is_some_and(|s| s.needs_confirmation()))
            .collect();
        let lines = self.apply_lines(&steps, &confirmed, &reapply);
        let policies = self.policy_lines(&steps);
        self.dialog = Some(Dialog::Confirm(Confirm {
            title: if reapply.is_empty() {
                "Apply?".into()
            } else {
                "Apply again?".into()
            },
            pending: Pending::Apply {
                steps,
                confirmed,
                reapply,
            },
            lines,
            policies,
        }));
        vec![]
    }

    /// The confirm dialog's text: each step, what it changes, security-sensitive ones marked.
    fn apply_lines(&self, steps: &[String], confirmed: &[String], reapply: &[String]) -> Vec<PLine> {
        let mut lines = vec![PLine::one("These steps will run, in order:", Tone::Text)];
        // One line a step, so a whole persona fits; the rest is summarised.
        let room = (self.height as usize).saturating_sub(12).max(4);
        for (i, id) in steps.iter().enumerate() {
            if i >= room && steps.len() > room + 1 {
                lines.push(PLine::one(format!("  … and {} more", steps.len() - i), Tone::Muted));
                break;
            }
            let Some(s) = self.catalog.get(id) else { continue };
            let changes = s.operations.iter().filter(|o| is_change_call(o)).count();
            let what = if s.is_manual() {
                "manual: you confirm it".to_string()
            } else if changes == 0 {
                "reads only".to_string()
            } else {
                format!("{changes} change(s)")
            };
            let mut spans = vec![(format!("  {id:<24}"), Tone::Accent), (what, Tone::Muted)];
            if !s.sensitive.is_empty() {
                spans.push((format!("  ! {}", s.sensitive.join(", ")), Tone::Warn));
            }
            lines.push(PLine::new(spans));
        }
        for r in reapply {
            if let Some(changed) = self.changed_inputs(r) {
                lines.push(PLine::one(format!("  ≠ {r} runs again with: {changed}"), Tone::Warn));
            }
            let after: Vec<String> = self
                .catalog
                .descendants(r)
                .into_iter()
                .filter(|d| self.state(d).is_done())
                .collect();
            if !after.is_empty() {
                lines.push(PLine::one(
                    format!(
                        "    these stand on it and may need applying again: {}",
                        after.join(", ")
                    ),
                    Tone::Muted,
                ));
            }
        }
        for c in confirmed {
            lines.push(PLine::one(
                format!("  You confirm that {c} has been done by its person."),
                Tone::Text,
            ));
        }
        lines.push(PLine::blank());
        lines.push(PLine::one(
            "! marks security-sensitive changes. A failed step is rolled back.",
            Tone::Muted,
        ));
        lines
    }

    /// The policy documents the steps would send, for the policies view.
    fn policy_lines(&self, steps: &[String]) -> Vec<PLine> {
        let instance = self
            .journal
            .output("bob.preflight", "instance_arn")
            .or_else(|| self.journal.output("alice.preflight", "instance_arn"));
        let application = self.journal.output("bob.redshift-idc-app", "managed_application_arn");
        let mut lines = Vec::new();
        for id in steps {
            for (what, doc) in
                actions::policy::documents_for(id, &self.answers, instance.as_deref(), application.as_deref())
            {
                lines.push(PLine::one(format!("{id}: {what}"), Tone::Warn));
                lines.extend(doc.lines().map(|l| PLine::one(l.to_string(), Tone::Text)));
                lines.push(PLine::blank());
            }
        }
        if lines.is_empty() {
            lines.push(PLine::one("These steps send no policy documents.", Tone::Text));
        }
        lines
    }

    fn ask_rollback(&mut self) {
        if self.running {
            self.say(Level::Info, "a run is in progress; wait for it to finish");
            return;
        }
        let step = self.step().id.clone();
        let touched = |id: &String| {
            self.journal
                .steps
                .get(id)
                .is_some_and(|r| !r.undo.is_empty() || r.state == Some(StepState::Done))
        };
        if !touched(&step) {
            self.say(Level::Info, format!("{step} has nothing to roll back"));
            return;
        }
        let also: Vec<String> = self
            .catalog
            .descendants(&step)
            .into_iter()
            .filter(|d| touched(d))
            .collect();
        let undo = |id: &str| self.journal.steps.get(id).map_or(0, |r| r.undo.len());
        let mut lines = vec![PLine::one(
            format!("Undo what {step} created or changed ({} change(s)).", undo(&step)),
            Tone::Text,
        )];
        if also.is_empty() {
            lines.push(PLine::blank());
            lines.push(PLine::one("y rolls it back · n or Esc keeps it", Tone::Muted));
            self.dialog = Some(Dialog::Ask(Ask {
                title: "Roll back?".into(),
                lines,
                yes: vec![Cmd::Rollback { step }],
                back: None,
            }));
            return;
        }
        lines.push(PLine::one(
            format!(
                "{} more step(s) stand on it and are rolled back first, newest first:",
                also.len()
            ),
            Tone::Warn,
        ));
        let room = (self.height as usize).saturating_sub(12).max(4);
        for (i, a) in also.iter().rev().enumerate() {
            if i >= room && also.len() > room + 1 {
                lines.push(PLine::one(format!("  … and {} more", also.len() - i), Tone::Muted));
                break;
            }
            lines.push(PLine::one(format!("  {a} ({} change(s))", undo(a)), Tone::Accent));
        }
        self.dialog = Some(Dialog::Typed(Typed::new(
            &format!("Roll back {} steps?", also.len() + 1),
            lines,
            "rollback",
            vec![Cmd::Rollback { step }],
        )));
    }
}

/// The partition of a Region, for the choice list.
fn region_note(r: &str) -> &'static str {
    if r.starts_with("cn-") {
        "China (aws-cn)"
    } else if r.starts_with("us-gov-") {
        "GovCloud (aws-us-gov)"
    } else if r.starts_with("eusc-") {
        "European Sovereign Cloud"
    } else {
        ""
    }
}
