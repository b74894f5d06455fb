//! Every key of the wizard, once: what it does in each mode, its word on the key bar and its line
//! in the help. The handling, the bar and the help all read this one table, so the bar always
//! shows what works where you are.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keys go: the step list, a form, a full-screen view, or a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Steps,
    Form,
    Log,
    Map,
    Summary,
    Confirm,
    Policies,
    Ask,
    Resume,
    Typed,
    Quit,
    Help,
    Choice,
    Detail,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Steps => "the step list",
            Mode::Form => "an input",
            Mode::Log => "the log",
            Mode::Map => "the map",
            Mode::Summary => "the summary",
            Mode::Confirm => "the confirm dialog",
            Mode::Policies => "the policies",
            Mode::Ask => "a question",
            Mode::Resume => "the resume prompt",
            Mode::Typed => "a typed confirmation",
            Mode::Quit => "the quit prompt",
            Mode::Help => "the help",
            Mode::Choice => "a list of choices",
            Mode::Detail => "an error's detail",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Edit,
    Apply,
    ApplyPersona,
    Rollback,
    Teardown,
    Copy,
    Map,
    Log,
    Summary,
    Detail,
    Doctor,
    Follow,
    Wrap,
    Help,
    Quit,
    QuitNow,
    Accept,
    Cancel,
    Next,
    Prev,
    Toggle,
    Choose,
    Yes,
    No,
    Policies,
    Resume,
    Fresh,
    UndoAll,
}

pub struct Binding {
    /// Key names: a character, or Up Down Home End PageUp PageDown Enter Esc Tab BackTab Space,
    /// Ctrl-<char>.
    pub keys: &'static [&'static str],
    pub modes: &'static [Mode],
    pub action: Action,
    /// The key and the word on the key bar; None keeps it off the bar (it is in the help).
    pub bar: Option<(&'static str, &'static str)>,
    pub help: &'static str,
}

use Mode::*;

