//! Excel's limits and the reader's own, checked as the cells come, so that nothing a file
//! claims is allocated: a cell past the last row or column, a cell or a row too long.

use crate::error::{FileError, FileKind, Problem};
use crate::register::cells::Cell;
use crate::register::problem::{CellRef, RegisterProblem};

/// Excel's last row: a cell past it is refused, named, before anything is read into it.
pub const MAX_ROWS: u32 = 1_048_576;
/// Excel's last column (XFD).
pub const MAX_COLUMNS: u32 = 16_384;
/// The most characters Excel keeps in a cell.
pub const MAX_CELL_CHARS: usize = delegation_law::strict::MAX_TEXT_CHARS;
/// The most characters one row may hold in all: far above any register's row, far below
/// what 16,384 full cells would take.
pub const MAX_ROW_CHARS: usize = 1_048_576;
/// The most shared strings a workbook may declare or hold: two for each of Excel's rows.
pub const MAX_SHARED_STRINGS: u64 = 2 * MAX_ROWS as u64;
/// A workbook entry of more than [`ZIP_RATIO_FROM`] bytes may unpack to at most this many
/// times its packed size (real sheets stay far below; a zip bomb is far above).
pub const MAX_ZIP_RATIO: u64 = 100;
pub const ZIP_RATIO_FROM: u64 = 1 << 20;
/// The most bytes a workbook's entries may hold unpacked, together.
pub const MAX_UNPACKED_BYTES: u64 = 4 << 30;
/// The most entries a workbook may have.
pub const MAX_ZIP_ENTRIES: u64 = 10_000;
/// The largest register file (.xlsx or .csv) read; the RON file keeps
/// [`crate::io::MAX_FILE_BYTES`].
pub const MAX_REGISTER_BYTES: u64 = 1 << 30;

/// Cells of one row, placed by column as they come, with Excel's limits checked.
pub(crate) struct RowBuf {
    pub(crate) row: u32,
    pub(crate) cells: Vec<Cell>,
    pub(crate) chars: usize,
}

impl RowBuf {
    pub(crate) fn new(row: u32) -> RowBuf {
        RowBuf {
            row,
            cells: Vec::new(),
            chars: 0,
        }
    }

    /// Puts a cell at 0-based column `col` of this row (1-based).
    pub(crate) fn put(
        &mut self,
        col: u32,
        cell: Cell,
        sheet: &str,
        file: &str,
    ) -> Result<(), FileError> {
        let at = || CellRef {
            sheet: sheet.to_string(),
            row: self.row,
            col,
        };
        let bad = |p: Problem| FileError::whole(file, FileKind::Applications, p);
        if self.row > MAX_ROWS {
            return Err(bad(Problem::Register(RegisterProblem::BeyondLastRow(at()))));
        }
        if col >= MAX_COLUMNS {
            return Err(bad(Problem::Register(RegisterProblem::BeyondLastColumn(
                at(),
            ))));
        }
        let chars = match &cell {
            Cell::Text(s) | Cell::Error(s) | Cell::Formula(s) => s.chars().count(),
            _ => 0,
        };
        if chars > MAX_CELL_CHARS {
            return Err(bad(Problem::Register(RegisterProblem::CellTooLong {
                at: at(),
                chars,
                limit: MAX_CELL_CHARS,
            })));
        }
        self.chars += chars;
        if self.chars > MAX_ROW_CHARS {
            return Err(bad(Problem::Register(RegisterProblem::RowTooLong {
                sheet: sheet.to_string(),
                row: self.row,
                limit: MAX_ROW_CHARS,
            })));
        }
        if cell.is_empty() {
            return Ok(());
        }
        let i = col as usize;
        if self.cells.len() <= i {
            self.cells.resize(i + 1, Cell::Empty);
        }
        self.cells[i] = cell;
        Ok(())
    }
}
