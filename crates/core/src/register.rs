//! The clerks' own registers: applications kept in an .xlsx workbook or a .csv sheet, one row
//! each, read into the same [`ApplicationsFile`] as the RON file, with every bad cell named as
//! a clerk finds it (sheet, row, column letter, the column's heading).
//!
//! The headings and the cell spellings below are the register's file format, as RON's field
//! names are the applications file's: the reader must know them. What a person reads about
//! them (problems, the template's explanations) is in `delegation-words`.

use std::borrow::Cow;
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
    /// A formula whose value was never saved.
    FormulaWithoutValue,
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
    /// Reads a .ron, .xlsx or .csv file whole, by its extension, with handover dates
    /// bounded by the clock's today (see [`Register::load_on`]).
    pub fn load(path: &Path) -> Result<Register, FileError> {
        Register::load_on(path, chrono::Local::now().date_naive())
    }

    /// Reads a .ron, .xlsx or .csv file whole, by its extension: the [`stream`] gathered.
    /// `today` bounds the handover dates (a year past it at most).
    pub fn load_on(path: &Path, today: NaiveDate) -> Result<Register, FileError> {
        if RegisterFormat::of(path) == Some(RegisterFormat::Ron) {
            return ApplicationsFile::load(path).map(Register::from_batch);
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
    /// A formula without a saved value (the file was written by a program that does not
    /// calculate): its text, when known.
    Formula(String),
    /// A date cell whose serial is no day in 1900-01-01…9999-12-31 (NaN, −5): the serial.
    BadDate(String),
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
            Cell::Text(s) | Cell::Error(s) | Cell::Formula(s) | Cell::BadDate(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => crate::calendar::ymd(*d),
        }
    }

    /// [`Cell::display`], keeping the cell's own text.
    fn into_display(self) -> String {
        match self {
            Cell::Text(s) | Cell::Error(s) | Cell::Formula(s) | Cell::BadDate(s) => s,
            other => other.display(),
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
fn half_width(s: &str) -> Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    // Most cells have none: they are passed on as they are (a register reads millions).
    if !s.contains(wide) {
        return Cow::Borrowed(s);
    }
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
fn ungroup(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains(',') {
        return Some(Cow::Borrowed(s));
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
        Cow::Owned(out)
    })
}

fn number_like(s: &str) -> Cow<'_, str> {
    match half_width(s) {
        Cow::Borrowed(t) if !t.contains(['，', ' ']) => Cow::Borrowed(t),
        t => Cow::Owned(t.replace('，', ",").replace(' ', "")),
    }
}

fn integer(cell: &Cell, max: u64) -> Result<u64, CellProblemKind> {
    // The cell as the clerk sees it, for a message: made only when there is one.
    let shown = || cell.display();
    let value = match cell {
        Cell::Number(n) => {
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(CellProblemKind::NotInteger(shown()));
            }
            *n
        }
        Cell::Text(s) => {
            let plain = number_like(s);
            let t = ungroup(&plain).ok_or_else(|| CellProblemKind::NotInteger(shown()))?;
            let digits = t.strip_prefix('-').unwrap_or(&t);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(CellProblemKind::NotInteger(shown()));
            }
            if t.starts_with('-') {
                return Err(if digits.chars().all(|c| c == '0') {
                    CellProblemKind::NotInteger(shown())
                } else {
                    CellProblemKind::Negative(shown())
                });
            }
            return match digits.parse::<u64>() {
                Ok(v) if v <= max => Ok(v),
                _ => Err(CellProblemKind::TooLarge(shown())),
            };
        }
        _ => return Err(CellProblemKind::NotInteger(shown())),
    };
    if value < 0.0 {
        Err(CellProblemKind::Negative(shown()))
    } else if value > max as f64 {
        Err(CellProblemKind::TooLarge(shown()))
    } else {
        Ok(value as u64)
    }
}

