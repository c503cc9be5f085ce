//! Hostile registers (issue 14): each finding as a small workbook or .csv made here, read in
//! bounded memory and refused (or routed) with the cell named. The workbooks are written by
//! hand (the zip crate and XML text) where no well-behaved writer would write them.

use delegation_files::error::RegisterProblem;
use std::io::Write;

use chrono::NaiveDate;
use delegation_files::error::{FileError, Found, Problem};
use delegation_files::register::{self, CellProblemKind, Entry, MAX_ZIP_RATIO, Register};
use proptest::prelude::*;

const HEAD: &str = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>办件编号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>事项序号</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>收件日期</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>是否在开发区内</t></is></c></row>";

fn good_row(r: u32) -> String {
    format!(
        "<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>A-{r}</t></is></c><c r=\"B{r}\"><v>1</v></c><c r=\"C{r}\" t=\"inlineStr\"><is><t>2024-07-01</t></is></c><c r=\"D{r}\" t=\"inlineStr\"><is><t>是</t></is></c></row>"
    )
}

/// A sheet: its name, its state (visible, hidden), and what is inside `<sheetData>`.
struct Sheet<'a> {
    name: &'a str,
    state: &'a str,
    /// The `<dimension ref=…>` the sheet claims, if any.
    dimension: Option<&'a str>,
    data: String,
}

fn sheet<'a>(name: &'a str, data: String) -> Sheet<'a> {
    Sheet {
        name,
        state: "visible",
        dimension: None,
        data,
    }
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// A workbook of `sheets`, with `shared` as its sharedStrings.xml when given.
fn book(sheets: &[Sheet], shared: Option<&[u8]>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    };
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    let mut list = String::new();
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        list.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" state="{}" r:id="rId{n}"/>"#,
            s.name, s.state
        ));
    }
    if shared.is_some() {
        types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    add("[Content_Types].xml", types.as_bytes());
    add("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#);
    add(
        "xl/workbook.xml",
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#).as_bytes(),
    );
    add("xl/_rels/workbook.xml.rels", rels.as_bytes());
    add("xl/styles.xml", STYLES.as_bytes());
    if let Some(s) = shared {
        add("xl/sharedStrings.xml", s);
    }
    for (i, s) in sheets.iter().enumerate() {
        add(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}<sheetData>{}</sheetData></worksheet>"#, s.dimension.map(|d| format!("<dimension ref=\"{d}\"/>")).unwrap_or_default(), s.data).as_bytes(),
        );
    }
    zip.finish().unwrap().into_inner()
}

fn one(data: String) -> Vec<u8> {
    book(&[sheet("Sheet1", data)], None)
}

fn read(bytes: &[u8]) -> Result<Register, FileError> {
    register::parse_xlsx(bytes, "h.xlsx", TODAY())
}

fn refusal(bytes: &[u8]) -> Problem {
    match read(bytes) {
        Ok(r) => panic!("read, not refused: {r:?}"),
        Err(e) => e.problem,
    }
}

fn a1(p: &Problem) -> String {
    match p {
        Problem::Register(RegisterProblem::BeyondLastRow(at))
        | Problem::Register(RegisterProblem::BeyondLastColumn(at)) => at.a1(),
        Problem::Register(RegisterProblem::CellTooLong { at, .. }) => at.a1(),
        other => panic!("no cell: {other:?}"),
    }
}

fn bad_kinds(r: &Register) -> Vec<CellProblemKind> {
    r.rows
        .iter()
        .filter_map(|row| match &row.entry {
            Entry::Bad(b) => Some(b.problems.iter().map(|p| p.kind.clone())),
            Entry::App(_) => None,
        })
        .flatten()
        .collect()
}

#[test]
fn the_handmade_workbook_reads() {
    let r = read(&one(format!("{HEAD}{}", good_row(2)))).unwrap();
    assert_eq!(r.batch.applications.len(), 1);
    assert_eq!(r.sheet.as_deref(), Some("Sheet1"));
}

