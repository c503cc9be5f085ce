//! `notices import` under faults (issue 31): a full disk and a kill leave the data folder's
//! notices as they were or with the new one whole, and routing as it was. The notice is the
//! made-up amendment of tests/notices/ (test data, never shipped), made larger by a comment so
//! that its write takes long enough to be cut.

mod cli_common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use cli_common::{bin_in as bin, run_in, stderr};

/// The test amendment with a comment of `padding` bytes at its end: `(path, bytes)`.
fn padded_amendment(dir: &Path, padding: usize) -> (PathBuf, Vec<u8>) {
    let from = format!(
        "{}/tests/notices/amendment-2026-test.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut text = std::fs::read_to_string(from).unwrap();
    let line = "// 测试填充：使文件变大，以便在写入途中将其打断。\n";
    while text.len() < padding {
        text.push_str(line);
    }
    let path = dir.join("amendment-padded.ron");
    std::fs::write(&path, &text).unwrap();
    (path, text.into_bytes())
}

/// Every file in `data`'s `notices/`, with its bytes (none where the folder is not there).
fn kept(data: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(data.join("notices")) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// `notices list --format json`: its lines, after checking it ran cleanly (no kept notice it
/// could not use).
fn listed(data: &Path) -> Vec<String> {
    let o = run_in(data, &["notices", "list", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A real full disk (a 64 KiB tmpfs; needs root, skipped saying why elsewhere): the import is
/// refused saying the disk is full, in the user's language, and leaves no file behind.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_notices_import_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let Some(_disk) = cli_common::small_disk(&mnt, "64k") else {
        return;
    };
    let data = mnt.join("data");
    std::fs::create_dir(&data).unwrap();
    let (file, _) = padded_amendment(dir.path(), 256 * 1024);
    // In English the system's own words name it.
    for (lang, said) in [("zh", "磁盘已满"), ("en", "No space left on device")] {
        let o = run_in(
            &data,
            &["--lang", lang, "notices", "import", file.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(said), "{}", stderr(&o));
        assert!(!stderr(&o).contains("Os {"), "{}", stderr(&o));
        assert!(kept(&data).is_empty(), "{:?}", kept(&data));
        assert_eq!(listed(&data).len(), 1, "the built-in notice alone");
    }
}

/// `notices import` killed at any moment of its run: afterwards the notice is kept whole or
/// not at all, no half-written file is taken for a notice, routing lists what is kept, and a
/// second import finishes the job.
#[cfg(unix)]
#[test]
fn a_notices_import_killed_at_any_moment_keeps_the_notice_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (file, bytes) = padded_amendment(dir.path(), 8 * 1024 * 1024);
    let file = file.to_str().unwrap().to_string();
    // How long a whole import takes here: the kills fall over all of it.
    let timing = dir.path().join("timing");
    let start = Instant::now();
    let o = run_in(&timing, &["notices", "import", &file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let whole = start.elapsed();
    let (mut before, mut after) = (0, 0);
    for round in 0..24u32 {
        let data = dir.path().join(format!("data-{round}"));
        std::fs::create_dir(&data).unwrap();
        let mut child = bin(&data)
            .args(["notices", "import", &file])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread over twice the time of a whole run: a child started under load is slower.
        std::thread::sleep(whole.mul_f64(f64::from(round) / 12.0));
        let _ = child.kill();
        let _ = child.wait();
        let notices: Vec<_> = kept(&data)
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        match notices.as_slice() {
            [] => {
                before += 1;
                assert_eq!(listed(&data).len(), 1, "round {round}");
            }
            [(_, kept)] => {
                after += 1;
                assert!(kept == &bytes, "round {round}: a notice kept in part");
                assert_eq!(listed(&data).len(), 2, "round {round}");
            }
            more => panic!("round {round}: {} notices kept", more.len()),
        }
        // Whatever was cut, importing again leaves the notice kept once, whole.
        let o = run_in(&data, &["notices", "import", &file]);
        assert_eq!(o.status.code(), Some(0), "round {round}: {}", stderr(&o));
        let ron: Vec<_> = kept(&data)
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        assert_eq!(ron.len(), 1, "round {round}");
        assert!(ron[0].1 == bytes, "round {round}");
        assert_eq!(listed(&data).len(), 2, "round {round}");
    }
    eprintln!(
        "a whole import took {whole:?}; killed before the notice was kept {before} times, \
         after {after} times"
    );
    assert!(before > 0, "no kill fell before the notice was kept");
}
