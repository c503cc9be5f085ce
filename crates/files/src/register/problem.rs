//! What can be wrong with a register: a cell (where, under which heading, what), a row that
//! could not become an application, and the sheet-level problems that refuse the whole file.
//! Typed values only: `delegation-words` says them.

use chrono::NaiveDate;

use crate::register::columns::Column;

/// Where a cell is: the sheet (for a .csv, the file's name), its 1-based row and 0-based
/// column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    /// The column's letters: A, B, …, Z, AA, …
    pub fn letters(&self) -> String {
        column_letters(self.col)
    }

    /// `Sheet1!F7`.
    pub fn a1(&self) -> String {
        format!("{}!{}{}", self.sheet, self.letters(), self.row)
    }
}

/// A 0-based column index in letters.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// What is wrong with a cell. The strings are the cell's text as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblemKind {
    /// The row needs it and it is empty.
    Missing,
    NotInteger(String),
    NotNumber(String),
    Negative(String),
    TooLarge(String),
    NotDate(String),
    NotYesNo(String),
    /// Not one of the column's choices.
    NotChoice(String),
    /// Filled, but the row's other cell (this column) says it does not apply.
    NotUsed {
        because: Column,
    },
    /// The spreadsheet's own error value (#N/A, #VALUE!…).
    CellError(String),
    /// A formula whose value was never saved.
    FormulaWithoutValue,
    /// The row holds something only in columns the program does not read (a 备注 under a row,
    /// a total): no application, but kept and named rather than dropped. The cell named is
    /// the first filled one; its text as found.
    OnlyUnreadColumns(String),
    /// A decimal with more places than the column allows (it would be rounded to another
    /// number): as written.
    TooManyDecimals(String),
    /// A handover for an item the notice does not have (it has 1–`max`).
    ItemOutOfRange {
        item: u64,
        max: u8,
    },
    /// A handover date before the notice's.
    DateBefore {
        day: NaiveDate,
        earliest: NaiveDate,
    },
    /// A handover date later than a year from today.
    DateAfter {
        day: NaiveDate,
        latest: NaiveDate,
    },
}

/// A bad cell: where, under which heading (as the file spells it), which column, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub at: CellRef,
    pub heading: String,
    pub column: Option<Column>,
    pub kind: CellProblemKind,
}

/// A row that could not become an application: the register routes it as INVALID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// The id, when its cell was readable.
    pub id: Option<String>,
    pub problems: Vec<CellProblem>,
}

/// What the register reader found wrong with a sheet, which makes the whole file unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterProblem {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