pub const KEYMAP: &[Binding] = &[
    // The step list.
    b(
        &["Up", "k"],
        &[Steps],
        Action::Up,
        Some(("↑↓", "move")),
        "move between steps",
    ),
    b(&["Down", "j"], &[Steps], Action::Down, None, "move between steps"),
    b(&["Home", "g"], &[Steps], Action::Top, None, "first step"),
    b(&["End", "G"], &[Steps], Action::Bottom, None, "last step"),
    b(&["PageUp"], &[Steps], Action::PageUp, None, "scroll the step's page up"),
    b(
        &["PageDown"],
        &[Steps],
        Action::PageDown,
        Some(("PgDn", "page")),
        "scroll the step's page down",
    ),
    b(
        &["Enter", "e", "Tab"],
        &[Steps],
        Action::Edit,
        Some(("Enter", "inputs")),
        "edit the step's inputs",
    ),
    b(
        &["a"],
        &[Steps],
        Action::Apply,
        Some(("a", "apply")),
        "apply this step and the earlier steps it needs; on a step a person does, say it is done",
    ),
    b(
        &["A"],
        &[Steps],
        Action::ApplyPersona,
        Some(("A", "persona")),
        "apply the rest of this persona's steps",
    ),
    b(
        &["r"],
        &[Steps],
        Action::Rollback,
        Some(("r", "undo")),
        "roll back this step (and, typed, the steps that depend on it)",
    ),
    b(
        &["T"],
        &[Steps],
        Action::Teardown,
        None,
        "tear everything down (you type teardown)",
    ),
    b(
        &["y"],
        &[Steps, Detail, Summary],
        Action::Copy,
        Some(("y", "copy")),
        "send the SQL, URL, checklist or error to the terminal's clipboard",
    ),
    b(
        &["m"],
        &[Steps, Map],
        Action::Map,
        Some(("m", "map")),
        "the map of the setup, or back",
    ),
    b(
        &["L"],
        &[Steps, Log],
        Action::Log,
        Some(("L", "log")),
        "the log full screen, or back",
    ),
    b(
        &["S"],
        &[Steps, Summary],
        Action::Summary,
        Some(("S", "summary")),
        "the summary of what was built, or back",
    ),
    b(
        &["E"],
        &[Steps],
        Action::Detail,
        None,
        "the full error of the last failed call, with its request id",
    ),
    b(
        &["D"],
        &[Steps],
        Action::Doctor,
        None,
        "read the account (read-only): on each page, what is already there and what is wrong",
    ),
    // The log full screen.
    b(
        &["Up", "k"],
        &[Log],
        Action::Up,
        Some(("↑↓", "line")),
        "scroll the log a line",
    ),
    b(&["Down", "j"], &[Log], Action::Down, None, "scroll the log a line"),
    b(
        &["PageUp"],
        &[Log, Policies, Help, Summary],
        Action::PageUp,
        Some(("PgUp/Dn", "page")),
        "scroll a page",
    ),
    b(
        &["PageDown"],
        &[Log, Policies, Help, Summary],
        Action::PageDown,
        None,
        "scroll a page",
    ),
    b(&["Home", "g"], &[Log], Action::Top, None, "the oldest line"),
    b(
        &["End", "G"],
        &[Log],
        Action::Follow,
        Some(("End", "newest")),
        "jump to the newest line and follow it",
    ),
    b(
        &["w"],
        &[Log],
        Action::Wrap,
        Some(("w", "wrap")),
        "wrap long lines, or cut them",
    ),
    b(
        &["Esc"],
        &[Log, Map, Summary, Detail, Help],
        Action::Cancel,
        Some(("Esc", "back")),
        "back",
    ),
    // An input.
    b(
        &["Tab", "Down"],
        &[Form],
        Action::Next,
        Some(("Tab", "next")),
        "next input; an invalid value is kept, marked",
    ),
    b(&["BackTab", "Up"], &[Form], Action::Prev, None, "previous input"),
    b(
        &["Enter"],
        &[Form],
        Action::Accept,
        Some(("Enter", "keep")),
        "keep the value and go to the next input",
    ),
    b(
        &["Esc"],
        &[Form],
        Action::Cancel,
        Some(("Esc", "undo edit")),
        "put the value back as it was and leave the inputs",
    ),
    b(&["Space"], &[Form], Action::Toggle, None, "switch a yes/no input"),
    b(
        &["Ctrl-o"],
        &[Form],
        Action::Choose,
        Some(("^O", "choices")),
        "choose from the Regions, profiles or what the account offers",
    ),
    // A list of choices.
    b(&["Up"], &[Choice], Action::Up, Some(("↑↓", "move")), "move"),
    b(&["Down"], &[Choice], Action::Down, None, "move"),
    b(
        &["Enter"],
        &[Choice],
        Action::Accept,
        Some(("Enter", "choose")),
        "take this one",
    ),
    b(
        &["Esc"],
        &[Choice],
        Action::Cancel,
        Some(("Esc", "cancel")),
        "keep the value as it was; typing filters the list",
    ),
    // The confirm dialog and the policies it would send.
    b(
        &["y"],
        &[Confirm, Ask],
        Action::Yes,
        Some(("y", "go ahead")),
        "go ahead",
    ),
    b(
        &["n", "Esc"],
        &[Confirm, Ask],
        Action::No,
        Some(("n", "cancel")),
        "cancel",
    ),
    b(
        &["p"],
        &[Confirm, Policies],
        Action::Policies,
        Some(("p", "policies")),
        "the policy documents the steps send, or back",
    ),
    b(
        &["Up", "k"],
        &[Policies, Help, Summary],
        Action::Up,
        Some(("↑↓", "scroll")),
        "scroll",
    ),
    b(&["Down", "j"], &[Policies, Help, Summary], Action::Down, None, "scroll"),
    b(
        &["Esc"],
        &[Policies],
        Action::Cancel,
        Some(("Esc", "back")),
        "back to the confirm dialog",
    ),
    // The resume prompt.
    b(
        &["r"],
        &[Resume],
        Action::Resume,
        Some(("r", "resume")),
        "resume at the first step not done",
    ),
    b(
        &["s"],
        &[Resume],
        Action::Fresh,
        Some(("s", "start fresh")),
        "start fresh (it says what is forgotten, and asks)",
    ),
    b(
        &["b"],
        &[Resume],
        Action::UndoAll,
        Some(("b", "undo all")),
        "roll everything back (you type teardown)",
    ),
    // A typed confirmation.
    b(
        &["Enter"],
        &[Typed],
        Action::Accept,
        Some(("Enter", "confirm")),
        "confirm once the word is typed",
    ),
    b(&["Esc"], &[Typed], Action::Cancel, Some(("Esc", "cancel")), "cancel"),
    // The quit prompt while a step runs.
    b(
        &["y"],
        &[Quit],
        Action::Yes,
        Some(("y", "stop")),
        "stop after the call in flight; the journal keeps everything",
    ),
    b(
        &["n", "Esc"],
        &[Quit],
        Action::No,
        Some(("n", "keep going")),
        "keep going",
    ),
    b(
        &["Ctrl-c"],
        &[Quit],
        Action::QuitNow,
        Some(("^C", "quit now")),
        "quit at once; the next start resumes",
    ),
    // Everywhere.
    b(
        &["?"],
        &[Steps, Log, Map, Summary, Help],
        Action::Help,
        Some(("?", "help")),
        "this help, or back",
    ),
    b(
        &["q", "Ctrl-c"],
        &[Steps, Log, Map, Summary, Resume, Help],
        Action::Quit,
        Some(("q", "quit")),
        "quit; while a step runs, asks first",
    ),
    b(
        &["Ctrl-c"],
        &[Form, Confirm, Policies, Ask, Typed, Choice, Detail],
        Action::Quit,
        None,
        "quit",
    ),
];

