//! The data folder's locks: `records.lock`, held by whoever may write the records, and
//! `holidays.lock`, which serialises changes to the imported holiday years. A lock file is
//! never opened through a link.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

use delegation_files::error::PathOp;

use crate::dir::{HOLIDAYS_LOCK_FILE, LOCK_FILE};
use crate::error::StoreError;

/// How long an import waits for `records.lock` held by a short command (`records import`)
/// before it concludes that a running app holds it.
const RECORDS_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(3);

/// How long a holiday import waits for `holidays.lock` (an import holds it for milliseconds;
/// longer, and something else holds it: a stopped process, a file locked by hand).
pub const HOLIDAYS_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Takes the lock that serialises changes to the imported holiday years, waiting while
/// another import holds it, for up to [`HOLIDAYS_LOCK_PATIENCE`]; then the change is refused
/// with [`StoreError::HolidaysInUse`], nothing changed. Held until the file is dropped.
pub fn lock_holidays(dir: &Path) -> Result<File, StoreError> {
    fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, PathOp::Open, &e))?;
    let path = dir.join(HOLIDAYS_LOCK_FILE);
    let f = open_lock(&path).map_err(|e| StoreError::io(&path, PathOp::Open, &e))?;
    lock_within(f, &path, HOLIDAYS_LOCK_PATIENCE, || {
        StoreError::HolidaysInUse {
            path: path.clone(),
            waited_ms: HOLIDAYS_LOCK_PATIENCE.as_millis() as u64,
        }
    })
}

/// Takes `notices.lock` for an import of a notice, held until the file is dropped: two
/// imports at once each see the other's notice.
pub fn lock_notices(dir: &Path) -> Result<File, StoreError> {
    fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, PathOp::Open, &e))?;
    let path = dir.join(crate::dir::NOTICES_LOCK_FILE);
    let f = open_lock(&path).map_err(|e| StoreError::io(&path, PathOp::Open, &e))?;
    lock_within(f, &path, HOLIDAYS_LOCK_PATIENCE, || {
        StoreError::NoticesInUse {
            path: path.clone(),
            waited_ms: HOLIDAYS_LOCK_PATIENCE.as_millis() as u64,
        }
    })
}

/// Takes `records.lock` for a command that changes what a running app has loaded (a holiday
/// import), held until the file is dropped. A short command holding it (`records import`) is
/// waited for a few seconds; after that a running app holds it, and the change is refused
/// with [`StoreError::RecordsInUse`] (its calendar would not see the change, and its next save
/// would not know of it) naming `what`.
pub fn hold_records_lock(dir: &Path, what: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK_FILE);
    let f = open_lock(&path).map_err(|e| StoreError::io(&path, PathOp::Open, &e))?;
    lock_within(f, &path, RECORDS_LOCK_PATIENCE, || {
        StoreError::RecordsInUse {
            path: what.to_path_buf(),
        }
    })
}

/// Takes the lock on `f` (the lock file at `path`), trying every 50 ms for up to `patience`;
/// then the error `held` makes. The one wait both locks use, so neither waits without end.
fn lock_within(
    f: File,
    path: &Path,
    patience: std::time::Duration,
    held: impl FnOnce() -> StoreError,
) -> Result<File, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < patience => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(held()),
            Err(fs::TryLockError::Error(e)) => return Err(StoreError::io(path, PathOp::Open, &e)),
        }
    }
}

/// Opens (creating) the lock file, never through a link: on Unix O_NOFOLLOW makes opening a
/// link fail; on Windows FILE_FLAG_OPEN_REPARSE_POINT opens a link or junction itself, which is
/// then no regular file and refused below. Either way nothing is created at a link's target.
pub(crate) fn open_lock(path: &Path) -> io::Result<File> {
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
