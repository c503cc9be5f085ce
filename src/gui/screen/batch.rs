//! 批量分派: an applications file routed in one go, shown as a table and exported.
//!
//! The screen keeps the file and its decisions, never their words: every heading, outcome and
//! finding is put in words while drawing, so a language switch re-renders all of it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use iced::widget::{button, column, container, pick_list, row, scrollable, text};
use iced::{Element, Fill, FillPortion, Length};

use super::router::{decision_card, outcome_style};
use super::{Choice, Ctx, Update, ymd};
use crate::gui::dialog::Pick;
use crate::gui::style;
use delegation_core::applications::ApplicationsFile;
use delegation_core::error::{FileError, StoreError};
use delegation_core::export::{BatchColumn, Table};
use delegation_core::facts::Application;
use delegation_core::register::{Entry, Register};
use delegation_core::router::{Decision, Outcome};
use delegation_core::session::Session;
use delegation_words::dates::item_no;
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::L;

/// What the last export did, kept typed so that it is said in the language of the moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchStatus {
    Exported(String),
    Failed(StoreError),
}

/// The order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// As in the file.
    #[default]
    File,
    Id,
    Outcome,
    Received,
}

/// The loaded file and its decisions.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub file: Option<String>,
    /// The file as read: its applications, and the rows that could not be read.
    pub register: Option<Register>,
    /// One decision per application, in the file's order.
    pub decisions: Vec<Decision>,
    pub error: Option<FileError>,
    pub status: Option<BatchStatus>,
    pub sort: SortKey,
    /// Only the rows with this outcome.
    pub filter: Option<Outcome>,
    /// The row whose decision card is open (an index into `decisions`).
    pub selected: Option<usize>,
    /// The open card's decision was just copied.
    pub copied: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open,
    Export,
    Sort(SortKey),
    Filter(Option<Outcome>),
    Select(usize),
    Close,
    Copy,
    /// Write the open card's decision slip (PDF).
    Slip,
    /// Write an empty register to fill in.
    Template,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Open,
    Export,
    /// Put the open card's decision on the clipboard.
    Copy(usize),
    /// Write the decision slip of this row (PDF).
    Slip(usize),
    /// Write an empty register.
    Template,
}

/// Where the handover date of an item in the batch came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    File(NaiveDate),
    Recorded(NaiveDate),
    Assumed,
}

impl Batch {
    /// A file was opened: routes it with the session (the file's handover dates override the
    /// recorded ones).
    pub fn load(&mut self, session: &Session, file: String, register: Register) {
        self.decisions = session.route_batch(&register.batch);
        self.register = Some(register);
        self.file = Some(file);
        self.error = None;
        self.status = None;
        self.selected = None;
        self.filter = None;
        self.copied = false;
    }

    /// The file could not be read: no table, and why.
    pub fn failed(&mut self, e: FileError) {
        self.error = Some(e);
        self.register = None;
        self.decisions.clear();
        self.selected = None;
    }

    /// Routes the open file again, after the recorded handover dates changed.
    pub fn reroute(&mut self, session: &Session) {
        if let Some(b) = self.applications() {
            self.decisions = session.route_batch(b);
        }
    }

    /// The table for export, in `lang`.
    /// The same decision table `route --out` writes: the file's columns, then the decision's.
    pub fn table(&self, lang: Lang) -> Option<Table> {
        let r = self.register.as_ref()?;
        Some(report::decision_table(lang, r, &self.decisions))
    }

    /// The application and decision of row `i`, for its slip.
    pub fn slip_of(&self, i: usize) -> Option<(&Application, &Decision)> {
        let a = self.applications()?.applications.get(i)?;
        Some((a, self.decisions.get(i)?))
    }

    /// The applications read from the file.
    pub fn applications(&self) -> Option<&ApplicationsFile> {
        self.register.as_ref().map(|r| &r.batch)
    }

    /// The rows of the file that could not be read (each INVALID), in words: where and why.
    pub fn bad_rows(&self, lang: Lang) -> Vec<String> {
        let Some(r) = &self.register else {
            return Vec::new();
        };
        r.rows
            .iter()
            .filter_map(|row| match &row.entry {
                Entry::Bad(bad) => Some(bad.text(lang)),
                Entry::App(_) => None,
            })
            .collect()
    }

