//! The wizard's model and its update function: keys and engine events in, state and commands
//! out. Nothing here draws or calls AWS; the runner carries out the commands.

use crate::actions;
use crate::answers::Answers;
use crate::catalog::{Catalog, FieldKind, Persona, Step, validate};
use crate::events::Event;
use crate::journal::{JournalData, StepState};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// The log keeps this many lines; older ones are dropped.
pub const LOG_LIMIT: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Engine(Event),
    /// The journal as the engine left it (after a batch of events, or at start).
    Journal(Box<JournalData>),
    /// A run of the engine ended, with its summary and exit code.
    RunDone {
        summary: String,
        code: i32,
    },
    Tick {
        now_ms: u64,
    },
}

/// What the runner must do; the model never does it itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Apply { steps: Vec<String>, confirmed: Vec<String> },
    Rollback { step: String },
    Teardown,
    SaveAnswers(Box<Answers>),
    Copy(String),
    StartFresh,
    StopAfterCall,
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Apply { steps: Vec<String>, confirmed: Vec<String> },
    Rollback { step: String, also: Vec<String> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help,
    Confirm(Pending),
    /// Teardown asks for the word typed out.
    Typed(String),
    Resume,
    QuitWhileRunning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Steps,
    Form,
}

#[derive(Debug, Clone)]
pub struct FieldState {
    pub key: String,
    pub input: Input,
    pub error: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Ok,
    Error,
}

pub struct App {
    pub catalog: Arc<Catalog>,
    pub answers: Answers,
    pub journal: JournalData,
    pub backend: String,
    pub selected: usize,
    pub focus: Focus,
    pub fields: Vec<FieldState>,
    pub field: usize,
    pub overlay: Overlay,
    pub show_map: bool,
    pub live: BTreeMap<String, Live>,
    /// What each step reported (outcomes, predictions, what it found), newest last.
    pub notes: BTreeMap<String, Vec<String>>,
    pub log: VecDeque<String>,
    /// Lines scrolled back from the newest.
    pub log_scroll: usize,
    pub running: bool,
    pub message: Option<(Level, String)>,
    pub now_ms: u64,
    pub tick: u64,
    pub quit: bool,
    pub stopping: bool,
    /// While a run goes, the page follows the running step until the user moves.
    pub follow: bool,
    /// AWS profiles offered in profile inputs (read from ~/.aws by the runner).
    pub profiles: Vec<String>,
    /// The confirm dialog shows the policy documents the steps would send, scrolled this far.
    pub show_policies: bool,
    pub policy_scroll: u16,
}

impl App {
    pub fn new(catalog: Arc<Catalog>, journal: JournalData, backend: &str) -> App {
        let resume = journal.has_progress();
        let mut app = App {
            answers: journal.answers.clone(),
            catalog,
            journal,
            backend: backend.to_string(),
            selected: 0,
            focus: Focus::Steps,
            fields: vec![],
            field: 0,
            overlay: if resume { Overlay::Resume } else { Overlay::None },
            show_map: false,
            live: BTreeMap::new(),
            notes: BTreeMap::new(),
            log: VecDeque::new(),
            log_scroll: 0,
            running: false,
            message: None,
            now_ms: 0,
            tick: 0,
            quit: false,
            stopping: false,
            follow: false,
            profiles: Vec::new(),
            show_policies: false,
            policy_scroll: 0,
        };
        app.load_fields();
        app
    }

    pub fn step(&self) -> &Step {
        &self.catalog.steps()[self.selected]
    }

