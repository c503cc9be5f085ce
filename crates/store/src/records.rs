//! Where the records live, and saving them so that nothing is ever lost.
//!
//! - Each save writes the new version to a temporary file beside the records (created
//!   exclusively under a random name, never through a link), flushes and syncs it. Only then
//!   are the backups rotated, each step a rename: the current file is hard-linked to a
//!   temporary name, `.4` → `.5`, …, `.1` → `.2`, that link → `.1`, and the temporary file is
//!   renamed over `records.ron`. A crash at any point leaves `records.ron` the old or the new
//!   version, and every backup a whole file; a failed write (a full disk) leaves the records
//!   and the backups as they were.
//! - Temporary files left by a killed save are removed when the store next opens with the lock.
//! - A records file that does not parse is never written over: the store opens read-only and
//!   says which file and line. Restoring a backup first moves the bad file aside.
//! - A second running instance cannot take the lock and opens read-only. The lock file is
//!   never opened through a link.
//! - Every file is read through `delegation-files`' guarded reads: a regular file within the
//!   size cap, so nothing hangs.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use delegation_files::error::{FileError, FileKind, PathError, PathOp, Problem};
use delegation_files::io::read::{ReadFail, read_capped, read_file, read_text};
use delegation_files::io::write::{
    TEMP_SUFFIX, commit, is_our_temporary, link_or_copy, temp_prefix, write_atomic,
    write_temporary_through,
};
use delegation_law::catalogue::Catalogue;
use delegation_law::records::Records;

