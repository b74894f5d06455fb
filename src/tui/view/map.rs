//! The map: each part of the setup in its real account and Region. Account A's two Regions side
//! by side with the replication between them, account B below; the flows of a sign-in and of a
//! query around them. Everything wraps rather than being cut, from 80 columns up.

use super::block;
use crate::catalog::{AccountRole, RegionRole};
use crate::tui::app::App;
use crate::tui::dialogs;
use crate::tui::map::parts_at;
use crate::tui::text::{PLine, Tone};
use crate::tui::theme::Theme;
use crate::tui::wrap;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

fn done(app: &App, steps: &[&str]) -> bool {
    steps.iter().all(|s| app.state(s).is_done())
}

fn flow(app: &App, steps: &[&str]) -> Tone {
    if done(app, steps) { Tone::Ok } else { Tone::Muted }
}

/// A place's parts, each as its line and, when `names`, the name under it.
fn parts(app: &App, account: AccountRole, region: RegionRole, names: bool) -> Vec<Vec<PLine>> {
    parts_at(account, region)
        .map(|p| {
            let built = done(app, p.steps);
            let tone = if p.steps.contains(&app.step().id.as_str()) {
                Tone::Selected
            } else if built {
                Tone::Ok
            } else {
                Tone::Muted
            };
            let mut lines = vec![PLine::one(
                format!("{} {}", if built { "✓" } else { "○" }, p.label),
                tone,
            )];
            if names && let Some(v) = p.named_by.map(|k| app.answers.get(k)).filter(|v| !v.is_empty()) {
                lines.push(PLine::one(format!("  {v}"), Tone::Muted));
            }
            lines
        })
        .collect()
}

/// The three places' lines: account A's two Regions, then account B in two columns split
/// between parts (a name stays with its part).
fn places(app: &App, names: bool) -> [Vec<PLine>; 4] {
    let a1 = parts(app, AccountRole::Management, RegionRole::Primary, names).concat();
    let a2 = parts(app, AccountRole::Management, RegionRole::Secondary, names).concat();
    let b = parts(app, AccountRole::Analytics, RegionRole::Secondary, names);
    let (b1, b2) = b.split_at(b.len().div_ceil(2));
    [a1, a2, b1.concat(), b2.concat()]
}

fn height(lines: &[PLine], width: u16) -> u16 {
    wrap::rows(lines, width.max(1) as usize).len() as u16
}

fn paragraph<'a>(lines: &[PLine], width: u16, t: &Theme) -> Paragraph<'a> {
    Paragraph::new(
        wrap::rows(lines, width.max(1) as usize)
            .iter()
            .map(|(_, l)| dialogs::line(l, t))
            .collect::<Vec<Line>>(),
    )
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, t: &Theme) {
    let outer = block(" Map · m or Esc goes back ", t, true);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let a = app.answers.get("primary_region");
    let b = app.answers.get("secondary_region");
    let acct_a = app.answers.get("management_account_id");
    let acct_b = app.answers.get("analytics_account_id");
    let user = app.answers.get("analyst_user");
    let sign_in = vec![PLine::new(vec![
        (format!("{} ", app.answers.get("idp_name")), Tone::Text),
        ("─SAML─▶ ".into(), flow(app, &["alice.acs-urls", "ethan.sign-in"])),
        (format!("Identity Center ({a}, {b}) "), Tone::Text),
        ("─▶ ".into(), flow(app, &["ethan.sign-in"])),
        (user.clone(), Tone::Accent),
    ])];
    let query = vec![
        PLine::new(vec![
            (format!("{user} "), Tone::Accent),
            ("─▶ Redshift ─▶ ".into(), Tone::Text),
            ("Lake Formation: SELECT".into(), flow(app, &["ethan.select"])),
            ("  ·  ".into(), Tone::Muted),
            (
                "Access Grants: UNLOAD, COPY".into(),
                flow(app, &["ethan.unload", "ethan.copy-join"]),
            ),
        ]),
        PLine::new(vec![
            ("outside the group's prefix: ".into(), Tone::Muted),
            ("denied".into(), flow(app, &["ethan.denied"])),
            (
                ", and each path logged under his name in CloudTrail".into(),
                Tone::Muted,
            ),
        ]),
    ];
    let w = inner.width;
    let arrow_w = 5;
    let half = (w.saturating_sub(arrow_w)) / 2;
    let b_half = w / 2;
    let fixed = height(&sign_in, w) + height(&query, w) + 4 + 4;
    let tall = |[a1, a2, b1, b2]: &[Vec<PLine>; 4]| {
        height(a1, half - 2).max(height(a2, half - 2)) + height(b1, b_half - 2).max(height(b2, b_half - 2))
    };
    // Names under the parts only where the height allows.
    let with_names = places(app, true);
    let [ap, asec, b1, b2] = if tall(&with_names) + fixed <= inner.height {
        with_names
    } else {
        places(app, false)
    };
    let (b1, b2) = (&b1[..], &b2[..]);
    let a_rows = height(&ap, half - 2).max(height(&asec, half - 2)) + 2;
    let b_rows = height(b1, b_half - 2).max(height(b2, b_half - 2)) + 2;
    let [top, a_area, b_area, bottom] = Layout::vertical([
        Constraint::Length(height(&sign_in, w)),
        Constraint::Length(a_rows),
        Constraint::Length(b_rows),
        Constraint::Min(0),
    ])
    .areas(inner);
    f.render_widget(paragraph(&sign_in, w, t), top);
    let [left, arrows, right] = Layout::horizontal([
        Constraint::Length(half),
        Constraint::Length(arrow_w),
        Constraint::Length(half),
    ])
    .areas(a_area);
    let frame = |title: String| block(title, t, false);
    let place = |f: &mut Frame, r: Rect, title: String, lines: &[PLine]| {
        let b = frame(title);
        let inner = b.inner(r);
        f.render_widget(b, r);
        f.render_widget(paragraph(lines, inner.width, t), inner);
    };
    place(f, left, format!(" A {acct_a} · {a} "), &ap);
    let arrow = |steps: &[&str]| dialogs::line(&PLine::one(" ══▶ ", flow(app, steps)), t);
    f.render_widget(
        Paragraph::new(vec![
            Line::default(),
            arrow(&["alice.idc-add-region"]),
            arrow(&["alice.kms-replica"]),
        ]),
        arrows,
    );
    place(f, right, format!(" A {acct_a} · {b} "), &asec);
    let b_block = frame(format!(" B {acct_b} · {b} "));
    let b_inner = b_block.inner(b_area);
    f.render_widget(b_block, b_area);
    let [c1, c2] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(b_inner);
    f.render_widget(paragraph(b1, c1.width, t), c1);
    f.render_widget(paragraph(b2, c2.width, t), c2);
    f.render_widget(paragraph(&query, w, t), bottom);
}
