//! The legal core of the delegation tracker: the notice 穗府规〔2024〕3号 and its 12 items
//! (catalogue, scope rules), the working-day calendar, deadlines, the router, the handover
//! records and their storage, reminders, imports and the export writers.
//!
//! It draws nothing and speaks no language: its Cargo.toml reaches no GUI or command-line
//! crate, and it returns typed values (findings, reminder kinds, standings, table columns,
//! error kinds with file, line and column) that `delegation-words` puts in words. The only
//! text it holds is the notice's own, from `data/`.

pub mod applications;
pub mod calendar;
pub mod catalogue;
pub mod deadlines;
pub mod error;
pub mod export;
pub mod facts;
pub mod flips;
pub mod fonts;
pub mod holiday_import;
pub mod law;
pub mod pdf;
pub mod records;
pub mod register;
pub mod reminders;
pub mod router;
pub mod rules;
pub mod session;
pub mod storage;
pub mod strict;
