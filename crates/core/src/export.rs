//! Exports: the handover report (.xlsx, .csv), the deadlines calendar (.ics), and the table of
//! a batch of routed applications (.csv).

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use super::catalogue::Catalogue;
use super::catalogue::Mode;
use super::deadlines::KeyDates;
use super::deadlines::Standing;
use super::error::{StoreError, StoreOp};
use super::records::{HandoverState, Records};
use super::reminders::VALIDITY_WARNING_DAYS;
use super::storage::{Target, write_output};

/// A table of text as it is written to a file: a header and rows of cells. The words layer
/// fills it in the user's language; the writers below only put it into a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The columns of the handover report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportColumn {
    No,
    Name,
    Mode,
    CityUnit,
    State,
    HandoverDate,
    Deadline,
    Standing,
    AnnouncementDate,
    AnnouncementPlace,
    Elements,
    Notes,
}

impl ReportColumn {
    pub const ALL: [ReportColumn; 12] = [
        ReportColumn::No,
        ReportColumn::Name,
        ReportColumn::Mode,
        ReportColumn::CityUnit,
        ReportColumn::State,
        ReportColumn::HandoverDate,
        ReportColumn::Deadline,
        ReportColumn::Standing,
        ReportColumn::AnnouncementDate,
        ReportColumn::AnnouncementPlace,
        ReportColumn::Elements,
        ReportColumn::Notes,
    ];
}

/// One item's line of the handover report: typed values, put in words by the words layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub no: u8,
    /// The item's name, as the notice's table gives it.
    pub name: String,
    pub mode: Mode,
    /// 市级实施单位, as the notice's table gives it.
    pub city_unit: String,
    pub state: HandoverState,
    pub handover_date: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub standing: Standing,
    pub announcement_date: Option<NaiveDate>,
    pub announcement_place: String,
    /// Entrustment elements done, of how many (`None`: the item is authorised, it has none).
    pub elements: Option<(usize, usize)>,
    /// Each entrustment element: done or not, and its note (empty for an authorised item).
    pub element_checks: Vec<crate::records::ElementCheck>,
    pub notes: String,
}

/// One row per item: where its handover stands on `today`.
pub fn handover_report(
    cat: &Catalogue,
    key: &KeyDates,
    records: &Records,
    today: NaiveDate,
) -> Vec<ReportRow> {
    let recorded = records.handover_dates();
    cat.items
        .iter()
        .map(|item| {
            let rec = records.items.get(&item.no).cloned().unwrap_or_default();
            let status = key.handover_status(item.no, &recorded, today);
            ReportRow {
                no: item.no,
                name: item.name.clone(),
                mode: item.mode,
                city_unit: item.city_unit.clone(),
                state: rec.state,
                handover_date: rec.handover_date,
                deadline: key.handover_deadline.value,
                standing: status.standing(),
                announcement_date: rec.announcement.date,
                announcement_place: rec.announcement.place.clone(),
                elements: (!rec.elements.is_empty())
                    .then(|| (rec.elements_done(), rec.elements.len())),
                element_checks: rec.elements.clone(),
                notes: rec.notes,
            }
        })
        .collect()
}

/// The columns of a table of routed applications, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchColumn {
    Id,
    Item,
    Received,
    Outcome,
    ApprovingBody,
    InNameOf,
    Clause,
    Finding,
}

impl BatchColumn {
    pub const ALL: [BatchColumn; 8] = [
        BatchColumn::Id,
        BatchColumn::Item,
        BatchColumn::Received,
        BatchColumn::Outcome,
        BatchColumn::ApprovingBody,
        BatchColumn::InNameOf,
        BatchColumn::Clause,
        BatchColumn::Finding,
    ];
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

/// The columns a decision table adds after a register's own columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionColumn {
    /// The outcome in words.
    Outcome,
    /// The outcome's code (COMMITTEE, …).
    Code,
    ApprovingBody,
    InNameOf,
    /// Who answers for it in review and litigation.
    Answerable,
    Clause,
    Finding,
    Warnings,
}

