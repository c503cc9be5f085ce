//! Where the records live, and saving them so that nothing is ever lost.
//!
//! - Each save writes a temporary file beside the records, flushes it to disk and renames it
//!   over the old one; the old one is first copied to `records.ron.1` (and `.1` to `.2`, …,
//!   up to [`BACKUPS`]).
//! - A records file that does not parse is never written over: the store opens read-only and
//!   says which file and line. Restoring a backup first moves the bad file aside.
//! - A second running instance cannot take the lock and opens read-only.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::catalogue::Catalogue;
pub use super::error::ReadOnly;
use super::error::{FileError, FileKind, Problem, StoreError, StoreOp};
use super::records::Records;

/// How many earlier versions are kept.
pub const BACKUPS: usize = 5;
/// The environment variable that moves the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "DELEGATION_TRACKER_DATA_DIR";
pub const RECORDS_FILE: &str = "records.ron";
const LOCK_FILE: &str = "records.lock";

/// The user's data directory for this program.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("cn.gov.guangzhou", "Zengcheng", "delegation-tracker")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".delegation-tracker"))
}

/// A backup file and whether it parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    pub good: bool,
}

#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    records: Records,
    read_only: Option<ReadOnly>,
    /// Whether [`Store::recover`] would restore a backup (looked up only for a bad file).
    has_good_backup: bool,
    /// Held for the life of the store: the advisory lock.
    _lock: Option<File>,
}

/// What [`Store::recover`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// Where the bad file now is.
    pub aside: PathBuf,
    /// The backup restored; `None`: there was no good one, and the records start empty.
    pub from_backup: Option<PathBuf>,
}

