//! The clerks' own registers: applications kept in an .xlsx workbook or a .csv sheet, one row
//! each, read into the same [`ApplicationsFile`] as the RON file, with every bad cell named as
//! a clerk finds it (sheet, row, column letter, the column's heading).
//!
//! The headings and the cell spellings below are the register's file format, as RON's field
//! names are the applications file's: the reader must know them. What a person reads about
//! them (problems, the template's explanations) is in `delegation-words`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::applications::ApplicationsFile;
use crate::error::{FileError, FileKind, Problem, StoreError, StoreOp};
use crate::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};
use crate::router::Decision;
use crate::storage::{Target, write_output};

/// A column of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Id,
    Item,
    Received,
    InZone,
    Project,
    Kv,
    CrossDistrict,
    Source,
    M3PerDay,
    Agricultural,
    Request,
    Site,
    Count,
    MaxDbhCm,
    Heritage,
}

/// Which facts a column belongs to: a row fills the columns of one group at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Basic,
    Grid,
    Water,
    Trees,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::Id,
        Column::Item,
        Column::Received,
        Column::InZone,
        Column::Project,
        Column::Kv,
        Column::CrossDistrict,
        Column::Source,
        Column::M3PerDay,
        Column::Agricultural,
        Column::Request,
        Column::Site,
        Column::Count,
        Column::MaxDbhCm,
        Column::Heritage,
    ];

    /// The heading the template writes (the reader also takes [`Column::key`]).
    pub fn heading(self) -> &'static str {
        match self {
            Column::Id => "办件编号",
            Column::Item => "事项序号",
            Column::Received => "收件日期",
            Column::InZone => "是否在开发区内",
            Column::Project => "项目类型",
            Column::Kv => "电压等级（千伏）",
            Column::CrossDistrict => "是否跨区",
            Column::Source => "水源类型",
            Column::M3PerDay => "日取水量（立方米）",
            Column::Agricultural => "是否农业取水",
            Column::Request => "申请类型",
            Column::Site => "树木所在地点",
            Column::Count => "株数",
            Column::MaxDbhCm => "最大胸径（厘米）",
            Column::Heritage => "古树名木情况",
        }
    }

    /// The English key a heading may be instead.
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Item => "item",
            Column::Received => "received",
            Column::InZone => "in_zone",
            Column::Project => "project",
            Column::Kv => "kv",
            Column::CrossDistrict => "cross_district",
            Column::Source => "source",
            Column::M3PerDay => "m3_per_day",
            Column::Agricultural => "agricultural",
            Column::Request => "request",
            Column::Site => "site",
            Column::Count => "count",
            Column::MaxDbhCm => "max_dbh_cm",
            Column::Heritage => "heritage",
        }
    }

    fn group(self) -> Group {
        match self {
            Column::Id | Column::Item | Column::Received | Column::InZone => Group::Basic,
            Column::Project | Column::Kv | Column::CrossDistrict => Group::Grid,
            Column::Source | Column::M3PerDay | Column::Agricultural | Column::Request => {
                Group::Water
            }
            Column::Site | Column::Count | Column::MaxDbhCm | Column::Heritage => Group::Trees,
        }
    }

    /// What a cell of the column holds.
    pub fn cell_kind(self) -> CellKind {
        match self {
            Column::Id => CellKind::Text,
            Column::Item | Column::Kv | Column::M3PerDay | Column::Count => CellKind::Integer,
            Column::MaxDbhCm => CellKind::Decimal,
            Column::Received => CellKind::Date,
            Column::InZone | Column::CrossDistrict | Column::Agricultural => CellKind::YesNo,
            Column::Project
            | Column::Source
            | Column::Request
            | Column::Site
            | Column::Heritage => CellKind::Choice,
        }
    }

    /// The spellings of a choice column the template offers (the reader also takes the RON
    /// names); yes/no columns offer 是 and 否. Empty for other columns.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Column::Project => &["电网工程", "天然气分布式能源站", "其他"],
            Column::Source => &["地表水", "地下水"],
            Column::Request => &["新增", "变更", "延续"],
            Column::Site => &["市管绿地", "特色风貌林荫路", "历史名园", "其他"],
            Column::Heritage => &["普通", "古树名木", "古树后续资源"],
            Column::InZone | Column::CrossDistrict | Column::Agricultural => &[YES, NO],
            _ => &[],
        }
    }

    /// Whether every register must have it.
    fn required(self) -> bool {
        self.group() == Group::Basic
    }

    fn matches(self, heading: &str) -> bool {
        let h = normalise_heading(heading);
        h == normalise_heading(self.heading())
            || h == self.key()
            // the heading without its unit: 电压等级 for 电压等级（千伏）
            || self
                .heading()
                .split_once('（')
                .is_some_and(|(bare, _)| h == bare)
    }
}