fn decimal(cell: &Cell) -> Result<f64, CellProblemKind> {
    let shown = || cell.display();
    let places = |t: &str| t.split_once('.').map_or(0, |(_, f)| f.len());
    let max = usize::from(crate::strict::DECIMAL_PLACES);
    let value = match cell {
        // The shortest text that reads back as the same number: what the file holds.
        Cell::Number(n) if n.is_finite() => {
            if places(&n.to_string()) > max {
                return Err(CellProblemKind::TooManyDecimals(shown()));
            }
            *n
        }
        Cell::Text(s) => {
            let plain = number_like(s);
            let t = ungroup(&plain).ok_or_else(|| CellProblemKind::NotNumber(shown()))?;
            let body = t.strip_prefix('-').unwrap_or(&t);
            let well_formed = !body.is_empty()
                && body.chars().all(|c| c.is_ascii_digit() || c == '.')
                && body.matches('.').count() <= 1
                && body.chars().any(|c| c.is_ascii_digit());
            if !well_formed {
                return Err(CellProblemKind::NotNumber(shown()));
            }
            if places(&t) > max {
                return Err(CellProblemKind::TooManyDecimals(shown()));
            }
            t.parse::<f64>()
                .map_err(|_| CellProblemKind::NotNumber(shown()))?
        }
        _ => return Err(CellProblemKind::NotNumber(shown())),
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
            } else if let Cell::Formula(_) = cell {
                problem($col, CellProblemKind::FormulaWithoutValue);
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
        Cell::Formula(_) => {
            problem(Column::Id, CellProblemKind::FormulaWithoutValue);
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

// ---------------------------------------------------------------------------------------
// Limits.

/// Excel's last row: a cell past it is refused, named, before anything is read into it.
pub const MAX_ROWS: u32 = 1_048_576;
/// Excel's last column (XFD).
pub const MAX_COLUMNS: u32 = 16_384;
/// The most characters Excel keeps in a cell.
pub const MAX_CELL_CHARS: usize = 32_767;
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
/// [`crate::storage::MAX_FILE_BYTES`].
pub const MAX_REGISTER_BYTES: u64 = 1 << 30;

/// The first day a handover can be on: the notice's.
fn notice_day() -> NaiveDate {
    crate::catalogue::Catalogue::embedded().notice.issued
}

/// Whether a recorded handover date may be used: an item the notice has, on a day from the
/// notice's to a year past `today`. The `--handover` option is checked the same way.
pub fn check_handover(item: u64, day: NaiveDate, today: NaiveDate) -> Result<(), CellProblemKind> {
    let max = crate::strict::max_item();
    if item == 0 || item > u64::from(max) {
        return Err(CellProblemKind::ItemOutOfRange { item, max });
    }
    let earliest = notice_day();
    let latest = today
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    if day < earliest {
        return Err(CellProblemKind::DateBefore { day, earliest });
    }
    if day > latest {
        return Err(CellProblemKind::DateAfter { day, latest });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Reading a register as a stream.

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

/// Reads a register (.ron, .xlsx or .csv, by its extension) row by row: `on_head` once
/// before the first row, `on_row` for each non-empty row, in order. Memory does not grow
/// with the rows: nothing but the row at hand is kept. `today` bounds the handover dates.
pub fn stream<E>(
    path: &Path,
    today: NaiveDate,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    let name = path.display().to_string();
    let kind = FileKind::Applications;
    let format = RegisterFormat::of(path);
    match format {
        Some(RegisterFormat::Ron) => {
            let r = Register::from_batch(ApplicationsFile::load(path)?);
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
        Some(RegisterFormat::Xlsx) => {
            let file = crate::storage::open_capped(path, kind, MAX_REGISTER_BYTES)?;
            stream_xlsx(file, &name, today, on_head, on_row)
        }
        Some(RegisterFormat::Csv) => {
            let sheet = path
                .file_name()
                .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
            let open = || crate::storage::open_capped(path, kind, MAX_REGISTER_BYTES);
            let survey = match plain_utf8(open()?, &name)? {
                true => CsvSurvey { gb18030: false },
                false => survey_csv(open()?, &name, &sheet)?,
            };
            stream_csv(open()?, survey, &name, &sheet, on_head, on_row)
        }
        None => {
            crate::storage::check_file(path, kind)?;
            Err(FileError::whole(&name, kind, Problem::UnknownFormat).into())
        }
    }
}

/// Turns rows of cells into the register's head and rows.
struct Rows<'a, E> {
    file: &'a str,
    sheet: String,
    handover: BTreeMap<u8, NaiveDate>,
    /// The layout and headings, once the header row is read.
    layout: Option<(Layout, Vec<String>, u32)>,
    width: usize,
    rows: usize,
    on_head: &'a mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &'a mut dyn FnMut(ReadRow) -> Result<(), E>,
}

impl<'a, E> Rows<'a, E> {
    /// The rows of `sheet` of `file`, before its header row is read.
    fn new(
        file: &'a str,
        sheet: String,
        handover: BTreeMap<u8, NaiveDate>,
        on_head: &'a mut dyn FnMut(&Head) -> Result<(), E>,
        on_row: &'a mut dyn FnMut(ReadRow) -> Result<(), E>,
    ) -> Self {
        Rows {
            file,
            sheet,
            handover,
            layout: None,
            width: 0,
            rows: 0,
            on_head,
            on_row,
        }
    }

    fn feed(&mut self, row: u32, cells: Vec<Cell>) -> Result<(), StreamError<E>> {
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
        // A row with nothing in the register's columns (a note beside the table) is skipped.
        if layout
            .at
            .values()
            .all(|&i| cells.get(i).is_none_or(Cell::is_empty))
        {
            return Ok(());
        }
        let read = read_row(layout, &cells, headings, &self.sheet, row, *col0);
        self.width = self.width.max(cells.len());
        self.rows += 1;
        (self.on_row)(ReadRow {
            row,
            cells: cells.into_iter().map(Cell::into_display).collect(),
            read,
        })
        .map_err(StreamError::Sink)
    }

    fn finish(self) -> Result<Summary, StreamError<E>> {
        let Some((_, headings, col0)) = self.layout else {
            return Err(FileError::whole(self.file, FileKind::Applications, Problem::Empty).into());
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

/// Cells of one row, placed by column as they come, with Excel's limits checked.
struct RowBuf {
    row: u32,
    cells: Vec<Cell>,
    chars: usize,
}

impl RowBuf {
    fn new(row: u32) -> RowBuf {
        RowBuf {
            row,
            cells: Vec::new(),
            chars: 0,
        }
    }

    /// Puts a cell at 0-based column `col` of this row (1-based).
    fn put(&mut self, col: u32, cell: Cell, sheet: &str, file: &str) -> Result<(), FileError> {
        let at = || CellRef {
            sheet: sheet.to_string(),
            row: self.row,
            col,
        };
        let bad = |p: Problem| FileError::whole(file, FileKind::Applications, p);
        if self.row > MAX_ROWS {
            return Err(bad(Problem::BeyondLastRow(at())));
        }
        if col >= MAX_COLUMNS {
            return Err(bad(Problem::BeyondLastColumn(at())));
        }
        let chars = match &cell {
            Cell::Text(s) | Cell::Error(s) | Cell::Formula(s) => s.chars().count(),
            _ => 0,
        };
        if chars > MAX_CELL_CHARS {
            return Err(bad(Problem::CellTooLong {
                at: at(),
                chars,
                limit: MAX_CELL_CHARS,
            }));
        }
        self.chars += chars;
        if self.chars > MAX_ROW_CHARS {
            return Err(bad(Problem::RowTooLong {
                sheet: sheet.to_string(),
                row: self.row,
                limit: MAX_ROW_CHARS,
            }));
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

/// The recorded handover dates of a `交接日期` sheet, checked as the RON file's are: items
/// 1–12, each once, one column each, dates from the notice's to a year past `today`. A bad
/// cell refuses the file: a wrong handover date would move every application of its item.
struct HandoverRows<'a> {
    file: &'a str,
    sheet: &'a str,
    today: NaiveDate,
    /// The two columns and the headings, once the header is read.
    cols: Option<(usize, usize, Vec<String>)>,
    out: BTreeMap<u8, NaiveDate>,
}

impl HandoverRows<'_> {
    fn feed(&mut self, row: u32, cells: Vec<Cell>) -> Result<(), FileError> {
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
                    return Err(whole(Problem::DuplicateHandoverColumn {
                        at: CellRef {
                            sheet: sheet.to_string(),
                            row,
                            col: i as u32,
                        },
                        heading: heading.to_string(),
                    }));
                }
            }
            let (Some(ic), Some(dc)) = (item_col, date_col) else {
                let heading = if item_col.is_none() {
                    HANDOVER_ITEM
                } else {
                    HANDOVER_DATE
                };
                return Err(whole(Problem::MissingHandoverColumn {
                    sheet: sheet.to_string(),
                    heading: heading.to_string(),
                }));
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
            whole(Problem::BadCell(Box::new(CellProblem {
                at: at(i),
                heading: headings.get(i).cloned().unwrap_or_default(),
                column: None,
                kind,
            })))
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
            return Err(whole(Problem::HandoverItemTwice { at: at(ic), item }));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// .xlsx

/// A number cell as read: a date cell's serial within 1900-01-01…9999-12-31 becomes its
/// date, anything else (NaN, infinities, −5, 9,999,999) a bad date.
fn xlsx_date(dt: &calamine::ExcelDateTime) -> Cell {
    let serial = dt.as_f64();
    if !dt.is_datetime() {
        return Cell::Number(serial);
    }
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    match dt.as_datetime() {
        Some(t) if serial.is_finite() && serial >= 0.0 && (first..=last).contains(&t.date()) => {
            Cell::Date(t.date())
        }
        _ => Cell::BadDate(number_text(serial)),
    }
}

fn xlsx_cell(d: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::text(s),
        DataRef::SharedString(s) => Cell::text(s),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => xlsx_date(dt),
        DataRef::DateTimeIso(s) => match parse_date_text(s) {
            Some(d) => Cell::Date(d),
            None => Cell::text(s),
        },
        DataRef::DurationIso(s) => Cell::text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// What a file named .xlsx is, from its first bytes.
fn sniff(head: &[u8]) -> Option<crate::error::Found> {
    use crate::error::Found;
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Found::Xls);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return None;
    }
    let text = !head.is_empty()
        && (std::str::from_utf8(head).is_ok()
            || matches!(std::str::from_utf8(head), Err(e) if e.error_len().is_none())
            || !encoding_rs::GB18030.decode_without_bom_handling(head).1)
        && !head.contains(&0);
    Some(if text { Found::Text } else { Found::Other })
}

/// The zip's end record, checked before the zip is opened: a zip64 directory or more than
/// [`MAX_ZIP_ENTRIES`] entries is refused, so no directory of millions of entries is read.
fn check_zip_directory(file: &mut std::fs::File, name: &str) -> Result<(), FileError> {
    use std::io::{Read, Seek, SeekFrom};
    let kind = FileKind::Applications;
    let io = |e: std::io::Error| FileError::unreadable(name, kind, &e);
    let len = file.seek(SeekFrom::End(0)).map_err(io)?;
    let tail_len = len.min(22 + 65_535 + 20);
    file.seek(SeekFrom::Start(len - tail_len)).map_err(io)?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    file.take(tail_len).read_to_end(&mut tail).map_err(io)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let too_many = || {
        FileError::whole(
            name,
            kind,
            Problem::ZipTooManyEntries {
                limit: MAX_ZIP_ENTRIES,
            },
        )
    };
    let Some(at) = tail
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .filter(|&at| at + 22 <= tail.len())
    else {
        return Err(FileError::whole(
            name,
            kind,
            Problem::NotXlsx(crate::error::Found::Other),
        ));
    };
    if at >= 20 && &tail[at - 20..at - 16] == b"PK\x06\x07" {
        return Err(too_many());
    }
    let entries = u16::from_le_bytes([tail[at + 10], tail[at + 11]]);
    if u64::from(entries) > MAX_ZIP_ENTRIES {
        return Err(too_many());
    }
    Ok(())
}

/// The workbook's entries against the caps: each entry's ratio, all together unpacked, and
/// the shared strings counted before calamine loads them.
fn check_zip(file: &mut std::fs::File, name: &str) -> Result<(), FileError> {
    use crate::error::Found;
    let kind = FileKind::Applications;
    let whole = |p: Problem| FileError::whole(name, kind, p);
    let mut zip =
        zip::ZipArchive::new(&mut *file).map_err(|_| whole(Problem::NotXlsx(Found::Other)))?;
    if zip.index_for_name("xl/workbook.xml").is_none() {
        let ods =
            zip.index_for_name("content.xml").is_some() || zip.index_for_name("mimetype").is_some();
        return Err(whole(Problem::NotXlsx(if ods {
            Found::Ods
        } else {
            Found::Other
        })));
    }
    let mut total = 0u64;
    let mut shared = None;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| whole(Problem::WrongKind(e.to_string())))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let entry_name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > ZIP_RATIO_FROM && size / packed > MAX_ZIP_RATIO {
            return Err(whole(Problem::ZipBomb {
                entry: entry_name,
                ratio: size / packed,
                limit: MAX_ZIP_RATIO,
            }));
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(whole(Problem::ZipTooLarge {
                limit: MAX_UNPACKED_BYTES,
            }));
        }
        if entry_name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            shared = Some(i);
        }
    }
    if let Some(i) = shared {
        let entry = zip
            .by_index(i)
            .map_err(|e| whole(Problem::WrongKind(e.to_string())))?;
        let count = count_shared_strings(std::io::BufReader::new(entry))
            .map_err(|e| whole(Problem::WrongKind(e)))?;
        if count > MAX_SHARED_STRINGS {
            return Err(whole(Problem::TooManySharedStrings {
                count,
                limit: MAX_SHARED_STRINGS,
            }));
        }
    }
    Ok(())
}

/// The shared strings of `xl/sharedStrings.xml`: the larger of the count it declares (calamine
/// reserves that many) and the `<si>` it holds; counting stops past the cap.
fn count_shared_strings(r: impl std::io::BufRead) -> Result<u64, String> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(r);
    let mut buf = Vec::new();
    let (mut declared, mut held) = (0u64, 0u64);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "uniqueCount" {
                            declared = a.value.trim().parse::<u64>().unwrap_or(u64::MAX);
                        }
                    }
                }
                "si" => held += 1,
                _ => {}
            },
            Event::Eof => return Ok(declared.max(held)),
            _ => {}
        }
        if declared.max(held) > MAX_SHARED_STRINGS {
            return Ok(declared.max(held));
        }
    }
}

