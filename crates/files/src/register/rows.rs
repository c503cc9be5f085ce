//! Rows of cells into the register's head and rows: the header row found and laid out (which
//! sheet column holds which register column), each later row read ([`crate::register::row`])
//! and handed on as it comes. Memory is the row at hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use delegation_law::facts::Application;

use crate::error::{FileError, FileKind, Problem};
use crate::register::cells::Cell;
use crate::register::problem::{BadRow, CellProblem, CellProblemKind, CellRef, column_letters};
use crate::register::row::{Kinds, Layout, layout, read_row};
use delegation_law::error::DataProblem;

/// What a register says before its rows: the sheet read (for a .csv, the file's name), its
/// headings (a column without one is named by its letters), and the handover dates it
/// records.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub sheet: String,
    pub header: Vec<String>,
    pub handover: BTreeMap<u8, NaiveDate>,
}

/// One non-empty row as read: its cells as the clerk sees them, and the application it is
/// or why it is none.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadRow {
    pub row: u32,
    pub cells: Vec<String>,
    pub read: Result<Application, BadRow>,
}

/// Why a stream stopped: the file, or the one the rows went to.
#[derive(Debug)]
pub enum StreamError<E> {
    File(FileError),
    Sink(E),
}

impl<E> From<FileError> for StreamError<E> {
    fn from(e: FileError) -> Self {
        StreamError::File(e)
    }
}

/// What a whole stream held: the head, the widest row (in columns) and how many rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub head: Head,
    pub width: usize,
    pub rows: usize,
}

/// Turns rows of cells into the register's head and rows.
pub(crate) struct Rows<'a, E> {
    file: &'a str,
    sheet: String,
    handover: BTreeMap<u8, NaiveDate>,
    /// Which facts each row's item takes.
    kinds: Kinds<'a>,
    /// The layout and headings, once the header row is read.
    layout: Option<(Layout, Vec<String>, u32)>,
    width: usize,
    rows: usize,
    on_head: &'a mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &'a mut dyn FnMut(ReadRow) -> Result<(), E>,
    /// The sink's error, once it stopped the reading ([`Rows::take`]).
    stopped: Option<E>,
}

impl<'a, E> Rows<'a, E> {
    /// The rows of `sheet` of `file`, before its header row is read.
    pub(crate) fn new(
        file: &'a str,
        sheet: String,
        handover: BTreeMap<u8, NaiveDate>,
        kinds: Kinds<'a>,
        on_head: &'a mut dyn FnMut(&Head) -> Result<(), E>,
        on_row: &'a mut dyn FnMut(ReadRow) -> Result<(), E>,
    ) -> Self {
        Rows {
            file,
            sheet,
            handover,
            kinds,
            layout: None,
            width: 0,
            rows: 0,
            on_head,
            on_row,
            stopped: None,
        }
    }

    pub(crate) fn feed(&mut self, row: u32, cells: Vec<Cell>) -> Result<(), StreamError<E>> {
        if cells.iter().all(Cell::is_empty) {
            return Ok(());
        }
        let Some((layout, headings, col0)) = &self.layout else {
            let col0 = 0;
            let layout = layout(&cells, &self.sheet, row, col0, self.file)?;
            let headings: Vec<String> = cells.iter().map(Cell::display).collect();
            let mut shown = headings.clone();
            for (i, h) in shown.iter_mut().enumerate() {
                if h.is_empty() {
                    *h = column_letters(col0 + i as u32);
                }
            }
            let head = Head {
                sheet: self.sheet.clone(),
                header: shown,
                handover: self.handover.clone(),
            };
            self.width = headings.len();
            (self.on_head)(&head).map_err(StreamError::Sink)?;
            self.layout = Some((layout, headings, col0));
            return Ok(());
        };
        // A row with nothing in the register's columns (a 备注 under a row, a total) is no
        // application, but it is kept: named as such, and passed on to --out with its cells.
        let read = if layout
            .at
            .values()
            .all(|&i| cells.get(i).is_none_or(Cell::is_empty))
        {
            let i = cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
            Err(BadRow {
                id: None,
                problems: vec![CellProblem {
                    at: CellRef {
                        sheet: self.sheet.clone(),
                        row,
                        col: *col0 + i as u32,
                    },
                    heading: headings.get(i).cloned().unwrap_or_default(),
                    column: None,
                    kind: CellProblemKind::OnlyUnreadColumns(cells[i].display()),
                }],
            })
        } else {
            read_row(
                layout,
                &cells,
                headings,
                &self.sheet,
                row,
                *col0,
                self.kinds,
            )
        };
        self.width = self.width.max(cells.len());
        self.rows += 1;
        (self.on_row)(ReadRow {
            row,
            cells: cells.into_iter().map(Cell::into_display).collect(),
            read,
        })
        .map_err(StreamError::Sink)
    }

    /// [`Rows::feed`] for a format's reader, whose rows can stop only with a [`FileError`]:
    /// the sink's error is kept for [`Rows::end`], and the reading is stopped.
    pub(crate) fn take(&mut self, row: u32, cells: Vec<Cell>) -> Result<(), FileError> {
        match self.feed(row, cells) {
            Ok(()) => Ok(()),
            Err(StreamError::File(e)) => Err(e),
            Err(StreamError::Sink(e)) => {
                self.stopped = Some(e);
                // Stops the reading; the sink's error is returned by `end`.
                Err(FileError::whole(
                    self.file,
                    FileKind::Applications,
                    Problem::Data(DataProblem::Empty),
                ))
            }
        }
    }

    /// The end of a reading that fed its rows through [`Rows::take`]: the sink's error if it
    /// stopped it, else the reader's, else the summary.
    pub(crate) fn end(mut self, read: Result<(), FileError>) -> Result<Summary, StreamError<E>> {
        if let Some(e) = self.stopped.take() {
            return Err(StreamError::Sink(e));
        }
        read?;
        self.finish()
    }

    pub(crate) fn finish(self) -> Result<Summary, StreamError<E>> {
        let Some((_, headings, col0)) = self.layout else {
            return Err(FileError::whole(
                self.file,
                FileKind::Applications,
                Problem::Data(DataProblem::Empty),
            )
            .into());
        };
        let header = (0..self.width.max(headings.len()))
            .map(|i| match headings.get(i) {
                Some(h) if !h.is_empty() => h.clone(),
                _ => column_letters(col0 + i as u32),
            })
            .collect();
        Ok(Summary {
            head: Head {
                sheet: self.sheet,
                header,
                handover: self.handover,
            },
            width: self.width,
            rows: self.rows,
        })
    }
}
