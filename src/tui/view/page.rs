//! The step's page: its lines wrapped to the pane, scrolled with the position in the border, the
//! input being edited kept in view, and the line that says how to go on pinned below.

use super::block;
use crate::tui::app::page::VALUE_INDENT;
use crate::tui::app::{App, Focus};
use crate::tui::dialogs;
use crate::tui::theme::Theme;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The first row shown: the asked scroll kept in range, moved so the input being edited shows.
pub fn top(app: &App, rows: &[(usize, crate::tui::text::PLine)], visible: usize) -> usize {
    let last_top = rows.len().saturating_sub(visible);
    let mut top = app.page_scroll.min(last_top);
    if app.focus == Focus::Form
        && let Some(r) = rows.iter().position(|(_, l)| l.field == Some(app.field))
    {
        // The input with its label above and its help or error below.
        if r < top + 1 {
            top = r.saturating_sub(1);
        } else if r + 2 > top + visible {
            top = (r + 2).saturating_sub(visible).min(last_top.max(r));
        }
    }
    top
}

/// Draws the page; returns where the cursor goes when an input is being edited.
pub fn draw(f: &mut Frame, area: Rect, app: &App, t: &Theme) -> Option<(u16, u16)> {
    let focused = app.focus == Focus::Form && app.dialog.is_none();
    let mut b = block(Line::from(format!(" {} ", app.page.title)), t, focused);
    let inner = b.inner(area);
    let pinned = app.page.pinned.as_ref().map(|p| wrap::wrap(p, inner.width as usize));
    let pinned_rows = pinned.as_ref().map_or(0, |p| p.len()) as u16;
    let [body, pin] = Layout::vertical([Constraint::Min(1), Constraint::Length(pinned_rows)]).areas(inner);
    let rows = wrap::rows(&app.page.lines, body.width as usize);
    let visible = body.height as usize;
    let top = top(app, &rows, visible);
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
    if let Some(p) = pinned {
        f.render_widget(
            Paragraph::new(p.iter().map(|l| dialogs::line(l, t)).collect::<Vec<_>>()),
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
