//! Quitting while a step runs: stop after the call in flight, keep going, or quit now.

use super::{Action, Cmd, Outcome, PLine, Tone, boxed};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct Quit;

impl Quit {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Yes) => Outcome::Run(vec![Cmd::StopAfterCall]),
            Some(Action::No) => Outcome::Close,
            Some(Action::QuitNow) => Outcome::QuitNow,
            _ => Outcome::Stay,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let lines = vec![
            PLine::one("A step is running.", Tone::Text),
            PLine::one(
                "Stop after the call in flight? The journal keeps everything, and the next start offers to resume.",
                Tone::Text,
            ),
        ];
        boxed(f, area, "Quit?", &lines, 70, t);
    }
}