// Finding 1: a cell far away allocates nothing.
#[test]
fn a_cell_at_xfd1048576_is_one_cell_not_a_grid() {
    let far = "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let r = read(&one(format!("{HEAD}{}{far}", good_row(2)))).unwrap();
    assert_eq!(r.batch.applications.len(), 1);
    // A row with nothing in the register's columns is a note beside the table: kept, and
    // named at its one cell (issue 30, finding 10).
    assert_eq!(r.rows.len(), 2);
    let Entry::Bad(b) = &r.rows[1].entry else {
        panic!("{:?}", r.rows[1].entry)
    };
    assert_eq!(b.problems[0].at.a1(), "Sheet1!XFD1048576");
    let far = good_row(3).replace(
        "</row>",
        "<c r=\"XFD3\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
    );
    let r = read(&one(format!("{HEAD}{}{far}", good_row(2)))).unwrap();
    assert_eq!(r.batch.applications.len(), 2);
    // The far cell's column is kept in the header, named by its letters.
    assert_eq!(r.header.len(), 16_384);
    assert_eq!(r.header.last().map(String::as_str), Some("XFD"));
}

#[test]
fn a_cell_past_the_last_row_is_refused_by_name() {
    for (row, name) in [
        (4_294_967_295u64, "Sheet1!A4294967295"),
        (1_048_577, "Sheet1!A1048577"),
    ] {
        let far =
            format!("<row r=\"{row}\"><c r=\"A{row}\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
        let p = refusal(&one(format!("{HEAD}{}{far}", good_row(2))));
        assert!(
            matches!(p, Problem::Register(RegisterProblem::BeyondLastRow(_))),
            "{p:?}"
        );
        assert_eq!(a1(&p), name);
    }
}

// A 5,000,000-row sheet says so in its `<dimension>`: refused at once, naming the claim,
// instead of after reading the million rows before the limit. A claim at the very limit reads.
#[test]
fn a_dimension_past_excels_limits_is_refused_before_the_rows() {
    let rows = format!("{HEAD}{}", good_row(2));
    let claim = |d: &'static str| {
        book(
            &[Sheet {
                dimension: Some(d),
                ..sheet("Sheet1", rows.clone())
            }],
            None,
        )
    };
    for (d, at) in [
        ("A1:D5000001", "Sheet1!D5000001"),
        ("A1:XFE2", "Sheet1!XFE2"),
        ("A5000001", "Sheet1!A5000001"),
    ] {
        match refusal(&claim(d)) {
            Problem::Register(RegisterProblem::DimensionBeyond(c)) => assert_eq!(c.a1(), at, "{d}"),
            p => panic!("{d}: {p:?}"),
        }
    }
    for d in ["A1:XFD1048576", "A1:D2", "A1"] {
        let r = read(&claim(d)).unwrap_or_else(|e| panic!("{d}: {e:?}"));
        assert_eq!(r.batch.applications.len(), 1, "{d}");
    }
    // Without a dimension, the first cell past the limit is refused (above).
}

// Finding 2.
#[test]
fn a_cell_past_the_last_column_is_refused_by_name() {
    let far = "<row r=\"3\"><c r=\"ZZZZZ3\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let p = refusal(&one(format!("{HEAD}{}{far}", good_row(2))));
    assert!(
        matches!(p, Problem::Register(RegisterProblem::BeyondLastColumn(_))),
        "{p:?}"
    );
    assert_eq!(a1(&p), "Sheet1!ZZZZZ3");
}

#[test]
fn a_csv_header_of_a_million_commas_is_refused_at_the_column_past_xfd() {
    let mut text = String::from("办件编号,事项序号,收件日期,是否在开发区内");
    text.push_str(&",".repeat(1_000_000));
    text.push_str("\r\nA,1,2024-07-01,是\r\n");
    let e = register::parse_csv(text.as_bytes(), "w.csv", "w.csv").unwrap_err();
    assert!(
        matches!(
            e.problem,
            Problem::Register(RegisterProblem::BeyondLastColumn(_))
        ),
        "{e:?}"
    );
    assert_eq!(a1(&e.problem), "w.csv!XFE1");
}

#[test]
fn a_zip_bomb_is_refused_with_its_ratio() {
    let spaces = " ".repeat(64 << 20);
    let p = refusal(&one(format!("{HEAD}{spaces}{}", good_row(2))));
    let Problem::Register(RegisterProblem::ZipBomb {
        entry,
        ratio,
        limit,
    }) = p
    else {
        panic!("{p:?}");
    };
    assert_eq!(entry, "xl/worksheets/sheet1.xml");
    assert!(ratio > MAX_ZIP_RATIO, "{ratio}");
    assert_eq!(limit, MAX_ZIP_RATIO);
}

