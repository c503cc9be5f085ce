//! 办件台账: the case register, a page at a time — filtered by year, item, status, result and
//! overdue, searched by number or applicant, in one of four orders — and a case's card, with
//! its decision, its earlier decisions, its working days and limit, its audit trail, and
//! closing and reopening. The store is the app's ([`delegation_session::desk::Desk`]): this
//! screen says what to ask for, and shows what came back.

mod card;
mod figures;

use chrono::{Datelike, NaiveDate};
use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, space, text, text_input,
};
use iced::{Element, Fill, FillPortion};

use super::{Choice, Ctx, Update, ymd};
use crate::gui::dialog::Pick;
use crate::gui::steady::steady;
use crate::gui::style::{self, Status};
use crate::gui::wrap::clipped;
use std::collections::BTreeMap;

use delegation_law::cases::{CaseResult, CaseStatus, ItemFigures};
use delegation_session::desk::{Card, DeskError, Filter, Page};
use delegation_store::cases::{Case, Closing, Order, Recorded};
use delegation_words::Lang;
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// Cases on a page: the table lays out these and no more.
pub const PAGE: u64 = 25;

/// The search field's id.
pub const SEARCH_ID: &str = "cases-search";

#[derive(Debug, Clone, Default)]
pub struct CasesScreen {
    pub filter: Filter,
    pub order: Order,
    /// The first case of the page asked for.
    pub skip: u64,
    /// The page shown (`None`: not read yet).
    pub page: Option<Page>,
    /// Why the last read failed.
    pub error: Option<DeskError>,
    /// A read is under way: numbered, so that an older answer arriving late is dropped, and
    /// a read still waiting for the register when a newer one is asked is not made.
    pub asked: u64,
    pub latest: std::sync::Arc<std::sync::atomic::AtomicU64>,
    pub loading: bool,
    /// The case open on the card, and its closing form.
    pub card: Option<Card>,
    pub close_on: String,
    pub close_result: Option<CaseResult>,
    pub close_note: String,
    /// A change is being saved (the card's buttons wait).
    pub saving: bool,
    /// What the last change did (or why not).
    pub status: Status,
    /// The year's figures are shown in the table's place.
    pub showing_figures: bool,
    /// The year the figures are asked for (`None`: this year).
    pub figures_year: Option<i32>,
    /// The figures read: their year, a line per item, the items' time limits.
    pub figures: Option<(i32, Vec<ItemFigures>, BTreeMap<u8, u32>)>,
    /// The time-limit form: the item, and the working days as typed (blank: none).
    pub limit_item: Option<u8>,
    pub limit_days: String,
    /// The change being saved, to show beside another clerk's when it is refused.
    pub pending: Option<Event>,
    /// The day the card's closing form was made ready for: no case is closed after it.
    pub today: NaiveDate,
    /// The version this window's last change made (its own reload is not another's change).
    pub own_version: Option<u64>,
    /// The notices the register's latest cases were routed by that this PC does not hold
    /// (issue 31: the notices are each PC's own), looked for each time the screen is shown.
    pub not_held: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Year(Choice<i32>),
    Item(Choice<u8>),
    Status(Choice<CaseStatus>),
    Result(Choice<CaseResult>),
    Overdue(bool),
    Search(String),
    Order(Choice<Order>),
    /// The first, previous, next or last page.
    First,
    Previous,
    Next,
    Last,
    /// Read the page again (another clerk may have changed the register).
    Refresh,
    /// A case's card.
    Open(String),
    CloseCard,
    CloseOn(String),
    CloseResult(Choice<CaseResult>),
    CloseNote(String),
    /// Close the case on the card.
    CloseCase,
    /// Reopen the case on the card.
    Reopen,
    /// Correct the card's case's facts on the router's form.
    Correct,
    /// What the store said (the app's job came back).
    Answer(Box<CaseAnswer>),
    /// The year's figures in the table's place (or the table back).
    ShowFigures(bool),
    FiguresYear(Choice<i32>),
    LimitItem(Choice<u8>),
    LimitDays(String),
    SetLimit,
    /// Write the figures (.xlsx, .csv or .pdf).
    Export(Pick),
}

/// What a change of a case on the card was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Closed,
    Reopened,
}

