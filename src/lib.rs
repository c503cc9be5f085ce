//! 增城开发区 delegation tracker: the application layer.
//!
//! The law is `delegation-law`, the file formats `delegation-files`, the data folder
//! `delegation-store`, the workflows that join them `delegation-session`, and everything said
//! to a person is in `delegation-words` (see ARCHITECTURE.md). This crate holds the two front
//! ends that drive them: `cli`, the command line, and `gui`, the iced desktop app.

pub mod cli;
pub mod gui;
pub mod man_page;
