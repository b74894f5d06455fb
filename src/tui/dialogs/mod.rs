//! The dialogs: each owns its state, its keys and its drawing, in a file of its own. A dialog
//! answers a key with an [`Outcome`]; the model carries it out.

mod ask;
mod choice;
mod confirm;
mod detail;
mod help;
mod policies;
mod quit;
mod resume;
mod typed;

pub use ask::Ask;
pub use choice::Choice;
pub use confirm::{Confirm, Pending};
pub use detail::Detail;
pub use help::Help;
pub use policies::Policies;
pub use quit::Quit;
pub use resume::Resume;
pub use typed::Typed;

use super::keymap::{Action, Mode};
use super::msg::Cmd;
use super::text::{PLine, Tone};
use super::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Confirm(Confirm),
    Policies(Policies),
    Ask(Ask),
    Resume(Resume),
    Typed(Typed),
    Quit(Quit),
    Help(Help),
    Choice(Choice),
    Detail(Detail),
}

/// What a dialog asks of the model after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Stay,
    Close,
    Open(Dialog),
    /// Close and carry these out.
    Run(Vec<Cmd>),
    /// Close and go to the first step not done.
    Resume,
    /// Close and put this value in the input.
    Chosen {
        key: String,
        value: String,
    },
    QuitNow,
}

impl Dialog {
    pub fn mode(&self) -> Mode {
        match self {
            Dialog::Confirm(_) => Mode::Confirm,
            Dialog::Policies(_) => Mode::Policies,
            Dialog::Ask(_) => Mode::Ask,
            Dialog::Resume(_) => Mode::Resume,
            Dialog::Typed(_) => Mode::Typed,
            Dialog::Quit(_) => Mode::Quit,
            Dialog::Help(_) => Mode::Help,
            Dialog::Choice(_) => Mode::Choice,
            Dialog::Detail(_) => Mode::Detail,
        }
    }

    pub fn on(&mut self, action: Option<Action>, k: &KeyEvent) -> Outcome {
        match self {
            Dialog::Confirm(d) => d.on(action),
            Dialog::Policies(d) => d.on(action),
            Dialog::Ask(d) => d.on(action),
            Dialog::Resume(d) => d.on(action),
            Dialog::Typed(d) => d.on(action, k),
            Dialog::Quit(d) => d.on(action),
            Dialog::Help(d) => d.on(action),
            Dialog::Choice(d) => d.on(action, k),
            Dialog::Detail(d) => d.on(action),
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        match self {
            Dialog::Confirm(d) => d.draw(f, area, t),
            Dialog::Policies(d) => d.draw(f, area, t),
            Dialog::Ask(d) => d.draw(f, area, t),
            Dialog::Resume(d) => d.draw(f, area, t),
            Dialog::Typed(d) => d.draw(f, area, t),
            Dialog::Quit(d) => d.draw(f, area, t),
            Dialog::Help(d) => d.draw(f, area, t),
            Dialog::Choice(d) => d.draw(f, area, t),
            Dialog::Detail(d) => d.draw(f, area, t),
        }
    }
}

/// A box centred in `area`, at most `width` x `height`.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub fn frame<'a>(title: &str, t: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(t.accent)
        .title(format!(" {title} "))
}

pub fn style(tone: Tone, t: &Theme) -> ratatui::style::Style {
    match tone {
        Tone::Text => t.text,
        Tone::Muted => t.muted,
        Tone::Accent => t.accent,
        Tone::Title => t.text.add_modifier(ratatui::style::Modifier::BOLD),
        Tone::Ok => t.ok,
        Tone::Warn => t.warn,
        Tone::Error => t.error,
        Tone::Selected => t.selection,
    }
}

pub fn line<'a>(l: &PLine, t: &Theme) -> Line<'a> {
    Line::from(
        l.spans
            .iter()
            .map(|(s, tone)| Span::styled(s.clone(), style(*tone, t)))
            .collect::<Vec<_>>(),
    )
}

/// Lines in a box: cleared, framed, wrapped.
pub fn boxed(f: &mut Frame, area: Rect, title: &str, lines: &[PLine], width: u16, t: &Theme) {
    let inner_w = width.min(area.width.saturating_sub(4)).saturating_sub(2).max(1) as usize;
    // Wrapped here, so the box is exactly as tall as its rows and the last one (the keys to
    // answer with) is never cut.
    let rows = super::wrap::rows(lines, inner_w);
    let r = popup(area, width, rows.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(rows.iter().map(|(_, l)| line(l, t)).collect::<Vec<_>>()).block(frame(title, t)),
        r,
    );
}
