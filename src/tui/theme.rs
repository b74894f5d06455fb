//! Semantic colours from `themes/*.toml`. States never rely on colour alone: every state also
//! has a glyph and a word, so NO_COLOR and monochrome terminals lose nothing.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("colour-blind", include_str!("../../themes/colour-blind.toml")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: String,
    text: String,
    muted: String,
    accent: String,
    ok: String,
    warn: String,
    error: String,
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

    /// A theme by built-in name or file path; NO_COLOR (set and not empty) wins over both.
    pub fn load(name: Option<&str>) -> Result<Theme, String> {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Ok(Theme::plain());
        }
        let name = name.unwrap_or("dark");
        let text = match BUILTIN.iter().find(|(n, _)| *n == name || (name == "color-blind" && *n == "colour-blind")) {
            Some((_, t)) => t.to_string(),
            None => std::fs::read_to_string(name).map_err(|e| {
                format!("--theme: '{name}' is neither a built-in theme (dark, light, high-contrast, colour-blind) nor a readable file: {e}")
            })?,
        };
        Self::parse(&text).map_err(|e| format!("--theme {name}: {e}"))
    }

    pub fn parse(text: &str) -> Result<Theme, String> {
        let raw: RawTheme = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let c = |key: &str, v: &str| -> Result<Style, String> {
            v.parse::<Color>()
                .map(|c| Style::default().fg(c))
                .map_err(|_| format!("{key} = \"{v}\" is not a colour"))
        };
        let sel = raw
            .selection
            .parse::<Color>()
            .map_err(|_| format!("selection = \"{}\" is not a colour", raw.selection))?;
        Ok(Theme {
            name: raw.name,
            text: c("text", &raw.text)?,
            muted: c("muted", &raw.muted)?,
            accent: c("accent", &raw.accent)?.add_modifier(Modifier::BOLD),
            ok: c("ok", &raw.ok)?,
            warn: c("warn", &raw.warn)?,
            error: c("error", &raw.error)?.add_modifier(Modifier::BOLD),
            selection: Style::default().bg(sel).add_modifier(Modifier::BOLD),
            border: c("border", &raw.border)?,
        })
    }
}
