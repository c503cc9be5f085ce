//! The applications file (RON), read by the command line and the GUI alike.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::Application;

/// A batch of applications, with optional recorded handover dates by item that override the
/// records kept by the app.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplicationsFile {
    #[serde(default)]
    pub handover: BTreeMap<u8, NaiveDate>,
    pub applications: Vec<Application>,
}

/// Why a file could not be used: which file, where in it, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub file: String,
    /// 1-based line and column, where the parser knows them.
    pub line: usize,
    pub column: usize,
    /// The whole message in English (the command line prints it).
    pub message: String,
    /// What kind of problem, for messages in other languages.
    pub problem: Problem,
    /// The part no translation can improve: the parser's own words, an OS error, a value
    /// found in the file.
    pub detail: String,
}

/// What kind of problem a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The parser stopped: `detail` is its message.
    Syntax,
    Empty,
    NotUtf8,
    /// The file could not be read: `detail` is the OS error.
    Unreadable,
    /// Readable, but not a records file: `detail` is the parser's message.
    NotRecords,
    /// Readable, but not a year of holiday-cn JSON: `detail` is the parser's message.
    NotHolidayYear,
    /// A records file of another format: `detail` is the format it names.
    OtherFormat,
    /// A newer records format: `detail` is its version.
    NewerVersion,
    /// Parsed, but its content is wrong: `detail` says how (in English).
    BadContent,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// Wraps a RON error with the file name.
    pub fn from_ron(file: &str, e: &ron::error::SpannedError) -> ParseError {
        let detail = e.code.to_string();
        ParseError {
            file: file.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: detail.clone(),
            problem: Problem::Syntax,
            detail,
        }
    }

    /// An error with no position.
    pub fn whole(file: &str, problem: Problem, message: impl Into<String>) -> ParseError {
        let message = message.into();
        ParseError {
            file: file.to_string(),
            line: 0,
            column: 0,
            detail: message.clone(),
            message,
            problem,
        }
    }

    /// Replaces the untranslatable part (by default the whole English message).
    pub fn with_detail(mut self, detail: impl Into<String>) -> ParseError {
        self.detail = detail.into();
        self
    }

    /// The file cannot be read at all.
    pub fn unreadable(file: &str, e: &std::io::Error) -> ParseError {
        ParseError::whole(
            file,
            Problem::Unreadable,
            format!("cannot read the file: {e}"),
        )
        .with_detail(e.to_string())
    }
}

impl ApplicationsFile {
    /// Parses the text of an applications file; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<ApplicationsFile, ParseError> {
        if text.trim().is_empty() {
            return Err(ParseError::whole(file, Problem::Empty, "the file is empty"));
        }
        ron::from_str(text).map_err(|e| ParseError::from_ron(file, &e))
    }

    /// Reads and parses a file.
    pub fn load(path: &Path) -> Result<ApplicationsFile, ParseError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ParseError::unreadable(&name, &e))?;
        ApplicationsFile::parse(&text, &name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = r#"(
            handover: { 10: "2024-06-20" },
            applications: [
                (id: "W-1", item: 10, received: "2024-07-01", in_zone: true,
                 facts: WaterIntake(source: Surface, m3_per_day: 80000, agricultural: false, request: New)),
                (id: "G-1", item: 6, received: "2024-07-01", in_zone: true,
                 facts: Grid(project: PowerGrid(kv: 220, cross_district: false))),
                (id: "G-2", item: 7, received: "2024-07-01", in_zone: true,
                 facts: Grid(project: GasDistributedEnergyStation)),
                (id: "T-1", item: 12, received: "2024-07-01", in_zone: true,
                 facts: Trees(site: Other, count: 25, max_dbh_cm: 30.5, heritage: Ordinary)),
                (id: "L-1", item: 2, received: "2024-07-01", in_zone: true, facts: General),
            ],
        )"#;
        let f = ApplicationsFile::parse(text, "x.ron").unwrap();
        assert_eq!(f.applications.len(), 5);
        assert_eq!(
            f.handover[&10],
            NaiveDate::from_ymd_opt(2024, 6, 20).unwrap()
        );
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let text = "(\n  applications: [\n    (id: \"A\", item: 1, received: \"2024-13-01\", in_zone: true, facts: General),\n  ],\n)";
        let e = ApplicationsFile::parse(text, "bad.ron").unwrap_err();
        assert_eq!(e.file, "bad.ron");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.to_string().starts_with("bad.ron:3:"), "{e}");
        let e = ApplicationsFile::parse("  \n", "empty.ron").unwrap_err();
        assert_eq!(e.to_string(), "empty.ron: the file is empty");
    }
}
