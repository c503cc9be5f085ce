//! 工作日: a month calendar that marks holidays and make-up working days, and a calculator.

use crate::gui::steady::steady;
use chrono::{Datelike, Months, NaiveDate};
use iced::widget::{button, checkbox, column, container, row, scrollable, text, text_input};
use iced::{Background, Border, Color, Element, Fill, FillPortion, Theme};

use super::{Ctx, Never, Update, ymd};
use crate::gui::{input, style};
use delegation_law::calendar::{DayKind, StartDay};
use delegation_words::dates;
use delegation_words::legal::uncovered_years;
use delegation_words::prelude::*;
use delegation_words::ui::L;

#[derive(Debug, Clone)]
pub struct Workdays {
    /// The first day of the month shown.
    pub month: NaiveDate,
    pub start: String,
    pub n: String,
    pub count_start: bool,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    PrevMonth,
    NextMonth,
    Start(String),
    N(String),
    CountStart(bool),
    From(String),
    To(String),
}

fn parse(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl Workdays {
    pub fn new(today: NaiveDate) -> Workdays {
        Workdays {
            month: today.with_day(1).unwrap_or(today),
            start: "2024-04-29".into(),
            n: "30".into(),
            count_start: false,
            from: "2024-04-29".into(),
            to: ymd(today),
        }
    }

    pub fn update(&mut self, message: Message) -> Update<Message, Never> {
        match message {
            Message::PrevMonth => {
                self.month = self
                    .month
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(self.month)
            }
            Message::NextMonth => {
                self.month = self
                    .month
                    .checked_add_months(Months::new(1))
                    .unwrap_or(self.month)
            }
            Message::Start(s) => self.start = s,
            Message::N(s) => self.n = s,
            Message::CountStart(b) => self.count_start = b,
            Message::From(s) => self.from = s,
            Message::To(s) => self.to = s,
        }
        Update::none()
    }

    fn start_day(&self) -> StartDay {
        if self.count_start {
            StartDay::Included
        } else {
            StartDay::Excluded
        }
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        row![
            scrollable(column![self.month_view(ctx)].padding(iced::Padding::ZERO.right(12)))
                .width(FillPortion(5)),
            scrollable(self.calculator(ctx).padding(iced::Padding::ZERO.right(12)))
                .width(FillPortion(4)),
        ]
        .spacing(16)
        .height(Fill)
        .into()
    }

    fn month_view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let title = dates::month_title(lang, self.month);
        let heads = [L::Mon, L::Tue, L::Wed, L::Thu, L::Fri, L::Sat, L::Sun];
        let mut grid = column![
            row(heads.iter().map(|h| {
                container(text(h.get(lang)).size(13).style(style::muted))
                    .width(Fill)
                    .center_x(Fill)
                    .into()
            }))
            .spacing(4)
        ]
        .spacing(4);
        let first = self.month;
        let offset = first.weekday().num_days_from_monday() as i64;
        let start = first - chrono::Duration::days(offset);
        // Every cell as tall as the longest holiday name of the month needs at this width
        // and text size, so that 国庆节、中秋节 is not cut at 1.6×.
        let column = (ctx.width - 44.0 - 16.0) * 5.0 / 9.0 - 12.0;
        let inner = (column - 6.0 * 4.0) / 7.0 - 8.0;
        let lines = start
            .iter_days()
            .take(42)
            .map(|d| match ctx.cal.day_kind(d) {
                DayKind::Holiday(n) | DayKind::MakeupWorkday(n) => {
                    let ems: f32 = n
                        .chars()
                        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
                        .sum();
                    let per_line = (inner / 11.0).floor().max(1.0);
                    (ems / per_line).ceil()
                }
                _ => 0.0,
            })
            .fold(1.0_f32, f32::max);
        let cell_height = (8.0 + 16.0 * 1.3 + 1.0 + lines * 11.0 * 1.3 + 2.0).max(52.0);
        let mut day = start;
        for _week in 0..6 {
            let mut r = row![].spacing(4);
            for _ in 0..7 {
                let in_month = day.month() == first.month();
                let kind = ctx.cal.day_kind(day);
                let tag = dates::day_tag(lang, &kind);
                let name = match &kind {
                    DayKind::Holiday(n) | DayKind::MakeupWorkday(n) => n.clone(),
                    _ => String::new(),
                };
                let today = day == ctx.today;
                let cell = column![
                    row![text(day.day().to_string()).size(16), text(tag).size(12)].spacing(4),
                    text(name).size(11),
                ]
                .spacing(1);
                let k = kind.clone();
                r = r.push(
                    container(cell)
                        .padding(4)
                        .width(Fill)
                        .height(cell_height)
                        .style(move |theme: &Theme| day_style(theme, &k, in_month, today)),
                );
                day = day.succ_opt().unwrap_or(day);
            }
            grid = grid.push(r);
        }
        let covered = ctx
            .cal
            .covered_years()
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(lang.list_sep());
        let mut col = column![
            row![
                button(text(L::PrevMonth.get(lang))).on_press(Message::PrevMonth),
                container(text(title).size(20)).center_x(Fill),
                button(text(L::NextMonth.get(lang))).on_press(Message::NextMonth),
            ]
            .align_y(iced::Center),
            grid,
            row![
                legend(L::Holiday.get(lang), DayKind::Holiday(String::new())),
                legend(L::Makeup.get(lang), DayKind::MakeupWorkday(String::new())),
                legend(L::Weekend.get(lang), DayKind::Weekend),
            ]
            .spacing(12),
            text(format!(
                "{}{}{covered}",
                L::CalendarCovers.get(lang),
                lang.colon()
            ))
            .size(13)
            .style(style::muted),
        ]
        .spacing(10);
        if !ctx.cal.covers(self.month.year()) {
            col = col.push(text(uncovered_years(lang, &[self.month.year()])).style(style::warning));
        }
        col.into()
    }

    fn calculator<'a>(&'a self, ctx: &Ctx<'a>) -> iced::widget::Column<'a, Message> {
        let lang = ctx.lang;
        let start = parse(&self.start);
        let n = input::signed(&self.n, input::MAX_WORKING_DAYS);
        let mut add = column![
            style::heading(L::Calculator.get(lang)),
            style::label(L::StartDate.get(lang)),
            steady(
                text_input("2024-04-29", &self.start)
                    .on_input(Message::Start)
                    .style(|t: &Theme, st| style::field_input(t, st, false))
                    .padding(6)
            ),
        ]
        .spacing(4);
        add = add.push(date_error(&self.start, lang));
        add = add.push(style::label(L::NDays.get(lang))).push(steady(
            text_input("30", &self.n)
                .on_input(Message::N)
                .padding(6)
                .style(|t: &Theme, st| style::field_input(t, st, false)),
        ));
        add = add.push(style::error_line(n.err().map(|e| {
            let look: fn(&Theme) -> text::Style = if e == L::ErrEmpty {
                style::muted
            } else {
                style::error
            };
            (e.get(lang), look)
        })));
        add = add.push(
            checkbox(self.count_start)
                .label(L::CountStart.get(lang))
                .on_toggle(Message::CountStart),
        );
        let sum = match (start, n) {
            (Some(s), Ok(n)) => Some(ctx.cal.checked_add_working_days(s, n, self.start_day())),
            _ => None,
        };
        if let Some(Err(e)) = &sum {
            // Past chrono's dates: said, not answered with its last date.
            add = add.push(text(e.text(lang)).style(style::error));
        }
        if let Some(Ok(r)) = sum {
            add = add.push(
                text(format!(
                    "{}{}{}{}",
                    L::Result.get(lang),
                    lang.colon(),
                    ymd(r.value),
                    lang.paren(dates::weekday(lang, r.value))
                ))
                .size(20)
                .style(style::success),
            );
            if !r.uncovered_years.is_empty() {
                add =
                    add.push(text(uncovered_years(lang, &r.uncovered_years)).style(style::warning));
            }
        }
        let from = parse(&self.from);
        let to = parse(&self.to);
        let mut between = column![
            style::heading(L::Between.get(lang)),
            style::label(L::FromDate.get(lang)),
            steady(
                text_input("2024-04-29", &self.from)
                    .on_input(Message::From)
                    .style(|t: &Theme, st| style::field_input(t, st, false))
                    .padding(6)
            ),
        ]
        .spacing(4);
        between = between.push(date_error(&self.from, lang));
        between = between.push(style::label(L::ToDate.get(lang))).push(steady(
            text_input("2024-06-13", &self.to)
                .on_input(Message::To)
                .style(|t: &Theme, st| style::field_input(t, st, false))
                .padding(6),
        ));
        between = between.push(date_error(&self.to, lang));
        if let (Some(f), Some(t)) = (from, to) {
            let r = ctx.cal.working_days_between(f, t, self.start_day());
            between = between.push(
                text(format!(
                    "{}{}{} {}",
                    L::Result.get(lang),
                    lang.colon(),
                    r.value,
                    L::WorkingDays.get(lang)
                ))
                .size(20)
                .style(style::success),
            );
            if !r.uncovered_years.is_empty() {
                between = between
                    .push(text(uncovered_years(lang, &r.uncovered_years)).style(style::warning));
            }
        }
        column![style::card(add), style::card(between)].spacing(12)
    }
}

