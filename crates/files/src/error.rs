//! The files' errors: a file that could not be used ([`FileError`]: which file, where in it,
//! what), and an output or a path that could not be written ([`PathError`]: the path, what
//! was being done, the OS's reason or the refusal). Typed values and no sentence: the words
//! layer (`delegation-words`, `errors`) says them in the user's language. `Display` gives a
//! terse technical form for logs and panics, not for people.
//!
//! They point downward only: what the law found in a text is the law's [`DataProblem`],
//! wrapped; what the register reader found is its own [`RegisterProblem`], wrapped.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use delegation_law::error::{CalendarProblem, DataError, DataProblem, Festival};
use delegation_law::notices::{NoticeError, NoticeProblem};

pub use crate::register::problem::RegisterProblem;

/// What a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An applications file for routing.
    Applications,
    /// A handover records file.
    Records,
    /// A year of holiday-cn JSON.
    HolidayYear,
    /// The user's imported holiday years (`holidays-override.ron`).
    HolidayOverride,
    /// The desktop app's settings (language, theme, text size, window size).
    Settings,
    /// A notice file (`notices import`, or one kept in the data folder's `notices/`).
    Notice,
}

/// A file that could not be used: which file, where in it, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    /// 1-based line and column, where the parser knows them (0 when it does not).
    pub line: usize,
    pub column: usize,
    pub kind: FileKind,
    pub problem: Problem,
}

/// What kind of problem a file has. The strings are what no translation can improve: the
/// parser's own words, the OS's, a value found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// What the law found in its text (a syntax error, a field given twice, an item the
    /// notice does not have…), with the position in [`FileError`].
    Data(DataProblem),
    NotUtf8,
    /// The file could not be read: the OS's kind of error (when it gave one) and its words.
    Unreadable {
        kind: Option<io::ErrorKind>,
        os: String,
    },
    /// Not a regular file (a folder, a FIFO, a device): refused before it is opened, so a
    /// FIFO cannot hang the program.
    NotRegularFile(NodeKind),
    /// Larger than the size cap for its kind, in bytes: refused before it is read.
    TooLarge {
        limit: u64,
    },
    /// A holiday-cn year without all of that year's statutory festivals (a partial year would
    /// turn the missing holidays into working days).
    FestivalsMissing {
        year: i32,
        missing: Vec<Festival>,
    },
    /// A holiday date outside the year the file is for.
    DateOutsideYear {
        date: NaiveDate,
        name: String,
        year: i32,
    },
    /// The holidays in it are not a valid calendar.
    Calendar(CalendarProblem),
    /// A notice file the law refuses (issue 31): what, with the position in [`FileError`].
    Notice(Box<NoticeProblem>),
    /// An applications file that is neither .ron, .xlsx nor .csv.
    UnknownFormat,
    /// A .csv that is neither UTF-8 nor GB18030/GBK.
    UnknownEncoding,
    /// Named .xlsx but another kind of file: what it is.
    NotXlsx(Found),
    /// A .csv in an encoding that is neither UTF-8 nor GB18030/GBK: the one detected.
    OtherEncoding(String),
    /// What the register reader found wrong with a sheet (a missing column, a cell past
    /// Excel's limits, a zip bomb…).
    Register(RegisterProblem),
}

/// What a file named .xlsx is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// An Excel 97–2003 workbook.
    Xls,
    /// An OpenDocument spreadsheet.
    Ods,
    /// Plain text (a .csv renamed, say).
    Text,
    /// A zip or a file of another kind.
    Other,
}

/// What a path that is not a regular file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A regular file (where a folder was wanted).
    File,
    Directory,
    Fifo,
    Device,
    Socket,
    Other,
}

impl FileError {
    /// A problem with no position.
    pub fn whole(file: &str, kind: FileKind, problem: Problem) -> FileError {
        FileError {
            file: file.to_string(),
            line: 0,
            column: 0,
            kind,
            problem,
        }
    }

