//! The policy documents a run would send, scrolled; Esc (or p) goes back to the confirm dialog,
//! and nothing here starts the run.

use super::{Action, Confirm, Dialog, Outcome, frame, line, popup};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Wrap};

#[derive(Debug, Clone, PartialEq)]
pub struct Policies {
    pub back: Box<Confirm>,
    pub scroll: usize,
}

impl Policies {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        let last = self.back.policies.len().saturating_sub(1);
        match action {
            Some(Action::Cancel | Action::Policies) => Outcome::Open(Dialog::Confirm((*self.back).clone())),
            Some(Action::Quit) => Outcome::Close,
            Some(Action::Up) => {
                self.scroll = self.scroll.saturating_sub(1);
                Outcome::Stay
            }
            Some(Action::Down) => {
                self.scroll = (self.scroll + 1).min(last);
                Outcome::Stay
            }
            Some(Action::PageUp) => {
                self.scroll = self.scroll.saturating_sub(10);
                Outcome::Stay
            }
            Some(Action::PageDown) => {
                self.scroll = (self.scroll + 10).min(last);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let r = popup(area, area.width.saturating_sub(4), area.height.saturating_sub(2));
        let total = self.back.policies.len();
        let title = format!(
            "Policies the steps send ({}/{total}; Esc back)",
            (self.scroll + r.height.saturating_sub(2) as usize).min(total)
        );
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(self.back.policies.iter().map(|l| line(l, t)).collect::<Vec<_>>())
                .block(frame(&title, t))
                .wrap(Wrap { trim: false })
                .scroll((self.scroll as u16, 0)),
            r,
        );
    }
}
