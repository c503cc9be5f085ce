//! Reading a register: as a stream by its format ([`stream`]), or gathered whole into a
//! [`Register`] (the batch screen, tests).

use std::path::Path;

use chrono::NaiveDate;
use delegation_law::applications::ApplicationsFile;
use delegation_law::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};

use crate::error::{FileError, FileKind, Problem};
use crate::register::columns::{Column, NO, YES};
use crate::register::csv::{read_csv, stream_csv, survey_csv};
use crate::register::limits::MAX_REGISTER_BYTES;
use crate::register::problem::BadRow;
use crate::register::row::{Kinds, embedded_kinds};
use crate::register::rows::{Head, ReadRow, StreamError, Summary};
use crate::register::xlsx::stream_xlsx;

/// What a row became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The index of its application in [`Register::batch`].
    App(usize),
    Bad(BadRow),
}

/// One non-empty row of a register, as the file has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based row in the sheet (for a RON file, the application's place in the list).
    pub row: u32,
    /// The cells as text, under [`Register::header`].
    pub cells: Vec<String>,
    pub entry: Entry,
}

/// A register read: the applications of its good rows (with the handover dates it records),
/// its header, and every non-empty row in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Register {
    pub batch: ApplicationsFile,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// The sheet its rows were read from (for a .csv, the file's name; none for RON).
    pub sheet: Option<String>,
}

/// The formats a register can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    Ron,
    Xlsx,
    Csv,
}

impl RegisterFormat {
    /// By the file's extension (any case).
    pub fn of(path: &Path) -> Option<RegisterFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "ron" => Some(RegisterFormat::Ron),
            "xlsx" => Some(RegisterFormat::Xlsx),
            "csv" => Some(RegisterFormat::Csv),
            _ => None,
        }
    }
}

impl Register {
    /// Reads a .ron, .xlsx or .csv file whole, by its extension: the [`stream`] gathered.
    /// `today` bounds the handover dates (a year past it at most).
    pub fn load(path: &Path, today: NaiveDate) -> Result<Register, FileError> {
        if RegisterFormat::of(path) == Some(RegisterFormat::Ron) {
            return crate::applications::load(path).map(Register::from_batch);
        }
        let mut collect = Collect::default();
        let summary = collect.stream(|on_head, on_row| stream(path, today, on_head, on_row))?;
        Ok(collect.into_register(summary))
    }

    /// A RON applications file as a register: the 15 columns, every row good.
    pub fn from_batch(batch: ApplicationsFile) -> Register {
        let header = Column::ALL.map(|c| c.heading().to_string()).to_vec();
        let rows = batch
            .applications
            .iter()
            .enumerate()
            .map(|(i, a)| Row {
                row: i as u32 + 1,
                cells: cells_of(a).to_vec(),
                entry: Entry::App(i),
            })
            .collect();
        Register {
            batch,
            header,
            rows,
            sheet: None,
        }
    }

    /// How many rows could not be read.
    pub fn bad_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.entry, Entry::Bad(_)))
            .count()
    }
}

/// An application's cells in the template's spellings, in [`Column::ALL`] order; the columns
/// its facts do not use are empty.
pub fn cells_of(a: &Application) -> [String; 15] {
    let yes_no = |b: bool| if b { YES } else { NO }.to_string();
    let mut c: [String; 15] = Default::default();
    c[0] = a.id.clone();
    c[1] = a.item.to_string();
    c[2] = a.received.format("%Y-%m-%d").to_string();
    c[3] = yes_no(a.in_zone);
    let choice = |col: Column, i: usize| col.choices()[i].to_string();
    match &a.facts {
        Facts::General => {}
        Facts::Grid { project } => match project {
            GridProject::PowerGrid { kv, cross_district } => {
                c[4] = choice(Column::Project, 0);
                c[5] = kv.to_string();
                c[6] = yes_no(*cross_district);
            }
            GridProject::GasDistributedEnergyStation => c[4] = choice(Column::Project, 1),
            GridProject::Other => c[4] = choice(Column::Project, 2),
        },
        Facts::WaterIntake {
            source,
            m3_per_day,
            agricultural,
            request,
        } => {
            c[7] = choice(
                Column::Source,
                WaterSource::ALL
                    .iter()
                    .position(|s| s == source)
                    .unwrap_or(0),
            );
            c[8] = m3_per_day.to_string();
            c[9] = yes_no(*agricultural);
            c[10] = choice(
                Column::Request,
                WaterRequest::ALL
                    .iter()
                    .position(|r| r == request)
                    .unwrap_or(0),
            );
        }
        Facts::Trees {
            site,
            count,
            max_dbh_cm,
            heritage,
        } => {
            c[11] = choice(
                Column::Site,
                TreeSite::ALL.iter().position(|s| s == site).unwrap_or(0),
            );
            c[12] = count.to_string();
            c[13] = max_dbh_cm.to_string();
            c[14] = choice(
                Column::Heritage,
                Heritage::ALL
                    .iter()
                    .position(|h| h == heritage)
                    .unwrap_or(0),
            );
        }
    }
    c
}

