//! The interactive wizard: the full-screen terminal UI, and the plain line mode.
//!
//! Data flows one way: keys and engine events become messages, `App::update` turns them into
//! state and commands, the runner carries out the commands (engine runs off the UI task), and
//! `view::draw` paints the state. Frames are drawn when something changed, never on a busy loop.

pub mod app;
mod clipboard;
pub mod dialogs;
pub mod keymap;
pub mod map;
pub mod msg;
pub mod plain;
pub mod text;
pub mod theme;
pub mod view;
pub mod wrap;

use crate::catalog::Catalog;
use crate::engine::{Engine, Outcome, RunOptions};
use app::{App, Cmd, Msg};
use ratatui::crossterm::event::{self, Event as TermEvent};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use theme::Theme;

/// Starts the simulated cloud over (the demo's "start fresh"); the error says what failed.
pub type Reset = Box<dyn Fn(&crate::answers::Answers) -> Result<(), String> + Send + Sync>;

/// Everything the runner needs: the engine, on the simulated cloud how to reset it, and on AWS
/// the profiles of the shared config files (name, how it gets credentials) to offer.
pub struct Session {
    pub engine: Engine,
    pub reset: Option<Reset>,
    pub theme: Theme,
    pub profiles: Vec<(String, String)>,
}

fn now_ms() -> u64 {
    crate::cloud::Clock::now_ms(&crate::cloud::RealClock)
}

