//! Wrapping a page's lines to a width, here rather than in the paragraph widget, so that the
//! view knows how many rows each line takes: the scroll position, the pinned line and the
//! cursor all count rows.

use crate::tui::text::{PLine, Tone};
use unicode_width::UnicodeWidthChar;

/// Cells a run of characters takes (a wide glyph such as ✋ takes two).
fn cells(cs: &[char]) -> usize {
    cs.iter().map(|c| c.width().unwrap_or(0)).sum()
}

/// How many of `cs` fit in `room` cells.
fn fitting(cs: &[char], room: usize) -> usize {
    let mut used = 0;
    for (i, c) in cs.iter().enumerate() {
        used += c.width().unwrap_or(0);
        if used > room {
            return i;
        }
    }
    cs.len()
}

fn push(line: &mut PLine, text: &str, tone: Tone) {
    match line.spans.last_mut() {
        Some((t, last)) if *last == tone => t.push_str(text),
        _ => line.spans.push((text.to_string(), tone)),
    }
}

/// The rows `l` takes at `width`: broken between words, a word longer than the width is cut
/// across rows. Nothing is dropped. Rows after the first hang under the text, past a leading
/// mark such as " ✓ " or an indent, so a list item reads as one.
pub fn wrap(l: &PLine, width: usize) -> Vec<PLine> {
    let width = width.max(1);
    if l.width() <= width {
        return vec![l.clone()];
    }
    let first = l.spans.first().map(|(t, _)| t.as_str()).unwrap_or("");
    let first_chars: Vec<char> = first.chars().collect();
    let hang = if first_chars.len() <= 6 && !first_chars.iter().any(|c| c.is_alphanumeric()) {
        cells(&first_chars)
    } else {
        first_chars.iter().take_while(|c| **c == ' ').count()
    };
    let hang = hang.min(width / 3);
    let mut out = vec![];
    let mut cur = PLine {
        spans: vec![],
        field: l.field,
    };
    let mut used = 0;
    // Where the row's own text starts (after the hanging indent on later rows).
    let mut start = 0;
    let next_row = |cur: &mut PLine, out: &mut Vec<PLine>| {
        out.push(std::mem::take(cur));
        cur.field = l.field;
        if hang > 0 {
            cur.spans.push((" ".repeat(hang), Tone::Text));
        }
        hang
    };
    for (text, tone) in &l.spans {
        for word in text.split_inclusive(' ') {
            let mut rest: Vec<char> = word.chars().collect();
            while !rest.is_empty() {
                let room = width - used;
                let body = rest.len() - rest.iter().rev().take_while(|c| **c == ' ').count();
                if cells(&rest) <= room || (body > 0 && cells(&rest[..body]) <= room) {
                    let take = fitting(&rest, room);
                    push(&mut cur, &rest[..take].iter().collect::<String>(), *tone);
                    used += cells(&rest[..take]);
                    rest.clear();
                } else if used > start {
                    used = next_row(&mut cur, &mut out);
                    start = used;
                } else {
                    let take = fitting(&rest, room).max(1);
                    push(&mut cur, &rest[..take].iter().collect::<String>(), *tone);
                    rest.drain(..take);
                    used = next_row(&mut cur, &mut out);
                    start = used;
                }
            }
        }
    }
    if cur.width() > start {
        out.push(cur);
    }
    out
}

/// All the rows of `lines` at `width`, each with the index of the line it came from.
pub fn rows(lines: &[PLine], width: usize) -> Vec<(usize, PLine)> {
    lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| wrap(l, width).into_iter().map(move |r| (i, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[PLine]) -> Vec<String> {
        rows.iter()
            .map(|r| r.spans.iter().map(|(s, _)| s.as_str()).collect())
            .collect()
    }

    #[test]
    fn words_move_to_the_next_row_and_nothing_is_lost() {
        let l = PLine::new(vec![
            ("one two ".into(), Tone::Text),
            ("three four".into(), Tone::Muted),
        ]);
        let rows = wrap(&l, 9);
        assert_eq!(text(&rows), vec!["one two ", "three ", "four"]);
        // A marked item hangs under its text.
        let item = PLine::new(vec![(" ✓ ".into(), Tone::Ok), ("alpha beta gamma".into(), Tone::Text)]);
        assert_eq!(text(&wrap(&item, 12)), vec![" ✓ alpha ", "   beta ", "   gamma"]);
        let long = PLine::one("arn:aws:iam::111122223333:role/x", Tone::Text);
        let rows = wrap(&long, 10);
        assert_eq!(text(&rows).concat(), "arn:aws:iam::111122223333:role/x");
        assert!(rows.iter().all(|r| r.width() <= 10));
    }
}
