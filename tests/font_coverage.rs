//! Every character the app can show from its own source and data is in the embedded font.
//! When this fails, re-run scripts/subset-font.sh (see assets/fonts/README.md).

use std::collections::BTreeSet;
use std::path::Path;

const FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Subset-Regular.otf");

fn collect(dir: &Path, ext: &str, chars: &mut BTreeSet<char>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, ext, chars);
        } else if path.extension().is_some_and(|e| e == ext) {
            let text = std::fs::read_to_string(&path).unwrap();
            chars.extend(
                text.chars()
                    .filter(|c| (*c as u32) > 0x7E && !c.is_whitespace()),
            );
        }
    }
}

#[test]
fn embedded_font_covers_every_character_the_app_shows() {
    let face = ttf_parser::Face::parse(FONT, 0).expect("the embedded font parses");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut chars = BTreeSet::new();
    collect(&root.join("src"), "rs", &mut chars);
    // Every part's source: the law's quoted text, the files' and the words' own.
    for part in std::fs::read_dir(root.join("crates")).unwrap() {
        collect(&part.unwrap().path().join("src"), "rs", &mut chars);
    }
    collect(&root.join("data"), "ron", &mut chars);
    let missing: String = chars
        .into_iter()
        .filter(|c| face.glyph_index(*c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "not in the embedded font (re-run scripts/subset-font.sh): {missing}"
    );
    for c in "增城开发区管委会〔〕①≥m³".chars() {
        assert!(face.glyph_index(c).is_some(), "{c}");
    }
}

/// The 6,763 hanzi of GB2312 (rows 16–87), decoded from their two bytes.
fn gb2312_hanzi() -> Vec<char> {
    let mut out = Vec::new();
    for hi in 0xB0u8..=0xF7 {
        for lo in 0xA1u8..=0xFE {
            let bytes = [hi, lo];
            let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
            let mut chars = text.chars();
            if let (false, Some(c), None) = (bad, chars.next(), chars.next()) {
                // GBK fills GB2312's empty places (the end of row 55, rows past 87) with
                // its own additions or the private-use area: GB2312 has neither.
                let gbk_only = hi == 0xD7 && lo > 0xF9;
                let private = (0xE000..=0xF8FF).contains(&(c as u32));
                if !gbk_only && !private {
                    out.push(c);
                }
            }
        }
    }
    out
}

#[test]
fn embedded_font_covers_all_of_gb2312_and_the_tongyong_guifan_hanzi_biao() {
    let face = ttf_parser::Face::parse(FONT, 0).expect("the embedded font parses");
    let gb = gb2312_hanzi();
    assert_eq!(gb.len(), 6763, "GB2312 has 6,763 hanzi");
    let missing: String = gb
        .iter()
        .filter(|c| face.glyph_index(**c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "GB2312 hanzi not in the font: {missing}"
    );

    // The 通用规范汉字表 (2013), in its own order, from the Unicode Han database's kTGH field
    // (scripts/subset-font.sh writes it).
    let list = include_str!("../assets/fonts/tongyong-guifan-8105.txt").trim_end();
    let table: Vec<char> = list.chars().collect();
    assert_eq!(table.len(), 8105);
    assert_eq!(
        table.iter().collect::<BTreeSet<_>>().len(),
        8105,
        "no repeats"
    );
    assert_eq!((table[0], table[1], table[8104]), ('一', '乙', '蠼'));
    let missing: String = table
        .iter()
        .filter(|c| face.glyph_index(**c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "通用规范汉字表 characters not in the font: {missing}"
    );

    // Names clerks type, and the finding of issue 16 (瑜, 栩, 妃 were missing).
    for c in "瑜栩妃堃喆犇珺琤昇熠玥翀".chars() {
        assert!(face.glyph_index(c).is_some(), "{c}");
    }
}
