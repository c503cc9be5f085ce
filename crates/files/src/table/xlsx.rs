//! Every .xlsx table of ours, laid out to print by one [`PrintedSheet`]: whole
//! ([`write_xlsx`]) or streamed row by row ([`TableWriter`], which also writes .csv).

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::{PathError, PathOp};
use crate::io::{Target, write_output};
use crate::table::{Table, check_width, csv_field};

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
pub fn write_xlsx(path: &Path, sheet: &str, table: &Table) -> Result<(), PathError> {
    write_xlsx_to(&Target::confirmed(path), sheet, table)
}

/// [`write_xlsx`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_xlsx_to(target: &Target, sheet: &str, table: &Table) -> Result<(), PathError> {
    let path = target.path.as_path();
    check_width(path, crate::table::table_width(table))?;
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
    out: crate::io::Pending,
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
    /// like any output (see [`crate::io::Target`]); `sheet` names the
    /// .xlsx's sheet.
    pub fn create(
        target: &crate::io::Target,
        xlsx: bool,
        sheet: &str,
        header: &[String],
    ) -> Result<TableWriter, PathError> {
        let path = target.path.as_path();
        check_width(path, header.len())?;
        let mut out = crate::io::Pending::new(target)?;
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
                .map_err(|e| PathError::io(path, PathOp::Write, &e))?;
            let mut w = io::BufWriter::new(file);
            let line = header.iter().map(|c| csv_field(c)).collect::<Vec<_>>();
            io::Write::write_all(&mut w, format!("\u{feff}{}\r\n", line.join(",")).as_bytes())
                .map_err(|e| PathError::io(path, PathOp::Write, &e))?;
            TableKind::Csv(w)
        };
        Ok(TableWriter { out, kind })
    }

    /// Appends a row.
    pub fn row(&mut self, cells: &[String]) -> Result<(), PathError> {
        let path = self.out.path().to_path_buf();
        check_width(&path, cells.len())?;
        match &mut self.kind {
            TableKind::Csv(w) => {
                let line = cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>();
                io::Write::write_all(w, format!("{}\r\n", line.join(",")).as_bytes())
                    .map_err(|e| PathError::io(&path, PathOp::Write, &e))
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
    pub fn finish(mut self) -> Result<(), PathError> {
        let path = self.out.path().to_path_buf();
        match self.kind {
            TableKind::Csv(mut w) => {
                io::Write::flush(&mut w).map_err(|e| PathError::io(&path, PathOp::Write, &e))?
            }
            TableKind::Xlsx(mut s) => {
                let err = xlsx_error(&path);
                if !s.fixed {
                    s.fix().map_err(&err)?;
                }
                // The first failed write (a full disk) is the one reported; the writes after
                // it are swallowed, so the zip writer's own finishing, when it is dropped,
                // has nothing to print on stderr ("ZipWriter::drop: failed to finalize").
                let mut sticky = Sticky {
                    inner: self.out.file(),
                    failed: None,
                };
                let saved = s.wb.save_to_writer(&mut sticky);
                if let Some(e) = sticky.failed.take() {
                    return Err(PathError::io(&path, PathOp::Write, &e));
                }
                saved.map_err(&err)?
            }
        }
        self.out.commit()
    }
}

/// The writer's error as the clerk is told it: an I/O error as what it is (a full disk says
/// so), anything else in the writer's words.
fn xlsx_error(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> PathError + '_ {
    move |e| match e {
        rust_xlsxwriter::XlsxError::IoError(io) => PathError::io(path, PathOp::Write, &io),
        rust_xlsxwriter::XlsxError::ZipError(zip::result::ZipError::Io(io)) => {
            PathError::io(path, PathOp::Write, &io)
        }
        e => PathError::io(path, PathOp::Write, &io::Error::other(e.to_string())),
    }
}

/// A file that keeps its first write error and, after it, takes every write as done (see
/// [`TableWriter::finish`]).
struct Sticky<'a> {
    inner: &'a mut std::fs::File,
    failed: Option<io::Error>,
}

impl io::Write for Sticky<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Ok(n) => Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let kind = e.kind();
                self.failed = Some(e);
                Err(io::Error::from(kind))
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.inner.flush()
    }
}

impl io::Seek for Sticky<'_> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
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
}
#[cfg(test)]
mod height_tests {
    use super::*;
    use crate::io::Target;

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
