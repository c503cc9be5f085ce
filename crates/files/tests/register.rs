//! Registers kept in .xlsx and .csv, written here by other libraries (rust_xlsxwriter,
//! encoding_rs) than the reader's, read back by `register`.

use delegation_files::error::RegisterProblem;
use delegation_law::error::DataProblem;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use delegation_files::error::Problem;
use delegation_files::register::{
    self, CellProblemKind, Column, Entry, HANDOVER_SHEET, Register, register_rows,
};
use delegation_law::applications::ApplicationsFile;
use delegation_law::calendar::Calendar;
use delegation_law::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// A cell as a test writes it.
#[derive(Clone)]
enum V {
    T(&'static str),
    S(String),
    N(f64),
    B(bool),
    /// A real Excel date.
    D(u16, u8, u8),
    E,
}
use V::*;

fn put(ws: &mut Worksheet, r: u32, c: u16, v: &V) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    match v {
        T(s) => drop(ws.write_string(r, c, *s).unwrap()),
        S(s) => drop(ws.write_string(r, c, s).unwrap()),
        N(n) => drop(ws.write_number(r, c, *n).unwrap()),
        B(b) => drop(ws.write_boolean(r, c, *b).unwrap()),
        D(y, m, d) => {
            let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
            ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
        }
        E => {}
    }
}

/// An .xlsx of one sheet named `sheet` (and a 交接日期 sheet when `handover` has rows).
fn xlsx(sheet: &str, rows: &[Vec<V>], handover: &[(f64, V)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            put(ws, r as u32, c as u16, v);
        }
    }
    if !handover.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(HANDOVER_SHEET).unwrap();
        ws.write_string(0, 0, "事项序号").unwrap();
        ws.write_string(0, 1, "交接日期").unwrap();
        for (r, (item, date)) in handover.iter().enumerate() {
            ws.write_number(r as u32 + 1, 0, *item).unwrap();
            put(ws, r as u32 + 1, 1, date);
        }
    }
    wb.save_to_buffer().unwrap()
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "the test text is all in GBK");
    bytes.into_owned()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn apps(r: &Register) -> Vec<Application> {
    r.batch.applications.clone()
}

fn app(id: &str, item: u8, received: NaiveDate, in_zone: bool, facts: Facts) -> Application {
    Application {
        id: id.into(),
        item,
        received,
        in_zone,
        facts,
    }
}

/// The header of the spelling test: columns out of order, headings in Chinese with half- and
/// full-width brackets, in English, with spaces; and a column the register does not know.
fn spelling_header() -> Vec<&'static str> {
    vec![
        " 申请人 ",
        "received",
        "办件编号",
        "item",
        "是否在开发区内",
        "电压等级(千伏)",
        "项目类型",
        "cross_district",
        "水源类型",
        " 日取水量（立方米） ",
        "AGRICULTURAL",
        "申请类型",
        "树木所在地点",
        "count",
        "最大胸径 (厘米)",
        "古树名木情况",
    ]
}

