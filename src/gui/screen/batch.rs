//! 批量分派: an applications file routed in one go, shown as a table and exported.
//!
//! The screen keeps the file and its decisions, never their words: every heading, outcome and
//! finding is put in words while drawing, so a language switch re-renders all of it.
//!
//! A register may hold 100,000 rows. The table therefore draws only the rows in view (a
//! virtualised list: fixed-height rows laid out from the scroll offset, one spacer above and
//! one below), so a frame costs the same at 10 rows and at 100,000; the rows are the file's
//! (an unreadable row is an INVALID row with its id and cell), filtered and sorted as a list of
//! indices kept between frames; the file is read and routed off the UI thread (`load`).

pub mod load;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use iced::widget::{
    Id, Space, button, column, container, operation, pick_list, row, scrollable, text,
};
use iced::{Element, Fill, FillPortion, Length, Task};

use super::router::{decision_card, outcome_style};
use super::{Choice, Ctx, Update, ymd};
use crate::gui::dialog::Pick;
use crate::gui::style;
use delegation_files::error::PathError;
use delegation_files::error::{FileError, Problem};
use delegation_files::register::{BadRow, Column, Entry, Register};
use delegation_files::table::Table;
use delegation_law::applications::ApplicationsFile;
use delegation_law::facts::Application;
use delegation_law::report::BatchColumn;
use delegation_law::router::{Decision, Outcome};
use delegation_session::Session;
use delegation_words::dates::item_no;
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::{self, L};

pub use load::{Cancel, Loaded, Progress};

/// What the last export did, kept typed so that it is said in the language of the moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchStatus {
    Exported(String),
    Failed(PathError),
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

/// The height of a table row in logical pixels: room for three lines of 13 px text. Every
/// row has it, so the rows in view follow from the scroll offset alone.
pub const ROW_HEIGHT: f32 = 62.0;

/// The table's scrollable (the view scrolls it back to the top when the rows change).
pub const TABLE_ID: &str = "batch-table";

/// Below this window height (logical pixels at the current text size) the screen scrolls as
/// a page and the table keeps a height of its own; above it the table takes what is left.
const ROOMY_HEIGHT: f32 = 560.0;
/// Below this width the decision card replaces the table instead of sitting beside it.
const WIDE_WIDTH: f32 = 900.0;

/// A load under way.
#[derive(Debug, Clone)]
pub struct Loading {
    /// Which load this is: a report of an earlier, replaced load is ignored.
    pub id: u64,
    pub file: String,
    /// Rows read and routed so far (`None` before the first report).
    pub done: Option<usize>,
    pub cancel: Cancel,
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
    /// Only the rows with this outcome (an unreadable row is INVALID).
    pub filter: Option<Outcome>,
    /// The row whose card is open (an index into the register's rows).
    pub selected: Option<usize>,
    /// The open card's decision was just copied.
    pub copied: bool,
    /// The register's columns explained (the template's explanation sheet) are shown.
    pub help: bool,
    pub loading: Option<Loading>,
    /// The last load was cancelled (said until the next action).
    pub cancelled: bool,
    /// The rows shown, in the order shown (indices into the register's rows).
    order: Vec<usize>,
    /// Rows by outcome, in `Outcome::ALL` order; they add up to the file's rows.
    counts: [usize; Outcome::ALL.len()],
    /// The items the batch's applications name, each once, ascending.
    items: Vec<u8>,
    /// The table's scroll offset and the height of its viewport, in logical pixels.
    offset: f32,
    viewport: Option<f32>,
    loads: u64,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open,
    Export,
    Sort(SortKey),
    Filter(Option<Outcome>),
    /// A row of the table (an index into the register's rows).
    Select(usize),
    Close,
    Copy,
    /// Write the open card's decision slip (PDF).
    Slip,
    /// Write an empty register to fill in.
    Template,
    /// Show or hide what each column of a register takes.
    Help,
    /// The table was scrolled: its offset and viewport height.
    Scrolled {
        offset: f32,
        height: f32,
    },
    /// A report of load `id`.
    Loading(u64, Progress),
    /// Stop the load under way.
    CancelLoad,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Open,
    Export,
    /// Put this application's decision on the clipboard (an index into `decisions`).
    Copy(usize),
    /// Write the decision slip of this application (PDF).
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

/// What a row of the table is: an application with its decision, or a row that could not
/// be read.
enum RowRef<'a> {
    App(usize, &'a Decision),
    Bad(&'a BadRow),
}

fn outcome_pos(o: Outcome) -> usize {
    Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0)
}

impl Batch {
    /// Starts reading and routing `path` off the UI thread (see [`load`]); the table stays as
    /// it is until the new file is in.
    pub fn start(&mut self, session: &Session, path: PathBuf, today: NaiveDate) -> Task<Message> {
        if let Some(l) = &self.loading {
            l.cancel.cancel();
        }
        self.loads += 1;
        let id = self.loads;
        let file = path.display().to_string();
        let cancel = Cancel::default();
        self.loading = Some(Loading {
            id,
            file: file.clone(),
            done: None,
            cancel: cancel.clone(),
        });
        self.cancelled = false;
        self.status = None;
        load::start(path, file, today, session.routing(), cancel)
            .map(move |p| Message::Loading(id, p))
    }

