//! 全部登记为办件: what the batch screen records in the case register, and its lines (the
//! job itself is the app's: `Desk::record_rows` on a thread of its own).

use iced::Element;
use iced::widget::{button, column, row, text};

use super::{Batch, Cancel, Message};
use crate::gui::style;
use delegation_files::register::Entry;
use delegation_law::facts::Application;
use delegation_law::router::Router;
use delegation_session::desk::{DeskError, RowsRecorded};
use delegation_words::Lang;
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// Rows that could not be read: sheet row, id as far as it was read.
pub type Unreadable = Vec<(u32, String)>;

/// 全部登记 under way: rows done of the total, and how to stop it.
#[derive(Debug, Clone)]
pub struct Recording {
    pub done: usize,
    pub total: usize,
    pub cancel: Cancel,
}

/// What the recording job reports.
#[derive(Debug, Clone)]
pub enum RecordProgress {
    Rows(usize),
    Done(Result<RowsRecorded, DeskError>),
}

impl Batch {
    /// What 全部登记 records: each routed application with its sheet row and applicant (the
    /// register's 申请人 column, where it has one).
    pub fn rows_to_record(&self) -> Vec<(u32, Application, String)> {
        let Some(r) = self.register.as_ref() else {
            return Vec::new();
        };
        let applicant = r
            .header
            .iter()
            .position(|h| delegation_session::cases::APPLICANT_HEADERS.contains(&h.trim()));
        r.rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| match &row.entry {
                Entry::App(a) => {
                    let app = r.batch.applications.get(*a)?.clone();
                    let name = applicant
                        .and_then(|c| {
                            self.cells
                                .get(i)
                                .map(|cells| cells.unpack())
                                .and_then(|v| v.get(c).cloned())
                        })
                        .unwrap_or_default();
                    Some((row.row, app, name.trim().to_string()))
                }
                Entry::Bad(_) => None,
            })
            .collect()
    }

    /// The router that routed the file (its handover dates under the recorded ones).
    pub fn router(&self) -> Option<&Router<'static>> {
        self.router.as_ref()
    }

    /// The rows that could not be read (row, id as far as it was read): not recorded.
    pub fn unreadable_rows(&self) -> Unreadable {
        self.register.as_ref().map_or(Vec::new(), |r| {
            r.rows
                .iter()
                .filter_map(|row| match &row.entry {
                    Entry::Bad(b) => Some((row.row, b.id.clone().unwrap_or_default())),
                    Entry::App(_) => None,
                })
                .collect()
        })
    }

    /// The progress line of 全部登记 under way, and what the last one did.
    pub(super) fn recording_lines(&self, lang: Lang) -> Element<'_, Message> {
        let mut col = column![].spacing(8);
        if let Some(r) = &self.recording {
            col = col.push(
                row![
                    text(delegation_words::cases::recording_rows(
                        lang, r.done, r.total
                    ))
                    .size(13)
                    .style(style::warning),
                    button(text(L::RecordCancel.get(lang)).size(13))
                        .on_press(Message::CancelRecord)
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(iced::Center)
                .wrap(),
            );
        }
        if let Some((result, unreadable)) = &self.recorded {
            let said = match result {
                Ok(r) => column![
                    text(delegation_words::cases::rows_recorded(
                        lang,
                        r,
                        unreadable.len()
                    ))
                    .size(13)
                    .style(
                        if r.conflicts.is_empty() && r.invalid.is_empty() && unreadable.is_empty() {
                            style::success
                        } else {
                            style::warning
                        }
                    )
                ]
                .push(r.conflicts.iter().take(20).fold(
                    column![].spacing(2),
                    |c, (row, id, by, at)| {
                        c.push(
                            text(delegation_words::cases::not_recorded_conflict(
                                lang, *row, id, by, at,
                            ))
                            .size(12),
                        )
                    },
                ))
                .push(r.invalid.iter().chain(unreadable).take(20).fold(
                    column![].spacing(2),
                    |c, (row, id)| {
                        c.push(
                            text(delegation_words::cases::row_not_recorded(lang, *row, id))
                                .size(12),
                        )
                    },
                ))
                .spacing(4),
                Err(e) => column![text(e.text(lang)).size(13).style(style::error)],
            };
            col = col.push(said);
        }
        col.into()
    }
}
