//! Writing a file, the one way any output is written ([`write_output`] to a [`Target`]):
//! nothing replaces a file unless the target says so, and nothing ever replaces a link, a
//! non-regular file or one of the command's inputs. Every write goes to a temporary file
//! beside the target (created exclusively under a random name, never through a link), synced,
//! then renamed into place, so a crash or a full disk leaves the target as it was.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{NodeKind, PathError, PathOp, Refusal};
use crate::io::read::node_kind;

/// Writes `bytes` to `path` through a temporary file in the same directory: created
/// exclusively under a random name, written, flushed and synced, then renamed over `path`. If
/// anything fails before the rename, `path` is as it was and the temporary file is gone.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), PathError> {
    let tmp = write_temporary(path, bytes)?;
    commit(tmp, path, before_rename)
}

/// The directory `path` is in.
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// What every temporary file of this program carries in its name, so a later write can tell
/// its own leftovers from anyone else's files: `.NAME.delegation-tracker-XXXXXX.tmp`.
pub const TEMP_MARK: &str = ".delegation-tracker-";

pub const TEMP_SUFFIX: &str = ".tmp";

/// The random part of a temporary file's name.
pub const TEMP_RANDOM: usize = 6;

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
pub fn temp_prefix(path: &Path) -> String {
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

pub fn new_temporary(path: &Path) -> io::Result<tempfile::NamedTempFile> {
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
    pub fn new(target: &Target) -> Result<Pending, PathError> {
        let path = target.path.as_path();
        let existing = target.check()?;
        remove_stale_outputs(path);
        let tmp = new_temporary(path).map_err(|e| PathError::io(path, PathOp::Write, &e))?;
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
    pub fn commit(mut self) -> Result<(), PathError> {
        let err = |e: io::Error| PathError::io(&self.path, PathOp::Write, &e);
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
    /// The program's own files, by place rather than by identity: never written whether or
    /// not they exist yet (an export onto `records.lock` or a holiday year not yet imported).
    pub own: Vec<PathBuf>,
}

impl Target {
    /// A target the user has already agreed to replace (the app's save dialog asks).
    pub fn confirmed(path: &Path) -> Target {
        Target {
            path: path.to_path_buf(),
            replace: true,
            inputs: Vec::new(),
            own: Vec::new(),
        }
    }

    /// A target that an existing file stops (unless `replace`), never one of `inputs`.
    pub fn new(path: &Path, replace: bool, inputs: &[(PathBuf, FileId)]) -> Target {
        Target {
            path: path.to_path_buf(),
            replace,
            inputs: inputs.to_vec(),
            own: Vec::new(),
        }
    }

    /// The same target, never one of `own` (see [`Target::own`]).
    pub fn sparing(mut self, own: Vec<PathBuf>) -> Target {
        self.own = own;
        self
    }

    /// Whether the target may be written: `Ok(Some(metadata))` of a regular file that will be
    /// replaced, `Ok(None)` when nothing is there, or the refusal.
    pub fn check(&self) -> Result<Option<fs::Metadata>, PathError> {
        let path = &self.path;
        if let Some(own) = self.own.iter().find(|o| same_place(path, o)) {
            return Err(PathError::refusal(path, Refusal::Own(own.clone())));
        }
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(PathError::io(path, PathOp::Write, &e)),
        };
        let refuse = |why| Err(PathError::refusal(path, why));
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

/// Whether two paths name the same entry of the same folder, whatever the spelling of the
/// folder (`./data/../data`, a link to it); on Windows, whatever the case of the name.
fn same_place(a: &Path, b: &Path) -> bool {
    let (Some(na), Some(nb)) = (a.file_name(), b.file_name()) else {
        return false;
    };
    let same_name = if cfg!(windows) {
        na.to_string_lossy().to_lowercase() == nb.to_string_lossy().to_lowercase()
    } else {
        na == nb
    };
    let folder = |p: &Path| {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::canonicalize(&parent).unwrap_or(parent)
    };
    same_name && folder(a) == folder(b)
}

/// Makes sure `dir` is a folder to write outputs into, creating it (and its parents) when
/// nothing is there. A file, a device or a link that leads nowhere is refused, naming it.
pub fn ensure_folder(dir: &Path) -> Result<(), PathError> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) => Err(PathError::refusal(
            dir,
            Refusal::NotAFolder(Some(node_kind_or_file(m.file_type()))),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(dir).is_ok() {
                return Err(PathError::refusal(dir, Refusal::NotAFolder(None)));
            }
            fs::create_dir_all(dir).map_err(|e| PathError::io(dir, PathOp::Write, &e))
        }
        Err(e) => Err(PathError::io(dir, PathOp::Write, &e)),
    }
}

/// A node's kind, a regular file included.
pub fn node_kind_or_file(t: fs::FileType) -> NodeKind {
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
pub fn write_output(target: &Target, bytes: &[u8]) -> Result<(), PathError> {
    let path = target.path.as_path();
    let existing = target.check()?;
    remove_stale_outputs(path);
    let tmp = write_temporary(path, bytes)?;
    place(tmp, path, existing)
}

/// Puts a whole, synced temporary file at `path`: over `existing` (the file the target's check
/// found, whose permissions it keeps: a 0600 file stays private), or, where none was, by a
/// rename that never replaces one, so a file that appeared since the check is refused like
/// any existing one.
pub fn place(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    existing: Option<fs::Metadata>,
) -> Result<(), PathError> {
    let err = |e: io::Error| PathError::io(path, PathOp::Write, &e);
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
                Err(PathError::refusal(path, Refusal::Exists))
            }
            Err(e) => Err(err(e.error)),
        },
    }
}

/// How old a temporary file of an output must be before a later write removes it: far longer
/// than any write takes (a write of the largest file is seconds), so none still running owns it.
pub const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes this program's temporary files of `path` (beside it, named after it) that are
/// older than [`STALE_TEMPORARY`]: left by writes of the same output that were killed. Only
/// the temporaries of the file being written are touched, never another file that happens to
/// carry the mark (`.mythesis.docx.delegation-tracker-ZZZZZZ.tmp`). Each output is looked at
/// once per process.
pub fn remove_stale_outputs(path: &Path) {
    let dir = parent(path);
    let prefix = temp_prefix(path);
    use std::collections::HashSet;
    use std::sync::Mutex;
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let key = fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .join(&prefix);
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
        let name = name.to_string_lossy();
        if !is_our_temporary(&name) || !name.starts_with(prefix.as_str()) {
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
pub fn write_temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, PathError> {
    write_temporary_through(path, bytes, |f, b| f.write_all(b))
}

pub fn write_temporary_through(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut dyn Write, &[u8]) -> io::Result<()>,
) -> Result<tempfile::NamedTempFile, PathError> {
    let err = |e: io::Error| PathError::io(path, PathOp::Write, &e);
    let mut tmp = new_temporary(path).map_err(err)?;
    write(&mut tmp, bytes).map_err(err)?;
    tmp.flush().map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    Ok(tmp)
}

/// Renames the temporary file over `path` and makes the rename durable. On failure the
/// temporary file is removed (dropping it does).
pub fn commit(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<(), PathError> {
    let err = |e: io::Error| PathError::io(path, PathOp::Write, &e);
    before_rename(tmp.path()).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(parent(path));
    Ok(())
}

pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `path` under a temporary name beside it: a hard link (no data written, so a full disk
/// rarely stops it), or where the filesystem has no links a synced copy.
pub fn link_or_copy(path: &Path) -> io::Result<tempfile::TempPath> {
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
