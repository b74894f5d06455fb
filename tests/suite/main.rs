//! The whole test suite, as one binary (each extra test binary would link the crate again).

mod answers;
#[cfg(feature = "aws")]
mod aws;
mod catalog;
mod cli;
mod common;
mod contract;
mod crash;
mod doctor;
mod engine;
mod first_contact;
mod handoff;
mod layers;
mod permissions;
mod process;
mod script;
mod tui;
mod validate;