/// What a column's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    Integer,
    Decimal,
    Date,
    YesNo,
    Choice,
}

const YES: &str = "是";
const NO: &str = "否";

/// The name of the optional sheet of recorded handover dates, and its columns.
pub const HANDOVER_SHEET: &str = "交接日期";
pub const HANDOVER_ITEM: &str = "事项序号";
pub const HANDOVER_DATE: &str = "交接日期";

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
    /// Reads a .ron, .xlsx or .csv file, by its extension.
    pub fn load(path: &Path) -> Result<Register, FileError> {
        let name = path.display().to_string();
        let format = RegisterFormat::of(path);
        if format != Some(RegisterFormat::Ron) {
            // Whatever its name says, only a regular file within the size cap is read: a
            // FIFO or a device is refused before its name's extension is looked at.
            crate::storage::check_file(path, FileKind::Applications)?;
        }
        match format {
            Some(RegisterFormat::Ron) => ApplicationsFile::load(path).map(Register::from_batch),
            Some(RegisterFormat::Xlsx) => read_xlsx(path),
            Some(RegisterFormat::Csv) => {
                let bytes = crate::storage::read_bytes(path, FileKind::Applications)?;
                let sheet = path
                    .file_name()
                    .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
                parse_csv(&bytes, &name, &sheet)
            }
            None => Err(FileError::whole(
                &name,
                FileKind::Applications,
                Problem::UnknownFormat,
            )),
        }
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
        }
    }

    /// Each row with its decision (`decisions` routed from [`Register::batch`]) or why it
    /// could not be read.
    pub fn routed<'a>(
        &'a self,
        decisions: &'a [Decision],
    ) -> impl Iterator<Item = (&'a Row, Result<&'a Decision, &'a BadRow>)> + 'a {
        self.rows.iter().filter_map(move |r| match &r.entry {
            Entry::App(i) => decisions.get(*i).map(|d| (r, Ok(d))),
            Entry::Bad(b) => Some((r, Err(b))),
        })
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

// ---------------------------------------------------------------------------------------
// Cells.

/// A cell as read, before its column says what it must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// The spreadsheet's error value.
    Error(String),
}

impl Cell {
    fn text(s: &str) -> Cell {
        let t = s.trim();
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// As the clerk sees it.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Full-width forms (０-９, Ａ-Ｚ, ．，－ and the ideographic space) as ASCII.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

fn normalise_heading(s: &str) -> String {
    half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .replace('(', "（")
        .replace(')', "）")
}

/// Digits with optional thousands separators (`,` or `，`, in groups of three).
fn ungroup(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let (sign, int) = match int.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", int),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let ok = groups.iter().enumerate().all(|(i, g)| {
        g.chars().all(|c| c.is_ascii_digit())
            && if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
    });
    ok.then(|| {
        let mut out = format!("{sign}{}", groups.concat());
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out
    })
}

fn number_like(s: &str) -> String {
    half_width(s).replace('，', ",").replace(' ', "")
}

fn integer(cell: &Cell, max: u64) -> Result<u64, CellProblemKind> {
    let shown = cell.display();
    let value = match cell {
        Cell::Number(n) => {
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(CellProblemKind::NotInteger(shown));
            }
            *n
        }
        Cell::Text(s) => {
            let t = ungroup(&number_like(s)).ok_or(CellProblemKind::NotInteger(shown.clone()))?;
            let digits = t.strip_prefix('-').unwrap_or(&t);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(CellProblemKind::NotInteger(shown));
            }
            if t.starts_with('-') {
                return Err(if digits.chars().all(|c| c == '0') {
                    CellProblemKind::NotInteger(shown)
                } else {
                    CellProblemKind::Negative(shown)
                });
            }
            return match digits.parse::<u64>() {
                Ok(v) if v <= max => Ok(v),
                _ => Err(CellProblemKind::TooLarge(shown)),
            };
        }
        _ => return Err(CellProblemKind::NotInteger(shown)),
    };
    if value < 0.0 {
        Err(CellProblemKind::Negative(shown))
    } else if value > max as f64 {
        Err(CellProblemKind::TooLarge(shown))
    } else {
        Ok(value as u64)
    }
}