impl DecisionColumn {
    pub const ALL: [DecisionColumn; 8] = [
        DecisionColumn::Outcome,
        DecisionColumn::Code,
        DecisionColumn::ApprovingBody,
        DecisionColumn::InNameOf,
        DecisionColumn::Answerable,
        DecisionColumn::Clause,
        DecisionColumn::Finding,
        DecisionColumn::Warnings,
    ];
}

/// CSV as Excel and WPS open it: UTF-8 with a BOM, CRLF, fields quoted where needed, and no
/// cell a spreadsheet would run as a formula.
fn csv_field(s: &str) -> String {
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

pub fn write_csv(path: &Path, table: &Table) -> Result<(), StoreError> {
    write_csv_to(&Target::confirmed(path), table)
}

/// [`write_csv`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_csv_to(target: &Target, table: &Table) -> Result<(), StoreError> {
    write_output(target, to_csv(table).as_bytes())
}

/// A cell that is a plain number (no leading zero, at most 15 digits, so an id such as `010`
/// or a long code stays text).
fn as_number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let int = digits.split('.').next().unwrap_or("");
    let plain = !digits.is_empty()
        && digits.len() <= 15
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !int.is_empty()
        && !(int.len() > 1 && int.starts_with('0'))
        && !digits.ends_with('.');
    plain.then(|| s.parse().ok()).flatten()
}

/// A cell that is a date written YYYY-MM-DD.
fn as_date(s: &str) -> Option<NaiveDate> {
    (s.len() == 10)
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// How wide a text shows in a spreadsheet's character units: a hanzi counts two.
fn display_width(s: &str) -> usize {
    s.lines()
        .map(|l| l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum())
        .max()
        .unwrap_or(0)
}

/// An .xlsx workbook with one sheet, set up to print: A4 landscape, one page wide, the header
/// row on every page, the sheet's name and the date in the page header, columns as wide as
/// their content (up to a limit, then wrapped), numbers as numbers and dates as dates.
pub fn write_xlsx(path: &Path, sheet: &str, table: &Table) -> Result<(), StoreError> {
    write_xlsx_to(&Target::confirmed(path), sheet, table)
}

/// [`write_xlsx`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_xlsx_to(target: &Target, sheet: &str, table: &Table) -> Result<(), StoreError> {
    let path = target.path.as_path();
    let err = xlsx_error(path);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let mut sheet = PrintedSheet::new(ws, sheet, &table.header).map_err(&err)?;
    for row in &table.rows {
        sheet.measure(row);
    }
    // Held whole, a sheet gives each row its own height.
    sheet.fix(ws, &[]).map_err(&err)?;
    for row in &table.rows {
        sheet.write(ws, row).map_err(&err)?;
    }
    let bytes = wb.save_to_buffer().map_err(&err)?;
    write_output(target, &bytes)
}

/// The one way a sheet of ours is laid out and set up to print, for the whole-table writer
/// and the streamed one alike: A4 landscape, one page wide, the header row repeated and
/// frozen, the sheet's name (its title) and the date in the page header, page numbers in
/// the footer, text wrapped at the top of its cell, numbers as numbers, dates as dates, each
/// column as wide as its widest cell (up to [`MAX_COLUMN_WIDTH`], then wrapped), and each
/// row as tall as its wrapped lines: LibreOffice does not grow a row for wrapped text when
/// it opens a file, so a row left at the default height prints its first line only.
///
/// A row can be at most [`MAX_ROW_HEIGHT`] tall (Excel's limit; LibreOffice cuts the rest
/// too): a cell whose text needs more (a note of 2,000 characters) goes on in the same column
/// of the rows below, as many as it takes, the other cells of those rows empty.
///
/// The widths are measured first ([`PrintedSheet::measure`]), then fixed with the header
/// ([`PrintedSheet::fix`]); rows are written after.
struct PrintedSheet {
    text: rust_xlsxwriter::Format,
    bold: rust_xlsxwriter::Format,
    date: rust_xlsxwriter::Format,
    header: Vec<String>,
    /// The widest cell of each column so far, in character units.
    widest: Vec<usize>,
    /// The columns' widths, once fixed.
    widths: Vec<f64>,
    /// The sheet's row the next row goes to (continued cells take more than one).
    next: u32,
    /// The lines of the sheet's default row height: a row of that many lines is given no
    /// height of its own. A streamed sheet takes the commonest of its first rows, because
    /// rust_xlsxwriter keeps every row's own height in memory to the end (430 bytes a row:
    /// 800 MB for a million rows).
    usual_lines: usize,
    /// How many more rows may have a height of their own; past it, a row keeps the default.
    own_heights_left: usize,
    /// The rows that needed a height of their own and did not get it.
    short_rows: u64,
}

