//! The clerks' own registers: applications kept in an .xlsx workbook or a .csv sheet, one row
//! each, read into the same [`ApplicationsFile`] as the RON file, with every bad cell named as
//! a clerk finds it (sheet, row, column letter, the column's heading).
//!
//! The headings and the cell spellings below are the register's file format, as RON's field
//! names are the applications file's: the reader must know them. What a person reads about
//! them (problems, the template's explanations) is in `delegation-words`.
//!
//! The reader is split by what it does: [`columns`] (the format's headings and spellings),
//! [`cells`] (a cell into a value), [`limits`] (Excel's, checked as cells come), [`row`] (a
//! row into an application), [`rows`] (rows into the head and the stream), [`handover`] (the
//! 交接日期 sheet), [`xlsx`] and [`csv`] (each format from an opened file), [`read`] (a
//! register by its format, streamed or whole) and [`template`].

pub mod cells;
pub mod columns;
pub mod csv;
pub mod handover;
pub mod limits;
pub mod problem;
pub mod read;
pub mod row;
pub mod rows;
pub mod template;
pub mod xlsx;

pub use cells::{Cell, parse_date_text};
pub use columns::{CellKind, Column, HANDOVER_DATE, HANDOVER_ITEM, HANDOVER_SHEET, REGISTER_SHEET};
pub use csv::{CsvSurvey, survey_csv};
pub use handover::check_handover;
pub use limits::*;
pub use problem::{BadRow, CellProblem, CellProblemKind, CellRef, RegisterProblem, column_letters};
pub use read::{
    Entry, Register, RegisterFormat, Row, cells_of, parse_csv, parse_xlsx, stream, stream_by,
};
pub use row::{Kinds, embedded_kinds};
pub use rows::{Head, ReadRow, StreamError, Summary};
pub use template::{
    TEMPLATE_ROWS, TemplateText, examples, register_rows, write_template, write_template_to,
};
