//! The guarded file I/O every read and write of the program goes through: [`read`] (regular
//! files within a size cap, a FIFO never blocks), [`write`] (an output to a [`Target`], atomic,
//! never through a link or over an input) and [`pool`] (outputs written by a few threads).

pub mod pool;
pub mod read;
pub mod write;

pub use pool::OutputPool;
pub use read::{MAX_FILE_BYTES, check_file, open_capped, read_bytes, read_file, read_text};
pub use write::{
    FileId, NAME_MAX_BYTES, Pending, STALE_TEMPORARY, TEMP_MARK, Target, cut_to_bytes,
    ensure_folder, is_our_temporary, write_atomic, write_output,
};