fn decimal(cell: &Cell) -> Result<f64, CellProblemKind> {
    let shown = cell.display();
    let value = match cell {
        Cell::Number(n) if n.is_finite() => *n,
        Cell::Text(s) => {
            let t = ungroup(&number_like(s)).ok_or(CellProblemKind::NotNumber(shown.clone()))?;
            let body = t.strip_prefix('-').unwrap_or(&t);
            let well_formed = !body.is_empty()
                && body.chars().all(|c| c.is_ascii_digit() || c == '.')
                && body.matches('.').count() <= 1
                && body.chars().any(|c| c.is_ascii_digit());
            if !well_formed {
                return Err(CellProblemKind::NotNumber(shown));
            }
            t.parse::<f64>()
                .map_err(|_| CellProblemKind::NotNumber(shown.clone()))?
        }
        _ => return Err(CellProblemKind::NotNumber(shown)),
    };
    Ok(value)
}

fn yes_no(cell: &Cell) -> Result<bool, CellProblemKind> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        Cell::Text(s) => match half_width(s).trim().to_lowercase().as_str() {
            "是" | "yes" | "true" | "y" | "1" => Ok(true),
            "否" | "no" | "false" | "n" | "0" => Ok(false),
            _ => Err(CellProblemKind::NotYesNo(s.clone())),
        },
        other => Err(CellProblemKind::NotYesNo(other.display())),
    }
}

/// A date as text: 2024-07-01, 2024/7/1, 2024.7.1, 2024年7月1日; a time after it is ignored.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let t = half_width(s);
    let t = t.trim();
    // A time after the date (Excel's CSV writes "2024/7/1 0:00").
    let t = t.split_once([' ', 'T']).map_or(t, |(d, _)| d);
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|c| t.contains(*c))?;
        t.split(sep).collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| {
        let p = p.trim();
        (len.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(num(y, 4..=4)? as i32, num(m, 1..=2)?, num(d, 1..=2)?)
}

fn date(cell: &Cell) -> Result<NaiveDate, CellProblemKind> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Text(s) => parse_date_text(s).ok_or(CellProblemKind::NotDate(s.clone())),
        other => Err(CellProblemKind::NotDate(other.display())),
    }
}

fn choice<T: Copy>(cell: &Cell, col: Column, ron: &[(&str, T)]) -> Result<T, CellProblemKind> {
    let Cell::Text(s) = cell else {
        return Err(CellProblemKind::NotChoice(cell.display()));
    };
    let t = half_width(s);
    let t = t.trim();
    // The template's spellings are in the same order as `ron`.
    col.choices()
        .iter()
        .zip(ron)
        .find(|(zh, (en, _))| t == **zh || t.eq_ignore_ascii_case(en))
        .map(|(_, (_, v))| *v)
        .ok_or(CellProblemKind::NotChoice(s.clone()))
}

// ---------------------------------------------------------------------------------------
// Rows.

/// Which column of the sheet each register column is in.
struct Layout {
    at: BTreeMap<Column, usize>,
}

fn layout(
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
                Problem::DuplicateColumn {
                    at: CellRef {
                        sheet: sheet.to_string(),
                        row: header_row,
                        col: col0 + i as u32,
                    },
                    column: col,
                },
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
                Problem::MissingColumn {
                    sheet: sheet.to_string(),
                    column: col,
                },
            ));
        }
    }
    Ok(Layout { at })
}

