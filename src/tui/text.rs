//! Text as the model builds it: lines of pieces, each with how it is meant (its tone). The
//! theme gives each tone a style; dialogs, pages and the summary are all made of these.

/// How a piece of text is meant: the theme gives each a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Text,
    Muted,
    Accent,
    Title,
    Ok,
    Warn,
    Error,
    Selected,
}

/// One line of a page: its pieces, and which input it shows (for the cursor).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PLine {
    pub spans: Vec<(String, Tone)>,
    pub field: Option<usize>,
}

impl PLine {
    pub fn new(spans: Vec<(String, Tone)>) -> PLine {
        PLine { spans, field: None }
    }
    pub fn one(text: impl Into<String>, tone: Tone) -> PLine {
        PLine::new(vec![(text.into(), tone)])
    }
    pub fn blank() -> PLine {
        PLine::default()
    }
    /// Cells on screen (a wide glyph such as ✋ takes two).
    pub fn width(&self) -> usize {
        self.spans
            .iter()
            .map(|(t, _)| unicode_width::UnicodeWidthStr::width(t.as_str()))
            .sum()
    }
}

/// The frame of the spinner that shows something is running, at this tick.
pub fn spinner(tick: u64) -> &'static str {
    const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    FRAMES[(tick % 10) as usize]
}
