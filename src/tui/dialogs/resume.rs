//! A setup under way: resume it, start fresh (which says what is forgotten and asks, and on a
//! real account will not forget resources the journal still knows unless told in words), or
//! roll everything back (typed, like teardown).

use super::{Action, Ask, Cmd, Dialog, Outcome, PLine, Tone, Typed, boxed};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct Resume {
    pub next: String,
    pub done: usize,
    pub total: usize,
    pub personas: Vec<(String, usize, usize)>,
    /// Not the simulated cloud.
    pub real: bool,
    /// Changes the journal knows how to undo.
    pub known: usize,
}

impl Resume {
    pub fn on(&mut self, action: Option<Action>) -> Outcome {
        match action {
            Some(Action::Resume) => Outcome::Resume,
            Some(Action::Fresh) => Outcome::Open(self.fresh()),
            Some(Action::UndoAll) => Outcome::Open(Dialog::Typed(
                Typed::teardown("Roll everything back?").back_to(Dialog::Resume(self.clone())),
            )),
            Some(Action::Quit) => Outcome::QuitNow,
            _ => Outcome::Stay,
        }
    }

    fn fresh(&self) -> Dialog {
        let forgotten = format!(
            "The journal's record of {} done step(s) and {} change(s) to undo is forgotten.",
            self.done, self.known
        );
        if !self.real {
            return Dialog::Ask(Ask {
                title: "Start fresh?".into(),
                lines: vec![
                    PLine::one(forgotten, Tone::Text),
                    PLine::one("The simulated organisation starts over as it was.", Tone::Text),
                ],
                yes: vec![Cmd::StartFresh],
                back: Some(Box::new(Dialog::Resume(self.clone()))),
            });
        }
        if self.known == 0 {
            return Dialog::Ask(Ask {
                title: "Start fresh?".into(),
                lines: vec![PLine::one(forgotten, Tone::Text)],
                yes: vec![Cmd::StartFresh],
                back: Some(Box::new(Dialog::Resume(self.clone()))),
            });
        }
        Dialog::Typed(Typed::new(
            "Start fresh? Resources would be forgotten",
            vec![
                PLine::one(forgotten, Tone::Warn),
                PLine::one(
                    "They stay in the account, and teardown would no longer know them. Roll back first (b) to remove them.",
                    Tone::Text,
                ),
            ],
            "forget",
            vec![Cmd::StartFresh],
        )
        .back_to(Dialog::Resume(self.clone())))
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, t: &Theme) {
        let mut lines = vec![
            PLine::one(
                format!(
                    "A setup is under way here: {} of {} steps are done.",
                    self.done, self.total
                ),
                Tone::Text,
            ),
            PLine::blank(),
        ];
        for (name, d, n) in &self.personas {
            lines.push(PLine::one(format!("  {name:<6} {d}/{n}"), Tone::Muted));
        }
        lines.push(PLine::blank());
        lines.push(PLine::new(vec![
            (" r ".into(), Tone::Selected),
            (format!(" resume at {}", self.next), Tone::Text),
        ]));
        lines.push(PLine::new(vec![
            (" s ".into(), Tone::Selected),
            (" start fresh (says what is forgotten, and asks)".into(), Tone::Text),
        ]));
        lines.push(PLine::new(vec![
            (" b ".into(), Tone::Selected),
            (" roll everything back (you type teardown)".into(), Tone::Text),
        ]));
        boxed(f, area, "Resume?", &lines, 80, t);
    }
}