/// Reads one row into an application, or says every bad cell.
fn read_row(
    layout: &Layout,
    cells: &[Cell],
    headings: &[String],
    sheet: &str,
    row: u32,
    col0: u32,
) -> Result<Application, BadRow> {
    let empty = Cell::Empty;
    let get = |c: Column| -> &Cell {
        layout
            .at
            .get(&c)
            .and_then(|&i| cells.get(i))
            .unwrap_or(&empty)
    };
    let mut problems = Vec::new();
    let mut problem = |c: Column, kind: CellProblemKind| {
        let i = layout.at.get(&c).copied().unwrap_or(0);
        problems.push(CellProblem {
            at: CellRef {
                sheet: sheet.to_string(),
                row,
                col: col0 + i as u32,
            },
            heading: headings.get(i).cloned().unwrap_or_default(),
            column: Some(c),
            kind,
        });
    };
    macro_rules! need {
        ($col:expr, $parse:expr) => {{
            let cell = get($col);
            if let Cell::Error(e) = cell {
                problem($col, CellProblemKind::CellError(e.clone()));
                None
            } else if cell.is_empty() {
                problem($col, CellProblemKind::Missing);
                None
            } else {
                match $parse(cell) {
                    Ok(v) => Some(v),
                    Err(k) => {
                        problem($col, k);
                        None
                    }
                }
            }
        }};
    }
    // An empty id and a negative diameter are the router's to judge (INVALID, with its clause),
    // as they are in a RON file.
    let id = match get(Column::Id) {
        Cell::Error(e) => {
            problem(Column::Id, CellProblemKind::CellError(e.clone()));
            None
        }
        cell => Some(cell.display()),
    };
    let item = need!(Column::Item, |c: &Cell| integer(c, u8::MAX as u64)
        .map(|v| v as u8));
    let received = need!(Column::Received, date);
    let in_zone = need!(Column::InZone, yes_no);

    // The facts: the group whose columns are filled; none filled is General.
    let filled = |g: Group| {
        Column::ALL
            .into_iter()
            .filter(move |c| c.group() == g && !get(*c).is_empty())
    };
    let groups: Vec<Group> = [Group::Grid, Group::Water, Group::Trees]
        .into_iter()
        .filter(|g| filled(*g).next().is_some())
        .collect();
    let facts = match groups.first() {
        None => Some(Facts::General),
        Some(&first) => {
            let because = filled(first).next().unwrap_or(Column::Id);
            for g in &groups[1..] {
                for c in filled(*g) {
                    problem(c, CellProblemKind::NotUsed { because });
                }
            }
            match first {
                Group::Grid => {
                    let project = need!(Column::Project, |c: &Cell| choice(
                        c,
                        Column::Project,
                        &[
                            ("PowerGrid", 0u8),
                            ("GasDistributedEnergyStation", 1),
                            ("Other", 2)
                        ]
                    ));
                    match project {
                        Some(0) => {
                            let kv = need!(Column::Kv, |c: &Cell| integer(c, u32::MAX as u64));
                            let cross = need!(Column::CrossDistrict, yes_no);
                            kv.zip(cross).map(|(kv, cross)| Facts::Grid {
                                project: GridProject::PowerGrid {
                                    kv: kv as u32,
                                    cross_district: cross,
                                },
                            })
                        }
                        Some(p) => {
                            for c in [Column::Kv, Column::CrossDistrict] {
                                if !get(c).is_empty() {
                                    problem(
                                        c,
                                        CellProblemKind::NotUsed {
                                            because: Column::Project,
                                        },
                                    );
                                }
                            }
                            Some(Facts::Grid {
                                project: if p == 1 {
                                    GridProject::GasDistributedEnergyStation
                                } else {
                                    GridProject::Other
                                },
                            })
                        }
                        None => None,
                    }
                }
                Group::Water => {
                    let source = need!(Column::Source, |c: &Cell| choice(
                        c,
                        Column::Source,
                        &[
                            ("Surface", WaterSource::Surface),
                            ("Ground", WaterSource::Ground)
                        ]
                    ));
                    let m3 = need!(Column::M3PerDay, |c: &Cell| integer(c, u64::MAX));
                    let agri = need!(Column::Agricultural, yes_no);
                    let request = need!(Column::Request, |c: &Cell| choice(
                        c,
                        Column::Request,
                        &[
                            ("New", WaterRequest::New),
                            ("Change", WaterRequest::Change),
                            ("Renewal", WaterRequest::Renewal)
                        ]
                    ));
                    match (source, m3, agri, request) {
                        (Some(source), Some(m3_per_day), Some(agricultural), Some(request)) => {
                            Some(Facts::WaterIntake {
                                source,
                                m3_per_day,
                                agricultural,
                                request,
                            })
                        }
                        _ => None,
                    }
                }
                Group::Trees | Group::Basic => {
                    let site = need!(Column::Site, |c: &Cell| choice(
                        c,
                        Column::Site,
                        &[
                            ("CityManagedGreen", TreeSite::CityManagedGreen),
                            ("FeatureBoulevard", TreeSite::FeatureBoulevard),
                            ("HistoricGarden", TreeSite::HistoricGarden),
                            ("Other", TreeSite::Other)
                        ]
                    ));
                    let count = need!(Column::Count, |c: &Cell| integer(c, u32::MAX as u64));
                    let dbh = need!(Column::MaxDbhCm, decimal);
                    let heritage = need!(Column::Heritage, |c: &Cell| choice(
                        c,
                        Column::Heritage,
                        &[
                            ("Ordinary", Heritage::Ordinary),
                            ("AncientOrFamous", Heritage::AncientOrFamous),
                            ("SuccessorResource", Heritage::SuccessorResource)
                        ]
                    ));
                    match (site, count, dbh, heritage) {
                        (Some(site), Some(count), Some(max_dbh_cm), Some(heritage)) => {
                            Some(Facts::Trees {
                                site,
                                count: count as u32,
                                max_dbh_cm,
                                heritage,
                            })
                        }
                        _ => None,
                    }
                }
            }
        }
    };
    match (id.clone(), item, received, in_zone, facts) {
        (Some(id), Some(item), Some(received), Some(in_zone), Some(facts))
            if problems.is_empty() =>
        {
            Ok(Application {
                id,
                item,
                received,
                in_zone,
                facts,
            })
        }
        _ => Err(BadRow { id, problems }),
    }
}

