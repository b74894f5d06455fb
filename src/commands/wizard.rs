//! The wizard: on the simulated cloud (`tipwiz demo`) or on real AWS (`tipwiz`), full screen or
//! as line prompts.

use super::{Ctx, Fail, Pace, plain_wanted, sim_seed};
use crate::cloud::Cloud;
use crate::cloud::sim::{Timing, WhenMissing};
use crate::engine::Engine;
use crate::journal::Journal;
use crate::tui::theme::Theme;
use std::sync::Arc;

/// `tipwiz demo`: the simulated cloud, which "start fresh" can reset.
pub(super) async fn demo(cx: &Ctx, pace: Pace) -> Result<i32, Fail> {
    let plain = plain_wanted(&cx.cli);
    let theme = theme(cx, !plain)?;
    let answers = cx.answers(None)?;
    // Plain runs want speed; a room watching the screen wants to see the waits.
    let timing = if plain || pace == Pace::Instant {
        Timing::instant()
    } else {
        Timing::live()
    };
    let (cloud, journal) = cx.open_for_change(&answers, timing)?;
    let sim = cx.sim(&answers, timing, WhenMissing::Seed)?;
    let reset: crate::tui::Reset = Box::new(move |a| sim.reset(&sim_seed(a)).map_err(|e| e.to_string()));
    run(cx, cloud, journal, Some(reset), theme).await
}

/// `tipwiz` with no command: the wizard on the backend asked for (real AWS by default).
pub(super) async fn real(cx: &Ctx) -> Result<i32, Fail> {
    let theme = theme(cx, !plain_wanted(&cx.cli))?;
    let mut answers = cx.answers(None)?;
    // What the account can settle (its ids, the RA3 cluster) is read before the first screen,
    // so nobody types a 12-digit id; what it cannot stays empty for Ctrl-O or typing. A slow or
    // unreachable endpoint does not hold the wizard back for long.
    let fill = cx.fill_from_account(&mut answers);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), fill).await;
    // Cut short, the reading may not have derived what follows from what it found.
    answers.derive();
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
    let profiles = if cx.backend == super::Backend::Aws {
        profiles().await
    } else {
        vec![]
    };
    let session = crate::tui::Session {
        engine,
        reset,
        theme,
        profiles,
    };
    Ok(crate::tui::run(cx.catalog.clone(), session).await)
}

/// The profiles of the shared AWS config files, each with how it gets credentials.
#[cfg(feature = "aws")]
async fn profiles() -> Vec<(String, String)> {
    crate::cloud::aws::credentials::profiles()
        .await
        .into_iter()
        .map(|p| (p.name, p.kind.to_string()))
        .collect()
}

#[cfg(not(feature = "aws"))]
async fn profiles() -> Vec<(String, String)> {
    vec![]
}

/// The theme; for the full screen on a terminal, `auto` asks the terminal for its background
/// first (before the screen takes the input, so the answer is not read as keys).
fn theme(cx: &Ctx, full_screen: bool) -> Result<Theme, Fail> {
    let env = crate::tui::theme::Env::from_process();
    let name = cx.cli.theme.as_deref();
    let ask = full_screen && !env.no_color && name.is_none_or(|n| n == "auto");
    let reported = if ask {
        crate::tui::theme::query_background()
    } else {
        None
    };
    Theme::resolve(name, &env, reported).map_err(Fail::input)
}
