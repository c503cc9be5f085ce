//! 期限: the notice date, the handover deadline, the validity, and each item's handover.

use iced::widget::{column, progress_bar, radio, row, scrollable, text};
use iced::{Element, Fill, FillPortion};

use super::{Ctx, Update, ymd};
use crate::gui::style;
use delegation_law::calendar::StartDay;
use delegation_law::deadlines::ValidityConvention;
use delegation_words::dates;
use delegation_words::legal::uncovered_years;
use delegation_words::prelude::*;
use delegation_words::ui::L;

#[derive(Debug, Default)]
pub struct Deadlines;

#[derive(Debug, Clone)]
pub enum Message {
    StartDay(StartDay),
    Validity(ValidityConvention),
}

/// The conventions are the app's: the router uses them too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    StartDay(StartDay),
    Validity(ValidityConvention),
}

impl Deadlines {
    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        Update::event(match message {
            Message::StartDay(s) => Event::StartDay(s),
            Message::Validity(v) => Event::Validity(v),
        })
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let (start_day, validity) = (ctx.start_day, ctx.validity);
        let lang = ctx.lang;
        let k = ctx.key;
        let deadline = k.handover_deadline.value;
        let wd = ctx
            .cal
            .working_days_between(ctx.today, deadline, StartDay::Excluded);
        let wd_text = dates::working_days_away(lang, wd.value);
        let mut uncovered = k.handover_deadline.uncovered_years.clone();
        uncovered.extend(wd.uncovered_years.iter().copied());
        uncovered.sort_unstable();
        uncovered.dedup();

        let notice = style::card(
            column![
                style::label(L::NoticeDate.get(lang)),
                text(ymd(k.notice_date)).size(22),
                text(dates::days_away(lang, ctx.today, k.notice_date)).style(style::muted),
                text(format!("{} {}", L::Today.get(lang), ymd(ctx.today))).size(13),
            ]
            .spacing(4),
        );
        let mut handover = column![
            style::label(L::HandoverDeadline.get(lang)),
            text(ymd(deadline)).size(22),
            text(format!(
                "{}{}{wd_text}",
                dates::days_away(lang, ctx.today, deadline),
                lang.semicolon()
            )),
            radio(
                L::StartExcluded.get(lang),
                StartDay::Excluded,
                Some(start_day),
                Message::StartDay
            )
            .size(16),
            radio(
                L::StartIncluded.get(lang),
                StartDay::Included,
                Some(start_day),
                Message::StartDay
            )
            .size(16),
        ]
        .spacing(6);
        if !uncovered.is_empty() {
            handover = handover.push(text(uncovered_years(lang, &uncovered)).style(style::warning));
        }
        let total = (k.validity_last_day - k.notice_date).num_days().max(1) as f32;
        let gone = (ctx.today - k.notice_date)
            .num_days()
            .clamp(0, total as i64) as f32;
        let left = (k.validity_last_day - ctx.today).num_days();
        let left_text = if left < 0 {
            L::Expired.get(lang).to_string()
        } else {
            dates::days_away(lang, ctx.today, k.validity_last_day)
        };
        let validity_card = column![
            style::label(L::ValidUntil.get(lang)),
            text(ymd(k.validity_last_day)).size(22),
            text(format!(
                "{}{}{left_text}",
                L::TimeLeft.get(lang),
                lang.colon()
            )),
            progress_bar(0.0..=total, gone).girth(10),
            radio(
                L::ValidityListing.get(lang),
                ValidityConvention::ListingPractice,
                Some(validity),
                Message::Validity
            )
            .size(16),
            radio(
                L::ValidityCivil.get(lang),
                ValidityConvention::CivilCode,
                Some(validity),
                Message::Validity
            )
            .size(16),
        ]
        .spacing(6);

        let mut table = column![
            row![
                text(L::FieldNo.get(lang)).width(40),
                text(L::FieldName.get(lang)).width(FillPortion(5)),
                text(L::FieldMode.get(lang)).width(FillPortion(1)),
                text(L::State.get(lang)).width(FillPortion(3)),
            ]
            .spacing(8)
        ]
        .spacing(6);
        for item in &ctx.cat.items {
            let (state, attention) = ctx.handover_state(item);
            table = table.push(
                row![
                    text(item.no.to_string()).width(40),
                    text(item.name.as_str()).width(FillPortion(5)),
                    text(item.mode.label(lang)).width(FillPortion(1)),
                    text(format!("{}{state}", if attention { "⚠ " } else { "" }))
                        .width(FillPortion(3))
                        .style(if attention {
                            style::error
                        } else {
                            style::success
                        }),
                ]
                .spacing(8),
            );
        }
        scrollable(
            column![
                row![
                    column![notice].width(FillPortion(1)),
                    column![style::card(handover)].width(FillPortion(1)),
                    column![style::card(validity_card)].width(FillPortion(1)),
                ]
                .spacing(12),
                reminder_list(ctx),
                style::heading(L::ItemsTable.get(lang)),
                style::card(table),
            ]
            .spacing(12)
            .padding(iced::Padding::ZERO.right(12)),
        )
        .height(Fill)
        .into()
    }
}

/// The reminders (overdue handovers, validity ending), or nothing.
fn reminder_list<'a>(ctx: &Ctx<'a>) -> Element<'a, Message> {
    let due = delegation_law::reminders::reminders(ctx.cat, ctx.key, ctx.recorded, ctx.today);
    if due.is_empty() {
        return column![].into();
    }
    let mut col = column![style::heading(L::Reminders.get(ctx.lang))].spacing(4);
    for r in due {
        col = col.push(
            text(format!(
                "⚠ {}",
                delegation_words::report::reminder(ctx.lang, ctx.cat, &r)
            ))
            .style(style::warning),
        );
    }
    style::card(col)
}