/// The most rows of a streamed .xlsx given a height of their own (about 56 MB of
/// rust_xlsxwriter's memory at the end): every row of a register the app's batch screen
/// holds, and far more than anyone prints.
pub const MAX_OWN_HEIGHTS: usize = 100_000;

/// The widest a column is made, in character units (15 hanzi): wider text wraps. The sheet
/// is fitted to one page wide, so every unit here shrinks the print of all columns: the
/// 23 columns of `route --out` print at about half size with this, a third with 50.
const MAX_COLUMN_WIDTH: f64 = 30.0;

/// The height of a line of wrapped text, in points: an 11-point line with a CJK font (the
/// default row, 15 points, is a Latin line's).
pub(crate) const LINE_HEIGHT: f64 = 16.0;

/// The tallest a row may be, in points: Excel's limit.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The most lines of wrapped text a row holds.
const MAX_ROW_LINES: usize = (MAX_ROW_HEIGHT / LINE_HEIGHT) as usize;

/// How every sheet we write prints: A4 landscape, fitted to one page wide, the header row
/// repeated on each page and frozen on screen, the sheet's name (its title) and the date in
/// the page header, page numbers in the footer.
pub(crate) fn print_setup(
    ws: &mut rust_xlsxwriter::Worksheet,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header("&L&A&R&D");
    ws.set_footer("&C&P / &N");
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

impl PrintedSheet {
    fn new(
        ws: &mut rust_xlsxwriter::Worksheet,
        name: &str,
        header: &[String],
    ) -> Result<PrintedSheet, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, FormatAlign};
        ws.set_name(name)?;
        print_setup(ws)?;
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Ok(PrintedSheet {
            bold: text.clone().set_bold(),
            date: text.clone().set_num_format("yyyy-mm-dd"),
            text,
            header: header.to_vec(),
            // A header wraps (it is bold and wrapped like the cells): it asks for half its
            // width, in whole hanzi, so 是否在开发区内 over a column of 是/否 takes two
            // lines rather than the room of seven hanzi.
            widest: header
                .iter()
                .map(|h| display_width(h).div_ceil(4) * 2)
                .collect(),
            widths: Vec::new(),
            next: 1,
            usual_lines: 1,
            own_heights_left: usize::MAX,
            short_rows: 0,
        })
    }

    /// Takes a row's cells into the columns' widths.
    fn measure(&mut self, cells: &[String]) {
        if self.widest.len() < cells.len() {
            self.widest.resize(cells.len(), 0);
        }
        for (c, cell) in cells.iter().enumerate() {
            self.widest[c] = self.widest[c].max(display_width(cell));
        }
    }

    /// Fixes the columns' widths from the cells measured, the default row height from the
    /// commonest of `sample` (none: one line), and writes the header row.
    fn fix(
        &mut self,
        ws: &mut rust_xlsxwriter::Worksheet,
        sample: &[Vec<String>],
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        self.widths = self
            .widest
            .iter()
            .map(|&w| (w as f64 + 2.0).clamp(6.0, MAX_COLUMN_WIDTH))
            .collect();
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        self.usual_height(ws, sample);
        let header = std::mem::take(&mut self.header);
        self.set_height(ws, 0, &header)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &self.bold)?;
        }
        Ok(())
    }

    /// Sets row `r`'s height to its most wrapped cell's lines when that is not the sheet's
    /// default, while rows may still have their own (past that, the row is counted short).
    fn set_height(
        &mut self,
        ws: &mut rust_xlsxwriter::Worksheet,
        r: u32,
        cells: &[String],
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        let lines = self.lines(cells);
        if lines != self.usual_lines {
            if self.own_heights_left == 0 {
                self.short_rows += 1;
            } else {
                self.own_heights_left -= 1;
                ws.set_row_height(r, lines as f64 * LINE_HEIGHT)?;
            }
        }
        Ok(())
    }

    /// The lines of a row's most wrapped cell, after [`PrintedSheet::fix`].
    fn lines(&self, cells: &[String]) -> usize {
        cells
            .iter()
            .zip(&self.widths)
            .map(|(cell, w)| wrapped_lines(cell, *w))
            .max()
            .unwrap_or(1)
            .clamp(1, MAX_ROW_LINES)
    }

    /// Makes the commonest height of `rows` the sheet's default row height (once the widths
    /// are fixed), so that only rows of another height are given their own.
    fn usual_height(&mut self, ws: &mut rust_xlsxwriter::Worksheet, rows: &[Vec<String>]) {
        let mut count = vec![0usize; MAX_ROW_LINES + 1];
        for row in rows {
            count[self.lines(row)] += 1;
        }
        // The fewest lines among the commonest (a tie never makes rows taller).
        let most = count.iter().copied().max().unwrap_or(0);
        let usual = count.iter().position(|&n| n == most && n > 0).unwrap_or(1);
        if usual > 1 {
            ws.set_default_row_height(usual as f64 * LINE_HEIGHT);
        }
        self.usual_lines = usual;
    }

    /// Writes the next row, after [`PrintedSheet::fix`]: one row of the sheet, or more when
    /// a cell's text is longer than a row holds.
    fn write(
        &mut self,
        ws: &mut rust_xlsxwriter::Worksheet,
        cells: &[String],
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::ExcelDateTime;
        // Each cell's text in pieces of at most a row's lines (a number or a date is one).
        let mut pieces: Vec<Vec<&str>> = cells
            .iter()
            .enumerate()
            .map(|(c, cell)| match self.widths.get(c) {
                Some(&w) if as_number(cell).is_none() && as_date(cell).is_none() => {
                    split_to_lines(cell, w, MAX_ROW_LINES)
                }
                _ => vec![cell.as_str()],
            })
            .collect();
        let rows = pieces.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..rows {
            let r = self.next;
            self.next += 1;
            let row: Vec<String> = pieces
                .iter_mut()
                .map(|p| p.get(k).copied().unwrap_or("").to_string())
                .collect();
            self.set_height(ws, r, &row)?;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                if cell.is_empty() {
                    continue;
                } else if let Some(n) = as_number(cell) {
                    ws.write_number_with_format(r, c, n, &self.text)?;
                } else if let Some(d) = as_date(cell) {
                    use chrono::Datelike;
                    let d =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &d, &self.date)?;
                } else {
                    ws.write_string_with_format(r, c, cell, &self.text)?;
                }
            }
        }
        Ok(())
    }
}

