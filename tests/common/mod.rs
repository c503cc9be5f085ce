//! The public sources beside the checkout (`../shared`, as CI has it).

use std::path::PathBuf;

/// Reads `../shared/<rel>`. A missing file fails the test: a check of the data against its
/// source that quietly passes without the source would prove nothing.
pub fn read_shared(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nthe tests compare data/ with the public sources in ../shared \
             beside the checkout (CI has it there); put them there and run again",
            path.display()
        )
    })
}
