//! Reading a file, the one way any file is read: only a regular file within the size cap for
//! its kind, so a FIFO, a device or a folder is refused before it is opened and nothing hangs
//! (the type is checked before the open, the open does not block, and the type is checked
//! again on what was opened). Errors name the file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use crate::error::{FileError, FileKind, NodeKind, Problem};

/// The largest file any reader accepts (records, applications, holiday files): 16 MiB, far
/// above any real one.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a capped read failed.
pub enum ReadFail {
    Io(io::Error),
    Bad(Problem),
}

pub fn node_kind(t: fs::FileType) -> NodeKind {
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

pub fn check_regular(meta: &fs::Metadata) -> Result<(), ReadFail> {
    check_regular_within(meta, MAX_FILE_BYTES)
}

pub fn check_regular_within(meta: &fs::Metadata, cap: u64) -> Result<(), ReadFail> {
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
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ReadFail> {
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
