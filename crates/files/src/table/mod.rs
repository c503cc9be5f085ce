//! Tables of text as they are written to files: a header and rows of cells, filled by the
//! words layer in the user's language; the writers only put them into a format — .csv here,
//! .xlsx laid out to print in [`xlsx`], the deadlines calendar as .ics in [`ics`]. No cell is
//! ever written as a formula a spreadsheet would run.

use std::path::Path;

use crate::error::PathError;
use crate::io::{Target, write_output};

pub mod ics;
pub mod xlsx;

pub use ics::{ALARM_HOURS_BEFORE, IcsEvent, to_ics, write_ics};
pub use xlsx::{MAX_OWN_HEIGHTS, TableWriter, WIDTH_SAMPLE_ROWS, write_xlsx, write_xlsx_to};

/// The most columns a sheet holds (Excel's and WPS's last column, XFD): a table wider than
/// this is refused before it is written, as .xlsx (the writer would fail half-way) and as
/// .csv (which no spreadsheet could open whole).
pub const MAX_SHEET_COLUMNS: usize = 16_384;

/// `Ok` when a row of `columns` cells fits a sheet; else the refusal, naming the count.
pub(crate) fn check_width(path: &Path, columns: usize) -> Result<(), PathError> {
    if columns > MAX_SHEET_COLUMNS {
        return Err(PathError::refusal(
            path,
            crate::error::Refusal::TooManyColumns {
                columns,
                limit: MAX_SHEET_COLUMNS,
            },
        ));
    }
    Ok(())
}

/// The widest row of a table, its header included.
pub(crate) fn table_width(table: &Table) -> usize {
    table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.header.len()])
        .max()
        .unwrap_or(0)
}

/// A table of text as it is written to a file: a header and rows of cells. The words layer
/// fills it in the user's language; the writers below only put it into a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP "CSV
/// injection"): such a cell gets a leading `'`, which Excel, WPS and LibreOffice show as text.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as text a spreadsheet will not run: `'` before a formula's first character.
pub fn defuse_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_STARTS) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// CSV as Excel and WPS open it: UTF-8 with a BOM, CRLF, fields quoted where needed, and no
/// cell a spreadsheet would run as a formula.
pub(crate) fn csv_field(s: &str) -> String {
    let s = defuse_formula(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

pub fn to_csv(table: &Table) -> String {
    let field = csv_field;
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(&table.header).chain(&table.rows) {
        out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn write_csv(path: &Path, table: &Table) -> Result<(), PathError> {
    write_csv_to(&Target::confirmed(path), table)
}

/// [`write_csv`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_csv_to(target: &Target, table: &Table) -> Result<(), PathError> {
    check_width(&target.path, table_width(table))?;
    write_output(target, to_csv(table).as_bytes())
}

#[cfg(test)]
mod formula_tests {
    use super::*;

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_get_a_quote_and_read_back_as_text() {
        let cells = [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A2)",
            "\tleading tab",
            "\rleading cr",
            "2024-06-13",
            "第10项, \"引号\"",
            "",
        ];
        let t = Table {
            header: vec!["=h".into(), "b".into()],
            rows: cells
                .iter()
                .map(|c| vec![c.to_string(), "x".into()])
                .collect(),
        };
        let text = to_csv(&t);
        let body = text.strip_prefix('\u{feff}').unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), cells.len() + 1);
        assert_eq!(&rows[0][0], "'=h");
        for (row, cell) in rows[1..].iter().zip(cells) {
            let danger = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let want = if danger {
                format!("'{cell}")
            } else {
                cell.to_string()
            };
            assert_eq!(&row[0], want, "{cell:?}");
            assert_eq!(&row[1], "x");
            assert!(!row[0].starts_with(['=', '+', '-', '@', '\t', '\r']));
        }
    }
}
#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn csv_quotes_and_bom() {
        let t = Table {
            header: vec!["a".into(), "b".into()],
            rows: vec![vec!["x,y".into(), "say \"hi\"\nthere".into()]],
        };
        assert_eq!(
            to_csv(&t),
            "\u{feff}a,b\r\n\"x,y\",\"say \"\"hi\"\"\nthere\"\r\n"
        );
    }
}