/// `text` in pieces that each wrap to at most `lines` lines in a column `width` wide (by
/// [`wrapped_lines`]), cut between characters: the longest prefix that fits, then the next.
fn split_to_lines(text: &str, width: f64, lines: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while wrapped_lines(rest, width) > lines {
        // The longest prefix that fits, by bisection over its character boundaries.
        let ends: Vec<usize> = rest.char_indices().map(|(i, _)| i).skip(1).collect();
        if ends.is_empty() {
            break;
        }
        let (mut lo, mut hi) = (0, ends.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if wrapped_lines(&rest[..ends[mid - 1]], width) <= lines {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // At least one character, so the text always gets shorter.
        let end = ends[lo.max(1) - 1];
        pieces.push(&rest[..end]);
        rest = &rest[end..];
    }
    pieces.push(rest);
    pieces
}

/// How many lines `text` wraps to in a column `width` character units wide: a hanzi takes
/// two units and may end a line anywhere, a Latin word moves whole to the next line (a word
/// wider than the column is broken), and a line break starts a line.
pub(crate) fn wrapped_lines(text: &str, width: f64) -> usize {
    // A unit of the column's width is kept for the cell's margins.
    let room = ((width - 1.0).floor() as usize).max(2);
    let mut lines = 0;
    for para in text.split('\n') {
        lines += 1;
        let mut used = 0;
        let mut word = 0;
        let fits = |w: usize, used: &mut usize, lines: &mut usize| {
            if *used + w > room && *used > 0 {
                *lines += 1;
                *used = 0;
            }
            // A piece wider than a line takes as many lines as it needs.
            *lines += w.saturating_sub(1) / room;
            *used = (*used + w - 1) % room + 1;
        };
        for c in para.chars() {
            if c.is_ascii() && c != ' ' {
                word += 1;
                continue;
            }
            if word > 0 {
                fits(word, &mut used, &mut lines);
                word = 0;
            }
            let w = if c.is_ascii() { 1 } else { 2 };
            fits(w, &mut used, &mut lines);
        }
        if word > 0 {
            fits(word, &mut used, &mut lines);
        }
    }
    lines.max(1)
}

/// A table written row by row as it is made, so memory does not grow with the rows: an
/// .xlsx through rust_xlsxwriter's constant-memory worksheet (rows go to a temporary file as
/// they are written), set up to print like [`write_xlsx`]; a .csv straight to the file.
/// Nothing replaces `path` until [`TableWriter::finish`]; dropped before, it leaves `path`
/// as it was.
///
/// An .xlsx's column widths come from its first [`WIDTH_SAMPLE_ROWS`] rows, held until then
/// (a constant-memory sheet cannot go back to a row to make it taller); a longer cell later
/// wraps in its column, and its row is made as tall as it needs.
pub struct TableWriter {
    out: crate::storage::Pending,
    kind: TableKind,
}

/// How many rows of a streamed .xlsx its column widths are measured on.
pub const WIDTH_SAMPLE_ROWS: usize = 500;

enum TableKind {
    Csv(io::BufWriter<std::fs::File>),
    Xlsx(Box<StreamedSheet>),
}

/// A streamed .xlsx: the workbook, its layout, and the rows held until the widths are fixed.
struct StreamedSheet {
    wb: rust_xlsxwriter::Workbook,
    layout: PrintedSheet,
    held: Vec<Vec<String>>,
    fixed: bool,
}

impl StreamedSheet {
    /// Fixes the widths from the rows held and writes them.
    fn fix(&mut self) -> Result<(), rust_xlsxwriter::XlsxError> {
        let ws = self.wb.worksheet_from_index(0)?;
        self.layout.fix(ws, &self.held)?;
        for row in std::mem::take(&mut self.held) {
            self.layout.write(ws, &row)?;
        }
        self.fixed = true;
        Ok(())
    }
}

impl TableWriter {
    /// Starts the table at `target` (.xlsx when `xlsx`, else .csv) with its header, refused
    /// like any output (see [`crate::storage::Target`]); `sheet` names the
    /// .xlsx's sheet.
    pub fn create(
        target: &crate::storage::Target,
        xlsx: bool,
        sheet: &str,
        header: &[String],
    ) -> Result<TableWriter, StoreError> {
        let path = target.path.as_path();
        let mut out = crate::storage::Pending::new(target)?;
        let kind = if xlsx {
            let err = xlsx_error(path);
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet_with_constant_memory().map_err(&err)?;
            let mut layout = PrintedSheet::new(ws, sheet, header).map_err(&err)?;
            layout.own_heights_left = MAX_OWN_HEIGHTS;
            TableKind::Xlsx(Box::new(StreamedSheet {
                wb,
                layout,
                held: Vec::new(),
                fixed: false,
            }))
        } else {
            let file = out
                .file()
                .try_clone()
                .map_err(|e| StoreError::io(path, StoreOp::Write, &e))?;
            let mut w = io::BufWriter::new(file);
            let line = header.iter().map(|c| csv_field(c)).collect::<Vec<_>>();
            io::Write::write_all(&mut w, format!("\u{feff}{}\r\n", line.join(",")).as_bytes())
                .map_err(|e| StoreError::io(path, StoreOp::Write, &e))?;
            TableKind::Csv(w)
        };
        Ok(TableWriter { out, kind })
    }

    /// Appends a row.
    pub fn row(&mut self, cells: &[String]) -> Result<(), StoreError> {
        let path = self.out.path().to_path_buf();
        match &mut self.kind {
            TableKind::Csv(w) => {
                let line = cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>();
                io::Write::write_all(w, format!("{}\r\n", line.join(",")).as_bytes())
                    .map_err(|e| StoreError::io(&path, StoreOp::Write, &e))
            }
            TableKind::Xlsx(s) if !s.fixed => {
                s.layout.measure(cells);
                s.held.push(cells.to_vec());
                if s.held.len() >= WIDTH_SAMPLE_ROWS {
                    s.fix().map_err(xlsx_error(&path))?;
                }
                Ok(())
            }
            TableKind::Xlsx(s) => {
                let err = xlsx_error(&path);
                let ws = s.wb.worksheet_from_index(0).map_err(&err)?;
                s.layout.write(ws, cells).map_err(&err)
            }
        }
    }

    /// The rows of an .xlsx that needed a height of their own past the first
    /// [`MAX_OWN_HEIGHTS`] and kept the sheet's default: printed, their text may be cut.
    pub fn rows_without_height(&self) -> u64 {
        match &self.kind {
            TableKind::Xlsx(s) => s.layout.short_rows,
            TableKind::Csv(_) => 0,
        }
    }

    /// Writes what is left and puts the file in place.
    pub fn finish(mut self) -> Result<(), StoreError> {
        let path = self.out.path().to_path_buf();
        match self.kind {
            TableKind::Csv(mut w) => {
                io::Write::flush(&mut w).map_err(|e| StoreError::io(&path, StoreOp::Write, &e))?
            }
            TableKind::Xlsx(mut s) => {
                let err = xlsx_error(&path);
                if !s.fixed {
                    s.fix().map_err(&err)?;
                }
                s.wb.save_to_writer(self.out.file()).map_err(&err)?
            }
        }
        self.out.commit()
    }
}

fn xlsx_error(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> StoreError + '_ {
    move |e| StoreError::io(path, StoreOp::Write, &io::Error::other(e.to_string()))
}

/// Each .ics event alerts this many hours before its day begins: 09:00 the day before.
pub const ALARM_HOURS_BEFORE: u32 = 15;

/// The dates a coordinator puts in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineEvent {
    /// The handover deadline.
    HandoverDeadline,
    /// The last day of the validity.
    ValidityLastDay,
    /// [`VALIDITY_WARNING_DAYS`] before the last day.
    ValidityReminder,
}

impl DeadlineEvent {
    pub const ALL: [DeadlineEvent; 3] = [
        DeadlineEvent::HandoverDeadline,
        DeadlineEvent::ValidityLastDay,
        DeadlineEvent::ValidityReminder,
    ];

    /// The stable part of its UID, so a re-import updates the event.
    pub fn uid(self) -> &'static str {
        match self {
            DeadlineEvent::HandoverDeadline => "handover-deadline",
            DeadlineEvent::ValidityLastDay => "validity-last-day",
            DeadlineEvent::ValidityReminder => "validity-reminder-180",
        }
    }

    /// Its day.
    pub fn day(self, key: &KeyDates) -> NaiveDate {
        match self {
            DeadlineEvent::HandoverDeadline => key.handover_deadline.value,
            DeadlineEvent::ValidityLastDay => key.validity_last_day,
            DeadlineEvent::ValidityReminder => {
                key.validity_last_day - chrono::Duration::days(VALIDITY_WARNING_DAYS)
            }
        }
    }
}