/// A sheet as cells: its rows, the 1-based row of the first, and the 0-based first column.
struct Grid {
    rows: Vec<(u32, Vec<Cell>)>,
    col0: u32,
}

fn read_grid(
    grid: Grid,
    sheet: &str,
    file: &str,
) -> Result<(ApplicationsFile, Vec<String>, Vec<Row>), FileError> {
    let blank = |cells: &[Cell]| cells.iter().all(Cell::is_empty);
    let mut rows = grid.rows.into_iter().filter(|(_, c)| !blank(c));
    let Some((header_row, header)) = rows.next() else {
        return Err(FileError::whole(
            file,
            FileKind::Applications,
            Problem::Empty,
        ));
    };
    let layout = layout(&header, sheet, header_row, grid.col0, file)?;
    let headings: Vec<String> = header.iter().map(Cell::display).collect();
    let mut batch = ApplicationsFile::default();
    let mut out = Vec::new();
    for (row, cells) in rows {
        // A row with nothing in the register's columns (a note beside the table) is skipped.
        if layout
            .at
            .values()
            .all(|&i| cells.get(i).is_none_or(Cell::is_empty))
        {
            continue;
        }
        let entry = match read_row(&layout, &cells, &headings, sheet, row, grid.col0) {
            Ok(app) => {
                batch.applications.push(app);
                Entry::App(batch.applications.len() - 1)
            }
            Err(bad) => Entry::Bad(bad),
        };
        let mut shown: Vec<String> = cells.iter().map(Cell::display).collect();
        shown.resize(headings.len().max(shown.len()), String::new());
        out.push(Row {
            row,
            cells: shown,
            entry,
        });
    }
    Ok((batch, headings, out))
}

/// The recorded handover dates of the `交接日期` sheet. A bad cell refuses the file: a wrong
/// handover date would move every application of its item.
fn read_handover(
    grid: Grid,
    sheet: &str,
    file: &str,
) -> Result<BTreeMap<u8, NaiveDate>, FileError> {
    let kind = FileKind::Applications;
    let blank = |cells: &[Cell]| cells.iter().all(Cell::is_empty);
    let mut rows = grid.rows.into_iter().filter(|(_, c)| !blank(c));
    let mut out = BTreeMap::new();
    let Some((header_row, header)) = rows.next() else {
        return Ok(out);
    };
    let find = |name: &str, key: &str| {
        header.iter().position(|h| {
            let h = normalise_heading(&h.display());
            h == name || h == key
        })
    };
    let item_col = find(HANDOVER_ITEM, "item");
    let date_col = find(HANDOVER_DATE, "handover");
    let (Some(ic), Some(dc)) = (item_col, date_col) else {
        let column = if item_col.is_none() {
            HANDOVER_ITEM
        } else {
            HANDOVER_DATE
        };
        return Err(FileError::whole(
            file,
            kind,
            Problem::MissingHandoverColumn {
                sheet: sheet.to_string(),
                heading: column.to_string(),
            },
        ));
    };
    let _ = header_row;
    for (row, cells) in rows {
        let empty = Cell::Empty;
        let cell = |i: usize| cells.get(i).unwrap_or(&empty);
        let bad = |i: usize, kind: CellProblemKind| {
            FileError::whole(
                file,
                FileKind::Applications,
                Problem::BadCell(Box::new(CellProblem {
                    at: CellRef {
                        sheet: sheet.to_string(),
                        row,
                        col: grid.col0 + i as u32,
                    },
                    heading: header[i].display(),
                    column: None,
                    kind,
                })),
            )
        };
        let check = |i: usize| match cell(i) {
            Cell::Empty => Err(bad(i, CellProblemKind::Missing)),
            Cell::Error(e) => Err(bad(i, CellProblemKind::CellError(e.clone()))),
            _ => Ok(()),
        };
        check(ic)?;
        check(dc)?;
        let item = integer(cell(ic), u8::MAX as u64).map_err(|k| bad(ic, k))? as u8;
        let day = date(cell(dc)).map_err(|k| bad(dc, k))?;
        out.insert(item, day);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// .xlsx

fn xlsx_cell(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t.date()),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match parse_date_text(s) {
            Some(d) => Cell::Date(d),
            None => Cell::text(s),
        },
        Data::DurationIso(s) => Cell::text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn xlsx_grid(range: &calamine::Range<calamine::Data>) -> Grid {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    Grid {
        rows: range
            .rows()
            .enumerate()
            .map(|(i, r)| (row0 + i as u32 + 1, r.iter().map(xlsx_cell).collect()))
            .collect(),
        col0,
    }
}

fn read_xlsx(path: &Path) -> Result<Register, FileError> {
    let file = path.display().to_string();
    let kind = FileKind::Applications;
    let bytes = crate::storage::read_bytes(path, kind)?;
    parse_xlsx(&bytes, &file)
}

/// Parses an .xlsx workbook's bytes; `file` names it in messages.
pub fn parse_xlsx(bytes: &[u8], file: &str) -> Result<Register, FileError> {
    use calamine::Reader;
    let kind = FileKind::Applications;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| FileError::whole(file, kind, Problem::WrongKind(e.to_string())))?;
    let names = wb.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Err(FileError::whole(file, kind, Problem::Empty));
    };
    let range = wb
        .worksheet_range(&first)
        .map_err(|e| FileError::whole(file, kind, Problem::WrongKind(e.to_string())))?;
    let (mut batch, header, rows) = read_grid(xlsx_grid(&range), &first, file)?;
    if let Some(h) = names
        .iter()
        .skip(1)
        .find(|n| normalise_heading(n) == HANDOVER_SHEET || normalise_heading(n) == "handover")
    {
        let range = wb
            .worksheet_range(h)
            .map_err(|e| FileError::whole(file, kind, Problem::WrongKind(e.to_string())))?;
        batch.handover = read_handover(xlsx_grid(&range), h, file)?;
    }
    Ok(Register {
        batch,
        header,
        rows,
    })
}

