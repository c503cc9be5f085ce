//! The law's errors: what is wrong with a text it was given (the notice's data, an
//! applications or records file's RON, a calendar), as typed values with the line and column
//! where the parser knows them, never a file name (a layer up adds it: `delegation-files`'s
//! `FileError`). No sentence: `delegation-words` says them in the user's language; `Display`
//! is a terse technical form for logs and panics.

use std::fmt;

use chrono::{NaiveDate, Weekday};

/// A text that could not be used: where in it (1-based line and column, 0 where the parser
/// does not know) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub line: usize,
    pub column: usize,
    pub problem: DataProblem,
}

/// What is wrong with a text. The strings are what no translation can improve: the parser's
/// own words, a value found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataProblem {
    /// The parser stopped, with its message.
    Syntax(String),
    Empty,
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
    /// A decimal with more places than the field allows, as written
    /// (`39.99999999999999999` would round to 40.0 and change the outcome).
    TooManyDecimals {
        field: String,
        literal: String,
        places: u8,
    },
    /// A number past what the field takes (see `strict::MAX_WHOLE`, `strict::MAX_DBH_CM`):
    /// the field, the value as read, the largest taken.
    TooLarge {
        field: String,
        literal: String,
        max: String,
    },
    /// A text longer than `strict::MAX_TEXT_CHARS`: the field, its characters, the most.
    TooLong {
        field: String,
        chars: usize,
        max: usize,
    },
    /// Readable, but not a text of its kind: the parser's message.
    WrongKind(String),
    /// A records file of another format: the format it names.
    OtherFormat(String),
    /// A newer records format: its version.
    NewerVersion(u32),
    /// A records file's handover date the command line's `--handover` would refuse: before
    /// the notice was issued (`after` false) or more than a year past today (`after` true).
    HandoverDate {
        item: u8,
        day: NaiveDate,
        bound: NaiveDate,
        after: bool,
    },
    /// One of an item's five elements listed twice (done in one place, not done in the other).
    ElementTwice {
        item: u8,
        element: String,
    },
}

/// Problems found by the law's own deserialisers travel through the parser as a message it
/// keeps with its position; this prefix marks them so [`DataError::from_ron`] gets the typed
/// problem back.
const MARK: char = '\u{1f}';

/// A custom serde error that comes back as a typed [`DataProblem`] with the parser's position.
pub(crate) fn marked<E: serde::de::Error>(parts: &[&str]) -> E {
    let mut m = String::new();
    for p in parts {
        m.push(MARK);
        m.push_str(p);
    }
    E::custom(m)
}

fn unmark(m: &str) -> Option<DataProblem> {
    let rest = m.strip_prefix(MARK)?;
    let parts: Vec<&str> = rest.split(MARK).collect();
    Some(match parts.as_slice() {
        ["duplicate", key] => DataProblem::DuplicateKey(key.to_string()),
        ["item", n, max] => DataProblem::ItemOutOfRange {
            item: n.parse().ok()?,
            max: max.parse().ok()?,
        },
        ["toolong", field, chars, max] => DataProblem::TooLong {
            field: field.to_string(),
            chars: chars.parse().ok()?,
            max: max.parse().ok()?,
        },
        ["toolarge", field, literal, max] => DataProblem::TooLarge {
            field: field.to_string(),
            literal: literal.to_string(),
            max: max.to_string(),
        },
        ["decimals", field, literal, places] => DataProblem::TooManyDecimals {
            field: field.to_string(),
            literal: literal.to_string(),
            places: places.parse().ok()?,
        },
        _ => return None,
    })
}

impl DataError {
    /// A problem with no position.
    pub fn whole(problem: DataProblem) -> DataError {
        DataError {
            line: 0,
            column: 0,
            problem,
        }
    }

    /// A RON parser's error, with its position: a field the format lacks, a key given twice
    /// and the law's own refusals as themselves, anything else a syntax error.
    pub fn from_ron(e: &ron::error::SpannedError) -> DataError {
        let typed = match &e.code {
            ron::Error::NoSuchStructField {
                expected, found, ..
            } => Some(DataProblem::UnknownField {
                field: found.clone(),
                expected: expected.iter().map(|s| s.to_string()).collect(),
            }),
            ron::Error::DuplicateStructField { field, .. } => {
                Some(DataProblem::DuplicateKey(field.to_string()))
            }
            ron::Error::Message(m) => unmark(m),
            _ => None,
        };
        DataError {
            line: e.span.start.line,
            column: e.span.start.col,
            problem: typed.unwrap_or_else(|| DataProblem::Syntax(e.code.to_string())),
        }
    }

    /// The same error for a text that was not of the kind asked for: the parser's stop is
    /// then "not a file of its kind" rather than a typo in one.
    pub fn not_syntax(mut self) -> DataError {
        if let DataProblem::Syntax(m) = self.problem {
            self.problem = DataProblem::WrongKind(m);
        }
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {:?}", self.line, self.column, self.problem)
    }
}

impl std::error::Error for DataError {}

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
    /// More days off than any year's arrangement has (a year of 365 holidays): how many, and
    /// the most taken (`calendar::MAX_OFF_DAYS`).
    TooManyOffDays {
        year: i32,
        off: usize,
        max: usize,
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
