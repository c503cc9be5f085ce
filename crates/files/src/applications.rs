//! The applications file (RON) read from a path, by the command line and the app alike.

use std::path::Path;

use delegation_law::applications::ApplicationsFile;

use crate::error::{FileError, FileKind};
use crate::io::read_file;

/// Reads and parses an applications file; errors name the file, the line and the column.
pub fn load(path: &Path) -> Result<ApplicationsFile, FileError> {
    let name = path.display().to_string();
    let kind = FileKind::Applications;
    let text = read_file(path, kind)?;
    ApplicationsFile::parse(&text).map_err(|e| FileError::data(&name, kind, e))
}
