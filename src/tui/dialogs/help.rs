//! The keys, read from the keymap: the same table the key bar and the handling use.

use super::{Action, Outcome, PLine, Tone, frame, line, popup};
use crate::tui::keymap;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph, Wrap};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Help {
    pub scroll: usize,
}

impl Help {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Cancel | Action::Help) => Outcome::Close,
            Some(Action::Quit) => Outcome::QuitNow,
            Some(Action::Up) => {
                self.scroll = self.scroll.saturating_sub(1);
                Outcome::Stay
            }
            Some(Action::Down) => {
                self.scroll = (self.scroll + 1).min(Self::lines().len().saturating_sub(1));
                Outcome::Stay
            }
            Some(Action::PageUp) => {
                self.scroll = self.scroll.saturating_sub(10);
                Outcome::Stay
            }
            Some(Action::PageDown) => {
                self.scroll = (self.scroll + 10).min(Self::lines().len().saturating_sub(1));
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    pub fn lines() -> Vec<PLine> {
        let mut lines = vec![];
        for (mode, rows) in keymap::help() {
            if rows.is_empty() {
                continue;
            }
            lines.push(PLine::one(format!("In {mode}"), Tone::Accent));
            for (keys, what) in rows {
                lines.push(PLine::new(vec![
                    (format!("  {keys:<18} "), Tone::Accent),
                    (what.to_string(), Tone::Text),
                ]));
            }
        }
        lines.push(PLine::one(
            "States: ○ to do  ⠋ running  ✓ done (or done elsewhere)  ✗ failed  ↺ rolled back  ✋ your turn  ≠ inputs changed",
            Tone::Muted,
        ));
        lines
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let lines = Self::lines();
        let r = popup(area, 104, area.height.saturating_sub(2));
        let visible = r.height.saturating_sub(2) as usize;
        let title = format!("Keys ({}/{} ↑↓)", (self.scroll + visible).min(lines.len()), lines.len());
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(lines.iter().map(|l| line(l, t)).collect::<Vec<_>>())
                .block(frame(&title, t))
                .wrap(Wrap { trim: false })
                .scroll((self.scroll as u16, 0)),
            r,
        );
    }
}
