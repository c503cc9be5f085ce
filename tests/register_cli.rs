//! `route` on registers kept in .xlsx and .csv, `--handover`, `--out`, and `template`, run
//! through the built binary.

use std::path::Path;

use calamine::{Data, Reader};

mod cli_common;
use cli_common::{run, stderr, stdout};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const WATER: &str = "办件编号,事项序号,收件日期,是否在开发区内,水源类型,日取水量（立方米）,是否农业取水,申请类型,申请人\r\n\
W-1,10,2024-07-01,是,地表水,\"80,000\",否,新增,甲公司\r\n\
W-2,10,2024/7/1,是,地表水,150000,否,新增,乙公司\r\n\
W-3,10,2024年7月1日,是,地表水,5万,否,新增,丙公司\r\n";

#[test]
fn a_gbk_csv_routes_and_a_bad_cell_is_an_invalid_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("登记.csv");
    let (gbk, _, _) = encoding_rs::GBK.encode(WATER);
    std::fs::write(&csv, &gbk).unwrap();
    let o = run(&["route", p(&csv)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("W-1\tCOMMITTEE\t"), "{out}");
    assert!(lines[1].starts_with("W-2\tNOT_DELEGATED\t"), "{out}");
    assert_eq!(
        lines[2],
        "W-3\tINVALID\t-\t-\t-\t-\t登记.csv!F4 日取水量（立方米）：不是整数 '5万'\t-"
    );
    let o = run(&["--lang", "en", "route", p(&csv)]);
    assert!(
        stdout(&o).contains("登记.csv!F4 日取水量（立方米）: not a whole number '5万'"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("1 of 3 applications are INVALID"));
}

#[test]
fn a_missing_column_is_named_and_the_file_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, "办件编号,事项序号,是否在开发区内\r\nA,1,是\r\n").unwrap();
    let o = run(&["route", p(&csv)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("缺少“收件日期”一列"), "{}", stderr(&o));
    let other = dir.path().join("r.txt");
    std::fs::write(&other, "x").unwrap();
    let o = run(&["route", p(&other)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".ron、.xlsx 或 .csv"), "{}", stderr(&o));
}

