//! What a step's page shows, worked out when the model changes (never while drawing): its
//! purpose, inputs, checks, what a person does, Ethan's SQL, the result, the live calls. The
//! view only lays these lines out, scrolls them and colours them by tone.

use super::{App, Focus, Live};
use crate::catalog::{FieldKind, Persona};
use crate::cloud::{is_cleanup_call, is_read_call};
use crate::engine::doctor::{Finding, Health};
use crate::journal::StepState;
use crate::tui::text::{PLine, Tone};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageModel {
    pub title: String,
    pub lines: Vec<PLine>,
    /// Kept on screen below the page whatever its scroll: how to go on with a step a person does.
    pub pinned: Option<PLine>,
    /// `lines` wrapped to the pane (with the line each row comes from), and `pinned` too: the
    /// model pages and scrolls by these rows, and the view draws them.
    pub rows: Vec<(usize, PLine)>,
    pub pinned_rows: Vec<PLine>,
}

/// The step list's width: its glyph, the longest step name, the longest word, the drift mark
/// and its borders. The page has what is left.
pub const LIST_WIDTH: u16 = 2 + 17 + 1 + 14 + 1 + 2;

/// Where an input's value starts, under its label.
pub const VALUE_INDENT: usize = 3;

pub fn build(app: &App) -> PageModel {
    let step = app.step();
    let state = app.state(&step.id);
    let target = app.answers.target(step.account, step.region);
    let mut lines = vec![
        PLine::one(step.title.clone(), Tone::Title),
        PLine::new(vec![
            (step.persona.name().to_string(), Tone::Accent),
            (
                format!(
                    " · account {} {} · {}",
                    step.account.letter(),
                    target.account_id,
                    target.region
                ),
                Tone::Muted,
            ),
            (format!(" · {}", state.word()), tone_of(state)),
        ]),
    ];
    if let Some(changed) = app.changed_inputs(&step.id) {
        lines.push(PLine::one(
            format!("≠ inputs changed since it was done ({changed}): a applies it again"),
            Tone::Warn,
        ));
    } else if let Some(up) = app.changed_upstream(&step.id) {
        lines.push(PLine::one(
            format!("≠ {up} changed since: this step may need applying again too"),
            Tone::Warn,
        ));
    }
    if let Some(f) = app.findings.get(&step.id) {
        lines.extend(finding_lines(f, state));
    }
    // What is happening and what came of it come first: that is what a room watches.
    if let Some(live) = app.live.get(&step.id) {
        lines.push(PLine::blank());
        lines.extend(live_lines(app, live));
    }
    let rec = app.journal.steps.get(&step.id);
    if let Some(err) = rec.and_then(|r| r.error.clone())
        && matches!(state, StepState::Failed | StepState::RolledBack)
    {
        let undone = if state == StepState::RolledBack {
            // The error may end a sentence of its own or not.
            if err.trim_end().ends_with('.') {
                " What it created was removed."
            } else {
                ". What it created was removed."
            }
        } else {
            ""
        };
        lines.push(PLine::blank());
        lines.push(PLine::new(vec![
            ("✗ ".into(), Tone::Error),
            (format!("{err}{undone}"), Tone::Error),
            ("  (E: the whole error)".into(), Tone::Muted),
        ]));
    }
    let mut result: Vec<String> = rec
        .and_then(|r| r.outputs.get("result").cloned())
        .map(|r| r.split("; ").map(str::to_string).collect())
        .unwrap_or_default();
    for n in app.notes.get(&step.id).into_iter().flatten() {
        if !result.contains(n) {
            result.push(n.clone());
        }
    }
    if !result.is_empty() {
        lines.push(PLine::blank());
        lines.push(PLine::one("Result", Tone::Accent));
        for r in result {
            lines.push(PLine::new(vec![("  ● ".into(), Tone::Ok), (r, Tone::Text)]));
        }
    }
    let policy = app
        .first_of_persona(&step.id)
        .then(|| app.persona_policy(step.persona))
        .flatten();
    if app.first_of_persona(&step.id) {
        lines.extend(persona_intro(app, step.persona, policy.is_some()));
    }
    lines.push(PLine::blank());
    lines.push(PLine::one(
        step.why.split_whitespace().collect::<Vec<_>>().join(" "),
        Tone::Text,
    ));
    for p in &step.pitfalls {
        lines.push(PLine::new(vec![("⚠ ".into(), Tone::Warn), (p.clone(), Tone::Text)]));
    }
    if !step.fields.is_empty() {
        lines.push(PLine::blank());
        lines.extend(form_lines(app));
    }
    if !step.checklist.is_empty() {
        lines.push(PLine::blank());
        lines.push(PLine::one("What to do (y copies it)", Tone::Accent));
        for (i, c) in step.checklist.iter().enumerate() {
            lines.push(PLine::one(format!(" {}. {}", i + 1, app.answers.fill(c)), Tone::Text));
        }
        if step.id == "ethan.sign-in"
            && let Some(url) = app.journal.output("alice.idc-add-region", "portal_url")
        {
            lines.push(PLine::new(vec![(" portal: ".into(), Tone::Muted), (url, Tone::Accent)]));
        }
    }
    if let Some(sql) = crate::actions::sql_for(&step.id, &app.answers) {
        lines.push(PLine::blank());
        lines.push(PLine::one("Ethan runs (y copies it)", Tone::Accent));
        for l in sql.lines() {
            lines.push(PLine::one(format!("  {l}"), Tone::Text));
        }
    }
    lines.push(PLine::blank());
    lines.push(PLine::one("Checks", Tone::Accent));
    for (ok, text) in app.checks() {
        let (mark, tone) = if ok { ("✓", Tone::Ok) } else { ("✗", Tone::Error) };
        lines.push(PLine::new(vec![(format!(" {mark} "), tone), (text, Tone::Text)]));
    }
    if !step.operations.is_empty() {
        lines.push(PLine::blank());
        lines.push(PLine::one("Calls (+ changes)", Tone::Accent));
        let mut spans: Vec<(String, Tone)> = step
            .operations
            .iter()
            .filter(|o| !is_cleanup_call(o))
            .map(|o| {
                let read = is_read_call(o);
                (
                    format!(" {}{o}", if read { "" } else { "+" }),
                    if read { Tone::Muted } else { Tone::Text },
                )
            })
            .collect();
        let cleanup = step.operations.iter().filter(|o| is_cleanup_call(o)).count();
        if cleanup > 0 {
            spans.push((format!(" (and {cleanup} to roll back)"), Tone::Muted));
        }
        lines.push(PLine::new(spans));
        if !step.sensitive.is_empty() {
            lines.push(PLine::one(
                format!(" ! changes {}", step.sensitive.join(", ")),
                Tone::Warn,
            ));
        }
    }
    // The persona's policy last: long, and read once, by whoever asks for the permissions.
    if let Some((words, json)) = &policy {
        lines.push(PLine::blank());
        lines.push(PLine::one(
            format!("The IAM policy {} needs (y copies it as JSON)", step.persona.name()),
            Tone::Accent,
        ));
        if let Some(head) = words.lines().next() {
            lines.push(PLine::one(format!(" {head}"), Tone::Muted));
        }
        lines.extend(policy_lines(json));
    }
    let pinned = (step.needs_confirmation() && !state.is_done()).then(|| {
        let who = if step.is_manual() {
            "a person does this step"
        } else {
            "Ethan does this"
        };
        PLine::new(vec![
            ("✋ ".into(), Tone::Warn),
            (
                format!("{who}: press a once it is done (the wizard then checks it)"),
                Tone::Warn,
            ),
        ])
    });
    PageModel {
        title: step.id.clone(),
        lines,
        pinned,
        ..PageModel::default()
    }
}

