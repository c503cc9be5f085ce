#![allow(dead_code)] // each test binary that includes this module uses part of it
//! What the command-line tests share: the built binary with an empty data directory of its
//! own (never the real user's), and its output as text.

use std::process::{Command, Output};

/// The binary, with a fresh, empty data directory.
pub fn bin() -> Command {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut c = Command::new(env!("CARGO_BIN_EXE_delegation-tracker"));
    c.env("DELEGATION_TRACKER_DATA_DIR", dir);
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