// ---------------------------------------------------------------------------------------
// .csv

/// The text of a .csv: UTF-8 (with or without a BOM) when it is valid UTF-8, else GB18030
/// (which GBK is part of) when that decodes without a single error; else refused.
pub fn decode_csv(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None; // UTF-16 ("Unicode text"): not a CSV this reads
    }
    let text = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => std::str::from_utf8(rest).ok()?.to_string(),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => {
                let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
                if had_errors {
                    return None;
                }
                text.into_owned()
            }
        },
    };
    (!text.contains('\0')).then_some(text)
}

/// Parses a .csv's bytes; `file` names it in messages, `sheet` in cell references.
pub fn parse_csv(bytes: &[u8], file: &str, sheet: &str) -> Result<Register, FileError> {
    let kind = FileKind::Applications;
    let text =
        decode_csv(bytes).ok_or_else(|| FileError::whole(file, kind, Problem::UnknownEncoding))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The spreadsheet's row: every line break before the record (blank lines are rows), less
    // the breaks inside earlier records' quoted cells (one row each).
    let bytes = text.as_bytes();
    let breaks = |b: &[u8]| {
        b.iter()
            .enumerate()
            .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
            .count() as u32
    };
    let (mut counted_to, mut breaks_before, mut inside) = (0usize, 0u32, 0u32);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            FileError {
                file: file.to_string(),
                line,
                column: 0,
                kind,
                problem: Problem::Syntax(e.to_string()),
            }
        })?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.max(counted_to).min(bytes.len());
        breaks_before += breaks(&bytes[counted_to..start]);
        counted_to = start;
        let row = breaks_before - inside + 1;
        let own: u32 = record.iter().map(|f| breaks(f.as_bytes())).sum();
        inside += own;
        rows.push((row, record.iter().map(Cell::text).collect()));
    }
    let (batch, header, rows) = read_grid(Grid { rows, col0: 0 }, sheet, file)?;
    Ok(Register {
        batch,
        header,
        rows,
    })
}

// ---------------------------------------------------------------------------------------
// Writing registers (tests, conversions) and the template.

fn xlsx_err(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> StoreError + '_ {
    move |e| StoreError::io(path, StoreOp::Write, &std::io::Error::other(e.to_string()))
}

/// The cells of `apps` as a register table: the headings, then one row each.
pub fn register_rows(apps: &[Application]) -> Vec<Vec<String>> {
    std::iter::once(Column::ALL.map(|c| c.heading().to_string()).to_vec())
        .chain(apps.iter().map(|a| cells_of(a).to_vec()))
        .collect()
}

/// One example application of each kind of facts, for the template.
pub fn examples() -> Vec<Application> {
    let day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or_default();
    let app = |id: &str, item: u8, facts: Facts| Application {
        id: id.to_string(),
        item,
        received: day,
        in_zone: true,
        facts,
    };
    vec![
        app("EX-1", 1, Facts::General),
        app(
            "EX-2",
            6,
            Facts::Grid {
                project: GridProject::PowerGrid {
                    kv: 110,
                    cross_district: false,
                },
            },
        ),
        app(
            "EX-3",
            10,
            Facts::WaterIntake {
                source: WaterSource::Surface,
                m3_per_day: 80000,
                agricultural: false,
                request: WaterRequest::New,
            },
        ),
        app(
            "EX-4",
            12,
            Facts::Trees {
                site: TreeSite::Other,
                count: 25,
                max_dbh_cm: 30.5,
                heritage: Heritage::Ordinary,
            },
        ),
    ]
}