/// A policy document, one statement to a line: its actions and what they are on.
fn policy_lines(json: &str) -> Vec<PLine> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(json) else {
        return vec![];
    };
    let list = |v: &serde_json::Value| match v {
        serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "),
        v => v.as_str().unwrap_or_default().to_string(),
    };
    doc["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|st| {
            PLine::new(vec![
                (" • ".into(), Tone::Muted),
                (list(&st["Action"]), Tone::Text),
                (format!(" on {}", list(&st["Resource"])), Tone::Muted),
            ])
        })
        .collect()
}

/// What reading the account found for this step.
fn finding_lines(f: &Finding, state: StepState) -> Vec<PLine> {
    let mut out = vec![PLine::blank()];
    match f.health {
        Health::InPlace if state == StepState::DoneElsewhere => out.push(PLine::new(vec![
            (" ✓ ".into(), Tone::Ok),
            (
                "In the account already: counted as done elsewhere. a applies it again to take it over (it adopts what is there and records how to undo it)."
                    .into(),
                Tone::Text,
            ),
        ])),
        Health::InPlace => out.push(PLine::new(vec![
            (" ✓ ".into(), Tone::Ok),
            ("In the account already.".into(), Tone::Text),
        ])),
        Health::Problem => {
            out.push(PLine::new(vec![
                (" ✗ ".into(), Tone::Error),
                (format!("In the account: {}", f.detail), Tone::Text),
            ]));
            for (i, fix) in f.fix.iter().enumerate() {
                out.push(PLine::new(vec![
                    (if i == 0 { "   fix: " } else { "        " }.into(), Tone::Muted),
                    (fix.clone(), Tone::Text),
                ]));
            }
        }
        Health::CannotCheck => out.push(PLine::new(vec![
            (" ○ ".into(), Tone::Muted),
            (format!("Not checkable from here: {}", f.detail), Tone::Muted),
        ])),
    }
    out
}

pub fn tone_of(s: StepState) -> Tone {
    match s {
        StepState::Done | StepState::DoneElsewhere => Tone::Ok,
        StepState::Failed => Tone::Error,
        StepState::Running => Tone::Accent,
        StepState::ManualPending | StepState::RolledBack => Tone::Warn,
        _ => Tone::Muted,
    }
}

