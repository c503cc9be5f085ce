//! The data folder: where it is, and the files of its own that no output may replace.

use std::path::{Path, PathBuf};

/// The handover records.
pub const RECORDS_FILE: &str = "records.ron";
/// How many earlier versions of the records are kept (`records.ron.1` … `.5`).
pub const BACKUPS: usize = 5;
/// Held by whoever may write the records: the app for its life, a command for its change.
pub const LOCK_FILE: &str = "records.lock";
/// The holiday years the user imported.
pub const OVERRIDE_FILE: &str = "holidays-override.ron";
/// Serialises the read, merge and save of the imported holiday years.
pub const HOLIDAYS_LOCK_FILE: &str = "holidays.lock";
/// The folder of the notices a coordinator imported (issue 31), one file a notice.
pub const NOTICES_DIR: &str = "notices";
pub const NOTICES_LOCK_FILE: &str = "notices.lock";

/// The case register, when no other place is given (see the session's `store_path`).
pub const CASES_FILE: &str = "cases.sqlite";

/// The environment variable that moves the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "DELEGATION_TRACKER_DATA_DIR";

/// The user's data directory for this program.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("cn.gov.guangzhou", "Zengcheng", "delegation-tracker")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".delegation-tracker"))
}

/// Every file the program keeps in the data directory, there or not yet: the records, their
/// backups, both locks, the imported holiday years, the case register and SQLite's files
/// beside it. No output is ever written to one of these places.
pub fn own_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![dir.join(RECORDS_FILE)];
    files.extend((1..=BACKUPS).map(|n| dir.join(format!("{RECORDS_FILE}.{n}"))));
    files.extend(
        [
            LOCK_FILE,
            OVERRIDE_FILE,
            HOLIDAYS_LOCK_FILE,
            NOTICES_LOCK_FILE,
        ]
        .map(|f| dir.join(f)),
    );
    files.extend(["", "-wal", "-shm", "-journal"].map(|s| dir.join(format!("{CASES_FILE}{s}"))));
    files.extend(kept_notices(dir));
    files
}

/// The data directory's own files that exist (the records, their backups and the imported
/// holiday years): inputs of every command, which no output may replace.
pub fn data_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![dir.join(RECORDS_FILE)];
    files.extend((1..=BACKUPS).map(|n| dir.join(format!("{RECORDS_FILE}.{n}"))));
    files.push(dir.join(OVERRIDE_FILE));
    files.extend(kept_notices(dir));
    files.retain(|p| p.exists());
    files
}

/// The folder of the imported notices.
pub fn notices_dir(dir: &Path) -> PathBuf {
    dir.join(NOTICES_DIR)
}

/// The kept notice files (`*.ron` in `notices/`), in the order of their names; none when the
/// folder is not there.
pub fn kept_notices(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(notices_dir(dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}