/// The sheet a register is read from: 办件登记 (the template's) when there is one, else the
/// first visible worksheet.
fn choose_sheet(sheets: &[calamine::Sheet]) -> Option<String> {
    use calamine::{SheetType, SheetVisible};
    let worksheet = |s: &&calamine::Sheet| s.typ == SheetType::WorkSheet;
    sheets
        .iter()
        .filter(worksheet)
        .find(|s| normalise_heading(&s.name) == normalise_heading(REGISTER_SHEET))
        .or_else(|| {
            sheets
                .iter()
                .filter(worksheet)
                .find(|s| s.visible == SheetVisible::Visible)
        })
        .map(|s| s.name.clone())
}

/// The template's register sheet.
pub const REGISTER_SHEET: &str = "办件登记";

/// Every cell of a worksheet, row by row, to `feed`.
fn xlsx_rows<R: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<R>,
    sheet: &str,
    file: &str,
    feed: &mut dyn FnMut(u32, Vec<Cell>) -> Result<(), FileError>,
) -> Result<(), FileError> {
    let kind = FileKind::Applications;
    let wrong =
        |e: calamine::XlsxError| FileError::whole(file, kind, Problem::WrongKind(e.to_string()));
    let mut cells = wb.worksheet_cells_reader(sheet).map_err(wrong)?;
    // The sheet's `<dimension>` is a claim: a range past Excel's limits is refused at once
    // (Excel never writes one), instead of after reading every row before the limit.
    // Nothing is allocated from it; the cells are still checked one by one.
    let (last_row, last_col) = cells.dimensions().end;
    if last_row >= MAX_ROWS || last_col >= MAX_COLUMNS {
        return Err(FileError::whole(
            file,
            kind,
            Problem::DimensionBeyond(CellRef {
                sheet: sheet.to_string(),
                row: last_row.saturating_add(1),
                col: last_col,
            }),
        ));
    }
    let mut current: Option<RowBuf> = None;
    while let Some(c) = cells.next_cell_with_formula_metadata().map_err(wrong)? {
        let (r, col) = c.pos;
        let row = r.saturating_add(1);
        if current.as_ref().is_some_and(|b| b.row != row) {
            let done = current.take().unwrap_or_else(|| RowBuf::new(row));
            if row < done.row {
                return Err(FileError::whole(
                    file,
                    kind,
                    Problem::RowOutOfOrder(CellRef {
                        sheet: sheet.to_string(),
                        row,
                        col,
                    }),
                ));
            }
            feed(done.row, done.cells)?;
        }
        let buf = current.get_or_insert_with(|| RowBuf::new(row));
        let mut cell = xlsx_cell(&c.value);
        if cell.is_empty() && c.formula.is_some() {
            cell = Cell::Formula(String::new());
        }
        buf.put(col, cell, sheet, file)?;
    }
    if let Some(done) = current {
        feed(done.row, done.cells)?;
    }
    Ok(())
}

