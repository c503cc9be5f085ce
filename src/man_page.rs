//! `delegation-tracker --man-pages DIR` (hidden from --help): writes delegation-tracker(1) and
//! one page per subcommand (delegation-tracker-records-export(1), …), generated from the same
//! clap definition the command line parses, so the pages cannot drift from `--help`.
//! scripts/package-deb.sh runs it on the built binary and gzips the pages into the .deb.

use std::io;
use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;

/// Writes the roff pages into `dir` (which must exist), one `<name>.1` per command.
pub fn generate_to(dir: &Path) -> io::Result<()> {
    clap_mangen::generate_to(Cli::command(), dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_for_the_program_and_each_command_but_none_for_the_hidden_flag() {
        let dir = tempfile::tempdir().unwrap();
        generate_to(dir.path()).unwrap();
        let page = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        let main = page("delegation-tracker.1");
        assert!(main.contains(".TH delegation-tracker 1"));
        assert!(main.contains("delegation\\-tracker\\-records(1)"), "{main}");
        assert!(
            !main.contains("man\\-pages"),
            "the hidden flag leaked into the page"
        );
        assert!(page("delegation-tracker-records-export.1").contains("FILE"));
        assert!(!dir.path().join("delegation-tracker-help.1").exists());
    }
}
