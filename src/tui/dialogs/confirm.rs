//! Before a run: the steps that will run, in order, what each changes, the security-sensitive
//! ones marked, and the policy documents they send one key away. `y` goes ahead; Enter does not,
//! so a hurried Enter never both opens and confirms a run.

use super::{Action, Cmd, Dialog, Outcome, PLine, Policies, Tone, boxed};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Apply {
        steps: Vec<String>,
        confirmed: Vec<String>,
        reapply: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub title: String,
    pub pending: Pending,
    /// The dialog's text, worked out when it opened.
    pub lines: Vec<PLine>,
    /// The policy documents the steps send.
    pub policies: Vec<PLine>,
}

impl Confirm {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Yes) => Outcome::Run(vec![match &self.pending {
                Pending::Apply {
                    steps,
                    confirmed,
                    reapply,
                } => Cmd::Apply {
                    steps: steps.clone(),
                    confirmed: confirmed.clone(),
                    reapply: reapply.clone(),
                },
            }]),
            Some(Action::No | Action::Quit) => Outcome::Close,
            Some(Action::Policies) => Outcome::Open(Dialog::Policies(Policies {
                back: Box::new(self.clone()),
                scroll: 0,
            })),
            _ => Outcome::Stay,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let mut lines = self.lines.clone();
        lines.push(PLine::blank());
        lines.push(PLine::one(
            "y goes ahead · n or Esc cancels · p shows the policies",
            Tone::Muted,
        ));
        boxed(f, area, &self.title, &lines, 92, t);
    }
}
