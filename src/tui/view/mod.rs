//! Drawing: pure functions of the model. Nothing here changes state, waits on anything or calls
//! into the engine; what a screen shows was worked out in the model, and this lays it out.

mod keybar;
mod list;
mod log;
mod map;
mod page;
mod summary;

use super::app::{App, LOG_PANE_FROM, LOG_PANE_ROWS, Level, Screen};
use super::dialogs;
use super::theme::Theme;
use crate::journal::StepState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// A state as a glyph and its word: never colour alone.
pub fn state_mark(s: StepState, tick: u64) -> (&'static str, &'static str) {
    let glyph = match s {
        StepState::Pending | StepState::Ready => "○",
        StepState::Running => super::text::spinner(tick),
        StepState::Done | StepState::DoneElsewhere => "✓",
        StepState::Failed => "✗",
        StepState::RolledBack => "↺",
        StepState::Skipped => "–",
        StepState::ManualPending => "✋",
    };
    (glyph, s.word())
}

fn state_style(s: StepState, t: &Theme) -> Style {
    dialogs::style(super::app::page::tone_of(s), t)
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

/// Where the cursor goes (the position in the input being edited), if anywhere.
pub fn draw(f: &mut Frame, app: &App, t: &Theme) -> Option<(u16, u16)> {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "tipwiz needs a terminal of at least {MIN_WIDTH}x{MIN_HEIGHT}.\nThis one is {}x{}: please enlarge it.\n\nq quits.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).style(t.warn).wrap(Wrap { trim: true }), area);
        return None;
    }
    let bar = keybar::lines(app.mode(), area.width, t);
    let log_rows = if app.screen == Screen::Main && area.height >= LOG_PANE_FROM {
        LOG_PANE_ROWS
    } else {
        0
    };
    let [title, main, log_area, message, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(10),
        Constraint::Length(log_rows),
        Constraint::Length(1),
        Constraint::Length(bar.len() as u16),
    ])
    .areas(area);
    draw_title(f, title, app, t);
    let mut cursor = None;
    match app.screen {
        Screen::Main => {
            let width = super::app::page::LIST_WIDTH.min(main.width / 2);
            let [l, r] = Layout::horizontal([Constraint::Length(width), Constraint::Min(30)]).areas(main);
            list::draw(f, l, app, t);
            cursor = page::draw(f, r, app, t);
        }
        Screen::Map => map::draw(f, main, app, t),
        Screen::Log => log::full(f, main, app, t),
        Screen::Summary => summary::draw(f, main, app, t),
    }
    if log_rows > 0 {
        log::pane(f, log_area, app, t);
    }
    draw_message(f, message, app, t);
    f.render_widget(Paragraph::new(bar), keys);
    if let Some(d) = &app.dialog {
        d.draw(f, area, t);
        cursor = None;
    }
    cursor
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
    for p in crate::catalog::Persona::ALL.into_iter().filter(|_| area.width >= 110) {
        let (d, n) = app.done_count(Some(p));
        spans.push(Span::styled(
            format!(" {} {d}/{n} ", p.name()),
            if d == n { t.ok } else { t.text },
        ));
    }
    let cells = 20usize;
    let filled = done * cells / total.max(1);
    let gauge = format!(
        " {}{} {done}/{total} steps ",
        "█".repeat(filled),
        "░".repeat(cells - filled)
    );
    let gw = gauge.chars().count().min(area.width as usize) as u16;
    let [l, r] = Layout::horizontal([Constraint::Min(10), Constraint::Length(gw)]).areas(area);
    f.render_widget(Paragraph::new(Line::from(spans)), l);
    f.render_widget(Paragraph::new(Span::styled(gauge, t.ok)), r);
}

fn draw_message(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let Some((level, text)) = &app.message else { return };
    let (mark, style) = match level {
        Level::Info => ("›", t.text),
        Level::Ok => ("✓", t.ok),
        Level::Error => ("✗", t.error),
    };
    // One row: a long message ends in … and E (or the log) has it whole.
    let max = area.width.saturating_sub(4) as usize;
    let mut shown: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        shown.pop();
        shown.push('…');
    }
    f.render_widget(Paragraph::new(Span::styled(format!(" {mark} {shown}"), style)), area);
}