    /// The sheet row (or .csv line) the `i`-th application of the register was read from.
    fn sheet_row(&self, i: usize) -> u32 {
        self.register
            .as_ref()
            .and_then(|r| r.rows.get(i))
            .map_or(0, |r| r.row)
    }

    /// A file was read and routed: the table shows it from the top, in the file's order.
    pub fn loaded(&mut self, loaded: Loaded) {
        self.register = Some(loaded.register);
        self.decisions = loaded.decisions;
        self.file = Some(loaded.file);
        self.error = None;
        self.status = None;
        self.selected = None;
        self.filter = None;
        self.sort = SortKey::File;
        self.copied = false;
        self.help = false;
        self.offset = 0.0;
        self.refresh();
    }

    /// A file was opened and read on this thread: routes it with the session (the file's
    /// handover dates override the recorded ones).
    pub fn load(&mut self, session: &Session, file: String, register: Register) {
        let decisions = session.route_batch(&register.batch);
        self.loaded(Loaded {
            file,
            register,
            decisions,
        });
    }

    /// The file could not be read: no table, and why.
    pub fn failed(&mut self, e: FileError) {
        self.error = Some(e);
        self.register = None;
        self.decisions.clear();
        self.selected = None;
        self.refresh();
    }

    /// Routes the open file again, after the recorded handover dates changed.
    pub fn reroute(&mut self, session: &Session) {
        if let Some(b) = self.applications() {
            self.decisions = session.route_batch(b);
            self.refresh();
        }
    }

    /// Counts, items and the shown rows again, after the file or its decisions changed.
    fn refresh(&mut self) {
        self.counts = [0; Outcome::ALL.len()];
        for i in 0..self.rows_len() {
            if let Some(o) = self.outcome_of(i) {
                self.counts[outcome_pos(o)] += 1;
            }
        }
        self.items = self
            .applications()
            .map(|b| {
                let mut seen = [false; 256];
                for a in &b.applications {
                    seen[usize::from(a.item)] = true;
                }
                (0..=255u8).filter(|i| seen[usize::from(*i)]).collect()
            })
            .unwrap_or_default();
        self.reorder();
    }

    /// The shown rows again, after the filter or the order changed.
    fn reorder(&mut self) {
        let mut rows: Vec<usize> = (0..self.rows_len())
            .filter(|i| self.filter.is_none() || self.outcome_of(*i) == self.filter)
            .collect();
        match self.sort {
            SortKey::File => {}
            SortKey::Id => rows.sort_by(|a, b| self.id_of(*a).cmp(self.id_of(*b))),
            SortKey::Outcome => rows.sort_by_key(|i| self.outcome_of(*i).map(outcome_pos)),
            // Rows with no date (unreadable) last.
            SortKey::Received => rows.sort_by_key(|i| match self.row(*i) {
                Some(RowRef::App(a, _)) => (0, self.application(a).map(|a| a.received)),
                _ => (1, None),
            }),
        }
        self.order = rows;
    }