    pub fn state(&self, id: &str) -> StepState {
        self.journal.state(id)
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

    fn load_fields(&mut self) {
        let step = self.catalog.steps()[self.selected].clone();
        self.fields = step
            .fields
            .iter()
            .map(|f| {
                let value = self.answers.get(&f.key);
                let error = validate::check_text(&f.validator, &value).err();
                FieldState {
                    key: f.key.clone(),
                    input: Input::new(value),
                    error,
                }
            })
            .collect();
        self.field = 0;
    }

    fn select(&mut self, i: usize) {
        self.selected = i.min(self.catalog.steps().len() - 1);
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

    /// The text a person copies for the current step: Ethan's SQL, a checklist, or the portal.
    pub fn copy_text(&self) -> Option<String> {
        let step = self.step();
        if let Some(sql) = actions::sql_for(&step.id, &self.answers) {
            return Some(sql);
        }
        if step.id == "ethan.sign-in"
            && let Some(url) = self.journal.output("alice.idc-add-region", "portal_url")
        {
            return Some(url);
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

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
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
            Msg::RunDone { summary, code } => {
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
                vec![]
            }
            Msg::Tick { now_ms } => {
                self.now_ms = now_ms;
                self.tick = self.tick.wrapping_add(1);
                vec![]
            }
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
                    self.selected = i;
                    self.load_fields();
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
                outcome,
                ok,
                ms,
                ..
            } => {
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
                    self.say(Level::Error, format!("{step}: {e}"));
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
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        match self.overlay.clone() {
            Overlay::Help => {
                if matches!(
                    k.code,
                    KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter
                ) || ctrl_c
                {
                    self.overlay = Overlay::None;
                }
                return vec![];
            }
            Overlay::Resume => {
                return match k.code {
                    KeyCode::Char('r') | KeyCode::Enter | KeyCode::Esc => {
                        self.overlay = Overlay::None;
                        let i = self.first_unfinished();
                        self.select(i);
                        self.say(Level::Info, format!("resumed at {}", self.step().id));
                        vec![]
                    }
                    KeyCode::Char('s') => {
                        self.overlay = Overlay::None;
                        self.select(0);
                        vec![Cmd::StartFresh]
                    }
                    KeyCode::Char('b') => {
                        self.overlay = Overlay::None;
                        self.running = true;
                        vec![Cmd::Teardown]
                    }
                    _ if ctrl_c || k.code == KeyCode::Char('q') => {
                        self.quit = true;
                        vec![Cmd::Quit]
                    }
                    _ => vec![],
                };
            }
            Overlay::Confirm(p) => {
                if self.show_policies
                    && matches!(
                        k.code,
                        KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
                    )
                {
                    self.policy_scroll = match k.code {
                        KeyCode::Up => self.policy_scroll.saturating_sub(1),
                        KeyCode::Down => self.policy_scroll.saturating_add(1),
                        KeyCode::PageUp => self.policy_scroll.saturating_sub(10),
                        _ => self.policy_scroll.saturating_add(10),
                    };
                    return vec![];
                }
                if k.code == KeyCode::Char('p') {
                    self.show_policies = !self.show_policies;
                    self.policy_scroll = 0;
                    return vec![];
                }
                self.show_policies = false;
                return match k.code {
                    KeyCode::Char('y') | KeyCode::Enter => {
                        self.overlay = Overlay::None;
                        self.running = true;
                        self.follow = true;
                        self.message = None;
                        match p {
                            Pending::Apply { steps, confirmed } => vec![Cmd::Apply { steps, confirmed }],
                            Pending::Rollback { step, .. } => vec![Cmd::Rollback { step }],
                        }
                    }
                    KeyCode::Char('n') | KeyCode::Esc => {
                        self.overlay = Overlay::None;
                        vec![]
                    }
                    _ if ctrl_c => {
                        self.overlay = Overlay::None;
                        vec![]
                    }
                    _ => vec![],
                };
            }
            Overlay::Typed(mut buf) => {
                return match k.code {
                    KeyCode::Esc => {
                        self.overlay = Overlay::None;
                        vec![]
                    }
                    _ if ctrl_c => {
                        self.overlay = Overlay::None;
                        vec![]
                    }
                    KeyCode::Enter if buf == "teardown" => {
                        self.overlay = Overlay::None;
                        self.running = true;
                        vec![Cmd::Teardown]
                    }
                    KeyCode::Enter => vec![],
                    KeyCode::Backspace => {
                        buf.pop();
                        self.overlay = Overlay::Typed(buf);
                        vec![]
                    }
                    KeyCode::Char(c) if buf.len() < 20 => {
                        buf.push(c);
                        self.overlay = Overlay::Typed(buf);
                        vec![]
                    }
                    _ => vec![],
                };
            }
            Overlay::QuitWhileRunning => {
                return match k.code {
                    KeyCode::Char('y') | KeyCode::Enter => {
                        self.overlay = Overlay::None;
                        self.stopping = true;
                        self.say(
                            Level::Info,
                            "stopping after the calls in flight; the journal keeps everything",
                        );
                        vec![Cmd::StopAfterCall]
                    }
                    _ if ctrl_c => {
                        // A second Ctrl-C: leave now. The journal is written ahead, so resume works.
                        self.quit = true;
                        vec![Cmd::Quit]
                    }
                    KeyCode::Char('n') | KeyCode::Esc => {
                        self.overlay = Overlay::None;
                        vec![]
                    }
                    _ => vec![],
                };
            }
            Overlay::None => {}
        }

        if ctrl_c || (k.code == KeyCode::Char('q') && self.focus == Focus::Steps) {
            if self.running {
                self.overlay = Overlay::QuitWhileRunning;
                return vec![];
            }
            self.quit = true;
            return vec![Cmd::Quit];
        }
        if self.focus == Focus::Form {
            return self.form_key(k);
        }
        let n = self.catalog.steps().len();
        if matches!(
            k.code,
            KeyCode::Up | KeyCode::Down | KeyCode::Char('j' | 'k' | 'g' | 'G') | KeyCode::Home | KeyCode::End
        ) {
            self.follow = false;
        }
        match k.code {
            KeyCode::Up | KeyCode::Char('k') => self.select(self.selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => self.select((self.selected + 1).min(n - 1)),
            KeyCode::Home | KeyCode::Char('g') => self.select(0),
            KeyCode::End | KeyCode::Char('G') => self.select(n - 1),
            KeyCode::Enter | KeyCode::Tab | KeyCode::Right | KeyCode::Char('e') => {
                if !self.fields.is_empty() {
                    self.focus = Focus::Form;
                    self.field = 0;
                } else if k.code == KeyCode::Enter {
                    return self.ask_apply(false);
                }
            }
            KeyCode::BackTab if !self.fields.is_empty() => {
                self.focus = Focus::Form;
                self.field = self.fields.len() - 1;
            }
            KeyCode::Char('?') => self.overlay = Overlay::Help,
            KeyCode::Char('m') => self.show_map = !self.show_map,
            KeyCode::Char('a') | KeyCode::Char('c') => return self.ask_apply(false),
            KeyCode::Char('A') => return self.ask_apply(true),
            KeyCode::Char('r') => self.ask_rollback(),
            KeyCode::Char('T') if !self.running => self.overlay = Overlay::Typed(String::new()),
            KeyCode::Char('y') => {
                if let Some(t) = self.copy_text() {
                    self.say(Level::Ok, "copied to the clipboard (OSC 52)");
                    return vec![Cmd::Copy(t)];
                }
                self.say(Level::Info, "nothing to copy on this step");
            }
            KeyCode::PageUp => self.log_scroll = (self.log_scroll + 10).min(self.log.len().saturating_sub(1)),
            KeyCode::PageDown => self.log_scroll = self.log_scroll.saturating_sub(10),
            _ => {}
        }
        vec![]
    }

    fn form_key(&mut self, k: KeyEvent) -> Vec<Cmd> {
        let step = self.step().clone();
        let mut cmds = Vec::new();
        match k.code {
            KeyCode::Esc => {
                cmds.extend(self.accept_field());
                self.focus = Focus::Steps;
            }
            // Moving between fields is never blocked by an invalid value.
            KeyCode::Tab | KeyCode::Down => {
                cmds.extend(self.accept_field());
                self.field = (self.field + 1) % self.fields.len();
            }
            KeyCode::BackTab | KeyCode::Up => {
                cmds.extend(self.accept_field());
                self.field = (self.field + self.fields.len() - 1) % self.fields.len();
            }
            KeyCode::Enter => {
                cmds.extend(self.accept_field());
                if self.field + 1 < self.fields.len() {
                    self.field += 1;
                } else {
                    self.focus = Focus::Steps;
                }
            }
            _ => {
                let def = &step.fields[self.field];
                let choices = choices_for(def, &self.profiles);
                let f = &mut self.fields[self.field];
                // Booleans toggle with space; other kinds edit as text.
                if def.kind == FieldKind::Bool && k.code == KeyCode::Char(' ') {
                    let v = if f.input.value() == "true" { "false" } else { "true" };
                    f.input = Input::new(v.into());
                } else if let Some(choices) = choices.filter(|_| {
                    matches!(k.code, KeyCode::Left | KeyCode::Right) && k.modifiers.contains(KeyModifiers::ALT)
                }) {
                    let i = choices.iter().position(|r| r == f.input.value()).unwrap_or(0);
                    let n = choices.len();
                    let next = if k.code == KeyCode::Right {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    f.input = Input::new(choices[next].clone());
                } else {
                    f.input.handle_event(&ratatui::crossterm::event::Event::Key(k));
                }
                f.error = validate::check_text(&def.validator, f.input.value()).err();
            }
        }
        cmds
    }

    /// Keeps the focused field's value in the answers when it is valid (and saves them).
    fn accept_field(&mut self) -> Vec<Cmd> {
        let Some(f) = self.fields.get(self.field) else {
            return vec![];
        };
        let def = &self.step().fields[self.field];
        match validate::check_text(&def.validator, f.input.value()) {
            Ok(v) => {
                if self.answers.value(&f.key) == Some(&v) {
                    return vec![];
                }
                let catalog = self.catalog.clone();
                let key = f.key.clone();
                if self.answers.set(&catalog, &key, v).is_ok() {
                    return vec![Cmd::SaveAnswers(Box::new(self.answers.clone()))];
                }
                vec![]
            }
            Err(_) => vec![],
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
        let steps = self.with_ancestors(&targets);
        if steps.is_empty() {
            self.say(
                Level::Info,
                format!(
                    "{} is done already",
                    if whole_persona { step.persona.name() } else { &step.id }
                ),
            );
            return vec![];
        }
        // Pressing apply on a manual or analyst step is the person saying they did it.
        let confirmed: Vec<String> = if whole_persona { vec![] } else { vec![step.id.clone()] }
            .into_iter()
            .filter(|id| self.catalog.get(id).is_some_and(|s| s.needs_confirmation()))
            .collect();
        self.overlay = Overlay::Confirm(Pending::Apply { steps, confirmed });
        vec![]
    }

    fn ask_rollback(&mut self) {
        if self.running {
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
        self.overlay = Overlay::Confirm(Pending::Rollback { step, also });
    }
}

/// The values Alt-Left / Alt-Right cycle through for a field, if it is a choice.
fn choices_for(def: &crate::catalog::Field, profiles: &[String]) -> Option<Vec<String>> {
    if def.kind == FieldKind::Region {
        return Some(REGIONS.iter().map(|r| r.to_string()).collect());
    }
    if def.validator == "profile" && !profiles.is_empty() {
        return Some(profiles.to_vec());
    }
    None
}

/// Profile names in the AWS config and credentials files' text.
pub fn profile_names(config: &str, credentials: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (text, is_config) in [(config, true), (credentials, false)] {
        for line in text.lines() {
            let l = line.trim();
            let Some(inner) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
                continue;
            };
            let name = if is_config {
                inner.strip_prefix("profile ").unwrap_or(inner)
            } else {
                inner
            }
            .trim();
            if name.starts_with("sso-session") || name.starts_with("services") || name.is_empty() {
                continue;
            }
            if !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// Regions offered by Alt-Left / Alt-Right in Region fields (any valid code can be typed).
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "eu-north-1",
    "ap-northeast-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-south-1",
    "sa-east-1",
];
