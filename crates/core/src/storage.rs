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
//! - Every file is read only if it is a regular file of at most [`MAX_FILE_BYTES`]: a FIFO, a
//!   device or a folder is refused before it is opened, so nothing hangs.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::catalogue::Catalogue;
pub use super::error::ReadOnly;
use super::error::{FileError, FileKind, NodeKind, Problem, StoreError, StoreOp};
use super::records::Records;

/// The largest file any reader accepts (records, applications, holiday files): 16 MiB, far
/// above any real one.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

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
        let lock =
            open_lock(&lock_path).map_err(|e| StoreError::io(&lock_path, StoreOp::Open, &e))?;
        let (lock, mut read_only) = match lock.try_lock() {
            Ok(()) => (Some(lock), None),
            Err(fs::TryLockError::WouldBlock) => (None, Some(ReadOnly::Locked)),
            Err(fs::TryLockError::Error(e)) => {
                return Err(StoreError::io(&lock_path, StoreOp::Open, &e));
            }
        };
        if lock.is_some() {
            remove_stale_temporaries(dir);
        }
        let path = dir.join(RECORDS_FILE);
        let name = path.display().to_string();
        let mut records = match read_text(&path, FileKind::Records) {
            Ok(Some(text)) => match Records::parse(&text, &name) {
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
                return Err(StoreError {
                    path,
                    op: StoreOp::Read,
                    kind: Some(k),
                    os,
                    read_only: None,
                });
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
        let held = link_or_copy(&path).map_err(|e| StoreError::io(&first, StoreOp::Write, &e))?;
        for n in (1..BACKUPS).rev() {
            let from = self.backup_path(n);
            // A link at a backup's name is renamed like a file: never followed.
            if fs::symlink_metadata(&from).is_ok() {
                fs::rename(&from, self.backup_path(n + 1))
                    .map_err(|e| StoreError::io(&from, StoreOp::Move, &e))?;
            }
        }
        held.persist(&first)
            .map_err(|e| StoreError::io(&first, StoreOp::Move, &e.error))?;
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
                let bytes = read_capped(&b.path).map_err(|e| match e {
                    ReadFail::Io(e) => StoreError::io(&b.path, StoreOp::Read, &e),
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
        let name = path.display().to_string();
        match read_text(&path, FileKind::Records)? {
            Some(text) => Records::parse(&text, &name),
            None => Ok(Records::default()),
        }
    }

    /// Reads a records file for import, checking it fully before anything is replaced.
    pub fn read_import(file: &Path) -> Result<Records, FileError> {
        let name = file.display().to_string();
        let text = read_file(file, FileKind::Records)?;
        Records::parse(&text, &name)
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory: created
/// exclusively under a random name, written, flushed and synced, then renamed over `path`. If
/// anything fails before the rename, `path` is as it was and the temporary file is gone.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), StoreError> {
    let tmp = write_temporary(path, bytes)?;
    commit(tmp, path, before_rename)
}

/// The directory `path` is in.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The prefix of the temporary files for `path`: `.NAME.` (a random part and `.tmp` follow).
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

const TEMP_SUFFIX: &str = ".tmp";

fn new_temporary(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    // O_CREAT|O_EXCL under a random name: a link planted there makes the create fail (and a
    // new name is tried), so nothing is ever written through it.
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // Created as `File::create` would (0666 less the umask): tempfile's own 0600 would leave
    // a report exported into a shared folder unreadable to the colleagues it is for.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(parent(path))
}

/// The new version of `path`, whole and synced under a temporary name.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, StoreError> {
    write_temporary_through(path, bytes, |f, b| f.write_all(b))
}

fn write_temporary_through(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut dyn Write, &[u8]) -> io::Result<()>,
) -> Result<tempfile::NamedTempFile, StoreError> {
    let err = |e: io::Error| StoreError::io(path, StoreOp::Write, &e);
    let mut tmp = new_temporary(path).map_err(err)?;
    write(&mut tmp, bytes).map_err(err)?;
    tmp.flush().map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    Ok(tmp)
}

/// Renames the temporary file over `path` and makes the rename durable. On failure the
/// temporary file is removed (dropping it does).
fn commit(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), StoreError> {
    let err = |e: io::Error| StoreError::io(path, StoreOp::Write, &e);
    before_rename(tmp.path()).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(parent(path));
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `path` under a temporary name beside it: a hard link (no data written, so a full disk
/// rarely stops it), or where the filesystem has no links a synced copy.
fn link_or_copy(path: &Path) -> io::Result<tempfile::TempPath> {
    let dir = parent(path);
    for _ in 0..8 {
        // A fresh name reserved exclusively, then freed for the link to take.
        let reserved = new_temporary(path)?.into_temp_path();
        let name = reserved.to_path_buf();
        reserved.close()?;
        match fs::hard_link(path, &name) {
            Ok(()) => return tempfile::TempPath::try_from_path(name),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            // No links on this filesystem (or none allowed): copy instead.
            Err(_) => break,
        }
    }
    let mut tmp = new_temporary(path)?;
    let mut from = File::open(path)?;
    io::copy(&mut from, &mut tmp)?;
    tmp.as_file().sync_all()?;
    sync_dir(dir);
    Ok(tmp.into_temp_path())
}

/// Removes the temporary files of saves that were killed before their rename (only called
/// with the lock held, so no other instance is writing them).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefixes = [
        temp_prefix(Path::new(RECORDS_FILE)),
        temp_prefix(Path::new(crate::holiday_import::OVERRIDE_FILE)),
    ];
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = prefixes
            .iter()
            .any(|p| name.starts_with(p.as_str()) && name.ends_with(TEMP_SUFFIX))
            // the predictable name earlier versions used
            || name.starts_with(".records.ron.tmp-");
        if ours {
            // remove_file removes a link itself, never its target.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Opens (creating) the lock file, never through a link: on Unix O_NOFOLLOW makes opening a
/// link fail; on Windows FILE_FLAG_OPEN_REPARSE_POINT opens a link or junction itself, which is
/// then no regular file and refused below. Either way nothing is created at a link's target.
fn open_lock(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        /// winbase.h's FILE_FLAG_OPEN_REPARSE_POINT: open a reparse point (symbolic link,
        /// junction), not what it points to.
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    #[cfg(not(any(unix, windows)))]
    {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::other("the lock file is a link"));
        }
    }
    let f = options.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(io::Error::other("the lock file is not a regular file"));
    }
    Ok(f)
}

