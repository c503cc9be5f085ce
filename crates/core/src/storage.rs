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
use super::error::{FileError, FileKind, NodeKind, Problem, Refusal, StoreError, StoreOp};
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
/// Serialises the read, merge and save of the imported holiday years.
const HOLIDAYS_LOCK_FILE: &str = "holidays.lock";
/// How long an import waits for `records.lock` held by a short command (`records import`)
/// before it concludes that a running app holds it.
const RECORDS_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);

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
                    refusal: None,
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

/// What every temporary file of this program carries in its name, so a later write can tell
/// its own leftovers from anyone else's files: `.NAME.delegation-tracker-XXXXXX.tmp`.
pub const TEMP_MARK: &str = ".delegation-tracker-";
const TEMP_SUFFIX: &str = ".tmp";
/// The random part of a temporary file's name.
const TEMP_RANDOM: usize = 6;
/// The longest file name the systems we run on accept, in bytes (ext4, XFS, NTFS's 255 UTF-16
/// units are never fewer bytes than this for the names we make).
pub const NAME_MAX_BYTES: usize = 255;

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn cut_to_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The prefix of the temporary files for `path`: `.NAME.delegation-tracker-` (a random part
/// and `.tmp` follow), NAME cut so that the whole name stays within [`NAME_MAX_BYTES`].
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let room = NAME_MAX_BYTES - 1 - TEMP_MARK.len() - TEMP_RANDOM - TEMP_SUFFIX.len();
    format!(".{}{TEMP_MARK}", cut_to_bytes(&name, room))
}

/// Whether a file name is one of this program's temporary files.
pub fn is_our_temporary(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(TEMP_SUFFIX) else {
        return false;
    };
    if !name.starts_with('.') || stem.len() < TEMP_RANDOM {
        return false;
    }
    let (head, random) = stem.split_at(stem.len() - TEMP_RANDOM);
    head.ends_with(TEMP_MARK) && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn new_temporary(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    // O_CREAT|O_EXCL under a random name: a link planted there makes the create fail (and a
    // new name is tried), so nothing is ever written through it.
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .rand_bytes(TEMP_RANDOM)
        .suffix(TEMP_SUFFIX);
    // Created as `File::create` would (0666 less the umask): tempfile's own 0600 would leave
    // a report exported into a shared folder unreadable to the colleagues it is for.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(parent(path))
}

/// A file written in pieces (a table streamed row by row) to a [`Target`]: checked like any
/// output before a byte is written, then a temporary file beside it, placed by
/// [`Pending::commit`] once whole and synced (as [`write_output`] places one); dropped, it is
/// removed and the target is untouched.
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    existing: Option<fs::Metadata>,
}

impl Pending {
    pub fn new(target: &Target) -> Result<Pending, StoreError> {
        let path = target.path.as_path();
        let existing = target.check()?;
        remove_stale_outputs(parent(path));
        let tmp = new_temporary(path).map_err(|e| StoreError::io(path, StoreOp::Write, &e))?;
        Ok(Pending {
            tmp,
            path: path.to_path_buf(),
            existing,
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs the temporary file and places it at the target.
    pub fn commit(mut self) -> Result<(), StoreError> {
        let err = |e: io::Error| StoreError::io(&self.path, StoreOp::Write, &e);
        self.tmp.flush().map_err(err)?;
        self.tmp.as_file().sync_all().map_err(err)?;
        place(self.tmp, &self.path, self.existing)
    }
}

/// A file as the system knows it: device and inode on unix; elsewhere its canonical path
/// (links and `./` resolved; std has no stable file index on Windows, so two hard links to
/// one file compare different there). Two spellings of one file compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId(FileIdInner);

#[cfg(unix)]
type FileIdInner = (u64, u64);
#[cfg(not(unix))]
type FileIdInner = PathBuf;

impl FileId {
    /// The file `path` leads to (through links); `None` when there is none.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = fs::metadata(path).ok()?;
            Some(FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            fs::canonicalize(path).ok().map(FileId)
        }
    }
}

/// Where an output goes and what it may replace.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub path: PathBuf,
    /// An existing regular file there may be replaced (the user said so: `--force`, or the
    /// desktop's "replace?" question). Never a link, a folder or a device, and never an input.
    pub replace: bool,
    /// The files this write must never replace, each with the path it was read as.
    pub inputs: Vec<(PathBuf, FileId)>,
}

impl Target {
    /// A target the user has already agreed to replace (the app's save dialog asks).
    pub fn confirmed(path: &Path) -> Target {
        Target {
            path: path.to_path_buf(),
            replace: true,
            inputs: Vec::new(),
        }
    }

    /// A target that an existing file stops (unless `replace`), never one of `inputs`.
    pub fn new(path: &Path, replace: bool, inputs: &[(PathBuf, FileId)]) -> Target {
        Target {
            path: path.to_path_buf(),
            replace,
            inputs: inputs.to_vec(),
        }
    }

