//! One file a screen. Each has its own `Message`, a `view`, and an `update` that hands an
//! `Event` up to the app when something outside the screen must change.

pub mod batch;
pub mod cases;
pub mod catalogue;
pub mod deadlines;
pub mod notice;
pub mod records;
pub mod router;
pub mod workdays;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use iced::Task;

use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::{Catalogue, Item};
use delegation_law::deadlines::{KeyDates, ValidityConvention};
use delegation_session::Session;
use delegation_words::Lang;
use delegation_words::ui::L;

/// What every screen's `update(&mut self, message) -> Update<Message, Event>` hands back:
/// work for the runtime (a focus change, a scroll), and an event for the app when something
/// outside the screen must change. One contract for all eight screens.
#[must_use]
pub struct Update<M, E> {
    pub task: Task<M>,
    pub event: Option<E>,
}

impl<M, E> Update<M, E> {
    pub fn none() -> Self {
        Update {
            task: Task::none(),
            event: None,
        }
    }

    pub fn event(event: E) -> Self {
        Update {
            task: Task::none(),
            event: Some(event),
        }
    }

    pub fn task(task: Task<M>) -> Self {
        Update { task, event: None }
    }
}

/// The event of a screen that never hands one up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Never {}

/// What every screen may read while drawing.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub today: NaiveDate,
    /// The session the values below are read from (the router screen routes with it).
    pub session: &'a Session,
    pub cat: &'a Catalogue,
    pub cal: &'a Calendar,
    pub key: &'a KeyDates,
    pub recorded: &'a BTreeMap<u8, NaiveDate>,
    /// The app's counting conventions (set on the deadlines screen, used by the router too).
    pub start_day: StartDay,
    pub validity: ValidityConvention,
    /// The window's width in logical pixels at the current text size: what fits in a pick
    /// list's menu, which does not wrap.
    pub width: f32,
    /// The window's height in logical pixels at the current text size.
    pub height: f32,
}

impl Ctx<'_> {
    /// An item's handover state in words, and whether it needs attention.
    pub fn handover_state(&self, item: &Item) -> (String, bool) {
        let s = self.key.handover_status(item.no, self.recorded, self.today);
        let lang = self.lang;
        let date = s.date.format("%Y-%m-%d");
        if s.recorded {
            let late = if s.late {
                format!("{}{}", lang.pick("，", ", "), L::HandoverLate.get(lang))
            } else {
                String::new()
            };
            (
                format!("{} {date}{late}", L::HandoverRecorded.get(lang)),
                s.late,
            )
        } else if self.recorded.is_empty() {
            // Nothing recorded yet: one sentence says so (see `first_start`), not twelve
            // red lines.
            let date = lang.paren(&date.to_string());
            (format!("{}{date}", L::HandoverNotRecorded.get(lang)), false)
        } else if s.overdue {
            let date = lang.paren(&date.to_string());
            (format!("{}{date}", L::HandoverOverdue.get(lang)), true)
        } else {
            let date = lang.paren(&date.to_string());
            (format!("{}{date}", L::HandoverPending.get(lang)), false)
        }
    }
}

impl Ctx<'_> {
    /// The first item (in the table's order) with no recorded handover date.
    pub fn first_unrecorded(&self) -> Option<u8> {
        self.cat
            .items
            .iter()
            .map(|i| i.no)
            .find(|no| !self.recorded.contains_key(no))
    }

    /// On a first start (no handover recorded at all): the one sentence that says so.
    pub fn first_start(&self) -> Option<&'static str> {
        self.recorded
            .is_empty()
            .then(|| L::NoHandoverRecorded.get(self.lang))
    }
}

/// A pick-list option: a value (or "all") with the words shown for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: Option<T>,
    pub label: String,
}

impl<T> fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Cuts `s` to what fits in `px` logical pixels of 15 px text, counting a CJK character as
/// one em and anything else as half, with an ellipsis when something was cut.
pub fn fit(s: &str, px: f32) -> String {
    let budget = (px / 15.0).max(4.0);
    let em = |c: char| if c.is_ascii() { 0.55 } else { 1.0 };
    let total: f32 = s.chars().map(em).sum();
    if total <= budget {
        return s.to_string();
    }
    let mut used = 1.0; // the ellipsis
    let mut out = String::new();
    for c in s.chars() {
        used += em(c);
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Formats a date as the app shows it (the words layer's one format).
pub use delegation_words::dates::ymd;
