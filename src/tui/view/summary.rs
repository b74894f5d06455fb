//! The summary a presenter leaves up: laid out from the model, scrolled with its position.

use super::block;
use crate::tui::app::App;
use crate::tui::dialogs;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let mut b = block(format!(" {} ", app.summary.title), t, true);
    let inner = b.inner(area);
    let rows = &app.summary.rows;
    let visible = inner.height as usize;
    let top = app.summary_scroll.min(rows.len().saturating_sub(visible));
    if rows.len() > visible {
        b = b.title(
            Line::from(Span::styled(
                format!(" {}–{} of {} ", top + 1, (top + visible).min(rows.len()), rows.len()),
                t.muted,
            ))
            .right_aligned(),
        );
    }
    f.render_widget(b, area);
    let lines: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(visible)
        .map(|(_, l)| dialogs::line(l, t))
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