fn sheet(path: &Path) -> Vec<Vec<String>> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let first = wb.sheet_names()[0].clone();
    wb.worksheet_range(&first)
        .unwrap()
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn out_writes_the_input_columns_then_the_decision_and_handover_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, WATER).unwrap();
    let xlsx = dir.path().join("decisions.xlsx");
    let o = run(&["route", p(&csv), "--out", p(&xlsx)]);
    assert_eq!(o.status.code(), Some(1));
    let rows = sheet(&xlsx);
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0][8..],
        [
            "申请人",
            "分派结论",
            "结论代码",
            "审批机关",
            "以谁的名义",
            "复议诉讼由谁答复",
            "依据条款",
            "判断",
            "提示"
        ]
    );
    assert_eq!(rows[1][..2], ["W-1", "10"]);
    assert_eq!(rows[1][8], "甲公司");
    assert_eq!(rows[1][10], "COMMITTEE");
    assert_eq!(rows[1][11], "增城开发区管委会");
    assert_eq!(rows[1][14], "穗府规〔2024〕3号 附件 第10项 备注");
    assert!(rows[1][16].contains("2024-06-13"), "{:?}", rows[1]);
    assert_eq!(rows[3][10], "INVALID");
    assert!(rows[3][15].starts_with("r.csv!F4 "), "{:?}", rows[3]);

    // --handover moves item 10's date past the receipt: the committee no longer decides.
    let out_csv = dir.path().join("d.csv");
    let o = run(&[
        "--lang",
        "en",
        "route",
        p(&csv),
        "--handover",
        "10=2024-07-02",
        "--out",
        p(&out_csv),
    ]);
    assert!(
        stdout(&o).starts_with("W-1\tORIGINAL_UNIT\t"),
        "{}",
        stdout(&o)
    );
    let text = std::fs::read_to_string(&out_csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.lines().next().unwrap().ends_with("Outcome,Outcome code,Approving body,In the name of,Answers in review and litigation,Deciding clause,Finding,Warnings"));
    let o = run(&["route", p(&csv), "--handover", "10:2024-07-02"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["route", p(&csv), "--out", "x.pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
}

#[test]
fn the_template_is_a_register_with_examples_that_route() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("模板.xlsx");
    let o = run(&["template", p(&t)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["route", p(&t)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ids: Vec<String> = stdout(&o)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["EX-1", "EX-2", "EX-3", "EX-4"]);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&t).unwrap();
    assert_eq!(wb.sheet_names(), ["办件登记", "填写说明", "交接日期"]);
    let help = wb.worksheet_range("填写说明").unwrap();
    assert_eq!(
        help.get_value((6, 0)),
        Some(&Data::String("电压等级（千伏）".into()))
    );
    let o = run(&["template", p(&dir.path().join("t.csv"))]);
    assert_eq!(o.status.code(), Some(2));
}

/// `n` rows of the water register, ids W-0001…, every fifth row with a bad volume.
fn many_rows(n: usize) -> String {
    let mut csv = WATER.lines().next().unwrap().to_string() + "\r\n";
    for i in 1..=n {
        let volume = if i % 5 == 0 { "5万" } else { "80000" };
        csv += &format!("W-{i:04},10,2024-07-01,是,地表水,{volume},否,新增,甲公司\r\n");
    }
    csv
}

#[test]
fn every_row_of_a_long_register_is_one_line_in_order_across_the_reader_and_the_writer() {
    // The rows pass from the reading thread to the writing one in batches: 2,049 rows are
    // several batches and a short last one, and none may be lost, repeated or reordered.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, many_rows(2049)).unwrap();
    let o = run(&["route", p(&csv)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let ids: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    let want: Vec<String> = (1..=2049).map(|i| format!("W-{i:04}")).collect();
    assert_eq!(ids, want);
    for line in out.lines() {
        let invalid = line.split('\t').nth(1) == Some("INVALID");
        let fifth = line[2..6].parse::<usize>().unwrap() % 5 == 0;
        assert_eq!(invalid, fifth, "{line}");
    }
    assert!(
        stderr(&o).contains("2049件中有409件为 INVALID"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_register_refused_after_thousands_of_rows_prints_none_of_them() {
    // The lines wait in the spool until the whole file is read: a quote that never closes
    // after 3,000 good rows refuses the file, and stdout stays empty.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    let text = many_rows(3000) + "\"W-9999,10,2024-07-01,是,地表水,80000,否,新增,甲公司\r\n";
    std::fs::write(&csv, text).unwrap();
    let o = run(&["route", p(&csv)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{} bytes printed", o.stdout.len());
    assert!(
        stderr(&o).contains("3002"),
        "the line the quote opened on: {}",
        stderr(&o)
    );
}

/// Issue 30, finding 7 at the command line: a volume past 2^53 is INVALID naming its cell,
/// from a .csv and from a .ron, never routed as another number.
#[test]
fn a_volume_past_what_is_held_exactly_is_invalid_naming_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("w.csv");
    std::fs::write(
        &csv,
        "办件编号,事项序号,收件日期,是否在开发区内,水源类型,日取水量（立方米）,是否农业取水,申请类型\r\n\
         W-1,10,2024-07-01,是,地表水,9007199254740993,否,新增\r\n\
         W-2,10,2024-07-01,是,地表水,4611686018427387904,否,新增\r\n\
         W-3,10,2024-07-01,是,地表水,9007199254740992,否,新增\r\n",
    )
    .unwrap();
    let o = run(&["route", p(&csv), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["outcome"], "INVALID", "{out}");
    assert!(
        lines[0]["finding"].as_str().unwrap().contains("w.csv!F2"),
        "{out}"
    );
    assert!(
        lines[0]["finding"].as_str().unwrap().contains("数值过大"),
        "{out}"
    );
    assert_eq!(lines[1]["outcome"], "INVALID", "{out}");
    assert!(
        lines[1]["finding"].as_str().unwrap().contains("w.csv!F3"),
        "{out}"
    );
    assert_eq!(lines[2]["outcome"], "NOT_DELEGATED", "{out}");
    let ron = dir.path().join("w.ron");
    for (facts, field) in [
        (
            "WaterIntake(source: Surface, m3_per_day: 4611686018427387904, agricultural: false, request: New)",
            "m3_per_day",
        ),
        (
            "Trees(site: Other, count: 25, max_dbh_cm: 9007199254740993.00, heritage: Ordinary)",
            "max_dbh_cm",
        ),
    ] {
        std::fs::write(
            &ron,
            format!("(applications: [(id: \"R-1\", item: 10, received: \"2024-07-01\", in_zone: true, facts: {facts})])"),
        )
        .unwrap();
        let o = run(&["route", p(&ron)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(field), "{}", stderr(&o));
        assert!(stderr(&o).contains("过大"), "{}", stderr(&o));
    }
}

/// Issue 30, finding 10: a row with only its 备注 filled (a clerk's comment under a row)
/// vanished from stdout and --out with exit 0. Now it is kept: a line naming its cell, and
/// its row in --out with the comment as written.
#[test]
fn a_row_with_only_a_note_is_kept_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("n.csv");
    std::fs::write(
        &csv,
        "办件编号,事项序号,收件日期,是否在开发区内,备注\r\n\
         A-1,2,2024-07-01,是,\r\n\
         ,,,,上一件的材料已补齐\r\n\
         A-2,2,2024-07-01,是,\r\n",
    )
    .unwrap();
    let out = dir.path().join("out.csv");
    let o = run(&["route", p(&csv), "--out", p(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[1].contains("INVALID"), "{}", lines[1]);
    assert!(lines[1].contains("n.csv!E3 备注"), "{}", lines[1]);
    assert!(lines[1].contains("上一件的材料已补齐"), "{}", lines[1]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("上一件的材料已补齐"), "{written}");
    assert_eq!(written.trim_end().lines().count(), 4, "{written}");
    let o = run(&["--lang", "en", "route", p(&csv)]);
    assert!(
        stdout(&o).contains("content only in columns the program does not read"),
        "{}",
        stdout(&o)
    );
}
