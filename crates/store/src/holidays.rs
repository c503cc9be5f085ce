//! The holiday years the user imported (from holiday-cn JSON, `delegation-files`), kept in
//! the data folder's override file beside the embedded calendar, and the calendar they make.

use std::fs;
use std::path::{Path, PathBuf};

use delegation_files::error::{FileError, FileKind, PathOp, Problem};
use delegation_files::io::{read_text, write_atomic};
use delegation_law::calendar::{Calendar, YearData};

pub use crate::dir::OVERRIDE_FILE;
use crate::error::StoreError;
use crate::lock::{hold_records_lock, lock_holidays};

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
pub fn save_override(dir: &Path, year: YearData, records_held: bool) -> Result<(), StoreError> {
    let _holidays = lock_holidays(dir)?;
    let _records = if records_held {
        None
    } else {
        Some(hold_records_lock(dir, &override_path(dir))?)
    };
    let mut years = load_overrides(dir)?;
    years.retain(|y| y.year != year.year);
    years.push(year);
    years.sort_by_key(|y| y.year);
    fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, PathOp::Open, &e))?;
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