/// Rows of (cells after the header, expected application): every choice, every yes/no and
/// every date spelling.
fn spelling_rows() -> Vec<(Vec<V>, Application)> {
    let july = day(2024, 7, 1);
    let water = |source, m3, agri, request| Facts::WaterIntake {
        source,
        m3_per_day: m3,
        agricultural: agri,
        request,
    };
    let trees = |site, count, dbh, heritage| Facts::Trees {
        site,
        count,
        max_dbh_cm: dbh,
        heritage,
    };
    let grid = |project| Facts::Grid { project };
    let pg = |kv, cross| {
        grid(GridProject::PowerGrid {
            kv,
            cross_district: cross,
        })
    };
    //   申请人, received, id, item, in_zone, kv, project, cross, source, m3, agri, request, site, count, dbh, heritage
    vec![
        (
            vec![
                T("某公司"),
                D(2024, 7, 1),
                T("A-1"),
                N(1.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("A-1", 1, july, true, Facts::General),
        ),
        (
            vec![
                E,
                T("2024-07-01"),
                T("A-2"),
                T("2"),
                T("否"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("A-2", 2, july, false, Facts::General),
        ),
        (
            vec![
                E,
                T("2024/7/1"),
                T("A-3"),
                T("３"),
                T("yes"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("A-3", 3, july, true, Facts::General),
        ),
        (
            vec![
                E,
                T("2024.7.1"),
                T("A-4"),
                N(4.0),
                T("NO"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("A-4", 4, july, false, Facts::General),
        ),
        (
            vec![
                E,
                T("2024年7月1日"),
                T("A-5"),
                N(5.0),
                T("true"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("A-5", 5, july, true, Facts::General),
        ),
        (
            vec![
                E,
                T("２０２４年７月２日"),
                T("A-6"),
                N(11.0),
                T("False"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("A-6", 11, day(2024, 7, 2), false, Facts::General),
        ),
        (
            vec![
                E,
                T("2024/7/3 0:00"),
                T("G-1"),
                N(6.0),
                T("Y"),
                N(220.0),
                T("电网工程"),
                T("否"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("G-1", 6, day(2024, 7, 3), true, pg(220, false)),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("G-2"),
                N(7.0),
                T("n"),
                T("1,000"),
                T("PowerGrid"),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("G-2", 7, july, false, pg(1000, true)),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("G-3"),
                N(8.0),
                T("1"),
                E,
                T("天然气分布式能源站"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app(
                "G-3",
                8,
                july,
                true,
                grid(GridProject::GasDistributedEnergyStation),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("G-4"),
                N(9.0),
                T("0"),
                E,
                T("GasDistributedEnergyStation"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app(
                "G-4",
                9,
                july,
                false,
                grid(GridProject::GasDistributedEnergyStation),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("G-5"),
                N(6.0),
                B(true),
                E,
                T("其他"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("G-5", 6, july, true, grid(GridProject::Other)),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("G-6"),
                N(6.0),
                N(1.0),
                E,
                T("other"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("G-6", 6, july, true, grid(GridProject::Other)),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("G-7"),
                N(6.0),
                T("是"),
                T("１１０"),
                T("电网工程"),
                B(false),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                E,
            ],
            app("G-7", 6, july, true, pg(110, false)),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("W-1"),
                N(10.0),
                T("是"),
                E,
                E,
                E,
                T("地表水"),
                N(80000.0),
                T("否"),
                T("新增"),
                E,
                E,
                E,
                E,
            ],
            app(
                "W-1",
                10,
                july,
                true,
                water(WaterSource::Surface, 80000, false, WaterRequest::New),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("W-2"),
                N(10.0),
                T("是"),
                E,
                E,
                E,
                T("地下水"),
                T("50,000"),
                T("是"),
                T("变更"),
                E,
                E,
                E,
                E,
            ],
            app(
                "W-2",
                10,
                july,
                true,
                water(WaterSource::Ground, 50000, true, WaterRequest::Change),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("W-3"),
                N(10.0),
                T("是"),
                E,
                E,
                E,
                T("Surface"),
                T("５００００"),
                B(true),
                T("延续"),
                E,
                E,
                E,
                E,
            ],
            app(
                "W-3",
                10,
                july,
                true,
                water(WaterSource::Surface, 50000, true, WaterRequest::Renewal),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("W-4"),
                N(10.0),
                T("是"),
                E,
                E,
                E,
                T("ground"),
                T("１５０，０００"),
                N(0.0),
                T("New"),
                E,
                E,
                E,
                E,
            ],
            app(
                "W-4",
                10,
                july,
                true,
                water(WaterSource::Ground, 150000, false, WaterRequest::New),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("W-5"),
                N(10.0),
                T("是"),
                E,
                E,
                E,
                T("地表水"),
                T("149999"),
                T("N"),
                T("Change"),
                E,
                E,
                E,
                E,
            ],
            app(
                "W-5",
                10,
                july,
                true,
                water(WaterSource::Surface, 149999, false, WaterRequest::Change),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("W-6"),
                N(10.0),
                T("是"),
                E,
                E,
                E,
                T("地表水"),
                N(60000.0),
                T("否"),
                T("Renewal"),
                E,
                E,
                E,
                E,
            ],
            app(
                "W-6",
                10,
                july,
                true,
                water(WaterSource::Surface, 60000, false, WaterRequest::Renewal),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-1"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("市管绿地"),
                N(25.0),
                N(30.5),
                T("普通"),
            ],
            app(
                "T-1",
                12,
                july,
                true,
                trees(TreeSite::CityManagedGreen, 25, 30.5, Heritage::Ordinary),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-2"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("特色风貌林荫路"),
                T("1,200"),
                T("４０"),
                T("古树名木"),
            ],
            app(
                "T-2",
                12,
                july,
                true,
                trees(
                    TreeSite::FeatureBoulevard,
                    1200,
                    40.0,
                    Heritage::AncientOrFamous,
                ),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-3"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("历史名园"),
                N(3.0),
                T("１２．５"),
                T("古树后续资源"),
            ],
            app(
                "T-3",
                12,
                july,
                true,
                trees(
                    TreeSite::HistoricGarden,
                    3,
                    12.5,
                    Heritage::SuccessorResource,
                ),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-4"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("其他"),
                N(200.0),
                N(45.0),
                T("Ordinary"),
            ],
            app(
                "T-4",
                12,
                july,
                true,
                trees(TreeSite::Other, 200, 45.0, Heritage::Ordinary),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-5"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("CityManagedGreen"),
                N(1.0),
                N(10.0),
                T("AncientOrFamous"),
            ],
            app(
                "T-5",
                12,
                july,
                true,
                trees(
                    TreeSite::CityManagedGreen,
                    1,
                    10.0,
                    Heritage::AncientOrFamous,
                ),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-6"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("FeatureBoulevard"),
                N(1.0),
                N(10.0),
                T("SuccessorResource"),
            ],
            app(
                "T-6",
                12,
                july,
                true,
                trees(
                    TreeSite::FeatureBoulevard,
                    1,
                    10.0,
                    Heritage::SuccessorResource,
                ),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-7"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("HistoricGarden"),
                N(1.0),
                N(10.0),
                T("普通"),
            ],
            app(
                "T-7",
                12,
                july,
                true,
                trees(TreeSite::HistoricGarden, 1, 10.0, Heritage::Ordinary),
            ),
        ),
        (
            vec![
                E,
                D(2024, 7, 1),
                T("T-8"),
                N(12.0),
                T("是"),
                E,
                E,
                E,
                E,
                E,
                E,
                E,
                T("Other"),
                N(1.0),
                N(10.0),
                T("普通"),
            ],
            app(
                "T-8",
                12,
                july,
                true,
                trees(TreeSite::Other, 1, 10.0, Heritage::Ordinary),
            ),
        ),
    ]
}

fn spelling_sheet() -> (Vec<Vec<V>>, Vec<Application>) {
    let mut rows = vec![spelling_header().into_iter().map(T).collect::<Vec<_>>()];
    let mut expected = Vec::new();
    for (i, (cells, a)) in spelling_rows().into_iter().enumerate() {
        if i == 3 {
            rows.push(vec![E; 16]); // an empty row, skipped
            // A note outside the register's columns: kept and named (issue 30, finding 10).
            rows.push(vec![T("（备注：以下为七月收件）")]);
        }
        rows.push(cells);
        expected.push(a);
    }
    (rows, expected)
}

#[test]
fn every_column_and_spelling_from_xlsx() {
    let (rows, expected) = spelling_sheet();
    let bytes = xlsx("Sheet1", &rows, &[]);
    let r = register::parse_xlsx(&bytes, "spell.xlsx", TODAY()).unwrap();
    only_the_note_is_bad(&r, "spell.xlsx");
    assert_eq!(apps(&r), expected);
    assert_eq!(r.header[0], "申请人");
    assert_eq!(r.rows[0].cells[0], "某公司");
    assert_eq!(
        r.rows[0].cells[1], "2024-07-01",
        "a real date shown as a date"
    );
    // Sheet rows count the skipped empty row; the note is row 6.
    assert_eq!(r.rows[4].row, 7);
}

/// The spelling sheet's one row that is no application: the note of row 6, named at its cell
/// with its text, and kept among the rows (so it reaches --out).
fn only_the_note_is_bad(r: &Register, sheet: &str) {
    assert_eq!(r.bad_rows(), 1, "{:#?}", r.rows);
    let note = &r.rows[3];
    assert_eq!(note.row, 6);
    assert_eq!(note.cells[0], "（备注：以下为七月收件）");
    let Entry::Bad(b) = &note.entry else {
        panic!("{note:?}")
    };
    assert_eq!(b.problems.len(), 1);
    let want = if sheet.ends_with(".csv") {
        sheet
    } else {
        "Sheet1"
    };
    assert_eq!(b.problems[0].at.sheet, want);
    assert_eq!(b.problems[0].at.row, 6);
    assert_eq!(
        b.problems[0].kind,
        CellProblemKind::OnlyUnreadColumns("（备注：以下为七月收件）".into())
    );
}

fn as_text(v: &V) -> String {
    match v {
        T(s) => s.to_string(),
        S(s) => s.clone(),
        N(n) => n.to_string(),
        B(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        D(y, m, d) => format!("{y}/{m}/{d}"),
        E => String::new(),
    }
}

#[test]
fn every_column_and_spelling_from_csv_in_utf8_with_and_without_bom_and_in_gbk() {
    let (rows, expected) = spelling_sheet();
    let text = csv_text(
        &rows
            .iter()
            .map(|r| r.iter().map(as_text).collect())
            .collect::<Vec<_>>(),
    );
    let utf8 = register::parse_csv(text.as_bytes(), "spell.csv", "spell.csv").unwrap();
    only_the_note_is_bad(&utf8, "spell.csv");
    assert_eq!(apps(&utf8), expected);
    let bom = format!("\u{feff}{text}");
    let with_bom = register::parse_csv(bom.as_bytes(), "spell.csv", "spell.csv").unwrap();
    assert_eq!(with_bom, utf8);
    // GBK has no full-width digits problem: ０-９ are in it.
    let from_gbk = register::parse_csv(&gbk(&text), "spell.csv", "spell.csv").unwrap();
    assert_eq!(from_gbk, utf8);
    assert_eq!(utf8.rows[4].row, 7);
}

#[test]
fn a_csv_in_no_known_encoding_is_refused() {
    let mut bytes = gbk("办件编号,事项序号,收件日期,是否在开发区内\r\nA,1,2024-07-01,是\r\n");
    bytes.extend([0xFF, 0xFE, b'\r', b'\n']);
    let e = register::parse_csv(&bytes, "x.csv", "x.csv").unwrap_err();
    // Not GB18030 (0xFF is no byte of it): the detector names what it looks like instead.
    assert!(
        matches!(
            e.problem,
            Problem::UnknownEncoding | Problem::OtherEncoding(_)
        ),
        "{e:?}"
    );
}

/// data/samples.ron as a register: the template's spellings; received dates as real dates in
/// the .xlsx and as text in the .csv; numbers as numbers in the .xlsx.
fn samples() -> ApplicationsFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples.ron");
    delegation_files::applications::load(&path).unwrap()
}

fn typed(rows: &[Vec<String>]) -> Vec<Vec<V>> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    if r == 0 || cell.is_empty() {
                        return S(cell.clone());
                    }
                    match Column::ALL[c] {
                        Column::Received => {
                            let d = NaiveDate::parse_from_str(cell, "%Y-%m-%d").unwrap();
                            use chrono::Datelike;
                            D(d.year() as u16, d.month() as u8, d.day() as u8)
                        }
                        Column::Item
                        | Column::Kv
                        | Column::M3PerDay
                        | Column::Count
                        | Column::MaxDbhCm => N(cell.parse().unwrap()),
                        _ => S(cell.clone()),
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_samples_route_identically_from_ron_xlsx_and_csv() {
    let ron = samples();
    let from_ron = route_batch(&ron);
    let rows = register_rows(&ron.applications);
    let handover: Vec<(f64, V)> = ron
        .handover
        .iter()
        .map(|(i, d)| (*i as f64, S(d.format("%Y年%-m月%-d日").to_string())))
        .collect();
    let x = register::parse_xlsx(
        &xlsx("办件登记", &typed(&rows), &handover),
        "s.xlsx",
        TODAY(),
    )
    .unwrap();
    // A register names at their cells what a RON file, without cells, leaves to the router:
    // an empty 办件编号, and cells of a group the row's item does not take (issue 29,
    // findings 1 and 11). Those rows are unreadable there; the others route identically.
    use delegation_law::router::{Field, Finding};
    let celled = |d: &delegation_law::router::Decision| {
        matches!(
            d.deciding_step().map(|s| &s.finding),
            Some(
                Finding::WrongFacts { .. }
                    | Finding::Impossible {
                        field: Field::Id,
                        ..
                    }
            )
        )
    };
    let kept: Vec<usize> = (0..from_ron.len())
        .filter(|&i| !celled(&from_ron[i]))
        .collect();
    assert!(kept.len() < from_ron.len(), "the samples hold such rows");
    let apps: Vec<_> = kept.iter().map(|&i| ron.applications[i].clone()).collect();
    let decided: Vec<_> = kept.iter().map(|&i| from_ron[i].clone()).collect();
    assert_eq!(x.bad_rows(), from_ron.len() - kept.len(), "{:#?}", x.rows);
    assert_eq!(x.batch.applications, apps, "the same applications");
    assert_eq!(x.batch.handover, ron.handover, "the same handover dates");
    assert_eq!(route_batch(&x.batch), decided);

    // The .csv cannot hold the handover sheet: the dates come as overrides, as `--handover`.
    let text = csv_text(&rows);
    for bytes in [text.clone().into_bytes(), gbk(&text)] {
        let c = register::parse_csv(&bytes, "s.csv", "s.csv").unwrap();
        assert_eq!(c.batch.applications, apps);
        assert_eq!(route_with(&c.batch, &ron.handover), decided);
    }
}

#[test]
fn handover_dates_come_from_the_sheet_and_overrides_win() {
    let rows = vec![
        vec![
            T("办件编号"),
            T("事项序号"),
            T("收件日期"),
            T("是否在开发区内"),
        ],
        vec![T("L-1"), N(3.0), T("2024-06-20"), T("是")],
    ];
    let bytes = xlsx("Sheet1", &rows, &[(3.0, D(2024, 6, 25))]);
    let r = register::parse_xlsx(&bytes, "h.xlsx", TODAY()).unwrap();
    assert_eq!(r.batch.handover, BTreeMap::from([(3, day(2024, 6, 25))]));
    use delegation_law::router::Outcome;
    assert_eq!(route_batch(&r.batch)[0].outcome, Outcome::OriginalUnit);
    let earlier = BTreeMap::from([(3, day(2024, 6, 14))]);
    assert_eq!(
        route_with(&r.batch, &earlier)[0].outcome,
        Outcome::Committee
    );
    // A bad handover date refuses the whole file, naming the cell.
    let bytes = xlsx("Sheet1", &rows, &[(3.0, T("六月底"))]);
    let e = register::parse_xlsx(&bytes, "h.xlsx", TODAY()).unwrap_err();
    let Problem::Register(RegisterProblem::BadCell(p)) = &e.problem else {
        panic!("{e}")
    };
    assert_eq!(p.at.a1(), "交接日期!B2");
    assert_eq!(p.kind, CellProblemKind::NotDate("六月底".into()));
}

fn water_sheet(bad: V) -> Vec<Vec<V>> {
    let mut rows = vec![
        [
            "办件编号",
            "事项序号",
            "收件日期",
            "是否在开发区内",
            "水源类型",
            "日取水量（立方米）",
            "是否农业取水",
            "申请类型",
        ]
        .map(T)
        .to_vec(),
    ];
    for i in 1..=6 {
        let m3 = if i == 6 { bad.clone() } else { N(60000.0) };
        rows.push(vec![
            S(format!("W-{i}")),
            N(10.0),
            D(2024, 7, 1),
            T("是"),
            T("地表水"),
            m3,
            T("否"),
            T("新增"),
        ]);
    }
    rows
}

#[test]
fn a_bad_cell_is_named_by_sheet_row_column_and_heading_and_the_rest_route() {
    let r = register::parse_xlsx(
        &xlsx("Sheet1", &water_sheet(T("5万")), &[]),
        "b.xlsx",
        TODAY(),
    )
    .unwrap();
    assert_eq!(r.batch.applications.len(), 5);
    assert_eq!(r.rows.len(), 6);
    let Entry::Bad(bad) = &r.rows[5].entry else {
        panic!("{:?}", r.rows[5])
    };
    assert_eq!(bad.id.as_deref(), Some("W-6"));
    let [p] = bad.problems.as_slice() else {
        panic!("{bad:?}")
    };
    assert_eq!(p.at.a1(), "Sheet1!F7");
    assert_eq!(p.heading, "日取水量（立方米）");
    assert_eq!(p.column, Some(Column::M3PerDay));
    assert_eq!(p.kind, CellProblemKind::NotInteger("5万".into()));

    // Every bad cell of a row is named, and columns of two kinds of facts cannot mix.
    let rows = [
        [
            "办件编号",
            "事项序号",
            "收件日期",
            "是否在开发区内",
            "项目类型",
            "电压等级（千伏）",
            "是否跨区",
            "树木所在地点",
            "株数",
            "最大胸径（厘米）",
            "古树名木情况",
        ]
        .map(T)
        .to_vec(),
        vec![
            E,
            N(13.5),
            T("2024-02-30"),
            T("也许"),
            T("电网"),
            E,
            T("否"),
            T("其他"),
            E,
            E,
            E,
        ],
        vec![
            T("G-2"),
            N(6.0),
            T("2024-07-01"),
            T("是"),
            T("其他"),
            N(110.0),
            E,
            E,
            E,
            E,
            E,
        ],
    ];
    let r = register::parse_csv(
        csv_text(
            &rows
                .iter()
                .map(|r| r.iter().map(as_text).collect())
                .collect::<Vec<_>>(),
        )
        .as_bytes(),
        "dir/m.csv",
        "m.csv",
    )
    .unwrap();
    let Entry::Bad(bad) = &r.rows[0].entry else {
        panic!()
    };
    let got: Vec<(String, CellProblemKind)> = bad
        .problems
        .iter()
        .map(|p| (p.at.a1(), p.kind.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            // The empty id, named at its cell (issue 29, finding 11).
            ("m.csv!A2".into(), CellProblemKind::Missing),
            (
                "m.csv!B2".into(),
                CellProblemKind::NotInteger("13.5".into())
            ),
            (
                "m.csv!C2".into(),
                CellProblemKind::NotDate("2024-02-30".into())
            ),
            ("m.csv!D2".into(), CellProblemKind::NotYesNo("也许".into())),
            (
                "m.csv!H2".into(),
                CellProblemKind::NotUsed {
                    because: Column::Project
                }
            ),
            ("m.csv!E2".into(), CellProblemKind::NotChoice("电网".into())),
        ]
    );
    let Entry::Bad(bad) = &r.rows[1].entry else {
        panic!()
    };
    assert_eq!(bad.problems[0].at.a1(), "m.csv!F3");
    assert_eq!(
        bad.problems[0].kind,
        CellProblemKind::NotUsed {
            because: Column::Project
        }
    );
}

#[test]
fn csv_rows_are_counted_as_a_spreadsheet_shows_them() {
    // A blank line is a row; a line break inside a quoted cell is not.
    let text = "办件编号,事项序号,收件日期,是否在开发区内\r\n\"A\r\nB\",1,2024-07-01,是\r\n\r\nC,1,2024-07-01,x\r\n";
    let r = register::parse_csv(text.as_bytes(), "r.csv", "r.csv").unwrap();
    let Entry::Bad(bad) = &r.rows[1].entry else {
        panic!("{:?}", r.rows)
    };
    assert_eq!(bad.problems[0].at.a1(), "r.csv!D4");
}

#[test]
fn a_missing_or_doubled_column_refuses_the_file() {
    let mut rows = water_sheet(N(1.0));
    rows[0].remove(6); // 是否农业取水
    for r in rows.iter_mut().skip(1) {
        r.remove(6);
    }
    let e = register::parse_xlsx(&xlsx("Sheet1", &rows, &[]), "m.xlsx", TODAY()).unwrap_err();
    assert_eq!(
        e.problem,
        Problem::Register(RegisterProblem::MissingColumn {
            sheet: "Sheet1".into(),
            column: Column::Agricultural
        })
    );
    let rows = vec![["办件编号", "事项序号", "收件日期"].map(T).to_vec()];
    let e = register::parse_xlsx(&xlsx("S", &rows, &[]), "m.xlsx", TODAY()).unwrap_err();
    assert!(
        matches!(
            e.problem,
            Problem::Register(RegisterProblem::MissingColumn {
                column: Column::InZone,
                ..
            })
        ),
        "{e}"
    );
    let rows = vec![
        ["办件编号", "事项序号", "收件日期", "是否在开发区内", "item"]
            .map(T)
            .to_vec(),
    ];
    let e = register::parse_xlsx(&xlsx("S", &rows, &[]), "m.xlsx", TODAY()).unwrap_err();
    let Problem::Register(RegisterProblem::DuplicateColumn { at, column }) = &e.problem else {
        panic!("{e}")
    };
    assert_eq!((at.a1().as_str(), *column), ("S!E1", Column::Item));
    let e = register::parse_csv(b"\r\n\r\n", "e.csv", "e.csv").unwrap_err();
    assert_eq!(e.problem, Problem::Data(DataProblem::Empty));
}

#[test]
fn the_template_routes_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let text = register::TemplateText {
        register_sheet: "办件登记".into(),
        help_sheet: "填写说明".into(),
        help_header: ["列".into(), "说明".into()],
        help: Column::ALL.map(|c| c.key().to_string()).to_vec(),
        notes: vec!["n".into()],
    };
    register::write_template(&path, &text).unwrap();
    let r = Register::load(&path, TODAY()).unwrap();
    assert_eq!(r.bad_rows(), 0);
    assert_eq!(r.batch.applications, register::examples());
    assert!(r.batch.handover.is_empty());
    assert_eq!(
        r.header,
        Column::ALL.map(|c| c.heading().to_string()).to_vec()
    );
}

/// The day the tests read registers on: their handover dates may be up to a year after it.
#[allow(non_snake_case)]
fn TODAY() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

/// Routes a batch as the session does: its own handover dates, the default conventions.
fn route_batch(
    batch: &delegation_law::applications::ApplicationsFile,
) -> Vec<delegation_law::router::Decision> {
    route_with(batch, &BTreeMap::new())
}

/// Routes a batch with `overrides` taking precedence over its own handover dates.
fn route_with(
    batch: &delegation_law::applications::ApplicationsFile,
    overrides: &BTreeMap<u8, chrono::NaiveDate>,
) -> Vec<delegation_law::router::Decision> {
    let mut handover = batch.handover.clone();
    handover.extend(overrides.iter().map(|(k, v)| (*k, *v)));
    let router = delegation_law::router::Router::new(
        delegation_law::catalogue::Catalogue::embedded(),
        Calendar::embedded(),
        handover,
        delegation_law::calendar::StartDay::Excluded,
        delegation_law::deadlines::ValidityConvention::ListingPractice,
    );
    batch.applications.iter().map(|a| router.route(a)).collect()
}

/// The flips' facts are named by the register's keys, in the register's order.
#[test]
fn fact_keys_are_the_registers() {
    use delegation_law::flips::Fact;
    let keys: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
    let facts: Vec<&str> = Fact::ALL.iter().map(|f| f.key()).collect();
    // Every column but the id and the item is a fact the rules look at.
    assert_eq!(facts, keys[2..]);
}
