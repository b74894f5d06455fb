//! A list to choose an input's value from: the Regions, the profiles in ~/.aws, or what the
//! account offers (its groups, its clusters). Typing filters it.

use super::{Action, Outcome, PLine, Tone, frame, line, popup};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub key: String,
    pub label: String,
    /// (value, what it is)
    pub items: Vec<(String, String)>,
    pub filter: String,
    pub at: usize,
}

impl Choice {
    pub fn new(key: &str, label: &str, items: Vec<(String, String)>, current: &str) -> Choice {
        let at = items.iter().position(|(v, _)| v == current).unwrap_or(0);
        Choice {
            key: key.into(),
            label: label.into(),
            items,
            filter: String::new(),
            at,
        }
    }

    pub fn shown(&self) -> Vec<&(String, String)> {
        let f = self.filter.to_lowercase();
        self.items
            .iter()
            .filter(|(v, n)| f.is_empty() || v.to_lowercase().contains(&f) || n.to_lowercase().contains(&f))
            .collect()
    }

    pub fn on(&mut self, action: Option<Action>, k: &KeyEvent) -> Outcome {
        let n = self.shown().len();
        match (action, k.code) {
            (Some(Action::Up), _) => self.at = self.at.saturating_sub(1),
            (Some(Action::Down), _) => self.at = (self.at + 1).min(n.saturating_sub(1)),
            (Some(Action::Accept), _) => {
                return match self.shown().get(self.at) {
                    Some((v, _)) => Outcome::Chosen {
                        key: self.key.clone(),
                        value: v.clone(),
                    },
                    None => Outcome::Stay,
                };
            }
            (Some(Action::Cancel | Action::Quit), _) => return Outcome::Close,
            (_, KeyCode::Backspace) => {
                self.filter.pop();
                self.at = 0;
            }
            (_, KeyCode::Char(c)) => {
                self.filter.push(c);
                self.at = 0;
            }
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let shown = self.shown();
        let r = popup(area, 72, (shown.len() as u16 + 4).min(area.height.saturating_sub(2)));
        let visible = r.height.saturating_sub(3) as usize;
        let top = self.at.saturating_sub(visible.saturating_sub(1));
        let mut lines = vec![PLine::new(vec![
            ("filter: ".into(), Tone::Muted),
            (self.filter.clone(), Tone::Accent),
        ])];
        for (i, (v, note)) in shown.iter().enumerate().skip(top).take(visible) {
            let tone = if i == self.at { Tone::Selected } else { Tone::Text };
            lines.push(PLine::new(vec![
                (format!(" {v} "), tone),
                (format!(" {note}"), Tone::Muted),
            ]));
        }
        if shown.is_empty() {
            lines.push(PLine::one(" nothing matches", Tone::Muted));
        }
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(lines.iter().map(|l| line(l, t)).collect::<Vec<_>>()).block(frame(&self.label, t)),
            r,
        );
    }
}