use crate::dir::{BACKUPS, LOCK_FILE, OVERRIDE_FILE, RECORDS_FILE};
use crate::error::{ReadOnly, StoreError};
use crate::lock::open_lock;

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
        fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, PathOp::Open, &e))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock =
            open_lock(&lock_path).map_err(|e| StoreError::io(&lock_path, PathOp::Open, &e))?;
        let (lock, mut read_only) = match lock.try_lock() {
            Ok(()) => (Some(lock), None),
            Err(fs::TryLockError::WouldBlock) => (None, Some(ReadOnly::Locked)),
            Err(fs::TryLockError::Error(e)) => {
                return Err(StoreError::io(&lock_path, PathOp::Open, &e));
            }
        };
        if lock.is_some() {
            remove_stale_temporaries(dir);
        }
        let path = dir.join(RECORDS_FILE);
        let name = path.display().to_string();
        let mut records = match read_text(&path, FileKind::Records) {
            Ok(Some(text)) => match parse_records(&text, &name) {
                Ok(r) => r,
                Err(e) => {
                    // A bad file outranks the lock: say what is wrong with it.
                    read_only = Some(ReadOnly::Unusable(e));
                    Records::default()
                }
            },
            Ok(None) => Records::default(),
            Err(FileError {
                problem: Problem::Unreadable { kind: Some(k), os },
                ..
            }) => {
                return Err(StoreError::Path(PathError {
                    path,
                    op: PathOp::Read,
                    kind: Some(k),
                    os,
                    refusal: None,
                }));
            }
            // Not UTF-8, not a regular file, too large: a bad file, never written over.
            Err(e) => {
                read_only = Some(ReadOnly::Unusable(e));
                Records::default()
            }
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
        self.save_through(records, |f, bytes| f.write_all(bytes), before_rename)
    }

    /// `save_with`, writing the temporary file through `write` (tests inject a full disk or
    /// a short write there).
    #[doc(hidden)]
    pub fn save_through(
        &mut self,
        records: Records,
        write: impl FnOnce(&mut dyn Write, &[u8]) -> io::Result<()>,
        before_rename: impl FnOnce(&Path) -> io::Result<()>,
    ) -> Result<(), StoreError> {
        let path = self.path();
        if let Some(why) = &self.read_only {
            return Err(StoreError::refused(&path, why.clone()));
        }
        let tmp = write_temporary_through(&path, records.to_ron().as_bytes(), write)?;
        // The new version is whole on disk; only now do the backups move.
        if fs::symlink_metadata(&path).is_ok() && !self.newest_backup_is_current() {
            self.rotate_backups()?;
        }
        commit(tmp, &path, before_rename)?;
        self.records = records;
        Ok(())
    }

    /// Whether `.1` already holds what `records.ron` holds (a save that failed after the
    /// rotation, or was killed): rotating again would push a good old version out for a
    /// second copy of the current one.
    fn newest_backup_is_current(&self) -> bool {
        match (read_capped(&self.path()), read_capped(&self.backup_path(1))) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }

    fn backup_path(&self, n: usize) -> PathBuf {
        self.dir.join(format!("{RECORDS_FILE}.{n}"))
    }

    /// records.ron.4 → .5, …, .1 → .2, records.ron → .1, every step a rename: the current
    /// file is first linked (or, where links are not supported, copied and synced) to a
    /// temporary name, so `.1` is never a partial file and `records.ron` stays until the
    /// caller renames the new version over it. If the link fails (a full disk), nothing moved.
    fn rotate_backups(&self) -> Result<(), StoreError> {
        let path = self.path();
        let first = self.backup_path(1);
        let held = link_or_copy(&path).map_err(|e| StoreError::io(&first, PathOp::Write, &e))?;
        for n in (1..BACKUPS).rev() {
            let from = self.backup_path(n);
            // A link at a backup's name is renamed like a file: never followed.
            if fs::symlink_metadata(&from).is_ok() {
                fs::rename(&from, self.backup_path(n + 1))
                    .map_err(|e| StoreError::io(&from, PathOp::Move, &e))?;
            }
        }
        held.persist(&first)
            .map_err(|e| StoreError::io(&first, PathOp::Move, &e.error))?;
        Ok(())
    }

    /// The backups, newest first, each marked whether it parses.
    pub fn backups(&self) -> Vec<Backup> {
        (1..=BACKUPS)
            .map(|n| self.backup_path(n))
            .filter(|p| p.exists())
            .map(|path| {
                let good = read_text(&path, FileKind::Records)
                    .ok()
                    .flatten()
                    .is_some_and(|t| parse_records(&t, "").is_ok());
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
            fs::rename(&path, &aside).map_err(|e| StoreError::io(&path, PathOp::Move, &e))?;
        }
        let mut records = match &backup {
            Some(b) => {
                let bytes = read_capped(&b.path).map_err(|e| match e {
                    ReadFail::Io(e) => StoreError::io(&b.path, PathOp::Read, &e),
                    ReadFail::Bad(p) => StoreError::refused(
                        &b.path,
                        ReadOnly::Unusable(FileError::whole(
                            &b.path.display().to_string(),
                            FileKind::Records,
                            p,
                        )),
                    ),
                })?;
                write_atomic(&path, &bytes, |_| Ok(()))?;
                let text = String::from_utf8_lossy(&bytes);
                // backups() found it good a moment ago; a backup changed since is refused.
                parse_records(&text, &path.display().to_string())
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
        let name = path.display().to_string();
        match read_text(&path, FileKind::Records)? {
            Some(text) => parse_records(&text, &name),
            None => Ok(Records::default()),
        }
    }

    /// Reads a records file for import, checking it fully before anything is replaced: its
    /// syntax, and then what the command line and the app would refuse ([`Records::check`]:
    /// handover dates from the notice's issue to a year past `today`, each element once).
    pub fn read_import(
        file: &Path,
        cat: &Catalogue,
        today: NaiveDate,
    ) -> Result<Records, FileError> {
        let name = file.display().to_string();
        let text = read_file(file, FileKind::Records)?;
        let records = parse_records(&text, &name)?;
        records.check(cat, today).map_err(|p| {
            FileError::data(
                &name,
                FileKind::Records,
                delegation_law::error::DataError::whole(p),
            )
        })?;
        Ok(records)
    }
}

/// Removes the temporary files of saves that were killed before their rename (only called
/// with the lock held, so no other instance is writing them).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefixes = [
        temp_prefix(Path::new(RECORDS_FILE)),
        temp_prefix(Path::new(OVERRIDE_FILE)),
    ];
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = (is_our_temporary(&name)
            && prefixes.iter().any(|p| name.starts_with(p.as_str())))
            // the names earlier versions used: `.records.ron.XXXXXX.tmp`, and before that a
            // predictable one
            || [RECORDS_FILE, OVERRIDE_FILE]
                .iter()
                .any(|f| name.starts_with(&format!(".{f}.")) && name.ends_with(TEMP_SUFFIX))
            || name.starts_with(".records.ron.tmp-");
        if ours {
            // remove_file removes a link itself, never its target.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A records file's text, parsed; errors name `file`.
fn parse_records(text: &str, file: &str) -> Result<Records, FileError> {
    Records::parse(text).map_err(|e| FileError::data(file, FileKind::Records, e))
}