/// A date field's error line: "required" in grey when empty, the format in red when wrong,
/// the same treatment as the router's fields.
fn date_error<'a>(typed: &str, lang: delegation_words::Lang) -> Element<'a, Message> {
    let e = if typed.trim().is_empty() {
        Some((
            L::ErrEmpty.get(lang),
            style::muted as fn(&Theme) -> text::Style,
        ))
    } else if parse(typed).is_none() {
        Some((
            L::ErrDate.get(lang),
            style::error as fn(&Theme) -> text::Style,
        ))
    } else {
        None
    };
    style::error_line(e)
}

fn legend<'a>(label: &'a str, kind: DayKind) -> Element<'a, Message> {
    row![
        container(text(""))
            .width(16)
            .height(16)
            .style(move |theme: &Theme| day_style(theme, &kind, true, false)),
        text(label).size(13),
    ]
    .spacing(4)
    .align_y(iced::Center)
    .into()
}

fn day_style(theme: &Theme, kind: &DayKind, in_month: bool, today: bool) -> container::Style {
    let p = theme.extended_palette();
    let [holiday, makeup, weekend] = style::day_cells(theme);
    let (bg, fg) = match kind {
        DayKind::Holiday(_) => (Some(holiday.1), holiday.2),
        DayKind::MakeupWorkday(_) => (Some(makeup.1), makeup.2),
        DayKind::Weekend => (Some(weekend.1), weekend.2),
        DayKind::Workday => (None, p.background.base.text),
    };
    let alpha = if in_month { 1.0 } else { 0.35 };
    container::Style {
        background: bg.map(|c| Background::Color(c.scale_alpha(alpha))),
        text_color: Some(fg.scale_alpha(alpha)),
        border: Border {
            color: if today {
                p.primary.strong.color
            } else {
                Color::TRANSPARENT
            },
            width: if today { 2.0 } else { 0.0 },
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}