/// Reads a register (.ron, .xlsx or .csv, by its extension) row by row: `on_head` once
/// before the first row, `on_row` for each non-empty row, in order. Memory does not grow
/// with the rows: nothing but the row at hand is kept. `today` bounds the handover dates.
pub fn stream<E>(
    path: &Path,
    today: NaiveDate,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    stream_by(path, today, &embedded_kinds, on_head, on_row)
}

/// [`stream`], with the facts each row's item takes given by `kinds` (the notice the row will
/// be routed by: a session with more than the built-in notice passes its own).
pub fn stream_by<E>(
    path: &Path,
    today: NaiveDate,
    kinds: Kinds<'_>,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    let name = path.display().to_string();
    let kind = FileKind::Applications;
    let format = RegisterFormat::of(path);
    match format {
        Some(RegisterFormat::Ron) => {
            let r = Register::from_batch(crate::applications::load(path)?);
            let head = Head {
                sheet: String::new(),
                header: r.header.clone(),
                handover: r.batch.handover.clone(),
            };
            on_head(&head).map_err(StreamError::Sink)?;
            let mut apps = r.batch.applications.into_iter();
            let n = r.rows.len();
            for row in r.rows {
                if let Some(app) = apps.next() {
                    on_row(ReadRow {
                        row: row.row,
                        cells: row.cells,
                        read: Ok(app),
                    })
                    .map_err(StreamError::Sink)?;
                }
            }
            Ok(Summary {
                width: head.header.len(),
                head,
                rows: n,
            })
        }
        // The file is opened and checked once (a regular file within the cap), and the
        // opened file is handed to its format, which reads it from the start as often as it
        // needs.
        Some(RegisterFormat::Xlsx) => {
            let file = crate::io::open_capped(path, kind, MAX_REGISTER_BYTES)?;
            stream_xlsx(file, &name, today, kinds, on_head, on_row)
        }
        Some(RegisterFormat::Csv) => {
            let sheet = path
                .file_name()
                .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
            let file = crate::io::open_capped(path, kind, MAX_REGISTER_BYTES)?;
            read_csv(file, &name, &sheet, kinds, on_head, on_row)
        }
        None => {
            crate::io::check_file(path, kind)?;
            Err(FileError::whole(&name, kind, Problem::UnknownFormat).into())
        }
    }
}

/// Parses a .csv's bytes whole (tests, and callers holding bytes); `file` names it in
/// messages, `sheet` in cell references.
pub fn parse_csv(bytes: &[u8], file: &str, sheet: &str) -> Result<Register, FileError> {
    let survey = survey_csv(bytes, file, sheet)?;
    let mut collect = Collect::default();
    let summary = collect.stream(|on_head, on_row| {
        stream_csv(bytes, survey, file, sheet, &embedded_kinds, on_head, on_row)
    })?;
    Ok(collect.into_register(summary))
}

/// Parses an .xlsx workbook's bytes whole (tests, and callers holding bytes); `file` names
/// it in messages, `today` bounds its handover dates.
pub fn parse_xlsx(bytes: &[u8], file: &str, today: NaiveDate) -> Result<Register, FileError> {
    let mut collect = Collect::default();
    let summary = collect.stream(|on_head, on_row| {
        stream_xlsx(
            std::io::Cursor::new(bytes),
            file,
            today,
            &embedded_kinds,
            on_head,
            on_row,
        )
    })?;
    Ok(collect.into_register(summary))
}

/// A stream gathered into a whole [`Register`].
#[derive(Default)]
pub(crate) struct Collect {
    batch: ApplicationsFile,
    rows: Vec<Row>,
}

impl Collect {
    pub(crate) fn stream(
        &mut self,
        run: impl FnOnce(
            &mut dyn FnMut(&Head) -> Result<(), std::convert::Infallible>,
            &mut dyn FnMut(ReadRow) -> Result<(), std::convert::Infallible>,
        ) -> Result<Summary, StreamError<std::convert::Infallible>>,
    ) -> Result<Summary, FileError> {
        let batch = &mut self.batch;
        let rows = &mut self.rows;
        let result = run(&mut |_| Ok(()), &mut |r: ReadRow| {
            let entry = match r.read {
                Ok(app) => {
                    batch.applications.push(app);
                    Entry::App(batch.applications.len() - 1)
                }
                Err(bad) => Entry::Bad(bad),
            };
            rows.push(Row {
                row: r.row,
                cells: r.cells,
                entry,
            });
            Ok(())
        });
        match result {
            Ok(s) => Ok(s),
            Err(StreamError::File(e)) => Err(e),
            Err(StreamError::Sink(never)) => match never {},
        }
    }

    pub(crate) fn into_register(mut self, summary: Summary) -> Register {
        self.batch.handover = summary.head.handover;
        Register {
            batch: self.batch,
            header: summary.head.header,
            rows: self.rows,
            sheet: Some(summary.head.sheet),
        }
    }
}