fn stream_xlsx<E>(
    mut f: std::fs::File,
    file: &str,
    today: NaiveDate,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    use calamine::Reader;
    use std::io::{Read, Seek};
    let kind = FileKind::Applications;
    let mut head = [0u8; 512];
    let n = f
        .read(&mut head)
        .map_err(|e| FileError::unreadable(file, kind, &e))?;
    if let Some(found) = sniff(&head[..n]) {
        return Err(FileError::whole(file, kind, Problem::NotXlsx(found)).into());
    }
    check_zip_directory(&mut f, file)?;
    check_zip(&mut f, file)?;
    f.rewind()
        .map_err(|e| FileError::unreadable(file, kind, &e))?;
    let mut wb = calamine::Xlsx::new(std::io::BufReader::new(f))
        .map_err(|e| FileError::whole(file, kind, Problem::WrongKind(e.to_string())))?;
    let Some(sheet) = choose_sheet(wb.sheets_metadata()) else {
        return Err(FileError::whole(file, kind, Problem::Empty).into());
    };
    let handover_sheet = wb.sheet_names().into_iter().find(|n| {
        *n != sheet
            && (normalise_heading(n) == HANDOVER_SHEET || normalise_heading(n) == "handover")
    });
    let mut handover = BTreeMap::new();
    if let Some(h) = handover_sheet {
        let mut rows = HandoverRows {
            file,
            sheet: &h,
            today,
            cols: None,
            out: BTreeMap::new(),
        };
        xlsx_rows(&mut wb, &h, file, &mut |row, cells| rows.feed(row, cells))?;
        handover = rows.out;
    }
    let mut rows = Rows::new(file, sheet.clone(), handover, on_head, on_row);
    let mut sink_error = None;
    let read = xlsx_rows(&mut wb, &sheet, file, &mut |row, cells| {
        match rows.feed(row, cells) {
            Ok(()) => Ok(()),
            Err(StreamError::File(e)) => Err(e),
            Err(StreamError::Sink(e)) => {
                sink_error = Some(e);
                // Stops the reading; the sink's error is returned below.
                Err(FileError::whole(file, kind, Problem::Empty))
            }
        }
    });
    if let Some(e) = sink_error {
        return Err(StreamError::Sink(e));
    }
    read?;
    rows.finish()
}

