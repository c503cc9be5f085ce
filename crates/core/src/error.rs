//! The core's errors, one type per concern. Each says what went wrong as typed values (the
//! file, line and column; the kind of problem; the OS's reason) and no sentence: the words
//! layer (`delegation-words`, `errors`) says it in the user's language. `Display` gives a
//! terse technical form for logs and panics, not for people.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Weekday};

use crate::register::{CellProblem, CellRef, Column};

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
    /// The parser stopped, with its message.
    Syntax(String),
    Empty,
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
    /// A field the format does not have (a typo such as `handovr:`): the field, and the ones
    /// expected there.
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    /// A key or field given twice in one map or struct (the later one would silently win).
    DuplicateKey(String),
    /// A record or handover date for an item the notice does not have (it has 1–`max`).
    ItemOutOfRange {
        item: u64,
        max: u8,
    },
    /// A decimal with more places than the field allows, as written in the file
    /// (`39.99999999999999999` would round to 40.0 and change the outcome).
    TooManyDecimals {
        field: String,
        literal: String,
        places: u8,
    },
    /// A holiday-cn year without all of that year's statutory festivals (a partial year would
    /// turn the missing holidays into working days).
    FestivalsMissing {
        year: i32,
        missing: Vec<Festival>,
    },
    /// Readable, but not a file of its kind: the parser's message.
    WrongKind(String),
    /// A records file of another format: the format it names.
    OtherFormat(String),
    /// A newer records format: its version.
    NewerVersion(u32),
    /// A holiday date outside the year the file is for.
    DateOutsideYear {
        date: NaiveDate,
        name: String,
        year: i32,
    },
    /// The holidays in it are not a valid calendar.
    Calendar(CalendarProblem),
    /// An applications file that is neither .ron, .xlsx nor .csv.
    UnknownFormat,
    /// A .csv that is neither UTF-8 nor GB18030/GBK.
    UnknownEncoding,
    /// A register lacks a column it needs.
    MissingColumn {
        sheet: String,
        column: Column,
    },
    /// A register has a column twice: the second heading's cell.
    DuplicateColumn {
        at: CellRef,
        column: Column,
    },
    /// The 交接日期 sheet lacks a column: its heading.
    MissingHandoverColumn {
        sheet: String,
        heading: String,
    },
    /// A bad cell that makes the whole file unusable (a handover date).
    BadCell(Box<CellProblem>),
    /// Named .xlsx but another kind of file: what it is.
    NotXlsx(Found),
    /// A .csv in an encoding that is neither UTF-8 nor GB18030/GBK: the one detected.
    OtherEncoding(String),
    /// A workbook entry that unpacks to more than `limit` times its packed size (a zip bomb):
    /// its name and its ratio.
    ZipBomb {
        entry: String,
        ratio: u64,
        limit: u64,
    },
    /// A workbook whose entries hold more than `limit` bytes unpacked, or more than `limit`
    /// entries.
    ZipTooLarge {
        limit: u64,
    },
    ZipTooManyEntries {
        limit: u64,
    },
    /// More shared strings (declared or held) than the reader takes.
    TooManySharedStrings {
        count: u64,
        limit: u64,
    },
    /// A cell past Excel's last row (1,048,576) or column (16,384, XFD).
    BeyondLastRow(CellRef),
    BeyondLastColumn(CellRef),
    /// A sheet whose `<dimension>` says it reaches this cell, past Excel's last row or column:
    /// Excel never writes that, so the file is refused before its rows are read. (Only a
    /// claim: nothing is allocated from it, and a sheet without one is checked cell by cell.)
    DimensionBeyond(CellRef),
    /// A cell longer than Excel allows: its characters.
    CellTooLong {
        at: CellRef,
        chars: usize,
        limit: usize,
    },
    /// A row holding more characters than the reader takes.
    RowTooLong {
        sheet: String,
        row: u32,
        limit: usize,
    },
    /// A row that comes after a later one, or twice (Excel never writes so).
    RowOutOfOrder(CellRef),
    /// A NUL byte (the line is the error's).
    NulByte,
    /// A quote opened (on the error's line) and never closed.
    UnclosedQuote,
    /// The 交接日期 sheet has a column twice: the second heading's cell.
    DuplicateHandoverColumn {
        at: CellRef,
        heading: String,
    },
    /// The 交接日期 sheet gives an item twice: the second's cell.
    HandoverItemTwice {
        at: CellRef,
        item: u8,
    },
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