/// On a persona's first page: whose work this part stands on and whether it is in place, the
/// policy this persona needs, and what to hand over when the part is done.
fn persona_intro(app: &App, persona: Persona, has_policy: bool) -> Vec<PLine> {
    let mut out = vec![
        PLine::blank(),
        PLine::one(format!("{}'s part", persona.name()), Tone::Accent),
    ];
    let needs: Vec<&crate::catalog::Step> = app
        .catalog
        .steps()
        .iter()
        .filter(|s| s.persona != persona)
        .filter(|s| app.catalog.by_persona(persona).any(|mine| mine.depends.contains(&s.id)))
        .collect();
    for d in needs {
        let st = app.state(&d.id);
        let (mark, tone) = if st.is_done() {
            ("✓", Tone::Ok)
        } else {
            ("○", Tone::Warn)
        };
        out.push(PLine::new(vec![
            (format!(" {mark} "), tone),
            (format!("{}'s {} ({})", d.persona.name(), d.id, st.word()), Tone::Text),
        ]));
    }
    if has_policy {
        let key = if persona == Persona::Alice { "alice" } else { "bob" };
        out.push(PLine::one(
            format!(
                " The IAM policy {} needs is at the end of this page (y copies it; tipwiz permissions --persona {key})",
                persona.name()
            ),
            Tone::Muted,
        ));
    }
    let (done, total) = app.done_count(Some(persona));
    if done == total && persona != Persona::Ethan {
        let next = if persona == Persona::Alice { "bob" } else { "ethan" };
        out.push(PLine::one(
            format!(" Done: send the next person a handoff: tipwiz handoff --to {next} > handoff.toml"),
            Tone::Ok,
        ));
    }
    out
}

fn form_lines(app: &App) -> Vec<PLine> {
    let step = app.step();
    let mut out = vec![PLine::one(
        "Inputs (Enter edits; Tab moves; Esc puts back)",
        Tone::Accent,
    )];
    for (i, (def, fs)) in step.fields.iter().zip(&app.fields).enumerate() {
        let focused = app.focus == Focus::Form && app.field == i;
        let value = fs.input.value().to_string();
        let shown = match def.kind {
            FieldKind::Bool => format!(
                "[{}] {}",
                if value == "true" { "x" } else { " " },
                if value == "true" { "yes" } else { "no" }
            ),
            _ if value.is_empty() && !focused => "(empty)".into(),
            _ => value,
        };
        let mark = match (&fs.error, fs.unsaved) {
            (Some(_), _) => (" ✗".to_string(), Tone::Error),
            (None, true) => (" • not kept yet".to_string(), Tone::Warn),
            (None, false) => (" ✓".to_string(), Tone::Ok),
        };
        // The label above its value: a long value (an ARN) gets the whole width.
        out.push(PLine::one(
            format!(" {}", def.label),
            if focused { Tone::Accent } else { Tone::Muted },
        ));
        out.push(PLine {
            spans: vec![
                (" ".repeat(VALUE_INDENT), Tone::Text),
                (shown, if focused { Tone::Selected } else { Tone::Text }),
                mark,
            ],
            field: Some(i),
        });
        if let Some(e) = &fs.error {
            out.push(PLine::one(format!("{:w$}{e}", "", w = VALUE_INDENT), Tone::Error));
        } else if focused {
            let mut help = def.help.clone();
            if app.has_choices(def) {
                help.push_str(" (Ctrl-O: choose)");
            }
            out.push(PLine::one(format!("{:w$}{help}", "", w = VALUE_INDENT), Tone::Muted));
        }
    }
    out
}

fn live_lines(app: &App, live: &Live) -> Vec<PLine> {
    let title = if live.rolling_back { "Rolling back" } else { "Running" };
    let mut lines = vec![PLine::one(title, Tone::Accent)];
    for c in live.calls.iter().rev().take(6).collect::<Vec<_>>().into_iter().rev() {
        lines.push(match &c.done {
            None => {
                let secs = app.now_ms.saturating_sub(c.started_ms) as f64 / 1000.0;
                PLine::new(vec![
                    (format!(" {} ", crate::tui::text::spinner(app.tick)), Tone::Accent),
                    (format!("{} {}", c.service, c.operation), Tone::Text),
                    (format!("  {secs:.1} s"), Tone::Muted),
                ])
            }
            Some((ok, outcome, ms)) => PLine::new(vec![
                (
                    if *ok { " ✓ " } else { " ✗ " }.into(),
                    if *ok { Tone::Ok } else { Tone::Error },
                ),
                (format!("{} {}", c.service, c.operation), Tone::Text),
                (format!("  {outcome}, {ms} ms"), Tone::Muted),
            ]),
        });
    }
    if let Some((what, status, elapsed)) = &live.waiting {
        lines.push(PLine::new(vec![
            (" ⏳ ".into(), Tone::Warn),
            (
                format!("waiting for {what}: {status}, {} s", elapsed / 1000),
                Tone::Text,
            ),
        ]));
    }
    lines
}
