//! The copies in tests/reference/ are the public sources themselves: where the originals are
//! beside the checkout (`../shared/`, as CI has them), every copy is byte-for-byte the same.

mod common;

use std::path::Path;

#[test]
fn the_copied_references_equal_the_originals_where_they_are_beside_the_checkout() {
    let reference = common::reference_dir();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let pairs = [
        (
            "gazette/000_aedf352df84fbad2.txt",
            "source/000_aedf352df84fbad2.txt",
        ),
        ("holiday-cn/2024.json", "reference/holiday-cn/2024.json"),
        ("holiday-cn/2025.json", "reference/holiday-cn/2025.json"),
        ("holiday-cn/2026.json", "reference/holiday-cn/2026.json"),
    ];
    for (copy, _) in pairs {
        assert!(
            reference.join(copy).is_file(),
            "missing tests/reference/{copy}"
        );
    }
    if !shared.is_dir() {
        eprintln!("no ../shared beside the checkout: only the copies' presence was checked");
        return;
    }
    for (copy, original) in pairs {
        let a = std::fs::read(reference.join(copy)).unwrap();
        let b = std::fs::read(shared.join(original))
            .unwrap_or_else(|e| panic!("../shared/{original}: {e}"));
        assert!(
            a == b,
            "tests/reference/{copy} differs from ../shared/{original}"
        );
    }
}
