//! 事项目录: the 12 items, filters, search, and the detail of the chosen item.

use crate::gui::steady::steady;
use crate::gui::wrap::clipped;
use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Element, Fill, FillPortion};

use super::{Choice, Ctx, Update, ymd};
use crate::gui::style;
use delegation_law::catalogue::{Filter, Item, Mode};
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// Below this window height (logical pixels at the current text size) the search, filters
/// and list scroll as one page: 1024×600 at 1.6× is 375, 1280×800 at 1.6× is 500.
pub const COMPACT_BELOW: f32 = 540.0;

/// The search box, for Ctrl+F.
pub const SEARCH_ID: &str = "catalogue-search";

#[derive(Debug, Default)]
pub struct Catalogue {
    pub filter: Filter,
    pub selected: Option<u8>,
    /// With more than the built-in notice (issue 31): the notice whose table is shown (by
    /// default the one in force today), its table in force today, and its dates. `None`: the
    /// built-in notice alone, shown as it always was.
    pub shown: Option<Shown>,
    /// The notice the clerk picked (its index in the session's notices), kept when the shown
    /// table is made again; `None`: the one in force today.
    pub picked: Option<usize>,
}

/// A notice's table as the catalogue shows it.
#[derive(Debug)]
pub struct Shown {
    /// Its index in the session's notices.
    pub index: usize,
    /// The table in force today under that notice, its amendments in force applied.
    pub cat: delegation_law::catalogue::Catalogue,
    /// Its dates: in force, handover deadline, last day.
    pub key: delegation_law::deadlines::KeyDates,
    /// The amendments applied, by 文号.
    pub amendments: Vec<String>,
    /// The notices a clerk may pick (not amendments: they show through their notice), with
    /// their index.
    pub choices: Vec<Choice<usize>>,
}

impl Shown {
    /// Notice `index` of `session`'s notices as in force on `today`; `None` with the built-in
    /// notice alone.
    pub fn of(
        session: &delegation_session::Session,
        today: chrono::NaiveDate,
        index: Option<usize>,
    ) -> Option<Shown> {
        let book = session.notices();
        if !book.several() {
            return None;
        }
        let conventions = session.conventions();
        let spans = book.spans(conventions.validity);
        let index = index.unwrap_or_else(|| book.in_force_on(&spans, today));
        let (cat, amendments) = book.table_catalogue(&spans, index, today);
        let mut key = delegation_law::deadlines::KeyDates::compute(
            &cat,
            session.calendar(),
            conventions.start_day,
            conventions.validity,
        );
        key.validity_last_day = spans[index].last_day;
        let choices = (0..book.all().len())
            .filter(|&i| !matches!(book.kind(i), delegation_law::notices::Kind::Amendment(_)))
            .map(|i| Choice {
                value: Some(i),
                label: book.all()[i].notice.number.clone(),
            })
            .collect();
        Some(Shown {
            index,
            cat,
            key,
            amendments,
            choices,
        })
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    Mode(Choice<Mode>),
    Category(Choice<String>),
    Unit(Choice<String>),
    Select(u8),
    Route(u8),
    /// Open the records screen at this item.
    Records(u8),
    Clear,
    /// Show another notice's table (with more than the built-in one).
    Notice(Choice<usize>),
}

/// What the app must do for the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Open the router with this item chosen.
    Route(u8),
    /// Open the records screen at this item.
    Records(u8),
    /// Show this notice's table (an index in the session's notices).
    Notice(usize),
}

