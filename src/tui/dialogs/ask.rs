//! A yes/no question that says what yes does.

use super::{Action, Cmd, Dialog, Outcome, PLine, boxed};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    pub title: String,
    pub lines: Vec<PLine>,
    pub yes: Vec<Cmd>,
    /// Where n or Esc goes: the dialog this one was opened from, else nowhere.
    pub back: Option<Box<Dialog>>,
}

impl Ask {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Yes) => Outcome::Run(self.yes.clone()),
            Some(Action::No) => match &self.back {
                Some(d) => Outcome::Open((**d).clone()),
                None => Outcome::Close,
            },
            Some(Action::Quit) => Outcome::Close,
            _ => Outcome::Stay,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        boxed(f, area, &self.title, &self.lines, 76, t);
    }
}