    /// The error in `lang`.
    pub fn error_text(&self, lang: Lang) -> Option<String> {
        self.error.as_ref().map(|e| e.text(lang))
    }

    /// The decision on the open card, as text for the clipboard.
    pub fn decision_text(&self, i: usize, lang: Lang) -> Option<String> {
        self.decisions.get(i).map(|d| d.to_text(lang))
    }

    /// The handover dates of the items in the batch, and where each came from.
    pub fn dates_used(&self, recorded: &BTreeMap<u8, NaiveDate>) -> Vec<(u8, DateSource)> {
        let Some(b) = self.applications() else {
            return Vec::new();
        };
        let mut items: Vec<u8> = b.applications.iter().map(|a| a.item).collect();
        items.sort_unstable();
        items.dedup();
        items
            .into_iter()
            .map(|no| {
                let src = match (b.handover.get(&no), recorded.get(&no)) {
                    (Some(d), _) => DateSource::File(*d),
                    (None, Some(d)) => DateSource::Recorded(*d),
                    (None, None) => DateSource::Assumed,
                };
                (no, src)
            })
            .collect()
    }

    /// The indices of the rows shown, in the order shown.
    pub fn shown(&self) -> Vec<usize> {
        let Some(b) = self.applications() else {
            return Vec::new();
        };
        let mut rows: Vec<usize> = (0..self.decisions.len())
            .filter(|i| self.filter.is_none_or(|o| self.decisions[*i].outcome == o))
            .collect();
        match self.sort {
            SortKey::File => {}
            SortKey::Id => rows.sort_by(|a, b| self.decisions[*a].id.cmp(&self.decisions[*b].id)),
            SortKey::Outcome => rows.sort_by_key(|i| {
                Outcome::ALL
                    .iter()
                    .position(|o| *o == self.decisions[*i].outcome)
            }),
            SortKey::Received => rows.sort_by_key(|i| b.applications.get(*i).map(|a| a.received)),
        }
        rows
    }

    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        if !matches!(message, Message::Copy) {
            self.copied = false;
        }
        match message {
            Message::Open => return Update::event(Event::Open),
            Message::Export => return Update::event(Event::Export),
            Message::Sort(k) => self.sort = k,
            Message::Filter(f) => {
                self.filter = f;
                if let Some(i) = self.selected
                    && f.is_some_and(|o| self.decisions.get(i).map(|d| d.outcome) != Some(o))
                {
                    self.selected = None;
                }
            }
            Message::Select(i) => {
                self.selected = if self.selected == Some(i) {
                    None
                } else {
                    Some(i)
                }
            }
            Message::Close => self.selected = None,
            Message::Copy => {
                if let Some(i) = self.selected {
                    self.copied = true;
                    return Update::event(Event::Copy(i));
                }
            }
            Message::Slip => {
                if let Some(i) = self.selected {
                    return Update::event(Event::Slip(i));
                }
            }
            Message::Template => return Update::event(Event::Template),
        }
        Update::none()
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let mut head = row![
            button(text(Pick::OpenBatch.label().get(lang))).on_press(Message::Open),
            button(text(Pick::ExportBatch.label().get(lang)))
                .on_press_maybe(self.register.as_ref().map(|_| Message::Export))
                .style(button::secondary),
            button(text(Pick::Template.label().get(lang)))
                .on_press(Message::Template)
                .style(button::secondary),
        ]
        .spacing(8)
        .align_y(iced::Center);
        if self.register.is_some() {
            head = head.push(self.filters(lang));
        }
        if let Some(f) = &self.file {
            // Which sheet of a workbook was read (the template's 办件登记, or the first visible).
            let shown = match self.register.as_ref().and_then(|r| r.sheet.as_deref()) {
                Some(sheet) if f.to_ascii_lowercase().ends_with(".xlsx") => {
                    delegation_words::cli::read_sheet(lang, std::path::Path::new(f), sheet)
                }
                _ => f.clone(),
            };
            head = head.push(text(shown).size(13).style(style::muted));
        }
        let mut col = column![head.wrap().vertical_spacing(6)].spacing(8);
        if let Some(e) = self.error_text(lang) {
            col = col.push(style::card(text(e).style(style::error)));
        }
        match &self.status {
            Some(BatchStatus::Exported(path)) => {
                col = col.push(
                    text(format!("{} {path}", L::Exported.get(lang)))
                        .size(13)
                        .style(style::success),
                );
            }
            Some(BatchStatus::Failed(e)) => {
                col = col.push(
                    text(format!(
                        "{}{}{}",
                        L::Failed.get(lang),
                        lang.colon(),
                        e.text(lang)
                    ))
                    .size(13)
                    .style(style::error),
                );
            }
            None => {}
        }
        if self.register.is_none() {
            return col
                .push(text(L::BatchHint.get(lang)).style(style::muted))
                .into();
        }
        col = col.push(self.dates_line(ctx));
        let bad = self.bad_rows(lang);
        if !bad.is_empty() {
            // Rows the file could not give as applications: each counts as INVALID, and says
            // which cell is wrong (Sheet1!F7 日取水量（立方米）…).
            let list = bad.into_iter().fold(
                column![text(L::BadRows.get(lang)).style(style::error)].spacing(2),
                |c, line| c.push(text(line).size(13).style(style::error)),
            );
            col = col.push(style::card(list));
        }
        // With a card open the table keeps the id and the outcome: the rest is in the card,
        // and four columns in two fifths of the window break 管委会 at 1.6×.
        let table = self.table_view(lang, self.selected.is_some());
        let body: Element<'a, Message> = match self.selected.and_then(|i| self.decisions.get(i)) {
            Some(d) => row![
                container(table).width(FillPortion(2)),
                column![
                    button(text(L::Close.get(lang)).size(13))
                        .on_press(Message::Close)
                        .style(button::text),
                    decision_card(
                        d.clone(),
                        lang,
                        self.copied,
                        Message::Copy,
                        Message::Slip,
                        false
                    ),
                ]
                .spacing(4)
                .width(FillPortion(3)),
            ]
            .spacing(12)
            .height(Fill)
            .into(),
            None => table,
        };
        col.push(body).into()
    }

    /// "Handover dates used: item 10 2024-06-20 (from the file); item 2 not recorded, …".
    fn dates_line<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let used: Vec<(u8, DateSource)> = self
            .dates_used(ctx.recorded)
            .into_iter()
            .filter(|(no, _)| ctx.cat.item(*no).is_some())
            .collect();
        let mut parts: Vec<String> = used
            .iter()
            .filter_map(|(no, src)| {
                let (d, whence) = match src {
                    DateSource::File(d) => (d, L::DateFromFile),
                    DateSource::Recorded(d) => (d, L::HandoverRecorded),
                    DateSource::Assumed => return None,
                };
                Some(format!(
                    "{} {}{}",
                    item_no(lang, *no),
                    ymd(*d),
                    lang.paren(whence.get(lang))
                ))
            })
            .collect();
        // The items with no date: one group, "第1、2、3项 未登记，按法定期限推定".
        let unrecorded: Vec<String> = used
            .iter()
            .filter(|(_, s)| *s == DateSource::Assumed)
            .map(|(no, _)| no.to_string())
            .collect();
        if !unrecorded.is_empty() {
            let items = match lang {
                Lang::Zh => format!("第{}项", unrecorded.join("、")),
                Lang::En => format!("items {}", unrecorded.join(", ")),
            };
            parts.push(format!("{items} {}", L::HandoverAssumed.get(lang)));
        }
        let assumed = used.iter().any(|(_, s)| *s == DateSource::Assumed);
        text(format!(
            "{}{}{}",
            L::DatesUsed.get(lang),
            lang.colon(),
            parts.join(lang.semicolon())
        ))
        .size(13)
        .style(if assumed {
            style::warning
        } else {
            style::muted
        })
        .into()
    }

    /// A menu of the outcomes with their counts ("全部 58", "由增城开发区管委会审批 24", …);
    /// the chosen one filters the table. One line at any text size.
    fn filters<'a>(&self, lang: Lang) -> Element<'a, Message> {
        let mut options = vec![Choice {
            value: None,
            label: format!("{} {}", L::All.get(lang), self.decisions.len()),
        }];
        for o in Outcome::ALL {
            let n = self.decisions.iter().filter(|d| d.outcome == o).count();
            if n > 0 {
                options.push(Choice {
                    value: Some(o),
                    label: format!("{} {n}", o.label(lang)),
                });
            }
        }
        let selected = options.iter().find(|c| c.value == self.filter).cloned();
        row![
            text(L::FilterOutcome.get(lang))
                .size(13)
                .style(style::muted),
            pick_list(options, selected, |c: Choice<Outcome>| Message::Filter(
                c.value
            ))
            .text_size(13),
        ]
        .spacing(6)
        .align_y(iced::Center)
        .into()
    }

    fn table_view<'a>(&'a self, lang: Lang, compact: bool) -> Element<'a, Message> {
        // Four columns wide enough for 管委会 at 1.6×: the id with the item and date under
        // it, the outcome with the approving body, in whose name, the deciding finding.
        const W: [u16; 4] = [2, 4, 3, 5];
        let heading = |label: String, key: Option<SortKey>, w: u16| -> Element<'a, Message> {
            let t = text(match key {
                Some(k) if k == self.sort => format!("{label} ▼"),
                _ => label,
            })
            .size(13)
            .style(style::muted);
            match key {
                Some(k) => button(t)
                    .on_press(Message::Sort(if k == self.sort {
                        SortKey::File
                    } else {
                        k
                    }))
                    .padding(0)
                    .style(button::text)
                    .width(FillPortion(w))
                    .into(),
                None => container(t).width(FillPortion(w)).into(),
            }
        };
        let header = row![
            heading(
                BatchColumn::Id.label(lang).to_string(),
                Some(SortKey::Id),
                W[0]
            ),
            heading(
                BatchColumn::Outcome.label(lang).to_string(),
                Some(SortKey::Outcome),
                W[1]
            ),
        ]
        .push(
            (!compact).then(|| heading(BatchColumn::InNameOf.label(lang).to_string(), None, W[2])),
        )
        .push((!compact).then(|| heading(BatchColumn::Finding.label(lang).to_string(), None, W[3])))
        .spacing(10)
        .padding([0, 6]);
        let apps = self.applications().map(|b| &b.applications);
        let mut rows = column![].spacing(4);
        for i in self.shown() {
            let d = &self.decisions[i];
            let app = apps.and_then(|a| a.get(i));
            // The item only: the received date is in the card, and in the finding where it
            // decides.
            let sub = app.map_or(String::new(), |a| item_no(lang, a.item));
            let body = match (d.outcome, d.approving_body.as_deref()) {
                (Outcome::NotDelegated, _) => L::NotDelegatedShort.get(lang).to_string(),
                (_, Some(b)) => format!("{}{}{b}", L::ApprovingBody.get(lang), lang.colon()),
                (_, None) => String::new(),
            };
            let finding = d
                .deciding_step()
                .map(|s| s.finding.text(lang))
                .unwrap_or_default();
            let line = row![
                column![
                    text(d.id.as_str()).size(14),
                    text(sub).size(12).style(style::muted)
                ]
                .width(FillPortion(W[0])),
                column![
                    text(d.outcome.label(lang))
                        .size(14)
                        .style(outcome_style(d.outcome)),
                    text(body).size(13),
                ]
                .width(FillPortion(W[1])),
            ]
            .push((!compact).then(|| {
                text(d.in_name_of.as_deref().unwrap_or("—").to_string())
                    .size(13)
                    .width(FillPortion(W[2]))
            }))
            .push((!compact).then(|| text(finding).size(13).width(FillPortion(W[3]))))
            .spacing(10);
            let selected = self.selected == Some(i);
            rows = rows.push(
                button(line)
                    .on_press(Message::Select(i))
                    .padding([4, 6])
                    .width(Fill)
                    .style(move |t: &iced::Theme, s| row_style(t, s, selected)),
            );
        }
        column![
            header,
            scrollable(rows.padding(iced::Padding::ZERO.right(12))).height(Fill),
            text(L::BatchRowHint.get(lang)).size(12).style(style::muted),
        ]
        .spacing(6)
        .height(Length::Fill)
        .into()
    }
}

/// A row of the table: quiet until hovered, marked while its card is open.
fn row_style(theme: &iced::Theme, status: button::Status, selected: bool) -> button::Style {
    let p = theme.extended_palette();
    let bg = if selected {
        Some(p.background.weak.color.into())
    } else {
        match status {
            button::Status::Hovered | button::Status::Pressed => {
                Some(p.background.weakest.color.into())
            }
            _ => None,
        }
    };
    button::Style {
        background: bg,
        text_color: p.background.base.text,
        border: iced::Border::default().rounded(4),
        ..button::Style::default()
    }
}
