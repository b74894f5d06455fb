//! Drawing: pure functions of the model. Nothing here changes state or waits on anything.

use super::app::{App, Focus, Level, Overlay, Pending};
use super::map;
use super::theme::Theme;
use crate::actions;
use crate::catalog::{FieldKind, Persona, Step};
use crate::cloud::{is_change_call, is_cleanup_call, is_read_call};
use crate::journal::StepState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// A state as a glyph and its word: never colour alone.
pub fn state_mark(s: StepState, tick: u64) -> (&'static str, &'static str) {
    let glyph = match s {
        StepState::Pending | StepState::Ready => "○",
        StepState::Running => SPINNER[(tick % 10) as usize],
        StepState::Done => "✓",
        StepState::DoneElsewhere => "✓",
        StepState::Failed => "✗",
        StepState::RolledBack => "↺",
        StepState::Skipped => "–",
        StepState::ManualPending => "✋",
    };
    (glyph, s.word())
}

fn state_style(s: StepState, t: &Theme) -> Style {
    match s {
        StepState::Done | StepState::DoneElsewhere => t.ok,
        StepState::Failed => t.error,
        StepState::Running => t.accent,
        StepState::ManualPending | StepState::RolledBack => t.warn,
        _ => t.muted,
    }
}

fn block<'a>(title: impl Into<Line<'a>>, t: &Theme, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused { t.accent } else { t.border })
        .title(title)
}

pub fn draw(f: &mut Frame, app: &App, t: &Theme) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "tipwiz needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}.\nThis one is {}x{}: please enlarge it.\n\nq quits.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).style(t.warn).wrap(Wrap { trim: true }), area);
        return;
    }
    let log_height = if area.height >= 36 { 9 } else { 5 };
    let [title, main, log, message, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(10),
        Constraint::Length(log_height),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_title(f, title, app, t);
    let list_width = if area.width >= 110 { 36 } else { 30 };
    let wide_map = area.width >= 150;
    let (list, rest) = {
        let [l, r] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(40)]).areas(main);
        (l, r)
    };
    draw_steps(f, list, app, t);
    if wide_map {
        let [page, m] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
        draw_page(f, page, app, t);
        map::draw(f, m, app, t);
    } else if app.show_map {
        map::draw(f, rest, app, t);
    } else {
        draw_page(f, rest, app, t);
    }
    draw_log(f, log, app, t);
    draw_message(f, message, app, t);
    draw_keys(f, keys, app, t);
    draw_overlay(f, area, app, t);
}

fn draw_title(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let (done, total) = app.done_count(None);
    let backend = if app.backend == "sim" {
        "demo on the simulated cloud"
    } else {
        "AWS"
    };
    let mut spans = vec![
        Span::styled(" tipwiz ", t.accent),
        Span::styled(format!("· {backend} "), t.muted),
    ];
    for p in Persona::ALL.into_iter().filter(|_| area.width >= 110) {
        let (d, n) = app.done_count(Some(p));
        spans.push(Span::styled(
            format!(" {} {d}/{n} ", p.name()),
            if d == n { t.ok } else { t.text },
        ));
    }
    let left = Line::from(spans);
    let width = area.width as usize;
    let bar_cells = 20usize;
    let filled = done * bar_cells / total.max(1);
    let gauge = format!(
        " {}{} {done}/{total} steps ",
        "█".repeat(filled),
        "░".repeat(bar_cells - filled)
    );
    let gauge_width = gauge.chars().count();
    let [l, r] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(gauge_width.min(width) as u16)]).areas(area);
    f.render_widget(Paragraph::new(left), l);
    f.render_widget(Paragraph::new(Span::styled(gauge, t.ok)), r);
}

fn short_id(step: &Step) -> &str {
    step.id.split_once('.').map(|(_, r)| r).unwrap_or(&step.id)
}

