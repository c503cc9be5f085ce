//! How the batch screen draws its table, a row's card and the lines above them (split from
//! `batch.rs`, which keeps the state and `update`).

use iced::widget::{Id, Space, button, column, container, pick_list, row, scrollable, text};
use iced::{Element, Fill, FillPortion, Length};

use super::{
    Batch, DateSource, Message, NARROW_WIDTH, ROW_HEIGHT, RowRef, SortKey, TABLE_ID, WIDE_WIDTH,
};
use crate::gui::screen::router::{decision_card, outcome_style};
use crate::gui::screen::{Choice, Ctx, ymd};
use crate::gui::style;
use crate::gui::wrap::clipped;
use delegation_files::register::Column;
use delegation_law::report::BatchColumn;
use delegation_law::router::Outcome;
use delegation_words::dates::item_no;
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::{self, L};

impl Batch {
    /// The table, the open card beside it, or (in a narrow window) the card alone.
    pub(super) fn body<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
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
    pub(super) fn row_card<'a>(&self, i: usize, lang: Lang) -> Element<'a, Message> {
        match self.row(i) {
            Some(RowRef::App(a)) => {
                let Some(d) = self.decision(a) else {
                    return text("—").into();
                };
                let notices = self.router().is_some_and(|r| r.several_notices());
                let notice = d.notice.clone();
                let card = decision_card(
                    d,
                    lang,
                    self.copied,
                    Message::Copy,
                    Message::Slip,
                    false,
                    notices,
                );
                // The row's facts above its decision, in the slip's words (issue 29, finding
                // 14: the card showed the decision but not the received date, kV, count…).
                let Some(app) = self.application(a) else {
                    return card;
                };
                let embedded = delegation_law::catalogue::Catalogue::embedded();
                let cat = match self.router() {
                    Some(r) if notices => r.table_of(&notice, app.item),
                    _ => embedded,
                };
                let facts = report::application_facts(lang, cat, app)
                    .into_iter()
                    .skip(1) // the id, which the card's heading already says
                    .map(|(label, value)| format!("{label}{}{value}", lang.colon()))
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; "));
                let others = self.same_id_rows(i);
                let same_id = (!others.is_empty()).then(|| {
                    text(ui::same_id(lang, &others))
                        .size(13)
                        .style(style::warning)
                });
                column![text(facts).size(13)]
                    .push(same_id)
                    .push(card)
                    .spacing(4)
                    .into()
            }
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
    pub(super) fn dates_line<'a>(&self, ctx: &Ctx<'a>) -> Element<'a, Message> {
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
    pub(super) fn filters<'a>(&self, lang: Lang) -> Element<'a, Message> {
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
            clipped(
                pick_list(options, selected, |c: Choice<Outcome>| Message::Filter(
                    c.value
                ))
                .text_size(13)
            ),
        ]
        .spacing(6)
        .align_y(iced::Center)
        .into()
    }

    pub(super) fn table_view<'a>(&'a self, ctx: &Ctx<'a>, compact: bool) -> Element<'a, Message> {
        let lang = ctx.lang;
        // A narrow window (1024 px at 1.6×) leaves out the in-whose-name column (it is in the
        // card), so that the outcome keeps a line of its own and the rows are not cut.
        let narrow = ctx.width < NARROW_WIDTH;
        // Four columns wide enough for 管委会 at 1.6×: the id with the item under it, the
        // outcome with the approving body, in whose name, the deciding finding.
        const W: [u16; 4] = [2, 4, 3, 5];
        let heading = |label: String, key: Option<SortKey>, w: u16| -> Element<'a, Message> {
            // ▲ ascending, ▼ descending, as a spreadsheet marks them.
            let t = text(match key {
                Some(k) if k == self.sort && self.descending => format!("{label} ▼"),
                Some(k) if k == self.sort => format!("{label} ▲"),
                _ => label,
            })
            .size(13)
            .style(style::muted);
            match key {
                Some(k) => button(t)
                    .on_press(Message::Sort(k))
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
            (!compact && !narrow)
                .then(|| heading(BatchColumn::InNameOf.label(lang).to_string(), None, W[2])),
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
                c.push(self.table_row(i, lang, compact, narrow, W))
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
    pub(super) fn table_row<'a>(
        &self,
        i: usize,
        lang: Lang,
        compact: bool,
        narrow: bool,
        w: [u16; 4],
    ) -> Element<'a, Message> {
        let (id, sub, outcome, body, name, finding) = match self.row(i) {
            Some(RowRef::App(a)) => {
                let Some(d) = self.outline(a) else {
                    return text("—").into();
                };
                // The item only: the received date is in the card, and in the finding where
                // it decides.
                let sub = self
                    .application(a)
                    .map_or(String::new(), |a| item_no(lang, a.item));
                let body = match (d.outcome, d.approving_body.as_deref()) {
                    // Narrow: the outcome's words name the body already, but for the unit
                    // it stays with.
                    _ if narrow && d.outcome != Outcome::OriginalUnit => String::new(),
                    (Outcome::NotDelegated, _) => L::NotDelegatedShort.get(lang).to_string(),
                    (_, Some(b)) => format!("{}{}{b}", L::ApprovingBody.get(lang), lang.colon()),
                    (_, None) => String::new(),
                };
                let finding = d.finding(lang);
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
        .push((!compact && !narrow).then(|| text(name).size(13).width(FillPortion(w[2]))))
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

/// What each column of a register takes: the template's explanation sheet, on screen.
pub(super) fn columns_help<'a>(lang: Lang) -> Element<'a, Message> {
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
