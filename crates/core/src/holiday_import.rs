//! A new year's holidays, from the holiday-cn JSON the State Council's notice is collected in,
//! kept as a user override beside the embedded calendar.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::applications::{ParseError, Problem};
use super::calendar::{Calendar, YearData};
use super::storage::write_atomic;

/// The override file in the data directory.
pub const OVERRIDE_FILE: &str = "holidays-override.ron";

#[derive(Deserialize)]
struct HolidayCn {
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<HolidayCnDay>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HolidayCnDay {
    name: String,
    date: NaiveDate,
    is_off_day: bool,
}

/// Reads one year of holiday-cn JSON; the error says the file, line and column, or what is wrong.
pub fn parse_holiday_cn(text: &str, file: &str) -> Result<YearData, ParseError> {
    let h: HolidayCn = serde_json::from_str(text).map_err(|e| ParseError {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: format!("not a holiday-cn year file ({e})"),
        problem: Problem::NotHolidayYear,
        detail: e.to_string(),
    })?;
    let mut year = YearData {
        year: h.year,
        notice: h.papers.join(" "),
        off: Vec::new(),
        makeup: Vec::new(),
    };
    for d in h.days {
        if d.date.year() != h.year {
            return Err(ParseError::whole(
                file,
                Problem::BadContent,
                format!("{} ({}) is not in the year {}", d.date, d.name, h.year),
            ));
        }
        if d.is_off_day {
            year.off.push((d.date, d.name));
        } else {
            year.makeup.push((d.date, d.name));
        }
    }
    year.validate()
        .map_err(|e| ParseError::whole(file, Problem::BadContent, e.message))?;
    Ok(year)
}

pub fn override_path(dir: &Path) -> PathBuf {
    dir.join(OVERRIDE_FILE)
}

/// The user's override years (none when there is no file).
pub fn load_overrides(dir: &Path) -> Result<Vec<YearData>, ParseError> {
    let path = override_path(dir);
    let file = path.display().to_string();
    match fs::read_to_string(&path) {
        Ok(text) => Calendar::from_ron(&text)
            .map(|c| c.years().cloned().collect())
            .map_err(|e| {
                let (line, column) = e.line_col.unwrap_or((0, 0));
                ParseError {
                    file,
                    line,
                    column,
                    message: e.message.clone(),
                    problem: Problem::BadContent,
                    detail: e.message,
                }
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(ParseError::unreadable(&file, &e)),
    }
}

/// Adds (or replaces) a year in the override file, keeping the other years.
pub fn save_override(dir: &Path, year: YearData) -> io::Result<()> {
    let mut years = load_overrides(dir).map_err(|e| io::Error::other(e.to_string()))?;
    years.retain(|y| y.year != year.year);
    years.push(year);
    years.sort_by_key(|y| y.year);
    fs::create_dir_all(dir)?;
    let text = format!(
        "// Holiday years imported by the user (holiday-cn JSON). They replace the embedded calendar's.\n{}",
        Calendar::to_ron(&years)
    );
    write_atomic(&override_path(dir), text.as_bytes(), |_| Ok(()))
}

/// The embedded calendar with the user's overrides, and a warning if the overrides could not
/// be read (the embedded calendar is used alone then).
pub fn effective_calendar(dir: &Path) -> (Calendar, Option<ParseError>) {
    let mut cal = Calendar::embedded().clone();
    match load_overrides(dir) {
        Ok(years) => {
            for y in years {
                cal.set_year(y);
            }
            (cal, None)
        }
        Err(e) => (cal, Some(e)),
    }
}