    /// Whether the target may be written: `Ok(Some(metadata))` of a regular file that will be
    /// replaced, `Ok(None)` when nothing is there, or the refusal.
    pub fn check(&self) -> Result<Option<fs::Metadata>, StoreError> {
        let path = &self.path;
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(path, StoreOp::Write, &e)),
        };
        let refuse = |why| Err(StoreError::refusal(path, why));
        if meta.file_type().is_symlink() {
            return refuse(Refusal::Link);
        }
        if !meta.is_file() {
            return refuse(Refusal::NotRegular(node_kind(meta.file_type())));
        }
        if let Some(id) = FileId::of(path)
            && let Some((input, _)) = self.inputs.iter().find(|(_, i)| *i == id)
        {
            return refuse(Refusal::Input(input.clone()));
        }
        if !self.replace {
            return refuse(Refusal::Exists);
        }
        Ok(Some(meta))
    }
}

/// The data directory's own files that exist (the records, their backups and the imported
/// holiday years): inputs of every command, which no output may replace.
pub fn data_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![dir.join(RECORDS_FILE)];
    files.extend((1..=BACKUPS).map(|n| dir.join(format!("{RECORDS_FILE}.{n}"))));
    files.push(dir.join(crate::holiday_import::OVERRIDE_FILE));
    files.retain(|p| p.exists());
    files
}

/// Makes sure `dir` is a folder to write outputs into, creating it (and its parents) when
/// nothing is there. A file, a device or a link that leads nowhere is refused, naming it.
pub fn ensure_folder(dir: &Path) -> Result<(), StoreError> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) => Err(StoreError::refusal(
            dir,
            Refusal::NotAFolder(Some(node_kind_or_file(m.file_type()))),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(dir).is_ok() {
                return Err(StoreError::refusal(dir, Refusal::NotAFolder(None)));
            }
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, StoreOp::Write, &e))
        }
        Err(e) => Err(StoreError::io(dir, StoreOp::Write, &e)),
    }
}

/// A node's kind, a regular file included.
fn node_kind_or_file(t: fs::FileType) -> NodeKind {
    if t.is_file() {
        NodeKind::File
    } else {
        node_kind(t)
    }
}

/// Writes an output: refused (before anything is written) when the target is a link, not a
/// regular file, one of the inputs, or an existing file not to be replaced. The bytes go to a
/// temporary file beside it, synced, then renamed into place: a new file only where none is
/// (a file that appeared meanwhile is not replaced), and a replaced file keeps its
/// permissions. Stale temporaries of earlier writes in the folder are removed first.
pub fn write_output(target: &Target, bytes: &[u8]) -> Result<(), StoreError> {
    let path = target.path.as_path();
    let existing = target.check()?;
    remove_stale_outputs(parent(path));
    let tmp = write_temporary(path, bytes)?;
    place(tmp, path, existing)
}

/// Outputs written by a few threads, for a batch of many files (`route --slips`): each is
/// written exactly as [`write_output`] writes one (checked, synced, renamed, its folder
/// synced), but while one waits for the disk to confirm its sync the caller is already making
/// the next. Waiting for the disk was most of a slip's time: two syncs, 4.4 ms, against 3.1 ms
/// of work. At most `2 × threads` files wait in the queue, so memory stays bounded.
pub struct OutputPool {
    queue: Option<std::sync::mpsc::SyncSender<(Target, Vec<u8>)>>,
    failed: std::sync::mpsc::Receiver<StoreError>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl OutputPool {
    /// The threads that write: the syncs of three files in flight keep a disk's queue busy
    /// without many files half-written at once.
    pub const THREADS: usize = 3;

    pub fn new() -> OutputPool {
        use std::sync::{Arc, Mutex, mpsc};
        let (queue, jobs) = mpsc::sync_channel::<(Target, Vec<u8>)>(2 * Self::THREADS);
        let (report, failed) = mpsc::channel();
        let jobs = Arc::new(Mutex::new(jobs));
        let workers = (0..Self::THREADS)
            .map(|_| {
                let jobs = Arc::clone(&jobs);
                let report = report.clone();
                std::thread::spawn(move || {
                    loop {
                        // The lock is held only to take a job, never while writing one.
                        let job = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        let Ok((target, bytes)) = job else { break };
                        if let Err(e) = write_output(&target, &bytes) {
                            let _ = report.send(e);
                        }
                    }
                })
            })
            .collect();
        OutputPool {
            queue: Some(queue),
            failed,
            workers,
        }
    }

    /// Queues `bytes` for `target`; waits while the queue is full.
    pub fn write(&self, target: Target, bytes: Vec<u8>) {
        if let Some(q) = &self.queue {
            // The workers only stop when the queue is closed, in `finish`.
            let _ = q.send((target, bytes));
        }
    }

    /// The writes that failed so far, each with its file.
    pub fn failures(&self) -> Vec<StoreError> {
        self.failed.try_iter().collect()
    }

    /// Waits until every queued file is written; the writes that failed, each with its file.
    pub fn finish(mut self) -> Vec<StoreError> {
        self.queue = None;
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
        self.failed.try_iter().collect()
    }
}

impl Default for OutputPool {
    fn default() -> Self {
        OutputPool::new()
    }
}

/// Puts a whole, synced temporary file at `path`: over `existing` (the file the target's check
/// found, whose permissions it keeps: a 0600 file stays private), or, where none was, by a
/// rename that never replaces one, so a file that appeared since the check is refused like
/// any existing one.
fn place(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    existing: Option<fs::Metadata>,
) -> Result<(), StoreError> {
    let err = |e: io::Error| StoreError::io(path, StoreOp::Write, &e);
    match existing {
        Some(meta) => {
            #[cfg(unix)]
            tmp.as_file()
                .set_permissions(meta.permissions())
                .map_err(err)?;
            #[cfg(not(unix))]
            let _ = meta;
            commit(tmp, path, |_| Ok(()))
        }
        None => match tmp.persist_noclobber(path) {
            Ok(_) => {
                sync_dir(parent(path));
                Ok(())
            }
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                Err(StoreError::refusal(path, Refusal::Exists))
            }
            Err(e) => Err(err(e.error)),
        },
    }
}