// ---------------------------------------------------------------------------------------
// .csv

/// A .csv read byte by byte, as Excel and the csv crate read it: a field that starts with a
/// quote runs to the closing quote (`""` is a quote inside), rows end at `\n`, `\r\n` or a
/// lone `\r` outside quotes. The structural bytes (`"`, `,`, `\r`, `\n`) never occur inside a
/// GB18030 character, so the same scan serves both encodings. Memory is one row, within
/// Excel's limits, which are checked as the bytes come.
struct CsvScan<'a> {
    file: &'a str,
    sheet: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote seen inside a quoted field: the closing one, or the first of `""`.
    Pending,
}

/// Where a .csv scan hands its chunks (and whether it is the last) and its rows.
type OnBytes<'a> = &'a mut dyn FnMut(&[u8], bool) -> Result<(), FileError>;
type OnCsvRow<'a> = &'a mut dyn FnMut(u32, &CsvRow) -> Result<(), FileError>;

/// One .csv row's fields as bytes: all of them in one buffer, kept from row to row.
struct CsvRow {
    bytes: Vec<u8>,
    /// Where each field starts in `bytes`; there is always one.
    starts: Vec<usize>,
}

impl CsvRow {
    /// A row with its one (empty) field.
    fn new() -> CsvRow {
        CsvRow {
            bytes: Vec::new(),
            starts: vec![0],
        }
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        let ends = self.starts[1..].iter().copied().chain([self.bytes.len()]);
        self.starts
            .iter()
            .zip(ends)
            .map(|(&a, b)| &self.bytes[a..b])
    }

    /// How many fields the row has so far (the one being read among them).
    fn len(&self) -> usize {
        self.starts.len()
    }

    /// The bytes of the field being read.
    fn last_len(&self) -> usize {
        self.bytes.len() - self.starts.last().copied().unwrap_or(0)
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.starts.truncate(1);
    }
}