/// What the screen's and the router's jobs bring back.
#[derive(Debug, Clone)]
pub enum CaseAnswer {
    /// The page read for ask number `.0` (`None`: not read, a newer one was asked).
    Page(u64, Result<Option<Page>, DeskError>),
    /// A card read (`None`: no such case).
    Card(String, Result<Option<Card>, DeskError>),
    /// A change of the case on the card.
    Changed(Change, Result<Case, DeskError>),
    /// An application recorded from the router, under this id.
    Recorded(String, Result<Recorded, DeskError>),
    /// The year's figures and the limits.
    Figures(
        i32,
        Result<(Vec<ItemFigures>, BTreeMap<u8, u32>), DeskError>,
    ),
    /// A case's facts corrected (from the router), or why not.
    Corrected(String, Result<Case, DeskError>),
    /// A time limit set (item, days), or why not.
    LimitSet(u8, Option<u32>, Result<(), DeskError>),
    /// The notices the latest cases were routed by that this PC lacks (a failed look says
    /// nothing: the page's own read says why the register cannot be read).
    NotHeld(Result<Vec<String>, DeskError>),
}

/// What the app does with the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Read the page the screen asks for ([`CasesScreen::wanted`]).
    Load,
    /// Read this case's card.
    Card(String),
    Close {
        id: String,
        version: u64,
        closing: Closing,
    },
    Reopen {
        id: String,
        version: u64,
    },
    /// Correct this case's facts on the router (the card's case, as read).
    Correct(Box<Case>),
    /// Read the year's figures (`None`: this year's).
    Figures(Option<i32>),
    SetLimit {
        item: u8,
        days: Option<u32>,
    },
    /// Write the figures shown to a file the clerk picks.
    Export(Pick),
}

