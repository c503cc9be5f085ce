//! An .xlsx register, read from an opened file: what the file is checked first (its first
//! bytes, the zip's directory and sizes, the shared strings counted), then the register sheet
//! and the 交接日期 sheet cell by cell through calamine.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{FileError, FileKind, Problem};
use crate::register::cells::{Cell, number_text, parse_date_text};
use crate::register::columns::{HANDOVER_SHEET, REGISTER_SHEET, normalise_heading};
use crate::register::handover::HandoverRows;
use crate::register::limits::{
    MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_RATIO,
    RowBuf, ZIP_RATIO_FROM,
};
use crate::register::problem::{CellRef, RegisterProblem};
use crate::register::row::Kinds;
use crate::register::rows::{Head, ReadRow, Rows, StreamError, Summary};
use delegation_law::error::DataProblem;

/// A number cell as read: a date cell's serial within 1900-01-01…9999-12-31 becomes its
/// date, anything else (NaN, infinities, −5, 9,999,999) a bad date.
/// The serial of 9999-12-31 in the 1900 date system (2,958,465), and a day's fraction more.
const LAST_SERIAL: f64 = 2_958_466.0;

pub(crate) fn xlsx_date(dt: &calamine::ExcelDateTime) -> Cell {
    let serial = dt.as_f64();
    if !dt.is_datetime() {
        return Cell::Number(serial);
    }
    // calamine turns the serial into milliseconds with chrono's panicking constructor: a
    // serial of −1e12 or −INF would panic there. No serial outside 0…2,958,466 is a date
    // of 1900-01-01…9999-12-31 in either date system, so those never reach it.
    if !(serial.is_finite() && (0.0..=LAST_SERIAL).contains(&serial)) {
        return Cell::BadDate(number_text(serial));
    }
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    match dt.as_datetime() {
        Some(t) if (first..=last).contains(&t.date()) => Cell::Date(t.date()),
        _ => Cell::BadDate(number_text(serial)),
    }
}

pub(crate) fn xlsx_cell(d: &calamine::DataRef<'_>) -> Cell {
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
pub(crate) fn sniff(head: &[u8]) -> Option<crate::error::Found> {
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
pub(crate) fn check_zip_directory<R: std::io::Read + std::io::Seek>(
    file: &mut R,
    name: &str,
) -> Result<(), FileError> {
    use std::io::{Read, SeekFrom};
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
            Problem::Register(RegisterProblem::ZipTooManyEntries {
                limit: MAX_ZIP_ENTRIES,
            }),
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
pub(crate) fn check_zip<R: std::io::Read + std::io::Seek>(
    file: &mut R,
    name: &str,
) -> Result<(), FileError> {
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
            .map_err(|e| whole(Problem::Data(DataProblem::WrongKind(e.to_string()))))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let entry_name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > ZIP_RATIO_FROM && size / packed > MAX_ZIP_RATIO {
            return Err(whole(Problem::Register(RegisterProblem::ZipBomb {
                entry: entry_name,
                ratio: size / packed,
                limit: MAX_ZIP_RATIO,
            })));
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(whole(Problem::Register(RegisterProblem::ZipTooLarge {
                limit: MAX_UNPACKED_BYTES,
            })));
        }
        if entry_name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            shared = Some(i);
        }
    }
    if let Some(i) = shared {
        let entry = zip
            .by_index(i)
            .map_err(|e| whole(Problem::Data(DataProblem::WrongKind(e.to_string()))))?;
        let count = count_shared_strings(std::io::BufReader::new(entry))
            .map_err(|e| whole(Problem::Data(DataProblem::WrongKind(e))))?;
        if count > MAX_SHARED_STRINGS {
            return Err(whole(Problem::Register(
                RegisterProblem::TooManySharedStrings {
                    count,
                    limit: MAX_SHARED_STRINGS,
                },
            )));
        }
    }
    Ok(())
}

/// The shared strings of `xl/sharedStrings.xml`: the larger of the count it declares (calamine
/// reserves that many) and the `<si>` it holds; counting stops past the cap.
pub(crate) fn count_shared_strings(r: impl std::io::BufRead) -> Result<u64, String> {
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
pub(crate) fn choose_sheet(sheets: &[calamine::Sheet]) -> Option<String> {
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

/// Every cell of a worksheet, row by row, to `feed`.
pub(crate) fn xlsx_rows<R: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<R>,
    sheet: &str,
    file: &str,
    feed: &mut dyn FnMut(u32, Vec<Cell>) -> Result<(), FileError>,
) -> Result<(), FileError> {
    let kind = FileKind::Applications;
    let wrong = |e: calamine::XlsxError| {
        FileError::whole(
            file,
            kind,
            Problem::Data(DataProblem::WrongKind(e.to_string())),
        )
    };
    let mut cells = wb.worksheet_cells_reader(sheet).map_err(wrong)?;
    // The sheet's `<dimension>` is a claim: a range past Excel's limits is refused at once
    // (Excel never writes one), instead of after reading every row before the limit.
    // Nothing is allocated from it; the cells are still checked one by one.
    let (last_row, last_col) = cells.dimensions().end;
    if last_row >= MAX_ROWS || last_col >= MAX_COLUMNS {
        return Err(FileError::whole(
            file,
            kind,
            Problem::Register(RegisterProblem::DimensionBeyond(CellRef {
                sheet: sheet.to_string(),
                row: last_row.saturating_add(1),
                col: last_col,
            })),
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
                    Problem::Register(RegisterProblem::RowOutOfOrder(CellRef {
                        sheet: sheet.to_string(),
                        row,
                        col,
                    })),
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

pub(crate) fn stream_xlsx<R: std::io::Read + std::io::Seek, E>(
    mut f: R,
    file: &str,
    today: NaiveDate,
    kinds: Kinds<'_>,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    use calamine::Reader;
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
    let mut wb = calamine::Xlsx::new(std::io::BufReader::new(f)).map_err(|e| {
        FileError::whole(
            file,
            kind,
            Problem::Data(DataProblem::WrongKind(e.to_string())),
        )
    })?;
    let Some(sheet) = choose_sheet(wb.sheets_metadata()) else {
        return Err(FileError::whole(file, kind, Problem::Data(DataProblem::Empty)).into());
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
    let mut rows = Rows::new(file, sheet.clone(), handover, kinds, on_head, on_row);
    let read = xlsx_rows(&mut wb, &sheet, file, &mut |row, cells| {
        rows.take(row, cells)
    });
    rows.end(read)
}

#[cfg(test)]
mod tests {
    use super::*;

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