impl CsvScan<'_> {
    fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: self.sheet.to_string(),
            row,
            col,
        }
    }

    fn whole(&self, p: Problem) -> FileError {
        FileError::whole(self.file, FileKind::Applications, p)
    }

    fn at_line(&self, line: usize, p: Problem) -> FileError {
        FileError {
            file: self.file.to_string(),
            line,
            column: 0,
            kind: FileKind::Applications,
            problem: p,
        }
    }

    /// Reads `r` to its end: each chunk (after a UTF-8 mark) to `on_bytes`, each row (its
    /// 1-based spreadsheet row and its fields' bytes) to `on_row`.
    fn run(
        &self,
        mut r: impl std::io::Read,
        on_bytes: OnBytes<'_>,
        on_row: OnCsvRow<'_>,
    ) -> Result<(), FileError> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut first = true;
        let mut q = Quote::FieldStart;
        let (mut line, mut row) = (1usize, 1u32);
        let mut fields = CsvRow::new();
        let mut row_bytes = 0usize;
        let mut opened_on = 0usize;
        let mut prev_cr = false;
        let mut row_has_bytes = false;
        loop {
            let n = r
                .read(&mut buf)
                .map_err(|e| FileError::unreadable(self.file, FileKind::Applications, &e))?;
            let mut chunk = &buf[..n];
            if first && n > 0 {
                first = false;
                if chunk.starts_with(&[0xFF, 0xFE]) || chunk.starts_with(&[0xFE, 0xFF]) {
                    return Err(self.whole(Problem::OtherEncoding("UTF-16".into())));
                }
                // UTF-16 without its mark: a NUL in every ASCII character's other byte (a
                // stray NUL is named by its line instead).
                let probe = &chunk[..chunk.len().min(1024)];
                let nuls = probe.iter().filter(|&&b| b == 0).count();
                if nuls >= 4 && nuls * 16 >= probe.len() {
                    return Err(self.whole(Problem::OtherEncoding("UTF-16".into())));
                }
                if let Some(rest) = chunk.strip_prefix(b"\xEF\xBB\xBF") {
                    chunk = rest;
                }
            }
            on_bytes(chunk, n == 0)?;
            for &b in chunk {
                if b == 0 {
                    return Err(self.at_line(line, Problem::NulByte));
                }
                let after_cr = prev_cr;
                prev_cr = b == b'\r';
                if b == b'\r' || (b == b'\n' && !after_cr) {
                    line += 1;
                }
                let field = &mut fields.bytes;
                match (q, b) {
                    (Quote::Quoted, b'"') => q = Quote::Pending,
                    (Quote::Quoted, _) => field.push(b),
                    (Quote::Pending, b'"') => {
                        q = Quote::Quoted;
                        field.push(b'"');
                    }
                    (Quote::FieldStart, b'"') => {
                        q = Quote::Quoted;
                        opened_on = line;
                        row_has_bytes = true;
                    }
                    (_, b',') => {
                        q = Quote::FieldStart;
                        row_has_bytes = true;
                        if fields.len() as u32 >= MAX_COLUMNS {
                            return Err(self.whole(Problem::BeyondLastColumn(
                                self.cell(row, fields.len() as u32),
                            )));
                        }
                        fields.starts.push(fields.bytes.len());
                    }
                    (_, b'\n') if after_cr && q == Quote::FieldStart && !row_has_bytes => {
                        // The \n of a \r\n: the row ended at the \r, and the next row has
                        // not begun (a file of exactly 1,048,576 rows ends here).
                        continue;
                    }
                    (_, b'\r' | b'\n') => {
                        on_row(row, &fields)?;
                        fields.clear();
                        q = Quote::FieldStart;
                        row_bytes = 0;
                        row_has_bytes = false;
                        row = row.saturating_add(1);
                        continue;
                    }
                    (_, _) => {
                        q = Quote::Unquoted;
                        field.push(b);
                        row_has_bytes = true;
                    }
                }
                row_bytes += 1;
                if row > MAX_ROWS {
                    return Err(self.whole(Problem::BeyondLastRow(self.cell(row, 0))));
                }
                let col = fields.len() as u32 - 1;
                let field_len = fields.last_len();
                if field_len > 4 * MAX_CELL_CHARS {
                    return Err(self.whole(Problem::CellTooLong {
                        at: self.cell(row, col),
                        chars: field_len,
                        limit: MAX_CELL_CHARS,
                    }));
                }
                if row_bytes > 4 * MAX_ROW_CHARS {
                    return Err(self.whole(Problem::RowTooLong {
                        sheet: self.sheet.to_string(),
                        row,
                        limit: MAX_ROW_CHARS,
                    }));
                }
            }
            if n == 0 {
                break;
            }
        }
        if q == Quote::Quoted {
            return Err(self.at_line(opened_on, Problem::UnclosedQuote));
        }
        if row_has_bytes {
            on_row(row, &fields)?;
        }
        Ok(())
    }
}

/// What the first pass over a .csv decided: its encoding, UTF-8 or GB18030 (which GBK is
/// part of).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvSurvey {
    pub gb18030: bool,
}

