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

use super::applications::{ParseError, Problem};
use super::catalogue::Catalogue;
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

/// Why the store will not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another instance holds the lock.
    Locked,
    /// The records file does not parse (or is of a newer version).
    Unusable(ParseError),
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
    pub fn open(dir: &Path, cat: &Catalogue) -> io::Result<Store> {
        fs::create_dir_all(dir)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        let (lock, mut read_only) = match lock.try_lock() {
            Ok(()) => (Some(lock), None),
            Err(fs::TryLockError::WouldBlock) => (None, Some(ReadOnly::Locked)),
            Err(fs::TryLockError::Error(e)) => return Err(e),
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
                read_only = Some(ReadOnly::Unusable(ParseError::whole(
                    &path.display().to_string(),
                    Problem::NotUtf8,
                    "the file is not UTF-8 text: not a records file",
                )));
                Records::default()
            }
            Err(e) => return Err(e),
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
    pub fn save(&mut self, records: Records) -> io::Result<()> {
        self.save_with(records, |_| Ok(()))
    }

    /// `save`, with a hook run after the temporary file is on disk and before the rename
    /// (tests use it to stop a save half-way).
    pub fn save_with(
        &mut self,
        records: Records,
        before_rename: impl FnOnce(&Path) -> io::Result<()>,
    ) -> io::Result<()> {
        if let Some(why) = &self.read_only {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                match why {
                    ReadOnly::Locked => {
                        "another instance has the records open: read-only".to_string()
                    }
                    ReadOnly::Unusable(e) => {
                        format!("the records file is not usable, so it is not written over: {e}")
                    }
                },
            ));
        }
        let path = self.path();
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
    fn rotate_backups(&self) -> io::Result<()> {
        for n in (1..BACKUPS).rev() {
            let from = self.backup_path(n);
            if from.exists() {
                fs::rename(&from, self.backup_path(n + 1))?;
            }
        }
        fs::copy(self.path(), self.backup_path(1))?;
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
    pub fn recover(&mut self, cat: &Catalogue) -> io::Result<Recovered> {
        if matches!(self.read_only, Some(ReadOnly::Locked)) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "another instance has the records open",
            ));
        }
        let backup = self.backups().into_iter().find(|b| b.good);
        let path = self.path();
        let aside = self.dir.join(format!(
            "{RECORDS_FILE}.corrupt-{}",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ));
        if path.exists() {
            fs::rename(&path, &aside)?;
        }
        let mut records = match &backup {
            Some(b) => {
                let bytes = fs::read(&b.path)?;
                write_atomic(&path, &bytes, |_| Ok(()))?;
                let text = String::from_utf8_lossy(&bytes);
                Records::parse(&text, &path.display().to_string())
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?
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
    pub fn peek(dir: &Path) -> Result<Records, ParseError> {
        let path = dir.join(RECORDS_FILE);
        if !path.exists() {
            return Ok(Records::default());
        }
        Store::read_import(&path)
    }

    /// Reads a records file for import, checking it fully before anything is replaced.
    pub fn read_import(file: &Path) -> Result<Records, ParseError> {
        let name = file.display().to_string();
        let bytes = fs::read(file).map_err(|e| ParseError::unreadable(&name, &e))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            ParseError::whole(
                &name,
                Problem::NotUtf8,
                "the file is not UTF-8 text: not a records file",
            )
        })?;
        Records::parse(&text, &name)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory: written, flushed
/// and synced, then renamed over `path`. If anything fails before the rename, `path` is as it was.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
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
    result
}
