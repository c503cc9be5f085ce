//! The store's errors: a path that could not be used (`delegation-files`' [`PathError`],
//! wrapped), a store that will not write because it is read-only, and a change refused
//! because a running app holds the records. Typed values; `delegation-words` says them.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use delegation_files::error::{FileError, PathError, PathOp};

/// Why the store will not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another instance holds the lock.
    Locked,
    /// The records file does not parse (or is of a newer version).
    Unusable(FileError),
}

/// What the store could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// A path of the data folder could not be used: what was being done, the OS's reason.
    Path(PathError),
    /// Refused: the store is read-only, and why (boxed: a `FileError` is large).
    ReadOnly { path: PathBuf, why: Box<ReadOnly> },
    /// Another running instance of the program holds the records (`records.lock`), and its
    /// calendar would not see the change: the change to `path` is refused rather than raced.
    RecordsInUse { path: PathBuf },
    /// Another import of holiday years held `holidays.lock` (the path) for longer than an
    /// import takes: waited `waited_ms` milliseconds, then gave up with nothing changed.
    HolidaysInUse { path: PathBuf, waited_ms: u64 },
    /// Another import of a notice held `notices.lock` (the path) for longer than an import
    /// takes: waited `waited_ms` milliseconds, then gave up with nothing changed.
    NoticesInUse { path: PathBuf, waited_ms: u64 },
    /// A file of the data folder the change needs cannot be read (the imported holiday
    /// years, say): it is left as it is.
    File(FileError),
}

impl StoreError {
    pub fn io(path: &Path, op: PathOp, e: &io::Error) -> StoreError {
        StoreError::Path(PathError::io(path, op, e))
    }

    pub fn refused(path: &Path, why: ReadOnly) -> StoreError {
        StoreError::ReadOnly {
            path: path.to_path_buf(),
            why: Box::new(why),
        }
    }

    /// The OS's kind of error, where the OS gave one.
    pub fn kind(&self) -> Option<io::ErrorKind> {
        match self {
            StoreError::Path(e) => e.kind,
            _ => None,
        }
    }

    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Path(e) => &e.path,
            StoreError::ReadOnly { path, .. }
            | StoreError::RecordsInUse { path }
            | StoreError::HolidaysInUse { path, .. }
            | StoreError::NoticesInUse { path, .. } => path,
            StoreError::File(e) => Path::new(&e.file),
        }
    }
}

impl From<FileError> for StoreError {
    fn from(e: FileError) -> StoreError {
        StoreError::File(e)
    }
}

impl From<PathError> for StoreError {
    fn from(e: PathError) -> StoreError {
        StoreError::Path(e)
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Path(e) => e.fmt(f),
            StoreError::ReadOnly { path, why } => {
                write!(f, "{}: read-only {why:?}", path.display())
            }
            StoreError::RecordsInUse { path } => write!(f, "{}: records in use", path.display()),
            StoreError::HolidaysInUse { path, waited_ms }
            | StoreError::NoticesInUse { path, waited_ms } => {
                write!(f, "{}: held for over {waited_ms} ms", path.display())
            }
            StoreError::File(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StoreError {}