/// An all-day calendar event, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    pub uid: &'static str,
    pub day: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// An iCalendar file of all-day events, each with an alarm at 09:00 the day before; UIDs are
/// stable so a re-import updates them.
pub fn to_ics(calendar_name: &str, events: &[IcsEvent]) -> String {
    let stamp = "20240429T000000Z";
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Zengcheng//delegation-tracker//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", escape(calendar_name)),
    ];
    for e in events {
        let next = e.day.succ_opt().unwrap_or(e.day);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@delegation-tracker.zengcheng", e.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", e.day.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&e.summary)),
            format!("DESCRIPTION:{}", escape(&e.description)),
            "TRANSP:TRANSPARENT".to_string(),
            // Calendar programs alert at 09:00 the day before: an all-day event starts at
            // midnight, fifteen hours later.
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".to_string(),
            format!("DESCRIPTION:{}", escape(&e.summary)),
            format!("TRIGGER:-PT{ALARM_HOURS_BEFORE}H"),
            "END:VALARM".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
    }
    out
}

pub fn write_ics(path: &Path, calendar_name: &str, events: &[IcsEvent]) -> Result<(), StoreError> {
    write_output(
        &Target::confirmed(path),
        to_ics(calendar_name, events).as_bytes(),
    )
}

/// RFC 5545 text escaping.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// RFC 5545 line folding: lines of at most 75 octets, continued with CRLF and a space,
/// never splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sheet's XML of an .xlsx (its one worksheet) and the workbook's.
    fn sheet_xml(path: &Path) -> (String, String) {
        let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        (read("xl/worksheets/sheet1.xml"), read("xl/workbook.xml"))
    }

    #[test]
    fn the_streamed_xlsx_prints_like_the_whole_one() {
        // `route --out` streams its rows (TableWriter); it lost the print setup once, and
        // printed as 10 portrait pages with its text as one cut line a row.
        let dir = tempfile::tempdir().unwrap();
        let long = "依据条款".repeat(40);
        let table = Table {
            header: vec![
                "办件编号".into(),
                "事项序号".into(),
                "收件日期".into(),
                "判断".into(),
            ],
            rows: vec![
                vec!["010".into(), "10".into(), "2024-07-01".into(), long.clone()],
                vec!["A".into(), "2".into(), "".into(), "短".into()],
            ],
        };
        let whole = dir.path().join("whole.xlsx");
        write_xlsx(&whole, "分派结果", &table).unwrap();
        let streamed = dir.path().join("streamed.xlsx");
        let mut w = TableWriter::create(
            &Target::confirmed(&streamed),
            true,
            "分派结果",
            &table.header,
        )
        .unwrap();
        for row in &table.rows {
            w.row(row).unwrap();
        }
        w.finish().unwrap();
        let expected = sheet_xml(&whole);
        let (sheet, book) = sheet_xml(&streamed);
        for (xml, what) in [(&sheet, "sheet"), (&expected.0, "whole sheet")] {
            for want in [
                "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"",
                "<pageSetUpPr fitToPage=\"1\"/>",
                "<oddHeader>&amp;L&amp;A&amp;R&amp;D</oddHeader>",
                // 010 stays text (a leading zero), 10 is a number, the date a date.
                "<c r=\"B2\" s=\"2\"><v>10</v></c>",
                "<c r=\"C2\" s=\"3\"><v>45474</v></c>",
                // The judgement column at its widest, the row as tall as its 160 hanzi wrapped
                // at 14 a line (12 lines of 16 points).
                "<col min=\"4\" max=\"4\" width=\"30.7109375\"",
                "ht=\"192\" customHeight=\"1\"",
            ] {
                assert!(xml.contains(want), "{what} lacks {want}: {xml}");
            }
            assert!(
                !xml.contains("<c r=\"A2\" s=\"1\"><v>"),
                "010 became a number"
            );
        }
        assert!(book.contains("_xlnm.Print_Titles"), "{book}");
        assert_eq!(book, expected.1);
    }

    #[test]
    fn a_cell_longer_than_a_row_holds_goes_on_in_the_rows_below() {
        let text: String = (1..=200).map(|i| format!("第{i}句。")).collect();
        // 29 units of room: 14 hanzi a line, 25 lines a row.
        let pieces = split_to_lines(&text, 30.0, MAX_ROW_LINES);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), text, "nothing lost or doubled");
        for p in &pieces {
            assert!(wrapped_lines(p, 30.0) <= MAX_ROW_LINES, "{p}");
        }
        // Each piece but the last is full: one more character would not fit.
        let mut at = 0;
        for p in &pieces[..pieces.len() - 1] {
            at += p.len();
            let next = text[at..].chars().next().unwrap();
            assert!(wrapped_lines(&format!("{p}{next}"), 30.0) > MAX_ROW_LINES);
        }
        assert_eq!(split_to_lines("短", 30.0, MAX_ROW_LINES), ["短"]);
    }

    #[test]
    fn wrapped_lines_count_hanzi_as_two_and_move_latin_words_whole() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        // 9 units of room: four hanzi a line.
        assert_eq!(wrapped_lines("一二三四", 10.0), 1);
        assert_eq!(wrapped_lines("一二三四五", 10.0), 2);
        assert_eq!(wrapped_lines("一\n二", 10.0), 2);
        // "abcdef" does not fit after 一二 (4 + 6 > 9): it moves whole.
        assert_eq!(wrapped_lines("一二abcdef", 10.0), 2);
        // A word wider than the column is broken across lines.
        assert_eq!(wrapped_lines(&"x".repeat(20), 10.0), 3);
    }

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

    #[test]
    fn folding_keeps_lines_within_75_octets() {
        let long = format!("SUMMARY:{}", "增城开发区".repeat(20));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }
}

