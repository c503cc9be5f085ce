//! The reports' rows as typed values: the handover report (one row an item), the columns
//! of a table of routed applications and of a decision table, and the dates a coordinator
//! puts in a calendar. The words layer names the columns and puts the values in words;
//! `delegation-files` writes the tables.

use chrono::NaiveDate;

use crate::catalogue::{Catalogue, Mode};
use crate::deadlines::{KeyDates, Standing};
use crate::records::{ElementCheck, HandoverState, Records};
use crate::reminders::VALIDITY_WARNING_DAYS;

/// The columns of the handover report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportColumn {
    No,
    Name,
    Mode,
    CityUnit,
    State,
    HandoverDate,
    Deadline,
    Standing,
    AnnouncementDate,
    AnnouncementPlace,
    Elements,
    Notes,
}

impl ReportColumn {
    pub const ALL: [ReportColumn; 12] = [
        ReportColumn::No,
        ReportColumn::Name,
        ReportColumn::Mode,
        ReportColumn::CityUnit,
        ReportColumn::State,
        ReportColumn::HandoverDate,
        ReportColumn::Deadline,
        ReportColumn::Standing,
        ReportColumn::AnnouncementDate,
        ReportColumn::AnnouncementPlace,
        ReportColumn::Elements,
        ReportColumn::Notes,
    ];
}

/// One item's line of the handover report: typed values, put in words by the words layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub no: u8,
    /// The item's name, as the notice's table gives it.
    pub name: String,
    pub mode: Mode,
    /// 市级实施单位, as the notice's table gives it.
    pub city_unit: String,
    pub state: HandoverState,
    pub handover_date: Option<NaiveDate>,
    pub deadline: NaiveDate,
    pub standing: Standing,
    pub announcement_date: Option<NaiveDate>,
    pub announcement_place: String,
    /// Entrustment elements done, of how many (`None`: the item is authorised, it has none).
    pub elements: Option<(usize, usize)>,
    /// Each entrustment element: done or not, and its note (empty for an authorised item).
    pub element_checks: Vec<ElementCheck>,
    pub notes: String,
}

/// One row per item: where its handover stands on `today`.
pub fn handover_report(
    cat: &Catalogue,
    key: &KeyDates,
    records: &Records,
    today: NaiveDate,
) -> Vec<ReportRow> {
    let recorded = records.handover_dates();
    cat.items
        .iter()
        .map(|item| {
            let rec = records.items.get(&item.no).cloned().unwrap_or_default();
            let status = key.handover_status(item.no, &recorded, today);
            ReportRow {
                no: item.no,
                name: item.name.clone(),
                mode: item.mode,
                city_unit: item.city_unit.clone(),
                state: rec.state,
                handover_date: rec.handover_date,
                deadline: key.handover_deadline.value,
                standing: status.standing(),
                announcement_date: rec.announcement.date,
                announcement_place: rec.announcement.place.clone(),
                elements: (!rec.elements.is_empty())
                    .then(|| (rec.elements_done(), rec.elements.len())),
                element_checks: rec.elements.clone(),
                notes: rec.notes,
            }
        })
        .collect()
}

/// The columns of a table of routed applications, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchColumn {
    Id,
    Item,
    Received,
    Outcome,
    ApprovingBody,
    InNameOf,
    Clause,
    Finding,
}

impl BatchColumn {
    pub const ALL: [BatchColumn; 8] = [
        BatchColumn::Id,
        BatchColumn::Item,
        BatchColumn::Received,
        BatchColumn::Outcome,
        BatchColumn::ApprovingBody,
        BatchColumn::InNameOf,
        BatchColumn::Clause,
        BatchColumn::Finding,
    ];
}

/// The columns a decision table adds after a register's own columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionColumn {
    /// The outcome in words.
    Outcome,
    /// The outcome's code (COMMITTEE, …).
    Code,
    ApprovingBody,
    InNameOf,
    /// Who answers for it in review and litigation.
    Answerable,
    Clause,
    Finding,
    Warnings,
}

impl DecisionColumn {
    pub const ALL: [DecisionColumn; 8] = [
        DecisionColumn::Outcome,
        DecisionColumn::Code,
        DecisionColumn::ApprovingBody,
        DecisionColumn::InNameOf,
        DecisionColumn::Answerable,
        DecisionColumn::Clause,
        DecisionColumn::Finding,
        DecisionColumn::Warnings,
    ];
}

/// The dates a coordinator puts in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineEvent {
    /// The handover deadline.
    HandoverDeadline,
    /// The last day of the validity.
    ValidityLastDay,
    /// [`VALIDITY_WARNING_DAYS`] before the last day.
    ValidityReminder,
}

impl DeadlineEvent {
    pub const ALL: [DeadlineEvent; 3] = [
        DeadlineEvent::HandoverDeadline,
        DeadlineEvent::ValidityLastDay,
        DeadlineEvent::ValidityReminder,
    ];

    /// The stable part of its UID, so a re-import updates the event.
    pub fn uid(self) -> &'static str {
        match self {
            DeadlineEvent::HandoverDeadline => "handover-deadline",
            DeadlineEvent::ValidityLastDay => "validity-last-day",
            DeadlineEvent::ValidityReminder => "validity-reminder-180",
        }
    }

    /// Its day.
    pub fn day(self, key: &KeyDates) -> NaiveDate {
        match self {
            DeadlineEvent::HandoverDeadline => key.handover_deadline.value,
            DeadlineEvent::ValidityLastDay => key.validity_last_day,
            DeadlineEvent::ValidityReminder => {
                key.validity_last_day - chrono::Duration::days(VALIDITY_WARNING_DAYS)
            }
        }
    }
}