/// The first pass over a .csv, in constant memory: the encoding decided by a detector
/// (chardetng) over the whole file, accepting UTF-8 and GB18030/GBK only (Big5, Shift-JIS,
/// UTF-16 or a guess it is not sure of are refused); a NUL byte named by its line; a quote
/// that never closes named by the line it opened on; a row past 1,048,576, a field past
/// column XFD or a cell past 32,767 characters named by its cell.
pub fn survey_csv(r: impl std::io::Read, file: &str, sheet: &str) -> Result<CsvSurvey, FileError> {
    let scan = CsvScan { file, sheet };
    let mut detector = chardetng::EncodingDetector::new();
    let mut utf8 = true;
    let mut carry: Vec<u8> = Vec::new();
    scan.run(
        r,
        &mut |chunk, last| {
            if utf8 {
                carry.extend_from_slice(chunk);
                match std::str::from_utf8(&carry) {
                    Ok(_) => carry.clear(),
                    Err(e) if e.error_len().is_none() && !last => {
                        carry = carry.split_off(e.valid_up_to());
                    }
                    Err(_) => utf8 = false,
                }
            }
            detector.feed(chunk, last);
            Ok(())
        },
        &mut |_, _| Ok(()),
    )?;
    if utf8 {
        return Ok(CsvSurvey { gb18030: false });
    }
    let (guess, sure) = detector.guess_assess(None, false);
    if sure && (guess == encoding_rs::GBK || guess == encoding_rs::GB18030) {
        return Ok(CsvSurvey { gb18030: true });
    }
    Err(scan.whole(if sure {
        Problem::OtherEncoding(guess.name().to_string())
    } else {
        Problem::UnknownEncoding
    }))
}

/// Whether a .csv is all UTF-8 with no NUL byte, as most are: then the detector has nothing
/// to decide and the rows' own pass checks the rest. Read at the speed of the disk.
fn plain_utf8(mut r: impl std::io::Read, file: &str) -> Result<bool, FileError> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut carry = 0usize;
    loop {
        let n = r
            .read(&mut buf[carry..])
            .map_err(|e| FileError::unreadable(file, FileKind::Applications, &e))?;
        let filled = carry + n;
        if buf[carry..filled].contains(&0) {
            return Ok(false);
        }
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) if n == 0 => return Ok(true),
            Ok(_) => carry = 0,
            // A character cut at the chunk's end is carried into the next read.
            Err(e) if e.error_len().is_none() && n > 0 => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

fn stream_csv<E>(
    r: impl std::io::Read,
    survey: CsvSurvey,
    file: &str,
    sheet: &str,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    let scan = CsvScan { file, sheet };
    let mut rows = Rows::new(file, sheet.to_string(), BTreeMap::new(), on_head, on_row);
    let mut sink_error = None;
    let read = scan.run(r, &mut |_, _| Ok(()), &mut |row, fields| {
        let mut buf = RowBuf::new(row);
        for (col, bytes) in fields.fields().enumerate() {
            let text = if survey.gb18030 {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .ok_or_else(|| scan.whole(Problem::UnknownEncoding))?
            } else {
                String::from_utf8_lossy(bytes)
            };
            buf.put(col as u32, Cell::text(&text), sheet, file)?;
        }
        match rows.feed(row, buf.cells) {
            Ok(()) => Ok(()),
            Err(StreamError::File(e)) => Err(e),
            Err(StreamError::Sink(e)) => {
                sink_error = Some(e);
                Err(scan.whole(Problem::Empty))
            }
        }
    });
    if let Some(e) = sink_error {
        return Err(StreamError::Sink(e));
    }
    read?;
    rows.finish()
}

/// Parses a .csv's bytes whole (tests, and callers holding bytes); `file` names it in
/// messages, `sheet` in cell references.
pub fn parse_csv(bytes: &[u8], file: &str, sheet: &str) -> Result<Register, FileError> {
    let survey = survey_csv(bytes, file, sheet)?;
    let mut collect = Collect::default();
    let summary = collect
        .stream(|on_head, on_row| stream_csv(bytes, survey, file, sheet, on_head, on_row))?;
    Ok(collect.into_register(summary))
}

/// Parses an .xlsx workbook's bytes whole (tests); `file` names it in messages. The bytes go
/// through a temporary file, as a workbook on disk is read.
pub fn parse_xlsx(bytes: &[u8], file: &str) -> Result<Register, FileError> {
    let kind = FileKind::Applications;
    let io = |e: std::io::Error| FileError::unreadable(file, kind, &e);
    let mut tmp = tempfile::tempfile().map_err(io)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(io)?;
    std::io::Seek::rewind(&mut tmp).map_err(io)?;
    let today = chrono::Local::now().date_naive();
    let mut collect = Collect::default();
    let summary =
        collect.stream(|on_head, on_row| stream_xlsx(tmp, file, today, on_head, on_row))?;
    Ok(collect.into_register(summary))
}

/// A stream gathered into a whole [`Register`].
#[derive(Default)]
struct Collect {
    batch: ApplicationsFile,
    rows: Vec<Row>,
}