fn draw_steps(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let mut items = Vec::new();
    let mut selected_row = 0;
    let mut last = None;
    for (i, s) in app.catalog.steps().iter().enumerate() {
        if last != Some(s.persona) {
            let (d, n) = app.done_count(Some(s.persona));
            items.push(ListItem::new(Line::from(vec![
                Span::styled(format!("{} ", s.persona.name()), t.accent),
                Span::styled(format!("{} · {d}/{n}", s.persona.role()), t.muted),
            ])));
            last = Some(s.persona);
        }
        let state = app.state(&s.id);
        let (glyph, word) = state_mark(state, app.tick);
        let width = area.width.saturating_sub(4) as usize;
        let name_width = width.saturating_sub(12);
        let name: String = short_id(s).chars().take(name_width).collect();
        let line = Line::from(vec![
            Span::styled(format!(" {glyph} "), state_style(state, t)),
            Span::styled(format!("{name:<name_width$}"), t.text),
            Span::styled(format!("{word:>9}"), state_style(state, t)),
        ]);
        if i == app.selected {
            selected_row = items.len();
        }
        items.push(ListItem::new(line));
    }
    let focused = app.focus == Focus::Steps && app.overlay == Overlay::None;
    let list = List::new(items)
        .block(block(" Steps ", t, focused))
        .highlight_style(t.selection);
    let mut state = ListState::default().with_selected(Some(selected_row));
    f.render_stateful_widget(list, area, &mut state);
}

/// One section of the step page; lower priorities give way when the page is short.
struct Section<'a> {
    priority: u8,
    lines: Vec<Line<'a>>,
}

fn wrapped_height(lines: &[Line], width: u16) -> usize {
    let w = width.max(1) as usize;
    lines.iter().map(|l| l.width().div_ceil(w).max(1)).sum()
}

fn heading<'a>(text: &str, t: &Theme) -> Line<'a> {
    Line::from(Span::styled(text.to_string(), t.accent))
}

fn draw_page(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let step = app.step();
    let state = app.state(&step.id);
    let focused = app.focus == Focus::Form && app.overlay == Overlay::None;
    let outer = block(Line::from(format!(" {} ", step.id)), t, focused);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let target = app.answers.target(step.account, step.region);
    let (glyph, _) = state_mark(state, app.tick);
    let mut sections: Vec<Section> = Vec::new();
    sections.push(Section {
        priority: 9,
        lines: vec![
            Line::from(Span::styled(
                step.title.clone(),
                t.text.add_modifier(ratatui::style::Modifier::BOLD),
            )),
            Line::from(vec![
                Span::styled(format!("[{} · {}]", step.persona.name(), step.persona.role()), t.accent),
                Span::raw(" "),
                Span::styled(format!("[{} {}]", step.account.label(), target.account_id), t.muted),
                Span::raw(" "),
                Span::styled(format!("[{}]", target.region), t.muted),
                Span::raw(" "),
                Span::styled(format!("[{glyph} {}]", state.word()), state_style(state, t)),
            ]),
        ],
    });
    let why = step.why.split_whitespace().collect::<Vec<_>>().join(" ");
    sections.push(Section {
        priority: 7,
        lines: vec![Line::from(Span::styled(why, t.text))],
    });
    if !step.pitfalls.is_empty() {
        let mut lines = vec![];
        for p in &step.pitfalls {
            lines.push(Line::from(vec![
                Span::styled("⚠ ", t.warn),
                Span::styled(p.clone(), t.text),
            ]));
        }
        sections.push(Section { priority: 3, lines });
    }
    if let Some(live) = app.live.get(&step.id) {
        sections.push(Section {
            priority: 10,
            lines: live_lines(app, live, t),
        });
    }
    if let Some(rec) = app.journal.steps.get(&step.id)
        && let Some(err) = &rec.error
        && matches!(state, StepState::Failed | StepState::RolledBack)
    {
        let undone = if state == StepState::RolledBack {
            " What it created was removed."
        } else {
            ""
        };
        sections.push(Section {
            priority: 10,
            lines: vec![Line::from(vec![
                Span::styled("✗ ", t.error),
                Span::styled(format!("{err}{undone}"), t.error),
            ])],
        });
    }
    if !step.fields.is_empty() {
        sections.push(Section {
            priority: 8,
            lines: form_lines(app, step, t),
        });
    }
    if !step.checklist.is_empty() {
        let mut lines = vec![heading("What to do", t)];
        for (i, c) in step.checklist.iter().enumerate() {
            lines.push(Line::from(format!(" {}. {}", i + 1, app.answers.fill(c))));
        }
        if step.id == "ethan.sign-in"
            && let Some(url) = app.journal.output("alice.idc-add-region", "portal_url")
        {
            lines.push(Line::from(vec![
                Span::styled(" portal: ", t.muted),
                Span::styled(url, t.accent),
            ]));
        }
        sections.push(Section { priority: 8, lines });
    }
    if let Some(sql) = actions::sql_for(&step.id, &app.answers) {
        let mut lines = vec![heading("Ethan runs (y copies it)", t)];
        for l in sql.lines() {
            lines.push(Line::from(Span::styled(format!("  {l}"), t.text)));
        }
        sections.push(Section { priority: 6, lines });
    }
    let mut checks = vec![heading("Checks", t)];
    for (ok, text) in app.checks() {
        let (mark, style) = if ok { ("✓", t.ok) } else { ("✗", t.error) };
        checks.push(Line::from(vec![
            Span::styled(format!(" {mark} "), style),
            Span::styled(text, t.text),
        ]));
    }
    sections.push(Section {
        priority: 5,
        lines: checks,
    });
    if !step.operations.is_empty() && !app.live.contains_key(&step.id) {
        let mut lines = vec![heading("Calls", t)];
        let mut ops: Vec<Span> = step
            .operations
            .iter()
            .filter(|o| !is_cleanup_call(o))
            .map(|o| {
                let read = is_read_call(o);
                Span::styled(
                    format!(" {}{o}", if read { "" } else { "+" }),
                    if read { t.muted } else { t.text },
                )
            })
            .collect();
        let cleanup = step.operations.iter().filter(|o| is_cleanup_call(o)).count();
        if cleanup > 0 {
            ops.push(Span::styled(format!(" (and {cleanup} to roll back)"), t.muted));
        }
        lines.push(Line::from(ops));
        if !step.sensitive.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(" ! changes {}", step.sensitive.join(", ")),
                t.warn,
            )));
        }
        if step.needs_confirmation() {
            let who = if step.is_manual() {
                "you do this step"
            } else {
                "Ethan runs this; apply checks it"
            };
            lines.push(Line::from(Span::styled(format!(" {who}: press a when done"), t.muted)));
        }
        sections.push(Section { priority: 4, lines });
    }
    // Drop the least important sections until the page fits.
    let height = inner.height as usize;
    loop {
        let total: usize = sections.iter().map(|s| wrapped_height(&s.lines, inner.width) + 1).sum();
        if total <= height + 1 || sections.len() <= 1 {
            break;
        }
        let (i, _) = sections
            .iter()
            .enumerate()
            .min_by_key(|(_, s)| s.priority)
            .expect("non-empty");
        sections.remove(i);
    }
    let mut lines: Vec<Line> = Vec::new();
    for (i, s) in sections.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        lines.extend(s.lines);
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    // The cursor of the focused field (the form is drawn after the header, why and pitfalls).
    if focused && let Some(pos) = cursor_position(app, step, inner) {
        f.set_cursor_position(pos);
    }
}

