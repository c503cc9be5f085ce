//! PDF layout read back as a reader sees it (poppler's `pdftotext -bbox-layout`): no character
//! vanishes, no two words overlap, nothing runs past the footer, long table rows continue on
//! the next page.
//!
//! Poppler missing: the text checks are skipped with a note, unless
//! `DELEGATION_TRACKER_REQUIRE_POPPLER` is set (as `.ci/run` does).

use std::process::Command;

use delegation_files::pdf::{Block, Doc, Fonts, Orientation, to_pdf};

const FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Subset-Regular.otf");
/// A subset of Noto Sans CJK SC (OFL, like the embedded font) holding only 龘 (U+9F98), which
/// the embedded font lacks: a fallback font no machine needs to have installed.
const ONLY_9F98: &[u8] = include_bytes!("fonts/NotoSansSC-9F98-only.otf");

/// A word's box on a page: (page, x1, y1, x2, y2, text).
type Word = (usize, f32, f32, f32, f32, String);

/// The words of `pdf` with their boxes, or `None` without poppler.
fn words(pdf: &[u8]) -> Option<(Vec<Word>, f32)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = match Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) => String::from_utf8(o.stdout).unwrap(),
        Err(_) => {
            assert!(
                std::env::var_os("DELEGATION_TRACKER_REQUIRE_POPPLER").is_none(),
                "pdftotext is required: apt-get install poppler-utils"
            );
            eprintln!("pdftotext not installed: the PDF's text layer is not checked");
            return None;
        }
    };
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut page = 0;
    let mut height = 0.0;
    let mut out_words = Vec::new();
    for line in out.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
            height = attr(line, "height");
        } else if line.starts_with("<word ") {
            let text = line
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string();
            out_words.push((
                page,
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
                text,
            ));
        }
    }
    Some((out_words, height))
}

/// No two words on a page share any area (a hair of rounding allowed).
fn assert_no_overlap(words: &[Word]) {
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            let overlap = a.0 == b.0
                && a.1 < b.3 - 0.5
                && b.1 < a.3 - 0.5
                && a.2 < b.4 - 0.5
                && b.2 < a.4 - 0.5;
            assert!(!overlap, "{a:?} overlaps {b:?}");
        }
    }
}

fn doc(orientation: Orientation, blocks: Vec<Block>) -> Doc {
    Doc {
        orientation,
        title: "t".into(),
        blocks,
        footer: "FOOTER-{page}-of-{pages}".into(),
    }
}

#[test]
fn a_character_no_font_has_is_a_box_with_its_code_and_is_reported() {
    let fonts = Fonts::new(FONT).unwrap();
    let id = "增城-堃-龘-犇-喆-😀-X";
    let d = doc(
        Orientation::Portrait,
        vec![Block::Field {
            label: "办件编号".into(),
            value: id.into(),
        }],
    );
    let r = to_pdf(&d, &fonts).unwrap();
    let missing: Vec<char> = r.missing.iter().map(|m| m.ch).collect();
    assert_eq!(missing, ['龘', '😀'], "{:?}", r.missing);
    assert_eq!(r.missing[0].page, 1);
    assert_eq!(r.missing[0].line, id);
    if let Some((words, _)) = words(&r.bytes) {
        let text: String = words.iter().map(|w| w.5.as_str()).collect();
        for wanted in ["增城-堃-", "犇-喆-", "U+9F98", "U+1F600", "-X"] {
            assert!(text.contains(wanted), "{wanted} not in {text}");
        }
        assert_no_overlap(&words);
    }
}

#[test]
fn a_character_the_embedded_font_lacks_is_drawn_from_a_font_that_has_it() {
    let fonts = Fonts::new(FONT)
        .unwrap()
        .with_font(ONLY_9F98.to_vec())
        .unwrap();
    let d = doc(
        Orientation::Portrait,
        vec![Block::Text("增城-堃-龘-犇-喆-X".into())],
    );
    let r = to_pdf(&d, &fonts).unwrap();
    assert!(r.missing.is_empty(), "{:?}", r.missing);
    if let Some((words, _)) = words(&r.bytes) {
        let text: String = words.iter().map(|w| w.5.as_str()).collect();
        assert!(text.contains("增城-堃-龘-犇-喆-X"), "{text}");
    }
    // Both fonts are embedded, each subset.
    let raw = String::from_utf8_lossy(&r.bytes);
    assert_eq!(raw.matches("/FontFile3").count(), 2, "two embedded fonts");
}