    fn rows_len(&self) -> usize {
        self.register.as_ref().map_or(0, |r| r.rows.len())
    }

    /// Row `i` of the file: its application and decision, or why it could not be read.
    fn row(&self, i: usize) -> Option<RowRef<'_>> {
        match &self.register.as_ref()?.rows.get(i)?.entry {
            Entry::App(a) => Some(RowRef::App(*a, self.decisions.get(*a)?)),
            Entry::Bad(b) => Some(RowRef::Bad(b)),
        }
    }

    /// The outcome of row `i`: an unreadable row is INVALID.
    pub fn outcome_of(&self, i: usize) -> Option<Outcome> {
        match self.row(i)? {
            RowRef::App(_, d) => Some(d.outcome),
            RowRef::Bad(_) => Some(Outcome::Invalid),
        }
    }

    fn id_of(&self, i: usize) -> &str {
        match self.row(i) {
            Some(RowRef::App(_, d)) => &d.id,
            Some(RowRef::Bad(b)) => b.id.as_deref().unwrap_or(""),
            None => "",
        }
    }

    fn application(&self, a: usize) -> Option<&Application> {
        self.applications()?.applications.get(a)
    }

    /// The rows in the order shown (indices into the register's rows).
    pub fn shown(&self) -> &[usize] {
        &self.order
    }

    /// The table for export, in `lang`.
    /// The same decision table `route --out` writes: the file's columns, then the decision's.
    pub fn table(&self, lang: Lang) -> Option<Table> {
        let r = self.register.as_ref()?;
        Some(report::decision_table(lang, r, &self.decisions))
    }

    /// The application and decision of application `i`, for its slip.
    pub fn slip_of(&self, i: usize) -> Option<(&Application, &Decision)> {
        Some((self.application(i)?, self.decisions.get(i)?))
    }

    /// The applications read from the file.
    pub fn applications(&self) -> Option<&ApplicationsFile> {
        self.register.as_ref().map(|r| &r.batch)
    }

    /// The rows of the file that could not be read (each INVALID), in words: the id (as the
    /// command line names it), then where and why.
    pub fn bad_rows(&self, lang: Lang) -> Vec<String> {
        let Some(r) = &self.register else {
            return Vec::new();
        };
        r.rows
            .iter()
            .filter_map(|row| match &row.entry {
                Entry::Bad(bad) => Some(bad_row_line(lang, row.row, bad)),
                Entry::App(_) => None,
            })
            .collect()
    }

    /// The error in `lang`.
    pub fn error_text(&self, lang: Lang) -> Option<String> {
        self.error.as_ref().map(|e| e.text(lang))
    }

    /// The decision of application `i`, as text for the clipboard.
    pub fn decision_text(&self, i: usize, lang: Lang) -> Option<String> {
        self.decisions.get(i).map(|d| d.to_text(lang))
    }

    /// The handover dates of the items in the batch, and where each came from.
    pub fn dates_used(&self, recorded: &BTreeMap<u8, NaiveDate>) -> Vec<(u8, DateSource)> {
        let Some(b) = self.applications() else {
            return Vec::new();
        };
        self.items
            .iter()
            .map(|&no| {
                let src = match (b.handover.get(&no), recorded.get(&no)) {
                    (Some(d), _) => DateSource::File(*d),
                    (None, Some(d)) => DateSource::Recorded(*d),
                    (None, None) => DateSource::Assumed,
                };
                (no, src)
            })
            .collect()
    }

    /// Rows by outcome, in `Outcome::ALL` order; they add up to the file's rows.
    pub fn counts(&self) -> [usize; Outcome::ALL.len()] {
        self.counts
    }

    /// The application of the open card, if its row was readable.
    fn selected_app(&self) -> Option<usize> {
        match self.row(self.selected?)? {
            RowRef::App(a, _) => Some(a),
            RowRef::Bad(_) => None,
        }
    }

