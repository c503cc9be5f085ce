//! The public sources the data is checked against, as copied into `tests/reference/`.

use std::path::PathBuf;

/// The workspace's `tests/reference/` folder, found from whichever crate's tests run.
pub fn reference_dir() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .map(|d| d.join("tests/reference"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| panic!("no tests/reference/ above {}", here.display()))
}

/// Reads `tests/reference/<rel>`. A missing file fails the test: a check of the data against
/// its source that quietly passes without the source would prove nothing.
#[allow(dead_code)] // not every test binary that includes this module reads a reference
pub fn read_reference(rel: &str) -> String {
    let path = reference_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
