//! A .csv register, read from an opened file: UTF-8 or GB18030/GBK (decided by a detector
//! when the file is not plain UTF-8), quoted as Excel and WPS write it, within Excel's limits
//! checked as the bytes come.

use std::collections::BTreeMap;

use crate::error::{FileError, FileKind, Problem};
use crate::register::cells::Cell;
use crate::register::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_CHARS, MAX_ROWS, RowBuf};
use crate::register::problem::{CellRef, RegisterProblem};
use crate::register::row::Kinds;
use crate::register::rows::{Head, ReadRow, Rows, StreamError, Summary};

/// A .csv read byte by byte, as Excel and the csv crate read it (our own scanner, not csv-core:
/// measured on 1,000,000 generated rows, 58 MB, release build, medians of 3, csv-core's bare
/// scan takes 0.09 s and this one 0.26 s with every check below done as the bytes come; the
/// checks csv-core lacks — the line a NUL or an unclosed quote is on, each blank line still a
/// row of the sheet, Excel's limits before a field is buffered whole — would take back most
/// of the difference, a sixth of the 1.8 s `route` spends on the file): a field that starts with a
/// quote runs to the closing quote (`""` is a quote inside), rows end at `\n`, `\r\n` or a
/// lone `\r` outside quotes. The structural bytes (`"`, `,`, `\r`, `\n`) never occur inside a
/// GB18030 character, so the same scan serves both encodings. Memory is one row, within
/// Excel's limits, which are checked as the bytes come.
pub(crate) struct CsvScan<'a> {
    file: &'a str,
    sheet: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote seen inside a quoted field: the closing one, or the first of `""`.
    Pending,
}

/// Where a .csv scan hands its chunks (and whether it is the last) and its rows.
pub(crate) type OnBytes<'a> = &'a mut dyn FnMut(&[u8], bool) -> Result<(), FileError>;
pub(crate) type OnCsvRow<'a> = &'a mut dyn FnMut(u32, &CsvRow) -> Result<(), FileError>;

/// One .csv row's fields as bytes: all of them in one buffer, kept from row to row.
pub(crate) struct CsvRow {
    bytes: Vec<u8>,
    /// Where each field starts in `bytes`; there is always one.
    starts: Vec<usize>,
}

impl CsvRow {
    /// A row with its one (empty) field.
    pub(crate) fn new() -> CsvRow {
        CsvRow {
            bytes: Vec::new(),
            starts: vec![0],
        }
    }

    pub(crate) fn fields(&self) -> impl Iterator<Item = &[u8]> {
        let ends = self.starts[1..].iter().copied().chain([self.bytes.len()]);
        self.starts
            .iter()
            .zip(ends)
            .map(|(&a, b)| &self.bytes[a..b])
    }

    /// How many fields the row has so far (the one being read among them).
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The bytes of the field being read.
    pub(crate) fn last_len(&self) -> usize {
        self.bytes.len() - self.starts.last().copied().unwrap_or(0)
    }

    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.starts.truncate(1);
    }
}

impl CsvScan<'_> {
    pub(crate) fn cell(&self, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: self.sheet.to_string(),
            row,
            col,
        }
    }

    pub(crate) fn whole(&self, p: Problem) -> FileError {
        FileError::whole(self.file, FileKind::Applications, p)
    }

    pub(crate) fn at_line(&self, line: usize, p: Problem) -> FileError {
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
    pub(crate) fn run(
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
                    return Err(self.at_line(line, Problem::Register(RegisterProblem::NulByte)));
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
                            return Err(self.whole(Problem::Register(
                                RegisterProblem::BeyondLastColumn(
                                    self.cell(row, fields.len() as u32),
                                ),
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
                    return Err(self.whole(Problem::Register(RegisterProblem::BeyondLastRow(
                        self.cell(row, 0),
                    ))));
                }
                let col = fields.len() as u32 - 1;
                let field_len = fields.last_len();
                if field_len > 4 * MAX_CELL_CHARS {
                    return Err(self.whole(Problem::Register(RegisterProblem::CellTooLong {
                        at: self.cell(row, col),
                        chars: field_len,
                        limit: MAX_CELL_CHARS,
                    })));
                }
                if row_bytes > 4 * MAX_ROW_CHARS {
                    return Err(self.whole(Problem::Register(RegisterProblem::RowTooLong {
                        sheet: self.sheet.to_string(),
                        row,
                        limit: MAX_ROW_CHARS,
                    })));
                }
            }
            if n == 0 {
                break;
            }
        }
        if q == Quote::Quoted {
            return Err(self.at_line(opened_on, Problem::Register(RegisterProblem::UnclosedQuote)));
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
pub(crate) fn plain_utf8(mut r: impl std::io::Read, file: &str) -> Result<bool, FileError> {
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

/// A .csv register from an opened file: plain UTF-8 (most are) is read once to be sure and
/// once for its rows; anything else is surveyed first for its encoding. The file is read from
/// its start each time.
pub(crate) fn read_csv<R: std::io::Read + std::io::Seek, E>(
    mut r: R,
    file: &str,
    sheet: &str,
    kinds: Kinds<'_>,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    let rewind = |r: &mut R| {
        r.rewind()
            .map_err(|e| FileError::unreadable(file, FileKind::Applications, &e))
    };
    let survey = if plain_utf8(&mut r, file)? {
        CsvSurvey { gb18030: false }
    } else {
        rewind(&mut r)?;
        survey_csv(&mut r, file, sheet)?
    };
    rewind(&mut r)?;
    stream_csv(r, survey, file, sheet, kinds, on_head, on_row)
}

pub(crate) fn stream_csv<E>(
    r: impl std::io::Read,
    survey: CsvSurvey,
    file: &str,
    sheet: &str,
    kinds: Kinds<'_>,
    on_head: &mut dyn FnMut(&Head) -> Result<(), E>,
    on_row: &mut dyn FnMut(ReadRow) -> Result<(), E>,
) -> Result<Summary, StreamError<E>> {
    let scan = CsvScan { file, sheet };
    let mut rows = Rows::new(
        file,
        sheet.to_string(),
        BTreeMap::new(),
        kinds,
        on_head,
        on_row,
    );
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
        rows.take(row, buf.cells)
    });
    rows.end(read)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                matches!(&past, Err(e) if matches!(&e.problem, Problem::Register(RegisterProblem::BeyondLastRow(c)) if c.row == MAX_ROWS + 1)),
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
}