impl Store {
    /// Opens the records in `dir`, creating the directory. Never writes the records file.
    pub fn open(dir: &Path, cat: &Catalogue) -> Result<Store, StoreError> {
        fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, StoreOp::Open, &e))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| StoreError::io(&lock_path, StoreOp::Open, &e))?;
        let (lock, mut read_only) = match lock.try_lock() {
            Ok(()) => (Some(lock), None),
            Err(fs::TryLockError::WouldBlock) => (None, Some(ReadOnly::Locked)),
            Err(fs::TryLockError::Error(e)) => {
                return Err(StoreError::io(&lock_path, StoreOp::Open, &e));
            }
        };
        let path = dir.join(RECORDS_FILE);
        let mut records = match fs::read_to_string(&path) {
            Ok(text) => match Records::parse(&text, &path.display().to_string()) {
                Ok(r) => r,
                Err(e) => {
                    // A bad file outranks the lock: say what is wrong with it.
                    read_only = Some(ReadOnly::Unusable(e));
                    Records::default()
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => Records::default(),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                read_only = Some(ReadOnly::Unusable(FileError::whole(
                    &path.display().to_string(),
                    FileKind::Records,
                    Problem::NotUtf8,
                )));
                Records::default()
            }
            Err(e) => return Err(StoreError::io(&path, StoreOp::Read, &e)),
        };
        records.fill(cat);
        let mut store = Store {
            dir: dir.to_path_buf(),
            records,
            read_only,
            has_good_backup: false,
            _lock: lock,
        };
        if matches!(store.read_only, Some(ReadOnly::Unusable(_))) {
            store.has_good_backup = store.backups().iter().any(|b| b.good);
        }
        Ok(store)
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(RECORDS_FILE)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn records(&self) -> &Records {
        &self.records
    }

    /// Why the store is read-only, if it is.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// Saves the records safely. Refused while read-only.
    pub fn save(&mut self, records: Records) -> Result<(), StoreError> {
        self.save_with(records, |_| Ok(()))
    }

    /// `save`, with a hook run after the temporary file is on disk and before the rename
    /// (tests use it to stop a save half-way).
    pub fn save_with(
        &mut self,
        records: Records,
        before_rename: impl FnOnce(&Path) -> io::Result<()>,
    ) -> Result<(), StoreError> {
        let path = self.path();
        if let Some(why) = &self.read_only {
            return Err(StoreError::refused(&path, why.clone()));
        }
        if path.exists() {
            self.rotate_backups()?;
        }
        write_atomic(&path, records.to_ron().as_bytes(), before_rename)?;
        self.records = records;
        Ok(())
    }

    fn backup_path(&self, n: usize) -> PathBuf {
        self.dir.join(format!("{RECORDS_FILE}.{n}"))
    }

    /// records.ron.4 → .5, …, records.ron → .1 (a copy: the current file stays until the rename).
    fn rotate_backups(&self) -> Result<(), StoreError> {
        for n in (1..BACKUPS).rev() {
            let from = self.backup_path(n);
            if from.exists() {
                fs::rename(&from, self.backup_path(n + 1))
                    .map_err(|e| StoreError::io(&from, StoreOp::Move, &e))?;
            }
        }
        let first = self.backup_path(1);
        fs::copy(self.path(), &first).map_err(|e| StoreError::io(&first, StoreOp::Write, &e))?;
        Ok(())
    }

    /// The backups, newest first, each marked whether it parses.
    pub fn backups(&self) -> Vec<Backup> {
        (1..=BACKUPS)
            .map(|n| self.backup_path(n))
            .filter(|p| p.exists())
            .map(|path| {
                let good = fs::read_to_string(&path)
                    .ok()
                    .is_some_and(|t| Records::parse(&t, "").is_ok());
                Backup { path, good }
            })
            .collect()
    }

    /// Whether the records file is unusable and a good backup is there to replace it.
    pub fn has_good_backup(&self) -> bool {
        self.has_good_backup
    }

    /// Gets an unusable records file out of the way: moves it aside to
    /// `records.ron.corrupt-<time>` (never deletes it) and
    /// restores the newest good backup, or, with none, starts from empty records, which are
    /// written at the next save.
    pub fn recover(&mut self, cat: &Catalogue) -> Result<Recovered, StoreError> {
        if matches!(self.read_only, Some(ReadOnly::Locked)) {
            return Err(StoreError::refused(&self.path(), ReadOnly::Locked));
        }
        let backup = self.backups().into_iter().find(|b| b.good);
        let path = self.path();
        let aside = self.dir.join(format!(
            "{RECORDS_FILE}.corrupt-{}",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ));
        if path.exists() {
            fs::rename(&path, &aside).map_err(|e| StoreError::io(&path, StoreOp::Move, &e))?;
        }
        let mut records = match &backup {
            Some(b) => {
                let bytes =
                    fs::read(&b.path).map_err(|e| StoreError::io(&b.path, StoreOp::Read, &e))?;
                write_atomic(&path, &bytes, |_| Ok(()))?;
                let text = String::from_utf8_lossy(&bytes);
                // backups() found it good a moment ago; a backup changed since is refused.
                Records::parse(&text, &path.display().to_string())
                    .map_err(|e| StoreError::refused(&b.path, ReadOnly::Unusable(e)))?
            }
            None => Records::for_catalogue(cat),
        };
        records.fill(cat);
        self.records = records;
        self.read_only = None;
        self.has_good_backup = false;
        Ok(Recovered {
            aside,
            from_backup: backup.map(|b| b.path),
        })
    }

    /// Reads the records in `dir` without taking the lock (the command line reads them while
    /// the app may be open). No file: empty records.
    pub fn peek(dir: &Path) -> Result<Records, FileError> {
        let path = dir.join(RECORDS_FILE);
        if !path.exists() {
            return Ok(Records::default());
        }
        Store::read_import(&path)
    }

    /// Reads a records file for import, checking it fully before anything is replaced.
    pub fn read_import(file: &Path) -> Result<Records, FileError> {
        let name = file.display().to_string();
        let kind = FileKind::Records;
        let bytes = fs::read(file).map_err(|e| FileError::unreadable(&name, kind, &e))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| FileError::whole(&name, kind, Problem::NotUtf8))?;
        Records::parse(&text, &name)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory: written, flushed
/// and synced, then renamed over `path`. If anything fails before the rename, `path` is as it was.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        before_rename(&tmp)?;
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| StoreError::io(path, StoreOp::Write, &e))
}