    /// Back to the table's top (the rows changed under it).
    fn scroll_to_top(&mut self) -> Task<Message> {
        self.offset = 0.0;
        operation::snap_to(Id::new(TABLE_ID), operation::RelativeOffset::START)
    }

    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        if !matches!(
            message,
            Message::Copy | Message::Scrolled { .. } | Message::Loading(..)
        ) {
            self.copied = false;
            if !matches!(message, Message::CancelLoad) {
                self.cancelled = false;
            }
        }
        match message {
            Message::Open => return Update::event(Event::Open),
            Message::Export => return Update::event(Event::Export),
            Message::Sort(k) => {
                self.sort = k;
                self.reorder();
                return Update::task(self.scroll_to_top());
            }
            Message::Filter(f) => {
                self.filter = f;
                if let Some(i) = self.selected
                    && f.is_some_and(|o| self.outcome_of(i) != Some(o))
                {
                    self.selected = None;
                }
                self.reorder();
                return Update::task(self.scroll_to_top());
            }
            Message::Select(i) => {
                self.selected = if self.selected == Some(i) {
                    None
                } else {
                    Some(i)
                };
                self.help = false;
            }
            Message::Close => self.selected = None,
            Message::Copy => {
                if let Some(a) = self.selected_app() {
                    self.copied = true;
                    return Update::event(Event::Copy(a));
                }
            }
            Message::Slip => {
                if let Some(a) = self.selected_app() {
                    return Update::event(Event::Slip(a));
                }
            }
            Message::Template => return Update::event(Event::Template),
            Message::Help => self.help = !self.help,
            Message::Scrolled { offset, height } => {
                self.offset = offset.max(0.0);
                self.viewport = Some(height);
            }
            Message::Loading(id, progress) => {
                if self.loading.as_ref().map(|l| l.id) != Some(id) {
                    return Update::none(); // a load that was replaced or cancelled
                }
                match progress {
                    Progress::Reading => {}
                    Progress::Routed { done } => {
                        if let Some(l) = &mut self.loading {
                            l.done = Some(done);
                        }
                    }
                    Progress::Done(cell) => {
                        self.loading = None;
                        let taken = cell.lock().ok().and_then(|mut c| c.take());
                        if let Some(loaded) = taken {
                            self.loaded(loaded);
                            return Update::task(self.scroll_to_top());
                        }
                    }
                    Progress::Failed(e) => {
                        self.loading = None;
                        self.failed(e);
                    }
                    Progress::Cancelled => {
                        self.loading = None;
                        self.cancelled = true;
                    }
                }
            }
            Message::CancelLoad => {
                if let Some(l) = self.loading.take() {
                    l.cancel.cancel();
                    self.cancelled = true;
                }
            }
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
            button(text(
                if self.help {
                    L::ColumnsHelpHide
                } else {
                    L::ColumnsHelp
                }
                .get(lang)
            ))
            .on_press(Message::Help)
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
        if let Some(l) = &self.loading {
            col = col.push(
                row![
                    text(ui::loading(lang, &l.file, l.done))
                        .size(13)
                        .style(style::warning),
                    button(text(L::LoadCancel.get(lang)).size(13))
                        .on_press(Message::CancelLoad)
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(iced::Center)
                .wrap(),
            );
        }
        if self.cancelled {
            col = col.push(
                text(L::LoadCancelled.get(lang))
                    .size(13)
                    .style(style::muted),
            );
        }
        if let Some(e) = &self.error {
            let mut lines = column![text(e.text(lang)).style(style::error)].spacing(4);
            if matches!(e.problem, Problem::TooLarge { .. }) {
                lines = lines.push(text(ui::too_large_for_app(lang, &e.file)));
            }
            col = col.push(style::card(lines));
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
        let roomy = ctx.height >= ROOMY_HEIGHT;
        let body: Element<'a, Message> = if self.help {
            columns_help(lang)
        } else if self.register.is_none() {
            text(L::BatchHint.get(lang)).style(style::muted).into()
        } else {
            col = col.push(self.dates_line(ctx));
            let unreadable = self.register.as_ref().map_or(0, Register::bad_rows);
            if unreadable > 0 {
                // The unreadable rows are in the table as INVALID, each with its id and cell;
                // the filter shows them alone.
                col = col.push(
                    text(ui::unreadable_rows(lang, unreadable))
                        .size(13)
                        .style(style::error),
                );
            }
            self.body(ctx)
        };
        if roomy {
            col.push(container(body).height(Fill)).into()
        } else {
            // A short window (1024×600, or 1.6× text): the page scrolls, and the table or card
            // keeps nearly a window's height of its own.
            let own = (ctx.height - 80.0).max(4.0 * ROW_HEIGHT);
            let col = col.push(container(body).height(Length::Fixed(own)));
            scrollable(col.padding(iced::Padding::ZERO.right(12)))
                .height(Fill)
                .into()
        }
    }

    /// The table, the open card beside it, or (in a narrow window) the card alone.
    fn body<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let Some(i) = self.selected else {
            return self.table_view(ctx, false);
        };
        let close = button(text(L::Close.get(lang)).size(13))
            .on_press(Message::Close)
            .style(button::text);
        let card = column![close, self.row_card(i, lang)].spacing(4);
        if ctx.width >= WIDE_WIDTH {
            // With a card open the table keeps the id and the outcome: the rest is in the
            // card, and four columns in two fifths of the window break 管委会 at 1.6×.
            row![
                container(self.table_view(ctx, true)).width(FillPortion(2)),
                card.width(FillPortion(3)),
            ]
            .spacing(12)
            .height(Fill)
            .into()
        } else {
            card.height(Fill).into()
        }
    }

