//! The map: the setup as a picture, for a room to follow. Two accounts as frames, the parts of
//! the setup as labelled chips (done ones ticked), and the path of Ethan's identity as arrows.
//! The parts the current step touches are highlighted.

use super::app::App;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

/// A part of the setup and the steps that build it.
pub struct Part {
    pub label: &'static str,
    pub steps: &'static [&'static str],
}

pub const ACCOUNT_A: &[Part] = &[
    Part {
        label: "Identity Center",
        steps: &["alice.preflight", "alice.idc-encryption"],
    },
    Part {
        label: "KMS key (multi-Region)",
        steps: &["alice.kms-key"],
    },
    Part {
        label: "Permission set",
        steps: &["alice.permission-set", "alice.assign-group"],
    },
];

pub const ACCOUNT_B: &[Part] = &[
    Part {
        label: "Identity Center replica",
        steps: &["alice.idc-add-region"],
    },
    Part {
        label: "KMS replica key",
        steps: &["alice.kms-replica"],
    },
    Part {
        label: "Lake Formation · s3tablescatalog",
        steps: &[
            "bob.lf-defaults",
            "bob.lf-readonly-admin",
            "bob.lf-idc",
            "bob.lf-role",
            "bob.s3tables-register",
            "bob.admin-grant",
            "bob.group-grants",
        ],
    },
    Part {
        label: "Table bucket",
        steps: &["bob.table-bucket", "bob.sample-table"],
    },
    Part {
        label: "S3 Access Grants",
        steps: &["bob.access-grants"],
    },
    Part {
        label: "S3 bucket",
        steps: &["bob.s3-bucket"],
    },
    Part {
        label: "Redshift + Identity Center app",
        steps: &["bob.preflight", "bob.redshift-idc-app", "bob.redshift-tables"],
    },
    Part {
        label: "CloudTrail",
        steps: &["verify.cloudtrail"],
    },
];

fn chip<'a>(app: &App, part: &Part, t: &Theme) -> Line<'a> {
    let done = part.steps.iter().all(|s| app.state(s).is_done());
    let current = part.steps.contains(&app.step().id.as_str());
    let mark = if done { "✓" } else { "○" };
    let style = if current {
        t.selection
    } else if done {
        t.ok
    } else {
        t.muted
    };
    Line::from(Span::styled(format!("[{mark} {}]", part.label), style))
}

fn flow_style(app: &App, steps: &[&str], t: &Theme) -> ratatui::style::Style {
    if steps.iter().all(|s| app.state(s).is_done()) {
        t.ok
    } else {
        t.muted
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let outer = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(t.border)
        .title(" Map  (m hides) ");
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let a = app.answers.get("primary_region");
    let b = app.answers.get("secondary_region");
    let idp = app.answers.get("idp_name");
    let rows = ACCOUNT_B.len() as u16 + 2;
    let [top, middle, bottom] =
        Layout::vertical([Constraint::Length(2), Constraint::Length(rows), Constraint::Min(0)]).areas(inner);
    let sign_in = flow_style(app, &["alice.acs-urls", "ethan.sign-in"], t);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!(" {idp} (identity provider) "), t.text),
                Span::styled("──SAML──▶ ", sign_in),
                Span::styled(format!("Identity Center in {a} and {b} "), t.text),
                Span::styled("──▶ ", sign_in),
                Span::styled(app.answers.get("analyst_user"), t.accent),
            ]),
            Line::default(),
        ]),
        top,
    );
    let [left, arrows, right] =
        Layout::horizontal([Constraint::Percentage(38), Constraint::Length(4), Constraint::Min(20)]).areas(middle);
    let frame = |title: String| {
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(title)
    };
    let a_lines: Vec<Line> = ACCOUNT_A.iter().map(|p| chip(app, p, t)).collect();
    f.render_widget(Paragraph::new(a_lines).block(frame(format!(" Account A · {a} "))), left);
    let replicate = flow_style(app, &["alice.idc-add-region"], t);
    let key = flow_style(app, &["alice.kms-replica"], t);
    f.render_widget(
        Paragraph::new(vec![
            Line::default(),
            Line::from(Span::styled("══▶", replicate)),
            Line::from(Span::styled("══▶", key)),
        ]),
        arrows,
    );
    let b_lines: Vec<Line> = ACCOUNT_B.iter().map(|p| chip(app, p, t)).collect();
    f.render_widget(
        Paragraph::new(b_lines).block(frame(format!(" Account B · {b} "))),
        right,
    );
    let select = flow_style(app, &["ethan.select"], t);
    let unload = flow_style(app, &["ethan.unload", "ethan.copy-join"], t);
    let denied = flow_style(app, &["ethan.denied"], t);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!(" {} ", app.answers.get("analyst_user")), t.accent),
                Span::styled("─▶ Redshift ─▶ ", t.text),
                Span::styled("Lake Formation: SELECT", select),
                Span::styled("  │  ", t.muted),
                Span::styled("Access Grants: UNLOAD, COPY", unload),
            ]),
            Line::from(vec![
                Span::styled("   outside the group's prefix: ", t.muted),
                Span::styled("denied", denied),
                Span::styled(", and both paths logged for him in CloudTrail", t.muted),
            ]),
        ]),
        bottom,
    );
}
