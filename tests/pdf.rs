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
    let w01 = slips.join("分派决定单-W-01.pdf");
    let bytes = std::fs::read(&w01).unwrap();
    structure(&bytes);
    assert!(
        slips.join("分派决定单-未编号.pdf").exists(),
        "the empty id: a slip for an unnumbered application"
    );
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

/// Word boxes of `pdf` (page, xMin, yMin, xMax, yMax, word) by `pdftotext -bbox-layout`.
fn boxes(pdf: &Path) -> Option<Vec<(usize, [f32; 4], String)>> {
    // Read lossily: poppler may write bytes that are not UTF-8 for what it cannot map.
    poppler("pdftotext", &["-v"], pdf)?;
    let o = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&o.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut page = 0;
    let mut out = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
        } else if line.starts_with("<word ") {
            let word = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            let b = ["xMin", "yMin", "xMax", "yMax"].map(|n| attr(line, n));
            out.push((page, b, word.to_string()));
        }
    }
    Some(out)
}

fn assert_no_overlap(boxes: &[(usize, [f32; 4], String)]) {
    for (i, (pa, a, wa)) in boxes.iter().enumerate() {
        for (pb, b, wb) in &boxes[i + 1..] {
            let hit = pa == pb
                && a[0] < b[2] - 0.5
                && b[0] < a[2] - 0.5
                && a[1] < b[3] - 0.5
                && b[1] < a[3] - 0.5;
            assert!(!hit, "page {pa}: “{wa}” {a:?} overlaps “{wb}” {b:?}");
        }
    }
}

#[test]
fn slips_in_both_languages_have_values_in_their_language_outcomes_in_words_and_no_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let slips = dir.path().join(lang);
        let o = run(&[
            "route",
            &samples(),
            "--slips",
            slips.to_str().unwrap(),
            "--today",
            "2024-07-05",
            "--lang",
            lang,
        ]);
        assert_eq!(o.status.code(), Some(1));
        let stem = if lang == "zh" {
            "分派决定单"
        } else {
            "decision-slip"
        };
        for id in ["W-01", "T-08", "G-01"] {
            let pdf = slips.join(format!("{stem}-{id}.pdf"));
            assert!(pdf.exists(), "{}", pdf.display());
            let Some(b) = boxes(&pdf) else { return };
            assert_no_overlap(&b);
            let text: String = b.iter().map(|w| w.2.clone() + " ").collect();
            for code in ["COMMITTEE", "NOT_DELEGATED", "ORIGINAL_UNIT"] {
                assert!(!text.contains(code), "{id} {lang}: {code} on the slip");
            }
            if lang == "en" {
                for zh in ["是", "否", "其他", "普通", "地表水", "新增"] {
                    assert!(!text.contains(&format!(" {zh} ")), "{id}: {zh} in English");
                }
                assert!(text.contains("yes") || text.contains("no"), "{text}");
            }
        }
    }
}

#[test]
fn a_character_no_font_can_draw_is_boxed_on_the_slip_and_named_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let apps = dir.path().join("apps.ron");
    // U+10FFFD: a private-use character no font draws; 堃喆犇 are in the embedded font.
    std::fs::write(
        &apps,
        "(applications: [(id: \"增城-堃-喆-犇-\u{10FFFD}-X\", item: 2, received: \"2024-07-01\", in_zone: true, facts: General)])",
    )
    .unwrap();
    let slips = dir.path().join("slips");
    let o = run(&[
        "route",
        apps.to_str().unwrap(),
        "--slips",
        slips.to_str().unwrap(),
        "--today",
        "2024-07-05",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("U+10FFFD") && err.contains("第1页"), "{err}");
    let pdf = slips.join("分派决定单-增城-堃-喆-犇-_-X.pdf");
    assert!(pdf.exists());
    if let Some(b) = boxes(&pdf) {
        let text: String = b.iter().map(|w| w.2.as_str()).collect();
        assert!(text.contains("增城-堃-喆-犇-"), "{text}");
        assert!(text.contains("U+10FFFD"), "the box shows the code: {text}");
    }
}
