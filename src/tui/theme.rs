//! Semantic colours from `themes/*.toml`. States never rely on colour alone: every state also
//! has a glyph and a word, so NO_COLOR and monochrome terminals lose nothing.
//!
//! The default (`auto`) picks a theme for the terminal's background: the background the
//! terminal reports (OSC 11), else the COLORFGBG its environment sets, else `terminal`, which
//! uses the terminal's own palette and reads on light and dark alike. Hex colours are sent as
//! 24-bit only where COLORTERM says the terminal takes them, as the nearest of the 256 otherwise.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("terminal", include_str!("../../themes/terminal.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    (
        "high-contrast-light",
        include_str!("../../themes/high-contrast-light.toml"),
    ),
    ("colour-blind", include_str!("../../themes/colour-blind.toml")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: String,
    text: String,
    muted: String,
    /// Muted text is dimmed rather than coloured (for themes on the terminal's own colours).
    #[serde(default)]
    muted_dim: bool,
    accent: String,
    ok: String,
    warn: String,
    error: String,
    /// A colour for the selection's background, or "reversed" for reverse video.
    selection: String,
    border: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub muted: Style,
    pub accent: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub selection: Style,
    pub border: Style,
}

/// A terminal background, as reported or guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// What the environment says about the terminal's colours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    pub no_color: bool,
    pub colorterm: Option<String>,
    pub colorfgbg: Option<String>,
}

impl Env {
    pub fn from_process() -> Env {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Env {
            no_color: var("NO_COLOR").is_some(),
            colorterm: var("COLORTERM"),
            colorfgbg: var("COLORFGBG"),
        }
    }

    /// 24-bit colour only where the terminal says so (COLORTERM=truecolor or 24bit).
    pub fn truecolor(&self) -> bool {
        self.colorterm
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("truecolor") || c.eq_ignore_ascii_case("24bit"))
    }

    /// The background from COLORFGBG ("fg;bg", set by rxvt, Konsole and others): colours 0-6
    /// and 8 are dark backgrounds, 7 and 9-15 light ones.
    pub fn background(&self) -> Option<Background> {
        let bg: u8 = self.colorfgbg.as_deref()?.rsplit(';').next()?.trim().parse().ok()?;
        Some(if bg == 7 || (9..=15).contains(&bg) {
            Background::Light
        } else {
            Background::Dark
        })
    }
}

/// Asks the terminal for its background (OSC 11). Only for the full-screen wizard on a
/// terminal; a terminal that does not answer is noticed quickly and gives None.
pub fn query_background() -> Option<Background> {
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = std::time::Duration::from_millis(300);
    match terminal_colorsaurus::theme_mode(options).ok()? {
        terminal_colorsaurus::ThemeMode::Dark => Some(Background::Dark),
        terminal_colorsaurus::ThemeMode::Light => Some(Background::Light),
    }
}

impl Theme {
    /// No colours at all (NO_COLOR): emphasis by bold, reverse and dim only.
    pub fn plain() -> Theme {
        let s = Style::default();
        Theme {
            name: "no-color".into(),
            text: s,
            muted: s.add_modifier(Modifier::DIM),
            accent: s.add_modifier(Modifier::BOLD),
            ok: s,
            warn: s.add_modifier(Modifier::BOLD),
            error: s.add_modifier(Modifier::BOLD),
            selection: s.add_modifier(Modifier::REVERSED),
            border: s,
        }
    }

    /// A theme by built-in name or file path (None or "auto": for the terminal's background),
    /// for this process's environment; NO_COLOR (set and not empty) wins over all.
    pub fn load(name: Option<&str>) -> Result<Theme, String> {
        Self::resolve(name, &Env::from_process(), None)
    }

    /// The theme for `name` in `env`, with the background the terminal reported, if any.
    pub fn resolve(name: Option<&str>, env: &Env, reported: Option<Background>) -> Result<Theme, String> {
        if env.no_color {
            return Ok(Theme::plain());
        }
        let name = match name.unwrap_or("auto") {
            "auto" => match reported.or_else(|| env.background()) {
                Some(Background::Dark) => "dark",
                Some(Background::Light) => "light",
                None => "terminal",
            },
            "color-blind" => "colour-blind",
            n => n,
        };
        let text = match BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((_, t)) => t.to_string(),
            None => std::fs::read_to_string(name).map_err(|e| {
                format!(
                    "--theme: '{name}' is neither a built-in theme (auto, {}) nor a readable file: {e}",
                    BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                )
            })?,
        };
        Self::parse_for(&text, env.truecolor()).map_err(|e| format!("--theme {name}: {e}"))
    }

    pub fn parse(text: &str) -> Result<Theme, String> {
        Self::parse_for(text, true)
    }

    /// A theme file's colours; hex ones as the nearest of the 256 unless `truecolor`.
    pub fn parse_for(text: &str, truecolor: bool) -> Result<Theme, String> {
        let raw: RawTheme = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let colour = |key: &str, v: &str| -> Result<Color, String> {
            let c = v
                .parse::<Color>()
                .map_err(|_| format!("{key} = \"{v}\" is not a colour"))?;
            Ok(match c {
                Color::Rgb(r, g, b) if !truecolor => Color::Indexed(to_256(r, g, b)),
                c => c,
            })
        };
        let c = |key: &str, v: &str| colour(key, v).map(|c| Style::default().fg(c));
        let text_colour = colour("text", &raw.text)?;
        let selection = if raw.selection == "reversed" {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
                .bg(colour("selection", &raw.selection)?)
                .fg(text_colour)
                .add_modifier(Modifier::BOLD)
        };
        let muted = if raw.muted_dim {
            c("muted", &raw.muted)?.add_modifier(Modifier::DIM)
        } else {
            c("muted", &raw.muted)?
        };
        Ok(Theme {
            name: raw.name,
            text: Style::default().fg(text_colour),
            muted,
            accent: c("accent", &raw.accent)?.add_modifier(Modifier::BOLD),
            ok: c("ok", &raw.ok)?,
            warn: c("warn", &raw.warn)?,
            error: c("error", &raw.error)?.add_modifier(Modifier::BOLD),
            selection,
            border: c("border", &raw.border)?,
        })
    }
}

/// The nearest colour of xterm's 256: the 6x6x6 cube or the grey ramp, whichever is closer.
pub fn to_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest = |v: u8| -> usize {
        (0..6)
            .min_by_key(|&i| (LEVELS[i] as i32 - v as i32).abs())
            .expect("six levels")
    };
    let (ri, gi, bi) = (nearest(r), nearest(g), nearest(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let grey_level = ((r as u32 + g as u32 + b as u32) / 3) as i32;
    let gi_ramp = ((grey_level - 8).max(0) / 10).min(23);
    let grey = (8 + gi_ramp * 10) as u8;
    let dist = |(x, y, z): (u8, u8, u8)| {
        (x as i32 - r as i32).pow(2) + (y as i32 - g as i32).pow(2) + (z as i32 - b as i32).pow(2)
    };
    if dist((grey, grey, grey)) < dist(cube) {
        232 + gi_ramp as u8
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_256_colours() {
        assert_eq!(to_256(0, 0, 0), 16);
        assert_eq!(to_256(255, 255, 255), 231);
        assert_eq!(to_256(255, 0, 0), 196);
        assert_eq!(to_256(128, 128, 128), 244);
    }
}
