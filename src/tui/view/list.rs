//! The step list: every step with its glyph and word, grouped by persona, as wide as its longest
//! name so that no two names are cut to look alike; ▲/▼ say how many more lie beyond the edge.

use super::{block, state_mark, state_style};
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Names without the persona (the heading above says whose they are).
fn short(id: &str) -> &str {
    id.split_once('.').map(|(_, r)| r).unwrap_or(id)
}

const NAME: usize = 17;
/// The longest state word ("done elsewhere"): the list says the same words as the page and
/// `tipwiz status`.
const WORD: usize = 14;

pub fn draw(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let inner_w = area.width.saturating_sub(2) as usize;
    let name_w = inner_w.saturating_sub(2 + 1 + WORD + 1).max(NAME.min(inner_w));
    let mut rows: Vec<Line> = vec![];
    let mut selected_row = 0;
    let mut last = None;
    for (i, s) in app.catalog.steps().iter().enumerate() {
        if last != Some(s.persona) {
            let (d, n) = app.done_count(Some(s.persona));
            rows.push(Line::from(vec![
                Span::styled(format!("{} ", s.persona.name()), t.accent),
                Span::styled(format!("{} · {d}/{n}", s.persona.role()), t.muted),
            ]));
            last = Some(s.persona);
        }
        let state = app.state(&s.id);
        let (glyph, _) = state_mark(state, app.tick);
        let drift = if app.drift.get(i).copied().unwrap_or(false) {
            "≠"
        } else {
            " "
        };
        let mut line = Line::from(vec![
            // Two cells whatever the glyph (✋ is wide), so the columns stay straight.
            Span::styled(
                if unicode_width::UnicodeWidthStr::width(glyph) >= 2 {
                    glyph.to_string()
                } else {
                    format!("{glyph} ")
                },
                state_style(state, t),
            ),
            Span::styled(format!("{:<name_w$}", short(&s.id)), t.text),
            Span::styled(format!(" {:>WORD$}", state.word()), state_style(state, t)),
            Span::styled(drift, t.warn),
        ]);
        if i == app.selected {
            selected_row = rows.len();
            line = line.patch_style(t.selection);
        }
        rows.push(line);
    }
    let visible = area.height.saturating_sub(2) as usize;
    // Keep the selected step on screen, with a row of context above it where there is one.
    let top = if selected_row < visible.saturating_sub(1) {
        0
    } else {
        (selected_row + 2)
            .saturating_sub(visible)
            .min(rows.len().saturating_sub(visible))
    };
    let above = top;
    let below = rows.len().saturating_sub(top + visible);
    let mut b = block(" Steps ", t, app.focus == Focus::Steps && app.dialog.is_none());
    if above > 0 {
        b = b.title(Line::from(Span::styled(format!(" ▲ {above} more "), t.muted)).right_aligned());
    }
    if below > 0 {
        b = b.title_bottom(Line::from(Span::styled(format!(" ▼ {below} more "), t.muted)).right_aligned());
    }
    let shown: Vec<Line> = rows.into_iter().skip(top).take(visible).collect();
    f.render_widget(Paragraph::new(shown).block(b), area);
}
