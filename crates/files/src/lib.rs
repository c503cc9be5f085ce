//! Every file format of the delegation tracker, and the guarded I/O every read and write goes
//! through:
//!
//! - [`register`]: the clerks' registers (.xlsx, .csv, RON) read as a stream within Excel's
//!   limits, and the template;
//! - [`table`]: tables of text written as .xlsx (laid out to print), .csv and .ics;
//! - [`pdf`]: A4 documents with Chinese line breaking, in the embedded font and the system's;
//! - [`holiday_cn`]: a year of holiday-cn JSON;
//! - [`applications`]: the applications file (RON) read from a path;
//! - [`io`]: reads capped to regular files, outputs written atomically to a `Target`.
//!
//! Each format owns its problems ([`error`]): a file's errors name the file, the line and
//! column, and what is wrong, as typed values the words layer puts in a language. The law's
//! own problems with a text ([`delegation_law::error::DataError`]) are wrapped, never
//! repeated.

pub mod applications;
pub mod error;
pub mod holiday_cn;
pub mod io;
pub mod pdf;
pub mod register;
pub mod table;