const LABEL_WIDTH: usize = 26;

fn form_lines<'a>(app: &App, step: &Step, t: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![heading("Inputs (Enter edits, Tab moves)", t)];
    for (i, (def, fs)) in step.fields.iter().zip(&app.fields).enumerate() {
        let focused = app.focus == Focus::Form && app.field == i;
        let label: String = def.label.chars().take(LABEL_WIDTH - 2).collect();
        let value = fs.input.value().to_string();
        let shown = if def.kind == FieldKind::Bool {
            format!("[{}] {value}", if value == "true" { "x" } else { " " })
        } else {
            value
        };
        let mark = match &fs.error {
            Some(_) => Span::styled(" ✗", t.error),
            None => Span::styled(" ✓", t.ok),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {label:<w$}", w = LABEL_WIDTH - 1),
                if focused { t.accent } else { t.muted },
            ),
            Span::styled(shown, if focused { t.selection } else { t.text }),
            mark,
        ]));
        if let Some(e) = &fs.error {
            lines.push(Line::from(Span::styled(
                format!(" {:w$}{e}", "", w = LABEL_WIDTH - 1),
                t.error,
            )));
        } else if focused {
            lines.push(Line::from(Span::styled(
                format!(" {:w$}{}", "", def.help, w = LABEL_WIDTH - 1),
                t.muted,
            )));
        }
    }
    lines
}

