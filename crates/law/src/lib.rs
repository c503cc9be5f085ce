//! The law of the delegation tracker: the notice 穗府规〔2024〕3号 and its 12 items
//! (catalogue, scope rules), the facts an application states, the router and the decision it
//! gives with a clause for every step, the flips (what would change it), the working-day
//! calendar, the deadlines and reminders, and the models of the handover records and the
//! reports.
//!
//! It does no I/O: no files, no paths, no environment, no clock, no threads. What it needs
//! comes in as arguments — the texts to parse, and `today` — and its errors carry the line and
//! column in the text they were given, never a file name (`delegation-files` adds it). It
//! draws nothing and speaks no language: it returns typed values that `delegation-words` puts
//! in words. The only text it holds is the notice's own and the law's, quoted, from `data/`
//! and `articles`.

pub mod applications;
pub mod articles;
pub mod calendar;
pub mod cases;
pub mod catalogue;
pub mod deadlines;
pub mod decision;
pub mod error;
pub mod facts;
pub mod flips;
pub mod notices;
pub mod records;
pub mod reminders;
pub mod report;
pub mod router;
pub mod rules;
pub mod strict;
