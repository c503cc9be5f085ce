//! The delegation tracker's data folder: the handover records (`records.ron`, with five
//! backups and the lock that makes a second instance read-only), and the holiday years the
//! user imported (`holidays-override.ron`). Every promise about them — nothing lost by a
//! crash, a full disk or a bad file, nothing written through a link — is written at the top of
//! the module that keeps it. The files' formats are the law's (`Records`, `Calendar`) and
//! `delegation-files`' (holiday-cn JSON); this crate only keeps them.

pub mod cases;
pub mod dir;
pub mod error;
pub mod holidays;
pub mod lock;
pub mod notices;
pub mod records;

pub use dir::{BACKUPS, DATA_DIR_ENV, RECORDS_FILE, data_dir, data_files, own_files};
pub use error::{ReadOnly, StoreError};
pub use records::{Backup, Recovered, Store};
