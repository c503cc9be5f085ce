//! The register's recorded handover dates: the optional 交接日期 sheet, held to what every
//! handover date is held to (the law's [`check_handover_date`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::{HandoverDateProblem, check_handover_date};

use crate::error::{FileError, FileKind, Problem};
use crate::register::cells::{Cell, date, integer};
use crate::register::columns::{HANDOVER_DATE, HANDOVER_ITEM, normalise_heading};
use crate::register::problem::{CellProblem, CellProblemKind, CellRef, RegisterProblem};

/// Whether a recorded handover date may be used ([`check_handover_date`]), as a cell's
/// problem. The `--handover` option is checked the same way.
pub fn check_handover(item: u64, day: NaiveDate, today: NaiveDate) -> Result<(), CellProblemKind> {
    check_handover_date(Catalogue::embedded(), item, day, today).map_err(|p| match p {
        HandoverDateProblem::NoSuchItem { item, max } => {
            CellProblemKind::ItemOutOfRange { item, max }
        }
        HandoverDateProblem::BeforeNotice { day, earliest } => {
            CellProblemKind::DateBefore { day, earliest }
        }
        HandoverDateProblem::TooFarAhead { day, latest } => {
            CellProblemKind::DateAfter { day, latest }
        }
    })
}

/// The recorded handover dates of a `交接日期` sheet, checked as the RON file's are: items
/// 1–12, each once, one column each, dates from the notice's to a year past `today`. A bad
/// cell refuses the file: a wrong handover date would move every application of its item.
pub(crate) struct HandoverRows<'a> {
    pub(crate) file: &'a str,
    pub(crate) sheet: &'a str,
    pub(crate) today: NaiveDate,
    /// The two columns and the headings, once the header is read.
    pub(crate) cols: Option<(usize, usize, Vec<String>)>,
    pub(crate) out: BTreeMap<u8, NaiveDate>,
}

impl HandoverRows<'_> {
    pub(crate) fn feed(&mut self, row: u32, cells: Vec<Cell>) -> Result<(), FileError> {
        let file = self.file;
        let sheet = self.sheet;
        let whole = |p: Problem| FileError::whole(file, FileKind::Applications, p);
        if cells.iter().all(Cell::is_empty) {
            return Ok(());
        }
        let Some((ic, dc, headings)) = &self.cols else {
            let mut item_col = None;
            let mut date_col = None;
            for (i, h) in cells.iter().enumerate() {
                let n = normalise_heading(&h.display());
                let (slot, heading) = if n == HANDOVER_ITEM || n == "item" {
                    (&mut item_col, HANDOVER_ITEM)
                } else if n == HANDOVER_DATE || n == "handover" {
                    (&mut date_col, HANDOVER_DATE)
                } else {
                    continue;
                };
                if slot.replace(i).is_some() {
                    return Err(whole(Problem::Register(
                        RegisterProblem::DuplicateHandoverColumn {
                            at: CellRef {
                                sheet: sheet.to_string(),
                                row,
                                col: i as u32,
                            },
                            heading: heading.to_string(),
                        },
                    )));
                }
            }
            let (Some(ic), Some(dc)) = (item_col, date_col) else {
                let heading = if item_col.is_none() {
                    HANDOVER_ITEM
                } else {
                    HANDOVER_DATE
                };
                return Err(whole(Problem::Register(
                    RegisterProblem::MissingHandoverColumn {
                        sheet: sheet.to_string(),
                        heading: heading.to_string(),
                    },
                )));
            };
            self.cols = Some((ic, dc, cells.iter().map(Cell::display).collect()));
            return Ok(());
        };
        let (ic, dc) = (*ic, *dc);
        let empty = Cell::Empty;
        let cell = |i: usize| cells.get(i).unwrap_or(&empty);
        let at = |i: usize| CellRef {
            sheet: sheet.to_string(),
            row,
            col: i as u32,
        };
        let bad = |i: usize, kind: CellProblemKind| {
            whole(Problem::Register(RegisterProblem::BadCell(Box::new(
                CellProblem {
                    at: at(i),
                    heading: headings.get(i).cloned().unwrap_or_default(),
                    column: None,
                    kind,
                },
            ))))
        };
        let check = |i: usize| match cell(i) {
            Cell::Empty => Err(bad(i, CellProblemKind::Missing)),
            Cell::Error(e) => Err(bad(i, CellProblemKind::CellError(e.clone()))),
            Cell::Formula(_) => Err(bad(i, CellProblemKind::FormulaWithoutValue)),
            _ => Ok(()),
        };
        check(ic)?;
        check(dc)?;
        let item = integer(cell(ic), u64::MAX).map_err(|k| bad(ic, k))?;
        let day = date(cell(dc)).map_err(|k| bad(dc, k))?;
        match check_handover(item, day, self.today) {
            Err(k @ CellProblemKind::ItemOutOfRange { .. }) => return Err(bad(ic, k)),
            Err(k) => return Err(bad(dc, k)),
            Ok(()) => {}
        }
        let item = item as u8;
        if self.out.insert(item, day).is_some() {
            return Err(whole(Problem::Register(
                RegisterProblem::HandoverItemTwice { at: at(ic), item },
            )));
        }
        Ok(())
    }
}
