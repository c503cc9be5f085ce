//! Which sheet column holds which register column (the header row's [`Layout`]), and one
//! row of cells into an application, or every bad cell of it named.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use delegation_law::facts::{
    Application, Facts, FactsKind, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};

use crate::error::{FileError, FileKind, Problem};
use crate::register::cells::{Cell, choice, date, decimal, integer, yes_no};
use crate::register::columns::{Column, Group};
use crate::register::problem::{BadRow, CellProblem, CellProblemKind, CellRef, RegisterProblem};

/// Which column of the sheet each register column is in.
pub(crate) struct Layout {
    pub(crate) at: BTreeMap<Column, usize>,
}

pub(crate) fn layout(
    header: &[Cell],
    sheet: &str,
    header_row: u32,
    col0: u32,
    file: &str,
) -> Result<Layout, FileError> {
    let kind = FileKind::Applications;
    let mut at = BTreeMap::new();
    for (i, cell) in header.iter().enumerate() {
        let h = cell.display();
        if let Some(col) = Column::ALL.into_iter().find(|c| c.matches(&h))
            && at.insert(col, i).is_some()
        {
            return Err(FileError::whole(
                file,
                kind,
                Problem::Register(RegisterProblem::DuplicateColumn {
                    at: CellRef {
                        sheet: sheet.to_string(),
                        row: header_row,
                        col: col0 + i as u32,
                    },
                    column: col,
                }),
            ));
        }
    }
    // The four basic columns always; a group's columns all, once one of them is there.
    for col in Column::ALL {
        let group_present = Column::ALL
            .iter()
            .any(|c| c.group() == col.group() && at.contains_key(c));
        if !at.contains_key(&col) && (col.required() || group_present) {
            return Err(FileError::whole(
                file,
                kind,
                Problem::Register(RegisterProblem::MissingColumn {
                    sheet: sheet.to_string(),
                    column: col,
                }),
            ));
        }
    }
    Ok(Layout { at })
}

/// Which facts item `no` takes for an application received on `day` (when the row's date is
/// readable): the row of the notice it will be routed by. With the built-in notice alone,
/// [`embedded_kinds`]; the session passes its notices' (issue 31: after a successor renumbers
/// the table, item 2 may be water intake).
pub type Kinds<'k> = &'k (dyn Fn(u8, Option<NaiveDate>) -> Option<FactsKind> + Sync);

/// The kinds of the built-in notice's items, whatever the date.
pub fn embedded_kinds(no: u8, _received: Option<NaiveDate>) -> Option<FactsKind> {
    delegation_law::catalogue::Catalogue::embedded()
        .item(no)
        .map(|i| i.facts_kind())
}

/// Reads one row into an application, or says every bad cell.
pub(crate) fn read_row(
    layout: &Layout,
    cells: &[Cell],
    headings: &[String],
    sheet: &str,
    row: u32,
    col0: u32,
    kinds: Kinds<'_>,
) -> Result<Application, BadRow> {
    let mut r = RowReader {
        layout,
        cells,
        headings,
        sheet,
        row,
        col0,
        problems: Vec::new(),
    };
    // A negative diameter is the router's to judge (INVALID, with its clause), as it is in a
    // RON file. An empty id is named at its cell, as any other missing cell is (issue 29,
    // finding 11: the router's `办件编号不能为""` named no cell).
    let id = match r.get(Column::Id) {
        Cell::Error(e) => {
            let e = e.clone();
            r.problem(Column::Id, CellProblemKind::CellError(e));
            None
        }
        Cell::Formula(_) => {
            r.problem(Column::Id, CellProblemKind::FormulaWithoutValue);
            None
        }
        cell => {
            let id = cell.display();
            if id.trim().is_empty() {
                r.problem(Column::Id, CellProblemKind::Missing);
                None
            } else {
                Some(id)
            }
        }
    };
    let item = r.need(Column::Item, |c| {
        integer(c, u8::MAX as u64).map(|v| v as u8)
    });
    let received = r.need(Column::Received, date);
    let in_zone = r.need(Column::InZone, yes_no);
    let facts = r.facts(item.and_then(|no| kinds(no, received)));
    match (id.clone(), item, received, in_zone, facts) {
        (Some(id), Some(item), Some(received), Some(in_zone), Some(facts))
            if r.problems.is_empty() =>
        {
            Ok(Application {
                id,
                item,
                received,
                in_zone,
                facts,
            })
        }
        _ => Err(BadRow {
            id,
            problems: r.problems,
        }),
    }
}

/// One row being read: its cells by register column, and the bad cells found so far.
struct RowReader<'a> {
    layout: &'a Layout,
    cells: &'a [Cell],
    headings: &'a [String],
    sheet: &'a str,
    row: u32,
    col0: u32,
    problems: Vec<CellProblem>,
}

const EMPTY: Cell = Cell::Empty;