impl Collect {
    fn stream(
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

    fn into_register(mut self, summary: Summary) -> Register {
        self.batch.handover = summary.head.handover;
        Register {
            batch: self.batch,
            header: summary.head.header,
            rows: self.rows,
            sheet: Some(summary.head.sheet),
        }
    }
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
    crate::export::print_setup(ws).map_err(&err)?;

    let help = wb.add_worksheet();
    help.set_name(&text.help_sheet).map_err(&err)?;
    help.write_string_with_format(0, 0, &text.help_header[0], &bold)
        .map_err(&err)?;
    help.write_string_with_format(0, 1, &text.help_header[1], &bold)
        .map_err(&err)?;
    // Printed whole: the text wraps in its column, each row as tall as its lines (LibreOffice
    // keeps a row's height as written), a note across both columns.
    use crate::export::{LINE_HEIGHT, wrapped_lines};
    let (w0, w1) = (22.0, 90.0);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    help.set_column_width(0, w0).map_err(&err)?;
    help.set_column_width(1, w1).map_err(&err)?;
    let tall = |lines: usize| (lines > 1).then_some(lines as f64 * LINE_HEIGHT);
    for (i, (col, line)) in Column::ALL.iter().zip(&text.help).enumerate() {
        let r = i as u32 + 1;
        if let Some(h) = tall(wrapped_lines(col.heading(), w0).max(wrapped_lines(line, w1))) {
            help.set_row_height(r, h).map_err(&err)?;
        }
        help.write_string_with_format(r, 0, col.heading(), &wrap)
            .map_err(&err)?;
        help.write_string_with_format(r, 1, line, &wrap)
            .map_err(&err)?;
    }
    let after = Column::ALL.len() as u32 + 2;
    for (i, line) in text.notes.iter().enumerate() {
        let r = after + i as u32;
        if let Some(h) = tall(wrapped_lines(line, w0 + w1)) {
            help.set_row_height(r, h).map_err(&err)?;
        }
        help.merge_range(r, 0, r, 1, line, &wrap).map_err(&err)?;
    }
    crate::export::print_setup(help).map_err(&err)?;

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
    crate::export::print_setup(handover).map_err(&err)?;

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
        let survey = |b: &[u8]| survey_csv(b, "x.csv", "x.csv").map(|s| s.gb18030);
        let (gbk, _, _) = encoding_rs::GBK.encode("办件编号,是否跨区,收件日期,是否在开发区内\r\n");
        assert_eq!(survey(&gbk), Ok(true));
        assert_eq!(survey("\u{feff}是".as_bytes()), Ok(false));
        assert!(survey(&[0xFF, 0xFE, b'a', 0]).is_err());
        // 0xFF, and a lead byte with no trail byte, are not GB18030.
        assert!(survey(&[b'a', 0xFF, b'b']).is_err());
        assert!(survey(&[b'a', 0x81]).is_err());
    }

    #[test]
    fn a_csv_of_exactly_the_last_row_is_read_whatever_its_line_ends() {
        let rows = |n: usize, end: &str| format!("a{end}").repeat(n).into_bytes();
        for end in ["\r\n", "\n", "\r"] {
            let ok = survey_csv(&rows(MAX_ROWS as usize, end)[..], "x.csv", "x.csv");
            assert_eq!(ok, Ok(CsvSurvey { gb18030: false }), "{end:?}");
            let past = survey_csv(&rows(MAX_ROWS as usize + 1, end)[..], "x.csv", "x.csv");
            assert!(
                matches!(&past, Err(e) if matches!(&e.problem, Problem::BeyondLastRow(c) if c.row == MAX_ROWS + 1)),
                "{end:?}: {past:?}"
            );
        }
    }

    #[test]
    fn plain_utf8_carries_a_character_cut_between_reads() {
        /// Hands out its bytes `step` at a time, cutting every character somewhere.
        struct Trickle<'a>(&'a [u8], usize);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let plain = |b: &[u8], step| plain_utf8(Trickle(b, step), "x.csv").unwrap();
        let text = "办件编号,事项序号\r\n港-一,2\r\n\u{20000}\r\n".as_bytes();
        for step in 1..=5 {
            assert!(plain(text, step), "{step}");
            assert!(
                !plain(&text[..text.len() - 4], step),
                "a cut last character, {step}"
            );
            let (gbk, _, _) = encoding_rs::GBK.encode("办件编号,是否跨区\r\n");
            assert!(!plain(&gbk, step), "GBK, {step}");
            assert!(!plain(b"a,b\r\n\0", step), "NUL, {step}");
        }
        assert!(plain(b"", 1));
    }

    #[test]
    fn shared_strings_are_the_larger_of_declared_and_held_not_their_sum() {
        let count = |xml: &str| count_shared_strings(xml.as_bytes()).unwrap();
        let sst = |declared: &str, held: usize| {
            format!("<sst {declared}>{}</sst>", "<si><t>x</t></si>".repeat(held))
        };
        // Excel declares what it holds: a register with as many unique ids as the cap allows
        // is read, not refused as twice that many.
        assert_eq!(count(&sst(r#"count="3" uniqueCount="3""#, 3)), 3);
        assert_eq!(count(&sst(r#"uniqueCount="2""#, 5)), 5);
        assert_eq!(count(&sst(r#"uniqueCount="9""#, 1)), 9);
        assert_eq!(count(&sst("", 4)), 4);
    }
}