/// Why a capped read failed.
enum ReadFail {
    Io(io::Error),
    Bad(Problem),
}

fn node_kind(t: fs::FileType) -> NodeKind {
    if t.is_dir() {
        return NodeKind::Directory;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return NodeKind::Fifo;
        }
        if t.is_block_device() || t.is_char_device() {
            return NodeKind::Device;
        }
        if t.is_socket() {
            return NodeKind::Socket;
        }
    }
    NodeKind::Other
}

fn check_regular(meta: &fs::Metadata) -> Result<(), ReadFail> {
    if !meta.is_file() {
        return Err(ReadFail::Bad(Problem::NotRegularFile(node_kind(
            meta.file_type(),
        ))));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadFail::Bad(Problem::TooLarge {
            limit: MAX_FILE_BYTES,
        }));
    }
    Ok(())
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]. The type is checked before the
/// file is opened, the open does not block (a FIFO swapped in meanwhile), and the type is
/// checked again on what was opened.
fn read_capped(path: &Path) -> Result<Vec<u8>, ReadFail> {
    check_regular(&fs::metadata(path).map_err(ReadFail::Io)?)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    // Windows has no FIFOs among files: named pipes and devices are outside every folder
    // (`\\.\pipe\…`, `\\.\NUL`), opening one does not wait for a writer (a busy pipe fails at
    // once), and the checks before and after the open refuse them as not regular files.
    let file = options.open(path).map_err(ReadFail::Io)?;
    check_regular(&file.metadata().map_err(ReadFail::Io)?)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFail::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFail::Bad(Problem::TooLarge {
            limit: MAX_FILE_BYTES,
        }));
    }
    Ok(bytes)
}

/// Whether `path` may be read as a file of `kind`: a regular file within the size cap (its
/// metadata only; nothing is opened). Errors name the file.
pub fn check_file(path: &Path, kind: FileKind) -> Result<(), FileError> {
    let name = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| FileError::unreadable(&name, kind, &e))?;
    check_regular(&meta).map_err(|f| match f {
        ReadFail::Io(e) => FileError::unreadable(&name, kind, &e),
        ReadFail::Bad(p) => FileError::whole(&name, kind, p),
    })
}

/// The bytes of a file of `kind`: only a regular file within the size cap, so a FIFO, a
/// device or a huge file is refused before anything is read. Errors name the file.
pub fn read_bytes(path: &Path, kind: FileKind) -> Result<Vec<u8>, FileError> {
    let name = path.display().to_string();
    read_capped(path).map_err(|f| match f {
        ReadFail::Io(e) => FileError::unreadable(&name, kind, &e),
        ReadFail::Bad(p) => FileError::whole(&name, kind, p),
    })
}

/// The text of a file of `kind` (a regular UTF-8 file within the size cap); `None` when
/// there is no such file. Errors name the file.
pub fn read_text(path: &Path, kind: FileKind) -> Result<Option<String>, FileError> {
    let name = path.display().to_string();
    let bytes = match read_capped(path) {
        Ok(b) => b,
        Err(ReadFail::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(ReadFail::Io(e)) => return Err(FileError::unreadable(&name, kind, &e)),
        Err(ReadFail::Bad(p)) => return Err(FileError::whole(&name, kind, p)),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| FileError::whole(&name, kind, Problem::NotUtf8))
}

/// [`read_text`] for a file that must be there.
pub fn read_file(path: &Path, kind: FileKind) -> Result<String, FileError> {
    read_text(path, kind)?.ok_or_else(|| {
        FileError::unreadable(
            &path.display().to_string(),
            kind,
            &io::Error::from(io::ErrorKind::NotFound),
        )
    })
}
