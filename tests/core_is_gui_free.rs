//! The legal core must stay usable without the GUI: no iced or rfd below src/core or src/i18n/legal.rs.

use std::path::Path;

fn scan(dir: &Path, bad: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scan(&path, bad);
        } else if path.extension().is_some_and(|e| e == "rs") {
            check(&path, bad);
        }
    }
}

fn check(path: &Path, bad: &mut Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    for (i, line) in text.lines().enumerate() {
        for word in ["iced", "rfd::", "crate::gui"] {
            if line.contains(word) && !line.trim_start().starts_with("//") {
                bad.push(format!("{}:{}: {line}", path.display(), i + 1));
            }
        }
    }
}

#[test]
fn core_has_no_gui_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bad = Vec::new();
    scan(&root.join("src/core"), &mut bad);
    check(&root.join("src/i18n/legal.rs"), &mut bad);
    check(&root.join("src/i18n/mod.rs"), &mut bad);
    assert!(
        bad.is_empty(),
        "GUI types in the legal core:\n{}",
        bad.join("\n")
    );
}
