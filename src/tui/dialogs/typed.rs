//! A confirmation that takes a word typed out: for what cannot be taken back with one key
//! (teardown, rolling back a step with the steps that depend on it, forgetting a journal).

use super::{Action, Cmd, Dialog, Outcome, PLine, Tone, boxed};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub title: String,
    pub lines: Vec<PLine>,
    pub word: String,
    pub buf: String,
    pub then: Vec<Cmd>,
    /// Where Esc goes: the dialog this one was opened from, else nowhere.
    pub back: Option<Box<Dialog>>,
}

impl Typed {
    pub fn new(title: &str, lines: Vec<PLine>, word: &str, then: Vec<Cmd>) -> Typed {
        Typed {
            title: title.into(),
            lines,
            word: word.into(),
            buf: String::new(),
            then,
            back: None,
        }
    }

    /// Teardown: everything the wizard made, removed once the word is typed.
    pub fn teardown(title: &str) -> Typed {
        Typed::new(
            title,
            vec![
                PLine::one(
                    "This removes everything the wizard created, later steps first.",
                    Tone::Text,
                ),
                PLine::one(
                    "KMS keys are scheduled for deletion once Identity Center lets go of them.",
                    Tone::Muted,
                ),
            ],
            "teardown",
            vec![Cmd::Teardown],
        )
    }

    pub fn back_to(mut self, d: Dialog) -> Typed {
        self.back = Some(Box::new(d));
        self
    }

    pub fn on(&mut self, action: Option<Action>, k: &KeyEvent) -> Outcome {
        match (action, k.code) {
            (Some(Action::Accept), _) if self.buf == self.word => Outcome::Run(self.then.clone()),
            (Some(Action::Accept), _) => Outcome::Stay,
            (Some(Action::Cancel), _) if self.back.is_some() => {
                Outcome::Open((**self.back.as_ref().expect("checked")).clone())
            }
            (Some(Action::Cancel | Action::Quit), _) => Outcome::Close,
            (_, KeyCode::Backspace) => {
                self.buf.pop();
                Outcome::Stay
            }
            (_, KeyCode::Char(c)) if self.buf.chars().count() < 24 => {
                self.buf.push(c);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let mut lines = self.lines.clone();
        lines.push(PLine::blank());
        lines.push(PLine::new(vec![
            (format!("Type {} and press Enter to go on: ", self.word), Tone::Text),
            (self.buf.clone(), Tone::Accent),
        ]));
        boxed(f, area, &self.title, &lines, 76, t);
    }
}