const fn b(
    keys: &'static [&'static str],
    modes: &'static [Mode],
    action: Action,
    bar: Option<(&'static str, &'static str)>,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        modes,
        action,
        bar,
        help,
    }
}

/// Whether a key name (as the table writes it) is this key press.
fn matches(name: &str, k: &KeyEvent) -> bool {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if let Some(c) = name.strip_prefix("Ctrl-") {
        return ctrl && k.code == KeyCode::Char(c.chars().next().unwrap_or(' '));
    }
    if ctrl {
        return false;
    }
    match name {
        "Up" => k.code == KeyCode::Up,
        "Down" => k.code == KeyCode::Down,
        "Home" => k.code == KeyCode::Home,
        "End" => k.code == KeyCode::End,
        "PageUp" => k.code == KeyCode::PageUp,
        "PageDown" => k.code == KeyCode::PageDown,
        "Enter" => k.code == KeyCode::Enter,
        "Esc" => k.code == KeyCode::Esc,
        "Tab" => k.code == KeyCode::Tab,
        "BackTab" => k.code == KeyCode::BackTab,
        "Space" => k.code == KeyCode::Char(' '),
        c => {
            let mut chars = c.chars();
            matches!((chars.next(), chars.next()), (Some(ch), None) if k.code == KeyCode::Char(ch))
        }
    }
}

/// What a key does in a mode, if anything.
pub fn lookup(mode: Mode, k: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.iter().any(|n| matches(n, k)))
        .map(|b| b.action)
}

/// The key bar of a mode: (key, word), `?` and `q` last so they are never the ones cut.
pub fn bar(mode: Mode) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = KEYMAP
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .filter_map(|b| b.bar)
        .filter(|(k, _)| *k != "?" && *k != "q")
        .collect();
    out.dedup();
    for always in ["?", "q"] {
        if let Some(x) = KEYMAP
            .iter()
            .filter(|b| b.modes.contains(&mode))
            .filter_map(|b| b.bar)
            .find(|(k, _)| *k == always)
        {
            out.push(x);
        }
    }
    out
}

fn entry_width(k: &str, w: &str) -> usize {
    k.chars().count() + w.chars().count() + 3
}

/// The bar's rows at this width: as many as it needs, at most two. When even two are too few,
/// the entries before `?` and `q` give way (the help lists them all). The model counts these
/// rows to know how much of the page shows; the view draws them.
pub fn bar_rows(mode: Mode, cols: u16) -> Vec<Vec<(&'static str, &'static str)>> {
    let cols = cols as usize;
    let mut entries = bar(mode);
    let fits = |entries: &[(&'static str, &'static str)]| {
        let mut rows: Vec<Vec<(&'static str, &'static str)>> = vec![vec![]];
        let mut used = 0;
        for &(k, w) in entries {
            let n = entry_width(k, w);
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
        entries.remove(entries.len() - 3);
        rows = fits(&entries);
    }
    rows
}

/// The help: for each mode that has keys, its keys and what they do.
pub fn help() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    let modes = [
        Steps, Form, Choice, Log, Map, Summary, Confirm, Policies, Resume, Typed, Quit,
    ];
    modes
        .iter()
        .map(|m| {
            let mut rows: Vec<(String, &str)> = vec![];
            for b in KEYMAP.iter().filter(|b| b.modes.contains(m)) {
                let keys = b.keys.join(" ");
                if let Some(r) = rows.iter_mut().find(|(_, h)| *h == b.help) {
                    r.0 = format!("{} {keys}", r.0);
                } else {
                    rows.push((keys, b.help));
                }
            }
            (m.name(), rows)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_means_two_things_in_one_mode() {
        let all = [
            Steps, Form, Log, Map, Summary, Confirm, Policies, Ask, Resume, Typed, Quit, Help, Choice, Detail,
        ];
        for m in all {
            let mut seen: Vec<&str> = vec![];
            for b in KEYMAP.iter().filter(|b| b.modes.contains(&m)) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k} twice in {m:?}");
                    seen.push(k);
                }
            }
        }
    }

    #[test]
    fn help_and_quit_are_on_the_bar_of_every_main_screen() {
        for m in [Steps, Log, Map, Summary] {
            let keys: Vec<&str> = bar(m).iter().map(|(k, _)| *k).collect();
            assert!(keys.ends_with(&["?", "q"]), "{m:?}: {keys:?}");
        }
    }
}
