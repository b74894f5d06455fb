//! The whole error of a failed step: what AWS said, the call, its request id where AWS gave one.

use super::{Action, Cmd, Outcome, PLine, Tone, boxed};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub step: String,
    pub text: String,
}

impl Detail {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Copy) => Outcome::Run(vec![Cmd::Copy(self.text.clone())]),
            Some(Action::Cancel | Action::Quit) => Outcome::Close,
            _ => Outcome::Stay,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let mut lines = vec![PLine::one(self.step.clone(), Tone::Accent)];
        lines.extend(self.text.lines().map(|l| PLine::one(l.to_string(), Tone::Text)));
        lines.push(PLine::blank());
        lines.push(PLine::one(
            "y sends it to the terminal's clipboard; Esc closes",
            Tone::Muted,
        ));
        boxed(f, area, "What failed", &lines, 100, t);
    }
}