    /// What the law found in the text of `file`, at its position.
    pub fn data(file: &str, kind: FileKind, e: DataError) -> FileError {
        FileError {
            file: file.to_string(),
            line: e.line,
            column: e.column,
            kind,
            problem: Problem::Data(e.problem),
        }
    }

    /// A RON parser's error, with its position: for an applications file a syntax error in
    /// it, for any other kind a sign that it is not a file of that kind.
    pub fn from_ron(file: &str, kind: FileKind, e: &ron::error::SpannedError) -> FileError {
        let e = DataError::from_ron(e);
        let e = match kind {
            FileKind::Applications => e,
            _ => e.not_syntax(),
        };
        FileError::data(file, kind, e)
    }

    /// The file cannot be read at all.
    pub fn unreadable(file: &str, kind: FileKind, e: &io::Error) -> FileError {
        FileError::whole(
            file,
            kind,
            Problem::Unreadable {
                kind: Some(e.kind()),
                os: e.to_string(),
            },
        )
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {:?} {:?}",
            self.file, self.line, self.column, self.kind, self.problem
        )
    }
}

impl std::error::Error for FileError {}

/// What was being done with a path when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathOp {
    /// Creating a folder or taking a lock.
    Open,
    Read,
    Write,
    /// Moving a file aside or a backup into place.
    Move,
    /// Refused before anything was written (see [`Refusal`]).
    Refused,
}

/// A path that could not be used: the path, what was being done, and the OS's reason, or why
/// the write was refused before anything was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: PathBuf,
    pub op: PathOp,
    /// The OS's kind of error (`None` for a refusal).
    pub kind: Option<io::ErrorKind>,
    /// The OS's own words, for a technician (empty for a refusal).
    pub os: String,
    /// Set when a write was refused before anything was written: why.
    pub refusal: Option<Refusal>,
}

/// Why a write was refused before anything was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A file is already there and replacing it was not asked for (`--force`).
    Exists,
    /// The target is a symbolic link: never written through, never replaced.
    Link,
    /// The target is not a regular file (a folder, a device, a FIFO).
    NotRegular(NodeKind),
    /// The target is one of the command's own input files (the same file, whatever the
    /// spelling or link it is reached by): the path it was read as.
    Input(PathBuf),
    /// The target is one of the program's own files in its data folder (the records, their
    /// backups, the locks, the holiday years, the case register), there or not yet.
    Own(PathBuf),
    /// A table wider than a sheet holds (Excel's XFD): its columns, and the most a sheet has.
    TooManyColumns { columns: usize, limit: usize },
    /// A folder for outputs (`--slips DIR`) that is not a folder: what is there instead
    /// (`None`: a link that leads nowhere).
    NotAFolder(Option<NodeKind>),
}

impl PathError {
    pub fn io(path: &Path, op: PathOp, e: &io::Error) -> PathError {
        PathError {
            path: path.to_path_buf(),
            op,
            kind: Some(e.kind()),
            os: e.to_string(),
            refusal: None,
        }
    }

    /// A write refused before anything was written.
    pub fn refusal(path: &Path, why: Refusal) -> PathError {
        PathError {
            path: path.to_path_buf(),
            op: PathOp::Refused,
            kind: None,
            os: String::new(),
            refusal: Some(why),
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?} {:?} {} {:?}",
            self.path.display(),
            self.op,
            self.kind,
            self.os,
            self.refusal
        )
    }
}

impl std::error::Error for PathError {}

impl FileError {
    /// A notice file's refusal, at its line and column in `file`.
    pub fn notice(file: &str, e: NoticeError) -> FileError {
        FileError {
            file: file.to_string(),
            line: e.line,
            column: e.column,
            kind: FileKind::Notice,
            problem: match e.problem {
                NoticeProblem::Data(d) => Problem::Data(d),
                other => Problem::Notice(Box::new(other)),
            },
        }
    }
}
