//! tipwiz: a terminal wizard for multi-Region, identity-based access to Amazon Redshift and
//! S3 Tables. The walkthrough is data (`steps/`), the actions are written against a Cloud port,
//! the engine runs them with a journal, and the screens only draw what the engine reports.

pub mod actions;
pub mod answers;
pub mod catalog;
pub mod cloud;
pub mod commands;
pub mod engine;
pub mod events;
pub mod fs;
pub mod handoff;
pub mod journal;
pub mod report;
pub mod time;
pub mod tui;
