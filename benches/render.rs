//! How long the busiest screen takes to draw: every step listed, one running with live calls,
//! and a log of 10,000 lines. Run with `cargo bench --no-default-features --bench render`.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use tipwiz::answers::Answers;
use tipwiz::events::Event;
use tipwiz::journal::{JournalData, StepRecord, StepState};
use tipwiz::tui::app::{App, Msg};
use tipwiz::tui::theme::Theme;
use tipwiz::tui::view;

fn busy_app() -> App {
    let catalog = Arc::new(tipwiz::actions::catalog().expect("catalog"));
    let mut steps = BTreeMap::new();
    for s in catalog.steps().iter().take(12) {
        steps.insert(
            s.id.clone(),
            StepRecord {
                state: Some(StepState::Done),
                ..StepRecord::default()
            },
        );
    }
    let running = catalog.steps()[12].id.clone();
    steps.insert(
        running.clone(),
        StepRecord {
            state: Some(StepState::Running),
            ..StepRecord::default()
        },
    );
    let journal = JournalData {
        version: 1,
        backend: "sim".into(),
        answers: Answers::defaults(&catalog),
        steps,
    };
    let mut app = App::new(catalog, journal, "sim");
    app.dialog = None;
    app.update(Msg::Resize { width: 120, height: 40 });
    for i in 0..10_000 {
        app.update(Msg::Engine(Event::Note {
            step: running.clone(),
            message: format!("log line {i}"),
        }));
    }
    app.update(Msg::Engine(Event::StepStarted { step: running.clone() }));
    for call in 0..10 {
        app.update(Msg::Engine(Event::CallStarted {
            step: running.clone(),
            call,
            service: "lakeformation",
            operation: "GrantPermissions",
            region: "us-west-2".into(),
            mutating: true,
        }));
    }
    app.update(Msg::Engine(Event::Waiting {
        step: running.clone(),
        what: "Region us-west-2".into(),
        status: "ADDING".into(),
        elapsed_ms: 40_000,
    }));
    app.selected = 12;
    app.running = true;
    app
}

fn render(c: &mut Criterion) {
    let app = busy_app();
    let theme = Theme::load(Some("dark")).expect("theme");
    for (w, h) in [(120u16, 40u16), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        c.bench_function(&format!("busiest screen {w}x{h}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| {
                        view::draw(f, black_box(&app), &theme);
                    })
                    .expect("draw");
            })
        });
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
