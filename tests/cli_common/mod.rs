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

/// The binary with `data` as its data directory (several runs sharing one).
pub fn bin_in(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_delegation-tracker"));
    c.env("DELEGATION_TRACKER_DATA_DIR", data);
    c
}

/// Runs the binary with `data` as its data directory.
pub fn run_in(data: &std::path::Path, args: &[&str]) -> Output {
    bin_in(data).args(args).output().expect("the binary runs")
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

/// A small tmpfs mounted at `at` (`size` as mount takes it, "64k"), for a real full disk;
/// unmounted when dropped. `None`, after saying why, where it cannot be mounted (it needs
/// root): the test that asked is skipped.
#[cfg(target_os = "linux")]
pub fn small_disk(at: &std::path::Path, size: &str) -> Option<SmallDisk> {
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return None;
    }
    Some(SmallDisk(at.to_path_buf()))
}

/// A mounted [`small_disk`]: unmounted when dropped.
pub struct SmallDisk(std::path::PathBuf);

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}
