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
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| {
        StoreError::io(path, StoreOp::Write, &io::Error::other(e.to_string()))
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(err)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0).map_err(err)?;
    ws.set_header("&L&A&R&D");
    ws.set_footer("&C&P / &N");
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = wrap.clone().set_num_format("yyyy-mm-dd");
    for (c, h) in table.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(err)?;
        let widest = std::iter::once(h)
            .chain(table.rows.iter().filter_map(|r| r.get(c)))
            .map(|s| display_width(s))
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (widest as f64 + 2.0).clamp(6.0, 50.0))
            .map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if let Some(n) = as_number(cell) {
                ws.write_number_with_format(r, c, n, &wrap).map_err(err)?;
            } else if let Some(d) = as_date(cell) {
                use chrono::Datelike;
                let d = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .map_err(err)?;
                ws.write_datetime_with_format(r, c, &d, &date)
                    .map_err(err)?;
            } else {
                ws.write_string_with_format(r, c, cell, &wrap)
                    .map_err(err)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let bytes = wb.save_to_buffer().map_err(err)?;
    write_output(target, &bytes)
}

/// A table written row by row as it is made, so memory does not grow with the rows: an
/// .xlsx through rust_xlsxwriter's constant-memory worksheet (rows go to a temporary file as
/// they are written), a .csv straight to the file. Nothing replaces `path` until
/// [`TableWriter::finish`]; dropped before, it leaves `path` as it was.
pub struct TableWriter {
    out: crate::storage::Pending,
    kind: TableKind,
    row: u32,
}

enum TableKind {
    Csv(io::BufWriter<std::fs::File>),
    Xlsx(Box<rust_xlsxwriter::Workbook>),
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
            use rust_xlsxwriter::{Format, Workbook};
            let err = xlsx_error(path);
            let mut wb = Workbook::new();
            let ws = wb.add_worksheet_with_constant_memory().map_err(&err)?;
            ws.set_name(sheet).map_err(&err)?;
            let bold = Format::new().set_bold();
            for (c, h) in header.iter().enumerate() {
                let c = c as u16;
                ws.set_column_width(c, (h.chars().count() as f64 * 1.8).clamp(8.0, 40.0))
                    .map_err(&err)?;
                ws.write_string_with_format(0, c, h, &bold).map_err(&err)?;
            }
            ws.set_freeze_panes(1, 0).map_err(&err)?;
            TableKind::Xlsx(Box::new(wb))
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
        Ok(TableWriter { out, kind, row: 0 })
    }

    /// Appends a row.
    pub fn row(&mut self, cells: &[String]) -> Result<(), StoreError> {
        self.row += 1;
        let path = self.out.path().to_path_buf();
        match &mut self.kind {
            TableKind::Csv(w) => {
                let line = cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>();
                io::Write::write_all(w, format!("{}\r\n", line.join(",")).as_bytes())
                    .map_err(|e| StoreError::io(&path, StoreOp::Write, &e))
            }
            TableKind::Xlsx(wb) => {
                let err = xlsx_error(&path);
                let ws = wb.worksheet_from_index(0).map_err(&err)?;
                for (c, cell) in cells.iter().enumerate() {
                    if !cell.is_empty() {
                        ws.write_string(self.row, c as u16, cell).map_err(&err)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Writes what is left and puts the file in place.
    pub fn finish(mut self) -> Result<(), StoreError> {
        let path = self.out.path().to_path_buf();
        match self.kind {
            TableKind::Csv(mut w) => {
                io::Write::flush(&mut w).map_err(|e| StoreError::io(&path, StoreOp::Write, &e))?
            }
            TableKind::Xlsx(mut wb) => wb
                .save_to_writer(self.out.file())
                .map_err(xlsx_error(&path))?,
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
