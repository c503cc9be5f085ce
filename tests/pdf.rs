//! Decision slips (`route --slips`) and the handover report (`report FILE.pdf`) as PDF: the
//! words a clerk searches for are in the text layer, in an embedded subset of the font.
//!
//! The text layer is read with poppler's `pdftotext` and `pdffonts`. Where poppler-utils is
//! not installed the test says so and checks the PDF's structure only, unless
//! `DELEGATION_TRACKER_REQUIRE_POPPLER` is set (as `.ci/run` does, after installing it).

use std::path::Path;
use std::process::Command;

mod cli_common;
use cli_common::run;

fn samples() -> String {
    format!("{}/data/samples.ron", env!("CARGO_MANIFEST_DIR"))
}

/// `tool args… file` through poppler, or `None` when poppler is not installed.
fn poppler(tool: &str, args: &[&str], file: &Path) -> Option<String> {
    match Command::new(tool).args(args).arg(file).arg("-").output() {
        Ok(o) => {
            assert!(
                o.status.success(),
                "{tool}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            Some(String::from_utf8(o.stdout).unwrap())
        }
        Err(_) => {
            assert!(
                std::env::var_os("DELEGATION_TRACKER_REQUIRE_POPPLER").is_none(),
                "{tool} is required: apt-get install poppler-utils"
            );
            eprintln!("{tool} not installed: the PDF's text layer is not checked");
            None
        }
    }
}

/// pdffonts takes no `-`: the file only.
fn pdffonts(file: &Path) -> Option<String> {
    match Command::new("pdffonts").arg(file).output() {
        Ok(o) => Some(String::from_utf8(o.stdout).unwrap()),
        Err(_) => {
            assert!(std::env::var_os("DELEGATION_TRACKER_REQUIRE_POPPLER").is_none());
            None
        }
    }
}

/// Without poppler: an embedded CFF font program, a ToUnicode map, a subset's name.
fn structure(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(bytes);
    assert!(text.contains("/FontFile3"), "the font is embedded");
    assert!(
        text.contains("/ToUnicode"),
        "copy and search can map glyphs to text"
    );
    let subset = text.split("/BaseFont /").nth(1).expect("a font");
    assert_eq!(subset.as_bytes()[6], b'+', "a subset's name: ABCDEF+Name");
}

#[test]
fn a_slip_holds_the_id_body_clause_and_signature_in_an_embedded_subset() {
    let dir = tempfile::tempdir().unwrap();
    let slips = dir.path().join("slips");
    let o = run(&[
        "route",
        &samples(),
        "--slips",
        slips.to_str().unwrap(),
        "--today",
        "2024-07-05",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let count = std::fs::read_dir(&slips).unwrap().count();
    assert_eq!(count, 58, "one slip per application, the empty id too");
    let w01 = slips.join("W-01.pdf");
    let bytes = std::fs::read(&w01).unwrap();
    structure(&bytes);
    assert!(slips.join("_.pdf").exists(), "the empty id has a safe name");
    if let Some(text) = poppler("pdftotext", &["-raw"], &w01) {
        for wanted in [
            "办件分派决定单",
            "穗府规〔2024〕3号",
            "W-01",
            "增城开发区管委会",
            "穗府规〔2024〕3号 附件 第10项 备注",
            "《中华人民共和国行政许可法》第二十三条",
            "经办人签名",
            "2024-07-05",
            "第1页，共",
            // What would change it: the nearest volumes across 50,000 and 150,000 m³.
            "会改变结论的情形",
            "日取水量为49999立方米（现为80000立方米）：不属于本通告调整范围",
            "日取水量为150000立方米（现为80000立方米）：不属于本通告调整范围",
        ] {
            // A table cell's words may wrap: its lines follow each other in the text.
            assert!(
                text.contains(wanted) || text.replace('\n', "").contains(wanted),
                "{wanted} not in:\n{text}"
            );
        }
        for line in text.lines() {
            let first = line.trim_start().chars().next();
            assert!(
                !first.is_some_and(|c| "，。、）」".contains(c)),
                "a line starts with a closing mark: {line}"
            );
            assert!(
                !line.trim_end().ends_with(['（', '「']),
                "a line ends with an opening mark: {line}"
            );
        }
    }
    if let Some(fonts) = pdffonts(&w01) {
        let line = fonts.lines().nth(2).expect("one font");
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(cols[0].contains("+NotoSansCJKsc"), "{fonts}");
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {fonts}"
        );
    }
}

#[test]
fn the_handover_report_is_an_a4_landscape_pdf_with_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("交接情况.pdf");
    let o = run(&["report", pdf.to_str().unwrap(), "--today", "2024-07-05"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    structure(&bytes);
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 841.89 595.28]"),
        "A4 landscape"
    );
    if let Some(text) = poppler("pdftotext", &["-layout"], &pdf) {
        for wanted in [
            "穗府规〔2024〕3号 市级权限事项交接情况",
            "制作日期：2024-07-05",
            "控制性详细规划审批",
            "取水许可",
            "第1页，共2页",
            "第2页，共2页",
        ] {
            assert!(text.contains(wanted), "{wanted} not in:\n{text}");
        }
    }
    for (ext, ok) in [("xlsx", true), ("csv", true), ("txt", false)] {
        let f = dir.path().join(format!("r.{ext}"));
        let o = run(&["report", f.to_str().unwrap()]);
        assert_eq!(o.status.success(), ok, "{ext}");
        assert_eq!(f.exists(), ok);
    }
}
