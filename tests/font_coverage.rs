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
    collect(&root.join("crates/words/src"), "rs", &mut chars);
    collect(&root.join("crates/core/src"), "rs", &mut chars);
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