impl RowReader<'_> {
    /// The cell of a register column (empty when the sheet lacks the column).
    fn get(&self, c: Column) -> &Cell {
        self.layout
            .at
            .get(&c)
            .and_then(|&i| self.cells.get(i))
            .unwrap_or(&EMPTY)
    }

    fn problem(&mut self, c: Column, kind: CellProblemKind) {
        let i = self.layout.at.get(&c).copied().unwrap_or(0);
        self.problems.push(CellProblem {
            at: CellRef {
                sheet: self.sheet.to_string(),
                row: self.row,
                col: self.col0 + i as u32,
            },
            heading: self.headings.get(i).cloned().unwrap_or_default(),
            column: Some(c),
            kind,
        });
    }

    /// A cell the row needs, parsed; `None` (and its problem noted) when it is empty, an
    /// error value, a formula without a value, or not what the column holds.
    fn need<T>(
        &mut self,
        col: Column,
        parse: impl FnOnce(&Cell) -> Result<T, CellProblemKind>,
    ) -> Option<T> {
        let kind = match self.get(col) {
            Cell::Error(e) => CellProblemKind::CellError(e.clone()),
            Cell::Formula(_) => CellProblemKind::FormulaWithoutValue,
            cell if cell.is_empty() => CellProblemKind::Missing,
            cell => match parse(cell) {
                Ok(v) => return Some(v),
                Err(k) => k,
            },
        };
        self.problem(col, kind);
        None
    }

    /// The filled columns of a group, in order.
    fn filled(&self, g: Group) -> Vec<Column> {
        Column::ALL
            .into_iter()
            .filter(|c| c.group() == g && !self.get(*c).is_empty())
            .collect()
    }

    /// The facts. For an item of the notice, the group of columns the item takes: the other
    /// groups' filled cells are each named, as not used for that item, and the group's own
    /// empty cells as missing (issue 29, finding 1: item 12 with 项目类型 filled was told its
    /// tree columns 应留空, and 项目类型 was never named). Without a known item: the group
    /// whose columns are filled (none filled is General), a second group's filled cells named
    /// as not used given the first's.
    fn facts(&mut self, kind: Option<FactsKind>) -> Option<Facts> {
        let groups: Vec<Group> = [Group::Grid, Group::Water, Group::Trees]
            .into_iter()
            .filter(|g| !self.filled(*g).is_empty())
            .collect();
        let takes = kind.map(|k| match k {
            FactsKind::General => Group::Basic,
            FactsKind::Grid => Group::Grid,
            FactsKind::WaterIntake => Group::Water,
            FactsKind::Trees => Group::Trees,
        });
        if let Some(own) = takes {
            for g in groups.iter().filter(|g| **g != own) {
                for c in self.filled(*g) {
                    self.problem(
                        c,
                        CellProblemKind::NotUsed {
                            because: Column::Item,
                        },
                    );
                }
            }
        }
        let first = match (takes, groups.first()) {
            (Some(Group::Basic), _) | (None, None) => return Some(Facts::General),
            (Some(own), _) => own,
            (None, Some(&first)) => {
                let because = self.filled(first).first().copied().unwrap_or(Column::Id);
                for g in &groups[1..] {
                    for c in self.filled(*g) {
                        self.problem(c, CellProblemKind::NotUsed { because });
                    }
                }
                first
            }
        };
        match first {
            Group::Grid => self.grid(),
            Group::Water => self.water(),
            Group::Trees | Group::Basic => self.trees(),
        }
    }

    fn grid(&mut self) -> Option<Facts> {
        let project = self.need(Column::Project, |c| {
            choice(
                c,
                Column::Project,
                &[
                    ("PowerGrid", 0u8),
                    ("GasDistributedEnergyStation", 1),
                    ("Other", 2),
                ],
            )
        })?;
        if project == 0 {
            let kv = self.need(Column::Kv, |c| integer(c, u32::MAX as u64));
            let cross = self.need(Column::CrossDistrict, yes_no);
            return kv.zip(cross).map(|(kv, cross)| Facts::Grid {
                project: GridProject::PowerGrid {
                    kv: kv as u32,
                    cross_district: cross,
                },
            });
        }
        for c in [Column::Kv, Column::CrossDistrict] {
            if !self.get(c).is_empty() {
                self.problem(
                    c,
                    CellProblemKind::NotUsed {
                        because: Column::Project,
                    },
                );
            }
        }
        Some(Facts::Grid {
            project: if project == 1 {
                GridProject::GasDistributedEnergyStation
            } else {
                GridProject::Other
            },
        })
    }

    fn water(&mut self) -> Option<Facts> {
        let source = self.need(Column::Source, |c| {
            choice(
                c,
                Column::Source,
                &[
                    ("Surface", WaterSource::Surface),
                    ("Ground", WaterSource::Ground),
                ],
            )
        });
        let m3 = self.need(Column::M3PerDay, |c| {
            integer(c, delegation_law::strict::MAX_WHOLE)
        });
        let agri = self.need(Column::Agricultural, yes_no);
        let request = self.need(Column::Request, |c| {
            choice(
                c,
                Column::Request,
                &[
                    ("New", WaterRequest::New),
                    ("Change", WaterRequest::Change),
                    ("Renewal", WaterRequest::Renewal),
                ],
            )
        });
        Some(Facts::WaterIntake {
            source: source?,
            m3_per_day: m3?,
            agricultural: agri?,
            request: request?,
        })
    }

    fn trees(&mut self) -> Option<Facts> {
        let site = self.need(Column::Site, |c| {
            choice(
                c,
                Column::Site,
                &[
                    ("CityManagedGreen", TreeSite::CityManagedGreen),
                    ("FeatureBoulevard", TreeSite::FeatureBoulevard),
                    ("HistoricGarden", TreeSite::HistoricGarden),
                    ("Other", TreeSite::Other),
                ],
            )
        });
        let count = self.need(Column::Count, |c| integer(c, u32::MAX as u64));
        let dbh = self.need(Column::MaxDbhCm, decimal);
        let heritage = self.need(Column::Heritage, |c| {
            choice(
                c,
                Column::Heritage,
                &[
                    ("Ordinary", Heritage::Ordinary),
                    ("AncientOrFamous", Heritage::AncientOrFamous),
                    ("SuccessorResource", Heritage::SuccessorResource),
                ],
            )
        });
        Some(Facts::Trees {
            site: site?,
            count: count? as u32,
            max_dbh_cm: dbh?,
            heritage: heritage?,
        })
    }
}
