//! The applications file (RON), read by the command line and the GUI alike.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{DataError, DataProblem};
use crate::facts::Application;

/// A batch of applications, with optional recorded handover dates by item that override the
/// records kept by the app.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationsFile {
    #[serde(default, deserialize_with = "crate::catalogue::item_map")]
    pub handover: BTreeMap<u8, NaiveDate>,
    pub applications: Vec<Application>,
}

impl ApplicationsFile {
    /// Parses the text of an applications file; the error says the line and column.
    pub fn parse(text: &str) -> Result<ApplicationsFile, DataError> {
        if text.trim().is_empty() {
            return Err(DataError::whole(DataProblem::Empty));
        }
        ron::from_str(text).map_err(|e| DataError::from_ron(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // (the name the file gives it, shorter: `Apps::parse`)
    use super::ApplicationsFile as Apps;

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
        let f = Apps::parse(text).unwrap();
        assert_eq!(f.applications.len(), 5);
        assert_eq!(
            f.handover[&10],
            NaiveDate::from_ymd_opt(2024, 6, 20).unwrap()
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let text = "(\n  applications: [\n    (id: \"A\", item: 1, received: \"2024-13-01\", in_zone: true, facts: General),\n  ],\n)";
        let e = Apps::parse(text).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(matches!(e.problem, DataProblem::Syntax(_)), "{e}");
        let e = Apps::parse("  \n").unwrap_err();
        assert_eq!(e, DataError::whole(DataProblem::Empty));
    }
}
