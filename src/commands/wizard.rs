//! The wizard: on the simulated cloud (`tipwiz demo`) or on real AWS (`tipwiz`), full screen or
//! as line prompts.

use super::{Ctx, Fail, plain_wanted, sim_seed};
use crate::cloud::Cloud;
use crate::cloud::sim::{Timing, WhenMissing};
use crate::engine::Engine;
use crate::journal::Journal;
use crate::tui::theme::Theme;
use std::sync::Arc;

/// `tipwiz demo`: the simulated cloud, which "start fresh" can reset.
pub(super) async fn demo(cx: &Ctx) -> Result<i32, Fail> {
    let theme = theme(cx)?;
    let answers = cx.answers(None)?;
    let plain = plain_wanted(&cx.cli);
    // Tests and plain runs want speed; a room watching the screen wants to see the waits.
    let timing = if plain { Timing::instant() } else { Timing::live() };
    let (cloud, journal) = cx.open_for_change(&answers, timing)?;
    let sim = cx.sim(&answers, timing, WhenMissing::Seed)?;
    let reset: crate::tui::Reset = Box::new(move |a| sim.reset(&sim_seed(a)).map_err(|e| e.to_string()));
    run(cx, cloud, journal, Some(reset), theme).await
}

/// `tipwiz` with no command: the wizard on the backend asked for (real AWS by default).
pub(super) async fn real(cx: &Ctx) -> Result<i32, Fail> {
    let theme = theme(cx)?;
    let answers = cx.answers(None)?;
    let (cloud, journal) = cx.open_for_change(&answers, Timing::instant())?;
    run(cx, cloud, journal, None, theme).await
}

async fn run(
    cx: &Ctx,
    cloud: Arc<dyn Cloud>,
    journal: Journal,
    reset: Option<crate::tui::Reset>,
    theme: Theme,
) -> Result<i32, Fail> {
    let engine = Engine::new(cx.catalog.clone(), cloud, journal, None);
    if plain_wanted(&cx.cli) {
        return Ok(crate::tui::plain::run(cx.catalog.clone(), engine, std::io::stdin().lock()).await);
    }
    let session = crate::tui::Session { engine, reset, theme };
    Ok(crate::tui::run(cx.catalog.clone(), session).await)
}

fn theme(cx: &Ctx) -> Result<Theme, Fail> {
    Theme::load(cx.cli.theme.as_deref()).map_err(Fail::input)
}
