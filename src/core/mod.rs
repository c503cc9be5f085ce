//! The legal core: catalogue, scope rules, working-day calendar, deadlines, router.
//! No GUI type may appear below this module (`tests/core_is_gui_free.rs` checks it).

pub mod applications;
pub mod calendar;
pub mod catalogue;
pub mod deadlines;
pub mod export;
pub mod facts;
pub mod holiday_import;
pub mod law;
pub mod records;
pub mod reminders;
pub mod router;
pub mod rules;
pub mod storage;