/// The statutory public holidays of 国务院《全国年节及纪念日放假办法》 that every year's
/// holiday notice arranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Festival {
    NewYear,
    SpringFestival,
    QingMing,
    LabourDay,
    DragonBoat,
    MidAutumn,
    NationalDay,
}

impl Festival {
    pub const ALL: [Festival; 7] = [
        Festival::NewYear,
        Festival::SpringFestival,
        Festival::QingMing,
        Festival::LabourDay,
        Festival::DragonBoat,
        Festival::MidAutumn,
        Festival::NationalDay,
    ];

    /// The name the State Council's notice (and holiday-cn's `name` field) gives it. A year's
    /// `name` may join two, as in "国庆节、中秋节".
    pub fn notice_name(self) -> &'static str {
        match self {
            Festival::NewYear => "元旦",
            Festival::SpringFestival => "春节",
            Festival::QingMing => "清明节",
            Festival::LabourDay => "劳动节",
            Festival::DragonBoat => "端午节",
            Festival::MidAutumn => "中秋节",
            Festival::NationalDay => "国庆节",
        }
    }
}

/// A sum of working days whose answer lies outside the dates the program can represent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOutOfRange {
    pub start: NaiveDate,
    pub n: i64,
}

impl fmt::Display for DateOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} + {} working days is out of range",
            self.start, self.n
        )
    }
}

impl std::error::Error for DateOutOfRange {}

/// Problems found by the core's own deserialisers travel through the parser as a message it
/// keeps with its position; this prefix marks them so [`FileError::from_ron`] gets the typed
/// problem back.
const MARK: char = '\u{1f}';

/// A custom serde error that comes back as a typed [`Problem`] with the parser's position.
pub(crate) fn marked<E: serde::de::Error>(parts: &[&str]) -> E {
    let mut m = String::new();
    for p in parts {
        m.push(MARK);
        m.push_str(p);
    }
    E::custom(m)
}

fn unmark(m: &str) -> Option<Problem> {
    let rest = m.strip_prefix(MARK)?;
    let parts: Vec<&str> = rest.split(MARK).collect();
    Some(match parts.as_slice() {
        ["duplicate", key] => Problem::DuplicateKey(key.to_string()),
        ["item", n, max] => Problem::ItemOutOfRange {
            item: n.parse().ok()?,
            max: max.parse().ok()?,
        },
        ["decimals", field, literal, places] => Problem::TooManyDecimals {
            field: field.to_string(),
            literal: literal.to_string(),
            places: places.parse().ok()?,
        },
        _ => return None,
    })
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

    /// A RON parser's error, with its position.
    pub fn from_ron(file: &str, kind: FileKind, e: &ron::error::SpannedError) -> FileError {
        let message = e.code.to_string();
        let typed = match &e.code {
            ron::Error::NoSuchStructField {
                expected, found, ..
            } => Some(Problem::UnknownField {
                field: found.clone(),
                expected: expected.iter().map(|s| s.to_string()).collect(),
            }),
            ron::Error::DuplicateStructField { field, .. } => {
                Some(Problem::DuplicateKey(field.to_string()))
            }
            ron::Error::Message(m) => unmark(m),
            _ => None,
        };
        FileError {
            file: file.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            kind,
            problem: typed.unwrap_or(match kind {
                FileKind::Applications => Problem::Syntax(message),
                _ => Problem::WrongKind(message),
            }),
        }
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

/// What is wrong with a year of holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    /// The RON of a calendar file does not parse: the parser's message.
    Syntax(String),
    YearListedTwice(i32),
    /// A date of the year's `off` (day off) or `makeup` list lies in another year.
    DateOutsideYear {
        year: i32,
        date: NaiveDate,
        name: String,
    },
    /// A date is listed twice.
    DateListedTwice {
        year: i32,
        date: NaiveDate,
    },
    /// A make-up working day that is a weekday, already a working day.
    MakeupOnWeekday {
        year: i32,
        date: NaiveDate,
        name: String,
        weekday: Weekday,
    },
}

/// A calendar that could not be read: what is wrong and, when known, where in its RON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    pub problem: CalendarProblem,
    /// 1-based line and column in the RON text.
    pub line_col: Option<(usize, usize)>,
}

