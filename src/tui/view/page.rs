//! The step's page: its lines wrapped to the pane, scrolled with the position in the border, the
//! input being edited kept in view, and the line that says how to go on pinned below.

use super::block;
use crate::tui::app::page::VALUE_INDENT;
use crate::tui::app::{App, Focus};
use crate::tui::dialogs;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the page; returns where the cursor goes when an input is being edited.
pub fn draw(f: &mut Frame, area: Rect, app: &App, t: &Theme) -> Option<(u16, u16)> {
    let focused = app.focus == Focus::Form && app.dialog.is_none();
    let mut b = block(Line::from(format!(" {} ", app.page.title)), t, focused);
    let inner = b.inner(area);
    let pinned = &app.page.pinned_rows;
    let [body, pin] = Layout::vertical([Constraint::Min(1), Constraint::Length(pinned.len() as u16)]).areas(inner);
    // The model wrapped the page to this width and keeps the scroll in range.
    let rows = &app.page.rows;
    let visible = body.height as usize;
    let top = app.page_scroll.min(rows.len().saturating_sub(visible));
    if rows.len() > visible {
        let end = (top + visible).min(rows.len());
        let more = if end < rows.len() { " ↓" } else { "" };
        b = b.title(
            Line::from(Span::styled(
                format!(" {}–{end}/{}{more} ", top + 1, rows.len()),
                t.muted,
            ))
            .right_aligned(),
        );
    }
    f.render_widget(b, area);
    let shown: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(visible)
        .map(|(_, l)| dialogs::line(l, t))
        .collect();
    f.render_widget(Paragraph::new(shown), body);
    if !pinned.is_empty() {
        f.render_widget(
            Paragraph::new(pinned.iter().map(|l| dialogs::line(l, t)).collect::<Vec<_>>()),
            pin,
        );
    }
    if !focused {
        return None;
    }
    let fs = app.fields.get(app.field)?;
    let def = app.step().fields.get(app.field)?;
    if def.kind == crate::catalog::FieldKind::Bool {
        return None;
    }
    let row = rows.iter().position(|(_, l)| l.field == Some(app.field))?;
    if row < top || row >= top + visible {
        return None;
    }
    let x = body.x as usize + VALUE_INDENT + fs.input.visual_cursor();
    let x = x.min((body.x + body.width).saturating_sub(1) as usize) as u16;
    Some((x, body.y + (row - top) as u16))
}
