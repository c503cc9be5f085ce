//! What a workflow of the session can meet: a file that is wrong, an output that could not be
//! written, or the store that would not take the change.

use std::fmt;

use delegation_files::error::{FileError, PathError};
use delegation_store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    File(FileError),
    Path(PathError),
    Store(StoreError),
    /// Saving the records to the server stopped (what was and was not saved, and why).
    Shared(crate::shared::SaveError),
    /// The records are the server's (named) and have not been read from it: nothing is saved
    /// until they are.
    SharedUnread(String),
}

impl From<FileError> for Error {
    fn from(e: FileError) -> Error {
        Error::File(e)
    }
}

impl From<PathError> for Error {
    fn from(e: PathError) -> Error {
        Error::Path(e)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        Error::Store(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::File(e) => e.fmt(f),
            Error::Path(e) => e.fmt(f),
            Error::Store(e) => e.fmt(f),
            Error::Shared(e) => write!(f, "{e:?}"),
            Error::SharedUnread(server) => {
                write!(f, "the handover records of {server} have not been read")
            }
        }
    }
}

impl std::error::Error for Error {}
