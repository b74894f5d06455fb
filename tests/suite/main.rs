//! The whole test suite, as one binary (each extra test binary would link the crate again).

mod answers;
mod catalog;
mod cli;
mod common;
mod engine;
mod tui;
mod validate;
