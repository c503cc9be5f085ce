//! 增城开发区 delegation tracker.
//!
//! `core` is the legal core (catalogue, scope rules, working-day calendar, deadlines, router):
//! it has no GUI type in it, so the command line, the GUI and the tests share it.
//! `gui` is the iced desktop app built on top of it.

pub mod cli;
pub mod core;
pub mod gui;
pub mod i18n;
pub mod man_page;