    /// The card of row `i`: its decision (the router screen's card, which renders a core
    /// `Decision`), or for an unreadable row, which cells are wrong.
    fn row_card<'a>(&self, i: usize, lang: Lang) -> Element<'a, Message> {
        match self.row(i) {
            Some(RowRef::App(_, d)) => decision_card(
                d.clone(),
                lang,
                self.copied,
                Message::Copy,
                Message::Slip,
                false,
            ),
            Some(RowRef::Bad(b)) => {
                let at = self.sheet_row(i);
                let id = b.id.as_deref().unwrap_or(L::RowNoId.get(lang));
                let col = b.problems.iter().fold(
                    column![
                        style::heading(format!("{id}　{}", ui::sheet_row(lang, at))),
                        text(L::BadRowTitle.get(lang)).style(style::error),
                    ]
                    .spacing(8),
                    |c, p| c.push(text(p.text(lang))),
                );
                style::card(scrollable(col).height(Fill))
            }
            None => text("").into(),
        }
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

    /// A menu of the outcomes with their counts ("全部 58", "由增城开发区管委会审批 24", …,
    /// "申请信息无效 3"): the counts add up to the file's rows; the chosen one filters the
    /// table. One line at any text size.
    fn filters<'a>(&self, lang: Lang) -> Element<'a, Message> {
        let mut options = vec![Choice {
            value: None,
            label: format!("{} {}", L::All.get(lang), self.rows_len()),
        }];
        for (o, n) in Outcome::ALL.into_iter().zip(self.counts) {
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

    fn table_view<'a>(&'a self, ctx: &Ctx<'a>, compact: bool) -> Element<'a, Message> {
        let lang = ctx.lang;
        // Four columns wide enough for 管委会 at 1.6×: the id with the item under it, the
        // outcome with the approving body, in whose name, the deciding finding.
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
        .padding(iced::Padding::from([0, 6]).right(18));
        // Only the rows in view are laid out: from the scroll offset, as many as the viewport
        // holds (the window's height before the table first reports its own), plus one.
        let total = self.order.len();
        let view_h = self.viewport.unwrap_or(ctx.height).max(ROW_HEIGHT);
        let first = ((self.offset / ROW_HEIGHT).floor() as usize).min(total);
        let count = ((view_h / ROW_HEIGHT).ceil() as usize + 2).min(total - first);
        let rows = self.order[first..first + count]
            .iter()
            .fold(column![], |c, &i| {
                c.push(self.table_row(i, lang, compact, W))
            });
        let list = column![
            Space::new().height(first as f32 * ROW_HEIGHT),
            rows,
            Space::new().height((total - first - count) as f32 * ROW_HEIGHT),
        ]
        .padding(iced::Padding::ZERO.right(12));
        column![
            header,
            scrollable(list)
                .id(Id::new(TABLE_ID))
                .on_scroll(|v| Message::Scrolled {
                    offset: v.absolute_offset().y,
                    height: v.bounds().height,
                })
                .height(Fill),
            text(L::BatchRowHint.get(lang)).size(12).style(style::muted),
        ]
        .spacing(6)
        .height(Length::Fill)
        .into()
    }

    /// Row `i` of the table, [`ROW_HEIGHT`] high whatever its words (what does not fit is
    /// in its card).
    fn table_row<'a>(
        &self,
        i: usize,
        lang: Lang,
        compact: bool,
        w: [u16; 4],
    ) -> Element<'a, Message> {
        let (id, sub, outcome, body, name, finding) = match self.row(i) {
            Some(RowRef::App(a, d)) => {
                // The item only: the received date is in the card, and in the finding where
                // it decides.
                let sub = self
                    .application(a)
                    .map_or(String::new(), |a| item_no(lang, a.item));
                let body = match (d.outcome, d.approving_body.as_deref()) {
                    (Outcome::NotDelegated, _) => L::NotDelegatedShort.get(lang).to_string(),
                    (_, Some(b)) => format!("{}{}{b}", L::ApprovingBody.get(lang), lang.colon()),
                    (_, None) => String::new(),
                };
                let finding = d
                    .deciding_step()
                    .map(|s| s.finding.text(lang))
                    .unwrap_or_default();
                let name = d.in_name_of.as_deref().unwrap_or("—").to_string();
                (d.id.clone(), sub, d.outcome, body, name, finding)
            }
            Some(RowRef::Bad(b)) => {
                let at = self.sheet_row(i);
                (
                    b.id.clone()
                        .unwrap_or_else(|| L::RowNoId.get(lang).to_string()),
                    ui::sheet_row(lang, at),
                    Outcome::Invalid,
                    String::new(),
                    "—".to_string(),
                    b.text(lang),
                )
            }
            None => (
                String::new(),
                String::new(),
                Outcome::Invalid,
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let line = row![
            column![text(id).size(14), text(sub).size(12).style(style::muted)]
                .width(FillPortion(w[0])),
            column![
                text(outcome.label(lang))
                    .size(14)
                    .style(outcome_style(outcome)),
                text(body).size(13),
            ]
            .width(FillPortion(w[1])),
        ]
        .push((!compact).then(|| text(name).size(13).width(FillPortion(w[2]))))
        .push((!compact).then(|| text(finding).size(13).width(FillPortion(w[3]))))
        .spacing(10);
        let selected = self.selected == Some(i);
        button(container(line).height(Fill).clip(true))
            .on_press(Message::Select(i))
            .padding([4, 6])
            .width(Fill)
            .height(ROW_HEIGHT)
            .style(move |t: &iced::Theme, s| row_style(t, s, selected))
            .into()
    }
}

/// "ZC-002 办件登记!I3 日取水量（立方米）：不是整数 '5万'": an unreadable row as the command line
/// names it.
fn bad_row_line(lang: Lang, at: u32, bad: &BadRow) -> String {
    let id = bad.id.clone().unwrap_or_else(|| ui::sheet_row(lang, at));
    format!("{id} {}", bad.text(lang))
}

/// What each column of a register takes: the template's explanation sheet, on screen.
fn columns_help<'a>(lang: Lang) -> Element<'a, Message> {
    let t = report::template_text(lang);
    let lines = Column::ALL.iter().zip(&t.help).fold(
        column![style::heading(t.help_sheet.clone())].spacing(6),
        |c, (col, help)| {
            c.push(
                row![
                    text(col.heading()).width(FillPortion(1)),
                    text(help.clone()).size(14).width(FillPortion(4)),
                ]
                .spacing(12),
            )
        },
    );
    let lines = t
        .notes
        .into_iter()
        .fold(lines, |c, n| c.push(text(n).size(14).style(style::muted)));
    style::card(scrollable(lines.padding(iced::Padding::ZERO.right(12))).height(Fill))
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
