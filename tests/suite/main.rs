//! The whole test suite, as one binary (each extra test binary would link the crate again).

mod answers;
#[cfg(feature = "aws")]
mod aws_lake_mocks;
#[cfg(feature = "aws")]
mod aws_mocks;
#[cfg(feature = "aws")]
mod aws_storage_mocks;
mod catalog;
mod cli;
mod common;
mod contract;
mod engine;
mod tui;
mod validate;