#[test]
fn long_rows_continue_on_the_next_page_under_the_header_and_never_pass_the_footer() {
    let fonts = Fonts::new(FONT).unwrap();
    // 2,000 characters in every column of every row, each column its own text, numbered so
    // the reader can check every piece arrived.
    let cell = |col: usize| -> String {
        (0..150)
            .map(|i| format!("列{col}第{i:03}段增城开发区交接"))
            .collect()
    };
    let header: Vec<String> = (0..4).map(|c| format!("表头{c}")).collect();
    let rows: Vec<Vec<String>> = (0..2).map(|_| (0..4).map(cell).collect()).collect();
    assert!(rows[0][0].chars().count() >= 2000);
    let d = doc(
        Orientation::Landscape,
        vec![
            Block::Title("交接情况".into()),
            Block::Table {
                header: header.clone(),
                rows: rows.clone(),
                widths: vec![1.0, 2.0, 1.0, 3.0],
            },
        ],
    );
    let r = to_pdf(&d, &fonts).unwrap();
    assert!(r.missing.is_empty());
    let Some((words, height)) = words(&r.bytes) else {
        return;
    };
    assert_no_overlap(&words);
    let pages = words.iter().map(|w| w.0).max().unwrap();
    assert!(pages > 4, "2 rows × 2,000 characters fill pages: {pages}");
    for page in 1..=pages {
        let on: Vec<&Word> = words.iter().filter(|w| w.0 == page).collect();
        let footer = on
            .iter()
            .find(|w| w.5.starts_with("FOOTER"))
            .expect("a footer on every page");
        for w in &on {
            if !w.5.starts_with("FOOTER") {
                assert!(w.4 <= footer.2, "page {page}: {w:?} runs into the footer");
                assert!(w.4 <= height, "page {page}: {w:?} off the page");
            }
        }
        assert!(
            on.iter().any(|w| w.5 == "表头0"),
            "page {page}: the header is repeated"
        );
    }
    // Every piece of every column arrived, in order, none cut: each column's words read down
    // its own x range (A4 landscape, 50 pt margins, widths 1:2:1:3).
    let (left, line) = (50.0, 841.89 - 100.0);
    let bounds = [0.0, 1.0, 3.0, 4.0, 7.0].map(|w| left + w / 7.0 * line);
    for col in 0..4 {
        let mut inside: Vec<&Word> = words
            .iter()
            .filter(|w| {
                w.1 >= bounds[col]
                    && w.3 <= bounds[col + 1]
                    && !w.5.starts_with("表头")
                    && !w.5.starts_with("FOOTER")
            })
            .collect();
        inside.sort_by(|a, b| (a.0, a.2, a.1).partial_cmp(&(b.0, b.2, b.1)).unwrap());
        let text: String = inside.iter().map(|w| w.5.as_str()).collect();
        let whole: String = (0..2).map(|_| cell(col)).collect();
        if !text.contains(&whole) {
            let n = text
                .chars()
                .zip(whole.chars())
                .take_while(|(a, b)| a == b)
                .count();
            panic!(
                "column {col} differs at {n}: {}",
                text.chars()
                    .skip(n.saturating_sub(20))
                    .take(60)
                    .collect::<String>()
            );
        }
    }
}

#[test]
fn labels_and_values_never_overlap_however_long_the_label() {
    let fonts = Fonts::new(FONT).unwrap();
    let d = doc(
        Orientation::Portrait,
        vec![
            Block::Field {
                label: "Inside the development zone".into(),
                value: "yes".into(),
            },
            Block::Field {
                label: "Answers in review and litigation".into(),
                value: "Guangzhou Municipal People's Government ".repeat(6),
            },
            Block::Field {
                label: "是否在开发区内".into(),
                value: "是".into(),
            },
        ],
    );
    let r = to_pdf(&d, &fonts).unwrap();
    if let Some((words, _)) = words(&r.bytes) {
        assert_no_overlap(&words);
        assert!(words.iter().any(|w| w.5 == "development"));
        assert!(words.iter().any(|w| w.5 == "yes"));
    }
}