/// Where the focused input's cursor sits, if that part of the page is on screen.
fn cursor_position(app: &App, step: &Step, inner: Rect) -> Option<(u16, u16)> {
    // Header (2) + blank + why + blank + pitfalls + blank, then the form heading.
    let why = step.why.split_whitespace().collect::<Vec<_>>().join(" ");
    let why_h = wrapped_height(&[Line::from(why)], inner.width);
    let pit_h = if step.pitfalls.is_empty() {
        0
    } else {
        wrapped_height(
            &step
                .pitfalls
                .iter()
                .map(|p| Line::from(format!("⚠ {p}")))
                .collect::<Vec<_>>(),
            inner.width,
        ) + 1
    };
    let live_h = app.live.get(&step.id).map(|_| 0).unwrap_or(0);
    let mut row = 2 + 1 + why_h + 1 + pit_h + live_h + 1;
    for (i, fs) in app.fields.iter().enumerate() {
        if i == app.field {
            let col = 1 + LABEL_WIDTH - 1 + fs.input.visual_cursor();
            if row < inner.height as usize && col < inner.width as usize {
                return Some((inner.x + col as u16, inner.y + row as u16));
            }
            return None;
        }
        row += 1 + usize::from(fs.error.is_some() || (app.focus == Focus::Form && app.field == i));
    }
    None
}

fn live_lines<'a>(app: &App, live: &super::app::Live, t: &Theme) -> Vec<Line<'a>> {
    let title = if live.rolling_back { "Rolling back" } else { "Running" };
    let mut lines = vec![heading(title, t)];
    for c in live.calls.iter().rev().take(6).collect::<Vec<_>>().into_iter().rev() {
        let line = match &c.done {
            None => {
                let secs = app.now_ms.saturating_sub(c.started_ms) as f64 / 1000.0;
                Line::from(vec![
                    Span::styled(format!(" {} ", SPINNER[(app.tick % 10) as usize]), t.accent),
                    Span::styled(format!("{} {}", c.service, c.operation), t.text),
                    Span::styled(format!("  {secs:.1} s"), t.muted),
                ])
            }
            Some((ok, outcome, ms)) => Line::from(vec![
                Span::styled(if *ok { " ✓ " } else { " ✗ " }, if *ok { t.ok } else { t.error }),
                Span::styled(format!("{} {}", c.service, c.operation), t.text),
                Span::styled(format!("  {outcome}, {ms} ms"), t.muted),
            ]),
        };
        lines.push(line);
    }
    if let Some((what, status, elapsed)) = &live.waiting {
        lines.push(Line::from(vec![
            Span::styled(" ⏳ ", t.warn),
            Span::styled(format!("waiting for {what}: {status}, {} s", elapsed / 1000), t.text),
        ]));
    }
    lines
}

fn draw_log(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let b = block(
        Line::from(vec![
            Span::raw(" Log "),
            Span::styled(
                if app.log_scroll > 0 {
                    format!("(scrolled back {}) ", app.log_scroll)
                } else {
                    String::new()
                },
                t.muted,
            ),
        ]),
        t,
        false,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let h = inner.height as usize;
    // Only the lines that fit are laid out, however long the log.
    let end = app.log.len().saturating_sub(app.log_scroll);
    let start = end.saturating_sub(h);
    let lines: Vec<Line> = app
        .log
        .range(start..end)
        .map(|l| Line::from(Span::styled(l.clone(), t.muted)))
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_message(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let Some((level, text)) = &app.message else { return };
    let (mark, style) = match level {
        Level::Info => ("›", t.text),
        Level::Ok => ("✓", t.ok),
        Level::Error => ("✗", t.error),
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(format!(" {mark} {text}"), style))),
        area,
    );
}

fn hints(app: &App) -> Vec<(&'static str, String)> {
    match &app.overlay {
        Overlay::Help => return vec![("Esc", "close".into())],
        Overlay::Confirm(_) if app.show_policies => {
            return vec![
                ("↑↓ PgUp PgDn", "scroll".into()),
                ("p", "hide policies".into()),
                ("y/Enter", "go ahead".into()),
                ("n/Esc", "cancel".into()),
            ];
        }
        Overlay::Confirm(_) => {
            return vec![
                ("y/Enter", "go ahead".into()),
                ("p", "show policies".into()),
                ("n/Esc", "cancel".into()),
            ];
        }
        Overlay::Typed(_) => return vec![("type teardown, Enter", "confirm".into()), ("Esc", "cancel".into())],
        Overlay::Resume => {
            return vec![
                ("r", "resume".into()),
                ("s", "start fresh".into()),
                ("b", "roll back all".into()),
                ("q", "quit".into()),
            ];
        }
        Overlay::QuitWhileRunning => {
            return vec![
                ("y", "stop after the call in flight".into()),
                ("n", "keep going".into()),
                ("Ctrl-C", "quit now".into()),
            ];
        }
        Overlay::None => {}
    }
    match app.focus {
        Focus::Form => vec![
            ("Tab/S-Tab", "next/previous".into()),
            ("Enter", "accept".into()),
            ("Esc", "back to steps".into()),
            ("Alt-←→", "choose Region or profile".into()),
        ],
        Focus::Steps => vec![
            ("↑↓", "move".into()),
            ("Enter", "edit".into()),
            ("a", "apply".into()),
            ("A", format!("all of {}", app.step().persona.name())),
            ("r", "roll back".into()),
            ("y", "copy".into()),
            ("m", "map".into()),
            ("?", "help".into()),
            ("q", "quit".into()),
        ],
    }
}

