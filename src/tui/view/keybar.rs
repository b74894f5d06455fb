//! The key bar, read from the keymap: what works where you are, on one line or two, with `?`
//! and `q` always on it.

use crate::tui::keymap::{self, Mode};
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

fn width(k: &str, w: &str) -> usize {
    k.chars().count() + w.chars().count() + 3
}

/// The bar's lines at this width: as many as it needs, at most two. When even two are too few,
/// the entries before `?` and `q` give way (the help lists them all).
pub fn lines(mode: Mode, cols: u16, t: &Theme) -> Vec<Line<'static>> {
    let cols = cols as usize;
    let mut entries = keymap::bar(mode);
    let fits = |entries: &[(&'static str, &'static str)]| {
        let mut rows: Vec<Vec<(&'static str, &'static str)>> = vec![vec![]];
        let mut used = 0;
        for &(k, w) in entries {
            let n = width(k, w);
            if used + n > cols && used > 0 {
                rows.push(vec![]);
                used = 0;
            }
            rows.last_mut().expect("a row").push((k, w));
            used += n;
        }
        rows
    };
    let mut rows = fits(&entries);
    while rows.len() > 2 && entries.len() > 2 {
        let at = entries.len() - 3;
        entries.remove(at);
        rows = fits(&entries);
    }
    rows.into_iter()
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