#[cfg(test)]
mod height_tests {
    use super::*;
    use crate::storage::Target;

    /// A streamed table of `tall` rows of 8 wrapped lines and `short` of one, with at most
    /// `cap` rows given their own height: its sheet's XML and the rows left short.
    fn streamed(tall: usize, short: usize, cap: usize) -> (String, u64) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let header = vec!["办件编号".to_string(), "判断".to_string()];
        let mut w = TableWriter::create(&Target::confirmed(&path), true, "t", &header).unwrap();
        if let TableKind::Xlsx(s) = &mut w.kind {
            s.layout.own_heights_left = cap;
        }
        let long = "长".repeat(8 * 14);
        for i in 0..tall + short {
            // Mixed through the table, in the proportion asked for.
            let text = if i % 10 < tall * 10 / (tall + short) {
                long.clone()
            } else {
                "短".into()
            };
            w.row(&[format!("A-{i}"), text]).unwrap();
        }
        let left_short = w.rows_without_height();
        w.finish().unwrap();
        let mut z = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        io::Read::read_to_string(
            &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        (xml, left_short)
    }

    #[test]
    fn the_commonest_height_is_the_default_and_only_other_rows_get_their_own() {
        let rows = |xml: &str, ht: &str| {
            xml.matches(&format!(" ht=\"{ht}\" customHeight=\"1\">"))
                .count()
        };
        // Mostly tall rows: eight lines (128 points, 128.25 as Excel rounds it) is the
        // default row height, and the short rows are one line (15.75) each.
        let (xml, short) = streamed(700, 300, usize::MAX);
        assert!(xml.contains("defaultRowHeight=\"128.25\""), "{xml:.600}");
        assert_eq!((rows(&xml, "128.25"), rows(&xml, "15.75")), (700, 300));
        assert_eq!(short, 0);
        // Mostly short rows: the default stays one line, the tall rows have their height.
        let (xml, short) = streamed(300, 700, usize::MAX);
        assert!(!xml.contains("defaultRowHeight=\"128"), "{xml:.600}");
        assert_eq!(rows(&xml, "128.25"), 300);
        assert_eq!(short, 0);
    }

    #[test]
    fn past_the_cap_rows_keep_the_default_and_are_counted() {
        // The header (two lines) is the first of the 120 rows given a height of their own.
        let (xml, short) = streamed(300, 700, 120);
        assert_eq!(xml.matches("ht=\"128.25\" customHeight=\"1\"").count(), 119);
        assert_eq!(short, 181);
    }
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