impl CalendarError {
    pub fn new(problem: CalendarProblem) -> CalendarError {
        CalendarError {
            problem,
            line_col: None,
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col {
            Some((line, col)) => write!(f, "holiday calendar {line}:{col}: {:?}", self.problem),
            None => write!(f, "holiday calendar: {:?}", self.problem),
        }
    }
}

impl std::error::Error for CalendarError {}

/// What the store or a file writer was doing when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreOp {
    /// Creating the data directory or taking the lock.
    Open,
    Read,
    Write,
    /// Moving the records aside or a backup into place.
    Move,
    /// Refused: the store is read-only (see `ReadOnly`).
    Refused,
}

/// Why the store will not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another instance holds the lock.
    Locked,
    /// The records file does not parse (or is of a newer version).
    Unusable(FileError),
}

/// A storage or file-writing problem: the path, what was being done, and the OS's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    pub path: PathBuf,
    pub op: StoreOp,
    /// The OS's kind of error (`None` for a refusal).
    pub kind: Option<io::ErrorKind>,
    /// The OS's own words, for a technician (empty for a refusal).
    pub os: String,
    /// Set when the store refused because it is read-only (boxed: a `FileError` is large).
    pub read_only: Option<Box<ReadOnly>>,
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
    /// A folder for outputs (`--slips DIR`) that is not a folder: what is there instead
    /// (`None`: a link that leads nowhere).
    NotAFolder(Option<NodeKind>),
    /// Another running instance of the program holds the records (`records.lock`), and its
    /// calendar would not see the change: the import is refused rather than raced.
    RecordsInUse,
}

impl StoreError {
    pub fn io(path: &Path, op: StoreOp, e: &io::Error) -> StoreError {
        StoreError {
            path: path.to_path_buf(),
            op,
            kind: Some(e.kind()),
            os: e.to_string(),
            read_only: None,
            refusal: None,
        }
    }

    /// A write refused before anything was written.
    pub fn refusal(path: &Path, why: Refusal) -> StoreError {
        StoreError {
            path: path.to_path_buf(),
            op: StoreOp::Refused,
            kind: None,
            os: String::new(),
            read_only: None,
            refusal: Some(why),
        }
    }

    pub fn refused(path: &Path, why: ReadOnly) -> StoreError {
        StoreError {
            path: path.to_path_buf(),
            op: StoreOp::Refused,
            kind: None,
            os: String::new(),
            read_only: Some(Box::new(why)),
            refusal: None,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?} {:?} {} {:?} {:?}",
            self.path.display(),
            self.op,
            self.kind,
            self.os,
            self.read_only,
            self.refusal
        )
    }
}

impl std::error::Error for StoreError {}

/// What an import or an export can meet: a file that is wrong, or a write that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    File(FileError),
    Store(StoreError),
}

impl From<FileError> for Error {
    fn from(e: FileError) -> Error {
        Error::File(e)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        Error::Store(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::File(e) => e.fmt(f),
            Error::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}
