//! The summary a presenter leaves up at the end: what was built, where, by whom, and the proof
//! that the analyst's own identity reached the data. Worked out from the journal when the model
//! changes; the view only lays it out.

use super::App;
use crate::catalog::{AccountRole, Persona};
use crate::tui::map::{PLACES, parts_at};
use crate::tui::text::{PLine, Tone};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SummaryModel {
    pub title: String,
    pub lines: Vec<PLine>,
    /// `lines` wrapped to the screen: what the model scrolls by and the view draws.
    pub rows: Vec<(usize, PLine)>,
}

impl SummaryModel {
    /// The summary as plain text (for the clipboard).
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for l in &self.lines {
            out.push_str(&l.spans.iter().map(|(s, _)| s.as_str()).collect::<String>());
            out.push('\n');
        }
        out
    }
}

/// Who builds what is in a place.
fn builder(account: AccountRole) -> Persona {
    match account {
        AccountRole::Management => Persona::Alice,
        AccountRole::Analytics => Persona::Bob,
    }
}

pub fn build(app: &App) -> SummaryModel {
    let (done, total) = app.done_count(None);
    let title = if done == total {
        format!("The setup is complete: {done} of {total} steps")
    } else {
        format!("The setup so far: {done} of {total} steps")
    };
    // The proof first: it is what the audience came to see.
    let user = app.answers.get("analyst_user");
    let group = app.answers.get("group_name");
    let mut lines = vec![PLine::one(
        format!("What {user} reached with their own identity (group {group})"),
        Tone::Accent,
    )];
    let mut any = false;
    for s in app.catalog.steps() {
        let state = app.state(&s.id);
        let mark = if state.is_done() {
            (" ✓ ", Tone::Ok)
        } else {
            (" ○ ", Tone::Muted)
        };
        if let Some(result) = app.journal.output(&s.id, "result") {
            any = true;
            for r in result.split("; ") {
                lines.push(PLine::new(vec![
                    (mark.0.into(), mark.1),
                    (format!("{}: ", s.id), Tone::Muted),
                    (r.to_string(), Tone::Text),
                ]));
            }
        } else if s.persona == Persona::Ethan || s.id == "verify.cloudtrail" {
            lines.push(PLine::new(vec![
                (mark.0.into(), mark.1),
                (format!("{}: ", s.id), Tone::Muted),
                (state.word().to_string(), Tone::Muted),
            ]));
        }
    }
    if !any {
        lines.push(PLine::one(
            " Nothing yet: the analyst's steps show their results here once they run.",
            Tone::Muted,
        ));
    }
    lines.push(PLine::blank());
    lines.push(PLine::one("What was built, and where", Tone::Accent));
    for (account, region) in PLACES {
        let target = app.answers.target(account, region);
        let who = builder(account);
        lines.push(PLine::new(vec![
            (
                format!(
                    " Account {} {} · {}",
                    account.letter(),
                    target.account_id,
                    target.region
                ),
                Tone::Text,
            ),
            (format!("  by {}", who.name()), Tone::Muted),
        ]));
        for p in parts_at(account, region) {
            let built = p.steps.iter().all(|s| app.state(s).is_done());
            let name = p
                .named_by
                .map(|k| app.answers.get(k))
                .filter(|v| !v.is_empty())
                .map(|v| format!("  {v}"))
                .unwrap_or_default();
            lines.push(PLine::new(vec![
                (
                    if built { "   ✓ " } else { "   ○ " }.into(),
                    if built { Tone::Ok } else { Tone::Muted },
                ),
                (p.label.to_string(), if built { Tone::Text } else { Tone::Muted }),
                (name, Tone::Muted),
            ]));
        }
    }
    lines.push(PLine::blank());
    lines.push(PLine::one(
        "S or Esc goes back to the steps · m the map · y copies this summary",
        Tone::Muted,
    ));
    SummaryModel {
        title,
        lines,
        rows: vec![],
    }
}