/// Runs the full-screen wizard until the user quits; returns the exit code.
pub async fn run(catalog: Arc<Catalog>, session: Session) -> i32 {
    let Session {
        engine,
        reset,
        theme,
        profiles,
    } = session;
    let journal = engine.journal.clone();
    let mut app = App::new(catalog.clone(), journal.snapshot(), engine.cloud.name());
    app.profiles = profiles;

    let mut terminal = ratatui::init();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    // Terminal input is read on its own thread: the UI task never blocks on it.
    let input_tx = tx.clone();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            let msg = match ev {
                TermEvent::Key(k) => Msg::Key(k),
                TermEvent::Resize(width, height) => Msg::Resize { width, height },
                _ => continue,
            };
            if input_tx.send(msg).is_err() {
                break;
            }
        }
    });
    let mut term_signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut interrupted = false;
    app.update(Msg::Tick { now_ms: now_ms() });
    if let Ok(size) = terminal.size() {
        app.update(Msg::Resize {
            width: size.width,
            height: size.height,
        });
    }
    if let Some(cmd) = app.on_start() {
        debug_assert_eq!(cmd, Cmd::Doctor);
        spawn_doctor(&engine, &tx);
    }
    draw(&mut terminal, &app, &theme);
    loop {
        let msg = tokio::select! {
            m = rx.recv() => match m { Some(m) => m, None => break },
            // The spinner and elapsed times move only while something runs: idle means no frames.
            _ = ticker.tick(), if app.running => Msg::Tick { now_ms: now_ms() },
            _ = async { match term_signal.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => { interrupted = true; break }
            _ = async { match hangup.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => { interrupted = true; break }
        };
        // An engine event comes with the journal as the engine left it, so the model works out
        // its page once with both. Doctor records what it found in place as done elsewhere.
        if matches!(msg, Msg::Engine(_) | Msg::Findings(_) | Msg::RunDone { .. }) {
            app.journal = journal.snapshot();
        }
        let mut cmds: std::collections::VecDeque<Cmd> = app.update(msg).into();
        while let Some(cmd) = cmds.pop_front() {
            match cmd {
                Cmd::Quit => app.quit = true,
                Cmd::SaveAnswers(a) => {
                    if let Err(e) = journal.update(|d| d.answers = (*a).clone()) {
                        cmds.extend(app.update(Msg::RunDone {
                            summary: format!("could not save the answers: {e}"),
                            code: 2,
                        }));
                    }
                }
                Cmd::Copy(text) => {
                    let mut out = std::io::stdout();
                    let _ = out.write_all(clipboard::osc52(&text).as_bytes());
                    let _ = out.flush();
                }
                Cmd::StopAfterCall => engine.stop_handle().store(true, std::sync::atomic::Ordering::SeqCst),
                Cmd::StartFresh => {
                    let _ = journal.reset();
                    if let Some(reset) = &reset
                        && let Err(e) = reset(&journal.answers())
                    {
                        app.update(Msg::Engine(crate::events::Event::Note {
                            step: "demo".into(),
                            message: format!("could not start the simulated cloud over: {e}"),
                        }));
                    }
                    app.update(Msg::Journal(Box::new(journal.snapshot())));
                }
                Cmd::Doctor => spawn_doctor(&engine, &tx),
                Cmd::Discover { key } => {
                    let cloud = engine.cloud.clone();
                    let answers = journal.answers();
                    let back = tx.clone();
                    tokio::spawn(async move {
                        let result = crate::engine::discover::choices(cloud.as_ref(), &answers, &key)
                            .await
                            .map(|cs| cs.into_iter().map(|c| (c.value, c.note)).collect())
                            .map_err(|e| e.to_string());
                        let _ = back.send(Msg::Choices { key, result });
                    });
                }
                Cmd::Apply {
                    steps,
                    confirmed,
                    reapply,
                } => {
                    spawn_run(&engine, &tx, move |e: Engine| async move {
                        let opts = RunOptions {
                            only: Some(steps),
                            confirmed,
                            reapply,
                            ..RunOptions::default()
                        };
                        let o = e.apply(&opts).await;
                        (summary(&o), o.exit_code())
                    });
                }
                Cmd::Rollback { step } => {
                    spawn_run(&engine, &tx, move |e: Engine| async move {
                        match e.rollback(&step).await {
                            Ok(done) => (format!("rolled back {}", done.join(", ")), 0),
                            Err(err) => (format!("rollback stopped: {err}; press r to continue"), 1),
                        }
                    });
                }
                Cmd::Teardown => {
                    spawn_run(&engine, &tx, move |e: Engine| async move {
                        match e.teardown().await {
                            Ok(done) if done.is_empty() => ("nothing to tear down".to_string(), 0),
                            Ok(done) => (format!("teardown removed the work of {} steps", done.len()), 0),
                            Err(err) => (format!("teardown stopped: {err}; press T to continue"), 1),
                        }
                    });
                }
            }
        }
        if app.quit {
            interrupted |= app.running;
            break;
        }
        draw(&mut terminal, &app, &theme);
    }
    ratatui::restore();
    if interrupted { 130 } else { 0 }
}

/// Reads the account step by step off the UI task; the findings come back as a message.
fn spawn_doctor(engine: &Engine, tx: &tokio::sync::mpsc::UnboundedSender<Msg>) {
    let e = Engine::new(
        engine.catalog.clone(),
        engine.cloud.clone(),
        engine.journal.clone(),
        None,
    );
    let back = tx.clone();
    tokio::spawn(async move {
        let found = e.doctor(None).await;
        let _ = back.send(Msg::Findings(found));
    });
}

/// Draws a frame, with the terminal's cursor at the input being edited (hidden otherwise).
fn draw(terminal: &mut ratatui::DefaultTerminal, app: &App, theme: &Theme) {
    let _ = terminal.draw(|f| {
        if let Some((x, y)) = view::draw(f, app, theme) {
            f.set_cursor_position((x, y));
        }
    });
}

fn summary(o: &Outcome) -> String {
    match o {
        Outcome::Done => "done".into(),
        Outcome::Failed { step, error } => format!("{step} failed and was rolled back: {error}"),
        Outcome::Stopped { waiting } => format!(
            "waiting for you: {}",
            waiting.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(", ")
        ),
        Outcome::Interrupted => "stopped; the journal keeps everything".into(),
        Outcome::Crashed => "crashed".into(),
    }
}

/// Runs engine work off the UI task; its events and its end come back as messages.
fn spawn_run<F, Fut>(engine: &Engine, tx: &tokio::sync::mpsc::UnboundedSender<Msg>, work: F)
where
    F: FnOnce(Engine) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = (String, i32)> + Send + 'static,
{
    let (etx, mut erx) = tokio::sync::mpsc::unbounded_channel();
    let forward = tx.clone();
    let forwarder = tokio::spawn(async move {
        while let Some(e) = erx.recv().await {
            if forward.send(Msg::Engine(e)).is_err() {
                break;
            }
        }
    });
    let e = Engine::new(
        engine.catalog.clone(),
        engine.cloud.clone(),
        engine.journal.clone(),
        Some(etx),
    );
    // Share the stop flag so Ctrl-C reaches this run.
    let e = e.with_stop(engine.stop_handle());
    let done = tx.clone();
    tokio::spawn(async move {
        let (summary, code) = work(e).await;
        // The run's last events reach the model before its end does (the engine, dropped with
        // the work, closes their channel), so the end sees the journal as the run left it.
        let _ = tokio::time::timeout(Duration::from_secs(2), forwarder).await;
        let _ = done.send(Msg::RunDone { summary, code });
    });
}
