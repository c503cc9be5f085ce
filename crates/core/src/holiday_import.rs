//! A new year's holidays, from the holiday-cn JSON the State Council's notice is collected in,
//! kept as a user override beside the embedded calendar.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::calendar::{Calendar, YearData};
use super::error::{Error, Festival, FileError, FileKind, Problem, StoreError, StoreOp};
use super::storage::{self, read_text, write_atomic};

/// The override file in the data directory.
pub const OVERRIDE_FILE: &str = "holidays-override.ron";

// holiday-cn's own keys, `$schema` and `$id` included: anything else is a typo or another file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayCn {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    #[serde(rename = "$id", default)]
    _id: Option<String>,
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<HolidayCnDay>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct HolidayCnDay {
    name: String,
    date: NaiveDate,
    is_off_day: bool,
}

/// Reads one year of holiday-cn JSON; the error says the file, line and column, or what is wrong.
pub fn parse_holiday_cn(text: &str, file: &str) -> Result<YearData, FileError> {
    let kind = FileKind::HolidayYear;
    let h: HolidayCn = serde_json::from_str(text).map_err(|e| FileError {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        kind,
        problem: Problem::WrongKind(e.to_string()),
    })?;
    let mut year = YearData {
        year: h.year,
        notice: h.papers.join(" "),
        off: Vec::new(),
        makeup: Vec::new(),
    };
    for d in h.days {
        if d.date.year() != h.year {
            return Err(FileError::whole(
                file,
                kind,
                Problem::DateOutsideYear {
                    date: d.date,
                    name: d.name,
                    year: h.year,
                },
            ));
        }
        if d.is_off_day {
            year.off.push((d.date, d.name));
        } else {
            year.makeup.push((d.date, d.name));
        }
    }
    year.validate()
        .map_err(|e| FileError::whole(file, kind, Problem::Calendar(e.problem)))?;
    let missing = missing_festivals(&year);
    if !missing.is_empty() {
        return Err(FileError::whole(
            file,
            kind,
            Problem::FestivalsMissing {
                year: year.year,
                missing,
            },
        ));
    }
    Ok(year)
}

/// The statutory festivals none of the year's days off is named for. A year replaces the
/// embedded one whole, so a partial year would turn the missing holidays into working days.
/// A name may join two festivals that share days ("国庆节、中秋节").
pub fn missing_festivals(year: &YearData) -> Vec<Festival> {
    Festival::ALL
        .into_iter()
        .filter(|f| {
            !year.off.iter().any(|(_, name)| {
                name.split(['、', ',', '，', '/', ' '])
                    .any(|part| part.trim() == f.notice_name())
            })
        })
        .collect()
}

pub fn override_path(dir: &Path) -> PathBuf {
    dir.join(OVERRIDE_FILE)
}

/// The user's override years (none when there is no file).
pub fn load_overrides(dir: &Path) -> Result<Vec<YearData>, FileError> {
    let path = override_path(dir);
    let file = path.display().to_string();
    let kind = FileKind::HolidayOverride;
    match read_text(&path, kind)? {
        Some(text) => Calendar::from_ron(&text)
            .map(|c| c.years().cloned().collect())
            .map_err(|e| {
                let (line, column) = e.line_col.unwrap_or((0, 0));
                FileError {
                    file,
                    line,
                    column,
                    kind,
                    problem: Problem::Calendar(e.problem),
                }
            }),
        None => Ok(Vec::new()),
    }
}

/// Adds (or replaces) a year in the override file, keeping the other years. The file is read,
/// merged and saved under `holidays.lock`, so imports running at the same time each keep
/// the others' years. `records_held`: the caller holds `records.lock` (the app's own
/// session); otherwise it is taken for the save, and refused while a running app holds it.
pub fn save_override(dir: &Path, year: YearData, records_held: bool) -> Result<(), Error> {
    let _holidays = storage::lock_holidays(dir)?;
    let _records = if records_held {
        None
    } else {
        Some(storage::hold_records_lock(dir, &override_path(dir))?)
    };
    let mut years = load_overrides(dir)?;
    years.retain(|y| y.year != year.year);
    years.push(year);
    years.sort_by_key(|y| y.year);
    fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, StoreOp::Open, &e))?;
    let text = format!(
        "// Holiday years imported by the user (holiday-cn JSON). They replace the embedded calendar's.\n{}",
        Calendar::to_ron(&years)
    );
    write_atomic(&override_path(dir), text.as_bytes(), |_| Ok(()))?;
    Ok(())
}

/// The embedded calendar with the user's overrides, and a warning if the overrides could not
/// be read (the embedded calendar is used alone then).
pub fn effective_calendar(dir: &Path) -> (Calendar, Option<FileError>) {
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