#[test]
fn shared_strings_past_the_bound_are_refused_before_they_are_loaded() {
    // Declared: calamine would reserve room for them all.
    let declared = br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="50000000"><si><t>a</t></si></sst>"#;
    let p = refusal(&book(
        &[sheet("Sheet1", format!("{HEAD}{}", good_row(2)))],
        Some(declared),
    ));
    assert!(
        matches!(
            p,
            Problem::Register(RegisterProblem::TooManySharedStrings {
                count: 50_000_000,
                ..
            })
        ),
        "{p:?}"
    );
    // Held: 2.2 million short strings (a 1 MiB ratio-safe entry is impossible, so they are
    // varied enough to pack at less than the ratio).
    let mut held = String::from(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    for i in 0..2_200_000u32 {
        held.push_str(&format!(
            "<si><t>{:x}</t></si>",
            i.wrapping_mul(2_654_435_761)
        ));
    }
    held.push_str("</sst>");
    let p = refusal(&book(
        &[sheet("Sheet1", format!("{HEAD}{}", good_row(2)))],
        Some(held.as_bytes()),
    ));
    assert!(
        matches!(
            p,
            Problem::Register(RegisterProblem::TooManySharedStrings { .. })
                | Problem::Register(RegisterProblem::ZipBomb { .. })
        ),
        "{p:?}"
    );
}

#[test]
fn a_cell_longer_than_excel_allows_is_named() {
    let long = "x".repeat(40_000);
    let row = format!(
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>{long}</t></is></c><c r=\"B2\"><v>1</v></c></row>"
    );
    let p = refusal(&one(format!("{HEAD}{row}")));
    assert!(
        matches!(
            p,
            Problem::Register(RegisterProblem::CellTooLong { chars: 40_000, .. })
        ),
        "{p:?}"
    );
    assert_eq!(a1(&p), "Sheet1!A2");
    let csv = format!(
        "办件编号,事项序号,收件日期,是否在开发区内\n\"{}\",1,2024-07-01,是\n",
        "一".repeat(40_000)
    );
    let e = register::parse_csv(csv.as_bytes(), "l.csv", "l.csv").unwrap_err();
    assert!(
        matches!(
            e.problem,
            Problem::Register(RegisterProblem::CellTooLong { .. })
        ),
        "{e:?}"
    );
    assert_eq!(a1(&e.problem), "l.csv!A2");
}

// Finding 3: the 交接日期 sheet as strict as the RON file.
fn with_handover(rows: &str) -> Vec<u8> {
    let h = format!(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>事项序号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>交接日期</t></is></c></row>{rows}"
    );
    book(
        &[
            sheet("Sheet1", format!("{HEAD}{}", good_row(2))),
            sheet("交接日期", h),
        ],
        None,
    )
}

fn handover_row(r: u32, item: &str, date: &str) -> String {
    format!(
        "<row r=\"{r}\"><c r=\"A{r}\"><v>{item}</v></c><c r=\"B{r}\" t=\"inlineStr\"><is><t>{date}</t></is></c></row>"
    )
}

fn bad_cell(p: &Problem) -> (String, CellProblemKind) {
    match p {
        Problem::Register(RegisterProblem::BadCell(c)) => (c.at.a1(), c.kind.clone()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn handover_items_outside_the_notice_are_refused() {
    for item in ["0", "13", "255"] {
        let p = refusal(&with_handover(&handover_row(2, item, "2024-06-01")));
        let (at, kind) = bad_cell(&p);
        assert_eq!(at, "交接日期!A2");
        assert!(
            matches!(kind, CellProblemKind::ItemOutOfRange { max: 12, .. }),
            "{kind:?}"
        );
    }
}

#[test]
fn a_handover_item_given_twice_is_refused_at_the_second() {
    let rows = format!(
        "{}{}",
        handover_row(2, "2", "2024-06-01"),
        handover_row(3, "2", "2024-06-20")
    );
    let p = refusal(&with_handover(&rows));
    let Problem::Register(RegisterProblem::HandoverItemTwice { at, item: 2 }) = p else {
        panic!("{p:?}");
    };
    assert_eq!(at.a1(), "交接日期!A3");
}

#[test]
fn two_handover_date_columns_are_refused() {
    let h = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>事项序号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>交接日期</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>交接日期</t></is></c></row>";
    let bytes = book(
        &[
            sheet("Sheet1", format!("{HEAD}{}", good_row(2))),
            sheet("交接日期", h.to_string()),
        ],
        None,
    );
    let p = refusal(&bytes);
    let Problem::Register(RegisterProblem::DuplicateHandoverColumn { at, .. }) = p else {
        panic!("{p:?}");
    };
    assert_eq!(at.a1(), "交接日期!C1");
}

#[test]
fn handover_dates_before_the_notice_or_past_a_year_are_refused() {
    let p = refusal(&with_handover(&handover_row(2, "2", "1900-01-01")));
    let (at, kind) = bad_cell(&p);
    assert_eq!(at, "交接日期!B2");
    assert!(
        matches!(kind, CellProblemKind::DateBefore { .. }),
        "{kind:?}"
    );
    let p = refusal(&with_handover(&handover_row(2, "2", "2999-01-01")));
    assert!(matches!(bad_cell(&p).1, CellProblemKind::DateAfter { .. }));
    let r = read(&with_handover(&handover_row(2, "2", "2024-04-29"))).unwrap();
    assert_eq!(r.batch.handover.len(), 1);
}

// Issue 30, finding 1: a date serial of −1e12 on the 交接日期 sheet panicked too.
#[test]
fn impossible_serials_on_the_handover_sheet_are_refused_naming_the_cell() {
    for serial in ["-1e12", "-INF", "1e300"] {
        let row = format!(
            "<row r=\"2\"><c r=\"A2\"><v>2</v></c><c r=\"B2\" s=\"1\"><v>{serial}</v></c></row>"
        );
        let p = refusal(&with_handover(&row));
        let (at, _) = bad_cell(&p);
        assert_eq!(at, "交接日期!B2", "{serial}");
    }
}

#[test]
fn the_handover_option_is_checked_the_same_way() {
    let today = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(register::check_handover(13, d("2024-06-01"), today).is_err());
    assert!(register::check_handover(0, d("2024-06-01"), today).is_err());
    assert!(register::check_handover(2, d("2024-04-28"), today).is_err());
    assert!(register::check_handover(2, d("2026-01-02"), today).is_err());
    assert!(register::check_handover(2, d("2026-01-01"), today).is_ok());
    assert!(register::check_handover(12, d("2024-04-29"), today).is_ok());
}

// Finding 4.
const TREES_HEAD: &str =
    "办件编号,事项序号,收件日期,是否在开发区内,树木所在地点,株数,最大胸径（厘米）,古树名木情况\n";

#[test]
fn more_than_two_decimals_are_refused_in_either_format() {
    let csv = format!(
        "{TREES_HEAD}T-1,12,2024-07-01,是,其他,20,39.999,普通\nT-2,12,2024-07-01,是,其他,20,39.99,普通\n"
    );
    let r = register::parse_csv(csv.as_bytes(), "t.csv", "t.csv").unwrap();
    assert_eq!(
        bad_kinds(&r),
        vec![CellProblemKind::TooManyDecimals("39.999".into())]
    );
    assert_eq!(r.batch.applications.len(), 1);
    let mut head = String::from("<row r=\"1\">");
    for (i, h) in TREES_HEAD.trim().split(',').enumerate() {
        head.push_str(&format!(
            "<c r=\"{}1\" t=\"inlineStr\"><is><t>{h}</t></is></c>",
            (b'A' + i as u8) as char
        ));
    }
    head.push_str("</row>");
    let s = |c: &str, v: &str| format!("<c r=\"{c}\" t=\"inlineStr\"><is><t>{v}</t></is></c>");
    let row = format!(
        "<row r=\"2\">{}<c r=\"B2\"><v>12</v></c>{}{}{}<c r=\"F2\"><v>20</v></c><c r=\"G2\"><v>39.999</v></c>{}</row>",
        s("A2", "T-1"),
        s("C2", "2024-07-01"),
        s("D2", "是"),
        s("E2", "其他"),
        s("H2", "普通")
    );
    let r = read(&one(format!("{head}{row}"))).unwrap();
    assert_eq!(
        bad_kinds(&r),
        vec![CellProblemKind::TooManyDecimals("39.999".into())]
    );
}

// Finding 5.
#[test]
fn a_hidden_first_sheet_is_passed_over_and_the_template_sheet_preferred() {
    let hidden = Sheet {
        name: "旧表",
        state: "hidden",
        dimension: None,
        data: format!("{HEAD}{}{}", good_row(2), good_row(3)),
    };
    let r = read(&book(
        &[hidden, sheet("Sheet2", format!("{HEAD}{}", good_row(2)))],
        None,
    ))
    .unwrap();
    assert_eq!(r.sheet.as_deref(), Some("Sheet2"));
    assert_eq!(r.batch.applications.len(), 1);
    let r = read(&book(
        &[
            sheet("说明", format!("{HEAD}{}", good_row(2))),
            sheet("办件登记", format!("{HEAD}{}{}", good_row(2), good_row(3))),
        ],
        None,
    ))
    .unwrap();
    assert_eq!(r.sheet.as_deref(), Some("办件登记"));
    assert_eq!(r.batch.applications.len(), 2);
}

// Finding 6.
#[test]
fn big5_shift_jis_and_utf16_are_refused_and_gbk_read() {
    let text = "办件编号,事项序号,收件日期,是否在开发区内\r\n港-一,1,2024-07-01,是\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    assert!(register::parse_csv(&gbk, "g.csv", "g.csv").is_ok());
    let big5_text = "辦件編號,事項序號,收件日期,是否在開發區內\r\n港-一,1,2024-07-01,是\r\n";
    let sjis_text = "辦件編號,事項序號,収件日期,是否\r\n東京-一,1,2024-07-01,是\r\n";
    for (enc, t) in [
        (encoding_rs::BIG5, big5_text),
        (encoding_rs::SHIFT_JIS, sjis_text),
    ] {
        let (bytes, _, _) = enc.encode(t);
        let e = register::parse_csv(&bytes, "b.csv", "b.csv").unwrap_err();
        assert!(
            matches!(
                e.problem,
                Problem::OtherEncoding(_) | Problem::UnknownEncoding
            ),
            "{}: {e:?}",
            enc.name()
        );
    }
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let e = register::parse_csv(&utf16, "u.csv", "u.csv").unwrap_err();
    assert_eq!(e.problem, Problem::OtherEncoding("UTF-16".into()));
}

// Finding 7.
#[test]
fn an_unclosed_quote_is_refused_naming_the_line_it_opened_on() {
    let text = "办件编号,事项序号,收件日期,是否在开发区内\nB-1,1,2024-07-01,是\n\"A-1,1,2024-07-01,是\nB-2,1,2024-07-01,是\nB-3,1,2024-07-01,是\n";
    let e = register::parse_csv(text.as_bytes(), "q.csv", "q.csv").unwrap_err();
    assert_eq!(e.problem, Problem::Register(RegisterProblem::UnclosedQuote));
    assert_eq!(e.line, 3);
}

// Finding 8; and issue 30's finding 1: −1e12 and −INF panicked inside calamine.
#[test]
fn impossible_date_serials_are_refused() {
    for serial in [
        "NaN", "-5", "9999999", "INF", "-INF", "-1e12", "-1e300", "1e12", "1e300", "2958467",
    ] {
        let row = format!(
            "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A</t></is></c><c r=\"B2\"><v>1</v></c><c r=\"C2\" s=\"1\"><v>{serial}</v></c><c r=\"D2\" t=\"inlineStr\"><is><t>是</t></is></c></row>"
        );
        let r = read(&one(format!("{HEAD}{row}"))).unwrap();
        let kinds = bad_kinds(&r);
        assert!(
            matches!(kinds.as_slice(), [CellProblemKind::NotDate(_)]),
            "{serial}: {kinds:?} {r:?}"
        );
    }
    let row = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A</t></is></c><c r=\"B2\"><v>1</v></c><c r=\"C2\" s=\"1\"><v>45474</v></c><c r=\"D2\" t=\"inlineStr\"><is><t>是</t></is></c></row>";
    let r = read(&one(format!("{HEAD}{row}"))).unwrap();
    assert_eq!(
        r.batch.applications[0].received,
        NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
    );
}

// Finding 9.
#[test]
fn files_that_are_not_xlsx_say_what_they_are() {
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend([0u8; 600]);
    assert_eq!(refusal(&xls), Problem::NotXlsx(Found::Xls));
    assert_eq!(
        refusal("办件编号,事项序号\nA,1\n".as_bytes()),
        Problem::NotXlsx(Found::Text)
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", opts).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", opts).unwrap();
    zip.write_all(b"<office:document-content/>").unwrap();
    let ods = zip.finish().unwrap().into_inner();
    assert_eq!(refusal(&ods), Problem::NotXlsx(Found::Ods));
}

#[test]
fn a_formula_without_a_saved_value_says_so() {
    let row = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A</t></is></c><c r=\"B2\"><f>1+1</f></c><c r=\"C2\" t=\"inlineStr\"><is><t>2024-07-01</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>是</t></is></c></row>";
    let r = read(&one(format!("{HEAD}{row}"))).unwrap();
    assert_eq!(bad_kinds(&r), vec![CellProblemKind::FormulaWithoutValue]);
}

#[test]
fn a_nul_byte_is_named_by_its_line() {
    let text =
        "办件编号,事项序号,收件日期,是否在开发区内\nA,1,2024-07-01,是\nB,1\0,2024-07-01,是\n";
    let e = register::parse_csv(text.as_bytes(), "n.csv", "n.csv").unwrap_err();
    assert_eq!(e.problem, Problem::Register(RegisterProblem::NulByte));
    assert_eq!(e.line, 3);
}

#[test]
fn columns_without_a_heading_are_kept_under_their_letters() {
    let text = "办件编号,事项序号,收件日期,是否在开发区内,,备注\nA,1,2024-07-01,是,x,y,z\n";
    let r = register::parse_csv(text.as_bytes(), "c.csv", "c.csv").unwrap();
    assert_eq!(r.header[4], "E");
    assert_eq!(r.header[5], "备注");
    assert_eq!(r.header[6], "G");
    assert_eq!(r.rows[0].cells[6], "z");
}

// The bounded fuzz: generated workbooks and .csv files, read without a panic, every answer a
// register or a refusal.
fn cell_xml() -> impl Strategy<Value = String> {
    let r#ref = prop_oneof![
        Just(String::new()),
        (0u32..20_000, 1u32..1_100_000)
            .prop_map(|(c, r)| format!(" r=\"{}{r}\"", register::column_letters(c))),
    ];
    let value = prop_oneof![
        "[a-z0-9 .-]{0,12}".prop_map(|s| format!(" t=\"inlineStr\"><is><t>{s}</t></is></c>")),
        any::<f64>().prop_map(|f| format!("><v>{f}</v></c>")),
        (-10.0f64..3.0e6).prop_map(|f| format!(" s=\"1\"><v>{f}</v></c>")),
        Just("><f>A1</f></c>".to_string()),
        Just(" t=\"e\"><v>#N/A</v></c>".to_string()),
        Just("/>".to_string()),
    ];
    (r#ref, value).prop_map(|(r, v)| format!("<c{r}{v}"))
}

fn sheet_xml() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop_oneof![
                Just(String::new()),
                (1u32..1_100_000).prop_map(|r| format!(" r=\"{r}\""))
            ],
            prop::collection::vec(cell_xml(), 0..6),
        ),
        0..8,
    )
    .prop_map(|rows| {
        let mut s = String::from(HEAD);
        for (r, cells) in rows {
            s.push_str(&format!("<row{r}>{}</row>", cells.concat()));
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn generated_workbooks_read_or_refuse_without_a_panic(
        data in sheet_xml(),
        hidden in any::<bool>(),
    ) {
        let first = Sheet { name: "A", state: if hidden { "hidden" } else { "visible" }, dimension: None, data: data.clone() };
        let _ = read(&book(&[first, sheet("B", data)], None));
    }

    #[test]
    fn generated_csv_files_read_or_refuse_without_a_panic(
        body in prop::collection::vec(prop_oneof![
            Just(b'"'), Just(b','), Just(b'\n'), Just(b'\r'), Just(b'a'), Just(b'1'), Just(0xB0u8), Just(0xA1u8), Just(0u8),
        ], 0..400),
        cells in "[一-龥a-z0-9,\"\n]{0,80}",
    ) {
        let mut bytes = "办件编号,事项序号,收件日期,是否在开发区内\n".as_bytes().to_vec();
        bytes.extend(cells.as_bytes());
        bytes.extend(&body);
        let (gbk, _, _) = encoding_rs::GBK.encode(&cells);
        for bytes in [bytes, gbk.into_owned()] {
            let whole = register::parse_csv(&bytes, "f.csv", "f.csv");
            // A file is read the same from disk, where a plain UTF-8 file skips the
            // detector's pass: read alike, or refused alike.
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.csv");
            std::fs::write(&path, &bytes).unwrap();
            let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            let streamed = Register::load(&path, today);
            match (&whole, &streamed) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "{:?} against {:?}", whole, streamed),
            }
        }
    }
}

/// The day the tests read registers on: their handover dates may be up to a year after it.
#[allow(non_snake_case)]
fn TODAY() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}