impl CasesScreen {
    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        let refilter = |s: &mut CasesScreen| {
            s.skip = 0;
            Update::event(Event::Load)
        };
        match message {
            Message::Year(c) => {
                self.filter.year = c.value;
                refilter(self)
            }
            Message::Item(c) => {
                self.filter.item = c.value;
                refilter(self)
            }
            Message::Status(c) => {
                self.filter.status = c.value;
                if c.value == Some(CaseStatus::Open) {
                    self.filter.result = None;
                }
                refilter(self)
            }
            Message::Result(c) => {
                self.filter.result = c.value;
                refilter(self)
            }
            Message::Overdue(b) => {
                self.filter.overdue = b;
                refilter(self)
            }
            Message::Search(s) => {
                self.filter.search = crate::gui::input::fit(s);
                refilter(self)
            }
            Message::Order(c) => {
                self.order = c.value.unwrap_or_default();
                refilter(self)
            }
            Message::First => self.go(0),
            Message::Previous => self.go(self.skip.saturating_sub(PAGE)),
            Message::Next => self.go(self.skip + PAGE),
            Message::Last => {
                let total = self.page.as_ref().map_or(0, |p| p.tally.cases);
                self.go(total.saturating_sub(1) / PAGE * PAGE)
            }
            Message::Refresh => Update::event(Event::Load),
            Message::Open(id) => {
                self.status = Status::default();
                Update::event(Event::Card(id))
            }
            Message::CloseCard => {
                self.card = None;
                self.status = Status::default();
                Update::none()
            }
            Message::CloseOn(s) => {
                self.close_on = s;
                Update::none()
            }
            Message::CloseResult(c) => {
                self.close_result = c.value;
                Update::none()
            }
            Message::CloseNote(s) => {
                self.close_note = crate::gui::input::fit(s);
                Update::none()
            }
            Message::CloseCase => {
                let Some(card) = &self.card else {
                    return Update::none();
                };
                if self.saving {
                    return Update::none();
                }
                let Ok(on) = NaiveDate::parse_from_str(self.close_on.trim(), "%Y-%m-%d") else {
                    return Update::none();
                };
                if on > self.today {
                    return Update::none();
                }
                let Some(result) = self.close_result else {
                    return Update::none();
                };
                self.saving = true;
                let close = Event::Close {
                    id: card.history.case.id.clone(),
                    version: card.history.case.version,
                    closing: Closing {
                        on,
                        result,
                        note: self.close_note.trim().to_string(),
                    },
                };
                self.pending = Some(close.clone());
                Update::event(close)
            }
            // The app answers these (it has the store).
            Message::Answer(_) => Update::none(),
            Message::Correct => match &self.card {
                Some(card) => Update::event(Event::Correct(Box::new(card.history.case.clone()))),
                None => Update::none(),
            },
            Message::ShowFigures(show) => {
                self.showing_figures = show;
                if show {
                    Update::event(Event::Figures(self.figures_year))
                } else {
                    Update::none()
                }
            }
            Message::FiguresYear(c) => {
                self.figures_year = c.value;
                Update::event(Event::Figures(c.value))
            }
            Message::LimitItem(c) => {
                self.limit_item = c.value;
                Update::none()
            }
            Message::LimitDays(s) => {
                self.limit_days = crate::gui::input::fit(s);
                Update::none()
            }
            Message::SetLimit => match (self.limit_item, self.limit_input()) {
                (Some(item), Ok(days)) if !self.saving => {
                    self.saving = true;
                    Update::event(Event::SetLimit { item, days })
                }
                _ => Update::none(),
            },
            Message::Export(what) => Update::event(Event::Export(what)),
            Message::Reopen => match &self.card {
                Some(card) if !self.saving => {
                    self.saving = true;
                    let reopen = Event::Reopen {
                        id: card.history.case.id.clone(),
                        version: card.history.case.version,
                    };
                    self.pending = Some(reopen.clone());
                    Update::event(reopen)
                }
                _ => Update::none(),
            },
        }
    }

    /// Goes to the page starting at `skip`.
    fn go(&mut self, skip: u64) -> Update<Message, Event> {
        if skip == self.skip && self.page.is_some() {
            return Update::none();
        }
        self.skip = skip;
        Update::event(Event::Load)
    }

    /// The limit as typed: working days, 0 to 3650 (blank: none), or why not.
    pub fn limit_input(&self) -> Result<Option<u32>, L> {
        match crate::gui::input::positive(&self.limit_days, 3650) {
            Err(L::ErrEmpty) => Ok(None),
            Ok(n) => Ok(Some(n as u32)),
            Err(e) => Err(e),
        }
    }

    /// A read begins: its number, to match its answer.
    pub fn asking(&mut self) -> u64 {
        self.asked += 1;
        self.latest
            .store(self.asked, std::sync::atomic::Ordering::Relaxed);
        self.loading = true;
        self.asked
    }

    /// A page read (or why not), for read number `asked`: an older one is dropped.
    pub fn loaded(&mut self, asked: u64, page: Result<Option<Page>, DeskError>) {
        let page = match page {
            Ok(None) => return,
            Ok(Some(p)) => Ok(p),
            Err(e) => Err(e),
        };
        if asked != self.asked {
            return;
        }
        self.loading = false;
        match page {
            Ok(p) => {
                // A page past the end (cases gone from the filter since): the last one.
                if p.lines.is_empty() && p.skip > 0 && p.tally.cases > 0 {
                    self.skip = (p.tally.cases - 1) / PAGE * PAGE;
                }
                self.page = Some(p);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// A card read: shown, with its closing form made ready for `today`.
    /// A card read again after another clerk's change (not this window's, not a refusal
    /// already said) says so: whatever was typed in its form and not saved stays there, to be
    /// checked against the case as it is now.
    pub fn card_loaded(&mut self, card: Card, today: NaiveDate, lang: Lang) {
        let was = self
            .card
            .as_ref()
            .filter(|c| c.history.case.id == card.history.case.id)
            .map(|c| c.history.case.version);
        self.today = today;
        let now = card.history.case.version;
        match was {
            None => {
                self.close_on = ymd(today);
                self.close_result = None;
                self.close_note = String::new();
            }
            Some(v) if v != now && self.own_version != Some(now) && !self.status.is_failure() => {
                if let Some(e) = card.history.events.last() {
                    let (who, at) = (e.who.clone(), e.at.clone());
                    self.status = Status::note(lang, move |l| {
                        delegation_words::cases::changed_meanwhile(l, &who, &at, now)
                    });
                }
            }
            Some(_) => {}
        }
        self.card = Some(card);
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        if self.showing_figures {
            // The list's filters do not apply to the year's figures: not shown with them.
            let top = row![
                style::heading(L::CasesFigures.get(lang)),
                space().width(Fill),
                button(text(L::CasesList.get(lang)).size(13))
                    .on_press(Message::ShowFigures(false))
                    .style(button::secondary),
            ]
            .align_y(iced::Center);
            return page(ctx, column![top, self.figures_view(ctx)].spacing(8));
        }
        let filters = self.filters(ctx);
        let mut top = column![filters].spacing(6);
        top = top.push(self.counts_row(lang));
        if let Some(e) = &self.error {
            top = top.push(text(e.text(lang)).size(13).style(style::error));
        }
        if !self.not_held.is_empty() {
            top = top.push(
                text(delegation_words::cases::notices_not_held(
                    lang,
                    &self.not_held,
                ))
                .size(13)
                .style(style::error),
            );
        }
        let table = self.table(ctx);
        let body: Element<'a, Message> = match &self.card {
            Some(card) => {
                let card = self.card_view(card, ctx);
                if ctx.width < 900.0 {
                    // A narrow window: the card in the table's place, which it closes back to.
                    card
                } else {
                    row![
                        container(table).width(FillPortion(5)),
                        container(card).width(FillPortion(6))
                    ]
                    .spacing(12)
                    .height(pane_height(ctx))
                    .into()
                }
            }
            None => table,
        };
        page(ctx, column![top, body].spacing(8))
    }

    fn filters<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let all = L::CasesAll.get(lang);
        let years: Vec<Choice<i32>> = std::iter::once(None)
            .chain((2024..=ctx.today.year().max(2024)).rev().map(Some))
            .map(|y| Choice {
                value: y,
                label: y.map_or(all.to_string(), |y| y.to_string()),
            })
            .collect();
        let items: Vec<Choice<u8>> = std::iter::once(None)
            .chain(ctx.cat.items.iter().map(|i| Some(i.no)))
            .map(|n| Choice {
                value: n,
                label: n.map_or(all.to_string(), |n| {
                    let name = ctx.cat.item(n).map_or("", |i| i.name.as_str());
                    super::fit(&format!("{n}. {name}"), 260.0)
                }),
            })
            .collect();
        let statuses: Vec<Choice<CaseStatus>> =
            [None, Some(CaseStatus::Open), Some(CaseStatus::Closed)]
                .into_iter()
                .map(|s| Choice {
                    value: s,
                    label: s.map_or(all, |s| s.label(lang)).to_string(),
                })
                .collect();
        let results: Vec<Choice<CaseResult>> = std::iter::once(None)
            .chain(CaseResult::ALL.into_iter().map(Some))
            .map(|r| Choice {
                value: r,
                label: r.map_or(all, |r| r.label(lang)).to_string(),
            })
            .collect();
        let orders: Vec<Choice<Order>> = Order::ALL
            .into_iter()
            .map(|o| Choice {
                value: Some(o),
                label: order_label(o).get(lang).to_string(),
            })
            .collect();
        let pick = |name: L, el: Element<'a, Message>| -> Element<'a, Message> {
            column![style::label(name.get(lang)), el].spacing(2).into()
        };
        let chosen = |opts: &[Choice<_>], v| opts.iter().find(|c| c.value == v).cloned();
        let year_sel = years.iter().find(|c| c.value == self.filter.year).cloned();
        let item_sel = items.iter().find(|c| c.value == self.filter.item).cloned();
        let status_sel = chosen(&statuses, self.filter.status);
        let result_sel = results
            .iter()
            .find(|c| c.value == self.filter.result)
            .cloned();
        let order_sel = orders.iter().find(|c| c.value == Some(self.order)).cloned();
        row![
            pick(
                L::CasesYear,
                clipped(pick_list(years, year_sel, Message::Year))
            ),
            pick(
                L::CasesItem,
                clipped(pick_list(items, item_sel, Message::Item).width(220))
            ),
            pick(
                L::CasesStatus,
                clipped(pick_list(statuses, status_sel, Message::Status))
            ),
            pick(
                L::CasesResult,
                clipped(pick_list(results, result_sel, Message::Result))
            ),
            pick(
                L::CasesOrder,
                clipped(pick_list(orders, order_sel, Message::Order))
            ),
            pick(
                L::CasesSearch,
                steady(
                    text_input(L::CasesSearchHint.get(lang), &self.filter.search)
                        .id(SEARCH_ID)
                        .on_input(Message::Search)
                        .padding(6)
                        .width(200)
                )
            ),
            column![
                space().height(18),
                checkbox(self.filter.overdue)
                    .label(L::CasesOverdueOnly.get(lang))
                    .on_toggle(Message::Overdue)
            ],
        ]
        .spacing(10)
        .wrap()
        .vertical_spacing(6)
        .into()
    }

    fn counts_row(&self, lang: Lang) -> Element<'_, Message> {
        let said = match &self.page {
            None if self.loading && self.error.is_none() => L::CasesLoading.get(lang).to_string(),
            None => String::new(),
            Some(p) => delegation_words::cases::page_counts(
                lang,
                p.tally.cases,
                p.tally.open,
                p.tally.closed,
                p.skip,
                p.lines.len() as u64,
            ),
        };
        let total = self.page.as_ref().map_or(0, |p| p.tally.cases);
        let at_start = self.skip == 0;
        let at_end = self.skip + PAGE >= total;
        let nav = |label: L, m: Message, off: bool| {
            button(text(label.get(lang)).size(13))
                .on_press_maybe((!off).then_some(m))
                .style(button::secondary)
        };
        row![
            text(said).size(14).width(Fill),
            nav(L::PageFirst, Message::First, at_start),
            nav(L::PagePrevious, Message::Previous, at_start),
            nav(L::PageNext, Message::Next, at_end),
            nav(L::PageLast, Message::Last, at_end),
            button(text(L::CasesRefresh.get(lang)).size(13))
                .on_press(Message::Refresh)
                .style(button::secondary),
            button(text(L::CasesFigures.get(lang)).size(13))
                .on_press(Message::ShowFigures(true))
                .style(button::secondary),
        ]
        .spacing(6)
        .align_y(iced::Center)
        .into()
    }

    fn table<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let Some(page) = &self.page else {
            // A register that could not be read has its error above: no "reading" under it.
            if self.error.is_some() && !self.loading {
                return style::card(text("—").style(style::muted));
            }
            return style::card(text(L::CasesLoading.get(lang)).style(style::muted));
        };
        if page.lines.is_empty() {
            let empty = if page.tally.cases == 0 && self.filter == Filter::default() {
                L::CasesNone
            } else {
                L::CasesNoneMatch
            };
            return style::card(text(empty.get(lang)).style(style::muted));
        }
        let head = row![
            text(L::CaseId.get(lang)).size(13).width(FillPortion(4)),
            text(L::CasesItem.get(lang)).size(13).width(FillPortion(1)),
            text(L::Received.get(lang)).size(13).width(FillPortion(3)),
            text(L::CasesStatus.get(lang))
                .size(13)
                .width(FillPortion(4)),
            text(L::CaseWorkingDays.get(lang))
                .size(13)
                .width(FillPortion(2)),
        ]
        .spacing(6);
        let open_id = self.card.as_ref().map(|c| c.history.case.id.as_str());
        let rows = page.lines.iter().fold(column![].spacing(2), |col, l| {
            let c = &l.case;
            let state = match (c.closed, c.result) {
                (Some(on), Some(r)) => format!("{} {}", r.label(lang), ymd(on)),
                _ => c.status.label(lang).to_string(),
            };
            let days = if l.overdue {
                format!("{} {}", l.working_days, L::CaseOverdueMark.get(lang))
            } else {
                l.working_days.to_string()
            };
            let line = row![
                text(c.id.as_str()).width(FillPortion(4)),
                text(c.filed.item.to_string()).width(FillPortion(1)),
                text(ymd(c.filed.received)).width(FillPortion(3)),
                text(state).width(FillPortion(4)),
                text(days)
                    .style(if l.overdue {
                        style::error
                    } else {
                        style::muted
                    })
                    .width(FillPortion(2)),
            ]
            .spacing(6);
            let selected = open_id == Some(c.id.as_str());
            col.push(
                button(line)
                    .on_press(Message::Open(c.id.clone()))
                    .padding([4, 6])
                    .width(Fill)
                    .style(if selected {
                        button::primary
                    } else {
                        button::text
                    }),
            )
        });
        style::card(
            column![
                head,
                scrollable(rows.padding(iced::Padding::ZERO.right(12))).height(pane_height(ctx))
            ]
            .spacing(6),
        )
    }
}

/// Below this window height (logical pixels at the text size: 1024×600 at 1.6× is 375) the
/// screen scrolls as one page, its table, card or figures a pane of fixed height in it, so
/// that the filters do not leave the table two rows.
const COMPACT_BELOW: f32 = 480.0;

/// The height of the table's, the card's and the figures' panes.
fn pane_height(ctx: &Ctx<'_>) -> iced::Length {
    if ctx.height < COMPACT_BELOW {
        iced::Length::Fixed((ctx.height - 60.0).max(220.0))
    } else {
        Fill
    }
}

/// The screen: the window's height, or one scrolling page in a short window.
fn page<'a>(ctx: &Ctx<'a>, content: iced::widget::Column<'a, Message>) -> Element<'a, Message> {
    if ctx.height < COMPACT_BELOW {
        scrollable(content.padding(iced::Padding::ZERO.right(12)))
            .height(Fill)
            .into()
    } else {
        content.height(Fill).into()
    }
}

fn order_label(o: Order) -> L {
    match o {
        Order::Received => L::OrderReceived,
        Order::ReceivedLatest => L::OrderReceivedLatest,
        Order::Closed => L::OrderClosed,
        Order::ClosedLatest => L::OrderClosedLatest,
    }
}
