//! The log: a pane under the page on tall terminals, and full screen on L. Full screen reads from
//! a line kept in place or follows the newest; long lines wrap (w) or are cut with a mark.

use super::block;
use crate::tui::app::App;
use crate::tui::dialogs;
use crate::tui::text::{PLine, Tone};
use crate::tui::theme::Theme;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn cut(s: &str, width: usize) -> PLine {
    if s.chars().count() <= width {
        return PLine::one(s, Tone::Muted);
    }
    let kept: String = s.chars().take(width.saturating_sub(1)).collect();
    PLine::new(vec![(kept, Tone::Muted), ("→".into(), Tone::Accent)])
}

/// The newest lines that fit, wrapped: the pane always shows the end of the log whole.
pub fn pane(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let b = block(" Log (L full screen) ", t, false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let h = inner.height as usize;
    let mut rows: Vec<PLine> = vec![];
    for l in app.log.iter().rev() {
        if rows.len() >= h {
            break;
        }
        let mut w = wrap::wrap(&PLine::one(l.clone(), Tone::Muted), inner.width as usize);
        w.extend(rows);
        rows = w;
    }
    let skip = rows.len().saturating_sub(h);
    let lines: Vec<Line> = rows.iter().skip(skip).map(|l| dialogs::line(l, t)).collect();
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn full(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let view = app.log_view;
    let h = area.height.saturating_sub(2) as usize;
    let total = app.log.len();
    let top = view.top.unwrap_or(total.saturating_sub(h)).min(total.saturating_sub(1));
    let where_ = match view.top {
        None => "following the newest".to_string(),
        Some(_) => format!("line {} of {total}; End follows", top + 1),
    };
    let title = format!(
        " Log · {where_} · {} ",
        if view.wrap { "wrapped" } else { "cut (w wraps)" }
    );
    let b = block(Line::from(Span::raw(title)), t, true);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let width = inner.width as usize;
    let mut rows: Vec<PLine> = vec![];
    if view.top.is_none() {
        // Following: fill from the newest line up.
        for l in app.log.iter().rev() {
            if rows.len() >= h {
                break;
            }
            let mut w = if view.wrap {
                wrap::wrap(&PLine::one(l.clone(), Tone::Muted), width)
            } else {
                vec![cut(l, width)]
            };
            w.extend(rows);
            rows = w;
        }
        let skip = rows.len().saturating_sub(h);
        rows.drain(..skip);
    } else {
        for l in app.log.iter().skip(top) {
            if rows.len() >= h {
                break;
            }
            if view.wrap {
                rows.extend(wrap::wrap(&PLine::one(l.clone(), Tone::Muted), width));
            } else {
                rows.push(cut(l, width));
            }
        }
        rows.truncate(h);
    }
    let lines: Vec<Line> = rows.iter().map(|l| dialogs::line(l, t)).collect();
    f.render_widget(Paragraph::new(lines), inner);
}