fn draw_keys(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let mut spans = Vec::new();
    for (k, what) in hints(app) {
        spans.push(Span::styled(format!(" {k} "), t.selection));
        spans.push(Span::styled(format!(" {what} "), t.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(4));
    let h = height.min(area.height.saturating_sub(2));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub const HELP: &[(&str, &str)] = &[
    ("↑ ↓  j k", "move between steps"),
    ("Home End", "first or last step"),
    ("Enter  e", "edit the step's inputs (or apply a step without inputs)"),
    (
        "Tab  Shift-Tab",
        "next or previous input; never blocked by an invalid value",
    ),
    (
        "Alt-← Alt-→",
        "choose a Region, or a profile from ~/.aws, in those inputs",
    ),
    ("Space", "toggle a yes/no input"),
    ("Esc", "back to the steps, or close a dialog"),
    ("a", "apply this step (and any earlier step it needs)"),
    ("A", "apply every remaining step of this persona"),
    ("c", "confirm a manual step as done (same as a)"),
    ("r", "roll back this step and the steps that depend on it"),
    ("T", "tear everything down (asks you to type teardown)"),
    ("y", "copy the step's SQL, URL or checklist (OSC 52)"),
    ("m", "show or hide the map of the setup"),
    ("PgUp PgDn", "scroll the log"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit; while a step runs, stop after the call in flight"),
];

fn draw_overlay(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => {
            let r = popup(area, 78, HELP.len() as u16 + 4);
            let lines: Vec<Line> = HELP
                .iter()
                .map(|(k, v)| {
                    Line::from(vec![
                        Span::styled(format!(" {k:<16}"), t.accent),
                        Span::styled(*v, t.text),
                    ])
                })
                .collect();
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .block(block(" Keys ", t, true))
                    .wrap(Wrap { trim: false }),
                r,
            );
        }
        Overlay::Confirm(Pending::Apply { steps, .. }) if app.show_policies => {
            let instance = app
                .journal
                .output("bob.preflight", "instance_arn")
                .or_else(|| app.journal.output("alice.preflight", "instance_arn"));
            let application = app.journal.output("bob.redshift-idc-app", "managed_application_arn");
            let mut lines = Vec::new();
            for id in steps {
                for (what, doc) in
                    crate::actions::policy::documents_for(id, &app.answers, instance.as_deref(), application.as_deref())
                {
                    lines.push(Line::from(Span::styled(format!("{id}: {what}"), t.warn)));
                    lines.extend(doc.lines().map(|l| Line::from(Span::styled(l.to_string(), t.text))));
                    lines.push(Line::default());
                }
            }
            if lines.is_empty() {
                lines.push(Line::from(Span::styled(
                    "These steps send no policy documents.",
                    t.text,
                )));
            }
            let r = popup(area, area.width.saturating_sub(6), area.height.saturating_sub(4));
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .block(block(" Policies the steps send ", t, true))
                    .scroll((app.policy_scroll, 0)),
                r,
            );
        }
        Overlay::Confirm(p) => {
            let mut lines = Vec::new();
            let title = match p {
                Pending::Apply { steps, confirmed } => {
                    lines.push(Line::from(Span::styled("These steps will run, in order:", t.text)));
                    // One line a step, so a whole persona fits; the rest is summarised.
                    let room = area.height.saturating_sub(12) as usize;
                    for (i, id) in steps.iter().enumerate() {
                        if i >= room && steps.len() > room + 1 {
                            lines.push(Line::from(Span::styled(
                                format!("  … and {} more", steps.len() - i),
                                t.muted,
                            )));
                            break;
                        }
                        let s = app.catalog.get(id).expect("catalog step");
                        let changes = s.operations.iter().filter(|o| is_change_call(o)).count();
                        let what = if s.is_manual() {
                            "manual: you confirm it".to_string()
                        } else if changes == 0 {
                            "reads only".to_string()
                        } else {
                            format!("{changes} change(s)")
                        };
                        let mut spans = vec![
                            Span::styled(format!("  {id:<24}"), t.accent),
                            Span::styled(what, t.muted),
                        ];
                        if !s.sensitive.is_empty() {
                            spans.push(Span::styled(format!("  ! {}", s.sensitive.join(", ")), t.warn));
                        }
                        lines.push(Line::from(spans));
                    }
                    for c in confirmed {
                        lines.push(Line::from(Span::styled(
                            format!("  You confirm that {c} has been done by its person."),
                            t.text,
                        )));
                    }
                    lines.push(Line::default());
                    lines.push(Line::from(Span::styled(
                        "! marks security-sensitive changes: p shows the policies. A failed step is rolled back.",
                        t.muted,
                    )));
                    " Apply? "
                }
                Pending::Rollback { step, also } => {
                    lines.push(Line::from(Span::styled(
                        format!("Undo what {step} created or changed."),
                        t.text,
                    )));
                    if !also.is_empty() {
                        lines.push(Line::from(Span::styled("First, the steps that depend on it:", t.text)));
                        for a in also.iter().rev() {
                            lines.push(Line::from(Span::styled(format!("  {a}"), t.accent)));
                        }
                    }
                    " Roll back? "
                }
            };
            let r = popup(area, 90, lines.len() as u16 + 4);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .block(block(title, t, true))
                    .wrap(Wrap { trim: false }),
                r,
            );
        }
        Overlay::Typed(buf) => {
            let r = popup(area, 70, 7);
            let lines = vec![
                Line::from(Span::styled(
                    "Teardown removes everything the wizard created, later steps first.",
                    t.text,
                )),
                Line::from(Span::styled(
                    "KMS keys are scheduled for deletion after Identity Center lets go of them.",
                    t.muted,
                )),
                Line::default(),
                Line::from(vec![
                    Span::styled("Type teardown to go on: ", t.text),
                    Span::styled(buf.clone(), t.accent),
                ]),
            ];
            f.render_widget(Clear, r);
            f.render_widget(Paragraph::new(lines).block(block(" Teardown ", t, true)), r);
        }
        Overlay::Resume => {
            let (done, total) = app.done_count(None);
            let next = app
                .catalog
                .steps()
                .get(app.first_unfinished())
                .map(|s| s.id.clone())
                .unwrap_or_default();
            let mut lines = vec![
                Line::from(Span::styled(
                    format!("A setup is under way here: {done} of {total} steps are done."),
                    t.text,
                )),
                Line::default(),
            ];
            for p in Persona::ALL {
                let (d, n) = app.done_count(Some(p));
                lines.push(Line::from(Span::styled(format!("  {:<6} {d}/{n}", p.name()), t.muted)));
            }
            lines.push(Line::default());
            lines.push(Line::from(vec![
                Span::styled(" r ", t.selection),
                Span::styled(format!(" resume at {next}"), t.text),
            ]));
            lines.push(Line::from(vec![
                Span::styled(" s ", t.selection),
                Span::styled(
                    if app.backend == "sim" {
                        " start fresh (a new simulated organisation)"
                    } else {
                        " start fresh (forget the journal; what exists is adopted, not duplicated)"
                    },
                    t.text,
                ),
            ]));
            lines.push(Line::from(vec![
                Span::styled(" b ", t.selection),
                Span::styled(" roll back everything", t.text),
            ]));
            let r = popup(area, 84, lines.len() as u16 + 3);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .block(block(" Resume? ", t, true))
                    .wrap(Wrap { trim: false }),
                r,
            );
        }
        Overlay::QuitWhileRunning => {
            let r = popup(area, 70, 6);
            let lines = vec![
                Line::from(Span::styled("A step is running.", t.text)),
                Line::from(Span::styled(
                    "Stop after the call in flight? The journal keeps everything,",
                    t.text,
                )),
                Line::from(Span::styled("and the next start offers to resume.", t.text)),
            ];
            f.render_widget(Clear, r);
            f.render_widget(Paragraph::new(lines).block(block(" Quit? ", t, true)), r);
        }
    }
}