/// How old a temporary file of an output must be before a later write removes it: far longer
/// than any write takes (a write of the largest file is seconds), so none still running owns it.
pub const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes this program's temporary files in `dir` that are older than [`STALE_TEMPORARY`]
/// (left by writes that were killed). Each folder is looked at once per process.
fn remove_stale_outputs(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let key = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    {
        let mut done = DONE.lock().unwrap_or_else(|p| p.into_inner());
        if !done.get_or_insert_with(HashSet::new).insert(key) {
            return;
        }
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_our_temporary(&name.to_string_lossy()) {
            continue;
        }
        // symlink_metadata: a link with our name is judged (and removed) itself, never followed.
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_TEMPORARY);
        if old && !meta.is_dir() {
            let _ = fs::remove_file(entry.path());
        }
    }
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
        let ours = (is_our_temporary(&name)
            && prefixes.iter().any(|p| name.starts_with(p.as_str())))
            // the names earlier versions used: `.records.ron.XXXXXX.tmp`, and before that a
            // predictable one
            || [RECORDS_FILE, crate::holiday_import::OVERRIDE_FILE]
                .iter()
                .any(|f| name.starts_with(&format!(".{f}.")) && name.ends_with(TEMP_SUFFIX))
            || name.starts_with(".records.ron.tmp-");
        if ours {
            // remove_file removes a link itself, never its target.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Takes the lock that serialises changes to the imported holiday years, waiting while
/// another import holds it (an import takes milliseconds). Held until the file is dropped.
pub fn lock_holidays(dir: &Path) -> Result<File, StoreError> {
    fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, StoreOp::Open, &e))?;
    let path = dir.join(HOLIDAYS_LOCK_FILE);
    let f = open_lock(&path).map_err(|e| StoreError::io(&path, StoreOp::Open, &e))?;
    f.lock()
        .map_err(|e| StoreError::io(&path, StoreOp::Open, &e))?;
    Ok(f)
}

/// Takes `records.lock` for a command that changes what a running app has loaded (a holiday
/// import), held until the file is dropped. A short command holding it (`records import`) is
/// waited for a few seconds; after that a running app holds it, and the change is refused
/// with [`Refusal::RecordsInUse`] (its calendar would not see the change, and its next save
/// would not know of it) naming `what`.
pub fn hold_records_lock(dir: &Path, what: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK_FILE);
    let f = open_lock(&path).map_err(|e| StoreError::io(&path, StoreOp::Open, &e))?;
    let started = std::time::Instant::now();
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < RECORDS_LOCK_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(StoreError::refusal(what, Refusal::RecordsInUse));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(StoreError::io(&path, StoreOp::Open, &e));
            }
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
    check_regular_within(meta, MAX_FILE_BYTES)
}

fn check_regular_within(meta: &fs::Metadata, cap: u64) -> Result<(), ReadFail> {
    if !meta.is_file() {
        return Err(ReadFail::Bad(Problem::NotRegularFile(node_kind(
            meta.file_type(),
        ))));
    }
    if meta.len() > cap {
        return Err(ReadFail::Bad(Problem::TooLarge { limit: cap }));
    }
    Ok(())
}

/// A regular file of at most `cap` bytes, opened for reading as it streams (a register):
/// checked as [`read_bytes`] checks, before and after the open, which does not block.
pub fn open_capped(path: &Path, kind: FileKind, cap: u64) -> Result<File, FileError> {
    let name = path.display().to_string();
    let fail = |f: ReadFail| match f {
        ReadFail::Io(e) => FileError::unreadable(&name, kind, &e),
        ReadFail::Bad(p) => FileError::whole(&name, kind, p),
    };
    check_regular_within(&fs::metadata(path).map_err(|e| fail(ReadFail::Io(e)))?, cap)
        .map_err(&fail)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = options.open(path).map_err(|e| fail(ReadFail::Io(e)))?;
    check_regular_within(&file.metadata().map_err(|e| fail(ReadFail::Io(e)))?, cap)
        .map_err(&fail)?;
    Ok(file)
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