/// What the template says about its columns: the words layer fills it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateText {
    /// The first sheet's name.
    pub register_sheet: String,
    /// The explanations sheet's name and its two headings (column, how to fill it in).
    pub help_sheet: String,
    pub help_header: [String; 2],
    /// One explanation a column, in [`Column::ALL`] order.
    pub help: Vec<String>,
    /// Lines after the columns' (the examples, the handover sheet).
    pub notes: Vec<String>,
}

/// Rows the template leaves ready for drop-downs and the date format.
pub const TEMPLATE_ROWS: u32 = 2000;

/// Writes an empty register: the header (frozen), drop-down lists on the choice and yes/no
/// columns, a date format on 收件日期, one example row per kind of facts, a sheet explaining
/// each column, and an empty 交接日期 sheet.
pub fn write_template(path: &Path, text: &TemplateText) -> Result<(), StoreError> {
    write_template_to(&Target::confirmed(path), text)
}

/// [`write_template`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_template_to(target: &Target, text: &TemplateText) -> Result<(), StoreError> {
    let path = target.path.as_path();
    use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime, Format, Workbook};
    let err = xlsx_err(path);
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name(&text.register_sheet).map_err(&err)?;
    for (i, col) in Column::ALL.into_iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, col.heading(), &bold)
            .map_err(&err)?;
        ws.set_column_width(c, (col.heading().chars().count() as f64 * 2.2).max(10.0))
            .map_err(&err)?;
        let validation = match col.cell_kind() {
            CellKind::Choice | CellKind::YesNo => Some(
                DataValidation::new()
                    .allow_list_strings(col.choices())
                    .map_err(&err)?,
            ),
            CellKind::Integer if col == Column::Item => {
                Some(DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 12)))
            }
            CellKind::Integer => Some(
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            ),
            CellKind::Decimal => Some(
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            ),
            CellKind::Date | CellKind::Text => None,
        };
        if let Some(v) = validation {
            ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &v)
                .map_err(&err)?;
        }
        if col == Column::Received {
            ws.set_column_format(c, &date_format).map_err(&err)?;
            ws.set_column_width(c, 12.0).map_err(&err)?;
        }
    }
    for (r, app) in examples().iter().enumerate() {
        let row = r as u32 + 1;
        for (i, cell) in cells_of(app).iter().enumerate() {
            let c = i as u16;
            if cell.is_empty() {
                continue;
            }
            match Column::ALL[i].cell_kind() {
                CellKind::Date => {
                    let d = app.received;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(&err)?;
                    ws.write_datetime_with_format(row, c, &dt, &date_format)
                        .map_err(&err)?;
                }
                CellKind::Integer | CellKind::Decimal => {
                    let n: f64 = cell.parse().unwrap_or_default();
                    ws.write_number(row, c, n).map_err(&err)?;
                }
                _ => {
                    ws.write_string(row, c, cell).map_err(&err)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(&err)?;

    let help = wb.add_worksheet();
    help.set_name(&text.help_sheet).map_err(&err)?;
    help.write_string_with_format(0, 0, &text.help_header[0], &bold)
        .map_err(&err)?;
    help.write_string_with_format(0, 1, &text.help_header[1], &bold)
        .map_err(&err)?;
    help.set_column_width(0, 22.0).map_err(&err)?;
    help.set_column_width(1, 90.0).map_err(&err)?;
    for (i, (col, line)) in Column::ALL.iter().zip(&text.help).enumerate() {
        help.write_string(i as u32 + 1, 0, col.heading())
            .map_err(&err)?;
        help.write_string(i as u32 + 1, 1, line).map_err(&err)?;
    }
    let after = Column::ALL.len() as u32 + 2;
    for (i, line) in text.notes.iter().enumerate() {
        help.write_string(after + i as u32, 0, line).map_err(&err)?;
    }
    help.set_freeze_panes(1, 0).map_err(&err)?;

    let handover = wb.add_worksheet();
    handover.set_name(HANDOVER_SHEET).map_err(&err)?;
    handover
        .write_string_with_format(0, 0, HANDOVER_ITEM, &bold)
        .map_err(&err)?;
    handover
        .write_string_with_format(0, 1, HANDOVER_DATE, &bold)
        .map_err(&err)?;
    handover.set_column_width(1, 12.0).map_err(&err)?;
    handover.set_column_format(1, &date_format).map_err(&err)?;
    handover
        .add_data_validation(
            1,
            0,
            100,
            0,
            &DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 12)),
        )
        .map_err(&err)?;
    handover.set_freeze_panes(1, 0).map_err(&err)?;

    let bytes = wb.save_to_buffer().map_err(&err)?;
    write_output(target, &bytes)
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

    #[test]
    fn headings_match_in_chinese_english_half_or_full_width_brackets() {
        assert!(Column::Kv.matches(" 电压等级（千伏） "));
        assert!(Column::Kv.matches("电压等级(千伏)"));
        assert!(Column::Kv.matches("电压等级 ( 千伏 )"));
        assert!(Column::Kv.matches("KV"));
        assert!(Column::Kv.matches("电压等级"));
        assert!(Column::M3PerDay.matches("m3_per_day"));
        assert!(!Column::Kv.matches("电压"));
    }

    #[test]
    fn dates_in_every_written_form() {
        let d = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
        for s in [
            "2024-07-01",
            "2024-7-1",
            "2024/7/1",
            "2024/07/01",
            "2024.7.1",
            "2024年7月1日",
            "２０２４年７月１日",
            "2024/7/1 0:00",
            "2024-07-01T00:00:00",
        ] {
            assert_eq!(parse_date_text(s), Some(d), "{s}");
        }
        for s in [
            "2024-13-01",
            "2024-02-30",
            "24/7/1",
            "7/1/2024",
            "2024-07",
            "明天",
        ] {
            assert_eq!(parse_date_text(s), None, "{s}");
        }
    }

    #[test]
    fn numbers_with_separators_and_full_width_digits() {
        let t = |s: &str| Cell::Text(s.to_string());
        assert_eq!(integer(&t("50000"), u64::MAX), Ok(50000));
        assert_eq!(integer(&t("50,000"), u64::MAX), Ok(50000));
        assert_eq!(integer(&t("1,500,000"), u64::MAX), Ok(1_500_000));
        assert_eq!(integer(&t("５００００"), u64::MAX), Ok(50000));
        assert_eq!(integer(&t("５０，０００"), u64::MAX), Ok(50000));
        assert_eq!(integer(&Cell::Number(80000.0), u64::MAX), Ok(80000));
        assert!(
            matches!(integer(&t("5万"), u64::MAX), Err(CellProblemKind::NotInteger(s)) if s == "5万")
        );
        assert!(matches!(
            integer(&t("5,00"), u64::MAX),
            Err(CellProblemKind::NotInteger(_))
        ));
        assert!(matches!(
            integer(&t("50000.5"), u64::MAX),
            Err(CellProblemKind::NotInteger(_))
        ));
        assert!(matches!(
            integer(&Cell::Number(1.5), u64::MAX),
            Err(CellProblemKind::NotInteger(_))
        ));
        assert!(matches!(
            integer(&t("-3"), u64::MAX),
            Err(CellProblemKind::Negative(_))
        ));
        assert!(matches!(
            integer(&t("300"), 255),
            Err(CellProblemKind::TooLarge(_))
        ));
        assert_eq!(decimal(&t("30.5")), Ok(30.5));
        assert_eq!(decimal(&t("３０．５")), Ok(30.5));
        assert_eq!(decimal(&t("1,030.5")), Ok(1030.5));
        assert!(matches!(
            decimal(&t("1e3")),
            Err(CellProblemKind::NotNumber(_))
        ));
        assert!(matches!(
            decimal(&t("inf")),
            Err(CellProblemKind::NotNumber(_))
        ));
    }

    #[test]
    fn yes_no_spellings() {
        let t = |s: &str| Cell::Text(s.to_string());
        for s in ["是", "yes", "YES", "true", "TRUE", "Y", "y", "1", "１"] {
            assert_eq!(yes_no(&t(s)), Ok(true), "{s}");
        }
        for s in ["否", "no", "No", "false", "N", "n", "0"] {
            assert_eq!(yes_no(&t(s)), Ok(false), "{s}");
        }
        assert_eq!(yes_no(&Cell::Bool(true)), Ok(true));
        assert_eq!(yes_no(&Cell::Number(0.0)), Ok(false));
        assert!(yes_no(&t("不是")).is_err());
    }

    #[test]
    fn gbk_is_decoded_and_garbage_refused() {
        let (gbk, _, _) = encoding_rs::GBK.encode("办件编号,是否跨区\r\n");
        assert_eq!(decode_csv(&gbk).unwrap(), "办件编号,是否跨区\r\n");
        assert_eq!(decode_csv("\u{feff}是".as_bytes()).unwrap(), "是");
        assert_eq!(decode_csv(&[0xFF, 0xFE, b'a', 0]), None);
        // 0xFF, and a lead byte with no trail byte, are not GB18030.
        assert_eq!(decode_csv(&[b'a', 0xFF, b'b']), None);
        assert_eq!(decode_csv(&[b'a', 0x81]), None);
    }
}
