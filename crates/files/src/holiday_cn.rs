//! A year of holidays in holiday-cn's JSON, the form the State Council's notice is collected
//! in: checked whole (every key holiday-cn writes and no other, every date in its year, a
//! valid calendar, all seven statutory festivals) before it is used.

use chrono::{Datelike, NaiveDate};
use delegation_law::calendar::{YearData, missing_festivals};
use delegation_law::error::DataProblem;
use serde::Deserialize;

use crate::error::{FileError, FileKind, Problem};

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
        problem: Problem::Data(DataProblem::WrongKind(e.to_string())),
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
