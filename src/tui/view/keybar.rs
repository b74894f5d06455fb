//! The key bar, read from the keymap: what works where you are, on one line or two, with `?`
//! and `q` always on it.

use crate::tui::keymap::{self, Mode};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The bar's lines, laid out by the keymap at this width.
pub fn lines(mode: Mode, cols: u16, t: &Theme) -> Vec<Line<'static>> {
    keymap::bar_rows(mode, cols)
        .into_iter()
        .map(|r| {
            Line::from(
                r.into_iter()
                    .flat_map(|(k, w)| {
                        [
                            Span::styled(format!(" {k}"), t.accent),
                            Span::styled(format!(" {w} "), t.muted),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}