impl Catalogue {
    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        match message {
            Message::Query(q) => self.filter.query = q,
            Message::Mode(c) => self.filter.mode = c.value,
            Message::Category(c) => self.filter.category = c.value,
            Message::Unit(c) => self.filter.unit = c.value,
            Message::Select(no) => self.selected = Some(no),
            Message::Route(no) => return Update::event(Event::Route(no)),
            Message::Records(no) => return Update::event(Event::Records(no)),
            Message::Clear => self.filter.query.clear(),
            Message::Notice(c) => {
                if let Some(i) = c.value {
                    return Update::event(Event::Notice(i));
                }
            }
        }
        self.follow_filter();
        Update::none()
    }

    /// The detail pane shows an item of the list: when the filter hides the chosen item, the
    /// first item it lets through is shown instead (none when it lets none through).
    pub fn follow_filter(&mut self) {
        let cat = match &self.shown {
            Some(s) => &s.cat,
            None => delegation_law::catalogue::Catalogue::embedded(),
        };
        let mut shown = cat.filter(&self.filter).map(|i| i.no);
        let first = shown.next();
        if let Some(no) = self.selected
            && no != first.unwrap_or(0)
            && !shown.any(|n| n == no)
        {
            self.selected = first;
        }
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let ctx = &self.ctx(ctx);
        let lang = ctx.lang;
        fn all<T>(lang: delegation_words::Lang) -> Choice<T> {
            Choice {
                value: None,
                label: L::All.get(lang).to_string(),
            }
        }
        let modes: Vec<Choice<Mode>> = std::iter::once(all(lang))
            .chain(Mode::ALL.into_iter().map(|m| Choice {
                value: Some(m),
                label: m.label(lang).to_string(),
            }))
            .collect();
        let categories: Vec<Choice<String>> = std::iter::once(all(lang))
            .chain(ctx.cat.categories().into_iter().map(|c| Choice {
                label: c.clone(),
                value: Some(c),
            }))
            .collect();
        let units: Vec<Choice<String>> = std::iter::once(all(lang))
            .chain(ctx.cat.units().into_iter().map(|u| Choice {
                label: u.clone(),
                value: Some(u),
            }))
            .collect();
        let pick = |opts: &[Choice<String>], v: &Option<String>| {
            opts.iter().find(|c| c.value == *v).cloned()
        };
        let mode_sel = modes.iter().find(|c| c.value == self.filter.mode).cloned();
        let cat_sel = pick(&categories, &self.filter.category);
        let unit_sel = pick(&units, &self.filter.unit);

        let search = steady(
            text_input(L::SearchPlaceholder.get(lang), &self.filter.query)
                .id(SEARCH_ID)
                .on_input(Message::Query)
                .padding(8),
        );
        let filters = row![
            column![
                style::label(L::FilterMode.get(lang)),
                clipped(pick_list(modes, mode_sel, Message::Mode).width(Fill))
            ]
            .spacing(2)
            .width(FillPortion(2)),
            column![
                style::label(L::FilterCategory.get(lang)),
                clipped(pick_list(categories, cat_sel, Message::Category).width(Fill))
            ]
            .spacing(2)
            .width(FillPortion(3)),
        ]
        .spacing(8);
        // The unit gets a row of its own: a pick list's menu is as wide as the pick list and
        // does not wrap, and 市政府（由市规划和自然资源局具体实施） needs the room.
        let unit_filter = column![
            style::label(L::FilterUnit.get(lang)),
            clipped(pick_list(units, unit_sel, Message::Unit).width(Fill))
        ]
        .spacing(2);

        let items: Vec<&Item> = ctx.cat.filter(&self.filter).collect();
        let count = text(format!(
            "{} {} / {}",
            L::Shown.get(lang),
            items.len(),
            ctx.cat.items.len()
        ))
        .size(13)
        .style(style::muted);
        let mut list = column![].spacing(4);
        if items.is_empty() {
            list = list.push(text(L::NoMatch.get(lang)).style(style::muted));
        }
        for item in items {
            let (state, attention) = ctx.handover_state(item);
            let line = row![
                text(format!("{:>2}", item.no)).width(28),
                column![
                    text(item.name.as_str()),
                    row![
                        text(item.mode.label(lang)).size(13),
                        // On the selected (primary) row the button's own text colour reads best.
                        text(state)
                            .size(13)
                            .style(if self.selected == Some(item.no) {
                                text::default
                            } else if attention {
                                style::error
                            } else {
                                style::muted
                            }),
                    ]
                    .spacing(10)
                ]
                .spacing(2)
                .width(Fill),
            ]
            .spacing(6);
            list = list.push(
                button(line)
                    .width(Fill)
                    .on_press(Message::Select(item.no))
                    .style(if self.selected == Some(item.no) {
                        button::primary
                    } else {
                        list_row
                    }),
            );
        }
        let compact = ctx.height < COMPACT_BELOW;
        let list: Element<'a, Message> = if compact {
            list.into()
        } else {
            scrollable(list.padding(iced::Padding::ZERO.right(14)))
                .height(Fill)
                .into()
        };
        let page = column![search]
            .push(self.notice_picker(lang))
            .push(filters)
            .push(unit_filter)
            .push(count)
            .push(list)
            .spacing(8);
        let left: Element<'a, Message> = if compact {
            // A short window (1024×600 at large text): the filters above the list left it a
            // sliver, so the search, the filters and the list scroll as one page.
            scrollable(page.padding(iced::Padding::ZERO.right(14)))
                .height(Fill)
                .width(FillPortion(5))
                .into()
        } else {
            page.width(FillPortion(5)).into()
        };
        // A first start is said once, by the app's banner above every screen.
        let right = container(self.detail(ctx))
            .width(FillPortion(6))
            .height(Fill);
        row![left, right].spacing(16).height(Fill).into()
    }

    /// The context with the shown notice's table and dates in place of the built-in one's.
    fn ctx<'a>(&'a self, ctx: &Ctx<'a>) -> Ctx<'a> {
        static NONE: std::collections::BTreeMap<u8, chrono::NaiveDate> =
            std::collections::BTreeMap::new();
        match &self.shown {
            // A later notice's handover dates cannot be recorded yet: its deadline is assumed.
            Some(s) if s.index != 0 => Ctx {
                cat: &s.cat,
                key: &s.key,
                recorded: &NONE,
                ..*ctx
            },
            // The built-in notice: its recorded dates, and its last day as a successor may
            // have cut it short.
            Some(s) => Ctx {
                cat: &s.cat,
                key: &s.key,
                ..*ctx
            },
            None => Ctx { ..*ctx },
        }
    }

    /// The notice picker and what the shown table holds (with more than the built-in notice).
    fn notice_picker<'a>(&'a self, lang: delegation_words::Lang) -> Option<Element<'a, Message>> {
        let s = self.shown.as_ref()?;
        let selected = s.choices.iter().find(|c| c.value == Some(s.index)).cloned();
        let mut note = String::new();
        if !s.amendments.is_empty() {
            note = match lang {
                delegation_words::Lang::Zh => format!("已按{}修改", s.amendments.join("、")),
                delegation_words::Lang::En => format!("as amended by {}", s.amendments.join(", ")),
            };
        }
        Some(
            column![
                style::label(lang.pick(
                    "通告（默认为今日施行的）",
                    "Notice (by default the one in force today)"
                )),
                clipped(pick_list(s.choices.clone(), selected, Message::Notice).width(Fill)),
                text(note).size(13).style(style::muted),
            ]
            .spacing(2)
            .into(),
        )
    }

    fn detail<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let Some(item) = self.selected.and_then(|no| ctx.cat.item(no)) else {
            return style::card(text(L::ChooseItem.get(lang)).style(style::muted));
        };
        let remarks = if item.remarks.is_empty() {
            L::RemarksEmpty.get(lang).to_string()
        } else {
            item.remarks.clone()
        };
        let scope: Vec<String> = match &item.scope {
            Some(rule) => rule.sentences(lang),
            None => vec![L::ScopeAll.get(lang).to_string()],
        };
        let meaning = item.mode.legal_meaning(lang, ctx.cat, item);
        let (state, attention) = ctx.handover_state(item);
        let mut col = column![
            row![
                text(format!("{} {}", L::FieldNo.get(lang), item.no)).size(20),
                button(text(L::NavRouter.get(lang)).size(14))
                    .on_press(Message::Route(item.no))
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(iced::Center),
            style::field(L::FieldName.get(lang), item.name.as_str()),
            row![
                style::field(L::FieldCategory.get(lang), item.category.as_str()),
                style::field(L::FieldMode.get(lang), item.mode.label(lang)),
            ]
            .spacing(24),
            style::field(L::FieldUnit.get(lang), item.city_unit.as_str()),
            style::field(L::FieldRemarks.get(lang), remarks),
            style::heading(L::Scope.get(lang)),
        ]
        .spacing(8);
        for s in scope {
            col = col.push(text(format!("• {s}")));
        }
        col = col.push(style::heading(L::LegalMeaning.get(lang)));
        for (sentence, cite) in meaning {
            col = col
                .push(column![text(sentence), text(cite).size(13).style(style::muted)].spacing(2));
        }
        col = col.push(style::heading(L::Dates.get(lang)));
        col = col.push(
            column![
                style::label(L::HandoverDate.get(lang)),
                text(state).style(if attention {
                    style::error
                } else {
                    style::success
                }),
            ]
            .spacing(2),
        );
        col = col.push(style::field(
            L::ValidUntil.get(lang),
            ymd(ctx.key.validity_last_day),
        ));
        style::card(scrollable(col.padding(iced::Padding::ZERO.right(12))).height(Fill))
    }
}

/// An unselected row of the list: quiet until hovered.
fn list_row(theme: &iced::Theme, status: button::Status) -> button::Style {
    let p = theme.extended_palette();
    let base = button::Style {
        background: Some(p.background.weak.color.into()),
        text_color: p.background.weak.text,
        border: iced::Border::default().rounded(4),
        ..button::Style::default()
    };
    match status {
        button::Status::Hovered | button::Status::Pressed => button::Style {
            background: Some(p.background.strong.color.into()),
            ..base
        },
        _ => base,
    }
}
